from flask import Blueprint

bp = Blueprint("results", __name__)

from juror_app.results import routes  # noqa: E402,F401
