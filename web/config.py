"""Settings of the web app, read once from the environment (scripts/stack.py loads .env)."""
import os
from dataclasses import dataclass
from typing import Tuple


@dataclass(frozen=True)
class Settings:
    rasa_url: str = "http://localhost:5005"
    host: str = "127.0.0.1"
    port: int = 8000
    max_message_chars: int = 2000
    rasa_token: str = ""  # Rasa's HTTP API token; used server-side only, never sent to a browser
    lob_token: str = ""  # staff log in to /lob with this token; empty means /lob is closed
    tracker_db_url: str = "sqlite:///.build/tracker.db"
    cors_origins: Tuple[str, ...] = ("http://localhost:8000",)
    messages_per_minute: int = 30  # per client, on the public chat endpoint
    login_attempts_per_minute: int = 5  # per client: tries of LOB_TOKEN on /lob/login and /privacy/...
    min_group_size: int = 5  # insights never show a group smaller than this

    @classmethod
    def from_env(cls) -> "Settings":
        env = os.environ
        return cls(
            rasa_url=env.get("RASA_URL", cls.rasa_url),
            host=env.get("WEB_HOST", cls.host),
            port=int(env.get("WEB_PORT", cls.port)),
            rasa_token=env.get("RASA_TOKEN", ""),
            lob_token=env.get("LOB_TOKEN", ""),
            tracker_db_url=env.get("TRACKER_DB_URL", cls.tracker_db_url),
            cors_origins=tuple(o.strip() for o in env.get("CORS_ORIGINS", ",".join(cls.cors_origins)).split(",") if o.strip()),
            messages_per_minute=int(env.get("CHAT_MESSAGES_PER_MINUTE", cls.messages_per_minute)),
            min_group_size=int(env.get("INSIGHTS_MIN_GROUP_SIZE", cls.min_group_size)),
        )
