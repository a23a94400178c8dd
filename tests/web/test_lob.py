"""The staff pages under /lob (web/staff.py: login; web/lab.py: prompt lab; web/export.py) against a stand-in for Rasa."""
import csv
import io
import random

import pytest
import requests
import yaml
from aiohttp import web
from rasa.shared.nlu.training_data.loading import load_data

from scripts.stack import load_env
from web.app import create_app
from web.config import Settings
from web.export import nlu_yaml
from web.lab import card_text, result_row, turn_cards
from web.staff import session_value

RASA_TOKEN = "rasa-geheim-7f3a9c"
LOB_TOKEN = "lob-geheim-2b8e41"
XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def make_app(**settings) -> web.Application:
    return create_app(Settings(**settings))


async def log_in(client) -> None:
    response = await client.post("/lob/login", data={"token": LOB_TOKEN}, allow_redirects=False)
    assert response.status == 303


# What action_answer_card (actions/cards.py) sets for these prompts: a card answered, or cards offered.
CARD_SLOTS = {
    "wat is een deficiëntie": [{"event": "slot", "name": "kaart", "value": "deficientie"},
                               {"event": "slot", "name": "kaart_keuzes", "value": None}],
    "leerweg": [{"event": "slot", "name": "kaart", "value": None},
                {"event": "slot", "name": "kaart_keuzes", "value": ["stelsel-bbl", "stelsel-bol"]}],
}


def parse_result(text: str) -> dict:
    if "blabla" in text or text in CARD_SLOTS:
        return {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.31}, "entities": []}
    return {
        "text": text,
        "intent": {"name": "ask_costs", "confidence": 0.93},
        "entities": [{"entity": "opleiding", "value": "kok", "start": 0, "end": 3,
                      "extractor": "RegexEntityExtractor"}],
        "intent_ranking": [{"name": "ask_costs", "confidence": 0.93}],
    }


@pytest.fixture
async def fake_rasa(aiohttp_server):
    """Rasa's /model/parse and tracker (token required) and the REST channel."""
    sent = []

    def check_token(request: web.Request) -> None:
        if request.query.get("token") != RASA_TOKEN:
            raise web.HTTPUnauthorized()

    async def parse(request: web.Request) -> web.Response:
        check_token(request)
        return web.json_response(parse_result((await request.json())["text"]))

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        sent.append(body)
        return web.json_response([{"recipient_id": body["sender"], "text": f"Je vroeg: {body['message']}"},
                                  {"recipient_id": body["sender"], "custom": {"kaart": 1}}])

    async def tracker(request: web.Request) -> web.Response:
        check_token(request)
        sender = request.match_info["sender"]
        text = next(body["message"] for body in reversed(sent) if body["sender"] == sender)
        if text in CARD_SLOTS:
            turn = [{"event": "action", "name": "action_answer_card"}, *CARD_SLOTS[text]]
        else:
            turn = [{"event": "slot", "name": "opleiding_id", "value": "mbo-25180"},
                    {"event": "action", "name": "action_costs"}]
        events = [
            {"event": "action", "name": "action_session_start"},
            {"event": "session_started"},
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": text, "parse_data": {"intent": parse_result(text)["intent"]}},
            *turn,
            {"event": "bot", "text": f"Je vroeg: {text}"},
            {"event": "action", "name": "action_listen"},
        ]
        return web.json_response({"sender_id": sender, "events": events})

    app = web.Application()
    app.router.add_post("/model/parse", parse)
    app.router.add_post("/webhooks/rest/webhook", webhook)
    app.router.add_get("/conversations/{sender}/tracker", tracker)
    server = await aiohttp_server(app)
    server.sent = sent
    return server


@pytest.fixture
def knowledge_base(db_url, monkeypatch):
    """The card titles come from the test knowledge base (built by the loader)."""
    monkeypatch.setenv("KNOWLEDGE_DB_URL", db_url)


