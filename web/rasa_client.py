"""Talks to Rasa's REST channel on behalf of the chat page."""
from typing import Any, Dict, List

import aiohttp


class RasaUnavailable(Exception):
    """Rasa did not answer (not started, restarting or overloaded)."""


class RasaClient:
    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self._session = session
        self._webhook = f"{base_url}/webhooks/rest/webhook"

    async def send(self, sender: str, message: str) -> List[Dict[str, Any]]:
        """Send one user message; return the bot's messages (text, buttons, custom)."""
        try:
            async with self._session.post(
                self._webhook, json={"sender": sender, "message": message}
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa antwoordde met status {response.status}")
                return await response.json()
        except aiohttp.ClientError as error:
            raise RasaUnavailable(str(error)) from error
