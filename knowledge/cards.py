"""Answer cards: one short, sourced answer to one kind of question (README in data/kaarten/).

Most cards are generated from the other data files, so a figure lives in one place:
info.yaml → stelsel-*, routes.csv → route-*, kosten.csv → kosten-*, onderzoek.csv → onderzoek-*,
perspectief.csv → kansen-*, verwijzingen.csv → verwijzing-*. The cards in data/kaarten/*.yaml are
curated for what nothing else holds; data/kaarten/vragen*.yaml add example questions to any card. `card_tables` checks them all and returns the rows of the tables kaart, kaart_bron and
kaart_vraag.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from knowledge.errors import DataError
from knowledge.vocabulary import LEERWEGEN, LEVELS, PLACE_NAMES, SCHOOL_TYPES

CARDS_DIR = "kaarten"
QUESTION_FILES = "vragen*.yaml"  # extra example questions per card, in data/kaarten/
MIN_QUESTIONS = 6
CARD_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
ROLES = ("leerling", "ouder", "lob")
CARD_KEYS = frozenset({"id", "onderwerp", "titel", "over", "antwoord", "bronnen", "vragen", "vervangt"})
SOURCE_KEYS = frozenset({"bron_id", "plaats", "periode", "regio"})

# Research topics (onderzoek.csv) as a question would name them.
RESEARCH_TOPICS = {
    "ouders": "de rol van ouders bij de studiekeuze",
    "sociale_media": "sociale media en studiekeuze",
    "ombuiggesprekken": "ombuiggesprekken",
    "macrodoelmatigheid": "macrodoelmatigheid in het mbo",
    "lob_werkt": "wat werkt in LOB",
    "motieven": "waarom jongeren een opleiding kiezen",
    "kansrijk": "kansrijke studiekeuzes",
}
COST_TERMS = {
    "lesgeld": "lesgeld op het mbo", "cursusgeld": "cursusgeld voor de bbl", "collegegeld": "collegegeld",
    "studiefinanciering": "studiefinanciering", "bijkomend": "bijkomende kosten zoals boeken en spullen",
}
COST_SCHOOLS = {"lesgeld": ["mbo"], "cursusgeld": ["mbo"], "collegegeld": ["hbo", "wo"],
                "studiefinanciering": ["mbo", "hbo", "wo"], "bijkomend": ["mbo", "hbo", "wo"]}
# Level-wide figures from perspectief.csv that answer "how much does the level matter?".
LEVEL_RECORDS = ("niveau-mbo2-werkloosheid-bol", "niveau-hbo-werkloosheid")
BBL_RECORDS = ("niveau-mbo-bbl-gunstig", "niveau-mbo2-4-werkzaam-bbl")


@dataclass
class Card:
    """A card while it is being built and checked; `row` is its line in a curated file."""

    id: str
    onderwerp: str
    titel: str
    leerling: str
    herkomst: str
    ouder: str | None = None
    lob: str | None = None
    over: dict[str, list[str]] = field(default_factory=dict)
    bronnen: list[dict[str, str]] = field(default_factory=list)
    vragen: list[str] = field(default_factory=list)
    vervangt: list[str] = field(default_factory=list)  # generated cards this curated card takes the place of
    row: int | None = None


def card_tables(tables: dict[str, pd.DataFrame], data_dir: Path) -> dict[str, pd.DataFrame]:
    """All cards, checked, as the rows of kaart, kaart_bron and kaart_vraag."""
    curated = curated_cards(data_dir)
    generated = {card.id: card for card in generated_cards(tables)}
    for card in curated:
        for replaced in card.vervangt:
            if generated.pop(replaced, None) is None:
                raise DataError(card.herkomst, f"kaart {card.id} vervangt '{replaced}', maar die wordt niet gemaakt",
                                row=card.row, column="vervangt")
    cards = list(generated.values()) + curated
    by_id: dict[str, Card] = {}
    for card in cards:
        if card.id in by_id:
            raise DataError(card.herkomst, f"kaart '{card.id}' bestaat al", row=card.row, column="id")
        by_id[card.id] = card
    # questions written for a replaced card go to the card that took its place
    _add_questions(by_id | {replaced: card for card in curated for replaced in card.vervangt}, data_dir)
    known = {
        "bron": set(tables["bron"]["id"]), "sector": set(tables["sector"]["id"]),
        "opleiding": set(tables["opleiding"]["id"]),
    }
    for card in cards:
        _check(card, known)
    return {
        "kaart": pd.DataFrame([{
            "id": c.id, "onderwerp": c.onderwerp, "titel": c.titel, "over": json.dumps(c.over, sort_keys=True),
            "leerling": c.leerling, "ouder": c.ouder, "lob": c.lob, "herkomst": c.herkomst,
            "vervangt": " ".join(c.vervangt),
        } for c in cards]),
        "kaart_bron": pd.DataFrame([
            {"kaart_id": c.id, "volgorde": i, **source} for c in cards for i, source in enumerate(c.bronnen)
        ], columns=["kaart_id", "volgorde", "bron_id", "plaats", "periode", "regio"]),
        "kaart_vraag": pd.DataFrame([
            {"kaart_id": c.id, "volgorde": i, "vraag": q} for c in cards for i, q in enumerate(c.vragen)
        ]),
    }


# --- generated from the other data files ---------------------------------------------------


def generated_cards(tables: dict[str, pd.DataFrame]) -> list[Card]:
    return (_system_cards(tables) + _route_cards(tables) + _cost_cards(tables) + _research_cards(tables)
            + _prospect_cards(tables) + _referral_cards(tables))


def _source(bron_id: str, plaats: str | None, periode: str, regio: str = "NL") -> dict[str, str]:
    return {"bron_id": bron_id, "plaats": plaats or "", "periode": periode, "regio": regio}


def _system_cards(tables: dict[str, pd.DataFrame]) -> list[Card]:
    cards = []
    for info in tables["info"].itertuples():
        term = info.titel.split(" (")[0].lower()
        cards.append(Card(
            id=f"stelsel-{info.onderwerp}", onderwerp="stelsel", titel=info.titel, leerling=info.uitleg,
            herkomst="info.yaml", bronnen=[_source(info.bron_id, info.bron_regels, "geldend in 2026")],
            vragen=[f"wat betekent {term}?", f"kun je uitleggen hoe {term} werkt", f"{term}, wat houdt dat in?",
                    f"{term}, wat is dat precies"],
        ))
    return cards


def _route_cards(tables: dict[str, pd.DataFrame]) -> list[Card]:
    cards = []
    routes = tables["route"].sort_values("volgorde")
    for van, group in routes.groupby("van", sort=False):
        name = PLACE_NAMES[van].split(" (")[0]
        about = {"niveau": [van]} if van in LEVELS else {"schooltype": [van.split("-")[0]]}
        if van.startswith("vmbo-"):
            about["leerweg"] = [van]
        cards.append(Card(
            id=f"route-{van}", onderwerp="routes", titel=f"Verder na {name}", over=about, herkomst="routes.csv",
            leerling=" ".join(group["uitleg"]),
            bronnen=[_source(r.bron_id, r.bron_regels, "geldend in 2026") for r in group.itertuples()],
            vragen=[f"wat kan ik na {name}", f"welke opleidingen kan ik doen na {name}?",
                    f"ik zit op {name}, waar kan ik heen", f"doorstromen na {name}"],
        ))
    return cards


def _cost_cards(tables: dict[str, pd.DataFrame]) -> list[Card]:
    """Per kind of cost: the rule of the newest school year (per kind of school where it differs),
    and the last amount an official source gave when this year's is not known yet."""
    cards = []
    kosten = tables["kosten"].sort_values("schooljaar", ascending=False)
    for soort, term in COST_TERMS.items():
        rows = kosten[kosten["soort"] == soort]
        if rows.empty:
            continue
        newest = rows[rows["schooljaar"] == rows["schooljaar"].iloc[0]]
        texts = newest.groupby("uitleg", sort=False)["onderwijs"].agg(list)
        if len(texts) == 1:
            text = texts.index[0]
        else:
            text = " ".join(f"{_schools(schools)}: {uitleg}" for uitleg, schools in texts.items())
        used = newest.drop_duplicates("uitleg")
        known = rows[rows["zeker"] & ~rows["schooljaar"].isin(newest["schooljaar"])]
        if not newest["zeker"].any() and not known.empty:
            last = known.iloc[0]
            amount = f"{last['bedrag_eur']:,.0f}".replace(",", ".")
            text += f" Het laatste bedrag dat ik zeker weet: € {amount} voor {last['schooljaar']}."
            used = pd.concat([used, known.head(1)])
        cards.append(Card(
            id=f"kosten-{soort}", onderwerp="kosten", titel=term[0].upper() + term[1:], herkomst="kosten.csv",
            over={"schooltype": COST_SCHOOLS[soort]}, leerling=text,
            bronnen=[_source(r.bron_id, r.url, r.periode, r.regio) for r in used.itertuples()],
            vragen=[f"hoe zit het met {term}", f"informatie over {term}", f"{term}, hoe werkt dat?"],
        ))
    return cards


