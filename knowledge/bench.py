"""Benchmark of the main queries: python -m knowledge.bench [--calls 1000].

Prints p50 and p95 in milliseconds per query (target: p95 < 5 ms on SQLite).
Uses the configured database; run `python -m knowledge build` first.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from knowledge import api
from knowledge.config import database_url
from knowledge.db import engine_for

QUERIES = ["verpleegkunde", "mbo-v", "ict", "pabo", "fysio", "kapper", "autotechniek", "software developer",
           "rechten", "verzorgende ig", "pedagogisch medewerker", "nursing", "verpleegkunbde", "economie"]
OPLEIDINGEN = ["mbo-25655", "mbo-25498", "mbo-25604", "hbo-34560", "hbo-34808", "wo-50700", "mbo-25641"]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m knowledge.bench")
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--db-url", default=None)
    args = parser.parse_args()
    engine = engine_for(args.db_url or database_url())
    sectors = [s.id for s in api.sectors(engine=engine)]
    cases: dict[str, Callable[[int], object]] = {
        "find_opleidingen": lambda i: api.find_opleidingen(QUERIES[i % len(QUERIES)], engine=engine),
        "get_opleiding": lambda i: api.get_opleiding(OPLEIDINGEN[i % len(OPLEIDINGEN)], engine=engine),
        "perspectief": lambda i: api.perspectief(sectors[i % len(sectors)], api.NIVEAUS[i % 6], engine=engine),
        "perspectief_for_opleiding": lambda i: api.perspectief_for_opleiding(
            OPLEIDINGEN[i % len(OPLEIDINGEN)], engine=engine),
        "related_opleidingen": lambda i: api.related_opleidingen(OPLEIDINGEN[i % len(OPLEIDINGEN)], engine=engine),
        "kosten": lambda i: api.kosten(api.KOSTEN_SOORTEN[i % 5], engine=engine),
        "routes_from": lambda i: api.routes_from(["vmbo-tl", "havo", "mbo2", "mbo4"][i % 4], engine=engine),
    }
    print(f"{'query':<28}{'p50 ms':>9}{'p95 ms':>9}")
    for name, call in cases.items():
        call(0)  # warm caches and connections
        timings = []
        for i in range(args.calls):
            start = time.perf_counter()
            call(i)
            timings.append((time.perf_counter() - start) * 1000)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{name:<28}{statistics.median(timings):>9.2f}{p95:>9.2f}")


if __name__ == "__main__":
    main()
