"""Fixtures for the knowledge tests (the database itself is built in tests/conftest.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.config import DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of knowledge/data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
