"""Rank answer cards for a message: TF-IDF (scikit-learn) over lemmas and character n-grams.

A card is represented by its title, its example questions and its answer. A message is compared
with each of them and with their sum (cosine similarity of TF-IDF vectors: lemmas without function
words, and character 3-5-grams within words); a card's score is the mean of its best example and
its sum, so one close example counts, and so do the words of the card as a whole. Sector synonyms from the knowledge base add the sector's id as a word,
so "de zorg" and "verpleging" meet the card about zorg_welzijn. What the conversation already knows
(school type, level, sector, leerweg) moves cards about the same thing up and cards about another
thing down.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from knowledge.results import Kaart
from knowledge.text import normalize

CONTEXT_BONUS = 0.06  # a card about what the conversation is about
CONTEXT_PENALTY = 0.06  # a card only about something else (mbo cards when the user asked about the wo)
WORD_WEIGHT = 0.4  # the rest is character n-grams (measured on the dev set: 0.4 > 0.5 > 0.7)
BEST_EXAMPLE_WEIGHT = 0.5  # the rest is the similarity with the whole card
Lemmatizer = Callable[[str], list[str]]

# Dutch function words: they say little about what a question is about.
STOP_WORDS = frozenset("""
de het een en of in op aan van voor met naar bij om te tot als dan dat die dit wat welke wie hoe waar
wanneer waarom ik je jij u we wij ze zij hij mijn jouw uw ons onze hun is zijn was ben bent heb hebt heeft
hebben kan kun kunnen kunt wil wilt willen moet moeten mag mogen er nog ook wel niet geen al maar zo
eigenlijk nou dus even toch echt heel veel meer""".split())
_LEVEL = re.compile(r"\b(?:mbo|niveau)\s?([1-4])\b")
_SCHOOL_WORDS = {
    "vmbo": "vmbo", "mavo": "vmbo", "havo": "havo", "vwo": "vwo", "atheneum": "vwo", "gymnasium": "vwo",
    "mbo": "mbo", "roc": "mbo", "hbo": "hbo", "hogeschool": "hbo", "wo": "wo", "universiteit": "wo", "uni": "wo",
}
_LEERWEG_WORDS = {"bol": "bol", "bbl": "bbl", "basis": "vmbo-basis", "kader": "vmbo-kader", "tl": "vmbo-tl",
                  "mavo": "vmbo-tl", "gl": "vmbo-gl"}


@dataclass(frozen=True)
class CardHit:
    kaart: Kaart
    score: float


class CardIndex:
    """Built once per knowledge base (knowledge.api caches it); `rank` is cheap."""

    def __init__(self, cards: Iterable[Kaart], sector_synonyms: Mapping[str, str], lemmatize: Lemmatizer):
        self.cards = list(cards)
        self._lemmatize = lemmatize
        self._synonyms = {normalize(word): sector for word, sector in sector_synonyms.items()}
        self._longest_synonym = max((len(w.split()) for w in self._synonyms), default=1)
        texts, owners = [], []
        for position, card in enumerate(self.cards):
            for text in (card.titel, *card.vragen, card.leerling):
                texts.append(text)
                owners.append(position)
        self._owners = np.array(owners)
        self._words = TfidfVectorizer(analyzer=self._word_features, sublinear_tf=True)
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                      preprocessor=normalize)
        examples = self._stack(self._words.fit_transform(texts), self._chars.fit_transform(texts))
        membership = csr_matrix((np.ones(len(owners)), (self._owners, np.arange(len(owners)))),
                                shape=(len(self.cards), len(owners)))
        self._examples = examples.T.tocsr()
        self._wholes = l2_normalize(membership @ examples).T.tocsr()

    def rank(self, text: str, context: Mapping[str, Iterable[str]] | None = None, limit: int = 3) -> list[CardHit]:
        """The best cards for `text`, best first. `context`: {schooltype|niveau|sector|leerweg: values}
        known in the conversation; what the message itself says counts too."""
        query = self._stack(self._words.transform([text]), self._chars.transform([text]))
        similarity = (query @ self._examples).toarray().ravel()
        best = np.zeros(len(self.cards))
        np.maximum.at(best, self._owners, similarity)
        whole = (query @ self._wholes).toarray().ravel()
        known = {key: set(values) for key, values in (context or {}).items() if values}
        for key, values in self.context_of(text).items():
            known[key] = values  # what the message says wins over what was said before
        scores = BEST_EXAMPLE_WEIGHT * best + (1 - BEST_EXAMPLE_WEIGHT) * whole + np.array([_context_shift(card, known) for card in self.cards])
        order = np.argsort(-scores)[:limit]
        return [CardHit(self.cards[i], float(scores[i])) for i in order]

    def context_of(self, text: str) -> dict[str, set[str]]:
        """School types, mbo levels, leerwegen and sectors named in `text`."""
        plain = normalize(text)
        words = plain.split()
        found: dict[str, set[str]] = {}
        levels = {f"mbo{n}" for n in _LEVEL.findall(plain)}
        schools = {_SCHOOL_WORDS[w] for w in words if w in _SCHOOL_WORDS}
        levels |= {s for s in schools if s in ("hbo", "wo")}
        leerwegen = {_LEERWEG_WORDS[w] for w in words if w in _LEERWEG_WORDS}
        sectors = set(self._sectors_in(words))
        for key, values in (("niveau", levels), ("schooltype", schools), ("leerweg", leerwegen), ("sector", sectors)):
            if values:
                found[key] = values
        return found

    def _sectors_in(self, words: list[str]) -> Iterable[str]:
        for size in range(1, self._longest_synonym + 1):
            for start in range(len(words) - size + 1):
                sector = self._synonyms.get(" ".join(words[start:start + size]))
                if sector:
                    yield sector

    def _word_features(self, text: str) -> list[str]:
        lemmas = [lemma for lemma in self._lemmatize(normalize(text)) if lemma not in STOP_WORDS]
        pairs = [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:])]
        return lemmas + pairs + [f"sector:{s}" for s in self._sectors_in(normalize(text).split())]

    @staticmethod
    def _stack(words, chars):
        return l2_normalize(hstack([words * WORD_WEIGHT, chars * (1 - WORD_WEIGHT)]).tocsr())


def _context_shift(card: Kaart, known: Mapping[str, set[str]]) -> float:
    shift = 0.0
    for key, values in card.over.items():
        if key not in known:
            continue
        shift += CONTEXT_BONUS if known[key] & set(values) else -CONTEXT_PENALTY
    return shift
