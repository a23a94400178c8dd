"""A question intent gives way to an answer card only when the card is sure and no opleiding is named."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from components.card_preference import CardPreference
from knowledge import api

QUESTION = "wat moet ik regelen als ik stop met mijn studie?"


def message(text, intent, entities=()):
    return Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9},
                         "entities": [{"entity": e, "value": v} for e, v in entities]})


@pytest.fixture
def preference():
    return CardPreference({"intents": {"ask_costs": ["geld", "kosten"], "ask_opleiding_info": []}, "threshold": 0.5})


def test_a_sure_card_replaces_a_question_intent(preference):
    best = api.rank_kaarten(QUESTION, limit=1)[0]
    assert best.score >= 0.5  # the premise: one card surely answers this question

    [result] = preference.process([message(QUESTION, "ask_costs")])

    assert result.get("intent") == {"name": "nlu_fallback", "confidence": best.score}


def test_other_intents_named_opleidingen_and_unsure_cards_keep_the_intent(preference):
    kept = [message(QUESTION, "greet"),
            message(QUESTION, "ask_opleiding_info", [("opleiding", "verpleegkunde")]),
            message("qwxz vbnm", "ask_costs")]

    assert [m.get("intent")["name"] for m in preference.process(kept)] == ["greet", "ask_opleiding_info", "ask_costs"]


def test_a_card_on_the_intents_own_topic_leaves_the_answer_to_its_action(preference):
    question = "hoeveel collegegeld betaal je op de universiteit"
    best = api.rank_kaarten(question, limit=1)[0]
    assert best.score >= 0.5 and best.kaart.onderwerp == "kosten"  # the premise

    [result] = preference.process([message(question, "ask_costs")])

    assert result.get("intent")["name"] == "ask_costs"
