"""No form asks the same question a third time (issue 18): every form, every question."""
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.costs import ValidateCostsForm
from actions.forms import FormValidation
from actions.prospects import ValidateProspectsForm
from actions.reflection import ValidateReflectionForm
from actions.system import ValidateRouteForm

FORMS = {"reflection_form": ValidateReflectionForm, "route_form": ValidateRouteForm,
         "costs_form": ValidateCostsForm, "prospects_form": ValidateProspectsForm}


def questions(domain):
    return [(form, slot) for form, spec in sorted(domain["forms"].items()) for slot in spec["required_slots"]]


def asked(form, slot, messages, intent, typed=False):
    """The tracker as Rasa's form sends it to the validation action after the pupil's messages
    (rasa.core.actions.forms._temporary_tracker); `typed`: the slot mapping took the last message."""
    events = [{"event": "active_loop", "name": form}]
    for text in messages:
        events += [{"event": "slot", "name": "requested_slot", "value": slot},
                   {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}, "entities": []}}]
    events += [{"event": "slot", "name": "requested_slot", "value": slot}, {"event": "action", "name": form}]
    if typed:
        events.append({"event": "slot", "name": slot, "value": messages[-1]})
    return Tracker("test", {"requested_slot": slot}, {"text": messages[-1], "intent": {"name": intent}, "entities": []},
                   events, False, None, {"name": form}, form)


async def filled(form, tracker, domain):
    dispatcher = CollectingDispatcher()
    events = await FORMS[form]().run(dispatcher, tracker, domain)
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, dispatcher.messages


def test_every_form_gives_up_after_two_tries(domain):
    assert set(domain["forms"]) == set(FORMS), "a new form needs FormValidation and a line here"
    assert all(issubclass(cls, FormValidation) for cls in FORMS.values())




async def test_small_talk_twice_moves_every_question_on(domain):
    for form, slot in questions(domain):
        first, _ = await filled(form, asked(form, slot, ["ben jij een robot?"], "bot_challenge"), domain)
        assert slot not in first, (form, slot, "the rules answer the small talk first")
        second, _ = await filled(form, asked(form, slot, ["ben jij een robot?"] * 2, "bot_challenge"), domain)
        assert second.get(slot), (form, slot, "still open after two messages it could not use")


async def test_an_answer_refused_twice_moves_every_question_on(domain):
    for form, slot in questions(domain):
        once, said = await filled(form, asked(form, slot, ["blablabla"], "inform", typed=True), domain)
        if once.get(slot):
            continue  # the question takes any text
        twice, said = await filled(form, asked(form, slot, ["blablabla", "flurp"], "inform", typed=True), domain)
        assert twice.get(slot), (form, slot)
        assert all("unknown" not in (m.get("response") or "") for m in said), "no 'I don't know that' again"
