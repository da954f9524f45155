"""The sync rules without a server: times, canonical hashing, the resend decision, fields."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from juror_app.core.typed import Invalid
from juror_app.rubric import default_rubric
from juror_app.sync.contract import parse_contact
from juror_app.sync.payload import (
    Decision,
    Existing,
    TimeError,
    canonical_payload,
    decide,
    format_rfc3339,
    parse_rfc3339,
    payload_hash,
    rubric_errors,
    without_computed_scores,
)
from tests.factories import full_marks

RUBRIC = default_rubric()
CHANNELS = ["visit", "phone"]


def canonical(raw):
    """The canonical form of a raw body, parsed once as the server does."""
    return canonical_payload(parse_contact(raw))


def payload_errors(raw, assignment_channels, rubric):
    """Every field error of a raw body, in the server's order: its parse, then (if it
    parsed) the rubric's."""
    try:
        payload = parse_contact(raw)
    except Invalid as exc:
        return exc.fields
    return rubric_errors(payload, assignment_channels, rubric)


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
    a = payload_hash(canonical(body()))
    same = body(measurements={"rings": 2.0}, notes="ok  ",
                scores={"routing": None, "information": 3.0, "courtesy": 4, "introduction": 5})
    assert payload_hash(canonical(same)) == a
    # 09:00Z is the same instant but another device offset: that is a real difference.
    moved = body(started_at="2025-10-06T09:00:00Z")
    assert payload_hash(canonical(moved)) != a
    assert payload_hash(canonical(body(notes="inna"))) != a


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
    stripped = without_computed_scores(parse_contact(echoed), RUBRIC)
    assert "answer_speed" not in stripped.scores
    assert payload_hash(canonical_payload(stripped)) == payload_hash(canonical(body()))


# A visit's position, shared by the juror with consent: checked, and part of the hash.
HERE = {"latitude": 50.0614, "longitude": 19.9366, "accuracy_m": 12.5}


def visit(**overrides):
    return body(channel="visit", measurements={"waiting_minutes": 4},
                scores=full_marks("visit", RUBRIC), **overrides)


def test_a_visit_with_a_position_or_without_one_has_no_errors():
    for position in (HERE, {"latitude": -90, "longitude": 180}, None):
        assert payload_errors(visit(position=position), CHANNELS, RUBRIC) == {}
    assert payload_errors(body(position=None), CHANNELS, RUBRIC) == {}


def test_no_position_leaves_the_hash_as_it_was_before_positions_existed():
    """Contacts stored before positions existed must still match an identical resend."""
    before_positions = "983312c6fbd31c1bc4b135c249506ba8588443382644698c8424c03f764cdb98"
    assert "position" not in canonical(body())
    assert payload_hash(canonical(body())) == before_positions
    assert payload_hash(canonical(body(position=None))) == before_positions


def test_a_position_is_part_of_the_hash_in_one_spelling():
    a = payload_hash(canonical(visit(position=HERE)))
    same = {"accuracy_m": 12.5, "longitude": 19.9366, "latitude": 50.0614}
    assert payload_hash(canonical(visit(position=same))) == a
    whole = payload_hash(canonical(visit(position={"latitude": 50, "longitude": 20})))
    assert whole == payload_hash(canonical(
        visit(position={"latitude": 50.0, "longitude": 20.0, "accuracy_m": None})))
    assert canonical(visit(position=HERE))["position"] == HERE
    for changed in ({**HERE, "latitude": 50.0615}, {**HERE, "longitude": 19.9},
                    {**HERE, "accuracy_m": 30}, {"latitude": 50.0614, "longitude": 19.9366}):
        assert payload_hash(canonical(visit(position=changed))) != a, changed
    assert payload_hash(canonical(visit())) != a


@pytest.mark.parametrize(
    ("position", "field"),
    [
        ({**HERE, "latitude": 90.5}, "position.latitude"),
        ({**HERE, "latitude": -91}, "position.latitude"),
        ({**HERE, "latitude": "50.06"}, "position.latitude"),
        ({**HERE, "latitude": True}, "position.latitude"),
        ({**HERE, "latitude": float("nan")}, "position.latitude"),
        ({"longitude": 19.9}, "position.latitude"),
        ({**HERE, "longitude": 180.01}, "position.longitude"),
        ({**HERE, "longitude": None}, "position.longitude"),
        ({**HERE, "accuracy_m": -1}, "position.accuracy_m"),
        ({**HERE, "accuracy_m": float("inf")}, "position.accuracy_m"),
        ({**HERE, "altitude": 210}, "position"),
        ([50.06, 19.93], "position"),
        ("50.06,19.93", "position"),
    ],
)
def test_each_bad_position_value_is_named_with_a_polish_message(position, field):
    errors = payload_errors(visit(position=position), CHANNELS, RUBRIC)
    assert field in errors, errors
    assert errors[field][0].isupper()


def test_a_position_on_another_channel_than_a_visit_is_refused():
    errors = payload_errors(body(position=HERE), CHANNELS, RUBRIC)
    assert list(errors) == ["position"]
    assert "tylko do wizyty" in errors["position"]
