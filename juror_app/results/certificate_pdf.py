"""Licence certificates as real A4 PDFs (WeasyPrint), one or a whole edition's batch.

The page is HTML + CSS (templates/results/certificate_pdf.html) so it reads like the rest
of the site; WeasyPrint lays it out with Pango, so Polish letters need only a system font
(DejaVu in CI). No Flask here: the view renders the HTML and hands it over.
"""
from __future__ import annotations

from datetime import date

from PIL import ImageFile

from juror_app.models import Edition, Participant

PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or the Pango libraries it loads when imported, is missing here."""


def certificate_number(edition: Edition, participant: Participant) -> str:
    """Stable and unique per edition and participant: LJ/2025/02/0042."""
    return f"LJ/{edition.year}/{edition.id:02d}/{participant.id:04d}"


def valid_until(edition: Edition) -> date:
    """The licence holds for the year after the edition's (until the next edition's gala)."""
    return date(edition.year + 1, 12, 31)


def to_pdf(html: str, base_url: str | None = None) -> bytes:
    return weasyprint_html()(string=html, base_url=base_url).write_pdf()


def weasyprint_html():
    """WeasyPrint's HTML class, imported at the first certificate, not at app start.

    Its import loads Pango through cffi: on a server without Pango it raises OSError, and
    at app start that would take the whole site down for the sake of two PDF links. It
    also turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES, which would let half a
    photo through as evidence; the flag is put back as it was.
    """
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            f"WeasyPrint cannot be loaded ({exc}): install Debian's {PANGO_PACKAGES} "
            "on this app server (README, Production) and restart it") from exc
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    return HTML
