"""Evidence archive memory: peak RSS while streaming an edition's ZIP, small vs large.

Builds an SQLite edition with N photos (2 per contact, 60 KiB display files of random
bytes, so the ZIP cannot shrink them) and streams `stream_archive` into a discarding sink
in a fresh process, reporting that process's peak RSS (ru_maxrss) before and after. Runs
N = 200 and N = 2,000 (`--photos 2000` sets the large one): flat memory means the growth
in peak RSS barely changes while the archive grows tenfold.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

FILE_BYTES = 60 * 1024


def build(workdir: Path, photos: int) -> str:
    """An edition with `photos` photos on disk; returns the database URL."""
    from juror_app import create_app
    from juror_app.core.extensions import db
    from juror_app.evidence import storage
    from juror_app.models import (
        Assignment,
        Category,
        Contact,
        Edition,
        Participant,
        Photo,
        Role,
        User,
    )

    url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "MEDIA_DIR": str(workdir / "media"),
                      "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context():
        db.create_all()
        juror = User(email="j@example.org", name="Juror", role=Role.JUROR, password_hash="x")
        edition = Edition(name="Bench", year=2025, starts_on=date(2025, 9, 1),
                          ends_on=date(2025, 12, 1))
        participant = Participant(edition=edition, name="Gmina", category=Category.GMINA,
                                  city="Kraków")
        assignment = Assignment(edition=edition, participant=participant, juror=juror,
                                channels=["visit"])
        db.session.add_all([juror, edition, participant, assignment])
        start = datetime(2025, 10, 1, 9, tzinfo=UTC)
        for n in range(photos // 2):
            contact = Contact(client_id=uuid.uuid4(), assignment=assignment, juror=juror,
                              channel="visit", started_at=start + timedelta(hours=n),
                              payload_hash="0" * 64)
            db.session.add(contact)
            for _ in range(2):
                pid = uuid.uuid4()
                data = os.urandom(FILE_BYTES)
                key = storage.key_for(pid, "0" * 64)
                storage.save(app.config["MEDIA_DIR"], key, {"display": data, "thumb": b"x"})
                db.session.add(Photo(client_id=pid, contact=contact, sha256="0" * 64,
                                     content_type="image/jpeg", byte_size=FILE_BYTES,
                                     width=1, height=1, storage_key=key))
            if n % 200 == 0:
                db.session.commit()
        db.session.commit()
        edition_id = edition.id
        db.engine.dispose()
    return url, edition_id


def child(url: str, media: str, edition_id: int) -> None:
    """In a fresh process: stream the archive, print peak RSS before/after and the size."""
    from juror_app import create_app
    from juror_app.core.extensions import db
    from juror_app.evidence.archive import stream_archive

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "MEDIA_DIR": media,
                      "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context():
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, size = time.perf_counter(), 0
        for chunk in stream_archive(db.session, media, edition_id):
            size += len(chunk)
        took = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(before, after, size, f"{took:.2f}")


def measure(photos: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        url, edition_id = build(Path(tmp), photos)
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_archive", "--child", url,
             str(Path(tmp) / "media"), str(edition_id)],
            capture_output=True, text=True, check=True, timeout=600).stdout.split()
    before, after, size, took = int(out[0]), int(out[1]), int(out[2]), float(out[3])
    return {"photos": photos, "archive_mb": round(size / 2**20, 1),
            "peak_rss_before_mb": round(before / 1024, 1),
            "peak_rss_after_mb": round(after / 1024, 1),
            "rss_growth_mb": round((after - before) / 1024, 1), "seconds": took}


def run(options: list[str] | None = None) -> dict:
    options = options or []
    large = int(options[options.index("--photos") + 1]) if "--photos" in options else 2000
    small, big = measure(max(2, large // 10)), measure(large)
    for row in (small, big):
        print(f"{row['photos']:>5} photos, {row['archive_mb']:>6} MB archive: peak RSS "
              f"{row['peak_rss_before_mb']} → {row['peak_rss_after_mb']} MB "
              f"(+{row['rss_growth_mb']} MB) in {row['seconds']} s")
    print(f"archive ×{big['archive_mb'] / max(small['archive_mb'], 0.1):.1f}, "
          f"peak RSS growth {small['rss_growth_mb']} → {big['rss_growth_mb']} MB")
    return {"small": small, "large": big}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        run(sys.argv[1:])
