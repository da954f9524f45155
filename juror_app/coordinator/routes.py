"""Coordinator's start page: the editions with their counts."""
from flask import render_template

from juror_app.accounts.access import allow
from juror_app.audit.verify import chain_state
from juror_app.coordinator.blueprint import bp
from juror_app.coordinator.queries import edition_counts
from juror_app.core.extensions import db
from juror_app.models import Role


@bp.route("/")
@allow(Role.COORDINATOR, Role.ADMIN)
def dashboard():
    """The editions with participants, jurors, assignments and contacts counted."""
    return render_template("coordinator/dashboard.html", rows=edition_counts(),
                           chain=chain_state(db.session))


@bp.context_processor
def labels():
    """Label helpers for the coordinator's templates."""
    from juror_app.core.labels import (
        EDITION_STATUS_LABELS,
        category_label,
        channel_label,
    )

    return {"category_label": category_label, "channel_label": channel_label,
            "edition_status_label": lambda status: EDITION_STATUS_LABELS[status]}
