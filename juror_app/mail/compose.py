"""Mails rendered in the recipient's language, with links that work from outside."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, g, has_request_context, request
from flask_babel import force_locale

from juror_app.core.extensions import db
from juror_app.mail import outbox
from juror_app.mail.rules import OPTIONAL_KINDS
from juror_app.models import MailOptOut, User

DEFAULT_BASE = "http://127.0.0.1:5000"
FORMAT_LOCALES = {"en": "en_GB"}


def base_url() -> str:
    """BASE_URL when set (needed for commands run by cron), else the request's own host —
    or, for work done later on a request's behalf, the host that request came to
    (`g.request_base_url`, set by invitations.requests)."""
    configured = current_app.config.get("BASE_URL")
    if configured:
        return configured
    if has_request_context():
        return request.host_url
    if g.get("request_base_url"):
        return g.request_base_url
    current_app.logger.warning("JUROR_BASE_URL is not set: links in mails point to %s",
                               DEFAULT_BASE)
    return DEFAULT_BASE


def external_url(endpoint: str, **values) -> str:
    parts = urlsplit(base_url())
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def render(template: str, locale: str, **context) -> tuple[str, str]:
    """(subject, body) of templates/mail/<template>.txt: the first line is the subject.

    Rendered straight from the Jinja environment, not render_template, so it works in
    commands where there is no request (the context processors read the request)."""
    languages = current_app.config["LANGUAGES"]
    code = locale if locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(FORMAT_LOCALES.get(code, code)):
        text = current_app.jinja_env.get_template(f"mail/{template}.txt").render(**context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def opted_out(user: User, kind: str) -> bool:
    if kind not in OPTIONAL_KINDS:
        return False
    return db.session.query(MailOptOut.id).filter_by(user_id=user.id, kind=kind).first() \
        is not None


def mail_user(user: User, *, key: str, kind: str, template: str, **context) -> bool:
    """Queue a mail to a user in their language (in the caller's transaction); False if
    the user turned this kind off or is inactive."""
    if not user.active or opted_out(user, kind):
        return False
    subject, body = render(template, user.locale, user=user,
                           preferences_link=external_url("mail.preferences"), **context)
    return outbox.enqueue(db.session, key=key, kind=kind, recipient=user.email,
                          subject=subject, body=body, user_id=user.id) is not None


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_HOST"))
