"""Exactly-once delivery: a slow stand-in for Rasa whose form steps forward on every message it gets."""
import asyncio

import pytest
from aiohttp import web

from web.app import BUSY, create_app
from web.config import Settings
from web.delivery import Deliveries
from web.rasa_client import RasaNotReached


@pytest.fixture
async def slow_rasa(aiohttp_server):
    """Answers 'vraag N van het formulier' (N counts the messages it got), only once `release` is set."""
    server_state = {"received": [], "arrived": asyncio.Event(), "release": asyncio.Event()}

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        server_state["received"].append(body)
        server_state["arrived"].set()
        await server_state["release"].wait()
        step = len(server_state["received"])
        return web.json_response([{"recipient_id": body["sender"], "text": f"vraag {step} van het formulier"}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    server = await aiohttp_server(app)
    server.state = server_state
    yield server
    server_state["release"].set()


async def chat_client(aiohttp_client, rasa, **settings):
    return await aiohttp_client(create_app(Settings(rasa_url=str(rasa.make_url("")).rstrip("/"), **settings)))


def message(text: str, message_id: str) -> dict:
    return {"sender": "w-leerling-01", "message": text, "id": message_id}


async def test_a_retry_while_rasa_is_busy_gets_the_first_answer_and_the_form_steps_once(aiohttp_client, slow_rasa):
    client = await chat_client(aiohttp_client, slow_rasa)
    first = asyncio.create_task(client.post("/api/chat", json=message("tekenen", "m-00000001")))
    await slow_rasa.state["arrived"].wait()
    retry = asyncio.create_task(client.post("/api/chat", json=message("tekenen", "m-00000001")))
    await asyncio.sleep(0.05)  # let the retry reach the web app (it must not reach Rasa, whatever the timing)
    slow_rasa.state["release"].set()
    answers = [await (await request).json() for request in (first, retry)]

    assert answers[0] == answers[1] == {"messages": [{"recipient_id": "w-leerling-01", "text": "vraag 1 van het formulier"}]}
    late_retry = await client.post("/api/chat", json=message("tekenen", "m-00000001"))
    assert (await late_retry.json())["messages"][0]["text"] == "vraag 1 van het formulier"
    assert len(slow_rasa.state["received"]) == 1, "Rasa got the message once"

    following = await client.post("/api/chat", json=message("buiten", "m-00000002"))
    assert (await following.json())["messages"][0]["text"] == "vraag 2 van het formulier"
    assert [body["message"] for body in slow_rasa.state["received"]] == ["tekenen", "buiten"]


async def test_no_answer_in_time_gives_a_json_504_and_the_retry_is_not_forwarded(aiohttp_client, slow_rasa):
    client = await chat_client(aiohttp_client, slow_rasa, rasa_timeout_s=0.2)
    for _ in range(3):
        response = await client.post("/api/chat", json=message("tekenen", "m-00000001"))
        assert response.status == 504 and response.content_type == "application/json"
        assert (await response.json())["messages"][0]["text"] == BUSY
    assert len(slow_rasa.state["received"]) == 1


async def test_without_an_id_each_request_is_a_new_message(aiohttp_client, slow_rasa):
    slow_rasa.state["release"].set()
    client = await chat_client(aiohttp_client, slow_rasa)
    for _ in range(2):
        await client.post("/api/chat", json={"sender": "w-leerling-01", "message": "hoi"})
    assert len(slow_rasa.state["received"]) == 2


@pytest.mark.parametrize("message_id", ["kort", "m 0000001", "<script>", "m" * 65])
async def test_an_invalid_message_id_is_refused(aiohttp_client, slow_rasa, message_id):
    client = await chat_client(aiohttp_client, slow_rasa)
    response = await client.post("/api/chat", json=message("hoi", message_id))
    assert response.status == 400 and slow_rasa.state["received"] == []


async def test_a_message_that_never_reached_rasa_is_sent_again():
    deliveries, calls = Deliveries(), []

    async def forward():
        calls.append(1)
        if len(calls) == 1:
            raise RasaNotReached("connection refused")
        return [{"text": "hoi"}]

    with pytest.raises(RasaNotReached):
        await deliveries.deliver("w-leerling-01", "m-00000001", forward)
    assert await deliveries.deliver("w-leerling-01", "m-00000001", forward) == [{"text": "hoi"}]
    assert await deliveries.deliver("w-leerling-01", "m-00000001", forward) == [{"text": "hoi"}]
    assert len(calls) == 2


async def test_ids_are_per_conversation_and_the_oldest_are_forgotten():
    deliveries, calls = Deliveries(max_remembered=2), []

    async def forward():
        calls.append(1)
        return [{"text": f"antwoord {len(calls)}"}]

    assert await deliveries.deliver("w-leerling-01", "m-00000001", forward) == [{"text": "antwoord 1"}]
    assert await deliveries.deliver("w-leerling-02", "m-00000001", forward) == [{"text": "antwoord 2"}]
    await deliveries.deliver("w-leerling-03", "m-00000001", forward)
    assert await deliveries.deliver("w-leerling-01", "m-00000001", forward) == [{"text": "antwoord 4"}]
