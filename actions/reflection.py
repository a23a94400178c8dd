"""The digital loopbaangesprek: interest questions, then 3-5 options that fit, with honest prospects.

Interests come first (conversation rule IN1): `knowledge.advice` ranks opleidingen by what the pupil
said, then by the level their school leads to, then by prospects, with at most one kansrijker idea
from the same families (AL2/AU2). Each option's reason quotes the pupil's own words. The pupil's
own favourite always stays first, and the choice is explicitly theirs.

The form never gets stuck: a message the form cannot take (small talk, a question) is answered by
the rules, unless it plainly answers the question; a second one for the same question skips it
with a kind word.
"""
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.cards import answer_with_card
from actions.common import SURE_SCORE, KnowledgeAction, level_label, match_name
from actions.forms import FormValidation
from actions.interests import profile, read, top_types
from actions.parsing import is_skip, is_stop, plain, schooltype_key
from actions.system import known_schooltype
from knowledge import advice, api
from knowledge.vocabulary import GOOD_LABELS, LEVEL_NAMES

QUESTIONS = ["r_bezigheden", "r_waarom", "r_werken_met", "r_vakken", "r_plek", "r_belangrijk", "r_sterk",
             "r_favoriet"]
FORM_SLOTS = QUESTIONS + ["schooltype"]
SKIPPED = "overgeslagen"
PAUSED = "gepauzeerd"
MAX_ANSWER_CHARS = 200
MAX_OPTIONS = 5
QUESTION_WORDS = {"wat", "wie", "waar", "waarom", "hoe", "welke", "wanneer", "kan", "kun", "mag", "is", "ben",
                  "heb", "heeft", "hoeveel"}
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
    """('goed (SEOR 2024, ROA 2022 en 2023)', True) from the sector × niveau summary."""
    summary = api.perspectief(opleiding.sector_id, opleiding.niveau_key).samenvatting
    if not summary.label:
        return "geen betrouwbare cijfers, kijk op kiesmbo.nl of studiekeuze123.nl", False
    source = api.bron(summary.bron_id).kort
    return f"{summary.label} ({source}, {summary.periode})", summary.label in GOOD_LABELS


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


def says_something(slot: Text, text: Text) -> bool:
    """Whether a message tells something for this question: interest words, or a school we know."""
    if slot == "schooltype":
        return schooltype_key(text) is not None
    if slot == "r_favoriet":
        return names_an_opleiding(text)
    return not read([text]).empty


def is_question(text: Text) -> bool:
    words = plain(text).split()
    return "?" in text or bool(words and words[0] in QUESTION_WORDS)


class ValidateReflectionForm(FormValidation):
    """Every answer is accepted; 'sla over' skips a question and 'stop' pauses the whole form.

    A message the form's mappings did not take (small talk, a content question) is taken as the answer
    when it plainly is one: no question, and words the interest lexicon knows ('ik sleutel graag aan
    brommers' read as small talk). Otherwise the rules answer it, and the second such message for the
    same question skips it with a kind word (`FormValidation`): the form never loops, and a question is
    never stored as what the pupil likes.
    """

    skipped = SKIPPED
    given_up = SKIPPED
    moving_on = "utter_skip_question"

    def name(self) -> Text:
        return "validate_reflection_form"

    def stop(self, slot: Text, tracker: Tracker) -> Dict[Text, Any]:
        """'stop' pauses the form: every open question waits for 'verder'."""
        unfilled = {s: PAUSED for s in FORM_SLOTS if tracker.get_slot(s) in (None, PAUSED)}
        return {**unfilled, slot: PAUSED, "reflectie_status": PAUSED}

    def _answer(
        self, slot: Text, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Dict[Text, Any]:
        text = " ".join(str(value or "").split())[:MAX_ANSWER_CHARS]
        if is_question(text):
            # a question an answer card surely answers ('wat kost het hbo?') is answered, not stored;
            # the form then asks its question again
            card = answer_with_card(dispatcher, tracker, offer_choices=False)
            if card is not None:
                return {slot: None, **{event["name"]: event["value"] for event in card}}
        return {slot: text}

    def _extract(self, slot: Text, tracker: Tracker) -> Dict[Text, Any]:
        """The requested slot, when the form's own mappings did not take this message."""
        if tracker.get_slot("requested_slot") != slot or slot in tracker.slots_to_validate():
            return {}
        text = tracker.latest_message.get("text") or ""
        if is_stop(text) or is_skip(text):
            return {slot: text}
        if says_something(slot, text) and not is_question(text):
            return {slot: text}
        return {}

    def validate_r_bezigheden(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_bezigheden", value, dispatcher, tracker)

    def validate_r_waarom(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_waarom", value, dispatcher, tracker)

    def validate_r_werken_met(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_werken_met", value, dispatcher, tracker)

    def validate_r_vakken(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_vakken", value, dispatcher, tracker)

    def validate_r_plek(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_plek", value, dispatcher, tracker)

    def validate_r_belangrijk(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_belangrijk", value, dispatcher, tracker)

    def validate_r_sterk(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_sterk", value, dispatcher, tracker)

    def validate_r_favoriet(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._answer("r_favoriet", value, dispatcher, tracker)

    def validate_schooltype(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value == SKIPPED:
            return {"schooltype": SKIPPED}
        return {"schooltype": known_schooltype(value, dispatcher)}

    def extract_r_bezigheden(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._extract("r_bezigheden", tracker)

    def extract_r_waarom(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._extract("r_waarom", tracker)

    def extract_r_werken_met(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._extract("r_werken_met", tracker)

    def extract_r_vakken(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._extract("r_vakken", tracker)

    def extract_r_plek(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._extract("r_plek", tracker)

    def extract_r_belangrijk(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._extract("r_belangrijk", tracker)

    def extract_r_sterk(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._extract("r_sterk", tracker)

    def extract_r_favoriet(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._extract("r_favoriet", tracker)

    def extract_schooltype(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._extract("schooltype", tracker)


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
        # A skipped school is not a school: other questions may ask for it again.
        events = [SlotSet("schooltype", None)] if tracker.get_slot("schooltype") == SKIPPED else []
        if not options:
            dispatcher.utter_message(response="utter_reflection_no_profile")
            return events + [SlotSet("reflectie_status", "klaar")]
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
        events.append(SlotSet("reflectie_status", "klaar"))
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
