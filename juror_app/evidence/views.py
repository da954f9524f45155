"""The photo route of the HTML pages (session login); the API has its own in api.photos."""
from __future__ import annotations

import uuid

from flask import Blueprint, abort

from juror_app.accounts.access import principal, signed_in
from juror_app.evidence.flag_hooks import current_flags
from juror_app.evidence.serving import photo_response

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
