"""Request ids and log lines: every line a request writes carries the request's id.

The id comes from the proxy (Caddy sets X-Request-ID, see deploy/Caddyfile) or is made
here, and goes back in the response header, so a juror's "it failed at 10:42" can be found
in the proxy's, gunicorn's and the app's logs alike. JSON lines (JUROR_LOG_FORMAT=json)
are for log shippers; the formatter is twenty lines, so no extra dependency for it.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler

HEADER = "X-Request-ID"
# A caller's id is kept only if it is short and plain: it is written into every log line.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_from(header_value: str | None) -> str:
    if header_value and ACCEPTED_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


def current_request_id() -> str:
    return g.get("request_id", "-") if has_request_context() else "-"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id (+ exception)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if has_request_context():
            line["method"], line["path"] = request.method, request.path
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is now (test runners swap it; journald reads it)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure_logging(app: Flask) -> None:
    """One handler on the app's logger (replacing ours from an earlier create_app)."""
    style = str(app.config.get("LOG_FORMAT", "text")).lower()
    if style not in ("text", "json"):
        raise ValueError(f"JUROR_LOG_FORMAT must be 'text' or 'json', not {style!r}")
    handler = StderrHandler()
    handler.juror_handler = True
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if style == "json" else logging.Formatter(TEXT_FORMAT))
    logger = app.logger
    logger.removeHandler(default_handler)  # ours replaces Flask's, or lines come twice
    for old in [h for h in logger.handlers if getattr(h, "juror_handler", False)]:
        logger.removeHandler(old)
    logger.addHandler(handler)
    logger.setLevel(str(app.config.get("LOG_LEVEL", "INFO")).upper())


def init_app(app: Flask) -> None:
    configure_logging(app)

    @app.before_request
    def take_request_id() -> None:
        g.request_id = request_id_from(request.headers.get(HEADER))

    @app.after_request
    def send_request_id(response):
        response.headers[HEADER] = current_request_id()
        return response
