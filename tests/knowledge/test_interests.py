"""Interest lexicon, programme families and the options that follow (issue 18)."""
from __future__ import annotations

import pytest

from knowledge import advice, api
from knowledge.errors import DataError
from knowledge.lexicon import clauses, parse, tokens
from knowledge.loader import build
from tests.knowledge.test_loader import edit_csv, set_cell, sqlite_url


def found(pattern: str, text: str) -> bool:
    return any(p.find(tokens(text)) for p in parse(pattern))


@pytest.mark.parametrize("pattern, text, hit", [
    ("dier", "ik ben gek op dieren", True),
    ("brommer", "sleutelen aan brommers", True),
    ("teken", "ik heb getekend en tekende veel", True),
    ("klei", "als klein jongetje", False),  # an ending is not any letters
    ("dier*", "dierenarts", True),
    ("*techniek", "autotechniek", True),
    ("*techniek", "techniek", False),  # a compound head, not the word itself
    ("*taal", "metaal", True),
    ("met je handen", "ik werk graag met je handen", True),
    ("make-up*", "Make-up artist", True),
])
def test_patterns(pattern, text, hit):
    assert found(pattern, text) is hit


def test_negated_and_preferred_clauses():
    parts = clauses("Ik kook graag, maar kantoorwerk lijkt me niks. Economie heeft mijn voorkeur!")
    assert [(c.negated, c.preferred) for c in parts] == [(False, False), (True, False), (False, True)]


def test_malformed_pattern_is_refused():
    with pytest.raises(ValueError):
        parse("koken|k@ken")


def test_profile_reads_words_and_ignores_what_the_pupil_dislikes(engine):
    pupil = advice.profile(["Ik sleutel graag aan brommers, maar koken vind ik niks"], engine=engine)
    assert {m.interesse_id for m in pupil.matches} >= {"sleutelen", "brommers"}
    assert "koken-horeca" in pupil.disliked and "koken-horeca" not in pupil.families
    assert advice.profile(["hallo", ""], engine=engine).empty


def test_every_opleiding_has_a_family(engine):
    families = api.families(engine=engine)
    for opleiding in api.all_opleidingen(engine=engine):
        tagged = api.opleiding_families(opleiding.id, engine=engine)
        assert tagged and set(tagged) <= set(families), opleiding.naam


@pytest.mark.parametrize("name, family", [
    ("Kok", "koken-horeca"), ("Gastheer/-vrouw", "koken-horeca"), ("Timmerman", "bouw-hout"),
    ("Mediavormgever", "game-media-design"), ("Gamedeveloper", "game-media-design"),
    ("Allround Kapper", "uiterlijke-verzorging"), ("Werktuigbouwkunde", "metaal-machines"),
])
def test_families_follow_the_name(engine, name, family):
    opleiding = next(o for o in api.all_opleidingen(engine=engine) if o.naam == name)
    assert family in api.opleiding_families(opleiding.id, engine=engine)
    assert "talen-communicatie" not in api.opleiding_families(opleiding.id, engine=engine)


def option_names(text: str, school: str, engine, top: int = advice.TOP) -> list[str]:
    return [a.opleiding.naam for a in advice.options(advice.profile([text], engine=engine), school,
                                                     engine=engine)[:top]]


@pytest.mark.parametrize("text, school, expected", [
    ("ik kook graag", "vmbo kader", {"Kok", "Gastheer/-vrouw"}),
    ("ik werk graag met hout", "vmbo tl", {"Timmerman"}),
    ("ik werk graag met hout en maak meubels", "vmbo tl", {"Timmerman"}),
    ("ik hou van tekenen en gamen", "vmbo tl", {"Mediavormgever", "Gamedeveloper"}),
    ("ik hou van tekenen en gamen", "havo", {"Creative Media and Game Technologies"}),
])
def test_what_the_pupil_said_reaches_the_programmes(engine, text, school, expected):
    names = option_names(text, school, engine, top=5)
    assert expected <= set(names), names


def test_hout_reaches_the_meubelmaker(engine):
    names = option_names("ik maak graag meubels van hout", "vmbo kader", engine, top=5)
    assert any("meubelmaker" in n.lower() for n in names) and any("timmerman" in n.lower() for n in names)


@pytest.mark.parametrize("school, allowed", [
    ("vmbo basis", {"mbo1", "mbo2"}), ("vmbo kader", {"mbo2", "mbo3", "mbo4"}), ("havo", {"hbo"}),
    ("vwo", {"wo", "hbo"}),
])
def test_options_stay_at_levels_the_school_leads_to(engine, school, allowed):
    for text in ("ik help graag mensen", "ik sleutel aan brommers", "ik teken graag"):
        found = advice.options(advice.profile([text], engine=engine), school, engine=engine)
        assert found and {a.opleiding.niveau_key for a in found} <= allowed, (school, text)


def test_levels_come_from_the_routes(engine):
    assert advice.levels("havo", engine=engine) == (["hbo"], ["mbo4"])
    assert advice.levels("vmbo basis", engine=engine) == (["mbo2"], ["mbo1"])
    assert advice.levels("onbekend", engine=engine)[0] == list(advice.SEEN_UNKNOWN)


def test_at_most_one_kansrijker_idea_and_only_when_none_is_kansrijk(engine):
    for text in ("ik kook graag", "ik sleutel aan brommers", "ik teken graag", "ik dans en zing"):
        found = advice.options(advice.profile([text], engine=engine), "vmbo kader", engine=engine)
        extra = [a for a in found if a.kansrijker]
        assert len(extra) <= 1 and all(a.kansrijk for a in extra)
        if extra:
            assert not any(a.kansrijk for a in found if not a.kansrijker)
            assert set(extra[0].families) & set(advice.profile([text], engine=engine).families)


def test_options_differ_in_content(engine):
    found = advice.options(advice.profile(["ik kook graag"], engine=engine), "vmbo kader", engine=engine)
    dossiers = [a.opleiding.dossier for a in found]
    assert len(set(dossiers)) == len(dossiers)


def test_alternatives_stay_in_the_same_family(engine):
    kok = next(o for o in api.all_opleidingen(engine=engine) if o.naam == "Kok")
    related = advice.alternatives(kok, engine=engine)
    assert related and all(r.soort != "riasec" for r in related)
    assert all("koken-horeca" in api.opleiding_families(r.opleiding.id, engine=engine) for r in related)


@pytest.mark.parametrize("file, change, row, column", [
    ("families.csv", set_cell(0, "riasec", "XY"), 2, "riasec"),
    ("families.csv", set_cell(1, "trefwoorden", "bouw|b@uw"), 3, "trefwoorden"),
    ("families.csv", set_cell(1, "sectoren", "horeca_toerisme"), 3, "sectoren"),
    ("interesses.csv", set_cell(0, "families", "koken-horeca|ruimtevaart"), 2, "families"),
    ("interesses.csv", set_cell(2, "soort", "droom"), 4, "soort"),
    ("interesses.csv", set_cell(4, "onet", "R99"), 6, "onet"),
])
def test_invalid_lexicon_names_file_row_and_column(data_copy, tmp_path, file, change, row, column):
    edit_csv(data_copy / file, change)
    with pytest.raises(DataError) as info:
        build(sqlite_url(tmp_path), data_copy)
    assert (info.value.file, info.value.row, info.value.column) == (file, row, column)


def test_a_vmbo_pupil_whose_leerweg_is_unknown_sees_only_mbo_levels(engine):
    first, then = advice.levels("vmbo", engine=engine)
    assert set(first + then) <= {"mbo1", "mbo2", "mbo3", "mbo4"} and first
