"""The answer cards written for issue 19 (admission, dates, money), in stelsel.yaml and in praktisch.yaml: their
sources are readable pages with a link, at least one read on a known date, and amounts only where a source gives
them."""
from __future__ import annotations

import csv
import re

import pytest
import yaml

from knowledge.config import DATA_DIR

JE = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)
U = re.compile(r"\b(u|uw)\b", re.IGNORECASE)
FILES = ("aanmelden.yaml", "toelating.yaml", "geld.yaml", "stelsel.yaml", "praktisch.yaml")
BRONNEN = {row["id"]: row for row in csv.DictReader((DATA_DIR / "bronnen.csv").open(encoding="utf-8"))}
CARDS = [card for name in FILES for card in yaml.safe_load((DATA_DIR / "kaarten" / name).read_text(encoding="utf-8"))]


@pytest.mark.parametrize("card", CARDS, ids=[card["id"] for card in CARDS])
def test_card_sources_are_readable_pages_with_a_date_read(card):
    sources = [BRONNEN[source["bron_id"]] for source in card["bronnen"]]
    assert all(source["url"].startswith("http") for source in sources)
    assert any(source["gelezen"] for source in sources), "at least one source read on a known date"
    assert all(source["periode"] and source["regio"] for source in card["bronnen"])


@pytest.mark.parametrize("card", CARDS, ids=[card["id"] for card in CARDS])
def test_card_speaks_to_pupils_and_parents_and_has_example_questions(card):
    leerling, ouder = card["antwoord"]["leerling"], card["antwoord"]["ouder"]
    assert JE.search(leerling) and not U.search(leerling)
    assert U.search(ouder) and not JE.search(ouder)
    assert len(card["vragen"]) >= 6 and len(set(card["vragen"])) == len(card["vragen"])


def test_money_cards_name_no_amount():
    """The sources give no amount for this school year: rules and duo.nl, no euros."""
    money = [card for card in CARDS if card["onderwerp"] == "geld"]
    assert money and all("€" not in text and "duo.nl" in text
                         for card in money for text in card["antwoord"].values())
