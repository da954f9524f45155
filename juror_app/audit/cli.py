"""`flask audit verify`: walk the whole chain and name the first broken link."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from juror_app.audit.verify import missing_tables, save_check, verify_chain
from juror_app.core.extensions import db

audit = AppGroup("audit", help="The tamper-evident audit trail.")


@audit.command("verify")
def verify_command() -> None:
    """Recompute every event's hash and link; exit 1 at the first broken one."""
    missing = missing_tables(db.session)
    db.session.rollback()
    if missing:
        raise click.ClickException(
            f"The database has no audit trail yet (no {missing[0]} table): its schema is "
            "missing or older than the audit chain. Run `flask db upgrade` first.")
    report = verify_chain(db.session)
    db.session.rollback()  # the walk's read transaction; the verdict is saved on its own
    save_check(db.session, report)
    db.session.commit()
    if report.ok:
        click.echo(f"Audit chain intact: {report.checked} events, "
                   f"head #{report.last_seq} {report.last_hash}.")
        return
    click.echo(f"Audit chain BROKEN at event #{report.broken_seq}: {report.problem}. "
               f"Intact up to #{report.last_seq}.", err=True)
    raise SystemExit(1)
