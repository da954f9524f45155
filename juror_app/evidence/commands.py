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


@evidence.command("verify")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
def verify_command(archive: str) -> None:
    """Check an evidence archive offline: files against manifest.json, audit events
    against their hashes and links, contacts and photos against their audit events;
    exit 1 and list what does not match."""
    from juror_app.evidence.archive_check import chain_head, check_archive

    problems = check_archive(archive)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise SystemExit(1)
    head = chain_head(archive)
    click.echo(f"{archive}: every file matches manifest.json and its audit events.")
    # The manifest is not signed: only the live chain proves the head is genuine.
    click.echo(f"Audit chain head in the archive: #{head['seq']} {head['hash']} — compare it "
               "with `flask audit verify` on the live server (or the coordinator's dashboard).")


@evidence.command("archive")
@click.option("--edition", "edition_id", type=int, required=True)
@click.option("--participant", "participant_id", type=int, default=None)
@click.argument("output", type=click.Path(dir_okay=False, writable=True))
def archive_command(edition_id: int, participant_id: int | None, output: str) -> None:
    """Write the evidence archive of an edition (or one participant) to OUTPUT."""
    from juror_app.evidence.archive import stream_archive

    with open(output, "wb") as out:
        for chunk in stream_archive(db.session, current_app.config["MEDIA_DIR"], edition_id,
                                    participant_id):
            out.write(chunk)
    click.echo(f"Archive written to {output}.")
