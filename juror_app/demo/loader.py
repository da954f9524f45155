"""Demo data: the 2025 edition, its participants, jurors, assignments and some contacts.

Deterministic: one seeded random generator decides everything, and dates are counted
from `today` — the edition's own window too, so every contact lies inside its fieldwork,
the demo always shows upcoming work and exactly one overdue task, and the phone accepts
new contacts. One participant (LAUREATE) is contacted in every channel and earns the
licence; demo.story adds the review trail and a few real photos.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.demo import story
from juror_app.demo.data import ANNOUNCED, MORE, NOTES, RETURN_COMMENTS
from juror_app.models import (
    CHANNELS,
    Assignment,
    ConflictOfInterest,
    Contact,
    ContactStatus,
    CriterionScore,
    Edition,
    Participant,
    Role,
    Rubric,
    User,
)
from juror_app.rubric import default_rubric
from juror_app.rubric.scoring import criterion_results

DEMO_PASSWORD = "lider2025demo"
DEMO_EDITION = "II edycja"  # + the year of the edition's start
LAUREATE = 7  # Gmina Wieliszew: shared by all three jurors, contacted in every channel
DEMO_USERS = [
    ("koordynator@example.org", "Anna Koordynator", Role.COORDINATOR),
    ("ekspert@example.org", "prof. Jan Ekspert", Role.EXPERT),
    ("juror1@example.org", "Juror 1", Role.JUROR),
    ("juror2@example.org", "Juror 2", Role.JUROR),
    ("juror3@example.org", "Juror 3", Role.JUROR),
]
WARSAW = ZoneInfo("Europe/Warsaw")
# Per juror: (participant index, days until due) — indices into ANNOUNCED + MORE. The
# first of juror1 is overdue; every juror shares several participants with the others, so
# the calibration screen can compare them — and flags juror3, the strict one.
PLAN = {
    "juror1@example.org": [(0, -3), (7, 2), (3, 6), (12, 10), (20, 14), (28, 21)],
    "juror2@example.org": [(7, 4), (3, 8), (12, 12), (1, 5), (25, 15), (33, 25)],
    "juror3@example.org": [(1, 9), (25, 11), (0, 3), (7, 18), (3, 28)],
}
# A strict juror gives fewer points: the calibration view should be able to show it.
STRICTNESS = {"juror1@example.org": 0.0, "juror2@example.org": 0.3, "juror3@example.org": -0.6}


class DemoError(Exception):
    """The demo cannot be loaded into this database."""


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        # "1 edition", "39 participants": every key is a regular English plural.
        return ", ".join(f"{n} {what if n != 1 else what[:-1]}" for what, n in self.counts.items())


def logins_text() -> str:
    lines = ["  Demo logins (password: " + DEMO_PASSWORD + "):"]
    lines += [f"    {email:28} {role.value}" for email, _, role in DEMO_USERS]
    return "\n".join(lines)


def database_has_data() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) > 0


def load_demo(today: date | None = None, seed: int = 2025) -> Summary:
    """Add the demo edition and everything in it; one commit, or nothing on error."""
    today = today or datetime.now(WARSAW).date()
    starts_on = today - timedelta(days=75)
    name = f"{DEMO_EDITION} {starts_on.year}"
    if db.session.scalar(sa.select(Edition.id).where(Edition.name.startswith(DEMO_EDITION))):
        raise DemoError(f"The edition {name!r} already exists; demo data not added.")
    rng = random.Random(seed)
    users = _users()
    edition = Edition(
        name=name, year=starts_on.year, starts_on=starts_on, ends_on=today + timedelta(days=35),
        applications_until=starts_on + timedelta(days=53), licence_threshold=75.0,
    )
    rubric = default_rubric()
    db.session.add_all([edition, Rubric(edition=edition, version=1, data=rubric)])
    participants = [_participant(edition, row) for row in ANNOUNCED + MORE]
    quality = {p.name: rng.uniform(0.55, 0.97) for p in participants}
    quality[participants[LAUREATE].name] = 0.99
    assignments = _assignments(edition, users, participants, today, rng)
    contacts = _contacts(assignments, rubric, quality, today, rng)
    db.session.add(ConflictOfInterest(
        juror=users["juror3@example.org"], participant=participants[8],
        reason="Mój brat pracuje w tym urzędzie gminy.",
    ))
    db.session.flush()  # ids for the audit trail
    story.review_trail(contacts, users["koordynator@example.org"])
    db.session.commit()
    photos = story.photos(contacts)  # through the evidence pipeline, which commits each
    return Summary({
        "users": len(users), "editions": 1, "participants": len(participants),
        "assignments": len(assignments), "contacts": len(contacts), "photos": photos,
    })


def _users() -> dict[str, User]:
    """The demo accounts; with --force an existing account is reused, its password kept."""
    users = {}
    for email, name, role in DEMO_USERS:
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, role=role)
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        users[email] = user
    return users


def slug(name: str) -> str:
    """'Gmina Wieliszew' → 'gmina-wieliszew', for the example.org addresses."""
    ascii_name = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:40].rstrip("-")


def _participant(edition: Edition, row: tuple) -> Participant:
    name, category, voivodeship, city, postal_code, address, area = row
    key = slug(name)
    # The "000" block is unallocated in Polish numbering: clearly fictitious numbers.
    number = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 10_000
    participant = Participant(
        edition=edition, name=name, category=category, voivodeship=voivodeship, city=city,
        postal_code=postal_code, address=address,
        phone=f"+48 {area} 000 {number // 100:02d} {number % 100:02d}",
        email=f"kontakt@{key}.example.org", website=f"https://www.{key}.example.org",
        social_profiles={"facebook": f"https://facebook.example.org/{key}"},
    )
    db.session.add(participant)
    return participant


def _assignments(edition, users, participants, today, rng) -> list[Assignment]:
    assignments = []
    for email, plan in PLAN.items():
        for index, days in plan:
            optional = rng.sample(["social_media", "website"], k=rng.randint(0, 2))
            if index == LAUREATE:
                optional = ["social_media", "website"]
            channels = [c for c in CHANNELS if c in ("visit", "phone", "email", *optional)]
            assignment = Assignment(
                edition=edition, participant=participants[index], juror=users[email],
                channels=channels, due_on=today + timedelta(days=days),
            )
            db.session.add(assignment)
            assignments.append(assignment)
    return assignments


def _contacts(assignments, rubric, quality, today, rng) -> list[Contact]:
    """Contacts for most assignments; the overdue one keeps a channel untouched."""
    contacts = []
    returned_to: list[str] = []  # each juror gets one phone contact back with a comment
    for n, assignment in enumerate(assignments):
        laureate = assignment.participant.name == ANNOUNCED[LAUREATE][0]
        done = assignment.channels[: 1 if n == 0 else rng.randint(0, len(assignment.channels))]
        if laureate:
            done = assignment.channels
        for channel in done:
            status = rng.choice([ContactStatus.APPROVED] * 3 + [ContactStatus.SUBMITTED])
            if laureate:
                status = ContactStatus.APPROVED
            comment = ""
            if (channel == "phone" and assignment.juror.email not in returned_to
                    and not laureate):
                status, comment = ContactStatus.RETURNED, RETURN_COMMENTS[len(returned_to)]
                returned_to.append(assignment.juror.email)
            level = quality[assignment.participant.name] * 5 + STRICTNESS[assignment.juror.email]
            contacts.append(
                _contact(assignment, channel, rubric, level, status, comment, today, rng)
            )
    return contacts


def _contact(assignment, channel, rubric, level, status, comment, today, rng) -> Contact:
    spec = rubric["channels"][channel]
    measurements = _measurements(channel, level, rng)
    scores = {
        c["key"]: None if c.get("allow_na") and rng.random() < 0.1
        else max(0, min(c["max_points"], round(rng.gauss(level, 0.8))))
        for c in spec["criteria"] if "rule" not in c
    }
    local = datetime.combine(
        today - timedelta(days=rng.randint(2, 20)), time(rng.randint(8, 14), rng.choice([0, 30]))
    ).replace(tzinfo=WARSAW)
    started = local.astimezone(UTC)
    offset = int(local.utcoffset().total_seconds() // 60)
    client_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    payload = {"client_id": str(client_id), "channel": channel, "started_at": started.isoformat(),
               "measurements": measurements, "scores": scores, "notes": NOTES[channel]}
    contact = Contact(
        client_id=client_id, assignment=assignment, juror=assignment.juror, channel=channel,
        started_at=started, started_offset_minutes=offset,
        ended_at=started + timedelta(minutes=rng.randint(5, 40)), ended_offset_minutes=offset,
        received_at=started + timedelta(hours=1), updated_at=started + timedelta(days=1),
        measurements=measurements, notes=NOTES[channel], status=status, review_comment=comment,
        payload_hash=hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest(),
        rubric_version=1,
    )
    contact.scores = [
        CriterionScore(criterion_key=r.key, points=r.points, max_points=r.max_points,
                       weight=r.weight)
        for r in criterion_results(spec, scores, measurements)
    ]
    db.session.add(contact)
    return contact


def _measurements(channel: str, level: float, rng: random.Random) -> dict[str, float]:
    """Plausible measurements: a better participant answers sooner."""
    slack = max(0.0, 5 - level)
    if channel == "visit":
        return {"waiting_minutes": round(rng.uniform(0, 6 + 6 * slack)),
                "service_minutes": rng.randint(4, 25)}
    if channel == "phone":
        return {"rings": rng.randint(1, 3 + round(2 * slack)), "transfers": rng.randint(0, 2),
                "hold_seconds": rng.randint(0, 120), "call_seconds": rng.randint(90, 600)}
    if channel in ("email", "social_media"):
        return {"reply_hours": round(rng.uniform(1, 20 + 30 * slack), 1)}
    return {}
