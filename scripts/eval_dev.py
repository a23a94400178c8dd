"""How well the running assistant understands questions nobody on the team wrote (`make eval-dev`).

Plays every question of tests/devset/questions.yml as the first message of a new conversation over the
REST channel (parents and staff get their role first, through Rasa's HTTP API), reads from the tracker
what the bot did, and prints per persona and topic:
- correct: it answered with an expected card or intent ("none" items: it said it does not know);
- bedoel: it offered "Bedoel je…?" buttons (useful: an expected card among them);
- begreep niet: it asked to rephrase or pointed to the decaan;
- wrong: it answered with a card or intent that was not expected.
The held-back third (split by a hash of the id) is only ever printed as totals. A benchmark, not a test.
Usage: python scripts/eval_dev.py [--split dev|holdout|all] [--show-misses]
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.stack import load_env  # noqa: E402

DEVSET = ROOT / "tests" / "devset" / "questions.yml"
RASA = "http://localhost:5005"
FALLBACK_RESPONSES = {"utter_ask_rephrase", "utter_handoff", "utter_default"}
# What "dat weet ik niet, kijk hier" sounds like: a referral card or an honest "I don't know".
HONEST_NO = {"assistent-grenzen", "utter_info_unknown", "utter_out_of_scope", "utter_opleiding_unknown"}
ROLE_OF_PERSONA = {"ouder": "ouder", "lob": "lob"}
OUTCOMES = ("correct", "bedoel", "begreep niet", "wrong")


def split_of(item_id: str) -> str:
    """'holdout' for a fixed third of the items, 'dev' for the rest."""
    return "holdout" if int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def load_items(split: str) -> list[dict]:
    items = yaml.safe_load(DEVSET.read_text(encoding="utf-8"))["items"]
    return [i for i in items if split == "all" or split_of(i["id"]) == split]


def play(item: dict, token: str) -> dict:
    """Send the question in a fresh conversation; return what the bot did in that turn."""
    sender = f"eval-{uuid.uuid4().hex[:12]}"
    role = ROLE_OF_PERSONA.get(item["persona"])
    if role:
        requests.post(f"{RASA}/conversations/{sender}/tracker/events", params={"token": token},
                      json=[{"event": "slot", "name": "rol", "value": role}], timeout=30).raise_for_status()
    requests.post(f"{RASA}/webhooks/rest/webhook", json={"sender": sender, "message": item["text"]},
                  timeout=60).raise_for_status()
    events = requests.get(f"{RASA}/conversations/{sender}/tracker", params={"token": token},
                          timeout=30).json()["events"]
    turn = events[max(i for i, e in enumerate(events) if e["event"] == "user"):]
    slots = {e["name"]: e["value"] for e in turn if e["event"] == "slot"}
    return {
        "intent": turn[0]["parse_data"]["intent"]["name"],
        "card": slots.get("kaart"),
        "choices": slots.get("kaart_keuzes") or [],
        "responses": [e.get("metadata", {}).get("utter_action") for e in turn if e["event"] == "bot"],
    }


def outcome(item: dict, did: dict) -> str:
    expected = set(item["expected"])
    intents = {e.removeprefix("intent:") for e in expected if e.startswith("intent:")}
    said = set(did["responses"])
    if did["choices"]:
        return "bedoel"
    if said & FALLBACK_RESPONSES and not did["card"]:
        return "begreep niet"
    if "none" in expected:
        return "correct" if (did["card"] in HONEST_NO or said & HONEST_NO) else "wrong"
    if did["card"]:
        return "correct" if did["card"] in expected else "wrong"
    return "correct" if did["intent"] in intents else "wrong"


def table(title: str, rows: dict[str, Counter]) -> None:
    print(f"\n{title:<22} {'n':>4} " + " ".join(f"{o:>13}" for o in OUTCOMES))
    for key in sorted(rows):
        counts = rows[key]
        n = sum(counts.values())
        print(f"{key:<22} {n:>4} " + " ".join(f"{100 * counts[o] / n:>12.0f}%" for o in OUTCOMES))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "holdout", "all"), default="dev")
    parser.add_argument("--show-misses", action="store_true", help="print every miss (dev split only)")
    args = parser.parse_args()
    token = load_env()["RASA_TOKEN"]
    splits = ("dev", "holdout") if args.split == "all" else (args.split,)
    for split in splits:
        items = load_items(split)
        by_persona: dict[str, Counter] = defaultdict(Counter)
        by_topic: dict[str, Counter] = defaultdict(Counter)
        total: Counter = Counter()
        useful_choices = 0
        print(f"[eval-dev] {split}: {len(items)} vragen afspelen ...", flush=True)
        for number, item in enumerate(items, 1):
            did = play(item, token)
            result = outcome(item, did)
            total[result] += 1
            by_persona[item["persona"]][result] += 1
            by_topic[item["topic"]][result] += 1
            useful_choices += result == "bedoel" and bool(set(did["choices"]) & set(item["expected"]))
            if args.show_misses and split == "dev" and result != "correct":
                print(f"  {result:<12} {item['id']} {did['card'] or did['intent']} {did['choices']} "
                      f"| {','.join(item['expected'])} | {item['text'][:80]}")
            if number % 40 == 0:
                print(f"[eval-dev] {number}/{len(items)}", flush=True)
        n = len(items)
        print(f"\n== {split} ({n} vragen) ==")
        print("  " + ", ".join(f"{o}: {100 * total[o] / n:.0f}%" for o in OUTCOMES)
              + f"; bedoel-je met een goede keuze: {useful_choices} van {total['bedoel']}")
        if split == "dev":  # the held-back third is read as totals only
            table("persona", by_persona)
            table("topic", by_topic)


if __name__ == "__main__":
    main()
