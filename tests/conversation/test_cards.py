"""Questions no intent was made for get an answer card, "Bedoel je…?" or an honest referral (issue 17).

The questions are the issue's own examples, not the dev set (tests/devset is only measured, by
`make eval-dev`). Expected texts are read from the knowledge base, never typed into the test.
"""
import pytest
import requests

from knowledge import api
from scripts.stack import load_env
from tests.wording import ADDRESSES_AS_JE

pytestmark = pytest.mark.stack
NOT_UNDERSTOOD = "begreep ik niet"

ISSUE_QUESTIONS = [  # (role line, question, card)
    (None, "hoe helpt een meeloopdag bij kiezen?", "open-dag-meelopen"),
    (None, "is een tussenjaar slim?", "tussenjaar"),
    (None, "krijg je op het mbo ook stage?", "stage"),
    (None, "wat als ik na een half jaar merk dat mijn studie niet bij me past?", "switchen"),
    ("ik ben moeder", "mijn dochter wil naar de kunstacademie, moet ik me zorgen maken over werk?",
     "kansen-taal_cultuur"),
    ("ik ben decaan", "wat zegt onderzoek over de invloed van vrienden op de keuze?", "onderzoek-motieven"),
]


# Admission, dates and money (issue 19), asked by a pupil and by a parent: (question, cards that answer it).
ADMISSION_DATES_MONEY = [
    ("wanneer moet ik me aanmelden voor het hbo", {"aanmelden"}),
    ("kan ik met een E&M profiel psychologie studeren", {"toelating-psychologie"}),
    ("wat gebeurt er als ik niet naar de matching ga", {"studiekeuzecheck"}),
    ("ik heb geen natuurkunde, kan ik nog arts worden?", {"toelating-geneeskunde", "deficientie"}),
    ("wat is een associate degree eigenlijk", {"associate-degree"}),
    ("krijg ik stufi als ik bbl ga doen", {"studiefinanciering-basis"}),
    ("hoe lang duurt een bachelor op de uni", {"studieduur"}),
    ("welke studies hebben dit jaar een numerus fixus", {"numerus-fixus-lijst", "numerus-fixus"}),
]
PARENT_ADMISSION_DATES_MONEY = [
    ("Tot wanneer kan mijn dochter zich aanmelden voor een hbo-opleiding?", {"aanmelden"}),
    ("Kan mijn kind met C&M rechten studeren?", {"toelating-rechten-economie", "toelating-profiel"}),
    ("Is de studiekeuzecheck verplicht voor mijn zoon, en wat als het advies negatief is?", {"studiekeuzecheck"}),
    ("Mijn dochter mist wiskunde B voor haar technische studie, wat kan ze doen?",
     {"deficientie", "toelating-techniek-ict"}),
    ("Hangt de studiefinanciering van ons inkomen af?", {"studiefinanciering-basis"}),
    ("Welke vakken heeft mijn dochter nodig voor de pabo?", {"toelating-pabo"}),
]


def first_sentence(text: str) -> str:
    return text.split(". ")[0].lower()


@pytest.mark.parametrize("role, question, card_id", ISSUE_QUESTIONS)
def test_issue_questions_get_their_card_or_a_choice_with_it(conversation, role, question, card_id):
    if role:
        conversation.say(role)
    reply = conversation.say_text(question)
    card = api.kaart(card_id)
    rol = {"ik ben moeder": "ouder", "ik ben decaan": "lob"}.get(role)
    assert NOT_UNDERSTOOD not in reply
    assert first_sentence(card.antwoord(rol)) in reply or card.titel.lower() in reply, reply


def answered_or_offered(reply: str, card_ids: set, rol) -> bool:
    cards = [api.kaart(card_id) for card_id in card_ids]
    return any(first_sentence(c.antwoord(rol)) in reply or c.titel.lower() in reply for c in cards)


@pytest.mark.parametrize("question, card_ids", ADMISSION_DATES_MONEY)
def test_admission_dates_and_money_for_a_pupil(conversation, question, card_ids):
    reply = conversation.say_text(question)
    assert answered_or_offered(reply, card_ids, None), reply
    assert "seed" not in reply


