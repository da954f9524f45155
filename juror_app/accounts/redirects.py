"""Where a `next` parameter may send the browser: only a path on this site.

A hand-written prefix check loses against the browser's own parser (it drops tabs and
newlines, reads a backslash as a slash, collapses `/./`), so the target is parsed with
ada, a WHATWG URL parser — the standard every browser implements — against a stand-in
origin; only a result on that origin is kept, and we answer with its normalised form, so
what the browser reads is exactly what was checked.
"""
from __future__ import annotations

from ada_url import URL

_ORIGIN = "https://this-site.invalid"


def safe_next(target: str | None) -> str | None:
    """The same-origin path (with query and fragment) `target` means, or None."""
    if not target or len(target) > 2000:
        return None
    try:
        url = URL(target, _ORIGIN + "/")
    except ValueError:
        return None
    if url.origin != _ORIGIN or url.username or url.password:
        return None
    path = url.pathname
    # "/.//evil" normalises to "//evil", which a browser reads as another host.
    if not path.startswith("/") or path.startswith("//"):
        return None
    return path + url.search + url.hash
