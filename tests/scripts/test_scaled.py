"""scripts/scaled.py without starting anything: ports, the nginx configuration, endpoints-scaled.yml."""
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import read_endpoint_config

from scaling.lock_store import AtomicRedisLockStore

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import scaled  # noqa: E402


@dataclass(frozen=True)
class TmpLayout(scaled.Layout):
    root: Path = Path("/nonexistent")

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def logs(self) -> Path:
        return self.root / "logs"


def test_default_ports_are_the_usual_ones():
    layout = scaled.Layout()
    assert (layout.rasa_proxy, layout.action_proxy, layout.web) == (5005, 5055, 8000)
    assert layout.rasa_ports == [5006, 5007] and layout.action_ports == [5056, 5057]
    assert (layout.redis, layout.postgres) == (6380, 5433), "not the ports a system service may hold"


def test_a_base_port_moves_every_port():
    layout = scaled.Layout.from_env({"SCALED_PORT_BASE": "25000", "SCALED_RASA_INSTANCES": "3"})
    ports = [layout.rasa_proxy, *layout.rasa_ports, layout.action_proxy, *layout.action_ports,
             layout.web, layout.redis, layout.postgres]
    assert ports == [25005, 25006, 25007, 25008, 25055, 25056, 25057, 28000, 26380, 25433]
    assert layout.state.name == "scaled-25000" and layout.logs.name == "scaled-25000"


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (requirements/apt-packages.txt)")
def test_nginx_accepts_the_configuration(tmp_path):
    layout = TmpLayout(base=25000, root=tmp_path)
    for folder in (layout.state / "nginx" / "tmp", layout.logs):
        folder.mkdir(parents=True)
    conf = layout.state / "nginx" / "nginx.conf"
    conf.write_text(scaled.nginx_conf(layout, {}))
    checked = subprocess.run(["nginx", "-t", "-c", str(conf), "-p", str(conf.parent), "-e",
                              str(layout.logs / "nginx-error.log")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    text = conf.read_text()
    assert "server 127.0.0.1:25006;" in text and "server 127.0.0.1:25057;" in text
    assert "ip_hash" not in text and "sticky" not in text, "round robin, no sticky sessions"
    assert "access_log off" in text


def test_endpoints_use_postgres_redis_and_nginx(monkeypatch):
    layout = scaled.Layout(base=25000)
    for key, value in scaled.scaled_env(layout).items():
        if key.startswith("SCALED_"):
            monkeypatch.setenv(key, value)
    tracker = read_endpoint_config(str(ROOT / "endpoints-scaled.yml"), "tracker_store")
    assert (tracker.type, tracker.kwargs["dialect"], int(tracker.kwargs["port"])) == ("SQL", "postgresql", 25433)
    lock_store = LockStore.create(read_endpoint_config(str(ROOT / "endpoints-scaled.yml"), "lock_store"))
    assert isinstance(lock_store, AtomicRedisLockStore), "Rasa loads our Redis lock store"
    assert lock_store.red.connection_pool.connection_kwargs["port"] == 26380
    action = read_endpoint_config(str(ROOT / "endpoints-scaled.yml"), "action_endpoint")
    assert action.url == "http://127.0.0.1:25055/webhook"


def test_action_servers_listen_on_this_host_only_behind_nginx(monkeypatch):
    """nginx on the same host reaches them on 127.0.0.1; nothing else can (tests/scripts/test_stack.py starts one)."""
    monkeypatch.delenv("SANIC_HOST", raising=False)
    layout = scaled.Layout(base=25000)
    env = scaled.scaled_env(layout)
    assert env["SANIC_HOST"] == "127.0.0.1"
    assert all(f"server 127.0.0.1:{port};" in scaled.nginx_conf(layout, env) for port in layout.action_ports)
