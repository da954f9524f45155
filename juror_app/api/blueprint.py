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
    uploads,
)
from juror_app.api.responses import (  # noqa: E402
    ApiError,
    error_response,
    invalid_response,
)
from juror_app.core.typed import Invalid  # noqa: E402

bp.register_error_handler(ApiError, error_response)
bp.register_error_handler(Invalid, invalid_response)
