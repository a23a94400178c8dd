"""The loader: validation errors name file, row and column; builds are deterministic and atomic."""
from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from knowledge import schema
from knowledge.config import REPO_ROOT
from knowledge.errors import DataError
from knowledge.loader import build


def edit_csv(path: Path, change: Callable[[list[dict[str, str]]], list[dict[str, str]]],
             drop_column: str | None = None) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = [f for f in reader.fieldnames if f != drop_column]
        rows = list(reader)
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(row_index: int, column: str, value: str) -> Callable[[list[dict]], list[dict]]:
    def change(rows: list[dict]) -> list[dict]:
        rows[row_index][column] = value
        return rows
    return change


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kb.db'}"


BROKEN = [
    # (file, change, drop_column, expected row, expected column)
    ("perspectief.csv", lambda rows: rows, "bron_id", 1, "bron_id"),
    ("perspectief.csv", set_cell(4, "niveau", "mbo5"), None, 6, "niveau"),
    ("perspectief.csv", set_cell(2, "bron_id", ""), None, 4, "bron_id"),
    ("perspectief.csv", set_cell(0, "periode", ""), None, 2, "periode"),
    ("perspectief.csv", set_cell(3, "label", "super"), None, 5, "label"),
    ("kosten.csv", set_cell(1, "bron_id", "wikipedia"), None, 3, "bron_id"),
    ("kosten.csv", set_cell(3, "bedrag_eur", "2700"), None, 5, "bedrag_eur"),
    ("kosten.csv", set_cell(0, "schooljaar", "2023/24"), None, 2, "schooljaar"),
    ("onderzoek.csv", set_cell(0, "topic", "roddels"), None, 2, "topic"),
    ("onderzoek.csv", set_cell(5, "regio", ""), None, 7, "regio"),
    ("aliassen.csv", set_cell(0, "opleiding_id", "mbo-99999"), None, 2, "opleiding_id"),
    ("sector_overrides.csv", set_cell(0, "code", "11111"), None, 2, "code"),
    ("sectoren.csv", set_cell(0, "riasec_primair", "X"), None, 2, "riasec_primair"),
    ("raw/mbo-crebo/crebo_25xxx_26xxx.csv", set_cell(9, "niveau", "7"), None, 11, "niveau"),
    ("raw/hbo-duo/derived_hbo_aanbod_2024.csv", set_cell(0, "croho", "ABC"), None, 2, "croho"),
]


@pytest.mark.parametrize("file, change, drop_column, row, column", BROKEN)
def test_invalid_data_names_file_row_and_column(data_copy, tmp_path, file, change, drop_column, row, column):
    edit_csv(data_copy / file, change, drop_column)
    with pytest.raises(DataError) as info:
        build(sqlite_url(tmp_path), data_copy)
    assert (info.value.file, info.value.row, info.value.column) == (file, row, column)
    assert file in str(info.value) and column in str(info.value)


def test_historical_seed_must_be_flagged(data_copy, tmp_path):
    def unflag(rows):
        row = next(r for r in rows if r["bron_id"] == "seed003")
        row["historisch"] = "nee"
        return rows
    edit_csv(data_copy / "perspectief.csv", unflag)
    with pytest.raises(DataError, match="historisch"):
        build(sqlite_url(tmp_path), data_copy)


def test_every_sector_niveau_needs_a_summary(data_copy, tmp_path):
    edit_csv(data_copy / "perspectief.csv", lambda rows: [r for r in rows if r["id"] != "sport-wo"])
    with pytest.raises(DataError, match="sport, niveau wo"):
        build(sqlite_url(tmp_path), data_copy)


def test_opleiding_without_sector_rule_is_an_error(data_copy, tmp_path):
    edit_csv(data_copy / "sector_regels.csv",
             lambda rows: [r for r in rows if not (r["soort"] == "wo" and r["waarde"] == "recht")])
    with pytest.raises(DataError, match="geen sectorregel voor wo-"):
        build(sqlite_url(tmp_path), data_copy)


def test_yaml_errors_give_the_line_of_the_item(data_copy, tmp_path):
    path = data_copy / "info.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  bron_id: seed003\n", "  bron_id: nergens\n", 1),
                    encoding="utf-8")
    with pytest.raises(DataError) as info:
        build(sqlite_url(tmp_path), data_copy)
    assert info.value.file == "info.yaml" and info.value.column == "bron_id" and info.value.row == 3


