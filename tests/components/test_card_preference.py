"""A question intent gives way to an answer card only when the card is sure and no opleiding is named."""
from pathlib import Path

import pytest
import yaml
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


def fallen_back(text, ranking):
    """A message NLU fell back on, with the intents' ranking (card questions are nlu_fallback too)."""
    return Message(data={"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.8},
                         "intent_ranking": [{"name": name, "confidence": c} for name, c in ranking]})


@pytest.fixture
def giving_back():
    return CardPreference({"intents": {"ask_costs": ["geld", "kosten"], "ask_job_prospects": ["kansen"]},
                           "threshold": 0.5, "give_back": 0.1, "keep": ["ask_job_prospects"]})


def test_after_a_fallback_an_unsure_card_on_the_best_intents_topic_gives_the_answer_back(giving_back):
    question = "hoeveel kost het allemaal"
    best = api.rank_kaarten(question, limit=1)[0]
    assert best.kaart.onderwerp in ("geld", "kosten") and best.score < 0.5  # the premise

    [result] = giving_back.process([fallen_back(question, [("nlu_fallback", 0.8), ("ask_costs", 0.15)])])

    assert result.get("intent") == {"name": "ask_costs", "confidence": 0.15}


def test_an_unsure_intent_a_sure_card_or_a_card_on_another_topic_keeps_the_fallback(giving_back):
    unsure_card, sure_card = "hoeveel kost het allemaal", "hoeveel collegegeld betaal je op de universiteit"
    assert api.rank_kaarten(sure_card, limit=1)[0].score >= 0.5  # the premise
    kept = [fallen_back(unsure_card, [("nlu_fallback", 0.9), ("ask_costs", 0.05)]),
            fallen_back(sure_card, [("nlu_fallback", 0.8), ("ask_costs", 0.15)]),
            fallen_back(QUESTION, [("nlu_fallback", 0.8), ("ask_costs", 0.15)]),
            fallen_back(unsure_card, [("nlu_fallback", 0.8), ("greet", 0.15)])]

    assert [m.get("intent")["name"] for m in giving_back.process(kept)] == ["nlu_fallback"] * 4


def test_a_kept_intent_is_not_replaced_by_a_card(giving_back):
    assert api.rank_kaarten(QUESTION, limit=1)[0].kaart.onderwerp != "kansen"  # the premise

    [result] = giving_back.process([message(QUESTION, "ask_job_prospects")])

    assert result.get("intent")["name"] == "ask_job_prospects"


def test_without_any_possible_card_a_fair_guess_answers_instead_of_begreep_niet():
    preference = CardPreference({"intents": {}, "give_back_without_card": 0.4, "no_card": 0.1})
    nonsense = "qwxz vbnm"
    assert api.rank_kaarten(nonsense, limit=1)[0].score < 0.1  # the premise: no card is possible

    fair, weak = preference.process([fallen_back(nonsense, [("nlu_fallback", 0.6), ("greet", 0.45)]),
                                     fallen_back(nonsense, [("nlu_fallback", 0.6), ("greet", 0.3)])])

    assert (fair.get("intent")["name"], weak.get("intent")["name"]) == ("greet", "nlu_fallback")


def about(text, entities, ranking):
    fallen = fallen_back(text, ranking)
    fallen.set("entities", [{"entity": e, "value": v} for e, v in entities])
    return fallen


def test_a_fallback_about_work_after_a_named_opleiding_goes_to_the_job_prospects_intent():
    preference = CardPreference({"intents": {}, "about_work": "ask_job_prospects", "sure": 0.4})
    question = "qwxz vbnm, vind je met fysiotherapie straks werk of word je werkloos?"
    assert api.rank_kaarten(question, limit=1)[0].score < 0.4  # the premise: no sure card
    ranking = [("nlu_fallback", 0.9), ("greet", 0.05), ("ask_job_prospects", 0.01)]

    named, unnamed, unknown, not_work = preference.process([
        about(question, [("opleiding", "fysiotherapie")], ranking),
        about(question, [], ranking),
        about(question, [("opleiding", "mbo-instellingen")], ranking),
        about("qwxz vbnm fysiotherapie", [("opleiding", "fysiotherapie")], ranking)])

    assert named.get("intent") == {"name": "ask_job_prospects", "confidence": 0.01}
    assert [m.get("intent")["name"] for m in (unnamed, unknown, not_work)] == ["nlu_fallback"] * 3


def test_a_sure_card_answers_a_question_about_work_itself():
    preference = CardPreference({"intents": {}, "about_work": "ask_job_prospects", "sure": 0.4})
    question = "wat betekent kansrijk eigenlijk bij de zorg, is dat kans op werk?"
    assert api.rank_kaarten(question, limit=1)[0].score >= 0.4  # the premise

    [result] = preference.process([about(question, [("sector", "zorg_welzijn")],
                                         [("nlu_fallback", 0.9), ("ask_job_prospects", 0.05)])])

    assert result.get("intent")["name"] == "nlu_fallback"


def test_the_card_thresholds_are_the_card_actions():
    from actions.cards import POSSIBLE, SURE
    pipeline = yaml.safe_load((Path(__file__).resolve().parents[2] / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    settings = next(c for c in pipeline if c["name"].endswith("CardPreference"))
    assert (settings["no_card"], settings["sure"]) == (POSSIBLE, SURE)
