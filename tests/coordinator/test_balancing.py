"""The balancing rule of automatic assignment, tested directly (no Flask, no database)."""
from __future__ import annotations

import random
import re

from juror_app.coordinator.balancing import balance

CHANNELS = ("visit", "phone", "email")



def test_every_participant_channel_gets_n_distinct_jurors_with_even_load():
    plan = balance(list(range(1, 31)), CHANNELS, [10, 11, 12, 13, 14, 15, 16], 2)
    for p in range(1, 31):
        jurors_here = [j for (j, q) in plan.assignments if q == p]
        assert len(jurors_here) == 6 == len(set(jurors_here))  # 3 channels × 2, all distinct
        for ch in CHANNELS:
            assert sum(1 for (j, q), chs in plan.assignments.items() if q == p and ch in chs) == 2
    loads = plan.load.values()
    assert max(loads) - min(loads) <= 1 and sum(loads) == 30 * 3 * 2
    assert not plan.unfilled


def test_conflicts_and_existing_assignments_are_respected_and_counted_in_the_load():
    plan = balance([1, 2], ("phone",), [10, 11, 12], 1,
                   existing={(10, 3): ["visit", "phone", "email", "social_media", "website"],
                             (11, 1): ["visit"]},
                   conflicts=[(12, 2)])
    assert (11, 1) not in plan.assignments and (12, 2) not in plan.assignments
    assert set(plan.assignments) == {(12, 1), (11, 2)}  # juror 10 already carries 5
    assert plan.load == {10: 5, 11: 2, 12: 1}


def test_what_cannot_be_filled_is_reported_not_forced():
    plan = balance([1], CHANNELS, [10, 11], 1, conflicts=[(11, 1)])
    assert plan.assignments == {(10, 1): ["visit"]}
    assert plan.unfilled == {(1, "phone"): 1, (1, "email"): 1}
    assert plan.shortfall(CHANNELS) == [("phone", "busy", 1), ("email", "busy", 1)]


def test_fewer_jurors_than_channels_name_the_short_channel_and_a_second_run_fills_it():
    channels = ("visit", "phone", "email", "website")
    first = balance([1, 2], channels, [10, 11, 12], 1)
    assert first.shortfall(channels) == [("website", "busy", 2)]
    held = dict(first.assignments)
    again = balance([1, 2], ("website",), [10, 11, 12], 1, existing=held)
    assert not again.assignments and again.shortfall(("website",)) == [("website", "busy", 2)]
    allowed = balance([1, 2], ("website",), [10, 11, 12], 1, existing=held, several=True)
    assert not allowed.unfilled and len(allowed.assignments) == 2
    for (juror, participant), chs in allowed.assignments.items():
        assert chs == ["website"] and (juror, participant) in held  # added to their task


def test_a_channel_already_covered_counts_and_a_conflict_is_named():
    plan = balance([1], ("phone",), [10, 11], 2, existing={(10, 1): ["phone"]},
                   conflicts=[(11, 1)])
    assert not plan.assignments and plan.shortfall(("phone",)) == [("phone", "conflict", 1)]
    few = balance([1], ("phone",), [10], 2)
    assert few.shortfall(("phone",)) == [("phone", "few", 1)]


def test_random_editions_never_break_a_rule():
    rng = random.Random(7)
    for _ in range(50):
        participants = list(range(rng.randint(1, 40)))
        jurors = list(range(100, 100 + rng.randint(1, 12)))
        conflicts = {(rng.choice(jurors), rng.choice(participants)) for _ in range(10)}
        taken = {(rng.choice(jurors), rng.choice(participants)) for _ in range(10)}
        plan = balance(participants, CHANNELS, jurors, rng.randint(1, 3),
                       conflicts=conflicts, existing={pair: ["website"] for pair in taken})
        assert not set(plan.assignments) & (conflicts | taken)
        assert all(len(chs) == 1 for chs in plan.assignments.values())
        if not conflicts and not taken and not plan.unfilled:
            assert max(plan.load.values()) - min(plan.load.values()) <= 1


