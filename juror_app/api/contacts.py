"""Contacts: PUT by the juror's phone (idempotent by client id), GET to read one back."""
from __future__ import annotations

import uuid

from juror_app.accounts.access import allow, api_caller, signed_in
from juror_app.api.blueprint import bp
from juror_app.api.responses import ApiError, answer, json_body
from juror_app.core.extensions import db
from juror_app.evidence.flag_hooks import refresh_before_commit
from juror_app.models import Role
from juror_app.sync.contract import parse_contact
from juror_app.sync.resend import look_up
from juror_app.sync.serializers import contact_answer
from juror_app.sync.service import NOT_FOUND, find_contact, put_contact


@bp.route("/contacts/<uuid:client_id>", methods=["PUT"])
@allow(Role.JUROR)
def put_contact_view(client_id: uuid.UUID):
    """Store a contact captured on the phone; a resend never makes a second record."""
    juror_id, payload = api_caller().id, parse_contact(json_body(), client_id)
    found = look_up(db.session, juror_id, client_id, payload)
    if found.identical:  # the commonest PUT: answered from plain rows, nothing written
        return answer(contact_answer(found.identical))
    # Flags derive from the contact's own data, its photos (stored by their own PUTs, which
    # refresh) and its neighbours: refreshed with a write.
    stored = put_contact(juror_id, client_id, payload, before_commit=refresh_before_commit,
                         stored=found.stored)
    return answer(contact_answer(stored.contact), stored.status)


@bp.route("/contacts/<uuid:client_id>", methods=["GET"])
@signed_in
def get_contact(client_id: uuid.UUID):
    """A contact with its scores, photos and review status."""
    caller = api_caller()
    contact = find_contact(client_id)
    if contact is None or (caller.role is Role.JUROR and contact.juror_id != caller.id):
        raise ApiError(404, NOT_FOUND)
    return answer(contact_answer(contact))
