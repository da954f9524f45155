"""Factories: make one object with sensible defaults, override what the test is about."""
from __future__ import annotations

import functools
import hashlib
import itertools
import uuid
from datetime import UTC, date, datetime, timedelta

from werkzeug.security import generate_password_hash

from juror_app.core.extensions import db
from juror_app.models import (
    Assignment,
    Category,
    Contact,
    ContactStatus,
    Edition,
    Participant,
    Role,
    Rubric,
    User,
)
from juror_app.rubric import default_rubric

PASSWORD = "correct-horse-42"
_seq = itertools.count(1)


@functools.cache
def quick_hash(password: str) -> str:
    """A test user's password hash: scrypt as in production, at 1/32 of its work factor and
    made once per password. Nearly every test makes two or three users and logs in: at the
    real cost (~0.12 s a hash, ~0.12 s a check) that was minutes of each run. Logins still
    check it for real; the production setting is tested where it matters (test_credentials,
    the jurors' pages, which set passwords through the app)."""
    return generate_password_hash(password, method="scrypt:1024:8:1")


def make_user(role: str | Role = Role.JUROR, *, commit: bool = True, **overrides) -> User:
    n = next(_seq)
    password = overrides.pop("password", PASSWORD)
    fields = {"email": f"user{n}@example.org", "name": f"Użytkownik {n}", "role": Role(role)}
    fields.update(overrides)
    user = User(**fields)
    user.password_hash = quick_hash(password)
    db.session.add(user)
    if commit:
        db.session.commit()
    return user


def make_edition(*, rubric: dict | None = None, commit: bool = True, **overrides) -> Edition:
    n = next(_seq)
    fields = {
        "name": f"Edycja testowa {n}",
        "year": 2025,
        "starts_on": date(2025, 9, 1),
        "ends_on": date(2025, 12, 15),
        "licence_threshold": 75.0,
    }
    fields.update(overrides)
    edition = Edition(**fields)
    db.session.add(edition)
    db.session.add(Rubric(edition=edition, version=1, data=rubric or default_rubric()))
    if commit:
        db.session.commit()
    return edition


def make_participant(edition: Edition | None = None, *, commit: bool = True, **overrides):
    n = next(_seq)
    fields = {
        "edition": edition or make_edition(),
        "name": f"Gmina Testowa {n}",
        "category": Category.GMINA,
        "voivodeship": "małopolskie",
        "city": "Kraków",
        "address": f"ul. Rynek {n}",
        "phone": "+48 12 000 00 00",
        "email": f"urzad{n}@example.org",
        "website": "https://example.org",
    }
    fields.update(overrides)
    participant = Participant(**fields)
    db.session.add(participant)
    if commit:
        db.session.commit()
    return participant


def make_assignment(juror: User | None = None, participant: Participant | None = None, *,
                    commit: bool = True, **overrides) -> Assignment:
    participant = participant or make_participant()
    fields = {
        "edition": participant.edition,
        "participant": participant,
        "juror": juror or make_user(Role.JUROR),
        "channels": ["visit", "phone", "email", "social_media", "website"],
        "due_on": date(2025, 11, 30),
    }
    fields.update(overrides)
    assignment = Assignment(**fields)
    db.session.add(assignment)
    if commit:
        db.session.commit()
    return assignment


def full_marks(channel: str, rubric: dict | None = None) -> dict[str, float]:
    """Scores giving every manual criterion of a channel its maximum."""
    spec = (rubric or default_rubric())["channels"][channel]
    return {c["key"]: c["max_points"] for c in spec["criteria"] if "rule" not in c}


def make_contact(assignment: Assignment | None = None, *, channel: str = "phone",
                 commit: bool = True, **overrides) -> Contact:
    """A stored contact (no scores); tests that score add CriterionScore rows."""
    assignment = assignment or make_assignment()
    started = overrides.pop("started_at", datetime(2025, 10, 6, 9, 0, tzinfo=UTC))
    fields = {
        "client_id": uuid.uuid4(),
        "assignment": assignment,
        "juror_id": assignment.juror_id,
        "channel": channel,
        "started_at": started,
        "started_offset_minutes": 120,
        "ended_at": started + timedelta(minutes=12),
        "ended_offset_minutes": 120,
        "measurements": {},
        "notes": "",
        "status": ContactStatus.SUBMITTED,
        "payload_hash": hashlib.sha256(b"factory").hexdigest(),
    }
    fields.update(overrides)
    contact = Contact(**fields)
    db.session.add(contact)
    if commit:
        db.session.commit()
    return contact
