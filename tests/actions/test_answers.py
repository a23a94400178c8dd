"""The answer actions against a real knowledge base (built by the loader for this session)."""
import re
import shutil
import sqlite3

import pytest

from actions.costs import ActionCosts, euro
from actions.opleiding import ActionAdmissionInfo, ActionInform, ActionOpleidingInfo
from actions.prospects import ActionBestProspects, ActionJobProspects, compare_expectation
from actions.research import ActionResearch
from actions.system import ActionCompare, ActionRoutes, ActionSystemInfo
from knowledge import api


def ent(name, value):
    return {"entity": name, "value": value}


def responses(dispatcher):
    return [m["response"] for m in dispatcher.messages]


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def test_opleiding_info_for_an_mbo_name(make_tracker, dispatcher, domain):
    tracker = make_tracker([("wat is de opleiding kapper", "ask_opleiding_info", [ent("opleiding", "kapper")])])

    events = await ActionOpleidingInfo().run(dispatcher, tracker, domain)

    first = dispatcher.messages[0]
    assert first["response"] == "utter_opleiding_mbo"
    assert "kapper" in first["naam"].lower() and first["niveau"] in (2, 3, 4)
    assert first["bron"]
    assert responses(dispatcher)[-1] == "utter_opleiding_next_step"
    opleiding = api.get_opleiding(slot_events(events)["opleiding_id"])
    assert opleiding.soort == "mbo"


async def test_ambiguous_name_offers_buttons_with_exact_ids(make_tracker, dispatcher, domain):
    tracker = make_tracker([("vertel over verpleegkunde", "ask_opleiding_info", [ent("opleiding", "verpleegkunde")])])

    events = await ActionOpleidingInfo().run(dispatcher, tracker, domain)

    assert responses(dispatcher) == ["utter_which_opleiding"]
    buttons = dispatcher.messages[0]["buttons"]
    assert 2 <= len(buttons) <= 4
    assert all(re.search(r"\((mbo|hbo|wo)-\d{5}\)$", b["payload"]) for b in buttons)
    assert "opleiding_id" not in slot_events(events)


async def test_button_choice_is_exact(make_tracker, dispatcher, domain):
    chosen = api.find_opleidingen("verpleegkunde", soort="hbo")[0].opleiding
    tracker = make_tracker([(f"Meer over {chosen.naam} ({chosen.id})", "ask_opleiding_info")])

    events = await ActionOpleidingInfo().run(dispatcher, tracker, domain)

    assert dispatcher.messages[0]["response"] == "utter_opleiding_ho"
    assert dispatcher.messages[0]["bron"].startswith("DUO")
    assert slot_events(events)["opleiding_id"] == chosen.id


async def test_wo_answer_warns_that_the_data_are_from_2019(make_tracker, dispatcher, domain):
    opleiding = api.find_opleidingen("rechtsgeleerdheid", soort="wo")[0].opleiding
    tracker = make_tracker([(f"Meer over {opleiding.naam} ({opleiding.id})", "ask_opleiding_info")])

    await ActionOpleidingInfo().run(dispatcher, tracker, domain)

    assert "utter_opleiding_old_data" in responses(dispatcher)


async def test_unknown_opleiding_says_so_and_refers(make_tracker, dispatcher, domain):
    tracker = make_tracker([("wat is xqzw", "ask_opleiding_info", [ent("opleiding", "xqzwvbnm")])])

    await ActionOpleidingInfo().run(dispatcher, tracker, domain)

    assert responses(dispatcher) == ["utter_opleiding_unknown"]


async def test_admission_for_hbo_lists_the_ways_in(make_tracker, dispatcher, domain):
    opleiding = api.find_opleidingen("pabo")[0].opleiding
    tracker = make_tracker([(f"toelating {opleiding.naam} ({opleiding.id})", "ask_admission")])

    await ActionAdmissionInfo().run(dispatcher, tracker, domain)

    message = dispatcher.messages[0]
    assert message["response"] == "utter_admission"
    assert "havo" in message["vanaf"] and message["bron"]


