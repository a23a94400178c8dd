"""Answer cards: generated from the data, curated cards checked like every other file."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from knowledge import api
from knowledge.cards import MIN_QUESTIONS
from knowledge.errors import DataError
from knowledge.loader import build, load_tables

CURATED = "kaarten/kiezen.yaml"


def all_cards(engine) -> list[api.Kaart]:
    return list(api._cards(engine).values())


def edit_curated(data_dir: Path, change) -> None:
    path = data_dir / CURATED
    cards = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(cards)
    path.write_text(yaml.safe_dump(cards, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_every_card_has_enough_distinct_questions(engine):
    for card in all_cards(engine):
        assert len({q.lower() for q in card.vragen}) >= MIN_QUESTIONS, card.id


def test_the_example_questions_of_all_cards_are_there_for_the_intent_classifier(engine):
    questions = api.kaart_vragen(engine=engine)
    cards = all_cards(engine)
    assert len(questions) == sum(len(card.vragen) for card in cards)
    assert set(api.kaart("deficientie", engine=engine).vragen) <= set(questions)


def test_every_card_with_a_figure_has_a_readable_source(engine):
    for card in all_cards(engine):
        if card.onderwerp == "verwijzing":  # a website, its phone number is no figure
            continue
        assert card.bronnen, card.id
        for source in card.bronnen:
            assert source.periode and source.regio, card.id
            assert "seed" not in source.bron.lower() and ".txt" not in source.bron, source.bron


def test_cards_are_generated_from_the_data(engine):
    tables = load_tables(Path(api.__file__).parent / "data")
    cards = all_cards(engine)
    ids = {card.id for card in cards} | {replaced for card in cards for replaced in card.vervangt}
    assert {f"stelsel-{o}" for o in tables["info"]["onderwerp"]} <= ids
    assert {f"route-{van}" for van in tables["route"]["van"]} <= ids
    assert {f"kansen-{s}" for s in tables["sector"]["id"]} <= ids
    assert {f"onderzoek-{t}" for t in tables["onderzoek"]["topic"]} <= ids
    bbl = api.kaart("stelsel-bbl", engine=engine)
    assert bbl.leerling == api.route_info("bbl", engine=engine).uitleg


def test_parents_read_u_and_staff_their_own_wording(engine):
    card = api.kaart("vrije-keuze", engine=engine)
    assert re.search(r"\bjij\b|\bje\b", card.antwoord("leerling"))
    assert not re.search(r"\b(je|jij|jou|jouw)\b", card.antwoord("ouder"), re.IGNORECASE)
    assert card.antwoord("lob") != card.antwoord("leerling")
    generated = api.kaart("stelsel-bol", engine=engine)
    assert generated.antwoord("ouder") == generated.antwoord("lob") == generated.leerling


@pytest.mark.parametrize("change, message", [
    (lambda cards: cards[0].pop("bronnen"), "verplicht veld"),
    (lambda cards: cards[0]["bronnen"][0].update(bron_id="wikipedia"), "staat niet in bronnen.csv"),
    (lambda cards: cards[0]["bronnen"][0].update(periode=""), "periode"),
    (lambda cards: cards[0]["antwoord"].pop("ouder"), "leerling en voor ouder"),
    (lambda cards: cards[0].update(over={"niveau": ["mbo7"]}), "onbekende niveau"),
    (lambda cards: cards[1].update(id=cards[0]["id"]), "bestaat al"),
    (lambda cards: cards[0].update(vervangt=["bestaat-niet"]), "vervangt"),
])
def test_invalid_curated_cards_are_refused(data_copy, tmp_path, change, message):
    edit_curated(data_copy, change)
    with pytest.raises(DataError, match=message) as error:
        build(f"sqlite:///{tmp_path / 'kb.db'}", data_copy)
    assert error.value.file == CURATED


def test_a_curated_card_takes_the_place_of_a_generated_one_with_its_questions(engine):
    card = api.kaart("numerus-fixus", engine=engine)
    assert card.vervangt == ("stelsel-numerus_fixus",)
    with pytest.raises(api.NotFound):
        api.kaart("stelsel-numerus_fixus", engine=engine)
    assert "wat is een numerus fixus" in card.vragen  # written for the generated card (vragen.yaml)


def test_a_card_with_too_few_questions_is_refused(data_copy, tmp_path):
    card_id = yaml.safe_load((data_copy / CURATED).read_text(encoding="utf-8"))[0]["id"]
    edit_curated(data_copy, lambda cards: cards[0].update(vragen=cards[0]["vragen"][:3]))
    for extra in (data_copy / "kaarten").glob("vragen*.yaml"):  # only the card's own questions count here
        items = yaml.safe_load(extra.read_text(encoding="utf-8"))
        extra.write_text(yaml.safe_dump([i for i in items if i["kaart"] != card_id], allow_unicode=True),
                         encoding="utf-8")
    with pytest.raises(DataError, match=f"kaart {card_id}: 3 verschillende voorbeeldvragen"):
        build(f"sqlite:///{tmp_path / 'kb.db'}", data_copy)


def test_questions_for_an_unknown_card_are_refused(data_copy, tmp_path):
    path = data_copy / "kaarten" / "vragen.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "- kaart: bestaat-niet\n  vragen: [hoi]\n", encoding="utf-8")
    with pytest.raises(DataError, match="onbekende kaart"):
        build(f"sqlite:///{tmp_path / 'kb.db'}", data_copy)
