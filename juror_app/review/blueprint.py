"""Evidence review and coverage under /review."""
from flask import Blueprint

bp = Blueprint("review", __name__)

from juror_app.review import actions, bulk, coverage_view, display, routes  # noqa: E402,F401
