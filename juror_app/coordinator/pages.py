"""Small helpers the coordinator's views share."""
from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from juror_app.core.extensions import db, htmx
from juror_app.models import Edition


def render_form(template: str, form, **context):
    """The page with the form; a submitted form with errors answers 422, not 200."""
    status = 422 if request.method == "POST" and form.errors else 200
    return render_template(template, form=form, **context), status


def confirm_page(title: str, message: str, action: str, button: str, cancel: str):
    """Ask before a destructive action; the page posts to `action` (works without JS)."""
    return render_template("coordinator/confirm.html", title=title, message=message,
                           action=action, button=button, cancel=cancel)


def locked_redirect(edition: Edition, target: str):
    """A frozen or published edition keeps its set-up: explain and go back, or None."""
    if not edition.is_locked:
        return None
    flash(_("Edycja jest zamrożona lub opublikowana — jej ustawień nie można już zmieniać."),
          "error")
    if htmx:  # an htmx swap would put the whole target page inside a table row
        response = make_response("", 204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


class saving:  # noqa: N801 - reads as a statement: `with saving() as save:`
    """Commit the block's change; a unique-constraint race leaves `save.ok` False."""

    # The race can surface at the audit's flush inside the block or at the commit after
    # it; both roll back, so the view shows a form error instead of a 500.

    ok = False

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            try:
                db.session.commit()
                self.ok = True
            except IntegrityError:
                db.session.rollback()
            return False
        if issubclass(exc_type, IntegrityError):
            db.session.rollback()
            return True
        return False
