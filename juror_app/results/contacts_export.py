"""Every contact of an edition as one table an office can read. No Flask here.

One row per contact: who, where, when (Warsaw time, as real dates in Excel), the status,
the score, the photo count, each measurement and each criterion in its own column under
its rubric label — the label of the version the contact was scored under
(results.criteria). A codebook (the XLSX's second sheet) describes every column.
`labels` carries the translated words, so this module stays plain.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from juror_app.core.text import N_
from juror_app.models import Assignment, AuditEvent, Contact, Edition, Photo, User
from juror_app.results.criteria import criteria_of, measurements_of, version_of
from juror_app.review.changes import ACTION_NAMES, Missing, contact_changes
from juror_app.rubric.scoring import CriterionResult, contact_share

WARSAW = ZoneInfo("Europe/Warsaw")
Codebook = list[tuple[str, str]]  # column name → what it holds
FIXED = ("id", "client_id", "participant", "city", "category", "juror", "channel", "started",
         "ended", "received", "status", "comment", "score", "photos", "notes", "audit")


def warsaw(value: datetime | None) -> datetime | None:
    """Warsaw wall-clock time without a zone: what Excel stores as a date."""
    return value.astimezone(WARSAW).replace(tzinfo=None) if value else None


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def contacts_table(session: Session, edition: Edition, labels: dict[str, str]):
    """(header, rows, codebook) of every contact of the edition."""
    contacts = session.scalars(
        sa.select(Contact).join(Assignment).where(Assignment.edition_id == edition.id)
        .options(selectinload(Contact.scores), selectinload(Contact.juror),
                 selectinload(Contact.assignment).selectinload(Assignment.participant))
        .order_by(Contact.id)
    ).all()
    rubrics = {r.version: r.data for r in edition.rubrics}
    used = {c.rubric_version for c in contacts} | {max(rubrics)}
    criteria, measures = criteria_of(rubrics, used), measurements_of(rubrics, used)
    channel = lambda key: labels.get(f"channel:{key}", key)  # noqa: E731
    fixed = [labels[k] for k in FIXED[:-2]]
    measure_names = [f"{channel(m.channel)}: {m.label}" + (f" ({m.unit})" if m.unit else "")
                     for m in measures]
    criterion_names = [f"{channel(c.channel)}: {c.label}" for c in criteria]
    header = _unique(fixed + measure_names + [labels["notes"], labels["audit"]]
                     + criterion_names)
    codebook = list(zip(header, [labels[f"doc:{k}"] for k in FIXED[:-2]]
                        + [labels["doc:measurement"] % {"unit": m.unit or "—"}
                           for m in measures]
                        + [labels["doc:notes"], labels["doc:audit"]]
                        + [labels["doc:criterion"] % {"na": labels["na"]} for c in criteria],
                        strict=True))
    trails = audit_trails(session, contacts, rubrics, labels)
    photos = photo_counts(session, [c.id for c in contacts])
    rows = []
    for c in contacts:
        points = {(c.channel, s.criterion_key): s.points for s in c.scores}
        share = contact_share([CriterionResult(s.criterion_key, s.points, s.max_points,
                                               s.weight) for s in c.scores])
        p = c.assignment.participant
        rows.append(
            [c.id, str(c.client_id), p.name, p.city,
             labels.get(f"category:{p.category}", p.category), c.juror.name, channel(c.channel),
             warsaw(c.started_at), warsaw(c.ended_at), warsaw(c.received_at),
             labels.get(f"status:{c.status}", c.status), c.review_comment,
             None if share is None else round(share, 2), photos.get(c.id, 0)]
            + [(c.measurements or {}).get(m.key) if m.channel == c.channel else None
               for m in measures]
            + [c.notes, trails.get(c.id, "")]
            + [_points(points, (k.channel, k.key), labels["na"]) for k in criteria]
        )
    return header, rows, codebook


def _points(points: dict, key: tuple[str, str], na: str) -> Any:
    """Empty for another channel's criterion, the N/A label for a not-applicable one."""
    if key not in points:
        return None
    return na if points[key] is None else points[key]


