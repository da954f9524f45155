from flask import Blueprint

bp = Blueprint("coordinator", __name__)

from juror_app.coordinator import routes  # noqa: E402,F401
