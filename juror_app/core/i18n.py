"""Polish by default, English by the user's choice; times shown in Europe/Warsaw."""
from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, format_date, format_datetime, format_decimal, format_percent
from flask_login import current_user

from juror_app.accounts.access import api_caller, is_api_request


def api_locale(languages) -> str | None:
    """An API request's language: the token's user's choice, else Accept-Language."""
    caller = api_caller()
    if caller is not None and caller.locale in languages:
        return caller.locale
    return request.accept_languages.best_match(languages)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if has_request_context() and is_api_request():
        return api_locale(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


# The catalogue is "en"; dates, times and numbers follow British usage (3 Dec 2025, 24-hour
# clock) rather than Babel's US default for plain "en". gettext falls back from en_GB to en.
FORMAT_LOCALES = {"en": "en_GB"}


def babel_locale() -> str:
    """The locale Flask-Babel formats and translates with: the chosen language, refined."""
    code = select_locale()
    return FORMAT_LOCALES.get(code, code)


def percent(value: float | None, digits: int = 2, fixed: bool = True) -> str:
    """A share given in percent (97.08) the locale's way: "97,08%" in Polish, "97.08%" in English.

    `fixed=False` drops trailing zeros, for set values like a threshold ("75%", "72,5%").
    """
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + ("0" if fixed else "#") * digits if digits else "") + "%"
    return format_percent(value / 100, pattern)


def signed(value: float | None, digits: int = 2) -> str:
    """A difference with its sign, the locale's decimal mark: "+1,25" / "-0,50"."""
    if value is None:
        return "—"
    body = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, f"+{body};-{body}")


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def init_app(app: Flask, babel: Babel) -> None:
    babel.init_app(
        app,
        locale_selector=babel_locale,
        timezone_selector=select_timezone,
        default_translation_directories="translations",
    )
    app.jinja_env.filters["datetime"] = lambda value, fmt="short": (
        format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.filters["date"] = lambda value, fmt="medium": (
        format_date(value, fmt) if value else ""
    )
    app.jinja_env.filters["number"] = lambda value, fmt=None: (
        format_decimal(value, fmt) if value is not None else "—"
    )

    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["signed"] = signed

    @app.context_processor
    def _locale_context():
        return {"current_locale": select_locale(), "request_path": request.path}
