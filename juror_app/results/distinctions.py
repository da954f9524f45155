"""Experts award and withdraw statuettes and extraordinary distinctions."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from juror_app.accounts.access import allow
from juror_app.core.collation import polish_key
from juror_app.core.extensions import db
from juror_app.core.forms import ButtonForm
from juror_app.models import Distinction, DistinctionKind, Participant, Role
from juror_app.results import lifecycle
from juror_app.results.blueprint import bp
from juror_app.results.common import edition_or_404, page_context
from juror_app.results.forms import DistinctionForm
from juror_app.results.labels import kind_labels


def distinction_form(edition) -> DistinctionForm:
    """Only the Licence's holders can be chosen: distinctions come in addition to it."""
    form = DistinctionForm()
    holders = lifecycle.licensed(db.session, edition)
    participants = sorted(db.session.scalars(
        sa.select(Participant).where(Participant.id.in_(holders))).all(),
        key=lambda p: polish_key(p.name))
    form.participant_id.choices = [(p.id, f"{p.name} ({p.city})" if p.city else p.name)
                                   for p in participants]
    form.kind.choices = [(k.value, label) for k, label in kind_labels().items()]
    return form


def render_page(edition, form, status=200):
    awarded = db.session.scalars(
        sa.select(Distinction).where(Distinction.edition_id == edition.id)
        .order_by(Distinction.kind, Distinction.created_at)).all()
    return render_template("results/distinctions.html", form=form, awarded=awarded,
                           button=ButtonForm(), **page_context(edition, "distinctions")), status


@bp.route("/<int:edition_id>/distinctions")
@allow(Role.EXPERT, Role.COORDINATOR, Role.ADMIN)
def distinctions(edition_id):
    """The distinctions awarded so far and, for experts, the form to award one."""
    edition = edition_or_404(edition_id)
    return render_page(edition, distinction_form(edition))


@bp.route("/<int:edition_id>/distinctions", methods=["POST"])
@allow(Role.EXPERT)
def award(edition_id):
    """Award a distinction with its justification."""
    edition = edition_or_404(edition_id)
    form = distinction_form(edition)
    if not form.validate_on_submit():
        return render_page(edition, form, 400)
    try:
        lifecycle.award(db.session, edition, current_user, form.participant_id.data,
                        DistinctionKind(form.kind.data), form.justification.data)
    except lifecycle.ResultsError as error:
        db.session.rollback()
        flash(_(error.message, **error.params), "error")
        return render_page(edition, form, error.status)
    db.session.commit()
    flash(_("Wyróżnienie zapisane."), "success")
    return redirect(url_for("results.distinctions", edition_id=edition.id))


@bp.route("/distinctions/<int:distinction_id>/withdraw", methods=["POST"])
@allow(Role.EXPERT)
def withdraw(distinction_id):
    """Withdraw one's own distinction while the results are not frozen."""
    distinction = db.session.get(Distinction, distinction_id)
    if distinction is None:
        abort(404, _("Nie ma takiego wyróżnienia."))
    edition_id = distinction.edition_id
    try:
        lifecycle.withdraw(db.session, distinction, current_user,
                           confirmed=request.form.get("confirm") == "y")
    except lifecycle.ResultsError as error:
        db.session.rollback()
        abort(error.status, _(error.message, **error.params))
    db.session.commit()
    flash(_("Wyróżnienie wycofane."), "success")
    return redirect(url_for("results.distinctions", edition_id=edition_id))
