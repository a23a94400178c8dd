"""Talks to Rasa: the REST channel for chat, and the token-protected HTTP API for staff tools."""
from typing import Any, Dict, List

import aiohttp

UNAVAILABLE = "De assistent is even niet bereikbaar. Probeer het over een minuutje nog eens."  # chat and prompt lab


class RasaUnavailable(Exception):
    """Rasa did not answer (not started, restarting or overloaded)."""


class RasaNotReached(RasaUnavailable):
    """No connection to Rasa: the request never reached it, so sending it again is safe."""


class RasaTimeout(RasaUnavailable):
    """Rasa did not answer in time; it may still be handling the request."""


class RasaClient:
    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str = "") -> None:
        self._session = session
        self._base_url = base_url
        self._token = token

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            async with self._session.request(method, f"{self._base_url}{path}", **kwargs) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa antwoordde met status {response.status}")
                return await response.json()
        except aiohttp.ClientConnectorError as error:
            raise RasaNotReached(str(error)) from error
        except TimeoutError as error:  # the session's total timeout (and aiohttp's ServerTimeoutError)
            raise RasaTimeout(f"geen antwoord van Rasa binnen de tijd ({path})") from error
        except aiohttp.ClientError as error:
            raise RasaUnavailable(str(error)) from error

    async def send(self, sender: str, message: str) -> List[Dict[str, Any]]:
        """Send one user message over the REST channel; return the bot's messages."""
        return await self._request("POST", "/webhooks/rest/webhook", json={"sender": sender, "message": message})

    async def parse(self, text: str) -> Dict[str, Any]:
        """NLU only (HTTP API): intent, confidence, entities. Stores nothing."""
        return await self._request("POST", "/model/parse", params={"token": self._token}, json={"text": text})

    async def tracker(self, sender: str, include_events: str = "AFTER_RESTART") -> Dict[str, Any]:
        """The conversation of one sender (HTTP API): events (include_events: ALL, AFTER_RESTART or NONE),
        slots, the active form."""
        params = {"token": self._token, "include_events": include_events}
        return await self._request("GET", f"/conversations/{sender}/tracker", params=params)

    async def start_session(self, sender: str, slots: Dict[str, Any]) -> None:
        """Start a new session with these slot values (HTTP API, appending the events Rasa's own
        action_session_start writes). Rasa's action carries over every SlotSet of the old session, so
        sessions started that way grow; this sets each slot once, to its current value."""
        events = [
            {"event": "action", "name": "action_session_start"},
            {"event": "session_started"},
            *({"event": "slot", "name": name, "value": value} for name, value in slots.items() if value is not None),
            {"event": "action", "name": "action_listen"},
        ]
        params = {"token": self._token, "include_events": "NONE"}
        await self._request("POST", f"/conversations/{sender}/tracker/events", params=params, json=events)
