"""Certificates as A4 PDFs: one participant's, or every licence of an edition in one file."""
from __future__ import annotations

from flask import abort
from flask_babel import gettext as _

from juror_app.accounts.access import allow
from juror_app.core.extensions import db
from juror_app.models import Role
from juror_app.results.blueprint import bp
from juror_app.results.certificate_documents import certificates_pdf
from juror_app.results.common import edition_or_404, participant_or_404
from juror_app.results.ranking import compute_ranking
from juror_app.results.report_page import ranked_row

READERS = (Role.COORDINATOR, Role.ADMIN, Role.EXPERT)


@bp.route("/<int:edition_id>/participants/<int:participant_id>/certificate.pdf")
@allow(*READERS)
def certificate_file(edition_id, participant_id):
    """The certificate as a one-page A4 PDF for printing at the gala."""
    edition = edition_or_404(edition_id)
    participant = participant_or_404(edition, participant_id)
    row = None if participant.archived else ranked_row(edition, participant)
    if row is None or not row.licence:
        abort(404, _("Ten uczestnik nie uzyskał Licencji Jakości w tej edycji."))
    return certificates_pdf(edition, [row], f"licencja-{edition.year}-{participant.id}")


@bp.route("/<int:edition_id>/licences.pdf")
@allow(*READERS)
def licences_file(edition_id):
    """Every licence of the edition in one PDF, a page each, in ranking order."""
    edition = edition_or_404(edition_id)
    licensed = compute_ranking(db.session, edition).licensed
    if not licensed:
        abort(404, _("Nikt jeszcze nie spełnia warunków licencji."))
    return certificates_pdf(edition, licensed, f"licencje-{edition.year}-{edition.id}")
