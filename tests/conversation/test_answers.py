"""Realistic questions from pupils, parents and LOB staff, over the REST channel.

Expected facts are read from the knowledge base, never typed into the test.
"""
import re

import pytest

from knowledge import api
from tests.wording import ADDRESSES_AS_JE

pytestmark = pytest.mark.stack


def current_collegegeld():
    known = next(k for k in api.kosten("collegegeld") if k.onderwijs == "hbo" and k.zeker)
    return f"{known.bedrag_eur:,.0f}".replace(",", "."), known.schooljaar


def source_cited(reply: str) -> bool:
    return bool(re.search(r"(seor|panteia|roa|duo|s-bb|rijksoverheid|kiesmbo|studiekeuze123|seed \d{3})", reply))


# (question, words that must all be in the answer). One fresh pupil conversation each.
PUPIL_QUESTIONS = [
    ("wat is de opleiding kapper", ["kapper", "mbo-opleiding", "niveau"]),
    ("vertel eens over de opleiding timmerman", ["timmerman", "niveau"]),
    ("wat doe je bij autotechniek", ["niveau"]),
    ("wat is het verschil tussen bol en bbl", ["bol", "bbl", "leerbedrijf"]),
    ("bol of bbl wat is beter", ["bbl"]),
    ("wat is stapelen", ["stapelen"]),
    ("wat is een startkwalificatie", ["startkwalificatie", "niveau 2"]),
    ("hoeveel niveaus heeft het mbo", ["niveau"]),
    ("wat is een orientatiejaar", ["oriëntatie"]),
    ("welke profielen zijn er op de havo", ["profiel"]),
    ("wat kan ik na de havo doen", ["hbo"]),
    ("kan ik met vwo naar de universiteit", ["wo"]),
    ("ik zit op vmbo kader wat kan ik daarna", ["mbo niveau 4"]),
    ("kan ik van mbo 4 naar het hbo", ["hbo"]),
    ("welke opleidingen hebben goede kansen op werk", ["zorg en welzijn", "techniek"]),
    ("wat heb je nodig voor de pabo", ["havo"]),
    ("wat heb ik nodig om geneeskunde te studeren", ["vwo"]),
    ("ben jij een echt mens", ["chatbot, geen mens"]),
    ("ik wil met een echt persoon praten", ["decaan"]),
    ("welke opleidingen lijken op kapper", ["lijken", "jij beslist"]),
    ("ik wil stoppen met school", ["mentor", "vertrouwenspersoon"]),
    ("ik weet niet wat ik wil", ["normaal", "vragen"]),
]


@pytest.mark.parametrize("question, expected", PUPIL_QUESTIONS)
def test_pupil_question(conversation, question, expected):
    reply = conversation.say_text(question)
    for word in expected:
        assert word in reply, f"{question!r}: {word!r} missing in {reply!r}"


def test_figures_always_come_with_a_source(conversation):
    reply = conversation.say_text("welke opleidingen hebben goede kansen op werk")
    assert source_cited(reply)
    assert "bij je past" in reply or "leuk vindt" in reply


def test_pupil_is_asked_what_they_expect_before_the_figure(conversation):
    question = conversation.say_text("heb ik kans op werk met economie")
    assert "wat denk je" in question
    reply = conversation.say_text("grote kans")
    assert source_cited(reply)
    assert "lastiger" in reply, "economie is often overestimated (rule LM6)"
    assert "prognoses veranderen" in reply


def test_context_carries_over_to_costs(conversation):
    conversation.say_text("wat is de opleiding kapper")
    reply = conversation.say_text("en wat kost dat?")
    lesgeld = api.kosten("lesgeld")[0]
    assert lesgeld.uitleg.lower()[:40] in reply


def test_a_question_about_where_to_go_keeps_the_school_the_child_is_in(conversation):
    """'lesgeld op het mbo' does not make the child an mbo student: prospects stay about the mbo."""
    conversation.say("ik ben vader van een zoon in 3 vmbo kader")
    conversation.say_text("moet mijn kind straks lesgeld betalen op het mbo?")
    reply = conversation.say_text("heeft mijn zoon kans op werk in de techniek")
    assert "in het mbo" in reply and "in het hbo" not in reply, reply


PARENT_QUESTIONS = [
    ("wat kost een hbo opleiding", ["duo.nl"]),
    ("hoeveel collegegeld betaal je op de universiteit", ["collegegeld"]),
    ("moet mijn zoon lesgeld betalen op het mbo", ["18 jaar", "lesgeld"]),
    ("wat kost de bbl voor mijn dochter", ["cursusgeld"]),
    ("welke kosten zijn er nog naast het lesgeld, zoals boeken", ["boeken"]),
    ("heeft mijn zoon kans op werk met timmerman", ["prognoses veranderen", "uw kind"]),
    ("is er werk in de zorg", ["zorg"]),
    ("wat is het verschil tussen mbo en havo", ["jullie kiezen"]),
    ("hoe kan ik mijn kind helpen kiezen, wat zegt onderzoek over ouders", ["ouders"]),
    ("ik wil graag iemand spreken over mijn kind", ["decaan"]),
]


