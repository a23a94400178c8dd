"""First conversation over the REST channel against the running stack."""
import pytest
import requests

pytestmark = pytest.mark.stack


def test_greeting_is_answered_in_dutch(conversation):
    reply = conversation.say_text("hoi")
    assert "studiekeuze-assistent" in reply
    assert "opleiding" in reply


def test_bot_is_honest_about_being_a_bot(conversation):
    assert "chatbot, geen mens" in conversation.say_text("ben jij een echt mens?")


def test_help_offers_example_questions_as_buttons(conversation):
    messages = conversation.say("wat kun je allemaal")
    buttons = [b for m in messages for b in m.get("buttons", [])]
    assert 3 <= len(buttons) <= 4
    assert all(b["payload"] == b["title"] for b in buttons), "buttons send plain text, never /intent"


def test_out_of_scope_redirects_kindly(conversation):
    reply = conversation.say_text("wat wordt het weer morgen")
    assert "niet mee helpen" in reply and "opleidingen" in reply


def test_gibberish_asks_to_rephrase_then_offers_decaan(conversation):
    first = conversation.say_text("qwpoeiruty zxmcnvb")
    second = conversation.say_text("asdfghjkl lkjhg")
    assert "anders zeggen" in first
    assert "decaan" in second


def test_goodbye_and_thanks(conversation):
    assert "graag gedaan" in conversation.say_text("dankjewel")
    assert "succes met kiezen" in conversation.say_text("doei")


def test_chat_page_and_web_endpoint(stack):
    page = requests.get("http://localhost:8000/", timeout=5)
    assert page.ok and "Studiekeuze-assistent" in page.text
    reply = requests.post(
        "http://localhost:8000/api/chat", json={"sender": "w-test12345", "message": "hallo"}, timeout=30
    )
    assert reply.ok
    assert "studiekeuze-assistent" in reply.json()["messages"][0]["text"].lower()


def test_rasa_http_api_needs_the_token(stack):
    assert requests.get("http://localhost:5005/status", timeout=5).status_code == 401
