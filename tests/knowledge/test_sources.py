"""How sources are named: readable for pupils and parents, with file and line for staff only."""
from __future__ import annotations

import pytest

from knowledge.sources import readable, staff, year_of


@pytest.mark.parametrize("jaar, expected", [
    ("2024 (15 juli)", "2024"),
    ("ca. 2016/2017 (afgeleid)", "ca. 2016"),
    ("2023-24", "2023"),
    ("niet vermeld", ""),
])
def test_year_of(jaar, expected):
    assert year_of(jaar) == expected


def test_readable_names_publisher_title_year_and_link():
    assert readable("SEOR", "Sociale media en studiekeuze", "2024 (15 juli)") == "SEOR, Sociale media en studiekeuze, 2024"
    assert (readable("DUO", "Collegegeld", "2025", "https://duo.nl/particulier/collegegeld.jsp")
            == "DUO, Collegegeld, 2025, https://duo.nl/particulier/collegegeld.jsp")


def test_readable_page_without_a_year_says_when_it_was_read():
    text = readable("Studielink", "Aanmelddeadlines", "niet vermeld", "https://studielink.nl/", "2026-12-07")
    assert text == "Studielink, Aanmelddeadlines, gelezen 2026-12-07, https://studielink.nl/"


def test_staff_citation_keeps_the_lines():
    assert staff("SEOR 2024", "seed 002 L111-121; L133") == "SEOR 2024, seed 002 r. 111-121; r. 133"
    assert staff("DUO 2024", None) == "DUO 2024"


def test_every_source_reads_without_file_names(engine):
    from knowledge import api
    from sqlalchemy import text

    with engine.connect() as conn:
        ids = [row[0] for row in conn.execute(text("select id from bron"))]
    for bron_id in ids:
        leesbaar = api.bron(bron_id, engine=engine).leesbaar
        assert "seed" not in leesbaar.lower() and ".txt" not in leesbaar and ".csv" not in leesbaar, leesbaar
        assert leesbaar.count(",") >= 1, leesbaar  # at least publisher and title
