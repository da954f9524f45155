"""Forms of the participants' links page."""
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf


class RevokeForm(FlaskForm):
    """Posted only by the confirmation page: a bare POST (the links page's old button, a
    replayed request) must not kill a link already mailed to a participant."""

    # No default: a POST without the field would take it, and pass.
    confirm = HiddenField(validators=[AnyOf(["yes"])])
