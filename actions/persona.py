"""Short answers that only give information ('havo', 'verpleegkunde', 'in Utrecht')."""
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import KnowledgeAction, entity_value, role_events
from actions.opleiding import ActionOpleidingInfo


class ActionInform(KnowledgeAction):
    """A bare opleiding name is a question about it; anything else is remembered by its slot."""

    def name(self) -> Text:
        return "action_inform"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if entity_value(tracker, "opleiding"):
            return await ActionOpleidingInfo().answer(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_inform_ack")
        return role_events(tracker)
