from actions.fallback import ActionRephraseOrHandoff


async def test_first_miss_asks_to_rephrase(make_tracker, dispatcher, domain):
    tracker = make_tracker([("hoi", "greet"), ("blablabla", "nlu_fallback")])

    events = await ActionRephraseOrHandoff().run(dispatcher, tracker, domain)

    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]


async def test_second_miss_in_a_row_offers_decaan(make_tracker, dispatcher, domain):
    tracker = make_tracker([("xyz", "nlu_fallback"), ("qqq", "nlu_fallback")])

    await ActionRephraseOrHandoff().run(dispatcher, tracker, domain)

    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff"]


async def test_understood_message_in_between_resets_the_count(make_tracker, dispatcher, domain):
    tracker = make_tracker([("xyz", "nlu_fallback"), ("wat kun je", "help"), ("qqq", "nlu_fallback")])

    await ActionRephraseOrHandoff().run(dispatcher, tracker, domain)

    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]


def test_uttered_responses_exist_in_domain(domain):
    for response in ("utter_ask_rephrase", "utter_handoff"):
        assert response in domain["responses"]


async def test_gibberish_counts_as_not_understood(make_tracker, dispatcher, domain):
    tracker = make_tracker([("asdf", "gibberish"), ("qqq", "nlu_fallback")])

    await ActionRephraseOrHandoff().run(dispatcher, tracker, domain)

    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff"]
