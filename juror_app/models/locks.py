"""Hold a contact against other writers before deciding on what it is now.

A juror's change and a reviewer's decision race: the juror reads the contact as editable,
the reviewer approves it, the juror's write lands on an approved contact (unseen evidence,
kept totals off). The reviewer's side is a conditional UPDATE (review.actions.store); the
juror's side takes the row first and reads it again under the lock.

PostgreSQL: SELECT … FOR UPDATE. SQLite has no row locks and drops FOR UPDATE; its one
write lock comes with a transaction's first write, so a write that changes nothing takes
it first — from then on no other connection can commit until ours ends, and the read that
follows sees what is committed now. Plain SQLAlchemy (no Flask).
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.models.evidence import Contact

CONTACT = Contact.__table__
# Past the session (on its connection): a write that changes nothing must not make the
# kept totals recount themselves (models.derived watches the session's bulk statements).
TAKE_WRITE_LOCK = (sa.update(CONTACT).where(CONTACT.c.id == sa.bindparam("contact_id"))
                   .values(updated_at=CONTACT.c.updated_at))


def hold_for_update(session: Session, contact: Contact) -> None:
    """Lock the contact's row until this transaction ends, then reload it as it is now."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.execute(TAKE_WRITE_LOCK, {"contact_id": contact.id})
    session.refresh(contact, with_for_update={"of": Contact})
