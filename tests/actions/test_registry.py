from rasa_sdk.executor import ActionExecutor


def test_action_server_registers_every_custom_action_of_the_domain(domain):
    executor = ActionExecutor()
    executor.register_package("actions")

    custom = {a for a in domain["actions"] if not a.startswith("utter_")}
    assert custom <= set(executor.actions), custom - set(executor.actions)
