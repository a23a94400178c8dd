"""scripts/bench_servers.py cpu_s(): the bench's CPU time per message counts a process and its children."""
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_servers  # noqa: E402

BUSY_CHILD = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'while True: pass'])"


def test_cpu_time_includes_busy_children() -> None:
    parent = subprocess.Popen([sys.executable, "-c", BUSY_CHILD])
    try:
        time.sleep(0.5)
        before = bench_servers.cpu_s(parent.pid)
        time.sleep(1.0)
        used = bench_servers.cpu_s(parent.pid) - before
    finally:
        for child in bench_servers._children(parent.pid):
            subprocess.run(["kill", str(child)], check=False)
        parent.kill()
        parent.wait()
    assert used > 0.2, "the busy grandchild's CPU time was not counted"


def test_cpu_time_of_a_missing_process_is_unknown() -> None:
    assert bench_servers.cpu_s(None) is None
