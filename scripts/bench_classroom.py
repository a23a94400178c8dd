"""A LOB lesson: 30 pupils behind the school's one address chat through the web app at once.

    python scripts/bench_classroom.py [--pupils 30] [--seconds 600] [--web http://localhost:8000]

Every pupil does what the widget does: POST /api/chat with its own sender id and a new message id
per message, the same id again only when the connection broke. Each pupil starts the reflection
("ik weet niet wat ik wil", consent, a profile's answers, "mijn overzicht") and then keeps asking
pupil questions, with 3 to 8 seconds of reading and typing between an answer and the next message, until
the time is up. All requests come from this machine, so the web app sees one address, as behind a
school's NAT. Reported: messages, rejected (429), errors, p50/p95 latency, and duplicated turns:
user messages that Rasa stored beyond those the web app forwarded (counted in the tracker store).
Stored under "classroom" in results/bench.json; `make bench` runs it as a phase. Not a test.
"""
import argparse
import asyncio
import json
import os
import random
import statistics
import time
import uuid
from typing import Iterator

import aiohttp
from sqlalchemy import create_engine, text

from bench_load import ROOT
from bench_servers import RESULTS, forget_conversations
from tests.conversation.test_answers import PUPIL_QUESTIONS  # noqa: E402 (bench_load puts ROOT on the path)
from tests.conversation.test_reflection import PROFILES  # noqa: E402

THINK_S = (3.0, 8.0)
RETRIES = 4  # as the widget: after a broken connection, the same message id again
QUESTIONS = [q for q, _ in PUPIL_QUESTIONS if q not in ("ik wil stoppen met school", "ik weet niet wat ik wil")]


def lesson(rng: random.Random) -> Iterator[str]:
    """The reflection with one profile's answers, then pupil questions in a random order, again and again."""
    yield from ["ik weet niet wat ik wil", "ja", *PROFILES[rng.choice(sorted(PROFILES))], "mijn overzicht"]
    while True:
        yield from rng.sample(QUESTIONS, len(QUESTIONS))


async def pupil(session: aiohttp.ClientSession, url: str, sender: str, rng: random.Random, until: float,
                figures: dict) -> None:
    await asyncio.sleep(rng.uniform(0, THINK_S[1]))  # the class does not start in the same second
    for message in lesson(rng):
        if time.monotonic() >= until:
            return
        body = {"sender": sender, "message": message, "id": f"m-{uuid.uuid4().hex}"}
        started = time.perf_counter()
        for attempt in range(RETRIES + 1):
            try:
                async with session.post(url, json=body) as response:
                    status, answer = response.status, await response.json(content_type=None)
                break
            except (aiohttp.ClientConnectionError, asyncio.TimeoutError):
                if attempt == RETRIES:
                    status, answer = 0, None
                else:
                    figures["retries"] += 1
                    await asyncio.sleep(2 ** attempt)
        if status not in (400, 413, 429):  # refused by the web app: never forwarded to Rasa
            figures["forwarded"][sender] = figures["forwarded"].get(sender, 0) + 1
        figures["messages"] += 1
        if status == 200 and answer and answer.get("messages"):
            figures["latencies"].append((message, (time.perf_counter() - started) * 1000))
        elif status == 429:
            figures["rejected"] += 1
        else:
            figures["errors"][str(status)] = figures["errors"].get(str(status), 0) + 1
        await asyncio.sleep(rng.uniform(*THINK_S))


def stored_user_messages(pattern: str) -> dict:
    engine = create_engine(os.environ.get("TRACKER_DB_URL", f"sqlite:///{ROOT / '.build' / 'tracker.db'}"))
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sender_id, COUNT(*) FROM events WHERE sender_id LIKE :p"
                                       " AND type_name = 'user' GROUP BY sender_id"), {"p": pattern}).all()
    return dict(rows)


def percentile(values: list, q: int):
    if len(values) < 2:
        return round(values[0], 1) if values else None
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)


def classroom(web: str = "http://localhost:8000", pupils: int = 30, seconds: float = 600, say=print) -> dict:
    """Run the lesson; the conversations stay in the tracker store (sender ids bench-<run_id>-klas-NN)."""
    run_id = uuid.uuid4().hex[:8]
    figures = {"messages": 0, "forwarded": {}, "latencies": [], "rejected": 0, "errors": {}, "retries": 0}
    say(f"[klas] {pupils} leerlingen achter één adres, {seconds:.0f} s, via {web}/api/chat")

    async def lesson_run() -> None:
        until = time.monotonic() + seconds
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
            await asyncio.gather(*(
                pupil(session, f"{web.rstrip('/')}/api/chat", f"bench-{run_id}-klas-{number:02d}",
                      random.Random(number), until, figures)
                for number in range(pupils)))

    began = time.monotonic()
    asyncio.run(lesson_run())
    stored = stored_user_messages(f"bench-{run_id}-klas-%")
    duplicated = sum(max(0, count - figures["forwarded"].get(sender, 0)) for sender, count in stored.items())
    latencies = [ms for _, ms in figures["latencies"]]
    by_message: dict = {}
    for message, ms in figures["latencies"]:
        by_message.setdefault(message, []).append(ms)
    slowest = sorted(by_message.items(), key=lambda item: -statistics.median(item[1]))[:5]
    result = {
        "pupils": pupils, "seconds": round(time.monotonic() - began), "messages": figures["messages"],
        "answered": len(latencies), "rejected": figures["rejected"], "errors": sum(figures["errors"].values()),
        "error_kinds": figures["errors"], "retries": figures["retries"], "duplicated_turns": duplicated,
        "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95), "run_id": run_id,
        "slowest_messages": [{"message": m, "median_ms": round(statistics.median(v), 1), "n": len(v)} for m, v in slowest],
    }
    say(f"[klas] {result['messages']} berichten, {result['answered']} beantwoord, {result['rejected']} geweigerd, "
        f"{result['errors']} fouten, {duplicated} dubbele beurten; p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms")
    say("[klas] traagste berichten (mediaan): " + "; ".join(f"{s['message']!r} {s['median_ms']} ms" for s in result["slowest_messages"]))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pupils", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_CLASSROOM_S", 600)))
    parser.add_argument("--web", default=os.environ.get("BENCH_WEB_URL", "http://localhost:8000"))
    args = parser.parse_args()
    figures = classroom(args.web, args.pupils, args.seconds)
    forget_conversations([figures.pop("run_id")])
    bench = RESULTS / "bench.json"
    saved = json.loads(bench.read_text()) if bench.exists() else {}
    saved["classroom"] = figures
    RESULTS.mkdir(exist_ok=True)
    bench.write_text(json.dumps(saved, indent=2))
