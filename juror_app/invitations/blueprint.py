"""Set-password links and the coordinator's "send the invitation again"."""
from flask import Blueprint

bp = Blueprint("invitations", __name__)

from juror_app.invitations import views  # noqa: E402,F401  (routes)
