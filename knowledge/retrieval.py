"""Rank answer cards for a message: a linear classifier (scikit-learn) over lemmas and character n-grams.

Every card's title, example questions and answer are training texts labelled with the card. Features are
TF-IDF vectors of lemmas without function words (and their pairs) and of character 3-5-grams within
words; sector synonyms from the knowledge base add the sector's id as a word, so "de zorg" and
"verpleging" meet the card about zorg_welzijn. The classifier is logistic regression fitted by
stochastic gradient descent (fast enough to fit when the knowledge base loads) and gives each card a
probability: on the dev set that probability separates right from wrong best cards much better than
the cosine similarity to the examples did (README "Understanding"). What the conversation already
knows (school type, level, sector, leerweg) moves cards about the same thing up and cards about
another thing down, on the classifier's log-odds, unless the message itself says otherwise.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.sparse import hstack
from scipy.special import expit
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.preprocessing import normalize as l2_normalize

from knowledge.results import Kaart
from knowledge.text import normalize

CONTEXT_SHIFT = 1.0  # log-odds up for a card about what the conversation is about, down for one only about else
WORD_WEIGHT = 0.4  # the rest is character n-grams (measured on the dev set: 0.4 > 0.6)
REGULARISATION = 3e-5  # SGDClassifier's alpha (dev set: 1e-5 to 1e-4 rank alike; 3e-5 separates best)
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
_SCHOOL_KEYS = {"schooltype", "niveau", "leerweg"}
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
        self._words = TfidfVectorizer(analyzer=self._word_features, sublinear_tf=True)
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                      preprocessor=normalize)
        features = self._join(self._words.fit_transform(texts), self._chars.fit_transform(texts))
        self._classifier = SGDClassifier(loss="log_loss", alpha=REGULARISATION, max_iter=50, tol=1e-4,
                                         random_state=1).fit(features, owners)
        # column-major weights: scoring multiplies by their transpose, which is then contiguous, so scipy
        # does not copy all the weights for every message (1.4 ms -> 0.03 ms)
        self._classifier.coef_ = np.asfortranarray(self._classifier.coef_)

    def rank(self, text: str, context: Mapping[str, Iterable[str]] | None = None, limit: int = 3,
             exclude: Iterable[str] = ()) -> list[CardHit]:
        """The best cards for `text`, best first, with the probability that each is the one meant.
        `context`: {schooltype|niveau|sector|leerweg: values} known in the conversation; `exclude`:
        ids of cards known not to be meant (the probabilities are then among the others)."""
        features = self._join(self._words.transform([text]), self._chars.transform([text]))
        known = self._earlier_context(text, context or {})
        shift = np.array([_context_shift(self.cards[c], known) for c in self._classifier.classes_])
        # one-vs-rest probabilities, normalised over the cards, as SGDClassifier.predict_proba does
        chances = expit(self._classifier.decision_function(features)[0] + shift)
        excluded = set(exclude)
        chances[[self.cards[c].id in excluded for c in self._classifier.classes_]] = 0.0
        chances /= chances.sum() or 1.0
        order = np.argsort(-chances)[:limit]
        return [CardHit(self.cards[self._classifier.classes_[i]], float(chances[i])) for i in order]

    def _earlier_context(self, text: str, context: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
        """What the conversation knows that the message does not say itself (the classifier reads the
        message's own words; dev set: shifting for them too ranks worse). A message that names a school
        type, level or leerweg replaces all three."""
        said = set(self.context_of(text))
        if said & _SCHOOL_KEYS:
            said |= _SCHOOL_KEYS
        return {key: set(values) for key, values in context.items() if values and key not in said}

    @staticmethod
    def _join(words, chars):
        """One unit-length row per text: lemma features and character features, weighted."""
        return l2_normalize(hstack([words * WORD_WEIGHT, chars * (1 - WORD_WEIGHT)]).tocsr())

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


def _context_shift(card: Kaart, known: Mapping[str, set[str]]) -> float:
    shift = 0.0
    for key, values in card.over.items():
        if key not in known:
            continue
        shift += CONTEXT_SHIFT if known[key] & set(values) else -CONTEXT_SHIFT
    return shift