async def test_job_prospects_for_opleiding_without_own_figures_uses_the_sector(make_tracker, dispatcher, domain):
    tracker = make_tracker(
        [("heb ik kans op werk met kapper", "ask_job_prospects", [ent("opleiding", "kapper")])],
        slots={"onderwerp_kansen": "kapper"},
    )

    await ActionJobProspects().run(dispatcher, tracker, domain)

    said = responses(dispatcher)
    assert said[-1] == "utter_prognoses_change"
    figures = [m for m in dispatcher.messages if m["response"] == "utter_perspectief"]
    assert len(figures) <= 2
    assert all(m["bron"] and m["periode"] and m["regio"] for m in figures)
    assert figures or "utter_perspectief_unknown" in said


async def test_a_salary_question_hears_that_salaries_are_unknown_then_the_prospects(make_tracker, dispatcher, domain):
    """The form asked what the pupil expects in between; the question that started it asked about pay."""
    tracker = make_tracker(
        [("hoeveel verdien je als kapper?", "ask_job_prospects", [ent("opleiding", "kapper")]),
         ("gemiddeld", "inform")],
        slots={"onderwerp_kansen": "kapper", "verwachting": "gemiddeld"},
    )

    await ActionJobProspects().run(dispatcher, tracker, domain)

    said = responses(dispatcher)
    assert said[0] == "utter_salary_unknown" and said.count("utter_salary_unknown") == 1
    assert said[-1] == "utter_prognoses_change"


async def test_a_question_about_chances_gets_no_salary_note(make_tracker, dispatcher, domain):
    tracker = make_tracker(
        [("heb ik kans op werk met kapper", "ask_job_prospects", [ent("opleiding", "kapper")])],
        slots={"onderwerp_kansen": "kapper"},
    )

    await ActionJobProspects().run(dispatcher, tracker, domain)

    assert "utter_salary_unknown" not in responses(dispatcher)


async def test_job_prospects_for_a_sector_at_the_pupils_level(make_tracker, dispatcher, domain):
    tracker = make_tracker(
        [("is er werk in de zorg", "ask_job_prospects", [ent("sector", "zorg")])],
        slots={"onderwerp_kansen": "zorg", "schooltype": "havo"},
    )

    events = await ActionJobProspects().run(dispatcher, tracker, domain)

    figures = [m for m in dispatcher.messages if m["response"] == "utter_perspectief"]
    assert figures and all(m["bron"] and m["periode"] and m["regio"] for m in figures)
    assert slot_events(events)["sector_id"] == "zorg_welzijn"


async def test_stopped_prospects_form_answers_kindly(make_tracker, dispatcher, domain):
    tracker = make_tracker([("stop", "inform")], slots={"onderwerp_kansen": "gestopt"})

    events = await ActionJobProspects().run(dispatcher, tracker, domain)

    assert responses(dispatcher) == ["utter_stopped"]
    assert slot_events(events) == {"onderwerp_kansen": None, "verwachting": None}


async def test_best_prospects_cite_the_source(make_tracker, dispatcher, domain):
    tracker = make_tracker([("welke opleidingen hebben goede kansen", "ask_best_prospects")], slots={"schooltype": "havo"})

    await ActionBestProspects().run(dispatcher, tracker, domain)

    best = dispatcher.messages[0]
    assert best["response"] == "utter_best_prospects" and best["niveau"] == "Het hbo"
    assert "Zorg en welzijn" in best["kansrijk"] and best["bron"] and best["periode"]
    assert responses(dispatcher)[-1] == "utter_best_prospects_fit"


