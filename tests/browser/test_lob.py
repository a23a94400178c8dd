"""A decaan logs in to the prompt lab, tests seven prompts, exports corrections and opens the insights."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from scripts.stack import load_env
from tests.browser.accessibility import serious_accessibility_problems
from tests.conversation.conftest import Conversation

pytestmark = [pytest.mark.stack, pytest.mark.browser]
WAIT_S = 60
PROMPTS = ["hoi", "wat is de opleiding kapper", "wat kost een hbo opleiding", "wat is stapelen",
           "qwerty asdf", "wat is een deficiëntie?", "stage"]


def log_in(browser):
    browser.get("http://localhost:8000/lob")
    browser.find_element(By.ID, "token").send_keys(load_env()["LOB_TOKEN"])
    browser.find_element(By.CSS_SELECTOR, "form.login button[type=submit]").click()
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_elements(By.ID, "run-form"))


def test_wrong_token_is_refused(browser):
    browser.get("http://localhost:8000/lob")
    browser.find_element(By.ID, "token").send_keys("fout")
    browser.find_element(By.CSS_SELECTOR, "form.login button[type=submit]").click()
    assert not browser.find_elements(By.ID, "run-form")


def test_prompt_lab_runs_prompts_and_exports_corrections(browser, screenshot):
    log_in(browser)
    browser.find_element(By.ID, "prompts").send_keys("\n".join(PROMPTS))
    browser.find_element(By.ID, "run-button").click()
    rows = WebDriverWait(browser, WAIT_S).until(
        lambda b: [r for r in b.find_elements(By.CSS_SELECTOR, "#results tbody tr")] if len(
            b.find_elements(By.CSS_SELECTOR, "#results tbody tr")) == len(PROMPTS) else None)
    cells = [row.find_elements(By.TAG_NAME, "td") for row in rows]
    assert [c[0].text for c in cells] == PROMPTS
    assert cells[0][1].text == "greet" and cells[1][1].text == "ask_opleiding_info"
    assert "kapper" in cells[1][4].text.lower()
    # NLU has no intent for it, but an answer card answered: the lab says which, and it is no failure.
    assert cells[5][5].text == "Antwoordkaart: Een vak missen (deficiëntie)"
    assert "low" not in rows[5].get_attribute("class")
    assert cells[6][5].text.startswith("Bedoel je…?: "), "only offered cards: still worth a look"
    screenshot("resultaten")

    browser.find_element(By.ID, "only-low").click()
    visible = [c[0].text for r, c in zip(rows, cells) if r.is_displayed()]
    assert visible == ["stage"], "the filter hides confident answers and those a card answered"
    browser.find_element(By.ID, "only-low").click()

    cells[4][6].find_element(By.TAG_NAME, "input").click()
    Select(cells[4][7].find_element(By.TAG_NAME, "select")).select_by_value("gibberish")
    browser.find_element(By.ID, "export-yaml").click()
    WebDriverWait(browser, WAIT_S).until(lambda b: "gedownload" in b.find_element(By.ID, "export-status").text)
    screenshot("export")


def test_insights_page_shows_charts(browser, screenshot):
    # The lab's own conversations are not counted: five pupils greet, so that a day has a chart.
    for _ in range(5):
        Conversation().say("hoi")
    log_in(browser)
    browser.get("http://localhost:8000/lob/inzichten")
    images = browser.find_elements(By.CSS_SELECTOR, "img[src^='/lob/inzichten/']")
    assert images
    for image in images:
        assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image)
    screenshot("inzichten")


def test_staff_pages_pass_axe(browser):
    browser.get("http://localhost:8000/lob")
    assert serious_accessibility_problems(browser) == [], "login page"
    log_in(browser)
    browser.find_element(By.ID, "prompts").send_keys("hoi\nwat kost een hbo opleiding")
    browser.find_element(By.ID, "run-button").click()
    WebDriverWait(browser, WAIT_S).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#results tbody tr")) == 2)
    assert serious_accessibility_problems(browser) == [], "prompt lab with results"
    browser.get("http://localhost:8000/lob/inzichten")
    assert serious_accessibility_problems(browser) == [], "insights"
