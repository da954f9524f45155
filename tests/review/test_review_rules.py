"""The plain review rules: decisions, clock checks, rounds and coverage states."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from juror_app.review.rules import (
    COMMENT_MAX,
    ReviewRefused,
    TaskState,
    cell_state,
    clock_check,
    decide,
    resubmit,
    review_rounds,
    task_state,
)

T0 = datetime(2025, 10, 6, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("status", ["submitted", "resubmitted"])
@pytest.mark.parametrize("decision,comment,expected", [
    ("approve", "", "approved"),
    ("return", "Brak zdjęcia tablicy", "returned"),
    ("reject", "Kontakt z innym urzędem", "rejected"),
])
def test_reviewable_contacts_move_to_the_decided_status(status, decision, comment, expected):
    assert decide(status, decision, comment) == expected


@pytest.mark.parametrize("status", ["approved", "rejected"])
@pytest.mark.parametrize("decision", ["approve", "return", "reject"])
def test_settled_contacts_are_locked(status, decision):
    with pytest.raises(ReviewRefused) as refused:
        decide(status, decision, "komentarz")
    assert refused.value.reason == "locked" and refused.value.conflict


def test_a_returned_contact_waits_for_the_juror():
    with pytest.raises(ReviewRefused) as refused:
        decide("returned", "approve")
    assert refused.value.reason == "not_reviewable" and refused.value.conflict


def test_a_frozen_edition_refuses_every_decision_first():
    with pytest.raises(ReviewRefused) as refused:
        decide("submitted", "approve", edition_locked=True)
    assert refused.value.reason == "frozen" and refused.value.conflict


@pytest.mark.parametrize("decision", ["return", "reject"])
@pytest.mark.parametrize("comment", ["", "   \n\t "])
def test_return_and_reject_need_a_comment(decision, comment):
    with pytest.raises(ReviewRefused) as refused:
        decide("submitted", decision, comment)
    assert refused.value.reason == "comment_required" and not refused.value.conflict


@pytest.mark.parametrize("decision", ["return", "reject"])
@pytest.mark.parametrize("comment", ["Popraw\x07 zdjęcie", "a\x00b", "Brak\x1bzdjęcia", "x\x7f"])
def test_a_comment_with_a_control_character_is_refused(decision, comment):
    with pytest.raises(ReviewRefused) as refused:
        decide("submitted", decision, comment, confirmed=True)
    assert refused.value.reason == "comment_controls" and not refused.value.conflict
    assert "znaki sterujące" in str(refused.value)


def test_tabs_and_line_breaks_stay_allowed_in_a_comment():
    assert decide("submitted", "return", "Popraw:\r\n\t- zdjęcie") == "returned"


def test_an_overlong_comment_is_refused_with_the_limit_in_the_message():
    with pytest.raises(ReviewRefused) as refused:
        decide("submitted", "return", "x" * (COMMENT_MAX + 1))
    assert refused.value.reason == "comment_too_long"
    assert str(COMMENT_MAX) in str(refused.value)
    assert decide("submitted", "return", "x" * COMMENT_MAX) == "returned"


def test_reject_needs_confirmation_and_unknown_decisions_are_refused():
    with pytest.raises(ReviewRefused) as refused:
        decide("submitted", "reject", "powód", confirmed=False)
    assert refused.value.reason == "unconfirmed"
    with pytest.raises(ReviewRefused) as refused:
        decide("submitted", "delete")
    assert refused.value.reason == "unknown"


def test_resubmitting_turns_only_a_returned_contact_into_resubmitted():
    assert resubmit("returned") == "resubmitted"
    assert resubmit("submitted") == "submitted"
    with pytest.raises(ReviewRefused):
        resubmit("approved")


@pytest.mark.parametrize("ended_after,received_after,flag", [
    (12, 13, None),            # sent a minute after the end
    (12, 22, None),            # exactly the 10-minute tolerance
    (12, 23, "delayed"),       # sent 11 minutes later: offline, or the phone runs late
    (12, 1, "ahead"),          # the phone says the contact ended after the server had it
    (12, 3, None),             # 9 minutes ahead: within tolerance
])
def test_clock_check_compares_receipt_with_the_device_end(ended_after, received_after, flag):
    check = clock_check(T0, T0 + timedelta(minutes=ended_after),
                        T0 + timedelta(minutes=received_after))
    assert check.flag == flag and check.reference == "ended"
    assert check.difference == timedelta(minutes=received_after - ended_after)


def test_clock_check_falls_back_to_the_start_without_an_end():
    check = clock_check(T0, None, T0 + timedelta(hours=3))
    assert check.reference == "started" and check.flag == "delayed"
    assert check.difference == timedelta(hours=3)


def _event(minutes, before, after, comment=""):
    return {"at": T0 + timedelta(minutes=minutes), "before": {"status": before},
            "after": {"status": after, "review_comment": comment}}


def test_review_rounds_follow_return_and_resubmission():
    events = [
        {"at": T0, "before": None, "after": {"status": "submitted"}},   # the first receipt
        _event(60, "submitted", "returned", "Dodaj zdjęcie"),
        _event(120, "returned", "returned"),            # the juror edits before resending
        _event(180, "returned", "resubmitted"),
        _event(240, "resubmitted", "approved"),
    ]
    rounds = review_rounds(T0, events)
    assert [r.number for r in rounds] == [1, 2]
    assert rounds[0].submitted_at == T0
    assert rounds[0].decision["after"]["review_comment"] == "Dodaj zdjęcie"
    assert len(rounds[0].edits) == 1
    assert rounds[1].submitted_at == T0 + timedelta(minutes=180)
    assert rounds[1].decision["after"]["status"] == "approved"


def test_an_undecided_contact_has_one_open_round():
    rounds = review_rounds(T0, [])
    assert len(rounds) == 1 and rounds[0].decision is None


TODAY = date(2025, 11, 20)


@pytest.mark.parametrize("statuses,due,expected", [
    ({"approved", "returned"}, date(2025, 11, 1), TaskState.DONE),
    ({"submitted"}, date(2025, 11, 1), TaskState.WAITING),
    ({"resubmitted", "rejected"}, None, TaskState.WAITING),
    ({"returned"}, date(2025, 11, 1), TaskState.RETURNED),
    (set(), date(2025, 11, 30), TaskState.MISSING),
    (set(), TODAY, TaskState.MISSING),               # due today is not late yet
    (set(), date(2025, 11, 19), TaskState.OVERDUE),
    ({"rejected"}, date(2025, 11, 19), TaskState.OVERDUE),
    ({"rejected"}, None, TaskState.MISSING),
])
def test_task_state(statuses, due, expected):
    assert task_state(statuses, due, TODAY) is expected


def test_a_cell_shows_its_least_advanced_task():
    assert cell_state([TaskState.DONE, TaskState.WAITING]) is TaskState.WAITING
    assert cell_state([TaskState.RETURNED, TaskState.OVERDUE]) is TaskState.OVERDUE
    assert cell_state([TaskState.DONE, TaskState.DONE]) is TaskState.DONE
    assert cell_state([]) is None