async def test_costs_for_hbo_refer_to_duo_for_the_uncertain_current_year(make_tracker, dispatcher, domain):
    tracker = make_tracker([("wat kost een hbo opleiding", "ask_costs", [ent("schooltype", "hbo")])])

    await ActionCosts().run(dispatcher, tracker, domain)

    current = api.kosten("collegegeld")[0]
    if current.zeker:
        assert responses(dispatcher) == ["utter_costs_known"]
    else:
        last = dispatcher.messages[1]
        assert last["response"] == "utter_costs_last_known"
        known = next(k for k in api.kosten("collegegeld") if k.zeker and k.onderwijs == "hbo")
        assert last["bedrag"] == euro(known.bedrag_eur) and last["schooljaar"] == known.schooljaar


async def test_costs_follow_the_opleiding_discussed_before(make_tracker, dispatcher, domain):
    kapper = api.find_opleidingen("kapper", soort="mbo")[0].opleiding
    tracker = make_tracker([("en wat kost dat?", "ask_costs")], slots={"opleiding_id": kapper.id})

    await ActionCosts().run(dispatcher, tracker, domain)

    lesgeld = api.kosten("lesgeld")[0]
    assert dispatcher.messages[0]["uitleg"] == lesgeld.uitleg


def test_euro_uses_dutch_notation():
    assert euro(2601.0) == "2.601"
    assert euro(1157.5) == "1.157,50"


@pytest.mark.parametrize("text, entities, expected", [
    ("wat is stapelen", [ent("onderwerp", "stapelen")], "Stapelen"),
    ("wat is een startkwalificatie", [], "Startkwalificatie"),
])
async def test_system_info(make_tracker, dispatcher, domain, text, entities, expected):
    tracker = make_tracker([(text, "ask_system", entities)])

    await ActionSystemInfo().run(dispatcher, tracker, domain)

    assert dispatcher.messages[0]["titel"].startswith(expected) and dispatcher.messages[0]["bron"]


async def test_compare_bol_and_bbl(make_tracker, dispatcher, domain):
    tracker = make_tracker([("verschil bol en bbl", "ask_compare", [ent("leerweg", "bol"), ent("leerweg", "bbl")])])

    await ActionCompare().run(dispatcher, tracker, domain)

    compare = dispatcher.messages[0]
    assert compare["response"] == "utter_compare_two"
    assert compare["a_titel"].startswith("Bol") and compare["b_titel"].startswith("Bbl")
    assert responses(dispatcher)[-1] == "utter_compare_fit"


async def test_compare_two_opleidingen(make_tracker, dispatcher, domain):
    tracker = make_tracker([("pabo of onderwijsassistent", "ask_compare",
                             [ent("opleiding", "pabo"), ent("opleiding", "onderwijsassistent")])])

    await ActionCompare().run(dispatcher, tracker, domain)

    assert dispatcher.messages[0]["response"] == "utter_compare_opleidingen"
    assert "mbo" in dispatcher.messages[0]["b_soort"]


async def test_routes_after_vmbo_kader(make_tracker, dispatcher, domain):
    tracker = make_tracker([("wat kan ik na vmbo kader", "ask_route")], slots={"schooltype": "vmbo kader"})

    await ActionRoutes().run(dispatcher, tracker, domain)

    routes = dispatcher.messages[0]
    assert routes["response"] == "utter_routes"
    assert "mbo niveau 4" in routes["naar"] and routes["bron"]


@pytest.mark.parametrize("question, entities, slots, route, explained", [
    # DIET may take the destination for the school the pupil is in
    ("kan mijn kind na het havodiploma nog doorstromen naar het vwo?", [("schooltype", "vwo")],
     {"schooltype": "vwo"}, "route-havo", "vwo 5"),
    ("mijn zoon had een havo/vwo-advies maar doet nu vmbo-kader, wat kan hij daarna?",
     [("schooltype", "havo")], {"schooltype": "havo"}, "route-vmbo-kader", "kaderberoepsgerichte"),
])
async def test_a_route_starts_where_the_pupil_is_not_where_they_want_to_go(
        make_tracker, dispatcher, domain, question, entities, slots, route, explained):
    tracker = make_tracker([(question, "ask_route", [ent(*e) for e in entities])], slots=slots)

    events = await ActionRoutes().run(dispatcher, tracker, domain)

    assert slot_events(events)["kaart"] == route
    assert explained in dispatcher.messages[0]["uitleg"]


