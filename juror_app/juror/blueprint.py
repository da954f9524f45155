"""The juror's online pages under /juror."""
from flask import Blueprint

bp = Blueprint("juror", __name__)

from juror_app.juror import routes  # noqa: E402,F401
