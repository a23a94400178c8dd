"""Answers about one opleiding: what it is, where, and what you need to get in; a bare name is such a question."""
import abc
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cards import answer_with_card
from actions.common import (
    KnowledgeAction,
    choice_buttons,
    cite,
    entity_value,
    join_dutch,
    level_label,
    resolve_opleiding,
    role_events,
)
from knowledge import api
from knowledge.vocabulary import PLACE_NAMES

MAX_PLACES = 3
CURRENT_DATA_YEAR = 2024  # older data (wo: 2019) gets a warning


def places(opleiding: api.Opleiding) -> Text:
    """'Hogeschool Utrecht (Utrecht), Fontys (Eindhoven) en ...': the first few distinct places."""
    seen: List[Text] = []
    for instelling, gemeente, _vorm in opleiding.instellingen:
        label = f"{instelling} ({gemeente})"
        if label not in seen:
            seen.append(label)
    shown = seen[:MAX_PLACES]
    if len(seen) > MAX_PLACES:
        shown.append(f"nog {len(seen) - MAX_PLACES} andere")
    return join_dutch(shown)


def opleiding_events(opleiding: api.Opleiding) -> List[Dict[Text, Any]]:
    return [SlotSet("opleiding_id", opleiding.id), SlotSet("sector_id", opleiding.sector_id)]


class OpleidingAnswer(KnowledgeAction, abc.ABC):
    """An answer about the one opleiding the user means. When that is not clear, the reply is the card
    that surely fits a question naming no opleiding ('hoe lang duurt een studie?'), else buttons to
    choose which one, else a request for a name. Abstract, so rasa-sdk registers only its subclasses."""

    question: Text  # a choice button's payload starts with it: 'Meer over Kapper (mbo-25402)'

    @abc.abstractmethod
    def about(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, opleiding: api.Opleiding
    ) -> List[Dict[Text, Any]]:
        """The answer about this opleiding."""

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        found = resolve_opleiding(tracker)
        if found.opleiding:
            return self.about(dispatcher, tracker, found.opleiding)
        named = entity_value(tracker, "opleiding")
        if not found.choices and not named:
            events = answer_with_card(dispatcher, tracker, offer_choices=False)
            if events is not None:
                return events + role_events(tracker)
        if found.choices:
            buttons = choice_buttons(found.choices, self.question)
            dispatcher.utter_message(response="utter_which_opleiding", buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_opleiding_unknown" if named else "utter_ask_opleiding_name")
        return role_events(tracker)


class ActionOpleidingInfo(OpleidingAnswer):
    question = "Meer over"

    def name(self) -> Text:
        return "action_opleiding_info"

    def about(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, opleiding: api.Opleiding
    ) -> List[Dict[Text, Any]]:
        if opleiding.soort == "mbo":
            dispatcher.utter_message(
                response="utter_opleiding_mbo",
                naam=opleiding.naam,
                niveau=opleiding.niveau,
                sector=opleiding.sector_naam,
                leerwegen=join_dutch([l.lower() for l in opleiding.leerwegen]) or "bol",
                bron=api.bron(opleiding.bron_id).leesbaar,
            )
        else:
            dispatcher.utter_message(
                response="utter_opleiding_ho",
                naam=opleiding.naam,
                soort_opleiding=level_label(opleiding),
                sector=opleiding.sector_naam,
                plaatsen=places(opleiding) or "verschillende hogescholen of universiteiten",
                bron=api.bron(opleiding.bron_id).leesbaar,
                data_jaar=opleiding.data_jaar,
            )
            if int(str(opleiding.data_jaar)[:4]) < CURRENT_DATA_YEAR:
                dispatcher.utter_message(response="utter_opleiding_old_data", data_jaar=opleiding.data_jaar)
        dispatcher.utter_message(response="utter_opleiding_next_step", naam=opleiding.naam)
        return opleiding_events(opleiding) + role_events(tracker)


class ActionInform(ActionOpleidingInfo):
    """Short answers that only give information ('havo', 'verpleegkunde', 'in Utrecht'): a bare
    opleiding name is a question about it; anything else is remembered by its slot."""

    def name(self) -> Text:
        return "action_inform"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if entity_value(tracker, "opleiding"):
            return await super().answer(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_inform_ack")
        return role_events(tracker)


class ActionAdmissionInfo(OpleidingAnswer):
    question = "Toelating voor"

    def name(self) -> Text:
        return "action_admission_info"

    def about(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, opleiding: api.Opleiding
    ) -> List[Dict[Text, Any]]:
        # a card on admission to this kind of opleiding says more than the general route
        card = answer_with_card(dispatcher, tracker, offer_choices=False, about=opleiding, onderwerp="toelating")
        if card is not None:
            return card + opleiding_events(opleiding) + role_events(tracker)

        routes = api.routes_to(opleiding.niveau_key)
        if not routes:
            dispatcher.utter_message(response="utter_info_unknown")
            return opleiding_events(opleiding) + role_events(tracker)
        dispatcher.utter_message(
            response="utter_admission",
            naam=opleiding.naam,
            soort_opleiding=level_label(opleiding),
            vanaf=join_dutch([PLACE_NAMES.get(r.van, r.van) for r in routes]),
            voorwaarden=routes[0].voorwaarden,
            bron=cite(tracker, routes[0]),
        )
        return opleiding_events(opleiding) + role_events(tracker)
