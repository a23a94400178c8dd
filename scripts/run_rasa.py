"""`python scripts/run_rasa.py run ...`: `rasa` with the same arguments, with two speed fixes for Rasa 3.6.

1. Rasa checks every reply of the action server against a JSON schema with `jsonschema.validate`. That
call first checks the schema itself against the JSON Schema meta-schema, on every call: 14 ms per
action call on our machine, about a third of Rasa's CPU time under load (README, "Performance").
jsonschema's documentation advises to build the validator once when validating against the same
schema repeatedly. This module does that and leaves the rest of Rasa alone: the same schema, the
same best error, the same message when a reply is invalid.

2. Reading a conversation back from the tracker store, Rasa looks up the class of every stored
event by walking all subclasses of `Event` again (about 3 % of Rasa's CPU time under load). The
classes do not change while Rasa runs, so the table is built once; a name not in it goes to
Rasa's own lookup (same result, same error).
"""
import sys
from typing import Any, Dict, Optional, Text, Type

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_SCHEMA = RemoteAction.action_response_format_spec()
_VALIDATOR_CLASS = validator_for(_SCHEMA)
_VALIDATOR_CLASS.check_schema(_SCHEMA)
_VALIDATOR = _VALIDATOR_CLASS(_SCHEMA)
_original_validate = RemoteAction._validate_action_result


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """Rasa's `RemoteAction._validate_action_result`, with the validator built once."""
    error = best_match(_VALIDATOR.iter_errors(result))
    if error is None:
        return True
    # An invalid reply is rare: let Rasa's own code raise it, with its message.
    return _original_validate(self, result)


_original_resolve = Event.resolve_by_type
_EVENT_CLASSES: Dict[Text, Type[Event]] = {}


def resolve_event_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Rasa's `Event.resolve_by_type`, with the table of event classes built once."""
    if not _EVENT_CLASSES:
        for cls in all_subclasses(Event):  # the first class with a name wins, as in Rasa's loop
            _EVENT_CLASSES.setdefault(cls.type_name, cls)
    return _EVENT_CLASSES.get(type_name) or _original_resolve(type_name, default)


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = staticmethod(resolve_event_type)


if __name__ == "__main__":
    from rasa.__main__ import main

    install()
    sys.argv[0] = "rasa"
    main()
