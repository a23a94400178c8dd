"""scripts/logwriter.py: what the services print reaches logs/ masked, in a new file every day."""
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITER = [sys.executable, str(ROOT / "scripts" / "logwriter.py")]
OUTPUT = (
    "2026-11-22 04:45:38 INFO     rasa_sdk.endpoint  - Action endpoint is up and running\n"
    "ERROR    rasa.core.channels.rest  - {\"text\": \"ik heet Sanne Bakker\", \"event\": \"rest.message.received.failure\"}\n"
    "Traceback: body='b'{\"error\":\"x\",\"request_body\":{\"tracker\":{\"text\":\"mijn bsn is 123456782\"}}}'\n"
    "bel me op 06-12345678 of mail sanne@school.nl, groetjes Sanne\n"
).encode()


def test_output_is_written_masked(tmp_path):
    log = tmp_path / "rasa.log"
    subprocess.run(WRITER + [str(log)], input=OUTPUT, check=True, timeout=30)
    text = log.read_text(encoding="utf-8")
    assert "Action endpoint is up and running" in text and len(text.splitlines()) == 4
    for secret in ("Sanne", "Bakker", "123456782", "06-12345678", "sanne@school.nl"):
        assert secret not in text
    assert "[telefoonnummer]" in text and "[e-mail]" in text and "groetjes [naam]" in text


def test_a_very_long_line_is_masked_and_cut(tmp_path):
    log = tmp_path / "rasa.log"
    line = "mail sanne@school.nl " + "x" * 20_000 + " of bel 06-12345678"
    subprocess.run(WRITER + [str(log)], input=(line + "\nvolgende regel\n").encode(), check=True, timeout=30)
    first, second = log.read_text(encoding="utf-8").splitlines()
    assert first.startswith("mail [e-mail] xxx") and first.endswith(" [ingekort]") and len(first) < 4100
    assert second == "volgende regel"


def test_a_file_from_an_earlier_day_is_moved_aside(tmp_path):
    log = tmp_path / "web.log"
    log.write_text("oude regel\n")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(log, (two_days_ago, two_days_ago))
    subprocess.run(WRITER + [str(log)], input=b"nieuwe regel\n", check=True, timeout=30)
    assert log.read_text() == "nieuwe regel\n"
    rotated = tmp_path / f"web.log.{(date.today() - timedelta(days=2)).isoformat()}"
    assert rotated.read_text() == "oude regel\n"
