"""The query API the actions and the web app call.

Every function returns frozen dataclasses from `knowledge.results`, never ORM
objects, and takes an optional keyword `engine=` (default: the database from
`knowledge.config`). Each call uses one short session. The knowledge base is
read-only while the assistant runs, so the catalogue, the search index, the
sector list and the answers of the query functions are cached per engine (the
actions ask the same few questions all the time); call `clear_caches()` after
rebuilding a database in the same process, and restart the action server after
`python -m knowledge build`.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache, wraps
from typing import Any, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge import schema
from knowledge.db import default_engine
from knowledge.errors import NotFound
from knowledge.results import (
    Bron,
    Familie,
    Finding,
    Info,
    Interesse,
    KansrijkOverview,
    Kosten,
    Opleiding,
    OpleidingMatch,
    Perspectief,
    PerspectiefAnswer,
    Related,
    RiasecType,
    Route,
    Sector,
    Verwijzing,
)
from knowledge.search import SearchIndex
from knowledge.text import normalize

SOORTEN = ("mbo", "hbo", "wo")
NIVEAUS = ("mbo1", "mbo2", "mbo3", "mbo4", "hbo", "wo")
KOSTEN_SOORTEN = ("lesgeld", "cursusgeld", "collegegeld", "studiefinanciering", "bijkomend")
TOPICS = ("ouders", "sociale_media", "ombuiggesprekken", "macrodoelmatigheid", "lob_werkt", "motieven", "kansrijk")

_VMBO_LEERWEGEN = {
    "basis": "vmbo-basis", "bb": "vmbo-basis", "basisberoepsgericht": "vmbo-basis", "basisberoepsgerichte": "vmbo-basis",
    "kader": "vmbo-kader", "kb": "vmbo-kader", "kaderberoepsgericht": "vmbo-kader", "kaderberoepsgerichte": "vmbo-kader",
    "gl": "vmbo-gl", "gemengd": "vmbo-gl", "gemengde": "vmbo-gl",
    "tl": "vmbo-tl", "theoretisch": "vmbo-tl", "theoretische": "vmbo-tl", "mavo": "vmbo-tl",
}
_INFO_SYNONYMS = {
    "orientatie": "orientatiejaar", "orientatietraject": "orientatiejaar", "orientatieprogramma": "orientatiejaar",
    "profiel": "profielen", "niveau": "niveaus", "fixus": "numerus_fixus", "selectie": "numerus_fixus",
    "erkend_leerbedrijf": "leerbedrijf", "leerplicht": "kwalificatieplicht",
}


_ANSWER_CACHE_SIZE = 2048
_answer_caches: list = []
F = TypeVar("F", bound=Callable[..., Any])


def _cached(function: F) -> F:
    """Cache a query function's answers per engine and arguments (the knowledge base is read-only
    while the assistant runs). Lists are stored as tuples and handed out as fresh lists, so a
    caller cannot change the cache; errors (NotFound, a locked database) are never cached."""

    @lru_cache(maxsize=_ANSWER_CACHE_SIZE)
    def answer(engine: Engine, args: tuple, kwargs: tuple) -> tuple[bool, Any]:
        result = function(*args, engine=engine, **dict(kwargs))
        return (True, tuple(result)) if isinstance(result, list) else (False, result)

    @wraps(function)
    def cached(*args: Any, engine: Engine | None = None, **kwargs: Any) -> Any:
        is_list, result = answer(engine or default_engine(), args, tuple(sorted(kwargs.items())))
        return list(result) if is_list else result

    _answer_caches.append(answer)
    return cached  # type: ignore[return-value]


def current_school_year(today: date | None = None) -> str:
    """'2026-2027' from 1 August 2026 to 31 July 2027."""
    today = today or date.today()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


# --- opleidingen ---------------------------------------------------------------------------


@_cached
def find_opleidingen(
    query: str,
    niveau: int | None = None,
    soort: str | None = None,
    limit: int = 5,
    *,
    engine: Engine | None = None,
) -> list[OpleidingMatch]:
    """Fuzzy search on names and aliases; exact alias hits first. Empty when nothing scores ≥ 70."""
    if soort is not None and soort not in SOORTEN:
        raise ValueError(f"soort moet een van {SOORTEN} zijn, niet {soort!r}")
    if niveau is not None and niveau not in (1, 2, 3, 4):
        raise ValueError(f"niveau moet 1-4 zijn (mbo), niet {niveau!r}")
    engine = engine or default_engine()
    catalog = _catalog(engine)
    matches = []
    for hit in _search_index(engine).search(query):
        opleiding = catalog[hit.opleiding_id]
        if soort is not None and opleiding.soort != soort:
            continue
        if niveau is not None and opleiding.niveau != niveau:
            continue
        matches.append(OpleidingMatch(opleiding, hit.score, hit.text))
        if len(matches) >= limit:
            break
    return matches


def get_opleiding(opleiding_id: str, *, engine: Engine | None = None) -> Opleiding:
    """The opleiding with this id ('mbo-25655'); raises NotFound."""
    try:
        return _catalog(engine or default_engine())[opleiding_id]
    except KeyError:
        raise NotFound(f"opleiding {opleiding_id!r} bestaat niet") from None


@_cached
def sector_examples(sector_id: str, niveau: str, limit: int = 2, *, engine: Engine | None = None) -> list[Opleiding]:
    """Well-known opleidingen of a sector at a level ('mbo2'..'mbo4', 'hbo', 'wo').

    Well-known: people have a name for it (a curated alias), then offered at the most
    institutions; ties by name, so the same question always gets the same examples.
    """
    engine = engine or default_engine()
    with Session(engine, future=True) as session:
        aliased = set(session.execute(select(schema.Alias.opleiding_id).distinct()).scalars())
    candidates = [
        o for o in _catalog(engine).values()
        if o.sector_id == sector_id and o.niveau_key == niveau and o.type_ho != "master"
    ]
    candidates.sort(key=lambda o: (o.id not in aliased, -len({i[0] for i in o.instellingen}), o.naam))
    return candidates[:limit]


@_cached
def related_opleidingen(opleiding_id: str, limit: int = 5, *, engine: Engine | None = None) -> list[Related]:
    """Alternatives ranked by the loader's score (see knowledge.relations)."""
    engine = engine or default_engine()
    get_opleiding(opleiding_id, engine=engine)
    catalog = _catalog(engine)
    labels = _summary_labels(engine)
    with Session(engine, future=True) as session:
        rows = session.execute(
            select(schema.Relatie)
            .where(schema.Relatie.opleiding_id == opleiding_id)
            .order_by(schema.Relatie.rang)
            .limit(limit)
        ).scalars().all()
        return [
            Related(
                opleiding=catalog[row.gerelateerd_id],
                soort=row.soort,
                score=row.score,
                reden=row.reden,
                perspectief_label=labels.get(
                    (catalog[row.gerelateerd_id].sector_id, catalog[row.gerelateerd_id].niveau_key)
                ),
            )
            for row in rows
        ]


