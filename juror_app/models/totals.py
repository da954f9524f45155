"""Counts kept as contacts are written, so no page reads every contact of an edition:

- `ChannelTotal`, per participant × channel: Σ and count of approved contacts' scores —
  step 2's inputs: the ranking reads a few thousand rows, not every approved contact;
- `TaskCount`, per task × channel × status: how many contacts — the start page's counts
  and the coverage matrix (which statuses each task's channel has).

Kept in step in the same transaction as the change (juror_app.models.derived): an ORM flush
adds each contact's change as a delta, a review decision (one conditional UPDATE) adds its
own, and any other bulk statement on these tables' sources rebuilds them from the
contacts. A load past the session (bench, migrations) calls `rebuild`. The float sum drifts
from a fresh SUM by ~1e-12 after many approvals and returns; step 4 of the ranking snaps to
6 decimals first, so both give the same rounded score.
"""
from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from juror_app.models.base import Base
from juror_app.models.evidence import APPROVED_SQL, WAITING_SQL


class ChannelTotal(Base):
    __tablename__ = "channel_total"

    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("edition.id"), index=True)
    score_sum: Mapped[float] = mapped_column(sa.Double, default=0.0)
    scored: Mapped[int] = mapped_column(default=0)


class TaskCount(Base):
    __tablename__ = "task_count"

    assignment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("edition.id"), index=True)
    contacts: Mapped[int] = mapped_column(default=0)


@dataclass
class Change:
    """One edition's deltas: (participant, channel) → [Σ score, scored], and
    (task, channel, status) → contacts."""

    scores: dict[tuple[int, str], list[float]] = field(
        default_factory=lambda: defaultdict(lambda: [0.0, 0]))
    tasks: dict[tuple[int, str, str], int] = field(default_factory=lambda: defaultdict(int))

    def count(self, assignment_id: int, channel: str, status: str, sign: int) -> None:
        """Count (sign +1) or uncount (−1) one contact in its task, channel and status."""
        self.tasks[(assignment_id, channel, str(status))] += sign

    def score(self, participant_id: int, channel: str, score: float | None,
              sign: int) -> None:
        """Count (sign +1) or uncount (−1) one approved contact's score."""
        if score is None:
            return
        entry = self.scores[(participant_id, channel)]
        entry[0] += sign * score
        entry[1] += sign


def _upsert(connection: sa.Connection, table: sa.Table, keys: tuple[str, ...],
            added: tuple[str, ...], rows: list[dict]) -> None:
    """Insert the rows, or add their `added` columns to the stored ones."""
    if rows:
        connection.execute(_upsert_statement(connection.dialect.name, table, keys, added),
                           rows)


@functools.cache
def _upsert_statement(dialect: str, table: sa.Table, keys: tuple[str, ...],
                      added: tuple[str, ...]) -> sa.Insert:
    """Built once per table and dialect: composing it (its `excluded` alias makes new
    column objects each time) cost a contact PUT more than running it."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: table.c[name] + statement.excluded[name] for name in added})


def apply(connection: sa.Connection, edition_id: int, change: Change) -> None:
    """Add one edition's deltas to the stored rows (the first one creates a row)."""
    _upsert(connection, ChannelTotal.__table__, ("participant_id", "channel"),
            ("score_sum", "scored"),
            [{"participant_id": p, "channel": c, "edition_id": edition_id,
              "score_sum": total, "scored": count}
             for (p, c), (total, count) in change.scores.items() if count or total])
    _upsert(connection, TaskCount.__table__, ("assignment_id", "channel", "status"),
            ("contacts",),
            [{"assignment_id": a, "channel": c, "status": s, "edition_id": edition_id,
              "contacts": n} for (a, c, s), n in change.tasks.items() if n])


CHANNEL_TOTALS = f"""
INSERT INTO channel_total (participant_id, channel, edition_id, score_sum, scored)
SELECT assignment.participant_id, contact.channel, assignment.edition_id,
       sum(contact.score), count(contact.score)
FROM contact JOIN assignment ON contact.assignment_id = assignment.id
WHERE contact.{APPROVED_SQL} AND contact.score IS NOT NULL {{only}}
GROUP BY assignment.participant_id, contact.channel, assignment.edition_id
"""
TASK_COUNTS = """
INSERT INTO task_count (assignment_id, channel, status, edition_id, contacts)
SELECT contact.assignment_id, contact.channel, contact.status, assignment.edition_id, count(*)
FROM contact JOIN assignment ON contact.assignment_id = assignment.id WHERE 1 = 1 {only}
GROUP BY contact.assignment_id, contact.channel, contact.status, assignment.edition_id
"""


def rebuild(connection: sa.Connection, edition_ids: Iterable[int] | None = None) -> None:
    """Recount from the contacts: every edition, or only these."""
    for table, fill in ((ChannelTotal.__table__, CHANNEL_TOTALS),
                        (TaskCount.__table__, TASK_COUNTS)):
        if edition_ids is None:
            connection.execute(sa.delete(table))
            connection.execute(sa.text(fill.format(only="")))
            continue
        for edition_id in sorted(set(edition_ids)):
            connection.execute(sa.delete(table).where(table.c.edition_id == edition_id))
            connection.execute(sa.text(fill.format(only="AND assignment.edition_id = :e"))
                               .bindparams(e=edition_id))


def contacts_per_edition(session, *, waiting_only: bool = False) -> dict[int, int]:
    """Contacts (or waiting ones) per edition: a sum over a few rows per task."""
    table = TaskCount.__table__
    query = sa.select(table.c.edition_id, sa.func.sum(table.c.contacts))
    if waiting_only:
        query = query.where(sa.text(f"task_count.{WAITING_SQL}"))
    return dict(session.execute(query.group_by(table.c.edition_id)).all())


def task_statuses(session, edition_id: int) -> dict[tuple[int, str], set[str]]:
    """The statuses each task × channel of the edition has contacts in."""
    table = TaskCount.__table__
    statuses: dict[tuple[int, str], set[str]] = defaultdict(set)
    for assignment_id, channel, status in session.execute(
            sa.select(table.c.assignment_id, table.c.channel, table.c.status)
            .where(table.c.edition_id == edition_id, table.c.contacts > 0)):
        statuses[(assignment_id, channel)].add(status)
    return statuses


def read(session, edition_id: int) -> dict[tuple[int, str], tuple[float, int]]:
    """The stored (Σ, count) per participant × channel with at least one scored contact."""
    table = ChannelTotal.__table__
    return {(p, c): (total, count) for p, c, total, count in session.execute(
        sa.select(table.c.participant_id, table.c.channel, table.c.score_sum, table.c.scored)
        .where(table.c.edition_id == edition_id, table.c.scored > 0))}
