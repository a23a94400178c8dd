"""Where the knowledge base lives: paths and the database URL."""
from __future__ import annotations

import os
from pathlib import Path

import spacy_lookups_data

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "data"
DEFAULT_DB_PATH = REPO_ROOT / ".build" / "knowledge.db"
NLU_LOOKUP_DIR = REPO_ROOT / "nlu" / "lookups"
# The Dutch lemma table of spacy-lookups-data, the one the NLU pipeline lemmatizes with.
LEMMA_TABLE = Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz"


def database_url() -> str:
    """`KNOWLEDGE_DB_URL`, else `DATABASE_URL`, else the SQLite file in `.build/`."""
    url = os.environ.get("KNOWLEDGE_DB_URL") or os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs use the scheme name SQLAlchemy 1.4 no longer accepts.
        return "postgresql://" + url[len("postgres://"):] if url.startswith("postgres://") else url
    DEFAULT_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DB_PATH}"
