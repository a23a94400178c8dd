"""How the bot addresses its reader, for the tests that check it: pupils "je", parents and staff "u"."""
import re

ADDRESSES_AS_JE = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
