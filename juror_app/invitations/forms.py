from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

MIN_PASSWORD = 10


class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("Nowe hasło"), validators=[
        DataRequired(_l("Podaj nowe hasło.")),
        Length(min=MIN_PASSWORD, max=200, message=_l("Hasło musi mieć od 10 do 200 znaków."))],
        description=_l("Co najmniej 10 znaków. Najłatwiej zapamiętać kilka słów."))
    confirm = PasswordField(_l("Powtórz hasło"), validators=[
        DataRequired(_l("Powtórz hasło.")),
        EqualTo("password", _l("Hasła nie są takie same."))])


class ForgotForm(FlaskForm):
    email = EmailField(_l("Adres e-mail"), filters=[lambda v: v.strip() if v else v],
                       validators=[DataRequired(_l("Podaj adres e-mail.")),
                                   Email(_l("To nie jest poprawny adres e-mail.")),
                                   Length(max=254)])
