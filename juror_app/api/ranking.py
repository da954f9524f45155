"""GET /editions/{id}/ranking: the ranking for coordinators, admins and experts."""
from __future__ import annotations

from flask import abort, jsonify
from flask_babel import gettext

from juror_app.accounts.access import allow
from juror_app.api.blueprint import bp
from juror_app.core.extensions import db
from juror_app.core.text import N_
from juror_app.models import Edition, Role
from juror_app.results.ranking import RankedParticipant, Ranking, compute_ranking
from juror_app.results.shapes import EditionRanking

METHOD = N_("Wynik kontaktu = 100·Σ(punkty·waga)/Σ(maks.·waga) bez kryteriów „nie dotyczy”; "
          "wynik kanału = średnia zatwierdzonych kontaktów; wynik uczestnika = średnia kanałów "
          "ważona wagami rubryki (kanały bez kontaktu pominięte); zaokrąglenie do 0,01; "
          "równe wyniki = to samo miejsce (1, 1, 3); licencja = wynik ≥ próg i każdy "
          "wymagany kanał oceniony.")


def participant_json(row: RankedParticipant, channels: list[str]) -> dict:
    return {
        "id": row.participant_id, "name": row.name, "city": row.city,
        "category": str(row.category), "rank": row.rank, "category_rank": row.category_rank,
        "score": row.score,
        "channel_scores": {c: (None if c not in row.channel_scores
                               else round(row.channel_scores[c], 2)) for c in channels},
        "licence": row.licence, "missing_required_channels": row.missing_required,
        "distinctions": [{"kind": str(d.kind), "justification": d.justification}
                         for d in row.distinctions],
    }


def ranking_json(ranking: Ranking) -> dict:
    return EditionRanking(**ranking_fields(ranking)).model_dump()


def ranking_fields(ranking: Ranking) -> dict:
    edition = ranking.edition
    return {
        "edition": {"id": edition.id, "name": edition.name, "year": edition.year,
                    "status": str(edition.status),
                    "published_at": edition.published_at.isoformat()
                    if edition.published_at else None,
                    "licence_threshold": edition.licence_threshold,
                    "required_channels": ranking.required},
        "method": gettext(METHOD),
        "participants": [participant_json(r, ranking.channels) for r in ranking.rows],
    }


@bp.route("/editions/<int:edition_id>/ranking")
@allow(Role.COORDINATOR, Role.ADMIN, Role.EXPERT)
def edition_ranking(edition_id):
    """Each participant with channel scores, total, ranks, licence and distinctions."""
    edition = db.session.get(Edition, edition_id)
    if edition is None or edition.rubric is None:
        abort(404, "Nie ma takiej edycji albo nie ma ona jeszcze rubryki.")
    return jsonify(ranking_json(compute_ranking(db.session, edition)))
