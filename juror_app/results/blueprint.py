"""Ranking, distinctions, calibration, exports and reports under /results."""
from flask import Blueprint

from juror_app.results.labels import inner_quotes

bp = Blueprint("results", __name__)
# For every template that wraps a name in „…”, the mails included (results.labels).
bp.add_app_template_filter(inner_quotes, "inner_quotes")

from juror_app.results import (  # noqa: E402,F401
    calibration_views,
    certificate_views,
    distinctions,
    exports_views,
    publication,
    reports,
    routes,
)
