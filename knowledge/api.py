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

import dataclasses
import gzip
import json
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache, wraps
from typing import Any, TypeVar

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge import schema
from knowledge.config import LEMMA_TABLE
from knowledge.db import default_engine
from knowledge.errors import NotFound
from knowledge.results import (
    Bron,
    Familie,
    Finding,
    Info,
    Interesse,
    Kaart,
    KaartBron,
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
from knowledge.retrieval import CardHit, CardIndex
from knowledge.search import SearchIndex
from knowledge.sources import readable, staff
from knowledge.text import normalize, search_name
from knowledge.vocabulary import (
    GOOD_LABELS,
    KOSTEN_SOORTEN,
    LEVELS,
    ONDERWERPEN,
    SOORTEN,
    TOPICS,
    VERWIJZING_SCHOOLTYPES,
    VERWIJZING_WORDS,
    VMBO_LEERWEGEN,
    WEAK_LABELS,
    first_match,
)

_ANSWER_CACHE_SIZE = 2048
_answer_caches: list = []
F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")


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
    typed = normalize(query)
    # a full official name ('Opleiding tot Verpleegkundige') means that opleiding, though the alias
    # 'verpleegkundige' means the mbo one first: then all hits are read and that one goes first
    full_name = search_name(query) != typed
    matches = []
    for hit in _search_index(engine).search(query):
        opleiding = catalog[hit.opleiding_id]
        if soort is not None and opleiding.soort != soort:
            continue
        if niveau is not None and opleiding.niveau != niveau:
            continue
        matches.append(OpleidingMatch(opleiding, hit.score, hit.text, normalize(opleiding.naam) == typed))
        if len(matches) >= limit and not full_name:
            break
    if full_name:
        matches.sort(key=lambda match: not match.exact)
    return matches[:limit]


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
                perspectief_label=_label_for(labels, catalog[row.gerelateerd_id]),
            )
            for row in rows
        ]


def _label_for(labels: dict[tuple[str, str], tuple[str | None, str | None]], opleiding: Opleiding) -> str | None:
    """The summary label of the opleiding's sector × niveau, if its source covered this kind of programme."""
    label, type_ho = labels.get((opleiding.sector_id, opleiding.niveau_key), (None, None))
    return label if type_ho in (None, opleiding.type_ho) else None


# --- arbeidsmarktperspectief ---------------------------------------------------------------


@_cached
def perspectief(sector_id: str, niveau: str, *, engine: Engine | None = None) -> PerspectiefAnswer:
    """The perspective of a sector at a level ('mbo1'..'mbo4', 'hbo', 'wo')."""
    if niveau not in LEVELS:
        raise ValueError(f"niveau moet een van {LEVELS} zijn, niet {niveau!r}")
    engine = engine or default_engine()
    if sector_id not in _sectors(engine):
        raise NotFound(f"sector {sector_id!r} bestaat niet")
    records = _sector_records(engine, sector_id, niveau)
    basis = "sector_niveau" if records[0].label else "onbekend"
    return PerspectiefAnswer(basis, sector_id, niveau, records)


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
        bron=unique([bron(r.bron_id, engine=engine).leesbaar for r in labelled]),
        bron_plaats=unique([bron(r.bron_id, engine=engine).kort for r in labelled]),
        geheel=tuple(names[r.sector_id] for r in labelled if r.geldt_voor),
        periode=unique([r.periode for r in labelled]),
        regio=unique([r.regio for r in labelled]),
    )


@_cached
def perspectief_for_opleiding(opleiding_id: str, *, engine: Engine | None = None) -> PerspectiefAnswer:
    """Programme figures where the sources have them, plus the sector × niveau records.

    basis is 'opleiding' when programme-level records exist; otherwise the answer
    is the sector × niveau one ('sector_niveau', or 'onbekend' without a label).
    SBB domain scores count only for opleidingen in that domain, and a label whose source
    covers other programme kinds (hbo-bachelors, not an associate degree) is left off.
    """
    engine = engine or default_engine()
    opleiding = get_opleiding(opleiding_id, engine=engine)
    own = _current_first(engine, schema.Perspectief, schema.Perspectief.opleiding_id == opleiding_id)
    sector_records = _sector_records(engine, opleiding.sector_id, opleiding.niveau_key, opleiding.domein)
    sector_records = tuple(_for_kind(record, opleiding) for record in sector_records)
    if own:
        records = tuple(_perspectief(row, engine) for row in own) + sector_records
        return PerspectiefAnswer("opleiding", opleiding.sector_id, opleiding.niveau_key, records)
    basis = "sector_niveau" if sector_records[0].label else "onbekend"
    return PerspectiefAnswer(basis, opleiding.sector_id, opleiding.niveau_key, sector_records)


