"""Property tests (hypothesis) for entity normalisation and the knowledge queries it feeds:
whatever a user types, the result is a key the knowledge base knows, or None / NotFound."""
from hypothesis import given, settings
from hypothesis import strategies as st

from actions import parsing
from knowledge import api
from knowledge.errors import NotFound
from knowledge.vocabulary import KOSTEN_WORDS, ONDERWERPEN

SCHOOL_KEYS = set(parsing.NEXT_LEVEL) | {"hbo", "wo"}
KOSTEN_KEYS = {key for key, _ in KOSTEN_WORDS}
ONDERWERP_KEYS = {key for key, _ in ONDERWERPEN}

# Text as users type it: random unicode, and study words in any order, case and spacing.
study_words = st.sampled_from([
    "vmbo", "mavo", "kader", "basis", "tl", "gl", "havo", "vwo", "gymnasium", "mbo", "hbo", "wo", "uni",
    "niveau", "n", "1", "2", "3", "4", "7", "bol", "bbl", "lesgeld", "stufi", "boeken", "stapelen",
    "ik", "zit", "op", "het", "en", "wat", "kost", "Oriëntatiejaar", "🙂", "'; DROP TABLE", "\u200b",
])
typed = st.one_of(
    st.text(max_size=200),
    st.lists(study_words, max_size=8).map(" ".join),
)


@settings(max_examples=400)
@given(typed)
def test_normalisers_return_known_keys_or_none(text):
    assert parsing.niveau_of(text) in (None, 1, 2, 3, 4)
    assert parsing.onderwijs_of(text) in (None, "mbo", "hbo", "wo")
    assert parsing.schooltype_key(text) in SCHOOL_KEYS | {None}
    assert parsing.next_level(text) in SCHOOL_KEYS | {None}
    assert parsing.kostensoort_of(text) in KOSTEN_KEYS | {None}
    assert parsing.onderwerp_of(text) in ONDERWERP_KEYS | {None}


@given(typed)
def test_plain_is_idempotent_and_case_blind(text):
    once = parsing.plain(text)
    assert parsing.plain(once) == once
    assert parsing.schooltype_key(text.upper()) == parsing.schooltype_key(text.lower())


@given(st.integers(min_value=1, max_value=4), st.sampled_from(["niveau {}", "mbo {}", "mbo-{}", "N{}"]),
       st.sampled_from(["", "ik doe ", "mijn zoon zit op "]))
def test_a_named_mbo_level_is_found_in_any_sentence(level, form, prefix):
    assert parsing.niveau_of(prefix + form.format(level)) == level


@given(st.integers().filter(lambda n: not 1 <= n <= 4))
def test_impossible_levels_are_not_read_as_levels(number):
    assert parsing.niveau_of(f"niveau {number}") is None


@settings(max_examples=150, deadline=None)
@given(typed)
def test_every_normalised_school_has_routes_in_the_knowledge_base(engine, text):
    school = parsing.schooltype_key(text)
    if school is not None:
        assert isinstance(api.routes_from(school, engine=engine), list)


@settings(max_examples=150, deadline=None)
@given(typed)
def test_knowledge_lookups_answer_or_say_not_found(engine, text):
    """Free text straight into the lookups: a result, None or NotFound, never another error."""
    assert api.find_sector(text, engine=engine) is None or api.find_sector(text, engine=engine).id
    for lookup in (api.route_info, api.onderzoek):
        try:
            lookup(text, engine=engine)
        except NotFound:
            pass
    onderwerp = parsing.onderwerp_of(text)
    if onderwerp is not None:
        assert api.route_info(onderwerp, engine=engine).uitleg
