"""Flask-Login wiring: the session names the user *and* their session version."""
from flask_babel import lazy_gettext as _l

from juror_app.core.extensions import db, login
from juror_app.models import User

login.login_view = "auth.login"
login.login_message = _l("Zaloguj się, aby kontynuować.")
login.login_message_category = "info"
login.session_protection = "strong"


@login.user_loader
def load_user(session_id: str) -> User | None:
    """The user of "<id>:<version>", or None once the version moved on (logged out)."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None  # a session from before versions existed: log in again
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user
