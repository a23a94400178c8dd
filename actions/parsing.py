"""Pure functions that turn what users type into the keys the knowledge base uses."""
import re
import unicodedata
from typing import Optional, Tuple

from knowledge.vocabulary import EXPECTATIONS, KOSTEN_WORDS, ONDERWERPEN, first_match, vmbo_leerweg

KNOWLEDGE_ID = re.compile(r"\b((?:mbo|hbo|wo)-\d{5})\b")
STOP_WORDS = {"stop", "stoppen", "laat maar", "nvm", "annuleer", "ander onderwerp"}
SKIP_WORDS = {"sla over", "overslaan", "skip", "weet ik niet", "geen idee", "weet niet", "idk", "nee", "niks"}
PAY_WORDS = re.compile(r"\b(verdien\w*|salaris\w*|startsalaris|loon|lonen|inkomen|betaalt? het( goed)?)\b")
# a school in a route question, with its level or leerweg ('vmbo kader', 'mbo 4', 'havodiploma'), and
# whether 'naar' comes before it (where the pupil wants to go) or 'advies' after it (not their school)
SCHOOL_MENTION = re.compile(
    r"\b(naar (?:de |het |een )?)?((?:v?mbo|mavo|havo|vwo|hbo|gymnasium|atheneum)"
    r"(?:[- ]?(?:diploma|basis|kader|tl|gl|[1-4]|niveau [1-4]))*)(?![a-z])((?:[-/ ]\w+)?[- ]?advies)?"
)
PARENT_WORDS = re.compile(r"\b(mijn (zoon|dochter|kind|kinderen)|onze (zoon|dochter)|uw)\b")


def plain(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: 'Oriëntatiejaar ' -> 'orientatiejaar'."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def is_stop(text: Optional[str]) -> bool:
    return plain(text or "").strip(" .!") in STOP_WORDS


def is_skip(text: Optional[str]) -> bool:
    """'sla over', 'weet ik niet': the user passes on this question."""
    return plain(text or "").strip(" .!") in SKIP_WORDS


def knowledge_id_in(text: str) -> Optional[str]:
    """A knowledge-base id in a button payload: 'Meer over Kapper (mbo-25402)' -> 'mbo-25402'."""
    match = KNOWLEDGE_ID.search(text or "")
    return match.group(1) if match else None


def onderwijs_of(text: Optional[str]) -> Optional[str]:
    """'hogeschool' -> 'hbo', 'uni' -> 'wo', 'mbo 4' -> 'mbo'; None for anything else."""
    words = plain(text or "")
    if re.search(r"\b(wo|uni|universiteit|wetenschappelijk)\b", words):
        return "wo"
    if re.search(r"\b(hbo|hogeschool|associate degree|hoger beroeps)|\bad\b", words):
        return "hbo"
    if re.search(r"\b(mbo|roc|middelbaar beroeps|bol|bbl|entree)\b", words):
        return "mbo"
    return None


def niveau_of(text: Optional[str]) -> Optional[int]:
    """'niveau 2', 'mbo 3', 'n4', 'mbo-4' -> 2, 3, 4; None when no mbo level 1-4 is named."""
    # a hyphen joins ("mbo-4"); after a space it is a minus sign ("niveau -1")
    match = re.search(r"\b(?:niveau|mbo|n)(?:\s*|-)([1-4])\b", plain(text or ""))
    return int(match.group(1)) if match else None


def schooltype_key(text: Optional[str]) -> Optional[str]:
    """The school a pupil is in, as the knowledge base's route key."""
    words = plain(text or "")
    level = niveau_of(words)
    if re.search(r"\b(mbo|roc)\b", words) or (level and "vmbo" not in words):
        return f"mbo{level}" if level else "mbo4"
    if re.search(r"\b(vmbo|mavo)\b", words) or words in {"basis", "kader", "tl", "gl"}:
        return vmbo_leerweg(words) or "vmbo-tl"
    if re.search(r"\bhavo\b", words):
        return "havo"
    if re.search(r"\b(vwo|gymnasium|atheneum)\b", words):
        return "vwo"
    return onderwijs_of(words) if words in {"hbo", "hogeschool", "wo", "uni", "universiteit"} else None


def route_ends(text: Optional[str]) -> Tuple[Optional[str], Optional[str]]:
    """Where a route question starts and where it goes: 'na het havodiploma naar het vwo?' ->
    ('havo', 'vwo'); 'met een havo-advies zit hij nu op vmbo kader' -> ('vmbo kader', None)."""
    origin = destination = None
    for match in SCHOOL_MENTION.finditer(plain(text or "")):
        school = re.sub(r"[- ]?diploma", "", match.group(2)).replace("-", " ")
        if match.group(1):
            destination = destination or school
        elif not match.group(3):
            origin = origin or school
    return origin, destination


def kostensoort_of(text: Optional[str]) -> Optional[str]:
    return first_match(KOSTEN_WORDS, plain(text or ""))


def default_kostensoort(onderwijs: str, leerweg: Optional[str]) -> str:
    """What 'wat kost het' means: lesgeld (mbo bol), cursusgeld (mbo bbl) or collegegeld (hbo, wo)."""
    if onderwijs == "mbo":
        return "cursusgeld" if plain(leerweg or "") == "bbl" else "lesgeld"
    return "collegegeld"


def onderwerp_of(text: Optional[str]) -> Optional[str]:
    """A system topic ('wat is stapelen?') as the knowledge base's route_info key."""
    return first_match(ONDERWERPEN, plain(text or ""))


def expected_label(answer: Optional[str]) -> Optional[str]:
    """A pupil's expectation on the label scale: 'grote kans' -> 'goed', 'gemiddeld' -> 'redelijk',
    'kleine kans' -> 'matig'; None for 'weet ik niet'."""
    words = plain(answer or "").split()
    return next((label for word, label in EXPECTATIONS if word in words), None)


def asks_about_pay(text: Optional[str]) -> bool:
    """'hoeveel verdien je als kapper?': a question about salary, which the knowledge base does not hold."""
    return bool(PAY_WORDS.search(plain(text or "")))


def is_parent_message(text: Optional[str]) -> bool:
    return bool(PARENT_WORDS.search(plain(text or "")))


# Where a pupil is heading from the school they are in now (the knowledge base's level keys).
NEXT_LEVEL = {
    "vmbo-basis": "mbo2", "vmbo-kader": "mbo3", "vmbo-gl": "mbo4", "vmbo-tl": "mbo4",
    "havo": "hbo", "vwo": "wo", "mbo1": "mbo2", "mbo2": "mbo3", "mbo3": "mbo4", "mbo4": "hbo",
}


def next_level(school: Optional[str]) -> Optional[str]:
    """'vmbo kader' -> 'mbo3', 'havo' -> 'hbo'; 'hbo'/'wo' stay; None when unknown."""
    key = schooltype_key(school) or ""
    return key if key in ("hbo", "wo") else NEXT_LEVEL.get(key)
