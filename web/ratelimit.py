"""Per-client rate limit for the public chat endpoint (aiolimiter's leaky bucket, one per client)."""
from collections import OrderedDict

from aiohttp import web
from aiolimiter import AsyncLimiter

MAX_CLIENTS = 10_000  # limiters kept in memory; the least recently seen client is forgotten first


class ClientLimits:
    def __init__(self, per_minute: int) -> None:
        self._per_minute = per_minute
        self._limiters: "OrderedDict[str, AsyncLimiter]" = OrderedDict()

    async def allow(self, request: web.Request) -> bool:
        """True when this client may send another message now (never waits)."""
        client = request.remote or "onbekend"
        limiter = self._limiters.pop(client, None) or AsyncLimiter(self._per_minute, 60)
        self._limiters[client] = limiter
        if len(self._limiters) > MAX_CLIENTS:
            self._limiters.popitem(last=False)
        if not limiter.has_capacity():
            return False
        await limiter.acquire()  # returns at once: there is capacity
        return True
