"""API errors as JSON: {"error": code, "message": Polish text, "fields": {…}}."""
from __future__ import annotations

import json

from flask import jsonify, request
from werkzeug.http import HTTP_STATUS_CODES


class ApiError(Exception):
    """Raised anywhere under a view; the blueprint turns it into a JSON error response."""

    def __init__(self, status: int, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.fields = status, message, fields or {}


def error_code(status: int) -> str:
    return HTTP_STATUS_CODES.get(status, "error").lower().replace(" ", "_")


def error_response(error: ApiError):
    body = {"error": error_code(error.status), "message": error.message}
    if error.fields or error.status == 422:
        body["fields"] = error.fields
    response = jsonify(body)
    response.status_code = error.status
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="juror-app"'
    return response


def invalid(fields: dict[str, str]) -> ApiError:
    return ApiError(422, "Popraw zaznaczone pola i wyślij ponownie.", fields)


def _no_constant(name: str):
    raise ValueError(name)


def json_body() -> object:
    """The request's JSON body; 400 when it is not JSON at all (NaN/Infinity included)."""
    try:
        return json.loads(request.get_data(cache=False), parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "Treść żądania nie jest poprawnym dokumentem JSON.") from None
