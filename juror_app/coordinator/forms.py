"""Coordinator forms; checks that need the database live here too, next to the fields."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FloatField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from juror_app.coordinator.participant_fields import (
    MAX_LENGTHS,
    SOCIAL_MAX_LENGTH,
    SOCIAL_NETWORKS,
    VOIVODESHIPS,
    check_email,
    check_phone,
    check_postal_code,
    check_url,
)
from juror_app.core.extensions import db
from juror_app.core.forms import no_control_characters
from juror_app.core.guard import id_value
from juror_app.core.labels import CATEGORY_LABELS, CHANNEL_LABELS, SOCIAL_LABELS
from juror_app.models import CHANNELS, Edition, EditionStatus, User


def strip(value):
    return " ".join(value.split()) if isinstance(value, str) else value


def rule(check):
    """A WTForms validator from a plain check that returns a message or None."""

    def validator(form, field):
        message = check(field.data or "")
        if message:
            raise ValidationError(_(message))

    return validator


def required():
    return DataRequired(_l("To pole jest wymagane."))


def text(label, field: str, *validators, **kwargs):
    limit = Length(max=MAX_LENGTHS[field], message=_l("Najwyżej %(max)d znaków."))
    return StringField(label, validators=[*validators, no_control_characters, limit],
                       filters=[strip], **kwargs)


class PolishFloatField(FloatField):
    """A number typed the Polish way ("72,5") or the English way ("72.5")."""

    def process_formdata(self, valuelist):
        super().process_formdata([v.replace(",", ".").strip() for v in valuelist])


class EditionForm(FlaskForm):
    name = StringField(_l("Nazwa edycji"), filters=[strip], validators=[
        required(), no_control_characters, Length(max=120)])
    year = IntegerField(_l("Rok"), validators=[
        InputRequired(_l("Podaj rok.")), NumberRange(2000, 2100, _l("Rok spoza zakresu."))])
    starts_on = DateField(_l("Początek oceniania"), validators=[InputRequired(_l("Podaj datę."))])
    ends_on = DateField(_l("Koniec oceniania"), validators=[InputRequired(_l("Podaj datę."))])
    applications_until = DateField(_l("Zgłoszenia do"), validators=[Optional()])
    licence_threshold = PolishFloatField(
        _l("Próg licencji (% punktów)"),
        validators=[InputRequired(_l("Podaj próg.")),
                    NumberRange(0, 100, _l("Próg musi mieścić się w zakresie 0–100."))])
    status = SelectField(_l("Stan"), choices=[
        SelectChoice(EditionStatus.DRAFT.value, _l("w przygotowaniu")),
        SelectChoice(EditionStatus.OPEN.value, _l("otwarta (jurorzy widzą zadania)"))])

    def __init__(self, *args, edition: Edition | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition

    def validate_name(self, field):
        query = sa.select(Edition.id).where(Edition.name == field.data)
        if self.edition is not None:
            query = query.where(Edition.id != self.edition.id)
        if db.session.scalar(query) is not None:
            raise ValidationError(_("Edycja o tej nazwie już istnieje."))

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_("Koniec nie może być wcześniej niż początek."))


class UploadForm(FlaskForm):
    file = FileField(_l("Plik"), validators=[FileRequired(_l("Wybierz plik."))])

    def __init__(self, *args, accept: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # A hint for the file picker only; the content is what gets checked.
        self.file.render_kw = {"accept": accept} if accept else None


class ParticipantForm(FlaskForm):
    name = text(_l("Nazwa"), "name", required())
    category = SelectField(_l("Kategoria"), choices=[SelectChoice("", "—")] + [
        SelectChoice(c.value, label) for c, label in CATEGORY_LABELS.items()],
        validators=[required()])
    voivodeship = SelectField(_l("Województwo"), choices=[SelectChoice("", "—")] + [
        SelectChoice(v) for v in VOIVODESHIPS])
    city = text(_l("Miejscowość"), "city", required())
    address = text(_l("Adres"), "address")
    postal_code = text(_l("Kod pocztowy"), "postal_code", rule(check_postal_code))
    phone = text(_l("Telefon"), "phone", rule(check_phone))
    email = text(_l("E-mail"), "email", rule(check_email))
    website = text(_l("Strona internetowa"), "website", rule(check_url),
                   description=_l("Pełny adres, np. https://www.gmina.pl"))
    latitude = PolishFloatField(
        _l("Szerokość geograficzna"), validators=[Optional(), NumberRange(-90, 90)],
        description=_l("Nieobowiązkowe, np. 50,0617 — wizyty i zdjęcia daleko od tego "
                       "miejsca dostaną ostrzeżenie."))
    longitude = PolishFloatField(_l("Długość geograficzna"),
                                 validators=[Optional(), NumberRange(-180, 180)],
                                 description=_l("Np. 19,9373."))

    def __init__(self, *args, edition: Edition, participant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition, self.participant = edition, participant

    def validate_name(self, field):
        from juror_app.coordinator.queries import is_duplicate_participant

        if is_duplicate_participant(self.edition, field.data, self.city.data or "",
                                    exclude=self.participant):
            raise ValidationError(_("W tej edycji jest już uczestnik o tej nazwie i "
                                    "miejscowości."))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # Not a field validator: Optional() stops those at the empty one of the pair.
        if (self.latitude.data is None) != (self.longitude.data is None):
            self.longitude.errors = [*self.longitude.errors,
                                     _("Podaj obie współrzędne albo żadnej.")]
            ok = False
        return ok

    def social_profiles(self) -> dict[str, str]:
        return {n: getattr(self, n).data for n in SOCIAL_NETWORKS if getattr(self, n).data}


for _network in SOCIAL_NETWORKS:
    setattr(ParticipantForm, _network, StringField(
        SOCIAL_LABELS[_network], filters=[strip], validators=[
            rule(check_url), no_control_characters,
            Length(max=SOCIAL_MAX_LENGTH, message=_l("Najwyżej %(max)d znaków."))]))


class JurorForm(FlaskForm):
    name = StringField(_l("Imię i nazwisko"), filters=[strip], validators=[
        required(), no_control_characters, Length(max=120)])
    email = EmailField(_l("E-mail (login)"), filters=[strip], validators=[
        required(), Email(_l("To nie jest poprawny adres e-mail.")), Length(max=254)])
    password = PasswordField(
        _l("Hasło początkowe"),
        validators=[Optional(), Length(min=10, max=200, message=_l(
            "Hasło musi mieć od 10 do 200 znaków."))],
        description=_l("Zostaw puste, a aplikacja wygeneruje hasło i pokaże je raz."))

    def validate_email(self, field):
        taken = db.session.scalar(
            sa.select(User.id).where(sa.func.lower(User.email) == field.data.lower()))
        if taken is not None:
            raise ValidationError(_("Konto z tym adresem e-mail już istnieje."))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AssignmentEditForm(FlaskForm):
    channels = MultiCheckboxField(_l("Kanały kontaktu"), validate_choice=False, choices=[
        SelectChoice(c, CHANNEL_LABELS[c]) for c in CHANNELS])
    due_on = DateField(_l("Termin"), validators=[Optional()])

    def validate_channels(self, field):
        if not field.data:
            raise ValidationError(_("Zaznacz co najmniej jeden kanał."))
        if set(field.data) - set(CHANNELS):
            raise ValidationError(_("Nieznany kanał kontaktu."))
        # Stored in the rubric's order, whatever order the browser sent.
        field.data = [c for c in CHANNELS if c in field.data]


class AssignmentForm(AssignmentEditForm):
    juror_id = SelectField(_l("Juror"), coerce=id_value, validate_choice=False)
    # Checkboxes over the list the search above the form narrowed (hundreds otherwise).
    participant_ids = MultiCheckboxField(
        _l("Uczestnicy"), coerce=id_value, validate_choice=False,
        description=_l("Zawęź listę wyszukiwaniem nad formularzem; zaznacz jednego lub wielu."))
    # Juror first: a coordinator hands one juror a batch of participants.
    _order = ("juror_id", "participant_ids", "channels", "due_on")

    def __iter__(self):
        return iter([self[name] for name in ("csrf_token", *self._order) if name in self])


def upload_limit(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


class AutoAssignForm(AssignmentEditForm):
    """Balanced automatic assignment: whom, how many jurors per channel, by when."""

    category = SelectField(_l("Kategoria"), validate_choice=False)
    per_channel = IntegerField(_l("Jurorów na każdy kanał uczestnika"), default=1,
                               validators=[NumberRange(min=1, max=5, message=_l(
                                   "Podaj liczbę od 1 do 5."))])
    # Off by default: a second channel by the same juror weakens the mystery (balancing).
    several = BooleanField(
        _l("Gdy zabraknie jurorów, juror może wziąć kilka kanałów u jednego uczestnika"))
    plan = HiddenField()  # the digest of the previewed plan, sent back to save it
    _order = ("plan", "category", "per_channel", "channels", "several", "due_on")
    __iter__ = AssignmentForm.__iter__
