"""Open-loop load over Rasa's REST channel: simulated conversations at a fixed message rate.

Messages are sent on a fixed schedule (rate msg/s), whether or not earlier ones were answered,
so queueing shows up as latency instead of slowing the client down. Each message goes to a
conversation whose previous message was answered (one pupil never has two messages in flight),
or to a new conversation with a unique sender id. Latency is measured from the scheduled send
time, so a late client counts against the server rather than hiding it.

The conversations are taken from the conversation tests (tests/conversation/): pupil, parent and
LOB questions, the reflection form with a profile's answers, alternatives and the LM6 question.
Used by scripts/bench.py, scripts/soak.py and scripts/profile_rasa.py.
"""
import asyncio
import random
import statistics
import sys
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conversation.test_answers import PARENT_QUESTIONS, PUPIL_QUESTIONS, STAFF_QUESTIONS  # noqa: E402
from tests.conversation.test_reflection import PROFILES  # noqa: E402

REST_PATH = "/webhooks/rest/webhook"
REQUEST_TIMEOUT_S = 30
DRAIN_TIMEOUT_S = 60
# A step "holds" the offered load when nothing fails, (almost) everything is answered within the
# step, and latency does not keep growing (queueing blow-up).
MIN_COMPLETED = 0.95  # answered msg/s over offered msg/s
MAX_P95_MS = 1000
MAX_GROWTH = 2.0  # median of the last third vs the first third of the step ...
MIN_GROWTH_MS = 100  # ... and at least this much slower: a few slow answers at low load are noise


def rest_url(base: str) -> str:
    """'http://localhost:5005' -> 'http://localhost:5005/webhooks/rest/webhook' (a full URL is kept)."""
    base = base.rstrip("/")
    return base if base.endswith(REST_PATH) else base + REST_PATH


def conversation_mix(rng: random.Random) -> tuple[str, list[str]]:
    """One simulated conversation: (kind, messages). Weights roughly follow expected traffic."""
    kind = rng.choices(["leerling", "ouder", "decaan", "reflectie", "alternatieven", "kans_op_werk"],
                       weights=[4, 2, 1, 2, 1, 1])[0]
    if kind == "leerling":
        questions = [q for q, _ in rng.sample(PUPIL_QUESTIONS, 2)]
        return kind, ["hoi", *questions, "dankjewel"]
    if kind == "ouder":
        return kind, ["ik ben ouder", *(q for q, _ in rng.sample(PARENT_QUESTIONS, 2))]
    if kind == "decaan":
        return kind, ["ik ben decaan", rng.choice(STAFF_QUESTIONS)[0], "welke bronnen gebruik je"]
    if kind == "reflectie":
        answers = PROFILES[rng.choice(sorted(PROFILES))]
        return kind, ["ik weet niet wat ik wil", "ja", *answers, "mijn overzicht"]
    if kind == "alternatieven":
        name = rng.choice(["kapper", "timmerman", "verpleegkunde", "autotechniek"])
        return kind, [f"wat is de opleiding {name}", f"welke opleidingen lijken op {name}", "en wat kost dat?"]
    return kind, ["heb ik kans op werk met economie", "grote kans", "wat is het verschil tussen bol en bbl"]


class Conversation:
    def __init__(self, run_id: str, number: int, rng: random.Random):
        self.sender = f"bench-{run_id}-{number}"
        self.kind, self.messages = conversation_mix(rng)
        self.position = 0

    def next_message(self) -> str:
        self.position += 1
        return self.messages[self.position - 1]

    @property
    def finished(self) -> bool:
        return self.position >= len(self.messages)


@dataclass
class Sample:
    sent_at: float  # scheduled time, seconds after the step started
    latency_ms: float
    message: str
    ok: bool
    error: str = ""


