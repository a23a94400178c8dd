"""No internal names in anything a pupil or parent reads (issue 19).

Slot values and ids ('transport_logistiek', 'mbo-25655'), file and line citations ('seed 002 L111',
'r. 111-121') and file names belong to the knowledge base and to staff mode, never to a pupil's or a
parent's screen. Checked over every response of the domain and over the output of every answer
action, rendered the way Rasa renders it (the variant for the reader's role, kwargs and slots filled).
"""
import re
from typing import Any, Dict, List, Optional

import pytest

from actions.costs import ActionCosts
from actions.opleiding import ActionAdmissionInfo, ActionInform, ActionOpleidingInfo
from actions.prospects import ActionBestProspects, ActionJobProspects, ValidateProspectsForm
from actions.research import ActionResearch
from actions.system import ActionCompare, ActionRoutes, ActionSystemInfo
from knowledge import api

INTERNAL = re.compile(
    r"seed \d{3}"                      # a seed file of this project
    r"|\bL\d+\b|\br\. \d+"             # line numbers
    r"|\b(mbo|hbo|wo)-\d{4,5}\b"       # opleiding ids
    r"|\b[a-z]+_[a-z_]+\b"             # slot values and ids: transport_logistiek, zorg_welzijn, bron_id
    r"|\.(csv|txt|yaml|py)\b"          # file names
)
URL = re.compile(r"https?://\S+")
PLACEHOLDER = re.compile(r"{(\w+)}")
ROLES = [None, "ouder"]


def internal_names(text: str) -> List[str]:
    return [m.group() for m in INTERNAL.finditer(URL.sub("", text))]


def variant(domain: Dict[str, Any], response: str, slots: Dict[str, Any]) -> Dict[str, Any]:
    """The variant Rasa picks: the first whose slot conditions hold, else the first without one."""
    variants = domain["responses"][response]
    for candidate in variants:
        conditions = candidate.get("condition", [])
        if conditions and all(slots.get(c["name"]) == c["value"] for c in conditions):
            return candidate
    return next(v for v in variants if not v.get("condition"))


def rendered(message: Dict[str, Any], domain: Dict[str, Any], slots: Dict[str, Any]) -> List[str]:
    """Every text the reader sees for one dispatched message."""
    texts = [str(message.get("text") or "")]
    values = {**{k: v for k, v in slots.items() if v is not None}, **message}
    if message.get("response"):
        chosen = variant(domain, message["response"], slots)
        texts.append(PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group())), chosen.get("text", "")))
        texts += [b["title"] for b in chosen.get("buttons", [])]
    texts += [b["title"] for b in message.get("buttons") or []]
    texts += leaves(message.get("custom") or message.get("json_message"))
    return texts


def leaves(payload: Any) -> List[str]:
    """The values of a custom payload the widget shows (its keys are the widget's, not the reader's)."""
    if isinstance(payload, dict):
        return [text for value in payload.values() for text in leaves(value)]
    if isinstance(payload, list):
        return [text for value in payload for text in leaves(value)]
    return [] if payload is None else [str(payload)]


def test_no_response_text_names_internal_ids(domain):
    for name, variants in domain["responses"].items():
        for candidate in variants:
            for text in [candidate.get("text", "")] + [b["title"] for b in candidate.get("buttons", [])]:
                plain = PLACEHOLDER.sub("", text)  # placeholders are filled in, see the tests below
                assert not internal_names(plain), f"{name}: {internal_names(plain)} in {text!r}"


def test_responses_fill_in_only_readable_slots(domain):
    """A template that shows a slot shows what the user typed or a name, never an id-like slot."""
    shown = {m for variants in domain["responses"].values() for v in variants
             for m in PLACEHOLDER.findall(v.get("text", ""))}
    id_slots = {name for name in domain["slots"] if name.endswith("_id")}
    assert not shown & id_slots


def ent(name: str, value: str) -> Dict[str, str]:
    return {"entity": name, "value": value}


