"""Moving between the queue and a contact without losing the reviewer's filters.

The contact page carries the queue's filters in its own query string, so its back link,
the decision's redirect and "next contact" return to the same filtered queue.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import request
from werkzeug.datastructures import MultiDict

from juror_app.core.extensions import db
from juror_app.models import Contact
from juror_app.results.lifecycle import working_edition
from juror_app.review import queries
from juror_app.review.forms import ALL, QueueFilters

# The queue's own parameters only: anything else (e.g. url_for's "_external" or
# "_scheme") must never reach url_for from a query string.
QUEUE_KEYS = ("edition", "category", "juror", "juror_name", "channel", "status",
              "participant", "overdue", "flagged", "flag", "page", "after", "before")
# Where in the queue the reviewer is: a page number, and the contact the page follows or
# precedes (keyset paging: a deep page costs what the first does).
POSITION = ("page", "after", "before")


def queue_args(*dropped: str) -> dict[str, str]:
    """The request's queue filters, without the named ones."""
    return {k: v for k, v in request.args.items() if k in QUEUE_KEYS and k not in dropped}


def default_edition_id() -> int | None:
    edition = working_edition(db.session)
    return edition.id if edition else None


def queue_filters(args) -> QueueFilters:
    """The queue's filter form over these arguments, with the desk's default edition."""
    form = QueueFilters(args, edition=default_edition_id() or ALL)
    form.fill_choices()
    return form


def next_contact_id(current: Contact) -> int | None:
    """The contact after this one in the reviewer's filtered queue (wrapping round), if any."""
    form = queue_filters(MultiDict(queue_args(*POSITION)))
    if not form.validate():
        return None
    query = (queries.queue_select(form.data, queries.today_in_warsaw())
             .where(Contact.id != current.id).limit(1))
    position = sa.tuple_(Contact.received_at, Contact.id)
    after = db.session.scalar(query.where(position > (current.received_at, current.id)))
    found = after or db.session.scalar(query)
    return found.id if found else None
