"""Each static file's fingerprint: the first 12 hex digits of the SHA-256 of its bytes.

Plain module (no Flask). A URL carries it as `?v=<fingerprint>`: a changed file gets a new
URL, so the old one may be cached for a year (`immutable`) and nobody sees stale bytes.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

YEAR_SECONDS = 365 * 86_400


def fingerprint(folder: str | Path, filename: str) -> str | None:
    """The file's fingerprint, or None when it does not exist (or leaves `folder`)."""
    root = Path(folder).resolve()
    path = (root / filename).resolve()
    if root not in path.parents or not path.is_file():
        return None
    stat = path.stat()
    return _digest(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=512)
def _digest(path: Path, mtime_ns: int, size: int) -> str:
    """Keyed by modification time and size too: an edited file is hashed again."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
