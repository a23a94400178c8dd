"""The processes `make bench` measures: their memory and CPU time, extra Rasa instances on spare ports,
training time (cached per model hash), the baseline model and the scaled setup.

Only processes this module started are ever stopped, by their own process group.
"""
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, Optional

from sqlalchemy import create_engine, text

import model
import stack

ROOT = model.ROOT
RESULTS = ROOT / "results"
TRAIN_TIMES = RESULTS / "train-times.json"
BASELINE_CONFIG = ROOT / "scripts" / "baseline-config.yml"
BASELINE_MODELS = model.MODELS / "baseline"
BASELINE_INPUTS = [str(BASELINE_CONFIG.relative_to(ROOT)), "bot", "nlu"]
STARTUP_TIMEOUT_S = 300
SCALED_SCRIPT = ROOT / "scripts" / "scaled.py"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# The kinds of process in the CPU budget per message, recognised by their command line.
PROCESS_KINDS = (("rasa", ("run_rasa.py", "rasa run")), ("actions", ("rasa_sdk",)),
                 ("postgres", ("postgres",)), ("nginx", ("nginx",)), ("redis", ("redis-server",)))


# --- memory -------------------------------------------------------------------------------


def pid_on_port(port: int) -> Optional[int]:
    """The process listening on a local TCP port (from `ss`), if any."""
    output = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    match = re.search(r"pid=(\d+)", output)
    return int(match.group(1)) if match else None


def service_pid(name: str, port: int) -> Optional[int]:
    """Whoever listens on the port, else the pid file scripts/stack.py wrote for this service."""
    return pid_on_port(port) or stack.pid_of(name)


def _children(pid: int) -> list:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _proc_files(pid: int, name: str) -> Iterator[str]:
    """/proc/<pid>/<name> of a process and all its descendants (those that still exist)."""
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            yield Path(f"/proc/{current}/{name}").read_text()
        except OSError:
            continue
        todo += _children(current)


def rss_mb(pid: Optional[int]) -> Optional[float]:
    """Resident memory of a process and all its descendants, in MB."""
    if pid is None:
        return None
    total_kb = sum(next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
                   for status in _proc_files(pid, "status"))
    return round(total_kb / 1024, 1) if total_kb else None


def _cpu_s_of(stat: str) -> float:
    """CPU seconds (utime + stime) from the text of /proc/<pid>/stat."""
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_s(pid: Optional[int]) -> Optional[float]:
    """CPU seconds (user + system) used so far by a process and all its descendants."""
    if pid is None:
        return None
    return sum(_cpu_s_of(stat) for stat in _proc_files(pid, "stat"))


def machine_busy_s() -> float:
    """CPU seconds the machine has been busy so far, all cores together (/proc/stat: user, nice,
    system, irq and softirq; idle, iowait and time taken by the hypervisor are not ours)."""
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in Path("/proc/stat").read_text().split()[1:8])
    return (user + nice + system + irq + softirq) / CLOCK_TICKS


def cpu_snapshot() -> Counter:
    """CPU seconds used so far: by the whole machine ("machine"), by each kind of process in
    PROCESS_KINDS, and by this process ("load generator", the bench's own client)."""
    used = Counter({"machine": machine_busy_s()})
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        kind = "load generator" if int(entry.name) == os.getpid() else next(
            (kind for kind, marks in PROCESS_KINDS if any(mark in command for mark in marks)), None)
        if kind:
            used[kind] += _cpu_s_of(stat)
    return used


def cpu_budget(before: Counter, after: Counter, messages: int) -> Dict[str, float]:
    """CPU milliseconds per message between two snapshots, per kind of process; "rest" is what the
    machine spent outside them (the kernel, other programs, processes that ended in between)."""
    per_message = {kind: round(1000 * (after[kind] - before[kind]) / messages, 2) for kind in after}
    per_message["rest"] = round(per_message["machine"] - sum(v for k, v in per_message.items() if k != "machine"), 2)
    return per_message


# --- the stack's tracker store -----------------------------------------------------------