# --- arbeidsmarktperspectief ---------------------------------------------------------------


@_cached
def perspectief(sector_id: str, niveau: str, *, engine: Engine | None = None) -> PerspectiefAnswer:
    """The perspective of a sector at a level ('mbo1'..'mbo4', 'hbo', 'wo')."""
    if niveau not in NIVEAUS:
        raise ValueError(f"niveau moet een van {NIVEAUS} zijn, niet {niveau!r}")
    engine = engine or default_engine()
    if sector_id not in _sectors(engine):
        raise NotFound(f"sector {sector_id!r} bestaat niet")
    with Session(engine, future=True) as session:
        records = _sector_records(session, sector_id, niveau)
    basis = "sector_niveau" if records[0].label else "onbekend"
    return PerspectiefAnswer(basis, sector_id, niveau, records)


GOOD_LABELS = ("zeer goed", "goed")
WEAK_LABELS = ("matig", "slecht")


@_cached
def kansrijk_overview(niveau: str, *, engine: Engine | None = None) -> KansrijkOverview | None:
    """The sectors with a good or a weak summary label at a level; None when no sector has a label."""
    engine = engine or default_engine()
    summaries = [perspectief(sector.id, niveau, engine=engine).samenvatting for sector in sectors(engine=engine)]
    labelled = [record for record in summaries if record.label]
    if not labelled:
        return None
    names = {sector.id: sector.naam for sector in sectors(engine=engine)}

    def unique(values: list[str]) -> str:
        parts = [part.strip() for value in values for part in value.split(";")]
        return "; ".join(dict.fromkeys(parts))

    return KansrijkOverview(
        niveau=niveau,
        kansrijk=tuple(names[r.sector_id] for r in labelled if r.label in GOOD_LABELS),
        minder=tuple(names[r.sector_id] for r in labelled if r.label in WEAK_LABELS),
        bron=unique([bron(r.bron_id, engine=engine).kort for r in labelled]),
        periode=unique([r.periode for r in labelled]),
        regio=unique([r.regio for r in labelled]),
    )


