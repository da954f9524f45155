"""Participants of an edition: list with search, create, edit, archive and restore."""
import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from juror_app.accounts.access import allow
from juror_app.coordinator.audit import audit, snapshot
from juror_app.coordinator.blueprint import bp
from juror_app.coordinator.forms import ParticipantForm
from juror_app.coordinator.pages import (
    confirm_page,
    locked_redirect,
    render_form,
    saving,
)
from juror_app.coordinator.queries import get_or_404, in_edition_or_404, search_participants
from juror_app.core.extensions import db, htmx
from juror_app.core.guard import int_arg
from juror_app.core.text import N_
from juror_app.evidence.flag_hooks import refresh_participant
from juror_app.models import Category, Edition, Participant, Role
from juror_app.results.labels import inner_quotes

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)
DUPLICATE = N_("W tej edycji jest już uczestnik o tej nazwie i miejscowości.")
ALREADY_ARCHIVED = N_("Ten uczestnik jest już zarchiwizowany.")
NOT_ARCHIVED = N_("Ten uczestnik nie jest zarchiwizowany.")


@bp.route("/editions/<int:edition_id>/participants")
@allow(*COORDINATORS)
def participants(edition_id: int):
    """The list; an htmx search asks only for the table rows."""
    edition = get_or_404(Edition, edition_id)
    q = request.args.get("q", "").strip()[:100]
    category = request.args.get("category", "")
    archived = request.args.get("archived") == "1"
    page = search_participants(edition, q, category, archived,
                               page=int_arg("page", 1))
    template = "coordinator/_participant_rows.html" if htmx and htmx.target == \
        "participant-rows" else "coordinator/participants.html"
    return render_template(template, edition=edition, participants=page.items, page=page,
                           q=q, category=category, archived=archived,
                           categories=list(Category))


@bp.route("/editions/<int:edition_id>/participants/new", methods=["GET", "POST"])
@allow(*COORDINATORS)
def participant_new(edition_id: int):
    """Add one participant by hand."""
    edition = get_or_404(Edition, edition_id)
    back = url_for(".participants", edition_id=edition.id)
    if (refused := locked_redirect(edition, back)):
        return refused
    form = ParticipantForm(edition=edition)
    if form.validate_on_submit():
        with saving() as save:
            participant = Participant(edition=edition)
            _fill(participant, form)
            db.session.add(participant)
            audit("participant.create", participant)
        if save.ok:
            flash(_("Dodano uczestnika „%(name)s”.", name=inner_quotes(participant.name)),
                  "success")
            return redirect(back)
        form.name.errors.append(_(DUPLICATE))
    return render_form("coordinator/participant_form.html", form, edition=edition,
                       participant=None)


@bp.route("/editions/<int:edition_id>/participants/<int:participant_id>/edit",
          methods=["GET", "POST"])
@allow(*COORDINATORS)
def participant_edit(edition_id: int, participant_id: int):
    """Correct a participant's details."""
    edition = get_or_404(Edition, edition_id)
    participant = in_edition_or_404(Participant, participant_id, edition)
    # A name or a category is what the published ranking shows and groups by.
    if (refused := locked_redirect(edition, url_for(".participants", edition_id=edition.id))):
        return refused
    form = ParticipantForm(obj=participant, edition=edition, participant=participant,
                           data=participant.social_profiles or {})
    if form.validate_on_submit():
        with saving() as save:
            before = snapshot(participant)
            _fill(participant, form)
            audit("participant.update", participant, before)
        if save.ok:
            if _moved(before, participant):
                refresh_participant(participant.id)
            flash(_("Zapisano zmiany."), "success")
            return redirect(url_for(".participants", edition_id=edition.id))
        form.name.errors.append(_(DUPLICATE))
    return render_form("coordinator/participant_form.html", form, edition=edition,
                       participant=participant)


def _moved(before: dict, participant: Participant) -> bool:
    """Did the position the anomaly flags measure distances from change?"""
    return (before["latitude"], before["longitude"]) != (participant.latitude,
                                                         participant.longitude)


def _fill(participant: Participant, form: ParticipantForm) -> None:
    for name in ("name", "voivodeship", "city", "address", "postal_code", "phone", "email",
                 "website"):
        setattr(participant, name, form[name].data or "")
    participant.category = Category(form.category.data)
    participant.social_profiles = form.social_profiles()
    participant.latitude, participant.longitude = form.latitude.data, form.longitude.data


@bp.route("/editions/<int:edition_id>/participants/<int:participant_id>/archive",
          methods=["GET", "POST"])
@allow(*COORDINATORS)
def participant_archive(edition_id: int, participant_id: int):
    """Ask, then archive: the participant leaves the lists but keeps its contacts."""
    edition = get_or_404(Edition, edition_id)
    participant = in_edition_or_404(Participant, participant_id, edition)
    if (refused := locked_redirect(edition, url_for(".participants", edition_id=edition.id))):
        return refused
    if request.method == "GET":
        return confirm_page(
            _("Archiwizować uczestnika?"),
            _("„%(name)s” zniknie z list, ale jego kontakty i oceny zostaną zachowane. "
              "Można go później przywrócić.", name=inner_quotes(participant.name)),
            request.path, _("Archiwizuj"), url_for(".participants", edition_id=edition.id))
    return _set_archived(edition, participant, True)


@bp.route("/editions/<int:edition_id>/participants/<int:participant_id>/restore",
          methods=["POST"])
@allow(*COORDINATORS)
def participant_restore(edition_id: int, participant_id: int):
    """Bring an archived participant back."""
    edition = get_or_404(Edition, edition_id)
    participant = in_edition_or_404(Participant, participant_id, edition)
    if (refused := locked_redirect(edition, url_for(".participants", edition_id=edition.id))):
        return refused
    return _set_archived(edition, participant, False)


def _set_archived(edition: Edition, participant: Participant, archived: bool):
    """Archive or restore; htmx gets the updated row, a plain form a redirect."""
    before = snapshot(participant)
    if _changed_archived(participant, archived):
        db.session.refresh(participant)
        audit("participant.archive" if archived else "participant.restore", participant,
              before)
        db.session.commit()
        name = inner_quotes(participant.name)
        message = (_("Zarchiwizowano „%(name)s”.", name=name) if archived
                   else _("Przywrócono „%(name)s”.", name=name)), "success"
    else:  # a second click, a stale page: nothing changed, so nothing is audited
        db.session.rollback()  # nor the results version renewed
        message = (_(ALREADY_ARCHIVED) if archived else _(NOT_ARCHIVED)), "info"
    if htmx:
        return render_template("coordinator/_participant_row.html", edition=edition,
                               p=participant)
    flash(*message)
    return redirect(url_for(".participants", edition_id=edition.id))


def _changed_archived(participant: Participant, archived: bool) -> bool:
    """Set the flag only if it differs, so of two simultaneous clicks one changes it."""
    # Archiving moves none of the kept counts (totals_kept): no recount of every edition.
    return db.session.execute(
        sa.update(Participant)
        .where(Participant.id == participant.id, Participant.archived.is_not(archived))
        .values(archived=archived)
        .execution_options(synchronize_session=False, totals_kept=True)).rowcount == 1

