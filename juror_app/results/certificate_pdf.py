"""Licence certificates as real A4 PDFs (WeasyPrint), one or a whole edition's batch.

The page is HTML + CSS (templates/results/certificate_pdf.html) so it reads like the rest
of the site; WeasyPrint lays it out with Pango, so Polish letters need only a system font
(DejaVu in CI). No Flask here: the view renders the HTML and hands it over.
"""
from __future__ import annotations

from datetime import date

from weasyprint import HTML

from juror_app.models import Edition, Participant


def certificate_number(edition: Edition, participant: Participant) -> str:
    """Stable and unique per edition and participant: LJ/2025/02/0042."""
    return f"LJ/{edition.year}/{edition.id:02d}/{participant.id:04d}"


def valid_until(edition: Edition) -> date:
    """The licence holds for the year after the edition's (until the next edition's gala)."""
    return date(edition.year + 1, 12, 31)


def to_pdf(html: str, base_url: str | None = None) -> bytes:
    return HTML(string=html, base_url=base_url).write_pdf()
