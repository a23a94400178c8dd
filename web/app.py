"""The app factory (it mounts every part of web/) and the chat endpoint the widget talks to."""
import re
from pathlib import Path
from typing import Any, AsyncIterator, Dict, List

import aiohttp
import aiohttp_cors
from aiohttp import web
from aiohttp_remotes import XForwardedStrict

from web import export, insights, lab, privacy, staff
from web.config import Settings
from web.delivery import Deliveries
from web.keys import login_limits_key, rasa_key, settings_key
from web.rasa_client import UNAVAILABLE, RasaClient, RasaTimeout, RasaUnavailable
from web.ratelimit import ClientLimits
from web.sessions import SessionWindows

STATIC = Path(__file__).parent / "static"
SENDER_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
NO_ANSWER = "Ik kan je vraag nu even niet beantwoorden. Probeer het zo nog eens, of vraag het je decaan."
EMPTY = "Je bericht is leeg. Typ een vraag, bijvoorbeeld: wat kun je?"
TOO_FAST = "Je stuurt veel berichten snel achter elkaar. Wacht even en probeer het dan opnieuw."
BUSY = "De assistent is nu erg druk en heeft je bericht nog niet beantwoord. Probeer het over een minuutje nog eens."
BAD_REQUEST = "Verwacht een JSON-object met 'sender' en 'message'."
BAD_ID = "Ongeldige sender-id of bericht-id."
limits_key = web.AppKey("limits", ClientLimits)  # per conversation (sender id)
address_limits_key = web.AppKey("address_limits", ClientLimits)  # per client address: a ceiling for a whole school
deliveries_key = web.AppKey("deliveries", Deliveries)
sessions_key = web.AppKey("sessions", SessionWindows)


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html")


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def _answer(text: str, status: int, **flags: bool) -> web.Response:
    return web.json_response({"messages": [{"text": text}], **flags}, status=status)


async def chat(request: web.Request) -> web.Response:
    """Forward one message to Rasa. Body: {"sender": "<random id>", "message": "...", "id": "<message id>"}.

    A retry with the same sender and id gets the answer to the first request; Rasa gets the message once.
    """
    if not await request.app[address_limits_key].allow(request.remote or ""):
        return _answer(TOO_FAST, 429, rejected=True)
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return _answer(BAD_REQUEST, 400, rejected=True)
    sender = str(body.get("sender", ""))
    message = str(body.get("message", ""))
    message_id = str(body.get("id", ""))  # the widget sends one; without it every request is a new message
    if not SENDER_ID.match(sender) or (message_id and not SENDER_ID.match(message_id)):
        return _answer(BAD_ID, 400, rejected=True)
    if not await request.app[limits_key].allow(sender):
        return _answer(TOO_FAST, 429, rejected=True)
    if not message.strip():
        return _answer(EMPTY, 400, rejected=True)
    limit = request.app[settings_key].max_message_chars
    if len(message) > limit:
        text = f"Je bericht is te lang (meer dan {limit} tekens). Wil je het korter maken of in stukjes sturen?"
        return _answer(text, 413, rejected=True)
    rasa, sessions = request.app[rasa_key], request.app[sessions_key]

    async def forward() -> List[Dict[str, Any]]:
        replies = await rasa.send(sender, message)
        sessions.handled(sender)
        return replies

    try:
        replies = await (request.app[deliveries_key].deliver(sender, message_id, forward) if message_id else forward())
    except RasaTimeout:
        return _answer(BUSY, 504, unavailable=True)
    except RasaUnavailable:
        return _answer(UNAVAILABLE, 503, unavailable=True)
    # Every message gets an answer; none means a part behind Rasa (the action server) failed.
    return web.json_response({"messages": replies or [{"text": NO_ANSWER}]})


def create_app(settings: Settings) -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    app[settings_key] = settings
    if settings.trusted_proxies:
        # Behind the school's reverse proxy: the client's address and scheme (https, so the staff cookie
        # is Secure) come from X-Forwarded-For/-Proto, believed only from the proxy itself; /healthz is
        # asked directly.
        proxies = XForwardedStrict([settings.trusted_proxies], white_paths=("/healthz",))
        app.middlewares.append(proxies.middleware)

    async def rasa_session(app: web.Application) -> AsyncIterator[None]:
        timeout = aiohttp.ClientTimeout(total=settings.rasa_timeout_s)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            app[rasa_key] = RasaClient(session, settings.rasa_url, settings.rasa_token)
            app[sessions_key] = SessionWindows(app[rasa_key], settings.session_turns)
            yield

    app.cleanup_ctx.append(rasa_session)
    app[limits_key] = ClientLimits(settings.messages_per_minute)
    app[address_limits_key] = ClientLimits(settings.address_messages_per_minute)
    app[deliveries_key] = Deliveries()
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
    staff.setup_routes(app)
    lab.setup_routes(app)
    export.setup_routes(app)
    insights.setup_routes(app)
    privacy.setup_routes(app)
    return app
