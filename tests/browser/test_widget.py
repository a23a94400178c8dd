"""A pupil uses the chat widget on the demo school page, in a real browser."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.accessibility import serious_accessibility_problems

pytestmark = [pytest.mark.stack, pytest.mark.browser]
DEMO = "http://localhost:8000/"
WAIT_S = 30


def widget(browser):
    return browser.find_element(By.ID, "studiekeuze-assistent").shadow_root


def bot_texts(browser):
    return [li.text for li in widget(browser).find_elements(By.CSS_SELECTOR, ".ska-bot")]


def wait_for_bot_messages(browser, count):
    WebDriverWait(browser, WAIT_S).until(lambda b: len(bot_texts(b)) >= count)
    return bot_texts(browser)


def open_and_agree(browser):
    browser.get(DEMO)
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_elements(By.ID, "studiekeuze-assistent"))
    root = widget(browser)
    root.find_element(By.CSS_SELECTOR, ".ska-toggle").click()
    privacy = root.find_element(By.CSS_SELECTOR, ".ska-privacy")
    assert "chatbot, geen mens" in privacy.text and "persoonlijke" in privacy.text
    assert root.find_element(By.ID, "ska-input").get_attribute("disabled"), "no chatting before the notice"
    root.find_element(By.CSS_SELECTOR, ".ska-agree").click()


def type_message(browser, text):
    root = widget(browser)
    field = root.find_element(By.ID, "ska-input")
    field.send_keys(text)
    root.find_element(By.CSS_SELECTOR, ".ska-form button[type=submit]").click()


def test_pupil_chats_clicks_a_button_and_keeps_the_conversation_after_reload(browser, screenshot):
    open_and_agree(browser)
    type_message(browser, "hoi")
    replies = wait_for_bot_messages(browser, 1)
    assert "studiekeuze-assistent" in replies[0].lower()
    screenshot("begroeting")

    buttons = widget(browser).find_elements(By.CSS_SELECTOR, ".ska-choices button")
    assert buttons, "the greeting offers buttons"
    buttons[0].click()  # "Ik ben leerling"
    replies = wait_for_bot_messages(browser, 2)
    assert "normaal" in replies[-1].lower()

    browser.refresh()
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_elements(By.ID, "studiekeuze-assistent"))
    assert len(bot_texts(browser)) >= 2, "the conversation survives a reload"
    assert widget(browser).find_element(By.CSS_SELECTOR, ".ska-panel").is_displayed()
    screenshot("na-herladen")


def test_script_in_a_message_is_shown_as_text(browser, screenshot):
    open_and_agree(browser)
    payload = '<img src=x onerror="document.title=\'gehackt\'">'
    type_message(browser, payload)
    wait_for_bot_messages(browser, 1)
    user_items = widget(browser).find_elements(By.CSS_SELECTOR, ".ska-user")
    assert payload in user_items[-1].text
    assert browser.title != "gehackt"
    assert not widget(browser).find_elements(By.CSS_SELECTOR, ".ska-log img")
    screenshot("xss-als-tekst")


def test_perspective_is_drawn_as_a_labelled_bar(browser, screenshot):
    open_and_agree(browser)
    type_message(browser, "ik ben ouder")
    wait_for_bot_messages(browser, 1)
    type_message(browser, "heeft mijn zoon kans op werk in de zorg")
    WebDriverWait(browser, WAIT_S).until(
        lambda b: widget(b).find_elements(By.CSS_SELECTOR, ".ska-perspective [role=img]"))
    figure = widget(browser).find_element(By.CSS_SELECTOR, ".ska-perspective")
    assert "Kans op werk" in figure.text and "Bron:" in figure.text
    screenshot("perspectief")


def test_demo_page_with_the_widget_open_passes_axe(browser, screenshot):
    browser.get(DEMO)
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_elements(By.ID, "studiekeuze-assistent"))
    widget(browser).find_element(By.CSS_SELECTOR, ".ska-toggle").click()
    assert serious_accessibility_problems(browser) == [], "with the privacy notice"
    widget(browser).find_element(By.CSS_SELECTOR, ".ska-agree").click()
    type_message(browser, "hoi")
    wait_for_bot_messages(browser, 1)
    assert serious_accessibility_problems(browser) == [], "with a conversation and buttons"
    screenshot("axe")


def test_speakers_are_named_for_screen_readers_and_the_page_keeps_its_focus(browser):
    open_and_agree(browser)
    type_message(browser, "hoi")
    wait_for_bot_messages(browser, 1)
    labels = [span.get_attribute("textContent") for span in widget(browser).find_elements(By.CSS_SELECTOR, ".ska-log .ska-sr")]
    assert labels[:2] == ["Jij: ", "Assistent: "]
    host = browser.find_element(By.ID, "studiekeuze-assistent")
    assert host.get_attribute("lang") == "nl"
    panel = widget(browser).find_element(By.CSS_SELECTOR, ".ska-panel")
    assert panel.get_attribute("aria-describedby") is None, "the notice is no longer described once agreed"

    browser.refresh()
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_elements(By.ID, "studiekeuze-assistent"))
    assert widget(browser).find_element(By.CSS_SELECTOR, ".ska-panel").is_displayed()
    assert browser.execute_script("return document.activeElement === document.body"), "an open panel takes no focus on load"


REINSERT = """
document.getElementById("studiekeuze-assistent").remove();
sessionStorage.clear();
delete Crypto.prototype.randomUUID;  // as on a plain-http school site
const script = document.createElement("script");
script.src = "/static/widget.js";
script.dataset.school = "Geel College";
script.dataset.color = arguments[0];
document.body.appendChild(script);
"""


@pytest.mark.parametrize("color, used", [("#ffd700", "#0b5cad"), ("rood", "#0b5cad"), ("#1f4e3d", "#1f4e3d")])
def test_a_school_colour_too_light_for_white_text_is_replaced_and_no_random_uuid_is_needed(browser, color, used):
    browser.get(DEMO)
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_elements(By.ID, "studiekeuze-assistent"))
    browser.execute_script(REINSERT, color)
    WebDriverWait(browser, WAIT_S).until(
        lambda b: b.execute_script("const h = document.getElementById('studiekeuze-assistent');"
                                   "return h && h.shadowRoot && h.shadowRoot.textContent.includes('Geel College');"))
    host = browser.find_element(By.ID, "studiekeuze-assistent")
    assert browser.execute_script("return arguments[0].style.getPropertyValue('--ska-color')", host) == used
    root = widget(browser)
    root.find_element(By.CSS_SELECTOR, ".ska-toggle").click()
    root.find_element(By.CSS_SELECTOR, ".ska-agree").click()
    type_message(browser, "hoi")
    assert wait_for_bot_messages(browser, 1), "the widget works without crypto.randomUUID"
