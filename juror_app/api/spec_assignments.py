"""OpenAPI fragment: the juror's work list (types in sync.shapes)."""
from __future__ import annotations

from juror_app.api.spec_common import errors, json_body
from juror_app.sync import shapes
from juror_app.sync.shapes import (  # noqa: F401 — other fragments cite these examples
    CONTACT_SUMMARY_EXAMPLE,
    PARTICIPANT_EXAMPLE,
    WORKLIST_EXAMPLE,
)

MODELS = (shapes.Worklist, shapes.Assignment, shapes.ContactSummary, shapes.Participant,
          shapes.RubricVersion, shapes.ClosedEdition, shapes.UnfinishedContact)

PATHS = {
    "/me/assignments": {
        "get": {
            "operationId": "myAssignments",
            "tags": ["assignments"],
            "summary": "Zadania jurora w otwartych edycjach, dane uczestników i kryteria",
            "responses": {"200": json_body("Worklist", WORKLIST_EXAMPLE, "Lista zadań."),
                          **errors(401, 403)},
            "description": "Tylko dla jurorów; koordynator, ekspert i administrator "
                           "dostają 403.",
        }
    },
}
