"""Write a backup while the app keeps serving.

The database is copied first (SQLite's online backup API, or `pg_dump -Fc`, both a
consistent snapshot that does not stop writers), the media folder after: photo files are
written before their row is committed, so every photo in the snapshot already has its
files on disk. Files added meanwhile come along as harmless extras.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from juror_app.ops.archive import (
    MANIFEST,
    MEDIA_PREFIX,
    BackupError,
    HashingReader,
    Manifest,
    copy_sqlite,
    dialect_of,
    key_fingerprint,
    libpq_environment,
    media_files,
    pg_tool,
)


def dump_sqlite(database_url: str, target: Path) -> None:
    source_path = sa.make_url(database_url).database
    if not source_path or not Path(source_path).exists():
        raise BackupError(f"no SQLite database at {source_path!r}")
    copy_sqlite(source_path, target, timeout=30)


def dump_postgresql(database_url: str, target: Path) -> None:
    command = [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
               f"--file={target}"]
    result = subprocess.run(command, env=libpq_environment(database_url),
                            capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


def add_file(tar: tarfile.TarFile, path: Path, name: str, manifest: Manifest) -> None:
    with path.open("rb") as handle:
        info = tar.gettarinfo(fileobj=handle, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = HashingReader(handle)
        tar.addfile(info, reader)
    manifest.files[name] = reader.entry()


def private_file(path: Path):
    """Opened for writing, readable by its owner only (0600) whatever the umask: the
    archive holds every juror's password hash and every photo. os.replace keeps the mode."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a .part left by a crashed run keeps its old mode otherwise
    return os.fdopen(fd, "wb")


def write_backup(database_url: str, media_dir: Path, target: Path, *, app_version: str,
                 migration_head: str, secret_key: str | bytes) -> Manifest:
    """One archive at `target`, complete or not there at all (written aside, then renamed)."""
    dialect = dialect_of(database_url)
    manifest = Manifest(app_version, migration_head, dialect,
                        datetime.now(UTC).isoformat(timespec="seconds"),
                        secret_key_fingerprint=key_fingerprint(secret_key))
    target = Path(target)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    with tempfile.TemporaryDirectory(prefix="juror-backup-") as work:
        dump = Path(work) / manifest.database_member
        (dump_sqlite if dialect == "sqlite" else dump_postgresql)(database_url, dump)
        try:
            with private_file(partial) as raw, \
                    tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                add_file(tar, dump, manifest.database_member, manifest)
                for path in media_files(Path(media_dir)):
                    name = MEDIA_PREFIX + path.relative_to(media_dir).as_posix()
                    try:
                        add_file(tar, path, name, manifest)
                    except FileNotFoundError:  # removed since the listing: not in the dump
                        continue
                body = json.dumps(manifest.to_json(), indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(body), int(datetime.now(UTC).timestamp())
                tar.addfile(info, io.BytesIO(body))
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest
