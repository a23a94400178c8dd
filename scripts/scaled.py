"""The scaled setup: several Rasa instances and action servers behind nginx, sharing Redis and PostgreSQL.

    python scripts/scaled.py run MODEL     start everything, print the URL, stop on Ctrl-C
    python scripts/scaled.py start MODEL   start what is not running, return once everything answers
    python scripts/scaled.py stop          stop what `start` started
    python scripts/scaled.py status        show which parts answer

Every Rasa instance uses endpoints-scaled.yml: tracker store in PostgreSQL, ticket lock per
conversation in Redis, actions through nginx. nginx round-robins (no sticky sessions) over the
Rasa instances and over the action servers. The knowledge base is built into the same PostgreSQL
and the action servers read it through KNOWLEDGE_DB_URL.

Ports follow SCALED_PORT_BASE (default 5000, which gives the usual ports):
    base+5     nginx -> Rasa (5005)        base+6, base+7, ...    Rasa instances
    base+55    nginx -> actions (5055)     base+56, base+57, ...  action servers
    base+3000  web app (8000)              base+1380 Redis (6380), base+433 PostgreSQL (5433)
Redis and PostgreSQL stay off their usual ports (6379, 5432), which a system service may hold.
SCALED_RASA_INSTANCES and SCALED_ACTION_SERVERS (default 2 each) set the numbers.
Redis and PostgreSQL are started here (as the `postgres` user when run as root), unless
SCALED_REDIS_HOST / SCALED_DB_HOST name another machine. State lives in .build/scaled-BASE/,
logs in logs/scaled-BASE/. SCALED_ENDPOINTS names another endpoints file (to try a variant).
"""
import hashlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List
from urllib.parse import quote

from stack import ROOT, RUN_RASA, SECRETS, STARTUP_TIMEOUT_S, is_healthy, load_env, pid_of, spawn, terminate

PG_BIN = Path(os.environ.get("POSTGRES_BIN") or max(
    Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), default="/usr/lib/postgresql/15/bin"))
DB_USER = "studiekeuze"
DATABASES = ("tracker", "knowledge")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
STARTUP_TIMEOUT_SCALED_S = STARTUP_TIMEOUT_S + 60  # the instances load side by side on 2 cores


@dataclass(frozen=True)
class Layout:
    """All ports and paths of one scaled setup, derived from the base port."""

    base: int = 5000
    rasa_instances: int = 2
    action_servers: int = 2

    @classmethod
    def from_env(cls, env: Dict[str, str]) -> "Layout":
        return cls(
            base=int(env.get("SCALED_PORT_BASE", cls.base)),
            rasa_instances=int(env.get("SCALED_RASA_INSTANCES", cls.rasa_instances)),
            action_servers=int(env.get("SCALED_ACTION_SERVERS", cls.action_servers)),
        )

    @property
    def rasa_proxy(self) -> int:
        return self.base + 5

    @property
    def rasa_ports(self) -> List[int]:
        return [self.base + 6 + i for i in range(self.rasa_instances)]

    @property
    def action_proxy(self) -> int:
        return self.base + 55

    @property
    def action_ports(self) -> List[int]:
        return [self.base + 56 + i for i in range(self.action_servers)]

    @property
    def web(self) -> int:
        return self.base + 3000

    @property
    def redis(self) -> int:
        return self.base + 1380

    @property
    def postgres(self) -> int:
        return self.base + 433

    @property
    def state(self) -> Path:
        return ROOT / ".build" / f"scaled-{self.base}"

    @property
    def run_dir(self) -> Path:
        return self.state / "run"

    @property
    def logs(self) -> Path:
        return ROOT / "logs" / f"scaled-{self.base}"


@dataclass(frozen=True)
class Part:
    """One process of the setup: how to start it and how to know it answers."""

    name: str
    command: List[str]
    ready: Callable[[], bool]
    port: int
    stop_signal: int = signal.SIGTERM
    as_postgres: bool = False  # PostgreSQL refuses to run as root


