"""Clean what a user typed before Rasa sees or stores it, and clean log lines before they are written.

- Invisible and control characters (zero-width, right-to-left overrides, NUL) are removed.
- A leading '/' and any '{...}' after such a command are dropped: Rasa reads '/intent{...}'
  as a command, and users must not be able to trigger intents, entities or '/restart' that way.
- Personal data is masked (the users are minors; AVG): e-mail addresses, phone numbers,
  BSN-like numbers, postcode + huisnummer and names. The bot never needs them.

Names are found by patterns, not by a list of names (see PRIVACY.md for what this misses):

- After 'ik heet', 'hij/zij/ze heet', 'mijn zoon/dochter/kind heet', 'mijn naam is', 'mijn naam:'
  and 'noem me' the next word is a name, also in small letters ('ik heet sanne'), and so are up
  to two more words that are not in NOT_NAMES or follow a tussenvoegsel ('jan jansen',
  'jan de vries'), and any further words that start with a capital ('Jan Pieter de Vries').
- After 'ik ben', a greeting ('groetjes', 'groeten', 'groet', 'gr', 'mvg', 'liefs', 'doei'),
  'moeder/vader/ouder/... van' and 'mijn/onze/ons zoon/dochter/kind/...' only a word with a
  capital followed by small letters is a name ('ik ben Mohammed', 'groetjes Lisa',
  'de moeder van Daan', 'mijn zoon Tim'), so 'ik ben ouder', 'ik ben 15' and
  'ik ben Mbo-leerling' stay as they are.
- Words in NOT_NAMES (roles, school types, question words, ...) are no name, also when they start
  with a capital ('Ik ben Leerling', 'ik heet je welkom'), except right after a tussenvoegsel
  ('Sanne de Meester').
"""
import re
import unicodedata

MAX_CHARS = 2000
EMAIL = re.compile(r"(?<![^\s@])[^\s@]+@[^\s@]+\.[^\s@]+")  # starts only at a word: linear time
PHONE = re.compile(r"(?<!\w)(?:\+31|0031|0)[\s-]?(?:6|[1-9]\d{1,2})(?:[\s-]?\d){6,8}(?!\w)")
BSN = re.compile(r"(?<!\d)\d{9}(?!\d)")
POSTCODE_HOUSE = re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\b(?:\s*,?\s*\d{1,5}\s?[A-Za-z]?\b)?")


def _letters(has_case) -> str:
    """The letters of the Latin scripts (A to ɏ, so also é, ç, ş, ł) for which has_case is true."""
    return "".join(chr(code) for code in range(0x41, 0x250) if has_case(chr(code)))


UPPER, LOWER = _letters(str.isupper), _letters(str.islower)
NOT_NAMES = (
    # small words, question words, greetings and common verbs that may follow a trigger
    "ik je jij jou u hij zij ze wij we jullie het de een en of maar want dus als dan dat die dit deze er hier "
    "daar nu ook nog niet geen wel al heel erg echt best zo wat wie hoe waar waarom wanneer welke welk ja nee "
    "oke oké ok okay hoi hallo hey hee hai doei dag bedankt dank thanks sorry graag alvast vriendelijke groet "
    "groeten groetjes met van voor in op uit naar bij aan over om tot mijn onze ons jouw zijn haar hun "
    "jaar oud is heb heeft zit zat wil wilt ga gaat kom woon doe moet kan mag zou weet vind hoop twijfel "
    "denk zoek leer werk hou houd wou "
    # roles
    "leerling leerlinge scholier student studente ouder ouders moeder vader mama papa mam pap stiefvader "
    "stiefmoeder verzorger verzorgster voogd decaan mentor docent docente leraar lerares juf meester coach "
    "loopbaancoach loopbaanbegeleider begeleider lob "
    # school types and school words
    "vmbo mavo havo vwo mbo hbo wo gymnasium atheneum lyceum havist basisschool brugklas brugklasser "
    "praktijkonderwijs kader basis tl gl bol bbl niveau klas leerjaar school hogeschool universiteit"
).split()

