"""scaling/lock_store.py against a real redis-server: two lock stores (two Rasa instances) never let
two messages of one conversation in at the same time, and every message gets its turn."""
import asyncio
import shutil
import socket
import subprocess
import threading
import time

import pytest
import redis
from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from scaling.lock_store import AtomicRedisLockStore

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None,
                                reason="redis-server is not installed (requirements/apt-packages.txt)")
MESSAGES_PER_INSTANCE = 12


@pytest.fixture
def redis_port(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield port
    server.terminate()
    server.wait(timeout=10)


def instance(port: int) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=port, db=0, key_prefix="test"))


def run_messages(store, inside: list, overlaps: list, done: list) -> None:
    """One Rasa instance: its messages for one conversation arrive at once and each takes a moment."""

    async def message() -> None:
        async with store.lock("pupil", wait_time_in_seconds=0.01):
            inside.append(1)
            if len(inside) > 1:
                overlaps.append(1)
            await asyncio.sleep(0.005)
            inside.pop()
        done.append(1)

    async def all_messages() -> None:
        await asyncio.gather(*(message() for _ in range(MESSAGES_PER_INSTANCE)))

    asyncio.run(all_messages())


def test_two_instances_take_turns(redis_port):
    inside, overlaps, done = [], [], []
    instances = [threading.Thread(target=run_messages, args=(instance(redis_port), inside, overlaps, done))
                 for _ in range(2)]
    for thread in instances:
        thread.start()
    for thread in instances:
        thread.join(timeout=60)
    assert len(done) == 2 * MESSAGES_PER_INSTANCE, "every message got its turn"
    assert not overlaps, "never two messages of one conversation at once"
    assert redis.Redis(port=redis_port).keys("*") == [], "the lock is gone when no one waits"


def test_tickets_are_unique_and_finishing_one_keeps_the_others(redis_port):
    first, second = instance(redis_port), instance(redis_port)
    tickets = [store.issue_ticket("pupil") for store in (first, second, first, second)]
    assert tickets == [0, 1, 2, 3]
    second.cleanup("pupil", 0)
    first.update_lock("pupil")
    assert [t.number for t in second.get_lock("pupil").tickets] == [1, 2, 3]
    assert not second.get_lock("pupil").is_locked(1)


def test_the_stock_store_shows_why(redis_port):
    """Rasa's own store writes back a stale copy: a ticket issued meanwhile by the other instance is lost."""
    stale = RedisLockStore(host="127.0.0.1", port=redis_port, db=0, key_prefix="test")
    other = RedisLockStore(host="127.0.0.1", port=redis_port, db=0, key_prefix="test")
    stale.issue_ticket("pupil")
    lock = stale.get_lock("pupil")  # what update_lock reads ...
    other.issue_ticket("pupil")  # ... while the other instance issues ticket 1 ...
    stale.save_lock(lock)  # ... and what it writes back
    assert [t.number for t in other.get_lock("pupil").tickets] == [0], "ticket 1 is gone"
