"""Kans op werk: for one opleiding or sector, and which directions are kansrijk.

Every figure comes from knowledge.api with its source, period and region; at most two
figures per answer (conversation rule LM7), and always the reminder that prognoses change.
"""
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    KnowledgeAction, cite, entity_value, join_dutch, latest_text, match_name, resolve_opleiding, role_events,
)
from actions.forms import STOPPED, FormValidation
from actions.parsing import asks_about_pay, expected_label, knowledge_id_in, next_level, niveau_of, plain
from knowledge import api
from knowledge.errors import NotFound
from knowledge.text import normalize
from knowledge.vocabulary import LABEL_RANK, LEVEL_NAMES

NO_SOURCE = "redactie"  # an unlabelled summary from the editors only says 'no figures'; others say more
MAX_FIGURES = 2


@dataclass(frozen=True)
class Subject:
    opleiding: Optional[api.Opleiding] = None
    sector: Optional[api.Sector] = None


def find_subject(value: Optional[Text], tracker: Tracker) -> Subject:
    """An opleiding or a sector for what the user typed (sector names win: 'zorg' is a sector)."""
    if not value:
        return Subject()
    chosen = knowledge_id_in(value)
    if chosen:
        return Subject(opleiding=api.get_opleiding(chosen))
    sector = api.find_sector(value)
    if sector:
        return Subject(sector=sector)
    previous = stored_opleiding(tracker)  # the form stored this opleiding's name (see the validation)
    if previous and normalize(previous.naam) == normalize(value):
        return Subject(opleiding=previous)
    return Subject(opleiding=match_name(value, tracker).best)


def stored_opleiding(tracker: Tracker) -> Optional[api.Opleiding]:
    try:
        return api.get_opleiding(tracker.get_slot("opleiding_id")) if tracker.get_slot("opleiding_id") else None
    except NotFound:
        return None


def level_name(opleiding: api.Opleiding) -> Text:
    """'mbo niveau 2', 'het hbo', 'het hbo (associate degree)', 'het wo': how the answer names the level."""
    if opleiding.soort == "mbo" or opleiding.type_ho in (None, "bachelor"):
        return LEVEL_NAMES[opleiding.niveau_key]
    return f"het {opleiding.soort} ({opleiding.type_ho})"


def level_keys(tracker: Tracker) -> List[Text]:
    """Which levels to talk about: the one the user named or is heading for; else mbo 4 and hbo."""
    niveau = niveau_of(entity_value(tracker, "niveau") or tracker.get_slot("niveau") or "")
    if niveau:
        return [f"mbo{niveau}"]
    heading_for = next_level(tracker.get_slot("schooltype"))
    return [heading_for] if heading_for else ["mbo4", "hbo"]


def pick_records(records: Sequence[api.Perspectief], leerweg: Optional[Text]) -> List[api.Perspectief]:
    """The most useful figures first: recent before historical, the user's leerweg first."""
    wanted = plain(leerweg or "")

    def rank(record: api.Perspectief) -> tuple:
        return (record.historisch, bool(wanted) and plain(record.leerweg or "") != wanted)

    return sorted(records, key=rank)[:MAX_FIGURES]


def say_records(dispatcher: CollectingDispatcher, records: Sequence[api.Perspectief], tracker: Tracker) -> None:
    for record in records:
        source = cite(tracker, record)
        dispatcher.utter_message(
            response="utter_perspectief", uitleg=record.uitleg, bron=source,
            periode=record.periode, regio=record.regio,
        )
        if record.geldt_voor:  # a broader source used for a narrower question: say so in words
            dispatcher.utter_message(response="utter_perspectief_scope", geldt_voor=record.geldt_voor)
        if record.label:  # the web widget draws this as a labelled bar
            dispatcher.utter_message(json_message={"perspectief": {
                "label": record.label, "bron": source, "periode": record.periode, "regio": record.regio,
                "geldt_voor": record.geldt_voor,
            }})
    if any(r.historisch for r in records):
        dispatcher.utter_message(response="utter_perspectief_historical")


def compare_expectation(dispatcher: CollectingDispatcher, answer: Optional[Text], label: Optional[Text]) -> None:
    """Expectation vs reality: correct the picture in both directions (rule LM6)."""
    expected, actual = LABEL_RANK.get(expected_label(answer) or ""), LABEL_RANK.get(label or "")
    if expected is None or actual is None:
        return
    if actual > expected:
        dispatcher.utter_message(response="utter_expectation_better")
    elif actual < expected:
        dispatcher.utter_message(response="utter_expectation_worse")
    else:
        dispatcher.utter_message(response="utter_expectation_same")


def has_label(tracker: Tracker) -> bool:
    """True when the subject asked about (or, before it is named, maybe) has a labelled figure."""
    value = tracker.get_slot("onderwerp_kansen")
    if not value or value == STOPPED:
        return True
    subject = find_subject(value, tracker)
    if subject.opleiding:
        return api.perspectief_for_opleiding(subject.opleiding.id).samenvatting.label is not None
    if subject.sector:
        return any(api.perspectief(subject.sector.id, key).samenvatting.label for key in level_keys(tracker))
    return True


