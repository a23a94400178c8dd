"""The digital loopbaangesprek: interest questions, then 3-5 options that fit (`actions.options`).

The form never gets stuck: a message the form cannot take (small talk, a question) is answered by
the rules, unless it plainly answers the question; a second one for the same question skips it
with a kind word.
"""
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.cards import answer_with_card
from actions.common import KnowledgeAction, level_label
from actions.forms import FormValidation, known_schooltype
from actions.interests import read
from actions.options import (
    PAUSED, QUESTIONS, SKIPPED, build_options, names_an_opleiding, overview, type_labels, wording,
)
from actions.parsing import is_skip, is_stop, plain, schooltype_key

FORM_SLOTS = QUESTIONS + ["schooltype"]
MAX_ANSWER_CHARS = 200
QUESTION_WORDS = {"wat", "wie", "waar", "waarom", "hoe", "welke", "wanneer", "kan", "kun", "mag", "is", "ben",
                  "heb", "heeft", "hoeveel"}


def says_something(slot: Text, text: Text) -> bool:
    """Whether a message tells something for this question: interest words, or a school we know."""
    if slot == "schooltype":
        return schooltype_key(text) is not None
    if slot == "r_favoriet":
        return names_an_opleiding(text)
    return not read([text]).empty


def is_question(text: Text) -> bool:
    words = plain(text).split()
    return "?" in text or bool(words and words[0] in QUESTION_WORDS)


class ValidateReflectionForm(FormValidation):
    """Every answer is accepted; 'sla over' skips a question and 'stop' pauses the whole form.

    A message the form's mappings did not take (small talk, a content question) is taken as the answer
    when it plainly is one: no question, and words the interest lexicon knows ('ik sleutel graag aan
    brommers' read as small talk). Otherwise the rules answer it, and the second such message for the
    same question skips it with a kind word (`FormValidation`): the form never loops, and a question is
    never stored as what the pupil likes.
    """

    skipped = SKIPPED
    given_up = SKIPPED
    moving_on = "utter_skip_question"

    def name(self) -> Text:
        return "validate_reflection_form"

    def stop(self, slot: Text, tracker: Tracker) -> Dict[Text, Any]:
        """'stop' pauses the form: every open question waits for 'verder'."""
        unfilled = {s: PAUSED for s in FORM_SLOTS if tracker.get_slot(s) in (None, PAUSED)}
        return {**unfilled, slot: PAUSED, "reflectie_status": PAUSED}

    def _answer(
        self, slot: Text, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Dict[Text, Any]:
        text = " ".join(str(value or "").split())[:MAX_ANSWER_CHARS]
        if is_question(text):
            # a question an answer card surely answers ('wat kost het hbo?') is answered, not stored;
            # the form then asks its question again
            card = answer_with_card(dispatcher, tracker, offer_choices=False)
            if card is not None:
                return {slot: None, **{event["name"]: event["value"] for event in card}}
        return {slot: text}

    def _extract(self, slot: Text, tracker: Tracker) -> Dict[Text, Any]:
        """The requested slot, when the form's own mappings did not take this message."""
        if tracker.get_slot("requested_slot") != slot or slot in tracker.slots_to_validate():
            return {}
        text = tracker.latest_message.get("text") or ""
        if is_stop(text) or is_skip(text):
            return {slot: text}
        if says_something(slot, text) and not is_question(text):
            return {slot: text}
        return {}

    def validate_r_bezigheden(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_bezigheden", value, dispatcher, tracker)

    def validate_r_waarom(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_waarom", value, dispatcher, tracker)

    def validate_r_werken_met(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_werken_met", value, dispatcher, tracker)

    def validate_r_vakken(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_vakken", value, dispatcher, tracker)

    def validate_r_plek(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_plek", value, dispatcher, tracker)

    def validate_r_belangrijk(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_belangrijk", value, dispatcher, tracker)

    def validate_r_sterk(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_sterk", value, dispatcher, tracker)

    def validate_r_favoriet(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_favoriet", value, dispatcher, tracker)

    def validate_schooltype(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value == SKIPPED:
            return {"schooltype": SKIPPED}
        return {"schooltype": known_schooltype(value, dispatcher)}

    def extract_r_bezigheden(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("r_bezigheden", tracker)

    def extract_r_waarom(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("r_waarom", tracker)

    def extract_r_werken_met(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("r_werken_met", tracker)

    def extract_r_vakken(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("r_vakken", tracker)

    def extract_r_plek(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("r_plek", tracker)

    def extract_r_belangrijk(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("r_belangrijk", tracker)

    def extract_r_sterk(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("r_sterk", tracker)

    def extract_r_favoriet(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("r_favoriet", tracker)

    def extract_schooltype(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("schooltype", tracker)


class ActionReflectionResult(KnowledgeAction):
    def name(self) -> Text:
        return "action_reflection_result"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if tracker.get_slot("reflectie_status") == PAUSED:
            dispatcher.utter_message(response="utter_reflection_paused")
            # Clear the placeholders so the form asks these questions again on 'verder'.
            return [SlotSet(s, None) for s in FORM_SLOTS if tracker.get_slot(s) == PAUSED]

        options = build_options(tracker)
        # A skipped school is not a school: other questions may ask for it again.
        events = [SlotSet("schooltype", None)] if tracker.get_slot("schooltype") == SKIPPED else []
        if not options:
            dispatcher.utter_message(response="utter_reflection_no_profile")
            return events + [SlotSet("reflectie_status", "klaar")]
        labels = type_labels(tracker)
        dispatcher.utter_message(response="utter_reflection_intro", typen=" en ".join(labels) or "breed geïnteresseerd")
        for number, option in enumerate(options, start=1):
            dispatcher.utter_message(
                response="utter_reflection_option", nummer=number, naam=option.opleiding.naam,
                niveau=level_label(option.opleiding), reden=option.reden, kansen=option.kansen,
                route=option.route, stap=option.stap,
            )
        dispatcher.utter_message(response="utter_reflection_choice")
        dispatcher.utter_message(json_message=overview(tracker, options))
        favourite = next((o.opleiding for o in options if o.reden == wording(tracker, "favourite")), None)
        events.append(SlotSet("reflectie_status", "klaar"))
        if favourite:
            events.append(SlotSet("opleiding_id", favourite.id))
        return events


class ActionOverview(KnowledgeAction):
    """'Mijn overzicht': the summary card again, rebuilt from this conversation's answers."""

    def name(self) -> Text:
        return "action_overview"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        options = build_options(tracker) if tracker.get_slot("reflectie_status") == "klaar" else []
        if not options:
            dispatcher.utter_message(response="utter_overview_empty")
            return []
        card = overview(tracker, options)
        dispatcher.utter_message(
            response="utter_overview_text",
            interesses=", ".join(card["overzicht"]["interesses"]) or "nog niet duidelijk",
            opties="; ".join(f"{o['naam']} ({o['niveau']})" for o in card["overzicht"]["opties"]),
            stap=options[0].stap,
        )
        dispatcher.utter_message(json_message=card)
        return []
