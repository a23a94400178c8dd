"""The digital loopbaangesprek: interest questions, then 3-5 options that fit, with honest prospects.

Interests come first (conversation rule IN1): options are ranked by fit with the pupil's
answers; a kansrijk option is added only from a sector the interests support (AL2/AU2).
The pupil's own favourite always stays in the list, and the choice is explicitly theirs.
"""
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import KnowledgeAction, level_label, match_name
from actions.interests import best_evidence, profile, top_types
from actions.parsing import is_stop, next_level, plain
from actions.system import known_schooltype
from knowledge import api

QUESTIONS = ["r_bezigheden", "r_waarom", "r_werken_met", "r_vakken", "r_plek", "r_belangrijk", "r_sterk",
             "r_favoriet"]
OPEN_QUESTIONS = ["r_bezigheden", "r_waarom", "r_vakken", "r_sterk"]  # quoted back as the reason
FORM_SLOTS = QUESTIONS + ["schooltype"]
SKIPPED = "overgeslagen"
PAUSED = "gepauzeerd"
SKIP_WORDS = {"sla over", "overslaan", "skip", "weet ik niet", "geen idee", "weet niet", "idk", "nee", "niks"}
MAX_ANSWER_CHARS = 200
MAX_OPTIONS = 5
MIN_OPTIONS = 3
# The action's own sentences, for a pupil and for a parent (rol=ouder), who answers about their child.
WORDING = {
    "favourite": ("Dit is je eigen favoriet.", "Dit is de favoriet van uw kind."),
    "fits": ("Dit past bij wat je vertelde.", "Dit past bij wat u vertelde."),
    "quote": ('Je zei: "{}".', 'U zei: "{}".'),
    "look_outside": ("Een kijkje in een wereld waar je misschien nog niet aan dacht. Gewoon om te kijken.",
                     "Een kijkje in een wereld waar uw kind misschien nog niet aan dacht. Gewoon om te kijken."),
    "title": ("Jouw overzicht", "Overzicht voor uw kind"),
    "discuss": ("Bespreek dit overzicht met je decaan, mentor of ouders.",
                "Bespreek dit overzicht met uw kind, en met de decaan of mentor."),
    "choice": ("Jij kiest. Dit overzicht wordt niet bewaard na dit gesprek.",
               "Uw kind kiest. Dit overzicht wordt niet bewaard na dit gesprek."),
}
GOOD = ("zeer goed", "goed")
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


def wording(tracker: Tracker, key: Text) -> Text:
    pupil, parent = WORDING[key]
    return parent if tracker.get_slot("rol") == "ouder" else pupil


def answers(tracker: Tracker, slots: List[Text] = QUESTIONS) -> List[Text]:
    values = [tracker.get_slot(slot) for slot in slots]
    return [v for v in values if v and v not in (SKIPPED, PAUSED)]


def reason(tracker: Tracker, riasec: Text) -> Text:
    """Why an option fits, in the pupil's own words (a free-text answer if one fits)."""
    words = best_evidence(answers(tracker, OPEN_QUESTIONS), riasec) or best_evidence(answers(tracker), riasec)
    return wording(tracker, "quote").format(shorten(words)) if words else wording(tracker, "fits")


def prospects_text(opleiding: api.Opleiding) -> tuple:
    """('goed (SEOR 2024, ROA 2022 en 2023)', True) from the sector × niveau summary."""
    summary = api.perspectief(opleiding.sector_id, opleiding.niveau_key).samenvatting
    if not summary.label:
        return "geen betrouwbare cijfers, kijk op kiesmbo.nl of studiekeuze123.nl", False
    source = api.bron(summary.bron_id).kort
    return f"{summary.label} ({source}, {summary.periode})", summary.label in GOOD