def _current_first(engine: Engine, model: Any, condition: Any) -> list:
    """The rows of a sourced table that match, current before historical, then by id."""
    with Session(engine, future=True) as session:
        return session.execute(
            select(model).where(condition).order_by(model.historisch, model.id)
        ).scalars().all()


KIND_NAMES = {"bachelor": "bacheloropleidingen", "associate degree": "associate degrees", "master": "masteropleidingen"}


def _for_kind(record: Perspectief, opleiding: Opleiding) -> Perspectief:
    """The record without its label when its source did not cover this kind of programme."""
    if record.type_ho is None or record.type_ho == opleiding.type_ho or record.label is None:
        return record
    uitleg = (f"De onderzoeken over {_display(opleiding.sector_naam)} op het {opleiding.soort} gaan over "
              f"{KIND_NAMES[record.type_ho]}. Voor {KIND_NAMES.get(opleiding.type_ho or '', 'deze opleidingen')} "
              "hebben we geen cijfers. Kijk op studiekeuze123.nl.")
    return dataclasses.replace(record, label=None, uitleg=uitleg, geldt_voor=None)


def _sector_records(engine: Engine, sector_id: str, niveau: str, domein: str | None = None) -> tuple[Perspectief, ...]:
    """Summary first, then current before historical. SBB domain scores (seed 001) belong to a
    domain, not to the sector it falls in: they come only with an opleiding in that domain."""
    levels = [niveau, "mbo2-4"] if niveau in ("mbo2", "mbo3", "mbo4") else [niveau]
    p = schema.Perspectief
    wanted = and_(p.domein.is_(None), or_(p.sector_id == sector_id, p.sector_id.is_(None)))
    if domein is not None:
        wanted = or_(wanted, p.domein == domein)
    with Session(engine, future=True) as session:
        rows = session.execute(
            select(p).where(p.opleiding_id.is_(None), p.niveau.in_(levels), wanted)
        ).scalars().all()
        rows.sort(key=lambda r: (r.soort_record != "samenvatting", r.historisch, r.sector_id is None, r.id))
        return tuple(_perspectief(row, engine) for row in rows)


_SCOPE_LEVELS = {"mbo1": "het mbo", "mbo2": "het mbo", "mbo3": "het mbo", "mbo4": "het mbo", "mbo2-4": "het mbo",
                 "hbo": "het hoger onderwijs", "wo": "het hoger onderwijs"}
_LEVEL_ORDER = ("opleiding", "domein", "sector_niveau", "sector", "landelijk")


def _scope(row: schema.Perspectief, engine: Engine) -> str | None:
    """'techniek en bouw in het mbo als geheel' when a label's source is broader than where it is used."""
    applied = ("opleiding" if row.opleiding_id else "domein" if row.domein else
               "landelijk" if row.sector_id is None else "sector" if row.niveau == "mbo2-4" else "sector_niveau")
    if row.label is None or _LEVEL_ORDER.index(row.bewijsniveau) <= _LEVEL_ORDER.index(applied):
        return None  # an unlabelled record says its scope in its own text
    level = _SCOPE_LEVELS[row.niveau]
    if row.bewijsniveau == "landelijk" or row.sector_id is None:
        return f"alle richtingen in {level} samen"
    return f"{_display(_sectors(engine)[row.sector_id].naam)} in {level} als geheel"


def _display(naam: str) -> str:
    """A sector name inside a sentence: 'Techniek en bouw' -> 'techniek en bouw', 'ICT' stays."""
    return naam if naam[:2].isupper() else naam[0].lower() + naam[1:]


def _perspectief(row: schema.Perspectief, engine: Engine) -> Perspectief:
    source = _bronnen(engine)[row.bron_id]
    return _result(
        Perspectief, row, bron=source.leesbaar, bron_plaats=staff(source.kort, row.bron_regels),
        geldt_voor=_scope(row, engine), samenvatting=row.soort_record == "samenvatting",
    )


def _result(cls: type[R], row: Any, **given: Any) -> R:
    """A result dataclass from a schema row: the fields of the same name, and `given` for the rest."""
    return cls(**{f.name: getattr(row, f.name) for f in dataclasses.fields(cls) if f.name not in given}, **given)


# --- kosten, routes, onderwerpen -----------------------------------------------------------


