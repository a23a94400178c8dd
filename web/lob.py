"""Staff pages under /lob: the login they share, and the prompt lab.

The prompt lab sends test questions to Rasa (server-side, with the Rasa token) and
turns the corrections of LOB staff into NLU training data.
"""
import asyncio
import hashlib
import hmac
import html
import io
import json
import secrets
import time
from pathlib import Path
from string import Template
from typing import Any, Dict, Iterable, List, Optional, Tuple, Type

import yaml
from aiohttp import web
from defusedcsv import csv  # the csv module, with formula cells ('=', '+', '-', '@' …) made inert

from web.keys import login_limits_key, rasa_key, settings_key
from web.rasa_client import RasaUnavailable

TEMPLATES = Path(__file__).parent / "templates"
DOMAIN_DIR = Path(__file__).resolve().parent.parent / "bot" / "domain"

SESSION_COOKIE = "lob_session"
SESSION_SECONDS = 8 * 60 * 60
MAX_PROMPTS = 200
MAX_PROMPT_CHARS = 500
MAX_BODY_BYTES = 2 * 1024 * 1024  # 200 prompts of 500 characters, even \u-escaped; the app allows only 64 KB
PARALLEL_PROMPTS = 4
LAB_SENDER_PREFIX = "lob-"  # the lab's own conversations; the insights leave them out
EXPORT_FILES = {"yaml": ("lob-correcties.yml", "application/yaml"), "csv": ("lob-correcties.csv", "text/csv")}

NOT_CONFIGURED = "De LOB-pagina's zijn nog niet ingesteld. Vraag de beheerder om een LOB_TOKEN in te stellen."
NOT_LOGGED_IN = "Je bent niet (meer) ingelogd. Log opnieuw in op de LOB-pagina."
WRONG_TOKEN = "Deze inlogcode klopt niet. Probeer het opnieuw."
TOO_MANY_TRIES = "Je hebt te vaak geprobeerd in te loggen. Wacht een minuut en probeer het dan opnieuw."
UNAVAILABLE = "De assistent is even niet bereikbaar. Probeer het over een minuutje nog eens."
TOO_LARGE = "Dat is te veel tekst in één keer. Stuur minder vragen tegelijk."

HTML_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
NAV_LINKS = (("lab", "/lob", "Promptlab"), ("insights", "/lob/inzichten", "Inzichten"))

run_limit_key = web.AppKey("lob_run_limit", asyncio.Semaphore)


# --- pages -----------------------------------------------------------------------------------


def render(template: str, **values: str) -> str:
    """Fill a template from web/templates; callers pass values that are already HTML-escaped."""
    return Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)


def _nav(current: str) -> str:
    current_mark = ' aria-current="page"'
    links = "".join(
        f'<li><a href="{href}"{current_mark if key == current else ""}>{label}</a></li>'
        for key, href, label in NAV_LINKS
    )
    return (
        f'<nav aria-label="LOB-pagina\'s"><ul>{links}</ul>'
        '<form method="post" action="/lob/logout"><button type="submit">Uitloggen</button></form></nav>'
    )


def page(title: str, main: str, *, current: Optional[str] = None, script: str = "") -> str:
    """A whole staff page; `main` is trusted HTML, `current` shows the menu (only when logged in)."""
    nav = _nav(current) if current else ""
    return render("lob_layout.html", title=html.escape(title), nav=nav, main=main, script=script)


def html_response(
    title: str, main: str, *, status: int = 200, current: Optional[str] = None, script: str = ""
) -> web.Response:
    body = page(title, main, current=current, script=script)
    return web.Response(text=body, status=status, content_type="text/html", headers=HTML_HEADERS)


def _message(text: str) -> str:
    return f'<p class="error" role="alert">{html.escape(text)}</p>'


def _login_page(message: str = "", status: int = 200) -> web.Response:
    main = render("lob_login.html", message=_message(message) if message else "")
    return html_response("Inloggen", main, status=status)


# --- login -----------------------------------------------------------------------------------


def _signature(lob_token: str, expires: int) -> str:
    return hmac.new(lob_token.encode(), f"lob-session:{expires}".encode(), hashlib.sha256).hexdigest()


def session_value(lob_token: str, now: Optional[float] = None) -> str:
    """'<expiry>.<HMAC of the expiry>': the cookie proves a login without a session store."""
    expires = int(now if now is not None else time.time()) + SESSION_SECONDS
    return f"{expires}.{_signature(lob_token, expires)}"


