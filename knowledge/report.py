"""Counts and data-quality figures of a built knowledge base, for `python -m knowledge stats`."""
from __future__ import annotations

import re

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge import schema
from knowledge.db import default_engine
from knowledge.vocabulary import SOORTEN


def stats(*, engine: Engine | None = None) -> dict:
    """Counts and data-quality figures: what `python -m knowledge stats` prints."""
    engine = engine or default_engine()
    with Session(engine, future=True) as session:
        def count(model, *where) -> int:
            return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()

        per_soort = dict(session.execute(
            select(schema.Opleiding.soort, func.count()).group_by(schema.Opleiding.soort)
        ).all())
        p = schema.Perspectief
        summaries = count(p, p.soort_record == "samenvatting")
        unlabelled = count(p, p.soort_record == "samenvatting", p.label.is_(None))
        without_source = sum(
            count(model, or_(
                model.bron_id.is_(None),
                ~model.bron_id.in_(select(schema.Bron.id)),
                func.coalesce(model.periode, "") == "",
                func.coalesce(model.regio, "") == "",
            ))
            for model in (schema.Perspectief, schema.Kosten, schema.Onderzoek)
        )
        periods = list(session.execute(select(p.periode)).scalars()) + list(
            session.execute(select(schema.Onderzoek.periode)).scalars()
        )
        return {
            "opleidingen": {soort: per_soort.get(soort, 0) for soort in SOORTEN},
            "sectors": count(schema.Sector),
            "aliases": count(schema.Alias),
            "perspectief_records": count(p),
            "perspectief_sector_niveau": {
                "total": summaries, "with_label": summaries - unlabelled, "onbekend": unlabelled,
            },
            "perspectief_opleiding_records": count(p, p.opleiding_id.is_not(None)),
            "perspectief_labels_by_bewijsniveau": dict(session.execute(
                select(p.bewijsniveau, func.count()).where(p.label.is_not(None)).group_by(p.bewijsniveau)
            ).all()),
            "perspectief_labels_afgeleid": count(p, p.label.is_not(None), p.afgeleid.is_not(None)),
            "historical_records": count(p, p.historisch.is_(True)) + count(
                schema.Onderzoek, schema.Onderzoek.historisch.is_(True)
            ),
            "kosten_records": count(schema.Kosten),
            "kosten_with_amount": count(schema.Kosten, schema.Kosten.bedrag_eur.is_not(None)),
            "onderzoek_records": count(schema.Onderzoek),
            "routes": count(schema.Route),
            "info_topics": count(schema.Info),
            "relaties": count(schema.Relatie),
            "bronnen": count(schema.Bron),
            "figures_without_source": without_source,
            "oldest_period": _oldest(periods),
        }


def _oldest(periods: list[str]) -> str | None:
    dated = [(int(match.group()), period) for period in periods if (match := re.search(r"\b(19|20)\d{2}\b", period))]
    return min(dated)[1] if dated else None
