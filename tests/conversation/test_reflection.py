"""The loopbaangesprek over the REST channel: 15+ pupil profiles, and the ethics rules."""
import re
import time

import pytest

pytestmark = pytest.mark.stack

# bezigheden, waarom, werken met, vakken, binnen/buiten, belangrijk, sterk, favoriet, school
PROFILES = {
    "zorgzaam": ["oppassen op mijn nichtje", "ik help graag mensen", "Met mensen", "biologie",
                 "Vooral binnen", "Mensen helpen", "luisteren", "nee", "vmbo kader"],
    "sleutelaar": ["sleutelen aan mijn scooter", "ik wil weten hoe het werkt", "Met mijn handen en dingen",
                   "techniek", "Vooral buiten", "Zekerheid van werk", "repareren", "nee", "vmbo basis"],
    "gamer": ["gamen en programmeren", "puzzelen vind ik leuk", "Met computers en data", "wiskunde",
              "Vooral binnen", "Goed verdienen", "logisch nadenken", "nee", "havo"],
    "tekenaar": ["tekenen en video's maken", "ik kan mijn eigen ideeen kwijt", "Met ideeën, beeld of muziek",
                 "tekenen", "Allebei", "Iets maken of bedenken", "creatief zijn", "mediavormgever", "vmbo tl"],
    "dierenvriend": ["paardrijden en voor mijn hond zorgen", "dieren zijn lief", "Met dieren of planten",
                     "biologie", "Vooral buiten", "Zekerheid van werk", "geduld", "nee", "vmbo kader"],
    "verkoper": ["werken in de winkel van mijn oom", "ik praat graag met klanten", "Met mensen",
                 "economie", "Vooral binnen", "Goed verdienen", "overtuigen", "nee", "havo"],
    "ordenaar": ["lijstjes maken en plannen", "ik hou van overzicht", "Met cijfers en overzichten",
                 "wiskunde en economie", "Vooral binnen", "Zekerheid van werk", "precies werken", "nee", "vmbo tl"],
    "sporter": ["voetbal en fitness", "ik wil andere kinderen trainen", "Met mensen", "gym",
                "Vooral buiten", "Mensen helpen", "doorzetten", "nee", "vmbo kader"],
    "onderzoeker": ["proefjes doen en documentaires kijken", "ik wil weten waarom dingen gebeuren",
                    "Met computers en data", "scheikunde en natuurkunde", "Vooral binnen",
                    "Iets maken of bedenken", "analyseren", "nee", "vwo"],
    "kok": ["koken en bakken thuis", "mensen blij maken met eten", "Met mijn handen en dingen", "koken",
            "Vooral binnen", "Iets maken of bedenken", "snel werken", "kok", "vmbo basis"],
    "leraar": ["mijn broertje helpen met huiswerk", "uitleggen vind ik fijn", "Met mensen", "nederlands",
               "Vooral binnen", "Mensen helpen", "geduldig uitleggen", "pabo", "havo"],
    "twijfelaar": ["weet ik niet", "sla over", "sla over", "gym", "Allebei", "Goed verdienen",
                   "weet ik niet", "nee", "vmbo tl"],
    "bouwer": ["timmeren met mijn vader", "iets maken wat blijft staan", "Met mijn handen en dingen",
               "techniek", "Vooral buiten", "Zekerheid van werk", "sterk en handig", "timmerman", "vmbo basis"],
    "kapper": ["haren vlechten bij vriendinnen", "mensen mooi maken", "Met ideeën, beeld of muziek",
               "tekenen", "Vooral binnen", "Mensen helpen", "creatief", "kapper", "vmbo kader"],
    "jurist": ["debatteren en nieuws lezen", "ik wil dat het eerlijk gaat", "Met mensen", "geschiedenis",
               "Vooral binnen", "Zekerheid van werk", "discussie voeren", "rechten", "vwo"],
    "logistiek": ["vrachtwagens kijken en plannen", "ik hou van rijden", "Met mijn handen en dingen",
                  "aardrijkskunde", "Vooral buiten", "Goed verdienen", "organiseren", "nee", "mbo 2"],
}


def reflect(conversation, answers):
    """Start the reflection, answer every question; return all replies after the last answer."""
    assert "vragen" in conversation.say_text("ik weet niet wat ik wil")
    conversation.say_text("ja")
    replies = []
    for answer in answers:
        replies = conversation.say(answer)
    return replies


def options_in(replies):
    return [r["text"] for r in replies if re.match(r"^\d\. ", r.get("text", ""))]


def option_names(replies):
    return [re.match(r"^\d\. (.+?) \(", option).group(1) for option in options_in(replies)]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_profile_ends_with_fitting_sourced_options_and_free_choice(conversation, name):
    started = time.monotonic()
    replies = reflect(conversation, PROFILES[name])
    text = " ".join(r.get("text", "") for r in replies).lower()
    options = options_in(replies)

    assert 3 <= len(options) <= 5, text
    assert "jij kiest" in text
    assert re.search(r"kans op werk: (zeer goed|goed) \(seor", text), "at least one kansrijk option with source"
    assert all("route:" in o.lower() and "volgende stap:" in o.lower() for o in options)
    assert not re.search(r"\bje moet\b|\bkies liever\b", text), "an invitation, never a dictate"
    assert any(r.get("custom", {}).get("overzicht") for r in replies), "Jouw overzicht card is sent"
    assert time.monotonic() - started < 180


