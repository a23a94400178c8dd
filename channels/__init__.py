"""Rasa input channels of the studiekeuze-assistent (loaded through credentials.yml)."""