@_cached
def kosten(soort: str, schooljaar: str | None = None, *, engine: Engine | None = None) -> list[Kosten]:
    """Cost records of one kind, newest school year first. bedrag_eur is None unless certain."""
    if soort not in KOSTEN_SOORTEN:
        raise ValueError(f"soort moet een van {KOSTEN_SOORTEN} zijn, niet {soort!r}")
    k = schema.Kosten
    engine = engine or default_engine()
    query = select(k).where(k.soort == soort)
    if schooljaar is not None:
        query = query.where(k.schooljaar == schooljaar)
    with Session(engine, future=True) as session:
        rows = session.execute(query).scalars().all()
    rows.sort(key=lambda r: (-int(r.schooljaar[:4]), SOORTEN.index(r.onderwijs), r.id))
    sources = _bronnen(engine)
    return [
        _result(Kosten, row, bron=sources[row.bron_id].leesbaar, bron_plaats=sources[row.bron_id].kort)
        for row in rows
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
    return _routes(engine, schema.Route.van == van)


@_cached
def routes_to(naar: str, *, engine: Engine | None = None) -> list[Route]:
    """The routes into a level ('mbo2', 'hbo', 'wo'): what you need to get in."""
    return _routes(engine or default_engine(), schema.Route.naar == naar)


def _routes(engine: Engine, condition) -> list[Route]:
    with Session(engine, future=True) as session:
        rows = session.execute(select(schema.Route).where(condition).order_by(schema.Route.volgorde)).scalars().all()
    sources = _bronnen(engine)
    return [
        Route(row.van, row.naar, row.uitleg, row.voorwaarden, sources[row.bron_id].leesbaar,
              staff(sources[row.bron_id].kort, row.bron_regels), sources[row.bron_id].url)
        for row in rows
    ]


@_cached
def route_info(onderwerp: str, *, engine: Engine | None = None) -> Info:
    """Explanation of a system topic: bbl, bol, stapelen, startkwalificatie, orientatiejaar, …"""
    key = normalize(onderwerp).replace(" ", "_")
    key = first_match(ONDERWERPEN, key) or key
    engine = engine or default_engine()
    with Session(engine, future=True) as session:
        info = session.get(schema.Info, key)
    if info is None:
        raise NotFound(f"geen uitleg over {onderwerp!r}")
    source = _bronnen(engine)[info.bron_id]
    return Info(info.onderwerp, info.titel, info.uitleg, source.leesbaar, staff(source.kort, info.bron_regels), info.url)


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
        return VMBO_LEERWEGEN[head]
    if head == "vmbo" and rest:
        return VMBO_LEERWEGEN.get(rest, f"vmbo-{rest}")
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


def sectors_named(text: str, *, engine: Engine | None = None) -> list[Sector]:
    """The sectors a sentence names by name or synonym: 'kans op werk in de zorg' -> [Zorg en welzijn]."""
    engine = engine or default_engine()
    named = _card_index(engine).context_of(text).get("sector", set())
    return [sector for sector_id, sector in _sectors(engine).items() if sector_id in named]


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
    engine = engine or default_engine()
    rows = _current_first(engine, schema.Onderzoek, schema.Onderzoek.topic == topic)
    sources = _bronnen(engine)
    return [
        Finding(r.id, r.topic, r.claim, sources[r.bron_id].leesbaar, staff(sources[r.bron_id].kort, r.bron_regels),
                r.periode, r.regio, r.historisch, r.opmerking)
        for r in rows
    ]


@_cached
def verwijzingen(*, engine: Engine | None = None) -> list[Verwijzing]:
    with Session(engine or default_engine(), future=True) as session:
        rows = session.execute(select(schema.Verwijzing).order_by(schema.Verwijzing.volgorde)).scalars().all()
        return [Verwijzing(r.id, r.naam, r.url, r.waarvoor) for r in rows]


def verwijzing_voor(text: str, schooltypes: Iterable[str] = (), *, engine: Engine | None = None) -> Verwijzing | None:
    """The referral that fits a question the assistant could not answer: by the words of the question,
    else by a school type the conversation knows (`schooltypes`); None when nothing points anywhere."""
    referral_id = first_match(VERWIJZING_WORDS, normalize(text)) or next(
        (VERWIJZING_SCHOOLTYPES[s] for s in schooltypes if s in VERWIJZING_SCHOOLTYPES), None)
    return next((v for v in verwijzingen(engine=engine) if v.id == referral_id), None)


def bron(bron_id: str, *, engine: Engine | None = None) -> Bron:
    """A source with its readable name (`leesbaar`: publisher, short title, year, link)."""
    try:
        return _bronnen(engine or default_engine())[bron_id]
    except KeyError:
        raise NotFound(f"bron {bron_id!r} bestaat niet") from None


# --- answer cards ---------------------------------------------------------------------------


def kaart(kaart_id: str, *, engine: Engine | None = None) -> Kaart:
    """The answer card with this id; raises NotFound."""
    try:
        return _cards(engine or default_engine())[kaart_id]
    except KeyError:
        raise NotFound(f"kaart {kaart_id!r} bestaat niet") from None


def kaart_vragen(*, engine: Engine | None = None) -> list[str]:
    """The example questions of every answer card (the intent classifier learns them as one class)."""
    return [question for card in _cards(engine or default_engine()).values() for question in card.vragen]


def rank_kaarten(
    text: str, context: dict[str, list[str]] | None = None, limit: int = 3, *, exclude: tuple[str, ...] = (),
    engine: Engine | None = None,
) -> list[CardHit]:
    """The best answer cards for a message, best first (knowledge.retrieval). `context`: what the
    conversation is about ({'niveau': ['mbo2'], 'sector': ['zorg_welzijn'], ...}); `exclude`: ids of
    cards that are not meant."""
    return _card_index(engine or default_engine()).rank(text, context, limit, exclude)


# --- caches --------------------------------------------------------------------------------


def clear_caches() -> None:
    """Forget cached catalogues (after rebuilding a database in this process)."""
    for cached in (_catalog, _search_index, _sectors, _summary_labels, _bronnen, _cards, _card_index, _families,
                   _lexicon, _opleiding_families, *_answer_caches):
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
def _cards(engine: Engine) -> dict[str, Kaart]:
    with Session(engine, future=True) as session:
        cards = session.execute(select(schema.Kaart).order_by(schema.Kaart.id)).scalars().all()
        sources = session.execute(
            select(schema.KaartBron).order_by(schema.KaartBron.kaart_id, schema.KaartBron.volgorde)
        ).scalars().all()
        questions = session.execute(
            select(schema.KaartVraag).order_by(schema.KaartVraag.kaart_id, schema.KaartVraag.volgorde)
        ).scalars().all()
        by_card: dict[str, list[KaartBron]] = {}
        for s in sources:
            by_card.setdefault(s.kaart_id, []).append(
                KaartBron(bron(s.bron_id, engine=engine).leesbaar, s.plaats, s.periode, s.regio))
        asked: dict[str, list[str]] = {}
        for q in questions:
            asked.setdefault(q.kaart_id, []).append(q.vraag)
        return {
            c.id: Kaart(c.id, c.onderwerp, c.titel, json.loads(c.over), c.leerling, c.ouder, c.lob,
                        tuple(by_card.get(c.id, ())), tuple(asked.get(c.id, ())), tuple((c.vervangt or "").split()))
            for c in cards
        }


@lru_cache(maxsize=8)
def _card_index(engine: Engine) -> CardIndex:
    with Session(engine, future=True) as session:
        synonyms = dict(session.execute(select(schema.SectorSynoniem.synoniem, schema.SectorSynoniem.sector_id)).all())
    return CardIndex(_cards(engine).values(), synonyms, _lemmatizer())


@lru_cache(maxsize=1)
def _lemmatizer():
    """Dutch lemmas from the lookup table that Rasa's spaCy pipeline uses (spacy-lookups-data),
    read directly: loading spaCy would also load TensorFlow into the action server."""
    table = json.loads(gzip.decompress(LEMMA_TABLE.read_bytes()))
    return lambda text: [table.get(word, word) for word in text.split()]


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
def _summary_labels(engine: Engine) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(label, type_ho the source covered) per sector × niveau."""
    p = schema.Perspectief
    with Session(engine, future=True) as session:
        rows = session.execute(
            select(p.sector_id, p.niveau, p.label, p.type_ho).where(p.soort_record == "samenvatting")
        ).all()
    return {(sector_id, niveau): (label, type_ho) for sector_id, niveau, label, type_ho in rows}


@lru_cache(maxsize=8)
def _bronnen(engine: Engine) -> dict[str, Bron]:
    with Session(engine, future=True) as session:
        rows = session.execute(select(schema.Bron)).scalars().all()
        return {
            row.id: Bron(row.id, row.kort, row.titel, row.uitgever, row.jaar, row.url, row.bestand, row.soort,
                         row.opmerking, readable(row.uitgever_kort, row.titel_kort, row.jaar, row.url, row.gelezen),
                         row.gelezen)
            for row in rows
        }
