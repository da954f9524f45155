"""Counts kept per participant × channel, so no page reads every contact: Σ and count of
approved contacts' scores (step 2's inputs: the ranking reads a few thousand rows instead
of every approved contact), and the number of contacts in any status (the coordinator's
start page sums them per edition).

Kept in step in the same transaction as the change (juror_app.models.derived): an ORM flush
adds each contact's change as a delta, a review decision (one conditional UPDATE) adds its
own, and any other bulk statement on the results tables rebuilds the rows from the
contacts. A load past the session (bench, migrations) calls `rebuild`. The float sum drifts
from a fresh SUM by ~1e-12 after many approvals and returns; step 4 of the ranking snaps to
6 decimals first, so both give the same rounded score.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from juror_app.models.base import Base
from juror_app.models.evidence import APPROVED_SQL

# (participant_id, channel) → [Σ score, scored count, contacts]
Deltas = dict[tuple[int, str], list[float]]


class ChannelTotal(Base):
    __tablename__ = "channel_total"

    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("edition.id"), index=True)
    score_sum: Mapped[float] = mapped_column(sa.Double, default=0.0)
    scored: Mapped[int] = mapped_column(default=0)
    contacts: Mapped[int] = mapped_column(default=0)


def new_deltas() -> Deltas:
    return defaultdict(lambda: [0.0, 0, 0])


def add_contact(deltas: Deltas, participant_id: int, channel: str, sign: int) -> None:
    """Count (sign +1) or uncount (−1) one contact, whatever its status."""
    deltas[(participant_id, channel)][2] += sign


def add(deltas: Deltas, participant_id: int, channel: str, score: float | None,
        sign: int) -> None:
    """Count (sign +1) or uncount (−1) one approved contact's score."""
    if score is None:
        return
    entry = deltas[(participant_id, channel)]
    entry[0] += sign * score
    entry[1] += sign


def apply(connection: sa.Connection, edition_id: int, deltas: Deltas) -> None:
    """Add the deltas to the stored rows (an upsert: the first approval creates the row)."""
    rows = [{"participant_id": participant_id, "channel": channel, "edition_id": edition_id,
             "score_sum": total, "scored": count, "contacts": contacts}
            for (participant_id, channel), (total, count, contacts) in deltas.items()
            if count or total or contacts]
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(ChannelTotal.__table__)
    table = ChannelTotal.__table__
    connection.execute(statement.on_conflict_do_update(
        index_elements=["participant_id", "channel"],
        set_={"score_sum": table.c.score_sum + statement.excluded.score_sum,
              "scored": table.c.scored + statement.excluded.scored,
              "contacts": table.c.contacts + statement.excluded.contacts}), rows)


REBUILD = """
INSERT INTO channel_total (participant_id, channel, edition_id, score_sum, scored, contacts)
SELECT assignment.participant_id, contact.channel, assignment.edition_id,
       coalesce(sum(CASE WHEN contact.{approved} THEN contact.score END), 0.0),
       count(CASE WHEN contact.{approved} THEN contact.score END), count(*)
FROM contact JOIN assignment ON contact.assignment_id = assignment.id {only}
GROUP BY assignment.participant_id, contact.channel, assignment.edition_id
"""


def rebuild(connection: sa.Connection, edition_ids: Iterable[int] | None = None) -> None:
    """Recount from the contacts: every edition, or only these."""
    table = ChannelTotal.__table__
    if edition_ids is None:
        connection.execute(sa.delete(table))
        connection.execute(sa.text(REBUILD.format(approved=APPROVED_SQL, only="")))
        return
    for edition_id in sorted(set(edition_ids)):
        connection.execute(sa.delete(table).where(table.c.edition_id == edition_id))
        connection.execute(sa.text(REBUILD.format(approved=APPROVED_SQL,
                                                         only="WHERE assignment.edition_id = :e"))
                           .bindparams(e=edition_id))


def contacts_per_edition(session) -> dict[int, int]:
    """Contacts in any status per edition: a sum over a few rows per participant."""
    table = ChannelTotal.__table__
    return dict(session.execute(sa.select(table.c.edition_id, sa.func.sum(table.c.contacts))
                                .group_by(table.c.edition_id)).all())


def read(session_or_connection, edition_id: int) -> dict[tuple[int, str], tuple[float, int]]:
    """The stored (Σ, count) per participant × channel with at least one scored contact."""
    table = ChannelTotal.__table__
    return {(p, c): (total, count) for p, c, total, count in session_or_connection.execute(
        sa.select(table.c.participant_id, table.c.channel, table.c.score_sum, table.c.scored)
        .where(table.c.edition_id == edition_id, table.c.scored > 0))}
