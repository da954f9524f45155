"""The SQL ranking against numbers computed by hand and against the Python reference."""
from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from juror_app.core.extensions import db
from juror_app.models import Category, ContactStatus
from juror_app.results.ranking import compute_ranking
from juror_app.results.ranking import half_up as ranking_half_up
from juror_app.rubric import default_rubric, validate_rubric
from juror_app.rubric.scoring import contact_share, criterion_results, participant_share
from tests.factories import make_assignment, make_edition, make_participant, make_user
from tests.results_helpers import SMALL_RUBRIC, scored_contact, set_scores

APPROVED, RETURNED = ContactStatus.APPROVED, ContactStatus.RETURNED


@pytest.fixture
def contest(app):
    """Six participants scored by three jurors on the small rubric (numbers in the test)."""
    assert validate_rubric(SMALL_RUBRIC) == []
    edition = make_edition(rubric=SMALL_RUBRIC, licence_threshold=75.0)
    j1, j2, j3 = (make_user("juror", name=f"Juror {n}") for n in (1, 2, 3))
    p = {key: make_participant(edition, name=f"Uczestnik {key}", category=cat)
         for key, cat in [("A", Category.GMINA), ("B", Category.GMINA), ("C", Category.GMINA),
                          ("D", Category.GMINA), ("E", Category.POWIAT),
                          ("F", Category.GMINA)]}
    a = {(key, j.name): make_assignment(j, p[key]) for key in p for j in (j1, j2, j3)}
    r = SMALL_RUBRIC

    def add(key, juror, channel, scores, measurements=None, status=APPROVED):
        return scored_contact(a[(key, juror.name)], channel, scores, measurements, status, r)

    # A: phone by juror 1 — rings 2 → 5 pts (rule), courtesy 4, routing N/A:
    #    (5·1 + 4·2) / (5·1 + 5·2) = 13/15 = 86.666…%
    add("A", j1, "phone", {"courtesy": 4, "routing": None}, {"rings": 2})
    # A: phone by juror 2, returned first (courtesy 1, must not count), later approved with
    #    rings 4 → 3 pts, courtesy 3, routing 5: (3 + 6 + 5) / 20 = 70%
    returned = add("A", j2, "phone", {"courtesy": 1, "routing": 1}, {"rings": 9},
                   status=RETURNED)
    # A: website by juror 1 — content 8, mobile 4: (8 + 8) / (10 + 10) = 80%
    add("A", j1, "website", {"content": 8, "mobile": 4})
    # A: noise that must not count — a submitted and a rejected contact.
    add("A", j3, "phone", {"courtesy": 0, "routing": 0}, {"rings": 30},
        status=ContactStatus.SUBMITTED)
    add("A", j3, "website", {"content": 0, "mobile": 0}, status=ContactStatus.REJECTED)
    # B: phone rings 1 → 5, courtesy 5, routing 0: 15/20 = 75%; website content 10, mobile
    #    N/A: 10/10 = 100%; e-mail reply 2 of 4: 50%  → (3·75 + 1·100 + 2·50)/6 = 70.8333…
    add("B", j2, "phone", {"courtesy": 5, "routing": 0}, {"rings": 1})
    add("B", j3, "website", {"content": 10, "mobile": None})
    add("B", j1, "email", {"reply": 2})
    # C: phone 75% (as B), website content 10, mobile 4: 18/20 = 90% → (225 + 90)/4 = 78.75,
    #    the same as A: (3·(86.666… + 70)/2 + 80)/4 = (235 + 80)/4 = 78.75 — a tie.
    add("C", j3, "phone", {"courtesy": 5, "routing": 0}, {"rings": 3})
    add("C", j2, "website", {"content": 10, "mobile": 4})
    # D: phone rings 0, 5, 5 → 100%, no website: score 100 but a required channel missing.
    add("D", j1, "phone", {"courtesy": 5, "routing": 5}, {"rings": 0})
    # E (powiat): phone 100%, website content 6, mobile 3: 12/20 = 60% → (300 + 60)/4 = 90
    add("E", j2, "phone", {"courtesy": 5, "routing": 5}, {"rings": 0})
    add("E", j3, "website", {"content": 6, "mobile": 3})
    # F: only a submitted contact → unranked.
    add("F", j1, "phone", {"courtesy": 5, "routing": 5}, {"rings": 0},
        status=ContactStatus.SUBMITTED)
    return edition, p, returned


