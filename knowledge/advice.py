"""Options that fit a pupil, and alternatives to a favourite (conversation rules IN1, AL1-AL3, AU2).

The order of what counts:

1. content: how much of what the pupil said points to the opleiding, through its families and through
   its name (`knowledge.interests`); a family the pupil said they dislike rules an opleiding out;
2. level: only levels the pupil can reach from their school (`routes.csv`); havo and vwo pupils get hbo
   and wo first, mbo only to fill up; Entree only when nothing else fits;
3. prospects: among equal fits, the better sector × level label (`perspectief.csv`); when no option is
   kansrijk, one extra option from the same families that is, marked as the kansrijker idea.

Options differ in content: one per mbo kwalificatiedossier (or hbo/wo name with or without 'Ad'), and
a family that already has an option counts for less, so one word does not fill the whole list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.engine import Engine

from knowledge import api
from knowledge.db import default_engine
from knowledge.errors import NotFound
from knowledge.interests import LexiconRow, Profile, read_profile
from knowledge.lexicon import parse, tokens
from knowledge.results import Opleiding, Related
from knowledge.text import normalize
from knowledge.vocabulary import GOOD_LABELS, LABEL_RANK, LEVELS

VMBO = re.compile(r"\b(vmbo|mavo)\b")  # a vmbo school whose leerweg was not said

SEEN_UNKNOWN = tuple(level for level in LEVELS if level != "mbo1")  # what a pupil whose school is unknown can see
NAME_HIT = 1.5  # the opleiding's name points to what the pupil said ('koken' -> Kok)
SAME_NAME = 3.0  # the pupil named it: their words are words of its name ('geneeskunde', 'kapper')
WORD_IN_NAME = 1.0  # a word of the pupil's starts like a word of the name ('meubels' -> Meubelmaker)
SAME_START = 5  # letters two words share at the start to count as the same word
OTHER_FAMILY = 0.6  # support through a family that is not the opleiding's first
OFF_TOPIC = 0.3  # the share of the score an opleiding loses when none of its families fit
REPEAT = 0.7  # each earlier option in the same family multiplies the score by this
MIN_SHARE = 0.3  # an option scores at least this share of the best one, or it does not really fit
MIN_OPTIONS = 3
# Words in names that say the grade or the form, not the content.
GRADES = frozenset({"allround", "eerste", "zelfstandig", "werkend", "gespecialiseerd", "vakbekwaam", "basis",
                    "medewerker", "opleiding", "tot", "voor", "ad", "junior", "aankomend"})
TOP = 4


@dataclass(frozen=True)
class Advice:
    opleiding: Opleiding
    score: float
    woorden: tuple[str, ...]  # the pupil's words that point here, strongest first
    families: tuple[str, ...]  # the opleiding's families that fit what the pupil said
    label: str | None  # perspectief label of the sector at this level, None if unknown
    kansrijker: bool = False  # the one extra option chosen for its prospects

    @property
    def kansrijk(self) -> bool:
        return self.label in GOOD_LABELS


def profile(answers: list[str], *, engine: Engine | None = None) -> Profile:
    """Read the pupil's answers with the interest lexicon."""
    return read_profile([a for a in answers if a], lexicon(engine=engine))


def lexicon(*, engine: Engine | None = None) -> list[LexiconRow]:
    return list(_lexicon_rows(engine or default_engine()))


@lru_cache(maxsize=8)
def _lexicon_rows(engine: Engine) -> tuple[LexiconRow, ...]:
    return tuple(LexiconRow(r.id, parse(r.woorden), r.soort, r.riasec, r.families)
                 for r in api.interest_lexicon(engine=engine))