@pytest.fixture
async def client(aiohttp_client, fake_rasa, tmp_path, knowledge_base):
    app = make_app(
        rasa_url=str(fake_rasa.make_url("")).rstrip("/"), rasa_token=RASA_TOKEN, lob_token=LOB_TOKEN,
        tracker_db_url=f"sqlite:///{tmp_path / 'tracker.db'}",
    )
    return await aiohttp_client(app)


@pytest.fixture
async def staff(client):
    await log_in(client)
    return client


async def test_lob_is_closed_without_lob_token(aiohttp_client):
    client = await aiohttp_client(make_app())
    response = await client.get("/lob")
    assert response.status == 503
    assert "niet ingesteld" in await response.text()
    assert (await client.post("/lob/login", data={"token": ""})).status == 503
    response = await client.post("/lob/run", json={"prompts": ["hoi"]})
    assert response.status == 503
    assert "niet ingesteld" in (await response.json())["error"]


async def test_logged_out_visitor_sees_login_form(client):
    response = await client.get("/lob")
    assert response.status == 200
    page = await response.text()
    assert 'action="/lob/login"' in page and 'for="token"' in page
    assert "run-form" not in page


async def test_wrong_token_gives_401(client):
    response = await client.post("/lob/login", data={"token": "raden"}, allow_redirects=False)
    assert response.status == 401
    assert "klopt niet" in await response.text()
    assert "lob_session" not in response.cookies
    assert (await client.post("/lob/run", json={"prompts": ["hoi"]})).status == 401


async def test_login_attempts_are_rate_limited(client):
    for _ in range(5):
        response = await client.post("/lob/login", data={"token": "raden"}, allow_redirects=False)
        assert response.status == 401
    response = await client.post("/lob/login", data={"token": LOB_TOKEN}, allow_redirects=False)
    assert response.status == 429, "even the right token waits: otherwise guessing would go on"
    page = await response.text()
    assert "te vaak geprobeerd" in page and "Wacht een minuut" in page and 'role="alert"' in page
    assert "lob_session" not in response.cookies


