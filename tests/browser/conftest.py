"""A real headless Chromium (Debian's package), driven by Selenium; screenshots go to results/screenshots/."""
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

SCREENSHOTS = Path(__file__).resolve().parents[2] / "results" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# No outside connections: the machine's network is closed, and the tests must not depend on it.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--window-size=1200,900")


@pytest.fixture
def browser(stack):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium ontbreekt: `make setup` installeert chromium en chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    with tempfile.TemporaryDirectory() as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        driver.implicitly_wait(0)
        try:
            yield driver
        finally:
            driver.quit()


@pytest.fixture
def screenshot(browser, request):
    """Call screenshot("name") to save a PNG of the current page as a test artifact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{name}.png"
        browser.save_screenshot(str(path))
        return path

    return take
