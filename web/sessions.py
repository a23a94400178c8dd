"""A flat cost per message in a long conversation: a new Rasa session every `session_turns` messages.

For every message Rasa reads all events of the conversation's current session from the tracker
store, replays them, lets the policies featurize all of them and sends them all to the action
server. So a message at turn 300 of one conversation cost six times one at turn 1 (`make bench`,
growth). Rasa's own sessions bound that: after `session_turns` messages of a conversation the web
app has Rasa run `action_session_start` (HTTP API), which starts a new session and, with
`carry_over_slots_to_new_session` (bot/domain/session.yml), sets every slot again: role, answers,
chosen opleiding. Only when no form is active, as a form's progress is not a slot: a conversation in
the middle of the reflection gets its new session a few messages later. The earlier sessions stay in
the tracker store (export, purge and insights read all of them).
"""
import asyncio
import logging
from collections import OrderedDict
from typing import Set

from web.rasa_client import RasaClient, RasaUnavailable

logger = logging.getLogger(__name__)
RECHECK_AFTER = 5  # messages; a form was active, or Rasa did not answer
MAX_CONVERSATIONS = 10_000  # counters kept; the least recently seen conversation is forgotten first


class SessionWindows:
    def __init__(self, rasa: RasaClient, session_turns: int) -> None:
        self._rasa = rasa
        self._turns = session_turns
        self._counts: "OrderedDict[str, int]" = OrderedDict()
        self._running: Set[asyncio.Task] = set()

    def handled(self, sender: str) -> None:
        """Count a message Rasa has answered; after session_turns of them, start a new session in the background."""
        if self._turns <= 0:
            return
        count = self._counts.pop(sender, 0) + 1
        self._counts[sender] = count
        if len(self._counts) > MAX_CONVERSATIONS:
            self._counts.popitem(last=False)
        if count == self._turns:
            task = asyncio.create_task(self._new_session(sender))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _new_session(self, sender: str) -> None:
        try:
            state = await self._rasa.tracker(sender, include_events="NONE")
            if (state.get("active_loop") or {}).get("name"):
                self._counts[sender] = self._turns - RECHECK_AFTER
                return
            await self._rasa.start_session(sender)
            self._counts[sender] = 0
        except RasaUnavailable as error:
            logger.warning("nieuwe Rasa-sessie niet gestart: %s", error)
            self._counts[sender] = self._turns - RECHECK_AFTER