def say(text: str) -> None:
    print(f"[scaled] {text}", flush=True)


def scaled_env(layout: Layout) -> Dict[str, str]:
    """The environment of every process: .env, the real environment, and what endpoints-scaled.yml reads."""
    env = load_env(SECRETS + ("SCALED_DB_PASSWORD",))
    env.setdefault("SCALED_DB_HOST", "127.0.0.1")
    env.setdefault("SCALED_DB_PORT", str(layout.postgres))
    env.setdefault("SCALED_DB_USER", DB_USER)
    env.setdefault("SCALED_REDIS_HOST", "127.0.0.1")
    env.setdefault("SCALED_REDIS_PORT", str(layout.redis))
    env.setdefault("SCALED_REDIS_PASSWORD", "")
    env["SCALED_ACTION_URL"] = f"http://127.0.0.1:{layout.action_proxy}/webhook"
    env["KNOWLEDGE_DB_URL"] = db_url(env, "knowledge")
    env["TRACKER_DB_URL"] = db_url(env, "tracker")
    env["RASA_URL"] = f"http://127.0.0.1:{layout.rasa_proxy}"
    env["WEB_PORT"] = str(layout.web)
    return env


def db_url(env: Dict[str, str], database: str) -> str:
    user, password = quote(env["SCALED_DB_USER"], safe=""), quote(env["SCALED_DB_PASSWORD"], safe="")
    return f"postgresql://{user}:{password}@{env['SCALED_DB_HOST']}:{env['SCALED_DB_PORT']}/{database}"


def redis_is_local(env: Dict[str, str]) -> bool:
    return env["SCALED_REDIS_HOST"] in LOCAL_HOSTS


def postgres_is_local(env: Dict[str, str]) -> bool:
    return env["SCALED_DB_HOST"] in LOCAL_HOSTS


