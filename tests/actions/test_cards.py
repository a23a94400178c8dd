import pytest

from actions.cards import (
    CHOICE_FLOOR, CLEAR_LEAD, POSSIBLE, SURE, ActionAnswerCard, conversation_context, decide, sources_text,
)
from actions.costs import ActionCosts, ValidateCostsForm
from actions.opleiding import ActionAdmissionInfo
from actions.system import ActionRoutes, ActionSystemInfo, ValidateRouteForm
from knowledge import api
from knowledge.retrieval import CardHit


async def test_first_miss_asks_to_rephrase(make_tracker, dispatcher, domain):
    tracker = make_tracker([("hoi", "greet"), ("blablabla", "nlu_fallback")])

    events = await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert [e for e in events if e["name"] in ("kaart", "kaart_keuzes")] == [
        {"event": "slot", "timestamp": None, "name": "kaart", "value": None},
        {"event": "slot", "timestamp": None, "name": "kaart_keuzes", "value": None},
    ]
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]


async def test_second_miss_in_a_row_offers_decaan(make_tracker, dispatcher, domain):
    tracker = make_tracker([("xyz", "nlu_fallback"), ("qqq", "nlu_fallback")])

    await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff"]


async def test_understood_message_in_between_resets_the_count(make_tracker, dispatcher, domain):
    tracker = make_tracker([("xyz", "nlu_fallback"), ("wat kun je", "help"), ("qqq", "nlu_fallback")])

    await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]


async def test_first_miss_points_to_the_site_for_the_school_type_of_the_conversation(make_tracker, dispatcher, domain):
    tracker = make_tracker([("blablabla", "nlu_fallback")], slots={"schooltype": "hbo"})

    await ActionAnswerCard().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_rephrase_verwijzing"
    assert message["naam"] == "Studiekeuze123" and message["url"].startswith("https://www.studiekeuze123.nl")
    assert message["waarvoor"][0].islower(), "it continues the sentence after a colon"


@pytest.mark.parametrize("schooltype, expected", [
    ("mbo", {"schooltype": ["mbo"]}), ("vmbo kader", {"schooltype": ["vmbo"], "leerweg": ["vmbo-kader"]}),
    ("havo", {"schooltype": ["havo"]}), ("universiteit", {"schooltype": ["wo"]}),
])
def test_the_conversations_school_type_is_said_in_the_cards_words(make_tracker, schooltype, expected):
    tracker = make_tracker([("ik zit op school", "inform")], slots={"schooltype": schooltype})

    assert conversation_context(tracker) == expected


async def test_an_mbo_pupils_first_miss_points_to_kiesmbo(make_tracker, dispatcher, domain):
    tracker = make_tracker([("blablabla", "nlu_fallback")], slots={"schooltype": "mbo"})

    await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert [(m["response"], m.get("naam")) for m in dispatcher.messages] == [("utter_ask_rephrase_verwijzing", "Kiesmbo")]


def test_uttered_responses_exist_in_domain(domain):
    for response in ("utter_ask_rephrase", "utter_ask_rephrase_verwijzing", "utter_handoff"):
        assert response in domain["responses"]


async def test_gibberish_counts_as_not_understood(make_tracker, dispatcher, domain):
    tracker = make_tracker([("asdf", "gibberish"), ("qqq", "nlu_fallback")])

    await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff"]


def slot_value(events, name):
    return next(e["value"] for e in events if e.get("event") == "slot" and e["name"] == name)


async def test_a_question_that_fits_a_card_gets_it_with_a_readable_source(make_tracker, dispatcher, domain):
    tracker = make_tracker([("is een tussenjaar slim?", "nlu_fallback")])

    events = await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert slot_value(events, "kaart") == "tussenjaar"
    [message] = dispatcher.messages
    assert message["response"] == "utter_kaart"
    assert "kwalificatieplicht" in message["antwoord"]
    assert message["bron"].startswith("Rijksoverheid")
    assert "seed" not in message["bron"] and "algemene regel" not in message["bron"]


