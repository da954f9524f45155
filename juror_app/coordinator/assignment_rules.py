"""Who may be assigned to whom: checks that need the database."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from wtforms import SelectChoice

from juror_app.core.extensions import db
from juror_app.core.text import fold
from juror_app.models import (
    Assignment,
    Category,
    ConflictOfInterest,
    Edition,
    Participant,
    Role,
    User,
)
from juror_app.results.labels import inner_quotes


def form_choices(edition: Edition, q: str = "", category: str = "",
                 unassigned: bool = False) -> tuple[list, list]:
    """Active participants of the edition (narrowed by the search) and active jurors."""
    query = (sa.select(Participant.id, Participant.name, Participant.city)
             .where(Participant.edition_id == edition.id, Participant.archived.is_(False))
             .order_by(Participant.name, Participant.city))
    if fold(q):
        query = query.where(Participant.search_text.contains(fold(q), autoescape=True))
    if category in {c.value for c in Category}:
        query = query.where(Participant.category == Category(category))
    if unassigned:
        query = query.where(~sa.exists().where(Assignment.participant_id == Participant.id))
    participants = db.session.execute(query).all()
    jurors = db.session.execute(
        sa.select(User.id, User.name, User.email)
        .where(User.role == Role.JUROR, User.active.is_(True)).order_by(User.name)).all()
    return ([SelectChoice(p.id, f"{p.name} ({p.city})" if p.city else p.name)
             for p in participants],
            [SelectChoice(0, "—")] + [SelectChoice(u.id, f"{u.name} <{u.email}>")
                                      for u in jurors])


def assignment_problems(edition: Edition, participant_ids: list[int],
                        juror_id: int) -> tuple[list[Participant], dict[str, list[str]]]:
    """The participants to assign, and why (per form field) some cannot be, if any."""
    juror = db.session.get(User, juror_id or 0)
    if juror is None or juror.role != Role.JUROR or not juror.active:
        return [], {"juror_id": [_("Wybierz aktywnego jurora.")]}
    wanted = set(participant_ids or [])
    participants = list(db.session.scalars(sa.select(Participant).where(
        Participant.id.in_(wanted), Participant.edition_id == edition.id,
        Participant.archived.is_(False)).order_by(Participant.name)))
    if not wanted or len(participants) != len(wanted):
        return [], {"participant_ids": [_("Wybierz uczestników tej edycji (nie "
                                          "zarchiwizowanych).")]}
    return participants, {"juror_id": _blocked(juror, participants)}


def _blocked(juror: User, participants: list[Participant]) -> list[str]:
    """A message for each participant this juror is in conflict with or already has."""
    ids = [p.id for p in participants]
    conflicts = {c.participant_id: c for c in db.session.scalars(
        sa.select(ConflictOfInterest).where(ConflictOfInterest.juror_id == juror.id,
                                            ConflictOfInterest.participant_id.in_(ids)))}
    taken = set(db.session.scalars(sa.select(Assignment.participant_id).where(
        Assignment.juror_id == juror.id, Assignment.participant_id.in_(ids))))
    messages = []
    for p in participants:
        if p.id in conflicts:
            reason = conflicts[p.id].reason
            messages.append(_(
                "%(juror)s zgłosił(a) konflikt interesów wobec „%(participant)s”%(reason)s — "
                "nie może oceniać tego uczestnika.", juror=juror.name,
                participant=inner_quotes(p.name), reason=f" ({reason})" if reason else ""))
        elif p.id in taken:
            messages.append(_("%(juror)s ma już zadanie dla: „%(participant)s”.",
                              juror=juror.name, participant=inner_quotes(p.name)))
    return messages
