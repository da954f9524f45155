"""Flask-Limiter bound to the app, checking limits only where a route declares one."""
from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter

# Flask-Limiter's settings for limits on every route (none of them is set by default).
ROUTE_WIDE = ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META")


def init_app(app: Flask, limiter: Limiter) -> None:
    """Bind the limiter; drop its per-request hook while no limit covers every route.

    Why: the hook resolves the request's limits on every request (40-70 µs, 4-7% of an
    identical resend) to check default, application and meta limits, and we set none. The
    routes that guard credentials carry `@limiter.limit`, whose wrapper checks its own
    limit when the view runs (Flask-Limiter leaves decorated limits out of the hook). With
    JUROR_RATELIMIT_DEFAULT (or _APPLICATION, _META) set, the hook stays.
    """
    limiter.init_app(app)
    hooks = app.before_request_funcs.get(None, [])
    # A private name (no setting asks for decorated limits only): if a Flask-Limiter release
    # renames it, the hook simply stays.
    check = getattr(limiter, "_check_request_limit", None)
    if check in hooks and not any(app.config.get(key) for key in ROUTE_WIDE):
        hooks.remove(check)
