"""Evidence review, ranking and distinctions (coordinators and experts)."""
from flask import render_template

from juror_app.access import allow
from juror_app.models import Role
from juror_app.review import bp


@bp.route("/ranking")
@allow(Role.COORDINATOR, Role.ADMIN, Role.EXPERT)
def ranking():
    """The edition's ranking."""
    return render_template("review/ranking.html")
