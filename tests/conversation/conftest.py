"""Start the real stack (actions, Rasa, web) once for all conversation tests."""
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
REST_URL = "http://localhost:5005/webhooks/rest/webhook"
STACK = [sys.executable, str(ROOT / "scripts" / "stack.py")]


def stack_is_up() -> bool:
    try:
        return requests.get("http://localhost:8000/healthz", timeout=2).ok and requests.get(
            "http://localhost:5055/health", timeout=2
        ).ok and requests.get("http://localhost:5005/", timeout=2).ok
    except requests.RequestException:
        return False


@pytest.fixture(scope="session")
def stack():
    """Reuse a running stack, or start one (training first if the model is stale) and stop it after."""
    if stack_is_up():
        yield
        return
    model = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "model.py")], cwd=ROOT, check=True,
        capture_output=True, text=True,
    ).stdout.strip()
    subprocess.run(STACK + ["start", model], cwd=ROOT, check=True)
    try:
        yield
    finally:
        subprocess.run(STACK + ["stop"], cwd=ROOT, check=False)


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
