"""Rate limits: aiolimiter's leaky bucket, one per key (a conversation's sender id, or a client address)."""
from collections import OrderedDict

from aiolimiter import AsyncLimiter

MAX_CLIENTS = 10_000  # limiters kept in memory; the least recently seen key is forgotten first


class ClientLimits:
    def __init__(self, per_minute: int) -> None:
        self._per_minute = per_minute
        self._limiters: "OrderedDict[str, AsyncLimiter]" = OrderedDict()

    async def allow(self, key: str) -> bool:
        """True when `key` may send another request now (never waits)."""
        limiter = self._limiters.pop(key, None) or AsyncLimiter(self._per_minute, 60)
        self._limiters[key] = limiter
        if len(self._limiters) > MAX_CLIENTS:
            self._limiters.popitem(last=False)
        if not limiter.has_capacity():
            return False
        await limiter.acquire()  # returns at once: there is capacity
        return True
