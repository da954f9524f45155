"""Printable pages: a participant's report and the licence certificate."""
from __future__ import annotations

from flask import abort, render_template
from flask_babel import gettext as _

from juror_app.accounts.access import allow
from juror_app.models import Role
from juror_app.results.blueprint import bp
from juror_app.results.common import edition_or_404, page_context, participant_or_404
from juror_app.results.report_page import ranked_row, report_context

READERS = (Role.COORDINATOR, Role.ADMIN, Role.EXPERT)


@bp.route("/<int:edition_id>/participants/<int:participant_id>/report")
@allow(*READERS)
def participant_report(edition_id, participant_id):
    """Scores per channel and criterion, strengths and weaknesses — no juror identities."""
    edition = edition_or_404(edition_id)
    participant = participant_or_404(edition, participant_id)
    if participant.archived:
        abort(404, _("Ten uczestnik został wycofany z edycji."))
    return render_template("results/report.html", **report_context(edition, participant))


@bp.route("/<int:edition_id>/participants/<int:participant_id>/certificate")
@allow(*READERS)
def certificate(edition_id, participant_id):
    """The quality licence certificate for the gala; only for a participant who earned it."""
    edition = edition_or_404(edition_id)
    participant = participant_or_404(edition, participant_id)
    row = None if participant.archived else ranked_row(edition, participant)
    if row is None or not row.licence:
        abort(404, _("Ten uczestnik nie uzyskał Licencji Jakości w tej edycji."))
    return render_template("results/certificate.html", participant=participant, row=row,
                           **page_context(edition, "certificate"))
