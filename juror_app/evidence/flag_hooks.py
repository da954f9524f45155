"""Keeping anomaly flags fresh from the web layer, without ever failing a sync."""
from __future__ import annotations

from flask import current_app

from juror_app.core.extensions import db
from juror_app.evidence.flags import evaluate, refresh, thresholds
from juror_app.models import Contact


def refresh_after_sync(contact_id: int) -> None:
    """After a contact or photo is stored: recompute flags in a transaction of their own.

    The sync has already committed; a failure here is logged and the phone still gets its
    answer, because flags inform the reviewer and must never block a sync.
    """
    try:
        refresh(db.session, [contact_id], thresholds(current_app.config))
        db.session.commit()
    except Exception:  # noqa: BLE001 — any failure: keep the sync's success
        db.session.rollback()
        current_app.logger.exception("anomaly flags not refreshed for contact %s", contact_id)


def current_flags(contact: Contact) -> list[dict]:
    """The flags as the rules see the evidence now (the page shows these, not the stored)."""
    return evaluate(db.session, contact, thresholds(current_app.config))
