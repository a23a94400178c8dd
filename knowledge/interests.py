"""The interest lexicon: what pupils say they like, read as RIASEC types and programme families.

Two jobs, one vocabulary (`knowledge/data/interesses.csv` and `families.csv`, patterns as in
`knowledge.lexicon`):

- the loader tags every opleiding with its families (from its name and kwalificatiedossier, else its
  sector) and with the lexicon rows its name points to (`tag_opleidingen`);
- the actions read a pupil's answers into a `Profile`: which lexicon rows matched, in the pupil's own
  words, and how strongly each family and RIASEC type is supported (`read_profile`).

Content words only: nothing about gender or background is read.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from knowledge.lexicon import Pattern, clauses, parse, quote, tokens

TYPES = "RIASEC"
# How much a match counts: naming an activity or a job says more than a work value or a place.
WEIGHTS = {"activiteit": 1.0, "hobby": 1.0, "beroep": 1.0, "ding": 1.0, "vak": 0.8,
           "werkvorm": 0.5, "waarde": 0.5, "plek": 0.5}
SOORTEN = frozenset(WEIGHTS)
PREFERRED = 2.0  # a clause that says what the pupil likes most


# --- loader: tag the opleidingen -----------------------------------------------------------------


def tag_opleidingen(
    opleidingen: pd.DataFrame, families: pd.DataFrame, interesses: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(opleiding_familie, opleiding_interesse) for every opleiding.

    Families come from the name (family patterns); a name that says nothing gives the families of
    the mbo kwalificatiedossier, and else the default family of the sector. Lexicon tags come from the
    rows' `opleidingen` patterns on the name.
    """
    family_patterns = [(f.id, parse(f.trefwoorden)) for f in families.itertuples()]
    by_sector = {s: f.id for f in families.itertuples() for s in (f.sectoren or "").split("|") if s}
    row_patterns = [(r.id, parse(r.opleidingen)) for r in interesses.itertuples() if r.opleidingen]
    fam_rows, tag_rows = [], []
    for opl in opleidingen.itertuples():
        found: list[str] = []
        for source, text in (("naam", opl.naam), ("dossier", opl.dossier)):
            words = tokens(text or "")
            first = {family_id: _first(patterns, words) for family_id, patterns in family_patterns}
            found = sorted((f for f in first if first[f] is not None), key=lambda f: first[f])
            if found:
                break
        else:
            source, found = "sector", [by_sector[opl.sector_id]]
        fam_rows += [(opl.id, family_id, rank, source) for rank, family_id in enumerate(found, 1)]
        words = tokens(opl.naam)
        tag_rows += [(opl.id, row_id) for row_id, patterns in row_patterns if _any(patterns, words)]
    return (
        pd.DataFrame(fam_rows, columns=["opleiding_id", "familie_id", "rang", "bron"]),
        pd.DataFrame(tag_rows, columns=["opleiding_id", "interesse_id"]),
    )


def _any(patterns: tuple[Pattern, ...], words: list[str]) -> bool:
    return any(p.find(words) for p in patterns)


def _first(patterns: tuple[Pattern, ...], words: list[str]) -> int | None:
    """Where the first match starts (families named earlier in a name come first), or None."""
    starts = [start for p in patterns for start in p.find(words)]
    return min(starts) if starts else None


# --- runtime: read a pupil's answers -------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    interesse_id: str
    woorden: str  # the pupil's own words, to quote back
    weight: float
    riasec: str
    families: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    matches: tuple[Match, ...] = ()
    families: dict[str, float] = field(default_factory=dict)  # family id -> support
    riasec: Counter = field(default_factory=Counter)
    disliked: frozenset[str] = frozenset()  # families the pupil said 'niet', 'geen', 'niks' about

    @property
    def empty(self) -> bool:
        return not self.matches

    def words_for(self, family_ids, interesse_ids=()) -> list[str]:
        """The pupil's words that point to these families or lexicon rows: words the opleiding's name
        points to first, then words whose main family is its first fitting family, strongest first."""
        wanted = list(family_ids)
        picked = [m for m in self.matches if m.interesse_id in interesse_ids or set(wanted) & set(m.families)]
        picked.sort(key=lambda m: (m.interesse_id not in interesse_ids,
                                   not wanted or m.families[0] != wanted[0], -m.weight))
        return list(dict.fromkeys(m.woorden for m in picked))


@dataclass(frozen=True)
class LexiconRow:
    id: str
    patterns: tuple[Pattern, ...]
    soort: str
    riasec: str
    families: tuple[str, ...]


def read_profile(answers: list[str], lexicon: list[LexiconRow]) -> Profile:
    """Every lexicon row that matches an answer, once per row, with the words that matched. Where
    matches overlap, the longest phrase wins.

    A row's weight goes to its families (the first family fully, the others half) and to its RIASEC
    types (the first type fully, the second half); a clause that says what the pupil likes most
    ('economie heeft mijn voorkeur') counts more. A match in a negated clause ('ik vind koken niks')
    adds nothing and marks its families as disliked.
    """
    matches: dict[str, Match] = {}
    disliked: set[str] = set()
    for answer in answers:
        for clause in clauses(answer):
            words = list(clause.tokens)
            found = [(len(p.words), start, row, p) for row in lexicon for p in row.patterns for start in p.find(words)]
            taken: set[int] = set()
            # Longest first: 'met dieren of planten' (a button) is one phrase, not 'dieren' and 'planten'.
            for size, start, row, pattern in sorted(found, key=lambda f: (-f[0], f[1])):
                span = set(range(start, start + size))
                if span & taken:
                    continue
                taken |= span
                if clause.negated:
                    disliked.add(row.families[0])
                elif row.id not in matches:
                    weight = WEIGHTS[row.soort] * (PREFERRED if clause.preferred else 1.0)
                    matches[row.id] = Match(row.id, quote(clause, pattern, start), weight, row.riasec, row.families)
    families: dict[str, float] = {}
    riasec: Counter = Counter()
    for match in matches.values():
        for rank, family_id in enumerate(match.families):
            families[family_id] = families.get(family_id, 0.0) + match.weight * (1.0 if rank == 0 else 0.5)
        for rank, letter in enumerate(match.riasec):
            riasec[letter] += match.weight * (1.0 if rank == 0 else 0.5)
    for family_id in disliked - {f for m in matches.values() for f in m.families[:1]}:
        families.pop(family_id, None)
    return Profile(tuple(matches.values()), families, riasec, frozenset(disliked))


def top_types(scores: Counter, count: int = 2) -> list[str]:
    """The strongest RIASEC types, ties broken in RIASEC order so the result is stable."""
    ranked = sorted((t for t in TYPES if scores[t] > 0), key=lambda t: (-scores[t], TYPES.index(t)))
    return ranked[:count]