async def test_research_finding_carries_citation(make_tracker, dispatcher, domain):
    """Staff see where in the document a finding stands (issue 19: only staff see file and line)."""
    tracker = make_tracker([("wat zegt onderzoek over ouders", "ask_research", [ent("thema", "ouders")])],
                           slots={"rol": "lob"})

    await ActionResearch().run(dispatcher, tracker, domain)

    findings = [m for m in dispatcher.messages if m["response"] == "utter_research_finding"]
    assert 1 <= len(findings) <= 2
    assert all(re.search(r"seed \d{3}", f["bron"]) for f in findings)


async def test_research_finding_for_a_parent_names_a_readable_source(make_tracker, dispatcher, domain):
    tracker = make_tracker([("wat zegt onderzoek over ouders", "ask_research", [ent("thema", "ouders")])],
                           slots={"rol": "ouder"})

    await ActionResearch().run(dispatcher, tracker, domain)

    findings = [m for m in dispatcher.messages if m["response"] == "utter_research_finding"]
    assert findings and all(f["bron"].startswith("SEOR, ") and "seed" not in f["bron"] for f in findings)


async def test_research_on_a_theme_without_findings_answers_with_the_card_that_fits(make_tracker, dispatcher, domain):
    """NLU may tag a word that is no research theme ('vrienden'); the question still gets its card."""
    tracker = make_tracker([("wat zegt onderzoek over de invloed van vrienden op de keuze?", "ask_research",
                             [ent("thema", "vrienden")])], slots={"rol": "lob"})

    events = await ActionResearch().run(dispatcher, tracker, domain)

    slots = slot_events(events)
    assert "utter_research_unknown" not in responses(dispatcher)
    assert slots.get("kaart") == "onderzoek-motieven" or "onderzoek-motieven" in slots.get("kaart_keuzes", [])


async def test_parent_is_recognised_from_mijn_dochter(make_tracker, dispatcher, domain):
    tracker = make_tracker([("wat kost mbo voor mijn dochter", "ask_costs", [ent("schooltype", "mbo")])])

    events = await ActionCosts().run(dispatcher, tracker, domain)

    assert slot_events(events)["rol"] == "ouder"


async def test_inform_with_opleiding_answers_about_it(make_tracker, dispatcher, domain):
    tracker = make_tracker([("timmerman", "inform", [ent("opleiding", "timmerman")])])

    await ActionInform().run(dispatcher, tracker, domain)

    assert responses(dispatcher)[0] in {"utter_opleiding_mbo", "utter_which_opleiding"}


@pytest.mark.parametrize("expectation, label, expected", [
    ("kleine kans", "goed", "utter_expectation_better"),
    ("grote kans", "matig", "utter_expectation_worse"),
    ("grote kans", "goed", "utter_expectation_same"),
])
async def test_expectation_is_compared_with_the_figure(dispatcher, expectation, label, expected):
    compare_expectation(dispatcher, expectation, label)
    assert responses(dispatcher) == [expected]


@pytest.mark.parametrize("expectation, label", [("weet ik niet", "goed"), ("grote kans", None)])
async def test_no_comparison_without_expectation_or_label(dispatcher, expectation, label):
    compare_expectation(dispatcher, expectation, label)
    assert dispatcher.messages == []


async def test_pupil_expectation_about_economie_is_corrected(make_tracker, dispatcher, domain):
    tracker = make_tracker([("grote kans", "inform")],
                           slots={"onderwerp_kansen": "economie", "verwachting": "grote kans", "schooltype": "havo"})

    events = await ActionJobProspects().run(dispatcher, tracker, domain)

    assert "utter_expectation_worse" in responses(dispatcher)
    assert slot_events(events)["verwachting"] is None


