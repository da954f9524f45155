"""How strict or lenient each juror is compared with the others."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from juror_app.accounts.access import allow
from juror_app.core.extensions import db
from juror_app.core.i18n import signed
from juror_app.models import Role
from juror_app.results import calibration
from juror_app.results.blueprint import bp
from juror_app.results.charts import diverging_bars
from juror_app.results.common import edition_or_404, page_context


@bp.route("/<int:edition_id>/calibration")
@allow(Role.COORDINATOR, Role.ADMIN)
def calibration_page(edition_id):
    """Per juror: mean difference from the others on the judged criteria, spread, flags; ICC."""
    edition = edition_or_404(edition_id)
    rubric = edition.rubric.data
    rules = calibration.rule_criteria(rubric)  # measured, not judged: left out
    jurors = calibration.juror_calibration(db.session, edition.id, rules)
    agreement = calibration.channel_agreement(db.session, edition.id, list(rubric["channels"]),
                                              rules)
    chart = diverging_bars(
        [(j.name, j.mean_diff, j.spread, j.flagged) for j in jurors if j.cells],
        calibration.FLAG_POINTS,
        _("Średnia różnica ocen jurora względem pozostałych (punkty procentowe)"),
        signed,
    ) if any(j.cells for j in jurors) else None
    return render_template("results/calibration.html", jurors=jurors, agreement=agreement,
                           chart=chart, flag_points=calibration.FLAG_POINTS,
                           min_cells=calibration.MIN_CELLS,
                           **page_context(edition, "calibration"))
