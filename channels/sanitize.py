"""Clean what a user typed before Rasa sees or stores it.

- Invisible and control characters (zero-width, right-to-left overrides, NUL) are removed.
- A leading '/' and any '{...}' after such a command are dropped: Rasa reads '/intent{...}'
  as a command, and users must not be able to trigger intents, entities or '/restart' that way.
- Personal data is masked (the users are minors; AVG): e-mail addresses, phone numbers,
  BSN-like numbers and postcode + huisnummer. The bot never needs them.
"""
import re
import unicodedata

MAX_CHARS = 2000
EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
PHONE = re.compile(r"(?<!\w)(?:\+31|0031|0)[\s-]?(?:6|[1-9]\d{1,2})(?:[\s-]?\d){6,8}(?!\w)")
BSN = re.compile(r"(?<!\d)\d{9}(?!\d)")
POSTCODE_HOUSE = re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\b(?:\s*,?\s*\d{1,5}\s?[A-Za-z]?\b)?")
MASKS = ((EMAIL, "[e-mail]"), (PHONE, "[telefoonnummer]"), (BSN, "[nummer]"), (POSTCODE_HOUSE, "[adres]"))


def visible(text: str) -> str:
    """Drop control and format characters (Unicode categories Cc and Cf), keep newlines as spaces."""
    return "".join(" " if c in "\n\r\t" else c for c in text if c in "\n\r\t" or unicodedata.category(c) not in ("Cc", "Cf"))


def mask_personal_data(text: str) -> str:
    for pattern, mask in MASKS:
        text = pattern.sub(mask, text)
    return text


COMMAND = re.compile(r"^/+(\S*?)\{.*\}\s*$|^/+")


def clean_message(text: str) -> str:
    text = visible(text or "")[:MAX_CHARS].strip()
    text = COMMAND.sub(lambda match: match.group(1) or "", text).strip()
    return mask_personal_data(text)
