"""Driving the scaled setup in tests: its instances, nginx, the web app, and stopping or restarting parts."""
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import scaled as scaled_script  # noqa: E402
from stack import load_env, terminate  # noqa: E402

SCALED = [sys.executable, str(ROOT / "scripts" / "scaled.py")]


class ScaledSetup:
    """The running scaled setup: its instances, nginx, the web app, and stopping or restarting parts."""

    def __init__(self, layout: scaled_script.Layout, env: Dict[str, str], model: str) -> None:
        self.layout = layout
        self.env = env
        self.model = model
        self.token = load_env()["RASA_TOKEN"]

    @property
    def instance_urls(self) -> List[str]:
        return [f"http://127.0.0.1:{port}" for port in self.layout.rasa_ports]

    @property
    def nginx_url(self) -> str:
        return f"http://127.0.0.1:{self.layout.rasa_proxy}"

    def rest(self, base_url: str, sender: str, message: str) -> List[Dict[str, Any]]:
        """Rasa's REST channel at one instance (or nginx); the bot's messages."""
        response = requests.post(f"{base_url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                                 timeout=120)
        assert response.status_code == 200, response.text
        return response.json()

    def web(self, sender: str, message: str) -> requests.Response:
        return requests.post(f"http://127.0.0.1:{self.layout.web}/api/chat",
                             json={"sender": sender, "message": message}, timeout=60)

    def web_text(self, sender: str, message: str) -> str:
        return " ".join(m.get("text", "") for m in self.web(sender, message).json()["messages"]).lower()

    def tracker(self, sender: str, base_url: str | None = None) -> Dict[str, Any]:
        response = requests.get(f"{base_url or self.nginx_url}/conversations/{sender}/tracker",
                                params={"token": self.token}, timeout=30)
        response.raise_for_status()
        return response.json()

    def stop_part(self, name: str) -> None:
        part = next(p for p in scaled_script.all_parts(self.layout, scaled_script.scaled_env(self.layout))
                    if p.name == name)
        assert terminate(name, self.layout.run_dir, part.stop_signal), f"{name} was not running"

    def start_missing(self) -> None:
        subprocess.run(SCALED + ["start", self.model], cwd=ROOT, env=self.env, check=True)


def texts(messages: List[Dict[str, Any]]) -> str:
    return " ".join(m.get("text", "") for m in messages).lower()
