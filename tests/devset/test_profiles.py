"""The pupil-profile dev set: well-formed, split the same way every time, and never copied into the
NLU data or the knowledge base (the benchmark would then measure memory, not understanding)."""
import csv
import re
from collections import Counter

import pytest

from knowledge.config import DATA_DIR
from knowledge.text import normalize
from scripts.eval_profiles import ROOT, load, split

SCHOOLTYPES = {"vmbo-basis", "vmbo-kader", "vmbo-gl", "vmbo-tl", "havo", "vwo"}
SHINGLE = 6  # this many words of a profile in a row count as a copy


@pytest.fixture(scope="module")
def items():
    return load()


def test_profiles_are_complete(items):
    families = {row["id"] for row in csv.DictReader((DATA_DIR / "families.csv").open(encoding="utf-8"))}
    assert len(items) >= 40
    assert len({i["id"] for i in items}) == len(items), "ids are unique"
    for item in items:
        assert item["text"].strip() and item["schooltype"] in SCHOOLTYPES, item["id"]
        assert item["how"] in ("quote", "paraphrase") and re.match(r"https?://", item["url"]), item["id"]
        assert item["families"] and set(item["families"]) <= families, item["id"]


def test_a_third_is_held_back_by_id(items):
    held = Counter(split(i["id"]) for i in items)["held"]
    assert 0.25 <= held / len(items) <= 0.4
    assert [split(i["id"]) for i in items] == [split(i["id"]) for i in load()], "same split every run"


def shingles(text):
    words = normalize(text).split()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def test_no_profile_text_in_nlu_or_knowledge_data(items):
    files = [p for folder in (ROOT / "nlu", DATA_DIR) for p in folder.rglob("*")
             if p.is_file() and p.suffix in (".yml", ".yaml", ".csv", ".txt", ".md", ".json")]
    corpus = " ".join(normalize(p.read_text(encoding="utf-8", errors="ignore")) for p in files)
    copied = sorted(i["id"] for i in items if any(s in corpus for s in shingles(i["text"])))
    assert copied == []


def test_the_copy_check_would_notice_a_copy(items):
    sentence = items[0]["text"]
    assert any(s in " ".join(normalize(f"intro: {sentence} (meer)").split()) for s in shingles(sentence))
