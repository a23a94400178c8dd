"""Profile Rasa (or the action server) under load with py-spy: `make profile`.

    python scripts/profile_rasa.py [--target rasa|actions] [--rate MSG_S] [--seconds S] [--url URL]

Drives the bench's conversation mix at a fixed rate (default 5 msg/s) against the running stack
while py-spy samples the process, then prints where the time goes: the functions with the most
samples on the stack (inclusive) and at the top of the stack (self), and writes the collapsed
stacks to results/profile/<target>.txt (load it into speedscope.app or flamegraph.pl for a picture).
Needs ptrace rights on the process (root, or the same user with ptrace_scope 0).
"""
import argparse
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

from bench_load import LoadGenerator, run_step
from bench_servers import RESULTS, service_pid

PY_SPY = Path(sys.executable).parent / "py-spy"
FRAME = re.compile(r"^(?P<function>.+?) \((?P<file>[^:()]+)(?::\d+)?\)$")


def short(frame: str) -> str:
    """'predict (rasa/core/policies/ted_policy.py:123)' with the site-packages path cut off."""
    match = FRAME.match(frame)
    if not match:
        return frame
    path = re.sub(r"^.*?/(site-packages|lib/python3\.\d+)/", "", match.group("file"))
    path = path.replace(str(RESULTS.parent) + "/", "")
    return f"{match.group('function')} ({path})"


def summarize(collapsed: Path, top: int = 40) -> str:
    inclusive: Counter = Counter()
    own: Counter = Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [short(f) for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        total += int(count)
        for frame in set(frames):
            inclusive[frame] += int(count)
        if frames:
            own[frames[-1]] += int(count)
    lines = [f"{total} monsters"]
    # Frames on (almost) every stack are the server's outer loop; leave them out of the inclusive list.
    inner = Counter({frame: count for frame, count in inclusive.items() if count < 0.9 * total})
    for title, counter in (("inclusief (functie staat op de stack)", inner), ("zelf (bovenaan de stack)", own)):
        lines.append(f"\n{title}:")
        for frame, count in counter.most_common(top):
            lines.append(f"  {100 * count / max(total, 1):5.1f} %  {frame}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=("rasa", "actions"), default="rasa")
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--url", default=os.environ.get("BENCH_URL", "http://localhost:5005"))
    parser.add_argument("--native", action="store_true", help="also sample C/C++ frames (TensorFlow)")
    args = parser.parse_args()
    port = urlparse(args.url).port if args.target == "rasa" else 5055
    pid = service_pid(args.target, port)
    if pid is None:
        sys.exit(f"[profiel] {args.target} draait niet (poort {port}): start de stack eerst (make start)")
    out = RESULTS / "profile" / f"{args.target}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    generator = LoadGenerator(args.url, seed=5)
    print(f"[profiel] opwarmen, dan {args.seconds:.0f} s py-spy op {args.target} (pid {pid}) bij {args.rate} ber/s",
          flush=True)
    run_step(generator, args.rate, 10)
    command = [str(PY_SPY), "record", "--pid", str(pid), "--duration", str(int(args.seconds)), "--rate", "100",
               "--nonblocking", "--format", "raw", "--output", str(out)] + (["--native"] if args.native else [])
    load = threading.Thread(target=run_step, args=(generator, args.rate, args.seconds + 2), daemon=True)
    load.start()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    load.join()
    print(summarize(out))
    print(f"[profiel] gestapelde stacks: {out.relative_to(RESULTS.parent)}")


if __name__ == "__main__":
    main()
