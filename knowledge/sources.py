"""How a source is named: readable for pupils and parents, with the exact place for staff.

Pupils and parents see publisher, short title, year and link ("SEOR, Sociale media en
studiekeuze, 2024"), something they can look up. LOB staff also see where in the document a
figure stands ("SEOR 2024, seed 002 r. 111-121"), so they can check it; file names and line
numbers are never shown to anyone else.
"""
from __future__ import annotations

import re

_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_LINE = re.compile(r"\bL(?=\d)")  # 'L111' -> 'r. 111'


def year_of(jaar: str) -> str:
    """'2024 (15 juli)' -> '2024'; 'ca. 2016/2017 (afgeleid)' -> 'ca. 2016'; no year -> ''."""
    match = _YEAR.search(jaar or "")
    if not match:
        return ""
    return f"ca. {match.group()}" if "ca." in jaar else match.group()


def readable(uitgever_kort: str, titel_kort: str, jaar: str, url: str | None = None, gelezen: str | None = None) -> str:
    """'SEOR, Sociale media en studiekeuze, 2024' plus ', https://…' when the source has a link.
    A web page without a year says when it was read: 'Studielink, Aanmelddeadlines, gelezen 2026-12-07, …'."""
    year = year_of(jaar) or (f"gelezen {gelezen}" if gelezen else "")
    parts = [uitgever_kort, titel_kort, year, url or ""]
    return ", ".join(part.strip() for part in parts if part and part.strip())


def staff(kort: str, regels: str | None) -> str:
    """'SEOR 2024' + 'seed 002 L111-121' -> 'SEOR 2024, seed 002 r. 111-121' (staff mode only)."""
    if not regels:
        return kort
    return f"{kort}, {_LINE.sub('r. ', regels)}"
