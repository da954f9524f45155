"""Resumable upload of a large photo original: chunks appended at a stated offset.

Plain module (no Flask). Chosen over tus 1.0: tus needs its own protocol headers, an
OPTIONS/PATCH dialect and a server package that would bypass our photo pipeline, while
the phone only needs "how far did you get?" and "append this at N". The bytes collect in
MEDIA_DIR/uploads/<juror id>/<contact id>.<photo id>.part; once all have arrived, the
caller hands the assembled bytes to the usual photo service (same digest check, same
idempotency, same pipeline) and the part file goes. Named by juror and contact so that the
uploads in progress can be counted before a byte is kept: parts count against the
contact's photo cap, and a juror has at most a few at once (else a token could fill the
disk with 20 MB parts nobody finishes). A part untouched for a day is dropped.

The query parameters and the answers are types here, beside CaptureParams: the view
parses and answers through them and the OpenAPI document is generated from them.
"""
from __future__ import annotations

import fcntl
import os
import time
import uuid
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from juror_app.core.text import N_
from juror_app.core.typed import Invalid, parse, says
from juror_app.sync.shapes import Shape

BYTE_COUNT = N_("Podaj liczbę bajtów (liczba całkowita, 0 lub więcej).")
PAST_THE_END = N_("Część nie może zaczynać się za końcem pliku.")
# Twelve digits: far beyond any photo limit, short enough to refuse a silly number early.
LARGEST_COUNT = 10**12 - 1


def _byte_count(description: str, example: int):
    return Annotated[int, Field(ge=0, le=LARGEST_COUNT, description=description,
                                examples=[example]), says(BYTE_COUNT)]


class ChunkParams(BaseModel):
    """Where a chunk goes: its first byte's offset and the whole file's size (query)."""

    # The capture parameters share the query string: CaptureParams parses those.
    model_config = ConfigDict(extra="ignore", frozen=True)

    offset: _byte_count("Od którego bajtu jest ta część.", 1048576)
    total: _byte_count("Rozmiar całego pliku w bajtach.", 4194304)


def parse_chunk(args: Mapping[str, str]) -> ChunkParams:
    """The chunk PUT's offset and total, or `Invalid` per parameter (Polish messages)."""
    params = parse(ChunkParams, dict(args), missing={"offset": BYTE_COUNT,
                                                     "total": BYTE_COUNT})
    if params.offset > params.total:
        raise Invalid({"offset": PAST_THE_END})
    return params


class UploadProgress(Shape):
    """Ile bajtów zdjęcia już dotarło; complete = zdjęcie jest zapisane."""

    offset: int
    complete: bool


class UploadConflict(Shape):
    """Część nie pasuje: offset mówi, od którego bajtu wysłać dalej."""

    error: str
    message: str
    offset: int


class OffsetMismatch(Exception):
    """The chunk does not start where the stored bytes end; `offset` is where they do."""

    def __init__(self, offset: int):
        super().__init__(f"expected offset {offset}")
        self.offset = offset


STALE_SECONDS = 24 * 3600  # a part untouched this long is given up
UPLOADS = "uploads"


class PartialUpload:
    """The bytes of one photo received so far, on disk, shared by every app server."""

    def __init__(self, media_dir: str | Path, juror_id: int, contact_id: uuid.UUID,
                 photo_id: uuid.UUID):
        self.folder = Path(media_dir) / UPLOADS / str(int(juror_id))
        self.path = self.folder / f"{contact_id}.{photo_id}.part"

    def exists(self) -> bool:
        return self.path.exists()

    def in_progress(self, *, contact_only: bool = False, now: float | None = None
                    ) -> list[Path]:
        """The juror's other parts (of this contact only, if asked); a stale part is
        deleted on the way, so an abandoned upload stops counting after a day."""
        now = time.time() if now is None else now
        pattern = f"{self.path.name.split('.')[0]}.*.part" if contact_only else "*.part"
        alive = []
        for part in self.folder.glob(pattern):
            try:
                if now - part.stat().st_mtime > STALE_SECONDS:
                    part.unlink(missing_ok=True)
                elif part != self.path:
                    alive.append(part)
            except FileNotFoundError:
                pass  # finished or dropped by a parallel request
        return alive

    def offset(self) -> int:
        """How many bytes have arrived (0 when none)."""
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def append(self, offset: int, data: bytes) -> int:
        """Write `data` at the end if that is `offset`; the new end. Two requests for the
        same photo take turns (a file lock), so a retried chunk never lands twice."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked() as handle:
            end = handle.seek(0, os.SEEK_END)
            if offset != end:
                raise OffsetMismatch(end)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            return end + len(data)

    def read(self) -> bytes:
        return self.path.read_bytes()

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)

    @contextmanager
    def _locked(self):
        with open(self.path, "ab+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield handle
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
