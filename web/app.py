"""aiohttp application: the chat page and the endpoint it talks to."""
import re
from pathlib import Path
from typing import AsyncIterator

import aiohttp
from aiohttp import web

from web.config import Settings
from web.rasa_client import RasaClient, RasaUnavailable

STATIC = Path(__file__).parent / "static"
SENDER_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
UNAVAILABLE = "De assistent is even niet bereikbaar. Probeer het over een minuutje nog eens."

settings_key = web.AppKey("settings", Settings)
rasa_key = web.AppKey("rasa", RasaClient)


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html")


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def chat(request: web.Request) -> web.Response:
    """Forward one message to Rasa. Body: {"sender": "<random id>", "message": "..."}."""
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="Verwacht JSON met 'sender' en 'message'.")
    sender = str(body.get("sender", ""))
    message = str(body.get("message", ""))
    if not SENDER_ID.match(sender):
        raise web.HTTPBadRequest(text="Ongeldige sender-id.")
    limit = request.app[settings_key].max_message_chars
    if len(message) > limit:
        text = f"Je bericht is te lang (meer dan {limit} tekens). Wil je het korter maken of in stukjes sturen?"
        return web.json_response({"messages": [{"text": text}], "rejected": True}, status=413)
    try:
        replies = await request.app[rasa_key].send(sender, message)
    except RasaUnavailable:
        return web.json_response({"messages": [{"text": UNAVAILABLE}], "unavailable": True}, status=503)
    return web.json_response({"messages": replies})


def create_app(settings: Settings) -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    app[settings_key] = settings

    async def rasa_session(app: web.Application) -> AsyncIterator[None]:
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            app[rasa_key] = RasaClient(session, settings.rasa_url)
            yield

    app.cleanup_ctx.append(rasa_session)
    app.router.add_get("/", index)
    app.router.add_get("/healthz", health)
    app.router.add_post("/api/chat", chat)
    app.router.add_static("/static/", STATIC)
    return app
