"""Referential integrity and data-quality rules, checked in SQL on the built database."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import text

from knowledge import api, report
from knowledge.config import REPO_ROOT
from knowledge.vocabulary import KOSTEN_SOORTEN, LEVELS, PLACE_NAMES
from tests.wording import ADDRESSES_AS_JE


def scalar(engine, sql: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def rows(engine, sql: str) -> list:
    with engine.connect() as conn:
        return conn.execute(text(sql)).all()


ORPHANS = {
    "opleiding without sector": "select count(*) from opleiding o left join sector s on s.id = o.sector_id where s.id is null",
    "opleiding without bron": "select count(*) from opleiding o left join bron b on b.id = o.bron_id where b.id is null",
    "perspectief without bron": "select count(*) from perspectief p left join bron b on b.id = p.bron_id where b.id is null",
    "perspectief with unknown sector": "select count(*) from perspectief p left join sector s on s.id = p.sector_id "
                                       "where p.sector_id is not null and s.id is null",
    "perspectief with unknown opleiding": "select count(*) from perspectief p left join opleiding o on o.id = p.opleiding_id "
                                          "where p.opleiding_id is not null and o.id is null",
    "kosten without bron": "select count(*) from kosten k left join bron b on b.id = k.bron_id where b.id is null",
    "onderzoek without bron": "select count(*) from onderzoek f left join bron b on b.id = f.bron_id where b.id is null",
    "route without bron": "select count(*) from route r left join bron b on b.id = r.bron_id where b.id is null",
    "info without bron": "select count(*) from info i left join bron b on b.id = i.bron_id where b.id is null",
    "relatie from unknown": "select count(*) from relatie r left join opleiding o on o.id = r.opleiding_id where o.id is null",
    "relatie to unknown": "select count(*) from relatie r left join opleiding o on o.id = r.gerelateerd_id where o.id is null",
    "relatie to itself": "select count(*) from relatie where opleiding_id = gerelateerd_id",
    "alias to unknown": "select count(*) from alias a left join opleiding o on o.id = a.opleiding_id where o.id is null",
    "vestiging of unknown": "select count(*) from vestiging v left join opleiding o on o.id = v.opleiding_id where o.id is null",
    "synonym of unknown sector": "select count(*) from sector_synoniem y left join sector s on s.id = y.sector_id where s.id is null",
}


@pytest.mark.parametrize("name", ORPHANS)
def test_no_dangling_references(engine, name):
    assert scalar(engine, ORPHANS[name]) == 0


@pytest.mark.parametrize("table", ["perspectief", "kosten", "onderzoek"])
def test_every_figure_has_source_period_and_region(engine, table):
    assert scalar(engine, f"select count(*) from {table} where coalesce(bron_id, '') = '' "
                          "or coalesce(periode, '') = '' or coalesce(regio, '') = ''") == 0


def test_programme_figures_are_never_invented(engine):
    """Programme-level records exist only for the old seed 003 tables and are flagged historical."""
    bad = rows(engine, "select id from perspectief where opleiding_id is not null "
                       "and (bron_id != 'seed003' or historisch = 0)")
    assert bad == []


def test_historical_seeds_are_flagged(engine):
    for table in ("perspectief", "onderzoek"):
        assert scalar(engine, f"select count(*) from {table} where bron_id in ('seed001', 'seed003') "
                              "and historisch = 0") == 0


def test_year_not_stated_figures_say_so(engine):
    """DQ-01: the 8,6% / 3,4% / 3,3% unemployment figures have no year in the source."""
    for record_id in ("niveau-mbo2-werkloosheid-bol", "niveau-mbo4-werkloosheid-bol", "niveau-hbo-werkloosheid"):
        periode = scalar(engine, f"select periode from perspectief where id = '{record_id}'")
        assert periode == "jaar niet vermeld (document 2025)"


def test_url_only_care_shortage_figure_is_not_used(engine):
    """DQ-02: the 305 000 figure exists only in a URL slug."""
    for table, column in (("perspectief", "waarde"), ("perspectief", "uitleg"), ("onderzoek", "claim")):
        assert scalar(engine, f"select count(*) from {table} where {column} like '%305%'") == 0


def test_unknown_amounts_have_no_euro_figure(engine):
    assert scalar(engine, "select count(*) from kosten where zeker = 0 and bedrag_eur is not null") == 0
    assert scalar(engine, "select count(*) from kosten where zeker = 1 and bedrag_eur is null") == 0
    sources = {r[0] for r in rows(engine, "select distinct b.soort from kosten k join bron b on b.id = k.bron_id "
                                          "where k.bedrag_eur is not null")}
    assert sources == {"officieel"}


def test_labels_use_the_roa_scale(engine):
    labels = {r[0] for r in rows(engine, "select distinct label from perspectief where label is not null")}
    assert labels <= {"zeer goed", "goed", "redelijk", "matig", "slecht"}


def test_wo_records_say_their_data_year(engine):
    assert scalar(engine, "select count(*) from opleiding where soort = 'wo' and data_jaar != '2019'") == 0
    assert scalar(engine, "select count(*) from opleiding where soort = 'hbo' and data_jaar != '2024'") == 0


def test_stats_meet_the_thresholds(engine):
    stats = report.stats(engine=engine)
    assert stats["opleidingen"]["mbo"] >= 600
    assert stats["opleidingen"]["hbo"] >= 250
    assert stats["opleidingen"]["wo"] >= 150
    assert 10 <= stats["sectors"] <= 14
    assert stats["perspectief_sector_niveau"]["total"] == stats["sectors"] * 6
    assert stats["figures_without_source"] == 0
    assert 30 <= stats["onderzoek_records"] <= 60
    assert stats["oldest_period"] == "2008-2012"
    kosten_onderwijs = {k.onderwijs for soort in KOSTEN_SOORTEN for k in api.kosten(soort, engine=engine)}
    assert kosten_onderwijs == {"mbo", "hbo", "wo"}


def test_every_sector_niveau_has_a_perspective(engine):
    for sector in api.sectors(engine=engine):
        for niveau in LEVELS:
            answer = api.perspectief(sector.id, niveau, engine=engine)
            assert answer.samenvatting.sector_id == sector.id
            assert answer.basis == ("sector_niveau" if answer.samenvatting.label else "onbekend")


def test_perspective_texts_address_nobody(engine):
    """Pupils, parents and staff all read these texts: no 'je' that a parent would get."""
    with engine.connect() as connection:
        texts = connection.execute(text("SELECT uitleg FROM perspectief")).scalars().all()
    assert texts
    for uitleg in texts:
        assert not ADDRESSES_AS_JE.search(uitleg), uitleg


@pytest.mark.parametrize(("table", "column"), [
    ("kosten", "uitleg"), ("route", "uitleg"), ("route", "voorwaarden"), ("info", "uitleg"),
    ("verwijzing", "waarvoor"), ("onderzoek", "claim"),
])
def test_data_texts_address_nobody(engine, table, column):
    """Pupils, parents and staff all read these texts: no 'je' that a parent would get."""
    with engine.connect() as connection:
        texts = connection.execute(text(f"SELECT {column} FROM {table}")).scalars().all()
    assert texts
    for tekst in texts:
        assert not ADDRESSES_AS_JE.search(tekst), tekst


def test_stats_cli_prints_json(db_url):
    result = subprocess.run(
        [sys.executable, "-m", "knowledge", "--db-url", db_url, "stats", "--json"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert {"opleidingen", "perspectief_records", "kosten_records", "figures_without_source", "oldest_period"} <= set(stats)


def test_every_route_end_has_a_name_to_show(engine):
    ends = {row[0] for row in engine.connect().execute(text("SELECT van FROM route UNION SELECT naar FROM route"))}
    assert ends <= set(PLACE_NAMES), sorted(ends - set(PLACE_NAMES))
