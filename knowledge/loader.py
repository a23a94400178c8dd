"""Validate the data files in `knowledge/data/` and load them into the database.

`build()` reads everything with pandas, checks every cell and every reference,
computes the derived tables (opleidingen, sectors, relations) and only then
writes. Writing is all-or-nothing: a SQLite file is built next to the target
and renamed over it; other databases get drop/create/insert in one
transaction. The same input always gives the same database.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, make_url

from knowledge import schema
from knowledge.cards import card_tables
from knowledge.catalog import assign_sectors, build_catalog
from knowledge.config import DATA_DIR
from knowledge.errors import DataError
from knowledge.interests import SOORTEN as INTERESSE_SOORTEN
from knowledge.interests import tag_opleidingen
from knowledge.lexicon import parse
from knowledge.relations import compute_relations, niveau_key
from knowledge.text import normalize
from knowledge.validation import ROW, Col, Spec, check_refs, read_csv, read_yaml
from knowledge.vocabulary import KOSTEN_SOORTEN, LABELS, LEVELS, SOORTEN, TOPICS, TYPES_HO

Progress = Callable[[str], None]

HISTORICAL_SOURCES = frozenset({"seed001", "seed003"})  # DQ-03
RIASEC = frozenset("RIASEC")
SCHOOLJAAR = re.compile(r"^(\d{4})-(\d{4})$")
DATUM = re.compile(r"^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
# What a record's source is about, from the finest to the broadest. A label may be applied at
# the level of its source or broader; finer only when `afgeleid` gives the reason.
BEWIJSNIVEAUS = ("opleiding", "domein", "sector_niveau", "sector", "landelijk")

BRONNEN = Spec("bronnen.csv", (
    Col("id"), Col("kort"), Col("uitgever_kort"), Col("titel_kort"), Col("titel"), Col("uitgever"), Col("jaar"),
    Col("url", required=False), Col("gelezen", required=False), Col("bestand", required=False), Col("soort", choices=frozenset({"seed", "data", "officieel", "redactie"})),
    Col("opmerking", required=False)), key=("id",))
VERWIJZINGEN = Spec("verwijzingen.csv", (
    Col("id"), Col("naam"), Col("url"), Col("waarvoor"), Col("volgorde", kind="int")), key=("id",))
SECTOREN = Spec("sectoren.csv", (
    Col("id"), Col("naam"), Col("omschrijving"), Col("riasec_primair", choices=RIASEC),
    Col("riasec_secundair", choices=RIASEC), Col("volgorde", kind="int")), key=("id",))
SECTOR_SYNONIEMEN = Spec("sector_synoniemen.csv", (Col("synoniem"), Col("sector_id")), key=("synoniem",))
SECTOR_REGELS = Spec("sector_regels.csv", (
    Col("soort", choices=frozenset(SOORTEN)), Col("veld", choices=frozenset({"dossier", "subgroep", "domein"})),
    Col("waarde"), Col("sector_id"), Col("toelichting")), key=("soort", "veld", "waarde"))
SECTOR_OVERRIDES = Spec("sector_overrides.csv", (
    Col("soort", choices=frozenset(SOORTEN)), Col("code"), Col("sector_id"), Col("reden")), key=("soort", "code"))
RIASEC_TYPES = Spec("riasec.yaml", (
    Col("type", choices=RIASEC), Col("label"), Col("omschrijving"), Col("voorbeelden"), Col("bron_id")),
    key=("type",))
ONET_ITEMS = Spec("raw/interest-items/onet_interest_profiler_short_form_items.csv", (
    Col("item_id"), Col("riasec", choices=RIASEC), Col("item_en")), key=("item_id",))
FAMILIES = Spec("families.csv", (
    Col("id"), Col("naam"), Col("omschrijving"), Col("riasec"), Col("sectoren", required=False),
    Col("trefwoorden")), key=("id",))
INTERESSES = Spec("interesses.csv", (
    Col("id"), Col("woorden"), Col("soort", choices=INTERESSE_SOORTEN), Col("riasec"), Col("families"),
    Col("opleidingen", required=False), Col("onet", required=False)), key=("id",))
ALIASSEN = Spec("aliassen.csv", (
    Col("alias"), Col("opleiding_id"), Col("prioriteit", kind="int"), Col("toelichting", required=False)),
    key=("alias", "opleiding_id"))
PERSPECTIEF = Spec("perspectief.csv", (
    Col("id"), Col("soort_record", choices=frozenset({"samenvatting", "detail"})),
    Col("sector_id", required=False), Col("niveau", choices=frozenset(LEVELS + ("mbo2-4",))),
    Col("opleiding_id", required=False), Col("domein", required=False), Col("type_ho", required=False, choices=frozenset(TYPES_HO)),
    Col("leerweg", required=False, choices=frozenset({"bol", "bbl"})),
    Col("titel"), Col("label", required=False, choices=frozenset(LABELS)), Col("waarde"), Col("eenheid", required=False),
    Col("uitleg"), Col("bron_id"), Col("bron_regels"), Col("bron_onderliggend"),
    Col("bewijsniveau", choices=frozenset(BEWIJSNIVEAUS)), Col("afgeleid", required=False),
    Col("periode"), Col("regio"), Col("historisch", kind="bool"), Col("opmerking", required=False)), key=("id",))
KOSTEN = Spec("kosten.csv", (
    Col("id"), Col("soort", choices=frozenset(KOSTEN_SOORTEN)), Col("onderwijs", choices=frozenset(SOORTEN)), Col("schooljaar"),
    Col("bedrag_eur", required=False, kind="float"), Col("zeker", kind="bool"), Col("uitleg"), Col("bron_id"),
    Col("url"), Col("periode"), Col("regio"), Col("opmerking", required=False)), key=("id",))
ROUTES = Spec("routes.csv", (
    Col("id"), Col("van"), Col("naar"), Col("uitleg"), Col("voorwaarden"), Col("bron_id"),
    Col("bron_regels", required=False), Col("volgorde", kind="int")), key=("id",))
INFO = Spec("info.yaml", (
    Col("onderwerp"), Col("titel"), Col("uitleg"), Col("bron_id"), Col("bron_regels", required=False), Col("url")),
    key=("onderwerp",))
ONDERZOEK = Spec("onderzoek.csv", (
    Col("id"), Col("topic", choices=frozenset(TOPICS)), Col("claim"), Col("bron_id"), Col("bron_regels"), Col("periode"),
    Col("regio"), Col("historisch", kind="bool"), Col("opmerking", required=False)), key=("id",))


def build(db_url: str, data_dir: Path = DATA_DIR, progress: Progress = lambda _: None) -> dict[str, int]:
    """Validate all data and (re)build the database at `db_url`. Returns row counts per table."""
    tables = load_tables(data_dir, progress)
    _write(db_url, tables)
    counts = {name: len(frame) for name, frame in tables.items()}
    shown = make_url(db_url).render_as_string(hide_password=True)  # the log never shows the password
    progress(f"database geschreven: {shown} ({sum(counts.values())} rijen)")
    return counts


def load_tables(data_dir: Path, progress: Progress = lambda _: None) -> dict[str, pd.DataFrame]:
    """Read and check every file; return one DataFrame per table, ready to insert."""
    bronnen = read_csv(data_dir, BRONNEN)
    _check_bronnen(bronnen)
    bron_ids = set(bronnen["id"])
    progress(f"bronnen: {len(bronnen)}")

    verwijzingen = read_csv(data_dir, VERWIJZINGEN)
    progress(f"verwijzingen: {len(verwijzingen)}")

    sectoren = read_csv(data_dir, SECTOREN)
    sector_ids = set(sectoren["id"])
    synoniemen = read_csv(data_dir, SECTOR_SYNONIEMEN)
    check_refs(synoniemen, "sector_id", sector_ids, SECTOR_SYNONIEMEN.file, "sectoren.csv")
    synoniemen["synoniem"] = synoniemen["synoniem"].map(normalize)
    riasec = read_yaml(data_dir, RIASEC_TYPES)
    check_refs(riasec, "bron_id", bron_ids, RIASEC_TYPES.file, "bronnen.csv")
    _check_riasec_complete(riasec, read_csv(data_dir, ONET_ITEMS))
    riasec_sector = pd.concat([
        sectoren[["riasec_primair", "id"]].set_axis(["type", "sector_id"], axis=1).assign(rang=1),
        sectoren[["riasec_secundair", "id"]].set_axis(["type", "sector_id"], axis=1).assign(rang=2),
    ]).sort_values(["type", "rang", "sector_id"], ignore_index=True)
    progress(f"sectoren: {len(sectoren)} ({len(synoniemen)} synoniemen, {len(riasec)} RIASEC-typen)")

    opleidingen, vestigingen, raw_codes = build_catalog(data_dir)
    regels = read_csv(data_dir, SECTOR_REGELS)
    check_refs(regels, "sector_id", sector_ids, SECTOR_REGELS.file, "sectoren.csv")
    overrides = read_csv(data_dir, SECTOR_OVERRIDES)
    check_refs(overrides, "sector_id", sector_ids, SECTOR_OVERRIDES.file, "sectoren.csv")
    for soort, code, row in zip(overrides["soort"], overrides["code"], overrides[ROW]):
        if not code.isdigit() or int(code) not in raw_codes[soort]:
            raise DataError(SECTOR_OVERRIDES.file, f"code {code} komt niet voor in de {soort}-brondata",
                            row=int(row), column="code")
    opleidingen = assign_sectors(opleidingen, regels, overrides, SECTOR_REGELS.file)
    counts = opleidingen["soort"].value_counts()
    progress(f"opleidingen: {len(opleidingen)} (mbo {counts.get('mbo', 0)}, hbo {counts.get('hbo', 0)}, "
             f"wo {counts.get('wo', 0)}; {len(vestigingen)} vestigingen)")
    families, interesses = _read_interests(data_dir, sector_ids, set(read_csv(data_dir, ONET_ITEMS)["item_id"]))
    opleiding_familie, opleiding_interesse = tag_opleidingen(opleidingen, families, interesses)
    progress(f"interesses: {len(interesses)} rijen, {len(families)} families "
             f"({(opleiding_familie['bron'] != 'sector').sum()} koppelingen uit naam of dossier)")
    opleiding_ids = set(opleidingen["id"])
    opleiding_niveau = {row.id: niveau_key(row.soort, row.niveau) for row in opleidingen.itertuples()}
    mbo_domeinen = set(opleidingen.loc[opleidingen["soort"] == "mbo", "domein"].dropna())

    aliassen = read_csv(data_dir, ALIASSEN)
    check_refs(aliassen, "opleiding_id", opleiding_ids, ALIASSEN.file, "de opleidingen")
    aliassen["alias_norm"] = aliassen["alias"].map(normalize)
    progress(f"aliassen: {len(aliassen)} ({aliassen['alias_norm'].nunique()} verschillende)")

    perspectief = read_csv(data_dir, PERSPECTIEF)
    _check_perspectief(perspectief, bron_ids, sector_ids, opleiding_niveau)
    _check_bewijsniveau(perspectief, mbo_domeinen)
    progress(f"perspectief: {len(perspectief)} records "
             f"({(perspectief['soort_record'] == 'samenvatting').sum()} samenvattingen sector × niveau)")

    kosten = read_csv(data_dir, KOSTEN)
    _check_kosten(kosten, bronnen)
    progress(f"kosten: {len(kosten)} records ({kosten['bedrag_eur'].notna().sum()} met zeker bedrag)")

    routes = read_csv(data_dir, ROUTES)
    check_refs(routes, "bron_id", bron_ids, ROUTES.file, "bronnen.csv")
    info = read_yaml(data_dir, INFO)
    check_refs(info, "bron_id", bron_ids, INFO.file, "bronnen.csv")
    progress(f"routes: {len(routes)}; onderwerpen: {len(info)}")

    onderzoek = read_csv(data_dir, ONDERZOEK)
    check_refs(onderzoek, "bron_id", bron_ids, ONDERZOEK.file, "bronnen.csv")
    _check_historical(onderzoek, ONDERZOEK.file)
    progress(f"onderzoek: {len(onderzoek)} bevindingen")

    summaries = perspectief[perspectief["soort_record"] == "samenvatting"]
    labels = {(s, n): label for s, n, label in zip(summaries["sector_id"], summaries["niveau"], summaries["label"])}
    relaties = compute_relations(opleidingen, sectoren, labels)
    progress(f"relaties: {len(relaties)} (top {relaties['rang'].max()} per opleiding)")

    tables = {
        "bron": bronnen,
        "verwijzing": verwijzingen,
        "sector": sectoren[["id", "naam", "omschrijving", "volgorde"]],
        "sector_synoniem": synoniemen,
        "riasec": riasec,
        "riasec_sector": riasec_sector,
        "opleiding": opleidingen,
        "vestiging": vestigingen,
        "alias": aliassen,
        "perspectief": perspectief,
        "kosten": kosten,
        "route": routes,
        "info": info,
        "onderzoek": onderzoek,
        "relatie": relaties,
        "familie": families.assign(volgorde=range(1, len(families) + 1)),
        "interesse": interesses,
        "opleiding_familie": opleiding_familie,
        "opleiding_interesse": opleiding_interesse,
    }
    tables.update(card_tables(tables, data_dir))
    progress(f"antwoordkaarten: {len(tables['kaart'])} ({len(tables['kaart_vraag'])} voorbeeldvragen)")
    return tables


def _read_interests(data_dir: Path, sector_ids: set[str], onet_ids: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """families.csv and interesses.csv: valid patterns, known families, types, sectors and O*NET items."""
    families = read_csv(data_dir, FAMILIES)
    interesses = read_csv(data_dir, INTERESSES)
    family_ids = set(families["id"])
    fallback: dict[str, str] = {}
    for rec in families.itertuples():
        row = int(getattr(rec, ROW))
        _check_types(rec.riasec, FAMILIES.file, row)
        _check_patterns(rec.trefwoorden, FAMILIES.file, row, "trefwoorden")
        for sector_id in (rec.sectoren or "").split("|") if rec.sectoren else []:
            if sector_id not in sector_ids:
                raise DataError(FAMILIES.file, f"sector '{sector_id}' bestaat niet", row=row, column="sectoren")
            if sector_id in fallback:
                raise DataError(FAMILIES.file, f"sector '{sector_id}' staat al bij {fallback[sector_id]}",
                                row=row, column="sectoren")
            fallback[sector_id] = rec.id
    missing = sector_ids - set(fallback)
    if missing:
        raise DataError(FAMILIES.file, f"geen familie voor sector(en) {', '.join(sorted(missing))}", column="sectoren")
    for rec in interesses.itertuples():
        row = int(getattr(rec, ROW))
        _check_types(rec.riasec, INTERESSES.file, row)
        _check_patterns(rec.woorden, INTERESSES.file, row, "woorden")
        if rec.opleidingen:
            _check_patterns(rec.opleidingen, INTERESSES.file, row, "opleidingen")
        for family_id in rec.families.split("|"):
            if family_id not in family_ids:
                raise DataError(INTERESSES.file, f"familie '{family_id}' bestaat niet", row=row, column="families")
        for item in (rec.onet or "").split("|") if rec.onet else []:
            if item not in onet_ids:
                raise DataError(INTERESSES.file, f"O*NET-item '{item}' bestaat niet", row=row, column="onet")
    return families, interesses


def _check_types(value: str, file: str, row: int) -> None:
    if not value or set(value) - RIASEC or len(set(value)) != len(value):
        raise DataError(file, f"ongeldige RIASEC-typen '{value}' (bijvoorbeeld R of SE)", row=row, column="riasec")


def _check_patterns(value: str, file: str, row: int, column: str) -> None:
    try:
        parse(value)
    except ValueError as exc:
        raise DataError(file, str(exc), row=row, column=column) from None


def _check_riasec_complete(riasec: pd.DataFrame, onet_items: pd.DataFrame) -> None:
    missing = set(onet_items["riasec"]) - set(riasec["type"])
    if missing:
        raise DataError(RIASEC_TYPES.file, f"RIASEC-type(n) ontbreken: {', '.join(sorted(missing))}", column="type")


def _check_perspectief(
    frame: pd.DataFrame, bron_ids: set[str], sector_ids: set[str], opleiding_niveau: dict[str, str]
) -> None:
    file = PERSPECTIEF.file
    check_refs(frame, "bron_id", bron_ids, file, "bronnen.csv")
    check_refs(frame, "sector_id", sector_ids, file, "sectoren.csv")
    check_refs(frame, "opleiding_id", set(opleiding_niveau), file, "de opleidingen")
    _check_historical(frame, file)
    for rec in frame.itertuples():
        row = int(getattr(rec, ROW))
        if rec.soort_record == "samenvatting" and (rec.sector_id is None or rec.opleiding_id is not None
                                                    or rec.niveau not in LEVELS):
            raise DataError(file, "een samenvatting hoort bij precies één sector en één niveau (mbo1..wo)",
                            row=row, column="soort_record")
        if rec.opleiding_id is not None and opleiding_niveau[rec.opleiding_id] != rec.niveau:
            raise DataError(file, f"niveau past niet bij {rec.opleiding_id} ({opleiding_niveau[rec.opleiding_id]})",
                            row=row, column="niveau")
    summaries = frame[frame["soort_record"] == "samenvatting"]
    have = set(zip(summaries["sector_id"], summaries["niveau"]))
    for sector_id in sorted(sector_ids):
        for niveau in LEVELS:
            if (sector_id, niveau) not in have:
                raise DataError(file, f"samenvatting ontbreekt voor sector {sector_id}, niveau {niveau} "
                                      "(gebruik label leeg = onbekend als er geen cijfers zijn)", column="sector_id")
    duplicated = summaries.duplicated(["sector_id", "niveau"])
    if duplicated.any():
        raise DataError(file, "twee samenvattingen voor dezelfde sector en hetzelfde niveau",
                        row=int(summaries[duplicated][ROW].iloc[0]), column="niveau")


def _check_bronnen(frame: pd.DataFrame) -> None:
    """An official source has its link; the date it was read (gelezen) is a real date."""
    for rec in frame.itertuples():
        row = int(getattr(rec, ROW))
        if rec.gelezen is not None and not DATUM.match(rec.gelezen):
            raise DataError(BRONNEN.file, f"datum '{rec.gelezen}' moet de vorm 2026-12-07 hebben", row=row, column="gelezen")
        if rec.soort == "officieel" and rec.url is None:
            raise DataError(BRONNEN.file, "een officiële bron heeft een url", row=row, column="url")


def applied_level(rec: object) -> str:
    """The level a perspectief record is applied at, read from the fields that place it."""
    if rec.opleiding_id is not None:
        return "opleiding"
    if rec.domein is not None:
        return "domein"
    if rec.sector_id is None:
        return "landelijk"
    return "sector" if rec.niveau == "mbo2-4" else "sector_niveau"


def _check_bewijsniveau(frame: pd.DataFrame, mbo_domeinen: set[str]) -> None:
    """0 labels finer than their source: a label applied at a finer level than its source
    (bewijsniveau) needs `afgeleid` with the reason; domain records name a real mbo domain;
    hbo labels say which kind of programme the source covers (type_ho)."""
    file = PERSPECTIEF.file
    check_refs(frame, "domein", mbo_domeinen, file, "de mbo-opleidingsdomeinen")
    for rec in frame.itertuples():
        row = int(getattr(rec, ROW))
        if rec.domein is not None and (rec.sector_id is None or not rec.niveau.startswith("mbo")):
            raise DataError(file, "een domeinrecord hoort bij een sector en een mbo-niveau", row=row, column="domein")
        if rec.label is None:
            continue
        applied = applied_level(rec)
        if BEWIJSNIVEAUS.index(applied) < BEWIJSNIVEAUS.index(rec.bewijsniveau) and rec.afgeleid is None:
            raise DataError(file, f"label '{rec.label}' geldt hier per {applied}, maar de bron gaat over "
                                  f"{rec.bewijsniveau}: zet het label op het niveau van de bron, of geef in "
                                  "'afgeleid' de reden", row=row, column="afgeleid")
        if rec.niveau == "hbo" and rec.type_ho is None:
            raise DataError(file, "een hbo-label zegt voor welke opleidingen de bron geldt (type_ho: bachelor, "
                                  "associate degree of master)", row=row, column="type_ho")


def _check_kosten(frame: pd.DataFrame, bronnen: pd.DataFrame) -> None:
    file = KOSTEN.file
    check_refs(frame, "bron_id", set(bronnen["id"]), file, "bronnen.csv")
    official = set(bronnen.loc[bronnen["soort"] == "officieel", "id"])
    for rec in frame.itertuples():
        row = int(getattr(rec, ROW))
        match = SCHOOLJAAR.match(rec.schooljaar)
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            raise DataError(file, f"schooljaar '{rec.schooljaar}' moet de vorm 2026-2027 hebben", row=row, column="schooljaar")
        if (rec.bedrag_eur is not None) != rec.zeker:
            raise DataError(file, "een bedrag mag alleen met zeker = ja, en zeker = ja vraagt een bedrag",
                            row=row, column="bedrag_eur")
        if rec.bedrag_eur is not None and rec.bron_id not in official:
            raise DataError(file, "een bedrag moet uit een officiële bron komen (DUO / Rijksoverheid)",
                            row=row, column="bron_id")


def _check_historical(frame: pd.DataFrame, file: str) -> None:
    """Figures from seed 001 and seed 003 are history (DQ-03) and must say so."""
    for bron_id, historisch, row in zip(frame["bron_id"], frame["historisch"], frame[ROW]):
        if bron_id in HISTORICAL_SOURCES and not historisch:
            raise DataError(file, f"gegevens uit {bron_id} zijn historisch: zet historisch op ja",
                            row=int(row), column="historisch")


def _write(db_url: str, tables: dict[str, pd.DataFrame]) -> None:
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        target = Path(url.database)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(suffix=".db", dir=target.parent)
        os.close(handle)
        try:
            engine = create_engine(url.set(database=tmp_name), future=True)
            with engine.begin() as conn:
                _insert_all(conn, tables)
            engine.dispose()
            os.chmod(tmp_name, 0o644)  # mkstemp makes it private; readers may be other users
            os.replace(tmp_name, target)
        finally:
            if os.path.exists(tmp_name):
                os.remove(tmp_name)
        return
    engine = create_engine(url, future=True)
    with engine.begin() as conn:
        _insert_all(conn, tables)
    engine.dispose()


def _insert_all(conn: Connection, tables: dict[str, pd.DataFrame]) -> None:
    schema.Base.metadata.drop_all(conn)
    schema.Base.metadata.create_all(conn)
    for table in schema.Base.metadata.sorted_tables:
        frame = tables[table.name]
        columns = [c.name for c in table.columns if c.name in frame.columns]
        records = [
            {col: _plain(value) for col, value in zip(columns, values)}
            for values in frame[columns].itertuples(index=False, name=None)
        ]
        if records:
            conn.execute(table.insert(), records)


def _plain(value: object) -> object:
    """pandas/numpy scalars and NaN to plain Python values for the DB driver."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value
