"""The web app against a stand-in for Rasa's REST channel (Rasa itself is tested in tests/conversation)."""
import re

import pytest
from aiohttp import web

from web.app import STATIC, create_app
from web.config import Settings


@pytest.fixture
async def fake_rasa(aiohttp_server):
    received = []

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        received.append(body)
        return web.json_response([{"recipient_id": body["sender"], "text": "Hoi!"}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    server = await aiohttp_server(app)
    server.received = received
    return server


async def client_for(aiohttp_client, rasa_url: str):
    return await aiohttp_client(create_app(Settings(rasa_url=rasa_url)))


async def test_chat_page_is_served(aiohttp_client, fake_rasa):
    client = await client_for(aiohttp_client, str(fake_rasa.make_url("")).rstrip("/"))
    response = await client.get("/")
    assert response.status == 200
    page = await response.text()
    assert 'lang="nl"' in page and "/static/widget.js" in page and "data-school" in page


async def test_message_is_forwarded_and_reply_returned(aiohttp_client, fake_rasa):
    client = await client_for(aiohttp_client, str(fake_rasa.make_url("")).rstrip("/"))
    response = await client.post("/api/chat", json={"sender": "w-abcdef12", "message": "hoi"})
    assert response.status == 200
    assert (await response.json())["messages"][0]["text"] == "Hoi!"
    assert fake_rasa.received == [{"sender": "w-abcdef12", "message": "hoi"}]


@pytest.mark.parametrize("sender", ["", "a b", "<script>", "x" * 200])
async def test_invalid_sender_is_refused(aiohttp_client, fake_rasa, sender):
    client = await client_for(aiohttp_client, str(fake_rasa.make_url("")).rstrip("/"))
    response = await client.post("/api/chat", json={"sender": sender, "message": "hoi"})
    assert response.status == 400
    assert fake_rasa.received == []


async def test_too_long_message_gets_dutch_explanation_and_is_not_sent(aiohttp_client, fake_rasa):
    client = await client_for(aiohttp_client, str(fake_rasa.make_url("")).rstrip("/"))
    response = await client.post("/api/chat", json={"sender": "w-abcdef12", "message": "a" * 5000})
    assert response.status == 413
    assert "te lang" in (await response.json())["messages"][0]["text"]
    assert fake_rasa.received == []


async def test_rasa_down_gives_friendly_503(aiohttp_client, unused_tcp_port):
    client = await client_for(aiohttp_client, f"http://127.0.0.1:{unused_tcp_port}")
    response = await client.post("/api/chat", json={"sender": "w-abcdef12", "message": "hoi"})
    assert response.status == 503
    assert "niet bereikbaar" in (await response.json())["messages"][0]["text"]


async def test_health(aiohttp_client, fake_rasa):
    client = await client_for(aiohttp_client, str(fake_rasa.make_url("")).rstrip("/"))
    response = await client.get("/healthz")
    assert response.status == 200


async def test_widget_assets_are_served(aiohttp_client, fake_rasa):
    client = await client_for(aiohttp_client, str(fake_rasa.make_url("")).rstrip("/"))
    for asset in ("/static/widget.js", "/static/widget.css"):
        assert (await client.get(asset)).status == 200


async def test_messages_are_rate_limited_per_conversation(aiohttp_client, fake_rasa):
    settings = Settings(rasa_url=str(fake_rasa.make_url("")).rstrip("/"), messages_per_minute=3)
    client = await aiohttp_client(create_app(settings))
    statuses = []
    for _ in range(5):
        response = await client.post("/api/chat", json={"sender": "w-abcdef12", "message": "hoi"})
        statuses.append(response.status)
    assert statuses[:3] == [200, 200, 200] and 429 in statuses[3:]
    assert "wacht even" in (await response.json())["messages"][0]["text"].lower()
    other = await client.post("/api/chat", json={"sender": "w-andere-leerling", "message": "hoi"})
    assert other.status == 200, "another pupil behind the same address is not blocked"
    assert len(fake_rasa.received) == 4


async def test_a_class_behind_one_address_is_answered(aiohttp_client, fake_rasa):
    """30 pupils behind the school's one address, 8 messages each, with the default limits: none refused."""
    client = await client_for(aiohttp_client, str(fake_rasa.make_url("")).rstrip("/"))
    statuses = [
        (await client.post("/api/chat", json={"sender": f"w-leerling-{pupil:02d}", "message": "hoi"})).status
        for _ in range(8) for pupil in range(30)
    ]
    assert statuses == [200] * 240


async def test_one_address_has_a_ceiling(aiohttp_client, fake_rasa):
    settings = Settings(rasa_url=str(fake_rasa.make_url("")).rstrip("/"), address_messages_per_minute=4)
    client = await aiohttp_client(create_app(settings))
    statuses = [
        (await client.post("/api/chat", json={"sender": f"w-leerling-{pupil:02d}", "message": "hoi"})).status
        for pupil in range(6)
    ]
    assert statuses[:4] == [200] * 4 and 429 in statuses[4:]


def behind_proxy(fake_rasa, **settings) -> Settings:
    """The test client connects from 127.0.0.1, here the school's reverse proxy."""
    return Settings(rasa_url=str(fake_rasa.make_url("")).rstrip("/"), trusted_proxies=("127.0.0.1",), **settings)


async def test_address_comes_from_x_forwarded_for_of_a_trusted_proxy(aiohttp_client, fake_rasa):
    client = await aiohttp_client(create_app(behind_proxy(fake_rasa, address_messages_per_minute=2)))

    async def status(address: str, sender: str) -> int:
        response = await client.post("/api/chat", json={"sender": sender, "message": "hoi"},
                                     headers={"X-Forwarded-For": address})
        return response.status

    assert [await status("203.0.113.7", f"w-school-a-{n}") for n in range(3)] == [200, 200, 429]
    assert await status("198.51.100.9", "w-school-b-1") == 200, "another school has its own ceiling"
    assert (await client.get("/healthz")).status == 200, "the health check comes without the proxy"


async def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(aiohttp_client, fake_rasa):
    settings = Settings(rasa_url=str(fake_rasa.make_url("")).rstrip("/"), address_messages_per_minute=2)
    client = await aiohttp_client(create_app(settings))
    statuses = [
        (await client.post("/api/chat", json={"sender": f"w-leerling-{n:02d}", "message": "hoi"},
                           headers={"X-Forwarded-For": f"203.0.113.{n}"})).status
        for n in range(3)
    ]
    assert statuses == [200, 200, 429], "a made-up X-Forwarded-For does not give a new bucket"


async def test_request_not_from_the_trusted_proxy_is_refused(aiohttp_client, fake_rasa):
    settings = Settings(rasa_url=str(fake_rasa.make_url("")).rstrip("/"), trusted_proxies=("192.0.2.1",))
    client = await aiohttp_client(create_app(settings))
    response = await client.post("/api/chat", json={"sender": "w-abcdef12", "message": "hoi"},
                                 headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.status == 400
    assert fake_rasa.received == []


@pytest.mark.parametrize("body", ["[1, 2]", '"hoi"', "42", "null", "niet json"])
async def test_a_body_that_is_not_a_json_object_gets_400_json(aiohttp_client, fake_rasa, body):
    client = await client_for(aiohttp_client, str(fake_rasa.make_url("")).rstrip("/"))
    response = await client.post("/api/chat", data=body, headers={"Content-Type": "application/json"})
    assert response.status == 400 and response.content_type == "application/json"
    assert (await response.json())["messages"][0]["text"]
    assert fake_rasa.received == []


async def test_cors_only_for_allowed_origins(aiohttp_client, fake_rasa):
    settings = Settings(rasa_url=str(fake_rasa.make_url("")).rstrip("/"), cors_origins=("https://school.example",))
    client = await aiohttp_client(create_app(settings))
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "Content-Type"}

    allowed = await client.options("/api/chat", headers={"Origin": "https://school.example", **preflight})
    other = await client.options("/api/chat", headers={"Origin": "https://evil.example", **preflight})

    assert allowed.headers.get("Access-Control-Allow-Origin") == "https://school.example"
    assert "Access-Control-Allow-Origin" not in other.headers


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
async def test_user_text_is_never_served_as_html(aiohttp_client, fake_rasa, payload):
    client = await client_for(aiohttp_client, str(fake_rasa.make_url("")).rstrip("/"))
    response = await client.post("/api/chat", json={"sender": "w-abcdef12", "message": payload})
    assert response.content_type == "application/json"
    widget = await (await client.get("/static/widget.js")).text()
    assert "innerHTML" not in widget and "insertAdjacentHTML" not in widget


@pytest.mark.parametrize("message", ["", "   ", "\n\t"])
async def test_empty_message_gets_a_kind_answer_and_is_not_sent(aiohttp_client, fake_rasa, message):
    client = await client_for(aiohttp_client, str(fake_rasa.make_url("")).rstrip("/"))
    response = await client.post("/api/chat", json={"sender": "w-abcdef12", "message": message})
    assert response.status == 400
    assert "leeg" in (await response.json())["messages"][0]["text"]
    assert fake_rasa.received == []


async def test_no_reply_from_rasa_gets_a_friendly_answer(aiohttp_client, aiohttp_server):
    async def silent(request):
        return web.json_response([])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", silent)
    server = await aiohttp_server(app)
    client = await client_for(aiohttp_client, str(server.make_url("")).rstrip("/"))
    response = await client.post("/api/chat", json={"sender": "w-abcdef12", "message": "hoi"})
    assert "even niet beantwoorden" in (await response.json())["messages"][0]["text"]


def contrast(color: str, other: str = "#ffffff") -> float:
    """WCAG contrast ratio of two '#rrggbb' colours."""
    def luminance(hex_color: str) -> float:
        channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(color), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_widget_focus_ring_is_visible_on_white():
    css = (STATIC / "widget.css").read_text()
    rings = re.findall(r":focus-visible[^{]*\{[^}]*outline: \d+px solid (#[0-9a-f]{6})", css)
    assert rings and all(contrast(ring) >= 3 for ring in rings)
    assert contrast("#0b5cad") >= 4.5, "the default colour carries white text"
