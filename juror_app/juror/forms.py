"""The juror's forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from juror_app.core.forms import no_control_characters


class ConflictForm(FlaskForm):
    """Declare a conflict of interest with a participant."""

    reason = TextAreaField(
        _l("Na czym polega konflikt interesów?"),
        validators=[
            DataRequired(_l("Opisz krótko, na czym polega konflikt.")),
            no_control_characters,
            Length(min=10, max=2000, message=_l("Opis musi mieć od 10 do 2000 znaków.")),
        ],
        description=_l("Np. pracuję w tej instytucji albo pracuje w niej ktoś z mojej rodziny."),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        render_kw={"rows": 3, "maxlength": 2000},
    )
    confirm = BooleanField(
        _l("Potwierdzam, że nie mogę ocenić tego uczestnika bezstronnie."),
        validators=[DataRequired(_l("Zaznacz potwierdzenie, aby zgłosić konflikt."))],
    )
