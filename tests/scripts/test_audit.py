"""scripts/audit.py against stand-ins for pip-audit: a report, never a failure for known vulnerabilities
or an unreachable service, a failure when pip-audit is missing or broken."""
import json
import stat
import sys

import pytest

from scripts.audit import UNREACHABLE, audit

VULNERABLE = {"dependencies": [
    {"name": "tensorflow", "version": "2.12.0", "vulns": [{"id": "GHSA-aaaa", "fix_versions": ["2.12.1"]}]},
    {"name": "requests", "version": "2.31.0", "vulns": [{"id": "PYSEC-1", "fix_versions": []}]},
    {"name": "rapidfuzz", "version": "3.5.2", "vulns": []},
    {"name": "mijn-pakket", "skip_reason": "Dependency not found on PyPI and could not be audited"},
], "fixes": []}
NOTHING_FOUND_ON_PYPI = {"dependencies": [
    {"name": name, "skip_reason": f"Dependency not found on PyPI and could not be audited: {name}"}
    for name in ("rasa", "requests")
], "fixes": []}
NETWORK_ERROR = "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev'): Max retries exceeded"


def fake_pip_audit(tmp_path, *, report=None, exit_code=0, stderr="", version_exit=0):
    """An executable that answers --version and writes `report` to the file after --output."""
    script = tmp_path / "pip-audit"
    script.write_text(f"""#!{sys.executable}
import sys
if "--version" in sys.argv:
    print("pip-audit 2.10.1")
    sys.exit({version_exit})
report = {json.dumps(json.dumps(report)) if report is not None else None}
if report is not None:
    open(sys.argv[sys.argv.index("--output") + 1], "w").write(report)
sys.stderr.write({stderr!r})
sys.exit({exit_code})
""")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_vulnerabilities_are_reported_but_do_not_fail(tmp_path, capsys):
    assert audit(fake_pip_audit(tmp_path, report=VULNERABLE, exit_code=1), "site") == 0
    out = capsys.readouterr().out
    assert "3 pakketten gecontroleerd: 2 bekende kwetsbaarheden in 2 pakketten" in out
    assert "tensorflow 2.12.0: GHSA-aaaa (opgelost in 2.12.1)" in out and "requests 2.31.0: PYSEC-1" in out
    assert "niet gecontroleerd (1): mijn-pakket" in out


def test_clean_report(tmp_path, capsys):
    report = {"dependencies": [{"name": "rapidfuzz", "version": "3.5.2", "vulns": []}], "fixes": []}
    assert audit(fake_pip_audit(tmp_path, report=report), "site") == 0
    assert "1 pakketten gecontroleerd: 0 bekende kwetsbaarheden" in capsys.readouterr().out


@pytest.mark.parametrize("kwargs", [
    {"report": NOTHING_FOUND_ON_PYPI},  # what pypi.org's JSON API gives from this machine: 404 for every package
    {"exit_code": 1, "stderr": NETWORK_ERROR},
])
def test_unreachable_service_says_so_and_does_not_fail(tmp_path, capsys, kwargs):
    assert audit(fake_pip_audit(tmp_path, **kwargs), "site") == 0
    assert UNREACHABLE in capsys.readouterr().out


def test_missing_pip_audit_fails(tmp_path, capsys):
    assert audit(tmp_path / "pip-audit", "site") == 1
    assert "pip-audit ontbreekt" in capsys.readouterr().out


@pytest.mark.parametrize("kwargs", [
    {"version_exit": 1},
    {"exit_code": 2, "stderr": "Traceback ...\nModuleNotFoundError: No module named 'pip_api'"},
])
def test_broken_pip_audit_fails(tmp_path, capsys, kwargs):
    assert audit(fake_pip_audit(tmp_path, **kwargs), "site") == 1
    assert "pip-audit" in capsys.readouterr().out
