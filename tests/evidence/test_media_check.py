"""Crash orphans: a retry overwrites the same files; `flask media check` finds the rest."""
from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.evidence import media_check, storage
from juror_app.evidence import service as photo_service
from juror_app.models import Photo
from tests.api_support import new_id
from tests.evidence_samples import jpeg


def media_files(app) -> list[Path]:
    return sorted(p for p in Path(app.config["MEDIA_DIR"]).rglob("*") if p.is_file())


def make_old(*paths: Path) -> None:
    past = time.time() - 3600
    for path in paths:
        os.utime(path, (past, past))


class Killed(BaseException):
    """Stands in for kill -9: no except/finally of ours gets to clean up."""


def test_a_retry_after_a_crash_before_the_commit_leaves_no_orphan(app, client, contact,
                                                                   monkeypatch, runner):
    cid, headers = contact
    photo_id, data = new_id(), jpeg(800, 600)
    url = f"/api/v1/contacts/{cid}/photos/{photo_id}"

    def killed_at_commit():
        raise Killed

    with monkeypatch.context() as crash:
        crash.setattr(photo_service.db.session, "commit", killed_at_commit)
        crash.setattr(photo_service.photo_store, "remove", lambda paths: None)  # died first
        with pytest.raises(Killed):
            client.put(url, data=data, headers=headers, content_type="image/jpeg")
    db.session.rollback()
    left = media_files(app)
    assert len(left) == 2 and db.session.scalar(sa.select(sa.func.count(Photo.id))) == 0

    retry = client.put(url, data=data, headers=headers, content_type="image/jpeg")
    assert retry.status_code == 201
    photo = db.session.scalar(sa.select(Photo))
    assert media_files(app) == left, "the retry wrote over the same two files"
    assert sorted(storage.paths_for(app.config["MEDIA_DIR"], photo.storage_key)) == left
    make_old(*left)
    result = runner.invoke(args=["media", "check"])
    assert result.exit_code == 0, result.output
    assert "0 orphan file(s), 0 missing file(s)" in result.output


def test_media_check_reports_orphans_and_missing_files_and_fix_removes_orphans(app, runner):
    media = Path(app.config["MEDIA_DIR"])
    orphan_key = storage.key_for(uuid.uuid4(), "b" * 64)
    orphans = storage.save(media, orphan_key, {"display": b"d", "thumb": b"t"})
    temp = media / "ab" / ".tmp-x1.part"
    temp.parent.mkdir(parents=True, exist_ok=True)
    temp.write_bytes(b"half a photo")
    young = storage.save(media, storage.key_for(uuid.uuid4(), "c" * 64), {"display": b"y"})
    unrelated = media / "README.txt"
    unrelated.write_text("nie ruszać")
    make_old(*orphans, temp, unrelated)

    from tests.factories import make_contact
    contact = make_contact(channel="visit")
    gone_key = storage.key_for(uuid.uuid4(), "d" * 64)
    db.session.add(Photo(client_id=uuid.uuid4(), contact=contact, sha256="d" * 64,
                         content_type="image/jpeg", byte_size=1, width=1, height=1,
                         storage_key=gone_key))
    db.session.commit()

    report = runner.invoke(args=["media", "check"])
    assert report.exit_code == 1
    for path in (*orphans, temp):
        assert f"orphan: {path}" in report.output
    assert f"missing: {media / gone_key}.display.jpg" in report.output
    assert "skipped 1 file(s) younger than 600 s" in report.output
    assert "README" not in report.output
    assert all(p.exists() for p in orphans), "without --fix nothing is deleted"

    fixed = runner.invoke(args=["media", "check", "--fix"])
    assert "Removed 3 orphan file(s)." in fixed.output
    assert "restore them from a backup" in fixed.output
    assert not any(p.exists() for p in (*orphans, temp))
    assert all(p.exists() for p in (*young, unrelated)), "young and foreign files stay"


def test_the_check_itself_needs_no_app(tmp_path):
    key = storage.key_for(uuid.uuid4(), "e" * 64)
    kept = storage.save(tmp_path, key, {"display": b"1", "thumb": b"2"})
    stray = storage.save(tmp_path, storage.key_for(uuid.uuid4(), "f" * 64), {"thumb": b"3"})
    report = media_check.check(tmp_path, [key], min_age=0)
    assert report.orphans == stray and report.missing == []
    assert media_check.remove_orphans(report) == 1
    assert all(p.exists() for p in kept)


def test_the_key_follows_from_the_photo_and_its_bytes():
    photo_id = uuid.uuid4()
    assert storage.key_for(photo_id, "a" * 64) == storage.key_for(photo_id, "a" * 64)
    assert storage.key_for(photo_id, "a" * 64) != storage.key_for(photo_id, "b" * 64)
    assert storage.key_for(photo_id, "a" * 64).startswith(photo_id.hex[:2] + "/")


def test_a_stalled_chunked_upload_is_an_orphan_a_moving_one_is_not(app, client, contact,
                                                                   runner):
    cid, headers = contact
    media = Path(app.config["MEDIA_DIR"])

    def first_chunk(photo_id):
        answer = client.put(f"/api/v1/contacts/{cid}/photos/{photo_id}/chunks",
                            data=b"x" * 1024, query_string={"offset": 0, "total": 4096},
                            content_type="application/octet-stream", headers=headers)
        assert answer.status_code == 202, answer.json
        parts = list((media / "uploads").rglob(f"*.{photo_id}.part"))
        assert len(parts) == 1
        return parts[0]

    stalled, moving = first_chunk(new_id()), first_chunk(new_id())
    assert stalled.exists() and moving.exists()
    make_old(stalled)

    report = runner.invoke(args=["media", "check"])
    assert report.exit_code == 1
    assert f"orphan: {stalled}" in report.output
    assert str(moving) not in report.output
    assert "skipped 1 file(s) younger than 600 s" in report.output
    assert stalled.exists(), "without --fix nothing is deleted"

    fixed = runner.invoke(args=["media", "check", "--fix"])
    assert "Removed 1 orphan file(s)." in fixed.output
    assert not stalled.exists() and moving.exists()
    assert runner.invoke(args=["media", "check", "--min-age", "0"]).output.count("orphan:") == 1
