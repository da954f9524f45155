"""Ranking, distinctions, calibration, exports and reports under /results."""
from flask import Blueprint

bp = Blueprint("results", __name__)

from juror_app.results import (  # noqa: E402,F401
    calibration_views,
    certificate_views,
    distinctions,
    exports_views,
    publication,
    reports,
    routes,
)
