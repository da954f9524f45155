"""The invitation and reset mails: a fresh link, queued in the caller's transaction."""
from __future__ import annotations

from juror_app.core.extensions import db
from juror_app.invitations import links
from juror_app.mail.compose import external_url, mail_user
from juror_app.models import User


def send_link(user: User, purpose: str, *, replace: bool = True) -> links.IssuedLink:
    """Issue a set-password link (ending older ones unless `replace` is off) and queue its
    mail; the caller commits."""
    db.session.flush()  # a new user needs its id first
    issued = links.issue(db.session, user, purpose, replace=replace)
    mail_user(user, key=f"{purpose}:{user.id}:{links.hash_token(issued.token)[:16]}",
              kind=purpose, template=purpose, expires=issued.expires_at,
              link=external_url("invitations.set_password", token=issued.token))
    return issued
