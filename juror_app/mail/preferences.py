"""Which notifications a user receives: all on by default, each kind can be turned off."""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from juror_app.accounts.access import signed_in
from juror_app.core.extensions import db
from juror_app.mail.blueprint import bp
from juror_app.mail.rules import OPTIONAL_KINDS, kinds_for
from juror_app.models import MailOptOut


class PreferencesForm(FlaskForm):
    enabled = SelectMultipleField(_l("Wysyłaj mi e-mailem"), widget=ListWidget(prefix_label=False),
                                  option_widget=CheckboxInput())


def opted_out_kinds(user_id: int) -> set[str]:
    return set(db.session.scalars(sa.select(MailOptOut.kind)
                                  .where(MailOptOut.user_id == user_id)))


def save(user_id: int, kinds: tuple[str, ...], enabled: set[str]) -> None:
    db.session.execute(sa.delete(MailOptOut).where(MailOptOut.user_id == user_id))
    db.session.add_all(MailOptOut(user_id=user_id, kind=k) for k in kinds if k not in enabled)
    db.session.commit()


@bp.route("/account/notifications", methods=["GET", "POST"])
@signed_in
def preferences():
    """Tick the kinds of e-mail to receive; invitations and password links always go."""
    kinds = kinds_for(current_user.role)
    form = PreferencesForm()
    form.enabled.choices = [(k, _(OPTIONAL_KINDS[k])) for k in kinds]
    if form.validate_on_submit():
        save(current_user.id, kinds, set(form.enabled.data or ()))
        flash(_("Zapisano ustawienia powiadomień."), "success")
        return redirect(url_for(".preferences"))
    if not form.is_submitted():
        form.enabled.data = [k for k in kinds if k not in opted_out_kinds(current_user.id)]
    return render_template("mail/preferences.html", form=form, kinds=kinds)
