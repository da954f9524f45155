"""Coordinators freeze and then publish an edition's results, each after a confirmation."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from juror_app.accounts.access import allow
from juror_app.core.extensions import db
from juror_app.models import Role
from juror_app.results import lifecycle
from juror_app.results.blueprint import bp
from juror_app.results.common import edition_or_404, page_context
from juror_app.results.forms import ConfirmForm, FreezeForm


def confirm_page(edition, step: str, form: ConfirmForm, status: int = 200):
    check = lifecycle.freeze_check(db.session, edition.id)
    if check.distinctions and "without_distinctions" in form:
        del form.without_distinctions  # only asked when there is none
    return render_template("results/confirm.html", form=form, step=step, check=check,
                           **page_context(edition, "publication")), status


def run_step(step: str, edition, form: ConfirmForm) -> None:
    if step == "freeze":
        lifecycle.freeze(db.session, edition, current_user,
                         without_distinctions=bool(form.without_distinctions.data))
    else:
        lifecycle.publish(db.session, edition, current_user)


# Two plain rules rather than an any() converter, so an unknown step is a 404 for everyone.
@bp.route("/<int:edition_id>/freeze", defaults={"step": "freeze"}, methods=["GET", "POST"])
@bp.route("/<int:edition_id>/publish", defaults={"step": "publish"}, methods=["GET", "POST"])
@allow(Role.COORDINATOR, Role.ADMIN)
def publication(edition_id, step):
    """Confirm, then freeze or publish; a refused step explains why."""
    edition = edition_or_404(edition_id)
    form = FreezeForm() if step == "freeze" else ConfirmForm()
    if not form.validate_on_submit():
        return confirm_page(edition, step, form, 400 if form.is_submitted() else 200)
    try:
        run_step(step, edition, form)
    except lifecycle.ResultsError as error:
        db.session.rollback()
        flash(_(error.message, **error.params), "error")
        return confirm_page(edition, step, form, error.status)
    db.session.commit()
    flash(_("Wyniki zamrożone.") if step == "freeze" else _("Wyniki opublikowane."), "success")
    return redirect(url_for("results.ranking", edition_id=edition.id))