def photo_counts(session: Session, contact_ids: Sequence[int]) -> dict[int, int]:
    if not contact_ids:
        return {}
    return dict(session.execute(
        sa.select(Photo.contact_id, sa.func.count(Photo.id))
        .where(Photo.contact_id.in_(contact_ids)).group_by(Photo.contact_id)).all())


# Fields of a review decision's audit event, named as the review page names them. The
# module is plain, so a label the caller's `labels` lacks stays Polish (its msgid).
DECISION_FIELDS = (("status", "status", None),
                   ("review_comment", "field:review_comment", N_("Komentarz dla jurora")))


def audit_trails(session: Session, contacts: Sequence[Contact], rubrics: dict[int, dict],
                 labels: dict[str, str]) -> dict[int, str]:
    """Each contact's audit events as one readable line, oldest first, in Warsaw time:
    what was done, by whom, the status it left and what the juror changed."""
    if not contacts:
        return {}
    # The phone's API names a contact by its UUID, the review by its id: both are its.
    owner = {str(c.id): c for c in contacts} | {str(c.client_id): c for c in contacts}
    events = session.execute(
        sa.select(AuditEvent.entity_id, AuditEvent.at, AuditEvent.action, User.name,
                  AuditEvent.before, AuditEvent.after)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.entity_type == "contact", AuditEvent.entity_id.in_(list(owner)))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    lines: dict[int, list[str]] = defaultdict(list)
    for e in events:
        contact = owner[e.entity_id]
        # Labelled by the version it was scored under (the newest for an unversioned one).
        rubric = rubrics[version_of(rubrics, contact.rubric_version)]
        channel = rubric.get("channels", {}).get(contact.channel, {})
        action = labels.get(f"action:{e.action}", ACTION_NAMES.get(e.action, e.action))
        detail = "; ".join(_event_details(e.before, e.after, channel, labels))
        lines[contact.id].append(f"{warsaw(e.at):%Y-%m-%d %H:%M} {action} ({e.name or '—'})"
                                 f"{': ' + detail if detail else ''}")
    return {k: " | ".join(v) for k, v in lines.items()}


def _event_details(before: Any, after: Any, channel: dict, labels: dict[str, str]
                   ) -> list[str]:
    """"Status: zwrócony do poprawy → poprawiony", the comment, each changed value; an
    empty field (an approval's comment) is left out."""
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    status = lambda code: labels.get(f"status:{code}", code)  # noqa: E731
    details = []
    for key, label_key, default in DECISION_FIELDS:
        name = labels.get(label_key, default or key)
        old, new = before.get(key), after.get(key)
        if key == "status" and new:
            moved = old and old != new
            details.append(f"{name}: " + (f"{status(old)} → " if moved else "") + status(new))
        elif key != "status" and new not in (None, ""):
            details.append(f"{name}: {new}")
    criteria = {c["key"]: c["label"] for c in channel.get("criteria", [])}
    measurements = {m["key"]: m["label"] for m in channel.get("measurements", [])}
    if before:  # only an update has a "before" to compare
        for change in contact_changes(before, after, criteria, measurements):
            label = labels.get(f"field:{change.key}", change.label)
            details.append(f"{label}: {_value(change.before, labels)} → "
                           f"{_value(change.after, labels)}")
    return details


def _value(value: Any, labels: dict[str, str]) -> str:
    """A changed value as text: a score's None is "nie dotyczy", a time Warsaw's."""
    if value is None:
        return labels["na"]
    if isinstance(value, Missing):
        return "—"
    if isinstance(value, datetime):
        return f"{warsaw(value):%Y-%m-%d %H:%M}"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:g}".replace(".", labels.get("decimal", ","))
    if isinstance(value, dict):  # a visit's position
        return ", ".join(f"{value.get(k)}" for k in ("latitude", "longitude"))
    text = " ".join(str(value).split())
    return f"„{text[:80]}{'…' if len(text) > 80 else ''}”"
