"""Every url_for('static', …) carries `?v=<fingerprint>`; such a request is cached a year.

A request without the current fingerprint (an old page, a hand-typed URL) still gets the
file, but with revalidation only, so it can never pin stale bytes in a cache.
"""
from __future__ import annotations

from flask import Flask, request

from juror_app.assets.fingerprint import YEAR_SECONDS, fingerprint


def init_app(app: Flask) -> None:
    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = fingerprint(app.static_folder, values["filename"])
            if version:
                values["v"] = version

    default_max_age = app.get_send_file_max_age

    def max_age(filename: str | None) -> int | None:
        if filename and request.args.get("v") == fingerprint(app.static_folder, filename):
            return YEAR_SECONDS
        return default_max_age(filename)

    app.get_send_file_max_age = max_age

    @app.after_request
    def immutable(response):
        if request.endpoint == "static" and response.cache_control.max_age == YEAR_SECONDS:
            response.cache_control.immutable = True
        return response
