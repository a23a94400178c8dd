"""Retention and AVG rights on a real Rasa SQL tracker store (SQLite in tmp_path)."""
import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from web.app import create_app
from web.config import Settings
from web.retention import delete_conversation, engine_for, export_conversation, purge_older_than

DAY = 24 * 3600
TOKEN = "geheim-token-voor-test"


@pytest.fixture
async def tracker_db(tmp_path):
    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    now = time.time()
    for sender, age_days in (("oud-gesprek", 40), ("nieuw-gesprek", 1)):
        events = [UserUttered("hoi", {"name": "greet"}, timestamp=now - age_days * DAY),
                  ActionExecuted("utter_greet", timestamp=now - age_days * DAY + 1)]
        await store.save(DialogueStateTracker.from_events(sender, events))
    return f"sqlite:///{path}"


def test_purge_removes_only_old_conversations(tracker_db):
    engine = engine_for(tracker_db)
    assert purge_older_than(engine, days=30) == 1
    assert export_conversation(engine, "oud-gesprek") == []
    assert export_conversation(engine, "nieuw-gesprek")


def test_export_and_delete_one_conversation(tracker_db):
    engine = engine_for(tracker_db)
    events = export_conversation(engine, "nieuw-gesprek")
    assert [e["event"] for e in events][:2] == ["user", "action"]
    assert delete_conversation(engine, "nieuw-gesprek") == len(events)
    assert export_conversation(engine, "nieuw-gesprek") == []


async def test_privacy_endpoints_need_the_token(aiohttp_client, tracker_db):
    client = await aiohttp_client(create_app(Settings(lob_token=TOKEN, tracker_db_url=tracker_db)))
    auth = {"Authorization": f"Bearer {TOKEN}"}

    assert (await client.get("/privacy/gesprek/nieuw-gesprek")).status == 401
    assert (await client.get("/privacy/gesprek/nieuw-gesprek", headers={"Authorization": "Bearer fout"})).status == 401
    exported = await client.get("/privacy/gesprek/nieuw-gesprek", headers=auth)
    assert exported.status == 200 and (await exported.json())["events"]
    assert (await client.delete("/privacy/gesprek/nieuw-gesprek")).status == 401
    assert (await (await client.delete("/privacy/gesprek/nieuw-gesprek", headers=auth)).json())["verwijderd"] > 0
    assert (await client.get("/privacy/gesprek/nieuw-gesprek", headers=auth)).status == 404


async def test_no_token_configured_means_closed(aiohttp_client, tracker_db):
    client = await aiohttp_client(create_app(Settings(lob_token="", tracker_db_url=tracker_db)))
    assert (await client.get("/privacy/gesprek/nieuw-gesprek", headers={"Authorization": "Bearer "})).status == 401
