"""What the scaled setup (scripts/scaled.py, endpoints-scaled.yml) adds to Rasa: an atomic Redis lock store."""
