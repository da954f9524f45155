"""Editions: create and edit; every new edition starts with the default rubric."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from juror_app.accounts.access import allow
from juror_app.coordinator.audit import audit, snapshot
from juror_app.coordinator.blueprint import bp
from juror_app.coordinator.forms import EditionForm
from juror_app.coordinator.pages import locked_redirect, render_form, saving
from juror_app.coordinator.queries import get_or_404
from juror_app.core.extensions import db
from juror_app.core.text import N_
from juror_app.evidence.flag_hooks import refresh_edition
from juror_app.models import Edition, EditionStatus, Role, Rubric
from juror_app.rubric import default_rubric

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)
TAKEN = N_("Edycja o tej nazwie już istnieje.")


@bp.route("/editions/new", methods=["GET", "POST"])
@allow(*COORDINATORS)
def edition_new():
    """Create an edition with version 1 of the default rubric."""
    form = EditionForm(status=EditionStatus.DRAFT.value)
    if form.validate_on_submit():
        with saving() as save:
            edition = Edition()
            form.populate_obj(edition)
            edition.status = EditionStatus(form.status.data)
            db.session.add(edition)
            db.session.add(Rubric(edition=edition, version=1, data=default_rubric(),
                                  created_by_id=current_user.id))
            audit("edition.create", edition)
        if save.ok:
            flash(_("Utworzono edycję „%(name)s”.", name=edition.name), "success")
            return redirect(url_for(".dashboard"))
        form.name.errors.append(_(TAKEN))
    return render_form("coordinator/edition_form.html", form, edition=None)


@bp.route("/editions/<int:edition_id>/edit", methods=["GET", "POST"])
@allow(*COORDINATORS)
def edition_edit(edition_id: int):
    """Change an edition's name, dates, threshold and status, until it is frozen."""
    edition = get_or_404(Edition, edition_id)
    # Nothing here stays editable once frozen: the threshold and the dates move the ranking
    # and the flags, and the name and year are on the published page and on certificates
    # already handed out, so the edition must stay what the freeze's snapshot recorded.
    if (refused := locked_redirect(edition, url_for(".dashboard"))):
        return refused
    form = EditionForm(obj=edition, edition=edition)
    if form.validate_on_submit():
        window = (edition.starts_on, edition.ends_on)
        with saving() as save:
            before = snapshot(edition)
            form.populate_obj(edition)
            edition.status = EditionStatus(form.status.data)
            audit("edition.update", edition, before)
        if save.ok:
            if window != (edition.starts_on, edition.ends_on):
                refresh_edition(edition)  # the outside-the-fieldwork flag moves with it
            flash(_("Zapisano zmiany edycji."), "success")
            return redirect(url_for(".dashboard"))
        form.name.errors.append(_(TAKEN))
    return render_form("coordinator/edition_form.html", form, edition=edition)

