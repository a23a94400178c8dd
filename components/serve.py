"""`python -m components.serve run ...`: `rasa` with the same arguments, with one speed fix for Rasa 3.6.

Rasa checks every reply of the action server against a JSON schema with `jsonschema.validate`. That
call first checks the schema itself against the JSON Schema meta-schema, on every call: 14 ms per
action call on our machine, about a third of Rasa's CPU time under load (README, "Performance").
jsonschema's documentation advises to build the validator once when validating against the same
schema repeatedly. This module does that and leaves the rest of Rasa alone: the same schema, the
same best error, the same message when a reply is invalid.
"""
import sys
from typing import Any, Dict, Text

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

from rasa.core.actions.action import RemoteAction

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


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result


if __name__ == "__main__":
    from rasa.__main__ import main

    install()
    sys.argv[0] = "rasa"
    main()
