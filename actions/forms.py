"""The base of every form's validation action: stop, skip, refused answers and interruptions, handled once."""
import abc
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import FormValidationAction, Tracker, utils
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.parsing import is_skip, is_stop, schooltype_key

STOPPED = "gestopt"


def tries(tracker: Tracker, slot: Text) -> int:
    """How many messages the user sent since the form first asked this question (this one included)."""
    count, since_asked = 0, 0
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            count += 1
        elif kind == "slot" and event.get("name") == "requested_slot":
            if event.get("value") != slot:
                break
            since_asked = count
        elif kind == "active_loop":
            break
    return since_asked


def stopped(dispatcher: CollectingDispatcher, tracker: Tracker, slots: Sequence[Text]) -> Optional[List[Dict]]:
    """After a form the user stopped: say so and clear its slots. None when it was not stopped."""
    if STOPPED not in (tracker.get_slot(slot) for slot in slots):
        return None
    dispatcher.utter_message(response="utter_stopped")
    return [SlotSet(slot, None) for slot in slots]


def known_schooltype(value: Any, dispatcher: CollectingDispatcher) -> Optional[Text]:
    """The school the pupil named, or None after telling them which ones the bot knows."""
    if schooltype_key(str(value)) is None:
        dispatcher.utter_message(response="utter_schooltype_unknown")
        return None
    return str(value)


class FormValidation(FormValidationAction, abc.ABC):
    """A form's validation action (as financial-demo's CustomFormValidationAction). Abstract, so
    rasa-sdk registers only its subclasses, whose `validate_<slot>` methods see only real answers:

    - 'stop' fills the slot with STOPPED (see `stop`), and the form's action says so
      (`KnowledgeAction.form_slots`);
    - 'sla over' fills it with `skipped`, in forms that allow skipping (else it is an answer);
    - a question that could not use two messages in a row is given up, so no form asks the same
      question a third time. A message the slot mappings did not take (small talk, a question) is
      answered by the rules the first time; the second time the slot gets `given_up` and the form goes
      on. A typed answer the validation refuses ('de middelbare' for a school) is asked once more; the
      second time the same. `moving_on` is said when a question is given up (None: the form's own
      action speaks).
    """

    skipped: Optional[Text] = None
    given_up: Text = STOPPED
    given_up_for: Dict[Text, Text] = {}
    moving_on: Optional[Text] = None

    @abc.abstractmethod
    def name(self) -> Text:
        """validate_<form name>"""

    def stop(self, slot: Text, tracker: Tracker) -> Dict[Text, Any]:
        """The slots 'stop' fills: this one, with STOPPED."""
        return {slot: STOPPED}

    async def check_answer(
        self, slot: Text, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """The slots one answer fills: stop and skip first, then the slot's own `validate_<slot>`."""
        if isinstance(value, str) and is_stop(value):
            return self.stop(slot, tracker)
        if self.skipped and isinstance(value, str) and is_skip(value):
            return {slot: self.skipped}
        validate = getattr(self, f"validate_{slot}", None)
        if validate is None:
            return {slot: value}
        return await utils.call_potential_coroutine(validate(value, dispatcher, tracker, domain))

    def _give_up(self, slot: Text, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
        if self.moving_on:
            dispatcher.utter_message(response=self.moving_on)
        return SlotSet(slot, self.given_up_for.get(slot, self.given_up))

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        slot = tracker.get_slot("requested_slot")
        taken = set(tracker.slots_to_validate()) | {e["name"] for e in events}
        if slot and slot not in taken and tries(tracker, slot) >= 2:
            events.append(self._give_up(slot, dispatcher))
        return events

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        """As rasa-sdk's, with stop and skip before `validate_<slot>`, and a refused answer given up
        the second time."""
        said = len(dispatcher.messages)
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        slots: Dict[Text, Any] = {}
        for slot, value in tracker.slots_to_validate().items():
            if slot not in required:
                continue
            checked = await self.check_answer(slot, value, dispatcher, tracker, domain)
            slots.update(checked)
            tracker.slots.update(checked)  # the next validate_<slot> sees it, as in rasa-sdk
        events = [SlotSet(slot, value) for slot, value in slots.items()]

        slot = tracker.get_slot("requested_slot")
        refused = any(e["name"] == slot and e["value"] is None for e in events)
        if refused and tries(tracker, slot) >= 2:
            if not any(e["name"] == "kaart" and e["value"] for e in events):  # a question it answered stays
                del dispatcher.messages[said:]  # not 'I don't know that school' once more
            events = [e for e in events if e["name"] != slot] + [self._give_up(slot, dispatcher)]
        return events
