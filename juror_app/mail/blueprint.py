"""The mail blueprint: each user's notification preferences."""
from flask import Blueprint

bp = Blueprint("mail", __name__)

from juror_app.mail import preferences  # noqa: E402,F401  (routes)
