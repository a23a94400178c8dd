"""The opleidingen catalogue, derived from the raw S-BB and DUO files in `data/raw/`.

- mbo: S-BB qualifications (crebo 25xxx/26xxx). Several codes share a name (versions of
  one qualification): we keep one per name, preferring a code in the 2023-24
  koppeltabel, then the highest code.
- hbo: DUO enrolments 2024 per programme × institution × gemeente × form; offerings with
  no students in 2024 are dropped.
- wo: DUO bachelor offerings 2019 (older data: `data_jaar` says so).

Every opleiding then gets one sector: a curated override by code, else the first
matching rule on dossier, subgroep or domein (see `data/sector_regels.csv`).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from knowledge.errors import DataError
from knowledge.text import display_name, normalize
from knowledge.validation import ROW, Col, Spec, read_csv
from knowledge.vocabulary import TYPES_HO

MBO_NIVEAUS = frozenset({"1", "2", "3", "4"})
MBO_LEERWEGEN = ("BOL", "BBL")  # OVO (other, non-funded routes) is not shown to pupils
HO_VORMEN = {"voltijd onderwijs": "voltijd", "deeltijd onderwijs": "deeltijd", "duaal onderwijs": "duaal"}
RULE_FIELDS = ("dossier", "subgroep", "domein")  # most specific first

CREBO = Spec(
    "raw/mbo-crebo/crebo_25xxx_26xxx.csv",
    (
        Col("code", kind="int"),
        Col("naam"),
        Col("niveau", choices=MBO_NIVEAUS),
        Col("niveau_naam"),
        Col("leerweg"),
        Col("hoofdgroep_naam"),
        Col("subgroep_naam"),
        Col("dossier_naam"),
        Col("sectorkamer_naam"),
    ),
    key=("code",),
)
KOPPELTABEL = Spec("raw/mbo-crebo/koppeltabel_2023_24.csv", (Col("Opleidingcode"), Col("Opleidingsnaam")))
HO_AANBOD_COLUMNS = (  # the columns the DUO lists of hbo and wo programmes share
    Col("croho", kind="int"),
    Col("opleidingsnaam"),
    Col("croho_onderdeel"),
    Col("instelling"),
    Col("gemeente"),
    Col("vorm", choices=frozenset(HO_VORMEN)),
)
HBO_AANBOD = Spec(
    "raw/hbo-duo/derived_hbo_aanbod_2024.csv",
    (Col("type_ho", choices=frozenset(TYPES_HO)), *HO_AANBOD_COLUMNS, Col("ingeschrevenen_2024_approx", kind="int")),
)
WO_AANBOD = Spec(
    "raw/wo-duo/derived_wo_bachelor_aanbod_2019.csv",
    (*HO_AANBOD_COLUMNS, Col("ingeschrevenen_2019", kind="int")),
)

OPLEIDING_COLUMNS = [
    "id", "soort", "code", "naam", "niveau", "niveau_naam", "type_ho", "leerwegen",
    "dossier", "subgroep", "domein", "sectorkamer", "data_jaar", "bron_id",
]


def build_catalog(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, set[int]]]:
    """Return (opleidingen, vestigingen, raw codes per soort) from the raw files."""
    mbo, mbo_codes = _mbo(data_dir)
    hbo, hbo_vestigingen, hbo_codes = _ho(data_dir, HBO_AANBOD, "hbo", "ingeschrevenen_2024_approx", "2024")
    wo, wo_vestigingen, wo_codes = _ho(data_dir, WO_AANBOD, "wo", "ingeschrevenen_2019", "2019")
    opleidingen = pd.concat([mbo, hbo, wo], ignore_index=True)[OPLEIDING_COLUMNS]
    opleidingen["niveau"] = opleidingen["niveau"].astype("Int64")
    vestigingen = pd.concat([hbo_vestigingen, wo_vestigingen], ignore_index=True)
    return opleidingen, vestigingen, {"mbo": mbo_codes, "hbo": hbo_codes, "wo": wo_codes}


def _mbo(data_dir: Path) -> tuple[pd.DataFrame, set[int]]:
    crebo = read_csv(data_dir, CREBO)
    for leerweg, row in zip(crebo["leerweg"], crebo[ROW]):
        unknown = set(leerweg.split(",")) - {"BOL", "BBL", "OVO"}
        if unknown:
            raise DataError(CREBO.file, f"onbekende leerweg {sorted(unknown)}", row=int(row), column="leerweg")
    in_use = {int(code) for code in read_csv(data_dir, KOPPELTABEL)["Opleidingcode"] if code.isdigit()}

    crebo["naam"] = crebo["naam"].map(_capitalize)
    crebo["naam_sleutel"] = crebo["naam"].map(normalize)
    crebo["in_koppeltabel"] = crebo["code"].isin(in_use)
    kept = (
        crebo.sort_values(["naam_sleutel", "in_koppeltabel", "code"], ascending=[True, False, False])
        .drop_duplicates("naam_sleutel")
        .sort_values("code")
    )
    frame = pd.DataFrame(
        {
            "id": "mbo-" + kept["code"].astype(str),
            "soort": "mbo",
            "code": kept["code"].astype(str),
            "naam": kept["naam"],
            "niveau": kept["niveau"].astype(int),
            "niveau_naam": kept["niveau_naam"],
            "type_ho": None,
            "leerwegen": kept["leerweg"].map(
                lambda value: ",".join(lw for lw in MBO_LEERWEGEN if lw in value.split(","))
            ),
            "dossier": kept["dossier_naam"],
            "subgroep": kept["subgroep_naam"],
            "domein": kept["hoofdgroep_naam"],
            "sectorkamer": kept["sectorkamer_naam"],
            "data_jaar": kept["in_koppeltabel"].map(lambda used: "2023-24" if used else None),
            "bron_id": "sbb_kwalificaties",
        }
    )
    return frame, set(crebo["code"])


def _ho(
    data_dir: Path, spec: Spec, soort: str, count_column: str, year: str
) -> tuple[pd.DataFrame, pd.DataFrame, set[int]]:
    aanbod = read_csv(data_dir, spec)
    raw_codes = set(aanbod["croho"])
    aanbod = aanbod[aanbod[count_column] > 0].assign(vorm=lambda frame: frame["vorm"].map(HO_VORMEN))
    if "type_ho" not in aanbod.columns:
        aanbod = aanbod.assign(type_ho="bachelor")

    # A few programmes are listed under two CROHO onderdelen: keep the one with most students.
    per_onderdeel = (
        aanbod.groupby(["croho", "croho_onderdeel"], as_index=False)[count_column].sum()
        .sort_values(["croho", count_column, "croho_onderdeel"], ascending=[True, False, True])
        .drop_duplicates("croho")
        .set_index("croho")["croho_onderdeel"]
    )
    first = aanbod.sort_values("croho").drop_duplicates("croho").set_index("croho")
    vormen = aanbod.groupby("croho")["vorm"].agg(
        lambda values: ",".join(v for v in HO_VORMEN.values() if v in set(values))
    )
    codes = first.index
    frame = pd.DataFrame(
        {
            "id": [f"{soort}-{code}" for code in codes],
            "soort": soort,
            "code": [str(code) for code in codes],
            "naam": [display_name(name) for name in first["opleidingsnaam"]],
            "niveau": None,
            "niveau_naam": None,
            "type_ho": list(first["type_ho"]),
            "leerwegen": list(vormen.loc[codes]),
            "dossier": None,
            "subgroep": None,
            "domein": list(per_onderdeel.loc[codes]),
            "sectorkamer": None,
            "data_jaar": year,
            "bron_id": f"duo_{soort}_{year}",
        }
    )
    vestigingen = (
        aanbod.assign(opleiding_id=soort + "-" + aanbod["croho"].astype(str))
        [["opleiding_id", "instelling", "gemeente", "vorm"]]
        .drop_duplicates()
        .sort_values(["opleiding_id", "instelling", "gemeente", "vorm"], ignore_index=True)
    )
    return frame, vestigingen, raw_codes


def assign_sectors(
    opleidingen: pd.DataFrame,
    rules: pd.DataFrame,
    overrides: pd.DataFrame,
    rules_file: str,
) -> pd.DataFrame:
    """Add `sector_id` and `sector_regel`: override by code first, then the rules."""
    override = {(r.soort, r.code): (r.sector_id, r.reden) for r in overrides.itertuples()}
    rule = {(r.soort, r.veld, r.waarde): r.sector_id for r in rules.itertuples()}
    sector_ids, reasons = [], []
    for opl in opleidingen.itertuples():
        if (opl.soort, opl.code) in override:
            sector_id, reden = override[(opl.soort, opl.code)]
            sector_ids.append(sector_id)
            reasons.append(f"override: {reden}")
            continue
        for field in RULE_FIELDS:
            value = getattr(opl, field)
            if value is not None and (opl.soort, field, value) in rule:
                sector_ids.append(rule[(opl.soort, field, value)])
                reasons.append(f"regel: {field} = {value}")
                break
        else:
            raise DataError(
                rules_file,
                f"geen sectorregel voor {opl.id} ({opl.naam}, domein '{opl.domein}'); "
                "voeg een regel of een override toe",
                column="waarde",
            )
    return opleidingen.assign(sector_id=sector_ids, sector_regel=reasons)


def _capitalize(name: str) -> str:
    name = name.strip()
    return name[:1].upper() + name[1:]