NOT_NAME = rf"(?!(?i:{'|'.join(NOT_NAMES)})(?![\w'-]))"
END = r"(?![\w'-])"  # a whole word: 'Mbo-leerling' and 'Vwo'er' are no names
CAPITAL_WORD = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)*{END}"  # Sanne, Anne-Marie, Özdemir
CAPITALISED = rf"{NOT_NAME}{CAPITAL_WORD}"
LETTER_WORD = rf"[{UPPER}{LOWER}]+(?:-[{UPPER}{LOWER}]+)*{END}"  # sanne
ANY_WORD = rf"{NOT_NAME}{LETTER_WORD}"
TUSSENVOEGSEL = r"(?i:van|de|der|den|ter|ten|'t|el|al|da|di|du|von|le|la)\s+"
SURNAME = rf"\s+(?:(?:{TUSSENVOEGSEL})+{CAPITAL_WORD}|{CAPITALISED})"  # ' Jansen', ' de Vries', ' van der Meester'
SMALL_WORDS = rf"(?:\s+(?:(?:{TUSSENVOEGSEL})+{LETTER_WORD}|{ANY_WORD})){{0,2}}"  # ' jansen', ' de meester'
SEPARATOR = r"(?:\s*[,:]\s*|\s+)"
SURE_TRIGGER = r"(?i:\b(?:(?:ik|hij|zij|ze|zoon|dochter|kind)\s+heet|mijn\s+naam\s+is|mijn\s+naam\s*:|noem\s+me|noem\s+mij))"
MAYBE_TRIGGER = (
    r"(?i:\b(?:ik\s+ben|groetjes|groeten|groet|gr\.?|mvg|liefs|doei"
    r"|(?:moeder|vader|mama|papa|ouders?|oma|opa|voogd|verzorger)\s+van"
    r"|(?:mijn|onze|ons)\s+(?:zoon|dochter|kind|pupil|broer|broertje|zus|zusje|neef|nicht|vriend|vriendin)))"
)
NAME = re.compile(
    rf"({SURE_TRIGGER}{SEPARATOR}){ANY_WORD}{SMALL_WORDS}(?:{SURNAME})*"
    rf"|({MAYBE_TRIGGER}{SEPARATOR}){CAPITALISED}(?:{SURNAME})*"
)

MASKS = ((EMAIL, "[e-mail]"), (PHONE, "[telefoonnummer]"), (BSN, "[nummer]"), (POSTCODE_HOUSE, "[adres]"))


def visible(text: str) -> str:
    """Drop control and format characters (Unicode categories Cc and Cf), keep newlines as spaces."""
    return "".join(" " if c in "\n\r\t" else c for c in text if c in "\n\r\t" or unicodedata.category(c) not in ("Cc", "Cf"))


def mask_names(text: str) -> str:
    """'ik heet Sanne de Vries' -> 'ik heet [naam]'; the words that point to the name stay."""
    return NAME.sub(lambda match: (match[1] or match[2]) + "[naam]", text)


def mask_personal_data(text: str) -> str:
    for pattern, mask in MASKS:
        text = pattern.sub(mask, text)
    return mask_names(text)


COMMAND = re.compile(r"^/+(\S*?)\{.*\}\s*$|^/+")


def clean_message(text: str) -> str:
    text = visible(text or "")[:MAX_CHARS].strip()
    text = COMMAND.sub(lambda match: match.group(1) or "", text).strip()
    return mask_personal_data(text)


# What Rasa writes about a conversation when something fails: the action server's error reply
# quotes the whole tracker ("request_body"), and structlog events carry the message ("text").
LOG_CONVERSATION = (
    (re.compile(r'"request_body":.*'), '"request_body": "[weggelaten]"'),
    (re.compile(r'"(text|user_text|message)":\s*"(?:[^"\\]|\\.)*"'), r'"\1": "[weggelaten]"'),
)


def clean_log_line(line: str) -> str:
    """A line of a service's output as it may be written to logs/: no conversation dumps, personal data masked."""
    for pattern, replacement in LOG_CONVERSATION:
        line = pattern.sub(replacement, line)
    return mask_personal_data(line)
