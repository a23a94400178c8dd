"""The dev set measures words nobody on the team wrote: none of it may leak into NLU data or card examples."""
from __future__ import annotations

from pathlib import Path

import yaml

from knowledge import api
from knowledge.text import normalize

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "tests" / "devset" / "questions.yml"


def devset_texts() -> list[str]:
    return [normalize(item["text"]) for item in yaml.safe_load(DEVSET.read_text(encoding="utf-8"))["items"]]


def test_devset_is_large_enough_and_sourced():
    items = yaml.safe_load(DEVSET.read_text(encoding="utf-8"))["items"]
    assert len(items) >= 200
    assert all(item["url"].startswith("http") and item["persona"] in ("leerling", "ouder", "lob") for item in items)
    assert len({item["id"] for item in items}) == len(items)


def test_no_devset_question_in_nlu_training_data():
    nlu = normalize(" ".join(path.read_text(encoding="utf-8") for path in (ROOT / "nlu").rglob("*.yml")))
    leaked = [text for text in devset_texts() if text in nlu]
    assert not leaked, leaked[:5]


def test_no_devset_question_in_card_examples(engine):
    examples = {normalize(q) for card in api._cards(engine).values() for q in card.vragen}
    leaked = [text for text in devset_texts() if text in examples]
    assert not leaked, leaked[:5]
