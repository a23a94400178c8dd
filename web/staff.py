"""Staff pages under /lob: the login and session cookie they share, their page layout and their errors."""
import hashlib
import hmac
import html
import json
import time
from pathlib import Path
from string import Template
from typing import Optional, Type

from aiohttp import web

from web.keys import login_limits_key, settings_key

TEMPLATES = Path(__file__).parent / "templates"

SESSION_COOKIE = "lob_session"
SESSION_SECONDS = 8 * 60 * 60

NOT_CONFIGURED = "De LOB-pagina's zijn nog niet ingesteld. Vraag de beheerder om een LOB_TOKEN in te stellen."
NOT_LOGGED_IN = "Je bent niet (meer) ingelogd. Log opnieuw in op de LOB-pagina."
WRONG_TOKEN = "Deze inlogcode klopt niet. Probeer het opnieuw."
TOO_MANY_TRIES = "Je hebt te vaak geprobeerd in te loggen. Wacht een minuut en probeer het dan opnieuw."

HTML_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
NAV_LINKS = (("lab", "/lob", "Promptlab"), ("insights", "/lob/inzichten", "Inzichten"))


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


def login_page(message: str = "", status: int = 200) -> web.Response:
    main = render("lob_login.html", message=_message(message) if message else "")
    return html_response("Inloggen", main, status=status)


def error(error_class: Type[web.HTTPException], message: str, as_json: bool) -> web.HTTPException:
    """An error to raise: JSON {"error": message} for the pages' scripts, else a staff page."""
    if as_json:
        return error_class(text=json.dumps({"error": message}), content_type="application/json")
    main = _message(message) + '<p><a href="/lob">Naar de inlogpagina</a></p>'
    return error_class(text=page("LOB-pagina's", main), content_type="text/html", headers=HTML_HEADERS)


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


def require_configured(request: web.Request, *, as_json: bool = False) -> None:
    """Raise 503 when the staff pages are not configured (no LOB_TOKEN)."""
    if not request.app[settings_key].lob_token:
        raise error(web.HTTPServiceUnavailable, NOT_CONFIGURED, as_json)


def require_login(request: web.Request, *, as_json: bool = False) -> None:
    """Raise 503 when the staff pages are not configured, 401 without a valid session."""
    require_configured(request, as_json=as_json)
    if not is_logged_in(request):
        raise error(web.HTTPUnauthorized, NOT_LOGGED_IN, as_json)


async def login(request: web.Request) -> web.Response:
    require_configured(request)
    lob_token = request.app[settings_key].lob_token
    if not await request.app[login_limits_key].allow(request.remote or ""):
        return login_page(TOO_MANY_TRIES, status=429)
    form = await request.post()
    if not hmac.compare_digest(str(form.get("token", "")).encode(), lob_token.encode()):
        return login_page(WRONG_TOKEN, status=401)
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


def setup_routes(app: web.Application) -> None:
    app.router.add_post("/lob/login", login)
    app.router.add_post("/lob/logout", logout)
