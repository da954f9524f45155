from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Adres e-mail"),
        validators=[
            DataRequired(_l("Podaj adres e-mail.")),
            Email(_l("To nie jest poprawny adres e-mail.")),
            Length(max=254),
        ],
        filters=[lambda value: value.strip() if value else value],
    )
    password = PasswordField(
        _l("Hasło"), validators=[DataRequired(_l("Podaj hasło.")), Length(max=200)]
    )
