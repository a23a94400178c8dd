"""NLU export: valid Rasa 3.1 YAML, deterministic, a few hundred useful entries."""
from __future__ import annotations

import yaml
from sqlalchemy import text

from knowledge import api
from knowledge.nlu_export import export_nlu


def entries(block: dict) -> list[str]:
    return [line[2:] for line in block["examples"].splitlines() if line.startswith("- ")]


def test_export_is_deterministic(engine, tmp_path):
    first = [p.read_bytes() for p in export_nlu(tmp_path / "a", engine=engine)]
    second = [p.read_bytes() for p in export_nlu(tmp_path / "b", engine=engine)]
    assert first == second


def test_opleiding_lookup_and_synonyms(engine, tmp_path):
    opleiding_path, *_ = export_nlu(tmp_path, engine=engine)
    data = yaml.safe_load(opleiding_path.read_text(encoding="utf-8"))
    assert data["version"] == "3.1"
    lookups = [item for item in data["nlu"] if "lookup" in item]
    synonyms = [item for item in data["nlu"] if "synonym" in item]
    assert [item["lookup"] for item in lookups] == ["opleiding"]
    lookup = entries(lookups[0])
    assert len(lookup) == len(set(lookup))
    assert {"mbo-v", "pabo", "fysio", "kapper", "verzorgende ig", "marechaussee"} <= set(lookup), "aliases"
    assert {"audicien", "stedenbouw", "kunsteducatie"} <= set(lookup), "every name, without '(joint degree)'"
    assert "zorg" not in lookup, "sector words stay out"
    examples = [e for item in synonyms for e in entries(item)]
    assert len(examples) == len(set(examples)), "an example may map to only one synonym"
    canonical = {item["synonym"]: entries(item) for item in synonyms}
    assert "mbo-v" in canonical["Mbo-Verpleegkundige"]
    with engine.connect() as conn:
        names = set(conn.execute(text("select naam from opleiding")).scalars())
    assert set(canonical) <= names, "every synonym value is the name of an opleiding"
    assert not any(e == "verpleegkunde" for e in examples), "ambiguous aliases get no synonym"


def test_sector_lookup_and_synonyms(engine, tmp_path):
    _, sector_path, _ = export_nlu(tmp_path, engine=engine)
    data = yaml.safe_load(sector_path.read_text(encoding="utf-8"))
    assert data["version"] == "3.1"
    synonyms = {item["synonym"]: entries(item) for item in data["nlu"] if "synonym" in item}
    assert set(synonyms) == {s.id for s in api.sectors(engine=engine)}
    assert "zorg" in synonyms["zorg_welzijn"] and "informatica" in synonyms["ict"]
    lookup = entries(next(item for item in data["nlu"] if item.get("lookup") == "sector"))
    assert "zorg" in lookup and "techniek en bouw" in lookup


def test_committed_lookups_match_the_knowledge_base(engine, tmp_path):
    """nlu/lookups/ must be regenerated (`python -m knowledge export-nlu`) when knowledge/data/ changes."""
    from knowledge.config import NLU_LOOKUP_DIR

    for fresh in export_nlu(tmp_path, engine=engine):
        committed = NLU_LOOKUP_DIR / fresh.name
        assert committed.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8"), committed