async def test_unreadable_knowledge_base_gives_a_clear_answer(make_tracker, dispatcher, domain, monkeypatch, tmp_path):
    monkeypatch.setenv("KNOWLEDGE_DB_URL", f"sqlite:///{tmp_path / 'ontbreekt.db'}")
    api.clear_caches()
    tracker = make_tracker([("wat is de opleiding kapper", "ask_opleiding_info", [ent("opleiding", "kapper")])])

    events = await ActionOpleidingInfo().run(dispatcher, tracker, domain)

    assert events == []
    assert responses(dispatcher) == ["utter_knowledge_unavailable"]
    assert "utter_knowledge_unavailable" in domain["responses"]


async def test_locked_knowledge_base_gives_a_clear_answer(make_tracker, dispatcher, domain, monkeypatch, tmp_path,
                                                           db_url):
    """Another process holds an exclusive lock (e.g. a rebuild): the pupil gets the same clear answer."""
    locked = tmp_path / "vergrendeld.db"
    shutil.copy(db_url.removeprefix("sqlite:///"), locked)
    monkeypatch.setenv("KNOWLEDGE_DB_URL", f"sqlite:///{locked}?timeout=0.5")
    api.clear_caches()
    holder = sqlite3.connect(locked)
    holder.execute("BEGIN EXCLUSIVE")
    tracker = make_tracker([("wat is de opleiding kapper", "ask_opleiding_info", [ent("opleiding", "kapper")])])
    try:
        events = await ActionOpleidingInfo().run(dispatcher, tracker, domain)
    finally:
        holder.rollback()
        holder.close()
        api.clear_caches()

    assert events == []
    assert responses(dispatcher) == ["utter_knowledge_unavailable"]


async def test_a_weak_single_match_is_asked_about_not_assumed(make_tracker, dispatcher, domain):
    tracker = make_tracker([("wat is flurbologie", "ask_opleiding_info", [ent("opleiding", "flurbologie")])])

    events = await ActionOpleidingInfo().run(dispatcher, tracker, domain)

    assert responses(dispatcher) in (["utter_which_opleiding"], ["utter_opleiding_unknown"])
    assert "opleiding_id" not in slot_events(events)


@pytest.mark.parametrize("subject, rol, asked", [
    ("economie", None, True),   # a labelled figure: the pupil guesses first
    ("economie", "ouder", False),
    ("kapper", None, False),    # no figure for this sector and level: no guessing game
])
async def test_expectation_is_asked_only_when_there_is_a_figure(make_tracker, dispatcher, domain, subject, rol, asked):
    from actions.prospects import ValidateProspectsForm

    tracker = make_tracker([(subject, "ask_job_prospects")], slots={"onderwerp_kansen": subject, "rol": rol})
    slots = await ValidateProspectsForm().required_slots(["onderwerp_kansen", "verwachting"], dispatcher, tracker, domain)
    assert ("verwachting" in slots) is asked


async def test_prospects_subject_with_a_stale_opleiding_slot(make_tracker, dispatcher, domain):
    tracker = make_tracker([("kapper", "ask_job_prospects")], slots={"onderwerp_kansen": "kapper", "opleiding_id": "mbo-00000"})

    await ActionJobProspects().run(dispatcher, tracker, domain)

    assert responses(dispatcher)[-1] == "utter_prognoses_change"


@pytest.mark.parametrize("question, entities, filled", [
    ("heeft mijn zoon kans op werk in de zorg", [], "Zorg en welzijn"),   # NLU tagged no sector
    ("heeft mijn zoon kans op werk in de zorg", [ent("sector", "zorg")], None),  # the entity fills it
    ("heb ik kans op werk?", [], None),  # nothing named: the form asks
])
async def test_the_prospects_form_reads_a_sector_nlu_did_not_tag(make_tracker, dispatcher, domain, question, entities, filled):
    from actions.prospects import ValidateProspectsForm

    tracker = make_tracker([(question, "ask_job_prospects", entities)])
    found = ValidateProspectsForm().extract_onderwerp_kansen(dispatcher, tracker, domain)
    assert found.get("onderwerp_kansen") == filled
