"""`flask reminders`: due-date reminders and the coordinators' daily digest, each once.

Every notice given is logged under a unique key (assignment + due date, user + day), in
the same transaction as the mail that carries it: a second run the same day finds the keys
and queues nothing for them (but does mail an item that became due since); two runs at
once collide on the unique key and one of them rolls back.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from juror_app.juror.progress import channel_progress, is_complete
from juror_app.juror.queries import my_assignments
from juror_app.mail import rules
from juror_app.mail.compose import external_url, mail_user, opted_out
from juror_app.models import (
    Assignment,
    ConflictOfInterest,
    Contact,
    ContactStatus,
    Edition,
    EditionStatus,
    NotificationLog,
    Role,
    User,
    utcnow,
)

WAITING = (ContactStatus.SUBMITTED, ContactStatus.RESUBMITTED)


@dataclass
class Summary:
    reminders: int = 0
    digests: int = 0


def local_today() -> date:
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def logged(session: Session, key: str) -> bool:
    return session.scalar(sa.select(NotificationLog.id).where(NotificationLog.key == key)) \
        is not None


def run(session: Session, today: date | None = None) -> Summary:
    today = today or local_today()
    summary = Summary()
    days = int(current_app.config["REMINDER_DAYS_BEFORE"])
    for juror in jurors_with_dates(session, today + timedelta(days=days)):
        summary.reminders += remind_juror(session, juror, today, days)
    for user in session.scalars(sa.select(User).where(
            User.role.in_([Role.COORDINATOR, Role.ADMIN]), User.active.is_(True))):
        summary.digests += send_digest(session, user, today)
    return summary


def jurors_with_dates(session: Session, until: date) -> list[User]:
    return list(session.scalars(
        sa.select(User).where(User.active.is_(True), User.id.in_(
            sa.select(Assignment.juror_id).join(Assignment.edition)
            .where(Edition.status == EditionStatus.OPEN, Assignment.due_on <= until)))))


def remind_juror(session: Session, juror: User, today: date, days: int) -> int:
    """One mail listing the juror's unfinished assignments due soon or overdue, each of
    them mentioned once per due date."""
    if opted_out(juror, rules.REMINDERS):
        return 0
    soon, late, keys = [], [], []
    for view in my_assignments(juror.id, today):
        a = view.assignment
        if is_complete(view.progress) or view.conflict is not None:
            continue
        if rules.is_past_due(a.due_on, today):
            target, key = late, rules.overdue_key(a.id, a.due_on)
        elif rules.is_due_soon(a.due_on, today, days):
            target, key = soon, rules.due_reminder_key(a.id, a.due_on)
        else:
            continue
        if not logged(session, key):
            target.append(view)
            keys.append(key)
    if not keys:
        return 0
    queued = mail_user(juror, key=rules.reminders_mail_key(juror.id, today, keys),
                       kind=rules.REMINDERS, template="reminders", soon=soon, late=late,
                       today=today, link=external_url("juror.home"))
    if queued:  # a notice counts as given only when a queued mail carries it
        session.add_all(NotificationLog(key=key) for key in keys)
    return int(queued)


@dataclass
class Digest:
    waiting: int
    overdue: int
    conflicts: int

    @property
    def empty(self) -> bool:
        return not (self.waiting or self.overdue or self.conflicts)


def digest_figures(session: Session, today: date) -> Digest:
    live = sa.select(Edition.id).where(Edition.status.in_([EditionStatus.OPEN,
                                                           EditionStatus.FROZEN]))
    waiting = session.scalar(
        sa.select(sa.func.count()).select_from(Contact).join(Contact.assignment)
        .where(Contact.status.in_(WAITING), Assignment.edition_id.in_(live))) or 0
    since = utcnow() - timedelta(days=1)
    conflicts = session.scalar(sa.select(sa.func.count()).select_from(ConflictOfInterest)
                               .where(ConflictOfInterest.declared_at >= since)) or 0
    return Digest(waiting, overdue_assignments(session, today), conflicts)


def overdue_assignments(session: Session, today: date) -> int:
    late = session.scalars(sa.select(Assignment).join(Assignment.edition).where(
        Edition.status == EditionStatus.OPEN, Assignment.due_on < today)).all()
    done = {}
    for assignment_id, channel, status in session.execute(
            sa.select(Contact.assignment_id, Contact.channel, Contact.status)
            .where(Contact.assignment_id.in_([a.id for a in late]))):
        done.setdefault(assignment_id, []).append((channel, status))
    return sum(1 for a in late
               if not is_complete(channel_progress(a.channels, done.get(a.id, []))))


def send_digest(session: Session, user: User, today: date) -> int:
    key = rules.digest_key(user.id, today)
    if opted_out(user, rules.DIGEST) or logged(session, key):
        return 0
    figures = digest_figures(session, today)
    if figures.empty:
        return 0
    session.add(NotificationLog(key=key))
    return int(mail_user(user, key=key, kind=rules.DIGEST, template="digest",
                         figures=figures, today=today,
                         link=external_url("coordinator.dashboard"),
                         review_link=external_url("review.queue")))
