"""`python -m web`: serve the app (WEB_HOST, WEB_PORT), without an access log."""
import logging

from aiohttp import web

from web.app import create_app
from web.config import Settings

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-8s %(name)s  - %(message)s")
    # aiohttp-remotes names the client's address (personal data) when it refuses a forwarded request.
    logging.getLogger("aiohttp_remotes").setLevel(logging.CRITICAL)
    settings = Settings.from_env()
    # No access log: it would write every client's address (personal data) to logs/.
    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None, access_log=None)
