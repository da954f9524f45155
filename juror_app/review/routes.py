"""Evidence review pages: the queue and one contact's evidence (experts read only)."""
from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from juror_app.accounts.access import allow
from juror_app.core.extensions import htmx
from juror_app.models import Role
from juror_app.review import detail, queries
from juror_app.review.actions import contact_version
from juror_app.review.blueprint import bp
from juror_app.review.changes import ACTION_NAMES
from juror_app.review.forms import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    FLAG_LABELS,
    STATUS_LABELS,
    DecisionForm,
)
from juror_app.review.navigation import POSITION, next_contact_id, queue_args, queue_filters

READERS = (Role.COORDINATOR, Role.ADMIN, Role.EXPERT)
REVIEWERS = (Role.COORDINATOR, Role.ADMIN)


@bp.context_processor
def _labels():
    return {"STATUS_LABELS": STATUS_LABELS, "CHANNEL_LABELS": CHANNEL_LABELS,
            "ACTION_NAMES": ACTION_NAMES,
            "CATEGORY_LABELS": CATEGORY_LABELS, "FLAG_LABELS": FLAG_LABELS,
            "can_review": current_user.is_authenticated and current_user.role in REVIEWERS}


def wants_fragment() -> bool:
    """htmx asked for a part of the page (a history restore needs the whole page)."""
    return bool(htmx) and not htmx.history_restore_request


@bp.route("/")
@allow(*READERS)
def queue():
    """Contacts to review, filtered; htmx gets only the results fragment."""
    form = queue_filters(request.args)
    today = queries.today_in_warsaw()
    if not form.validate():
        page, counts, status = None, {}, 400
    else:
        page, counts = queries.queue_page(form.data, form.position(), today)
        status = 200
    template = "review/_queue_results.html" if wants_fragment() else "review/queue.html"
    response = current_app.make_response(
        (render_template(template, form=form, page=page, counts=counts, today=today,
                         filter_args=queue_args(*POSITION), queue_args=queue_args(),
                         clear_participant=url_for(
                             "review.queue", **queue_args(*POSITION, "participant")),
                         clear_juror=url_for("review.queue", **queue_args(*POSITION, "juror"))),
         status))
    response.vary.add("HX-Request")
    return response


@bp.route("/contacts/<int(max=2147483647):contact_id>")
@allow(*READERS)
def contact(contact_id: int):
    """One contact's evidence, scores, history and the reviewer's actions."""
    found = queries.load_contact(contact_id)
    if found is None:
        abort(404, description=_("Nie ma takiego kontaktu."))
    view = detail.build(found, queries.contact_events(found))
    return render_template("review/contact.html", view=view, form=DecisionForm(),
                           queue_args=queue_args(), version=contact_version(found),
                           next_id=next_contact_id(found))
