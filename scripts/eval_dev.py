"""How well the running assistant understands questions nobody on the team wrote (`make eval-dev`).

Plays every question of tests/devset/questions.yml as the first message of a new conversation over the
REST channel (parents and staff get their role first, through Rasa's HTTP API), reads from the tracker
what the bot did, and prints per persona and topic:
- correct: it answered with an expected card or intent ("none" items: it said it does not know);
- bedoel: it offered "Bedoel je…?" buttons (useful: an expected card among them);
- begreep niet: it asked to rephrase or pointed to the decaan;
- wrong: it answered with a card or intent that was not expected.
The held-back third (split by a hash of the id) is only ever printed as totals. A benchmark, not a test.
With --calibrate it instead prints, for the dev split only, how the outcome would change with other
thresholds: CardPreference's (config.yml) and the card thresholds (actions/cards.py), from one
/model/parse per question and the card ranking in this process (a card's probability of 1.1 under
"card>intent" means: never over an intent). NLU's own fallback is the model's: a question whose first
intent is nlu_fallback (a card question, or below the FallbackClassifier's threshold) goes to the cards.
Usage: python scripts/eval_dev.py [--split dev|holdout|all] [--show-misses] [--calibrate]
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from actions.cards import BEFORE_CARDS, decide  # noqa: E402
from knowledge import api  # noqa: E402
from knowledge.errors import NotFound  # noqa: E402
from scripts.stack import load_env  # noqa: E402

DEVSET = ROOT / "tests" / "devset" / "questions.yml"
RASA = "http://localhost:5005"
FALLBACK_RESPONSES = {"utter_ask_rephrase", "utter_ask_rephrase_verwijzing", "utter_handoff", "utter_default"}
# What "dat weet ik niet, kijk hier" sounds like: a referral card or an honest "I don't know".
HONEST_NO = {"assistent-grenzen", "utter_info_unknown", "utter_out_of_scope", "utter_opleiding_unknown",
              "utter_salary_unknown"}
ROLE_OF_PERSONA = {"ouder": "ouder", "lob": "lob"}
OUTCOMES = ("correct", "bedoel", "begreep niet", "wrong")
# Cards written after the dev set was labelled, that answer a labelled question at a finer grain (a
# curated card that took the place of a generated one says so itself: `vervangt`).
FINER_CARDS = {
    **{card: {"toelating-profiel"} for card in ("toelating-psychologie", "toelating-geneeskunde", "deficientie",
                                                 "toelating-rechten-economie", "toelating-techniek-ict",
                                                 "toelating-verpleegkunde", "toelating-pabo")},
    "numerus-fixus-lijst": {"stelsel-numerus_fixus"}, "aanmelden-mbo": {"aanmelden"}, "doorstroom-mbo-hbo": {"route-mbo4"},
    "stagevergoeding": {"stage"},
    "lesgeld-terug": {"kosten-lesgeld", "kosten-collegegeld"},
    "bijverdienen-studiefinanciering": {"kosten-studiefinanciering"},
    "havo-naar-wo": {"route-havo"}, "vmbo-naar-mbo": {"route-vmbo-basis", "route-vmbo-kader", "route-vmbo-gl",
                                                      "route-vmbo-tl"},
}
# Intents whose answers are the content of a family of cards (the actions set the slot kaart).
INTENT_CARDS = {"ask_research": "onderzoek-", "ask_system": "stelsel-", "ask_route": "route-", "ask_costs": "kosten-",
                "ask_job_prospects": "kansen-", "ask_best_prospects": "kansen-"}
# Intents whose actions answer with a card when the message names no opleiding (actions/opleiding.py).
CARD_WITHOUT_OPLEIDING = {"ask_opleiding_info", "ask_admission"}


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
    actions = {e["name"] for e in turn if e["event"] == "action"}
    deferred = [intent for intent, action in BEFORE_CARDS.items() if action in actions and "action_answer_card" in actions]
    return {
        "intent": deferred[0] if deferred else turn[0]["parse_data"]["intent"]["name"],
        "card": slots.get("kaart"),
        "choices": slots.get("kaart_keuzes") or [],
        "responses": [e.get("metadata", {}).get("utter_action") for e in turn if e["event"] == "bot"],
    }


def answers(card_id: str | None) -> set[str]:
    """The labels a card answer matches: its own id, the generated cards it replaced, coarser cards."""
    if not card_id:
        return set()
    try:
        replaced = set(api.kaart(card_id).vervangt)
    except NotFound:
        replaced = set()
    return {card_id} | replaced | FINER_CARDS.get(card_id, set())


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
        return "correct" if answers(did["card"]) & expected else "wrong"
    return "correct" if did["intent"] in intents else "wrong"


def card_preferences(thresholds: tuple) -> dict:
    """CardPreference as config.yml sets it up, for each of these thresholds."""
    from components.card_preference import CardPreference  # loads Rasa: only for --calibrate

    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    settings = next(c for c in pipeline if c["name"].endswith("CardPreference"))
    return {threshold: CardPreference({**settings, "threshold": threshold}) for threshold in thresholds}


def calibrate(items: list[dict], token: str) -> None:
    """Outcome per (sure, possible, card over intent) on the dev split; best rows first."""
    preferences = card_preferences((0.4, 0.5, 0.6, 1.1))
    parsed = []
    for item in items:
        parse = requests.post(f"{RASA}/model/parse", params={"token": token}, json={"text": item["text"]},
                              timeout=30).json()
        hits = api.rank_kaarten(item["text"], limit=3)
        names_opleiding = any(e["entity"] == "opleiding" for e in parse.get("entities", []))
        # the intent before a sure card replaced it (CardPreference sets nlu_fallback, the ranking stays)
        top = parse["intent"] if parse["intent"]["name"] != "nlu_fallback" else parse["intent_ranking"][0]
        parsed.append((item, top, hits, names_opleiding))
    rows = []
    for sure, possible, preference in itertools.product(
            (0.3, 0.35, 0.4, 0.45, 0.5), (0.05, 0.1, 0.15, 0.2), preferences):
        counts: Counter = Counter()
        for item, top, hits, names_opleiding in parsed:
            expected = set(item["expected"])
            decision = decide([hit.score for hit in hits], sure, possible)
            card_first = top["name"] in CARD_WITHOUT_OPLEIDING and not names_opleiding
            card_over_intent = not names_opleiding and preferences[preference].card_wins(top["name"], hits[0])
            if top["name"] not in ("nlu_fallback", "kies_kaart") and not card_over_intent and not (
                    card_first and decision == "answer"):
                prefix = INTENT_CARDS.get(top["name"], "-")
                ok = f"intent:{top['name']}" in expected or any(e.startswith(prefix) for e in expected)
                counts["correct" if ok else "wrong"] += 1
            elif decision == "answer":
                card = hits[0].kaart.id
                ok = bool(answers(card) & expected) or ("none" in expected and card in HONEST_NO)
                counts["correct" if ok else "wrong"] += 1
            elif decision == "choose":
                counts["bedoel"] += 1
            else:
                counts["begreep niet"] += 1
        rows.append((counts["correct"] - 2 * counts["wrong"], (sure, possible, preference), counts))
    print(f"{'sure':>5} {'possible':>8} {'card>intent':>11}  " + "  ".join(f"{o:>12}" for o in OUTCOMES))
    for _, settings, counts in sorted(rows, key=lambda r: -r[0])[:15]:
        n = sum(counts.values())
        print("".join(f"{v:>{w}}" for v, w in zip(settings, (5, 9, 12))) + "  "
              + "  ".join(f"{100 * counts[o] / n:>11.0f}%" for o in OUTCOMES))


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
    parser.add_argument("--calibrate", action="store_true", help="outcome for other thresholds (dev split only)")
    args = parser.parse_args()
    token = load_env()["RASA_TOKEN"]
    if args.calibrate:
        calibrate(load_items("dev"), token)
        return
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
            offered = set().union(*map(answers, did["choices"])) if did["choices"] else set()
            useful_choices += result == "bedoel" and bool(offered & set(item["expected"]))
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
