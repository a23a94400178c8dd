"""Related opleidingen, computed by the loader (never typed by hand).

Four kinds of relation, from close to far (conversation rule AL2: content fit
first, prospects second):

    kind           base  candidates (same soort and level unless stated)
    dossier          4   mbo: same kwalificatiedossier, any niveau
    sector_niveau    3   same sector, same level, other dossier
    doorstroom       2   a next step in the same sector: mbo n -> mbo n+1,
                         mbo 4 -> hbo Ad/bachelor, hbo Ad -> hbo bachelor
    riasec           1   another sector with the same main RIASEC type (or, if
                         none at this level, whose main type is this sector's
                         second type)

score = base + 0.9 * name similarity (rapidfuzz token_set_ratio / 100), so a
closer kind always ranks higher. Within a kind, ties go to the better
perspectief label of the candidate's sector × niveau, then to the id. Each kind
has a quota so the list mixes close options with one or two wider ones.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from knowledge.text import search_name
from knowledge.vocabulary import LABEL_RANK

BASE = {"dossier": 4, "sector_niveau": 3, "doorstroom": 2, "riasec": 1}
QUOTA = {"dossier": 3, "sector_niveau": 3, "doorstroom": 2, "riasec": 2}


@dataclass(frozen=True)
class _Opl:
    id: str
    soort: str
    naam: str
    zoeknaam: str
    niveau: int | None
    type_ho: str | None
    dossier: str | None
    sector_id: str
    label_rank: int

    @property
    def level(self) -> tuple:
        return (self.soort, self.niveau, self.type_ho)


def niveau_key(soort: str, niveau: int | None) -> str:
    """The perspectief level of an opleiding: 'mbo1'..'mbo4', 'hbo' or 'wo'."""
    return f"mbo{niveau}" if soort == "mbo" else soort


def compute_relations(
    opleidingen: pd.DataFrame, sectors: pd.DataFrame, labels: dict[tuple[str, str], str | None]
) -> pd.DataFrame:
    """One row per (opleiding, related opleiding) with kind, score, rank and a Dutch reason."""
    items = [
        _Opl(
            id=row.id,
            soort=row.soort,
            naam=row.naam,
            zoeknaam=search_name(row.naam),
            niveau=None if pd.isna(row.niveau) else int(row.niveau),
            type_ho=row.type_ho,
            dossier=row.dossier,
            sector_id=row.sector_id,
            label_rank=LABEL_RANK.get(labels.get((row.sector_id, niveau_key(row.soort, row.niveau))) or "", 0),
        )
        for row in opleidingen.itertuples()
    ]
    sector_names = dict(zip(sectors["id"], sectors["naam"]))
    riasec_main = dict(zip(sectors["id"], sectors["riasec_primair"]))
    riasec_second = dict(zip(sectors["id"], sectors["riasec_secundair"]))

    by_dossier: dict[str, list[_Opl]] = {}
    by_sector_level: dict[tuple, list[_Opl]] = {}
    by_level: dict[tuple, list[_Opl]] = {}
    for opl in items:
        if opl.dossier:
            by_dossier.setdefault(opl.dossier, []).append(opl)
        by_sector_level.setdefault((opl.sector_id, opl.level), []).append(opl)
        by_level.setdefault(opl.level, []).append(opl)

    rows = []
    for opl in items:
        chosen: dict[str, tuple[float, str, _Opl]] = {}

        def add(kind: str, candidates: list[_Opl], reason) -> None:
            fresh = [c for c in candidates if c.id != opl.id and c.id not in chosen]
            for score, cand in _best(opl, fresh, kind):
                chosen[cand.id] = (score, kind, cand)
                rows.append((opl.id, cand.id, kind, score, reason(cand)))

        if opl.dossier:
            add("dossier", by_dossier[opl.dossier],
                lambda c: f"Uit hetzelfde kwalificatiedossier ({opl.dossier}), op niveau {c.niveau}.")
        add("sector_niveau", by_sector_level[(opl.sector_id, opl.level)],
            lambda c: f"Ook {sector_names[c.sector_id].lower()}, op hetzelfde niveau.")
        add("doorstroom", _next_steps(opl, by_sector_level), lambda c: _doorstroom_reason(opl, c))
        others = [c for c in by_level[opl.level] if c.sector_id != opl.sector_id]
        same_type = [c for c in others if riasec_main[c.sector_id] == riasec_main[opl.sector_id]]
        if not same_type:
            same_type = [c for c in others if riasec_main[c.sector_id] == riasec_second[opl.sector_id]]
        add("riasec", same_type,
            lambda c: f"Past ook bij wie {_RIASEC_WORD[riasec_main[c.sector_id]]} is, maar dan in "
                      f"{sector_names[c.sector_id].lower()}.")

    frame = pd.DataFrame(rows, columns=["opleiding_id", "gerelateerd_id", "soort", "score", "reden"])
    frame = frame.sort_values(["opleiding_id", "score", "gerelateerd_id"], ascending=[True, False, True])
    frame["rang"] = frame.groupby("opleiding_id").cumcount() + 1
    return frame.reset_index(drop=True)


_RIASEC_WORD = {"R": "praktisch", "I": "onderzoekend", "A": "creatief", "S": "sociaal", "E": "ondernemend", "C": "ordenend"}


def _best(opl: _Opl, candidates: list[_Opl], kind: str) -> list[tuple[float, _Opl]]:
    if not candidates:
        return []
    similarity = process.cdist(
        [opl.zoeknaam], [c.zoeknaam for c in candidates], scorer=fuzz.token_set_ratio
    )[0]
    scored = [
        (round(BASE[kind] + 0.9 * float(sim) / 100, 4), cand) for sim, cand in zip(similarity, candidates)
    ]
    scored.sort(key=lambda item: (-item[0], -item[1].label_rank, item[1].id))
    return scored[: QUOTA[kind]]


def _next_steps(opl: _Opl, by_sector_level: dict[tuple, list[_Opl]]) -> list[_Opl]:
    if opl.soort == "mbo" and opl.niveau is not None and opl.niveau < 4:
        return [c for c in by_sector_level.get((opl.sector_id, ("mbo", opl.niveau + 1, None)), [])
                if c.dossier != opl.dossier]
    if opl.soort == "mbo" and opl.niveau == 4:
        return (by_sector_level.get((opl.sector_id, ("hbo", None, "associate degree")), [])
                + by_sector_level.get((opl.sector_id, ("hbo", None, "bachelor")), []))
    if opl.soort == "hbo" and opl.type_ho == "associate degree":
        return by_sector_level.get((opl.sector_id, ("hbo", None, "bachelor")), [])
    return []


def _doorstroom_reason(opl: _Opl, cand: _Opl) -> str:
    if cand.soort == "hbo" and opl.soort == "mbo":
        return "Met een mbo-diploma op niveau 4 kun je doorstromen naar deze hbo-opleiding in dezelfde richting."
    if cand.soort == "hbo":
        return "Na een associate degree kun je verder met deze bachelor in dezelfde richting."
    return f"Een stap hoger in dezelfde richting: niveau {cand.niveau}."
