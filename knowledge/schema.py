"""SQL schema of the knowledge base (SQLAlchemy 1.4 declarative models).

Every figure (perspectief, kosten, onderzoek) points to a `Bron` and carries the
period and region it is about. Only `knowledge.loader` writes these tables. They are
read by `knowledge.api` (the query API), `knowledge.nlu_export` (the names it exports
as NLU lookups) and `knowledge.report` (the figures of `python -m knowledge stats`).
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Bron(Base):
    """A source a record points to: a seed report, an open data set or an official page."""

    __tablename__ = "bron"
    id = Column(String(40), primary_key=True)
    kort = Column(String(80), nullable=False, doc="Short citation for staff, e.g. 'SEOR 2024'.")
    uitgever_kort = Column(String(80), nullable=False, doc="Publisher as people know it: 'SEOR', 'DUO'.")
    titel_kort = Column(String(200), nullable=False, doc="Short title people can look up.")
    titel = Column(Text, nullable=False)
    uitgever = Column(String(200), nullable=False)
    jaar = Column(String(40), nullable=False, doc="Year of the document; may be inferred ('ca. 2015').")
    url = Column(Text)
    gelezen = Column(String(10), doc="Date the page was read (YYYY-MM-DD), for web pages.")
    bestand = Column(Text, doc="File in this repository or in ../shared, if any.")
    soort = Column(String(20), nullable=False, doc="seed, data, officieel or redactie.")
    opmerking = Column(Text)


class Verwijzing(Base):
    """A website to send people to for current figures or personal advice."""

    __tablename__ = "verwijzing"
    id = Column(String(40), primary_key=True)
    naam = Column(String(100), nullable=False)
    url = Column(Text, nullable=False)
    waarvoor = Column(Text, nullable=False, doc="What it is for, in Dutch (B1).")
    volgorde = Column(Integer, nullable=False)


class Sector(Base):
    """One sector of the taxonomy shared by mbo, hbo and wo."""

    __tablename__ = "sector"
    id = Column(String(40), primary_key=True)
    naam = Column(String(100), nullable=False)
    omschrijving = Column(Text, nullable=False)
    volgorde = Column(Integer, nullable=False)


class SectorSynoniem(Base):
    """A word people use for a sector ('zorg', 'informatica' …)."""

    __tablename__ = "sector_synoniem"
    synoniem = Column(String(100), primary_key=True)
    sector_id = Column(String(40), ForeignKey("sector.id"), nullable=False)


class Riasec(Base):
    """A RIASEC interest type (after Holland / O*NET), with our own Dutch wording."""

    __tablename__ = "riasec"
    type = Column(String(1), primary_key=True)
    label = Column(String(40), nullable=False)
    omschrijving = Column(Text, nullable=False)
    voorbeelden = Column(Text, nullable=False)
    bron_id = Column(String(40), ForeignKey("bron.id"), nullable=False)


class RiasecSector(Base):
    """Which sectors fit a RIASEC type; rang 1 is the sector's main type."""

    __tablename__ = "riasec_sector"
    type = Column(String(1), ForeignKey("riasec.type"), primary_key=True)
    sector_id = Column(String(40), ForeignKey("sector.id"), primary_key=True)
    rang = Column(Integer, nullable=False)


class Opleiding(Base):
    """An mbo qualification (crebo) or an hbo/wo programme (CROHO)."""

    __tablename__ = "opleiding"
    id = Column(String(20), primary_key=True, doc="'mbo-25655', 'hbo-34560', 'wo-56551'.")
    soort = Column(String(3), nullable=False, index=True, doc="mbo, hbo or wo.")
    code = Column(String(10), nullable=False)
    naam = Column(String(200), nullable=False)
    niveau = Column(Integer, doc="mbo niveau 1-4; NULL for hbo and wo.")
    niveau_naam = Column(String(40), doc="entreeopleiding … specialistenopleiding (mbo only).")
    type_ho = Column(String(20), doc="bachelor, associate degree or master; NULL for mbo.")
    leerwegen = Column(String(60), nullable=False, doc="Comma-separated: BOL,BBL or voltijd,deeltijd,duaal.")
    sector_id = Column(String(40), ForeignKey("sector.id"), nullable=False, index=True)
    sector_regel = Column(Text, nullable=False, doc="Which mapping rule chose the sector.")
    dossier = Column(String(200), doc="mbo kwalificatiedossier.")
    domein = Column(String(200), doc="mbo opleidingsdomein or CROHO onderdeel.")
    sectorkamer = Column(String(200), doc="S-BB sectorkamer (mbo only).")
    data_jaar = Column(String(10), doc="Year the source data describe: '2023-24', '2024', '2019'.")
    bron_id = Column(String(40), ForeignKey("bron.id"), nullable=False)