@_cached
def perspectief_for_opleiding(opleiding_id: str, *, engine: Engine | None = None) -> PerspectiefAnswer:
    """Programme figures where the sources have them, plus the sector × niveau records.

    basis is 'opleiding' when programme-level records exist; otherwise the answer
    is the sector × niveau one ('sector_niveau', or 'onbekend' without a label).
    """
    engine = engine or default_engine()
    opleiding = get_opleiding(opleiding_id, engine=engine)
    with Session(engine, future=True) as session:
        own = session.execute(
            select(schema.Perspectief, schema.Bron.kort)
            .join(schema.Bron)
            .where(schema.Perspectief.opleiding_id == opleiding_id)
            .order_by(schema.Perspectief.historisch, schema.Perspectief.id)
        ).all()
        sector_records = _sector_records(session, opleiding.sector_id, opleiding.niveau_key)
    if own:
        records = tuple(_perspectief(row, kort) for row, kort in own) + sector_records
        return PerspectiefAnswer("opleiding", opleiding.sector_id, opleiding.niveau_key, records)
    basis = "sector_niveau" if sector_records[0].label else "onbekend"
    return PerspectiefAnswer(basis, opleiding.sector_id, opleiding.niveau_key, sector_records)


def _sector_records(session: Session, sector_id: str, niveau: str) -> tuple[Perspectief, ...]:
    levels = [niveau, "mbo2-4"] if niveau in ("mbo2", "mbo3", "mbo4") else [niveau]
    p = schema.Perspectief
    rows = session.execute(
        select(p, schema.Bron.kort)
        .join(schema.Bron)
        .where(p.opleiding_id.is_(None), p.niveau.in_(levels))
        .where(or_(p.sector_id == sector_id, p.sector_id.is_(None)))
    ).all()
    rows.sort(key=lambda r: (r[0].soort_record != "samenvatting", r[0].historisch, r[0].sector_id is None, r[0].id))
    return tuple(_perspectief(row, kort) for row, kort in rows)


def _perspectief(row: schema.Perspectief, kort: str) -> Perspectief:
    return Perspectief(
        id=row.id,
        titel=row.titel,
        label=row.label,
        waarde=row.waarde,
        eenheid=row.eenheid,
        uitleg=row.uitleg,
        bron=_citation(kort, row.bron_regels),
        bron_id=row.bron_id,
        bron_onderliggend=row.bron_onderliggend,
        periode=row.periode,
        regio=row.regio,
        historisch=row.historisch,
        niveau=row.niveau,
        leerweg=row.leerweg,
        sector_id=row.sector_id,
        opleiding_id=row.opleiding_id,
        samenvatting=row.soort_record == "samenvatting",
        opmerking=row.opmerking,
    )


# --- kosten, routes, onderwerpen -----------------------------------------------------------


