"""The evidence pipeline on real phone photos and on hostile files, without a server."""
from __future__ import annotations

import io
import uuid

import pytest
from PIL import Image, ImageChops, ImageStat

from juror_app.core.typed import Invalid
from juror_app.evidence import storage as photo_store
from juror_app.evidence.metadata import CaptureParams, exif_position, parse_capture
from juror_app.evidence.pipeline import (
    Limits,
    TooLarge,
    TooManyPixels,
    Undecodable,
    UnsupportedType,
    process,
    sniff,
)
from tests.evidence_samples import (
    REFUSED,
    SHARED,
    expected_landscape,
    hostile_files,
    jpeg,
    shared_params,
)

LIMITS = Limits()


def shown(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("path", shared_params())
def test_every_shared_photo_is_accepted_upright_and_clean_or_refused_clearly(path):
    data = path.read_bytes()
    if path.name in REFUSED:
        with pytest.raises(UnsupportedType) as exc:
            process(data, LIMITS)
        assert "TIFF" in str(exc.value)
        return
    result = process(data, LIMITS)
    display, thumb = shown(result.derivatives["display"]), shown(result.derivatives["thumb"])
    assert display.format == thumb.format == "JPEG"
    assert max(display.size) <= LIMITS.display_edge and max(thumb.size) <= LIMITS.thumb_edge
    for image in (display, thumb):
        assert len(image.getexif()) == 0
        assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(image.info)
    assert (result.width > result.height) == (display.width > display.height)
    landscape = expected_landscape(path.name)
    if landscape is not None:
        assert (display.width > display.height) is landscape
    assert len(result.sha256) == 64 and result.byte_size == len(data)


def turned_samples():
    """(kind, tag) of every orientation sample other than the upright _1 reference."""
    pairs = [(p.stem.split("_")[1], int(p.stem.split("_")[2]))
             for p in sorted(SHARED.glob("orientation_*_[2-8].jpg"))]
    return pairs or [pytest.param("landscape", 0, marks=pytest.mark.skip(reason="no samples"))]


@pytest.mark.parametrize(("kind", "tag"), turned_samples())
def test_orientation_tags_give_the_same_picture_as_the_upright_original(kind, tag):
    source = SHARED / f"orientation_{kind}_{tag}.jpg"
    reference = shown(process((SHARED / f"orientation_{kind}_1.jpg").read_bytes(), LIMITS)
                      .derivatives["display"]).convert("L")
    turned = shown(process(source.read_bytes(), LIMITS).derivatives["display"]).convert("L")
    assert turned.size == reference.size
    difference = ImageStat.Stat(ImageChops.difference(turned, reference)).mean[0]
    upside_down = ImageStat.Stat(ImageChops.difference(turned.rotate(180), reference)).mean[0]
    assert difference < 15 < upside_down


@pytest.mark.parametrize("name", ["gps_DSCN0010.jpg", "mobile_HMD_Nokia_8.3_5G.jpg",
                                  "iphone_IMG_5195.heic"])
def test_capture_time_and_position_are_kept_from_exif(name):
    if not (SHARED / name).exists():
        pytest.skip("samples missing")
    result = process((SHARED / name).read_bytes(), LIMITS,
                     CaptureParams(latitude=1.0, longitude=2.0))
    assert result.captured_at is not None and result.captured_at.tzinfo is not None
    assert result.latitude is not None and abs(result.latitude - 1.0) > 1
    assert result.meta["sources"] == {"captured_at": result.meta["sources"]["captured_at"],
                                      "position": "exif"}


def test_exif_values_are_converted_exactly():
    if not (SHARED / "mobile_HMD_Nokia_8.3_5G.jpg").exists():
        pytest.skip("samples missing")
    result = process((SHARED / "mobile_HMD_Nokia_8.3_5G.jpg").read_bytes(), LIMITS)
    # DateTimeOriginal 2022:08:14 14:12:31 with OffsetTimeOriginal +03:00
    assert result.captured_at.isoformat() == "2022-08-14T11:12:31+00:00"
    assert result.meta["sources"]["captured_at"] == "exif"
    assert result.latitude == pytest.approx(60 + 8 / 60 + 48.14 / 3600, abs=1e-6)
    assert result.longitude == pytest.approx(24 + 54 / 60 + 24.38 / 3600, abs=1e-6)
    heic = process((SHARED / "iphone_IMG_5195.heic").read_bytes(), LIMITS)
    assert heic.content_type == "image/heif" and heic.longitude < 0  # W
    assert heic.captured_at.isoformat() == "2021-04-11T20:47:53+00:00"  # 15:47:53 -05:00


def test_device_metadata_fills_in_when_the_file_has_no_exif():
    device = parse_capture({"captured_at": "2025-10-06T10:58:12+02:00",
                            "latitude": "50.0614", "longitude": "19.9366"})
    result = process(jpeg(), LIMITS, device)
    assert result.captured_at.isoformat() == "2025-10-06T08:58:12+00:00"
    assert (result.latitude, result.longitude) == (50.0614, 19.9366)
    assert result.meta["sources"] == {"captured_at": "device", "position": "device"}
    assert result.meta["captured_offset_minutes"] == 120


@pytest.mark.parametrize("args,field", [
    ({"captured_at": "2025-10-06T10:58:12"}, "captured_at"),
    ({"latitude": "50"}, "latitude"),
    ({"latitude": "91", "longitude": "0"}, "latitude"),
    ({"latitude": "50", "longitude": "nan"}, "longitude"),
])
def test_bad_device_metadata_is_named(args, field):
    with pytest.raises(Invalid) as refused:
        parse_capture(args)
    assert field in refused.value.fields


def test_zero_or_broken_gps_is_ignored():
    assert exif_position({1: "N", 2: (0.0, 0.0, 0.0), 3: "E", 4: (0.0, 0.0, 0.0)}) is None
    assert exif_position({1: "N", 2: ("x", 1, 2), 3: "E", 4: (1, 2, 3)}) is None
    assert exif_position({1: "S", 2: (10, 30, 0), 3: "W", 4: (20, 15, 0)}) == (-10.5, -20.25)


@pytest.mark.parametrize("name", list(hostile_files()))
def test_hostile_files_are_refused_with_the_right_status(name):
    data, status = hostile_files()[name]
    with pytest.raises((Undecodable, UnsupportedType, TooManyPixels)) as exc:
        process(data, LIMITS)
    assert exc.value.status == status
    assert str(exc.value)[0].isupper()


def test_size_and_pixel_limits_are_ours():
    with pytest.raises(TooLarge):
        process(jpeg(), Limits(max_bytes=1000))
    with pytest.raises(TooManyPixels):
        process(jpeg(800, 600), Limits(max_pixels=800 * 600 - 1))
    assert process(jpeg(800, 600), Limits(max_pixels=800 * 600)).width == 800


def test_png_webp_and_transparency_become_plain_jpegs():
    for fmt in ("PNG", "WEBP"):
        out = io.BytesIO()
        Image.new("RGBA", (50, 40), (255, 0, 0, 0)).save(out, fmt)
        assert sniff(out.getvalue()) == fmt
        display = shown(process(out.getvalue(), LIMITS).derivatives["display"])
        assert display.mode == "RGB" and display.getpixel((10, 10))[1] > 240  # white


def test_files_are_written_atomically_and_removed_together(tmp_path):
    key = photo_store.key_for(uuid.uuid4(), "a" * 64)
    paths = photo_store.save(tmp_path, key, {"display": b"a", "thumb": b"b"})
    assert [p.read_bytes() for p in paths] == [b"a", b"b"]
    assert not list(tmp_path.rglob(".tmp-*"))
    photo_store.remove(paths)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    with pytest.raises(ValueError):
        photo_store.save(tmp_path, key, {"display": b"a", "original": b"b"})
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # the first one is gone too
