"""Load benchmark of the assistant over Rasa's REST channel: `make bench`.

Phases, each printed as it runs and saved to results/bench.json:
  1. knowledge-query latency (knowledge.bench) and the full training time of the model
     (`rasa train --force` into a temporary folder; measured once per model hash, cached in
     results/train-times.json);
  2. cold start: a fresh Rasa with the project model on port 5106, seconds until /status answers;
  3. the setups under load, taking turns step by step so that they are measured under the same
     conditions on a shared machine:
     - the project stack (BENCH_URL, default http://localhost:5005);
     - the baseline: Rasa's stock `rasa init` pipeline (scripts/baseline-config.yml) trained on the
       same data (models/baseline/<hash>.tar.gz, trained once per hash), served on port 5105 with
       the same action server and its own SQLite tracker store;
     - the scaled setup, when --scaled/BENCH_SCALED_URL is given or scripts/scaled.py can start it;
     each gets a warm-up, then open-loop steps of rising offered load until one does not hold
     (errors, answers falling behind, p95 above 1 s, or latency growing during the step); the
     highest load that held is its sustained throughput, and p50/p95/p99 are measured at HALF that;
  4. growth (scripts/bench_growth.py): one conversation of 300 turns, median latency and Rasa CPU per
     block of 60 turns, last block over first;
  5. the classroom (scripts/bench_classroom.py): 30 pupils behind one address chat through the web app
     (BENCH_WEB_URL, default http://localhost:8000) for 10 minutes: rejected, errors, duplicated turns, p95;
  6. the soak (scripts/soak.py): 15 minutes at half the sustained load, memory at start and end.
Then a table with the targets and results/bench-latency.png (latency against offered load).

Options (also as environment variables):
  --quick        BENCH_QUICK=1    short steps for trying it out (6 s steps, 10 s half load, 60 s classroom and soak)
  --step-s S     BENCH_STEP_S     seconds per load step (default 30)
  --half-s S     BENCH_HALF_S     seconds at half load (default 60)
  --soak-s S     BENCH_SOAK_S     soak duration (default 900)
  --url URL      BENCH_URL        the project's Rasa (default http://localhost:5005)
  --scaled URL   BENCH_SCALED_URL the scaled setup; without it, scripts/scaled.py is started on port base
                                  BENCH_SCALED_PORT_BASE (default 6000: nginx on 6005) and stopped after
  --classroom-s S BENCH_CLASSROOM_S duration of the classroom (default 600)
  --web URL      BENCH_WEB_URL    the web app, for the classroom (default http://localhost:8000)
  --skip LIST    BENCH_SKIP       comma-separated phases to leave out: train,startup,baseline,scaled,growth,
                                  classroom,soak
                                  (with train skipped, the last training time measured for any model is shown)
Bench conversations (sender ids bench-...) are deleted from the stack's tracker store afterwards.
Not a test: it prints the targets next to the figures and judges nothing.
"""
import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import bench_report
import bench_servers as servers
import model
import soak
from bench_classroom import classroom
from bench_growth import growth
from bench_load import LoadGenerator, find_sustained, run_step

ROOT = model.ROOT
sys.path.insert(0, str(ROOT))

from knowledge import bench as knowledge_bench  # noqa: E402

RESULTS = servers.RESULTS
BENCH_JSON = RESULTS / "bench.json"
PLOT = RESULTS / "bench-latency.png"
BASELINE_PORT = 5105
COLD_START_PORT = 5106
PHASES = ("train", "startup", "baseline", "scaled", "growth", "classroom", "soak")


def say(text: str) -> None:
    print(f"[bench] {text}", flush=True)


