"""Keeping anomaly flags fresh from the web layer, without ever failing a sync."""
from __future__ import annotations

from collections.abc import Sequence

from flask import current_app

from juror_app.core.extensions import db
from juror_app.evidence.flags import (
    evaluate,
    participant_contact_ids,
    refresh,
    refresh_loaded,
    refresh_minimum,
    refresh_window,
    thresholds,
)
from juror_app.models import Contact, Edition

# A coordinator's change refreshes the flags it affects within its own request, so the
# queue filter (stored flags) and the contact page (live flags) keep agreeing. A change
# to a whole edition recomputes only the rule it touches (quick for thousands); a full
# recomputation is bounded: past this many contacts (about 9 ms each on SQLite) the rest
# waits for `flask evidence flags`, and the log says so.
IN_REQUEST_MAX = 1000
BATCH = 200


def refresh_before_commit(contact: Contact) -> None:
    """Within a contact's or a new photo's own transaction, behind a savepoint: one commit
    (one fsync, one hold of SQLite's write lock) for the change and the flags, the contact
    still in memory. A failure rolls back the flags only; the phone still gets its answer.
    (After a photo, a transaction of its own cost 6-10 more statements and, on PostgreSQL,
    the contact PUTs beside the uploads their p95.)"""
    try:
        with db.session.begin_nested():
            refresh_loaded(db.session, [contact], thresholds(current_app.config))
    except Exception:  # noqa: BLE001 — flags inform the reviewer, never block a sync
        current_app.logger.exception("anomaly flags not refreshed for contact %s", contact.id)


def _keeping_the_change(work) -> None:
    """Run a refresh after a committed change; a failure is logged, the change stays."""
    try:
        work()
        db.session.commit()
    except Exception:  # noqa: BLE001 — the coordinator's change is already committed
        db.session.rollback()
        current_app.logger.exception("anomaly flags not refreshed after a change")


def refresh_after_change(contact_ids: Sequence[int]) -> None:
    """Recompute every flag of these contacts (and those they affect), batch by batch."""
    limits = thresholds(current_app.config)
    todo = contact_ids[:IN_REQUEST_MAX]
    for start in range(0, len(todo), BATCH):
        _keeping_the_change(lambda s=start: refresh(db.session, todo[s:s + BATCH], limits))
    if len(contact_ids) > len(todo):
        current_app.logger.warning(
            "anomaly flags of %s more contacts are stale: run `flask evidence flags`",
            len(contact_ids) - len(todo))


def refresh_participant(participant_id: int) -> None:
    """After a participant's position changed (its contacts are few: all rules)."""
    refresh_after_change(participant_contact_ids(db.session, participant_id))


def refresh_edition(edition: Edition) -> None:
    """After an edition's fieldwork days changed."""
    _keeping_the_change(lambda: refresh_window(db.session, edition))


def refresh_for_rubric(edition: Edition) -> None:
    """After a rubric version was uploaded (its min_minutes feed the too_fast flag)."""
    _keeping_the_change(
        lambda: refresh_minimum(db.session, edition, thresholds(current_app.config)))


def current_flags(contact: Contact) -> list[dict]:
    """The flags as the rules see the evidence now (the page shows these, not the stored)."""
    return evaluate(db.session, contact, thresholds(current_app.config))
