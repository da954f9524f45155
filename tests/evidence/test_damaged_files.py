"""Damaged photos the decoders used to let through or choke on: each is a clear 422 (the
same bytes fail the same way on every try, so never a 500 the phone would retry), or is
kept when only its EXIF is odd."""
from __future__ import annotations

import io
import logging
import struct

import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from juror_app.evidence import pipeline
from juror_app.evidence.boxes import boxes_complete
from juror_app.evidence.pipeline import Limits, Undecodable, process
from tests.evidence_samples import SHARED, heif, shared_photos

LIMITS = Limits()


def box(kind: bytes, body: bytes, *, large: bool = False) -> bytes:
    if large:
        return struct.pack(">I", 1) + kind + struct.pack(">Q", 16 + len(body)) + body
    return struct.pack(">I", 8 + len(body)) + kind + body


def test_a_file_is_complete_when_its_boxes_cover_it_exactly():
    whole = box(b"ftyp", b"heic\0\0\0\0") + box(b"meta", b"x" * 40) + box(b"mdat", b"y" * 500)
    assert boxes_complete(whole)
    assert boxes_complete(box(b"ftyp", b"heic") + box(b"mdat", b"y" * 70, large=True))
    assert boxes_complete(box(b"ftyp", b"heic") + struct.pack(">I", 0) + b"mdat" + b"to the end")
    for cut in (len(whole) - 1, len(whole) - 400, 30, 3):
        assert not boxes_complete(whole[:cut]), cut
    assert not boxes_complete(whole + b"\0\0")  # a header cut in half after the last box
    assert not boxes_complete(struct.pack(">I", 4) + b"mdat")  # smaller than its own header


def test_a_heic_cut_short_is_refused_not_stored_half_blank():
    data = heif()
    assert process(data, LIMITS).content_type == "image/heif"
    for part in (0.1, 0.5, 0.99):
        with pytest.raises(Undecodable):
            process(data[:int(len(data) * part)], LIMITS)


def test_the_iphone_heic_cut_short_is_refused():
    if not any(p.name == "iphone_IMG_5195.heic" for p in shared_photos()):
        pytest.skip(f"{SHARED} has no iphone_IMG_5195.heic")
    data = (SHARED / "iphone_IMG_5195.heic").read_bytes()
    for part in (0.1, 0.5):  # libheif decoded both, the missing tiles blank
        with pytest.raises(Undecodable):
            process(data[:int(len(data) * part)], LIMITS)


def exif_jpeg_with_a_mistyped_tag() -> bytes:
    """A JPEG (orientation 8) whose XResolution tag id was bent into BitsPerSample's, a tag
    Pillow reads as integers while it holds a fraction: turning it upright raised
    struct.error (found by mutating a shared phone photo one byte at a time)."""
    exif = Image.Exif()
    exif[0x0112] = 8
    exif[0x011A] = IFDRational(72, 1)  # XResolution
    raw = bytearray(exif.tobytes())
    at = raw.index(struct.pack(">H", 0x011A))  # big-endian ("MM"), as Pillow writes it
    raw[at:at + 2] = struct.pack(">H", 0x0102)  # BitsPerSample
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "red").save(out, "JPEG", exif=bytes(raw))
    return out.getvalue()


def test_broken_exif_keeps_the_photo_as_it_is():
    processed = process(exif_jpeg_with_a_mistyped_tag(), LIMITS)
    assert sorted((processed.width, processed.height)) == [40, 60]  # kept, turned or not


def test_any_other_decoder_exception_is_a_422_and_logged(monkeypatch, caplog):
    def broken_decoder(*args):
        raise AttributeError("a decoder's own bug")

    monkeypatch.setattr(pipeline, "flatten", broken_decoder)
    with caplog.at_level(logging.WARNING, logger=pipeline.__name__):
        with pytest.raises(Undecodable):
            process(heif(64, 48), LIMITS)
    assert "unexpected exception" in caplog.text and "AttributeError" in caplog.text

