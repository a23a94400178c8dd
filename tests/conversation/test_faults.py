"""Faults with the real processes: the action server or Rasa goes down, and comes back."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.stack
ROOT = Path(__file__).resolve().parents[2]


def stop_service(name: str) -> None:
    pid = int((ROOT / ".build" / "run" / f"{name}.pid").read_text())
    os.killpg(pid, signal.SIGTERM)
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except OSError:
            return
        time.sleep(0.1)


def start_missing_services() -> None:
    model = subprocess.run([sys.executable, str(ROOT / "scripts" / "model.py"), "--path-only"],
                           capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, str(ROOT / "scripts" / "stack.py"), "start", model], cwd=ROOT, check=True)


def web_say(sender: str, message: str) -> str:
    response = requests.post("http://localhost:8000/api/chat", json={"sender": sender, "message": message},
                             timeout=60)
    return " ".join(m.get("text", "") for m in response.json()["messages"]).lower()


def test_action_server_down_gives_a_friendly_answer_and_recovers(stack):
    stop_service("actions")
    try:
        assert "even niet beantwoorden" in web_say("w-fault-actions1", "wat is de opleiding kapper")
    finally:
        start_missing_services()
    assert "kapper" in web_say("w-fault-actions1", "wat is de opleiding kapper")


def test_conversation_continues_after_rasa_restarts(stack):
    assert " u " in f" {web_say('w-fault-rasa0001', 'ik ben ouder')} "
    stop_service("rasa")
    try:
        assert "niet bereikbaar" in web_say("w-fault-rasa0001", "wat kost een hbo opleiding")
    finally:
        start_missing_services()
    reply = web_say("w-fault-rasa0001", "ik wil met een echt persoon praten")
    assert "kunt u" in reply, "the tracker store kept the role: still a parent"
