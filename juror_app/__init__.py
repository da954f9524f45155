"""The juror app: create_app builds a configured Flask application."""
from __future__ import annotations

import os
import sys
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from juror_app.accounts import access
from juror_app.accounts import login as login_setup  # noqa: F401  (user loader)
from juror_app.assets import wiring as assets
from juror_app.core import errors, guard, i18n, rate_limits, security_headers
from juror_app.core.config import Config, resolve_paths
from juror_app.core.cookie_sessions import CookieSessions
from juror_app.core.database import (
    configure_sqlite,
    defer_postgresql_begin,
    queue_sqlite_writers,
)
from juror_app.core.extensions import babel, csrf, db, htmx, limiter, login, migrate
from juror_app.evidence import workers as photo_workers
from juror_app.ops import logs as ops_logs
from juror_app.ops.startup import warn_about_limits, warn_about_links


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.session_interface = CookieSessions()
    app.config.from_object(Config)
    app.config.from_prefixed_env("JUROR")
    if config:
        app.config.update(config)
    resolve_paths(app)
    ops_logs.init_app(app)  # first: every later hook and log line has the request id
    if app.config["TRUSTED_PROXIES"]:
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    queue_sqlite_writers(app.config)
    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
        defer_postgresql_begin(db.engine)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    login.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    warn_about_limits(app)  # before init_app: the shared limiter carries the last app's flag
    warn_about_links(app)
    rate_limits.init_app(app, limiter)
    i18n.init_app(app, babel)
    errors.init_app(app)
    security_headers.init_app(app)
    assets.init_app(app)  # fingerprinted static URLs, a year's caching for them
    guard.init_app(app)  # before the blueprints: their <int:…> rules take its converter
    register_blueprints(app)
    app.before_request(access.enforce_declared_access)

    from juror_app.core import cli

    cli.init_app(app)
    from juror_app.ops import cli as ops_cli

    ops_cli.init_app(app)
    from juror_app.mail import cli as mail_cli
    from juror_app.mail import sender

    mail_cli.init_app(app)
    if app.config["MAIL_THREAD"] and not app.config.get("TESTING"):
        sender.start_thread(app)
    if os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn"):
        in_gunicorn_worker(app)
    return app


def in_gunicorn_worker(app: Flask) -> None:
    """Settings of a serving process (not a CLI command, not a test client)."""
    # The photo processes start now: the first upload after each worker (re)start does not
    # wait for them.
    photo_workers.warm(int(app.config["PHOTO_PROCESSES"]))
    # A request thread whose database answer has arrived waits for the GIL until the
    # running thread yields it: 5 ms by default, at every round trip. At 1 ms a contact
    # PUT beside an upload's flag refresh on PostgreSQL kept its p95 within 1.7-1.9x the
    # quiet one (3.4-5.8x at 5 ms), at the same throughput (`bench sync`, README).
    sys.setswitchinterval(app.config["THREAD_SWITCH_SECONDS"])


def register_blueprints(app: Flask) -> None:
    from juror_app.accounts.blueprint import bp as auth_bp
    from juror_app.api.blueprint import bp as api_bp
    from juror_app.coordinator.blueprint import bp as coordinator_bp
    from juror_app.evidence.views import bp as photos_bp
    from juror_app.invitations.blueprint import bp as invitations_bp
    from juror_app.juror.blueprint import bp as juror_bp
    from juror_app.mail.blueprint import bp as mail_bp
    from juror_app.ops.blueprint import bp as ops_bp
    from juror_app.participant_results.blueprint import bp as participant_results_bp
    from juror_app.pwa.blueprint import bp as pwa_bp
    from juror_app.results.blueprint import bp as results_bp
    from juror_app.review.blueprint import bp as review_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(juror_bp, url_prefix="/juror")
    app.register_blueprint(coordinator_bp, url_prefix="/coordinator")
    app.register_blueprint(review_bp, url_prefix="/review")
    app.register_blueprint(results_bp, url_prefix="/results")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(pwa_bp)
    app.register_blueprint(photos_bp)
    app.register_blueprint(ops_bp)
    app.register_blueprint(mail_bp)
    app.register_blueprint(invitations_bp)
    app.register_blueprint(participant_results_bp)
    # The API authenticates with bearer tokens, not cookies, so form CSRF does not apply.
    csrf.exempt(api_bp)
