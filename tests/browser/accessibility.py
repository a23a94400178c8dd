"""axe-core (npm, tests/browser/package.json; scripts/setup.sh runs npm ci) in the page under test."""
from pathlib import Path
from typing import Dict, List

import pytest

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


def serious_accessibility_problems(browser) -> List[Dict[str, object]]:
    """axe-core's serious and critical violations on the current page (open shadow roots included)."""
    if not AXE.exists():
        pytest.fail("axe-core ontbreekt: `make setup` installeert het (npm ci in tests/browser)")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));"
    )
    assert isinstance(result, list), result
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "where": [n["target"] for n in v["nodes"]][:5]}
        for v in result if v["impact"] in ("serious", "critical")
    ]
