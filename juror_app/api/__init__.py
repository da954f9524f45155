"""The JSON sync API under /api/v1, described at /api/v1/openapi.json."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from juror_app.api import routes  # noqa: E402,F401
from juror_app.api import ranking  # noqa: E402,F401
from juror_app.api import assignments, contacts, openapi, photos, tokens  # noqa: E402,F401
from juror_app.api.responses import ApiError, error_response  # noqa: E402

bp.register_error_handler(ApiError, error_response)
