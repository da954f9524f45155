"""The coverage dashboard page."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, render_template, request
from flask_babel import gettext as _

from juror_app.accounts.access import allow
from juror_app.core.extensions import db
from juror_app.core.guard import int_arg
from juror_app.models import Edition, Role
from juror_app.review import coverage, queries
from juror_app.review.blueprint import bp


@bp.route("/coverage")
@allow(Role.COORDINATOR, Role.ADMIN, Role.EXPERT)
def coverage_page():
    """Participants × channels for one edition and each juror's progress."""
    editions = db.session.execute(
        sa.select(Edition.id, Edition.name).order_by(Edition.year.desc(), Edition.id.desc())
    ).all()
    chosen = int_arg("edition")
    # Text (a mangled link, "²") shows the latest edition; a number naming none — 0, an id
    # past any key — is a 404. isdecimal, not isdigit: "²" is a digit int() refuses.
    if chosen is None and not request.args.get("edition", "").isdecimal():
        chosen = editions[0].id if editions else None
    elif chosen not in {e.id for e in editions}:
        abort(404, description=_("Nie ma takiej edycji."))
    result = coverage.compute(chosen, queries.today_in_warsaw()) if chosen else None
    page = result and coverage.paged(result, *(int_arg(name) for name in
                                                ("page", "waiting_page", "jurors_page")))
    return render_template("review/coverage.html", editions=editions, chosen=chosen,
                           coverage=result, page=page)
