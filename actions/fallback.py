"""What the bot does when it did not understand the user."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

MISUNDERSTOOD_INTENTS = {"nlu_fallback", "gibberish"}


def misunderstood_in_a_row(tracker: Tracker) -> int:
    """How many of the latest user messages, counting back from now, were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        if event.get("parse_data", {}).get("intent", {}).get("name") not in MISUNDERSTOOD_INTENTS:
            break
        count += 1
    return count


class ActionRephraseOrHandoff(Action):
    """Ask to rephrase; after the second miss in a row, offer the decaan or mentor instead."""

    def name(self) -> Text:
        return "action_rephrase_or_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if misunderstood_in_a_row(tracker) >= 2:
            dispatcher.utter_message(response="utter_handoff")
        else:
            dispatcher.utter_message(response="utter_ask_rephrase")
        return []
