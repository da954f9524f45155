"""Printable pages: a participant's report and the licence certificate."""
from __future__ import annotations

from flask import abort, render_template
from flask_babel import gettext as _

from juror_app.accounts.access import allow
from juror_app.core.extensions import db
from juror_app.models import Role
from juror_app.results import participant_report as report
from juror_app.results.blueprint import bp
from juror_app.results.common import edition_or_404, page_context, participant_or_404
from juror_app.results.criteria import groups_of
from juror_app.results.ranking import compute_ranking

READERS = (Role.COORDINATOR, Role.ADMIN, Role.EXPERT)


def ranked_row(edition, participant):
    rows = compute_ranking(db.session, edition).rows
    return next(r for r in rows if r.participant_id == participant.id)


@bp.route("/<int:edition_id>/participants/<int:participant_id>/report")
@allow(*READERS)
def participant_report(edition_id, participant_id):
    """Scores per channel and criterion, strengths and weaknesses — no juror identities."""
    edition = edition_or_404(edition_id)
    participant = participant_or_404(edition, participant_id)
    if participant.archived:
        abort(404, _("Ten uczestnik został wycofany z edycji."))
    rubrics = {r.version: r.data for r in edition.rubrics}
    figures = report.criterion_figures(db.session, participant.id, rubrics)
    group_names = groups_of(rubrics, rubrics)  # every version's groups, the newest's labels
    return render_template(
        "results/report.html", participant=participant, row=ranked_row(edition, participant),
        figures=figures, groups=report.group_figures(figures, group_names),
        strengths=report.strengths(figures), weaknesses=report.weaknesses(figures),
        group_names=group_names, **page_context(edition, "report"))


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
