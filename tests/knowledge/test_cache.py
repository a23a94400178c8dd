"""The API caches its answers per engine (the knowledge base is read-only while the bot runs)."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from knowledge import api
from knowledge.config import DATA_DIR
from knowledge.errors import NotFound
from knowledge.loader import build


def test_a_repeated_question_is_answered_from_the_cache(engine):
    first = api.perspectief("zorg_welzijn", "mbo4", engine=engine)
    assert api.perspectief("zorg_welzijn", "mbo4", engine=engine) is first


def test_callers_cannot_change_a_cached_list(engine):
    kosten = api.kosten("lesgeld", engine=engine)
    kosten.clear()
    assert api.kosten("lesgeld", engine=engine), "a fresh list each call"


def test_errors_are_not_cached(engine):
    for _ in range(2):
        with pytest.raises(NotFound):
            api.bron("bestaat-niet", engine=engine)


def test_the_cache_is_per_database_and_cleared_on_request(tmp_path):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    build(url, DATA_DIR)
    engine = create_engine(url, future=True)
    before = api.verwijzingen(engine=engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM verwijzing")
    assert api.verwijzingen(engine=engine) == before, "cached: the database is read-only while the bot runs"
    api.clear_caches()
    assert api.verwijzingen(engine=engine) == []
    engine.dispose()
