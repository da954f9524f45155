"""The backup archive: a tar of the database dump, every media file and manifest.json.

manifest.json is written last and lists the SHA-256 and size of every other member, the
app version, the migration head and a fingerprint of the secret key, so a restore can
refuse anything it cannot vouch for and warn when the key it runs with is another one.
Plain module (no Flask): the CLI passes in what it knows about the running app.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import sqlalchemy as sa

FORMAT = "juror-backup/1"
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
# In-flight writes of evidence/storage.py (renamed into place when complete).
PARTIAL_PREFIX = ".tmp-"


# What the key fingerprint is an HMAC of. Never the key itself, nor a plain hash of it:
# an archive copied to another machine must not help anyone sign a link.
FINGERPRINT_LABEL = b"juror-backup/1: secret key fingerprint"


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


@dataclass(frozen=True)
class Entry:
    sha256: str
    size: int


@dataclass
class Manifest:
    app_version: str
    migration_head: str
    dialect: str
    created_at: str
    files: dict[str, Entry] = field(default_factory=dict)
    # None in a backup written before the fingerprint was kept: no key warning then.
    secret_key_fingerprint: str | None = None

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.dialect]

    def to_json(self) -> dict:
        return {"format": FORMAT, "app_version": self.app_version,
                "migration_head": self.migration_head, "created_at": self.created_at,
                "database": {"dialect": self.dialect, "member": self.database_member},
                "secret_key_fingerprint": self.secret_key_fingerprint,
                "files": {name: {"sha256": e.sha256, "size": e.size}
                          for name, e in sorted(self.files.items())}}

    @classmethod
    def from_json(cls, data: dict) -> Manifest:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(f"manifest.json is not a {FORMAT} manifest")
        try:
            dialect = data["database"]["dialect"]
            if dialect not in DATABASE_MEMBERS:
                raise BackupError(f"manifest.json names an unknown database {dialect!r}")
            files = {str(name): Entry(str(e["sha256"]), int(e["size"]))
                     for name, e in data["files"].items()}
            fingerprint = data.get("secret_key_fingerprint")
            return cls(str(data["app_version"]), str(data["migration_head"]), dialect,
                       str(data["created_at"]), files,
                       str(fingerprint) if fingerprint else None)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BackupError(f"manifest.json is incomplete or malformed ({exc})") from exc


def key_fingerprint(secret_key: str | bytes) -> str:
    """Tells two keys apart without saying anything about either."""
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    return hmac.new(key, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()


def same_key(manifest: Manifest, secret_key: str | bytes) -> bool:
    """True also for a backup that kept no fingerprint: nothing to compare, no warning."""
    if manifest.secret_key_fingerprint is None:
        return True
    return hmac.compare_digest(manifest.secret_key_fingerprint, key_fingerprint(secret_key))


def dialect_of(database_url: str) -> str:
    name = sa.make_url(database_url).get_backend_name()
    if name not in DATABASE_MEMBERS:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {name}")
    return name


def safe_member_name(name: str) -> bool:
    """Relative, no '..', no empty parts: a member cannot land outside its folder."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts \
        and "" not in name.split("/") and "\\" not in name


class HashingReader:
    """Wraps a file: what is read through it is hashed and counted."""

    def __init__(self, handle) -> None:
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        chunk = self.handle.read(n)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk

    def entry(self) -> Entry:
        return Entry(self.digest.hexdigest(), self.size)


def media_files(media_dir: Path) -> list[Path]:
    """Every finished file under media_dir (sorted, so archives are comparable)."""
    found = []
    for root, dirs, files in os.walk(media_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".juror-restore-"))
        found += [Path(root) / f for f in sorted(files) if not f.startswith(PARTIAL_PREFIX)
                  and not f.startswith(".healthz-")]
    return found


def copy_sqlite(source: str | Path, target: str | Path, timeout: float = 5.0) -> None:
    """Copy one SQLite database into another with the online backup API (readers and
    writers of the source carry on meanwhile); both connections closed whatever happens."""
    source_db = sqlite3.connect(source, timeout=timeout)
    try:
        target_db = sqlite3.connect(target)
        try:
            with target_db:
                source_db.backup(target_db)
        finally:
            target_db.close()
    finally:
        source_db.close()


def pg_tool(name: str) -> str:
    """pg_dump/pg_restore from PATH or Debian's versioned folders (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if candidates:
        return str(candidates[0])
    raise BackupError(f"{name} not found: install Debian's postgresql-client package")


LIBPQ_QUERY_VARIABLES = {"sslmode": "PGSSLMODE", "connect_timeout": "PGCONNECT_TIMEOUT",
                         "sslrootcert": "PGSSLROOTCERT", "application_name": "PGAPPNAME",
                         "host": "PGHOST"}


def libpq_environment(database_url: str) -> dict[str, str]:
    """Connection settings as libpq variables, so the password is not on a command line."""
    url = sa.make_url(database_url)
    env = dict(os.environ)
    for key, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                       ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[key] = str(value)
    for key, value in url.query.items():
        if key in LIBPQ_QUERY_VARIABLES:
            env[LIBPQ_QUERY_VARIABLES[key]] = str(value)
    return env
