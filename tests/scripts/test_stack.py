"""scripts/stack.py: spawn() logs masked output; the environment it gives the services."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPAWN = """
import sys
sys.path.insert(0, "scripts")
import stack
stack.spawn("proef", [sys.executable, "-c", "print('ik heet Sanne Bakker', flush=True); import time; time.sleep(5)"],
            dict(stack.os.environ), log_dir=stack.Path(sys.argv[1]), run_dir=stack.Path(sys.argv[1]))
"""


def test_spawn_masks_the_log_and_does_not_hold_our_output(tmp_path):
    started = time.monotonic()
    # capture_output: the launcher returns only when nothing it started keeps its stdout open
    subprocess.run([sys.executable, "-c", SPAWN, str(tmp_path)], cwd=ROOT, capture_output=True, check=True, timeout=20)
    assert time.monotonic() - started < 4, "the spawned process (5 s) kept the launcher's output open"
    pid = int((tmp_path / "proef.pid").read_text())
    try:
        log = tmp_path / "proef.log"
        for _ in range(50):
            if log.exists() and log.read_text():
                break
            time.sleep(0.1)
        assert log.read_text() == "ik heet [naam]\n"
    finally:
        os.killpg(pid, 15)


def test_services_send_no_telemetry_to_rasa(monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    import stack

    monkeypatch.delenv("RASA_TELEMETRY_ENABLED", raising=False)
    env = stack.load_env()
    asked = subprocess.run(
        [sys.executable, "-c", "import rasa.telemetry as t; print(t.is_telemetry_enabled())"],
        env=env, capture_output=True, text=True, check=True, timeout=120,
    )
    assert asked.stdout.strip() == "False"


FAILING_ACTIONS = """
from rasa_sdk import Action


class ActionFaalt(Action):
    def name(self):
        return "action_faalt"

    async def run(self, dispatcher, tracker, domain):
        raise RuntimeError("stuk")
"""


def listening_address(port: int) -> str:
    """The local IPv4 address on which something listens on `port` ('' when nothing does)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, local_port = local.split(":")
        if int(local_port, 16) == port and state == "0A":  # 0A: LISTEN
            return socket.inet_ntoa(bytes.fromhex(address)[::-1])
    return ""


def test_action_server_listens_on_this_host_only_and_does_not_echo_the_conversation(tmp_path, monkeypatch):
    """Started as stack.py starts it: 127.0.0.1, and an error in an action is answered without the request."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import stack

    monkeypatch.delenv("SANIC_HOST", raising=False)
    (tmp_path / "faalacties.py").write_text(FAILING_ACTIONS)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    env = {**stack.load_env(), "PYTHONPATH": str(tmp_path)}
    server = subprocess.Popen([sys.executable, "-m", "rasa_sdk", "--actions", "faalacties", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            if stack.is_healthy(f"http://127.0.0.1:{port}/health"):
                break
            time.sleep(0.1)
        assert listening_address(port) == "127.0.0.1"
        tracker = {"sender_id": "w-leerling-01", "slots": {}, "latest_message": {"text": "ik heet Sanne"},
                   "events": [{"event": "user", "text": "ik heet Sanne"}], "paused": False,
                   "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen"}
        call = {"next_action": "action_faalt", "sender_id": "w-leerling-01", "tracker": tracker, "domain": {},
                "version": "3.6.2"}
        request = urllib.request.Request(f"http://127.0.0.1:{port}/webhook", data=json.dumps(call).encode(),
                                         headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(request, timeout=10)
        assert error.value.code == 500
        body = error.value.read().decode()
        assert "Sanne" not in body and "request_body" not in body and "RuntimeError" in body
    finally:
        server.terminate()
        server.wait(timeout=10)
