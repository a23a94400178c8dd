"""Kosten en geldzaken: lesgeld, cursusgeld, collegegeld, studiefinanciering, bijkomende kosten.

An amount is only said when the knowledge base has it as certain, with its school year and
source; for the current year without a certain amount the bot refers to DUO or the school.
"""
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.cards import answer_with_card, shown
from actions.common import (
    KnowledgeAction,
    cite,
    entity_value,
    latest_text,
    question_text,
    role_events,
)
from actions.forms import FormValidation
from actions.parsing import default_kostensoort, kostensoort_of, onderwijs_of, plain
from knowledge import api
from knowledge.errors import NotFound

# Costs whose answer does not depend on the kind of school (collegegeld: the same for hbo and wo):
# answered from their card without asking which school.
SCHOOL_FREE_COSTS = {"studiefinanciering", "bijkomend", "collegegeld"}


def onderwijs_from_context(tracker: Tracker) -> Optional[Text]:
    """mbo/hbo/wo from this message, the kind of cost asked, or the opleiding discussed before."""
    named = onderwijs_of(entity_value(tracker, "schooltype") or latest_text(tracker))
    if named:
        return named
    if re.search(r"lesgeld|cursusgeld", plain(question_text(tracker, "ask_costs"))):
        return "mbo"
    opleiding_id = tracker.get_slot("opleiding_id")
    if opleiding_id:
        try:
            return api.get_opleiding(opleiding_id).soort
        except NotFound:
            return None
    return None


def euro(amount: float) -> Text:
    """2601.0 -> '2.601'; 1157.5 -> '1.157,50' (Dutch notation)."""
    whole = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return whole.removesuffix(",00")


class ValidateCostsForm(FormValidation):
    def name(self) -> Text:
        return "validate_costs_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        """No question needed when the context already says mbo, hbo or wo, or the cost is the same for all."""
        asked = kostensoort_of(question_text(tracker, "ask_costs"))
        if tracker.get_slot("onderwijs") is None and (onderwijs_from_context(tracker) or asked in SCHOOL_FREE_COSTS):
            return []
        return domain_slots

    def validate_onderwijs(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        onderwijs = onderwijs_of(str(value))
        if onderwijs is None:
            dispatcher.utter_message(response="utter_onderwijs_unknown")
        return {"onderwijs": onderwijs}


class ActionCosts(KnowledgeAction):
    form_slots = ("onderwijs",)

    def name(self) -> Text:
        return "action_costs"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        chosen = tracker.get_slot("onderwijs")
        reset = [SlotSet("onderwijs", None)]
        onderwijs = chosen or onderwijs_from_context(tracker)
        text = " ".join(filter(None, [entity_value(tracker, "kostensoort"), question_text(tracker, "ask_costs")]))
        leerweg = entity_value(tracker, "leerweg") or tracker.get_slot("leerweg")
        soort = kostensoort_of(text) or default_kostensoort(onderwijs or "mbo", leerweg)
        if soort == "collegegeld" and onderwijs == "mbo":
            soort = default_kostensoort("mbo", leerweg)
        if soort == "lesgeld" and (plain(leerweg or "") == "bbl" or "bbl" in plain(text).split()):
            soort = "cursusgeld"  # 'lesgeld' is what people say; in the bbl it is cursusgeld
        if soort in {"lesgeld", "cursusgeld"}:
            onderwijs = "mbo"
        if onderwijs is None and soort in SCHOOL_FREE_COSTS:
            card = answer_with_card(dispatcher, tracker, offer_choices=False)
            if card is not None:
                return reset + card + role_events(tracker)

        records = [k for k in api.kosten(soort) if k.onderwijs == onderwijs]
        if not records:
            dispatcher.utter_message(response="utter_costs_unknown")
            return reset + role_events(tracker)
        current = records[0]  # newest school year first
        if current.zeker and current.bedrag_eur is not None:
            dispatcher.utter_message(
                response="utter_costs_known", uitleg=current.uitleg, bron=cite(tracker, current),
                schooljaar=current.schooljaar, regio=current.regio,
            )
        else:
            dispatcher.utter_message(response="utter_costs_uncertain", uitleg=current.uitleg)
            known = next((k for k in records if k.zeker and k.bedrag_eur is not None), None)
            if known:
                dispatcher.utter_message(
                    response="utter_costs_last_known", bedrag=euro(known.bedrag_eur),
                    schooljaar=known.schooljaar, bron=cite(tracker, known),
                )
            else:
                dispatcher.utter_message(response="utter_costs_refer")
        return reset + shown(f"kosten-{soort}") + role_events(tracker)
