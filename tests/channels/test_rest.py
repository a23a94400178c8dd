"""Rasa listens only on channels that clean messages first (credentials.yml)."""
from pathlib import Path
from types import SimpleNamespace

import yaml

from channels.rest import SafeRestInput

ROOT = Path(__file__).resolve().parents[2]


def test_only_cleaning_channels_are_configured():
    channels = yaml.safe_load((ROOT / "credentials.yml").read_text())
    assert list(channels) == ["channels.rest.SafeRestInput"], "socket.io and Rasa's own channels do not clean"


def test_rest_channel_cleans_the_message():
    request = SimpleNamespace(json={"sender": "w-1234abcd", "message": "/restart ik heet Sanne, 06-12345678"})
    assert SafeRestInput()._extract_message(request) == "restart ik heet [naam], [telefoonnummer]"
    assert SafeRestInput.name() == "rest"
