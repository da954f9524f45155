"""Coordinator set-up: editions, participants, jurors, assignments."""
from flask import render_template

from juror_app.access import allow
from juror_app.coordinator import bp
from juror_app.models import Role


@bp.route("/")
@allow(Role.COORDINATOR, Role.ADMIN)
def dashboard():
    """The coordinator's start page."""
    return render_template("coordinator/dashboard.html")
