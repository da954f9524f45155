"""Participants' private result links and the public laureates page."""
from flask import Blueprint

bp = Blueprint("participant_results", __name__)

from juror_app.participant_results import laureates, manage, views  # noqa: E402,F401
