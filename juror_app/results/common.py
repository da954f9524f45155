"""Helpers shared by the results views: finding the edition and the page context."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _

from juror_app.core.extensions import db
from juror_app.models import Edition, Participant
from juror_app.results import labels
from juror_app.results.lifecycle import working_edition


def edition_or_404(edition_id: int | None) -> Edition | None:
    """The chosen edition, or the one being worked on when none is chosen (None if none)."""
    if edition_id is None:
        return working_edition(db.session)
    edition = db.session.get(Edition, edition_id)
    if edition is None or edition.rubric is None:
        abort(404, _("Nie ma takiej edycji albo nie ma ona jeszcze rubryki."))
    return edition


def participant_or_404(edition: Edition, participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.edition_id != edition.id:
        abort(404, _("Nie ma takiego uczestnika w tej edycji."))
    return participant


def page_context(edition: Edition, tab: str) -> dict:
    """What every results page needs: the edition, the tab and the labels."""
    editions = db.session.scalars(sa.select(Edition).order_by(Edition.year.desc(),
                                                              Edition.id.desc())).all()
    names = labels.channel_labels(edition.rubric.data)
    return {
        "edition": edition, "editions": editions, "tab": tab,
        "categories": labels.category_labels(), "kinds": labels.kind_labels(),
        "channel_names": names,
        "channels_text": lambda keys: ", ".join(names.get(k, k) for k in keys),
    }
