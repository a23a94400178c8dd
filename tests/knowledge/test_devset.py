"""The dev set measures words nobody on the team wrote: none of it may leak into NLU data or card examples,
not even nearly (a near copy would measure the team's own phrasing again)."""
from __future__ import annotations

from pathlib import Path

import yaml
from rapidfuzz import fuzz, process
from rasa.shared.nlu.training_data.loading import load_data

from knowledge import api
from knowledge.text import normalize

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "tests" / "devset" / "questions.yml"
FRESH = ROOT / "tests" / "devset" / "fresh.yml"
NEAR_COPY = 90  # rapidfuzz ratio: "is studiefinanciering een gift of (een) lening" is 95
MIN_WORDS = 4  # fresh.yml also holds role statements ("ik ben ouder") that the product must know


def devset_items() -> list[dict]:
    return yaml.safe_load(DEVSET.read_text(encoding="utf-8"))["items"]


def unseen_texts() -> list[str]:
    """The dev set's questions and the fresh questions of tests/devset/fresh.yml."""
    fresh = [turn["user"] for case in yaml.safe_load(FRESH.read_text(encoding="utf-8"))["cases"]
             for turn in case["turns"]]
    texts = [normalize(item["text"]) for item in devset_items()] + [normalize(text) for text in fresh]
    return [text for text in texts if len(text.split()) >= MIN_WORDS]


def near_copies(pool: list[str]) -> list[tuple[str, str]]:
    unseen = unseen_texts()
    scores = process.cdist(unseen, pool, scorer=fuzz.ratio, score_cutoff=NEAR_COPY, workers=1)
    return [(unseen[i], pool[j]) for i, j in zip(*scores.nonzero())]


def test_devset_is_large_enough_and_sourced():
    items = devset_items()
    assert len(items) >= 200
    assert all(item["url"].startswith("http") and item["persona"] in ("leerling", "ouder", "lob") for item in items)
    assert len({item["id"] for item in items}) == len(items)


def test_no_devset_question_in_nlu_training_data():
    examples = [normalize(e.get("text")) for e in load_data(str(ROOT / "nlu")).intent_examples]
    leaked = near_copies(examples)
    assert not leaked, leaked[:5]


def test_no_devset_question_in_card_examples(engine):
    leaked = near_copies([normalize(q) for q in api.kaart_vragen(engine=engine)])
    assert not leaked, leaked[:5]


def test_the_leak_check_finds_a_near_copy():
    text = unseen_texts()[0]
    assert near_copies([text + "?", "iets heel anders"]) == [(text, text + "?")]
