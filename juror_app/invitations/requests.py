"""'Forgot password' requests, kept as they came and turned into links by the mail sender.

Why not in the request: a request for an address with an account issued a link, rendered
the mail and wrote it (3.5 ms), one for an unknown address did a single read (1.4 ms), so
the time of the answer said whether an address has an account — who is a juror, which the
mystery-client method depends on keeping quiet. Now every request writes the same one row
and the sender's next pass (seconds later; the mail goes out on that pass anyway) decides.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, g
from sqlalchemy.orm import Session

from juror_app.invitations import links
from juror_app.invitations.mails import send_link
from juror_app.models import ResetRequest, User

BATCH = 100


def record(session: Session, email: str, base_url: str) -> None:
    """The request as it came (the caller commits): the same work for any address."""
    session.add(ResetRequest(email=email.strip().lower()[:254], base_url=base_url[:300]))


def find_active(session: Session, email: str) -> User | None:
    user = session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    return user if user is not None and user.active else None


def process(session: Session) -> int:
    """Turn the waiting requests into reset links and mails; the number of mails queued.

    Each request is claimed by deleting its row, in the transaction that queues its mail,
    so two senders (two servers) never both act on one."""
    sent = 0
    for request_id, email, base_url in session.execute(
            sa.select(ResetRequest.id, ResetRequest.email, ResetRequest.base_url)
            .order_by(ResetRequest.id).limit(BATCH)).all():
        claimed = session.execute(sa.delete(ResetRequest).where(ResetRequest.id == request_id)
                                  .execution_options(synchronize_session=False)).rowcount
        user = find_active(session, email) if claimed == 1 else None
        if user is not None and not links.recently_sent(session, user):
            g.request_base_url = base_url  # the link is for the site the request came to
            send_link(user, "reset", replace=False)  # a stranger may have asked
            sent += 1
        session.commit()
    return sent


def init_app(app: Flask) -> None:
    """Run before each of the mail sender's passes."""
    app.extensions.setdefault("mail.before_pass", []).append(process)
