"""The participant report page's context, shared by the staff page and the participant's
private link (juror_app.participant_results), so both always show the same report."""
from __future__ import annotations

from juror_app.core.extensions import db
from juror_app.models import Edition, Participant
from juror_app.results import participant_report as report
from juror_app.results.common import page_context
from juror_app.results.criteria import groups_of
from juror_app.results.ranking import RankedParticipant, compute_ranking


def ranked_row(edition: Edition, participant: Participant) -> RankedParticipant | None:
    rows = compute_ranking(db.session, edition).rows
    return next((r for r in rows if r.participant_id == participant.id), None)


def report_context(edition: Edition, participant: Participant) -> dict:
    """Scores per channel and criterion, strengths and weaknesses — no juror identities."""
    rubrics = {r.version: r.data for r in edition.rubrics}
    figures = report.criterion_figures(db.session, participant.id, rubrics)
    group_names = groups_of(rubrics, rubrics)  # every version's groups, the newest's labels
    return dict(participant=participant, row=ranked_row(edition, participant),
                figures=figures, groups=report.group_figures(figures, group_names),
                strengths=report.strengths(figures), weaknesses=report.weaknesses(figures),
                group_names=group_names, **page_context(edition, "report"))
