"""Does a message cost as much at turn 300 as at turn 1? One long conversation, twice.

    python scripts/bench_growth.py [--turns 300] [--url http://localhost:5005]

One sender asks 20 pupil questions from the conversation tests over and over, each message waiting
for the answer to the previous one. It runs twice: straight to Rasa's REST channel (how Rasa's cost
grows with the events of a session), and through the web app, which starts a new Rasa session every
RASA_SESSION_TURNS messages with the slots carried over (web/sessions.py). For that the bench starts
its own web app on port 8107 in front of the same Rasa, with the per-conversation rate limit lifted
(a pupil may send 30 messages a minute; this conversation goes as fast as Rasa answers). For every
block of 60 turns it reports the median latency and Rasa's CPU time per message, and the ratio of the
last block to the first (target <= 1.2). Stored under "growth" in results/bench.json; `make bench`
runs it as a phase. Not a test: it judges nothing.
"""
import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from urllib.parse import urlparse

import aiohttp

import stack
from bench_load import ROOT, rest_url
from bench_servers import RESULTS, answers, cpu_s, forget_conversations, service_pid
from tests.conversation.test_answers import PUPIL_QUESTIONS  # noqa: E402 (bench_load puts ROOT on the path)

BLOCK = 60
WEB_PORT = 8107
# One question a turn; not the two that start a hand-off or the reflection, which would take the next turns.
QUESTIONS = [q for q, _ in PUPIL_QUESTIONS if q not in ("ik wil stoppen met school", "ik weet niet wat ik wil")]


@contextlib.contextmanager
def web_app(rasa_url: str):
    """A web app of our own in front of `rasa_url`, without the per-conversation limit."""
    env = {**stack.load_env(), "RASA_URL": rasa_url, "WEB_PORT": str(WEB_PORT),
           "CHAT_MESSAGES_PER_MINUTE": "1000000", "CHAT_MESSAGES_PER_MINUTE_PER_ADDRESS": "1000000"}
    process = subprocess.Popen([sys.executable, "-m", "web"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{WEB_PORT}"
        deadline = time.monotonic() + 60
        while not answers(f"{url}/healthz"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"de webapp op poort {WEB_PORT} start niet")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


async def _talk(url: str, sender: str, turns: int, rasa_pid, through_web: bool) -> tuple:
    latencies, cpu_ms, errors = [], [], 0
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        cpu_before = cpu_s(rasa_pid)
        for turn in range(turns):
            body = {"sender": sender, "message": QUESTIONS[turn % len(QUESTIONS)]}
            if through_web:
                body["id"] = f"m-{uuid.uuid4().hex}"
            started = time.perf_counter()
            async with session.post(url, json=body) as answer:
                reply = await answer.json(content_type=None)
                errors += answer.status != 200 or not reply
            latencies.append((time.perf_counter() - started) * 1000)
            if (turn + 1) % BLOCK == 0 and cpu_before is not None:
                cpu_after = cpu_s(rasa_pid)
                cpu_ms.append(round(1000 * (cpu_after - cpu_before) / BLOCK, 1))
                cpu_before = cpu_after
    return latencies, cpu_ms, errors


def _figures(latencies: list, cpu_ms: list, errors: int) -> dict:
    medians = [round(statistics.median(latencies[i:i + BLOCK]), 1) for i in range(0, len(latencies) - BLOCK + 1, BLOCK)]
    return {"median_ms_per_block": medians, "rasa_cpu_ms_per_block": cpu_ms, "errors": errors,
            "ratio_last_to_first": round(medians[-1] / medians[0], 2) if medians else None}


def _report(name: str, figures: dict, say) -> None:
    for number, median in enumerate(figures["median_ms_per_block"]):
        cpu = figures["rasa_cpu_ms_per_block"]
        cpu_text = f", Rasa-CPU {cpu[number]} ms per bericht" if number < len(cpu) else ""
        say(f"[groei] {name}: beurten {number * BLOCK + 1}-{(number + 1) * BLOCK}: mediaan {median} ms{cpu_text}")
    say(f"[groei] {name}: laatste blok / eerste blok {figures['ratio_last_to_first']} (doel <= 1.2), "
        f"fouten {figures['errors']}")


def growth(url: str = "http://localhost:5005", turns: int = 300, say=print) -> dict:
    """Both runs; the conversations are left in the tracker store (sender ids bench-<run_id>-..., for
    forget_conversations)."""
    run_id = uuid.uuid4().hex[:8]
    rasa_pid = service_pid("rasa", urlparse(url).port or 80)
    result = {"turns": turns, "block": BLOCK, "run_id": run_id}
    say(f"[groei] één gesprek van {turns} beurten, rechtstreeks naar Rasa ({url})")
    result["rasa"] = _figures(*asyncio.run(_talk(rest_url(url), f"bench-{run_id}-rasa", turns, rasa_pid, False)))
    _report("rechtstreeks", result["rasa"], say)
    with web_app(url) as web:
        say(f"[groei] hetzelfde gesprek via de webapp ({web}, nieuwe Rasa-sessie elke "
            f"{os.environ.get('RASA_SESSION_TURNS', 50)} berichten)")
        result["web"] = _figures(*asyncio.run(_talk(f"{web}/api/chat", f"bench-{run_id}-web", turns, rasa_pid, True)))
    _report("via de webapp", result["web"], say)
    result["ratio_last_to_first"] = result["web"]["ratio_last_to_first"]
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
