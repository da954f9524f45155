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
    plan = balance([1, 2], ("phone",), [10, 11, 12], 1, load={10: 5},
                   taken=[(11, 1)], conflicts=[(12, 2)])
    assert (11, 1) not in plan.assignments and (12, 2) not in plan.assignments
    assert set(plan.assignments) == {(12, 1), (11, 2)}  # juror 10 already carries 5
    assert plan.load == {10: 5, 11: 1, 12: 1}


def test_what_cannot_be_filled_is_reported_not_forced():
    plan = balance([1], CHANNELS, [10, 11], 1, conflicts=[(11, 1)])
    assert plan.assignments == {(10, 1): ["visit"]}
    assert plan.unfilled == {(1, "phone"): 1, (1, "email"): 1}


def test_random_editions_never_break_a_rule():
    rng = random.Random(7)
    for _ in range(50):
        participants = list(range(rng.randint(1, 40)))
        jurors = list(range(100, 100 + rng.randint(1, 12)))
        conflicts = {(rng.choice(jurors), rng.choice(participants)) for _ in range(10)}
        taken = {(rng.choice(jurors), rng.choice(participants)) for _ in range(10)}
        plan = balance(participants, CHANNELS, jurors, rng.randint(1, 3),
                       conflicts=conflicts, taken=taken)
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
