"""Restore a backup into an empty database and an empty media folder.

Everything is checked before anything is written: the target is empty, every member is
listed in the manifest with the right SHA-256 and size, nothing is missing, the database
kind matches, and the backup's migration is one this code knows. The files are unpacked
into a hidden folder inside the media folder and moved into place only after the
database restore succeeded (PostgreSQL: in one transaction), so a refusal or a failure
leaves the target as empty as it was.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from juror_app.ops.archive import (
    DATABASE_MEMBERS,
    MANIFEST,
    MEDIA_PREFIX,
    BackupError,
    Entry,
    HashingReader,
    Manifest,
    copy_sqlite,
    dialect_of,
    libpq_environment,
    pg_tool,
    safe_member_name,
)

# What reading a cut or corrupted archive raises: tarfile's own errors (a header or a
# member cut short: "unexpected end of data"), EOFError and zlib.error from a compressed
# stream, OSError from the disk under it. An operator needs a sentence, not a traceback.
DAMAGED = (tarfile.TarError, EOFError, zlib.error, OSError)
COPY_CHUNK = 1024 * 1024


@contextmanager
def reading_archive() -> Iterator[None]:
    """Around every read of the archive (never around a write into the target)."""
    try:
        yield
    except DAMAGED as exc:
        raise BackupError(f"the archive is damaged or cut short ({exc}) — an unfinished "
                          "copy or a bad disk? Take another copy of the backup: nothing "
                          "was restored") from exc


def read_manifest(tar: tarfile.TarFile) -> Manifest:
    # manifest.json is written last: finding it reads every header, so a cut archive
    # is refused here, before the target is looked at.
    try:
        with reading_archive():
            handle = tar.extractfile(MANIFEST)
    except KeyError:
        # tarfile takes a header cut in the middle for the archive's end: a dump without
        # the manifest after it is a backup cut short, not some other file.
        if set(tar.getnames()) & set(DATABASE_MEMBERS.values()):
            raise BackupError("the archive is damaged or cut short (it ends before "
                              "manifest.json, which is written last) — an unfinished copy "
                              "or a bad disk? Take another copy of the backup: nothing was "
                              "restored") from None
        raise BackupError("not a juror backup: it has no manifest.json") from None
    try:
        with reading_archive():
            data = json.load(handle)
    except ValueError as exc:
        raise BackupError(f"manifest.json is not valid JSON ({exc})") from exc
    return Manifest.from_json(data)


def refuse_unknown_migration(backup_head: str, known_revisions: frozenset[str],
                             code_head: str) -> None:
    """A backup from a newer release: name its migration, which an operator can look up
    in a release's migrations/versions/. (Not the manifest's app_version: the package
    version did not change with the migrations, so it named a release that cannot help.)"""
    unknown = sorted(set(backup_head.split(",")) - known_revisions)
    if not unknown or backup_head == "none":
        return
    named = ", ".join(unknown)
    raise BackupError(f"the backup was taken by a newer release of the app (database "
                      f"migration {named}; this one knows migrations up to {code_head}): "
                      f"install the release that includes migration {named} (a file "
                      f"named {unknown[0]}*.py in its migrations/versions/), then restore")


def refuse_non_empty_target(database_url: str, media_dir: Path) -> None:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            tables = sa.inspect(conn).get_table_names()
    except sa.exc.SQLAlchemyError as exc:
        raise BackupError(f"cannot reach the target database: {exc.orig or exc}") from exc
    finally:
        engine.dispose()
    if tables:
        raise BackupError(
            f"the target database is not empty ({len(tables)} tables, e.g. "
            f"{sorted(tables)[0]!r}): restore only into a new, empty database")
    if media_dir.exists() and any(p.is_file() for p in media_dir.rglob("*")):
        raise BackupError(f"the media folder {media_dir} is not empty: restore only into "
                          "an empty folder")


def unpack_verified(tar: tarfile.TarFile, manifest: Manifest, staging: Path) -> None:
    """Every member into `staging`, each checked against the manifest; all must be there."""
    seen = set()
    with reading_archive():
        members = tar.getmembers()
    for member in members:
        if member.name == MANIFEST:
            continue
        if not member.isfile() or not safe_member_name(member.name):
            raise BackupError(f"the archive holds an unexpected entry {member.name!r}")
        expected = manifest.files.get(member.name)
        if expected is None:
            raise BackupError(f"{member.name} is in the archive but not in the manifest")
        if copy_member(tar, member, staging / member.name) != expected:
            raise BackupError(f"{member.name} does not match the manifest (damaged or "
                              "altered archive): nothing was restored")
        seen.add(member.name)
    missing = sorted(set(manifest.files) - seen)
    if missing:
        raise BackupError(f"the archive lacks {len(missing)} file(s) the manifest lists, "
                          f"e.g. {missing[0]}: nothing was restored")


def copy_member(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> Entry:
    """One member's bytes into `target`; what was read, hashed. A failed read is a damaged
    archive, a failed write the target's fault: each is named as such."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with reading_archive():
            reader = HashingReader(tar.extractfile(member))
        with target.open("wb") as out:
            while True:
                with reading_archive():
                    chunk = reader.read(COPY_CHUNK)
                if not chunk:
                    return reader.entry()
                out.write(chunk)
    except OSError as exc:
        raise BackupError(f"cannot write into the media folder ({exc}): nothing was "
                          "restored") from exc


def load_sqlite(dump: Path, database_url: str) -> None:
    path = sa.make_url(database_url).database
    copy_sqlite(dump, path)


def load_postgresql(dump: Path, database_url: str) -> None:
    command = [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
               "--exit-on-error", f"--dbname={sa.make_url(database_url).database}", str(dump)]
    result = subprocess.run(command, env=libpq_environment(database_url),
                            capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed, the database is left empty: "
                          f"{result.stderr.strip()}")


def move_media(staging: Path, media_dir: Path) -> int:
    source = staging / MEDIA_PREFIX.rstrip("/")
    count = 0
    for path in sorted(source.rglob("*")) if source.exists() else []:
        if path.is_file():
            target = media_dir / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            count += 1
    return count


def restore_backup(archive: Path, database_url: str, media_dir: Path, *,
                   known_revisions: frozenset[str], code_head: str) -> Manifest:
    media_dir = Path(media_dir)
    try:
        tar = tarfile.open(archive, "r:")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"cannot read {archive} as a backup archive ({exc})") from exc
    with tar:
        manifest = read_manifest(tar)
        if manifest.dialect != dialect_of(database_url):
            raise BackupError(f"this is a {manifest.dialect} backup; the target database is "
                              f"{dialect_of(database_url)}")
        refuse_unknown_migration(manifest.migration_head, known_revisions, code_head)
        refuse_non_empty_target(database_url, media_dir)
        media_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".juror-restore-", dir=media_dir))
        try:
            unpack_verified(tar, manifest, staging)
            loader = load_sqlite if manifest.dialect == "sqlite" else load_postgresql
            loader(staging / manifest.database_member, database_url)
            move_media(staging, media_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return manifest
