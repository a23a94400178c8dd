"""The typed, immutable results of `knowledge.api` (never ORM objects)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sector:
    id: str
    naam: str
    omschrijving: str
    riasec: tuple[str, ...]  # main type first


@dataclass(frozen=True)
class Opleiding:
    id: str  # 'mbo-25655', 'hbo-34560', 'wo-56551'
    soort: str  # mbo, hbo, wo
    code: str  # crebo or CROHO code
    naam: str
    niveau: int | None  # mbo 1-4; None for hbo and wo
    leerwegen: tuple[str, ...]  # ('BOL', 'BBL') or ('voltijd', 'deeltijd', 'duaal')
    sector_id: str
    sector_naam: str
    dossier: str | None  # mbo kwalificatiedossier
    type_ho: str | None  # bachelor, associate degree, master; None for mbo
    instellingen: tuple[tuple[str, str, str], ...]  # (instelling, gemeente, vorm); empty for mbo
    data_jaar: str | None  # year the source describes: '2023-24', '2024', '2019'
    bron_id: str
    niveau_naam: str | None  # mbo: entreeopleiding … specialistenopleiding
    domein: str | None  # mbo opleidingsdomein or CROHO onderdeel

    @property
    def niveau_key(self) -> str:
        """The perspectief level: 'mbo1'..'mbo4', 'hbo' or 'wo'."""
        return f"mbo{self.niveau}" if self.soort == "mbo" else self.soort


@dataclass(frozen=True)
class OpleidingMatch:
    opleiding: Opleiding
    score: float  # 0-100
    gevonden_via: str  # the name or alias that matched
    exact: bool  # the query is this opleiding's own official name (knowledge.text.normalize), not an alias


@dataclass(frozen=True)
class Perspectief:
    id: str
    titel: str
    label: str | None  # zeer goed, goed, redelijk, matig, slecht; None = onbekend
    waarde: str  # the raw figure, or 'kwalitatief'
    eenheid: str | None
    uitleg: str  # Dutch, B1
    bron: str  # readable: 'SEOR, Sociale media en studiekeuze (tussenrapport), 2024'
    bron_plaats: str  # for staff only: 'SEOR 2024, seed 002 r. 111-121'
    bron_id: str
    bron_onderliggend: str  # who measured it: ROA, UWV, SBB, DUO …
    bewijsniveau: str  # what the source is about: opleiding, domein, sector_niveau, sector, landelijk
    afgeleid: str | None  # why the label is applied at a finer level than the source (staff note)
    geldt_voor: str | None  # 'techniek in het mbo als geheel' when the source is broader than the question
    periode: str
    regio: str
    historisch: bool
    niveau: str  # mbo1-mbo4, mbo2-4, hbo, wo
    leerweg: str | None  # bol, bbl
    sector_id: str | None  # None: applies to every sector at this level
    opleiding_id: str | None  # set for programme-level figures
    domein: str | None  # mbo opleidingsdomein for SBB domain scores
    type_ho: str | None  # hbo/wo programme kind the source covers (bachelor …); None = all
    samenvatting: bool  # the one summary record of a sector × niveau
    opmerking: str | None  # quality note for staff


@dataclass(frozen=True)
class PerspectiefAnswer:
    basis: str  # opleiding, sector_niveau or onbekend
    sector_id: str
    niveau: str
    records: tuple[Perspectief, ...]  # summary first, then current, then historical

    @property
    def samenvatting(self) -> Perspectief:
        return next(rec for rec in self.records if rec.samenvatting)


@dataclass(frozen=True)
class Kosten:
    soort: str  # lesgeld, cursusgeld, collegegeld, studiefinanciering, bijkomend
    onderwijs: str  # mbo, hbo, wo
    schooljaar: str  # '2026-2027'
    bedrag_eur: float | None  # None unless the amount is certain
    zeker: bool
    uitleg: str
    bron: str  # readable source
    bron_plaats: str  # for staff only
    url: str
    regio: str
    opmerking: str | None


@dataclass(frozen=True)
class Route:
    van: str
    naar: str
    uitleg: str
    voorwaarden: str
    bron: str  # readable source
    bron_plaats: str  # for staff only: with the lines in the source
    url: str | None  # the source's web page, for "kijk op …"


@dataclass(frozen=True)
class Info:
    onderwerp: str
    titel: str
    uitleg: str
    bron: str  # readable source
    bron_plaats: str  # for staff only: with the lines in the source
    url: str


@dataclass(frozen=True)
class Related:
    opleiding: Opleiding
    soort: str  # dossier, sector_niveau, doorstroom, riasec
    score: float
    reden: str  # Dutch
    perspectief_label: str | None  # summary label of its sector × niveau


@dataclass(frozen=True)
class Finding:
    id: str  # seed-facts id, e.g. 'KR-05'
    topic: str
    claim: str  # Dutch, B1
    bron: str  # readable source
    bron_plaats: str  # for staff only: 'SEOR 2025, seed 000 r. 1307'
    periode: str
    regio: str
    historisch: bool
    opmerking: str | None


@dataclass(frozen=True)
class Verwijzing:
    id: str
    naam: str
    url: str
    waarvoor: str


@dataclass(frozen=True)
class Bron:
    id: str
    kort: str  # for staff: 'SEOR 2024'
    titel: str
    uitgever: str
    jaar: str
    url: str | None
    bestand: str | None
    soort: str  # seed, data, officieel, redactie
    opmerking: str | None
    leesbaar: str  # for everyone: 'SEOR, Sociale media en studiekeuze (tussenrapport), 2024'
    gelezen: str | None  # date a web page was read, YYYY-MM-DD


@dataclass(frozen=True)
class RiasecType:
    type: str  # R, I, A, S, E, C
    label: str
    omschrijving: str
    voorbeelden: str
    sector_ids: tuple[str, ...]  # sectors with this as main type first


@dataclass(frozen=True)
class KansrijkOverview:
    """Which sectors the sources call kansrijk (or less so) at one level."""

    niveau: str
    kansrijk: tuple[str, ...]  # sector names with label zeer goed or goed
    minder: tuple[str, ...]  # sector names with label matig or slecht
    bron: str  # the documents behind these labels, readable
    bron_plaats: str  # the same for staff, e.g. 'SEOR 2024; SEOR 2025'
    geheel: tuple[str, ...]  # sectors whose label holds for the whole school type, not for this level
    periode: str
    regio: str


@dataclass(frozen=True)
class KaartBron:
    bron: str  # readable: publisher, short title, year, link
    plaats: str | None  # where in the source ('seed 002 L111-121'); for LOB staff only
    periode: str
    regio: str


@dataclass(frozen=True)
class Kaart:
    """An answer card (knowledge.cards)."""

    id: str
    onderwerp: str
    titel: str
    over: dict[str, list[str]]  # schooltype, niveau, sector, leerweg, opleiding -> values
    leerling: str
    ouder: str | None
    lob: str | None
    bronnen: tuple[KaartBron, ...]
    vragen: tuple[str, ...]
    vervangt: tuple[str, ...]  # generated cards it takes the place of

    def antwoord(self, rol: str | None) -> str:
        """The answer in the reader's form: je for pupils, u for parents, staff wording for LOB staff."""
        if rol == "lob":
            return self.lob or self.ouder or self.leerling
        if rol == "ouder":
            return self.ouder or self.leerling
        return self.leerling


@dataclass(frozen=True)
class Familie:
    id: str  # 'koken-horeca'
    naam: str
    omschrijving: str
    riasec: str  # main type first, e.g. 'RE'


@dataclass(frozen=True)
class Interesse:
    """A row of the interest lexicon (patterns as written in knowledge/data/interesses.csv)."""

    id: str
    woorden: str
    soort: str  # activiteit, vak, hobby, ding, werkvorm, waarde, plek, beroep
    riasec: str
    families: tuple[str, ...]  # closest first
    opleiding_ids: frozenset[str]  # opleidingen whose name these words point to
