"""The loopbaangesprek's options: what fits the pupil's answers, why, its prospects, route and next step.

The options also make the printable "Jouw overzicht" card. No Action classes live here.

Interests come first (conversation rule IN1): `knowledge.advice` ranks opleidingen by what the pupil
said, then by the level their school leads to, then by prospects, with at most one kansrijker idea
from the same families (AL2/AU2). Each option's reason quotes the pupil's own words. The pupil's
own favourite always stays first, and the choice is explicitly theirs.
"""
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker

from actions.common import SURE_SCORE, level_label, match_name
from actions.interests import profile, read, top_types
from knowledge import advice, api
from knowledge.vocabulary import GOOD_LABELS, LEVEL_NAMES

QUESTIONS = ["r_bezigheden", "r_waarom", "r_werken_met", "r_vakken", "r_plek", "r_belangrijk", "r_sterk",
             "r_favoriet"]
SKIPPED = "overgeslagen"
PAUSED = "gepauzeerd"
MAX_OPTIONS = 5
# The action's own sentences, for a pupil and for a parent (rol=ouder), who answers about their child.
WORDING = {
    "favourite": ("Dit is je eigen favoriet.", "Dit is de favoriet van uw kind."),
    "fits": ("Dit past bij wat je vertelde.", "Dit past bij wat u vertelde."),
    "quote": ("Je zei {}.", "U zei {}."),
    "also": ("{naam} gaat ook over {familie}.", "{naam} gaat ook over {familie}."),
    "kansrijker": ("Kansrijker idee: in dezelfde richting, met meer kans op werk.",
                   "Kansrijker idee: in dezelfde richting, met meer kans op werk."),
    "title": ("Jouw overzicht", "Overzicht voor uw kind"),
    "discuss": ("Bespreek dit overzicht met je decaan, mentor of ouders.",
                "Bespreek dit overzicht met uw kind, en met de decaan of mentor."),
    "choice": ("Jij kiest. Dit overzicht wordt niet bewaard na dit gesprek.",
               "Uw kind kiest. Dit overzicht wordt niet bewaard na dit gesprek."),
}
NEXT_STEPS = ("loop een dag mee (meeloopdag)", "ga naar een open dag en vraag hoe een gewone lesdag eruitziet",
              "praat met iemand die dit werk doet")


@dataclass(frozen=True)
class Option:
    opleiding: api.Opleiding
    reden: Text
    kansen: Text
    kansrijk: bool
    route: Text
    stap: Text
    kansrijker: bool = False


def wording(tracker: Tracker, key: Text) -> Text:
    pupil, parent = WORDING[key]
    return parent if tracker.get_slot("rol") == "ouder" else pupil


def answers(tracker: Tracker, slots: List[Text] = QUESTIONS) -> List[Text]:
    values = [tracker.get_slot(slot) for slot in slots]
    return [v for v in values if v and v not in (SKIPPED, PAUSED)]


def prospects_text(opleiding: api.Opleiding) -> tuple:
    """('goed (SEOR 2024, ROA 2022 en 2023)', True) from the sector × niveau summary; a label that its
    source gives for a whole school type says so ('goed (…), voor techniek en bouw in het mbo als geheel')."""
    summary = api.perspectief(opleiding.sector_id, opleiding.niveau_key).samenvatting
    if not summary.label:
        return "geen betrouwbare cijfers, kijk op kiesmbo.nl of studiekeuze123.nl", False
    source = api.bron(summary.bron_id).kort
    scope = f", voor {summary.geldt_voor}" if summary.geldt_voor else ""
    return f"{summary.label} ({source}, {summary.periode}){scope}", summary.label in GOOD_LABELS


def route_text(opleiding: api.Opleiding) -> Text:
    if opleiding.soort == "mbo":
        ways = " of ".join(w.lower() for w in opleiding.leerwegen) or "bol"
        further = "daarna kun je door naar het hbo" if opleiding.niveau == 4 else "daarna kun je een niveau hoger"
        return f"{LEVEL_NAMES[opleiding.niveau_key]} in de {ways}; {further}"
    return "met havo, vwo of mbo 4" if opleiding.soort == "hbo" else "met vwo, of na een hbo-propedeuse"


