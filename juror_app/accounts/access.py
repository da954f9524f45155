"""Every route declares who may use it; anything undeclared is refused.

Pages authenticate with the Flask-Login session; the JSON API (blueprint "api") only
with a device token in `Authorization: Bearer …`, so a record queued for days still
syncs without a session cookie or a form token.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, g, request
from flask_babel import refresh
from flask_login import current_user

from juror_app.accounts.tokens import Caller, authenticate_bearer
from juror_app.core.extensions import db
from juror_app.models import Role, User

PUBLIC = frozenset({"*public*"})
ALL_ROLES = frozenset(Role)


def allow(*roles: Role) -> Callable:
    """Declare the roles that may use a view."""

    def decorate(view: Callable) -> Callable:
        view.allowed_roles = frozenset(roles)
        return view

    return decorate


def public(view: Callable) -> Callable:
    """Declare a view open to anyone, logged in or not."""
    view.allowed_roles = PUBLIC
    return view


def signed_in(view: Callable) -> Callable:
    """Declare a view open to every logged-in user, whatever the role."""
    view.allowed_roles = ALL_ROLES
    return view


def is_api_request() -> bool:
    return request.blueprint == "api" or request.path.startswith("/api/")


def principal() -> User | None:
    """The user behind this request: the token's owner for the API, else the session's."""
    if is_api_request():
        return api_user()
    return current_user if current_user.is_authenticated else None


def api_caller() -> Caller | None:
    """The token's user as the token check read it, or None."""
    bearer = g.get("api_auth")
    return bearer.caller if bearer is not None else None


def api_user() -> User | None:
    """The token's user as an entity, loaded the first time a view asks for it (an identical
    resend or a read needs only api_caller)."""
    if "api_user" not in g:
        caller = api_caller()
        g.api_user = db.session.get(User, caller.id) if caller is not None else None
    return g.api_user


def authenticate_api(roles: frozenset) -> None:
    """The token's user (none for a public view); the language follows it from here on."""
    # Set (and the user loaded for the last token forgotten) on every request: an app
    # context, and its `g`, can outlive one request (a test's, a CLI command's).
    g.api_auth = (None if roles is PUBLIC
                  else authenticate_bearer(request.headers.get("Authorization", "")))
    g.pop("api_user", None)
    refresh()  # Babel caches the locale per context: choose it again for this request


def refuse_api_login():
    """401 saying why a token no longer works (idle too long, ended), when we know."""
    from flask_babel import gettext

    bearer = g.get("api_auth")
    if bearer is None or bearer.problem is None:
        abort(401)
    abort(401, description=gettext(bearer.problem, days=bearer.idle_days))


def enforce_declared_access():
    """before_request: apply the view's declaration; refuse views that declare nothing."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions[request.endpoint]
    roles = getattr(view, "allowed_roles", None)
    if roles is None:
        current_app.logger.error("route %s declares no access rule", request.endpoint)
        abort(403)
    if is_api_request():
        authenticate_api(roles)
    if roles is PUBLIC:
        return None
    user = api_caller() if is_api_request() else principal()
    if user is None:
        if is_api_request():
            refuse_api_login()
        return current_app.login_manager.unauthorized()
    if user.role not in roles:
        abort(403)
    return None
