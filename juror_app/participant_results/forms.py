"""Forms of the participants' links page."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField
from wtforms.validators import AnyOf, DataRequired


class RevokeForm(FlaskForm):
    """Posted only by the confirmation page: a bare POST (the links page's old button, a
    replayed request) must not kill a link already mailed to a participant."""

    # No default: a POST without the field would take it, and pass.
    confirm = HiddenField(validators=[AnyOf(["yes"])])


class SendLinksForm(FlaskForm):
    """The send button's form. The box must be ticked: a browser without JavaScript gets
    no confirm() dialog, and mails to outside addresses cannot be called back."""

    confirm = BooleanField(validators=[DataRequired()])