def forget_conversations(run_ids: list) -> int:
    """Delete the bench's conversations (sender ids bench-<run id>-...) from the stack's tracker
    store, so the insights page shows real use only. Returns the number of events deleted."""
    engine = create_engine(os.environ.get("TRACKER_DB_URL", f"sqlite:///{ROOT / '.build' / 'tracker.db'}"))
    with engine.begin() as connection:
        return sum(connection.execute(text("DELETE FROM events WHERE sender_id LIKE :pattern"),
                                      {"pattern": f"bench-{run_id}-%"}).rowcount for run_id in run_ids)


# --- extra Rasa instances -----------------------------------------------------------------


def answers(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def running_model(url: str) -> Optional[str]:
    """The model file a running Rasa serves (its HTTP API, with the stack's token), if it tells."""
    token = stack.load_env().get("RASA_TOKEN", "")
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/status?token={token}", timeout=5) as response:
            return Path(json.loads(response.read()).get("model_file", "")).name or None
    except (OSError, ValueError):
        return None


class RasaInstance:
    """`rasa run` on a spare port, served like the stack (same channels, same action server on 5055),
    with its own SQL tracker store in a temporary SQLite file."""

    def __init__(self, name: str, model_path: Path, port: int):
        self.name, self.model_path, self.port = name, model_path, port
        self.url = f"http://localhost:{port}"
        self.token = secrets.token_urlsafe(16)
        self.workdir = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> float:
        """Start the process and return the seconds until /status answers (cold start to healthy)."""
        if pid_on_port(self.port):
            raise RuntimeError(f"poort {self.port} is al in gebruik")
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(
            'action_endpoint:\n  url: "http://localhost:5055/webhook"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{self.workdir / "tracker.db"}"\n'
        )
        stack.LOGS.mkdir(exist_ok=True)
        log = open(stack.LOGS / f"bench-{self.name}.log", "wb")
        command = [sys.executable, stack.RUN_RASA, "run", "--model", str(self.model_path), "--port", str(self.port),
                   "--interface", "127.0.0.1", "--endpoints", str(endpoints), "--credentials", "credentials.yml",
                   "--enable-api", "--auth-token", self.token]
        started = time.monotonic()
        self.process = subprocess.Popen(command, cwd=ROOT, env=stack.load_env(), stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        status = f"{self.url}/status?token={self.token}"
        while time.monotonic() - started < STARTUP_TIMEOUT_S:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} is gestopt bij het starten: zie logs/bench-{self.name}.log")
            if answers(status):
                return round(time.monotonic() - started, 1)
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"{self.name} antwoordt niet na {STARTUP_TIMEOUT_S} s: zie logs/bench-{self.name}.log")

    @property
    def pid(self) -> Optional[int]:
        return self.process.pid if self.process and self.process.poll() is None else None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> "RasaInstance":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# --- training -----------------------------------------------------------------------------


def _train(config: Path, out_dir: Path, name: str) -> float:
    """`rasa train --force` with the project's domain and data; returns the wall-clock seconds."""
    command = [sys.executable, "-m", "rasa", "train", "--force", "--config", str(config), "--domain", "bot/domain",
               "--data", *model.TRAINING_DATA, "--out", str(out_dir), "--fixed-model-name", name]
    stack.LOGS.mkdir(exist_ok=True)
    with open(stack.LOGS / f"bench-train-{name}.log", "wb") as log:
        started = time.monotonic()
        subprocess.run(command, cwd=ROOT, env=stack.load_env(), stdout=log, stderr=subprocess.STDOUT, check=True)
    return round(time.monotonic() - started, 1)


def _cached_times() -> dict:
    return json.loads(TRAIN_TIMES.read_text()) if TRAIN_TIMES.exists() else {}


def _remember(key: str, seconds: float) -> None:
    times = _cached_times()
    times[key] = {"train_s": seconds, "measured": time.strftime("%Y-%m-%d %H:%M")}
    RESULTS.mkdir(exist_ok=True)
    TRAIN_TIMES.write_text(json.dumps(times, indent=2))


def latest_project_train_s() -> Optional[tuple]:
    """The most recent training time measured for any version of the project model: (seconds, key)."""
    measured = [(entry["measured"], key, entry["train_s"]) for key, entry in _cached_times().items()
                if key.startswith("project-")]
    return (max(measured)[2], max(measured)[1]) if measured else None


