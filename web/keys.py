"""Typed keys for what the application shares between handlers (aiohttp 3.9 AppKey)."""
from aiohttp import web

from web.config import Settings
from web.rasa_client import RasaClient

settings_key = web.AppKey("settings", Settings)
rasa_key = web.AppKey("rasa", RasaClient)
