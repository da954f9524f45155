"""`flask backup PATH` and `flask restore PATH` (the work is in backup.py / restore.py)."""
from __future__ import annotations

from importlib import metadata
from pathlib import Path

import click
from flask import Flask, current_app

from juror_app.core.extensions import db
from juror_app.ops.archive import BackupError, same_key
from juror_app.ops.backup import write_backup
from juror_app.ops.migrations import (
    code_heads,
    database_heads,
    head_text,
    known_revisions,
    migrations_directory,
)
from juror_app.ops.restore import restore_backup


def app_version() -> str:
    try:
        return metadata.version("juror-app")
    except metadata.PackageNotFoundError:
        return "unknown"


# A restore with another key must still go on (a lost key must not cost the data), but
# the office has to know what it costs and how to get the old key back in place.
OTHER_KEY_WARNING = (
    "Warning: this backup was taken with another secret key (JUROR_SECRET_KEY) than this "
    "app runs with. The data is restored, but the participants' result and certificate "
    "links already sent (or waiting in the mail outbox) no longer open, and everyone "
    "signed in must sign in again. To keep them working, put the key the backup was taken "
    "with back into JUROR_SECRET_KEY in /etc/juror/juror.env (from your copy of that file) "
    "and restart the app; without it, send the participants their links again (the results' "
    "page „Linki dla uczestników” / Participants' links).")


def database_url() -> str:
    return db.engine.url.render_as_string(hide_password=False)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Write the database and every media file into one archive at PATH (app may run)."""
    with db.engine.connect() as conn:
        head = head_text(database_heads(conn))
    try:
        manifest = write_backup(database_url(), Path(current_app.config["MEDIA_DIR"]), path,
                                app_version=app_version(), migration_head=head,
                                secret_key=current_app.config["SECRET_KEY"])
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    media = len(manifest.files) - 1
    click.echo(f"Backup written to {path}: {manifest.dialect} database at migration {head}, "
               f"{media} media file(s).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(path: Path) -> None:
    """Restore the archive at PATH into an empty database and an empty media folder."""
    db.engine.dispose()  # hold no connection to the database we are about to fill
    try:
        directory = migrations_directory()
        manifest = restore_backup(path, database_url(), Path(current_app.config["MEDIA_DIR"]),
                                  known_revisions=known_revisions(directory),
                                  code_head=head_text(code_heads(directory)))
    except BackupError as exc:
        raise click.ClickException(f"Restore refused: {exc}") from exc
    click.echo(f"Restored {path} (app {manifest.app_version}, migration "
               f"{manifest.migration_head}, {len(manifest.files) - 1} media file(s)).")
    if not same_key(manifest, current_app.config["SECRET_KEY"]):
        click.echo(OTHER_KEY_WARNING, err=True)
    if set(manifest.migration_head.split(",")) != code_heads(migrations_directory()):
        click.echo("The backup is from an older migration: run `flask db upgrade` next.")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