def route_text(opleiding: api.Opleiding) -> Text:
    if opleiding.soort == "mbo":
        ways = " of ".join(w.lower() for w in opleiding.leerwegen) or "bol"
        further = "daarna kun je door naar het hbo" if opleiding.niveau == 4 else "daarna kun je een niveau hoger"
        return f"mbo niveau {opleiding.niveau} in de {ways}; {further}"
    return "met havo, vwo of mbo 4" if opleiding.soort == "hbo" else "met vwo, of na een hbo-propedeuse"


def shorten(text: Text) -> Text:
    return text if len(text) <= 60 else text[:57].rsplit(" ", 1)[0] + "…"


def make_option(opleiding: api.Opleiding, reden: Text, index: int) -> Option:
    kansen, kansrijk = prospects_text(opleiding)
    return Option(opleiding, reden, kansen, kansrijk, route_text(opleiding), NEXT_STEPS[index % len(NEXT_STEPS)])


def examples(sector_id: Text, level: Text, limit: int) -> List[api.Opleiding]:
    """Opleidingen of a sector at the pupil's level, or one mbo level up when there are none."""
    found = api.sector_examples(sector_id, level, limit=limit)
    if not found and level in ("mbo2", "mbo3"):
        found = api.sector_examples(sector_id, f"mbo{int(level[-1]) + 1}", limit=limit)
    return found


def build_options(tracker: Tracker) -> List[Option]:
    """Favourite first, then the best-fitting sectors, then (if none yet) one kansrijk sector that fits."""
    scores = profile(answers(tracker))
    level = next_level(tracker.get_slot("schooltype")) or "mbo4"
    options: List[Option] = []

    favourite = tracker.get_slot("r_favoriet")
    if favourite and favourite not in (SKIPPED, PAUSED) and plain(favourite) not in SKIP_WORDS:
        found = match_name(favourite, tracker)
        chosen = found.opleiding or (found.choices[0] if found.choices else None)
        if chosen:
            options.append(make_option(chosen, wording(tracker, "favourite"), 0))

    ranked_sectors = sector_ranking(scores)
    for sector_id, riasec in ranked_sectors:
        if len(options) >= MIN_OPTIONS + 1:
            break
        for opleiding in examples(sector_id, level, limit=1):
            if all(o.opleiding.id != opleiding.id for o in options):
                options.append(make_option(opleiding, reason(tracker, riasec), len(options)))

    if not any(o.kansrijk for o in options):
        for sector_id, riasec in ranked_sectors:
            kansrijk = [o for o in examples(sector_id, level, limit=2) if prospects_text(o)[1]]
            if kansrijk:
                options.append(make_option(kansrijk[0], reason(tracker, riasec), len(options)))
                break
    add_looks_outside(options, level, wording(tracker, "look_outside"))
    return options[:MAX_OPTIONS]


def add_looks_outside(options: List[Option], level: Text, reden: Text) -> None:
    """Too few options, or none kansrijk: add a look at a kansrijke world the pupil may not know (AL3)."""
    for sector in api.sectors():
        if len(options) >= MIN_OPTIONS and any(o.kansrijk for o in options):
            return
        for opleiding in examples(sector.id, level, limit=1):
            kansen, kansrijk = prospects_text(opleiding)
            if kansrijk and all(o.opleiding.sector_id != sector.id for o in options):
                options.append(Option(opleiding, reden, kansen, True, route_text(opleiding),
                                      NEXT_STEPS[len(options) % len(NEXT_STEPS)]))


def sector_ranking(scores) -> List[tuple]:
    """Sectors that fit the profile, best first: (sector_id, the RIASEC type that fits most).

    A sector's main type counts double, its second type once; ties keep the taxonomy's order.
    """
    ranked = []
    for order, sector in enumerate(api.sectors()):
        main, *rest = sector.riasec
        points = 2 * scores[main] + sum(scores[t] for t in rest)
        if points > 0:
            fitting = max(sector.riasec, key=lambda t: scores[t] * (2 if t == main else 1))
            ranked.append((-points, order, sector.id, fitting))
    return [(sector_id, riasec) for _, _, sector_id, riasec in sorted(ranked)]


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
                 "kansen": o.kansen, "kansrijk": o.kansrijk, "route": o.route, "stap": o.stap}
                for o in options
            ],
            "volgende_stap": wording(tracker, "discuss"),
            "let_op": wording(tracker, "choice"),
        }
    }


