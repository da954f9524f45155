"""Warnings at start for settings that are fine on a laptop and wrong in production."""
from __future__ import annotations

from flask import Flask

MEMORY_WARNING = (
    "RATE LIMITS ARE PER PROCESS: JUROR_RATELIMIT_STORAGE_URI is %s, so every gunicorn "
    "worker on every server counts logins on its own (2 servers x 4 workers allow 8x "
    "the limit). In production set JUROR_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0 "
    "(see README, Production)."
)


def warn_about_limits(app: Flask) -> None:
    """Loud, once per process start; quiet in tests and while the limiter is off."""
    if app.testing or not app.config.get("RATELIMIT_ENABLED", True):
        return
    uri = str(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    if uri.startswith("memory://"):
        app.logger.warning(MEMORY_WARNING, uri)


LINK_WARNING = (
    "MAILED LINKS TAKE THE REQUEST'S HOST: JUROR_MAIL_HOST is set but JUROR_BASE_URL is not, "
    "so a set-password link asked for with a forged Host header would point to another "
    "site, and whoever owns it would get the token. Set JUROR_BASE_URL=https://<the "
    "address phones open> (see deploy/juror.env.example)."
)


def warn_about_links(app: Flask) -> None:
    """Once per process start, when mails really go out (a mail host is set)."""
    if app.config.get("MAIL_HOST") and not app.config.get("BASE_URL"):
        app.logger.warning(LINK_WARNING)
