"""What the research says (for LOB staff), with the seed citation for every finding."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity_value, latest_text, role_events
from actions.parsing import plain
from knowledge import api

MAX_FINDINGS = 2
SOURCE_QUESTION = ("bron", "betrouwba")


class ActionResearch(Action):
    def name(self) -> Text:
        return "action_research"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        thema = entity_value(tracker, "thema")
        if thema is None and any(word in plain(latest_text(tracker)) for word in SOURCE_QUESTION):
            dispatcher.utter_message(response="utter_research_sources")
            return role_events(tracker)
        if thema is None:
            dispatcher.utter_message(response="utter_research_which_theme")
            return role_events(tracker)
        findings = api.onderzoek(thema)[:MAX_FINDINGS]
        if not findings:
            dispatcher.utter_message(response="utter_research_unknown")
        for finding in findings:
            dispatcher.utter_message(
                response="utter_research_finding", claim=finding.claim, bron=finding.bron,
                periode=finding.periode, regio=finding.regio,
            )
        return role_events(tracker)
