"""Insights (/lob/inzichten) on a tracker store written by Rasa's own SQLTrackerStore."""
from datetime import datetime, timedelta, timezone
import json
from pathlib import Path
from typing import List

import pandas as pd
import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from knowledge import api
from tests.web.test_lob import LOB_TOKEN, log_in, make_app
from web import insights

# Three recent days at noon UTC (the same date in Dutch time), within the app's 30-day retention.
TODAY = datetime.now(timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0)
DATES = [(TODAY - timedelta(days=ago)).date() for ago in (3, 2, 1)]
DAYS = [(TODAY - timedelta(days=ago)).timestamp() for ago in (3, 2, 1)]
UNKNOWN_OPLEIDING = "mbo-00000"
XSS = "<script>alert(1)</script>"


def conversation(number: int, opleiding_id: str, role: str = "") -> List[Event]:
    """Conversation `number` of the test set (see `tracker_db` for what the numbers mean)."""
    ts = DAYS[0] if number < 7 else DAYS[1] if number < 12 else DAYS[2]
    role = role or ("leerling" if number < 8 else "ouder" if number < 13 else "lob")
    events: List[Event] = [
        ActionExecuted("action_session_start", timestamp=ts),
        UserUttered("hoi", intent={"name": "greet", "confidence": 0.98}, timestamp=ts + 1),
        SlotSet("rol", role, timestamp=ts + 2),
    ]
    if number < 6:
        asked = {"name": "ask_opleiding", "confidence": 0.9}
        events.append(UserUttered("wat kost kok", intent=asked, timestamp=ts + 3))
    if number < 3:
        events.append(UserUttered("blabla", intent={"name": "nlu_fallback", "confidence": 0.2}, timestamp=ts + 4))
    if number in (10, 11):
        events.append(UserUttered("doei", intent={"name": "goodbye", "confidence": 0.97}, timestamp=ts + 4))
    if number < 12:
        chosen = opleiding_id if number < 6 else UNKNOWN_OPLEIDING if number < 11 else "mbo-00001"
        events += [SlotSet("opleiding_id", chosen, timestamp=ts + 5), SlotSet("opleiding_id", chosen, timestamp=ts + 6)]
    if number < 6:
        status = "klaar" if number < 5 else "gepauzeerd"
        events += [ActionExecuted("utter_reflection_start", timestamp=ts + 7),
                   SlotSet("reflectie_status", status, timestamp=ts + 8)]
    return events


async def save(path: Path, conversations: List[List[Event]]) -> None:
    store = SQLTrackerStore(dialect="sqlite", db=str(path))
    for number, events in enumerate(conversations):
        await store.save(DialogueStateTracker.from_events(f"web-{number:04d}", events))
    store.engine.dispose()


@pytest.fixture
def opleiding(engine, db_url, monkeypatch):
    """A real opleiding; knowledge.api reads the test knowledge base."""
    monkeypatch.setenv("KNOWLEDGE_DB_URL", db_url)
    return api.find_opleidingen("kok", engine=engine)[0].opleiding


@pytest.fixture
async def tracker_db(tmp_path, opleiding) -> str:
    """14 conversations: 7 three days ago, 5 two days ago, 2 yesterday.

    Roles: 8 leerling, 5 ouder, 1 lob. Every conversation says 'hoi' (greet); 0-5 also ask_opleiding,
    0-2 also nlu_fallback, 10-11 goodbye: 25 user messages. opleiding_id (set twice each): the real
    opleiding in 0-5, an unknown id in 6-10, another in 11. Reflection started in 0-5, finished in 0-4.
    """
    path = tmp_path / "tracker.db"
    await save(path, [conversation(number, opleiding.id) for number in range(14)])
    return f"sqlite:///{path}"


@pytest.fixture
def events(tracker_db):
    return insights.load_events(tracker_db)


def test_aggregates(events, opleiding):
    assert insights.conversations_per_day(events, 5).to_dict() == {DATES[0]: 7, DATES[1]: 5}
    assert insights.top_intents(events, 5).to_dict() == {"greet": 14, "ask_opleiding": 6, "overig": 5}
    assert insights.top_opleidingen(events, 5).to_dict() == {opleiding.id: 6, UNKNOWN_OPLEIDING: 5}
    assert insights.persona_mix(events, 5).to_dict() == {"leerling": 8, "ouder": 5}
    assert insights.reflection_progress(events, 5).to_dict() == {"gestart": 6, "afgerond": 5}
    assert insights.fallback_rate(events, 5) == pytest.approx(3 / 25)


async def test_the_prompt_labs_own_conversations_are_left_out(tmp_path, opleiding):
    path = tmp_path / "tracker.db"
    await save(path, [conversation(number, opleiding.id) for number in range(14)])
    store = SQLTrackerStore(dialect="sqlite", db=str(path))
    for number in range(6):  # six lab runs: as many as a day's group, all in the first day
        await store.save(DialogueStateTracker.from_events(f"lob-{number:016x}", conversation(0, opleiding.id)))
    store.engine.dispose()
    events = insights.load_events(f"sqlite:///{path}")
    assert not events["sender_id"].str.startswith("lob-").any()
    test_aggregates(events, opleiding)


