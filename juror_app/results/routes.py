"""The ranking and the licence list."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _

from juror_app.accounts.access import allow
from juror_app.core.extensions import db
from juror_app.core.guard import int_arg
from juror_app.models import Role
from juror_app.results.blueprint import bp
from juror_app.results.charts import score_histogram
from juror_app.results.common import edition_or_404, page_context
from juror_app.results.lifecycle import drift
from juror_app.results.paging import page_of
from juror_app.results.ranking import compute_ranking
from juror_app.results.ranking_page import ALL, sections

READERS = (Role.COORDINATOR, Role.ADMIN, Role.EXPERT)
CHART_FROM = 3  # participants with a score needed before a category gets a histogram
LICENCES_PER_PAGE = 100


@bp.route("/ranking", defaults={"edition_id": None})
@bp.route("/<int:edition_id>/ranking")
@allow(*READERS)
def ranking(edition_id):
    """The ranking per category and overall, with the method explained."""
    edition = edition_or_404(edition_id or int_arg("edition"))
    if edition is None or edition.rubric is None:
        return render_template("results/no_edition.html")
    result = compute_ranking(db.session, edition)
    shown = sections(result, request.args.get("category"), request.args.get("page", type=int))
    if shown is None:
        abort(404)
    context = page_context(edition, "ranking")
    return render_template("results/ranking.html", ranking=result, sections=shown,
                           charts=charts(result, shown, context["categories"]),
                           drift=drift(db.session, result), **context)


def charts(result, shown, categories) -> dict:
    """A histogram per list shown; a distribution needs a few points (CHART_FROM)."""
    out = {}
    for key, rows in {s.key: [r for r in result.rows if s.key == ALL or r.category == s.key]
                      for s in shown}.items():
        scores = [r.score for r in rows if r.score is not None]
        if len(scores) >= CHART_FROM:
            title = _("Wszyscy") if key == ALL else categories.get(key, key)
            out[key] = score_histogram(scores, title, "%", ident=f"scores-{key}")
    return out


@bp.route("/<int:edition_id>/licences")
@allow(*READERS)
def licences(edition_id):
    """Participants who earn the quality licence, and who narrowly do not."""
    edition = edition_or_404(edition_id)
    result = compute_ranking(db.session, edition)
    licensed = page_of(result.licensed, request.args.get("page", type=int), LICENCES_PER_PAGE)
    missed = page_of([r for r in result.scored if not r.licence],
                     request.args.get("missed_page", type=int), LICENCES_PER_PAGE)
    return render_template("results/licences.html", ranking=result, licensed=licensed,
                           missed=missed, **page_context(edition, "licences"))
