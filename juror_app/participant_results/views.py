"""A participant's own results through its private link: no login, nobody else's."""
from __future__ import annotations

from flask import abort, current_app, render_template

from juror_app.accounts.access import public
from juror_app.core.extensions import db
from juror_app.participant_results import links
from juror_app.participant_results.blueprint import bp
from juror_app.participant_results.pages import ranked_row, report_context
from juror_app.results.certificate_documents import certificates_pdf
from juror_app.results.common import page_context

PRIVATE = {"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex",
           "Referrer-Policy": "no-referrer"}


def participant_or_404(token: str):
    participant = links.resolve(db.session, current_app.config["SECRET_KEY"], token)
    if participant is None:
        abort(404)
    return participant


@bp.route("/wyniki/raport/<token>")
@public
def report(token: str):
    """The participant's report: scores per channel and criterion, strengths, weaknesses."""
    context = report_context(participant_or_404(token))
    return render_template("results/report.html", token=token, **context), 200, PRIVATE


def licensed_or_404(token: str):
    """The participant behind the token and its ranked row, if it earned the licence."""
    participant = participant_or_404(token)
    row = ranked_row(participant.edition, participant)
    if not row.licence:
        abort(404)
    return participant, row


@bp.route("/wyniki/raport/<token>/certyfikat")
@public
def certificate(token: str):
    """The licence certificate, for a participant who earned it."""
    participant, row = licensed_or_404(token)
    return render_template("results/certificate.html", participant=participant, row=row,
                           public_view=True, token=token,
                           **page_context(participant.edition, "certificate")), 200, PRIVATE


@bp.route("/wyniki/raport/<token>/certyfikat.pdf")
@public
def certificate_file(token: str):
    """The same one-page A4 PDF the staff print, for the participant's own certificate."""
    participant, row = licensed_or_404(token)
    edition = participant.edition
    response = certificates_pdf(edition, [row], f"licencja-{edition.year}-{participant.id}")
    response.headers.update(PRIVATE)
    return response
