"""Start, watch and stop the three processes of the assistant.

    python scripts/stack.py run     start everything, print the URL, stop on Ctrl-C
    python scripts/stack.py start   start in the background and return once healthy
    python scripts/stack.py stop    stop what `start` started
    python scripts/stack.py status  show which parts answer

Ports are fixed: action server 5055, Rasa 5005, web 8000. Logs go to logs/, through
scripts/logwriter.py (personal data masked, a new file every day).
The model must exist already (scripts/model.py trains it when stale).
scripts/scaled.py reuses the helpers here (environment, pid files, health checks).
"""
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence

ROOT = Path(__file__).resolve().parent.parent
PIDS = ROOT / ".build" / "run"
LOGS = ROOT / "logs"
ENV_FILE = ROOT / ".env"
SECRETS = ("RASA_TOKEN", "LOB_TOKEN")
STARTUP_TIMEOUT_S = 240
RUN_RASA = str(ROOT / "scripts" / "run_rasa.py")  # `rasa` with two speed fixes


@dataclass(frozen=True)
class Service:
    name: str
    command: List[str]
    health_url: str


def load_env(wanted_secrets: Sequence[str] = SECRETS) -> Dict[str, str]:
    """The environment for the services: .env (with fresh secrets for those missing) under the real one."""
    if not ENV_FILE.exists():
        ENV_FILE.write_text("# Lokale geheimen, gemaakt bij de eerste start. Niet committen.\n")
        ENV_FILE.chmod(0o600)
    file_values = {}
    for line in ENV_FILE.read_text().splitlines():
        if line.strip() and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            file_values[key.strip()] = value.strip()
    missing = [key for key in wanted_secrets if key not in file_values]
    if missing:
        new = {key: secrets.token_urlsafe(24) for key in missing}
        with ENV_FILE.open("a") as env_file:
            env_file.write("".join(f"{key}={value}\n" for key, value in new.items()))
        file_values.update(new)
    env = {**file_values, **os.environ}
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")  # Rasa sends usage data and crash reports unless told not to
    # rasa-sdk's action server listens on every address unless told otherwise, and has no authentication:
    # only Rasa (and the scaled setup's nginx) on this host may call it.
    env.setdefault("SANIC_HOST", "127.0.0.1")
    return env


def services(env: Dict[str, str], model: str) -> List[Service]:
    python = sys.executable
    return [
        Service(
            "actions",
            [python, "-m", "rasa_sdk", "--actions", "actions", "--port", "5055"],
            "http://localhost:5055/health",
        ),
        Service(
            "rasa",
            [
                python, RUN_RASA, "run",
                "--model", model,
                "--port", "5005",
                "--interface", env.get("RASA_INTERFACE", "127.0.0.1"),
                "--endpoints", "endpoints.yml",
                "--credentials", "credentials.yml",
                "--enable-api", "--auth-token", env["RASA_TOKEN"],
            ],
            f"http://localhost:5005/status?token={env['RASA_TOKEN']}",
        ),
        Service("web", [python, "-m", "web"], "http://localhost:8000/healthz"),
    ]


def is_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def pid_of(name: str, run_dir: Path = PIDS) -> int | None:
    pid_file = run_dir / f"{name}.pid"
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text())
    if not _alive(pid):
        pid_file.unlink()
        return None
    return pid


def _alive(pid: int) -> bool:
    """Running, and not a zombie (a child that ended while `run` is still its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def spawn(name: str, command: List[str], env: Dict[str, str], log_dir: Path = LOGS, run_dir: Path = PIDS,
          **popen_options) -> None:
    """Start one process in its own process group, pid in run_dir/NAME.pid.

    Its output goes through scripts/logwriter.py to log_dir/NAME.log: personal data masked, a new
    file every day. The writer ends by itself when the process ends.
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name}.log"
    # The writer must not keep our own output open: `make start | ...` would wait until the stack stops.
    with open(log, "ab") as writer_errors:
        writer = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "logwriter.py"), str(log)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=writer_errors,
            start_new_session=True,
        )
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=writer.stdin, stderr=subprocess.STDOUT, start_new_session=True,
        **popen_options,
    )
    writer.stdin.close()  # only the process writes to the pipe now
    (run_dir / f"{name}.pid").write_text(str(process.pid))


def terminate(name: str, run_dir: Path = PIDS, sig: int = signal.SIGTERM) -> bool:
    """Stop the process group of NAME (SIGKILL after 10 s); False when it was not running."""
    pid = pid_of(name, run_dir)
    if pid is None:
        return False
    try:
        os.killpg(pid, sig)
        for _ in range(50):
            if pid_of(name, run_dir) is None:
                break
            time.sleep(0.2)
        else:
            os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it ended by itself in the meantime
    (run_dir / f"{name}.pid").unlink(missing_ok=True)
    return True


def start(model: str) -> None:
    env = load_env()
    wanted = services(env, model)
    for service in wanted:
        if pid_of(service.name) or is_healthy(service.health_url):
            print(f"[stack] {service.name} draait al")
            continue
        spawn(service.name, service.command, env)
        print(f"[stack] {service.name} gestart (log: logs/{service.name}.log)")

    print("[stack] wachten tot alles antwoordt (Rasa laden duurt ongeveer een minuut)...", flush=True)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    waiting = list(wanted)
    while waiting and time.monotonic() < deadline:
        for service in list(waiting):
            if is_healthy(service.health_url):
                print(f"[stack] {service.name} is klaar", flush=True)
                waiting.remove(service)
            elif pid_of(service.name) is None and not is_healthy(service.health_url):
                stop()
                sys.exit(f"[stack] {service.name} is gestopt bij het starten: zie logs/{service.name}.log")
        time.sleep(1)
    if waiting:
        stop()
        names = ", ".join(s.name for s in waiting)
        sys.exit(f"[stack] {names} antwoordt niet na {STARTUP_TIMEOUT_S} s: zie logs/")
    print("[stack] De assistent draait: open http://localhost:8000 (Rasa REST: http://localhost:5005/webhooks/rest/webhook)")


def stop() -> None:
    for name in ("web", "rasa", "actions"):
        if terminate(name):
            print(f"[stack] {name} gestopt")


def status() -> None:
    env = load_env()
    for service in services(env, model="-"):
        state = "antwoordt" if is_healthy(service.health_url) else "antwoordt niet"
        print(f"{service.name:8} {state}")


def run(model: str) -> None:
    start(model)
    print("[stack] Stoppen: Ctrl-C (of `make stop` in een andere terminal).")
    try:
        while all(pid_of(name) for name in ("actions", "rasa", "web")):
            time.sleep(1)
        print("[stack] een onderdeel is gestopt: zie logs/")
    except KeyboardInterrupt:
        print()
    finally:
        stop()


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    if command in ("run", "start"):
        if len(sys.argv) < 3:
            sys.exit("gebruik: stack.py run|start MODEL.tar.gz")
        {"run": run, "start": start}[command](sys.argv[2])
    elif command == "stop":
        stop()
    elif command == "status":
        status()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
