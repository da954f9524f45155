"""`flask evidence …`: anomaly flags for every contact (after changing a threshold)."""
from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from juror_app.core.extensions import db
from juror_app.evidence.flags import refresh, thresholds
from juror_app.models import Contact

evidence = AppGroup("evidence", help="Evidence: anomaly flags, archives.")


@evidence.command("flags")
def flags_command() -> None:
    """Recompute the anomaly flags of every contact with the current thresholds."""
    ids = db.session.scalars(sa.select(Contact.id).order_by(Contact.id)).all()
    limits = thresholds(current_app.config)
    for start in range(0, len(ids), 200):
        refresh(db.session, ids[start:start + 200], limits)
        db.session.commit()
    flagged = db.session.scalar(sa.select(sa.func.count()).where(Contact.flag_count > 0))
    click.echo(f"Flags refreshed for {len(ids)} contacts; {flagged} have flags.")
