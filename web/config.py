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
    messages_per_minute: int = 30  # per conversation (sender id), on the public chat endpoint
    address_messages_per_minute: int = 600  # per client address on the chat endpoint: a school shares one
    login_attempts_per_minute: int = 5  # per client address: tries of LOB_TOKEN on /lob/login and /privacy/...
    trusted_proxies: Tuple[str, ...] = ()  # addresses/networks of the reverse proxy whose X-Forwarded-* we believe
    rasa_timeout_s: float = 30.0  # a chat message without Rasa's answer after this gets a 504
    session_turns: int = 50  # a new Rasa session (slots kept) after this many messages of a conversation; 0: never
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
            cors_origins=_list(env.get("CORS_ORIGINS", ",".join(cls.cors_origins))),
            messages_per_minute=int(env.get("CHAT_MESSAGES_PER_MINUTE", cls.messages_per_minute)),
            address_messages_per_minute=int(
                env.get("CHAT_MESSAGES_PER_MINUTE_PER_ADDRESS", cls.address_messages_per_minute)
            ),
            trusted_proxies=_list(env.get("TRUSTED_PROXIES", "")),
            session_turns=int(env.get("RASA_SESSION_TURNS", cls.session_turns)),
            min_group_size=int(env.get("INSIGHTS_MIN_GROUP_SIZE", cls.min_group_size)),
        )


def _list(value: str) -> Tuple[str, ...]:
    """'a, b,' -> ('a', 'b')"""
    return tuple(item.strip() for item in value.split(",") if item.strip())
