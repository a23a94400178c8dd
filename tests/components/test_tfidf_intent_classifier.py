"""The TF-IDF intent classifier: trains, survives a save and load, and ranks intents."""
from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.tfidf_intent_classifier import TfidfIntentClassifier

EXAMPLES = {
    "greet": ["hoi", "hallo", "hey daar", "goedemorgen", "hallo allemaal"],
    "ask_costs": ["wat kost het hbo", "hoe hoog is het collegegeld", "wat kost een opleiding",
                  "hoeveel lesgeld betaal ik", "wat zijn de kosten van het mbo"],
    "express_doubt": ["ik twijfel", "ik weet niet wat ik wil", "ik twijfel heel erg",
                      "geen idee wat ik moet kiezen", "ik kan niet kiezen"],
}


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def trained(storage: LocalModelStorage) -> Resource:
    resource = Resource("intents")
    classifier = TfidfIntentClassifier.create({}, storage, resource, ExecutionContext(GraphSchema({})))
    messages = [Message(data={"text": text, "intent": intent})
                for intent, texts in EXAMPLES.items() for text in texts]
    return classifier.train(TrainingData(training_examples=messages))


def loaded(storage: LocalModelStorage, resource: Resource) -> TfidfIntentClassifier:
    return TfidfIntentClassifier.load({}, storage, resource, ExecutionContext(GraphSchema({})))


@pytest.mark.parametrize("text, intent", [
    ("hallo", "greet"),
    ("wat kost het collegegeld", "ask_costs"),
    ("ik twijfel nog heel erg", "express_doubt"),
])
def test_a_saved_and_loaded_model_predicts_the_intent(storage, text, intent):
    classifier = loaded(storage, trained(storage))
    [message] = classifier.process([Message(data={"text": text})])
    assert message.get("intent")["name"] == intent
    ranking = message.get("intent_ranking")
    assert [entry["name"] for entry in ranking][0] == intent
    assert {entry["name"] for entry in ranking} == set(EXAMPLES)
    assert ranking == sorted(ranking, key=lambda entry: -entry["confidence"])
    assert sum(entry["confidence"] for entry in ranking) == pytest.approx(1.0)


def test_an_empty_message_is_less_certain_than_a_clear_one(storage):
    classifier = loaded(storage, trained(storage))
    empty, clear = classifier.process([Message(data={"text": ""}), Message(data={"text": "hallo"})])
    assert empty.get("intent")["confidence"] < clear.get("intent")["confidence"]


def test_the_answer_cards_questions_are_one_more_class(storage, monkeypatch):
    card_questions = ["wat is een deficiëntie", "ik mis een vak voor mijn studie", "wat als ik een verplicht vak mis",
                      "hoe werkt stapelen", "mag ik na de havo naar het vwo", "kan ik vmbo en havo stapelen"]
    monkeypatch.setattr("components.tfidf_intent_classifier.api.kaart_vragen", lambda: card_questions)
    config = {"card_questions_intent": "nlu_fallback"}
    resource = Resource("intents")
    classifier = TfidfIntentClassifier.create(config, storage, resource, ExecutionContext(GraphSchema({})))
    classifier.train(TrainingData(training_examples=[
        Message(data={"text": text, "intent": intent}) for intent, texts in EXAMPLES.items() for text in texts]))
    classifier = TfidfIntentClassifier.load(config, storage, resource, ExecutionContext(GraphSchema({})))
    card_question, greeting = classifier.process([Message(data={"text": "ik mis een verplicht vak"}),
                                                  Message(data={"text": "hallo"})])
    assert card_question.get("intent")["name"] == "nlu_fallback"
    assert greeting.get("intent")["name"] == "greet"
    assert {entry["name"] for entry in greeting.get("intent_ranking")} == set(EXAMPLES) | {"nlu_fallback"}
