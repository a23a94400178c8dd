"""A new Rasa session every few messages, never in the middle of a form (against a stand-in for Rasa)."""
import asyncio

import pytest
from aiohttp import web

from web.app import create_app, sessions_key
from web.config import Settings
from web.sessions import RECHECK_AFTER

TOKEN = "rasa-geheim-7f3a9c"


@pytest.fixture
async def rasa(aiohttp_server):
    """REST channel, GET tracker (active_loop from `form`) and POST execute, which records what it runs."""
    state = {"form": "", "executed": []}

    async def webhook(request: web.Request) -> web.Response:
        return web.json_response([{"text": "Hoi!"}])

    async def tracker(request: web.Request) -> web.Response:
        assert request.query["token"] == TOKEN and request.query["include_events"] == "NONE"
        return web.json_response({"sender_id": request.match_info["sender"],
                                  "active_loop": {"name": state["form"]} if state["form"] else {}})

    async def execute(request: web.Request) -> web.Response:
        assert request.query["token"] == TOKEN
        state["executed"].append((request.match_info["sender"], (await request.json())["name"]))
        return web.json_response({"tracker": {}, "messages": []})

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    app.router.add_get("/conversations/{sender}/tracker", tracker)
    app.router.add_post("/conversations/{sender}/execute", execute)
    server = await aiohttp_server(app)
    server.state = state
    return server


async def chat(aiohttp_client, rasa, turns: int):
    settings = Settings(rasa_url=str(rasa.make_url("")).rstrip("/"), rasa_token=TOKEN, session_turns=turns)
    client = await aiohttp_client(create_app(settings))

    async def say(count: int, sender: str = "w-leerling-01") -> None:
        for _ in range(count):
            assert (await client.post("/api/chat", json={"sender": sender, "message": "hoi"})).status == 200
        await asyncio.gather(*client.server.app[sessions_key]._running)  # the checks run in the background

    return say


async def test_a_new_session_starts_after_the_set_number_of_messages(aiohttp_client, rasa):
    say = await chat(aiohttp_client, rasa, turns=3)
    await say(2)
    await say(2, sender="w-leerling-02")
    assert rasa.state["executed"] == []
    await say(1)
    assert rasa.state["executed"] == [("w-leerling-01", "action_session_start")]
    await say(3)
    assert len(rasa.state["executed"]) == 2, "and again after as many messages"


async def test_no_new_session_while_a_form_is_active(aiohttp_client, rasa):
    rasa.state["form"] = "reflection_form"
    say = await chat(aiohttp_client, rasa, turns=RECHECK_AFTER + 1)
    await say(RECHECK_AFTER + 1)
    assert rasa.state["executed"] == [], "the form is active"
    rasa.state["form"] = ""
    await say(RECHECK_AFTER)
    assert rasa.state["executed"] == [("w-leerling-01", "action_session_start")]


async def test_zero_turns_means_never(aiohttp_client, rasa):
    say = await chat(aiohttp_client, rasa, turns=0)
    await say(8)
    assert rasa.state["executed"] == []
