"""How the education system works: topics (bol, bbl, stapelen …), routes and comparisons."""
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.cards import answer_with_card, shown, sure_card
from actions.common import (
    KnowledgeAction,
    cite,
    entity_value,
    entity_values,
    join_dutch,
    latest_text,
    level_label,
    match_name,
    role_events,
)
from actions.forms import FormValidation, known_schooltype
from actions.parsing import onderwerp_of, onderwijs_of, plain, route_ends, schooltype_key
from knowledge import api
from knowledge.errors import NotFound
from knowledge.vocabulary import PLACE_NAMES

# A comparison of two school types or leerwegen is answered with the topic that explains both.
SCHOOL_TOPICS = {"mbo": "niveaus", "hbo": "niveaus", "wo": "niveaus", "havo": "profielen", "vwo": "profielen"}


def topic(key: Optional[Text]) -> Optional[api.Info]:
    if not key:
        return None
    try:
        return api.route_info(key)
    except NotFound:
        return None


def say_info(dispatcher: CollectingDispatcher, info: api.Info, tracker: Tracker) -> None:
    dispatcher.utter_message(response="utter_info", titel=info.titel, uitleg=info.uitleg, bron=cite(tracker, info))


class ActionSystemInfo(KnowledgeAction):
    def name(self) -> Text:
        return "action_system_info"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        named = entity_value(tracker, "onderwerp") or entity_value(tracker, "leerweg") or ""
        info = topic(onderwerp_of(named) or onderwerp_of(latest_text(tracker)))
        if info:
            say_info(dispatcher, info, tracker)
            return shown(f"stelsel-{info.onderwerp}") + role_events(tracker)
        events = answer_with_card(dispatcher, tracker)
        if events is not None:
            return events + role_events(tracker)
        dispatcher.utter_message(response="utter_info_unknown" if named else "utter_ask_which_topic")
        return role_events(tracker)


class ActionCompare(KnowledgeAction):
    """'bol of bbl', 'mbo of havo', 'verpleegkunde of verzorgende ig'."""

    def name(self) -> Text:
        return "action_compare"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        leerwegen = entity_values(tracker, "leerweg")
        opleidingen = entity_values(tracker, "opleiding")
        schooltypes = entity_values(tracker, "schooltype")
        if len(leerwegen) >= 2 or (not opleidingen and {"bol", "bbl"} <= set(plain(latest_text(tracker)).split())):
            infos = [topic("bol"), topic("bbl")]
        elif len(opleidingen) >= 2:
            return self.compare_opleidingen(dispatcher, tracker, opleidingen[:2])
        elif len(schooltypes) >= 2:
            keys = {SCHOOL_TOPICS.get(onderwijs_of(s) or plain(s)) for s in schooltypes[:2]}
            infos = [topic(k) for k in sorted(k for k in keys if k)]
        else:
            events = answer_with_card(dispatcher, tracker)
            if events is None:
                dispatcher.utter_message(response="utter_compare_need_two")
            return (events or []) + role_events(tracker)

        infos = [i for i in infos if i]
        if len(infos) == 2:
            a, b = infos
            dispatcher.utter_message(
                response="utter_compare_two", a_titel=a.titel, a_uitleg=a.uitleg, b_titel=b.titel, b_uitleg=b.uitleg,
            )
        elif infos:
            say_info(dispatcher, infos[0], tracker)
        else:
            dispatcher.utter_message(response="utter_info_unknown")
        dispatcher.utter_message(response="utter_compare_fit")
        return role_events(tracker)

    def compare_opleidingen(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, names: List[Text]
    ) -> List[Dict[Text, Any]]:
        found = [match_name(name, tracker) for name in names]
        picked = [f.best for f in found]
        if None in picked:
            dispatcher.utter_message(response="utter_opleiding_unknown")
            return role_events(tracker)
        a, b = picked
        dispatcher.utter_message(
            response="utter_compare_opleidingen",
            a_naam=a.naam, a_soort=level_label(a), a_sector=a.sector_naam,
            b_naam=b.naam, b_soort=level_label(b), b_sector=b.sector_naam,
        )
        dispatcher.utter_message(response="utter_compare_fit")
        return role_events(tracker)


ROUTE_CARDS = "route-"  # the cards of the routes from one school: what this action itself answers


class ValidateRouteForm(FormValidation):
    def name(self) -> Text:
        return "validate_route_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        """No question about the school when the message names none and a card on something else than a
        school's routes surely answers it ('ik doe een associate degree, kan ik daarna een bachelor doen?')."""
        if tracker.get_slot("schooltype") is None and not route_ends(latest_text(tracker))[0]:
            card = sure_card(tracker)
            if card and not card.id.startswith(ROUTE_CARDS):
                return []
        return domain_slots

    def validate_schooltype(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        # "van mbo 4 naar het hbo": the school the pupil comes from, not where they go.
        named = entity_values(tracker, "niveau") + entity_values(tracker, "schooltype") + [value]
        source = next((n for n in named if schooltype_key(str(n))), value)
        return {"schooltype": known_schooltype(source, dispatcher)}


def leads_to(route: api.Route, school: Text) -> bool:
    """'vwo' is reached by the route to vwo 5, 'mbo' by the routes to its levels."""
    return route.naar == school or route.naar.rstrip("12345") == school


class ActionRoutes(KnowledgeAction):
    """Where a pupil can go after the school (and level) they are in now."""

    form_slots = ("schooltype",)

    def name(self) -> Text:
        return "action_routes"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        origin, destination = route_ends(latest_text(tracker))  # 'na het havodiploma naar het vwo'
        school = origin or tracker.get_slot("schooltype")
        niveau = entity_value(tracker, "niveau") or tracker.get_slot("niveau") or ""
        key = schooltype_key(f"{niveau} {school}" if "mbo" in plain(school or "") else school)
        try:
            routes = api.routes_from(key) if key else []
        except NotFound:
            routes = []
        if not routes:
            card = answer_with_card(dispatcher, tracker, offer_choices=False)
            if card is None:
                dispatcher.utter_message(response="utter_routes_none")
            return (card or []) + role_events(tracker)
        # 'kan ik met havo naar de universiteit?': explain the route asked about; a card when it is no
        # direct route (havo -> wo goes through the hbo-propedeuse; the card of the direct routes from
        # here does not answer it), else the first route
        asked = onderwijs_of(destination) or schooltype_key(destination) or onderwijs_of(latest_text(tracker))
        if asked and asked != key and not any(leads_to(r, asked) for r in routes):
            card = answer_with_card(dispatcher, tracker, offer_choices=False, instead_of=f"{ROUTE_CARDS}{key}")
            if card is not None:
                return card + role_events(tracker)
        targets = join_dutch(list(dict.fromkeys(PLACE_NAMES.get(r.naar, r.naar) for r in routes)))
        explained = next((r for r in routes if asked and leads_to(r, asked) and r.naar != key), routes[0])
        dispatcher.utter_message(
            response="utter_routes", van=PLACE_NAMES.get(key, key), naar=targets,
            uitleg=explained.uitleg, bron=cite(tracker, explained),
        )
        dispatcher.utter_message(response="utter_routes_choice")
        return shown(f"{ROUTE_CARDS}{key}") + role_events(tracker)
