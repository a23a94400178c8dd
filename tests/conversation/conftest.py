"""Talking to the running stack over Rasa's REST channel (the `stack` fixture is in tests/conftest.py)."""
import uuid

import pytest
import requests

REST_URL = "http://localhost:5005/webhooks/rest/webhook"


class Conversation:
    """One user talking to the bot over Rasa's REST channel."""

    def __init__(self) -> None:
        self.sender = f"test-{uuid.uuid4().hex[:12]}"

    def say(self, text: str) -> list:
        response = requests.post(REST_URL, json={"sender": self.sender, "message": text}, timeout=30)
        response.raise_for_status()
        return response.json()

    def say_text(self, text: str) -> str:
        """All text and button titles the bot sent back, joined, lower-cased."""
        parts = []
        for message in self.say(text):
            parts.append(message.get("text", ""))
            parts.extend(button["title"] for button in message.get("buttons", []))
        return " ".join(parts).lower()


@pytest.fixture
def conversation(stack) -> Conversation:
    return Conversation()
