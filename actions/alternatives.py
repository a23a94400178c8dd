"""Alternatives for a named opleiding, and a kind referral when personal matters come up.

Content-related first (same dossier, sector, doorstroom); better prospects first among
those; another sector only when the pupil's interests point there (AL2). A pupil who
has other worries gets no alternatives at all, only a trusted adult (RE2).
"""
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import KnowledgeAction, level_label, resolve_opleiding
from actions.interests import profile
from actions.prospects import LABEL_RANK
from actions.reflection import answers, prospects_text, sector_ranking
from knowledge import api

MAX_ALTERNATIVES = 3


def interest_sectors(tracker: Tracker) -> List[Text]:
    """Sectors the pupil's reflection answers support (empty without a finished reflection)."""
    if tracker.get_slot("reflectie_status") != "klaar":
        return []
    return [sector_id for sector_id, _ in sector_ranking(profile(answers(tracker)))[:3]]


def pick_alternatives(opleiding: api.Opleiding, tracker: Tracker) -> List[api.Related]:
    own = LABEL_RANK.get(api.perspectief_for_opleiding(opleiding.id).samenvatting.label, 0)
    supported = interest_sectors(tracker)
    related = [
        r for r in api.related_opleidingen(opleiding.id, limit=10)
        if r.soort != "riasec" or r.opleiding.sector_id in supported
    ]
    better = [r for r in related if LABEL_RANK.get(r.perspectief_label, 0) > own]
    rest = [r for r in related if r not in better]
    return (better + rest)[:MAX_ALTERNATIVES]


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
        alternatives = pick_alternatives(opleiding, tracker)
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