def test_groups_below_min_group_size_are_hidden(events):
    assert insights.conversations_per_day(events, 7).to_dict() == {DATES[0]: 7}
    assert insights.top_intents(events, 7).to_dict() == {"greet": 14, "overig": 11}  # the rest: 8 conversations
    assert insights.top_intents(events, 9).to_dict() == {"greet": 14}
    assert insights.persona_mix(events, 7).to_dict() == {"leerling": 8}
    assert insights.reflection_progress(events, 7).empty
    assert insights.fallback_rate(events, 15) is None
    assert insights.summarize(events, 15).per_day.empty


def test_top_list_limit_merges_the_rest_into_overig(events):
    assert insights.top_intents(events, 5, limit=1).to_dict() == {"greet": 14, "overig": 11}


def test_missing_or_empty_store_means_no_conversations(tmp_path):
    missing = tmp_path / "nergens.db"
    assert insights.summarize(insights.load_events(f"sqlite:///{missing}"), 5) is None
    assert not missing.exists()
    SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "leeg.db")).engine.dispose()
    assert insights.summarize(insights.load_events(f"sqlite:///{tmp_path / 'leeg.db'}"), 5) is None


async def staff_client(aiohttp_client, tracker_db_url: str, min_group_size: int = 5):
    app = make_app(lob_token=LOB_TOKEN, tracker_db_url=tracker_db_url, min_group_size=min_group_size)
    client = await aiohttp_client(app)
    await log_in(client)
    return client


async def test_page_shows_charts_and_numbers(aiohttp_client, tracker_db, opleiding):
    client = await staff_client(aiohttp_client, tracker_db)
    response = await client.get("/lob/inzichten")
    assert response.status == 200
    page = await response.text()
    for name in insights.CHARTS:
        assert f'src="/lob/inzichten/{name}.png"' in page
    assert 'alt="Staafdiagram: het aantal gesprekken per dag.' in page
    assert f"<td>{DATES[0]:%d-%m-%Y}</td><td>7</td>" in page and f"{DATES[2]:%d-%m-%Y}" not in page
    assert f"<td>{opleiding.naam}</td><td>6</td>" in page and f"<td>{UNKNOWN_OPLEIDING}</td><td>5</td>" in page
    assert "12,0 %" in page and "<td>14</td>" in page
    assert "<td>lob</td>" not in page


@pytest.mark.parametrize("chart", list(insights.CHARTS))
async def test_chart_images(aiohttp_client, tracker_db, chart):
    client = await staff_client(aiohttp_client, tracker_db)
    response = await client.get(f"/lob/inzichten/{chart}.png")
    assert response.status == 200 and response.content_type == "image/png"
    assert (await response.read()).startswith(b"\x89PNG")


async def test_insights_need_login(aiohttp_client, tracker_db):
    client = await aiohttp_client(make_app(lob_token=LOB_TOKEN, tracker_db_url=tracker_db))
    assert (await client.get("/lob/inzichten")).status == 401
    assert (await client.get("/lob/inzichten/gesprekken.png")).status == 401
    closed = await aiohttp_client(make_app(tracker_db_url=tracker_db))
    assert (await closed.get("/lob/inzichten")).status == 503


async def test_unknown_chart_is_404(aiohttp_client, tracker_db):
    client = await staff_client(aiohttp_client, tracker_db)
    assert (await client.get("/lob/inzichten/geheim.png")).status == 404


async def test_empty_store_says_no_conversations_yet(aiohttp_client, tmp_path):
    client = await staff_client(aiohttp_client, f"sqlite:///{tmp_path / 'nergens.db'}")
    response = await client.get("/lob/inzichten")
    assert response.status == 200
    assert "Nog geen gesprekken" in await response.text()
    assert (await client.get("/lob/inzichten/intents.png")).status == 200


async def test_values_from_conversations_are_escaped(aiohttp_client, tmp_path, opleiding):
    path = tmp_path / "tracker.db"
    await save(path, [conversation(number, opleiding.id, role=XSS) for number in range(6)])
    client = await staff_client(aiohttp_client, f"sqlite:///{path}")
    page = await (await client.get("/lob/inzichten")).text()
    assert XSS not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert (await client.get("/lob/inzichten/rollen.png")).status == 200


def test_a_card_answer_counts_as_understood_and_a_choice_is_counted():
    rows = []
    for number in range(5):
        sender = f"s{number}"
        rows += [[sender, "user", 1.0, "greet", None, None]]
        rows += [[sender, "user", 2.0, "nlu_fallback", None, None],
                 [sender, "slot", 2.1, None, None, json.dumps({"name": "kaart", "value": "stage" if number < 2 else None})]]
        if number == 4:
            rows += [[sender, "slot", 2.2, None, None, json.dumps({"name": "kaart_keuzes", "value": ["stage", "bol"]})]]
    events = pd.DataFrame(rows, columns=insights.COLUMNS)
    assert insights.fallback_rate(events, 5) == pytest.approx(2 / 10)  # s2 and s3: no intent, no card
    assert insights.choice_rate(events, 5) == pytest.approx(1 / 10)
    assert insights.choice_rate(events, 6) is None
