"""The loopbaangesprek: profile, options, ethics (same interests, same options), pause and resume."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.alternatives import ActionAlternatives, ActionPersonalReferral
from actions.interests import profile, top_types
from actions.options import PAUSED, SKIPPED, build_options, prospects_text
from actions.reflection import FORM_SLOTS, ActionOverview, ActionReflectionResult, ValidateReflectionForm
from knowledge import api
from tests.wording import ADDRESSES_AS_JE

CARING = {
    "r_bezigheden": "ik pas vaak op mijn kleine neefje en help mijn oma",
    "r_waarom": "ik vind het fijn om mensen te helpen",
    "r_werken_met": "Met mensen",
    "r_vakken": "biologie en verzorging",
    "r_plek": "Vooral binnen",
    "r_belangrijk": "Mensen helpen",
    "r_sterk": "luisteren en uitleggen",
    "r_favoriet": "nee",
    "schooltype": "vmbo kader",
}
TECHNICAL = {
    "r_bezigheden": "sleutelen aan mijn brommer en dingen bouwen",
    "r_waarom": "ik wil weten hoe iets werkt",
    "r_werken_met": "Met mijn handen en dingen",
    "r_vakken": "techniek en natuurkunde",
    "r_plek": "Vooral buiten",
    "r_belangrijk": "Zekerheid van werk",
    "r_sterk": "repareren",
    "r_favoriet": "nee",
    "schooltype": "havo",
}


def with_gender(slots, words):
    """The same interests, told by a pupil who mentions their gender in passing."""
    return {**slots, "r_bezigheden": f"{words} {slots['r_bezigheden']}"}


def test_profile_follows_content_words():
    assert top_types(profile(CARING.values()))[0] == "S"
    assert top_types(profile(TECHNICAL.values()))[0] == "R"
    assert top_types(profile([])) == []


def test_reasons_quote_the_pupil_and_differ(make_tracker):
    """Issue 18 replaces best_evidence (one answer quoted for every option) by the words that matched."""
    options = build_options(make_tracker([("klaar", "inform")], slots=TECHNICAL))
    said = " ".join(TECHNICAL.values()).lower()
    for option in options:
        quotes = [q for q in option.reden.split('"')[1::2]]
        assert quotes and all(q.lower() in said for q in quotes), option.reden
    assert len({o.reden for o in options}) == len(options)


@pytest.mark.parametrize("slots", [CARING, TECHNICAL])
def test_options_fit_and_include_a_kansrijke_one(make_tracker, slots):
    tracker = make_tracker([("klaar", "inform")], slots=slots)

    options = build_options(tracker)

    assert 3 <= len(options) <= 5
    assert any(o.kansrijk for o in options)
    for option in options:
        assert option.reden and option.route and option.stap and option.kansen
        if option.kansrijk:
            assert "(" in option.kansen, "a kansrijk mark carries its source and period"


def test_caring_pupil_gets_zorg_or_onderwijs_first(make_tracker):
    options = build_options(make_tracker([("klaar", "inform")], slots=CARING))
    assert options[0].opleiding.sector_id in {"zorg_welzijn", "onderwijs", "gedrag_maatschappij", "sport"}
    assert all(o.opleiding.soort == "mbo" for o in options), "vmbo kader leads to mbo options"


def test_havo_pupil_gets_hbo_options(make_tracker):
    options = build_options(make_tracker([("klaar", "inform")], slots=TECHNICAL))
    assert {o.opleiding.soort for o in options} == {"hbo"}


def test_favourite_stays_in_the_list_even_with_weaker_prospects(make_tracker):
    slots = {**TECHNICAL, "r_favoriet": "mediavormgever", "schooltype": "vmbo tl"}
    options = build_options(make_tracker([("klaar", "inform")], slots=slots))
    assert options[0].reden == "Dit is je eigen favoriet."
    assert "mediavormgev" in options[0].opleiding.naam.lower()


@pytest.mark.parametrize("slots", [CARING, TECHNICAL])
@pytest.mark.parametrize("pair", [("ik ben een meisje en", "ik ben een jongen en"),
                                  ("als meid", "als jongen"), ("ik ben non-binair,", "ik ben een jongen,")])
def test_same_interests_get_the_same_options_whatever_the_gender(make_tracker, slots, pair):
    first = build_options(make_tracker([("klaar", "inform")], slots=with_gender(slots, pair[0])))
    second = build_options(make_tracker([("klaar", "inform")], slots=with_gender(slots, pair[1])))
    assert [o.opleiding.id for o in first] == [o.opleiding.id for o in second]


async def test_result_hands_the_choice_back_and_sends_the_overview(make_tracker, dispatcher, domain):
    tracker = make_tracker([("havo", "inform")], slots=CARING)

    events = await ActionReflectionResult().run(dispatcher, tracker, domain)

    said = [m.get("response") for m in dispatcher.messages]
    assert said[0] == "utter_reflection_intro"
    assert said.count("utter_reflection_option") >= 3
    assert "utter_reflection_choice" in said
    card = next(m["custom"] for m in dispatcher.messages if m.get("custom"))["overzicht"]
    assert card["opties"] and "Jij kiest" in card["let_op"]
    assert {"event": "slot", "name": "reflectie_status", "value": "klaar", "timestamp": None} in events


def test_no_imperatives_about_the_choice_in_reflection_texts(domain):
    """AU1: invite, never prescribe."""
    for name, variants in domain["responses"].items():
        if not (name.startswith("utter_reflection") or name.startswith("utter_alternative")):
            continue
        for variant in variants:
            text = variant["text"].lower()
            assert "je moet" not in text and "kies liever" not in text and "moet je" not in text


async def test_stop_pauses_and_resume_asks_only_what_is_missing(make_tracker, dispatcher, domain):
    form = ValidateReflectionForm()
    partly = make_tracker([("stop", "inform")], slots={"r_bezigheden": "tekenen", "r_waarom": "rust"})

    paused = await form.check_answer("r_werken_met", "stop", dispatcher, partly, domain)

    assert paused["reflectie_status"] == PAUSED
    assert "r_bezigheden" not in paused and paused["r_werken_met"] == PAUSED
    slots = {**{s: None for s in FORM_SLOTS}, "r_bezigheden": "tekenen", "r_waarom": "rust", **paused}
    events = await ActionReflectionResult().run(dispatcher, make_tracker([("stop", "inform")], slots=slots), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_reflection_paused"]
    cleared = {e["name"] for e in events}
    assert "r_werken_met" in cleared and "r_bezigheden" not in cleared


async def test_skip_and_free_text_answers(make_tracker, dispatcher, domain):
    form = ValidateReflectionForm()
    tracker = make_tracker([("x", "inform")])
    assert await form.check_answer("r_vakken", "sla over", dispatcher, tracker, domain) == {"r_vakken": SKIPPED}
    assert await form.check_answer("r_vakken", "  gym   en  tekenen ", dispatcher, tracker, domain) == {
        "r_vakken": "gym en tekenen"}
    assert len((await form.check_answer("r_vakken", "a" * 5000, dispatcher, tracker, domain))["r_vakken"]) == 200


async def test_overview_needs_a_finished_reflection(make_tracker, dispatcher, domain):
    await ActionOverview().run(dispatcher, make_tracker([("mijn overzicht", "ask_overview")]), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_overview_empty"]


async def test_alternatives_are_content_related_and_leave_the_choice(make_tracker, dispatcher, domain):
    kapper = api.find_opleidingen("kapper")[0].opleiding
    tracker = make_tracker([("wat lijkt hierop", "ask_alternatives")], slots={"opleiding_id": kapper.id})

    await ActionAlternatives().run(dispatcher, tracker, domain)

    alternatives = [m for m in dispatcher.messages if m.get("response") == "utter_alternative"]
    assert 1 <= len(alternatives) <= 3
    assert all(m["reden"] and m["kansen"] for m in alternatives)
    assert dispatcher.messages[-1]["response"] == "utter_alternatives_choice"
    assert any(m.get("response") == "utter_alternative_routes" for m in dispatcher.messages)


async def test_personal_worries_get_a_trusted_adult_and_no_alternatives(make_tracker, dispatcher, domain):
    tracker = make_tracker([("ik wil stoppen met school", "personal_circumstances")])
    events = await ActionPersonalReferral().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_personal_referral"
    assert "0800" in dispatcher.messages[1]["waarvoor"]

    later = CollectingDispatcher()
    kapper = api.find_opleidingen("kapper")[0].opleiding
    slots = {"opleiding_id": kapper.id, **{e["name"]: e["value"] for e in events}}
    await ActionAlternatives().run(later, make_tracker([("alternatieven?", "ask_alternatives")], slots=slots), domain)
    assert [m["response"] for m in later.messages] == ["utter_personal_referral"]




def test_contradictory_answers_still_give_options(make_tracker):
    """'Vooral binnen' after 'buiten voetballen', money and helping at once: no crash, a mixed profile."""
    slots = {**CARING, "r_bezigheden": "buiten voetballen", "r_plek": "Vooral binnen",
             "r_belangrijk": "Goed verdienen", "r_waarom": "ik help graag mensen", "schooltype": "havo"}
    options = build_options(make_tracker([("klaar", "inform")], slots=slots))
    assert 3 <= len(options) <= 5
    assert {o.opleiding.soort for o in options} == {"hbo"}


async def test_parent_gets_the_overview_about_their_child(make_tracker, dispatcher, domain):
    slots = {**TECHNICAL, "r_favoriet": "mediavormgever", "rol": "ouder"}
    events = await ActionReflectionResult().run(dispatcher, make_tracker([("havo", "inform")], slots=slots), domain)

    options = [m for m in dispatcher.messages if m.get("response") == "utter_reflection_option"]
    assert options[0]["reden"] == "Dit is de favoriet van uw kind."
    card = next(m["custom"] for m in dispatcher.messages if m.get("custom"))["overzicht"]
    card_text = " ".join([card["titel"], card["volgende_stap"], card["let_op"], *(o["reden"] for o in card["opties"])])
    assert "uw kind" in card_text.lower()
    assert not ADDRESSES_AS_JE.search(card_text), card_text
    assert any(e.get("name") == "opleiding_id" for e in events), "the favourite is still remembered"


# --- never stuck (issue 18) ---------------------------------------------------------------------

from rasa_sdk import Tracker  # noqa: E402

from actions.forms import tries  # noqa: E402
from actions.options import QUESTIONS  # noqa: E402
from knowledge import advice  # noqa: E402

MISREAD = "ik sleutel graag aan brommers en auto's, ik wil met mijn handen werken"


def asked(slot, messages, intent="bot_challenge", slots=None):
    """The form asked `slot` and the pupil answered with `messages`, each read as `intent`: the
    tracker as Rasa's form sends it to the validation action (rasa.core.actions.forms._temporary_tracker)."""
    events = [{"event": "active_loop", "name": "reflection_form"}]
    for text in messages:
        events += [{"event": "slot", "name": "requested_slot", "value": slot},
                   {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}]
    events += [{"event": "slot", "name": "requested_slot", "value": slot},
               {"event": "action", "name": "reflection_form"}]
    return Tracker("test", {"requested_slot": slot, **(slots or {})},
                   {"text": messages[-1], "intent": {"name": intent}}, events, False, None,
                   {"name": "reflection_form"}, "reflection_form")


