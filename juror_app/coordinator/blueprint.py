"""The coordinator's set-up pages under /coordinator."""
from flask import Blueprint

bp = Blueprint("coordinator", __name__)

from juror_app.coordinator import (  # noqa: E402,F401
    assignments,
    auto_assign,
    editions,
    jurors,
    participants,
    participants_import,
    routes,
    rubric,
)
