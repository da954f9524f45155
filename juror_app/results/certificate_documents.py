"""The certificate PDF as an HTTP answer, shared by the staff's and the participant's pages.

Not a view module (it registers no route and imports no blueprint), so both the results
views and participant_results can use it without one feature importing the other's views.
It does use Flask: it renders the template and turns a missing PDF library into a 503.
"""
from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, render_template, request
from flask_babel import gettext as _

from juror_app.results import certificate_pdf
from juror_app.results.labels import kind_labels


def certificates_pdf(edition, rows, name: str) -> Response:
    """The PDF of these ranked rows' certificates, one A4 page each."""
    participants = {p.id: p for p in edition.participants}
    certificates = [{"participant": participants[r.participant_id], "row": r,
                     "number": certificate_pdf.certificate_number(
                         edition, participants[r.participant_id])} for r in rows]
    issued = edition.published_at.date() if edition.published_at else date.today()
    html = render_template("results/certificate_pdf.html", edition=edition,
                           certificates=certificates, issued=issued,
                           valid_until=certificate_pdf.valid_until(edition),
                           kinds=kind_labels(),
                           # The organiser's own name, or no line: a made-up default
                           # printed "Organizator Organizator Konkursu …" on certificates.
                           organiser=current_app.config.get("ORGANISER_NAME", ""))
    try:
        pdf = certificate_pdf.to_pdf(html, request.url_root)
    except certificate_pdf.PdfUnavailable as exc:
        current_app.logger.error("certificate PDF: %s", exc)
        abort(503, _("Certyfikaty PDF są chwilowo niedostępne: na serwerze brakuje "
                     "bibliotek do składu PDF. Pozostałe funkcje działają."))
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}.pdf"'})