def redis_answers(env: Dict[str, str]) -> bool:
    import redis

    client = redis.Redis(host=env["SCALED_REDIS_HOST"], port=int(env["SCALED_REDIS_PORT"]),
                         password=env["SCALED_REDIS_PASSWORD"] or None, socket_timeout=2, socket_connect_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def postgres_answers(env: Dict[str, str], database: str = "postgres") -> bool:
    import psycopg2

    try:
        psycopg2.connect(db_url(env, database), connect_timeout=2).close()
        return True
    except psycopg2.Error:
        return False


def base_parts(layout: Layout, env: Dict[str, str]) -> List[Part]:
    """Redis and PostgreSQL, when they run on this machine."""
    parts = []
    if redis_is_local(env):
        command = ["redis-server", "--port", str(layout.redis), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--dir", str(layout.state / "redis"), "--daemonize", "no"]
        if env["SCALED_REDIS_PASSWORD"]:
            command += ["--requirepass", env["SCALED_REDIS_PASSWORD"]]
        parts.append(Part("redis", command, lambda: redis_answers(env), layout.redis))
    if postgres_is_local(env):
        data = (layout.state / "postgres").resolve()  # see init_postgres: it may be a link
        command = [str(PG_BIN / "postgres"), "-D", str(data), "-p", str(layout.postgres),
                   "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="]
        # SIGINT is PostgreSQL's fast shutdown: it does not wait for the instances' pooled connections.
        parts.append(Part("postgres", command, lambda: postgres_answers(env), layout.postgres,
                          stop_signal=signal.SIGINT, as_postgres=True))
    return parts


def app_parts(layout: Layout, env: Dict[str, str], model: str) -> List[Part]:
    """Rasa instances, action servers, nginx in front of both, and the web app."""
    python = sys.executable
    endpoints = env.get("SCALED_ENDPOINTS", "endpoints-scaled.yml")
    status = "/status?token=" + env["RASA_TOKEN"]
    parts = [
        Part(f"rasa-{i}", [
            python, RUN_RASA, "run", "--model", model, "--port", str(port), "--interface", "127.0.0.1",
            "--endpoints", endpoints, "--credentials", "credentials.yml",
            "--enable-api", "--auth-token", env["RASA_TOKEN"],
        ], lambda port=port: is_healthy(f"http://127.0.0.1:{port}{status}"), port)
        for i, port in enumerate(layout.rasa_ports, start=1)
    ]
    parts += [
        Part(f"actions-{i}", [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
             lambda port=port: is_healthy(f"http://127.0.0.1:{port}/health"), port)
        for i, port in enumerate(layout.action_ports, start=1)
    ]
    conf = layout.state / "nginx" / "nginx.conf"
    parts.append(Part(
        "nginx", ["nginx", "-c", str(conf), "-p", str(conf.parent), "-e", str(layout.logs / "nginx-error.log"),
                  "-g", "daemon off;"],
        lambda: is_healthy(f"http://127.0.0.1:{layout.rasa_proxy}{status}")
        and is_healthy(f"http://127.0.0.1:{layout.action_proxy}/health"),
        layout.rasa_proxy,
    ))
    parts.append(Part("web", [python, "-m", "web"], lambda: is_healthy(f"http://127.0.0.1:{layout.web}/healthz"),
                      layout.web))
    return parts


def nginx_conf(layout: Layout, env: Dict[str, str]) -> str:
    """Round robin, no sticky sessions; websocket upgrade passed on for socket.io."""
    nginx_dir = layout.state / "nginx"
    listen = env.get("RASA_INTERFACE", "127.0.0.1")
    rasa = "".join(f"        server 127.0.0.1:{port};\n" for port in layout.rasa_ports)
    actions = "".join(f"        server 127.0.0.1:{port};\n" for port in layout.action_ports)
    temp = "".join(f"    {kind}_temp_path {nginx_dir / 'tmp' / kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""# Written by scripts/scaled.py at every start; edits are lost.
worker_processes 1;
pid {nginx_dir / 'nginx.pid'};
error_log {layout.logs / 'nginx-error.log'} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;  # it would log every client's address
{temp}    map $http_upgrade $connection_upgrade {{ default upgrade; '' ''; }}
    upstream rasa {{
{rasa}        keepalive 16;
    }}
    upstream actions {{
{actions}        keepalive 16;
    }}
    server {{
        listen {listen}:{layout.rasa_proxy};
        client_max_body_size 1m;
        client_body_buffer_size 1m;
        location / {{
            proxy_pass http://rasa;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 120s;
        }}
    }}
    server {{
        listen 127.0.0.1:{layout.action_proxy};
        client_max_body_size 20m;    # Rasa sends the whole tracker to the action server
        client_body_buffer_size 1m;  # keep it in memory: no conversation text in temp files
        location / {{
            proxy_pass http://actions;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def launch(part: Part, layout: Layout, env: Dict[str, str]) -> bool:
    """Start one part unless it runs already; False when it did."""
    if pid_of(part.name, layout.run_dir) or part.ready():
        say(f"{part.name} draait al")
        return False
    if port_in_use(part.port):
        fail(layout, [part], f"kan niet starten: poort {part.port} is al in gebruik (draait `make start`? "
                             f"Stop dat, of kies een andere SCALED_PORT_BASE)")
    options = {}
    if part.as_postgres and os.geteuid() == 0:
        options = {"user": "postgres", "group": "postgres", "extra_groups": []}
    spawn(part.name, part.command, env, layout.logs, layout.run_dir, **options)
    say(f"{part.name} gestart op poort {part.port} (log: {layout.logs.relative_to(ROOT)}/{part.name}.log)")
    return True


def postgres_may_enter(folder: Path) -> bool:
    entered = subprocess.run(["test", "-x", str(folder)], user="postgres", group="postgres", extra_groups=[])
    return entered.returncode == 0


def init_postgres(layout: Layout, env: Dict[str, str]) -> None:
    """Create the private cluster once (initdb), owned by `postgres` when we are root.

    When the `postgres` user cannot reach .build/ (a checkout under a private folder), the cluster
    lives in its home folder instead, with .build/scaled-BASE/postgres as a link to it.
    """
    data = layout.state / "postgres"
    if ((data.resolve()) / "PG_VERSION").exists():
        return
    if os.geteuid() == 0 and not data.is_symlink() and not postgres_may_enter(layout.state):
        checkout = hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]
        elsewhere = Path(pwd.getpwnam("postgres").pw_dir) / "studiekeuze" / f"{checkout}-{layout.base}"
        elsewhere.mkdir(parents=True, exist_ok=True)
        data.symlink_to(elsewhere, target_is_directory=True)
        say(f"de gebruiker postgres kan niet in {layout.state}: de cluster komt in {elsewhere}")
    data = data.resolve()
    say(f"PostgreSQL-cluster maken in {data}")
    data.mkdir(parents=True, exist_ok=True)
    password_file = data.parent / f".initdb-password-{layout.base}"
    password_file.touch(mode=0o600)
    password_file.write_text(env["SCALED_DB_PASSWORD"] + "\n")
    options = {}
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        for path in (data, password_file):
            os.chown(path, account.pw_uid, account.pw_gid)
        options = {"user": "postgres", "group": "postgres", "extra_groups": []}
    data.chmod(0o700)
    try:
        result = subprocess.run(
            [str(PG_BIN / "initdb"), "-D", str(data), "-U", env["SCALED_DB_USER"], f"--pwfile={password_file}",
             "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"],
            text=True, capture_output=True, cwd="/", **options,
        )
    finally:
        password_file.unlink()
    if result.returncode != 0:
        shutil.rmtree(data, ignore_errors=True)
        sys.exit(f"[scaled] initdb mislukt:\n{result.stderr}")


def create_databases(env: Dict[str, str]) -> None:
    import psycopg2

    connection = psycopg2.connect(db_url(env, "postgres"), connect_timeout=5)
    connection.autocommit = True
    with connection.cursor() as cursor:
        for name in DATABASES:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')  # name from DATABASES, not from input
                say(f"database {name} gemaakt")
    connection.close()


def wait_until_ready(parts: List[Part], layout: Layout, timeout: float) -> List[Part]:
    """Wait for every part to answer; return those that did not (a part that ended waits no longer)."""
    deadline = time.monotonic() + timeout
    waiting = list(parts)
    while waiting and time.monotonic() < deadline:
        for part in list(waiting):
            if part.ready():
                say(f"{part.name} is klaar")
                waiting.remove(part)
            elif pid_of(part.name, layout.run_dir) is None and not part.ready():
                return waiting
        time.sleep(1)
    return waiting


def fail(layout: Layout, parts: List[Part], reason: str) -> None:
    stop(layout)
    names = ", ".join(part.name for part in parts)
    sys.exit(f"[scaled] {names + ' ' if names else ''}{reason}: zie {layout.logs.relative_to(ROOT)}/")


def start(model: str) -> None:
    env = load_env(SECRETS + ("SCALED_DB_PASSWORD",))
    layout = Layout.from_env(env)
    env = scaled_env(layout)
    for tool in ("nginx", "redis-server"):
        if shutil.which(tool) is None and (tool == "nginx" or redis_is_local(env)):
            sys.exit(f"[scaled] {tool} ontbreekt: draai `make setup` als root (requirements/apt-packages.txt)")
    for folder in (layout.run_dir, layout.logs, layout.state / "redis", layout.state / "nginx" / "tmp"):
        folder.mkdir(parents=True, exist_ok=True)
    (layout.state / "nginx" / "nginx.conf").write_text(nginx_conf(layout, env))
    say(f"opschalen: {layout.rasa_instances} Rasa-instanties en {layout.action_servers} actieservers achter nginx, "
        f"Redis en PostgreSQL (poorten vanaf {layout.base})")

    if postgres_is_local(env):
        init_postgres(layout, env)  # first: it may turn the data folder into a link, which base_parts resolves
    base = base_parts(layout, env)
    for part in base:
        launch(part, layout, env)
    not_ready = wait_until_ready(base, layout, timeout=60)
    if not_ready:
        fail(layout, not_ready, "start niet")
    if not redis_answers(env) or not postgres_answers(env):
        fail(layout, [], "Redis of PostgreSQL is niet bereikbaar")
    create_databases(env)

    apps = app_parts(layout, env, model)
    rasa = [part for part in apps if part.name.startswith("rasa-")]
    if not Path(model).exists() and not all(pid_of(part.name, layout.run_dir) for part in rasa):
        fail(layout, [], f"kan niet starten: model {model} ontbreekt (make model)")
    for part in rasa:  # first: loading the model takes longest, the rest happens meanwhile
        launch(part, layout, env)
    say("kennisbank bouwen in PostgreSQL")
    with open(layout.logs / "knowledge-build.log", "ab") as log:
        built = subprocess.run([sys.executable, "-m", "knowledge", "build"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    if built.returncode != 0:
        fail(layout, [], "kennisbank bouwen mislukt")
    for part in apps:
        if part not in rasa:
            launch(part, layout, env)
    say("wachten tot alles antwoordt (de Rasa-instanties laden tegelijk, reken op een tot twee minuten)...")
    not_ready = wait_until_ready(apps, layout, timeout=STARTUP_TIMEOUT_SCALED_S)
    if not_ready:
        fail(layout, not_ready, "antwoordt niet")
    say(f"De opgeschaalde assistent draait: open http://localhost:{layout.web} "
        f"(Rasa via nginx: http://localhost:{layout.rasa_proxy}/webhooks/rest/webhook)")


def all_parts(layout: Layout, env: Dict[str, str]) -> List[Part]:
    return base_parts(layout, env) + app_parts(layout, env, model="-")


def stop(layout: Layout | None = None) -> None:
    """Stop the application parts side by side, then Redis and PostgreSQL."""
    if layout is None:
        layout = Layout.from_env(load_env())
    env = scaled_env(layout)
    base = base_parts(layout, env)
    for group in (app_parts(layout, env, model="-"), base):
        with ThreadPoolExecutor(max_workers=len(group) or 1) as pool:
            stopped = pool.map(lambda part: terminate(part.name, layout.run_dir, part.stop_signal), group)
            for part, was_running in zip(group, stopped):
                if was_running:
                    say(f"{part.name} gestopt")


def status() -> None:
    layout = Layout.from_env(load_env())
    env = scaled_env(layout)
    for part in all_parts(layout, env):
        state = "antwoordt" if part.ready() else "antwoordt niet"
        print(f"{part.name:10} poort {part.port:<6} {state}")
    if not redis_is_local(env):
        print(f"{'redis':10} {env['SCALED_REDIS_HOST']}:{env['SCALED_REDIS_PORT']} "
              f"{'antwoordt' if redis_answers(env) else 'antwoordt niet'}")
    if not postgres_is_local(env):
        print(f"{'postgres':10} {env['SCALED_DB_HOST']}:{env['SCALED_DB_PORT']} "
              f"{'antwoordt' if postgres_answers(env) else 'antwoordt niet'}")


def run(model: str) -> None:
    layout = Layout.from_env(load_env())
    names = [part.name for part in all_parts(layout, scaled_env(layout))]
    try:
        start(model)
        say("Stoppen: Ctrl-C (of `make stop-scaled` in een andere terminal).")
        while all(pid_of(name, layout.run_dir) for name in names):
            time.sleep(1)
        say(f"een onderdeel is gestopt: zie {layout.logs.relative_to(ROOT)}/")
    except KeyboardInterrupt:
        print()
    finally:
        stop(layout)


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    if command in ("run", "start"):
        if len(sys.argv) < 3:
            sys.exit("gebruik: scaled.py run|start MODEL.tar.gz")
        {"run": run, "start": start}[command](sys.argv[2])
    elif command == "stop":
        stop()
    elif command == "status":
        status()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
