"""Conversations and logs are kept for a limited time (AVG): delete, export or purge them.

Rasa's SQL tracker store keeps one row per event in the table `events`, keyed by sender_id.
Logs are files in logs/ (and its subfolders); scripts/logwriter.py starts a new file every day.
"""
import json
import time
from pathlib import Path
from typing import Any, Dict, List

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

DEFAULT_RETENTION_DAYS = 30
LOG_DIR = Path(__file__).resolve().parent.parent / "logs"


def engine_for(url: str) -> Engine:
    return create_engine(url, future=True)


def purge_older_than(engine: Engine, days: int = DEFAULT_RETENTION_DAYS) -> int:
    """Delete every conversation whose last event is older than `days`; return how many."""
    cutoff = time.time() - days * 24 * 3600
    with engine.begin() as connection:
        old = connection.execute(
            text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"),
            {"cutoff": cutoff},
        ).scalars().all()
        for sender_id in old:
            connection.execute(text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender_id})
    return len(old)


def export_conversation(engine: Engine, sender_id: str) -> List[Dict[str, Any]]:
    """All stored events of one conversation, oldest first (the right of access)."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id"), {"sender": sender_id}
        ).scalars().all()
    return [json.loads(row) for row in rows]


def delete_conversation(engine: Engine, sender_id: str) -> int:
    """Delete one conversation (the right to erasure); return the number of events removed."""
    with engine.begin() as connection:
        return connection.execute(text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender_id}).rowcount


def purge_logs_older_than(log_dir: Path = LOG_DIR, days: int = DEFAULT_RETENTION_DAYS) -> int:
    """Delete every file in log_dir (and below) last written more than `days` ago; return how many."""
    cutoff = time.time() - days * 24 * 3600
    removed = 0
    for path in list(log_dir.rglob("*")):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            pass  # renamed or removed meanwhile (the log writer starts a new file at midnight)
    return removed
