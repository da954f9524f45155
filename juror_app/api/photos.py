"""Photo evidence: PUT the bytes of one photo of a contact; GET its derivatives."""
from __future__ import annotations

import uuid

from flask import jsonify, request

from juror_app.accounts.access import allow, principal, signed_in
from juror_app.api.blueprint import bp
from juror_app.api.responses import ApiError, checked
from juror_app.core.guard import raw_body
from juror_app.core.text import N_
from juror_app.evidence.flag_hooks import refresh_before_commit
from juror_app.evidence.metadata import device_capture
from juror_app.evidence.service import put_photo, read_capped
from juror_app.evidence.serving import photo_response
from juror_app.models import Role
from juror_app.sync.serializers import photo_json


@bp.route("/contacts/<uuid:client_id>/photos/<uuid:photo_id>", methods=["PUT"])
@raw_body
@allow(Role.JUROR)
def put_photo_view(client_id: uuid.UUID, photo_id: uuid.UUID):
    """Receive one photo (raw bytes); capture time and position may come as parameters."""
    device = device_capture(request.args)
    status, photo = put_photo(
        principal(), client_id, photo_id,
        lambda limit: checked(read_capped(request.stream, request.content_length, limit)),
        device, before_commit=refresh_before_commit)
    return jsonify(photo_json(photo)), status


@bp.route("/photos/<uuid:photo_id>/<size>")
@signed_in
def photo_file(photo_id: uuid.UUID, size: str):
    """A photo's display or thumbnail JPEG, without metadata, for its juror and reviewers."""
    response = photo_response(principal(), photo_id, size)
    if response is None:
        raise ApiError(404, N_("Nie znaleziono takiego zdjęcia."))
    return response