@_cached
def kosten(soort: str, schooljaar: str | None = None, *, engine: Engine | None = None) -> list[Kosten]:
    """Cost records of one kind, newest school year first. bedrag_eur is None unless certain."""
    if soort not in KOSTEN_SOORTEN:
        raise ValueError(f"soort moet een van {KOSTEN_SOORTEN} zijn, niet {soort!r}")
    k = schema.Kosten
    query = select(k, schema.Bron.kort).join(schema.Bron).where(k.soort == soort)
    if schooljaar is not None:
        query = query.where(k.schooljaar == schooljaar)
    with Session(engine or default_engine(), future=True) as session:
        rows = session.execute(query).all()
    rows.sort(key=lambda r: (-int(r[0].schooljaar[:4]), SOORTEN.index(r[0].onderwijs), r[0].id))
    return [
        Kosten(
            soort=row.soort,
            onderwijs=row.onderwijs,
            schooljaar=row.schooljaar,
            bedrag_eur=row.bedrag_eur,
            zeker=row.zeker,
            uitleg=row.uitleg,
            bron=kort,
            url=row.url,
            regio=row.regio,
            opmerking=row.opmerking,
        )
        for row, kort in rows
    ]


@_cached
def routes_from(schooltype: str, niveau: str | int | None = None, *, engine: Engine | None = None) -> list[Route]:
    """Doorstroom routes from a school type: 'vmbo-tl', 'havo', 'mbo2', or 'vmbo' + 'kader', 'mbo' + 2."""
    engine = engine or default_engine()
    van = _schooltype_key(schooltype, niveau)
    with Session(engine, future=True) as session:
        known = set(session.execute(select(schema.Route.van).distinct()).scalars())
        if van not in known and van not in ("hbo", "wo"):
            raise NotFound(f"onbekend schooltype {schooltype!r} {niveau or ''}".strip())
        return _routes(session, schema.Route.van == van)


@_cached
def routes_to(naar: str, *, engine: Engine | None = None) -> list[Route]:
    """The routes into a level ('mbo2', 'hbo', 'wo'): what you need to get in."""
    with Session(engine or default_engine(), future=True) as session:
        return _routes(session, schema.Route.naar == naar)


def _routes(session: Session, condition) -> list[Route]:
    rows = session.execute(
        select(schema.Route, schema.Bron.kort, schema.Bron.url)
        .join(schema.Bron)
        .where(condition)
        .order_by(schema.Route.volgorde)
    ).all()
    return [
        Route(row.van, row.naar, row.uitleg, row.voorwaarden, _citation(kort, row.bron_regels), url)
        for row, kort, url in rows
    ]


@_cached
def route_info(onderwerp: str, *, engine: Engine | None = None) -> Info:
    """Explanation of a system topic: bbl, bol, stapelen, startkwalificatie, orientatiejaar, …"""
    key = normalize(onderwerp).replace(" ", "_")
    key = _INFO_SYNONYMS.get(key, key)
    with Session(engine or default_engine(), future=True) as session:
        row = session.execute(
            select(schema.Info, schema.Bron.kort).join(schema.Bron).where(schema.Info.onderwerp == key)
        ).first()
    if row is None:
        raise NotFound(f"geen uitleg over {onderwerp!r}")
    info, kort = row
    return Info(info.onderwerp, info.titel, info.uitleg, _citation(kort, info.bron_regels), info.url)


@_cached
def info_topics(*, engine: Engine | None = None) -> list[str]:
    with Session(engine or default_engine(), future=True) as session:
        return list(session.execute(select(schema.Info.onderwerp).order_by(schema.Info.onderwerp)).scalars())


def _schooltype_key(schooltype: str, niveau: str | int | None) -> str:
    """'vmbo' + 'kader' -> 'vmbo-kader'; 'mbo niveau 2' -> 'mbo2'; 'mavo' -> 'vmbo-tl'; 'havo' -> 'havo'."""
    words = [w for w in normalize(f"{schooltype} {niveau or ''}").split() if w not in ("niveau", "leerweg")]
    if not words:
        return ""
    head, rest = words[0], " ".join(words[1:])
    if head == "mavo":
        return "vmbo-tl"
    if head == "vmbo" and rest:
        return _VMBO_LEERWEGEN.get(rest, f"vmbo-{rest}")
    if head == "mbo" and rest in ("1", "2", "3", "4"):
        return f"mbo{rest}"
    return head


