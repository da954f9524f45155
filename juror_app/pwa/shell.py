"""What the service worker precaches, and a version stamp derived from those bytes.

Plain module (no Flask): the route and the benchmark both use it. The stamp changes
whenever any precached file, the shell template or the worker source changes, so a new
release reaches phones without anyone bumping a number by hand.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

# Static files of the shell, relative to static/: the esbuild bundle of the app's modules
# and its one stylesheet (static/dist/), the manifest and its icons. vendor/ (htmx) is not
# used offline.
STATIC_GLOBS = ("dist/app.css", "dist/app.js", "manifest.webmanifest", "icons/*.png")
# Not precached, but part of the worker itself: a change to them is a new release too.
WORKER_MODULES = ("js/outbox/*.js", "js/*.js")


def precached_static(static_dir: Path) -> list[str]:
    """Paths under static/ that the worker precaches, sorted for a stable stamp."""
    found = {p for pattern in STATIC_GLOBS for p in static_dir.glob(pattern) if p.is_file()}
    return sorted(p.relative_to(static_dir).as_posix() for p in found)


def worker_modules(static_dir: Path) -> list[Path]:
    """The modules the service worker imports (unbundled), sorted for a stable stamp."""
    return sorted({p for pattern in WORKER_MODULES for p in static_dir.glob(pattern)})


def version_stamp(files: Iterable[Path], settings: str = "") -> str:
    """First 12 hex digits of a SHA-256 over the files' names and bytes (and the settings
    the shell renders, which change it as much as a file does)."""
    digest = hashlib.sha256(settings.encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def render_worker(source: str, version: str, urls: list[str]) -> str:
    """The worker source with its version and precache list filled in."""
    import json

    return source.replace("__VERSION__", version).replace("__PRECACHE__", json.dumps(urls))
