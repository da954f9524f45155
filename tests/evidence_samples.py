"""Test photos: the shared real-world samples and hostile files made on the spot."""
from __future__ import annotations

import io
import os
import random
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "photos"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/photos")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REFUSED = {"BSG1.tiff": 415}


def shared_photos() -> list[Path]:
    """Every sample file; outside CI a missing folder skips, in CI it fails."""
    if not SHARED.is_dir():
        if IN_CI:
            pytest.fail(f"{SHARED} is missing — required in CI", pytrace=False)
        return []
    return sorted(p for p in SHARED.iterdir() if p.suffix.lower() != ".md")


def shared_params():
    files = shared_photos()
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{SHARED} is missing"))]
    return [pytest.param(p, id=p.name) for p in files]


def expected_landscape(name: str) -> bool | None:
    """What an upright copy must look like, from the sample's name."""
    if name.startswith("orientation_landscape"):
        return True
    if name.startswith("orientation_portrait"):
        return False
    return None


def jpeg(width=800, height=600, **save) -> bytes:
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, **save)
    return out.getvalue()


def heif(width=640, height=480) -> bytes:
    """A HEIC of noise (so a cut lands in image data), made by pillow-heif."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    noise = random.Random(width * height).randbytes(width * height * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), noise).save(out, "HEIF", quality=90)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width=100_000, height=100_000) -> bytes:
    """A PNG of a few hundred bytes declaring billions of pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 4096, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(
        b"IEND", b"")


def hostile_files() -> dict[str, tuple[bytes, int]]:
    """name → (bytes, expected status); each must be refused with nothing stored."""
    good = jpeg()
    return {
        "empty": (b"", 422),
        "truncated_jpeg": (good[: len(good) // 2], 422),
        "truncated_heic": (heif(160, 120)[:-200], 422),
        "text_named_jpg": (b"To nie jest zdjecie, tylko tekst.\n" * 20, 415),
        "png_bomb": (png_bomb(), 422),
        "png_just_over_limit": (png_bomb(8000, 7000), 422),
        "jpeg_html_polyglot": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"<html><script>"
                               b"alert(1)</script></html>" * 40, 422),
        "gif_js_polyglot": (b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(1);//", 415),
        "pdf": (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", 415),
        "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                415),
    }
