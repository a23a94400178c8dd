"""Command line: python -m knowledge {build,stats,search,export-nlu}."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from knowledge import api, report
from knowledge.config import DATA_DIR, database_url
from knowledge.db import engine_for
from knowledge.errors import DataError, KnowledgeError
from knowledge.loader import build
from knowledge.nlu_export import export_nlu
from knowledge.results import OpleidingMatch
from knowledge.vocabulary import SOORTEN


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description="Kennisbank studiekeuze-assistent")
    parser.add_argument("--db-url", help="database URL (default: KNOWLEDGE_DB_URL, DATABASE_URL or .build/knowledge.db)")
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="check knowledge/data/ and (re)build the database")
    build_parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="data folder (default: knowledge/data)")
    stats_parser = commands.add_parser("stats", help="counts and data-quality figures")
    stats_parser.add_argument("--json", action="store_true", help="print one JSON object")
    search_parser = commands.add_parser("search", help="fuzzy search for an opleiding")
    search_parser.add_argument("query")
    search_parser.add_argument("--niveau", type=int, choices=(1, 2, 3, 4))
    search_parser.add_argument("--soort", choices=SOORTEN)
    search_parser.add_argument("--limit", type=int, default=10)
    commands.add_parser("export-nlu", help="write nlu/lookups/opleiding.yml, sector.yml and kaart.yml")
    args = parser.parse_args(argv)

    url = args.db_url or database_url()
    try:
        if args.command == "build":
            build(url, args.data_dir, progress=print)
        elif args.command == "stats":
            _print_stats(report.stats(engine=engine_for(url)), as_json=args.json)
        elif args.command == "search":
            _print_search(api.find_opleidingen(
                args.query, niveau=args.niveau, soort=args.soort, limit=args.limit, engine=engine_for(url)
            ))
        elif args.command == "export-nlu":
            for path in export_nlu(engine=engine_for(url)):
                print(f"geschreven: {path}")
    except DataError as exc:
        print(f"Fout in de data: {exc}", file=sys.stderr)
        return 1
    except (KnowledgeError, SQLAlchemyError) as exc:
        hint = " (draai eerst: python -m knowledge build)" if args.command != "build" else ""
        print(f"Fout: {exc.__class__.__name__}: {str(exc).splitlines()[0]}{hint}", file=sys.stderr)
        return 1
    return 0


def _print_stats(stats: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(stats, ensure_ascii=False, sort_keys=True))
        return
    rows = []
    for key, value in stats.items():
        if isinstance(value, dict):
            rows += [(f"{key}.{sub}", subvalue) for sub, subvalue in value.items()]
        else:
            rows.append((key, value))
    width = max(len(key) for key, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


def _print_search(matches: list[OpleidingMatch]) -> None:
    if not matches:
        print("Geen opleiding gevonden.")
        return
    for match in matches:
        opl = match.opleiding
        level = f"niveau {opl.niveau}" if opl.niveau else opl.type_ho
        print(f"{match.score:5.1f}  {opl.id:<10}  {opl.naam} ({opl.soort}, {level}; {opl.sector_naam})"
              f"  [via '{match.gevonden_via}']")


if __name__ == "__main__":
    sys.exit(main())
