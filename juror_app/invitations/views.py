"""Following a set-password link, asking for one, and the coordinator's resend."""
from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_user

from juror_app.accounts import devices, throttle
from juror_app.accounts.access import allow, public
from juror_app.coordinator.audit import audit
from juror_app.coordinator.pages import confirm_page
from juror_app.core.extensions import db, limiter
from juror_app.invitations import links, requests
from juror_app.invitations.blueprint import bp
from juror_app.invitations.forms import ForgotForm, SetPasswordForm
from juror_app.invitations.mails import send_link
from juror_app.models import Role, User, record

LANDING = {Role.JUROR: "pwa.shell"}
REFUSED_STATUS = {"unknown": 404, "used": 410, "expired": 410}


def refused(reason: str):
    """A clear page instead of a form: what happened and how to get a new link."""
    return render_template("invitations/refused.html", reason=reason), REFUSED_STATUS[reason]


@bp.route("/password/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
@public
def set_password(token: str):
    """Choose a password through an invitation or reset link, then go straight in."""
    try:
        user = links.check(db.session, token).user
    except links.LinkRefused as refusal:
        return refused(refusal.reason)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            links.use(db.session, token)
        except links.LinkRefused as refusal:
            db.session.rollback()
            return refused(refusal.reason)
        user.set_password(form.password.data)  # ends the user's other sessions too
        throttle.unlock(user.email)  # the way out of a lock the lock message points to
        record(db.session, actor_id=user.id, action="user.password_set", entity_type="user",
               entity_id=user.id, after={"via": "link"})
        return signed_in_through_link(user)
    return render_template("invitations/set_password.html", form=form, user=user)


def signed_in_through_link(user: User):
    """In, as the login form lets one in: a fresh session (the language kept), and a shared
    phone's previous juror's app token ended — it must not serve this one."""
    response = redirect(url_for(LANDING.get(user.role, "auth.home")))
    devices.end_tokens_of_this_browser(response, keep_user_id=user.id)
    db.session.commit()
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user)
    flash(_("Hasło ustawione. Witamy!"), "success")
    return response


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_PASSWORD_RESET"], methods=["POST"])
@public
def forgot():
    """Ask for a reset link; the answer and its time are the same whether the address
    has an account."""
    form = ForgotForm()
    if form.validate_on_submit():
        # The same row for any address: the sender decides later (invitations.requests).
        requests.record(db.session, form.email.data, request.host_url)
        db.session.commit()
        return render_template("invitations/forgot_sent.html", email=form.email.data)
    return render_template("invitations/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/coordinator/jurors/<int:user_id>/invitation", methods=["GET", "POST"])
@allow(Role.COORDINATOR, Role.ADMIN)
def resend(user_id: int):
    """Ask, then send the juror a new set-password link; older links stop working."""
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.JUROR:
        abort(404)
    back = url_for("coordinator.jurors")
    if request.method == "GET":
        return confirm_page(
            _("Wysłać zaproszenie ponownie?"),
            _("%(name)s dostanie na adres %(email)s nowy link do ustawienia hasła, ważny "
              "7 dni. Wcześniejsze linki przestaną działać.", name=user.name, email=user.email),
            request.path, _("Wyślij zaproszenie"), back)
    send_link(user, "invite")
    audit("user.invite", user)
    db.session.commit()
    flash(_("Wysłano zaproszenie do %(name)s.", name=user.name), "success")
    return redirect(back)
