"""Flask's signed cookie sessions, opened without a signer when a request brings no cookie."""
from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class CookieSessions(SecureCookieSessionInterface):
    """Flask's own, but a request without the session cookie gets an empty session at once.

    Why: Flask builds its signer (key list, salt, HMAC set-up) on every request before it
    looks for the cookie, and the phones' sync requests send none (static/js/outbox/api.js
    fetches with `credentials: 'omit'`): about 3% of an identical resend. Same result: an
    empty, unsigned session, which Flask saves as before if a view writes to it.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)
