"""Present the figures of `make bench`: a summary table with the targets, and the latency plot.

Prints, never judges: the bench is not a test.
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import ScalarFormatter  # noqa: E402

# (label, how to read the figure from bench.json, target text, check)
TARGETS = [
    ("doorvoer (ber/s, volgehouden)", lambda r: r.get("throughput_msg_s"), ">= 100", lambda v, r: v >= 100),
    ("p50 bij halve last (ms)", lambda r: r.get("p50_ms"), "", None),
    ("p95 bij halve last (ms)", lambda r: r.get("p95_ms"), "<= 250", lambda v, r: v <= 250),
    ("p99 bij halve last (ms)", lambda r: r.get("p99_ms"), "", None),
    ("fouten", lambda r: r.get("errors"), "0", lambda v, r: v == 0),
    ("x baseline (doorvoer)", lambda r: r.get("vs_baseline"), ">= 1.5", lambda v, r: v >= 1.5),
    ("kennisbank p95 (ms)", lambda r: r.get("kb_query_p95_ms"), "< 5", lambda v, r: v < 5),
    ("kennisbank p95 zonder cache (ms)", lambda r: r.get("kb_query_uncached_p95_ms"), "", None),
    ("antwoordkaarten rangschikken p95 (ms)", lambda r: r.get("card_rank_p95_ms"), "<= 5", lambda v, r: v <= 5),
    ("koude start (s)", lambda r: r.get("startup_s"), "< 60", lambda v, r: v < 60),
    ("training (s)", lambda r: r.get("train_s"), "< 300", lambda v, r: v < 300),
    ("Rasa-CPU per bericht (ms)", lambda r: r.get("rasa_cpu_ms_per_msg"), "", None),
    ("machine-CPU per bericht (ms)", lambda r: (r.get("cpu_ms_per_msg") or {}).get("machine"), "", None),
    ("plafond: cores x 1000 / dat", lambda r: r.get("cpu_ceiling_msg_s"), "", None),
    ("Rasa RSS (MB)", lambda r: r.get("rasa_rss_mb"), "< 1536", lambda v, r: v < 1536),
    ("actieserver RSS (MB)", lambda r: r.get("actions_rss_mb"), "", None),
    ("gesprek: beurt 241-300 / 1-60", lambda r: (r.get("growth") or {}).get("ratio_last_to_first"), "<= 1.2",
     lambda v, r: v <= 1.2),
    ("klas (30 via webapp): geweigerd", lambda r: (r.get("classroom") or {}).get("rejected"), "0", lambda v, r: v == 0),
    ("klas: fouten", lambda r: (r.get("classroom") or {}).get("errors"), "0", lambda v, r: v == 0),
    ("klas: dubbele beurten", lambda r: (r.get("classroom") or {}).get("duplicated_turns"), "0", lambda v, r: v == 0),
    ("klas: p95 (ms)", lambda r: (r.get("classroom") or {}).get("p95_ms"), "", None),
    ("soak: groei Rasa RSS (%)", lambda r: (r.get("soak") or {}).get("rasa_growth_pct"), "< 10", lambda v, r: v < 10),
    ("soak: groei acties RSS (%)", lambda r: (r.get("soak") or {}).get("actions_growth_pct"), "< 10",
     lambda v, r: v < 10),
    ("soak: fouten", lambda r: (r.get("soak") or {}).get("errors"), "0", lambda v, r: v == 0),
]


def summary_table(result: dict) -> str:
    rows = [f"{'':32}{'gemeten':>12}  {'doel':>8}  {'':5}", "-" * 62]
    for label, read, target, check in TARGETS:
        value = read(result)
        verdict = "" if check is None or value is None else ("ja" if check(value, result) else "NEE")
        shown = "-" if value is None else value
        rows.append(f"{label:32}{shown!s:>12}  {target:>8}  {verdict:5}")
    for name, key in (("baseline", "baseline"), ("geschaald", "scaled")):
        other = result.get(key) or {}
        if other.get("throughput_msg_s") is not None:
            rows.append(f"{name + ': doorvoer (ber/s)':32}{other['throughput_msg_s']!s:>12}  "
                        f"{'':>8}  p95 {other.get('p95_ms')} ms bij halve last"
                        + (f", Rasa-CPU {other['rasa_cpu_ms_per_msg']} ms per bericht"
                           if other.get("rasa_cpu_ms_per_msg") is not None else "")
                        + (f", plafond {other['cpu_ceiling_msg_s']} ber/s"
                           if other.get("cpu_ceiling_msg_s") is not None else ""))
        else:
            rows.append(f"{name + ':':32}{'niet gemeten':>12}  {(result.get('notes') or {}).get(key, '')}")
    if result.get("train_measured_for"):
        rows.append(f"(training: laatste meting, voor {result['train_measured_for']})")
    return "\n".join(rows)


def latency_plot(series: dict, out: Path) -> None:
    """p50 (solid) and p95 (dashed) latency against offered load, one colour per setup, with a
    vertical line at its sustained throughput.

    series: {"project": (the bench.json result of that setup), "baseline": ..., ...}
    """
    fig, ax = plt.subplots(figsize=(8, 5))
    for (name, result), colour in zip(series.items(), ("tab:blue", "tab:orange", "tab:green", "tab:red")):
        steps = result["steps"]
        points = sorted((s["offered_msg_s"], s["p50_ms"], s["p95_ms"]) for s in steps if s.get("p95_ms") is not None)
        if not points:
            continue
        loads, p50, p95 = zip(*points)
        ax.plot(loads, p50, "o-", color=colour, label=f"{name} p50")
        ax.plot(loads, p95, "s--", color=colour, label=f"{name} p95")
        if result.get("throughput_msg_s"):
            ax.axvline(result["throughput_msg_s"], color=colour, alpha=0.4, linewidth=1,
                       label=f"{name} volgehouden {result['throughput_msg_s']} ber/s")
    ax.axhline(250, color="grey", linewidth=0.8, linestyle=":", label="doel p95 250 ms")
    ax.set_xlabel("aangeboden last (berichten/s)")
    ax.set_ylabel("latentie (ms)")
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(ScalarFormatter())
    ax.set_title("Latentie tegen aangeboden last (REST-kanaal)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)
    plt.close(fig)
