"""Shared fixtures: the running stack, a real knowledge base built by the loader, and action-test helpers
(as in RasaHQ/rasa-demo)."""
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest
import requests
import yaml
from hypothesis import settings
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from knowledge import api
from knowledge.config import DATA_DIR
from knowledge.loader import build

ROOT = Path(__file__).resolve().parent.parent

# Property tests (hypothesis) draw the same examples on every run, so `make test` fails because the
# code changed, not by chance. HYPOTHESIS_PROFILE=explore draws new, more examples (README, "Tests").
settings.register_profile("fixed", derandomize=True)
settings.register_profile("explore", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    """The real domain, merged from bot/domain/*.yml."""
    merged: Dict[str, Any] = {"responses": {}, "slots": {}, "forms": {}, "intents": [], "actions": []}
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text()) or {}
        merged["responses"].update(part.get("responses", {}))
        merged["slots"].update(part.get("slots", {}))
        merged["forms"].update(part.get("forms", {}))
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


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'knowledge.db'}"
    build(url, DATA_DIR)
    return url


@pytest.fixture(scope="session")
def engine(db_url: str) -> Iterator[Engine]:
    engine = create_engine(db_url, future=True)
    yield engine
    api.clear_caches()
    engine.dispose()


STACK = [sys.executable, str(ROOT / "scripts" / "stack.py")]


def stack_is_up() -> bool:
    try:
        return requests.get("http://localhost:8000/healthz", timeout=2).ok and requests.get(
            "http://localhost:5055/health", timeout=2
        ).ok and requests.get("http://localhost:5005/", timeout=2).ok
    except requests.RequestException:
        return False


@pytest.fixture(scope="session")
def stack():
    """Reuse a running stack, or start one (training first if the model is stale) and stop it after."""
    if stack_is_up():
        yield
        return
    model = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "model.py")], cwd=ROOT, check=True,
        capture_output=True, text=True,
    ).stdout.strip()
    subprocess.run(STACK + ["start", model], cwd=ROOT, check=True)
    try:
        yield
    finally:
        subprocess.run(STACK + ["stop"], cwd=ROOT, check=False)
