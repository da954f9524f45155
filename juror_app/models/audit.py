"""The append-only audit trail: who did what, when, with the state before and after.

Every event is a link of one hash chain per database (juror_app/audit/chain.py): it stores
the SHA-256 of its canonical content, which includes the previous event's hash. The single
`audit_chain_head` row holds the last link; bumping it with UPDATE … RETURNING takes a row
lock on PostgreSQL (held to commit) and the write lock on SQLite, so concurrent writers
queue up behind each other instead of forking the chain.
"""
from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from juror_app.audit.chain import GENESIS, event_hash, plain_json
from juror_app.models.base import Base, UTCDateTime, utcnow

HEAD_ID = 1


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(sa.String(60))
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[str] = mapped_column(sa.String(64))
    before: Mapped[Optional[dict[str, Any]]] = mapped_column(sa.JSON)
    after: Mapped[Optional[dict[str, Any]]] = mapped_column(sa.JSON)
    # Place in the chain (1, 2, …, no gaps), the previous event's hash and this one's.
    seq: Mapped[int] = mapped_column(unique=True)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class AuditChainHead(Base):
    """One row: the chain's last link, the lock that orders writers."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(sa.String(64), default=GENESIS)


class AuditChainCheck(Base):
    """A finished walk of the chain (`flask audit verify`): what the dashboard shows."""

    __tablename__ = "audit_chain_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    through_seq: Mapped[int]
    through_hash: Mapped[str] = mapped_column(sa.String(64))
    broken_seq: Mapped[Optional[int]]
    problem: Mapped[str] = mapped_column(sa.Text, default="")


class AuditTrailIsAppendOnly(Exception):
    pass


_created = itertools.count()
# Built once: every audited write runs both (composing them cost about as much as running).
BUMP_HEAD = (sa.update(AuditChainHead).where(AuditChainHead.id == HEAD_ID)
             .values(seq=AuditChainHead.seq + sa.bindparam("count"))
             .returning(AuditChainHead.seq, AuditChainHead.last_hash))
MOVE_HEAD = (sa.update(AuditChainHead).where(AuditChainHead.id == HEAD_ID)
             .values(last_hash=sa.bindparam("last_hash")))


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, flush_context, instances) -> None:
    """History is evidence too: an audit event is never edited or deleted."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent):
            raise AuditTrailIsAppendOnly("audit events cannot be changed or deleted")
    new = sorted((o for o in session.new if isinstance(o, AuditEvent)),
                 key=lambda o: getattr(o, "_created", -1))
    if new:
        _link(session, new)


def _link(session: Session, events: list[AuditEvent]) -> None:
    """Give the new events their places after the head, hash them, move the head."""
    conn = session.connection()
    seq, last_hash = _claim(conn, len(events))
    first = seq - len(events) + 1
    for offset, event_ in enumerate(events):
        event_.at = event_.at or utcnow()
        event_.before, event_.after = plain_json(event_.before), plain_json(event_.after)
        event_.seq, event_.prev_hash = first + offset, last_hash
        event_.hash = last_hash = event_hash(event_)
    conn.execute(MOVE_HEAD, {"last_hash": last_hash})


def _claim(conn: sa.Connection, count: int) -> tuple[int, str]:
    """Advance the head by count under its lock; the new last seq and the last hash.

    The hash comes back with the UPDATE that takes the lock, so it is the one the previous
    writer committed: PostgreSQL re-reads a row it waited for before updating it (and
    RETURNING shows that version), SQLite lets no other writer in at all.
    """
    head = conn.execute(BUMP_HEAD, {"count": count}).first()
    if head is None:  # a fresh or emptied database: plant the head, then claim again
        insert = _insert_for(conn.dialect.name)(AuditChainHead)
        conn.execute(insert.values(id=HEAD_ID, seq=0, last_hash=GENESIS)
                     .on_conflict_do_nothing())
        head = conn.execute(BUMP_HEAD, {"count": count}).first()
    return head.seq, head.last_hash


def _insert_for(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    entity_type: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session; it is chained at flush, commits with the change."""
    event_ = AuditEvent(
        actor_id=actor_id,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=before,
        after=after,
    )
    event_._created = next(_created)
    session.add(event_)
    return event_
