"""Read data files with pandas and check them cell by cell.

Every problem raises `DataError` naming the file, the line and the column, so an
editor can fix the cell without reading code.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd
import yaml

from knowledge.errors import DataError

ROW = "regelnummer"  # the column holding each record's line number in its file
TRUE_WORDS = {"ja", "true", "1"}
FALSE_WORDS = {"nee", "false", "0"}


@dataclass(frozen=True)
class Col:
    """One column of a data file and what its cells must look like."""

    name: str
    required: bool = True
    kind: str = "str"  # str, int, float or bool
    choices: frozenset[str] | None = None


@dataclass(frozen=True)
class Spec:
    """A data file: its path below the data folder, its columns and its unique key."""

    file: str
    columns: tuple[Col, ...]
    key: tuple[str, ...] = ()


def read_csv(data_dir: Path, spec: Spec) -> pd.DataFrame:
    """Read a CSV file as text, check it against `spec` and convert the typed columns."""
    path = data_dir / spec.file
    if not path.is_file():
        raise DataError(spec.file, "bestand ontbreekt")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(spec.file, f"kan het bestand niet lezen ({exc})") from None
    frame[ROW] = range(2, len(frame) + 2)  # line 1 is the header
    return check(frame, spec)


def read_yaml(data_dir: Path, spec: Spec) -> pd.DataFrame:
    """Read a YAML list of mappings; each record's line number is where its item starts."""
    path = data_dir / spec.file
    if not path.is_file():
        raise DataError(spec.file, "bestand ontbreekt")
    try:
        text = path.read_text(encoding="utf-8")
        items = yaml.safe_load(text)
        nodes = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise DataError(spec.file, f"geen geldige YAML ({exc})") from None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise DataError(spec.file, "verwacht een lijst van items (- sleutel: waarde)")
    records = [
        {key: "" if value is None else value for key, value in item.items()} for item in items
    ]
    frame = pd.DataFrame.from_records(records)
    frame[ROW] = [node.start_mark.line + 1 for node in nodes.value]
    return check(frame, spec)


def check(frame: pd.DataFrame, spec: Spec) -> pd.DataFrame:
    """Check columns, required cells, allowed values, types and the unique key."""
    for col in spec.columns:
        if col.name not in frame.columns:
            raise DataError(spec.file, "kolom ontbreekt", row=1, column=col.name)
    frame = frame[[col.name for col in spec.columns] + [ROW]].copy()
    for col in spec.columns:
        values = [_cell(value, col, spec.file, row) for value, row in zip(frame[col.name], frame[ROW])]
        frame[col.name] = pd.Series(values, index=frame.index, dtype=object)  # keeps None as None
    if spec.key:
        duplicated = frame.duplicated(list(spec.key), keep="first")
        if duplicated.any():
            first = frame[duplicated].iloc[0]
            raise DataError(
                spec.file,
                f"dubbele waarde {tuple(first[k] for k in spec.key)} (moet uniek zijn)",
                row=int(first[ROW]),
                column=spec.key[0],
            )
    return frame


def _cell(value: object, col: Col, file: str, row: int) -> object:
    text = str(value).strip() if value is not None else ""
    if not text:
        if col.required:
            raise DataError(file, "verplichte waarde ontbreekt", row=row, column=col.name)
        return None
    if col.choices is not None and text not in col.choices:
        allowed = ", ".join(sorted(col.choices))
        raise DataError(file, f"ongeldige waarde '{text}' (toegestaan: {allowed})", row=row, column=col.name)
    if col.kind == "int":
        try:
            return int(text)
        except ValueError:
            raise DataError(file, f"'{text}' is geen geheel getal", row=row, column=col.name) from None
    if col.kind == "float":
        try:
            return float(text.replace(",", "."))
        except ValueError:
            raise DataError(file, f"'{text}' is geen getal", row=row, column=col.name) from None
    if col.kind == "bool":
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise DataError(file, f"'{text}' is geen ja/nee", row=row, column=col.name)
    return text


def check_refs(frame: pd.DataFrame, column: str, valid: Iterable[str], file: str, target: str) -> None:
    """Every non-empty cell in `column` must be one of `valid` (a foreign key)."""
    known = set(valid)
    for value, row in zip(frame[column], frame[ROW]):
        if value is not None and value not in known:
            raise DataError(file, f"'{value}' bestaat niet in {target}", row=int(row), column=column)