def quoted(words: List[Text]) -> Text:
    """'"koken"' or '"koken" en "taart"': the two words that say most about this option."""
    marks = [f'"{shorten(w)}"' for w in words[:2]]
    return " en ".join(marks)


def shorten(text: Text) -> Text:
    return text if len(text) <= 60 else text[:57].rsplit(" ", 1)[0] + "…"


def reasons(tracker: Tracker, found: List[advice.Advice]) -> List[Text]:
    """Why each option fits, in the pupil's own words; no two reasons are the same."""
    families = api.families()
    said: List[Text] = []
    for item in found:
        if not item.woorden:
            text = wording(tracker, "fits")
        else:
            text = wording(tracker, "quote").format(quoted(list(item.woorden)))
            own = item.families or api.opleiding_families(item.opleiding.id)
            if text in said and own:
                familie = families[own[0]].naam.lower()
                text += " " + wording(tracker, "also").format(naam=item.opleiding.naam, familie=familie)
        if item.kansrijker:
            text = f"{wording(tracker, 'kansrijker')} {text}"
        if text in said:
            text += f" ({item.opleiding.naam})"
        said.append(text)
    return said


def make_option(opleiding: api.Opleiding, reden: Text, index: int, kansrijker: bool = False) -> Option:
    kansen, kansrijk = prospects_text(opleiding)
    return Option(opleiding, reden, kansen, kansrijk, route_text(opleiding), NEXT_STEPS[index % len(NEXT_STEPS)],
                  kansrijker)


def names_an_opleiding(text: Text) -> bool:
    """'kapper', 'pabo', 'mbo-v': a name the search is sure of ('haha' is not Kapper, 'politie' not
    Politicologie)."""
    found = api.find_opleidingen(text, limit=1)
    return bool(found) and found[0].score >= SURE_SCORE


def favourite_of(tracker: Tracker) -> Optional[api.Opleiding]:
    favourite = tracker.get_slot("r_favoriet")
    if not favourite or favourite in (SKIPPED, PAUSED) or not names_an_opleiding(favourite):
        return None
    return match_name(favourite, tracker).best


def build_options(tracker: Tracker) -> List[Option]:
    """Favourite first, then what fits best at a reachable level, then (if none yet) one kansrijker idea."""
    pupil = read(answers(tracker))
    schooltype = tracker.get_slot("schooltype")
    found = advice.options(pupil, None if schooltype in (SKIPPED, PAUSED) else schooltype)
    options: List[Option] = []
    favourite = favourite_of(tracker)
    if favourite:
        options.append(make_option(favourite, wording(tracker, "favourite"), 0))
        found = [a for a in found if a.opleiding.id != favourite.id]
        if options[0].kansrijk:
            found = [a for a in found if not a.kansrijker]
    extra = [a for a in found if a.kansrijker]
    found = [a for a in found if not a.kansrijker][:MAX_OPTIONS - len(options) - len(extra)] + extra
    for item, reden in zip(found, reasons(tracker, found)):
        options.append(make_option(item.opleiding, reden, len(options), item.kansrijker))
    return options


def type_labels(tracker: Tracker) -> List[Text]:
    labels = {t.type: t.label.lower() for t in api.riasec_types()}
    return [labels[t] for t in top_types(profile(answers(tracker)))]


def overview(tracker: Tracker, options: List[Option]) -> Dict[Text, Any]:
    """The 'Jouw overzicht' card: what the web page shows, prints and lets the pupil download."""
    return {
        "overzicht": {
            "titel": wording(tracker, "title"),
            "interesses": type_labels(tracker),
            "opties": [
                {"naam": o.opleiding.naam, "niveau": level_label(o.opleiding), "reden": o.reden,
                 "kansen": o.kansen, "kansrijk": o.kansrijk, "kansrijker": o.kansrijker, "route": o.route,
                 "stap": o.stap}
                for o in options
            ],
            "volgende_stap": wording(tracker, "discuss"),
            "let_op": wording(tracker, "choice"),
        }
    }
