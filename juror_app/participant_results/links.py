"""A participant's private results link: signed over (link id, nonce), revocable. No Flask.

The token is an itsdangerous signature, so only the app can make one, and the nonce lives
in the database, so revoking (or re-issuing) kills the old token at once. It can be
rebuilt from the row at any time, which lets the coordinator mail or download the links
again without storing them.
"""
from __future__ import annotations

import hmac
import secrets

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from juror_app.models import EditionStatus, Participant, ResultLink, utcnow

SALT = "participant-results"


def serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def token_of(link: ResultLink, secret: str) -> str:
    return serializer(secret).dumps([link.id, link.nonce])


def live_link(session: Session, participant_id: int) -> ResultLink | None:
    return session.scalar(sa.select(ResultLink).where(
        ResultLink.participant_id == participant_id, ResultLink.revoked_at.is_(None))
        .order_by(ResultLink.id.desc()))


def ensure_links(session: Session, participants: list[Participant]) -> dict[int, ResultLink]:
    """The live link of each participant, made where there is none (caller commits)."""
    found = {link.participant_id: link for link in session.scalars(sa.select(ResultLink).where(
        ResultLink.participant_id.in_([p.id for p in participants]),
        ResultLink.revoked_at.is_(None)))}
    for p in participants:
        if p.id not in found:
            found[p.id] = ResultLink(participant_id=p.id, nonce=secrets.token_urlsafe(24))
            session.add(found[p.id])
    session.flush()
    return found


def revoke(session: Session, participant_id: int) -> int:
    """End the participant's live link; a new one is made when links are next handed out."""
    return session.execute(sa.update(ResultLink).where(
        ResultLink.participant_id == participant_id, ResultLink.revoked_at.is_(None))
        .values(revoked_at=utcnow())).rowcount


def resolve(session: Session, secret: str, token: str) -> Participant | None:
    """The participant behind a live token of a published edition, else None."""
    try:
        link_id, nonce = serializer(secret).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    link = session.get(ResultLink, link_id) if isinstance(link_id, int) else None
    if link is None or link.revoked_at is not None or not isinstance(nonce, str) \
            or not hmac.compare_digest(link.nonce, nonce):
        return None
    participant = link.participant
    if participant.archived or participant.edition.status != EditionStatus.PUBLISHED:
        return None
    return participant
