"""Faults in the scaled setup with the real processes: Redis or PostgreSQL goes down, and comes back."""
import pytest

from tests.scaled.harness import ScaledSetup

pytestmark = [pytest.mark.stack, pytest.mark.scaled]
KIND = ("even niet", "probeer het")  # in web/app.py NO_ANSWER and in utter_knowledge_unavailable


def kind_answer(scaled: ScaledSetup, sender: str, message: str) -> str:
    """The web app's answer: readable Dutch, never silence, no error details."""
    response = scaled.web(sender, message)
    assert response.status_code == 200, response.text
    assert not any(word in response.text for word in ("Traceback", "Error", "Exception")), response.text
    reply = " ".join(m.get("text", "") for m in response.json()["messages"]).lower()
    assert all(word in reply for word in KIND), reply
    return reply


def test_redis_down_gives_a_kind_answer_and_recovers(scaled: ScaledSetup, sender: str):
    assert " u " in f" {scaled.web_text(sender, 'ik ben ouder')} "
    scaled.stop_part("redis")
    try:
        # Without the lock store no instance handles a message: the web app says so kindly.
        kind_answer(scaled, sender, "ik wil met een echt persoon praten")
        for url in scaled.instance_urls:  # the REST channel itself: no answer, and no error shown
            assert scaled.rest(url, sender, "ik wil met een echt persoon praten") == []
    finally:
        scaled.start_missing()
    for _ in scaled.instance_urls:  # round robin: each instance in turn, the conversation kept
        assert "kunt u" in scaled.web_text(sender, "ik wil met een echt persoon praten")


def test_postgres_down_gives_a_kind_answer_and_recovers(scaled: ScaledSetup, sender: str):
    assert " u " in f" {scaled.web_text(sender, 'ik ben ouder')} "
    scaled.stop_part("postgres")
    try:
        # Rasa's fail-safe tracker store answers without the stored conversation; the knowledge
        # base cannot be read, and the action says so.
        kind_answer(scaled, sender, "wat kost een hbo opleiding")
        for url in scaled.instance_urls:  # degraded but answering, on every instance
            assert scaled.rest(url, sender, "hoi"), f"{url} gave no answer"
    finally:
        scaled.start_missing()
    # Each instance saw the outage above and dropped its dead pooled connections, so its next
    # message reads the stored conversation again (see README: the first message after an unnoticed
    # restart is answered without it).
    for _ in scaled.instance_urls:
        assert "kunt u" in scaled.web_text(sender, "ik wil met een echt persoon praten")