# --- sectors, research, sources ------------------------------------------------------------


def sectors(*, engine: Engine | None = None) -> list[Sector]:
    return list(_sectors(engine or default_engine()).values())


@_cached
def find_sector(text: str, *, engine: Engine | None = None) -> Sector | None:
    """A sector by id, name or synonym ('zorg', 'informatica', 'techniek'); None if unknown."""
    engine = engine or default_engine()
    all_sectors = _sectors(engine)
    key = normalize(text)
    for sector in all_sectors.values():
        if key in (normalize(sector.id.replace("_", " ")), normalize(sector.naam)):
            return sector
    with Session(engine, future=True) as session:
        sector_id = session.execute(
            select(schema.SectorSynoniem.sector_id).where(schema.SectorSynoniem.synoniem == key)
        ).scalar()
    return all_sectors.get(sector_id) if sector_id else None


@_cached
def riasec_types(*, engine: Engine | None = None) -> list[RiasecType]:
    """The six RIASEC types with our Dutch labels and their sectors (main type first)."""
    with Session(engine or default_engine(), future=True) as session:
        types = session.execute(select(schema.Riasec).order_by(schema.Riasec.type)).scalars().all()
        links = session.execute(
            select(schema.RiasecSector).order_by(schema.RiasecSector.rang, schema.RiasecSector.sector_id)
        ).scalars().all()
        order = "RIASEC"
        return sorted(
            (
                RiasecType(t.type, t.label, t.omschrijving, t.voorbeelden,
                           tuple(link.sector_id for link in links if link.type == t.type))
                for t in types
            ),
            key=lambda r: order.index(r.type),
        )


# --- interests and programme families (see knowledge.interests) --------------------------


def families(*, engine: Engine | None = None) -> dict[str, Familie]:
    """The programme families by id, in the order of families.csv."""
    return _families(engine or default_engine())


def interest_lexicon(*, engine: Engine | None = None) -> list[Interesse]:
    """The interest lexicon, each row with the opleidingen its words point to."""
    return list(_lexicon(engine or default_engine()))


def opleiding_families(opleiding_id: str, *, engine: Engine | None = None) -> tuple[str, ...]:
    """The families of an opleiding, the one its name says first first (never empty)."""
    return _opleiding_families(engine or default_engine()).get(opleiding_id, ())


@_cached
def known_opleiding_ids(*, engine: Engine | None = None) -> frozenset[str]:
    """Opleidingen people mean by a name they use (the main meaning of a curated alias): 'kok' is Kok."""
    with Session(engine or default_engine(), future=True) as session:
        return frozenset(session.execute(
            select(schema.Alias.opleiding_id).where(schema.Alias.prioriteit == 1).distinct()
        ).scalars())


def all_opleidingen(*, engine: Engine | None = None) -> list[Opleiding]:
    """Every opleiding, masters included, in id order."""
    return list(_catalog(engine or default_engine()).values())


@lru_cache(maxsize=8)
def _families(engine: Engine) -> dict[str, Familie]:
    with Session(engine, future=True) as session:
        rows = session.execute(select(schema.Familie).order_by(schema.Familie.volgorde)).scalars().all()
        return {f.id: Familie(f.id, f.naam, f.omschrijving, f.riasec) for f in rows}


@lru_cache(maxsize=8)
def _lexicon(engine: Engine) -> tuple[Interesse, ...]:
    with Session(engine, future=True) as session:
        tags: dict[str, set[str]] = {}
        for opleiding_id, interesse_id in session.execute(
            select(schema.OpleidingInteresse.opleiding_id, schema.OpleidingInteresse.interesse_id)
        ):
            tags.setdefault(interesse_id, set()).add(opleiding_id)
        rows = session.execute(select(schema.Interesse).order_by(schema.Interesse.id)).scalars().all()
        return tuple(
            Interesse(r.id, r.woorden, r.soort, r.riasec, tuple(r.families.split("|")), frozenset(tags.get(r.id, ())))
            for r in rows
        )


