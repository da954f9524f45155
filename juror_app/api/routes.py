"""The JSON sync API, described at /api/v1/openapi.json."""
from flask import jsonify

from juror_app.accounts.access import public
from juror_app.api.blueprint import bp


@bp.route("/health")
@public
def health():
    """Liveness probe for load balancers."""
    return jsonify(status="ok")
