from flask import Blueprint

bp = Blueprint("review", __name__)

from juror_app.review import routes  # noqa: E402,F401
