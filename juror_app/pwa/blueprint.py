"""The offline app shell, its manifest and the service worker."""
from flask import Blueprint

bp = Blueprint("pwa", __name__)

from juror_app.pwa import routes  # noqa: E402,F401
