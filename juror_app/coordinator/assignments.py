"""Assignments of an edition: participant → juror, with channels and a due date."""
import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from juror_app.accounts.access import allow
from juror_app.coordinator.assignment_rules import assignment_problems, form_choices
from juror_app.coordinator.audit import audit, snapshot
from juror_app.coordinator.blueprint import bp
from juror_app.coordinator.forms import AssignmentEditForm, AssignmentForm
from juror_app.coordinator.pages import (
    confirm_page,
    locked_redirect,
    render_form,
    saving,
)
from juror_app.coordinator.queries import (
    conflicted_pairs,
    contact_counts,
    get_or_404,
    in_edition_or_404,
)
from juror_app.core.extensions import db
from juror_app.core.guard import id_value
from juror_app.core.text import N_
from juror_app.mail import notify
from juror_app.models import Assignment, Category, Edition, Participant, Role, User
from juror_app.results.labels import inner_quotes

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)
HAS_CONTACTS = N_("Tego zadania nie można usunąć: juror zapisał już kontakty.")
TWICE = N_("W tym samym czasie ktoś przydzielił temu jurorowi jednego z tych uczestników.")


@bp.route("/editions/<int:edition_id>/assignments")
@allow(*COORDINATORS)
def assignments(edition_id: int):
    """Every assignment of the edition, ordered by participant."""
    edition = get_or_404(Edition, edition_id)
    rows = list(db.session.scalars(
        sa.select(Assignment).join(Participant).join(User, Assignment.juror_id == User.id)
        .where(Assignment.edition_id == edition.id)
        .order_by(Participant.name, Participant.city, User.name)))
    counts = contact_counts([a.id for a in rows])
    # A juror may declare a conflict after being assigned: the coordinator must see it.
    return render_template("coordinator/assignments.html", edition=edition,
                           assignments=rows, counts=counts,
                           conflicts=conflicted_pairs(edition))


@bp.route("/editions/<int:edition_id>/assignments/new", methods=["GET", "POST"])
@allow(*COORDINATORS)
def assignment_new(edition_id: int):
    """Give a juror one or more participants; all or none, never a conflict or a repeat."""
    edition = get_or_404(Edition, edition_id)
    back = url_for(".assignments", edition_id=edition.id)
    if (refused := locked_redirect(edition, back)):
        return refused
    picker = {"q": request.args.get("q", "").strip()[:100],
              "category": request.args.get("category", ""),
              "unassigned": request.args.get("unassigned") == "1"}
    choices, jurors = form_choices(edition, **picker)
    ticked = request.args.getlist("participant", type=id_value)
    if request.args.get("all") == "1":  # e.g. every not yet assigned one of a category
        ticked = [c.value for c in choices]
    form = AssignmentForm(participant_ids=ticked, channels=list(_default_channels(edition)))
    form.participant_ids.choices, form.juror_id.choices = choices, jurors
    if form.validate_on_submit():
        participants, problems = assignment_problems(edition, form.participant_ids.data,
                                                     form.juror_id.data)
        for field, messages in problems.items():
            form[field].errors.extend(messages)
        if not form.errors and _create(edition, form, participants):
            flash(ngettext("Dodano %(num)d zadanie.", "Dodano zadania: %(num)d.",
                           len(participants)), "success")
            return redirect(back)
        if not form.errors:
            form.juror_id.errors.append(_(TWICE))
    return render_form("coordinator/assignment_form.html", form, edition=edition,
                       assignment=None, picker=picker, categories=list(Category))


def _create(edition: Edition, form: AssignmentForm, participants: list[Participant]) -> bool:
    """Store one assignment per participant in one transaction; False on a race."""
    with saving() as save:
        created = []
        for participant in participants:
            assignment = Assignment(edition=edition, participant=participant,
                                    juror_id=form.juror_id.data, channels=form.channels.data,
                                    due_on=form.due_on.data)
            db.session.add(assignment)
            audit("assignment.create", assignment)
            created.append(assignment)
        db.session.flush()
        notify.assignments_created(db.session.get(User, form.juror_id.data), created)
    return save.ok


def _default_channels(edition: Edition):
    """Channels the rubric requires, as a sensible default for a new assignment."""
    channels = (edition.rubric.data.get("channels", {}) if edition.rubric else {})
    return [name for name, spec in channels.items() if spec.get("required", True)]


@bp.route("/editions/<int:edition_id>/assignments/<int:assignment_id>/edit",
          methods=["GET", "POST"])
@allow(*COORDINATORS)
def assignment_edit(edition_id: int, assignment_id: int):
    """Change an assignment's channels and due date."""
    edition = get_or_404(Edition, edition_id)
    assignment = in_edition_or_404(Assignment, assignment_id, edition)
    if (refused := locked_redirect(edition, url_for(".assignments", edition_id=edition.id))):
        return refused
    form = AssignmentEditForm(obj=assignment)
    if form.validate_on_submit():
        before = snapshot(assignment)
        form.populate_obj(assignment)
        audit("assignment.update", assignment, before)
        db.session.commit()
        flash(_("Zapisano zmiany zadania."), "success")
        return redirect(url_for(".assignments", edition_id=edition.id))
    return render_form("coordinator/assignment_form.html", form, edition=edition,
                       assignment=assignment)


@bp.route("/editions/<int:edition_id>/assignments/<int:assignment_id>/delete",
          methods=["GET", "POST"])
@allow(*COORDINATORS)
def assignment_delete(edition_id: int, assignment_id: int):
    """Ask, then delete an assignment that has no contacts yet."""
    edition = get_or_404(Edition, edition_id)
    assignment = in_edition_or_404(Assignment, assignment_id, edition)
    back = url_for(".assignments", edition_id=edition.id)
    if (refused := locked_redirect(edition, back)):
        return refused
    if contact_counts([assignment.id]):
        flash(_(HAS_CONTACTS), "error")
        return redirect(back)
    if request.method == "GET":
        return confirm_page(
            _("Usunąć zadanie?"),
            _("%(juror)s nie będzie już oceniać uczestnika „%(participant)s”.",
              juror=assignment.juror.name, participant=inner_quotes(assignment.participant.name)),
            request.path, _("Usuń"), back)
    with saving() as save:
        audit("assignment.delete", assignment, snapshot(assignment), deleted=True)
        db.session.delete(assignment)
    # A juror's contact synced since the check above: its foreign key refused the delete.
    flash(_("Usunięto zadanie.") if save.ok else _(HAS_CONTACTS),
          "success" if save.ok else "error")
    return redirect(back)