@pytest.mark.parametrize("question, card_ids", PARENT_ADMISSION_DATES_MONEY)
def test_admission_dates_and_money_for_a_parent(conversation, question, card_ids):
    conversation.say("ik ben ouder")
    reply = conversation.say_text(question)
    assert answered_or_offered(reply, card_ids, "ouder"), reply
    assert not ADDRESSES_AS_JE.search(reply.split("bron:")[0]), reply


def test_card_answer_names_a_readable_source_for_a_pupil(conversation):
    reply = conversation.say_text("is een tussenjaar slim?")
    assert "bron: rijksoverheid" in reply
    assert "seed" not in reply and "algemene regel" not in reply


def test_parent_gets_the_u_form_of_a_card(conversation):
    conversation.say("ik ben vader van een zoon in 4 havo")
    reply = conversation.say_text("is een tussenjaar slim?")
    assert "uw kind" in reply
    assert not ADDRESSES_AS_JE.search(reply)


def test_staff_see_where_in_the_source(conversation):
    conversation.say("ik ben decaan")
    reply = conversation.say_text("wat betekent kansrijk eigenlijk?")
    assert "seed 000 l436-441" in reply


def test_choosing_an_offered_card_answers_it(conversation):
    """A 'Bedoel je…?' button sends the card's title; the bot then answers that card."""
    offered = [api.kaart("stage"), api.kaart("stelsel-bol")]
    token = load_env()["RASA_TOKEN"]
    requests.post(f"http://localhost:5005/conversations/{conversation.sender}/tracker/events",
                  params={"token": token}, timeout=30,
                  json=[{"event": "slot", "name": "kaart_keuzes", "value": [c.id for c in offered]}]).raise_for_status()
    reply = conversation.say_text(offered[0].titel)
    assert first_sentence(offered[0].leerling) in reply


def test_nonsense_still_asks_to_rephrase_then_points_to_the_decaan(conversation):
    assert NOT_UNDERSTOOD in conversation.say_text("qwxz vbnm plof")
    assert "decaan" in conversation.say_text("zzzz krrrt")


def test_a_doubting_pupil_gets_the_reflection_not_a_card(conversation):
    reply = conversation.say_text("ik zit in 3 vmbo kader en ik weet echt niet wat ik wil")
    assert "zullen we samen kijken" in reply and "weet even niet" not in reply
    assert "wat doe je graag" in conversation.say_text("ja leuk")


# A question intent whose own action would answer a neighbouring question gives way to a sure card
# on another topic (components/card_preference.py): (question, the intent NLU gives it, card).
CARD_OVER_INTENT = [
    ("wat kost stoppen met mijn studie", "ask_costs", "switchen"),
]


@pytest.mark.parametrize("question, intent, card_id", CARD_OVER_INTENT)
def test_a_sure_card_on_another_topic_answers_instead_of_the_intent(conversation, question, intent, card_id):
    token = load_env()["RASA_TOKEN"]
    parsed = requests.post("http://localhost:5005/model/parse", params={"token": token}, json={"text": question},
                           timeout=30).json()
    # the premise: the intent classifier itself was sure of another kind of question
    assert parsed["intent_ranking"][0]["name"] == intent and parsed["intent_ranking"][0]["confidence"] >= 0.6
    assert parsed["intent"]["name"] == "nlu_fallback"
    reply = conversation.say_text(question)
    assert first_sentence(api.kaart(card_id).leerling) in reply, reply


def test_a_message_it_cannot_place_gets_the_site_for_the_pupils_school(conversation):
    conversation.say("ik doe mbo niveau 3")
    reply = conversation.say_text("qwerty asdf")
    kiesmbo = next(v for v in api.verwijzingen() if v.id == "kiesmbo")
    assert NOT_UNDERSTOOD in reply and kiesmbo.url in reply, reply


def test_a_question_about_work_after_a_named_opleiding_gets_its_prospects(conversation):
    conversation.say("ik ben moeder")
    reply = conversation.say_text("is fysiotherapie nu een riskante studie qua baankansen?")
    named = api.find_opleidingen("fysiotherapie", limit=1)[0].opleiding
    assert NOT_UNDERSTOOD not in reply and named.naam.lower() in reply and "podotherapie" not in reply, reply
