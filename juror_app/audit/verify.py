"""Walking the stored chain: in full for `flask audit verify`, the tail for the dashboard."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.audit.chain import GENESIS, ChainReport, walk
from juror_app.models.audit import HEAD_ID, AuditChainCheck, AuditChainHead, AuditEvent

BATCH = 2000
# The dashboard checks at most this many events added since the last full walk, so a
# page load stays cheap however long the chain grows; the rest waits for the CLI.
DASHBOARD_TAIL = 2000


CHAIN_TABLES = (AuditEvent.__tablename__, AuditChainHead.__tablename__,
                AuditChainCheck.__tablename__)


def missing_tables(session: Session) -> list[str]:
    """The chain's tables the database lacks: an empty database (or one migrated from
    before the chain) has nothing to verify, and the CLI says so instead of a traceback."""
    present = set(sa.inspect(session.connection()).get_table_names())
    return [name for name in CHAIN_TABLES if name not in present]


def read_head(session: Session) -> tuple[int, str]:
    row = session.execute(sa.select(AuditChainHead.seq, AuditChainHead.last_hash)
                          .where(AuditChainHead.id == HEAD_ID)).first()
    return (row.seq, row.last_hash) if row else (0, GENESIS)


COLUMNS = [c for c in AuditEvent.__table__.columns]


def events_between(session: Session, after_seq: int, through_seq: int) -> Iterator[sa.Row]:
    """Events in chain order as plain rows (no identity map), in keyset batches so memory
    stays flat however long the chain."""
    while True:
        batch = session.execute(
            sa.select(*COLUMNS).where(AuditEvent.seq > after_seq,
                                      AuditEvent.seq <= through_seq)
            .order_by(AuditEvent.seq).limit(BATCH)
        ).all()
        if not batch:
            return
        yield from batch
        after_seq = batch[-1].seq


def verify_chain(session: Session) -> ChainReport:
    """Walk every event up to the head read at the start (writers may go on meanwhile)."""
    head = read_head(session)
    # Events past the head would be rows no writer made; take them in so they are found.
    through = max(head[0], session.scalar(sa.select(sa.func.max(AuditEvent.seq))) or 0)
    return walk(events_between(session, 0, through), head=head)


def save_check(session: Session, report: ChainReport) -> AuditChainCheck:
    check = AuditChainCheck(through_seq=report.last_seq, through_hash=report.last_hash,
                            broken_seq=report.broken_seq, problem=report.problem)
    session.add(check)
    return check


@dataclass(frozen=True)
class ChainState:
    """What the coordinator's dashboard says about the chain."""

    events: int
    last_full_check: datetime | None
    ok: bool | None  # None: never checked and the tail too long to check here
    broken_seq: int | None
    unchecked: int


def chain_state(session: Session) -> ChainState:
    """The last full walk's verdict plus a bounded check of the events added since."""
    head_seq, _ = read_head(session)
    last = session.scalar(sa.select(AuditChainCheck).order_by(AuditChainCheck.id.desc())
                          .limit(1))
    if last is not None and last.broken_seq is not None:
        return ChainState(head_seq, last.checked_at, False, last.broken_seq, 0)
    start_seq, start_hash = (last.through_seq, last.through_hash) if last else (0, GENESIS)
    tail_end = min(head_seq, start_seq + DASHBOARD_TAIL)
    report = walk(events_between(session, start_seq, tail_end),
                  after_seq=start_seq, after_hash=start_hash)
    if not report.ok:
        return ChainState(head_seq, last and last.checked_at, False, report.broken_seq, 0)
    unchecked = head_seq - tail_end
    ok = True if last is not None or unchecked == 0 else None
    return ChainState(head_seq, last and last.checked_at, ok, None, unchecked)
