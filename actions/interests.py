"""The pupil's interest profile from their reflection answers.

Read with the knowledge base's interest lexicon (`knowledge.interests`, after Holland / O*NET).

Content words only: nothing about gender or background is read, so the same interests
always give the same profile.
"""
from collections import Counter
from typing import Iterable, List

from knowledge import advice
from knowledge.interests import Profile
from knowledge.interests import top_types as _top_types


def read(answers: Iterable[str]) -> Profile:
    """Which lexicon rows the answers match, in the pupil's words, with family and RIASEC support."""
    return advice.profile([a for a in answers if a])


def profile(answers: Iterable[str]) -> Counter:
    """RIASEC scores of the answers."""
    return read(answers).riasec


def top_types(scores: Counter, count: int = 2) -> List[str]:
    """The strongest types, ties broken in RIASEC order so the result is stable."""
    return _top_types(scores, count)
