"""scripts/stack.py spawn(): a process's output reaches its log through the log writer, masked."""
import os
import subprocess
import sys
import time
from pathlib import Path

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
