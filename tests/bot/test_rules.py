"""The dialogue runs on rules (config.yml has no TEDPolicy): every intent needs a rule that answers it."""
from pathlib import Path
from typing import Any, Dict, Iterator

import yaml

ROOT = Path(__file__).resolve().parents[2]


def rule_steps() -> Iterator[dict]:
    for path in (ROOT / "bot" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text()).get("rules", []):
            for step in rule["steps"]:
                yield from step.get("or", [step])


def test_every_intent_has_a_rule(domain: Dict[str, Any]) -> None:
    intents = {intent if isinstance(intent, str) else next(iter(intent)) for intent in domain["intents"]}
    ruled = {step["intent"] for step in rule_steps() if "intent" in step}
    assert intents, "no intents found in bot/domain"
    assert intents - ruled == set(), "intents without a rule: the core fallback would answer them"
