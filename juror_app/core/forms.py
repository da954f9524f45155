"""Forms shared across areas, and the field checks more than one area's forms use."""
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from juror_app.core.text import CONTROL_CHARACTERS_FOUND, has_control_characters


class ButtonForm(FlaskForm):
    """A bare form for POST-only buttons, so even they carry a CSRF token."""


def no_control_characters(form, field) -> None:
    """A WTForms validator: refuse invisible control characters (core.text) in a text field."""
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(_(CONTROL_CHARACTERS_FOUND))
