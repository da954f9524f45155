"""Evidence review: the queue, review actions, coverage (coordinators; experts read)."""
from flask import render_template

from juror_app.access import allow
from juror_app.models import Role
from juror_app.review import bp


@bp.route("/")
@allow(Role.COORDINATOR, Role.ADMIN, Role.EXPERT)
def queue():
    """Contacts waiting for review."""
    return render_template("review/queue.html")
