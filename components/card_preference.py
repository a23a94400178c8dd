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
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from knowledge import api
from knowledge.retrieval import CardHit


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CardPreference(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # intents: {question intent: the card topics its own action answers}; threshold: a card's probability
        return {"intents": {}, "threshold": 0.5}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._own_topics = {intent: set(topics) for intent, topics in config["intents"].items()}
        self._threshold = config["threshold"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CardPreference:
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if intent not in self._own_topics or self.names_an_opleiding(message):
                continue
            hits = api.rank_kaarten(message.get(TEXT) or "", limit=1)
            if hits and self.card_wins(intent, hits[0]):
                message.set(INTENT, {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                                     PREDICTED_CONFIDENCE_KEY: hits[0].score}, add_to_output=True)
        return messages

    def card_wins(self, intent: Text, best: CardHit) -> bool:
        """For a message that names no opleiding: does this best card answer it instead of the intent?"""
        return (intent in self._own_topics and best.score >= self._threshold
                and best.kaart.onderwerp not in self._own_topics[intent])

    @staticmethod
    def names_an_opleiding(message: Message) -> bool:
        """An answer about the opleiding the user named says more than any card."""
        return any(entity.get("entity") == "opleiding" for entity in message.get(ENTITIES) or [])