async def run_form(tracker, domain):
    dispatcher = CollectingDispatcher()
    events = await ValidateReflectionForm().run(dispatcher, tracker, domain)
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, dispatcher.messages


@pytest.mark.parametrize("slot", [s for s in QUESTIONS if s != "r_favoriet"])
async def test_an_answer_misread_as_small_talk_is_taken_when_it_says_something(slot, domain):
    filled, said = await run_form(asked(slot, [MISREAD]), domain)
    assert filled == {slot: MISREAD} and said == []


@pytest.mark.parametrize("slot", FORM_SLOTS)
async def test_every_form_question_moves_on_after_two_rejected_messages(slot, domain):
    first, _ = await run_form(asked(slot, ["ben jij een robot?"]), domain)
    assert slot not in first, "the first time the rules answer the small talk"
    second, said = await run_form(asked(slot, ["ben jij een robot?", "ben jij een robot?"]), domain)
    assert second[slot] == SKIPPED
    assert [m["response"] for m in said] == ["utter_skip_question"]


def test_tries_count_only_answers_to_this_question():
    events = [{"event": "active_loop", "name": "reflection_form"},
              {"event": "slot", "name": "requested_slot", "value": "r_favoriet"},
              {"event": "user", "text": "nee"},
              {"event": "slot", "name": "r_favoriet", "value": "nee"},
              {"event": "slot", "name": "requested_slot", "value": "schooltype"},
              {"event": "bot", "text": "Op welke school zit je?"},
              {"event": "user", "text": "de middelbare"}]
    tracker = Tracker("test", {}, {}, events, False, None, {}, "action_listen")
    assert tries(tracker, "schooltype") == 1
    assert tries(Tracker("test", {}, {}, events + events[-3:], False, None, {}, "action_listen"), "schooltype") == 2