def is_logged_in(request: web.Request) -> bool:
    lob_token = request.app[settings_key].lob_token
    expires, _, signature = request.cookies.get(SESSION_COOKIE, "").partition(".")
    if not lob_token or not expires.isdigit() or int(expires) < time.time():
        return False
    return hmac.compare_digest(signature.encode(), _signature(lob_token, int(expires)).encode())


def _error(error: Type[web.HTTPException], message: str, as_json: bool) -> web.HTTPException:
    if as_json:
        return error(text=json.dumps({"error": message}), content_type="application/json")
    main = _message(message) + '<p><a href="/lob">Naar de inlogpagina</a></p>'
    return error(text=page("LOB-pagina's", main), content_type="text/html", headers=HTML_HEADERS)


def require_login(request: web.Request, *, as_json: bool = False) -> None:
    """Raise 503 when the staff pages are not configured, 401 without a valid session."""
    if not request.app[settings_key].lob_token:
        raise _error(web.HTTPServiceUnavailable, NOT_CONFIGURED, as_json)
    if not is_logged_in(request):
        raise _error(web.HTTPUnauthorized, NOT_LOGGED_IN, as_json)


async def login(request: web.Request) -> web.Response:
    lob_token = request.app[settings_key].lob_token
    if not lob_token:
        raise _error(web.HTTPServiceUnavailable, NOT_CONFIGURED, as_json=False)
    if not await request.app[login_limits_key].allow(request.remote or ""):
        return _login_page(TOO_MANY_TRIES, status=429)
    form = await request.post()
    if not hmac.compare_digest(str(form.get("token", "")).encode(), lob_token.encode()):
        return _login_page(WRONG_TOKEN, status=401)
    response = web.HTTPSeeOther("/lob")
    response.set_cookie(
        SESSION_COOKIE, session_value(lob_token), max_age=SESSION_SECONDS, path="/lob",
        httponly=True, samesite="Strict", secure=request.secure,
    )
    raise response


async def logout(request: web.Request) -> web.Response:
    response = web.HTTPSeeOther("/lob")
    response.del_cookie(SESSION_COOKIE, path="/lob")
    raise response


# --- prompt lab ------------------------------------------------------------------------------


async def lab_page(request: web.Request) -> web.Response:
    if not request.app[settings_key].lob_token:
        raise _error(web.HTTPServiceUnavailable, NOT_CONFIGURED, as_json=False)
    if not is_logged_in(request):
        return _login_page()
    main = render("lob_lab.html", max_prompts=str(MAX_PROMPTS), max_chars=str(MAX_PROMPT_CHARS))
    return html_response("Promptlab", main, current="lab", script='<script src="/static/lob.js" defer></script>')


def _bad_request(message: str) -> web.HTTPException:
    return _error(web.HTTPBadRequest, message, as_json=True)


async def _read_json(request: web.Request) -> Dict[str, Any]:
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
        raise _bad_request("Verwacht JSON.") from None
    if not isinstance(data, dict):
        raise _bad_request("Verwacht een JSON-object.")
    return data


def clean_prompt(text: str) -> str:
    """One line of printable text: what a user could type in the chat."""
    return " ".join("".join(ch for ch in text if ch.isprintable() or ch.isspace()).split())


def _prompt(value: Any, number: int) -> str:
    prompt = clean_prompt(value) if isinstance(value, str) else ""
    if not prompt:
        raise _bad_request(f"Vraag {number} is leeg of geen tekst.")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise _bad_request(f"Vraag {number} is langer dan {MAX_PROMPT_CHARS} tekens. Maak hem korter.")
    return prompt


def _prompt_list(values: Any, what: str) -> List[Any]:
    if not isinstance(values, list) or not values:
        raise _bad_request(f"Stuur een lijst '{what}' met minstens één vraag.")
    if len(values) > MAX_PROMPTS:
        raise _bad_request(f"Je stuurde {len(values)} vragen. Het maximum is {MAX_PROMPTS} tegelijk.")
    return values


def _new_sender() -> str:
    return f"{LAB_SENDER_PREFIX}{secrets.token_hex(8)}"


def reply_text(replies: Iterable[Dict[str, Any]]) -> str:
    return "\n".join(message["text"] for message in replies if message.get("text"))


def result_row(prompt: str, parsed: Dict[str, Any], replies: List[Dict[str, Any]]) -> Dict[str, Any]:
    intent = parsed.get("intent") or {}
    return {
        "prompt": prompt,
        "intent": intent.get("name"),
        "confidence": intent.get("confidence"),
        "entities": [{"entity": e.get("entity"), "value": e.get("value")} for e in parsed.get("entities", [])],
        "reply": reply_text(replies),
    }


