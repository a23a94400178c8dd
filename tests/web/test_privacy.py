"""Retention and AVG rights on a real Rasa SQL tracker store (SQLite in tmp_path)."""
import asyncio
import os
import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

from web import privacy

from web.app import create_app
from web.config import Settings
from web.retention import (
    delete_conversation, engine_for, export_conversation, purge_logs_older_than, purge_older_than,
)

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
    settings = Settings(lob_token=TOKEN, tracker_db_url=tracker_db, login_attempts_per_minute=10)
    client = await aiohttp_client(create_app(settings))
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


async def test_guessing_the_token_is_rate_limited(aiohttp_client, tracker_db):
    """The privacy endpoints take LOB_TOKEN too, so they share the login limit: no guessing here either."""
    client = await aiohttp_client(create_app(Settings(lob_token=TOKEN, tracker_db_url=tracker_db)))
    wrong = {"Authorization": "Bearer raden"}
    statuses = [(await client.get("/privacy/gesprek/nieuw-gesprek", headers=wrong)).status for _ in range(5)]
    assert statuses == [401] * 5
    blocked = await client.get("/privacy/gesprek/nieuw-gesprek", headers={"Authorization": f"Bearer {TOKEN}"})
    assert blocked.status == 429 and "Wacht een minuut" in await blocked.text()


def test_purge_removes_old_log_files_only(tmp_path):
    old_day = time.time() - 31 * DAY
    (tmp_path / "scaled-7000").mkdir()
    old = [tmp_path / "rasa.log.2026-10-01", tmp_path / "actions.log", tmp_path / "scaled-7000" / "rasa-1.log"]
    new = [tmp_path / "rasa.log", tmp_path / "web.log.2026-11-20"]
    for path in old + new:
        path.write_text("regel\n")
    for path in old:
        os.utime(path, (old_day, old_day))
    assert purge_logs_older_than(tmp_path, days=30) == 3
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["rasa.log", "web.log.2026-11-20"]


async def test_the_daily_purge_goes_on_after_a_database_error(aiohttp_client, tracker_db, monkeypatch):
    calls, second_pass = [], asyncio.Event()

    def failing_once(engine, days):
        calls.append(days)
        if len(calls) == 1:
            raise OperationalError("DELETE FROM events", {}, Exception("database is locked"))
        second_pass.set()
        return purge_older_than(engine, days)

    monkeypatch.setattr(privacy, "purge_older_than", failing_once)
    monkeypatch.setattr(privacy, "purge_logs_older_than", lambda log_dir, days: 0)
    monkeypatch.setattr(privacy, "PURGE_EVERY_S", 0)
    await aiohttp_client(create_app(Settings(tracker_db_url=tracker_db)))
    await asyncio.wait_for(second_pass.wait(), timeout=10)
    assert export_conversation(engine_for(tracker_db), "oud-gesprek") == [], "the second pass purged"