def question_text(tracker: Tracker) -> Text:
    """The message that asked about kans op werk (the form may have asked more since)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user" and event.get("parse_data", {}).get("intent", {}).get("name") == "ask_job_prospects":
            return event.get("text") or ""
    return ""


class ValidateProspectsForm(FormValidation):
    given_up_for = {"verwachting": "weet ik niet"}  # then the figures come without a comparison

    def name(self) -> Text:
        return "validate_prospects_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        """Pupils are asked what they expect first; parents and staff get the figures straight away,
        and nobody is asked to guess when the knowledge base has no figure to compare with."""
        if tracker.get_slot("rol") in ("ouder", "lob") or not has_label(tracker):
            return [slot for slot in domain_slots if slot != "verwachting"]
        return domain_slots

    def extract_onderwerp_kansen(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """The sector the question names when NLU tagged none ('kans op werk in de zorg'), so the form
        does not ask what the user just said."""
        if tracker.get_slot("onderwerp_kansen") or tracker.get_slot("requested_slot") or any(
                entity_value(tracker, name) for name in ("opleiding", "sector")):
            return {}
        named = api.sectors_named(latest_text(tracker))
        return {"onderwerp_kansen": named[0].naam} if len(named) == 1 else {}

    def validate_onderwerp_kansen(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        subject = find_subject(str(value), tracker)
        if subject.sector:  # the name people read, never the id ('transport_logistiek')
            return {"onderwerp_kansen": subject.sector.naam}
        if subject.opleiding:  # the name without '(mbo-25655)'; the id goes in its own slot
            return {"onderwerp_kansen": subject.opleiding.naam, "opleiding_id": subject.opleiding.id}
        dispatcher.utter_message(response="utter_onderwerp_unknown")
        return {"onderwerp_kansen": None}

    def validate_verwachting(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return {"verwachting": str(value)}


class ActionJobProspects(KnowledgeAction):
    form_slots = ("onderwerp_kansen", "verwachting")

    def name(self) -> Text:
        return "action_job_prospects"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        value = tracker.get_slot("onderwerp_kansen")
        if asks_about_pay(question_text(tracker)):
            dispatcher.utter_message(response="utter_salary_unknown")

        subject = find_subject(value, tracker)
        if subject.opleiding is None and subject.sector is None:
            subject = Subject(opleiding=resolve_opleiding(tracker).opleiding)
        leerweg = entity_value(tracker, "leerweg") or tracker.get_slot("leerweg")

        if subject.opleiding:
            opleiding = subject.opleiding
            answer = api.perspectief_for_opleiding(opleiding.id)
            level = level_name(opleiding)
            if answer.basis == "sector_niveau":
                dispatcher.utter_message(
                    response="utter_perspectief_from_sector", naam=opleiding.naam,
                    sector=opleiding.sector_naam, niveau=level,
                )
            events = [SlotSet("opleiding_id", opleiding.id), SlotSet("sector_id", opleiding.sector_id)]
            sector_name = opleiding.sector_naam
            answers = [(answer, level)]
        else:
            sector = subject.sector
            answers = [(api.perspectief(sector.id, key), LEVEL_NAMES[key]) for key in level_keys(tracker)]
            events = [SlotSet("sector_id", sector.id)]
            sector_name = sector.naam

        budget = MAX_FIGURES
        for answer, level in answers:
            if answer.basis == "onbekend" and answer.samenvatting.bron_id == NO_SOURCE:
                dispatcher.utter_message(response="utter_perspectief_unknown", sector=sector_name, niveau=level)
                continue
            # without a label the summary still says what the sources do know (and where to look)
            records = [answer.samenvatting] if answer.basis == "onbekend" else list(answer.records)
            chosen = pick_records(records, leerweg)[: max(budget // len(answers), 1)]
            say_records(dispatcher, chosen, tracker)
            budget -= len(chosen)
        compare_expectation(dispatcher, tracker.get_slot("verwachting"), answers[0][0].samenvatting.label)
        dispatcher.utter_message(response="utter_prognoses_change")
        return events + [SlotSet("verwachting", None)] + role_events(tracker)


class ActionBestProspects(KnowledgeAction):
    """Which sectors the sources call kansrijk at a level, from one source at a time."""

    def name(self) -> Text:
        return "action_best_prospects"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        for key in level_keys(tracker):
            overview = api.kansrijk_overview(key)
            if overview is None:
                dispatcher.utter_message(
                    response="utter_perspectief_unknown", sector="alle sectoren", niveau=LEVEL_NAMES[key]
                )
                continue
            dispatcher.utter_message(
                response="utter_best_prospects",
                niveau=LEVEL_NAMES[key][0].upper() + LEVEL_NAMES[key][1:],
                kansrijk=join_dutch(overview.kansrijk),
                bron=cite(tracker, overview), periode=overview.periode, regio=overview.regio,
            )
            if overview.geheel:
                dispatcher.utter_message(response="utter_best_prospects_scope", geheel=join_dutch(overview.geheel))
            if overview.minder:
                dispatcher.utter_message(response="utter_best_prospects_weak", minder=join_dutch(overview.minder))
        dispatcher.utter_message(response="utter_best_prospects_fit")
        return role_events(tracker)
