"""Does a message cost as much at turn 300 as at turn 1? One long conversation over the REST channel.

    python scripts/bench_growth.py [--turns 300] [--url http://localhost:5005]

One sender asks 20 pupil questions from the conversation tests over and over, each message waiting
for the answer to the previous one, on an otherwise idle stack. For every block of 60 turns it
reports the median latency and Rasa's CPU time per message, and the ratio of the last block to the
first (target <= 1.2), plus the number of events Rasa stores for the conversation. Stored under
"growth" in results/bench.json; `make bench` runs it as a phase. Not a test: it judges nothing.
"""
import argparse
import asyncio
import json
import os
import statistics
import time
import uuid
from urllib.parse import urlparse

import aiohttp
from sqlalchemy import create_engine, text

from bench_load import ROOT, rest_url
from bench_servers import RESULTS, cpu_s, forget_conversations, service_pid
from tests.conversation.test_answers import PUPIL_QUESTIONS  # noqa: E402 (bench_load puts ROOT on the path)

BLOCK = 60
# One question a turn; not the two that start a hand-off or the reflection, which would take the next turns.
QUESTIONS = [q for q, _ in PUPIL_QUESTIONS if q not in ("ik wil stoppen met school", "ik weet niet wat ik wil")]


def stored_events(sender: str) -> int:
    engine = create_engine(os.environ.get("TRACKER_DB_URL", f"sqlite:///{ROOT / '.build' / 'tracker.db'}"))
    with engine.connect() as connection:
        return connection.execute(text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()


async def _talk(url: str, sender: str, turns: int, rasa_pid) -> tuple:
    latencies, cpu_ms, errors = [], [], 0
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        cpu_before = cpu_s(rasa_pid)
        for turn in range(turns):
            started = time.perf_counter()
            async with session.post(url, json={"sender": sender, "message": QUESTIONS[turn % len(QUESTIONS)]}) as answer:
                body = await answer.json(content_type=None)
                errors += answer.status != 200 or not body
            latencies.append((time.perf_counter() - started) * 1000)
            if (turn + 1) % BLOCK == 0 and cpu_before is not None:
                cpu_after = cpu_s(rasa_pid)
                cpu_ms.append(round(1000 * (cpu_after - cpu_before) / BLOCK, 1))
                cpu_before = cpu_after
    return latencies, cpu_ms, errors


def growth(url: str = "http://localhost:5005", turns: int = 300, say=print) -> dict:
    """Run the long conversation; return the figures (the conversation is left in the tracker store:
    its sender id is bench-<run_id>-growth, for forget_conversations)."""
    run_id = uuid.uuid4().hex[:8]
    sender = f"bench-{run_id}-growth"
    rasa_pid = service_pid("rasa", urlparse(url).port or 80)
    say(f"[groei] één gesprek van {turns} beurten tegen {url} ({sender})")
    latencies, cpu_ms, errors = asyncio.run(_talk(rest_url(url), sender, turns, rasa_pid))
    blocks = [latencies[i:i + BLOCK] for i in range(0, len(latencies) - BLOCK + 1, BLOCK)]
    medians = [round(statistics.median(block), 1) for block in blocks]
    result = {
        "turns": turns, "errors": errors, "block": BLOCK, "median_ms_per_block": medians,
        "rasa_cpu_ms_per_block": cpu_ms, "ratio_last_to_first": round(medians[-1] / medians[0], 2) if medians else None,
        "events_stored": stored_events(sender), "run_id": run_id,
    }
    for number, median in enumerate(medians):
        cpu = f", Rasa-CPU {cpu_ms[number]} ms per bericht" if number < len(cpu_ms) else ""
        say(f"[groei] beurten {number * BLOCK + 1}-{(number + 1) * BLOCK}: mediaan {median} ms{cpu}")
    say(f"[groei] laatste blok / eerste blok: {result['ratio_last_to_first']} (doel <= 1.2); "
        f"{result['events_stored']} gebeurtenissen opgeslagen; fouten {errors}")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--url", default=os.environ.get("BENCH_URL", "http://localhost:5005"))
    args = parser.parse_args()
    figures = growth(args.url, args.turns)
    if (urlparse(args.url).port or 80) == 5005:
        forget_conversations([figures.pop("run_id")])
    bench = RESULTS / "bench.json"
    saved = json.loads(bench.read_text()) if bench.exists() else {}
    saved["growth"] = figures
    RESULTS.mkdir(exist_ok=True)
    bench.write_text(json.dumps(saved, indent=2))
