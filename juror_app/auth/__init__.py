from flask import Blueprint

bp = Blueprint("auth", __name__)

from juror_app.auth import routes  # noqa: E402,F401
