"""The public laureates page of a published edition: no login, cacheable, nothing else."""
from __future__ import annotations

from flask import abort, render_template

from juror_app.accounts.access import public
from juror_app.core.collation import polish_key
from juror_app.core.extensions import db
from juror_app.models import Edition, EditionStatus
from juror_app.participant_results.blueprint import bp
from juror_app.results import labels
from juror_app.results.ranking import compute_ranking

# Published results do not change: let browsers and Caddy keep the page for 10 minutes.
CACHE = {"Cache-Control": "public, max-age=600"}


@bp.route("/wyniki/<int:edition_id>")
@public
def laureates(edition_id: int):
    """Licensed participants by category with their statuettes and distinctions."""
    edition = db.session.get(Edition, edition_id)
    if edition is None or edition.status != EditionStatus.PUBLISHED or edition.rubric is None:
        abort(404)
    ranking = compute_ranking(db.session, edition)
    categories = labels.category_labels()
    by_category = {}
    for row in sorted((r for r in ranking.rows if r.licence),
                      key=lambda r: (list(categories).index(r.category), polish_key(r.name))):
        by_category.setdefault(row.category, []).append(row)
    names = labels.channel_labels(edition.rubric.data)
    return render_template(
        "participant_results/laureates.html", edition=edition, ranking=ranking,
        by_category=by_category, categories=categories, kinds=labels.kind_labels(),
        channels_text=lambda keys: ", ".join(names.get(k, k) for k in keys)), 200, CACHE
