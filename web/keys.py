"""Typed keys for what the application shares between handlers (aiohttp 3.9 AppKey)."""
from aiohttp import web

from web.config import Settings
from web.rasa_client import RasaClient
from web.ratelimit import ClientLimits

settings_key = web.AppKey("settings", Settings)
rasa_key = web.AppKey("rasa", RasaClient)
login_limits_key = web.AppKey("login_limits", ClientLimits)  # tries of LOB_TOKEN: /lob/login and /privacy
