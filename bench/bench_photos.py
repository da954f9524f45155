"""Server time per photo: the evidence pipeline and the whole PUT, beside bare Pillow.

For each phone photo (the shared samples, plus a generated 12 MP JPEG and a 1600 px copy
like the PWA uploads after shrinking) this times, in the same run:
- baseline: Pillow open + save as JPEG of the same bytes (nothing else);
- pipeline: juror_app.evidence.pipeline.process (checks, EXIF, upright, sRGB, two derivatives);
- endpoint: PUT /api/v1/contacts/…/photos/… through the app (SQLite, files, audit row).
Medians of several rounds; ratios to the baseline are the figures to quote.
"""
from __future__ import annotations

import io
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from PIL import Image

from juror_app.evidence.pipeline import Limits, process

SHARED = Path(__file__).resolve().parents[2] / "shared" / "photos"
PHONE_PHOTOS = ("mobile_HMD_Nokia_8.3_5G.jpg", "mobile_jolla.jpg", "iphone_IMG_5195.heic",
                "corrupted.jpg", "gps_DSCN0010.jpg")
ROUNDS = 7


def generated_12mp() -> bytes:
    """A 4000×3000 JPEG with some texture, so compression is not trivially easy."""
    image = Image.effect_mandelbrot((4000, 3000), (-2.0, -1.2, 1.0, 1.2), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def shrunk(data: bytes, edge: int = 1600) -> bytes:
    """What the PWA sends after shrinking on the phone (long edge 1600, JPEG)."""
    image = Image.open(io.BytesIO(data))
    image.thumbnail((edge, edge))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def samples() -> dict[str, bytes]:
    found = {name: (SHARED / name).read_bytes() for name in PHONE_PHOTOS
             if (SHARED / name).exists()}
    found["generated_12mp.jpg"] = generated_12mp()
    source = found.get("mobile_HMD_Nokia_8.3_5G.jpg", found["generated_12mp.jpg"])
    found["phone_shrunk_1600.jpg"] = shrunk(source)
    return found


def median_ms(action, rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def baseline(data: bytes) -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).convert("RGB").save(out, "JPEG")


class Endpoint:
    """An app on a throwaway SQLite database with one juror's contact to attach photos to."""

    def __init__(self, folder: str):
        from juror_app import create_app
        from juror_app.core.extensions import db

        self.app = create_app({
            "TESTING": True, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
            "MEDIA_DIR": f"{folder}/media",
        })
        with self.app.app_context():
            db.create_all()
            self.headers, self.contact_id = self._contact(db)
        self.client = self.app.test_client()

    @staticmethod
    def _contact(db):
        from juror_app.accounts.tokens import issue_token
        from juror_app.models import (
            Assignment,
            Category,
            Contact,
            Edition,
            Participant,
            Role,
            Rubric,
            User,
        )
        from juror_app.rubric import default_rubric

        juror = User(email="bench@example.org", name="Bench", role=Role.JUROR)
        juror.set_password("bench-password-1")
        edition = Edition(name="Bench", year=2025, starts_on=date(2025, 9, 1),
                          ends_on=date(2025, 12, 1))
        participant = Participant(edition=edition, name="Gmina", category=Category.GMINA)
        assignment = Assignment(edition=edition, participant=participant, juror=juror,
                                channels=["visit"])
        contact = Contact(client_id=uuid.uuid4(), assignment=assignment, juror=juror,
                          channel="visit", started_at=datetime.now(UTC), payload_hash="0" * 64)
        db.session.add_all([Rubric(edition=edition, version=1, data=default_rubric()),
                            contact])
        token, _ = issue_token(juror, "bench")
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}, contact.client_id

    def put(self, data: bytes) -> None:
        url = f"/api/v1/contacts/{self.contact_id}/photos/{uuid.uuid4()}"
        response = self.client.put(url, data=data, headers=self.headers,
                                   content_type="application/octet-stream")
        assert response.status_code == 201, response.get_json()


def run() -> dict:
    """Time every sample three ways and print a table with the ratios."""
    limits = Limits()
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        endpoint = Endpoint(folder)
        print(f"{'photo':28} {'bytes':>9} {'Pillow ms':>9} {'pipeline':>9} {'endpoint':>9} "
              f"{'pipe/base':>9} {'endp/base':>9}")
        for name, data in samples().items():
            base = median_ms(lambda d=data: baseline(d))
            pipe = median_ms(lambda d=data: process(d, limits))
            full = median_ms(lambda d=data: endpoint.put(d))
            figures[name] = {"bytes": len(data), "baseline_ms": round(base, 1),
                             "pipeline_ms": round(pipe, 1), "endpoint_ms": round(full, 1),
                             "pipeline_ratio": round(pipe / base, 2),
                             "endpoint_ratio": round(full / base, 2)}
            print(f"{name:28} {len(data):>9} {base:>9.1f} {pipe:>9.1f} {full:>9.1f} "
                  f"{pipe / base:>9.2f} {full / base:>9.2f}")
    return figures


if __name__ == "__main__":
    run()
