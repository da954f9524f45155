"""Whose session the phone's app is in, told without a round trip to /app/csrf.

The service worker keeps one copy of /app/ for whoever uses the phone, so that copy must
say nothing about a user. Two ways still tell the page at once whose session it is:

- /app/ opened by the browser itself (a navigation the worker did not answer, e.g. the
  very first load) renders the session's juror id and a CSRF token as data attributes.
  Only for `Sec-Fetch-Mode: navigate`, which a browser sets itself and no script can: the
  worker's precache fetch is not a navigation, so the cached copy never carries them. A
  browser that sends no Sec-Fetch headers simply gets the plain shell.
- a cookie, `app_user`, readable by the page, holding the id of the user this browser's
  session was last seen with (set whenever a response loaded the user, removed when it
  found nobody: a login sets it, a logout removes it). The shell served by the worker
  reads it to drop another juror's work list before drawing anything. It grants nothing:
  the server authorises by session or device token, never by this cookie.
"""
from __future__ import annotations

from flask import Response, current_app, g, request
from flask_wtf.csrf import generate_csrf

COOKIE = "app_user"
MAX_AGE = 400 * 86_400  # as long as the session can be remembered; browsers cap it here


def rendered_session(user_id: int) -> dict | None:
    """The session's juror and CSRF token for a page the browser navigated to, else None."""
    if request.headers.get("Sec-Fetch-Mode") != "navigate":
        return None
    return {"user_id": user_id, "csrf_token": generate_csrf()}


def note_session_user(response: Response) -> Response:
    """after_app_request: keep `app_user` in step with the user this request loaded."""
    user = g.get("_login_user")  # set only when the request looked at the session
    if user is None:
        return response
    seen = str(user.id) if user.is_authenticated else None
    if request.cookies.get(COOKIE) == seen:
        return response
    if seen is None:
        response.delete_cookie(COOKIE, path="/")
    else:
        response.set_cookie(COOKIE, seen, max_age=MAX_AGE, path="/", httponly=False,
                            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
