"""The photo route of the HTML pages (session login); the API has its own in api.photos."""
from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, current_app, render_template, stream_with_context

from juror_app.accounts.access import allow, principal, signed_in
from juror_app.audit.verify import read_head
from juror_app.core.extensions import db
from juror_app.core.labels import CHANNEL_LABELS, CONTACT_STATUS_LABELS
from juror_app.evidence.archive import events_of, stream_archive
from juror_app.evidence.flag_hooks import current_flags
from juror_app.evidence.serving import photo_response
from juror_app.models import Contact, Edition, Participant, Role
from juror_app.review.changes import ACTION_NAMES

bp = Blueprint("photos", __name__)
# templates/review/_flags.html asks for a contact's flags itself, so the review route
# (often edited by others) needs no change for them.
bp.add_app_template_global(current_flags, "anomaly_flags")


@bp.route("/photos/<uuid:photo_id>/<size>.jpg")
@signed_in
def show(photo_id: uuid.UUID, size: str):
    """A photo for the HTML pages (session login)."""
    response = photo_response(principal(), photo_id, size)
    if response is None:
        abort(404)
    return response


@bp.route("/evidence/editions/<int:edition_id>/archive.zip")
@allow(Role.COORDINATOR, Role.ADMIN)
def edition_archive(edition_id: int):
    """Every contact of an edition with photos, review rounds and audit events, as a ZIP."""
    edition = db.get_or_404(Edition, edition_id)
    return _zip(edition.id, None, f"dowody-edycja-{edition.id}.zip")


@bp.route("/evidence/participants/<int:participant_id>/archive.zip")
@allow(Role.COORDINATOR, Role.ADMIN)
def participant_archive(participant_id: int):
    """One participant's evidence archive (for an appeal)."""
    participant = db.get_or_404(Participant, participant_id)
    return _zip(participant.edition_id, participant.id, f"dowody-uczestnik-{participant.id}.zip")


def _zip(edition_id: int, participant_id: int | None, filename: str) -> Response:
    chunks = stream_archive(db.session, current_app.config["MEDIA_DIR"], edition_id,
                            participant_id)
    return Response(stream_with_context(chunks), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store"})


@bp.route("/evidence/contacts/<int(max=2147483647):contact_id>/sheet")
@allow(Role.COORDINATOR, Role.ADMIN, Role.EXPERT)
def sheet(contact_id: int):
    """A printable page of one contact: timeline with audit hashes, photos, hashes, flags."""
    contact = db.get_or_404(Contact, contact_id)
    return render_template("evidence/sheet.html", contact=contact, view={"contact": contact},
                           events=events_of(db.session, contact), head=read_head(db.session),
                           can_review=False, CHANNEL_LABELS=CHANNEL_LABELS,
                           STATUS_LABELS=CONTACT_STATUS_LABELS, ACTION_NAMES=ACTION_NAMES)
