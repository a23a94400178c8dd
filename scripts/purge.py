"""Delete conversations and log files older than RETENTION_DAYS (default 30): `make purge`.

The web app does the same once a day (web/privacy.py).
"""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import inspect  # noqa: E402

from web.retention import DEFAULT_RETENTION_DAYS, LOG_DIR, engine_for, purge_logs_older_than, purge_older_than  # noqa: E402

if __name__ == "__main__":
    days = int(os.environ.get("RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    engine = engine_for(os.environ.get("TRACKER_DB_URL", "sqlite:///.build/tracker.db"))
    if not inspect(engine).has_table("events"):
        print("[purge] nog geen gesprekken opgeslagen")
    else:
        print(f"[purge] {purge_older_than(engine, days)} gesprek(ken) ouder dan {days} dagen verwijderd")
    if LOG_DIR.exists():
        print(f"[purge] {purge_logs_older_than(LOG_DIR, days)} logbestand(en) ouder dan {days} dagen verwijderd")