def test_the_auto_assignment_page_previews_then_saves_the_same_plan(client, coordinator):
    import sqlalchemy as sa

    from juror_app.core.extensions import db
    from juror_app.models import Assignment, ConflictOfInterest
    from tests.factories import make_assignment, make_edition, make_participant, make_user

    edition = make_edition()
    jurors = [make_user("juror", name=f"Juror {n}") for n in range(3)]
    fresh = [make_participant(edition, name=f"Gmina {n}") for n in range(4)]
    done = make_participant(edition, name="Gmina Przydzielona")
    make_assignment(jurors[0], done)
    db.session.add(ConflictOfInterest(juror_id=jurors[1].id, participant_id=fresh[0].id))
    db.session.commit()
    url = f"/coordinator/editions/{edition.id}/assignments/auto"
    form = {"category": "", "per_channel": "1", "channels": ["phone", "email"]}
    preview = client.post(url, data=form)
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Podgląd przydziału" in body
    assert "Nowe zadania: 8." in body and "Gmina Przydzielona" not in body
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Assignment))
    assert count == 1  # a preview stores nothing
    tag = re.search(r'<input[^>]*name="plan"[^>]*>', body).group(0)
    digest = re.search(r'value="([0-9a-f]{16})"', tag).group(1)
    saved = client.post(url, data={**form, "plan": digest})
    assert saved.status_code == 302
    rows = db.session.scalars(sa.select(Assignment).where(
        Assignment.participant_id.in_([p.id for p in fresh]))).all()
    assert len(rows) == 8 and all(len(a.channels) == 1 for a in rows)
    assert (jurors[1].id, fresh[0].id) not in {(a.juror_id, a.participant_id) for a in rows}
    stale = client.post(url, data={**form, "plan": digest})  # nothing left to assign now
    assert stale.status_code == 200 and "Nie ma czego przydzielić" in stale.get_data(
        as_text=True)


def _digest(body: str) -> str:
    tag = re.search(r'<input[^>]*name="plan"[^>]*>', body).group(0)
    return re.search(r'value="([0-9a-f]{16})"', tag).group(1)


def test_a_channel_left_short_is_named_and_a_second_run_adds_it_to_the_tasks(
        client, coordinator):
    import sqlalchemy as sa

    from juror_app.core.extensions import db
    from juror_app.models import Assignment
    from tests.factories import make_edition, make_participant, make_user

    edition = make_edition()
    for n in range(3):
        make_user("juror", name=f"Juror {n}")
    for n in range(2):
        make_participant(edition, name=f"Gmina {n}")
    url = f"/coordinator/editions/{edition.id}/assignments/auto"
    form = {"category": "", "per_channel": "1",
            "channels": ["visit", "phone", "email", "website"]}
    body = client.post(url, data=form).get_data(as_text=True)
    assert "Strona internetowa: uczestników bez jurora: 2" in body
    assert "bez konfliktu — brakuje" not in body
    client.post(url, data={**form, "plan": _digest(body)})
    website = {**form, "channels": ["website"]}
    again = client.post(url, data=website).get_data(as_text=True)
    assert "Strona internetowa: uczestników bez jurora: 2" in again
    allowed = client.post(url, data={**website, "several": "y"}).get_data(as_text=True)
    assert "Nowe zadania: 2." in allowed and "dopisany do zadania" in allowed
    client.post(url, data={**website, "several": "y", "plan": _digest(allowed)})
    rows = db.session.scalars(sa.select(Assignment)).all()
    assert len(rows) == 6  # one assignment per juror and participant, as the model wants
    for participant in {a.participant_id for a in rows}:
        channels = [c for a in rows if a.participant_id == participant for c in a.channels]
        assert sorted(channels) == ["email", "phone", "visit", "website"]


def test_a_channel_added_to_a_task_moves_its_due_date_later_never_earlier(
        client, coordinator):
    from datetime import date

    import sqlalchemy as sa

    from juror_app.core.extensions import db
    from juror_app.models import Assignment
    from tests.factories import make_assignment, make_edition, make_participant, make_user

    edition = make_edition()
    juror = make_user("juror", name="Juror")
    early, late, none = (make_participant(edition, name=f"Gmina {n}") for n in "ABC")
    for participant, due in ((early, date(2026, 1, 10)), (late, date(2026, 3, 1)),
                             (none, None)):
        make_assignment(juror, participant, channels=["phone"], due_on=due)
    early, late, none = early.id, late.id, none.id
    url = f"/coordinator/editions/{edition.id}/assignments/auto"
    form = {"category": "", "per_channel": "1", "channels": ["website"], "several": "y",
            "due_on": "2026-02-01"}
    body = client.post(url, data=form).get_data(as_text=True)
    assert "Nowe zadania: 3." in body and body.count("termin przesunięty na") == 2
    client.post(url, data={**form, "plan": _digest(body)})
    due = {r.participant_id: r.due_on for r in db.session.execute(
        sa.select(Assignment.participant_id, Assignment.due_on))}
    assert due == {early: date(2026, 2, 1), late: date(2026, 3, 1), none: date(2026, 2, 1)}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 3
