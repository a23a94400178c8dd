"""Text normalisation shared by the loader, the search and the NLU export."""
from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
# DUO puts the degree type before hbo/wo names ("B Psychologie"); the name is the rest.
_DUO_TYPE_PREFIX = re.compile(r"^(B|M) ")
# Words in official names that nobody types ("Opleiding tot Verpleegkundige").
_FILLER_PREFIX = re.compile(r"^(bacheloropleiding|opleiding) (tot|voor) ")


def normalize(text: str) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only.lower()).strip()


def display_name(duo_name: str) -> str:
    """An hbo/wo name without DUO's degree prefix: 'B Psychologie' -> 'Psychologie'."""
    return _DUO_TYPE_PREFIX.sub("", duo_name.strip())


def search_name(name: str) -> str:
    """The normalised name people would type: 'Opleiding tot Verpleegkundige' -> 'verpleegkundige'."""
    return _FILLER_PREFIX.sub("", normalize(name))
