"""Settings of the web app, read once from the environment."""
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    rasa_url: str = "http://localhost:5005"
    host: str = "127.0.0.1"
    port: int = 8000
    max_message_chars: int = 2000

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            rasa_url=os.environ.get("RASA_URL", cls.rasa_url),
            host=os.environ.get("WEB_HOST", cls.host),
        )