SCENARIOS = [
    (ActionOpleidingInfo, [("wat is kapper", "ask_opleiding_info", [ent("opleiding", "kapper")])], {}),
    (ActionOpleidingInfo, [("vertel over verpleegkunde", "ask_opleiding_info", [ent("opleiding", "verpleegkunde")])], {}),
    (ActionOpleidingInfo, [("Meer over Verpleegkunde (hbo-34560)", "ask_opleiding_info")], {}),
    (ActionOpleidingInfo, [("rechten", "ask_opleiding_info", [ent("opleiding", "rechtsgeleerdheid")])], {}),
    (ActionAdmissionInfo, [("toelating pabo", "ask_admission", [ent("opleiding", "pabo")])], {}),
    (ActionJobProspects, [("kans op werk kapper", "ask_job_prospects")], {"onderwerp_kansen": "kapper"}),
    (ActionJobProspects, [("is er werk in de zorg", "ask_job_prospects")], {"onderwerp_kansen": "zorg", "schooltype": "havo"}),
    (ActionJobProspects, [("transport niveau 2", "ask_job_prospects", [ent("niveau", "niveau 2")])],
     {"onderwerp_kansen": "transport_logistiek"}),
    (ActionJobProspects, [("transport niveau 3", "ask_job_prospects", [ent("niveau", "niveau 3")])],
     {"onderwerp_kansen": "Transport en logistiek"}),
    (ActionJobProspects, [("techniek niveau 2", "ask_job_prospects", [ent("niveau", "niveau 2")])], {"onderwerp_kansen": "techniek"}),
    (ActionJobProspects, [("verkoper", "ask_job_prospects")], {"onderwerp_kansen": "Verkoper", "opleiding_id": "mbo-25167"}),
    (ActionJobProspects, [("ad zorg", "ask_job_prospects")],
     {"onderwerp_kansen": "Ad Management in de Zorg", "opleiding_id": "hbo-80011"}),
    (ActionJobProspects, [("economie", "ask_job_prospects")],
     {"onderwerp_kansen": "economie", "verwachting": "grote kans", "schooltype": "havo"}),
    (ActionBestProspects, [("wat is kansrijk", "ask_best_prospects")], {"schooltype": "havo"}),
    (ActionBestProspects, [("wat is kansrijk op niveau 3", "ask_best_prospects", [ent("niveau", "niveau 3")])], {}),
    (ActionCosts, [("wat kost het hbo", "ask_costs", [ent("schooltype", "hbo")])], {}),
    (ActionCosts, [("lesgeld mbo", "ask_costs", [ent("schooltype", "mbo")])], {}),
    (ActionCosts, [("studiefinanciering wo", "ask_costs", [ent("schooltype", "wo"), ent("kostensoort", "studiefinanciering")])], {}),
    (ActionResearch, [("onderzoek ouders", "ask_research", [ent("thema", "ouders")])], {}),
    (ActionSystemInfo, [("wat is stapelen", "ask_system", [ent("onderwerp", "stapelen")])], {}),
    (ActionSystemInfo, [("wat is bbl", "ask_system", [ent("leerweg", "bbl")])], {}),
    (ActionCompare, [("bol of bbl", "ask_compare", [ent("leerweg", "bol"), ent("leerweg", "bbl")])], {}),
    (ActionCompare, [("pabo of onderwijsassistent", "ask_compare",
                      [ent("opleiding", "pabo"), ent("opleiding", "onderwijsassistent")])], {}),
    (ActionRoutes, [("wat kan ik na vmbo kader", "ask_route")], {"schooltype": "vmbo kader"}),
    (ActionRoutes, [("wat kan ik na havo", "ask_route")], {"schooltype": "havo"}),
    (ActionInform, [("timmerman", "inform", [ent("opleiding", "timmerman")])], {}),
]


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("action, turns, slots", SCENARIOS)
async def test_action_output_names_no_internal_ids(make_tracker, dispatcher, domain, action, turns, slots, rol):
    slots = {**slots, "rol": rol}
    tracker = make_tracker(turns, slots=slots)

    await action().run(dispatcher, tracker, domain)

    assert dispatcher.messages
    for message in dispatcher.messages:
        for text in rendered(message, domain, slots):
            assert not internal_names(text), f"{internal_names(text)} in {text!r}"


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("typed", ["transport_logistiek", "zorg", "Meer over Verpleegkunde (hbo-34560)", "kapper"])
async def test_expectation_question_names_the_subject_readably(make_tracker, dispatcher, domain, typed, rol):
    """'hoe groot is de kans op werk met transport_logistiek?' (issue 19) must not happen."""
    tracker = make_tracker([(typed, "ask_job_prospects")], slots={"rol": rol})
    filled = ValidateProspectsForm().validate_onderwerp_kansen(typed, dispatcher, tracker, domain)

    slots: Dict[str, Optional[str]] = {"rol": rol, **filled}
    question = rendered({"response": "utter_ask_verwachting"}, domain, slots)
    assert filled["onderwerp_kansen"] and not any(internal_names(text) for text in question), question


async def test_staff_still_see_file_and_line(make_tracker, dispatcher, domain):
    tracker = make_tracker([("techniek niveau 3", "ask_job_prospects", [ent("niveau", "niveau 3")])],
                           slots={"onderwerp_kansen": "techniek", "rol": "lob"})

    await ActionJobProspects().run(dispatcher, tracker, domain)

    figures = [m for m in dispatcher.messages if m.get("response") == "utter_perspectief"]
    assert figures and all(re.search(r"seed \d{3} r\. \d+", m["bron"]) for m in figures)


@pytest.mark.parametrize("niveau", ["niveau 2", "niveau 3"])
async def test_broader_figure_for_a_level_is_said_in_words(make_tracker, dispatcher, domain, niveau):
    """'is transport en logistiek op mbo niveau 2 een goede keuze voor werk?' (issue 19)."""
    tracker = make_tracker([(f"transport {niveau}", "ask_job_prospects", [ent("niveau", niveau)])],
                           slots={"onderwerp_kansen": "Transport en logistiek", "rol": "ouder"})

    await ActionJobProspects().run(dispatcher, tracker, domain)

    scope = [m for m in dispatcher.messages if m.get("response") == "utter_perspectief_scope"]
    assert scope and scope[0]["geldt_voor"] == "transport en logistiek in het mbo als geheel"


async def test_techniek_level_2_explains_instead_of_showing_goed(make_tracker, dispatcher, domain):
    tracker = make_tracker([("niveau 2", "ask_job_prospects", [ent("niveau", "niveau 2")])],
                           slots={"onderwerp_kansen": "techniek"})

    await ActionJobProspects().run(dispatcher, tracker, domain)

    bars = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert not any(bar["perspectief"]["label"] == "goed" for bar in bars)
    figures = [m for m in dispatcher.messages if m.get("response") == "utter_perspectief"]
    assert figures and "als geheel" in figures[0]["uitleg"]
