"""Checking an evidence archive offline: every file against manifest.json, every audit event
against its own hash. Plain (no Flask, no database): an appeal board can run it anywhere."""
from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from juror_app.audit.chain import event_hash

CHUNK = 64 * 1024


def _sha256(zf: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with zf.open(name) as member:
        while chunk := member.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _event_problems(zf: zipfile.ZipFile, name: str) -> list[str]:
    problems = []
    for raw in json.loads(zf.read(name)):
        stored = raw.get("hash")
        event = SimpleNamespace(**{k: v for k, v in raw.items() if k not in ("hash", "id")})
        event.at = _parse_time(event.at)
        if event_hash(event) != stored:
            problems.append(f"{name}: audit event #{raw.get('seq')} does not match its hash")
    return problems


def _parse_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def check_archive(path: str | Path) -> list[str]:
    """What does not match, in words; an empty list means the archive is intact."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"not a readable ZIP archive: {exc}"]
    with zf:
        names = set(zf.namelist())
        if "manifest.json" not in names:
            return ["manifest.json is missing"]
        try:
            manifest = json.loads(zf.read("manifest.json"))
            listed = dict(manifest["files"])
        except (ValueError, KeyError, TypeError):
            return ["manifest.json cannot be read"]
        problems = [f"{n}: listed in the manifest but missing" for n in sorted(listed)
                    if n not in names]
        problems += [f"{n}: not listed in the manifest" for n in sorted(names)
                     if n not in listed and n != "manifest.json"]
        for name in sorted(n for n in listed if n in names):
            try:
                actual = _sha256(zf, name)
            except zipfile.BadZipFile as exc:  # the ZIP's own CRC caught the change first
                problems.append(f"{name}: damaged ({exc})")
                continue
            if actual != listed[name]:
                problems.append(f"{name}: SHA-256 {actual} instead of {listed[name]}")
            elif name.endswith("/audit.json") or name.endswith("/review.json"):
                problems += _event_problems(zf, name)
    return problems
