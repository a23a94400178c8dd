// Prompt lab (/lob): test prompts, mark wrong intents, export corrections, try one prompt.
// Everything that comes from users or from the bot is put on the page with textContent.
"use strict";

const MAX_PROMPTS = 200;
const MAX_PROMPT_CHARS = 500;

const byId = (id) => document.getElementById(id);
let intents = [];
let results = []; // {prompt, low, row, wrong, intent} per result row

function say(id, text) {
  byId(id).textContent = text;
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function formatConfidence(value) {
  if (typeof value !== "number") return "–";
  return value.toLocaleString("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function cleanLines(text) {
  return text.split(/\r?\n/).map((line) => line.replace(/\s+/g, " ").trim()).filter((line) => line);
}

async function postJson(url, body) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
}

async function errorMessage(response) {
  if (response.status === 401) return "Je bent niet meer ingelogd. Laad de pagina opnieuw en log in.";
  try {
    return (await response.json()).error || `Er ging iets mis (status ${response.status}).`;
  } catch {
    return `Er ging iets mis (status ${response.status}).`;
  }
}

// --- reading a file: one prompt per line, or a CSV with a "prompt" column ---

function parseCsv(text, delimiter) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
    else if (c !== "\r") field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function promptsFromFile(text) {
  text = text.replace(/^\uFEFF/, "");
  const firstLine = text.split(/\r?\n/, 1)[0];
  const delimiter = firstLine.includes(";") && !firstLine.includes(",") ? ";" : ","; // Dutch Excel uses ;
  const header = parseCsv(firstLine, delimiter)[0] || [];
  const column = header.map((name) => name.trim().toLowerCase()).indexOf("prompt");
  if (column === -1) return cleanLines(text);
  return cleanLines(parseCsv(text, delimiter).slice(1).map((row) => row[column] || "").join("\n"));
}

byId("prompt-file").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  const prompts = promptsFromFile(await file.text());
  byId("prompts").value = prompts.join("\n");
  say("run-status", `${prompts.length} vragen gelezen uit ${file.name}. Kies "Vragen testen" om ze te testen.`);
});

// --- results table ---

function intentSelect(prompt, predicted) {
  const select = element("select");
  select.setAttribute("aria-label", `Juiste intent voor: ${prompt}`);
  select.append(element("option", "– kies –"));
  select.options[0].value = "";
  for (const name of intents) {
    const option = element("option", name);
    option.value = name;
    option.selected = name === predicted;
    select.append(option);
  }
  return select;
}

function showRows(rows) {
  const body = byId("results").querySelector("tbody");
  body.replaceChildren();
  results = rows.map((row) => {
    const entities = row.entities.map((e) => `${e.entity} = ${e.value}`).join(", ");
    const wrong = element("input");
    wrong.type = "checkbox";
    wrong.setAttribute("aria-label", `Fout: ${row.prompt}`);
    const intent = intentSelect(row.prompt, row.intent);
    const tr = element("tr", undefined, row.low ? "low" : "");
    tr.append(
      element("td", row.prompt),
      element("td", row.intent || "–"),
      element("td", formatConfidence(row.confidence)),
      element("td", entities || "–"),
      element("td", row.reply || "(geen antwoord)", "reply"),
      element("td", row.kaart || "–"),
    );
    const wrongCell = element("td");
    wrongCell.append(wrong);
    const intentCell = element("td");
    intentCell.append(intent);
    tr.append(wrongCell, intentCell);
    body.append(tr);
    return { prompt: row.prompt, low: row.low, row: tr, wrong, intent };
  });
  byId("no-results").hidden = results.length > 0;
  applyFilter();
}

function applyFilter() {
  const onlyLow = byId("only-low").checked;
  for (const result of results) result.row.hidden = onlyLow && !result.low;
}

byId("only-low").addEventListener("change", applyFilter);

