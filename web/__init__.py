"""The website side of the assistant, on port 8000: chat page and endpoint, staff pages under /lob, privacy requests."""
