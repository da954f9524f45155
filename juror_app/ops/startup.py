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