class ValidateReflectionForm(FormValidationAction):
    """Every answer is accepted; 'sla over' skips a question and 'stop' pauses the whole form."""

    def name(self) -> Text:
        return "validate_reflection_form"

    def _answer(self, slot: Text, value: Any, tracker: Tracker) -> Dict[Text, Any]:
        text = " ".join(str(value or "").split())[:MAX_ANSWER_CHARS]
        if is_stop(text):
            unfilled = {s: PAUSED for s in FORM_SLOTS if tracker.get_slot(s) in (None, PAUSED)}
            return {**unfilled, slot: PAUSED, "reflectie_status": PAUSED}
        if plain(text).strip(" .!") in SKIP_WORDS:
            return {slot: SKIPPED}
        return {slot: text}

    def __getattr__(self, name: Text):
        # validate_r_bezigheden … validate_r_favoriet all work the same way.
        slot = name.removeprefix("validate_")
        if name.startswith("validate_") and slot in QUESTIONS:
            return lambda value, dispatcher, tracker, domain: self._answer(slot, value, tracker)
        raise AttributeError(name)

    def validate_schooltype(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if is_stop(value):
            return self._answer("schooltype", value, tracker)
        return {"schooltype": known_schooltype(value, dispatcher)}


class ActionReflectionResult(KnowledgeAction):
    def name(self) -> Text:
        return "action_reflection_result"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if tracker.get_slot("reflectie_status") == PAUSED:
            dispatcher.utter_message(response="utter_reflection_paused")
            # Clear the placeholders so the form asks these questions again on 'verder'.
            return [SlotSet(s, None) for s in FORM_SLOTS if tracker.get_slot(s) == PAUSED]

        options = build_options(tracker)
        if not options:
            dispatcher.utter_message(response="utter_reflection_no_profile")
            return [SlotSet("reflectie_status", "klaar")]
        labels = type_labels(tracker)
        dispatcher.utter_message(response="utter_reflection_intro", typen=" en ".join(labels) or "breed geïnteresseerd")
        for number, option in enumerate(options, start=1):
            dispatcher.utter_message(
                response="utter_reflection_option", nummer=number, naam=option.opleiding.naam,
                niveau=level_label(option.opleiding), reden=option.reden, kansen=option.kansen,
                route=option.route, stap=option.stap,
            )
        dispatcher.utter_message(response="utter_reflection_choice")
        dispatcher.utter_message(json_message=overview(tracker, options))
        favourite = next((o.opleiding for o in options if o.reden == wording(tracker, "favourite")), None)
        events = [SlotSet("reflectie_status", "klaar")]
        if favourite:
            events.append(SlotSet("opleiding_id", favourite.id))
        return events


class ActionOverview(KnowledgeAction):
    """'Mijn overzicht': the summary card again, rebuilt from this conversation's answers."""

    def name(self) -> Text:
        return "action_overview"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        options = build_options(tracker) if tracker.get_slot("reflectie_status") == "klaar" else []
        if not options:
            dispatcher.utter_message(response="utter_overview_empty")
            return []
        card = overview(tracker, options)
        dispatcher.utter_message(
            response="utter_overview_text",
            interesses=", ".join(card["overzicht"]["interesses"]) or "nog niet duidelijk",
            opties="; ".join(f"{o['naam']} ({o['niveau']})" for o in card["overzicht"]["opties"]),
            stap=options[0].stap,
        )
        dispatcher.utter_message(json_message=card)
        return []
