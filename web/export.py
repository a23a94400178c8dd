"""Training-data export at /lob/export: the prompt lab's corrections as Rasa NLU YAML or as CSV."""
import io
from typing import Dict, Iterable, Tuple

from aiohttp import web
from defusedcsv import csv  # the csv module, with formula cells ('=', '+', '-', '@' …) made inert

from web.lab import bad_request, domain_intents, prompt, prompt_list, read_json
from web.staff import require_login

EXPORT_FILES = {"yaml": ("lob-correcties.yml", "application/yaml"), "csv": ("lob-correcties.csv", "text/csv")}


def nlu_yaml(corrections: Iterable[Tuple[str, str]]) -> str:
    """Rasa 3 NLU training data, one block per intent; intents and examples sorted, no duplicates."""
    by_intent: Dict[str, set] = {}
    for text, intent in corrections:
        by_intent.setdefault(intent, set()).add(text)
    lines = ['version: "3.1"', "", "nlu:"]
    for intent in sorted(by_intent):
        lines += [f"  - intent: {intent}", "    examples: |"]
        lines += [f"      - {text}" for text in sorted(by_intent[intent])]
    return "\n".join(lines) + "\n"


def corrections_csv(corrections: Iterable[Tuple[str, str]]) -> str:
    """CSV with the header prompt,intent; sorted by intent, then prompt, no duplicates.

    A prompt that a spreadsheet would run as a formula ('=HYPERLINK(…)') starts with a quote.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["prompt", "intent"])
    writer.writerows(sorted(set(corrections), key=lambda pair: (pair[1], pair[0])))
    return out.getvalue()


async def export(request: web.Request) -> web.Response:
    """Body {"format": "yaml"|"csv", "corrections": [{"prompt", "intent"}]}: a download."""
    require_login(request, as_json=True)
    body = await read_json(request)
    file_format = body.get("format")
    if file_format not in EXPORT_FILES:
        raise bad_request("Kies als formaat 'yaml' of 'csv'.")
    corrections = []
    for number, item in enumerate(prompt_list(body.get("corrections"), "corrections"), start=1):
        item = item if isinstance(item, dict) else {}
        corrections.append((prompt(item.get("prompt"), number), str(item.get("intent") or "")))
    unknown = sorted({intent for _, intent in corrections} - set(domain_intents()))
    if unknown:
        names = ", ".join(name or "(leeg)" for name in unknown)
        raise bad_request(f"Deze intent bestaat niet in het domein: {names}. Kies een intent uit de lijst.")
    text = nlu_yaml(corrections) if file_format == "yaml" else corrections_csv(corrections)
    filename, content_type = EXPORT_FILES[file_format]
    return web.Response(
        text=text, content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def setup_routes(app: web.Application) -> None:
    app.router.add_post("/lob/export", export)
