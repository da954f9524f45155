"""Demo data: the 2025 edition with real participants from the announcement."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from juror_app.extensions import db
from juror_app.models import Category, Edition, Participant, Role, Rubric, User
from juror_app.rubric import default_rubric

DEMO_PASSWORD = "lider2025demo"
DEMO_USERS = [
    ("koordynator@example.org", "Anna Koordynator", Role.COORDINATOR),
    ("ekspert@example.org", "prof. Jan Ekspert", Role.EXPERT),
    ("juror1@example.org", "Juror 1", Role.JUROR),
    ("juror2@example.org", "Juror 2", Role.JUROR),
    ("juror3@example.org", "Juror 3", Role.JUROR),
]


def logins_text() -> str:
    lines = ["  Demo logins (password: " + DEMO_PASSWORD + "):"]
    lines += [f"    {email:28} {role.value}" for email, _, role in DEMO_USERS]
    return "\n".join(lines)


def database_has_data() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) > 0


def load_demo() -> str:
    users = {}
    for email, name, role in DEMO_USERS:
        user = User(email=email, name=name, role=role)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        users[email] = user
    edition = Edition(
        name="II edycja 2025", year=2025, starts_on=date(2025, 9, 1),
        ends_on=date(2025, 12, 15), applications_until=date(2025, 10, 24),
        licence_threshold=75.0,
    )
    db.session.add(edition)
    db.session.add(Rubric(edition=edition, version=1, data=default_rubric()))
    db.session.add(Participant(
        edition=edition, name="Gmina Wieliszew", category=Category.GMINA,
        voivodeship="mazowieckie", city="Wieliszew",
    ))
    db.session.commit()
    return f"{len(users)} users, 1 edition"
