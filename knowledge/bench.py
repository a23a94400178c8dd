"""Benchmark of the main queries: python -m knowledge.bench [--calls 1000].

Prints p50 and p95 in milliseconds per query (target: p95 < 5 ms on SQLite, also for ranking the
answer cards), as the actions
see them (the API caches answers: the knowledge base is read-only while the bot runs) and
straight from the database, past that cache. Uses the configured database; run
`python -m knowledge build` first. `make bench` reports the same figures.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from sqlalchemy.engine import Engine

from knowledge import api
from knowledge.config import database_url
from knowledge.db import engine_for
from knowledge.vocabulary import KOSTEN_SOORTEN, LEVELS

QUERIES = ["verpleegkunde", "mbo-v", "ict", "pabo", "fysio", "kapper", "autotechniek", "software developer",
           "rechten", "verzorgende ig", "pedagogisch medewerker", "nursing", "verpleegkunbde", "economie"]
QUESTIONS = ["hoe helpt een meeloopdag bij kiezen?", "is een tussenjaar slim?", "krijg je op het mbo ook stage?",
             "wat als ik na een half jaar merk dat mijn studie niet bij me past?", "wat kost het mbo als je 18 bent",
             "mijn dochter wil naar de kunstacademie, moet ik me zorgen maken over werk?",
             "wat zegt onderzoek over de invloed van vrienden op de keuze?", "kan ik met havo naar de universiteit"]
OPLEIDINGEN = ["mbo-25655", "mbo-25498", "mbo-25604", "hbo-34560", "hbo-34808", "wo-50700", "mbo-25641"]


def _cases(engine: Engine, cached: bool) -> dict[str, Callable[[int], object]]:
    """The queries the actions make; `cached=False` calls them past the API's answer cache (a database query)."""

    def query(function: Callable) -> Callable:
        return function if cached else getattr(function, "__wrapped__", function)

    sectors = [s.id for s in api.sectors(engine=engine)]
    return {
        "find_opleidingen": lambda i: query(api.find_opleidingen)(QUERIES[i % len(QUERIES)], engine=engine),
        "get_opleiding": lambda i: query(api.get_opleiding)(OPLEIDINGEN[i % len(OPLEIDINGEN)], engine=engine),
        "perspectief": lambda i: query(api.perspectief)(sectors[i % len(sectors)], LEVELS[i % 6], engine=engine),
        "perspectief_for_opleiding": lambda i: query(api.perspectief_for_opleiding)(
            OPLEIDINGEN[i % len(OPLEIDINGEN)], engine=engine),
        "related_opleidingen": lambda i: query(api.related_opleidingen)(
            OPLEIDINGEN[i % len(OPLEIDINGEN)], engine=engine),
        "kosten": lambda i: query(api.kosten)(KOSTEN_SOORTEN[i % 5], engine=engine),
        "routes_from": lambda i: query(api.routes_from)(["vmbo-tl", "havo", "mbo2", "mbo4"][i % 4], engine=engine),
        # ranking answer cards is computed for every message (the index is built once)
        "rank_kaarten": lambda i: api.rank_kaarten(QUESTIONS[i % len(QUESTIONS)], {"niveau": ["mbo2"]}, engine=engine),
    }


def _timings(call: Callable[[int], object], calls: int) -> dict[str, float]:
    for i in range(calls):
        call(i)  # warm connections and, for the cached API, every answer the loop asks for
    timings = []
    for i in range(calls):
        start = time.perf_counter()
        call(i)
        timings.append((time.perf_counter() - start) * 1000)
    return {"p50_ms": round(statistics.median(timings), 3), "p95_ms": round(statistics.quantiles(timings, n=20)[-1], 3)}


def measure(calls: int = 1000, engine: Engine | None = None) -> dict[str, dict[str, float]]:
    """Milliseconds per query, as the actions see them (answer cache warm: p50_ms, p95_ms) and
    straight from the database (uncached_p50_ms, uncached_p95_ms)."""
    engine = engine or engine_for(database_url())
    cached, uncached = _cases(engine, cached=True), _cases(engine, cached=False)
    results = {}
    for name in cached:
        warm, cold = _timings(cached[name], calls), _timings(uncached[name], calls)
        results[name] = {**warm, "uncached_p50_ms": cold["p50_ms"], "uncached_p95_ms": cold["p95_ms"]}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m knowledge.bench")
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--db-url", default=None)
    args = parser.parse_args()
    engine = engine_for(args.db_url or database_url())
    print(f"{'query':<28}{'p50 ms':>9}{'p95 ms':>9}   zonder cache: {'p50 ms':>7}{'p95 ms':>9}")
    for name, t in measure(args.calls, engine).items():
        print(f"{name:<28}{t['p50_ms']:>9.2f}{t['p95_ms']:>9.2f}   {'':14}{t['uncached_p50_ms']:>7.2f}"
              f"{t['uncached_p95_ms']:>9.2f}")


if __name__ == "__main__":
    main()