def by_name(ranking):
    return {row.name.removeprefix("Uczestnik "): row for row in ranking.rows}


def approve_returned(contact):
    set_scores(contact, {"courtesy": 3, "routing": 5}, {"rings": 4}, SMALL_RUBRIC)
    contact.status = APPROVED
    db.session.commit()


def test_a_returned_contact_does_not_count_until_it_is_approved(contest):
    edition, _, returned = contest
    rows = by_name(compute_ranking(db.session, edition))
    assert rows["A"].channel_scores["phone"] == pytest.approx(1300 / 15)
    # (3·86.666… + 80) / 4 = 85.0
    assert rows["A"].score == 85.0
    approve_returned(returned)
    rows = by_name(compute_ranking(db.session, edition))
    assert rows["A"].channel_scores["phone"] == pytest.approx((1300 / 15 + 70) / 2)
    assert rows["A"].channel_contacts == {"phone": 2, "website": 1}


def test_hand_computed_ranking_matches_to_the_last_digit(contest):
    edition, _, returned = contest
    approve_returned(returned)
    rows = by_name(compute_ranking(db.session, edition))
    expected = {  # name: (score, overall rank, category rank, licence)
        "D": (100.0, 1, 1, False),  # website (required) missing
        "E": (90.0, 2, 1, True),
        "A": (78.75, 3, 2, True),
        "C": (78.75, 3, 2, True),  # tie with A: same ranks, next rank skipped
        "B": (70.83, 5, 4, False),  # below the threshold of 75
        "F": (None, None, None, False),  # nothing approved yet
    }
    got = {k: (r.score, r.rank, r.category_rank, r.licence) for k, r in rows.items()}
    assert got == expected
    assert rows["B"].channel_scores == {"phone": 75.0, "website": 100.0, "email": 50.0}
    assert rows["D"].missing_required == ["website"]
    assert rows["B"].missing_required == []


def test_ranking_lists_ties_alphabetically_and_unscored_last(contest):
    edition, _, returned = contest
    approve_returned(returned)
    ranking = compute_ranking(db.session, edition)
    assert [r.name[-1] for r in ranking.rows] == ["D", "E", "A", "C", "B", "F"]
    gmina = ranking.by_category()[Category.GMINA]
    assert [r.name[-1] for r in gmina] == ["D", "A", "C", "B", "F"]
    assert [r.name[-1] for r in ranking.licensed] == ["E", "A", "C"]


def test_licence_needs_every_required_channel_even_above_the_threshold(app):
    edition = make_edition(rubric=SMALL_RUBRIC, licence_threshold=50.0)
    assignment = make_assignment(participant=make_participant(edition))
    scored_contact(assignment, "phone", {"courtesy": 5, "routing": 5}, {"rings": 0},
                   rubric=SMALL_RUBRIC)
    scored_contact(assignment, "email", {"reply": 4}, rubric=SMALL_RUBRIC)
    row = compute_ranking(db.session, edition).rows[0]
    assert (row.score, row.licence, row.missing_required) == (100.0, False, ["website"])
    scored_contact(assignment, "website", {"content": 5, "mobile": None}, rubric=SMALL_RUBRIC)
    row = compute_ranking(db.session, edition).rows[0]
    # (3·100 + 1·50 + 2·100) / 6 = 91.666… → 91.67
    assert (row.score, row.licence, row.missing_required) == (91.67, True, [])


def test_an_edition_without_approved_contacts_ranks_nobody(app):
    edition = make_edition()
    make_participant(edition)
    ranking = compute_ranking(db.session, edition)
    assert [(r.score, r.rank, r.licence) for r in ranking.rows] == [(None, None, False)]
    assert ranking.scored == []


def half_up(value: float) -> float:
    """The documented rounding, spelt in Python: noise beyond 12 digits, then half-up once."""
    return float(Decimal(f"{value:.12g}").quantize(Decimal("0.01"), ROUND_HALF_UP))


def test_a_score_just_below_a_half_is_rounded_once_down_and_noise_at_a_half_up():
    # 44 approved contacts of a real rubric gave 9987017/144144 = 69.2849997…: 69.28. Cut
    # to 6 decimals first it became 69.285000, then 69.29 — a licence at a 69.29 threshold.
    assert ranking_half_up(9987017 / 144144) == 69.28
    # A true half carried by float noise still goes up, as on the other database.
    assert ranking_half_up(69.28499999999999) == ranking_half_up(69.285) == 69.29
    assert ranking_half_up(78.125) == 78.13 and ranking_half_up(78.12499999) == 78.12


