"""CSV and XLSX downloads of the ranking and of every contact."""
from __future__ import annotations

from flask import Response, abort
from flask_babel import gettext as _

from juror_app.accounts.access import allow
from juror_app.core.extensions import db
from juror_app.models import Role
from juror_app.results import exports
from juror_app.results.blueprint import bp
from juror_app.results.common import edition_or_404
from juror_app.results.contacts_export import contacts_table
from juror_app.results.labels import export_labels
from juror_app.results.ranking import compute_ranking

# content_type, not mimetype: Flask would add "; charset=utf-8" a second time.
MIME = {"csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download(table, fmt: str, name: str, sheet: str, codebook=None) -> Response:
    if fmt not in MIME:
        abort(404, _("Dostępne formaty to CSV i XLSX."))
    body = exports.to_csv(table) if fmt == "csv" else exports.to_xlsx(table, sheet, codebook)
    return Response(body, content_type=MIME[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
        "Cache-Control": "no-store"})


@bp.route("/<int:edition_id>/export/ranking.<fmt>")
@allow(Role.COORDINATOR, Role.ADMIN, Role.EXPERT)
def export_ranking(edition_id, fmt):
    """The ranking as a spreadsheet."""
    edition = edition_or_404(edition_id)
    labels = export_labels(edition.rubric.data)
    table = exports.ranking_table(compute_ranking(db.session, edition), labels)
    return download(table, fmt, f"ranking-{edition.year}-{edition.id}", _("Ranking"))


@bp.route("/<int:edition_id>/export/contacts.<fmt>")
@allow(Role.COORDINATOR, Role.ADMIN)
def export_contacts(edition_id, fmt):
    """Every contact with criterion points, statuses and audit trail (names jurors)."""
    edition = edition_or_404(edition_id)
    labels = export_labels(edition.rubric.data)
    header, rows, codebook = contacts_table(db.session, edition, labels)
    return download((header, rows), fmt, f"kontakty-{edition.year}-{edition.id}",
                    _("Kontakty"), (_("Słownik"), [(labels["column"], labels["meaning"]),
                                                   *codebook]))
