"""A new Rasa session every few messages (web/sessions.py) keeps the role, the slots and an active form.

A web app of the test's own, in front of the running Rasa, starts a new session every 3 messages.
"""
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.conversation.test_reflection import PROFILES
from web.retention import engine_for, export_conversation
from web.sessions import RECHECK_AFTER

pytestmark = pytest.mark.stack
ROOT = Path(__file__).resolve().parents[2]
PORT = 8108
TURNS = 3
sys.path.insert(0, str(ROOT / "scripts"))

import stack as stack_script  # noqa: E402 (the `stack` fixture starts the stack)


@pytest.fixture(scope="module")
def web(stack):
    env = {**stack_env(), "WEB_PORT": str(PORT), "RASA_SESSION_TURNS": str(TURNS)}
    process = subprocess.Popen([sys.executable, "-m", "web"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(300):
            if stack_script.is_healthy(f"{url}/healthz"):
                break
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def stack_env() -> dict:
    return stack_script.load_env()


class Pupil:
    def __init__(self, web: str) -> None:
        self.web, self.sender = web, f"test-{uuid.uuid4().hex[:12]}"

    def say(self, text: str) -> list:
        body = {"sender": self.sender, "message": text, "id": f"m-{uuid.uuid4().hex}"}
        response = requests.post(f"{self.web}/api/chat", json=body, timeout=60)
        assert response.status_code == 200, response.text
        return response.json()["messages"]

    def events(self) -> list:
        url = stack_env().get("TRACKER_DB_URL", f"sqlite:///{ROOT / '.build' / 'tracker.db'}")
        return export_conversation(engine_for(url), self.sender)

    def sessions(self) -> int:
        return sum(1 for event in self.events() if event["event"] == "session_started")

    def wait_for_sessions(self, count: int) -> None:
        for _ in range(300):
            if self.sessions() >= count:
                return
            time.sleep(0.1)
        raise AssertionError(f"{self.sender}: {self.sessions()} sessie(s), verwacht {count}")


def text_of(replies: list) -> str:
    return " ".join(reply.get("text", "") for reply in replies).lower()


def test_the_role_and_slots_survive_a_new_session(web):
    parent = Pupil(web)
    parent.say("ik ben ouder")
    parent.say("wat is de opleiding kapper")
    parent.say("wat is stapelen")
    parent.wait_for_sessions(2)
    reply = text_of(parent.say("heeft mijn zoon kans op werk met timmerman"))
    assert "uw kind" in reply, "still addressed as a parent"


def test_an_active_form_is_never_cut_and_ends_with_the_overview(web):
    pupil = Pupil(web)
    assert "vragen" in text_of(pupil.say("ik weet niet wat ik wil"))
    pupil.say("ja")
    replies = [pupil.say(answer) for answer in PROFILES["zorgzaam"]]
    assert pupil.sessions() == 1, "no new session while the reflection form was active"
    assert any(reply.get("custom", {}).get("overzicht") for reply in replies[-1]), "the form ended normally"
    for _ in range(RECHECK_AFTER):  # the check comes back this many messages after it found the form
        pupil.say("wat is stapelen")
    pupil.wait_for_sessions(2)
    last_session = pupil.events()
    last_session = last_session[max(i for i, e in enumerate(last_session) if e["event"] == "session_started"):]
    carried = {e["name"]: e["value"] for e in last_session if e["event"] == "slot"}
    assert carried.get("reflectie_status") == "klaar", carried
    assert carried.get("r_bezigheden") == "oppassen op mijn nichtje", "the answers are carried over"
