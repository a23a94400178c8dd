"""scripts/run_rasa.py: action-server replies and stored events are handled as Rasa does, without its repeated work."""
import sys
from pathlib import Path
from typing import Any, Callable, Dict

import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, SlotSet, UserUttered, deserialise_events
from rasa.shared.utils.common import all_subclasses

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import run_rasa  # noqa: E402

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "niveau", "value": 4}],
     "responses": [{"text": "Hoi", "buttons": [{"title": "Ja", "payload": "/affirm"}]}]},
    {"events": [{"event": "active_loop", "name": None}, {"event": "followup", "name": "action_listen"}]},
]
INVALID = [
    {"events": "geen lijst"},
    {"events": [{"event": "slot", "name": "niveau"}]},  # a slot event needs a value
    {"events": [{"event": "bestaat_niet"}]},
    {"responses": ["tekst in plaats van een object"]},
]


@pytest.fixture
def action() -> RemoteAction:
    return RemoteAction("action_test", None)


def verdict(check: Callable, action: RemoteAction, reply: Dict[str, Any]) -> str:
    """What a check says of a reply: "True", or the message of the error it raises."""
    try:
        return str(check(action, reply))
    except ValidationError as error:
        return error.message


@pytest.mark.parametrize("reply", VALID + INVALID)
def test_same_verdict_and_message_as_rasa(action: RemoteAction, reply: Dict[str, Any]) -> None:
    assert verdict(run_rasa.validate_action_result, action, reply) == verdict(run_rasa._original_validate, action, reply)


@pytest.mark.parametrize("reply", INVALID)
def test_invalid_reply_is_rejected_with_rasas_hint(action: RemoteAction, reply: Dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        run_rasa.validate_action_result(action, reply)


@pytest.mark.parametrize("reply", VALID)
def test_valid_reply_does_not_check_the_schema_again(
    action: RemoteAction, reply: Dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the schema was checked again")

    monkeypatch.setattr(jsonschema, "validate", fail)
    monkeypatch.setattr(run_rasa._VALIDATOR_CLASS, "check_schema", fail)
    assert run_rasa.validate_action_result(action, reply) is True


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_rasa.install() for one test: monkeypatch puts Rasa's own functions back afterwards."""
    monkeypatch.setattr(RemoteAction, "_validate_action_result", run_rasa._original_validate)
    monkeypatch.setattr(Event, "resolve_by_type", Event.__dict__["resolve_by_type"])
    run_rasa.install()


def test_install_replaces_rasas_check(installed: None) -> None:
    assert RemoteAction._validate_action_result is run_rasa.validate_action_result


EVENT_NAMES = sorted({cls.type_name for cls in all_subclasses(Event)})


@pytest.mark.parametrize("type_name", EVENT_NAMES)
def test_event_class_is_the_one_rasa_finds(type_name: str) -> None:
    assert run_rasa.resolve_event_type(type_name) is run_rasa._original_resolve(type_name)


def test_unknown_event_name_is_handled_as_rasa_does() -> None:
    assert run_rasa.resolve_event_type("topic") is None
    assert run_rasa.resolve_event_type("bestaat_niet", default=UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name 'bestaat_niet'"):
        run_rasa.resolve_event_type("bestaat_niet")


def test_event_classes_are_listed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    run_rasa.resolve_event_type("user")  # builds the table

    def fail(*args: Any) -> None:
        raise AssertionError("the subclasses of Event were walked again")

    monkeypatch.setattr(run_rasa, "all_subclasses", fail)
    assert run_rasa.resolve_event_type("slot") is SlotSet


def test_installed_lookup_reads_stored_events_back(installed: None) -> None:
    events = [UserUttered("hoi").as_dict(), SlotSet("niveau", 4).as_dict()]
    assert [type(event) for event in deserialise_events(events)] == [UserUttered, SlotSet]