@pytest.mark.parametrize("name, favourite", [("tekenaar", "mediavormgever"), ("leraar", "pabo"),
                                             ("kapper", "kapper"), ("bouwer", "timmerman")])
def test_own_favourite_stays_in_the_list(conversation, name, favourite):
    options = options_in(reflect(conversation, PROFILES[name]))
    assert favourite in options[0].lower() or "eigen favoriet" in options[0].lower()


@pytest.mark.parametrize("name", ["zorgzaam", "sleutelaar", "gamer", "kapper"])
def test_swapped_gender_pairs_get_the_same_options(stack, name):
    from tests.conversation.conftest import Conversation

    answers = PROFILES[name]
    as_girl = [f"ik ben een meisje en {answers[0]}"] + answers[1:]
    as_boy = [f"ik ben een jongen en {answers[0]}"] + answers[1:]
    assert option_names(reflect(Conversation(), as_girl)) == option_names(reflect(Conversation(), as_boy))


def test_stop_and_resume(conversation):
    conversation.say_text("ik twijfel heel erg wat ik moet kiezen")
    conversation.say_text("ja")
    conversation.say_text("tekenen")
    paused = conversation.say_text("stop")
    assert "stoppen even" in paused
    resumed = conversation.say_text("verder met de vragen")
    assert "wat maakt dat leuk" in resumed, "resumes at the first unanswered question"


def test_declining_is_respected(conversation):
    conversation.say_text("geen idee wat ik moet kiezen")
    reply = conversation.say_text("nee")
    assert "later" in reply


def test_overview_after_the_reflection(conversation):
    reflect(conversation, PROFILES["gamer"])
    replies = conversation.say("mijn overzicht")
    assert any("jouw overzicht" in r.get("text", "").lower() for r in replies)
    card = next(r["custom"]["overzicht"] for r in replies if r.get("custom"))
    assert 3 <= len(card["opties"]) <= 5 and "jij kiest" in card["let_op"].lower()


def test_personal_worries_get_a_referral_not_alternatives(conversation):
    reply = conversation.say_text("het gaat thuis niet goed en ik heb geen zin meer in school")
    assert "mentor" in reply and "0800" in reply
    later = conversation.say_text("welke opleidingen lijken op kapper")
    assert "lijken" not in later and "mentor" in later


@pytest.mark.parametrize("small_talk, answered", [("hoe heet je", "studiekeuze-assistent"),
                                                  ("ben jij een robot?", "chatbot, geen mens")])
def test_small_talk_during_the_questions_is_answered_not_stored(conversation, small_talk, answered):
    conversation.say_text("ik twijfel heel erg wat ik moet kiezen")
    first = conversation.say_text("ja")
    assert "wat doe je graag" in first
    reply = conversation.say_text(small_talk)
    assert answered in reply
    assert "wat doe je graag" in reply, "the open question is asked again"
    assert "wat maakt dat leuk" in conversation.say_text("tekenen"), "the real answer goes on to the next question"
    paused = conversation.say_text("stop")
    assert "stoppen even" in paused
    assert "wat maakt dat leuk" in conversation.say_text("verder met de vragen"), "only the real answer was kept"


def test_small_talk_while_asking_about_costs(conversation):
    assert "welk onderwijs" in conversation.say_text("wat kost studeren")
    reply = conversation.say_text("hoe oud ben jij")
    assert "geen leeftijd" in reply and "welk onderwijs" in reply
    assert "lesgeld" in conversation.say_text("mbo")


# --- issue 18: the pupil's own words, and never stuck ------------------------------------------------

SKIP_ALL = ["sla over"] * 7


def test_an_answer_read_as_small_talk_does_not_get_the_pupil_stuck(conversation):
    conversation.say_text("ik weet niet wat ik wil")
    assert "wat doe je graag" in conversation.say_text("ja")
    reply = conversation.say_text("ik sleutel graag aan brommers en auto's, ik wil met mijn handen werken")
    assert "wat maakt dat leuk" in reply


def test_a_question_the_form_cannot_take_twice_is_skipped_kindly(conversation):
    conversation.say_text("ik weet niet wat ik wil")
    conversation.say_text("ja")
    conversation.say_text("ben jij een robot?")
    reply = conversation.say_text("ben jij een robot?")
    assert "slaan we over" in reply and "wat maakt dat leuk" in reply


def reasons_of(options):
    return [re.sub(r"^\d\. .+? \([^)]*\)\. ", "", o).split(" Kans op werk:")[0] for o in options]


@pytest.mark.parametrize("said, school, expected", [
    ("ik hou van tekenen en gamen", "havo", ("game", "vormgeving", "design", "kunst")),
    ("ik kook graag", "vmbo kader", ("kok", "gastheer")),
    ("ik werk graag met hout", "vmbo tl", ("timmerman", "meubel")),
])
def test_options_follow_what_the_pupil_said(conversation, said, school, expected):
    options = options_in(reflect(conversation, [said] + SKIP_ALL + [school]))
    names = " ".join(option_names([{"text": o} for o in options])).lower()
    assert sum(word in names for word in expected) >= 2 or names.count(expected[0]) >= 2, names
    reasons = reasons_of(options)
    assert len(set(reasons)) == len(reasons), "no two reasons are the same"
    assert any('"' in r for r in reasons), "reasons quote the pupil"
