"""Ranking, licences, distinctions, calibration and exports."""
from flask import render_template

from juror_app.access import allow
from juror_app.models import Role
from juror_app.results import bp


@bp.route("/ranking")
@allow(Role.COORDINATOR, Role.ADMIN, Role.EXPERT)
def ranking():
    """The edition's ranking."""
    return render_template("results/ranking.html")