def _schools(schools: list[str]) -> str:
    names = [s for s in ("mbo", "hbo", "wo") if s in schools]
    return "In het " + (" en ".join(names) if len(names) < 3 else "mbo, hbo en wo")


def _research_cards(tables: dict[str, pd.DataFrame]) -> list[Card]:
    cards = []
    findings = tables["onderzoek"].sort_values(["historisch", "id"])
    for topic, term in RESEARCH_TOPICS.items():
        first = findings[findings["topic"] == topic].head(2)
        cards.append(Card(
            id=f"onderzoek-{topic}", onderwerp="onderzoek", titel=f"Onderzoek: {term}", herkomst="onderzoek.csv",
            leerling=" ".join(first["claim"]),
            bronnen=[_source(r.bron_id, r.bron_regels, r.periode, r.regio) for r in first.itertuples()],
            vragen=[f"wat zegt onderzoek over {term}?", f"onderzoek naar {term}", f"wat weten we over {term}"],
        ))
    return cards


def _prospect_cards(tables: dict[str, pd.DataFrame]) -> list[Card]:
    perspectief = tables["perspectief"].set_index("id", drop=False)
    summaries = perspectief[perspectief["soort_record"] == "samenvatting"]
    cards = []
    for sector in tables["sector"].itertuples():
        rows = summaries[summaries["sector_id"] == sector.id]
        rows = rows.assign(order=rows["niveau"].map(LEVELS.index)).sort_values("order")
        name = sector.naam.lower()
        if rows["label"].isna().all():
            text = (f"Voor {name} heb ik geen betrouwbare cijfers over de kans op werk. Kijk per opleiding op "
                    "kiesmbo.nl (mbo) of studiekeuze123.nl (hbo en wo).")
        else:
            rows = rows[rows["label"].notna()]
            labels = "; ".join(f"{PLACE_NAMES[r.niveau].removeprefix('het ')}: {r.label}" for r in rows.itertuples())
            text = (f"Kans op werk in {name}, gemiddeld voor de hele richting: {labels}. Het verschilt per "
                    "opleiding en per regio. Kijk per opleiding op kiesmbo.nl (mbo) of studiekeuze123.nl (hbo en wo).")
        sources = [_source(r.bron_id, r.bron_regels, r.periode, r.regio)
                   for r in rows.drop_duplicates(["bron_id", "periode"]).itertuples()]
        cards.append(Card(
            id=f"kansen-{sector.id}", onderwerp="kansen", titel=f"Kans op werk in {name}", herkomst="perspectief.csv",
            over={"sector": [sector.id]}, leerling=text, bronnen=sources,
            vragen=[f"is er werk in {name}?", f"heb je kans op werk in {name}", f"is {name} kansrijk"],
        ))
    for card_id, titel, ids in (("kansen-niveau", "Kans op werk per niveau", LEVEL_RECORDS),
                                ("kansen-bbl-bol", "Kans op werk: bbl of bol", BBL_RECORDS)):
        rows = perspectief.loc[list(ids)]
        cards.append(Card(
            id=card_id, onderwerp="kansen", titel=titel, herkomst="perspectief.csv",
            leerling=" ".join(rows["uitleg"]),
            bronnen=[_source(r.bron_id, r.bron_regels, r.periode, r.regio) for r in rows.itertuples()],
            over={"leerweg": ["bol", "bbl"]} if card_id == "kansen-bbl-bol" else {},
        ))
    return cards