@lru_cache(maxsize=8)
def _opleiding_families(engine: Engine) -> dict[str, tuple[str, ...]]:
    link = schema.OpleidingFamilie
    found: dict[str, list[str]] = {}
    with Session(engine, future=True) as session:
        for opleiding_id, familie_id in session.execute(
            select(link.opleiding_id, link.familie_id).order_by(link.opleiding_id, link.rang)
        ):
            found.setdefault(opleiding_id, []).append(familie_id)
    return {key: tuple(value) for key, value in found.items()}


@_cached
def onderzoek(topic: str, *, engine: Engine | None = None) -> list[Finding]:
    """Research findings for LOB staff on one topic (ouders, sociale_media, …)."""
    if topic not in TOPICS:
        raise NotFound(f"onbekend onderwerp {topic!r}; kies uit {', '.join(TOPICS)}")
    with Session(engine or default_engine(), future=True) as session:
        rows = session.execute(
            select(schema.Onderzoek, schema.Bron.kort)
            .join(schema.Bron)
            .where(schema.Onderzoek.topic == topic)
            .order_by(schema.Onderzoek.historisch, schema.Onderzoek.id)
        ).all()
    return [
        Finding(r.id, r.topic, r.claim, _citation(kort, r.bron_regels), r.periode, r.regio, r.historisch, r.opmerking)
        for r, kort in rows
    ]


@_cached
def verwijzingen(*, engine: Engine | None = None) -> list[Verwijzing]:
    with Session(engine or default_engine(), future=True) as session:
        rows = session.execute(select(schema.Verwijzing).order_by(schema.Verwijzing.volgorde)).scalars().all()
        return [Verwijzing(r.id, r.naam, r.url, r.waarvoor) for r in rows]


@_cached
def bron(bron_id: str, *, engine: Engine | None = None) -> Bron:
    with Session(engine or default_engine(), future=True) as session:
        row = session.get(schema.Bron, bron_id)
        if row is None:
            raise NotFound(f"bron {bron_id!r} bestaat niet")
        return Bron(row.id, row.kort, row.titel, row.uitgever, row.jaar, row.url, row.bestand, row.soort, row.opmerking)


# --- statistics ----------------------------------------------------------------------------


def stats(*, engine: Engine | None = None) -> dict:
    """Counts and data-quality figures for `python -m knowledge stats`."""
    engine = engine or default_engine()
    with Session(engine, future=True) as session:
        def count(model, *where) -> int:
            return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()

        per_soort = dict(session.execute(
            select(schema.Opleiding.soort, func.count()).group_by(schema.Opleiding.soort)
        ).all())
        p = schema.Perspectief
        summaries = count(p, p.soort_record == "samenvatting")
        unlabelled = count(p, p.soort_record == "samenvatting", p.label.is_(None))
        without_source = sum(
            count(model, or_(
                model.bron_id.is_(None),
                ~model.bron_id.in_(select(schema.Bron.id)),
                func.coalesce(model.periode, "") == "",
                func.coalesce(model.regio, "") == "",
            ))
            for model in (schema.Perspectief, schema.Kosten, schema.Onderzoek)
        )
        periods = list(session.execute(select(p.periode)).scalars()) + list(
            session.execute(select(schema.Onderzoek.periode)).scalars()
        )
        return {
            "opleidingen": {soort: per_soort.get(soort, 0) for soort in SOORTEN},
            "sectors": count(schema.Sector),
            "aliases": count(schema.Alias),
            "perspectief_records": count(p),
            "perspectief_sector_niveau": {
                "total": summaries, "with_label": summaries - unlabelled, "onbekend": unlabelled,
            },
            "perspectief_opleiding_records": count(p, p.opleiding_id.is_not(None)),
            "historical_records": count(p, p.historisch.is_(True)) + count(
                schema.Onderzoek, schema.Onderzoek.historisch.is_(True)
            ),
            "kosten_records": count(schema.Kosten),
            "kosten_with_amount": count(schema.Kosten, schema.Kosten.bedrag_eur.is_not(None)),
            "onderzoek_records": count(schema.Onderzoek),
            "routes": count(schema.Route),
            "info_topics": count(schema.Info),
            "relaties": count(schema.Relatie),
            "bronnen": count(schema.Bron),
            "figures_without_source": without_source,
            "oldest_period": _oldest(periods),
        }


