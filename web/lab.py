"""The prompt lab at /lob: staff send test questions to Rasa and see how it understood and answered each."""
import asyncio
import json
import secrets
from pathlib import Path
from typing import Any, Dict, Iterable, List

import yaml
from aiohttp import web

from knowledge import api as knowledge
from knowledge.errors import NotFound
from web.keys import rasa_key
from web.rasa_client import UNAVAILABLE, RasaUnavailable
from web.staff import error, html_response, is_logged_in, login_page, render, require_configured, require_login

DOMAIN_DIR = Path(__file__).resolve().parent.parent / "bot" / "domain"

MAX_PROMPTS = 200
MAX_PROMPT_CHARS = 500
MAX_BODY_BYTES = 2 * 1024 * 1024  # 200 prompts of 500 characters, even \u-escaped; the app allows only 64 KB
PARALLEL_PROMPTS = 4
FALLBACK_INTENT = "nlu_fallback"
LOW_CONFIDENCE = 0.6  # a row is "low" below this or on nlu_fallback, unless an answer card answered
LAB_SENDER_PREFIX = "lob-"  # the lab's own conversations; the insights leave them out

TOO_LARGE = "Dat is te veel tekst in één keer. Stuur minder vragen tegelijk."

run_limit_key = web.AppKey("lob_run_limit", asyncio.Semaphore)


async def lab_page(request: web.Request) -> web.Response:
    require_configured(request)
    if not is_logged_in(request):
        return login_page()
    main = render("lob_lab.html", max_prompts=str(MAX_PROMPTS), max_chars=str(MAX_PROMPT_CHARS))
    return html_response("Promptlab", main, current="lab", script='<script src="/static/lob.js" defer></script>')


# --- the prompts in a request (also the export's) ---------------------------------------------


def bad_request(message: str) -> web.HTTPException:
    return error(web.HTTPBadRequest, message, as_json=True)


async def read_json(request: web.Request) -> Dict[str, Any]:
    """The JSON object in the body, read with the lab's own size limit."""
    body = bytearray()
    async for chunk in request.content.iter_any():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise web.HTTPRequestEntityTooLarge(
                max_size=MAX_BODY_BYTES, actual_size=len(body),
                text=json.dumps({"error": TOO_LARGE}), content_type="application/json",
            )
    try:
        data = json.loads(body)
    except ValueError:
        raise bad_request("Verwacht JSON.") from None
    if not isinstance(data, dict):
        raise bad_request("Verwacht een JSON-object.")
    return data


def clean_prompt(text: str) -> str:
    """One line of printable text: what a user could type in the chat."""
    return " ".join("".join(ch for ch in text if ch.isprintable() or ch.isspace()).split())


def prompt(value: Any, number: int) -> str:
    """Prompt `number` of a request, cleaned; 400 when it is empty, no text or too long."""
    text = clean_prompt(value) if isinstance(value, str) else ""
    if not text:
        raise bad_request(f"Vraag {number} is leeg of geen tekst.")
    if len(text) > MAX_PROMPT_CHARS:
        raise bad_request(f"Vraag {number} is langer dan {MAX_PROMPT_CHARS} tekens. Maak hem korter.")
    return text


def prompt_list(values: Any, what: str) -> List[Any]:
    """The list `what` of a request; 400 when it is no list, empty or longer than MAX_PROMPTS."""
    if not isinstance(values, list) or not values:
        raise bad_request(f"Stuur een lijst '{what}' met minstens één vraag.")
    if len(values) > MAX_PROMPTS:
        raise bad_request(f"Je stuurde {len(values)} vragen. Het maximum is {MAX_PROMPTS} tegelijk.")
    return values


def domain_intents(domain_dir: Path = DOMAIN_DIR) -> List[str]:
    """The intents of the domain (bot/domain/*.yml), sorted."""
    intents = set()
    for path in domain_dir.glob("*.yml"):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("intents", []):
            intents.add(item if isinstance(item, str) else next(iter(item)))
    return sorted(intents)


# --- running prompts -------------------------------------------------------------------------


def _new_sender() -> str:
    return f"{LAB_SENDER_PREFIX}{secrets.token_hex(8)}"


def reply_text(replies: Iterable[Dict[str, Any]]) -> str:
    return "\n".join(message["text"] for message in replies if message.get("text"))


def turn_cards(events: Iterable[Dict[str, Any]]) -> Dict[str, Any]:
    """The last values the slots `kaart` and `kaart_keuzes` got after the latest user message
    (actions/cards.py `shown`: the card answered with, or the cards offered as "Bedoel je…?")."""
    cards: Dict[str, Any] = {"kaart": None, "kaart_keuzes": None}
    for event in events:
        if event.get("event") == "user":
            cards = {"kaart": None, "kaart_keuzes": None}
        elif event.get("event") == "slot" and event.get("name") in cards:
            cards[event["name"]] = event.get("value")
    return cards


