"""The ranking at scale: stored contact scores, a cache that is never stale, paged pages."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from bench.bench_review import counting
from juror_app.core.extensions import db
from juror_app.models import Category, Contact, ContactStatus, Distinction, Edition, Rubric
from juror_app.results import ranking_page
from juror_app.results.ranking import CACHE, compute_ranking
from juror_app.rubric.scoring import contact_share, criterion_results
from tests.api_support import juror_with_assignment, new_id, payload
from tests.factories import make_assignment, make_edition, make_participant, make_user
from tests.results_helpers import SMALL_RUBRIC, scored_contact, set_scores

APPROVED = ContactStatus.APPROVED


def row_of(edition, name):
    return next(r for r in compute_ranking(db.session, edition).rows if r.name == name)


def test_a_contact_keeps_its_score_in_step_with_its_criteria(app):
    edition = make_edition(rubric=SMALL_RUBRIC)
    contact = scored_contact(make_assignment(participant=make_participant(edition)), "phone",
                             {"courtesy": 4, "routing": None}, {"rings": 2},
                             rubric=SMALL_RUBRIC)
    assert contact.score == contact_share(criterion_results(
        SMALL_RUBRIC["channels"]["phone"], {"courtesy": 4, "routing": None}, {"rings": 2}))
    set_scores(contact, {"courtesy": 0, "routing": 0}, {"rings": 30}, SMALL_RUBRIC)
    db.session.commit()
    assert db.session.scalar(sa.select(Contact.score).where(Contact.id == contact.id)) == 0.0


def test_every_change_the_ranking_shows_is_in_the_next_view(app, client, coordinator):
    """Approval, return, rubric, distinction, participant, and a bulk UPDATE: never stale."""
    edition = make_edition(rubric=SMALL_RUBRIC, licence_threshold=75.0)
    participant = make_participant(edition, name="Gmina Stale")
    assignment = make_assignment(participant=participant)
    waiting = scored_contact(assignment, "phone", {"courtesy": 5, "routing": 5},
                             {"rings": 0}, ContactStatus.SUBMITTED, SMALL_RUBRIC)
    url = f"/results/{edition.id}/ranking"
    assert "Nie ma jeszcze zatwierdzonych" in client.get(url).get_data(as_text=True)
    assert row_of(edition, "Gmina Stale").score is None  # cached now
    waiting.status = APPROVED
    db.session.commit()
    assert row_of(edition, "Gmina Stale").score == 100.0
    assert "Gmina Stale</a>" in client.get(url).get_data(as_text=True)
    waiting.status = ContactStatus.RETURNED
    db.session.commit()
    assert row_of(edition, "Gmina Stale").score is None
    db.session.execute(sa.update(Contact).where(Contact.id == waiting.id)
                       .values(status=APPROVED))
    db.session.commit()
    assert row_of(edition, "Gmina Stale").score == 100.0
    heavier = {**SMALL_RUBRIC, "channels": {**SMALL_RUBRIC["channels"]}}
    scored_contact(assignment, "website", {"content": 5, "mobile": None}, rubric=SMALL_RUBRIC)
    assert row_of(edition, "Gmina Stale").score == 87.5  # (3·100 + 1·50) / 4
    heavier["channels"]["website"] = {**heavier["channels"]["website"], "weight": 3}
    db.session.add(Rubric(edition=edition, version=2, data=heavier))
    db.session.commit()
    assert row_of(edition, "Gmina Stale").score == 75.0  # (3·100 + 3·50) / 6
    participant.name = "Gmina Świeża"
    db.session.commit()
    assert row_of(edition, "Gmina Świeża").rank == 1
    db.session.add(Distinction(edition_id=edition.id, participant=participant,
                               kind="statuette", justification="Wzorowa obsługa.",
                               expert=make_user("expert")))
    db.session.commit()
    assert [d.kind for d in row_of(edition, "Gmina Świeża").distinctions] == ["statuette"]


def results_version(edition) -> str:
    return db.session.scalar(sa.select(Edition.results_version).where(Edition.id == edition.id))


def test_a_jurors_new_contact_keeps_the_cached_ranking_until_it_is_approved(app, client):
    """A submitted contact is outside the ranking: its PUT neither renews the version (one
    UPDATE, and on PostgreSQL the edition row locked to commit) nor drops the cache."""
    juror, assignment, headers = juror_with_assignment()
    edition = assignment.edition
    cached = CACHE.rows(db.session, edition)
    version = results_version(edition)
    client_id = new_id()
    response = client.put(f"/api/v1/contacts/{client_id}", json=payload(assignment),
                          headers=headers)
    assert response.status_code == 201
    db.session.expire_all()
    assert results_version(edition) == version
    assert CACHE.rows(db.session, edition) is cached  # reused, not computed again
    assert row_of(edition, assignment.participant.name).score is None
    contact = db.session.scalar(sa.select(Contact).where(Contact.client_id == uuid.UUID(client_id)))
    contact.status = APPROVED
    db.session.commit()
    assert results_version(edition) != version
    assert row_of(edition, assignment.participant.name).score is not None


def ranked_edition(participants: int):
    edition = make_edition(rubric=SMALL_RUBRIC)
    for n in range(participants):
        participant = make_participant(edition, name=f"Uczestnik {n:02d}",
                                       category=Category.GMINA if n % 3 else Category.POWIAT)
        scored_contact(make_assignment(participant=participant), "phone",
                       {"courtesy": n % 6, "routing": 5}, {"rings": n % 7}, rubric=SMALL_RUBRIC)
    return edition


def test_the_ranking_costs_the_same_statements_whatever_the_size(app):
    counts = []
    for participants in (2, 12):
        edition = ranked_edition(participants)
        db.session.expire_all()
        with counting() as cold:
            compute_ranking(db.session, edition)
        with counting() as warm:
            compute_ranking(db.session, edition)
        counts.append((len(cold), len(warm)))
    assert counts[0] == counts[1]
    assert counts[0][1] < counts[0][0]  # the second view reads the version, not the rows


def test_pages_of_any_size_cost_the_same_and_add_up_to_the_whole_list(app, client, coordinator,
                                                                      monkeypatch):
    edition = ranked_edition(12)
    whole = [r.name for r in compute_ranking(db.session, edition).rows]
    client.get(f"/results/{edition.id}/ranking")  # the first view of a session reads more
    seen = {}
    for per_page in (5, 50):
        monkeypatch.setattr(ranking_page, "PER_PAGE", per_page)
        names, statements = [], set()
        for page in range(1, -(-12 // per_page) + 1):
            with counting() as sql:
                body = client.get(f"/results/{edition.id}/ranking?category=all&page={page}")
            assert body.status_code == 200
            statements.add(len(sql))
            names += [n for n in whole if f">{n}</a>" in body.get_data(as_text=True)]
        seen[per_page] = (names, statements)
    assert seen[5][0] == seen[50][0] == whole
    assert seen[5][1] == seen[50][1] and len(seen[5][1]) == 1
    assert client.get(f"/results/{edition.id}/ranking?category=nope").status_code == 404


def test_the_overview_shows_the_top_of_each_list_with_its_full_count(app, client, coordinator,
                                                                     monkeypatch):
    monkeypatch.setattr(ranking_page, "TOP", 3)
    edition = ranked_edition(12)
    body = client.get(f"/results/{edition.id}/ranking").get_data(as_text=True)
    assert "Pokaż całą listę (12)" in body and "Pokaż całą listę (8)" in body
    assert body.count('<th scope="row">') == 3 * 3  # two categories and overall, 3 rows each
