"""Friendly error pages for people, JSON errors for API clients — never a bare 500."""
from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from juror_app.accounts.access import is_api_request

UNEXPECTED = "unexpected_error"


def messages() -> dict[int, str]:
    return {
        400: _("Nie udało się przetworzyć żądania. Sprawdź dane i spróbuj ponownie."),
        401: _("Zaloguj się ponownie, aby kontynuować."),
        403: _("Nie masz uprawnień do tej strony."),
        404: _("Nie znaleziono takiej strony ani zapisu."),
        405: _("Ta operacja nie jest tu dozwolona."),
        409: _("Ten zapis został już zmieniony lub zatwierdzony i nie można go nadpisać."),
        413: _("Przesłany plik lub formularz jest zbyt duży."),
        415: _("Ten rodzaj pliku nie jest obsługiwany."),
        422: _("Przesłane dane są niepoprawne."),
        429: _("Zbyt wiele prób. Odczekaj chwilę i spróbuj ponownie."),
        500: _("Coś poszło nie tak po naszej stronie. Twoje dane nie zostały utracone — "
               "spróbuj ponownie za chwilę."),
    }


def handle_http_error(error: HTTPException):
    code = error.code or 500
    message = messages().get(code, error.description)
    # A view may abort with its own, more precise message (the rate limiter's own
    # description is the limit's technical spelling, so 429 keeps ours).
    custom = getattr(error, "description", None)
    if code not in (429, 500) and custom and custom != type(error).description:
        message = custom
    if is_api_request():
        response = jsonify(error=error.name.lower().replace(" ", "_"), message=message)
        response.status_code = code
        if code == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="juror-app"'
    else:
        response = make_response(
            render_template("errors/error.html", code=code, message=message), code)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods))  # RFC 9110 §15.5.6
    return response


def handle_unexpected(error: Exception):
    from juror_app.core.extensions import db

    db.session.rollback()
    from flask import current_app

    current_app.logger.exception("unhandled error")
    if is_api_request():
        # Its own code, so the phone can tell a bug on our side (which a retry will not
        # fix) from a proxy's or a restart's 5xx (which it will).
        response = jsonify(error=UNEXPECTED, message=messages()[500])
        response.status_code = 500
        return response
    return handle_http_error(InternalServerError())


def handle_csrf_error(error: CSRFError):
    error.description = _(
        "Formularz wygasł albo jest niekompletny. Odśwież stronę i spróbuj ponownie."
    )
    return handle_http_error(error)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
