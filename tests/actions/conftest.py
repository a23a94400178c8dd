import pytest


@pytest.fixture(autouse=True)
def knowledge_db(db_url, monkeypatch):
    """Actions query the knowledge base built for this test session, never the developer's one."""
    monkeypatch.setenv("KNOWLEDGE_DB_URL", db_url)
