"""Rasa's REST channel, with every incoming message cleaned first (channels.sanitize).

Registered in credentials.yml under the same name, so the URL stays /webhooks/rest/webhook.
"""
from typing import Optional, Text

from rasa.core.channels.rest import RestInput
from sanic.request import Request

from channels.sanitize import clean_message


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def _extract_message(self, req: Request) -> Optional[Text]:
        return clean_message(super()._extract_message(req) or "")
