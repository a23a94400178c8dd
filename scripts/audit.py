"""Dependency audit: pip-audit checks the packages installed in .venv for known vulnerabilities.

    python scripts/audit.py     (`make audit`, also run by `make test`)

pip-audit runs from its own venv (.build/audit-venv, made by scripts/setup.sh from
requirements/audit.txt), so it can never change the versions Rasa 3.6 pins. The script prints a
report and exits 0 when vulnerabilities are found (Rasa 3.6 pins old versions that we cannot
upgrade on our own) and when the vulnerability service cannot be reached. It exits 1 only when
pip-audit itself is missing or broken.
"""
import json
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = ROOT / ".build" / "audit-venv" / "bin" / "pip-audit"
TIMEOUT_S = 300
NETWORK_ERRORS = ("ConnectionError", "NameResolutionError", "Max retries exceeded", "Timeout", "timed out", "SSLError")
UNREACHABLE = (
    "[audit] De kwetsbaarhedendienst van pip-audit is niet bereikbaar, dus er is niets gecontroleerd. "
    "Dit laat de test niet falen. Probeer `make audit` later opnieuw, op een machine met internet."
)


def say(text: str) -> None:
    print(text, flush=True)


def report_lines(report: Dict[str, Any]) -> Optional[List[str]]:
    """The readable report of pip-audit's JSON; None when no package could be checked at all."""
    dependencies = report.get("dependencies", [])
    checked = [dep for dep in dependencies if "skip_reason" not in dep]
    if not checked:
        return None
    vulnerable = [dep for dep in checked if dep.get("vulns")]
    count = sum(len(dep["vulns"]) for dep in vulnerable)
    lines = [f"[audit] {len(checked)} pakketten gecontroleerd: "
             f"{count} bekende kwetsbaarheden in {len(vulnerable)} pakketten."]
    for dep in sorted(vulnerable, key=lambda dep: dep["name"].lower()):
        vulns = ", ".join(
            vuln["id"] + (f" (opgelost in {', '.join(vuln['fix_versions'])})" if vuln.get("fix_versions") else "")
            for vuln in dep["vulns"]
        )
        lines.append(f"  {dep['name']} {dep['version']}: {vulns}")
    skipped = [dep["name"] for dep in dependencies if "skip_reason" in dep]
    if skipped:
        lines.append(f"[audit] niet gecontroleerd ({len(skipped)}): {', '.join(sorted(skipped))}")
    if vulnerable:
        lines.append("[audit] Dit laat de test niet falen: de meeste versies zijn vastgelegd door Rasa 3.6 "
                     "(requirements/README.md). Beoordeel wat ons raakt.")
    return lines


def audit(pip_audit: Path = PIP_AUDIT, site_packages: str = sysconfig.get_paths()["purelib"]) -> int:
    if not pip_audit.exists():
        say(f"[audit] pip-audit ontbreekt: {pip_audit} bestaat niet. Draai `make setup`.")
        return 1
    version = subprocess.run([str(pip_audit), "--version"], capture_output=True, text=True)
    if version.returncode != 0:
        say(f"[audit] pip-audit werkt niet:\n{version.stdout}{version.stderr}")
        return 1
    say(f"[audit] {version.stdout.strip()} controleert de pakketten in {site_packages}")
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "audit.json"
        command = [str(pip_audit), "--path", site_packages, "--format", "json", "--output", str(output),
                   "--desc", "off", "--progress-spinner", "off", "--timeout", "15"]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            say(UNREACHABLE)
            return 0
        report = json.loads(output.read_text()) if output.exists() and output.stat().st_size else None
    if report is None:
        if any(error in result.stderr for error in NETWORK_ERRORS):
            say(UNREACHABLE)
            return 0
        say(f"[audit] pip-audit is mislukt (exitcode {result.returncode}):\n{result.stderr[-3000:]}")
        return 1
    lines = report_lines(report)
    if lines is None:
        # The PyPI JSON API answered 'not found' for every package: nothing was checked.
        say(UNREACHABLE)
        return 0
    say("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(audit())