def _oldest(periods: list[str]) -> str | None:
    dated = [(int(match.group()), period) for period in periods if (match := re.search(r"\b(19|20)\d{2}\b", period))]
    return min(dated)[1] if dated else None


# --- caches --------------------------------------------------------------------------------


def clear_caches() -> None:
    """Forget cached catalogues (after rebuilding a database in this process)."""
    for cached in (_catalog, _search_index, _sectors, _summary_labels, _families, _lexicon, _opleiding_families,
                   *_answer_caches):
        cached.cache_clear()


@lru_cache(maxsize=8)
def _catalog(engine: Engine) -> dict[str, Opleiding]:
    sector_names = {s.id: s.naam for s in _sectors(engine).values()}
    with Session(engine, future=True) as session:
        places: dict[str, list[tuple[str, str, str]]] = {}
        for v in session.execute(select(schema.Vestiging).order_by(schema.Vestiging.id)).scalars():
            places.setdefault(v.opleiding_id, []).append((v.instelling, v.gemeente, v.vorm))
        rows = session.execute(select(schema.Opleiding).order_by(schema.Opleiding.id)).scalars().all()
        return {
            o.id: Opleiding(
                id=o.id,
                soort=o.soort,
                code=o.code,
                naam=o.naam,
                niveau=o.niveau,
                leerwegen=tuple(o.leerwegen.split(",")) if o.leerwegen else (),
                sector_id=o.sector_id,
                sector_naam=sector_names[o.sector_id],
                dossier=o.dossier,
                type_ho=o.type_ho,
                instellingen=tuple(places.get(o.id, ())),
                data_jaar=o.data_jaar,
                bron_id=o.bron_id,
                niveau_naam=o.niveau_naam,
                domein=o.domein,
            )
            for o in rows
        }


@lru_cache(maxsize=8)
def _search_index(engine: Engine) -> SearchIndex:
    with Session(engine, future=True) as session:
        names = session.execute(select(schema.Opleiding.id, schema.Opleiding.naam)).all()
        aliases = session.execute(
            select(schema.Alias.alias, schema.Alias.opleiding_id, schema.Alias.prioriteit)
        ).all()
    return SearchIndex([tuple(n) for n in names], [tuple(a) for a in aliases])


@lru_cache(maxsize=8)
def _sectors(engine: Engine) -> dict[str, Sector]:
    with Session(engine, future=True) as session:
        rows = session.execute(select(schema.Sector).order_by(schema.Sector.volgorde)).scalars().all()
        links = session.execute(select(schema.RiasecSector).order_by(schema.RiasecSector.rang)).scalars().all()
        return {
            s.id: Sector(s.id, s.naam, s.omschrijving, tuple(link.type for link in links if link.sector_id == s.id))
            for s in rows
        }


@lru_cache(maxsize=8)
def _summary_labels(engine: Engine) -> dict[tuple[str, str], str | None]:
    p = schema.Perspectief
    with Session(engine, future=True) as session:
        rows = session.execute(select(p.sector_id, p.niveau, p.label).where(p.soort_record == "samenvatting")).all()
    return {(sector_id, niveau): label for sector_id, niveau, label in rows}


def _citation(kort: str, regels: str | None) -> str:
    """'SEOR 2024' + 'seed 002 L111-121' -> 'SEOR 2024, seed 002 r. 111-121'."""
    if not regels:
        return kort
    lines = re.sub(r"\bL(?=\d)", "r. ", regels)
    return f"{kort}, {lines}"
