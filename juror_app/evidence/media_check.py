"""What lies in MEDIA_DIR against what the database says: orphans and missing files.

Plain module (no Flask, no session): given the folder and the storage keys of every photo
row, it lists files no row points to (a crash after the files were written and before
the commit, or an interrupted temp file), the part files of chunked uploads nobody came
back to finish (MEDIA_DIR/uploads/*.part, see uploads.py), and rows whose files are gone.
Files younger than `min_age` are left alone: an upload may be between its files and its
commit, and a part file's time moves with every chunk, so only a stalled one ages. Should
its phone come back after all, the upload asks for its offset, hears 0 and starts again.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from juror_app.evidence.storage import SIZES, path_for

SUFFIXES = tuple(f".{size}.jpg" for size in SIZES)
UPLOADS = "uploads"  # PartialUpload's folder under MEDIA_DIR


@dataclass
class MediaReport:
    orphans: list[Path] = field(default_factory=list)
    missing: list[tuple[str, Path]] = field(default_factory=list)  # (storage key, file)
    young: int = 0  # files too new to judge


def key_of(media_dir: Path, path: Path) -> str | None:
    """The storage key a derivative's path names, or None for any other file."""
    name = path.relative_to(media_dir).as_posix()
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def is_partial_upload(media_dir: Path, path: Path) -> bool:
    """A chunked upload's bytes so far (uploads/<juror>/…): never a photo's file, an orphan
    once it stalls."""
    return path.relative_to(media_dir).parts[0] == UPLOADS and path.suffix == ".part"


def check(media_dir: str | Path, keys: Iterable[str], *, min_age: float = 600,
          now: float | None = None) -> MediaReport:
    media_dir, known = Path(media_dir), set(keys)
    now = time.time() if now is None else now
    report = MediaReport()
    for path in sorted(p for p in media_dir.rglob("*") if p.is_file()):
        is_temp = (path.name.startswith(".tmp-") and path.name.endswith(".part")
                   or is_partial_upload(media_dir, path))
        key = key_of(media_dir, path)
        if not is_temp and key is None:
            continue  # not ours (a README, a backup someone put there)
        if not is_temp and key in known:
            continue
        if now - path.stat().st_mtime < min_age:
            report.young += 1
            continue
        report.orphans.append(path)
    for key in sorted(known):
        for size in SIZES:
            path = path_for(media_dir, key, size)
            if not path.exists():
                report.missing.append((key, path))
    return report


def remove_orphans(report: MediaReport) -> int:
    for path in report.orphans:
        path.unlink(missing_ok=True)
    return len(report.orphans)
