"""The scaled setup with real processes: started once per test session on its own ports
(SCALED_TEST_PORT_BASE, default 25000), next to the single stack, and stopped afterwards."""
import os
import subprocess
import sys
import uuid
from typing import Iterator

import pytest

from tests.scaled.harness import ROOT, SCALED, ScaledSetup, scaled_script


@pytest.fixture(scope="session")
def scaled() -> Iterator[ScaledSetup]:
    """Start the scaled setup (training first if the model is stale) and stop it after the session;
    reuse it when it already runs on the test ports."""
    env = {**os.environ, "SCALED_PORT_BASE": os.environ.get("SCALED_TEST_PORT_BASE", "25000")}
    layout = scaled_script.Layout.from_env(env)
    if all(part.ready() for part in scaled_script.all_parts(layout, scaled_script.scaled_env(layout))):
        yield ScaledSetup(layout, env, model(train=False))
        return
    setup = ScaledSetup(layout, env, model(train=True))
    subprocess.run(SCALED + ["start", setup.model], cwd=ROOT, env=env, check=True)
    try:
        yield setup
    finally:
        subprocess.run(SCALED + ["stop"], cwd=ROOT, env=env, check=False)


def model(train: bool) -> str:
    """The model's path; trained first when stale and `train` is set."""
    flags = [] if train else ["--path-only"]
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "model.py"), *flags], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()


@pytest.fixture
def sender() -> str:
    return f"scaled-{uuid.uuid4().hex[:12]}"
