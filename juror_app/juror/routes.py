"""The juror's pages (online); the offline capture app lives in juror_app.pwa."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from juror_app.accounts.access import allow
from juror_app.core.extensions import db
from juror_app.juror import labels, links
from juror_app.juror.blueprint import bp
from juror_app.juror.forms import ConflictForm
from juror_app.juror.queries import my_assignment, my_assignments, my_closed_editions
from juror_app.models import Assignment, ConflictOfInterest, Role, record


def local_today() -> date:
    """Today in the contest's time zone: a due date ends at midnight in Warsaw."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


@bp.context_processor
def _labels():
    """Display names and safe-link helpers for the juror's templates."""
    return {"labels": labels, "links": links}


@bp.route("/")
@allow(Role.JUROR)
def home():
    """My assignments in open editions, soonest due first, with per-channel progress; and
    why tasks left the list when their edition's results were frozen."""
    views = my_assignments(current_user.id, local_today())
    returned = [(v, c) for v in views for c in v.returned]
    overdue = sum(1 for v in views if v.overdue)
    closed = my_closed_editions(current_user.id, any_open=bool(views))
    return render_template("juror/home.html", views=views, returned=returned, overdue=overdue,
                           closed=closed)


@bp.route("/assignments/<int:assignment_id>")
@allow(Role.JUROR)
def assignment(assignment_id: int):
    """The participant card: how to reach them, what to do, what I have sent."""
    view = my_assignment(current_user.id, assignment_id, local_today())
    return render_template("juror/assignment.html", view=view, form=ConflictForm())


@bp.route("/assignments/<int:assignment_id>/conflict", methods=["POST"])
@allow(Role.JUROR)
def declare_conflict(assignment_id: int):
    """Declare a conflict of interest with this assignment's participant."""
    view = my_assignment(current_user.id, assignment_id, local_today())
    if view.assignment.edition.is_locked:
        abort(409, description=_("Ta edycja jest już zamknięta; konfliktu interesów nie "
                                 "można już zgłosić. Skontaktuj się z koordynatorem."))
    if view.conflict is not None:
        flash(_("Konflikt interesów z tym uczestnikiem jest już zgłoszony."), "info")
        return redirect(url_for("juror.assignment", assignment_id=assignment_id))
    form = ConflictForm()
    if not form.validate_on_submit():
        return render_template("juror/assignment.html", view=view, form=form), 400
    if store_conflict(view.assignment, form.reason.data):
        flash(_("Zgłoszono konflikt interesów. Koordynator przydzieli tego uczestnika "
                "innemu jurorowi."), "success")
    else:
        flash(_("Konflikt interesów z tym uczestnikiem jest już zgłoszony."), "info")
    return redirect(url_for("juror.assignment", assignment_id=assignment_id))


def store_conflict(assignment: Assignment, reason: str) -> bool:
    """Store the declaration with its audit event; False if one already exists."""
    conflict = ConflictOfInterest(
        juror_id=current_user.id, participant_id=assignment.participant_id, reason=reason
    )
    db.session.add(conflict)
    try:
        db.session.flush()
    except IntegrityError:  # a double tap sent the form twice: the first one won
        db.session.rollback()
        return False
    record(db.session, actor_id=current_user.id, action="conflict.declare",
           entity_type="conflict_of_interest", entity_id=conflict.id,
           after={"participant_id": conflict.participant_id, "reason": reason,
                  "assignment_id": assignment.id})
    db.session.commit()
    return True
