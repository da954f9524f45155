"""Juror accounts: create, deactivate, reactivate, and revoke a lost phone's token."""
import secrets

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from juror_app.accounts import throttle
from juror_app.accounts.access import allow
from juror_app.coordinator.audit import audit, snapshot
from juror_app.coordinator.blueprint import bp
from juror_app.coordinator.forms import JurorForm
from juror_app.coordinator.pages import confirm_page, render_form, saving
from juror_app.coordinator.queries import get_or_404, jurors_with_counts
from juror_app.core.extensions import db
from juror_app.invitations.mails import send_link
from juror_app.mail.compose import mail_configured
from juror_app.models import DeviceToken, Role, User, utcnow

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)


def juror_or_404(user_id: int) -> User:
    """Only juror accounts are managed here; other roles are the admin's CLI business."""
    user = get_or_404(User, user_id)
    if user.role != Role.JUROR:
        abort(404)
    return user


@bp.route("/jurors/")
@allow(*COORDINATORS)
def jurors():
    """Every juror with their assignment count and whether the account is active."""
    return render_template("coordinator/jurors.html", rows=jurors_with_counts())


def juror_form() -> JurorForm:
    """With mail set up the juror chooses a password through the invitation, so there is
    no field to type one (it would be overwritten by the link anyway)."""
    form = JurorForm()
    if mail_configured():
        del form.password
    return form


@bp.route("/jurors/new", methods=["GET", "POST"])
@allow(*COORDINATORS)
def juror_new():
    """Create a juror: with mail set up they get an invitation link, else the typed
    password, or a generated one shown once, on this response only."""
    form = juror_form()
    if form.validate_on_submit():
        invite = "password" not in form
        typed = None if invite else form.password.data
        password = typed or secrets.token_urlsafe(24 if invite else 9)
        with saving() as save:
            user = User(name=form.name.data, email=form.email.data.lower(), role=Role.JUROR)
            user.set_password(password)
            db.session.add(user)
            audit("user.create", user)
            if invite:
                send_link(user, "invite")  # the mail commits with the account
        if save.ok:
            shown = None if typed or invite else password
            return render_template("coordinator/juror_created.html", user=user,
                                   password=shown, invited=invite), 201
        form.email.errors.append(_("Konto z tym adresem e-mail już istnieje."))
    return render_form("coordinator/juror_form.html", form, invites="password" not in form)


@bp.route("/jurors/<int:user_id>/deactivate", methods=["GET", "POST"])
@allow(*COORDINATORS)
def juror_deactivate(user_id: int):
    """Ask, then block the juror's logins and device tokens; their records stay."""
    user = juror_or_404(user_id)
    if request.method == "GET":
        return confirm_page(
            _("Dezaktywować konto?"),
            _("%(name)s nie zaloguje się ani nie zsynchronizuje danych. Zebrane kontakty "
              "zostaną zachowane.", name=user.name),
            request.path, _("Dezaktywuj"), url_for(".jurors"))
    return _set_active(user, False)


@bp.route("/jurors/<int:user_id>/reactivate", methods=["POST"])
@allow(*COORDINATORS)
def juror_reactivate(user_id: int):
    """Let a deactivated juror log in again."""
    return _set_active(juror_or_404(user_id), True)


def _set_active(user: User, active: bool):
    """Change the flag only if it differs: a second click (or a stale page) neither audits
    nor ends the juror's access again, and of two simultaneous clicks one changes it."""
    before = snapshot(user)
    changed = db.session.execute(
        sa.update(User).where(User.id == user.id, User.active.is_not(active))
        .values(active=active).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.rollback()
        flash(_("To konto jest już aktywne.") if active
              else _("To konto jest już nieaktywne."), "info")
        return redirect(url_for(".jurors"))
    db.session.refresh(user)
    if not active:
        user.end_all_access()  # its sessions and phones stop now, and stay ended
    audit("user.activate" if active else "user.deactivate", user, before)
    db.session.commit()
    flash(_("Konto %(name)s jest aktywne.", name=user.name) if active
          else _("Konto %(name)s zostało dezaktywowane.", name=user.name), "success")
    return redirect(url_for(".jurors"))


@bp.route("/jurors/<int:user_id>/password", methods=["GET", "POST"])
@allow(*COORDINATORS)
def juror_password(user_id: int):
    """Ask, then give a juror who forgot their password a new one, shown once — only
    without mail; with mail the juror gets a set-password link instead."""
    user = juror_or_404(user_id)
    if mail_configured():
        return redirect(url_for("invitations.resend", user_id=user.id))
    if request.method == "GET":
        return confirm_page(
            _("Nadać nowe hasło?"),
            _("Dotychczasowe hasło %(name)s przestanie działać. Nowe zobaczysz tylko raz.",
              name=user.name),
            request.path, _("Nadaj nowe hasło"), url_for(".jurors"))
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    audit("user.password_reset", user)
    db.session.commit()
    return render_template("coordinator/juror_created.html", user=user, password=password,
                           reset=True)


@bp.route("/jurors/<int:user_id>/devices")
@allow(*COORDINATORS)
def juror_devices(user_id: int):
    """The juror's devices, newest first, to find and revoke a lost phone."""
    user = juror_or_404(user_id)
    devices = sorted(user.tokens, key=lambda t: t.created_at, reverse=True)
    return render_template("coordinator/devices.html", user=user, devices=devices,
                           login_locked=throttle.is_locked(user.email))


@bp.route("/jurors/<int:user_id>/unlock", methods=["POST"])
@allow(*COORDINATORS)
def juror_unlock(user_id: int):
    """Let a juror locked out by wrong passwords try again now (audited)."""
    user = juror_or_404(user_id)
    if throttle.unlock(user.email):
        audit("user.unlock", user)
        flash(_("%(name)s może znowu się logować.", name=user.name), "success")
    db.session.commit()
    return redirect(url_for(".juror_devices", user_id=user.id))


@bp.route("/jurors/<int:user_id>/devices/<int:token_id>/revoke", methods=["GET", "POST"])
@allow(*COORDINATORS)
def device_revoke(user_id: int, token_id: int):
    """Ask, then revoke one device's token: that phone can no longer sync."""
    user = juror_or_404(user_id)
    token = get_or_404(DeviceToken, token_id)
    back = url_for(".juror_devices", user_id=user.id)
    if token.user_id != user.id:
        abort(404)
    if request.method == "GET":
        return confirm_page(
            _("Unieważnić dostęp urządzenia?"),
            _("Urządzenie „%(device)s” nie będzie mogło synchronizować danych. Niewysłane "
              "zapisy zostaną na nim do ponownego zalogowania.", device=token.device_name),
            request.path, _("Unieważnij"), back)
    if token.revoked_at is None:
        before = snapshot(token)
        token.revoked_at = utcnow()
        audit("device_token.revoke", token, before)
        db.session.commit()
        flash(_("Unieważniono dostęp urządzenia „%(device)s”.", device=token.device_name),
              "success")
    return redirect(back)
