"""Which ranks answer cards better on the dev set: our classifier (knowledge.retrieval) or Rasa's ResponseSelector?

Trains a small NLU model in a temporary folder: the card examples as retrieval intents `kaart/<id>`,
featurized like our pipeline (lemmas, character 2-4-grams), with Rasa's ResponseSelector. Then ranks
the dev split's questions that have a card as expected answer with both, and prints top-1 and top-3
accuracy and the time per question. A benchmark, not a test (about 5 minutes on 2 cores).
Usage: python scripts/compare_card_rankers.py
"""
from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from knowledge import api  # noqa: E402
from scripts.eval_dev import load_items  # noqa: E402

CONFIG = {
    "recipe": "default.v1", "language": "nl", "assistant_id": "kaarten-vergelijking",
    "pipeline": [
        {"name": "SpacyNLP", "model": str(ROOT / ".build" / "spacy-nl")},
        {"name": "SpacyTokenizer"},
        {"name": "CountVectorsFeaturizer", "use_lemma": True},
        {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 2, "max_ngram": 4},
        {"name": "ResponseSelector", "retrieval_intent": "kaart", "epochs": 100},
    ],
    "policies": [],
}


def train(folder: Path) -> Path:
    cards = list(api._cards(api.default_engine()).values())
    nlu = {"version": "3.1", "nlu": [
        {"intent": f"kaart/{card.id}", "examples": "".join(f"- {q}\n" for q in (card.titel, *card.vragen))}
        for card in cards
    ]}
    domain = {"version": "3.1", "intents": ["kaart"],
              "responses": {f"utter_kaart/{card.id}": [{"text": card.titel}] for card in cards}}
    (folder / "nlu.yml").write_text(yaml.safe_dump(nlu, allow_unicode=True), encoding="utf-8")
    (folder / "domain.yml").write_text(yaml.safe_dump(domain, allow_unicode=True), encoding="utf-8")
    (folder / "config.yml").write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    print("[vergelijking] ResponseSelector trainen ...", flush=True)
    subprocess.run([sys.executable, "-m", "rasa", "train", "nlu", "--config", "config.yml", "--nlu", "nlu.yml",
                    "--domain", "domain.yml", "--out", "models", "--fixed-model-name", "kaarten"],
                   cwd=folder, check=True, capture_output=True)
    return folder / "models" / "kaarten.tar.gz"


def score(name: str, ranked: list[list[str]], items: list[dict], seconds: float) -> None:
    top1 = sum(r[0] in item["expected"] for r, item in zip(ranked, items))
    top3 = sum(bool(set(r[:3]) & set(item["expected"])) for r, item in zip(ranked, items))
    n = len(items)
    print(f"{name:<22} top-1 {100 * top1 / n:5.1f} %   top-3 {100 * top3 / n:5.1f} %   "
          f"{1000 * seconds / n:6.2f} ms per vraag")


async def main() -> None:
    from rasa.core.agent import Agent

    items = [i for i in load_items("dev") if any(not e.startswith("intent:") and e != "none" for e in i["expected"])]
    started = time.perf_counter()
    ours = [[hit.kaart.id for hit in api.rank_kaarten(item["text"], limit=3)] for item in items]
    ours_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        agent = Agent.load(str(train(Path(folder))))
        started = time.perf_counter()
        theirs = []
        for item in items:
            parsed = await agent.parse_message(item["text"])
            ranking = parsed["response_selector"]["kaart"]["ranking"]
            theirs.append([r["intent_response_key"].split("/", 1)[1] for r in ranking[:3]])
        theirs_s = time.perf_counter() - started
    print(f"\n{len(items)} vragen uit de dev-split met een kaart als verwacht antwoord")
    score("classifier (knowledge)", ours, items, ours_s)
    score("ResponseSelector", theirs, items, theirs_s)


if __name__ == "__main__":
    asyncio.run(main())
