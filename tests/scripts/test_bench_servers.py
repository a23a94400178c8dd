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


def test_cpu_snapshot_counts_a_busy_action_server_and_the_machine() -> None:
    # Recognised by its command line, like `python -m rasa_sdk --actions actions`.
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass", "rasa_sdk"])
    try:
        before = bench_servers.cpu_snapshot()
        after = before
        deadline = time.monotonic() + 60  # a busy machine gives the loop less CPU per second: wait for it
        while after["actions"] - before["actions"] < 0.3 and time.monotonic() < deadline:
            time.sleep(0.2)
            after = bench_servers.cpu_snapshot()
    finally:
        busy.kill()
        busy.wait()
    actions = after["actions"] - before["actions"]
    assert actions >= 0.3, "the busy action server's CPU time was not counted"
    assert after["machine"] - before["machine"] >= 0.9 * actions, "the machine was busy for less than one of its processes"


def test_cpu_snapshot_counts_this_process_as_the_load_generator() -> None:
    before = bench_servers.cpu_snapshot()
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:
        pass
    assert bench_servers.cpu_snapshot()["load generator"] - before["load generator"] >= 0.2


def test_cpu_budget_per_message_with_the_rest_of_the_machine() -> None:
    before = bench_servers.Counter({"machine": 10.0, "rasa": 4.0, "actions": 1.0})
    after = bench_servers.Counter({"machine": 12.0, "rasa": 5.5, "actions": 1.1, "nginx": 0.1})
    budget = bench_servers.cpu_budget(before, after, messages=100)
    assert budget == {"machine": 20.0, "rasa": 15.0, "actions": 1.0, "nginx": 1.0, "rest": 3.0}
