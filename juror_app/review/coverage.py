"""Coverage of an edition: participants × channels and each juror's progress.

Three queries (participants, assignments, and the statuses each task's channels have
contacts in — kept as contacts are written, juror_app.models.totals) and a pass in Python
over their results: never a query per participant or per cell, nor a read of every contact.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import CHANNELS, Assignment, Participant, User
from juror_app.models.totals import task_statuses
from juror_app.results.paging import Page, page_of
from juror_app.review.rules import TaskState, cell_state, task_state

PER_PAGE = 100
# Tasks with a contact still in the works: waiting for review, returned to the juror, or
# a message sent and its reply not in. A participant with one is work for the desk.
IN_PROGRESS = frozenset({TaskState.WAITING, TaskState.RETURNED, TaskState.SENT})


@dataclass
class Cell:
    state: TaskState | None  # None: nobody is assigned this channel
    done: int = 0
    total: int = 0
    has_contacts: bool = False  # any contact (any status) to open in the queue
    in_progress: int = 0  # tasks in IN_PROGRESS


@dataclass
class JurorProgress:
    juror_id: int
    name: str
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts[TaskState.DONE]


@dataclass
class Coverage:
    channels: tuple[str, ...]
    rows: list[tuple[int, str, str, list[Cell]]]  # participant id, name, city, cells
    jurors: list[JurorProgress]
    totals: Counter


def compute(edition_id: int, today: date) -> Coverage:
    """The matrix and per-juror progress of one edition."""
    participants = db.session.execute(
        sa.select(Participant.id, Participant.name, Participant.city)
        .where(Participant.edition_id == edition_id, Participant.archived.is_(False))
        .order_by(Participant.name, Participant.city, Participant.id)
    ).all()
    # The channel lists as stored text, parsed once per distinct list: an edition's tens of
    # thousands of tasks share a handful of them (decoding each was a fifth of the page).
    assignments = db.session.execute(
        sa.select(Assignment.id, Assignment.participant_id, Assignment.juror_id,
                  sa.cast(Assignment.channels, sa.Text).label("channels"),
                  Assignment.due_on, User.name)
        .join(User, User.id == Assignment.juror_id)
        .join(Participant, Participant.id == Assignment.participant_id)
        # An archived participant left the contest: its tasks no longer count.
        .where(Assignment.edition_id == edition_id, Participant.archived.is_(False))
        .order_by(User.name, User.id)
    ).all()
    statuses = task_statuses(db.session, edition_id)
    cells: dict[tuple[int, str], list[TaskState]] = defaultdict(list)
    # From the tasks that have contacts (a few) rather than every task × channel (many).
    participant_of = {a.id: a.participant_id for a in assignments}
    with_contacts = {(participant_of[task], ch) for task, ch in statuses
                     if task in participant_of}
    jurors: dict[int, JurorProgress] = {}
    channel_lists = {text: tuple(json.loads(text) or ()) if text else ()
                     for text in {a.channels for a in assignments}}
    for a in assignments:
        progress = jurors.setdefault(a.juror_id, JurorProgress(a.juror_id, a.name))
        idle = task_state((), a.due_on, today)  # most channel-tasks have no contact yet
        for channel in channel_lists[a.channels]:
            found = statuses.get((a.id, channel))
            state = task_state(found, a.due_on, today) if found else idle
            cells[(a.participant_id, channel)].append(state)
            progress.counts[state] += 1
    totals: Counter = Counter()
    rows = []
    for p in participants:
        row = []
        for channel in CHANNELS:
            states = cells.get((p.id, channel), [])
            cell = Cell(cell_state(states), states.count(TaskState.DONE), len(states),
                        (p.id, channel) in with_contacts,
                        sum(state in IN_PROGRESS for state in states))
            totals[cell.state] += 1
            row.append(cell)
        rows.append((p.id, p.name, p.city, row))
    return Coverage(CHANNELS, rows, list(jurors.values()), totals)


@dataclass
class CoveragePage:
    """What one view shows of each list (the legend's totals stay the whole edition's).
    Ten thousand participants on one page were 8 MB of HTML and ten seconds of rendering."""

    started: Page  # participants with an approved contact or one in progress
    waiting: Page  # the others, nothing to see or do yet (folded away on the page)
    jurors: Page


def paged(result: Coverage, started: int | None, waiting: int | None,
          jurors: int | None, per_page: int = PER_PAGE) -> CoveragePage:
    """The page'th slice of each list (1-based; past the end: the last one)."""
    done, rest = [], []
    for row in result.rows:
        # Not only the approved: folding those waiting for review hid the desk's work.
        (done if any(cell.done or cell.in_progress for cell in row[3]) else rest).append(row)
    return CoveragePage(page_of(done, started, per_page),
                        page_of(rest, waiting, per_page),
                        page_of(result.jurors, jurors, per_page))