def test_missing_file(data_copy, tmp_path):
    (data_copy / "routes.csv").unlink()
    with pytest.raises(DataError, match="routes.csv: bestand ontbreekt"):
        build(sqlite_url(tmp_path), data_copy)


def test_failed_build_keeps_the_previous_database(data_copy, tmp_path):
    url = sqlite_url(tmp_path)
    counts = build(url, data_copy)
    edit_csv(data_copy / "kosten.csv", set_cell(0, "soort", "zakgeld"))
    with pytest.raises(DataError):
        build(url, data_copy)
    with create_engine(url, future=True).connect() as conn:
        assert conn.execute(text("select count(*) from opleiding")).scalar() == counts["opleiding"]


def dump(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url, future=True)
    with engine.connect() as conn:
        tables = {
            table.name: sorted(map(tuple, conn.execute(table.select())), key=repr)
            for table in schema.Base.metadata.sorted_tables
        }
    engine.dispose()
    return tables


def test_build_is_deterministic_and_idempotent(tmp_path, db_url):
    url = sqlite_url(tmp_path)
    build(url)
    first = dump(url)
    build(url)  # rebuild over an existing database
    assert dump(url) == first
    assert dump(db_url) == first  # and equal to an independent build


def test_cli_reports_invalid_data_without_traceback(data_copy, tmp_path):
    edit_csv(data_copy / "perspectief.csv", set_cell(4, "niveau", "mbo5"))
    result = subprocess.run(
        [sys.executable, "-m", "knowledge", "--db-url", sqlite_url(tmp_path), "build", "--data-dir", str(data_copy)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "perspectief.csv, regel 6, kolom 'niveau'" in result.stderr


def test_cli_build_prints_one_line_per_step(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "knowledge", "--db-url", sqlite_url(tmp_path), "build"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("opleidingen: ") for line in lines)
    assert lines[-1].startswith("database geschreven")


def set_row(record_id: str, **cells: str) -> Callable[[list[dict]], list[dict]]:
    def change(rows: list[dict]) -> list[dict]:
        row = next(r for r in rows if r["id"] == record_id)
        row.update(cells)
        return rows
    return change


def test_label_finer_than_its_source_is_rejected(data_copy, tmp_path):
    """Issue 19: transport mbo 2 labelled 'goed' from a finding about the whole mbo."""
    edit_csv(data_copy / "perspectief.csv", set_row("transport_logistiek-mbo2", label="goed", afgeleid=""))
    with pytest.raises(DataError, match="bron gaat over sector") as info:
        build(sqlite_url(tmp_path), data_copy)
    assert info.value.column == "afgeleid"


def test_label_finer_than_its_source_passes_when_derived_with_a_reason(data_copy, tmp_path):
    edit_csv(data_copy / "perspectief.csv",
             set_row("transport_logistiek-mbo2", label="goed", afgeleid="reden voor deze test"))
    build(sqlite_url(tmp_path), data_copy)


def test_label_at_the_level_of_its_source_needs_no_reason(data_copy, tmp_path):
    edit_csv(data_copy / "perspectief.csv",
             set_row("techniek-mbo3", bewijsniveau="sector_niveau", afgeleid=""))
    build(sqlite_url(tmp_path), data_copy)


def test_hbo_label_must_say_which_programmes_its_source_covers(data_copy, tmp_path):
    edit_csv(data_copy / "perspectief.csv", set_row("techniek-hbo", type_ho=""))
    with pytest.raises(DataError, match="type_ho") as info:
        build(sqlite_url(tmp_path), data_copy)
    assert info.value.column == "type_ho"


def test_domain_record_names_a_real_mbo_domain(data_copy, tmp_path):
    edit_csv(data_copy / "perspectief.csv", set_row("hl2016-bouw_en_infra-mbo2", domein="Bouw"))
    with pytest.raises(DataError, match="mbo-opleidingsdomeinen"):
        build(sqlite_url(tmp_path), data_copy)


def test_source_read_date_must_be_a_date(data_copy, tmp_path):
    edit_csv(data_copy / "bronnen.csv", lambda rows: [
        {**r, "gelezen": "7 december"} if r["id"] == "studielink_deadlines" else r for r in rows
    ])
    with pytest.raises(DataError, match="2026-12-07") as info:
        build(sqlite_url(tmp_path), data_copy)
    assert (info.value.file, info.value.column) == ("bronnen.csv", "gelezen")