async def test_right_token_sets_safe_cookie_and_opens_lab(client):
    response = await client.post("/lob/login", data={"token": LOB_TOKEN}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/lob"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/lob" in cookie
    assert LOB_TOKEN not in cookie
    page = await (await client.get("/lob")).text()
    assert 'lang="nl"' in page and "Promptlab" in page and "/static/lob.js" in page and "run-form" in page


async def test_forged_or_expired_cookie_is_refused(client):
    expired = session_value(LOB_TOKEN, now=0)
    forged = session_value("een-andere-code")
    for value in (expired, forged, "9999999999.abc"):
        client.session.cookie_jar.update_cookies({"lob_session": value})
        assert (await client.post("/lob/run", json={"prompts": ["hoi"]})).status == 401


async def test_logout_ends_the_session(staff):
    response = await staff.post("/lob/logout", allow_redirects=False)
    assert response.status == 303
    assert (await staff.post("/lob/run", json={"prompts": ["hoi"]})).status == 401


@pytest.mark.parametrize("method,path", [
    ("POST", "/lob/run"), ("POST", "/lob/export"), ("POST", "/lob/try"), ("GET", "/lob/intents"),
])
async def test_json_endpoints_need_login(client, method, path):
    response = await client.request(method, path, json={})
    assert response.status == 401
    assert "ingelogd" in (await response.json())["error"]


async def test_run_returns_a_row_per_prompt(staff, fake_rasa):
    response = await staff.post("/lob/run", json={"prompts": ["kok  kosten", "blabla"]})
    assert response.status == 200
    rows = (await response.json())["rows"]
    assert rows == [
        {"prompt": "kok kosten", "intent": "ask_costs", "confidence": 0.93,
         "entities": [{"entity": "opleiding", "value": "kok"}], "reply": "Je vroeg: kok kosten",
         "kaart": "", "low": False},
        {"prompt": "blabla", "intent": "nlu_fallback", "confidence": 0.31, "entities": [], "reply": "Je vroeg: blabla",
         "kaart": "", "low": True},
    ]
    senders = [body["sender"] for body in fake_rasa.sent]
    assert len(set(senders)) == 2 and all(sender.startswith("lob-") for sender in senders)


async def test_run_shows_the_answer_card_and_a_card_answer_is_not_low(staff):
    response = await staff.post("/lob/run", json={"prompts": ["wat is een deficiëntie", "leerweg", "blabla"]})
    rows = (await response.json())["rows"]
    assert [(row["intent"], row["kaart"], row["low"]) for row in rows] == [
        ("nlu_fallback", "Antwoordkaart: Een vak missen (deficiëntie)", False),
        ("nlu_fallback", "Bedoel je…?: Bbl (beroepsbegeleidende leerweg), Bol (beroepsopleidende leerweg)", True),
        ("nlu_fallback", "", True),
    ]


async def test_run_takes_200_prompts_of_500_characters(staff):
    prompts = [f"{n} " + "é" * 495 for n in range(200)]
    response = await staff.post("/lob/run", json={"prompts": prompts})
    assert response.status == 200
    assert len((await response.json())["rows"]) == 200


async def test_run_refuses_a_huge_body(staff):
    response = await staff.post("/lob/run", json={"prompts": ["a" * 3 * 1024 * 1024]})
    assert response.status == 413
    assert "te veel tekst" in (await response.json())["error"]


@pytest.mark.parametrize("prompts", [[], ["hoi"] * 201, ["a" * 501], [""], [42], "hoi"])
async def test_run_refuses_bad_prompt_lists(staff, prompts):
    response = await staff.post("/lob/run", json={"prompts": prompts})
    assert response.status == 400
    assert (await response.json())["error"]


async def test_run_when_rasa_is_down(aiohttp_client, unused_tcp_port):
    client = await aiohttp_client(make_app(rasa_url=f"http://127.0.0.1:{unused_tcp_port}", lob_token=LOB_TOKEN))
    await log_in(client)
    response = await client.post("/lob/run", json={"prompts": ["hoi"]})
    assert response.status == 503
    assert "niet bereikbaar" in (await response.json())["error"]


async def test_rasa_token_never_reaches_the_browser(staff):
    responses = [
        await staff.get("/lob"), await staff.get("/static/lob.js"), await staff.get("/static/lob.css"),
        await staff.get("/lob/inzichten"), await staff.get("/lob/intents"),
        await staff.post("/lob/run", json={"prompts": ["hoi"]}), await staff.post("/lob/try", json={"prompt": "hoi"}),
    ]
    for response in responses:
        assert response.status == 200
        assert RASA_TOKEN not in await response.text()


async def test_intents_come_from_the_domain(staff):
    intents = (await (await staff.get("/lob/intents")).json())["intents"]
    assert {"greet", "goodbye", "gibberish", "express_doubt"} <= set(intents)
    assert intents == sorted(intents)


async def test_yaml_export_is_rasa_training_data(staff, tmp_path):
    corrections = [
        {"prompt": "wat kost een opleiding tot kok", "intent": "greet"},
        {"prompt": 'is dat "duur": ja # of nee?', "intent": "goodbye"},
        {"prompt": "hallo daar", "intent": "greet"},
        {"prompt": "hallo daar", "intent": "greet"},
    ]
    response = await staff.post("/lob/export", json={"format": "yaml", "corrections": corrections})
    assert response.status == 200
    assert "attachment" in response.headers["Content-Disposition"]
    text = await response.text()
    assert yaml.safe_load(text)["version"] == "3.1"
    path = tmp_path / "correcties.yml"
    path.write_text(text, encoding="utf-8")
    examples = {(m.get("text"), m.get("intent")) for m in load_data(str(path)).training_examples}
    assert examples == {
        ("hallo daar", "greet"), ("wat kost een opleiding tot kok", "greet"),
        ('is dat "duur": ja # of nee?', "goodbye"),
    }


def test_yaml_export_order_does_not_depend_on_input_order():
    corrections = [(f"vraag {n}", intent) for n in range(5) for intent in ("greet", "goodbye", "help")]
    shuffled = random.Random(1).sample(corrections, len(corrections))
    assert nlu_yaml(corrections) == nlu_yaml(shuffled)
    assert nlu_yaml(corrections).index("intent: goodbye") < nlu_yaml(corrections).index("intent: greet")


async def test_csv_export(staff):
    corrections = [{"prompt": "kok, of toch bakker?", "intent": "express_doubt"}, {"prompt": "hoi", "intent": "greet"}]
    response = await staff.post("/lob/export", json={"format": "csv", "corrections": corrections})
    assert response.status == 200 and response.content_type == "text/csv"
    text = await response.text()
    assert text.splitlines()[0] == "prompt,intent"
    assert list(csv.reader(io.StringIO(text)))[1:] == [["kok, of toch bakker?", "express_doubt"], ["hoi", "greet"]]


@pytest.mark.parametrize("prompt", ["=HYPERLINK(\"http://x.example\";\"klik\")", "+31 6 kosten", "@SUM(1+1)", "-2+3"])
async def test_csv_export_makes_formulas_inert(staff, prompt):
    response = await staff.post("/lob/export", json={"format": "csv", "corrections": [{"prompt": prompt, "intent": "greet"}]})
    cell = list(csv.reader(io.StringIO(await response.text())))[1][0]
    assert cell.startswith("'") and cell[1:].replace("\\|", "|") == prompt


async def test_staff_cookie_is_secure_behind_a_tls_proxy(aiohttp_client, tmp_path):
    """The school's proxy ends TLS and says so in X-Forwarded-Proto; the app then sets a Secure cookie."""
    app = make_app(lob_token=LOB_TOKEN, trusted_proxies=("127.0.0.1",), tracker_db_url=f"sqlite:///{tmp_path / 't.db'}")
    client = await aiohttp_client(app)
    proxied = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    response = await client.post("/lob/login", data={"token": LOB_TOKEN}, headers=proxied, allow_redirects=False)
    assert response.status == 303 and "Secure" in response.headers["Set-Cookie"]


@pytest.mark.parametrize("body", [
    {"format": "yaml", "corrections": [{"prompt": "hoi", "intent": "bestaat_niet"}]},
    {"format": "csv", "corrections": [{"prompt": "hoi", "intent": ""}]},
    {"format": "pdf", "corrections": [{"prompt": "hoi", "intent": "greet"}]},
    {"format": "yaml", "corrections": []},
])
async def test_export_refuses_unknown_intents_and_formats(staff, body):
    response = await staff.post("/lob/export", json=body)
    assert response.status == 400
    error = (await response.json())["error"]
    if body["corrections"] and body["format"] == "yaml":
        assert "bestaat niet in het domein" in error and "bestaat_niet" in error


async def test_try_shows_the_whole_conversation(staff, fake_rasa):
    response = await staff.post("/lob/try", json={"prompt": "wat kost kok"})
    assert response.status == 200
    result = await response.json()
    assert result["reply"] == "Je vroeg: wat kost kok"
    assert result["events"] == [
        {"type": "action", "name": "action_session_start"},
        {"type": "user", "text": "wat kost kok", "intent": "ask_costs", "confidence": 0.93},
        {"type": "slot", "name": "opleiding_id", "value": "mbo-25180"},
        {"type": "action", "name": "action_costs"},
        {"type": "bot", "text": "Je vroeg: wat kost kok"},
    ]
    assert fake_rasa.sent[-1]["sender"].startswith("lob-")


async def test_user_text_never_appears_unescaped_in_html(staff):
    for payload in XSS:
        run = await staff.post("/lob/run", json={"prompts": [payload]})
        assert run.content_type == "application/json"
        assert (await run.json())["rows"][0]["prompt"] == payload
        tried = await staff.post("/lob/try", json={"prompt": payload})
        assert tried.content_type == "application/json"
        login = await staff.post("/lob/login", data={"token": payload})
        assert payload not in await login.text()
    html_pages = [await staff.get("/lob"), await staff.get("/lob/inzichten")]
    for response in html_pages:
        assert response.content_type == "text/html"
        assert "Content-Security-Policy" in response.headers
        page = await response.text()
        assert all(payload not in page for payload in XSS)
    script = await (await staff.get("/static/lob.js")).text()
    assert "innerHTML" not in script


# --- what answered a prompt, from its tracker (no Rasa needed) ------------------------------------


def user(text: str) -> dict:
    return {"event": "user", "text": text}


def slot(name: str, value) -> dict:
    return {"event": "slot", "name": name, "value": value}


def test_turn_cards_reads_only_the_latest_turn():
    events = [user("wat is een deficiëntie"), slot("kaart", "deficientie"), slot("kaart_keuzes", None),
              user("hoi"), slot("rol", "leerling")]
    assert turn_cards(events) == {"kaart": None, "kaart_keuzes": None}
    events += [user("leerweg"), slot("kaart", None), slot("kaart_keuzes", ["stelsel-bbl", "stelsel-bol"])]
    assert turn_cards(events) == {"kaart": None, "kaart_keuzes": ["stelsel-bbl", "stelsel-bol"]}


def test_card_text_uses_titles_and_keeps_unknown_ids(knowledge_base):
    assert card_text({"kaart": "deficientie", "kaart_keuzes": None}) == "Antwoordkaart: Een vak missen (deficiëntie)"
    assert card_text({"kaart": None, "kaart_keuzes": ["stelsel-stapelen", "verdwenen-kaart"]}) == (
        "Bedoel je…?: Stapelen, verdwenen-kaart")
    assert card_text({"kaart": None, "kaart_keuzes": None}) == ""


@pytest.mark.parametrize("intent,confidence,cards,low", [
    ("nlu_fallback", 0.31, [slot("kaart", "deficientie")], False),
    ("nlu_fallback", 0.31, [slot("kaart_keuzes", ["stelsel-bbl", "stelsel-bol"])], True),
    ("nlu_fallback", 0.31, [], True),
    ("ask_costs", 0.42, [], True),
    ("ask_costs", None, [], True),
    ("ask_costs", 0.93, [], False),
    ("ask_route", 0.45, [slot("kaart", "stelsel-stapelen")], False),
])
def test_result_row_is_low_when_unsure_unless_a_card_answered(knowledge_base, intent, confidence, cards, low):
    parsed = {"intent": {"name": intent, "confidence": confidence}, "entities": []}
    row = result_row("vraag", parsed, [{"text": "antwoord"}], [user("vraag"), *cards])
    assert row["low"] is low
    assert row["reply"] == "antwoord"
    assert row["kaart"].startswith("Antwoordkaart: ") is bool(cards and cards[0]["name"] == "kaart")


@pytest.mark.stack
def test_lab_on_the_stack_shows_the_card_that_answered(stack):
    """The real tracker: a question an answer card answers shows the card's title and is not low."""
    session = requests.Session()
    login = session.post("http://localhost:8000/lob/login", data={"token": load_env()["LOB_TOKEN"]}, allow_redirects=False)
    assert login.status_code == 303
    prompts = ["wat is een deficiëntie?", "stage", "qwerty asdf"]
    response = session.post("http://localhost:8000/lob/run", json={"prompts": prompts}, timeout=120)
    card, choice, gibberish = response.json()["rows"]
    assert card["kaart"] == "Antwoordkaart: Een vak missen (deficiëntie)" and card["low"] is False
    assert "deficiëntie" in card["reply"]
    assert choice["kaart"].startswith("Bedoel je…?: ") and "Stage tijdens je opleiding" in choice["kaart"]
    assert gibberish["kaart"] == ""
