"""Review forms: the queue's GET filters and the reviewer's decision."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional, ValidationError

from juror_app.core.extensions import db
from juror_app.core.labels import CATEGORY_LABELS, CHANNEL_LABELS
from juror_app.core.labels import CONTACT_STATUS_LABELS as STATUS_LABELS
from juror_app.models import CHANNELS, ContactStatus, Edition, Participant, Role, User
from juror_app.review.paging import QueuePosition

ALL = ""
# The kinds of anomaly flag the evidence rules give (juror_app/evidence/anomalies.py: each
# Flag's code), as a reviewer filters on them; the flag itself carries the full reason.
FLAG_LABELS = {
    "outside_window": _l("Poza okresem badania"),
    "too_fast": _l("Kontakt krótszy niż wiarygodny"),
    "phone_clock": _l("Zegar telefonu wyprzedza serwer"),
    "photo_time": _l("Czas zdjęcia daleko od kontaktu"),
    "visit_place": _l("Wizyta daleko od adresu uczestnika"),
    "photo_place": _l("Zdjęcie daleko od adresu uczestnika"),
    "duplicate_photo": _l("To samo zdjęcie w innym kontakcie"),
    "travel": _l("Niemożliwy przejazd między wizytami"),
}
MAX_ID = 2_147_483_647  # an INTEGER key: anything larger would fail on PostgreSQL


def parse_id(value: str | None) -> int | None:
    """A database id from the query string, or None when it cannot be one."""
    raw = (value or "").strip()
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_ID:
        return None
    return int(raw)


def _int_or_all(value):
    return ALL if value in (None, "", ALL) else int(value)


class QueueFilters(Form):
    """Filters of the review queue, read from the query string (a plain GET form)."""

    edition = SelectField(_l("Edycja"), coerce=_int_or_all, default=ALL)
    category = SelectField(_l("Kategoria"), default=ALL)
    # No select either: a season may have thousands of jurors. A link may name one by id
    # (shown with a "clear" link); otherwise a name or e-mail fragment is searched.
    juror = StringField(_l("Juror"), default=ALL)
    juror_name = StringField(_l("Juror"), default=ALL,
                             render_kw={"type": "search", "maxlength": 100,
                                        "placeholder": _l("imię, nazwisko lub e-mail")})
    channel = SelectField(_l("Kanał"), default=ALL)
    status = SelectField(_l("Status"), default="waiting")
    # No select: an edition may have hundreds of participants. The coverage matrix links
    # here with an id, and the page shows the participant's name with a "clear" link.
    participant = StringField(_l("Uczestnik"), default=ALL)
    overdue = BooleanField(_l("Tylko po terminie"))
    flagged = BooleanField(_l("Tylko z ostrzeżeniami"))
    flag = SelectField(_l("Rodzaj ostrzeżenia"), default=ALL)
    page = IntegerField(default=1, validators=[Optional(), NumberRange(min=1, max=100_000)])
    # The page's links name the contact it follows (next) or precedes (previous): the
    # database seeks there along the queue's order instead of counting past every
    # earlier contact, so page 400 costs what page 1 does.
    after = IntegerField(validators=[Optional(), NumberRange(min=1, max=2_147_483_647)])
    before = IntegerField(validators=[Optional(), NumberRange(min=1, max=2_147_483_647)])
    participant_name = ""  # "Name (city)" once the participant filter has been validated
    juror_label = ""  # the juror's name once the juror filter has been validated

    def fill_choices(self) -> None:
        """Choices come from the database: the editions."""
        editions = db.session.execute(
            sa.select(Edition.id, Edition.name).order_by(Edition.year.desc(), Edition.id.desc())
        ).all()
        everything = (ALL, _l("Wszystkie"))
        self.edition.choices = [everything] + [(e.id, e.name) for e in editions]
        self.category.choices = [everything] + [(c.value, t) for c, t in CATEGORY_LABELS.items()]
        self.channel.choices = [everything] + [(c, CHANNEL_LABELS[c]) for c in CHANNELS]
        self.flag.choices = [(ALL, _l("Dowolny"))] + list(FLAG_LABELS.items())
        self.status.choices = [("waiting", _l("Czekające na ocenę")), ("all", _l("Wszystkie"))] + [
            (s.value, STATUS_LABELS[s.value]) for s in ContactStatus
        ]

    def position(self) -> QueuePosition:
        """Where in the queue the validated arguments point."""
        return QueuePosition(self.page.data or 1, self.after.data, self.before.data)

    def validate_participant(self, field) -> None:
        """An existing participant's id (kept as an int) or nothing."""
        if not field.data:
            field.data = ALL
            return
        found = participant_label(parse_id(field.data))
        if found is None:
            raise ValidationError(_l("Nie ma takiego uczestnika."))
        field.data, self.participant_name = int(field.data.strip()), found


    def validate_juror(self, field) -> None:
        """An existing juror's id (kept as an int) or nothing."""
        if not field.data:
            field.data = ALL
            return
        juror_id = parse_id(field.data)
        name = juror_id and db.session.scalar(
            sa.select(User.name).where(User.id == juror_id, User.role == Role.JUROR))
        if not name:
            raise ValidationError(_l("Nie ma takiego jurora."))
        field.data, self.juror_label = juror_id, name

    def validate_juror_name(self, field) -> None:
        field.data = (field.data or "").strip()[:100]


def participant_label(participant_id: int | None) -> str | None:
    """The participant's name with its city, or None when there is no such participant."""
    if participant_id is None:
        return None
    row = db.session.execute(
        sa.select(Participant.name, Participant.city).where(Participant.id == participant_id)
    ).first()
    if row is None:
        return None
    return f"{row.name} ({row.city})" if row.city else row.name


class DecisionForm(FlaskForm):
    """The reviewer's comment and, for a rejection, the explicit confirmation."""

    comment = TextAreaField(_l("Komentarz dla jurora"))
    # What the reviewer saw (rules.seen_version): a later change by the juror is a 409.
    version = HiddenField()
    confirm = BooleanField(_l("Potwierdzam odrzucenie — tej decyzji nie można cofnąć"))
