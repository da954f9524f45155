"""Forms of the results area."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from juror_app.core.forms import no_control_characters
from juror_app.core.guard import id_value
from juror_app.results.lifecycle import JUSTIFICATION_MAX


class DistinctionForm(FlaskForm):
    participant_id = SelectField(_l("Uczestnik"), coerce=id_value,
                                 validators=[InputRequired(_l("Wybierz uczestnika."))])
    kind = SelectField(_l("Rodzaj wyróżnienia"),
                       validators=[InputRequired(_l("Wybierz rodzaj wyróżnienia."))])
    justification = TextAreaField(
        _l("Uzasadnienie"),
        validators=[DataRequired(_l("Uzasadnienie jest wymagane.")), no_control_characters,
                    Length(max=JUSTIFICATION_MAX,
                           message=_l("Uzasadnienie może mieć najwyżej %(max)d znaków."))],
        description=_l("Napisz, za co uczestnik otrzymuje wyróżnienie — trafi to do protokołu."),
        filters=[lambda value: value.strip() if value else value],
    )


class ConfirmForm(FlaskForm):
    confirm = BooleanField(_l("Rozumiem, że tego kroku nie można cofnąć."),
                           validators=[DataRequired(_l("Zaznacz potwierdzenie, aby kontynuować."))])


class FreezeForm(ConfirmForm):
    # Asked only when no distinction has been awarded (lifecycle.freeze refuses otherwise).
    without_distinctions = BooleanField(_l("Zamrażam wyniki bez wyróżnień"))
