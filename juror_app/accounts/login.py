"""Flask-Login wiring."""
from flask_babel import lazy_gettext as _l

from juror_app.core.extensions import db, login
from juror_app.models import User

login.login_view = "auth.login"
login.login_message = _l("Zaloguj się, aby kontynuować.")
login.login_message_category = "info"
login.session_protection = "strong"


@login.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None
