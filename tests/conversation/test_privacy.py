"""Personal data typed in a conversation over the REST channel is found nowhere afterwards:
not in the bot's answers, not in the tracker store (.build/tracker.db), not in logs/."""
import random
import sqlite3
import string
import time
from pathlib import Path
from typing import Dict

import pytest

pytestmark = pytest.mark.stack
ROOT = Path(__file__).resolve().parents[2]
TRACKER_DB = ROOT / ".build" / "tracker.db"
LOGS = ROOT / "logs"
MATCHES = (
    "SELECT COUNT(*) FROM events WHERE sender_id LIKE :text OR type_name LIKE :text OR intent_name LIKE :text"
    " OR action_name LIKE :text OR data LIKE :text"
)


def made_up_name() -> str:
    """A name nobody else's test uses, so any hit in the database or logs comes from this test."""
    return random.choice(string.ascii_uppercase) + "".join(random.choices("aeiou" + "bdklmnprstvz", k=7))


def digits(count: int) -> str:
    return str(random.randint(1, 9)) + "".join(random.choices(string.digits, k=count - 1))


@pytest.fixture
def personal_data() -> Dict[str, str]:
    first, last, child = made_up_name(), made_up_name(), made_up_name()
    return {
        "voornaam": first,
        "achternaam": last,
        "naam van het kind": child,
        "e-mail": f"{first.lower()}.{last.lower()}@voorbeeld.nl",
        "telefoon": f"06-{digits(8)}",
        "bsn": digits(9),
        "postcode en huisnummer": f"{digits(4)} {random.choice(string.ascii_uppercase)}K {random.randint(1, 300)}",
    }


def hits_in_tracker_db(text: str) -> int:
    with sqlite3.connect(f"file:{TRACKER_DB}?mode=ro", uri=True) as db:
        return db.execute(MATCHES, {"text": f"%{text}%"}).fetchone()[0]


def stored_user_texts(sender: str) -> str:
    with sqlite3.connect(f"file:{TRACKER_DB}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = :sender AND type_name = 'user'", {"sender": sender}
        ).fetchall()
    return " ".join(row[0] for row in rows)


def test_personal_data_is_not_stored_or_logged(conversation, personal_data):
    data = personal_data
    messages = [
        "hoi",
        f"mijn naam is {data['voornaam']} {data['achternaam']}",
        f"je kunt me mailen op {data['e-mail']} of bellen op {data['telefoon']}",
        f"mijn bsn is {data['bsn']}",
        f"ik woon op {data['postcode en huisnummer']}",
        f"ik ben de moeder van {data['naam van het kind']}, wat kost een hbo-opleiding?",
        f"bedankt! groetjes {data['voornaam']}",
    ]
    replies = " ".join(conversation.say_text(message) for message in messages)
    time.sleep(1)  # give the log writers a moment, so a leak would be on disk

    for what, value in data.items():
        assert value.lower() not in replies, f"the bot repeated the {what}"

    # Rasa did store this conversation, masked: so the searches below look in the right place.
    with sqlite3.connect(f"file:{TRACKER_DB}?mode=ro", uri=True) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"events"}, "a new table in the tracker store: search it too"
    stored = stored_user_texts(conversation.sender)
    for mask in ("[naam]", "[e-mail]", "[telefoonnummer]", "[nummer]", "[adres]"):
        assert mask in stored

    for what, value in data.items():
        assert hits_in_tracker_db(value) == 0, f"the {what} is in the tracker store"

    log_files = [path for path in LOGS.rglob("*") if path.is_file()]
    assert LOGS / "rasa.log" in log_files
    for path in log_files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for what, value in data.items():
            assert value not in text, f"the {what} is in {path.relative_to(ROOT)}"