def options() -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", default=env("BENCH_QUICK") == "1")
    parser.add_argument("--step-s", type=float, default=env("BENCH_STEP_S"))
    parser.add_argument("--half-s", type=float, default=env("BENCH_HALF_S"))
    parser.add_argument("--soak-s", type=float, default=env("BENCH_SOAK_S"))
    parser.add_argument("--url", default=env("BENCH_URL", "http://localhost:5005"))
    parser.add_argument("--scaled", default=env("BENCH_SCALED_URL"))
    parser.add_argument("--skip", default=env("BENCH_SKIP", ""))
    parser.add_argument("--classroom-s", type=float, default=env("BENCH_CLASSROOM_S"))
    parser.add_argument("--web", default=env("BENCH_WEB_URL", "http://localhost:8000"))
    args = parser.parse_args()
    args.step_s = args.step_s or (6 if args.quick else 30)
    args.half_s = args.half_s or (10 if args.quick else 60)
    args.soak_s = args.soak_s or (60 if args.quick else 900)
    args.classroom_s = args.classroom_s or (60 if args.quick else 600)
    args.warm_s = 5 if args.quick else 15
    args.kb_calls = 200 if args.quick else 1000
    args.skip = {p.strip() for p in args.skip.split(",") if p.strip()}
    unknown = args.skip - set(PHASES)
    if unknown:
        parser.error(f"onbekende fase(n) in --skip: {', '.join(sorted(unknown))}; kies uit {', '.join(PHASES)}")
    return args


def measure_load(setups: dict, args) -> dict:
    """Warm-up, the sustained rate of every setup (taking turns, step by step), then latency at half
    of it. setups: {name: (url, memory, rasa_pid)}, memory() giving RSS figures ({"rasa_rss_mb": ...})
    and rasa_pid() the Rasa process whose CPU time per message is measured at half load (or None).
    At half load it also takes the CPU budget of the whole machine per message, by kind of process,
    and the ceiling it implies: cores x 1000 ms / machine CPU ms per message.
    Returns {name: result}."""
    generators = {name: LoadGenerator(url) for name, (url, _, _) in setups.items()}
    for name, generator in generators.items():
        say(f"{name}: opwarmen ({args.warm_s} s) tegen {generator.url}")
        run_step(generator, 2, args.warm_s)
    say(f"stappen van {args.step_s:.0f} s met oplopende last, om beurten: {', '.join(setups)}")
    found = find_sustained(generators, args.step_s, refinements=1 if args.quick else 2,
                           report=lambda line: print(line, flush=True))
    results = {}
    for name, (sustained, steps) in found.items():
        half_rate = max(sustained / 2, 0.5)
        say(f"{name}: volgehouden {sustained} ber/s; latentie bij de helft ({half_rate:.1f} ber/s, {args.half_s:.0f} s)")
        _, memory, rasa_pid = setups[name]
        pid = rasa_pid()
        cpu_before, machine_before = servers.cpu_s(pid), servers.cpu_snapshot()
        half = run_step(generators[name], half_rate, args.half_s)
        machine_after = servers.cpu_snapshot()
        summary = half.summary()
        cpu_ms, budget, ceiling = None, None, None
        if summary["sent"]:
            if cpu_before is not None:
                cpu_ms = round(1000 * (servers.cpu_s(pid) - cpu_before) / summary["sent"], 1)
            budget = servers.cpu_budget(machine_before, machine_after, summary["sent"])
            ceiling = round(os.cpu_count() * 1000 / budget["machine"], 1) if budget["machine"] > 0 else None
        say(f"{name}: p50 {summary['p50_ms']} ms  p95 {summary['p95_ms']} ms  p99 {summary['p99_ms']} ms  "
            f"fouten {summary['errors']}  Rasa-CPU {cpu_ms} ms per bericht")
        if budget:
            say(f"{name}: CPU per bericht, hele machine {budget['machine']} ms ("
                + ", ".join(f"{kind} {ms}" for kind, ms in budget.items() if kind != "machine")
                + f"); plafond met {os.cpu_count()} cores: {ceiling} ber/s")
        results[name] = {"url": generators[name].url, "throughput_msg_s": sustained, "p50_ms": summary["p50_ms"],
                         "p95_ms": summary["p95_ms"], "p99_ms": summary["p99_ms"], "errors": summary["errors"],
                         "rasa_cpu_ms_per_msg": cpu_ms, "cpu_ms_per_msg": budget, "cpu_ceiling_msg_s": ceiling,
                         "errors_all_steps": sum(step.errors for step in steps), "half_load": summary,
                         "slowest_messages_at_half_load": half.slowest_messages(),
                         "steps": [step.summary() for step in steps] + [{**summary, "half_load": True}],
                         "run_id": generators[name].run_id, **memory()}
    return results


