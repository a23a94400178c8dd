"""The website side of the assistant: chat page (and later the LOB pages), on port 8000."""
