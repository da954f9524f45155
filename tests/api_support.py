"""Helpers for the API tests: bearer headers, a valid contact payload, what the ORM
loads meanwhile."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from juror_app.accounts.tokens import issue_token
from juror_app.core.extensions import db
from juror_app.models import Role, User
from tests import factories


def bearer(user: User, device: str = "Telefon testowy") -> dict[str, str]:
    token, _ = issue_token(user, device)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def payload(assignment, channel: str = "phone", **overrides) -> dict:
    """A valid phone contact for the assignment (full marks on the manual criteria)."""
    data = {
        "assignment_id": assignment.id,
        "channel": channel,
        "started_at": "2025-10-06T11:00:00+02:00",
        "ended_at": "2025-10-06T11:07:30+02:00",
        "measurements": {"rings": 4, "transfers": 1} if channel == "phone" else {},
        "scores": factories.full_marks(channel),
        "notes": "Uprzejma rozmowa.",
    }
    data.update(overrides)
    return data


def juror_with_assignment(**assignment_overrides):
    juror = factories.make_user(Role.JUROR)
    assignment = factories.make_assignment(juror=juror, **assignment_overrides)
    return juror, assignment, bearer(juror)


def new_id() -> str:
    return str(uuid.uuid4())


@contextmanager
def loaded(entity) -> Iterator[list]:
    """The objects of this mapped class the ORM builds from rows meanwhile (an object
    already in the session's identity map is not built again: empty it first)."""
    built: list = []

    def note(target, context):
        built.append(target)

    sa.event.listen(entity, "load", note)
    try:
        yield built
    finally:
        sa.event.remove(entity, "load", note)