def card_title(card_id: str) -> str:
    try:
        return knowledge.kaart(card_id).titel
    except NotFound:
        return card_id


def card_text(cards: Dict[str, Any]) -> str:
    """What answered, for staff: "Antwoordkaart: <titel>", "Bedoel je…?: <titel>, <titel>" or ""."""
    if cards.get("kaart"):
        return f"Antwoordkaart: {card_title(cards['kaart'])}"
    if cards.get("kaart_keuzes"):
        return "Bedoel je…?: " + ", ".join(card_title(card_id) for card_id in cards["kaart_keuzes"])
    return ""


def result_row(
    prompt: str, parsed: Dict[str, Any], replies: List[Dict[str, Any]], events: Iterable[Dict[str, Any]],
) -> Dict[str, Any]:
    """One row of the results; `events`: the tracker of the prompt's conversation. A row is low when
    the intent is unsure or nlu_fallback, unless an answer card answered."""
    intent = parsed.get("intent") or {}
    confidence = intent.get("confidence")
    cards = turn_cards(events)
    unsure = (intent.get("name") == FALLBACK_INTENT or not isinstance(confidence, (int, float))
              or confidence < LOW_CONFIDENCE)
    return {
        "prompt": prompt,
        "intent": intent.get("name"),
        "confidence": confidence,
        "entities": [{"entity": e.get("entity"), "value": e.get("value")} for e in parsed.get("entities", [])],
        "reply": reply_text(replies),
        "kaart": card_text(cards),
        "low": unsure and not cards["kaart"],
    }


async def run_prompts(request: web.Request) -> web.Response:
    """Body {"prompts": [...]}: NLU result, the bot's answer and the answer card that answered (or the
    cards offered) per prompt, each in a fresh conversation."""
    require_login(request, as_json=True)
    values = prompt_list((await read_json(request)).get("prompts"), "prompts")
    prompts = [prompt(value, number) for number, value in enumerate(values, start=1)]
    rasa, limit = request.app[rasa_key], request.app[run_limit_key]

    async def run_one(text: str) -> Dict[str, Any]:
        sender = _new_sender()
        async with limit:
            parsed, replies = await asyncio.gather(rasa.parse(text), rasa.send(sender, text))
            tracker = await rasa.tracker(sender)
        return result_row(text, parsed, replies, tracker.get("events", []))

    try:
        rows = await asyncio.gather(*(run_one(text) for text in prompts))
    except RasaUnavailable:
        raise error(web.HTTPServiceUnavailable, UNAVAILABLE, as_json=True) from None
    return web.json_response({"rows": rows})


async def intents(request: web.Request) -> web.Response:
    require_login(request, as_json=True)
    return web.json_response({"intents": domain_intents()})


def compact_events(events: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """User, bot, action and slot events of a tracker, without the action_listen between turns."""
    compact = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            intent = (event.get("parse_data") or {}).get("intent") or {}
            compact.append({"type": "user", "text": event.get("text"), "intent": intent.get("name"),
                            "confidence": intent.get("confidence")})
        elif kind == "bot":
            compact.append({"type": "bot", "text": event.get("text")})
        elif kind == "action" and event.get("name") != "action_listen":
            compact.append({"type": "action", "name": event.get("name")})
        elif kind == "slot":
            compact.append({"type": "slot", "name": event.get("name"), "value": event.get("value")})
    return compact


async def try_prompt(request: web.Request) -> web.Response:
    """Body {"prompt": "..."}: the answer and the whole conversation (actions and slots included)."""
    require_login(request, as_json=True)
    text = prompt((await read_json(request)).get("prompt"), 1)
    rasa, sender = request.app[rasa_key], _new_sender()
    try:
        replies = await rasa.send(sender, text)
        tracker = await rasa.tracker(sender)
    except RasaUnavailable:
        raise error(web.HTTPServiceUnavailable, UNAVAILABLE, as_json=True) from None
    return web.json_response({"reply": reply_text(replies), "events": compact_events(tracker.get("events", []))})


def setup_routes(app: web.Application) -> None:
    app[run_limit_key] = asyncio.Semaphore(PARALLEL_PROMPTS)  # shared by all runs, so Rasa gets at most 4 at a time
    app.router.add_get("/lob", lab_page, name="lob")
    app.router.add_get("/lob/intents", intents)
    app.router.add_post("/lob/run", run_prompts)
    app.router.add_post("/lob/try", try_prompt)
