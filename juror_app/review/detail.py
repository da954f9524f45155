"""What a contact's review page shows, gathered from the contact, its rubric and its trail."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from juror_app.models import Contact, Edition
from juror_app.review.changes import Change, contact_changes
from juror_app.review.display import map_link
from juror_app.review.rules import ClockCheck, clock_check, review_rounds
from juror_app.rubric.scoring import CriterionResult, contact_share


@dataclass(frozen=True)
class Row:
    """One labelled line: a measurement or a criterion."""

    key: str
    label: str
    value: Any
    max_points: float | None = None
    weight: float | None = None
    unit: str = ""
    group: str = ""


def rubric_data(edition: Edition, version: int | None) -> dict[str, Any]:
    """The rubric version the juror scored with (the newest when unknown)."""
    rubric = edition.rubric_scored_with(version)
    return rubric.data if rubric else {"channels": {}, "groups": {}}


def measurement_rows(channel: dict[str, Any], measurements: dict[str, Any]) -> list[Row]:
    """The rubric's measurements in its order, then anything unknown under its raw key."""
    spec = channel.get("measurements", [])
    known = {m["key"] for m in spec}
    rows = [Row(m["key"], m["label"], measurements.get(m["key"]), unit=m.get("unit", ""))
            for m in spec]
    rows += [Row(k, k, v) for k, v in measurements.items() if k not in known]
    return rows


def criterion_rows(channel: dict[str, Any], groups: dict[str, str], contact: Contact):
    """Scores per criterion with the rubric's labels, plus the contact's share in percent."""
    scored = {s.criterion_key: s for s in contact.scores}
    rows = []
    for c in channel.get("criteria", []):
        s = scored.pop(c["key"], None)
        group = groups.get(c.get("group"), "")
        if s is None:  # the rubric asks for it but the juror sent nothing
            rows.append(Row(c["key"], c["label"], "missing", c["max_points"],
                            c.get("weight", 1), group=group))
        else:
            rows.append(Row(c["key"], c["label"], s.points, s.max_points, s.weight, group=group))
    rows += [Row(k, k, s.points, s.max_points, s.weight) for k, s in scored.items()]
    share = contact_share([CriterionResult(s.criterion_key, s.points, s.max_points, s.weight)
                           for s in contact.scores])
    return rows, share


@dataclass(frozen=True)
class Place:
    """Where the juror was at a visit, shared with their consent from the phone."""

    latitude: float
    longitude: float
    accuracy_m: float | None
    map_url: str


def visit_place(contact: Contact) -> Place | None:
    """The visit's position with an OpenStreetMap link, or None when none was shared."""
    url = map_link(contact)
    if url is None:
        return None
    return Place(contact.latitude, contact.longitude, contact.position_accuracy_m, url)


@dataclass
class ContactView:
    contact: Contact
    channel_label: str
    measurements: list[Row]
    criteria: list[Row]
    share: float | None
    clock: ClockCheck
    events: list
    rounds: list
    place: Place | None = None
    photo_numbers: dict[str, int] | None = None  # a photo event's entity id → "Photo n"
    changes: dict[int, list[Change]] | None = None  # a juror's edit event's id → its changes


def juror_changes(channel: dict[str, Any], events: list) -> dict[int, list[Change]]:
    """What each of the juror's edits changed, labelled by the contact's rubric version."""
    criteria = {c["key"]: c["label"] for c in channel.get("criteria", [])}
    measurements = {m["key"]: m["label"] for m in channel.get("measurements", [])}
    return {e.id: contact_changes(e.before, e.after, criteria, measurements)
            for e, _user in events if e.entity_type == "contact" and e.action == "contact.update"}


def build(contact: Contact, events: list) -> ContactView:
    """Everything the review page shows about one contact."""
    rubric = rubric_data(contact.assignment.edition, contact.rubric_version)
    channel = rubric.get("channels", {}).get(contact.channel, {})
    criteria, share = criterion_rows(channel, rubric.get("groups", {}), contact)
    # Review rounds follow the contact's status; its photos' events only join the trail.
    plain = [{"at": e.at, "before": e.before, "after": e.after, "event": e, "actor": u}
             for e, u in events if e.entity_type == "contact"]
    return ContactView(
        contact=contact,
        channel_label=channel.get("label", contact.channel),
        measurements=measurement_rows(channel, contact.measurements or {}),
        criteria=criteria,
        share=share,
        clock=clock_check(contact.started_at, contact.ended_at, contact.received_at),
        events=events,
        rounds=review_rounds(contact.received_at, plain),
        place=visit_place(contact),
        photo_numbers={str(p.client_id): n for n, p in enumerate(contact.photos, start=1)},
        changes=juror_changes(channel, events),
    )