def _referral_cards(tables: dict[str, pd.DataFrame]) -> list[Card]:
    return [
        Card(id=f"verwijzing-{v.id}", onderwerp="verwijzing", titel=v.naam, herkomst="verwijzingen.csv",
             leerling=f"{v.naam}: {v.waarvoor} Kijk op {v.url}",
             vragen=[f"wat is {name}", f"waar vind ik {name}", f"wat kan ik op {name}"])
        for v in tables["verwijzing"].itertuples()
        for name in [v.naam.split(":")[0].lower()]
    ]


# --- curated ---------------------------------------------------------------------------------


def curated_cards(data_dir: Path) -> list[Card]:
    cards = []
    for path in sorted((data_dir / CARDS_DIR).glob("*.yaml")):
        if path.match(QUESTION_FILES):
            continue
        file = f"{CARDS_DIR}/{path.name}"
        for item, line in _yaml_items(path, file):
            cards.append(_curated(item, line, file))
    return cards


def _yaml_items(path: Path, file: str) -> list[tuple[dict, int]]:
    try:
        text = path.read_text(encoding="utf-8")
        items, nodes = yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        raise DataError(file, f"geen geldige YAML ({exc})") from None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise DataError(file, "verwacht een lijst van kaarten (- id: ...)")
    return [(item, node.start_mark.line + 1) for item, node in zip(items, nodes.value)]


