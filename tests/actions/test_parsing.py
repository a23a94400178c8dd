import pytest

from actions.parsing import (
    default_kostensoort,
    is_parent_message,
    is_stop,
    knowledge_id_in,
    next_level,
    kostensoort_of,
    niveau_of,
    onderwerp_of,
    onderwijs_of,
    route_ends,
    schooltype_key,
)


@pytest.mark.parametrize(
    "text, expected",
    [("hbo", "hbo"), ("de hogeschool", "hbo"), ("uni", "wo"), ("universiteit", "wo"), ("WO", "wo"),
     ("mbo 4", "mbo"), ("roc", "mbo"), ("bbl", "mbo"), ("havo", None), ("", None), (None, None),
     ("een ad na het mbo", "hbo"), ("hbo-opleiding", "hbo"), ("een havo-advies", None)],
)
def test_onderwijs_of(text, expected):
    assert onderwijs_of(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("niveau 2", 2), ("mbo 3", 3), ("mbo-4", 4), ("n4", 4), ("Niveau 1", 1),
     ("niveau 7", None), ("in 2 jaar", None), ("vmbo 3", None), ("", None)],
)
def test_niveau_of(text, expected):
    assert niveau_of(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("vmbo kader", "vmbo-kader"), ("vmbo basis", "vmbo-basis"), ("vmbo-tl", "vmbo-tl"), ("mavo", "vmbo-tl"),
     ("vmbo gl", "vmbo-gl"), ("havo", "havo"), ("vwo", "vwo"), ("gymnasium", "vwo"), ("mbo 2", "mbo2"),
     ("niveau 3", "mbo3"), ("mbo", "mbo4"), ("roc", "mbo4"), ("hbo", "hbo"), ("uni", "wo"), ("basisschool groep 8", None),
     ("", None)],
)
def test_schooltype_key(text, expected):
    assert schooltype_key(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("hoeveel collegegeld", "collegegeld"), ("krijg ik stufi", "studiefinanciering"),
     ("moet ik lesgeld betalen", "lesgeld"), ("wat kosten de boeken", "bijkomend"),
     ("cursusgeld bbl", "cursusgeld"), ("wat kost dat", None)],
)
def test_kostensoort_of(text, expected):
    assert kostensoort_of(text) == expected


def test_default_kostensoort_follows_onderwijs_and_leerweg():
    assert default_kostensoort("mbo", None) == "lesgeld"
    assert default_kostensoort("mbo", "BBL") == "cursusgeld"
    assert default_kostensoort("hbo", None) == "collegegeld"
    assert default_kostensoort("wo", "bol") == "collegegeld"


@pytest.mark.parametrize(
    "text, expected",
    [("wat is stapelen", "stapelen"), ("wat is een startkwalificatie", "startkwalificatie"),
     ("Oriëntatiejaar?", "orientatiejaar"), ("welke profielen zijn er", "profielen"),
     ("is er een loting", "numerus_fixus"), ("hoeveel niveaus heeft het mbo", "niveaus"),
     ("wat is bbl", "bbl"), ("hoe laat is het", None)],
)
def test_onderwerp_of(text, expected):
    assert onderwerp_of(text) == expected


def test_knowledge_id_in_button_payload():
    assert knowledge_id_in("Meer over Kapper (mbo-25402)") == "mbo-25402"
    assert knowledge_id_in("hbo-34560") == "hbo-34560"
    assert knowledge_id_in("mbo 25402") is None


def test_stop_words_and_parent_detection():
    assert is_stop("Stop!") and is_stop("laat maar") and not is_stop("stoppen met school")
    assert is_parent_message("Wat kost het voor mijn dochter?")
    assert not is_parent_message("wat kost het voor mij")


@pytest.mark.parametrize("school, expected", [("vmbo basis", "mbo2"), ("vmbo kader", "mbo3"), ("mavo", "mbo4"),
                                              ("havo", "hbo"), ("vwo", "wo"), ("mbo 4", "hbo"), ("hbo", "hbo"),
                                              ("universiteit", "wo"), (None, None), ("groep 8", None)])
def test_next_level(school, expected):
    assert next_level(school) == expected


@pytest.mark.parametrize("text, expected", [
    ("kan mijn kind na het havodiploma nog doorstromen naar het vwo?", ("havo", "vwo")),
    ("met een havo/vwo-advies zit hij nu op vmbo-kader", ("vmbo kader", None)),
    ("hoe stroom ik door van vmbo naar havo?", ("vmbo", "havo")),
    ("wat kan ik na mbo niveau 4", ("mbo niveau 4", None)),
    ("kan ons kind niet naar de havo?", (None, "havo")),
    ("wat is stapelen", (None, None)),
])
def test_route_ends(text, expected):
    assert route_ends(text) == expected
