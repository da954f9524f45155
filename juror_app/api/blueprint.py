"""The JSON sync API under /api/v1, described at /api/v1/openapi.json."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from juror_app.api import (  # noqa: E402,F401
    assignments,
    contacts,
    openapi,
    photos,
    ranking,
    routes,
    tokens,
)
from juror_app.api.responses import ApiError, error_response  # noqa: E402

bp.register_error_handler(ApiError, error_response)
