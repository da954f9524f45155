"""Who may be assigned to whom: checks that need the database."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from wtforms import SelectChoice

from juror_app.coordinator.queries import conflict_for
from juror_app.extensions import db
from juror_app.models import Assignment, Edition, Participant, Role, User


def form_choices(edition: Edition) -> tuple[list, list]:
    """Active participants of the edition and active jurors, for the select boxes."""
    participants = db.session.execute(
        sa.select(Participant.id, Participant.name, Participant.city)
        .where(Participant.edition_id == edition.id, Participant.archived.is_(False))
        .order_by(Participant.name, Participant.city)).all()
    jurors = db.session.execute(
        sa.select(User.id, User.name, User.email)
        .where(User.role == Role.JUROR, User.active.is_(True)).order_by(User.name)).all()
    none = SelectChoice(0, "—")
    return ([none] + [SelectChoice(p.id, f"{p.name} ({p.city})" if p.city else p.name)
                      for p in participants],
            [none] + [SelectChoice(u.id, f"{u.name} <{u.email}>") for u in jurors])


def assignment_problem(edition: Edition, participant_id: int,
                       juror_id: int) -> tuple[str, str] | None:
    """(field, why) this juror cannot take this participant, or None."""
    participant = db.session.get(Participant, participant_id or 0)
    if participant is None or participant.edition_id != edition.id or participant.archived:
        return "participant_id", _("Wybierz uczestnika tej edycji.")
    juror = db.session.get(User, juror_id or 0)
    if juror is None or juror.role != Role.JUROR or not juror.active:
        return "juror_id", _("Wybierz aktywnego jurora.")
    conflict = conflict_for(juror.id, participant.id)
    if conflict is not None:
        reason = f" ({conflict.reason})" if conflict.reason else ""
        return "juror_id", _(
            "%(juror)s zgłosił(a) konflikt interesów wobec „%(participant)s”%(reason)s — "
            "nie może oceniać tego uczestnika.", juror=juror.name,
            participant=participant.name, reason=reason)
    taken = db.session.scalar(sa.select(Assignment.id).where(
        Assignment.participant_id == participant.id, Assignment.juror_id == juror.id))
    if taken is not None:
        return "juror_id", _("Ten juror ma już zadanie u tego uczestnika.")
    return None
