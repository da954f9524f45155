"""Review decisions: approve, return with a comment, reject with a reason (POST, audited)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from juror_app.accounts.access import allow
from juror_app.core.extensions import db, htmx
from juror_app.mail import notify
from juror_app.models import Contact, ContactStatus, Photo, Role, record, utcnow
from juror_app.models.derived import count_decision
from juror_app.review import detail, queries
from juror_app.review.blueprint import bp
from juror_app.review.forms import DecisionForm
from juror_app.review.navigation import next_contact_id, queue_args
from juror_app.review.rules import (
    CHANGED,
    Decision,
    ReviewRefused,
    check_seen,
    decide,
    seen_version,
)

DONE_MESSAGES = {
    Decision.APPROVE: _l("Kontakt zatwierdzony."),
    Decision.RETURN: _l("Kontakt zwrócony jurorowi do poprawy."),
    Decision.REJECT: _l("Kontakt odrzucony."),
}


@bp.route("/contacts/<int(max=2147483647):contact_id>/<decision>", methods=["POST"])
@allow(Role.COORDINATOR, Role.ADMIN)
def review(contact_id: int, decision: str):
    """Apply a reviewer's decision to a contact, with an audit event."""
    contact = queries.load_contact(contact_id)
    if contact is None or decision not in set(Decision):
        abort(404, description=_("Nie ma takiego kontaktu ani decyzji."))
    form = DecisionForm()  # CSRFProtect has already checked the token; the rules do the rest
    try:
        check_seen(contact_version(contact), form.version.data)
        new_status = decide(contact.status, decision, form.comment.data or "",
                            edition_locked=contact.assignment.edition.is_locked,
                            confirmed=bool(form.confirm.data))
        store(contact, decision, new_status, (form.comment.data or "").strip())
    except ReviewRefused as refusal:
        return refused(contact, form, refusal, decision)
    if htmx:
        return panel(contact, DecisionForm(formdata=None), notice=str(DONE_MESSAGES[decision]))
    flash(str(DONE_MESSAGES[decision]), "success")
    # Back to the contact, filters kept: its page offers the next one in the queue.
    return redirect(url_for("review.contact", contact_id=contact.id, **queue_args()))


def contact_version(contact: Contact) -> str:
    return seen_version(contact.payload_hash, (p.id for p in contact.photos))


def same_photos(contact_id: int, photo_ids: list[int]) -> sa.ColumnElement[bool]:
    """WHERE condition: the contact holds exactly these photos (none added, none removed)."""
    held = sa.select(Photo.id).where(Photo.contact_id == contact_id)
    count = sa.select(sa.func.count(Photo.id)).where(Photo.contact_id == contact_id)
    return sa.and_(~sa.exists(held.where(Photo.id.not_in(photo_ids))),
                   count.scalar_subquery() == len(photo_ids))


def store(contact: Contact, decision: str, new_status: str, comment: str) -> None:
    """Change the status only if the contact is still what was checked, and audit it.

    "What was checked" is the status, the content and the photo set the version was
    compared with (check_seen): a photo the juror adds between that check and this write
    fails the update like a changed status does, so nobody approves evidence unseen.
    """
    before = {"status": str(contact.status), "review_comment": contact.review_comment}
    seen = contact_version(contact)
    changed = db.session.execute(
        sa.update(Contact)
        .where(Contact.id == contact.id, Contact.status == contact.status,
               Contact.payload_hash == contact.payload_hash,
               same_photos(contact.id, [p.id for p in contact.photos]))
        .values(status=new_status, review_comment=comment, updated_at=utcnow())
        .execution_options(synchronize_session=False, totals_kept=True)
    ).rowcount
    if changed != 1:
        db.session.rollback()  # expires the contact: what follows reads it afresh
        if contact_version(contact) != seen:
            raise ReviewRefused("changed", CHANGED)
        raise ReviewRefused("locked", _("Ktoś inny właśnie zmienił ten kontakt. "
                                        "Odśwież stronę i sprawdź jego stan."))
    count_decision(db.session, contact, contact.status, ContactStatus(new_status))
    record(db.session, actor_id=current_user.id, action=f"contact.{decision}",
           entity_type="contact", entity_id=contact.id, before=before,
           after={"status": new_status, "review_comment": comment})
    notify.contact_decided(contact, decision, comment)  # commits with the decision
    db.session.commit()
    db.session.refresh(contact)


def refused(contact: Contact, form: DecisionForm, refusal: ReviewRefused, decision: str):
    """A conflict is 409, missing or bad input 422; htmx gets the panel with the message."""
    code = 409 if refusal.conflict else 422
    message = _(refusal.message, **refusal.params)
    if htmx:
        # A changed contact: no decision buttons until the reviewer has looked again.
        stale = refusal.reason == "changed"
        return panel(contact, form, error=message, decision=decision, stale=stale), code
    if refusal.conflict:
        abort(409, description=message)
    flash(message, "error")
    view = detail.build(contact, queries.contact_events(contact))
    return render_template("review/contact.html", view=view, form=form, decision=decision,
                           version=contact_version(contact), queue_args=queue_args(),
                           next_id=next_contact_id(contact)), code


def panel(contact: Contact, form: DecisionForm, **context):
    """The review panel fragment: status, actions, rounds and the audit trail."""
    view = detail.build(contact, queries.contact_events(contact))
    return render_template("review/_review_panel.html", view=view, form=form,
                           version=contact_version(contact), queue_args=queue_args(),
                           next_id=next_contact_id(contact), **context)
