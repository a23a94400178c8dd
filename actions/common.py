"""Helpers shared by the action modules: reading the tracker and matching opleidingen."""
import abc
import logging
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.forms import stopped
from actions.parsing import is_parent_message, knowledge_id_in, niveau_of, onderwijs_of
from knowledge import api
from knowledge.errors import NotFound
from knowledge.vocabulary import LEVEL_NAMES

logger = logging.getLogger(__name__)
AMBIGUITY_MARGIN = 4.0  # matches this close to the best one are offered as a choice
SURE_SCORE = 85.0  # a weaker single match ('flurbologie' ~ 'Biologie') is asked about, not assumed
MAX_CHOICES = 4


def entity_values(tracker: Tracker, entity: Text) -> List[Text]:
    """All values of one entity in the latest user message, in order."""
    return [
        str(e["value"]) for e in tracker.latest_message.get("entities", []) if e.get("entity") == entity
    ]


def entity_value(tracker: Tracker, entity: Text) -> Optional[Text]:
    values = entity_values(tracker, entity)
    return values[0] if values else None


def latest_text(tracker: Tracker) -> Text:
    return tracker.latest_message.get("text") or ""


def question_text(tracker: Tracker, intent: Text) -> Text:
    """The user's latest message with this intent: the question a form is answering."""
    for event in reversed(tracker.events):
        if event.get("event") == "user" and event.get("parse_data", {}).get("intent", {}).get("name") == intent:
            return event.get("text") or ""
    return latest_text(tracker)


def role_events(tracker: Tracker) -> List[Dict[Text, Any]]:
    """Infer a parent from 'mijn zoon/dochter' when the role is not known yet."""
    if tracker.get_slot("rol") is None and is_parent_message(latest_text(tracker)):
        return [SlotSet("rol", "ouder")]
    return []


@dataclass(frozen=True)
class Resolution:
    """The result of matching what the user named: one opleiding, a choice, or nothing."""

    opleiding: Optional[api.Opleiding] = None
    choices: Sequence[api.Opleiding] = ()

    @property
    def best(self) -> Optional[api.Opleiding]:
        """The opleiding meant, else the likeliest of the choices; None when nothing matched."""
        return self.opleiding or (self.choices[0] if self.choices else None)


def match_name(name: Text, tracker: Tracker) -> Resolution:
    """Fuzzy-match a name, narrowed by the niveau and school type the user mentioned."""
    text = latest_text(tracker)
    niveau = niveau_of(entity_value(tracker, "niveau") or text)
    soort = onderwijs_of(entity_value(tracker, "schooltype") or "")
    matches = api.find_opleidingen(name, niveau=niveau, soort=soort, limit=MAX_CHOICES * 2)
    if not matches and (niveau or soort):
        matches = api.find_opleidingen(name, limit=MAX_CHOICES * 2)
    if not matches:
        return Resolution()
    best = matches[0].score
    close = [m for m in matches if m.score >= best - AMBIGUITY_MARGIN]
    exact = [m for m in close if m.exact]
    if len(exact) == 1 or (len(close) == 1 and best >= SURE_SCORE):
        return Resolution(opleiding=(exact or close)[0].opleiding)
    return Resolution(choices=tuple(m.opleiding for m in close[:MAX_CHOICES]))  # ask, rather than guess


def resolve_opleiding(tracker: Tracker, use_context: bool = True) -> Resolution:
    """What opleiding the user means: a chosen button, a name in this message, or the last one discussed."""
    chosen = knowledge_id_in(latest_text(tracker))
    if chosen:
        try:
            return Resolution(opleiding=api.get_opleiding(chosen))
        except NotFound:
            return Resolution()
    name = entity_value(tracker, "opleiding")
    if name:
        return match_name(name, tracker)
    previous = tracker.get_slot("opleiding_id") if use_context else None
    if previous:
        try:
            return Resolution(opleiding=api.get_opleiding(previous))
        except NotFound:
            return Resolution()
    return Resolution()


def cite(tracker: Tracker, record: Any) -> Text:
    """The source as the reader can use it: publisher, title, year and link for pupils and parents;
    with the place in the document ('SEOR 2024, seed 002 r. 111-121') for LOB staff only."""
    return record.bron_plaats if tracker.get_slot("rol") == "lob" else record.bron


def level_label(opleiding: api.Opleiding) -> Text:
    """'mbo niveau 4', 'hbo-bachelor', 'associate degree (hbo)', 'wo-bachelor'."""
    if opleiding.soort == "mbo":
        return LEVEL_NAMES[opleiding.niveau_key]
    if opleiding.type_ho == "associate degree":
        return "associate degree (hbo)"
    return f"{opleiding.soort}-{opleiding.type_ho or 'opleiding'}"


def choice_buttons(choices: Sequence[api.Opleiding], question: Text) -> List[Dict[Text, Text]]:
    """Buttons that name each opleiding; the id in the payload makes the choice exact."""
    return [
        {
            "title": f"{o.naam} ({level_label(o)})",
            "payload": f"{question} {o.naam} ({o.id})",
        }
        for o in choices
    ]


def join_dutch(items: Sequence[Text]) -> Text:
    """['a', 'b', 'c'] -> 'a, b en c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


class KnowledgeAction(Action, abc.ABC):
    """An action that answers from the knowledge base; if the database cannot be read
    (missing, locked, broken), the user gets a clear answer instead of silence.
    Abstract, so rasa-sdk registers only its subclasses.

    `form_slots`: the slots of the form this action answers; when the user stopped that form,
    the action says so and clears them instead of answering.
    """

    form_slots: Sequence[Text] = ()

    @abc.abstractmethod
    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """The answer itself, as `run` would give it."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        try:
            stop = stopped(dispatcher, tracker, self.form_slots)
            return stop if stop is not None else await self.answer(dispatcher, tracker, domain)
        except SQLAlchemyError as error:
            logger.error("kennisbank niet leesbaar in %s: %s", self.name(), error.__class__.__name__)
            dispatcher.messages.clear()  # no half answers
            dispatcher.utter_message(response="utter_knowledge_unavailable")
            return []
