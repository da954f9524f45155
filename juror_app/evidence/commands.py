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
@click.option("--offline", is_flag=True,
              help="Do not compare with this server's database (not the archive's office).")
def verify_command(archive: str, offline: bool) -> None:
    """Check an evidence archive: files against manifest.json, audit events against their
    hashes and links, contacts and photos against their audit events; then, with the
    database, every event against the live chain and the scope for left-out contacts and
    events. Exit 1 and list what does not match; say which checks could not be done."""
    from juror_app.evidence.archive_check import verify_archive

    verdict = verify_archive(archive)
    problems, notes = list(verdict.problems), verdict.notes()
    live = False
    if not offline and verdict.head is not None:
        live, found = _compare_live(verdict)
        problems += found
    if not live:
        notes += OFFLINE_NOTES
    for problem in problems:
        click.echo(problem, err=True)
    for note in notes:
        click.echo(f"Not checked: {note}", err=bool(problems))
    if problems:
        raise SystemExit(1)
    head = verdict.head
    click.echo(f"{archive}: every file matches manifest.json and its audit events.")
    if live:
        click.echo(f"Every audit event in it matches the live chain, and it holds every "
                   f"contact and event of its scope through #{head['seq']} — `flask audit "
                   "verify` checks the live chain itself.")
    else:
        # The manifest is not signed: only the live chain proves the events are genuine.
        click.echo(f"Audit chain head in the archive: #{head['seq']} {head['hash']} — compare "
                   "it, and each seq → hash in manifest.json's \"events\", with the office's "
                   "chain (`flask evidence verify` on its server does so).")


OFFLINE_NOTES = [
    "the live database was not used: each event's hash against the office's chain (an "
    "event edited and re-hashed, or a decision removed), contacts or events left out, and "
    "names (participant, juror, reviewers) — compare the archive's seq → hash pairs "
    "(manifest.json's \"events\"; in an older archive, those of its audit.json files) "
    "with `SELECT seq, hash FROM audit_event` on the office's server",
]


def _compare_live(verdict) -> tuple[bool, list[str]]:
    """(database reached, what it shows): a database without the chain is offline."""
    from juror_app.evidence.archive_live import live_problems

    try:
        return True, live_problems(db.session, verdict)
    except sa.exc.SQLAlchemyError as exc:
        db.session.rollback()
        click.echo(f"The database could not be read ({type(exc).__name__}): checked offline.",
                   err=True)
        return False, []


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