@pytest.mark.parametrize("question, expected", PARENT_QUESTIONS)
def test_parent_question(conversation, question, expected):
    assert " u " in f" {conversation.say_text('ik ben ouder')} "
    reply = conversation.say_text(question)
    for word in expected:
        assert word in reply, f"{question!r}: {word!r} missing in {reply!r}"


def test_parent_gets_the_last_certain_collegegeld_with_year(conversation):
    conversation.say_text("ik ben ouder")
    reply = conversation.say_text("wat is het collegegeld voor het hbo")
    amount, year = current_collegegeld()
    assert amount in reply and year in reply
    assert "duo.nl" in reply


def test_costs_question_without_school_type_asks_once(conversation):
    conversation.say_text("ik ben moeder van een leerling")
    question = conversation.say_text("wat moet mijn dochter betalen voor haar opleiding")
    assert "welk onderwijs" in question
    reply = conversation.say_text("hbo")
    assert "collegegeld" in reply and "duo.nl" in reply


def test_studiefinanciering_is_the_same_for_every_school_so_it_is_answered_at_once(conversation):
    """Before the answer cards the bot asked 'over welk onderwijs?' here first (issue 17)."""
    conversation.say_text("ik ben moeder van een leerling")
    reply = conversation.say_text("krijgt mijn dochter studiefinanciering")
    assert "welk onderwijs" not in reply
    assert "studiefinanciering" in reply and "duo.nl" in reply


STAFF_QUESTIONS = [
    ("wat zegt onderzoek over de rol van ouders bij de studiekeuze", ["seed"]),
    ("werkt sociale media voor kansrijke studiekeuzes", ["seed"]),
    ("wat weet je over ombuiggesprekken", ["seed 003"]),
    ("wat is macrodoelmatigheid", ["seed"]),
    ("wat werkt in lob volgens onderzoek", ["seed"]),
    ("waarom kiezen jongeren een opleiding, welke motieven", ["seed"]),
    ("welke bronnen gebruik je", ["seor", "roa"]),
    ("welke richtingen zijn kansrijk op het hbo", ["zorg en welzijn", "seor"]),
    ("ik wil iemand spreken", ["chatbot", "bronnen"]),
]


@pytest.mark.parametrize("question, expected", STAFF_QUESTIONS)
def test_staff_question(conversation, question, expected):
    assert "bron" in conversation.say_text("ik ben decaan")
    reply = conversation.say_text(question)
    for word in expected:
        assert word in reply, f"{question!r}: {word!r} missing in {reply!r}"


@pytest.mark.parametrize("role, addressed, not_said", [
    ("ik ben ouder", " uw kind", "je decaan"),
    ("ik ben decaan", "vraag wat ik kan", "je decaan"),
    ("ik ben leerling", "je decaan", "uw kind"),
])
def test_turn_no_rule_covers_gets_the_fallback_for_that_reader(conversation, role, addressed, not_said):
    """A bare "ja" with nothing to agree to: no rule or story covers it, so the core fallback answers."""
    conversation.say_text(role)
    reply = conversation.say_text("ja")
    assert "weet even niet wat ik moet zeggen" in reply
    assert addressed in reply and not_said not in reply


@pytest.mark.parametrize("introduction", ["ik ben mentor en begeleid mijn leerlingen bij hun keuze",
                                          "als decaan help ik leerlingen kiezen"])
def test_staff_who_mention_their_pupils_are_addressed_as_staff(conversation, introduction):
    reply = conversation.say_text(introduction)
    assert "ik noem bij elk antwoord de bron" in reply and "wat je wilt" not in reply


def test_a_parent_asking_about_pay_hears_that_salaries_are_unknown(conversation):
    conversation.say_text("ik ben ouder")
    reply = conversation.say_text("wat verdient een timmerman eigenlijk?")
    assert "staat niet in mijn kennisbank" in reply and "kans op werk" in reply


def test_parent_hears_alternatives_as_their_childs_choice(conversation):
    conversation.say_text("ik ben ouder")
    reply = conversation.say_text("welke opleidingen lijken op kapper")
    assert "lijken" in reply and "uw kind beslist" in reply
    assert "jij beslist" not in reply


PARENT_SMALL_TALK = ["hoi", "hoe oud ben jij", "hoe heet je", "hoe gaat het met je", "wat kun je allemaal",
                     "wat wordt het weer morgen", "dankjewel", "doei"]


def bot_words(conversation, message: str) -> str:
    """The bot's own text, lower-cased; button titles are left out (they are what the user would say)."""
    return " ".join(m.get("text", "") for m in conversation.say(message)).lower()


def test_parent_is_not_called_je_in_small_talk(conversation):
    conversation.say_text("ik ben ouder")
    for message in PARENT_SMALL_TALK:
        text = bot_words(conversation, message)
        assert text and not ADDRESSES_AS_JE.search(text), f"{message!r}: {text!r}"


def test_parent_reflection_asks_about_their_child(conversation):
    conversation.say_text("ik ben ouder")
    offer = bot_words(conversation, "mijn zoon weet nog niet wat hij wil")
    assert "uw kind" in offer
    question = bot_words(conversation, "ja leuk")
    assert "uw kind" in question and not ADDRESSES_AS_JE.search(question)
