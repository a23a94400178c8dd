"""The dialogue runs on rules (config.yml has no TEDPolicy): every intent needs a rule that answers it, and
small talk in the middle of a form is answered as it is outside one (bot/rules/interruptions.yml)."""
from pathlib import Path
from typing import Any, Dict, Iterator

import yaml

RULES = Path(__file__).resolve().parents[2] / "bot" / "rules"
INTERRUPTIONS = RULES / "interruptions.yml"


def rules_in(path: Path) -> list:
    return yaml.safe_load(path.read_text()).get("rules", [])


def rule_steps() -> Iterator[dict]:
    for path in RULES.glob("*.yml"):
        for rule in rules_in(path):
            for step in rule["steps"]:
                yield from step.get("or", [step])


def test_every_intent_has_a_rule(domain: Dict[str, Any]) -> None:
    intents = {intent if isinstance(intent, str) else next(iter(intent)) for intent in domain["intents"]}
    ruled = {step["intent"] for step in rule_steps() if "intent" in step}
    assert intents, "no intents found in bot/domain"
    assert intents - ruled == set(), "intents without a rule: the core fallback would answer them"


def interruption_rules() -> list:
    return rules_in(INTERRUPTIONS)


def test_small_talk_is_answered_in_every_form_as_outside_it(domain: Dict[str, Any]) -> None:
    """Each small-talk intent gets, inside each form, the response it gets outside any form."""
    usual = {rule["steps"][0]["intent"]: rule["steps"][1].get("action")
             for path in RULES.glob("*.yml") if path != INTERRUPTIONS
             for rule in rules_in(path) if len(rule["steps"]) == 2 and "intent" in rule["steps"][0]}
    small_talk = {rule["steps"][0]["intent"] for rule in interruption_rules()}
    expected = {(form, intent, usual[intent]) for form in domain["forms"] for intent in small_talk}
    found = {(rule["condition"][0]["active_loop"], rule["steps"][0]["intent"], rule["steps"][1]["action"])
             for rule in interruption_rules()}
    assert small_talk and found == expected


def test_form_slots_do_not_take_small_talk_as_the_answer(domain: Dict[str, Any]) -> None:
    small_talk = {rule["steps"][0]["intent"] for rule in interruption_rules()}
    free_text = [(name, mapping) for name, slot in domain["slots"].items() for mapping in slot["mappings"]
                 if mapping["type"] == "from_text"]
    assert free_text
    assert [name for name, mapping in free_text if set(mapping.get("not_intent", [])) != small_talk] == []