@dataclass
class StepResult:
    offered_msg_s: float
    seconds: float
    samples: list = field(default_factory=list)

    @property
    def latencies(self) -> list:
        return [s.latency_ms for s in self.samples if s.ok]

    @property
    def errors(self) -> int:
        return sum(1 for s in self.samples if not s.ok)

    def percentile(self, q: int) -> float | None:
        values = sorted(self.latencies)
        if len(values) < 2:
            return round(values[0], 1) if values else None
        return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)

    @property
    def throughput_msg_s(self) -> float:
        """Answered messages per second, over the step plus the time the server needed to catch up
        after the last message was offered (beyond one ordinary answer time)."""
        latencies = self.latencies
        if not latencies:
            return 0.0
        last_answer = max(s.sent_at + s.latency_ms / 1000 for s in self.samples if s.ok)
        catch_up = max(0.0, last_answer - self.seconds - statistics.median(latencies) / 1000)
        return round(len(latencies) / (self.seconds + catch_up), 2)

    @property
    def growth(self) -> float:
        """Median latency of the last third of the step over that of the first third."""
        ok = [s for s in self.samples if s.ok]
        first = [s.latency_ms for s in ok if s.sent_at < self.seconds / 3]
        last = [s.latency_ms for s in ok if s.sent_at >= self.seconds * 2 / 3]
        if not first or not last:
            return 1.0
        return round(statistics.median(last) / max(statistics.median(first), 1.0), 2)

    @property
    def blowing_up(self) -> bool:
        """Latency keeps growing during the step: the server queues more than it answers."""
        ok = [s for s in self.samples if s.ok]
        first = [s.latency_ms for s in ok if s.sent_at < self.seconds / 3]
        last = [s.latency_ms for s in ok if s.sent_at >= self.seconds * 2 / 3]
        if not first or not last:
            return False
        before, after = statistics.median(first), statistics.median(last)
        return after > max(MAX_GROWTH * before, before + MIN_GROWTH_MS)

    @property
    def holds(self) -> bool:
        p95 = self.percentile(95)
        return (len(self.samples) > 0 and self.errors == 0
                and self.throughput_msg_s >= MIN_COMPLETED * self.offered_msg_s
                and p95 is not None and p95 <= MAX_P95_MS and not self.blowing_up)

    def error_kinds(self) -> dict:
        kinds: dict = {}
        for sample in self.samples:
            if not sample.ok:
                kinds[sample.error] = kinds.get(sample.error, 0) + 1
        return kinds

    def slowest_messages(self, count: int = 5) -> list:
        """The messages with the highest median latency (for finding what is slow)."""
        by_message: dict = {}
        for sample in self.samples:
            if sample.ok:
                by_message.setdefault(sample.message, []).append(sample.latency_ms)
        ranked = sorted(by_message.items(), key=lambda item: -statistics.median(item[1]))
        return [{"message": m, "median_ms": round(statistics.median(v), 1), "n": len(v)} for m, v in ranked[:count]]

    def summary(self) -> dict:
        return {"offered_msg_s": self.offered_msg_s, "throughput_msg_s": self.throughput_msg_s,
                "sent": len(self.samples), "errors": self.errors, "error_kinds": self.error_kinds(),
                "p50_ms": self.percentile(50), "p95_ms": self.percentile(95), "p99_ms": self.percentile(99),
                "growth": self.growth, "holds": self.holds}