def levels(schooltype: str | None, *, engine: Engine | None = None) -> tuple[list[str], list[str]]:
    """(first, then) levels a pupil can reach from their school, from routes.csv.

    'havo' -> (['hbo'], ['mbo4']); 'vwo' -> (['wo', 'hbo'], []); 'vmbo kader' -> (['mbo4', 'mbo3',
    'mbo2'], []); 'vmbo basis' -> (['mbo2'], ['mbo1']); 'vmbo' without a leerweg -> the mbo levels.
    Unknown -> every level from mbo 2 up.
    """
    try:
        routes = api.routes_from(schooltype or "", engine=engine) if schooltype else []
    except NotFound:
        routes = []
    reachable = [r.naar for r in routes if r.naar in LEVELS]
    if not reachable and schooltype and VMBO.search(normalize(schooltype)):
        return ["mbo4", "mbo3", "mbo2"], ["mbo1"]  # vmbo without its leerweg: the mbo, never hbo or wo
    if not reachable:
        return list(SEEN_UNKNOWN), []
    higher = any(level in ("hbo", "wo") for level in reachable)
    then = [lvl for lvl in reachable if lvl == "mbo1" or (higher and lvl.startswith("mbo"))]
    return [lvl for lvl in reachable if lvl not in then], then


def options(
    pupil: Profile, schooltype: str | None, limit: int = TOP, *, engine: Engine | None = None
) -> list[Advice]:
    """The best-fitting opleidingen at a reachable level, plus one kansrijker idea if none is kansrijk."""
    engine = engine or default_engine()
    if pupil.empty:
        return []
    first, then = levels(schooltype, engine=engine)
    chosen = _pick(_scored(pupil, first, engine), limit, [])
    if len(chosen) < MIN_OPTIONS:
        chosen = _pick(_scored(pupil, then, engine), MIN_OPTIONS, chosen)
    if chosen and not any(a.kansrijk for a in chosen):
        extra = next((a for a in _scored(pupil, first, engine)
                      if a.kansrijk and _group(a.opleiding) not in {_group(c.opleiding) for c in chosen}), None)
        if extra:
            chosen.append(Advice(extra.opleiding, extra.score, extra.woorden, extra.families, extra.label, True))
    return chosen


def alternatives(opleiding: Opleiding, limit: int = 3, *, engine: Engine | None = None) -> list[Related]:
    """Content-related alternatives: same dossier (a level up or down, at most limit - 1 of them), then
    same family and level, then the next step in the same family; better prospects first within each
    kind. Relations that only share a RIASEC type are left out."""
    engine = engine or default_engine()
    own_families = set(api.opleiding_families(opleiding.id, engine=engine)[:1])
    own = LABEL_RANK.get(_label(opleiding, engine) or "", 0)
    related = [
        r for r in api.related_opleidingen(opleiding.id, limit=10, engine=engine)
        if r.soort == "dossier"
        or (r.soort != "riasec" and own_families & set(api.opleiding_families(r.opleiding.id, engine=engine)))
    ]
    kinds = ("dossier", "sector_niveau", "doorstroom")
    related.sort(key=lambda r: (kinds.index(r.soort), -(LABEL_RANK.get(r.perspectief_label or "", 0) > own)))
    same_dossier = [r for r in related if r.soort == "dossier"][:limit - 1]  # room for one other opleiding
    return (same_dossier + [r for r in related if r.soort != "dossier"])[:limit]


def _hits(pupil: Profile, engine: Engine) -> dict[str, list[str]]:
    """opleiding id -> the lexicon rows the pupil matched whose words its name points to."""
    rows = {r.id: r for r in api.interest_lexicon(engine=engine)}
    hits: dict[str, list[str]] = {}
    for match in pupil.matches:
        for opleiding_id in rows[match.interesse_id].opleiding_ids:
            hits.setdefault(opleiding_id, []).append(match.interesse_id)
    return hits


