"""Insights for staff at /lob/inzichten: totals from Rasa's tracker store, never single conversations.

Every group (a day, an intent, an opleiding, a role …) that covers fewer than
settings.min_group_size conversations is merged into 'overig' or left out.
The aggregates are pure functions: events DataFrame in, Series or number out.
"""
import asyncio
import html
import io
import json
import threading
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Optional

import pandas as pd
from aiohttp import web
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from knowledge import api as knowledge
from knowledge.errors import NotFound
from web.config import Settings
from web.keys import settings_key
from web.lab import FALLBACK_INTENT, LAB_SENDER_PREFIX
from web.staff import html_response, require_login

OTHER = "overig"
REFLECTION_START = ("utter_reflection_start", "reflection_form")
TIMEZONE = "Europe/Amsterdam"
COLUMNS = ["sender_id", "type_name", "timestamp", "intent_name", "action_name", "data"]
EVENTS_QUERY = text(
    "SELECT sender_id, type_name, timestamp, intent_name, action_name,"
    " CASE WHEN type_name = 'slot' THEN data END AS data"
    " FROM events WHERE type_name IN ('user', 'action', 'slot') AND sender_id NOT LIKE :lab"
).bindparams(lab=LAB_SENDER_PREFIX + "%")  # the prompt lab's test conversations are no real use
BAR_COLOR = "#0b5cad"
NO_CONVERSATIONS = "Nog geen gesprekken. Zodra mensen met de assistent praten, zie je hier de cijfers."

_render_lock = threading.Lock()  # matplotlib is not thread-safe, and charts are drawn in worker threads


# --- aggregates (pure) -----------------------------------------------------------------------


def slot_values(events: pd.DataFrame, slot: str) -> pd.DataFrame:
    """sender_id and value (as text) of every SlotSet of `slot` that sets a value."""
    slots = events[events["type_name"] == "slot"]
    data = slots["data"].map(json.loads)
    rows = pd.DataFrame({"sender_id": slots["sender_id"], "name": data.map(lambda d: d.get("name")),
                         "value": data.map(lambda d: d.get("value"))})
    rows = rows[(rows["name"] == slot) & rows["value"].notna()]
    return pd.DataFrame({"sender_id": rows["sender_id"], "value": rows["value"].astype(str)})


def conversations_per_day(events: pd.DataFrame, min_group: int) -> pd.Series:
    """Conversations (distinct senders with a user message) per day, Dutch time; small days left out."""
    users = events[events["type_name"] == "user"]
    days = pd.to_datetime(users["timestamp"].astype(float), unit="s", utc=True).dt.tz_convert(TIMEZONE).dt.date
    counts = users.groupby(days)["sender_id"].nunique()
    return counts[counts >= min_group].sort_index().rename_axis("dag")


def group_counts(rows: pd.DataFrame, column: str, min_group: int, limit: Optional[int] = None) -> pd.Series:
    """Number of rows per value of `column`, largest first (ties by name).

    Values seen in fewer than min_group conversations (sender_id), and values beyond
    `limit`, are merged into 'overig', which is itself left out when it covers fewer
    than min_group conversations.
    """
    groups = rows.groupby(column)["sender_id"].agg(["size", "nunique"]).reset_index()
    groups = groups.sort_values(["size", column], ascending=[False, True])
    shown = groups[groups["nunique"] >= min_group]
    if limit is not None:
        shown = shown.head(limit)
    counts = pd.Series(shown["size"].to_numpy(), index=shown[column].to_numpy(), dtype=int)
    rest = rows[~rows[column].isin(counts.index)]
    if rest["sender_id"].nunique() >= min_group:
        counts = pd.concat([counts, pd.Series({OTHER: len(rest)})])
    return counts


def top_intents(events: pd.DataFrame, min_group: int, limit: int = 10) -> pd.Series:
    """User messages per recognised intent."""
    users = events[(events["type_name"] == "user") & events["intent_name"].notna()]
    return group_counts(users, "intent_name", min_group, limit)


def top_opleidingen(events: pd.DataFrame, min_group: int, limit: int = 10) -> pd.Series:
    """Conversations per opleiding_id the assistent talked about."""
    return group_counts(slot_values(events, "opleiding_id").drop_duplicates(), "value", min_group, limit)


def persona_mix(events: pd.DataFrame, min_group: int) -> pd.Series:
    """Conversations per role (slot rol: leerling, ouder, lob)."""
    return group_counts(slot_values(events, "rol").drop_duplicates(), "value", min_group)


def reflection_progress(events: pd.DataFrame, min_group: int) -> pd.Series:
    """Conversations that started the loopbaangesprek, and those that finished it."""
    actions = events[events["type_name"] == "action"]
    status = slot_values(events, "reflectie_status")
    started = set(actions.loc[actions["action_name"].isin(REFLECTION_START), "sender_id"]) | set(status["sender_id"])
    finished = set(status.loc[status["value"] == "klaar", "sender_id"])
    counts = pd.Series({"gestart": len(started), "afgerond": len(finished)})
    return counts[counts >= min_group]


