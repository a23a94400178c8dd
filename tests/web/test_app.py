"""The web app against a stand-in for Rasa's REST channel (Rasa itself is tested in tests/conversation)."""
import pytest
from aiohttp import web

from web.app import create_app
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


async def test_messages_are_rate_limited_per_client(aiohttp_client, fake_rasa):
    settings = Settings(rasa_url=str(fake_rasa.make_url("")).rstrip("/"), messages_per_minute=3)
    client = await aiohttp_client(create_app(settings))
    statuses = []
    for _ in range(5):
        response = await client.post("/api/chat", json={"sender": "w-abcdef12", "message": "hoi"})
        statuses.append(response.status)
    assert statuses[:3] == [200, 200, 200] and 429 in statuses[3:]
    assert "wacht even" in (await response.json())["messages"][0]["text"].lower()
    assert len(fake_rasa.received) == 3


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
