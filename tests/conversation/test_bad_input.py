"""Bad input catalogue: every case gets a clear Dutch answer, and nothing is lost or broken."""
import pytest
import requests

pytestmark = pytest.mark.stack
WEB_CHAT = "http://localhost:8000/api/chat"


def web_say(sender: str, message: str) -> requests.Response:
    return requests.post(WEB_CHAT, json={"sender": sender, "message": message}, timeout=30)


@pytest.mark.parametrize("message", ["", "   ", "\n\t "])
def test_empty_message(message):
    response = web_say("w-badinput01", message)
    assert response.status_code == 400 and "leeg" in response.json()["messages"][0]["text"]


def test_huge_message_is_refused_kindly_by_the_web_app():
    response = web_say("w-badinput02", "opleiding " * 600)
    assert response.status_code == 413 and "te lang" in response.json()["messages"][0]["text"]


def test_huge_message_straight_to_rasa_still_gets_an_answer(conversation):
    assert conversation.say("verpleegkunde " * 500), "an answer, no error"


@pytest.mark.parametrize("message", ["😀😀😀", "👍🏽🔥", "🤷"])
def test_only_emoji(conversation, message):
    assert conversation.say_text(message).strip()


@pytest.mark.parametrize("message", ["hello, can you help me choose a study?", "do you speak english",
                                     "merhaba, bana yardım eder misin", "czy mówisz po polsku"])
def test_other_languages_get_a_dutch_answer_that_says_so(conversation, message):
    reply = conversation.say_text(message)
    assert "alleen nederlands" in reply and "english" in reply


@pytest.mark.parametrize("message", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_html_is_not_echoed(conversation, message):
    replies = conversation.say(message)
    assert replies and all(message not in r.get("text", "") for r in replies)


def test_sql_in_an_entity_value_breaks_nothing(conversation):
    reply = conversation.say_text("wat is de opleiding '; DROP TABLE opleiding;--")
    assert reply.strip()
    assert "kapper" in conversation.say_text("wat is de opleiding kapper"), "the knowledge base still works"


def test_invisible_characters_are_ignored(conversation):
    assert "studiekeuze-assistent" in conversation.say_text("h\u200bo\u200bi")
    assert conversation.say_text("\u202ehoi\u202c\x00").strip()


@pytest.mark.parametrize("command", ["/restart", '/inform_role{"rol": "lob"}', "/ask_costs", "/session_start"])
def test_slash_commands_cannot_trigger_intents(conversation, command):
    conversation.say_text("ik ben ouder")
    conversation.say(command)
    reply = conversation.say_text("ik wil met een echt persoon praten")
    assert "kunt u" in reply, "still the same conversation, still a parent"


def test_rapid_repeated_messages_are_all_answered(conversation):
    replies = [conversation.say("hoi") for _ in range(10)]
    assert all(replies)


def test_unknown_opleiding(conversation):
    reply = conversation.say_text("wat is de opleiding flurbologie")
    assert "ken ik niet" in reply or "welke opleiding bedoel je" in reply


@pytest.mark.parametrize("message", ["ik wil niveau 7 doen", "ik zit op vwo en vmbo, wat kan ik daarna"])
def test_contradictory_or_impossible_facts(conversation, message):
    assert conversation.say_text(message).strip()


@pytest.mark.parametrize("message", ["stomme bot", "je bent echt dom"])
def test_swearing_gets_a_calm_answer(conversation, message):
    reply = conversation.say_text(message)
    assert "frustrerend" in reply and "decaan" in reply
