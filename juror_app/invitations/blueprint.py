"""Set-password links and the coordinator's "send the invitation again"."""
from flask import Blueprint

bp = Blueprint("invitations", __name__)

from juror_app.invitations import requests, views  # noqa: E402,F401  (routes)

# The mail sender turns "forgot password" requests into links before each of its passes.
bp.record_once(lambda state: requests.init_app(state.app))