def reference_scores(contacts, rubric) -> dict[int, float | None]:
    """The Python reference: juror_app.rubric.scoring over every approved contact."""
    weights = {k: v["weight"] for k, v in rubric["channels"].items()}
    per_participant: dict[int, dict[str, list[float]]] = {}
    for participant_id, channel, scores, measurements, status in contacts:
        shares = per_participant.setdefault(participant_id, {})
        share = contact_share(criterion_results(rubric["channels"][channel], scores,
                                                measurements))
        if status == APPROVED and share is not None:
            shares.setdefault(channel, []).append(share)
    return {pid: participant_share(s, weights) for pid, s in per_participant.items()}


def random_scores(rng, spec):
    return {c["key"]: (None if c.get("allow_na") and rng.random() < 0.2
                       else rng.randint(0, int(c["max_points"])))
            for c in spec["criteria"] if "rule" not in c}


def test_sql_equals_the_python_reference_on_random_data(app):
    rng = random.Random(20261124)
    rubric = default_rubric()
    edition = make_edition(licence_threshold=60.0)
    jurors = [make_user("juror") for _ in range(4)]
    contacts = []
    for _ in range(12):
        participant = make_participant(edition, category=rng.choice(list(Category)[:3]))
        for juror in rng.sample(jurors, 3):
            assignment = make_assignment(juror, participant)
            for channel in rng.sample(list(rubric["channels"]), rng.randint(1, 5)):
                spec = rubric["channels"][channel]
                scores = random_scores(rng, spec)
                measurements = {m["key"]: rng.randint(0, 40) for m in spec["measurements"]}
                status = rng.choice([APPROVED, APPROVED, APPROVED, RETURNED])
                scored_contact(assignment, channel, scores, measurements, status, rubric,
                               commit=False)
                contacts.append((participant.id, channel, scores, measurements, status))
    db.session.commit()
    expected = reference_scores(contacts, rubric)
    ranking = compute_ranking(db.session, edition)
    assert len(ranking.rows) == 12
    for row in ranking.rows:
        exact = expected.get(row.participant_id)
        assert row.exact_score == pytest.approx(exact, abs=1e-9)
        assert row.score == (None if exact is None else half_up(exact))
    shown = sorted((r.score for r in ranking.scored), reverse=True)
    for row in ranking.scored:  # competition rank: 1 + the number of better scores
        assert row.rank == 1 + sum(1 for s in shown if s > row.score)


def test_halves_round_up_on_both_databases_and_the_licence_uses_the_shown_score(app):
    edition = make_edition(rubric=SMALL_RUBRIC, licence_threshold=78.13)
    assignment = make_assignment(participant=make_participant(edition))
    # phone 15/20 = 75%; website (7.5 + 2·5)/20 = 87.5% → (3·75 + 87.5)/4 = 78.125 exactly,
    # which half-up makes 78.13 (Python's round() would give 78.12).
    scored_contact(assignment, "phone", {"courtesy": 5, "routing": 0}, {"rings": 1},
                   rubric=SMALL_RUBRIC)
    scored_contact(assignment, "website", {"content": 7.5, "mobile": 5}, rubric=SMALL_RUBRIC)
    (row,) = compute_ranking(db.session, edition).rows
    assert row.exact_score == 78.125
    assert (row.score, row.licence) == (78.13, True)


def test_tied_participants_are_listed_in_polish_alphabetical_order(app):
    edition = make_edition(rubric=SMALL_RUBRIC, licence_threshold=50.0)
    names = ["Gmina Zabrze", "Gmina Łańcut", "gmina Abramów", "Gmina Lubań"]
    for name in names:  # the same contact each: one tie of four
        assignment = make_assignment(participant=make_participant(edition, name=name))
        scored_contact(assignment, "phone", {"courtesy": 4, "routing": 5}, {"rings": 1},
                       rubric=SMALL_RUBRIC)
    ranking = compute_ranking(db.session, edition)
    expected = ["gmina Abramów", "Gmina Lubań", "Gmina Łańcut", "Gmina Zabrze"]
    assert [r.name for r in ranking.rows] == expected and {r.rank for r in ranking.rows} == {1}
    assert [r.name for r in ranking.by_category()[Category.GMINA]] == expected
