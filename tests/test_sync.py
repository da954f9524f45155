"""The sync rules without a server: times, canonical hashing, the resend decision, fields."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from juror_app.rubric import default_rubric
from juror_app.sync import (
    Decision,
    Existing,
    TimeError,
    canonical_payload,
    decide,
    format_rfc3339,
    parse_rfc3339,
    payload_errors,
    payload_hash,
    without_computed_scores,
)

RUBRIC = default_rubric()
CHANNELS = ["visit", "phone"]


def body(**overrides):
    data = {"assignment_id": 3, "channel": "phone",
            "started_at": "2025-10-06T11:00:00+02:00", "ended_at": "2025-10-06T11:05:00+02:00",
            "measurements": {"rings": 2}, "notes": "ok",
            "scores": {"introduction": 5, "courtesy": 4, "information": 3, "routing": None}}
    data.update(overrides)
    return data


def test_rfc3339_keeps_utc_and_the_device_offset():
    t = parse_rfc3339("2025-10-06T11:00:00+02:00")
    assert t.utc == datetime(2025, 10, 6, 9, 0, tzinfo=UTC)
    assert t.offset_minutes == 120
    assert parse_rfc3339("2025-10-06T09:00:00Z").offset_minutes == 0
    assert parse_rfc3339("2025-01-06T09:00:00-05:30").offset_minutes == -330
    assert format_rfc3339(t.utc, 120) == "2025-10-06T11:00:00+02:00"


@pytest.mark.parametrize("value", ["2025-10-06T11:00:00", "2025-10-06", "jutro", "", 17, None])
def test_times_without_offset_or_malformed_are_refused(value):
    with pytest.raises(TimeError) as exc:
        parse_rfc3339(value)
    assert "2025-10-06T09:15:00+02:00" in str(exc.value) or "strefę" in str(exc.value)


def test_the_same_moment_in_another_spelling_hashes_alike_but_a_changed_offset_does_not():
    a = payload_hash(canonical_payload(body()))
    same = body(measurements={"rings": 2.0}, notes="ok  ",
                scores={"routing": None, "information": 3.0, "courtesy": 4, "introduction": 5})
    assert payload_hash(canonical_payload(same)) == a
    # 09:00Z is the same instant but another device offset: that is a real difference.
    moved = body(started_at="2025-10-06T09:00:00Z")
    assert payload_hash(canonical_payload(moved)) != a
    assert payload_hash(canonical_payload(body(notes="inna"))) != a


@pytest.mark.parametrize(
    ("existing", "locked", "expected"),
    [
        (None, False, Decision.CREATE),
        (None, True, Decision.CONFLICT),
        (Existing("h1", editable=True), False, Decision.SAME),
        (Existing("h1", editable=False), True, Decision.SAME),
        (Existing("h0", editable=True), False, Decision.UPDATE),
        (Existing("h0", editable=False), False, Decision.CONFLICT),
        (Existing("h0", editable=True), True, Decision.CONFLICT),
    ],
)
def test_resend_decision(existing, locked, expected):
    assert decide(existing, "h1", edition_locked=locked) is expected


def test_a_complete_payload_has_no_errors():
    assert payload_errors(body(), CHANNELS, RUBRIC) == {}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"assignment_id": "3"}, "assignment_id"),
        ({"channel": "email"}, "channel"),
        ({"channel": "fax"}, "channel"),
        ({"started_at": "2025-10-06T11:00:00"}, "started_at"),
        ({"ended_at": "2025-10-06T10:00:00+02:00"}, "ended_at"),
        ({"notes": "x" * 5001}, "notes"),
        ({"notes": 5}, "notes"),
        ({"measurements": {"rings": -1}}, "measurements.rings"),
        ({"measurements": {"rings": "dwa"}}, "measurements.rings"),
        ({"measurements": {"smell": 1}}, "measurements.smell"),
        ({"measurements": [1]}, "measurements"),
        ({"scores": {"introduction": 6, "courtesy": 4, "information": 3, "routing": None}},
         "scores.introduction"),
        ({"scores": {"courtesy": 4, "information": 3, "routing": None}}, "scores.introduction"),
        ({"scores": {"introduction": None, "courtesy": 4, "information": 3, "routing": 1}},
         "scores.introduction"),
        ({"scores": {"introduction": True, "courtesy": 4, "information": 3, "routing": 1}},
         "scores.introduction"),
        ({"measurements": {"rings": float("nan")}}, "measurements"),
        ({"colour": "red"}, "body"),
    ],
)
def test_each_invalid_field_is_named_with_a_polish_message(overrides, field):
    errors = payload_errors(body(**overrides), CHANNELS, RUBRIC)
    assert field in errors, errors
    assert errors[field][0].isupper()


def test_a_body_that_is_not_an_object_is_refused():
    assert "body" in payload_errors(["a"], CHANNELS, RUBRIC)
    assert "started_at" in payload_errors(body(started_at=None), CHANNELS, RUBRIC)
    assert "ended_at" not in payload_errors(body(ended_at=None), CHANNELS, RUBRIC)


def test_computed_scores_echoed_back_do_not_change_the_hash():
    echoed = body(scores={**body()["scores"], "answer_speed": 3.0})
    stripped = without_computed_scores(echoed, RUBRIC)
    assert "answer_speed" not in stripped["scores"]
    assert payload_hash(canonical_payload(stripped)) == payload_hash(canonical_payload(body()))
