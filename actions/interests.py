"""Turn the pupil's reflection answers into an interest profile (RIASEC, after Holland / O*NET).

Content words only: nothing about gender or background is read, so the same interests
always give the same profile.
"""
import re
from collections import Counter
from typing import Dict, Iterable, List, Tuple

from actions.parsing import plain

TYPES = "RIASEC"

# Dutch stems a pupil might use, per RIASEC type. Our own wording, inspired by the O*NET items.
KEYWORDS: Dict[str, Tuple[str, ...]] = {
    "R": ("bouw", "repar", "sleutel", "auto", "brommer", "scooter", "fiets", "hout", "timmer", "las",
          "machine", "techniek", "technisch", "handen", "buiten", "dier", "paard", "hond", "plant",
          "tuin", "boer", "kok", "koken", "bakken", "sport", "voetbal", "fitness", "elektr", "install",
          "monteren", "praktisch", "vrachtwagen", "rijden", "vis", "natuur"),
    "I": ("onderzo", "uitzoeken", "puzzel", "proef", "wiskunde", "biologie", "scheikunde", "natuurkunde",
          "science", "computer", "programmer", "coderen", "game", "hoe iets werkt", "waarom", "ontdek",
          "rekenen", "logisch", "wetenschap", "analyse", "data", "ict", "laptop", "technologie"),
    "A": ("teken", "ontwerp", "muziek", "zing", "dans", "toneel", "theater", "film", "foto", "video",
          "schrijv", "verhal", "kunst", "creatief", "mode", "kleding", "haar", "make-up", "visagie",
          "nagels", "vormgev", "tekenen", "knutsel", "creëren", "bedenk", "maken"),
    "S": ("help", "mensen", "zorg", "verzorg", "kinderen", "oppassen", "uitleg", "lesgeven", "leraar",
          "luister", "praten", "samen", "vrienden", "ouderen", "opa", "oma", "begeleid", "team",
          "trainen", "coach", "anderen", "sociaal", "patient", "verpleeg"),
    "E": ("verkop", "verkoop", "winkel", "baas", "leiding", "organiser", "eigen bedrijf", "ondernem",
          "geld verdienen", "zaken", "overtuig", "presenter", "klanten", "gasten", "handel", "manager",
          "influencer", "marketing", "politiek", "discussie", "debat"),
    "C": ("administratie", "ordenen", "netjes", "precies", "planning", "plannen", "lijstjes", "excel",
          "cijfers", "boekhoud", "regels", "structuur", "overzicht", "archief", "controleren",
          "economie", "rekenen", "kantoor", "secretar", "logistiek", "magazijn"),
}

# Button answers count double: they are a direct choice between types.
CHOICES: Dict[str, str] = {
    "met mensen": "S", "met mijn handen": "R", "met dingen": "R", "met computers": "I",
    "met cijfers": "C", "met ideeen": "A", "met beeld": "A", "met dieren": "R", "met planten": "R",
    "leiding geven": "E", "verkopen": "E",
    "mensen helpen": "S", "iets maken": "A", "goed verdienen": "E", "zekerheid": "C",
    "vooral buiten": "R", "iets uitzoeken": "I",
}
CHOICE_WEIGHT = 2


def scores_for(text: str) -> Counter:
    """RIASEC scores of one answer."""
    words = plain(text)
    scores: Counter = Counter()
    for phrase, riasec in CHOICES.items():
        if phrase in words:
            scores[riasec] += CHOICE_WEIGHT
    for riasec, stems in KEYWORDS.items():
        scores[riasec] += sum(1 for stem in stems if re.search(r"\b" + re.escape(stem), words))
    return scores


def profile(answers: Iterable[str]) -> Counter:
    total: Counter = Counter()
    for answer in answers:
        total.update(scores_for(answer))
    return total


def top_types(scores: Counter, count: int = 2) -> List[str]:
    """The strongest types, ties broken in RIASEC order so the result is stable."""
    ranked = sorted((t for t in TYPES if scores[t] > 0), key=lambda t: (-scores[t], TYPES.index(t)))
    return ranked[:count]


def best_evidence(answers: Iterable[str], riasec: str) -> str:
    """The pupil's own answer that says most about a type, to quote back as the reason."""
    scored = [(scores_for(a)[riasec], a) for a in answers]
    best = max(scored, key=lambda pair: pair[0], default=(0, ""))
    return best[1] if best[0] > 0 else ""
