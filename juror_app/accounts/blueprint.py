"""Signing in and out, the language switch."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from juror_app.accounts import views  # noqa: E402,F401
