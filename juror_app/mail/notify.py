"""Mails that actions cause; each joins the action's transaction (the caller commits)."""
from __future__ import annotations

from juror_app.core.labels import CHANNEL_LABELS
from juror_app.mail import rules
from juror_app.mail.compose import external_url, mail_user
from juror_app.models import Assignment, Contact, User, utcnow


def correction_link(contact: Contact) -> str:
    """Straight to the contact's form in the offline app, where the juror corrects it."""
    return (external_url("pwa.shell")
            + f"#/capture/{contact.assignment_id}/{contact.channel}/{contact.client_id}")


def contact_decided(contact: Contact, decision: str, comment: str) -> bool:
    """Tell the juror that a contact came back (return) or was refused (reject)."""
    if decision not in ("return", "reject"):
        return False
    return mail_user(
        contact.juror, key=rules.decision_mail_key(contact.id, decision, utcnow()),
        kind=rules.REVIEW, template=f"contact_{decision}ed", contact=contact,
        participant=contact.assignment.participant, comment=comment,
        channel=CHANNEL_LABELS.get(contact.channel, contact.channel),
        link=correction_link(contact) if decision == "return" else external_url("pwa.shell"))


def assignments_created(juror: User, assignments: list[Assignment]) -> bool:
    """One mail for a batch of new assignments, however many rows it has."""
    if not assignments:
        return False
    return mail_user(
        juror, key=rules.assignments_mail_key(juror.id, [a.id for a in assignments]),
        kind=rules.ASSIGNMENTS, template="assignments", assignments=assignments,
        channel_labels=CHANNEL_LABELS, link=external_url("juror.home"))
