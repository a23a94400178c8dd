"""AVG rights and retention: export or delete one conversation, and a daily purge of old conversations and logs.

The endpoints need `Authorization: Bearer <LOB_TOKEN>`: a decaan handles such a request for
a pupil, who gives the conversation id shown by the widget's session (never a name).
"""
import asyncio
import hmac
import logging
import os
from typing import AsyncIterator

from aiohttp import web
from sqlalchemy import inspect

from web.keys import login_limits_key, settings_key
from web.retention import (
    DEFAULT_RETENTION_DAYS, LOG_DIR, delete_conversation, engine_for, export_conversation, purge_logs_older_than,
    purge_older_than,
)

logger = logging.getLogger(__name__)
PURGE_EVERY_S = 24 * 3600
TOO_MANY_TRIES = "Je hebt te vaak een token geprobeerd. Wacht een minuut en probeer het dan opnieuw."


async def check_token(request: web.Request) -> None:
    """Raise 429 after too many tries from this client (as on /lob/login), 401 for a missing or wrong token."""
    if not await request.app[login_limits_key].allow(request.remote or ""):
        raise web.HTTPTooManyRequests(text=TOO_MANY_TRIES)
    token = request.app[settings_key].lob_token
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not (token and hmac.compare_digest(given.encode(), token.encode())):
        raise web.HTTPUnauthorized(text="Token ontbreekt of klopt niet.")


def tracker_engine(request: web.Request):
    return engine_for(request.app[settings_key].tracker_db_url)


async def export(request: web.Request) -> web.Response:
    await check_token(request)
    events = await asyncio.to_thread(export_conversation, tracker_engine(request), request.match_info["sender"])
    if not events:
        raise web.HTTPNotFound(text="Dit gesprek bestaat niet (meer).")
    return web.json_response({"sender_id": request.match_info["sender"], "events": events})


async def delete(request: web.Request) -> web.Response:
    await check_token(request)
    removed = await asyncio.to_thread(delete_conversation, tracker_engine(request), request.match_info["sender"])
    return web.json_response({"verwijderd": removed})


async def purge_once(engine, days: int) -> None:
    """Delete old conversations and log files. A failure is logged, and the next day's purge runs as usual."""
    try:
        if await asyncio.to_thread(lambda: inspect(engine).has_table("events")):
            removed = await asyncio.to_thread(purge_older_than, engine, days)
            logger.info("purge: %s gesprek(ken) ouder dan %s dagen verwijderd", removed, days)
        removed = await asyncio.to_thread(purge_logs_older_than, LOG_DIR, days)
        logger.info("purge: %s logbestand(en) ouder dan %s dagen verwijderd", removed, days)
    except Exception:  # any failure (database down, disk full): retention must go on tomorrow
        logger.exception("purge mislukt; de volgende poging is over %s uur", PURGE_EVERY_S // 3600)


async def purge_daily(app: web.Application) -> AsyncIterator[None]:
    """Background task: delete conversations and log files older than RETENTION_DAYS once a day."""
    days = int(os.environ.get("RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    engine = engine_for(app[settings_key].tracker_db_url)

    async def loop() -> None:
        while True:
            await purge_once(engine, days)
            await asyncio.sleep(PURGE_EVERY_S)

    task = asyncio.create_task(loop())
    yield
    task.cancel()


def setup_routes(app: web.Application) -> None:
    app.router.add_get("/privacy/gesprek/{sender}", export)
    app.router.add_delete("/privacy/gesprek/{sender}", delete)
    app.cleanup_ctx.append(purge_daily)