class Vestiging(Base):
    """Where and in which form an hbo/wo programme is offered."""

    __tablename__ = "vestiging"
    id = Column(Integer, primary_key=True)
    opleiding_id = Column(String(20), ForeignKey("opleiding.id"), nullable=False, index=True)
    instelling = Column(String(200), nullable=False)
    gemeente = Column(String(100), nullable=False)
    vorm = Column(String(20), nullable=False)


class Alias(Base):
    """What people actually type for an opleiding ('mbo-v', 'pabo', 'nursing')."""

    __tablename__ = "alias"
    id = Column(Integer, primary_key=True)
    alias = Column(String(100), nullable=False)
    alias_norm = Column(String(100), nullable=False, index=True)
    opleiding_id = Column(String(20), ForeignKey("opleiding.id"), nullable=False)
    prioriteit = Column(Integer, nullable=False, doc="1 = the main meaning of the alias.")
    toelichting = Column(Text)


class Perspectief(Base):
    """Arbeidsmarktperspectief: a label and/or a figure, always with source, period and region.

    soort_record 'samenvatting' is the one summary per sector × niveau (label NULL
    means 'onbekend'); 'detail' records add figures for a sector, a level or one
    opleiding.
    """

    __tablename__ = "perspectief"
    id = Column(String(40), primary_key=True)
    soort_record = Column(String(12), nullable=False)
    sector_id = Column(String(40), ForeignKey("sector.id"), index=True)
    niveau = Column(String(8), nullable=False, doc="mbo1-mbo4, mbo2-4, hbo or wo.")
    opleiding_id = Column(String(20), ForeignKey("opleiding.id"), index=True)
    domein = Column(String(200), doc="mbo opleidingsdomein the record is about (SBB domain scores); NULL otherwise.")
    type_ho = Column(String(20), doc="bachelor, associate degree or master the source covers; NULL = all.")
    leerweg = Column(String(3), doc="bol, bbl or NULL.")
    titel = Column(Text, nullable=False)
    label = Column(String(10), doc="zeer goed, goed, redelijk, matig, slecht; NULL = onbekend.")
    waarde = Column(Text, nullable=False, doc="The raw figure as in the source, or 'kwalitatief'.")
    eenheid = Column(Text)
    uitleg = Column(Text, nullable=False, doc="One or two Dutch B1 sentences.")
    bron_id = Column(String(40), ForeignKey("bron.id"), nullable=False)
    bron_regels = Column(String(80), nullable=False, doc="'seed 002 L111-121'.")
    bron_onderliggend = Column(Text, nullable=False, doc="Who measured it: ROA, UWV, SBB, DUO …")
    bewijsniveau = Column(String(20), nullable=False,
                          doc="What the source is about: opleiding, domein, sector_niveau, sector or landelijk.")
    afgeleid = Column(Text, doc="Why a label is applied at a finer level than its source; NULL if it is not.")
    periode = Column(String(80), nullable=False)
    regio = Column(String(80), nullable=False)
    historisch = Column(Boolean, nullable=False)
    opmerking = Column(Text, doc="Quality note for staff (not for pupils).")


class Kosten(Base):
    """A cost item for one school year. bedrag_eur is NULL unless the amount is certain."""

    __tablename__ = "kosten"
    id = Column(String(40), primary_key=True)
    soort = Column(String(20), nullable=False, index=True)
    onderwijs = Column(String(3), nullable=False)
    schooljaar = Column(String(9), nullable=False)
    bedrag_eur = Column(Float)
    zeker = Column(Boolean, nullable=False)
    uitleg = Column(Text, nullable=False)
    bron_id = Column(String(40), ForeignKey("bron.id"), nullable=False)
    url = Column(Text, nullable=False)
    periode = Column(String(40), nullable=False)
    regio = Column(String(40), nullable=False)
    opmerking = Column(Text)


class Route(Base):
    """A doorstroom route from one school type or level to the next."""

    __tablename__ = "route"
    id = Column(String(40), primary_key=True)
    van = Column(String(20), nullable=False, index=True)
    naar = Column(String(40), nullable=False)
    uitleg = Column(Text, nullable=False)
    voorwaarden = Column(Text, nullable=False)
    bron_id = Column(String(40), ForeignKey("bron.id"), nullable=False)
    bron_regels = Column(String(80))
    volgorde = Column(Integer, nullable=False)


class Info(Base):
    """An explanation of a system topic: bbl, stapelen, startkwalificatie …"""

    __tablename__ = "info"
    onderwerp = Column(String(40), primary_key=True)
    titel = Column(String(100), nullable=False)
    uitleg = Column(Text, nullable=False)
    bron_id = Column(String(40), ForeignKey("bron.id"), nullable=False)
    bron_regels = Column(String(80))
    url = Column(Text, nullable=False)


