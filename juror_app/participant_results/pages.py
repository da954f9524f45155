"""The participant's pages reuse the results' own report context (one report for all)."""
from __future__ import annotations

from flask import abort

from juror_app.models import Edition, Participant
from juror_app.results import report_page
from juror_app.results.ranking import RankedParticipant


def ranked_row(edition: Edition, participant: Participant) -> RankedParticipant:
    row = report_page.ranked_row(edition, participant)
    if row is None:
        abort(404)
    return row


def report_context(participant: Participant) -> dict:
    """The staff report's context, marked public: the template then drops staff links."""
    return report_page.report_context(participant.edition, participant) | {"public_view": True}
