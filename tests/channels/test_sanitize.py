import pytest
from hypothesis import given
from hypothesis import strategies as st

from channels.sanitize import MAX_CHARS, clean_message, mask_personal_data


@pytest.mark.parametrize("text, expected", [
    ("/restart", "restart"),
    ('/ask_costs{"schooltype": "hbo"}', "ask_costs"),
    ('/inform_role{"rol": "lob"}', "inform_role"),
    ("  //greet ", "greet"),
    ("hoi\u200b\u200bdaar", "hoidaar"),
    ("\u202egnikeb\u202c", "gnikeb"),
    ("nul\x00byte", "nulbyte"),
    ("regel 1\nregel 2", "regel 1 regel 2"),
])
def test_commands_and_invisible_characters_are_removed(text, expected):
    assert clean_message(text) == expected


@pytest.mark.parametrize("text, secret, mask", [
    ("mail me op jan.jansen@school.nl", "jan.jansen@school.nl", "[e-mail]"),
    ("bel 06-12345678", "06-12345678", "[telefoonnummer]"),
    ("mijn nummer is 0612345678", "0612345678", "[telefoonnummer]"),
    ("bel +31 6 12345678 maar", "12345678", "[telefoonnummer]"),
    ("vast: 010-1234567", "1234567", "[telefoonnummer]"),
    ("mijn bsn is 123456782", "123456782", "[nummer]"),
    ("ik woon op 1234 AB 12", "1234 AB", "[adres]"),
    ("postcode 3011AB, 5a", "3011AB", "[adres]"),
])
def test_personal_data_is_masked(text, secret, mask):
    cleaned = clean_message(text)
    assert secret not in cleaned and mask in cleaned


@pytest.mark.parametrize("text", ["ik zit op mbo niveau 4", "ik ben 16 jaar", "in 2024 begon ik",
                                  "crebo 25655", "wat kost 2.601 euro"])
def test_ordinary_numbers_stay(text):
    assert mask_personal_data(text) == text


@given(st.text())
def test_clean_message_never_fails_and_never_starts_with_a_slash(text):
    cleaned = clean_message(text)
    assert len(cleaned) <= MAX_CHARS
    assert not cleaned.startswith("/")
    assert "\x00" not in cleaned and "\u200b" not in cleaned


@given(st.emails())
def test_any_email_is_masked(email):
    assert "@" not in clean_message(f"mijn mail: {email} toch")
