"""The ranking and the licence list."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from juror_app.accounts.access import allow
from juror_app.core.extensions import db
from juror_app.models import Role
from juror_app.results.blueprint import bp
from juror_app.results.charts import score_histogram
from juror_app.results.common import edition_or_404, page_context
from juror_app.results.lifecycle import drift
from juror_app.results.ranking import compute_ranking

READERS = (Role.COORDINATOR, Role.ADMIN, Role.EXPERT)
CHART_FROM = 3  # participants with a score needed before a category gets a histogram


@bp.route("/ranking", defaults={"edition_id": None})
@bp.route("/<int:edition_id>/ranking")
@allow(*READERS)
def ranking(edition_id):
    """The ranking per category and overall, with the method explained."""
    edition = edition_or_404(edition_id or request.args.get("edition", type=int))
    if edition is None or edition.rubric is None:
        return render_template("results/no_edition.html")
    result = compute_ranking(db.session, edition)
    context = page_context(edition, "ranking")
    # A distribution needs a few points; a lone participant is clearer in the table.
    charts = {
        category: score_histogram(scores, context["categories"].get(category, category), "%")
        for category, rows in result.by_category().items()
        if len(scores := [r.score for r in rows if r.score is not None]) >= CHART_FROM
    }
    if len(result.scored) >= CHART_FROM:
        charts["all"] = score_histogram([r.score for r in result.scored], _("Wszyscy"), "%")
    return render_template("results/ranking.html", ranking=result, charts=charts,
                           drift=drift(db.session, result), **context)


@bp.route("/<int:edition_id>/licences")
@allow(*READERS)
def licences(edition_id):
    """Participants who earn the quality licence, and who narrowly do not."""
    edition = edition_or_404(edition_id)
    result = compute_ranking(db.session, edition)
    missed = [r for r in result.scored if not r.licence]
    return render_template("results/licences.html", ranking=result, missed=missed,
                           **page_context(edition, "licences"))
