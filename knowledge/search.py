"""Fuzzy search over opleiding names and aliases (rapidfuzz).

Ranking: exact alias or name hits first (score 100, in alias priority order),
then fuzzy hits. The fuzzy score of a text is the best of

- ratio: the whole query against the whole text (typos: 'verpleegkunbde');
- token_set_ratio × 0.95 and partial_ratio × 0.85, only when the text is at
  least as long as the query, so the query may sit inside the text ('verpleeg'
  in 'verpleegkundige') but a short text inside a long query does not count
  ('sloper' inside 'software developer').

Queries shorter than three characters only match exactly, because a single
letter fuzzily matches almost anything; partial matching needs four.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.text import normalize, search_name

THRESHOLD = 70.0
MAX_QUERY_LENGTH = 100
MIN_FUZZY_LENGTH = 3
MIN_PARTIAL_LENGTH = 4
TOKEN_WEIGHT = 0.95
PARTIAL_WEIGHT = 0.85


@dataclass(frozen=True)
class Hit:
    opleiding_id: str
    score: float
    text: str  # the normalised name or alias that matched
    exact: bool
    priority: int  # alias priority (1 = main meaning); names count as 1


class SearchIndex:
    """All searchable texts, each owned by one or more opleidingen."""

    def __init__(self, names: list[tuple[str, str]], aliases: list[tuple[str, str, int]]):
        """names: (opleiding_id, naam); aliases: (alias, opleiding_id, prioriteit)."""
        owners: dict[str, list[tuple[str, int]]] = {}
        for opleiding_id, naam in names:
            owners.setdefault(search_name(naam), []).append((opleiding_id, 1))
        for alias, opleiding_id, priority in aliases:
            owners.setdefault(normalize(alias), []).append((opleiding_id, priority))
        self._texts = sorted(text for text in owners if text)
        self._lengths = np.array([len(text) for text in self._texts])
        self._owners = owners

    def search(self, query: str) -> list[Hit]:
        """Best hit per opleiding, best first; empty when nothing reaches THRESHOLD."""
        text = search_name(query[: MAX_QUERY_LENGTH * 2])[:MAX_QUERY_LENGTH]  # as the names are indexed
        if not text:
            return []
        best: dict[str, Hit] = {}
        for owner_id, priority in self._owners.get(text, []):
            best[owner_id] = Hit(owner_id, 100.0, text, True, priority)
        if len(text) >= MIN_FUZZY_LENGTH:
            scores = self._fuzzy_scores(text)
            for index in np.flatnonzero(scores >= THRESHOLD):
                matched = self._texts[index]
                for owner_id, priority in self._owners[matched]:
                    hit = Hit(owner_id, round(float(scores[index]), 1), matched, False, priority)
                    current = best.get(owner_id)
                    if current is None or _key(hit) < _key(current):
                        best[owner_id] = hit
        return sorted(best.values(), key=_key)

    def _fuzzy_scores(self, text: str) -> np.ndarray:
        whole = process.cdist([text], self._texts, scorer=fuzz.ratio)[0]
        inside = process.cdist([text], self._texts, scorer=fuzz.token_set_ratio)[0] * TOKEN_WEIGHT
        if len(text) >= MIN_PARTIAL_LENGTH:
            partial = process.cdist([text], self._texts, scorer=fuzz.partial_ratio)[0] * PARTIAL_WEIGHT
            inside = np.maximum(inside, partial)
        return np.maximum(whole, np.where(self._lengths >= len(text), inside, 0))


def _key(hit: Hit) -> tuple:
    return (not hit.exact, -hit.score, hit.priority, len(hit.text), hit.opleiding_id)