async def run_prompts(request: web.Request) -> web.Response:
    """Body {"prompts": [...]}: NLU result and the bot's answer per prompt, each in a fresh conversation."""
    require_login(request, as_json=True)
    values = _prompt_list((await _read_json(request)).get("prompts"), "prompts")
    prompts = [_prompt(value, number) for number, value in enumerate(values, start=1)]
    rasa, limit = request.app[rasa_key], request.app[run_limit_key]

    async def run_one(prompt: str) -> Dict[str, Any]:
        async with limit:
            parsed, replies = await asyncio.gather(rasa.parse(prompt), rasa.send(_new_sender(), prompt))
        return result_row(prompt, parsed, replies)

    try:
        rows = await asyncio.gather(*(run_one(prompt) for prompt in prompts))
    except RasaUnavailable:
        raise _error(web.HTTPServiceUnavailable, UNAVAILABLE, as_json=True) from None
    return web.json_response({"rows": rows})


def domain_intents(domain_dir: Path = DOMAIN_DIR) -> List[str]:
    """The intents of the domain (bot/domain/*.yml), sorted."""
    intents = set()
    for path in domain_dir.glob("*.yml"):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("intents", []):
            intents.add(item if isinstance(item, str) else next(iter(item)))
    return sorted(intents)


async def intents(request: web.Request) -> web.Response:
    require_login(request, as_json=True)
    return web.json_response({"intents": domain_intents()})


def nlu_yaml(corrections: Iterable[Tuple[str, str]]) -> str:
    """Rasa 3 NLU training data, one block per intent; intents and examples sorted, no duplicates."""
    by_intent: Dict[str, set] = {}
    for prompt, intent in corrections:
        by_intent.setdefault(intent, set()).add(prompt)
    lines = ['version: "3.1"', "", "nlu:"]
    for intent in sorted(by_intent):
        lines += [f"  - intent: {intent}", "    examples: |"]
        lines += [f"      - {prompt}" for prompt in sorted(by_intent[intent])]
    return "\n".join(lines) + "\n"


def corrections_csv(corrections: Iterable[Tuple[str, str]]) -> str:
    """CSV with the header prompt,intent; sorted by intent, then prompt, no duplicates.

    A prompt that a spreadsheet would run as a formula ('=HYPERLINK(…)') starts with a quote.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["prompt", "intent"])
    writer.writerows(sorted(set(corrections), key=lambda pair: (pair[1], pair[0])))
    return out.getvalue()


async def export(request: web.Request) -> web.Response:
    """Body {"format": "yaml"|"csv", "corrections": [{"prompt", "intent"}]}: a download."""
    require_login(request, as_json=True)
    body = await _read_json(request)
    file_format = body.get("format")
    if file_format not in EXPORT_FILES:
        raise _bad_request("Kies als formaat 'yaml' of 'csv'.")
    corrections = []
    for number, item in enumerate(_prompt_list(body.get("corrections"), "corrections"), start=1):
        item = item if isinstance(item, dict) else {}
        corrections.append((_prompt(item.get("prompt"), number), str(item.get("intent") or "")))
    unknown = sorted({intent for _, intent in corrections} - set(domain_intents()))
    if unknown:
        names = ", ".join(name or "(leeg)" for name in unknown)
        raise _bad_request(f"Deze intent bestaat niet in het domein: {names}. Kies een intent uit de lijst.")
    text = nlu_yaml(corrections) if file_format == "yaml" else corrections_csv(corrections)
    filename, content_type = EXPORT_FILES[file_format]
    return web.Response(
        text=text, content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


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
    prompt = _prompt((await _read_json(request)).get("prompt"), 1)
    rasa, sender = request.app[rasa_key], _new_sender()
    try:
        replies = await rasa.send(sender, prompt)
        tracker = await rasa.tracker(sender)
    except RasaUnavailable:
        raise _error(web.HTTPServiceUnavailable, UNAVAILABLE, as_json=True) from None
    return web.json_response({"reply": reply_text(replies), "events": compact_events(tracker.get("events", []))})


def setup_routes(app: web.Application) -> None:
    app[run_limit_key] = asyncio.Semaphore(PARALLEL_PROMPTS)  # shared by all runs, so Rasa gets at most 4 at a time
    app.router.add_get("/lob", lab_page, name="lob")
    app.router.add_post("/lob/login", login)
    app.router.add_post("/lob/logout", logout)
    app.router.add_get("/lob/intents", intents)
    app.router.add_post("/lob/run", run_prompts)
    app.router.add_post("/lob/export", export)
    app.router.add_post("/lob/try", try_prompt)