def project_train_s(say: Callable = print) -> tuple:
    """Full training time of the project model, measured once per model hash. Returns (seconds, cached)."""
    key = f"project-{model.inputs_hash()}"
    if key in _cached_times():
        return _cached_times()[key]["train_s"], True
    say("trainen met config.yml naar een tijdelijke map om de trainingstijd te meten (een paar minuten)...")
    with tempfile.TemporaryDirectory(prefix="bench-train-") as out_dir:
        seconds = _train(ROOT / "config.yml", Path(out_dir), "bench-project")
    _remember(key, seconds)
    return seconds, False


def baseline_model(say: Callable = print) -> tuple:
    """The baseline model (scripts/baseline-config.yml on the same data), trained once per input hash.
    Returns (path, training seconds)."""
    digest = model.inputs_hash(BASELINE_INPUTS)
    target = BASELINE_MODELS / f"{digest}.tar.gz"
    key = f"baseline-{digest}"
    if not target.exists() or key not in _cached_times():
        say(f"baseline trainen (standaardpijplijn van rasa init) naar {target.relative_to(ROOT)}...")
        with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tmp:
            config = Path(tmp) / "config.yml"  # a copy: Rasa may write its defaults into the file
            shutil.copy(BASELINE_CONFIG, config)
            seconds = _train(config, BASELINE_MODELS, digest)
        _remember(key, seconds)
    return target, _cached_times()[key]["train_s"]


# --- the scaled setup ---------------------------------------------------------------------


@dataclass
class ScaledTarget:
    url: str
    instances: int
    stop: Optional[Callable] = None  # set when this run started the setup


def scaled_target(url: Optional[str], model_path: Path, say: Callable = print) -> tuple:
    """Where to measure the scaled setup: (ScaledTarget or None, reason when None).

    1. An explicit URL (--scaled / BENCH_SCALED_URL) is used as it is.
    2. Else, when scripts/scaled.py exists, the setup on port base BENCH_SCALED_PORT_BASE (default
       6000, so nginx listens on 6005 next to the single stack on 5005) is used if it answers;
       otherwise this run starts it (`scripts/scaled.py start MODEL`, which returns once healthy)
       and stops it again afterwards (`scripts/scaled.py stop`).
    The number of Rasa instances is SCALED_RASA_INSTANCES (default 2), as scripts/scaled.py reads it.
    """
    instances = int(os.environ.get("SCALED_RASA_INSTANCES", "2"))
    if url:
        return ScaledTarget(url, instances), ""
    if not SCALED_SCRIPT.exists():
        return None, "geen --scaled/BENCH_SCALED_URL en scripts/scaled.py bestaat (nog) niet"
    base = int(os.environ.get("BENCH_SCALED_PORT_BASE", "6000"))
    proxy = f"http://localhost:{base + 5}"
    if answers(proxy + "/"):
        return ScaledTarget(proxy, instances), ""
    env = {**os.environ, "SCALED_PORT_BASE": str(base)}
    script = [sys.executable, str(SCALED_SCRIPT)]
    say(f"geschaalde opstelling starten: scripts/scaled.py start (poortbasis {base}, nginx op {base + 5})...")
    try:
        started = subprocess.run(script + ["start", str(model_path)], cwd=ROOT, env=env, capture_output=True,
                                 text=True, timeout=900)
    except subprocess.TimeoutExpired:
        subprocess.run(script + ["stop"], cwd=ROOT, env=env, check=False, capture_output=True)
        return None, "scripts/scaled.py start was na 15 minuten nog niet klaar"
    stop = lambda: subprocess.run(script + ["stop"], cwd=ROOT, env=env, check=False, capture_output=True)  # noqa: E731
    if started.returncode != 0:
        stop()
        last = (started.stderr or started.stdout).strip().splitlines()[-1:] or [""]
        return None, f"scripts/scaled.py start faalde (exit {started.returncode}): {last[0]}"
    return ScaledTarget(proxy, instances, stop=stop), ""
