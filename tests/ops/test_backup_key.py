"""The backup's fingerprint of the secret key and the restore's warning when it differs.

Participants' result links are signed with JUROR_SECRET_KEY, which no backup holds: a
restore under a new key (the README's lost-disk steps made one) kept the data and killed
every link sent, without a word."""
from __future__ import annotations

import json

from juror_app.core.extensions import db
from tests.conftest import make_test_app
from tests.ops.backups import archive_checks, every_row, manifest_of, restore, rewrite, url_of


def test_restore_with_another_secret_key_goes_on_and_says_what_stops_working(
        migrated_app, archive, target_app):
    """Result links are signed with the key: a restore under a new one (a lost disk, the
    README's set-up making a key) keeps the data but must say what it costs."""
    target_app.config["SECRET_KEY"] = "a-new-key-made-after-a-lost-disk"
    result = restore(target_app, archive)
    assert result.exit_code == 0, result.output
    assert every_row(url_of(target_app)) == every_row(url_of(migrated_app))
    warning = " ".join(result.output.split())
    assert "another secret key (JUROR_SECRET_KEY)" in warning
    assert "participants' result and certificate links" in warning
    assert "JUROR_SECRET_KEY in /etc/juror/juror.env" in warning


@archive_checks
def test_restore_with_the_same_key_or_from_an_older_backup_does_not_warn(archive, target_app,
                                                                         tmp_path):
    assert "secret key" not in restore(target_app, archive).output
    # A backup written before the fingerprint was kept: restored as before, no warning.
    older = rewrite(archive, tmp_path, lambda name, data: data if name != "manifest.json"
                    else json.dumps({k: v for k, v in json.loads(data).items()
                                     if k != "secret_key_fingerprint"}).encode())
    other = make_test_app(f"sqlite:///{tmp_path / 'older.sqlite3'}", tmp_path,
                          SECRET_KEY="another-key", MEDIA_DIR=str(tmp_path / "older-media"))
    result = restore(other, older)
    with other.app_context():
        db.engine.dispose()
    assert result.exit_code == 0, result.output
    assert "secret key" not in result.output


@archive_checks
def test_manifest_keeps_a_fingerprint_of_the_key_never_the_key(migrated_app, archive):
    import hashlib
    import hmac

    key = migrated_app.config["SECRET_KEY"]
    text = archive.read_bytes()
    assert key.encode() not in text
    assert hashlib.sha256(key.encode()).hexdigest().encode() not in text
    expected = hmac.new(key.encode(), b"juror-backup/1: secret key fingerprint",
                        hashlib.sha256).hexdigest()
    assert manifest_of(archive)["secret_key_fingerprint"] == expected
