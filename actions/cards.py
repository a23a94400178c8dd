"""Answer from the knowledge base's answer cards when no intent fits, or an intent's action found nothing.

Ranking is `knowledge.api.rank_kaarten`; the thresholds below are calibrated on the dev set
(`make eval-dev`, README "Understanding"): a sure card is answered with its source, a possible one
is offered as "Bedoel je…?" with the best two or three, and below that the bot asks to rephrase
(and after two misses in a row points to the decaan or mentor).
"""
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import KnowledgeAction, latest_text, role_events
from actions.parsing import niveau_of, plain, schooltype_key
from knowledge import api
from knowledge.errors import NotFound

# Scores are the card classifier's probabilities (knowledge.retrieval), calibrated on the dev set.
SURE = 0.40  # answer the best card
POSSIBLE = 0.10  # offer the best cards as "Bedoel je…?", or answer the best when it leads by CLEAR_LEAD
CLEAR_LEAD = 0.30
CHOICE_FLOOR = 0.03  # a "Bedoel je…?" button needs this probability (chance among the ~80 cards: 0.012)
MAX_CHOICES = 3
MISUNDERSTOOD_INTENTS = {"nlu_fallback", "gibberish"}
# A conversation that comes before any card: a doubting pupil gets the reflection offer, also when NLU
# was only fairly sure of the doubt. Intent -> the action its rule runs (bot/rules/reflection.yml).
BEFORE_CARDS = {"express_doubt": "utter_offer_reflection"}
BEFORE_CARDS_CONFIDENCE = 0.45


def conversation_context(tracker: Tracker) -> Dict[Text, List[Text]]:
    """What the conversation is about, in the card vocabulary (knowledge.vocabulary)."""
    context: Dict[Text, List[Text]] = {}
    school = schooltype_key(tracker.get_slot("schooltype"))
    if school:
        # route keys ('mbo4', 'vmbo-kader') -> the card vocabulary's school types ('mbo', 'vmbo')
        context["schooltype"] = ["mbo" if school.startswith("mbo") else school.split("-")[0]]
        if school.startswith("vmbo-"):
            context["leerweg"] = [school]
    level = niveau_of(tracker.get_slot("niveau"))
    if level:
        context["niveau"] = [f"mbo{level}"]
    leerweg = plain(tracker.get_slot("leerweg") or "")
    if leerweg in ("bol", "bbl"):
        context["leerweg"] = [leerweg]
    if tracker.get_slot("sector_id"):
        context["sector"] = [tracker.get_slot("sector_id")]
    opleiding_id = tracker.get_slot("opleiding_id")
    if opleiding_id:
        try:
            opleiding = api.get_opleiding(opleiding_id)
        except NotFound:
            return context
        context.setdefault("niveau", [opleiding.niveau_key])
        context.setdefault("schooltype", [opleiding.soort])
        context.setdefault("sector", [opleiding.sector_id])
    return context


def sources_text(card: api.Kaart, rol: Optional[Text]) -> Text:
    """Publisher, title, year and link, each source once; LOB staff also see where in the source,
    period and region (all places of a source that a card cites more than once)."""
    places: Dict[Text, List[Text]] = {}
    for source in card.bronnen:
        where = "; ".join(part for part in (source.plaats, source.periode, source.regio) if part)
        places.setdefault(source.bron, [])
        if where and where not in places[source.bron]:
            places[source.bron].append(where)
    if rol != "lob":
        return "; ".join(places)
    return "; ".join(f"{bron} ({' | '.join(where)})" if where else bron for bron, where in places.items())


def shown(card_id: Text) -> List[Dict[Text, Any]]:
    """Remember which card's content this turn answered with (insights, make eval-dev); also for the
    intents whose answers are a card's content (system topics, research, routes, costs)."""
    return [SlotSet("kaart", card_id), SlotSet("kaart_keuzes", None)]


def say_card(dispatcher: CollectingDispatcher, tracker: Tracker, card: api.Kaart) -> List[Dict[Text, Any]]:
    rol = tracker.get_slot("rol")
    bron = sources_text(card, rol)
    if bron:
        dispatcher.utter_message(response="utter_kaart", antwoord=card.antwoord(rol), bron=bron)
    else:
        dispatcher.utter_message(response="utter_kaart_zonder_bron", antwoord=card.antwoord(rol))
    return shown(card.id)


def offered_choice(tracker: Tracker) -> Optional[api.Kaart]:
    """The card whose button the user pressed (its title), if the previous answer offered it."""
    text = plain(latest_text(tracker))
    for card_id in tracker.get_slot("kaart_keuzes") or []:
        try:
            card = api.kaart(card_id)
        except NotFound:
            continue
        if plain(card.titel) == text:
            return card
    return None