async def test_a_content_question_is_left_to_the_answer_layer_once(domain):
    first, _ = await run_form(asked("r_bezigheden", ["wat doet een kok?"], intent="ask_opleiding_info"), domain)
    assert "r_bezigheden" not in first
    second, _ = await run_form(asked("r_bezigheden", ["wat doet een kok?"] * 2, intent="ask_opleiding_info"), domain)
    assert second["r_bezigheden"] == SKIPPED, "a question is never stored as what the pupil likes"


async def test_an_unknown_school_is_asked_once_more_then_skipped(domain):
    def typed(*messages):
        """The form's from_text mapping takes what was typed; validation decides."""
        tracker = asked("schooltype", list(messages), intent="inform")
        tracker.add_slots([{"event": "slot", "name": "schooltype", "value": messages[-1]}])
        return tracker

    first, said = await run_form(typed("de middelbare"), domain)
    assert first.get("schooltype") is None and said[0]["response"] == "utter_schooltype_unknown"
    second, said = await run_form(typed("de middelbare", "gewoon de middelbare"), domain)
    assert second["schooltype"] == SKIPPED and said[-1]["response"] == "utter_skip_question"


async def test_a_skipped_school_is_forgotten_after_the_result(make_tracker, dispatcher, domain):
    slots = {**CARING, "schooltype": SKIPPED}
    events = await ActionReflectionResult().run(dispatcher, make_tracker([("klaar", "inform")], slots=slots), domain)
    assert {"event": "slot", "name": "schooltype", "value": None, "timestamp": None} in events


