"""Assigning at scale: a balanced plan filling the channels participants lack, previewed.

The rule itself is plain (coordinator.balancing). The coordinator picks a category (or
all), the channels and how many jurors per channel, sees the plan — who goes where, each
juror's load, what cannot be filled — and saves it. Saving recomputes the plan and stores
it only if it is still the one previewed (someone may have assigned meanwhile).
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from juror_app.accounts.access import allow
from juror_app.coordinator.audit import audit, snapshot
from juror_app.coordinator.balancing import Plan, balance
from juror_app.coordinator.blueprint import bp
from juror_app.coordinator.forms import AutoAssignForm
from juror_app.coordinator.pages import locked_redirect, render_form, saving
from juror_app.coordinator.queries import conflicted_pairs, get_or_404
from juror_app.core.extensions import db
from juror_app.core.labels import CATEGORY_LABELS
from juror_app.mail import notify
from juror_app.models import (
    CHANNELS,
    Assignment,
    Category,
    Edition,
    Participant,
    Role,
    User,
)


def in_category(edition: Edition, category: str) -> list[Participant]:
    """Active participants of the edition (in the category); the plan fills what they lack."""
    query = (sa.select(Participant).where(
        Participant.edition_id == edition.id, Participant.archived.is_(False))
        .order_by(Participant.name, Participant.id))
    if category in {c.value for c in Category}:
        query = query.where(Participant.category == Category(category))
    return list(db.session.scalars(query))


def existing(edition: Edition) -> dict[tuple[int, int], Assignment]:
    """The edition's assignments by (juror, participant): their channels count as covered."""
    return {(a.juror_id, a.participant_id): a for a in db.session.scalars(
        sa.select(Assignment).where(Assignment.edition_id == edition.id))}


def make_plan(edition: Edition, form: AutoAssignForm
              ) -> tuple[Plan, list[Participant], dict, dict]:
    participants = in_category(edition, form.category.data)
    jurors = {u.id: u for u in db.session.scalars(sa.select(User).where(
        User.role == Role.JUROR, User.active.is_(True)).order_by(User.id))}
    held = existing(edition)
    plan = balance([p.id for p in participants], form.channels.data, list(jurors),
                   form.per_channel.data, existing={k: a.channels for k, a in held.items()},
                   conflicts=conflicted_pairs(edition), several=form.several.data)
    return plan, participants, jurors, held


def digest(plan: Plan) -> str:
    text = json.dumps(sorted([j, p, chs] for (j, p), chs in plan.assignments.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@bp.route("/editions/<int:edition_id>/assignments/auto", methods=["GET", "POST"])
@allow(Role.COORDINATOR, Role.ADMIN)
def assignments_auto(edition_id: int):
    """Preview a balanced plan; save it when the coordinator confirms the same plan."""
    edition = get_or_404(Edition, edition_id)
    back = url_for(".assignments", edition_id=edition.id)
    if (refused := locked_redirect(edition, back)):
        return refused
    form = AutoAssignForm()
    form.category.choices = [("", _("Wszystkie"))] + [(c.value, str(t)) for c, t in
                                                       CATEGORY_LABELS.items()]
    if not form.validate_on_submit():
        return render_form("coordinator/auto_assign.html", form, edition=edition, plan=None)
    plan, participants, jurors, held = make_plan(edition, form)
    if form.plan.data != digest(plan) or not plan.assignments:
        form.plan.data = digest(plan)
        return render_template(
            "coordinator/auto_assign.html", form=form, edition=edition, plan=plan,
            participants={p.id: p for p in participants}, jurors=jurors, due_on=form.due_on.data,
            held=held, later_due=later_due, shortfall=plan.shortfall(form.channels.data))
    with saving() as save:
        store(plan, edition, jurors, held, form.due_on.data)
    if save.ok:
        flash(ngettext("Dodano %(num)d zadanie.", "Dodano zadania: %(num)d.",
                       len(plan.assignments)), "success")
    else:
        flash(_("W tym samym czasie ktoś zmienił zadania — przygotuj przydział ponownie."),
              "error")
    return redirect(back)


def later_due(current, chosen):
    """The due date of an assignment a run adds a channel to: the later one, never shorter."""
    return chosen if chosen is not None and (current is None or current < chosen) else current


def store(plan: Plan, edition: Edition, jurors: dict, held: dict, due_on) -> None:
    """New assignments, or the new channels added to the juror's assignment there."""
    batches: dict[int, list[Assignment]] = defaultdict(list)
    for (juror_id, participant_id), channels in plan.assignments.items():
        if (assignment := held.get((juror_id, participant_id))) is not None:
            before = snapshot(assignment)
            # One assignment per juror and participant; channels kept in the rubric's order.
            assignment.channels = [c for c in CHANNELS
                                   if c in {*assignment.channels, *channels}]
            assignment.due_on = later_due(assignment.due_on, due_on)
            audit("assignment.update", assignment, before)
        else:
            assignment = Assignment(edition=edition, participant_id=participant_id,
                                    juror_id=juror_id, channels=channels, due_on=due_on)
            db.session.add(assignment)
            audit("assignment.create", assignment)
        batches[juror_id].append(assignment)
    db.session.flush()
    for juror_id, batch in batches.items():  # one mail per juror, as for a manual batch
        notify.assignments_created(jurors[juror_id], batch)
