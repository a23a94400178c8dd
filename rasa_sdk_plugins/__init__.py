"""Plugin of the action server, found by rasa-sdk's own plugin hook (rasa_sdk.plugin imports this package).

rasa-sdk 3.6 answers an unexpected error in an action with the whole request it got, the
conversation included ("request_body"). Here that answer names the error only; the error itself
goes to the log (logs/actions.log, masked) as before.
"""
import logging
import sys

import pluggy
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

hookimpl = pluggy.HookimplMarker("rasa_sdk")
logger = logging.getLogger(__name__)


@hookimpl
def attach_sanic_app_extensions(app: Sanic) -> None:
    @app.exception(Exception)
    async def error_without_the_conversation(request: Request, exception: Exception) -> HTTPResponse:
        logger.error("Fout in de actieserver bij %s %s", request.method, request.path, exc_info=exception)
        return response.json({"error": f"Fout in de actieserver ({type(exception).__name__})"}, status=500)


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(sys.modules[__name__])
