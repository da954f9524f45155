"""Forms shared across areas."""
from flask_wtf import FlaskForm


class ButtonForm(FlaskForm):
    """A bare form for POST-only buttons, so even they carry a CSRF token."""
