"""A question that an answer card surely answers is answered with that card, whatever intent it got.

The intent classifier knows what kind of question a message is (costs, system, admission …); the card
classifier in `knowledge/` knows which curated answer fits it. When they disagree, the card is right
if it is sure: on the dev set, a card with a probability of at least `threshold`, on another topic
than the intent's action answers, for a message that named no opleiding, was the right answer for
every question intent it replaced ("wat moet ik regelen als ik stop met mijn studie?" is no question
about costs; README "Understanding"). Then this component, last in the pipeline, sets the intent to
`nlu_fallback`, which bot/rules/cards.yml answers with the card (`action_answer_card`), as for any
message NLU did not place. The intent ranking stays. A card on the intent's own topics leaves the
answer to the intent's action, which also uses what the conversation knows.

The other way round: when NLU fell back (a card question, or no intent sure enough) and the best card
is on the topics of the best intent but not sure (below `threshold`), that intent's action answers if
the intent has at least `give_back` ("wat moet mijn dochter betalen voor haar opleiding?" is a card
question about costs; the costs form asks which school and then knows the amount). When no card is
even possible (best card below `no_card`, POSSIBLE in actions/cards.py), an intent with at least
`give_back_without_card` answers: a guess then says more than "begreep niet". A fallback that asks about
work after one opleiding or sector it names (knowledge.vocabulary WORK_WORDS: "baankansen", "werkloos",
"vooruitzicht" …), with no card sure enough to be answered (below `sure`, SURE in actions/cards.py), goes
to the `about_work` intent, whose answer has that opleiding's or sector's figures per level. Intents in
`keep` are never replaced by a card: the job-prospects answer has figures per level that no card holds.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY,
                                      PREDICTED_CONFIDENCE_KEY, TEXT)
from rasa.shared.nlu.training_data.message import Message

from knowledge import api
from knowledge.retrieval import CardHit
from knowledge.text import normalize
from knowledge.vocabulary import WORK_WORDS


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CardPreference(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # intents: {question intent: the card topics its own action answers}; threshold: a card's probability;
        # give_back, give_back_without_card: an intent's confidence; no_card: a card's probability;
        # keep: intents no card replaces; about_work: the intent for a fallback about work after a named
        # opleiding or sector; sure: a card's probability from which the cards answer
        return {"intents": {}, "threshold": 0.5, "give_back": 1.1, "give_back_without_card": 1.1,
                "no_card": 0.1, "keep": [], "about_work": None, "sure": 0.4}

    def __init__(self, config: Dict[Text, Any]) -> None:
        config = {**self.get_default_config(), **config}
        self._own_topics = {intent: set(topics) for intent, topics in config["intents"].items()}
        self._threshold = config["threshold"]
        self._give_back_confidence = config["give_back"]
        self._give_back_without_card = config["give_back_without_card"]
        self._no_card = config["no_card"]
        self._keep = set(config["keep"])
        self._about_work = config["about_work"]
        self._sure = config["sure"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CardPreference:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if intent == DEFAULT_NLU_FALLBACK_INTENT_NAME:
                self._give_back(message)
            elif intent in self._own_topics and not self.names_an_opleiding(message):
                self._prefer_a_sure_card(message, intent)
        return messages

    def _prefer_a_sure_card(self, message: Message, intent: Text) -> None:
        hits = api.rank_kaarten(message.get(TEXT) or "", limit=1)
        if hits and self.card_wins(intent, hits[0]):
            message.set(INTENT, {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                                 PREDICTED_CONFIDENCE_KEY: hits[0].score}, add_to_output=True)

    def _give_back(self, message: Message) -> None:
        ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or []
                   if entry[INTENT_NAME_KEY] != DEFAULT_NLU_FALLBACK_INTENT_NAME]
        if not ranking:
            return
        best = ranking[0]
        about_work = next((entry for entry in ranking if entry[INTENT_NAME_KEY] == self._about_work), None)
        if about_work and not self.asks_about_work(message):
            about_work = None
        if best[PREDICTED_CONFIDENCE_KEY] < min(self._give_back_confidence, self._give_back_without_card) \
                and not about_work:
            return  # nothing could take the answer back: no need to rank the cards
        hits = api.rank_kaarten(message.get(TEXT) or "", limit=1)
        if not hits:
            return
        if self.gets_back(best, hits[0]):
            message.set(INTENT, best, add_to_output=True)
        elif about_work and hits[0].score < self._sure:
            message.set(INTENT, about_work, add_to_output=True)

    def card_wins(self, intent: Text, best: CardHit) -> bool:
        """For a message that names no opleiding: does this best card answer it instead of the intent?"""
        return (intent in self._own_topics and intent not in self._keep and best.score >= self._threshold
                and best.kaart.onderwerp not in self._own_topics[intent])

    def gets_back(self, intent: Dict[Text, Any], best: CardHit) -> bool:
        """After a fallback: does the best intent's action answer instead of the cards?"""
        confidence = intent[PREDICTED_CONFIDENCE_KEY]
        on_its_topics = best.kaart.onderwerp in self._own_topics.get(intent[INTENT_NAME_KEY], ())
        return ((on_its_topics and best.score < self._threshold and confidence >= self._give_back_confidence)
                or (best.score < self._no_card and confidence >= self._give_back_without_card))

    @staticmethod
    def asks_about_work(message: Message) -> bool:
        """Work after an opleiding or sector the message names and the knowledge base knows ("is fysiotherapie
        riskant qua baankansen?"; not "mbo-instellingen", which the entity extractor may take for one)."""
        if not re.search(WORK_WORDS, normalize(message.get(TEXT) or "")):
            return False
        named = [str(entity.get("value") or "") for entity in message.get(ENTITIES) or []
                 if entity.get("entity") in ("opleiding", "sector")]
        return any(api.find_sector(name) or api.find_opleidingen(name, limit=1) for name in named)

    @staticmethod
    def names_an_opleiding(message: Message) -> bool:
        """An answer about the opleiding the user named says more than any card."""
        return any(entity.get("entity") == "opleiding" for entity in message.get(ENTITIES) or [])