def _curated(item: dict, row: int, file: str) -> Card:
    unknown = set(item) - CARD_KEYS
    if unknown:
        raise DataError(file, f"onbekende sleutel(s): {', '.join(sorted(unknown))}", row=row)
    for key in ("id", "onderwerp", "titel", "antwoord", "bronnen", "vragen"):
        if not item.get(key):
            raise DataError(file, "verplicht veld ontbreekt of is leeg", row=row, column=key)
    answer = item["antwoord"]
    if not isinstance(answer, dict) or not answer.get("leerling") or not answer.get("ouder"):
        raise DataError(file, "antwoord heeft een tekst voor leerling en voor ouder nodig", row=row, column="antwoord")
    if set(answer) - set(ROLES):
        raise DataError(file, f"antwoord kent alleen {', '.join(ROLES)}", row=row, column="antwoord")
    sources = item["bronnen"]
    if not isinstance(sources, list) or not all(isinstance(s, dict) and set(s) <= SOURCE_KEYS for s in sources):
        raise DataError(file, f"bronnen: een lijst met {', '.join(sorted(SOURCE_KEYS))}", row=row, column="bronnen")
    for source in sources:
        for key in ("bron_id", "periode", "regio"):
            if not source.get(key):
                raise DataError(file, f"elke bron heeft {key} nodig", row=row, column="bronnen")
    return Card(
        id=str(item["id"]), onderwerp=str(item["onderwerp"]), titel=str(item["titel"]),
        leerling=_text(answer["leerling"]), ouder=_text(answer["ouder"]), lob=_text(answer.get("lob")),
        over={key: [str(v) for v in values] for key, values in (item.get("over") or {}).items() if values},
        bronnen=[_source(str(s["bron_id"]), s.get("plaats"), str(s["periode"]), str(s["regio"])) for s in sources],
        vragen=[str(q) for q in item["vragen"]], vervangt=[str(v) for v in item.get("vervangt") or []],
        herkomst=file, row=row,
    )


def _text(value: object) -> str | None:
    return " ".join(str(value).split()) if value else None


def _add_questions(cards: dict[str, Card], data_dir: Path) -> None:
    for path in sorted((data_dir / CARDS_DIR).glob(QUESTION_FILES)):
        file = f"{CARDS_DIR}/{path.name}"
        for item, row in _yaml_items(path, file):
            card = cards.get(str(item.get("kaart")))
            if card is None:
                raise DataError(file, f"onbekende kaart '{item.get('kaart')}'", row=row, column="kaart")
            if not isinstance(item.get("vragen"), list):
                raise DataError(file, "vragen: een lijst met vragen", row=row, column="vragen")
            card.vragen += [str(q) for q in item["vragen"]]


# --- checks ------------------------------------------------------------------------------------

ABOUT_VALUES = {"schooltype": SCHOOL_TYPES, "niveau": LEVELS, "leerweg": LEERWEGEN}


def _check(card: Card, known: dict[str, set[str]]) -> None:
    file, row = card.herkomst, card.row
    if not CARD_ID.match(card.id):
        raise DataError(file, f"id '{card.id}': alleen kleine letters, cijfers, - en _", row=row, column="id")
    for key, values in card.over.items():
        allowed = ABOUT_VALUES.get(key) or known.get(key)
        if allowed is None:
            raise DataError(file, f"kaart {card.id}: 'over' kent geen '{key}'", row=row, column="over")
        wrong = [v for v in values if v not in allowed]
        if wrong:
            raise DataError(file, f"kaart {card.id}: onbekende {key} {', '.join(wrong)}", row=row, column="over")
    for source in card.bronnen:
        if source["bron_id"] not in known["bron"]:
            raise DataError(file, f"kaart {card.id}: bron '{source['bron_id']}' staat niet in bronnen.csv",
                            row=row, column="bronnen")
    if not card.bronnen and card.herkomst != "verwijzingen.csv":
        raise DataError(file, f"kaart {card.id}: een antwoord zonder bron", row=row, column="bronnen")
    questions = {" ".join(q.lower().split()) for q in card.vragen}
    if len(questions) < MIN_QUESTIONS:
        raise DataError(card.herkomst if card.row else f"{CARDS_DIR}/vragen.yaml",
                        f"kaart {card.id}: {len(questions)} verschillende voorbeeldvragen, minstens {MIN_QUESTIONS}",
                        row=row, column="vragen")
