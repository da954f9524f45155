"""Resumable upload of a large photo original: chunks appended at a stated offset.

Plain module (no Flask). Chosen over tus 1.0: tus needs its own protocol headers, an
OPTIONS/PATCH dialect and a server package that would bypass our photo pipeline, while
the phone only needs "how far did you get?" and "append this at N". The bytes collect in
MEDIA_DIR/uploads/<photo id>.part; once all have arrived, the caller hands the assembled
bytes to the usual photo service (same digest check, same idempotency, same pipeline) and
the part file goes.
"""
from __future__ import annotations

import fcntl
import os
import uuid
from contextlib import contextmanager
from pathlib import Path


class OffsetMismatch(Exception):
    """The chunk does not start where the stored bytes end; `offset` is where they do."""

    def __init__(self, offset: int):
        super().__init__(f"expected offset {offset}")
        self.offset = offset


class PartialUpload:
    """The bytes of one photo received so far, on disk, shared by every app server."""

    def __init__(self, media_dir: str | Path, photo_id: uuid.UUID):
        self.path = Path(media_dir) / "uploads" / f"{photo_id}.part"

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