async def test_staff_also_see_where_in_the_source(make_tracker, dispatcher, domain):
    tracker = make_tracker([("wat betekent kansrijk eigenlijk", "nlu_fallback")], slots={"rol": "lob"})

    await ActionAnswerCard().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert "seed 000 L436-441" in message["bron"]
    assert "ROA" in message["antwoord"]


def test_a_source_a_card_cites_twice_is_named_once_with_both_places():
    card = api.kaart("onderzoek-motieven")
    publications = [source.bron for source in card.bronnen]
    assert len(publications) > len(set(publications)), "this card cites one publication twice"

    for rol in ("leerling", "lob"):
        text = sources_text(card, rol)
        assert all(text.count(bron) == 1 for bron in publications)
    assert all(source.plaats in sources_text(card, "lob") for source in card.bronnen)


async def test_a_parent_reads_the_parent_wording(make_tracker, dispatcher, domain):
    tracker = make_tracker([("is een tussenjaar slim?", "nlu_fallback")], slots={"rol": "ouder"})

    await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert "uw kind" in dispatcher.messages[0]["antwoord"]


def fixed_hits(monkeypatch, scores):
    cards = [api.kaart(card_id) for card_id in ("tussenjaar", "stage", "switchen")]
    monkeypatch.setattr(api, "rank_kaarten", lambda *args, **kwargs: [
        CardHit(card, score) for card, score in zip(cards, scores)
    ])
    return cards


async def test_close_scores_in_the_middle_band_offer_a_choice(make_tracker, dispatcher, domain, monkeypatch):
    cards = fixed_hits(monkeypatch, [SURE - 0.01, SURE - 0.02, CHOICE_FLOOR - 0.001])
    tracker = make_tracker([("iets vaags", "nlu_fallback")])

    events = await ActionAnswerCard().run(dispatcher, tracker, domain)

    [message] = dispatcher.messages
    assert message["response"] == "utter_kaart_keuze"
    assert [b["title"] for b in message["buttons"]] == [cards[0].titel, cards[1].titel]
    assert slot_value(events, "kaart_keuzes") == ["tussenjaar", "stage"]


async def test_a_choice_offers_the_cards_that_are_more_than_a_guess(make_tracker, dispatcher, domain, monkeypatch):
    cards = fixed_hits(monkeypatch, [POSSIBLE + 0.01, CHOICE_FLOOR, CHOICE_FLOOR - 0.001])
    tracker = make_tracker([("iets vaags", "nlu_fallback")])

    events = await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert slot_value(events, "kaart_keuzes") == [cards[0].id, cards[1].id]


async def test_a_clear_lead_in_the_middle_band_is_answered(make_tracker, dispatcher, domain, monkeypatch):
    cards = fixed_hits(monkeypatch, [SURE - 0.01, SURE - 0.01 - CLEAR_LEAD, 0.0])
    tracker = make_tracker([("iets vaags", "nlu_fallback")])

    events = await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert slot_value(events, "kaart") == cards[0].id


async def test_below_the_band_the_bot_asks_to_rephrase(make_tracker, dispatcher, domain, monkeypatch):
    fixed_hits(monkeypatch, [POSSIBLE - 0.01, POSSIBLE - 0.02, 0.0])
    tracker = make_tracker([("iets vaags", "nlu_fallback")])

    await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]


async def test_a_pressed_button_answers_that_card(make_tracker, dispatcher, domain):
    card = api.kaart("stage")
    tracker = make_tracker([("iets vaags", "nlu_fallback"), (card.titel, "ask_system")],
                           slots={"kaart_keuzes": ["tussenjaar", "stage"]})

    events = await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert slot_value(events, "kaart") == "stage"


async def test_a_card_or_choice_in_between_resets_the_miss_count(make_tracker, dispatcher, domain):
    tracker = make_tracker([("xyz", "nlu_fallback"), ("is een tussenjaar slim?", "nlu_fallback")])
    tracker.events.insert(2, {"event": "slot", "name": "kaart", "value": "tussenjaar"})
    tracker.events.append({"event": "user", "text": "qqq", "parse_data": {"intent": {"name": "nlu_fallback"}}})
    tracker.latest_message = tracker.events[-1]["parse_data"] | {"text": "qqq"}

    await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]


