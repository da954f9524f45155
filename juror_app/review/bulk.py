"""Approving several contacts at once: the reviewer ticks them, confirms, each is audited.

Each contact goes through the same rules and the same conditional update as a single
decision (review.actions.store), in its own transaction, and only if it still has the
status and version (review.rules.seen_version) the reviewer saw on the confirmation
page: two reviewers cannot both decide, and
one contact changed meanwhile does not stop the others.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from juror_app.accounts.access import allow
from juror_app.models import Contact, Role
from juror_app.review import actions, queries  # module: actions and bulk load together
from juror_app.review.blueprint import bp
from juror_app.review.forms import parse_id
from juror_app.review.navigation import queue_args
from juror_app.review.rules import Decision, ReviewRefused, check_seen, decide

MAX_AT_ONCE = 200
# Flashes live in the cookie session: one per refused contact (200 at most) outgrew the
# 4 KB a browser keeps, so it ignored the cookie and the reviewer saw no result at all.
# Five names of 200 characters still fit.
REFUSED_SHOWN = 5


def chosen_ids() -> list[int]:
    ids = {parse_id(raw) for raw in request.form.getlist("contact")[:MAX_AT_ONCE]}
    return sorted(i for i in ids if i is not None)


def approve_one(contact: Contact, seen_status: str | None, seen: str | None) -> str | None:
    """Approve one contact; the reason in the reviewer's language when refused."""
    if seen_status != str(contact.status):
        return _("Ktoś inny właśnie zmienił ten kontakt.")
    try:
        check_seen(actions.contact_version(contact), seen)
        new_status = decide(contact.status, Decision.APPROVE,
                            edition_locked=contact.assignment.edition.is_locked)
        actions.store(contact, Decision.APPROVE, new_status, "")
    except ReviewRefused as refusal:
        return _(refusal.message, **refusal.params)
    return None


@bp.route("/bulk-approve", methods=["POST"])
@allow(Role.COORDINATOR, Role.ADMIN)
def bulk_approve():
    """Confirm the ticked contacts, then approve each one that can still be approved."""
    back = url_for("review.queue", **queue_args())
    contacts = [c for i in chosen_ids() if (c := queries.load_contact(i)) is not None]
    if not contacts:
        flash(_("Zaznacz kontakty, które chcesz zatwierdzić."), "error")
        return redirect(back)
    if request.form.get("confirm") != "y":
        return render_template("review/bulk_confirm.html", contacts=contacts, back=back,
                               queue_args=queue_args(),
                               versions={c.id: actions.contact_version(c) for c in contacts})
    form = request.form
    refused = {c: why for c in contacts
               if (why := approve_one(c, form.get(f"seen-{c.id}"), form.get(f"version-{c.id}")))}
    approved = len(contacts) - len(refused)
    flash(ngettext("Zatwierdzono %(num)d kontakt.", "Zatwierdzono kontakty: %(num)d.",
                   approved), "success" if approved else "error")
    for contact, why in list(refused.items())[:REFUSED_SHOWN]:
        flash(_("Pominięto: %(name)s — %(why)s", name=contact.assignment.participant.name,
                why=why), "error")
    if len(refused) > REFUSED_SHOWN:
        flash(ngettext("Pominięto też %(num)d inny kontakt.", "Pominięto też inne kontakty: "
                       "%(num)d.", len(refused) - REFUSED_SHOWN), "error")
    return redirect(back)
