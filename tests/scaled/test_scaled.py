"""Several Rasa instances share one conversation: state in PostgreSQL, one message at a time per sender (Redis)."""
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List

import pytest

from tests.scaled.harness import ScaledSetup, texts

pytestmark = [pytest.mark.stack, pytest.mark.scaled]
BURST = 20  # messages of one sender fired at once, half at each instance


def test_conversation_alternating_between_instances_keeps_its_state(scaled: ScaledSetup, sender: str):
    first, second = scaled.instance_urls[:2]
    assert " u " in f" {texts(scaled.rest(first, sender, 'ik ben ouder'))} "
    assert scaled.tracker(sender, second)["slots"]["rol"] == "ouder", "instance 2 reads what instance 1 stored"
    assert "kunt u" in texts(scaled.rest(second, sender, "ik wil met een echt persoon praten"))
    assert "kunt u" in texts(scaled.rest(first, sender, "ik wil met een echt persoon praten"))


def test_conversation_through_nginx_keeps_its_state(scaled: ScaledSetup, sender: str):
    """nginx has no sticky sessions: consecutive messages go to different instances."""
    assert " u " in f" {texts(scaled.rest(scaled.nginx_url, sender, 'ik ben ouder'))} "
    for _ in range(len(scaled.instance_urls)):
        assert "kunt u" in texts(scaled.rest(scaled.nginx_url, sender, "ik wil met een echt persoon praten"))


def test_web_app_talks_to_nginx(scaled: ScaledSetup, sender: str):
    assert " u " in f" {scaled.web_text(sender, 'ik ben ouder')} "
    assert "kunt u" in scaled.web_text(sender, "ik wil met een echt persoon praten")


def test_messages_of_one_sender_are_never_processed_concurrently(scaled: ScaledSetup, sender: str):
    """Fired all at once at both instances, every message still gets its own turn in the tracker:
    user message, its own bot messages, action_listen, and only then the next user message."""
    messages = [f"hoi {i}" if i % 3 else f"wat is bol {i}" for i in range(BURST)]
    urls = scaled.instance_urls

    def send(i: int) -> List[Dict[str, Any]]:
        return scaled.rest(urls[i % len(urls)], sender, messages[i])

    with ThreadPoolExecutor(BURST) as pool:
        replies = dict(zip(messages, pool.map(send, range(BURST))))

    turns = user_turns(scaled.tracker(sender)["events"])
    assert sorted(text for text, _ in turns) == sorted(messages), "every message stored exactly once"
    for text, bot_texts in turns:
        assert rest_parts(bot_texts) == [m.get("text") for m in replies[text]], f"turn of {text!r} holds its own answers"


def rest_parts(bot_texts: List[str]) -> List[str]:
    """The REST channel sends a text with blank lines as one message per paragraph (Rasa's OutputChannel)."""
    return [part for text in bot_texts for part in (text.strip().split("\n\n") if text else [text])]


def user_turns(events: List[Dict[str, Any]]) -> List[tuple]:
    """(user text, bot texts) per turn; fails when a turn does not end with action_listen before the next."""
    turns: List[tuple] = []
    open_turn = False
    for event in events:
        if event["event"] == "user":
            assert not open_turn, f"user message {event['text']!r} came in before the previous turn ended"
            turns.append((event["text"], []))
            open_turn = True
        elif event["event"] == "bot" and open_turn:
            turns[-1][1].append(event.get("text"))
        elif event["event"] == "action" and event["name"] == "action_listen":
            open_turn = False
    assert not open_turn, "the last turn did not end"
    return turns