def decide(scores: List[float], sure: float = SURE, possible: float = POSSIBLE) -> Optional[Text]:
    """'answer' the best card, let the user 'choose', or None, from the best scores (best first)."""
    if not scores or scores[0] < possible:
        return None
    lead = scores[0] - (scores[1] if len(scores) > 1 else 0.0)
    if scores[0] >= sure or lead >= CLEAR_LEAD:
        return "answer"
    return "choose"


def sure_card(tracker: Tracker) -> Optional[api.Kaart]:
    """The card that surely answers the latest message, if one does."""
    hits = api.rank_kaarten(latest_text(tracker), conversation_context(tracker), limit=2)
    return hits[0].kaart if decide([hit.score for hit in hits]) == "answer" else None


def answer_with_card(
    dispatcher: CollectingDispatcher, tracker: Tracker, offer_choices: bool = True,
    about: Optional[api.Opleiding] = None, onderwerp: Optional[Text] = None, instead_of: Optional[Text] = None,
) -> Optional[List[Dict[Text, Any]]]:
    """Answer with the best card, or offer the best few; None when no card fits. `about`: the opleiding
    the question is about; `onderwerp`: answer only with a card on this topic; `instead_of`: a card
    that does not answer this question."""
    chosen = offered_choice(tracker)
    if chosen:
        return say_card(dispatcher, tracker, chosen)
    context = conversation_context(tracker)
    if about:
        context.update(niveau=[about.niveau_key], schooltype=[about.soort], sector=[about.sector_id])
    not_meant = (instead_of,) if instead_of else ()
    hits = api.rank_kaarten(latest_text(tracker), context, limit=MAX_CHOICES, exclude=not_meant)
    if onderwerp and hits and hits[0].kaart.onderwerp != onderwerp:
        return None
    decision = decide([hit.score for hit in hits])
    if decision == "answer":
        return say_card(dispatcher, tracker, hits[0].kaart)
    if decision is None or not offer_choices:
        return None
    # no card is clearly ahead: offer the best few that are more than a guess
    choices = [hit.kaart for hit in hits if hit.score >= CHOICE_FLOOR]
    dispatcher.utter_message(
        response="utter_kaart_keuze", buttons=[{"title": c.titel, "payload": c.titel} for c in choices]
    )
    return [SlotSet("kaart", None), SlotSet("kaart_keuzes", [c.id for c in choices])]


def misunderstood_in_a_row(tracker: Tracker) -> int:
    """How many of the latest user messages, counting back from now, got no answer: not understood
    by NLU and no card answered or offered."""
    count, answered = 0, False
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") in ("kaart", "kaart_keuzes") and event.get("value"):
            answered = True
        if event.get("event") != "user":
            continue
        if answered or event.get("parse_data", {}).get("intent", {}).get("name") not in MISUNDERSTOOD_INTENTS:
            break
        count += 1
    return count


def ask_to_rephrase(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Ask to rephrase, with the site that may hold the answer when the question or the conversation
    points to one ("...hbo..." -> Studiekeuze123, "...lesgeld..." -> DUO)."""
    referral = api.verwijzing_voor(latest_text(tracker), conversation_context(tracker).get("schooltype", []))
    if referral is None:
        dispatcher.utter_message(response="utter_ask_rephrase")
        return
    waarvoor = referral.waarvoor[:1].lower() + referral.waarvoor[1:]
    dispatcher.utter_message(response="utter_ask_rephrase_verwijzing", naam=referral.naam, url=referral.url,
                             waarvoor=waarvoor)


class ActionAnswerCard(KnowledgeAction):
    """NLU did not recognise the message: a card, "Bedoel je…?", or ask to rephrase."""

    def name(self) -> Text:
        return "action_answer_card"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        ranking = [i for i in tracker.latest_message.get("intent_ranking", []) if i.get("name") != "nlu_fallback"]
        if ranking and ranking[0]["name"] in BEFORE_CARDS and ranking[0]["confidence"] >= BEFORE_CARDS_CONFIDENCE:
            return [FollowupAction(BEFORE_CARDS[ranking[0]["name"]])]
        events = answer_with_card(dispatcher, tracker)
        if events is not None:
            return events + role_events(tracker)
        if misunderstood_in_a_row(tracker) >= 2:
            dispatcher.utter_message(response="utter_handoff")
        else:
            ask_to_rephrase(dispatcher, tracker)
        return [SlotSet("kaart", None), SlotSet("kaart_keuzes", None)] + role_events(tracker)