def _turns(events: pd.DataFrame) -> pd.DataFrame:
    """The events in order, each with the number of the user message (turn) it follows in its conversation."""
    ordered = events.sort_values(["sender_id", "timestamp"], kind="stable")
    return ordered.assign(turn=(ordered["type_name"] == "user").groupby(ordered["sender_id"]).cumsum())


def _turns_setting(turns: pd.DataFrame, slot: str) -> set:
    """(sender_id, turn) of every turn in which `slot` got a value."""
    slots = turns[turns["type_name"] == "slot"]
    sets = slots["data"].map(json.loads).map(lambda d: d.get("name") == slot and bool(d.get("value")))
    chosen = slots[sets.astype(bool)]
    return set(zip(chosen["sender_id"], chosen["turn"]))


def _user_turns(events: pd.DataFrame, min_group: int) -> Optional[tuple[pd.DataFrame, pd.DataFrame]]:
    turns = _turns(events)
    users = turns[turns["type_name"] == "user"]
    return None if users["sender_id"].nunique() < min_group else (turns, users)


def fallback_rate(events: pd.DataFrame, min_group: int) -> Optional[float]:
    """Share of user messages the assistant did not understand: no intent (nlu_fallback), and no answer
    card answered or offered (actions/cards.py); None for too few conversations."""
    found = _user_turns(events, min_group)
    if found is None:
        return None
    turns, users = found
    helped = _turns_setting(turns, "kaart") | _turns_setting(turns, "kaart_keuzes")
    missed = [intent == FALLBACK_INTENT and (sender, turn) not in helped
              for intent, sender, turn in zip(users["intent_name"], users["sender_id"], users["turn"])]
    return sum(missed) / len(missed)


def choice_rate(events: pd.DataFrame, min_group: int) -> Optional[float]:
    """Share of user messages answered with "Bedoel je…?" (a choice of answer cards)."""
    found = _user_turns(events, min_group)
    if found is None:
        return None
    turns, users = found
    offered = _turns_setting(turns, "kaart_keuzes")
    return sum((s, t) in offered for s, t in zip(users["sender_id"], users["turn"])) / len(users)


@dataclass(frozen=True)
class Insights:
    conversations: int
    per_day: pd.Series
    intents: pd.Series
    opleidingen: pd.Series
    roles: pd.Series
    reflection: pd.Series
    fallback_rate: Optional[float]
    choice_rate: Optional[float]


def summarize(events: pd.DataFrame, min_group: int) -> Optional[Insights]:
    """All aggregates; None when there are no conversations yet."""
    conversations = events.loc[events["type_name"] == "user", "sender_id"].nunique()
    if not conversations:
        return None
    return Insights(
        conversations=conversations,
        per_day=conversations_per_day(events, min_group),
        intents=top_intents(events, min_group),
        opleidingen=top_opleidingen(events, min_group),
        roles=persona_mix(events, min_group),
        reflection=reflection_progress(events, min_group),
        fallback_rate=fallback_rate(events, min_group),
        choice_rate=choice_rate(events, min_group),
    )


# --- reading the tracker store ---------------------------------------------------------------


