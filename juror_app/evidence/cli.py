"""`flask media check [--fix]`: photo files against photo rows."""
from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from juror_app.core.extensions import db
from juror_app.evidence.media_check import check, remove_orphans
from juror_app.models import Photo

media = AppGroup("media", help="Photo files under MEDIA_DIR.")


@media.command("check")
@click.option("--fix", is_flag=True,
              help="Delete the orphan files (missing ones are only reported).")
@click.option("--min-age", default=600, show_default=True,
              help="Seconds a file must be old to count: a younger one may await its commit.")
def check_command(fix: bool, min_age: int) -> None:
    """Report files no photo points to (orphans) and photos whose files are missing."""
    media_dir = current_app.config["MEDIA_DIR"]
    keys = db.session.scalars(sa.select(Photo.storage_key)).all()
    report = check(media_dir, keys, min_age=min_age)
    for path in report.orphans:
        click.echo(f"orphan: {path}")
    for key, path in report.missing:
        click.echo(f"missing: {path} (photo {key})")
    if report.young:
        click.echo(f"skipped {report.young} file(s) younger than {min_age} s")
    click.echo(f"{len(keys)} photo(s), {len(report.orphans)} orphan file(s), "
               f"{len(report.missing)} missing file(s).")
    if fix and report.orphans:
        click.echo(f"Removed {remove_orphans(report)} orphan file(s).")
    if report.missing:
        click.echo("Missing files cannot be recreated here: restore them from a backup.")
    if report.missing or (report.orphans and not fix):
        raise SystemExit(1)
