"""Logging in and out, and the language choice."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from juror_app.accounts import devices, throttle
from juror_app.accounts.access import public, signed_in
from juror_app.accounts.blueprint import bp
from juror_app.accounts.credentials import authenticate
from juror_app.accounts.forms import LoginForm
from juror_app.accounts.redirects import safe_next
from juror_app.core.extensions import db, limiter
from juror_app.core.forms import ButtonForm
from juror_app.models import Role

HOME_BY_ROLE = {
    Role.JUROR: "juror.home",
    Role.COORDINATOR: "coordinator.dashboard",
    Role.ADMIN: "coordinator.dashboard",
    Role.EXPERT: "results.ranking",
}


def login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def failed_login(response) -> bool:
    """Flask-Limiter counts only wrong passwords, so colleagues behind one NAT log in."""
    return response.status_code == 401


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"], deduct_when=failed_login)
@public
def login():
    """Log in with e-mail and password; a fresh session each time."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        locked = throttle.refusal(form.email.data, request.remote_addr)
        if locked:
            flash(_(locked[0], minutes=locked[1]), "error")
            return render_template("auth/login.html", form=form), 429
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            throttle.record_failure(form.email.data, request.remote_addr)
            flash(_("Nieprawidłowy e-mail lub hasło albo konto jest nieaktywne."), "error")
            return render_template("auth/login.html", form=form), 401
        throttle.unlock(user.email)
        next_url = safe_next(request.args.get("next"))
        locale = session.get("locale")
        session.clear()  # a new session on login: nothing carries over from before
        login_user(user)
        if locale and user.locale != locale:
            user.locale = locale
        response = redirect(next_url or url_for(HOME_BY_ROLE[user.role]))
        # A shared phone: the previous juror's app token must not serve this one.
        devices.end_tokens_of_this_browser(response, keep_user_id=user.id)
        db.session.commit()
        return response
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    """Log out (a POST with CSRF, so no link can log a juror out).

    Ends this session for good (a copy of its cookie no longer works: the user's session
    version moves on, which also logs out their other browsers) and the app tokens this
    browser holds; the phone's unsynced records stay on the phone.
    """
    response = redirect(url_for("auth.login"))
    if ButtonForm().validate_on_submit():
        current_user.session_version += 1
        devices.end_tokens_of_this_browser(response)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Wylogowano."), "info")
    return response


@bp.route("/logout/everywhere", methods=["GET", "POST"])
@signed_in
def logout_everywhere():
    """Ask, then end every session and every device token of this user."""
    if request.method == "GET":
        return render_template("auth/logout_everywhere.html")
    response = redirect(url_for("auth.login"))
    if ButtonForm().validate_on_submit():
        current_user.end_all_access()
        devices.end_tokens_of_this_browser(response)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Wylogowano ze wszystkich przeglądarek i telefonów."), "info")
    return response


@bp.route("/")
@signed_in
def home():
    """Send each role to its own start page."""
    return redirect(url_for(HOME_BY_ROLE[current_user.role]))


@bp.route("/language/<code>", methods=["POST"])
@public
def set_language(code: str):
    """Remember the chosen interface language, for the user and the session."""
    if code in current_app.config["LANGUAGES"] and ButtonForm().validate_on_submit():
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("auth.home"))
