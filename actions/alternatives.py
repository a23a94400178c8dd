"""Alternatives for a named opleiding, and a kind referral when personal matters come up.

Content-related only (`knowledge.advice.alternatives`): the same dossier a level up or down,
then the same family, then the next step in it; better prospects first among those (AL2).
The favourite is named first and last, and the bbl is offered as a route. A pupil who
has other worries gets no alternatives at all, only a trusted adult (RE2).
"""
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import KnowledgeAction, level_label, resolve_opleiding
from actions.options import prospects_text
from knowledge import advice, api


def bbl_sentence() -> tuple:
    info = api.route_info("bbl")
    sentences = [s.strip() + "." for s in info.uitleg.split(".") if s.strip()]
    return next((s for s in sentences if "kans" in s), sentences[0]), info.bron


class ActionAlternatives(KnowledgeAction):
    def name(self) -> Text:
        return "action_alternatives"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if tracker.get_slot("extra_zorg"):
            dispatcher.utter_message(response="utter_personal_referral")
            return []
        opleiding = resolve_opleiding(tracker).opleiding
        if opleiding is None:
            dispatcher.utter_message(response="utter_ask_opleiding_name")
            return []
        alternatives = advice.alternatives(opleiding)
        if alternatives:
            dispatcher.utter_message(response="utter_alternatives_intro", naam=opleiding.naam)
        else:
            dispatcher.utter_message(response="utter_alternatives_none")
        for related in alternatives:
            dispatcher.utter_message(
                response="utter_alternative", naam=related.opleiding.naam, niveau=level_label(related.opleiding),
                reden=related.reden, kansen=prospects_text(related.opleiding)[0],
            )
        if opleiding.soort == "mbo" and opleiding.niveau < 4:
            bbl, source = bbl_sentence()
            dispatcher.utter_message(response="utter_alternative_routes", bbl=bbl, bron=source)
        dispatcher.utter_message(response="utter_alternatives_choice", naam=opleiding.naam)
        return [SlotSet("opleiding_id", opleiding.id)]


class ActionPersonalReferral(KnowledgeAction):
    def name(self) -> Text:
        return "action_personal_referral"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_personal_referral")
        helpline = next((v for v in api.verwijzingen() if v.id == "kindertelefoon"), None)
        if helpline:
            dispatcher.utter_message(
                response="utter_personal_helpline", naam=helpline.naam, waarvoor=helpline.waarvoor, url=helpline.url
            )
        return [SlotSet("extra_zorg", True)]
