"""Load benchmark over Rasa's REST channel against the running stack: `make bench`.

Drives simulated conversations (questions from the conversation tests, unique sender ids)
at rising concurrency for a fixed time per step, after a warm-up, and prints and writes
results/bench.json: latency p50/p95/p99, throughput, errors, and the RSS of Rasa and the
action server. Only loopback addresses are used. Not a test: it judges nothing.
Not measured yet (issue 7): the stock-pipeline baseline, the scaled setup, cold start, training.
"""
import asyncio
import json
import statistics
import time
import uuid
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
REST_URL = "http://localhost:5005/webhooks/rest/webhook"
CONVERSATION = ["hoi", "ik ben leerling", "wat is de opleiding kapper", "heb ik kans op werk met kapper",
                "grote kans", "wat is het verschil tussen bol en bbl", "wat kost een hbo opleiding",
                "welke opleidingen hebben goede kansen op werk", "dankjewel"]
STEPS = (1, 2, 4, 8, 16)
STEP_SECONDS = 20
WARM_UP_MESSAGES = 20


def rss_mb(service: str) -> float | None:
    """Resident memory of a service started by scripts/stack.py, from /proc."""
    pid_file = ROOT / ".build" / "run" / f"{service}.pid"
    if not pid_file.exists():
        return None
    for line in Path(f"/proc/{pid_file.read_text().strip()}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


async def user(session: aiohttp.ClientSession, deadline: float, latencies: list, errors: list) -> None:
    """One pupil after another, each with a fresh sender id, until the deadline."""
    while time.monotonic() < deadline:
        sender = f"bench-{uuid.uuid4().hex[:12]}"
        for message in CONVERSATION:
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            try:
                async with session.post(REST_URL, json={"sender": sender, "message": message}) as response:
                    body = await response.json()
                    if response.status != 200 or not body:
                        errors.append(response.status)
            except aiohttp.ClientError as error:
                errors.append(str(error))
            latencies.append((time.perf_counter() - started) * 1000)


def percentile(values: list, q: int) -> float:
    return round(statistics.quantiles(values, n=100)[q - 1], 1) if len(values) > 1 else float("nan")


async def run_step(session: aiohttp.ClientSession, users: int) -> dict:
    latencies: list = []
    errors: list = []
    deadline = time.monotonic() + STEP_SECONDS
    await asyncio.gather(*(user(session, deadline, latencies, errors) for _ in range(users)))
    return {"users": users, "throughput_msg_s": round(len(latencies) / STEP_SECONDS, 1),
            "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
            "p99_ms": percentile(latencies, 99), "errors": len(errors)}


async def main() -> None:
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for i in range(WARM_UP_MESSAGES):
            async with session.post(REST_URL, json={"sender": f"bench-warm-{i}", "message": "hoi"}) as response:
                await response.read()
        steps = []
        for users in STEPS:
            step = await run_step(session, users)
            steps.append(step)
            print(f"{users:>3} gebruikers: {step['throughput_msg_s']:>6} ber/s  p50 {step['p50_ms']} ms  "
                  f"p95 {step['p95_ms']} ms  p99 {step['p99_ms']} ms  fouten {step['errors']}", flush=True)
    best = max(steps, key=lambda s: s["throughput_msg_s"])
    half = min(steps, key=lambda s: abs(s["throughput_msg_s"] - best["throughput_msg_s"] / 2))
    result = {"throughput_msg_s": best["throughput_msg_s"], "p50_ms": half["p50_ms"], "p95_ms": half["p95_ms"],
              "p99_ms": half["p99_ms"], "errors": sum(s["errors"] for s in steps),
              "rasa_rss_mb": rss_mb("rasa"), "actions_rss_mb": rss_mb("actions"), "steps": steps,
              "baseline": None, "scaled": None}
    out = ROOT / "results" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"geschreven: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    asyncio.run(main())
