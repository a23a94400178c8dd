"""Shared fixtures: action-test helpers in the style of RasaHQ/rasa-demo."""
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    """The real domain, merged from bot/domain/*.yml."""
    merged: Dict[str, Any] = {"responses": {}, "slots": {}, "intents": [], "actions": []}
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text()) or {}
        merged["responses"].update(part.get("responses", {}))
        merged["slots"].update(part.get("slots", {}))
        merged["intents"] += part.get("intents", [])
        merged["actions"] += part.get("actions", [])
    return merged


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def user_event(text: str, intent: str, entities: Optional[List[Dict[str, Any]]] = None) -> Dict[str, Any]:
    entities = entities or []
    return {
        "event": "user",
        "text": text,
        "parse_data": {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities},
    }


@pytest.fixture
def make_tracker() -> Callable[..., Tracker]:
    """Build a fresh tracker from user turns (text, intent[, entities]) and slots."""

    def build(turns: List[tuple], slots: Optional[Dict[str, Any]] = None) -> Tracker:
        events = [user_event(*turn) for turn in turns]
        latest = events[-1]["parse_data"] if events else {}
        return Tracker(
            sender_id="test",
            slots=slots or {},
            latest_message=latest,
            events=events,
            paused=False,
            followup_action=None,
            active_loop={},
            latest_action_name="action_listen",
        )

    return build
