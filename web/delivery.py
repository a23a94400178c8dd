"""Exactly-once delivery of chat messages: each message id is forwarded to Rasa once.

The widget gives every message a random id and, when the connection broke before the answer
came, sends it again with the same id. The first request forwards the message; a retry while
that is still under way waits for the same answer, and a later retry gets the stored answer
(or the stored error). So Rasa never sees a message twice and a form never steps forward twice,
even when the pupil's connection or Rasa is slow. Only a message that never reached Rasa (no
connection) is forgotten, so that its retry is forwarded.
"""
import asyncio
from collections import OrderedDict
from functools import partial
from typing import Any, Awaitable, Callable, Dict, List, Tuple

from web.rasa_client import RasaNotReached

MAX_REMEMBERED = 10_000  # message ids kept; the oldest is forgotten first
Replies = List[Dict[str, Any]]


class Deliveries:
    def __init__(self, max_remembered: int = MAX_REMEMBERED) -> None:
        self._max = max_remembered
        self._tasks: "OrderedDict[Tuple[str, str], asyncio.Task[Replies]]" = OrderedDict()

    async def deliver(self, sender: str, message_id: str, forward: Callable[[], Awaitable[Replies]]) -> Replies:
        """The result of forward() for this message, calling it only for the first request with this id."""
        key = (sender, message_id)
        task = self._tasks.get(key)
        if task is None:
            task = asyncio.ensure_future(forward())
            task.add_done_callback(partial(self._done, key))
            self._tasks[key] = task
            if len(self._tasks) > self._max:
                self._tasks.popitem(last=False)
        # A request that is given up (the browser went away) does not stop the forwarding.
        return await asyncio.shield(task)

    def _done(self, key: Tuple[str, str], task: "asyncio.Task[Replies]") -> None:
        error = None if task.cancelled() else task.exception()  # also marks the error as seen
        if isinstance(error, RasaNotReached) and self._tasks.get(key) is task:
            del self._tasks[key]