byId("run-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const prompts = cleanLines(byId("prompts").value);
  if (!prompts.length) return say("run-status", "Vul eerst minstens één vraag in.");
  if (prompts.length > MAX_PROMPTS) {
    return say("run-status", `Dat zijn ${prompts.length} vragen. Je kunt er ${MAX_PROMPTS} tegelijk testen.`);
  }
  const tooLong = prompts.findIndex((prompt) => prompt.length > MAX_PROMPT_CHARS);
  if (tooLong !== -1) {
    return say("run-status", `Vraag ${tooLong + 1} is langer dan ${MAX_PROMPT_CHARS} tekens. Maak hem korter.`);
  }
  const button = byId("run-button");
  button.disabled = true;
  say("run-status", `Bezig met ${prompts.length} vragen…`);
  try {
    const response = await postJson("/lob/run", { prompts });
    if (!response.ok) return say("run-status", await errorMessage(response));
    const { rows } = await response.json();
    showRows(rows);
    const low = results.filter((result) => result.low).length;
    say("run-status", `Klaar: ${rows.length} vragen getest, ${low} met lage zekerheid of fallback zonder antwoordkaart.`);
  } catch {
    say("run-status", "De server is niet bereikbaar. Probeer het later opnieuw.");
  } finally {
    button.disabled = false;
  }
});

// --- export ---

async function exportCorrections(format) {
  const marked = results.filter((result) => result.wrong.checked);
  if (!marked.length) return say("export-status", "Vink eerst bij minstens één vraag 'Fout' aan.");
  const missing = marked.find((result) => !result.intent.value);
  if (missing) return say("export-status", `Kies de juiste intent voor: ${missing.prompt}`);
  const corrections = marked.map((result) => ({ prompt: result.prompt, intent: result.intent.value }));
  try {
    const response = await postJson("/lob/export", { format, corrections });
    if (!response.ok) return say("export-status", await errorMessage(response));
    const link = element("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = format === "yaml" ? "lob-correcties.yml" : "lob-correcties.csv";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    say("export-status", `${corrections.length} correcties gedownload als ${link.download}.`);
  } catch {
    say("export-status", "De server is niet bereikbaar. Probeer het later opnieuw.");
  }
}

byId("export-yaml").addEventListener("click", () => exportCorrections("yaml"));
byId("export-csv").addEventListener("click", () => exportCorrections("csv"));

// --- one prompt with the whole conversation ---

function describeEvent(event) {
  switch (event.type) {
    case "user": return `Gebruiker: ${event.text} → intent ${event.intent || "–"} (${formatConfidence(event.confidence)})`;
    case "bot": return `Assistent: ${event.text || "(geen tekst, bijvoorbeeld knoppen of een kaart)"}`;
    case "action": return `Actie: ${event.name}`;
    default: return `Slot: ${event.name} = ${JSON.stringify(event.value)}`;
  }
}

byId("try-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const prompt = byId("try-prompt").value.trim();
  if (!prompt) return;
  const button = byId("try-button");
  button.disabled = true;
  say("try-status", "Bezig…");
  try {
    const response = await postJson("/lob/try", { prompt });
    if (!response.ok) return say("try-status", await errorMessage(response));
    const { reply, events } = await response.json();
    say("try-reply", reply || "(geen antwoord)");
    byId("try-events").replaceChildren(...events.map((e) => element("li", describeEvent(e), e.type)));
    say("try-status", "Klaar.");
  } catch {
    say("try-status", "De server is niet bereikbaar. Probeer het later opnieuw.");
  } finally {
    button.disabled = false;
  }
});

// --- start: the intents of the domain, for the "juiste intent" lists ---

(async () => {
  try {
    const response = await fetch("/lob/intents", { credentials: "same-origin" });
    if (response.ok) intents = (await response.json()).intents;
    else say("run-status", await errorMessage(response));
  } catch {
    say("run-status", "De lijst met intents kon niet worden geladen.");
  }
})();