def load_events(db_url: str) -> pd.DataFrame:
    """User, action and slot events from the tracker store; empty when there is no store yet."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return pd.DataFrame(columns=COLUMNS)  # connecting would create an empty database file
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("events"):
                return pd.DataFrame(columns=COLUMNS)
            return pd.read_sql(EVENTS_QUERY, connection)
    finally:
        engine.dispose()


def opleiding_name(opleiding_id: str) -> str:
    try:
        return knowledge.get_opleiding(opleiding_id).naam
    except NotFound:
        return opleiding_id


def collect(settings: Settings) -> Optional[Insights]:
    """Aggregates of the tracker store, with opleiding names instead of ids."""
    insights = summarize(load_events(settings.tracker_db_url), settings.min_group_size)
    if insights is None:
        return None
    names = [label if label == OTHER else opleiding_name(label) for label in insights.opleidingen.index]
    return replace(insights, opleidingen=insights.opleidingen.set_axis(names))


# --- charts and page -------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    field: str  # attribute of Insights
    title: str
    label: str  # what one bar is
    unit: str  # what the numbers count
    alt: str


CHARTS = {
    "gesprekken": Chart("per_day", "Gesprekken per dag", "Dag", "Gesprekken",
                        "Staafdiagram: het aantal gesprekken per dag."),
    "intents": Chart("intents", "Meest herkende intents", "Intent", "Berichten",
                     "Staafdiagram: hoe vaak de assistent elke intent herkende in berichten."),
    "opleidingen": Chart("opleidingen", "Meest gevraagde opleidingen", "Opleiding", "Gesprekken",
                         "Staafdiagram: in hoeveel gesprekken het over elke opleiding ging."),
    "rollen": Chart("roles", "Wie praat er met de assistent", "Rol", "Gesprekken",
                    "Staafdiagram: het aantal gesprekken per rol: leerling, ouder of LOB'er."),
    "reflectie": Chart("reflection", "Loopbaangesprek", "Stap", "Gesprekken",
                       "Staafdiagram: hoeveel gesprekken het loopbaangesprek begonnen en hoeveel het afrondden."),
}


def _label(value: object) -> str:
    return value.strftime("%d-%m-%Y") if hasattr(value, "strftime") else str(value)


def chart_png(series: pd.Series, chart: Chart) -> bytes:
    """A horizontal bar chart (days: vertical bars) as PNG."""
    with _render_lock:
        figure = Figure(figsize=(8, max(3.0, 0.45 * len(series) + 1.5)), dpi=100)
        FigureCanvasAgg(figure)
        axes = figure.subplots()
        labels = [_label(value).replace("$", r"\$") for value in series.index]  # '$' would start math mode
        if series.empty:
            axes.text(0.5, 0.5, "Te weinig gesprekken om dit te tonen", ha="center", va="center", fontsize=14)
            axes.set_axis_off()
        elif chart.field == "per_day":
            axes.bar(range(len(series)), series.to_numpy(), color=BAR_COLOR)
            axes.set_xticks(range(len(series)), labels, rotation=45, ha="right")
            axes.set_ylabel(chart.unit)
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            positions = range(len(series))[::-1]  # largest on top
            bars = axes.barh(positions, series.to_numpy(), color=BAR_COLOR)
            axes.set_yticks(positions, labels)
            axes.bar_label(bars, padding=3)
            axes.set_xlabel(chart.unit)
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_title(chart.title)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _table(series: pd.Series, chart: Chart) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(_label(label))}</td><td>{int(count)}</td></tr>" for label, count in series.items()
    )
    return (
        f"<table><caption>{html.escape(chart.title)}: de getallen</caption>"
        f'<thead><tr><th scope="col">{chart.label}</th><th scope="col">{chart.unit}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _percentage(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + " %"


def page_main(insights: Optional[Insights], min_group: int) -> str:
    if insights is None:
        return f'<p class="empty">{NO_CONVERSATIONS}</p>'
    too_few = f"minder dan {min_group}"
    total = str(insights.conversations) if insights.conversations >= min_group else too_few + " gesprekken"
    fallback, choices = (_percentage(share) if share is not None else "te weinig gesprekken"
                         for share in (insights.fallback_rate, insights.choice_rate))
    parts = [
        f"<p>Alle cijfers zijn totalen. Een groep met {too_few} gesprekken telt mee als ‘{OTHER}’ of wordt niet "
        "getoond. Zo kun je nooit één gesprek terugzien.</p>",
        '<table><caption>Samenvatting</caption><tbody>'
        f'<tr><th scope="row">Gesprekken in totaal</th><td>{total}</td></tr>'
        f'<tr><th scope="row">Berichten die de assistent niet begreep (fallback)</th><td>{fallback}</td></tr>'
        f'<tr><th scope="row">Berichten beantwoord met ‘Bedoel je…?’</th><td>{choices}</td></tr>'
        "</tbody></table>",
    ]
    for name, chart in CHARTS.items():
        series = getattr(insights, chart.field)
        parts.append(f"<section><h2>{html.escape(chart.title)}</h2>")
        if series.empty:
            parts.append(f"<p>Te weinig gesprekken om dit te tonen (elke groep heeft {too_few} gesprekken).</p>")
        else:
            parts.append(f'<img src="/lob/inzichten/{name}.png" alt="{html.escape(chart.alt)} '
                         f'De getallen staan ook in de tabel hieronder.">')
            parts.append(_table(series, chart))
        parts.append("</section>")
    return "".join(parts)


async def _in_thread(function, *args):
    """Run blocking work (database, pandas, matplotlib) off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, partial(function, *args))


async def insights_page(request: web.Request) -> web.Response:
    require_login(request)
    settings = request.app[settings_key]
    insights = await _in_thread(collect, settings)
    return html_response("Inzichten", page_main(insights, settings.min_group_size), current="insights")


def _chart_for(settings: Settings, chart: Chart) -> bytes:
    insights = collect(settings)
    return chart_png(getattr(insights, chart.field) if insights else pd.Series(dtype=int), chart)


async def chart_image(request: web.Request) -> web.Response:
    require_login(request)
    chart = CHARTS.get(request.match_info["chart"])
    if chart is None:
        raise web.HTTPNotFound(text="Deze grafiek bestaat niet.")
    png = await _in_thread(_chart_for, request.app[settings_key], chart)
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": "no-store"})


def setup_routes(app: web.Application) -> None:
    app.router.add_get("/lob/inzichten", insights_page, name="lob-insights")
    app.router.add_get("/lob/inzichten/{chart}.png", chart_image)
