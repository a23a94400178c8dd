"""What the research says (for LOB staff), with its source: the place in the document for staff, a readable source for others."""
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.cards import answer_with_card, shown
from actions.common import KnowledgeAction, cite, entity_values, latest_text, role_events
from actions.parsing import plain
from knowledge import api
from knowledge.errors import NotFound

MAX_FINDINGS = 2
SOURCE_QUESTION = ("bron", "betrouwba")


def findings_about(thema: Text) -> List[api.Finding]:
    """Findings on a theme; none for words NLU tagged that are not one of the knowledge base's themes."""
    try:
        return api.onderzoek(thema)
    except NotFound:
        return []


class ActionResearch(KnowledgeAction):
    def name(self) -> Text:
        return "action_research"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        themes = entity_values(tracker, "thema")
        if not themes and any(word in plain(latest_text(tracker)) for word in SOURCE_QUESTION):
            dispatcher.utter_message(response="utter_research_sources")
            return role_events(tracker)
        findings = next((found for found in map(findings_about, themes) if found), [])[:MAX_FINDINGS]
        if not findings:
            events = answer_with_card(dispatcher, tracker)
            if events is None:
                dispatcher.utter_message(response="utter_research_unknown" if themes else "utter_research_which_theme")
            return (events or []) + role_events(tracker)
        for finding in findings:
            dispatcher.utter_message(
                response="utter_research_finding", claim=finding.claim, bron=cite(tracker, finding),
                periode=finding.periode, regio=finding.regio,
            )
        return shown(f"onderzoek-{findings[0].topic}") + role_events(tracker)