async def test_system_question_without_a_topic_is_answered_by_a_card(make_tracker, dispatcher, domain):
    tracker = make_tracker([("krijg je op het mbo ook stage?", "ask_system")])

    events = await ActionSystemInfo().run(dispatcher, tracker, domain)

    assert slot_value(events, "kaart") == "stage"


def test_card_responses_exist_with_parent_variants(domain):
    for response in ("utter_kaart", "utter_kaart_zonder_bron", "utter_kaart_keuze"):
        assert response in domain["responses"]
    assert any(v.get("condition") for v in domain["responses"]["utter_kaart_keuze"])


@pytest.mark.parametrize("scores, decision", [
    ([SURE, SURE - 0.01], "answer"),
    ([SURE - 0.01, SURE - 0.02], "choose"),
    ([SURE - 0.01, SURE - 0.01 - CLEAR_LEAD], "answer"),
    ([POSSIBLE, 0.0], "choose"),
    ([POSSIBLE - 0.01], None),
    ([], None),
])
def test_decide(scores, decision):
    assert decide(scores) == decision


async def test_a_cost_that_is_the_same_for_every_school_is_answered_without_asking(make_tracker, dispatcher, domain):
    tracker = make_tracker([("hoe werkt de stufi eigenlijk?", "ask_costs")])

    assert await ValidateCostsForm().required_slots(["onderwijs"], dispatcher, tracker, domain) == []
    events = await ActionCosts().run(dispatcher, tracker, domain)

    assert api.kaart(slot_value(events, "kaart")).onderwerp == "geld"


async def test_admission_to_a_named_opleiding_uses_its_admission_card(make_tracker, dispatcher, domain):
    tracker = make_tracker([("kan ik met een E&M profiel psychologie studeren", "ask_admission",
                             [{"entity": "opleiding", "value": "psychologie"}])])

    events = await ActionAdmissionInfo().run(dispatcher, tracker, domain)

    assert slot_value(events, "kaart") == "toelating-psychologie"


async def test_a_route_that_is_not_direct_gets_its_card(make_tracker, dispatcher, domain):
    tracker = make_tracker([("kan mijn zoon met havo naar de universiteit?", "ask_route")], slots={"schooltype": "havo"})

    events = await ActionRoutes().run(dispatcher, tracker, domain)

    assert slot_value(events, "kaart") == "havo-naar-wo"


async def test_a_route_question_from_no_school_is_answered_by_its_card_without_asking(
        make_tracker, dispatcher, domain):
    tracker = make_tracker([("ik doe een associate degree, kan ik daarna nog een bachelor doen?", "ask_route")])

    assert await ValidateRouteForm().required_slots(["schooltype"], dispatcher, tracker, domain) == []
    events = await ActionRoutes().run(dispatcher, tracker, domain)

    assert slot_value(events, "kaart") == "associate-degree"


async def test_a_route_question_that_names_no_school_and_fits_no_other_card_asks_for_the_school(
        make_tracker, dispatcher, domain):
    tracker = make_tracker([("wat kan ik daarna allemaal gaan doen?", "ask_route")])

    assert await ValidateRouteForm().required_slots(["schooltype"], dispatcher, tracker, domain) == ["schooltype"]


async def test_lesgeld_in_the_bbl_is_cursusgeld(make_tracker, dispatcher, domain):
    tracker = make_tracker([("moeten wij lesgeld betalen nu onze zoon 18 is en bbl doet?", "ask_costs")],
                           slots={"onderwijs": "mbo"})

    events = await ActionCosts().run(dispatcher, tracker, domain)

    assert slot_value(events, "kaart") == "kosten-cursusgeld"


@pytest.mark.parametrize("intent, action", [("express_doubt", "utter_offer_reflection")])
async def test_doubt_comes_before_cards(make_tracker, dispatcher, domain, intent, action):
    tracker = make_tracker([("ik zit in 3 vmbo kader en ik weet echt niet wat ik wil", "nlu_fallback")])
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.6}, {"name": intent, "confidence": 0.5}]

    events = await ActionAnswerCard().run(dispatcher, tracker, domain)

    assert events == [{"event": "followup", "timestamp": None, "name": action}]
    assert dispatcher.messages == []
