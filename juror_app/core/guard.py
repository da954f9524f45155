"""Hostile input refused at the door for every view: NUL characters, oversized JSON,
ids no column can hold. Each answer is a 4xx with a message, never a database error.

PostgreSQL text cannot hold NUL (psycopg raises DataError), and an INTEGER key ends at
2^31 − 1 (SQLite's at 2^63 − 1): a larger number in a URL or query names nothing.
"""
from __future__ import annotations

import re

from flask import Flask, abort, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1
# A JSON string escape for U+0000 (an even run of backslashes before it is literal text).
NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
CHECKED_BODY = "juror.checked_json_body"  # the request's environ: one check per request


class BoundedInt(IntegerConverter):
    """`<int:…>` that matches only what a 32-bit id column holds: more is a plain 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def int_arg(name: str, default: int | None = None) -> int | None:
    """A positive 32-bit integer query argument; anything else (text, −1, 2^63) is
    `default`, as `request.args.get(name, type=int)` already treats text."""
    return bounded_int(request.args.get(name, ""), default)


def bounded_int(raw: str, default: int | None = None) -> int | None:
    if len(raw) <= 10 and raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID:
        return int(raw)
    return default


def id_value(raw) -> int:
    """WTForms `coerce` for an id: a ValueError (a form error) beyond a 32-bit key (0 and
    negatives stay: forms use them as "none chosen")."""
    value = int(raw)
    if not -MAX_ID - 1 <= value <= MAX_ID:
        raise ValueError(raw)
    return value


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
RAW_BODY = "takes_raw_body"


def raw_body(view):
    """Mark a view whose body is a file's bytes (a photo), read by the view itself: a form
    or JSON content type on it is a 415, and the door does not parse the bytes as one —
    else a photo labelled JSON was read here and the view found the body empty."""
    setattr(view, RAW_BODY, True)
    return view


def refuse_nul() -> None:
    text = [*request.args.items(multi=True), *(request.view_args or {}).items()]
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, RAW_BODY, False):
        if request.mimetype in FORM_TYPES or request.is_json:
            abort(415, description=_("Zdjęcie wysyła się jako bajty obrazu (np. image/jpeg "
                                     "albo application/octet-stream), nie jako formularz "
                                     "ani JSON."))
    elif request.mimetype in FORM_TYPES:
        text += request.form.items(multi=True)
    if any("\x00" in k or (isinstance(v, str) and "\x00" in v) for k, v in text):
        abort(400, description=_("Przesłany tekst zawiera niedozwolony znak NUL. Usuń go "
                                 "i spróbuj ponownie."))
    if request.is_json:  # (never for a raw-body view: refused above)
        json_bytes()


def json_bytes() -> bytes:
    """The raw JSON body: at most JSON_MAX_BYTES (413 before reading when the length says
    so), and no NUL escape in it (400)."""
    checked = request.environ.get(CHECKED_BODY)
    if checked is not None:  # refuse_nul checked it before the view asked
        return checked
    limit = current_app.config["JSON_MAX_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        abort(413, description=_("Treść żądania jest za duża (limit %(kb)s kB).",
                                 kb=limit // 1024))
    data = request.get_data(cache=True)
    if len(data) > limit:
        abort(413, description=_("Treść żądania jest za duża (limit %(kb)s kB).",
                                 kb=limit // 1024))
    # The plain substring first (a fast scan): the regex tries every position of the body,
    # 8 µs for a contact's 300 bytes, a few ms for a long note; nearly no body holds it.
    if b"\\u0000" in data and NUL_ESCAPE.search(data):
        abort(400, description=_("Przesłany tekst zawiera niedozwolony znak NUL. Usuń go "
                                 "i spróbuj ponownie."))
    request.environ[CHECKED_BODY] = data
    return data


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, but nesting too deep for the parser is bad JSON (`request.get_json`
    answers 400), not a RecursionError (500)."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def init_app(app: Flask) -> None:
    """Before the blueprints: their `<int:…>` rules take the bounded converter."""
    app.json = JSONProvider(app)
    app.url_map.converters["int"] = BoundedInt
    app.before_request(refuse_nul)
