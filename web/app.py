"""aiohttp application: the chat page and the endpoint it talks to."""
import re
from pathlib import Path
from typing import AsyncIterator

import aiohttp
import aiohttp_cors
from aiohttp import web

from web import insights, lob, privacy
from web.config import Settings
from web.keys import login_limits_key, rasa_key, settings_key
from web.rasa_client import RasaClient, RasaUnavailable
from web.ratelimit import ClientLimits

STATIC = Path(__file__).parent / "static"
SENDER_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
UNAVAILABLE = "De assistent is even niet bereikbaar. Probeer het over een minuutje nog eens."
NO_ANSWER = "Ik kan je vraag nu even niet beantwoorden. Probeer het zo nog eens, of vraag het je decaan."
EMPTY = "Je bericht is leeg. Typ een vraag, bijvoorbeeld: wat kun je?"
TOO_FAST = "Je stuurt veel berichten snel achter elkaar. Wacht even en probeer het dan opnieuw."
limits_key = web.AppKey("limits", ClientLimits)


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html")


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def chat(request: web.Request) -> web.Response:
    """Forward one message to Rasa. Body: {"sender": "<random id>", "message": "..."}."""
    if not await request.app[limits_key].allow(request):
        return web.json_response({"messages": [{"text": TOO_FAST}], "rejected": True}, status=429)
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="Verwacht JSON met 'sender' en 'message'.")
    sender = str(body.get("sender", ""))
    message = str(body.get("message", ""))
    if not SENDER_ID.match(sender):
        raise web.HTTPBadRequest(text="Ongeldige sender-id.")
    if not message.strip():
        return web.json_response({"messages": [{"text": EMPTY}], "rejected": True}, status=400)
    limit = request.app[settings_key].max_message_chars
    if len(message) > limit:
        text = f"Je bericht is te lang (meer dan {limit} tekens). Wil je het korter maken of in stukjes sturen?"
        return web.json_response({"messages": [{"text": text}], "rejected": True}, status=413)
    try:
        replies = await request.app[rasa_key].send(sender, message)
    except RasaUnavailable:
        return web.json_response({"messages": [{"text": UNAVAILABLE}], "unavailable": True}, status=503)
    # Every message gets an answer; none means a part behind Rasa (the action server) failed.
    return web.json_response({"messages": replies or [{"text": NO_ANSWER}]})


def create_app(settings: Settings) -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    app[settings_key] = settings

    async def rasa_session(app: web.Application) -> AsyncIterator[None]:
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            app[rasa_key] = RasaClient(session, settings.rasa_url, settings.rasa_token)
            yield

    app.cleanup_ctx.append(rasa_session)
    app[limits_key] = ClientLimits(settings.messages_per_minute)
    app[login_limits_key] = ClientLimits(settings.login_attempts_per_minute)
    app.router.add_get("/", index)
    app.router.add_get("/healthz", health)
    chat_route = app.router.add_post("/api/chat", chat)
    app.router.add_static("/static/", STATIC)
    # Schools on the allow-list may embed the widget; other sites get no CORS headers.
    cors = aiohttp_cors.setup(app, defaults={
        origin: aiohttp_cors.ResourceOptions(allow_headers=("Content-Type",)) for origin in settings.cors_origins
    })
    cors.add(chat_route)
    lob.setup_routes(app)
    insights.setup_routes(app)
    privacy.setup_routes(app)
    return app
