"""Word patterns for the interest lexicon and the programme families, and matching them on text.

A pattern list is `|`-separated; a pattern is one or more words that must follow each other:

    koken          the word itself or an inflected form ('kok' matches kok, koks; 'dier' matches dieren)
    dier*          a word that starts with 'dier' (dieren, dierenarts, dierverzorging)
    *techniek      a compound that ends in 'techniek' (autotechniek), not 'techniek' itself
    *hout*         a word with 'hout' in it (houtbewerker, meubelhout)
    met je handen  three words in a row

Text is normalised with `knowledge.text.normalize` and hyphens dropped ('make-up' = 'makeup'), so\naccents and case do not matter. In free text a
clause with a negation ('ik vind koken niks', 'geen kantoorwerk') does not count (`clauses`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.text import normalize

# Endings of Dutch plural, verb and diminutive forms: 'brommers', 'dieren', 'bouwt', 'tekende', 'filmpjes'.
INFLECTIONS = ("", "s", "e", "en", "t", "te", "ten", "de", "den", "je", "jes", "tje", "tjes")
NEGATIONS = frozenset({"niet", "geen", "niks", "niets", "nooit", "hekel", "haat", "saai", "vreselijk", "stom"})
# A clause that says what the pupil likes most: 'economie heeft mijn voorkeur', 'mijn droom is …'.
PREFERENCES = frozenset({"voorkeur", "liefst", "liefste", "leukst", "leukste", "favoriet", "favoriete", "droom",
                         "passie", "superleuk", "geweldig", "ongelofelijk"})
_CLAUSE_BREAK = re.compile(r"[.,;:!?\n]+|\b(?:maar|behalve)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+(?:-\w+)*")
_PATTERN_WORD = re.compile(r"^\*?[0-9a-z]+\*?$")
_RAW_WORD = re.compile(r"^\*?[^\W_]+(?:-[^\W_]*)*\*?$")  # letters and digits, hyphens inside or at the end


@dataclass(frozen=True)
class Word:
    text: str
    prefix: bool = False  # dier*
    suffix: bool = False  # *techniek

    def matches(self, token: str) -> bool:
        if self.prefix and self.suffix:
            return self.text in token
        if self.prefix:
            return token.startswith(self.text)
        if self.suffix:
            return token.endswith(self.text) and len(token) > len(self.text)
        return any(token == self.text + ending for ending in INFLECTIONS)


@dataclass(frozen=True)
class Pattern:
    source: str
    words: tuple[Word, ...]

    def find(self, tokens: list[str]) -> list[int]:
        """Start positions where the pattern matches the tokens."""
        size = len(self.words)
        return [
            start for start in range(len(tokens) - size + 1)
            if all(word.matches(tokens[start + i]) for i, word in enumerate(self.words))
        ]


def parse(patterns: str) -> tuple[Pattern, ...]:
    """'koken|kok*|met je handen' -> patterns; raises ValueError on a malformed one."""
    parsed = []
    for source in (p.strip() for p in patterns.split("|")):
        words = []
        for raw in source.split(" "):
            if not _RAW_WORD.match(raw):
                raise ValueError(f"ongeldig patroon '{source}'")
            text = word_key(raw.strip("*")).join(["*" if raw.startswith("*") else "", "*" if raw.endswith("*") else ""])
            if not _PATTERN_WORD.match(text):
                raise ValueError(f"ongeldig patroon '{source}'")
            words.append(Word(text.strip("*"), prefix=text.endswith("*"), suffix=text.startswith("*")))
        parsed.append(Pattern(source, tuple(words)))
    return tuple(parsed)


def word_key(word: str) -> str:
    """One word as patterns see it: 'Make-up' -> 'makeup', 'Commerciële' -> 'commerciele'."""
    return normalize(word).replace(" ", "")


def tokens(text: str) -> list[str]:
    return [key for key in map(word_key, _WORD.findall(text or "")) if key]


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]  # as the pupil wrote them, for quoting
    tokens: tuple[str, ...]  # normalised, one per word
    negated: bool
    preferred: bool = False


def clauses(text: str) -> list[Clause]:
    """The text cut at punctuation and 'maar'; a clause with 'niet', 'geen', 'niks' … is negated, one
    with 'voorkeur', 'liefst', 'droom' … says what the pupil prefers."""
    result = []
    for part in _CLAUSE_BREAK.split(text or ""):
        words = [w for w in _WORD.findall(part or "") if word_key(w)]
        normalised = [word_key(w) for w in words]
        if words:
            result.append(Clause(tuple(words), tuple(normalised), any(t in NEGATIONS for t in normalised),
                                 any(t in PREFERENCES for t in normalised)))
    return result


def quote(clause: Clause, pattern: Pattern, start: int) -> str:
    """The pupil's own words that a pattern matched."""
    return " ".join(clause.words[start:start + len(pattern.words)])
