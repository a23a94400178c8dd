"""Engines, built once per database URL."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from knowledge.config import database_url


@lru_cache(maxsize=None)
def engine_for(url: str) -> Engine:
    """The cached engine for `url` (SQLAlchemy 1.4, 2.0-style API).

    pool_pre_ping: after a restart of a database server (PostgreSQL in the scaled setup) the pooled
    connections are dead; checking them out first means the next query works instead of failing once.
    """
    return create_engine(url, future=True, pool_pre_ping=True)


def default_engine() -> Engine:
    return engine_for(database_url())
