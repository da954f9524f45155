"""Server time per photo: the evidence pipeline and the whole PUT, beside a fair naive one.

For each phone photo (the shared samples, plus a generated 12 MP JPEG and a 1600 px copy
like the PWA uploads after shrinking) this times, in the same run, rounds interleaved
(base, pipeline, endpoint, then the next round) so a noisy neighbour hits all three alike:
- BASELINE "naive": what anyone would write for the same job — Pillow open →
  ImageOps.exif_transpose → RGB → resize (LANCZOS) to the same long edge (1600) → JPEG,
  plus the 320 px thumbnail (LANCZOS) → JPEG; no checks, no metadata, no colour profile.
  Both must produce images of the same pixel sizes (asserted).
- pipeline: juror_app.evidence.pipeline.process (type by content, limits before decoding,
  EXIF, upright, sRGB, the two derivatives with no metadata);
- endpoint: PUT /api/v1/contacts/…/photos/… through the app (SQLite, files, audit row).
Medians; ratios to the baseline are the figures to quote. HEIC is reported apart: its
decoder (libheif) dominates both sides.
"""
from __future__ import annotations

import io
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from PIL import Image, ImageOps

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


def baseline(data: bytes, limits: Limits) -> dict[str, tuple[int, int]]:
    """The fair naive pipeline; returns the sizes of its display and thumbnail images."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
    sizes = {}
    for name, edge in (("display", limits.display_edge), ("thumb", limits.thumb_edge)):
        copy = image.copy()
        copy.thumbnail((edge, edge), Image.Resampling.LANCZOS)
        copy.save(io.BytesIO(), "JPEG", quality=85)
        sizes[name] = copy.size
    return sizes


def pipeline_sizes(data: bytes, limits: Limits) -> dict[str, tuple[int, int]]:
    processed = process(data, limits)
    return {k: Image.open(io.BytesIO(v)).size for k, v in processed.derivatives.items()}


def interleaved(actions: dict[str, object], rounds: int = ROUNDS) -> dict[str, float]:
    """Median ms of each action, the actions taking turns round after round."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(rounds):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


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
    from juror_app.evidence.pipeline import EvidenceError

    limits = Limits()
    figures: dict[str, dict[str, float]] = {}
    print("baseline = naive Pillow: open → exif_transpose → RGB → LANCZOS to the same 1600 px "
          "edge → JPEG, + 320 px thumbnail; same output sizes asserted")
    with tempfile.TemporaryDirectory() as folder:
        endpoint = Endpoint(folder)
        rows = []
        for name, data in samples().items():
            try:
                ours = pipeline_sizes(data, limits)
            except EvidenceError as exc:
                print(f"{name}: refused by the pipeline ({exc}); not timed")
                continue
            assert baseline(data, limits) == ours, (name, baseline(data, limits), ours)
            t = interleaved({"base": lambda d=data: baseline(d, limits),
                             "pipe": lambda d=data: process(d, limits),
                             "full": lambda d=data: endpoint.put(d)})
            figures[name] = {"bytes": len(data), "naive_ms": round(t["base"], 1),
                             "pipeline_ms": round(t["pipe"], 1),
                             "endpoint_ms": round(t["full"], 1),
                             "pipeline_over_naive": round(t["pipe"] / t["base"], 2),
                             "endpoint_over_naive": round(t["full"] / t["base"], 2),
                             "sizes": ours}
            rows.append(name)
        header = (f"{'photo':28} {'bytes':>9} {'naive ms':>9} {'pipeline':>9} {'endpoint':>9} "
                  f"{'pipe/naive':>10} {'endp/naive':>10}")
        for title, chosen in (("JPEG and others", [r for r in rows if not r.endswith(".heic")]),
                              ("HEIC (libheif decode dominates)",
                               [r for r in rows if r.endswith(".heic")])):
            print(f"\n{title}\n{header}")
            for name in chosen:
                f = figures[name]
                print(f"{name:28} {f['bytes']:>9} {f['naive_ms']:>9.1f} {f['pipeline_ms']:>9.1f} "
                      f"{f['endpoint_ms']:>9.1f} {f['pipeline_over_naive']:>10.2f} "
                      f"{f['endpoint_over_naive']:>10.2f}")
    return figures


if __name__ == "__main__":
    run()
