"""An edition's rubric: read it, download it, upload a new version."""
import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from juror_app.accounts.access import allow
from juror_app.coordinator.audit import audit
from juror_app.coordinator.blueprint import bp
from juror_app.coordinator.forms import UploadForm, upload_limit
from juror_app.coordinator.pages import locked_redirect, saving
from juror_app.coordinator.participants_csv import human_size
from juror_app.coordinator.queries import get_or_404
from juror_app.core.extensions import db
from juror_app.core.guard import int_arg
from juror_app.evidence.flag_hooks import refresh_for_rubric
from juror_app.models import Edition, Role, Rubric
from juror_app.rubric import RubricError, parse_rubric

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)


@bp.route("/editions/<int:edition_id>/rubric", methods=["GET", "POST"])
@allow(*COORDINATORS)
def rubric(edition_id: int):
    """Show the current rubric; a valid upload becomes the next version."""
    edition = get_or_404(Edition, edition_id)
    form, problems = UploadForm(accept=".json,application/json"), []
    if request.method == "POST":
        if (refused := locked_redirect(edition, url_for(".rubric", edition_id=edition.id))):
            return refused
        if form.validate_on_submit():
            problems = _store_upload(edition, form.file.data)
            if not problems:
                flash(_("Zapisano wersję %(n)d rubryki.", n=edition.rubric.version), "success")
                return redirect(url_for(".rubric", edition_id=edition.id))
    status = 422 if request.method == "POST" else 200
    return render_template("coordinator/rubric.html", edition=edition, form=form,
                           problems=problems, rubric=edition.rubric), status


def _store_upload(edition: Edition, upload) -> list[str]:
    """Validate and store an uploaded rubric; return the problems, empty when stored."""
    limit = upload_limit("RUBRIC_MAX_BYTES", 256 * 1024)
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        return [_("Plik jest za duży (najwyżej %(size)s).", size=human_size(limit))]
    try:
        data = parse_rubric(raw)
    except RubricError as error:
        return [problem.translated(_) for problem in error.problems]
    version = (edition.rubric.version if edition.rubric else 0) + 1
    with saving() as save:
        row = Rubric(edition=edition, version=version, data=data,
                     created_by_id=current_user.id)
        db.session.add(row)
        audit("rubric.upload", row)
    if not save.ok:
        return [_("W tym samym czasie ktoś zapisał inną wersję. "
                  "Odśwież stronę i spróbuj ponownie.")]
    db.session.refresh(edition)
    refresh_for_rubric(edition)  # its min_minutes feed the too_fast flag
    return []


@bp.route("/editions/<int:edition_id>/rubric.json")
@allow(*COORDINATORS)
def rubric_download(edition_id: int):
    """The current rubric (or ?version=N) as a JSON file to edit and upload again."""
    edition = get_or_404(Edition, edition_id)
    version = int_arg("version")
    chosen = next((r for r in edition.rubrics if r.version == version), edition.rubric)
    if chosen is None:
        return redirect(url_for(".rubric", edition_id=edition.id))
    body = json.dumps(chosen.data, ensure_ascii=False, indent=2)
    name = f"rubryka-edycja{edition.id}-v{chosen.version}.json"
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
