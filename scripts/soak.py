"""Soak test: a steady, realistic load for 15 minutes; does memory grow, does anything fail? `make soak`

    python scripts/soak.py [--rate MSG_S] [--seconds S] [--url http://localhost:5005]

The rate defaults to half the sustained throughput in results/bench.json (else 5 msg/s).
BENCH_SOAK_S sets the duration (default 900 s; BENCH_QUICK=1: 60 s). Reports the RSS of Rasa
and the action server at the start (after a warm-up) and the end, their growth (target < 10 %)
and the errors (target 0), and stores them under "soak" in results/bench.json.
`make bench` runs the same soak as its last phase. Not a test: it judges nothing.
"""
import argparse
import json
import os
import statistics
import time
from urllib.parse import urlparse

from bench_load import LoadGenerator, run_step
from bench_servers import RESULTS, forget_conversations, rss_mb, service_pid

BENCH_JSON = RESULTS / "bench.json"
CHUNK_S = 60  # memory is sampled between chunks


def growth_pct(start, end):
    return round((end - start) / start * 100, 1) if start and end else None


def soak(url: str, rate: float, seconds: float, say=print) -> dict:
    port = urlparse(url).port or 80
    rasa_pid, actions_pid = service_pid("rasa", port), service_pid("actions", 5055)
    generator = LoadGenerator(url, seed=11)
    say(f"[soak] opwarmen, dan {seconds:.0f} s lang {rate:.1f} ber/s tegen {url}")
    run_step(generator, rate, min(30.0, max(5.0, seconds / 10)))
    start_rss = {"rasa": rss_mb(rasa_pid), "actions": rss_mb(actions_pid)}
    memory, latencies, errors, error_kinds, sent = [], [], 0, {}, 0
    began = time.monotonic()
    while time.monotonic() - began < seconds - 1:
        chunk = run_step(generator, rate, min(CHUNK_S, seconds - (time.monotonic() - began)))
        latencies += chunk.latencies
        errors += chunk.errors
        sent += len(chunk.samples)
        for kind, count in chunk.error_kinds().items():
            error_kinds[kind] = error_kinds.get(kind, 0) + count
        point = {"t_s": round(time.monotonic() - began), "rasa_rss_mb": rss_mb(rasa_pid),
                 "actions_rss_mb": rss_mb(actions_pid), "p95_ms": chunk.percentile(95), "errors": chunk.errors}
        memory.append(point)
        say(f"[soak] {point['t_s']:>5} s  Rasa {point['rasa_rss_mb']} MB  acties {point['actions_rss_mb']} MB  "
            f"p95 {point['p95_ms']} ms  fouten {point['errors']}")
    end_rss = {"rasa": rss_mb(rasa_pid), "actions": rss_mb(actions_pid)}
    quantiles = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [None] * 99
    return {
        "url": url, "rate_msg_s": round(rate, 2), "seconds": round(time.monotonic() - began), "sent": sent,
        "errors": errors, "error_kinds": error_kinds,
        "p50_ms": quantiles[49] and round(quantiles[49], 1), "p95_ms": quantiles[94] and round(quantiles[94], 1),
        "rasa_rss_start_mb": start_rss["rasa"], "rasa_rss_end_mb": end_rss["rasa"],
        "rasa_growth_pct": growth_pct(start_rss["rasa"], end_rss["rasa"]),
        "actions_rss_start_mb": start_rss["actions"], "actions_rss_end_mb": end_rss["actions"],
        "actions_growth_pct": growth_pct(start_rss["actions"], end_rss["actions"]),
        "memory": memory, "run_id": generator.run_id,
    }


def default_seconds() -> float:
    return float(os.environ.get("BENCH_SOAK_S") or (60 if os.environ.get("BENCH_QUICK") == "1" else 900))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=None)
    parser.add_argument("--seconds", type=float, default=default_seconds())
    parser.add_argument("--url", default=os.environ.get("BENCH_URL", "http://localhost:5005"))
    args = parser.parse_args()
    previous = json.loads(BENCH_JSON.read_text()) if BENCH_JSON.exists() else {}
    rate = args.rate or (previous.get("throughput_msg_s") or 10) / 2
    result = soak(args.url, rate, args.seconds)
    run_id = result.pop("run_id")
    if urlparse(args.url).port == 5005:
        forget_conversations([run_id])
    previous["soak"] = result
    RESULTS.mkdir(exist_ok=True)
    BENCH_JSON.write_text(json.dumps(previous, indent=2))
    print(f"[soak] Rasa {result['rasa_rss_start_mb']} -> {result['rasa_rss_end_mb']} MB "
          f"({result['rasa_growth_pct']} %), acties {result['actions_rss_start_mb']} -> "
          f"{result['actions_rss_end_mb']} MB ({result['actions_growth_pct']} %), fouten {result['errors']} "
          f"(doelen: groei < 10 %, 0 fouten); geschreven: results/bench.json")


if __name__ == "__main__":
    main()
