"""The soak's verdict itself: problems() must notice what it promises to notice, or a
passing soak would prove nothing. Synthetic reports, no server, no node."""
from __future__ import annotations

import copy

from tests.soak.harness import problems

CONTACT, PHOTO = "c0000000-0000-4000-8000-000000000001", "f0000000-0000-4000-8000-000000000001"
LATER_CONTACT = "c0000000-0000-4000-8000-000000000002"
LATER_PHOTO = "f0000000-0000-4000-8000-000000000002"

CLEAN = {
    "captured": {CONTACT: {"notes": "n", "edits": 0, "photos": {PHOTO: "ab" * 32}}},
    "on_phone": [],
    "server": {"contacts": [[CONTACT, "n"]], "photos": [[PHOTO, CONTACT, "ab" * 32]],
               "audit": [[CONTACT, "contact.create", 1], [PHOTO, "photo.create", 1]],
               "orphan_files": [], "missing_files": []},
}


def found(report) -> dict:
    return {kind: items for kind, items in problems(report).items() if items}


def with_photo_events(count: int) -> dict:
    report = copy.deepcopy(CLEAN)
    report["server"]["audit"] = [[CONTACT, "contact.create", 1]] + (
        [[PHOTO, "photo.create", count]] if count else [])
    return report


def test_a_clean_run_has_no_problems():
    assert found(CLEAN) == {}


def test_a_photo_without_its_create_event_or_with_two_is_a_problem():
    assert found(with_photo_events(0)) == {"audit_photo_creates": [PHOTO]}
    assert found(with_photo_events(2)) == {"audit_photo_creates": [PHOTO]}


def test_a_create_event_for_a_photo_nobody_stored_is_a_problem():
    report = copy.deepcopy(CLEAN)
    stray = "f0000000-0000-4000-8000-0000000000ff"
    report["server"]["audit"].append([stray, "photo.create", 1])
    assert found(report) == {"audit_photo_creates": [stray]}


def test_a_photo_still_on_the_phone_needs_no_event_yet():
    report = copy.deepcopy(CLEAN)
    report["captured"][LATER_CONTACT] = {"notes": "", "edits": 0,
                                         "photos": {LATER_PHOTO: "cd" * 32}}
    report["on_phone"] = [{"client_id": LATER_CONTACT}]
    assert found(report) == {"left_on_phone": [LATER_CONTACT]}
