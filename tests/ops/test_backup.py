"""`flask backup` / `flask restore`: a round trip on both databases, and the refusals."""
from __future__ import annotations

import io
import json
import os
import stat
import tarfile

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from juror_app.core.extensions import db
from juror_app.ops.migrations import code_heads
from tests.conftest import make_test_app
from tests.ops.backups import (
    archive_checks,
    every_file,
    every_row,
    fill,
    restore,
    rewrite,
    url_of,
)


def test_round_trip_keeps_every_row_and_file(migrated_app, archive, target_app):
    result = restore(target_app, archive)
    assert result.exit_code == 0, result.output
    source, restored = every_row(url_of(migrated_app)), every_row(url_of(target_app))
    assert set(source) >= {"user", "contact", "photo", "audit_event", "alembic_version"}
    assert sum(map(len, source.values())) > 10
    assert restored == source
    files = every_file(migrated_app.config["MEDIA_DIR"])
    assert len(files) == 4
    assert every_file(target_app.config["MEDIA_DIR"]) == files
    with target_app.app_context():  # and the app works on it, at the head
        assert target_app.test_client().get("/healthz").status_code == 200


@archive_checks
def test_manifest_lists_every_file_with_its_hash_version_and_head(migrated_app, archive):
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[-1] == "manifest.json"
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    expected = code_heads(migrated_app.extensions["migrate"].directory)
    assert manifest["migration_head"] == ",".join(sorted(expected))
    assert manifest["app_version"] == "0.1.0"
    assert all(len(e["sha256"]) == 64 for e in manifest["files"].values())


def test_backup_does_not_wait_for_a_writer_and_skips_what_is_uncommitted(migrated_app,
                                                                         target_app, tmp_path):
    fill(migrated_app)
    writer = sa.create_engine(url_of(migrated_app))
    with writer.connect() as conn:
        trans = conn.begin()
        conn.execute(sa.text("UPDATE contact SET notes = 'niezapisane'"))
        result = migrated_app.test_cli_runner().invoke(args=["backup",
                                                             str(tmp_path / "live.tar")])
        trans.rollback()
    writer.dispose()
    assert result.exit_code == 0, result.output
    assert restore(target_app, tmp_path / "live.tar").exit_code == 0
    notes = set(every_column(url_of(target_app), "contact", "notes"))
    assert notes == {"Wizyta 0 — kolejka", "Wizyta 1 — kolejka"}


def every_column(url: str, table: str, column: str) -> list:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        values = list(conn.execute(sa.text(f"SELECT {column} FROM {table}")).scalars())
    engine.dispose()
    return values


def test_refuses_a_database_that_is_not_empty(migrated_app, archive):
    result = restore(migrated_app, archive)
    assert result.exit_code != 0
    assert "Restore refused: the target database is not empty" in result.output


@archive_checks
def test_refuses_a_media_folder_that_is_not_empty(archive, target_app):
    folder = target_app.config["MEDIA_DIR"]
    with open(f"{folder}/left-over.jpg", "wb") as handle:
        handle.write(b"x")
    result = restore(target_app, archive)
    assert result.exit_code != 0 and "media folder" in result.output
    assert every_row(url_of(target_app)) == {}


def test_refuses_an_altered_file_and_leaves_the_target_empty(archive, target_app, tmp_path):
    def flip(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name.endswith("thumb.jpg") else data

    result = restore(target_app, rewrite(archive, tmp_path, flip))
    assert result.exit_code != 0
    assert "does not match the manifest" in result.output
    assert every_row(url_of(target_app)) == {}
    assert every_file(target_app.config["MEDIA_DIR"]) == {}


@archive_checks
def test_refuses_an_archive_missing_a_file(archive, target_app, tmp_path):
    def drop_one(name, data):
        return None if name.endswith("display.jpg") else data

    result = restore(target_app, rewrite(archive, tmp_path, drop_one))
    assert result.exit_code != 0 and "lacks 2 file(s)" in result.output
    assert every_row(url_of(target_app)) == {}


@archive_checks
def test_refuses_a_file_the_manifest_does_not_list(archive, target_app, tmp_path):
    altered = rewrite(archive, tmp_path, lambda name, data: data)
    with tarfile.open(altered, "a") as tar:
        info = tarfile.TarInfo("media/extra.jpg")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    result = restore(target_app, altered)
    assert result.exit_code != 0 and "not in the manifest" in result.output


@archive_checks
def test_refuses_something_that_is_not_a_backup(target_app, tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar at all" * 100)
    assert "cannot read" in restore(target_app, junk).output
    empty = tmp_path / "empty.tar"
    tarfile.open(empty, "w").close()
    assert "no manifest.json" in restore(target_app, empty).output


def test_refuses_a_migration_this_code_does_not_know(archive, target_app, tmp_path):
    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migration_head"] = "0099_from_the_future"
        return json.dumps(manifest).encode()

    result = restore(target_app, rewrite(archive, tmp_path, newer))
    assert result.exit_code != 0 and "0099_from_the_future" in result.output
    # The advice names what an operator can check: the backup's migration and this
    # app's last one, not the package version (0.1.0 through every migration so far).
    head = ",".join(sorted(code_heads(target_app.extensions["migrate"].directory)))
    assert ("the backup was taken by a newer release of the app (database migration "
            f"0099_from_the_future; this one knows migrations up to {head}): install the "
            "release that includes migration 0099_from_the_future") in result.output
    assert "0.1.0" not in result.output
    assert every_row(url_of(target_app)) == {}


def test_an_unmigrated_database_still_backs_up(tmp_path):
    app = make_test_app(f"sqlite:///{tmp_path / 'plain.sqlite3'}", tmp_path)
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.tar")])
        db.engine.dispose()
    assert result.exit_code == 0 and "0 media file(s)" in result.output


@archive_checks
def test_the_archive_is_readable_by_its_owner_only(migrated_app, tmp_path):
    """Every password hash and photo is in it: 0600 even under a permissive umask, and
    even over a .part a crashed run left behind readable by all."""
    target = tmp_path / "backups" / "juror.tar"
    target.parent.mkdir()
    leftover = target.with_name(f".{target.name}.part")
    leftover.write_bytes(b"half an archive")
    leftover.chmod(0o644)
    old_umask = os.umask(0o022)
    try:
        result = migrated_app.test_cli_runner().invoke(args=["backup", str(target)])
    finally:
        os.umask(old_umask)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert tarfile.is_tarfile(target) and not leftover.exists()


@pytest.mark.parametrize("cut", ["half", "in_headers", "in_manifest"])
def test_refuses_a_truncated_archive_in_a_sentence_and_restores_nothing(archive, target_app,
                                                                       tmp_path, cut):
    """An unfinished copy (a dropped rsync, a full disk) is told apart in a sentence, not
    a traceback, with the exit code of every other refusal."""
    data = archive.read_bytes()
    with tarfile.open(archive) as tar:
        manifest, third = tar.getmember("manifest.json"), tar.getmembers()[2]
    keep = {"half": len(data) // 2, "in_headers": third.offset + 100,
            "in_manifest": manifest.offset_data + manifest.size // 2}[cut]
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(data[:keep])
    result = restore(target_app, truncated)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a ClickException, no traceback
    assert "Restore refused: the archive is damaged or cut short" in result.output
    assert "nothing was restored" in result.output
    assert every_row(url_of(target_app)) == {}
    assert every_file(target_app.config["MEDIA_DIR"]) == {}


