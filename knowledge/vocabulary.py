"""Words the knowledge base and the actions share: levels, school types, leerwegen, topics, labels and costs."""
from __future__ import annotations

import re

# A place someone comes from or goes to (routes.csv `van` / `naar`), with the name a pupil reads.
PLACE_NAMES = {
    "vmbo-basis": "vmbo basis", "vmbo-kader": "vmbo kader", "vmbo-gl": "vmbo gl", "vmbo-tl": "vmbo tl",
    "havo": "havo", "vwo": "vwo", "havo4": "havo 4", "vwo5": "vwo 5", "werk": "werk",
    "mbo1": "mbo niveau 1 (Entree)", "mbo2": "mbo niveau 2",
    "mbo3": "mbo niveau 3", "mbo4": "mbo niveau 4", "hbo": "het hbo", "wo": "het wo",
}
# The levels of follow-up education (perspectief.csv `niveau`), with the name an answer uses.
LEVELS = ("mbo1", "mbo2", "mbo3", "mbo4", "hbo", "wo")
LEVEL_NAMES = {**{level: PLACE_NAMES[level] for level in LEVELS}, "mbo1": "mbo niveau 1"}
SOORTEN = ("mbo", "hbo", "wo")  # the kinds of opleiding
TYPES_HO = ("bachelor", "associate degree", "master")  # the kinds of hbo and wo programme
SCHOOL_TYPES = ("vmbo", "havo", "vwo", "mbo", "hbo", "wo")
LEERWEGEN = ("bol", "bbl", "vmbo-basis", "vmbo-kader", "vmbo-gl", "vmbo-tl")
# What people call a vmbo leerweg, strongest first where a message names more than one.
VMBO_LEERWEGEN = {
    "basis": "vmbo-basis", "bb": "vmbo-basis",
    "basisberoepsgericht": "vmbo-basis", "basisberoepsgerichte": "vmbo-basis",
    "kader": "vmbo-kader", "kb": "vmbo-kader",
    "kaderberoepsgericht": "vmbo-kader", "kaderberoepsgerichte": "vmbo-kader",
    "gl": "vmbo-gl", "gemengd": "vmbo-gl", "gemengde": "vmbo-gl",
    "tl": "vmbo-tl", "theoretisch": "vmbo-tl", "theoretische": "vmbo-tl", "mavo": "vmbo-tl",
}

# The perspectief labels, best first, and how they rank.
LABELS = ("zeer goed", "goed", "redelijk", "matig", "slecht")
LABEL_RANK = {label: len(LABELS) - index for index, label in enumerate(LABELS)}
GOOD_LABELS = LABELS[:2]
WEAK_LABELS = LABELS[3:]
# What a pupil expects ('grote kans'), on the same scale.
EXPECTATIONS = (
    ("groot", "goed"), ("grote", "goed"), ("gemiddeld", "redelijk"), ("klein", "matig"), ("kleine", "matig"),
)

# Research topics for LOB staff (onderzoek.csv `topic`).
TOPICS = ("ouders", "sociale_media", "ombuiggesprekken", "macrodoelmatigheid", "lob_werkt", "motieven", "kansrijk")

# The kinds of cost (kosten.csv `soort`) and the words that name them, most specific first:
# "welke kosten naast het lesgeld, zoals boeken" is about boeken.
KOSTEN_WORDS = (
    ("bijkomend", r"boek|laptop|materia|schoolkosten|reis|\bov\b|kleding|excursie"),
    ("studiefinanciering", r"studiefinanciering|stufi|beurs|lening|lenen"),
    ("collegegeld", r"collegegeld"),
    ("cursusgeld", r"cursusgeld"),
    ("lesgeld", r"lesgeld"),
)
KOSTEN_SOORTEN = tuple(key for key, _ in KOSTEN_WORDS)

# The system topics (info.yaml `onderwerp`) and the words that name them.
ONDERWERPEN = (
    ("bbl", r"\bbbl\b|beroepsbegeleidend"),
    ("bol", r"\bbol\b|beroepsopleidend"),
    ("stapelen", r"stapel"),
    ("startkwalificatie", r"startkwalificatie"),
    ("kwalificatieplicht", r"kwalificatieplicht|leerplicht"),
    ("orientatiejaar", r"orientatie"),
    ("profielen", r"profiel|\bnt\b|\bng\b|\bem\b|\bcm\b"),
    ("numerus_fixus", r"numerus|fixus|loting|selectie"),
    ("leerbedrijf", r"leerbedrijf"),
    ("niveaus", r"niveau|entree"),
)

# The referrals (verwijzingen.csv `id`) that fit a question the assistant could not answer, and the words
# that make them fit, most specific first: "lesgeld op het mbo" is for DUO, not Kiesmbo.
VERWIJZING_WORDS = (
    ("duo", r"studiefinanciering|stufi|beurs|lening|lenen|studieschuld|lesgeld|collegegeld|cursusgeld"
            r"|reisproduct|studentenreis|\bduo\b"),
    ("stagemarkt", r"stage|stagi|leerbaan|leerbedrijf"),
    ("studiekeuze123", r"\bhbo|\bwo\b|universiteit|\buni\b|hogeschool|bachelor|master|numerus|fixus|associate"),
    ("kiesmbo", r"\bmbo|\broc\b|\bbol\b|\bbbl\b|entree"),
)
# A school type the conversation knows -> the referral for it, when the question itself names none.
VERWIJZING_SCHOOLTYPES = {"mbo": "kiesmbo", "hbo": "studiekeuze123", "wo": "studiekeuze123"}

# Words that make a (normalised) question one about work after the opleiding.
WORK_WORDS = (r"kans op (een )?(werk|baan)|baankans|werk vinden|een baan|banen|werkloos|vooruitzicht|perspectief"
              r"|arbeidsmarkt")


def first_match(table: tuple, words: str) -> str | None:
    """The key of the first (key, pattern) row whose pattern occurs in the (normalised) words."""
    return next((key for key, pattern in table if re.search(pattern, words)), None)


def vmbo_leerweg(words: str) -> str | None:
    """The vmbo leerweg the (normalised) words name: 'kader', 'kaderberoeps' -> 'vmbo-kader'; None when none."""
    named = {leerweg for word in re.split(r"[^0-9a-z]+", words) for name, leerweg in VMBO_LEERWEGEN.items()
             if word == name or (len(name) >= 5 and word.startswith(name))}
    return next((leerweg for leerweg in LEERWEGEN if leerweg in named), None)
