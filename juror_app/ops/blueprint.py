"""/healthz for the proxy and a monitor (/api/v1/health stays: it only says the app runs)."""
from flask import Blueprint, jsonify

from juror_app.accounts.access import public
from juror_app.ops import health

bp = Blueprint("ops", __name__)


@bp.route("/healthz")
@public
def healthz():
    """200 when the server can do its work, 503 (with the failing checks) when not."""
    body, healthy = health.report()
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
