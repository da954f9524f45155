"""Photo files under MEDIA_DIR, written atomically: temp file in place, then os.replace.

A storage key names one set of derivatives (`<key>.display.jpg`, `<key>.thumb.jpg`).
The key follows from the photo's id and the received bytes' SHA-256: a retry after a
crash between the files and the commit overwrites the same files instead of leaving
orphans, while an upload of *other* bytes under the same id (refused at the database)
writes, and removes, only files of its own. `flask media check` finds what a crash
still left behind (see media_check.py).
"""
from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path

SIZES = ("display", "thumb")


def key_for(photo_id: uuid.UUID, sha256: str) -> str:
    """The key of this photo's files, fanned out by the id's first two hex digits."""
    return f"{photo_id.hex[:2]}/{photo_id}-{sha256[:12]}"


def path_for(media_dir: str | Path, key: str, size: str) -> Path:
    if size not in SIZES or ".." in key or key.startswith("/"):
        raise ValueError(f"bad photo path {key!r} {size!r}")
    return Path(media_dir) / f"{key}.{size}.jpg"


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def save(media_dir: str | Path, key: str, files: Mapping[str, bytes]) -> list[Path]:
    """Write every size; on any failure remove what was written and re-raise."""
    written: list[Path] = []
    try:
        for size, data in files.items():
            target = path_for(media_dir, key, size)
            _write_atomically(target, data)
            written.append(target)
    except BaseException:
        remove(written)
        raise
    return written


def paths_for(media_dir: str | Path, key: str) -> list[Path]:
    return [path_for(media_dir, key, size) for size in SIZES]


def remove(paths: Iterable[Path]) -> None:
    """Delete files, ignoring ones already gone."""
    for path in paths:
        Path(path).unlink(missing_ok=True)
