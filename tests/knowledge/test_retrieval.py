"""Ranking answer cards: the best card for plain questions, and the conversation's context counts."""
from __future__ import annotations

import pytest

from knowledge import api


@pytest.mark.parametrize("question, card", [
    ("wat is bbl precies", "stelsel-bbl"),
    ("hoeveel collegegeld betaal je op de universiteit", "kosten-collegegeld"),
    ("mag ik na mijn mbo 4 diploma naar het hbo", "doorstroom-mbo-hbo"),
    ("wat zegt onderzoek over sociale media", "onderzoek-sociale_media"),
    ("heb je veel kans op werk in de zorg", "kansen-zorg_welzijn"),
    ("is een tussenjaar slim?", "tussenjaar"),
])
def test_plain_questions_find_their_card(engine, question, card):
    assert api.rank_kaarten(question, engine=engine)[0].kaart.id == card


def test_hits_are_sorted_and_limited(engine):
    hits = api.rank_kaarten("wat kost studeren", limit=4, engine=engine)
    assert len(hits) == 4
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_context_of_the_conversation_ranks_cards_about_it_first(engine):
    question = "en wat kan ik daarna gaan doen?"
    after_mbo2 = [h.kaart.id for h in api.rank_kaarten(question, {"niveau": ["mbo2"]}, limit=100, engine=engine)]
    after_havo = [h.kaart.id for h in api.rank_kaarten(question, {"schooltype": ["havo"]}, limit=100, engine=engine)]
    assert after_mbo2.index("route-mbo2") < after_mbo2.index("route-havo")
    assert after_havo.index("route-havo") < after_havo.index("route-mbo2")


def test_what_the_message_says_wins_over_the_context(engine):
    hits = api.rank_kaarten("wat kan ik na de havo", {"niveau": ["mbo2"]}, engine=engine)
    assert hits[0].kaart.id == "route-havo"


def test_nonsense_scores_low(engine):
    assert api.rank_kaarten("qwxz vbnm", engine=engine)[0].score < 0.2


def test_scores_are_probabilities_and_an_excluded_card_gives_its_share_to_the_others(engine):
    question = "kan mijn zoon met havo naar de universiteit?"
    every = api.rank_kaarten(question, limit=1000, engine=engine)
    without = api.rank_kaarten(question, limit=1000, exclude=(every[0].kaart.id,), engine=engine)
    assert sum(h.score for h in every) == pytest.approx(1.0)
    assert every[0].kaart.id not in [h.kaart.id for h in without if h.score > 0]
    assert without[0].kaart.id == every[1].kaart.id
    assert without[0].score > every[1].score
