"""The mail blueprint: each user's notification preferences."""
from flask import Blueprint

bp = Blueprint("mail", __name__)


@bp.app_context_processor
def _mail_context():
    """Pages offer invitations instead of shown passwords once mail is set up."""
    from juror_app.mail.compose import mail_configured

    return {"mail_configured": mail_configured}

from juror_app.mail import preferences  # noqa: E402,F401  (routes)
