"""Shared by the backup/restore tests: a filled app, snapshots of rows and files, runs."""
from __future__ import annotations

import io
import json
import tarfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.evidence import storage
from juror_app.models import Photo, record
from tests.evidence_samples import jpeg
from tests.factories import make_contact, make_user


def fill(app) -> None:
    """Every kind of row the contest keeps, and photo files on disk."""
    make_user("coordinator", name="Zofia Żółć")
    for n in range(2):
        contact = make_contact(channel="visit", notes=f"Wizyta {n} — kolejka", latitude=50.06,
                               longitude=19.94, measurements={"wait_minutes": 7 + n})
        key = storage.key_for(uuid.uuid4(), "a" * 64)
        storage.save(app.config["MEDIA_DIR"], key, {"display": jpeg(640, 480),
                                                    "thumb": jpeg(120, 90)})
        db.session.add(Photo(client_id=uuid.uuid4(), contact=contact, sha256="a" * 64,
                             content_type="image/jpeg", byte_size=1234, width=640, height=480,
                             meta={"camera": "Nokia"}, storage_key=key))
        record(db.session, actor_id=None, action="contact.create", entity_type="contact",
               entity_id=contact.id, after={"n": n})
    db.session.commit()


def every_row(url: str) -> dict[str, list]:
    engine = sa.create_engine(url)
    meta = sa.MetaData()
    meta.reflect(bind=engine)
    rows = {}
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows[table.name] = [tuple(r) for r in conn.execute(sa.select(table).order_by(*order))]
    engine.dispose()
    return rows


def every_file(media_dir) -> dict[str, bytes]:
    root = Path(media_dir)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file()}


def url_of(app) -> str:
    with app.app_context():
        return db.engine.url.render_as_string(hide_password=False)


# The archive checks run before any database work: SQLite is enough to prove them.
archive_checks = pytest.mark.parametrize("migrated_url", ["sqlite"], indirect=True)


def restore(app, path):
    # Its own context: the CLI runs in whichever app's context is current.
    with app.app_context():
        return app.test_cli_runner().invoke(args=["restore", str(path)])


def rewrite(archive, tmp_path, change):
    """A copy of the archive with `change(name, data)` applied to each member's bytes."""
    altered = tmp_path / "altered.tar"
    with tarfile.open(archive) as old, tarfile.open(altered, "w") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    return altered


def manifest_of(path) -> dict:
    with tarfile.open(path) as tar:
        return json.load(tar.extractfile("manifest.json"))
