"""Who gets what and when, and the keys that make each notice go out once. No Flask here."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

from juror_app.core.text import N_

# Kinds a user may turn off; invitations and password links always go.
ASSIGNMENTS = "assignments"
REVIEW = "review"
REMINDERS = "reminders"
DIGEST = "digest"
OPTIONAL_KINDS = {
    ASSIGNMENTS: N_("Nowe zadania"),
    REVIEW: N_("Kontakt zwrócony do poprawy lub odrzucony"),
    REMINDERS: N_("Przypomnienia o terminach zadań"),
    DIGEST: N_("Codzienne podsumowanie dla koordynatora"),
}
JUROR_KINDS = (ASSIGNMENTS, REVIEW, REMINDERS)
COORDINATOR_KINDS = (DIGEST,)

INVITE = "invite"
RESET = "reset"
RESULTS = "results"

FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
# A claimed mail is someone's for this long; far longer than one SMTP conversation, so a
# slow sender never loses its mail to a second one mid-send.
CLAIM_LEASE = timedelta(minutes=15)


def retry_delay(attempts: int) -> timedelta:
    """Doubling waits after each failed attempt (30 s, 1 min, 2 min …), at most an hour."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def kinds_for(role: str) -> tuple[str, ...]:
    """The notification kinds that concern a role (shown on its preferences page)."""
    if role == "juror":
        return JUROR_KINDS
    if role in ("coordinator", "admin"):
        return COORDINATOR_KINDS
    return ()


def due_reminder_key(assignment_id: int, due_on: date) -> str:
    """Once per assignment and due date: moving the date earns a new reminder."""
    return f"due-soon:{assignment_id}:{due_on.isoformat()}"


def overdue_key(assignment_id: int, due_on: date) -> str:
    return f"overdue:{assignment_id}:{due_on.isoformat()}"


def digest_key(user_id: int, day: date) -> str:
    return f"digest:{user_id}:{day.isoformat()}"


def reminders_mail_key(user_id: int, day: date, notice_keys: list[str]) -> str:
    """Named by the notices it carries, not just the day: a later run the same day that
    finds a newly due item queues a second mail for it instead of finding the first."""
    carried = hashlib.sha256("\n".join(sorted(notice_keys)).encode()).hexdigest()[:16]
    return f"reminders:{user_id}:{day.isoformat()}:{carried}"


def assignments_mail_key(juror_id: int, assignment_ids: list[int]) -> str:
    """One mail per batch: the batch is named by its assignments."""
    return f"assignments:{juror_id}:{min(assignment_ids)}-{max(assignment_ids)}"


def decision_mail_key(contact_id: int, decision: str, at: datetime) -> str:
    return f"contact-{decision}:{contact_id}:{at.isoformat()}"


def is_due_soon(due_on: date | None, today: date, days_before: int) -> bool:
    """Within `days_before` days of the due date, the date itself included."""
    return due_on is not None and 0 <= (due_on - today).days <= days_before


def is_past_due(due_on: date | None, today: date) -> bool:
    return due_on is not None and due_on < today
