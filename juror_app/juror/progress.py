"""What a juror still has to do: per-channel progress and due dates. No Flask here."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from juror_app.models import ContactStatus

# The state that asks most of the juror wins when a channel has several contacts:
# a returned contact needs fixing even if another one was approved.
_PRECEDENCE = ("returned", "approved", "submitted", "awaiting_reply", "rejected")
_STATE_OF = {
    ContactStatus.AWAITING_REPLY: "awaiting_reply",
    ContactStatus.SUBMITTED: "submitted",
    ContactStatus.RESUBMITTED: "submitted",
    ContactStatus.RETURNED: "returned",
    ContactStatus.APPROVED: "approved",
    ContactStatus.REJECTED: "rejected",
}
# States in which the channel's work is handed in (waiting for review or accepted).
DONE_STATES = frozenset({"submitted", "approved"})


@dataclass(frozen=True)
class ChannelProgress:
    channel: str
    state: str  # not_started / submitted / returned / approved / rejected
    contacts: int


def channel_state(statuses: Iterable[ContactStatus | str]) -> str:
    """The channel's state from the statuses of the juror's contacts through it."""
    states = {_STATE_OF[ContactStatus(s)] for s in statuses}
    for state in _PRECEDENCE:
        if state in states:
            return state
    return "not_started"


def channel_progress(
    channels: Sequence[str], contacts: Iterable[tuple[str, ContactStatus | str]]
) -> list[ChannelProgress]:
    """Progress for each assigned channel from (channel, status) pairs, in assigned order."""
    by_channel: dict[str, list] = {c: [] for c in channels}
    for channel, status in contacts:
        if channel in by_channel:  # contacts through unassigned channels do not count
            by_channel[channel].append(status)
    return [ChannelProgress(c, channel_state(s), len(s)) for c, s in by_channel.items()]


def is_complete(progress: Sequence[ChannelProgress]) -> bool:
    """Every assigned channel has a contact handed in."""
    return all(p.state in DONE_STATES for p in progress)


def days_left(due_on: date | None, today: date) -> int | None:
    """Days until the due date (negative once it has passed); None without a date."""
    return None if due_on is None else (due_on - today).days


def is_overdue(due_on: date | None, today: date, progress: Sequence[ChannelProgress]) -> bool:
    """Past the due date with work still missing; finished work is never overdue."""
    left = days_left(due_on, today)
    return left is not None and left < 0 and not is_complete(progress)
