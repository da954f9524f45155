"""Participants from a CSV file: all rows or none, with a row-by-row report."""
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from juror_app.accounts.access import allow
from juror_app.coordinator.blueprint import bp
from juror_app.coordinator.forms import UploadForm, upload_limit
from juror_app.coordinator.pages import locked_redirect, saving
from juror_app.coordinator.participants_csv import (
    CsvImportError,
    Problem,
    parse_participants,
    template_csv,
)
from juror_app.coordinator.queries import existing_participant_keys, get_or_404
from juror_app.core.extensions import db
from juror_app.core.text import N_
from juror_app.models import Edition, Participant, Role, record

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)


@bp.route("/editions/<int:edition_id>/participants/import", methods=["GET", "POST"])
@allow(*COORDINATORS)
def participants_import(edition_id: int):
    """Upload a CSV; a single bad row stores nothing and lists every problem."""
    edition = get_or_404(Edition, edition_id)
    back = url_for(".participants", edition_id=edition.id)
    if (refused := locked_redirect(edition, back)):
        return refused
    form, problems, status = UploadForm(accept=".csv,text/csv"), [], 200
    if form.validate_on_submit():
        problems, status = _import(edition, form.file.data)
        if not problems:
            return redirect(back)
    elif request.method == "POST":
        status = 422
    return render_template("coordinator/import.html", edition=edition, form=form,
                           problems=problems), status


def _import(edition: Edition, upload) -> tuple[list[Problem], int]:
    """Parse and store the file; return the problems and the HTTP status to answer."""
    limit = upload_limit("CSV_MAX_BYTES", 2 * 1024 * 1024)
    raw = upload.read(limit + 1)
    try:
        parsed = parse_participants(raw, max_bytes=limit,
                                    existing=existing_participant_keys(edition))
    except CsvImportError as error:
        return error.problems, 413 if len(raw) > limit else 422
    with saving() as save:
        participants = [Participant(edition=edition, **row) for row in parsed.rows]
        db.session.add_all(participants)
        db.session.flush()
        # One event for the batch: the file is the unit the coordinator acted on.
        record(db.session, actor_id=current_user.id, action="participant.import",
               entity_type="edition", entity_id=edition.id,
               after={"file": upload.filename, "participant_ids": [p.id for p in participants]})
    if not save.ok:
        return [Problem(0, "", N_("Ktoś w tym czasie dodał tych samych uczestników. "
                                  "Odśwież listę i spróbuj ponownie."))], 409
    _report(len(participants), parsed.ignored_columns)
    return [], 302


# A flash lives in the session cookie, which a browser drops past 4 KB: a file with
# thousands of unknown columns (or one very long header) names only the first few.
SHOWN_COLUMNS, SHOWN_WIDTH = 5, 40


def _report(count: int, ignored_columns: list[str]) -> None:
    flash(ngettext("Zaimportowano %(num)d uczestnika.", "Zaimportowano %(num)d uczestników.",
                   count), "success")
    shown = ", ".join(c if len(c) <= SHOWN_WIDTH else c[:SHOWN_WIDTH - 1] + "…"
                      for c in ignored_columns[:SHOWN_COLUMNS])
    if len(ignored_columns) > SHOWN_COLUMNS:
        # The total as a number in brackets: no Polish plural form to choose.
        flash(_("Pominięto nieznane kolumny (razem %(count)d), m.in.: %(columns)s.",
                count=len(ignored_columns), columns=shown), "info")
    elif ignored_columns:
        flash(_("Pominięto nieznane kolumny: %(columns)s.", columns=shown), "info")


@bp.route("/participants/template.csv")
@allow(*COORDINATORS)
def participants_template():
    """A CSV template with the expected headers and one example row."""
    return Response(template_csv(), content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="uczestnicy-szablon.csv"'})
