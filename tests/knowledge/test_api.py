"""The query API the actions call: typed, immutable answers with sources."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from knowledge import api
from knowledge.errors import NotFound
from knowledge.vocabulary import LEVELS, TOPICS


def test_get_opleiding(engine):
    mbo = api.get_opleiding("mbo-25655", engine=engine)
    assert (mbo.soort, mbo.niveau, mbo.leerwegen, mbo.sector_id) == ("mbo", 4, ("BOL", "BBL"), "zorg_welzijn")
    assert mbo.instellingen == () and mbo.data_jaar == "2023-24" and mbo.niveau_key == "mbo4"
    hbo = api.get_opleiding("hbo-34560", engine=engine)
    assert hbo.type_ho == "bachelor" and hbo.niveau is None and hbo.data_jaar == "2024"
    assert ("Hogeschool Utrecht", "Utrecht", "voltijd") in hbo.instellingen
    wo = api.get_opleiding("wo-56551", engine=engine)
    assert wo.naam == "Geneeskunde" and wo.data_jaar == "2019" and wo.bron_id == "duo_wo_2019"


def test_results_are_frozen(engine):
    opleiding = api.get_opleiding("mbo-25655", engine=engine)
    with pytest.raises(dataclasses.FrozenInstanceError):
        opleiding.naam = "iets anders"


def test_unknown_ids_raise_not_found(engine):
    with pytest.raises(NotFound):
        api.get_opleiding("mbo-00000", engine=engine)
    with pytest.raises(NotFound):
        api.perspectief_for_opleiding("hbo-1", engine=engine)
    with pytest.raises(NotFound):
        api.related_opleidingen("wo-1", engine=engine)
    with pytest.raises(NotFound):
        api.bron("wikipedia", engine=engine)
    with pytest.raises(NotFound):
        api.perspectief("ruimtevaart", "hbo", engine=engine)


def test_perspectief_with_programme_figures(engine):
    answer = api.perspectief_for_opleiding("mbo-25498", engine=engine)  # Helpende Zorg en Welzijn
    assert answer.basis == "opleiding"
    own = [r for r in answer.records if r.opleiding_id == "mbo-25498"]
    assert own and all(r.historisch and ("2012/2013" in r.periode or "2009/10" in r.periode) for r in own)
    assert answer.samenvatting.label == "matig"  # zorg, bol niveau 2 (seed 000 L445-447)


def test_perspectief_falls_back_to_sector_niveau(engine):
    answer = api.perspectief_for_opleiding("mbo-25655", engine=engine)  # Mbo-Verpleegkundige
    assert answer.basis == "sector_niveau"
    assert all(r.opleiding_id is None for r in answer.records)
    summary = answer.records[0]
    assert summary.samenvatting and summary.label == "goed" and summary.sector_id == "zorg_welzijn"
    assert summary.bron_plaats.startswith("SEOR 2024, seed 002 r. 111-121")  # staff only
    assert summary.bron == "SEOR, Sociale media en studiekeuze (tussenrapport), 2024"  # everyone else
    assert summary.periode and summary.regio == "NL"


def test_perspectief_unknown_says_where_to_look(engine):
    answer = api.perspectief_for_opleiding("mbo-25641", engine=engine)  # Kapper
    assert answer.basis == "onbekend"
    assert answer.samenvatting.label is None
    assert "kiesmbo.nl" in answer.samenvatting.uitleg


def test_perspectief_level_records_follow_the_summary(engine):
    answer = api.perspectief("economie", "mbo2", engine=engine)
    assert answer.basis == "sector_niveau" and answer.records[0].label == "matig"
    waarden = {r.waarde for r in answer.records}
    assert "8,6%" in waarden  # level-wide figure, year not stated
    historisch = [r.historisch for r in answer.records[1:]]
    assert historisch == sorted(historisch)  # current before historical
    with pytest.raises(ValueError):
        api.perspectief("economie", "mbo5", engine=engine)


def test_kosten_unknown_amount(engine):
    lesgeld = api.kosten("lesgeld", engine=engine)
    assert lesgeld and all(k.bedrag_eur is None and k.zeker is False for k in lesgeld)
    assert all(fact in lesgeld[0].uitleg for fact in ("Onder 18 jaar", "geen lesgeld", "1 augustus", "bol-opleiding", "DUO"))
    current = api.kosten("collegegeld", api.current_school_year(date(2026, 11, 22)), engine=engine)
    assert current and all(k.bedrag_eur is None and not k.zeker for k in current)


def test_kosten_known_statutory_amounts(engine):
    by_year = {k.schooljaar: k for k in api.kosten("collegegeld", engine=engine) if k.onderwijs == "hbo"}
    assert by_year["2024-2025"].bedrag_eur == 2530 and by_year["2025-2026"].bedrag_eur == 2601
    assert all(k.zeker and k.regio == "NL" and "duo.nl" in k.opmerking for y, k in by_year.items() if k.bedrag_eur)
    assert list(by_year) == sorted(by_year, reverse=True)  # newest first
    with pytest.raises(ValueError):
        api.kosten("zakgeld", engine=engine)


def test_current_school_year():
    assert api.current_school_year(date(2026, 11, 22)) == "2026-2027"
    assert api.current_school_year(date(2027, 7, 31)) == "2026-2027"
    assert api.current_school_year(date(2027, 8, 1)) == "2027-2028"


@pytest.mark.parametrize("schooltype, niveau, expected", [
    ("vmbo-basis", None, "mbo2"),
    ("vmbo", "kader", "mbo4"),
    ("vmbo", "gl", "havo4"),
    ("vmbo-tl", None, "havo4"),
    ("mavo", None, "havo4"),
    ("havo", None, "hbo"),
    ("havo", None, "mbo4"),
    ("vwo", None, "wo"),
    ("mbo", 2, "mbo3"),
    ("mbo 3", None, "mbo4"),
    ("mbo4", None, "hbo"),
    ("vmbo", "theoretische leerweg", "havo4"),
    ("vmbo basisberoepsgerichte leerweg", None, "mbo2"),
])
def test_routes_from(engine, schooltype, niveau, expected):
    routes = api.routes_from(schooltype, niveau, engine=engine)
    assert expected in {r.naar for r in routes}
    assert all(r.uitleg and r.voorwaarden and r.bron for r in routes)


def test_routes_from_unknown_schooltype(engine):
    with pytest.raises(NotFound):
        api.routes_from("kleuterschool", engine=engine)


@pytest.mark.parametrize("onderwerp", ["bbl", "bol", "stapelen", "startkwalificatie", "orientatiejaar",
                                       "oriëntatiejaar", "profielen", "numerus fixus", "niveaus"])
def test_route_info(engine, onderwerp):
    info = api.route_info(onderwerp, engine=engine)
    assert info.titel and info.uitleg and info.bron and info.url.startswith("https://")


def test_route_info_bbl_needs_a_contract(engine):
    info = api.route_info("bbl", engine=engine)
    assert "arbeidscontract" in info.uitleg and "erkend leerbedrijf" in info.uitleg
    assert info.bron_plaats == "ROA ca. 2015, seed 003 r. 482-494"
    assert info.bron.startswith("ROA, ") and "seed" not in info.bron


def test_related_opleidingen(engine):
    related = api.related_opleidingen("mbo-25641", limit=10, engine=engine)  # Kapper
    assert related[0].soort == "dossier" and related[0].opleiding.naam == "Allround Kapper"
    assert [r.score for r in related] == sorted((r.score for r in related), reverse=True)
    assert {r.soort for r in related} >= {"dossier", "riasec"}
    assert all(r.reden.endswith(".") for r in related)


def test_related_includes_doorstroom_to_hbo(engine):
    related = api.related_opleidingen("mbo-25655", limit=10, engine=engine)
    hbo = [r for r in related if r.soort == "doorstroom"]
    assert hbo[0].opleiding.id == "hbo-34560" and hbo[0].perspectief_label == "goed"


def test_onderzoek_topics(engine):
    findings = {topic: api.onderzoek(topic, engine=engine) for topic in TOPICS}
    assert all(findings.values())
    assert 30 <= sum(len(f) for f in findings.values()) <= 60
    ouders = {f.id: f for f in findings["ouders"]}
    assert ouders["MO-11"].bron_plaats == "SEOR 2025, seed 000 r. 1307"
    assert ouders["MO-11"].bron.startswith("SEOR, Sociale media en kansrijke studiekeuzes, 2025, https://")
    with pytest.raises(NotFound):
        api.onderzoek("roddels", engine=engine)


def test_sectors_and_riasec(engine):
    sectors = api.sectors(engine=engine)
    assert 10 <= len(sectors) <= 14
    assert all(len(s.riasec) == 2 for s in sectors)
    assert api.find_sector("informatica", engine=engine).id == "ict"
    assert api.find_sector("Zorg en welzijn", engine=engine).id == "zorg_welzijn"
    assert api.find_sector("ruimtevaart", engine=engine) is None
    types = api.riasec_types(engine=engine)
    assert [t.type for t in types] == list("RIASEC")
    assert all(t.sector_ids for t in types)


@pytest.mark.parametrize("question, schooltypes, expected", [
    ("met welke hbo-opleiding vind je snel werk?", (), "studiekeuze123"),
    ("krijg je op het mbo je lesgeld terug?", (), "duo"),  # the specific topic before the school type
    ("niemand wil me als stagiair", ("hbo",), "stagemarkt"),
    ("en hoe zit dat dan?", ("mbo",), "kiesmbo"),  # the conversation's school type
    ("en hoe zit dat dan?", ("havo",), None),
    ("wat vind jij van voetbal?", (), None),
])
def test_a_referral_fits_the_words_of_the_question_or_else_the_school_type(engine, question, schooltypes, expected):
    referral = api.verwijzing_voor(question, schooltypes, engine=engine)

    assert (referral.id if referral else None) == expected


def test_verwijzingen_and_bronnen(engine):
    names = [v.naam for v in api.verwijzingen(engine=engine)]
    assert {"Kiesmbo", "Studiekeuze123", "SBB", "DUO"} <= set(names)
    seed = api.bron("seed002", engine=engine)
    assert seed.kort == "SEOR 2024" and seed.soort == "seed"


def test_kansrijk_overview_names_sectors_with_their_sources(engine):
    overview = api.kansrijk_overview("hbo", engine=engine)
    assert overview is not None
    assert "Zorg en welzijn" in overview.kansrijk and "Techniek en bouw" in overview.kansrijk
    assert any("Economie" in name for name in overview.minder)
    assert not set(overview.kansrijk) & set(overview.minder)
    assert overview.bron and overview.periode and overview.regio == "NL"


def test_kansrijk_overview_keeps_the_zorg_exception_at_mbo2(engine):
    overview = api.kansrijk_overview("mbo2", engine=engine)
    assert "Zorg en welzijn" in overview.minder
    assert "Zorg en welzijn" in api.kansrijk_overview("mbo4", engine=engine).kansrijk


def test_routes_to_hbo_lists_the_ways_in(engine):
    routes = api.routes_to("hbo", engine=engine)
    assert {r.van for r in routes} >= {"havo", "vwo", "mbo4"}
    assert all(r.naar == "hbo" and r.bron for r in routes)
    assert api.routes_to("nergens", engine=engine) == []


def test_no_label_is_finer_than_its_source_without_a_reason(engine):
    """0 labels finer than their source (the loader enforces it; this checks the built data)."""
    order = ("opleiding", "domein", "sector_niveau", "sector", "landelijk")
    for sector in api.sectors(engine=engine):
        for niveau in LEVELS:
            for record in api.perspectief(sector.id, niveau, engine=engine).records:
                if record.label and record.geldt_voor:
                    assert record.afgeleid, record.id
                assert record.bewijsniveau in order


def test_broad_mbo_label_says_it_holds_for_the_whole_mbo(engine):
    summary = api.perspectief("transport_logistiek", "mbo3", engine=engine).samenvatting
    assert summary.label == "goed" and summary.geldt_voor == "transport en logistiek in het mbo als geheel"
    assert summary.afgeleid  # the reason, for staff


def test_no_label_for_techniek_mbo2_where_level_2_studies_point_the_other_way(engine):
    answer = api.perspectief("techniek", "mbo2", engine=engine)
    assert answer.basis == "onbekend" and answer.samenvatting.label is None
    assert "als geheel" in answer.samenvatting.uitleg and "niveau 2" in answer.samenvatting.uitleg


def test_transport_mbo2_label_is_derived_and_says_so(engine):
    summary = api.perspectief("transport_logistiek", "mbo2", engine=engine).samenvatting
    assert summary.label == "goed" and summary.afgeleid
    assert summary.geldt_voor == "transport en logistiek in het mbo als geheel"


def test_zorg_wo_has_no_label_from_starting_salaries_alone(engine):
    summary = api.perspectief("zorg_welzijn", "wo", engine=engine).samenvatting
    assert summary.label is None and "startsalaris" in summary.uitleg


def test_sbb_domain_scores_reach_only_opleidingen_in_that_domain(engine):
    def domains(opleiding_id):
        return {r.domein for r in api.perspectief_for_opleiding(opleiding_id, engine=engine).records if r.domein}

    assert domains("mbo-25167") == {"Handel en ondernemerschap"}  # Verkoper
    assert domains("mbo-25149") == set()  # Medewerker (financiële) administratie: other domain, same sector
    assert all(r.domein is None for r in api.perspectief("economie", "mbo2", engine=engine).records)


def test_hbo_label_is_left_off_an_associate_degree(engine):
    bachelor = api.perspectief_for_opleiding("hbo-34560", engine=engine)  # Verpleegkundige, bachelor
    assert bachelor.samenvatting.label == "goed"
    ad = api.perspectief_for_opleiding("hbo-80011", engine=engine)  # Ad Management in de Zorg
    assert ad.basis == "onbekend" and ad.samenvatting.label is None
    assert "associate degrees" in ad.samenvatting.uitleg and "bacheloropleidingen" in ad.samenvatting.uitleg


def test_related_ad_or_master_gets_no_bachelor_label(engine):
    ads = 0
    for opleiding_id in ("mbo-25655", "mbo-25604", "hbo-34560"):  # Verpleegkundige, Software developer
        for related in api.related_opleidingen(opleiding_id, limit=10, engine=engine):
            if related.opleiding.type_ho in ("associate degree", "master"):
                ads += 1
                assert related.perspectief_label is None, related.opleiding.naam
    assert ads  # the case occurs (Ad Software Development after mbo Software developer)