class Relatie(Base):
    """A related opleiding, computed by the loader (see knowledge.relations)."""

    __tablename__ = "relatie"
    opleiding_id = Column(String(20), ForeignKey("opleiding.id"), primary_key=True)
    gerelateerd_id = Column(String(20), ForeignKey("opleiding.id"), primary_key=True)
    soort = Column(String(20), nullable=False, doc="dossier, sector_niveau, doorstroom or riasec.")
    score = Column(Float, nullable=False)
    rang = Column(Integer, nullable=False)
    reden = Column(Text, nullable=False)


class Onderzoek(Base):
    """A research finding for LOB staff, from the seed reports."""

    __tablename__ = "onderzoek"
    id = Column(String(12), primary_key=True, doc="The seed-facts id, e.g. 'KR-05'.")
    topic = Column(String(30), nullable=False, index=True)
    claim = Column(Text, nullable=False)
    bron_id = Column(String(40), ForeignKey("bron.id"), nullable=False)
    bron_regels = Column(String(80), nullable=False)
    periode = Column(String(80), nullable=False)
    regio = Column(String(80), nullable=False)
    historisch = Column(Boolean, nullable=False)
    opmerking = Column(Text)


class Kaart(Base):
    """An answer card: one short, sourced answer to one kind of question (knowledge.cards)."""

    __tablename__ = "kaart"
    id = Column(String(60), primary_key=True)
    onderwerp = Column(String(40), nullable=False, index=True)
    titel = Column(String(120), nullable=False, doc="What the card answers, as a button title.")
    over = Column(Text, nullable=False, doc="JSON: {schooltype|niveau|sector|leerweg|opleiding: [values]}.")
    leerling = Column(Text, nullable=False, doc="The answer in the je-form.")
    ouder = Column(Text, doc="The answer for a parent (u, uw kind); empty: same as leerling.")
    lob = Column(Text, doc="The answer for LOB staff; empty: same as ouder.")
    herkomst = Column(String(80), nullable=False, doc="Data file the answer comes from.")
    vervangt = Column(Text, doc="Ids of generated cards this curated card takes the place of, space-separated.")


class KaartBron(Base):
    """A source of a card, with where in the source, period and region."""

    __tablename__ = "kaart_bron"
    kaart_id = Column(String(60), ForeignKey("kaart.id"), primary_key=True)
    volgorde = Column(Integer, primary_key=True)
    bron_id = Column(String(40), ForeignKey("bron.id"), nullable=False)
    plaats = Column(Text, doc="Lines or page in the source; shown to LOB staff only.")
    periode = Column(String(80), nullable=False)
    regio = Column(String(80), nullable=False)


class KaartVraag(Base):
    """An example question for a card, in a user's own words (never from the dev set)."""

    __tablename__ = "kaart_vraag"
    kaart_id = Column(String(60), ForeignKey("kaart.id"), primary_key=True)
    volgorde = Column(Integer, primary_key=True)
    vraag = Column(Text, nullable=False)


class Familie(Base):
    """A programme family: what you do in a group of opleidingen ('koken-horeca', 'dieren')."""

    __tablename__ = "familie"
    id = Column(String(40), primary_key=True)
    naam = Column(String(100), nullable=False)
    omschrijving = Column(Text, nullable=False)
    riasec = Column(String(2), nullable=False, doc="Main RIASEC type first.")
    volgorde = Column(Integer, nullable=False)


class Interesse(Base):
    """A row of the interest lexicon: words pupils use, their RIASEC types and families."""

    __tablename__ = "interesse"
    id = Column(String(40), primary_key=True)
    woorden = Column(Text, nullable=False, doc="Word patterns (knowledge.lexicon), '|'-separated.")
    soort = Column(String(20), nullable=False, doc="activiteit, vak, hobby, ding, werkvorm, waarde, plek, beroep.")
    riasec = Column(String(2), nullable=False)
    families = Column(Text, nullable=False, doc="Family ids, '|'-separated, closest first.")
    opleidingen = Column(Text, doc="Patterns on opleiding names these words point to.")
    onet = Column(String(80), doc="O*NET Interest Profiler items the row is based on.")


class OpleidingFamilie(Base):
    """The families of an opleiding, computed by the loader from its name, dossier and sector."""

    __tablename__ = "opleiding_familie"
    opleiding_id = Column(String(20), ForeignKey("opleiding.id"), primary_key=True)
    familie_id = Column(String(40), ForeignKey("familie.id"), primary_key=True)
    rang = Column(Integer, nullable=False, doc="1 = the family the name or dossier says first.")
    bron = Column(String(20), nullable=False, doc="naam, dossier or sector.")


class OpleidingInteresse(Base):
    """An interest-lexicon row whose `opleidingen` patterns match the opleiding's name."""

    __tablename__ = "opleiding_interesse"
    opleiding_id = Column(String(20), ForeignKey("opleiding.id"), primary_key=True)
    interesse_id = Column(String(40), ForeignKey("interesse.id"), primary_key=True)
