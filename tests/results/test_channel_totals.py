"""The kept counts (scores per participant × channel, contacts per task × channel × status)
equal a fresh count from the contacts after every kind of change, on both databases: the
ranking, the start page and the coverage matrix read nothing else."""
from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import (
    Assignment,
    ChannelTotal,
    Contact,
    ContactStatus,
    CriterionScore,
    Participant,
    TaskCount,
)
from juror_app.models import totals as kept
from juror_app.results.ranking import compute_ranking
from tests.factories import make_assignment, make_edition, make_participant, make_user
from tests.results_helpers import SMALL_RUBRIC, scored_contact, set_scores
from tests.review_support import decision_form

APPROVED = ContactStatus.APPROVED
STATUSES = [APPROVED, ContactStatus.SUBMITTED, ContactStatus.RETURNED, ContactStatus.REJECTED]
PHONE = [{"courtesy": c, "routing": r} for c in (0, 3, 5) for r in (None, 1, 4)]


def stored() -> dict[tuple, tuple]:
    db.session.commit()
    scores = {("scores", r.participant_id, r.channel): (round(r.score_sum, 9), r.scored)
              for r in db.session.scalars(sa.select(ChannelTotal)) if r.scored}
    tasks = {("tasks", r.assignment_id, r.channel, r.status): (r.contacts,)
             for r in db.session.scalars(sa.select(TaskCount)) if r.contacts}
    return scores | tasks


def fresh() -> dict[tuple, tuple]:
    """What the pages used to count on every view: every contact, grouped (the ranking:
    the approved ones' scores)."""
    scores = db.session.execute(
        sa.select(Assignment.participant_id, Contact.channel, sa.func.sum(Contact.score),
                  sa.func.count(Contact.score))
        .join(Assignment, Contact.assignment_id == Assignment.id)
        .where(Contact.status == APPROVED, Contact.score.is_not(None))
        .group_by(Assignment.participant_id, Contact.channel))
    status = sa.type_coerce(Contact.status, sa.String)
    tasks = db.session.execute(sa.select(Contact.assignment_id, Contact.channel, status,
                                         sa.func.count())
                               .group_by(Contact.assignment_id, Contact.channel, status))
    return ({("scores", p, c): (round(total, 9), count) for p, c, total, count in scores}
            | {("tasks", a, c, s): (n,) for a, c, s, n in tasks})


def scored(totals: dict) -> dict:
    return {key[1:]: value for key, value in totals.items() if key[0] == "scores"}


@pytest.fixture
def season(app):
    edition = make_edition(rubric=SMALL_RUBRIC)
    tasks = [make_assignment(participant=make_participant(edition, name=f"Gmina {i}"))
             for i in range(3)]
    return edition, tasks


def test_flushes_and_review_decisions_keep_the_totals(season, client, coordinator):
    edition, tasks = season
    rng = random.Random(5)
    contacts, most, approvals = [], 0, 0
    for step in range(60):
        move = rng.choices(["new", "status", "rescore", "review", "delete"],
                           [4, 2, 2, 3, 1] if contacts else [1, 0, 0, 0, 0])[0]
        if move == "new":
            contacts.append(scored_contact(rng.choice(tasks), "phone", rng.choice(PHONE),
                                           {"rings": rng.randint(0, 9)}, rng.choice(STATUSES),
                                           SMALL_RUBRIC))
        elif move == "status":
            rng.choice(contacts).status = rng.choice(STATUSES)
        elif move == "rescore":
            set_scores(rng.choice(contacts), rng.choice(PHONE), {"rings": rng.randint(0, 9)},
                       SMALL_RUBRIC)
        elif move == "review":  # the conditional UPDATE that passes the flush by
            contact = rng.choice(contacts)
            contact.status = ContactStatus.SUBMITTED
            db.session.commit()
            decision = rng.choice(["approve", "return"])
            answer = client.post(f"/review/contacts/{contact.id}/{decision}",
                                 data=decision_form(contact, comment="Proszę poprawić."))
            assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
            approvals += decision == "approve"
        else:
            doomed = contacts.pop(rng.randrange(len(contacts)))
            db.session.delete(doomed)
        db.session.commit()
        assert stored() == fresh(), f"step {step}: {move}"
        most = max([most, *(count for _, count in scored(stored()).values())])
    assert most >= 2 and approvals >= 3  # the walk did count contacts, also by review


def test_a_bulk_statement_and_a_load_past_the_session_are_recounted(season):
    edition, (task, *_) = season
    contact = scored_contact(task, "phone", PHONE[-1], {"rings": 1}, ContactStatus.SUBMITTED,
                             SMALL_RUBRIC)
    assert stored() == {("tasks", task.id, "phone", "submitted"): (1,)}
    db.session.execute(sa.update(Contact).where(Contact.id == contact.id)
                       .values(status=APPROVED))
    assert stored() == fresh() and scored(stored())[(task.participant_id, "phone")][1] == 1
    with db.engine.begin() as connection:  # unseen by the session: the caller recounts
        connection.execute(sa.delete(CriterionScore))
        connection.execute(sa.delete(Contact))
    assert stored() != fresh() == {}
    with db.engine.begin() as connection:
        kept.rebuild(connection)
    assert stored() == fresh() == {}


def test_a_failed_flush_leaves_no_delta_behind(season):
    edition, (task, *_) = season
    contact = scored_contact(task, "phone", PHONE[-1], {"rings": 1}, ContactStatus.SUBMITTED,
                             SMALL_RUBRIC)
    twin = task.participant  # the same name and city in one edition: refused
    twin = Participant(edition_id=edition.id, name=twin.name, city=twin.city,
                       category=twin.category)
    db.session.refresh(contact)  # loaded: the flush takes the old status from the object
    contact.status = APPROVED  # and the failing INSERT is in the same flush
    db.session.add(twin)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(scored_contact(task, "phone", PHONE[0], {"rings": 9}, APPROVED,
                                  SMALL_RUBRIC))
    assert stored() == fresh()


def test_a_removed_task_takes_its_contacts_out(season):
    edition, (first, second, third) = season
    for task in (first, second, third):
        scored_contact(task, "phone", PHONE[4], {"rings": 1}, APPROVED, SMALL_RUBRIC)
    for contact in db.session.scalars(sa.select(Contact).where(Contact.assignment_id
                                                               == first.id)):
        db.session.delete(contact)
    db.session.delete(first)  # in the same flush: that edition is recounted
    assert stored() == fresh()
    assert {p for p, _ in scored(stored())} == {second.participant_id, third.participant_id}
    assert [r.score is not None for r in compute_ranking(db.session, edition).rows].count(
        True) == 2


def test_totals_keep_their_own_juror_out_of_it(season):
    """A second juror's contact on the same participant adds to the same row."""
    edition, (task, *_) = season
    other = make_assignment(participant=task.participant, juror=make_user("juror"))
    scored_contact(task, "phone", PHONE[8], {"rings": 1}, APPROVED, SMALL_RUBRIC)
    scored_contact(other, "phone", PHONE[0], {"rings": 9}, APPROVED, SMALL_RUBRIC)
    assert stored() == fresh()
    assert scored(stored())[(task.participant_id, "phone")][1] == 2
    assert stored()[("tasks", other.id, "phone", "approved")] == (1,)
