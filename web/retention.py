"""Conversations are kept for a limited time (AVG): delete, export or purge them in the tracker store.

Rasa's SQL tracker store keeps one row per event in the table `events`, keyed by sender_id.
"""
import json
import time
from typing import Any, Dict, List

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

DEFAULT_RETENTION_DAYS = 30


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