def test_a_button_question_answered_in_words_is_read(make_tracker):
    slots = {"r_werken_met": "vooral met paarden en honden, buiten op de boerderij", "schooltype": "vmbo kader"}
    options = build_options(make_tracker([("klaar", "inform")], slots=slots))
    assert options and all("dieren" in api.opleiding_families(o.opleiding.id)
                           or "groen-natuur" in api.opleiding_families(o.opleiding.id) for o in options[:3])


def test_vmbo_basis_gets_mbo_levels_it_can_reach(make_tracker):
    slots = {"r_bezigheden": "ik help graag mensen en pas op kinderen", "schooltype": "vmbo basis"}
    options = build_options(make_tracker([("klaar", "inform")], slots=slots))
    assert options and {o.opleiding.niveau_key for o in options} <= {"mbo1", "mbo2"}


def test_the_kansrijker_idea_is_marked(make_tracker):
    for text in ("ik kook graag", "ik dans en zing", "ik teken graag"):
        options = build_options(make_tracker([("klaar", "inform")], slots={"r_bezigheden": text}))
        for option in options:
            assert option.kansrijker == option.reden.startswith("Kansrijker idee")
        assert sum(o.kansrijker for o in options) <= 1
        assert options == [o for o in options] and len(options) <= 5


def test_nothing_to_read_gives_no_options(make_tracker):
    assert build_options(make_tracker([("klaar", "inform")], slots={"r_bezigheden": "weet ik niet"})) == []
    assert advice.profile(["weet ik niet"]).empty


@pytest.mark.parametrize("typed, favourite", [("haha", None), ("politie", None), ("kapper", "Kapper"),
                                              ("mediavormgever", "Mediavormgever")])
def test_only_a_name_the_search_is_sure_of_becomes_the_favourite(make_tracker, typed, favourite):
    options = build_options(make_tracker([("klaar", "inform")], slots={**CARING, "r_favoriet": typed}))
    first = options[0]
    assert (first.opleiding.naam if first.reden == "Dit is je eigen favoriet." else None) == favourite


@pytest.mark.parametrize("slot", [s for s in QUESTIONS if s != "r_favoriet"])
async def test_a_content_question_inside_the_reflection_is_answered_and_the_question_stays(slot, domain):
    """Issue 18: 'is een tussenjaar slim?' typed at an interest question gets its answer card; the form asks
    its own question again instead of storing the question as what the pupil likes."""
    question = "is een tussenjaar slim?"
    tracker = asked(slot, [question], intent="ask_system")
    tracker.events.append({"event": "slot", "name": slot, "value": question})  # Rasa's from_text mapping took it
    tracker.slots[slot] = question
    filled, said = await run_form(tracker, domain)
    assert filled[slot] is None and filled["kaart"] == "tussenjaar"
    assert [m["response"] for m in said] == ["utter_kaart"]


def test_an_options_prospects_say_when_their_source_covers_the_whole_school_type():
    whole = api.sector_examples("techniek", "mbo3", limit=1)[0]
    own_level = api.sector_examples("zorg_welzijn", "mbo4", limit=1)[0]

    assert "techniek en bouw in het mbo als geheel" in prospects_text(whole)[0]
    assert "als geheel" not in prospects_text(own_level)[0]
