"""Short answers that only give information ('havo', 'verpleegkunde', 'in Utrecht')."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity_value, role_events
from actions.opleiding import ActionOpleidingInfo


class ActionInform(Action):
    """A bare opleiding name is a question about it; anything else is remembered by its slot."""

    def name(self) -> Text:
        return "action_inform"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if entity_value(tracker, "opleiding"):
            return await ActionOpleidingInfo().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_inform_ack")
        return role_events(tracker)