def save(result: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    BENCH_JSON.write_text(json.dumps(result, indent=2))


def main() -> None:
    args = options()
    project_url = args.url
    port = urlparse(project_url).port or 80
    if not servers.answers(project_url.rstrip("/") + "/"):
        sys.exit(f"[bench] Rasa antwoordt niet op {project_url}: start de stack eerst (make start)")
    result: dict = {"measured_at": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(),
                    "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
                    "settings": {"quick": args.quick, "step_s": args.step_s, "half_s": args.half_s,
                                 "soak_s": args.soak_s, "skipped": sorted(args.skip)},
                    "notes": {}, "baseline": None, "scaled": None, "growth": None, "classroom": None, "soak": None}
    say(f"belasting van de machine bij de start: {result['load_average_at_start']} ({os.cpu_count()} cores); "
        "ander werk op de machine beinvloedt de cijfers")

    say(f"kennisbank-queries ({args.kb_calls} per soort)")
    kb = knowledge_bench.measure(args.kb_calls)
    result["kb_queries"] = kb
    result["card_rank_p95_ms"] = kb["rank_kaarten"]["p95_ms"]  # computed per message, never cached
    lookups = [q for name, q in kb.items() if name != "rank_kaarten"]
    result["kb_query_p95_ms"] = max(q["p95_ms"] for q in lookups)
    result["kb_query_uncached_p95_ms"] = max(q["uncached_p95_ms"] for q in lookups)
    for name, t in kb.items():
        print(f"  {name:<28} p50 {t['p50_ms']:>6.2f} ms  p95 {t['p95_ms']:>6.2f} ms   zonder cache: "
              f"p50 {t['uncached_p50_ms']:>6.2f} ms  p95 {t['uncached_p95_ms']:>6.2f} ms")

    result["train_s"] = None
    if "train" not in args.skip:
        result["train_s"], cached = servers.project_train_s(say)
        result["train_cached"] = cached
        say(f"training: {result['train_s']} s" + (" (eerder gemeten voor dit model)" if cached else ""))
    elif servers.latest_project_train_s():
        result["train_s"], result["train_measured_for"] = servers.latest_project_train_s()
        say(f"training niet gemeten (--skip); laatste meting: {result['train_s']} s ({result['train_measured_for']})")

    project_model = model.model_path()
    result["model"] = project_model.name
    result["stack_model"] = servers.running_model(project_url)
    if result["stack_model"] and result["stack_model"] != project_model.name:
        say(f"let op: de stack draait {result['stack_model']}, het actuele model is {project_model.name} "
            "(herstart de stack om het actuele model te meten)")
    if not project_model.exists() and result["stack_model"]:
        project_model = model.MODELS / result["stack_model"]  # not trained yet: use what the stack serves
    result["startup_s"] = None
    if "startup" not in args.skip and project_model.exists():
        say(f"koude start: Rasa met {project_model.name} op poort {COLD_START_PORT}...")
        with servers.RasaInstance("koudestart", project_model, COLD_START_PORT) as fresh:
            result["startup_s"] = fresh.start()
            result["rasa_rss_idle_mb"] = servers.rss_mb(fresh.pid)
        say(f"koude start tot /status antwoordt: {result['startup_s']} s")
    elif "startup" not in args.skip:
        result["notes"]["startup"] = f"model {project_model.name} bestaat niet (make model)"
        say(f"koude start niet gemeten: {result['notes']['startup']}")
    save(result)

    def stack_memory() -> dict:
        return {"rasa_rss_mb": servers.rss_mb(servers.service_pid("rasa", port)),
                "actions_rss_mb": servers.rss_mb(servers.service_pid("actions", 5055))}

    setups = {"project": (project_url, stack_memory, lambda: servers.service_pid("rasa", port))}
    with contextlib.ExitStack() as cleanup:
        if "baseline" not in args.skip:
            try:
                baseline_path, baseline_train_s = servers.baseline_model(say)
                baseline = cleanup.enter_context(servers.RasaInstance("baseline", baseline_path, BASELINE_PORT))
                startup = baseline.start()
                say(f"baseline draait op poort {BASELINE_PORT} (koude start {startup} s)")
                result["baseline"] = {"model": f"baseline/{baseline_path.name}", "startup_s": startup,
                                      "train_s": baseline_train_s}
                setups["baseline"] = (baseline.url, lambda: {"rasa_rss_mb": servers.rss_mb(baseline.pid)},
                                      lambda: baseline.pid)
            except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
                result["notes"]["baseline"] = str(error)
                say(f"baseline niet gemeten: {error}")
        else:
            result["notes"]["baseline"] = "overgeslagen (--skip)"
        if "scaled" not in args.skip:
            target, reason = servers.scaled_target(args.scaled, project_model, say)
            if target is None:
                result["notes"]["scaled"] = reason
                say(f"geschaalde opstelling niet gemeten: {reason}")
            else:
                if target.stop:
                    cleanup.callback(target.stop)
                result["scaled"] = {"instances": target.instances}
                setups["geschaald"] = (target.url, dict, lambda: None)  # several Rasa processes
        else:
            result["notes"]["scaled"] = "overgeslagen (--skip)"
        save(result)
        measured = measure_load(setups, args)
        say("extra opstellingen stoppen...")
    run_ids = [measured["project"].pop("run_id")]
    result.update(measured["project"])
    for name, key in (("baseline", "baseline"), ("geschaald", "scaled")):
        if name in measured:
            measured[name].pop("run_id")
            result[key] = {**result[key], **measured[name]}
    if result["baseline"] and result["baseline"].get("throughput_msg_s"):
        result["vs_baseline"] = round(result["throughput_msg_s"] / result["baseline"]["throughput_msg_s"], 2)
    save(result)

    if "growth" not in args.skip:
        result["growth"] = growth(project_url, say=lambda line: print(line, flush=True))
        run_ids.append(result["growth"].pop("run_id"))
        save(result)
    if "classroom" not in args.skip:
        if servers.answers(args.web.rstrip("/") + "/healthz"):
            result["classroom"] = classroom(args.web, seconds=args.classroom_s, say=lambda line: print(line, flush=True))
            run_ids.append(result["classroom"].pop("run_id"))
        else:
            result["notes"]["classroom"] = f"de webapp antwoordt niet op {args.web}"
            say(f"klas niet gemeten: {result['notes']['classroom']}")
        save(result)

    if "soak" not in args.skip:
        result["soak"] = soak.soak(project_url, max(result["throughput_msg_s"] / 2, 0.5), args.soak_s,
                                   say=lambda line: print(line, flush=True))
        run_ids.append(result["soak"].pop("run_id"))
    save(result)

    if port == 5005:
        say(f"{servers.forget_conversations(run_ids)} bench-gebeurtenissen verwijderd uit de tracker store")
    series = {"project": result}
    for name, key in (("baseline", "baseline"), ("geschaald", "scaled")):
        if result[key] and result[key].get("steps"):
            series[name] = result[key]
    bench_report.latency_plot(series, PLOT)
    print()
    print(bench_report.summary_table(result))
    print()
    say(f"geschreven: {BENCH_JSON.relative_to(ROOT)} en {PLOT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
