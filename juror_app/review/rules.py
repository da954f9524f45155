"""Review rules in plain Python: decisions, clock checks, review rounds, coverage states.

Statuses are the plain strings of ContactStatus ("submitted", …), so this module needs
neither Flask nor the models and is tested directly. No Flask here.
"""
from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from juror_app.core.text import N_, has_control_characters

REVIEWABLE = frozenset({"submitted", "resubmitted"})
LOCKED = frozenset({"approved", "rejected"})
WAITING = REVIEWABLE
COMMENT_MAX = 2000
# A phone and the server disagreeing by more than this is shown to the reviewer.
CLOCK_TOLERANCE = timedelta(minutes=10)


class Decision(enum.StrEnum):
    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"


TARGET_STATUS = {
    Decision.APPROVE: "approved",
    Decision.RETURN: "returned",
    Decision.REJECT: "rejected",
}
NEEDS_COMMENT = frozenset({Decision.RETURN, Decision.REJECT})


class ReviewRefused(Exception):
    """A decision the rules forbid; `conflict` ones are 409, the rest bad input (422)."""

    def __init__(self, reason: str, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.reason = reason
        self.message = message
        self.params = params

    @property
    def conflict(self) -> bool:
        return self.reason in ("locked", "frozen", "not_reviewable", "changed")


CHANGED = N_("Juror zmienił ten kontakt — sprawdź go ponownie.")


def seen_version(payload_hash: str, photo_ids: Iterable[int]) -> str:
    """A short token of what a reviewer is shown: the juror's content and its photos.

    The decision form carries it back; if the juror changed the contact in between, the
    token differs and the decision is refused (`check_seen`). Bulk decisions reuse both.
    """
    text = payload_hash + ":" + ",".join(str(i) for i in sorted(photo_ids))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_seen(current: str, shown: str | None) -> None:
    """Refuse a decision made on another version than the contact has now, or on none.

    Every decision form posts the version it showed; a request without one (a hand-made
    POST, an old cached form) would otherwise decide on whatever the contact holds now.
    """
    if not shown:
        raise ReviewRefused("no_version", N_("Nie wiemy, którą wersję kontaktu oglądasz — "
                                             "otwórz kontakt ponownie i wtedy zdecyduj."))
    if shown != current:
        raise ReviewRefused("changed", CHANGED)


def decide(status: str, decision: str, comment: str = "", *, edition_locked: bool = False,
           confirmed: bool = True) -> str:
    """The contact's new status after a reviewer's decision, or ReviewRefused."""
    try:
        decision = Decision(decision)
    except ValueError:
        raise ReviewRefused("unknown", N_("Nieznana decyzja.")) from None
    if edition_locked:
        raise ReviewRefused("frozen", N_("Wyniki tej edycji są zamrożone lub opublikowane — "
                                         "kontaktów nie można już oceniać."))
    if status in LOCKED:
        raise ReviewRefused("locked", N_("Ten kontakt jest już zatwierdzony lub odrzucony "
                                         "i nie można go zmienić."))
    if status == "awaiting_reply":
        raise ReviewRefused("not_reviewable", N_("Kontakt czeka na odpowiedź uczestnika — "
                                                 "ocenisz go, gdy juror wpisze odpowiedź."))
    if status not in REVIEWABLE:
        raise ReviewRefused("not_reviewable", N_("Kontakt czeka na poprawkę jurora — "
                                                 "ocenisz go po ponownym przesłaniu."))
    text = (comment or "").strip()
    if decision in NEEDS_COMMENT and not text:
        raise ReviewRefused("comment_required", N_("Napisz komentarz dla jurora — przy "
                                                   "zwrocie i odrzuceniu jest wymagany."))
    if has_control_characters(text):  # mailed to the juror and exported to XLSX
        raise ReviewRefused("comment_controls", N_("Usuń z komentarza znaki sterujące "
                                                   "(niewidoczne)."))
    if len(text) > COMMENT_MAX:
        raise ReviewRefused("comment_too_long",
                            N_("Komentarz może mieć najwyżej %(limit)s znaków."),
                            limit=COMMENT_MAX)
    if decision is Decision.REJECT and not confirmed:
        raise ReviewRefused("unconfirmed", N_("Potwierdź odrzucenie — tej decyzji nie można "
                                              "cofnąć."))
    return TARGET_STATUS[decision]


def resubmit(status: str) -> str:
    """The status after a juror sends a fix: only a returned contact becomes resubmitted."""
    if status in LOCKED:
        raise ReviewRefused("locked", N_("Ten kontakt jest już zatwierdzony lub odrzucony."))
    return "resubmitted" if status == "returned" else status


@dataclass(frozen=True)
class ClockCheck:
    """Server receipt minus the phone's time of the contact's end (or start)."""

    difference: timedelta
    reference: str  # "ended" or "started": which device time was compared
    flag: str | None  # None, "delayed" (sent later or phone late), "ahead" (phone ahead)


def clock_check(started_at: datetime, ended_at: datetime | None, received_at: datetime,
                tolerance: timedelta = CLOCK_TOLERANCE) -> ClockCheck:
    """Compare the phone's clock with the server's on receipt.

    The server cannot receive a contact before it ended, so a device end later than the
    receipt means the phone's clock runs ahead. A receipt long after the end is either a
    delayed (offline) sync or a phone clock running behind; both deserve a look.
    """
    reference = "ended" if ended_at is not None else "started"
    difference = received_at - (ended_at or started_at)
    flag = None
    if difference < -tolerance:
        flag = "ahead"
    elif difference > tolerance:
        flag = "delayed"
    return ClockCheck(difference, reference, flag)


@dataclass
class Round:
    """One review round: the juror's (re)submission and the reviewer's decision on it."""

    number: int
    submitted_at: datetime | None
    decision: Mapping[str, Any] | None = None
    edits: list[Mapping[str, Any]] = field(default_factory=list)


def _status(snapshot: Any) -> str | None:
    return snapshot.get("status") if isinstance(snapshot, Mapping) else None


def review_rounds(received_at: datetime, events: Iterable[Mapping[str, Any]]) -> list[Round]:
    """Group a contact's audit events (oldest first) into review rounds.

    A round opens with the first receipt or a change to "resubmitted" and closes with a
    change to approved/returned/rejected; other events (edits) stay in the open round.
    The record's creation (no "before") is the first receipt itself.
    """
    rounds = [Round(1, received_at)]
    for event in events:
        if event.get("before") is None:
            continue
        before, after = _status(event.get("before")), _status(event.get("after"))
        current = rounds[-1]
        if after == "resubmitted" and before != "resubmitted":
            rounds.append(Round(len(rounds) + 1, event.get("at")))
        elif after in TARGET_STATUS.values() and before != after:
            current.decision = event
        else:
            current.edits.append(event)
    return rounds


class TaskState(enum.StrEnum):
    """A juror's channel-task for one participant, least advanced first."""

    OVERDUE = "overdue"
    MISSING = "missing"
    SENT = "sent"  # a message sent, its reply not in yet (not reviewable)
    RETURNED = "returned"
    WAITING = "waiting"
    DONE = "done"


PROGRESS_ORDER = list(TaskState)
_RANK = {state: rank for rank, state in enumerate(PROGRESS_ORDER)}


def task_state(statuses: Iterable[str], due_on: date | None, today: date) -> TaskState:
    """Where a channel-task stands, from the statuses of its contacts.

    Any approved contact completes it; a rejected one counts as missing (the juror has to
    make another contact); missing past the due date is overdue.
    """
    seen = set(statuses)
    if "approved" in seen:
        return TaskState.DONE
    if seen & WAITING:
        return TaskState.WAITING
    if "returned" in seen:
        return TaskState.RETURNED
    if "awaiting_reply" in seen:
        return TaskState.SENT
    if due_on is not None and due_on < today:
        return TaskState.OVERDUE
    return TaskState.MISSING


def cell_state(states: Iterable[TaskState]) -> TaskState | None:
    """A participant × channel cell shows its least advanced task; None if nobody has it."""
    return min(states, key=_RANK.__getitem__, default=None)