def _advice(pupil: Profile, opleiding: Opleiding, hits: dict[str, list[str]], engine: Engine) -> Advice | None:
    fams = api.opleiding_families(opleiding.id, engine=engine)
    if fams and fams[0] in pupil.disliked and fams[0] not in pupil.families:
        return None
    score = sum(pupil.families.get(f, 0.0) * (1.0 if i == 0 else OTHER_FAMILY) for i, f in enumerate(fams))
    direct = hits.get(opleiding.id, [])
    weights = {m.interesse_id: m.weight for m in pupil.matches}
    score += NAME_HIT * sum(weights[i] for i in direct)
    score += SAME_NAME * sum(m.weight for m in pupil.matches if _names(m.woorden, opleiding.naam))
    score += WORD_IN_NAME * sum(m.weight for m in pupil.matches if _shares_a_word(m.woorden, opleiding.naam))
    if score <= 0:
        return None
    fitting = tuple(f for f in fams if f in pupil.families)
    # An opleiding that is mostly about something the pupil did not mention fits less
    # ('supermarkt': Verkoper before Verkoopmanager Mobiliteitsbranche).
    score *= 1 - OFF_TOPIC * (1 - len(fitting) / len(fams)) if fams else 1
    words = pupil.words_for(fitting, interesse_ids=set(direct))
    return Advice(opleiding, round(score, 4), tuple(words), fitting, _label(opleiding, engine))


def _names(words: str, naam: str) -> bool:
    """The pupil's words are the name, give or take a grade ('kapper' -> Allround Kapper, 'kok' ->
    Zelfstandig werkend kok), not a word of a longer name ('monteur' -> Monteur vliegtuigonderhoud)."""
    said = tokens(words)
    return bool(said) and said == [t for t in _name_tokens(naam) if t not in GRADES]


def _shares_a_word(words: str, naam: str) -> bool:
    said = [t for t in tokens(words) if len(t) >= SAME_START]
    return any(s[:SAME_START] == n[:SAME_START] for s in said for n in _name_tokens(naam) if len(n) >= SAME_START)


@lru_cache(maxsize=4096)
def _name_tokens(naam: str) -> tuple[str, ...]:
    return tuple(tokens(naam))


def _scored(pupil: Profile, levels_: list[str], engine: Engine) -> list[Advice]:
    hits = _hits(pupil, engine)
    order = {lvl: i for i, lvl in enumerate(levels_)}
    known = api.known_opleiding_ids(engine=engine)
    found = [
        advice for o in api.all_opleidingen(engine=engine)
        if o.niveau_key in order and o.type_ho != "master"
        and (advice := _advice(pupil, o, hits, engine)) is not None
    ]
    # Equal fits: the opleiding people mean by the word first ('kok' is Kok), then better prospects,
    # then the level the school leads to first.
    found.sort(key=lambda a: (-a.score, a.opleiding.id not in known, -LABEL_RANK.get(a.label or "", 0),
                              order[a.opleiding.niveau_key], -len({i[0] for i in a.opleiding.instellingen}),
                              a.opleiding.naam, a.opleiding.id))
    return found


def _pick(scored: list[Advice], limit: int, chosen: list[Advice]) -> list[Advice]:
    """Greedy: the best score, discounted for families already shown; one per dossier or name. Past
    the minimum, an option must score MIN_SHARE of the best one."""
    chosen = list(chosen)
    floor = MIN_SHARE * max((a.score for a in scored + chosen), default=0)
    pool = [a for a in scored if a.score >= floor or len(chosen) < MIN_OPTIONS]
    while len(chosen) < limit:
        groups = {_group(a.opleiding) for a in chosen}
        used = [a.families[0] for a in chosen if a.families]
        candidates = [a for a in pool if _group(a.opleiding) not in groups]
        if not candidates:
            break
        best = max(candidates, key=lambda a: a.score * REPEAT ** used.count(a.families[0] if a.families else ""))
        if best.score < floor and len(chosen) >= MIN_OPTIONS:
            break
        chosen.append(best)
        pool.remove(best)
    return chosen


def _group(opleiding: Opleiding) -> str:
    """Versions of one programme: an mbo dossier, or an hbo/wo name with or without 'Ad'."""
    if opleiding.dossier:
        return f"dossier:{opleiding.dossier}"
    return "naam:" + normalize(opleiding.naam).removeprefix("ad ")


def _label(opleiding: Opleiding, engine: Engine) -> str | None:
    return api.perspectief(opleiding.sector_id, opleiding.niveau_key, engine=engine).samenvatting.label