class LoadGenerator:
    """Drives one Rasa REST URL; keeps unfinished conversations across steps."""

    def __init__(self, url: str, seed: int = 7):
        self.url = rest_url(url)
        self.rng = random.Random(seed)
        self.run_id = uuid.uuid4().hex[:8]
        self.started = 0
        self.ready: deque = deque()

    def _conversation(self) -> Conversation:
        if self.ready:
            return self.ready.popleft()
        self.started += 1
        return Conversation(self.run_id, self.started, self.rng)

    async def _send(self, session: aiohttp.ClientSession, conversation: Conversation, due: float,
                    step_start: float, result: StepResult) -> None:
        message = conversation.next_message()
        loop = asyncio.get_running_loop()
        error = ""
        try:
            async with session.post(self.url, json={"sender": conversation.sender, "message": message}) as response:
                body = await response.json(content_type=None) if response.status == 200 else None
                if response.status != 200:
                    error = f"HTTP {response.status}"
                elif not body:
                    error = "leeg antwoord"  # Rasa answers nothing when an action failed or timed out
        except asyncio.TimeoutError:
            error = "timeout"
        except aiohttp.ClientError as exc:
            error = exc.__class__.__name__
        latency_ms = (loop.time() - due) * 1000
        result.samples.append(Sample(due - step_start, latency_ms, message, not error, error))
        if not conversation.finished:
            self.ready.append(conversation)

    async def run(self, rate: float, seconds: float) -> StepResult:
        """Offer `rate` msg/s for `seconds`, then wait until every message is answered or timed out."""
        result = StepResult(offered_msg_s=round(rate, 2), seconds=seconds)
        timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
        connector = aiohttp.TCPConnector(limit=0)  # no client-side queue
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            loop = asyncio.get_running_loop()
            start = loop.time() + 0.05
            tasks = set()
            for i in range(max(1, int(rate * seconds))):
                due = start + i / rate
                if due > loop.time():
                    await asyncio.sleep(due - loop.time())
                task = asyncio.create_task(self._send(session, self._conversation(), due, start, result))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            if tasks:
                await asyncio.wait(set(tasks), timeout=DRAIN_TIMEOUT_S)
        return result


def run_step(generator: LoadGenerator, rate: float, seconds: float) -> StepResult:
    return asyncio.run(generator.run(rate, seconds))


def wait_until_idle(generator: LoadGenerator, max_seconds: float = 90, quick_ms: float = 1000) -> None:
    """After an overload the server may still work off requests the client gave up on: wait until a
    single message is answered quickly again, so the next step starts from an idle server."""
    deadline = time.monotonic() + max_seconds
    while time.monotonic() < deadline:
        probe = run_step(generator, 1, 1)
        if probe.errors == 0 and probe.latencies and max(probe.latencies) < quick_ms:
            return
        time.sleep(2)


class Search:
    """The search for one setup's sustained rate: raise the offered load by `factor` until a step
    does not hold, then bisect `refinements` times between the last rate that held and the first
    that did not."""

    def __init__(self, start_rate: float = 2.0, factor: float = 1.5, refinements: int = 2, max_rate: float = 400):
        self.good, self.bad = 0.0, None
        self.rate, self.factor, self.left, self.max_rate = start_rate, factor, refinements, max_rate

    def next_rate(self) -> float | None:
        """The rate to try next; None when the search is over."""
        if self.bad is None:
            return self.rate if self.rate <= self.max_rate else None
        if self.left == 0:
            return None
        return (self.good * self.bad) ** 0.5 if self.good else self.bad / 2

    def record(self, rate: float, holds: bool) -> None:
        if self.bad is not None:
            self.left -= 1
        if holds:
            self.good = rate
            self.rate = rate * self.factor
        else:
            self.bad = rate


def find_sustained(generators: dict, seconds: float, refinements: int = 2, report=print) -> dict:
    """Search the sustained rate of several setups at once, taking turns step by step, so that
    each is measured under the same conditions on a shared machine.

    generators: {name: LoadGenerator}. Returns {name: (highest rate that held, [StepResult, ...])}.
    """
    searches = {name: Search(refinements=refinements) for name in generators}
    steps: dict = {name: [] for name in generators}
    while True:
        turn = [(name, search.next_rate()) for name, search in searches.items() if search.next_rate() is not None]
        if not turn:
            break
        for name, rate in turn:
            result = run_step(generators[name], rate, seconds)
            steps[name].append(result)
            s = result.summary()
            report(f"  {name:<10}{s['offered_msg_s']:>7.1f} ber/s aangeboden -> {s['throughput_msg_s']:>6.1f} "
                   f"beantwoord  p50 {s['p50_ms']} ms  p95 {s['p95_ms']} ms  p99 {s['p99_ms']} ms  "
                   f"fouten {s['errors']}  groei x{s['growth']}  {'houdt' if s['holds'] else 'houdt NIET'}")
            searches[name].record(rate, result.holds)
            time.sleep(2)  # let the server catch its breath between steps
            if not result.holds:
                wait_until_idle(generators[name])
    return {name: (round(search.good, 1), steps[name]) for name, search in searches.items()}
