"""The dialogue runs on rules (config.yml has no TEDPolicy): every intent needs a rule that answers it."""
from pathlib import Path
from typing import Iterator, Set

import yaml

ROOT = Path(__file__).resolve().parents[2]


def intents_in_domain() -> Set[str]:
    intents: Set[str] = set()
    for path in (ROOT / "bot" / "domain").glob("*.yml"):
        for intent in (yaml.safe_load(path.read_text()) or {}).get("intents", []):
            intents.add(intent if isinstance(intent, str) else next(iter(intent)))
    return intents


def rule_steps() -> Iterator[dict]:
    for path in (ROOT / "bot" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text()).get("rules", []):
            for step in rule["steps"]:
                yield from step.get("or", [step])


def test_every_intent_has_a_rule() -> None:
    ruled = {step["intent"] for step in rule_steps() if "intent" in step}
    assert intents_in_domain(), "no intents found in bot/domain"
    assert intents_in_domain() - ruled == set(), "intents without a rule: the core fallback would answer them"

