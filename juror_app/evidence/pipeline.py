"""The evidence pipeline: check a received photo and make its metadata-free derivatives.

Plain Python over bytes (no Flask): type by content, size and pixel limits before the
full decode, EXIF orientation applied, capture time and GPS read, display and thumbnail
JPEGs written with no EXIF, XMP or ICC, SHA-256 of exactly what was received.
"""
from __future__ import annotations

import functools
import hashlib
import io
import logging
import struct
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from juror_app.core.text import N_, Message
from juror_app.evidence.boxes import boxes_complete
from juror_app.evidence.metadata import CaptureParams, capture_metadata

ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp",
                   "HEIF": "image/heif"}
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs",
               b"mif1", b"msf1"}
JPEG_QUALITY = 85
DAMAGED = N_("Nie udało się odczytać zdjęcia — plik jest uszkodzony lub niekompletny.")
log = logging.getLogger(__name__)


class EvidenceError(Exception):
    """A photo we refuse; `status` is the HTTP answer, its message Polish (see text.message_of)."""

    status = 422


class TooLarge(EvidenceError):
    status = 413


class UnsupportedType(EvidenceError):
    status = 415


class Undecodable(EvidenceError):
    status = 422


class TooManyPixels(EvidenceError):
    status = 422


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 50_000_000
    display_edge: int = 1600
    thumb_edge: int = 320


@dataclass
class ProcessedPhoto:
    sha256: str
    content_type: str
    byte_size: int
    width: int
    height: int
    captured_at: datetime | None
    latitude: float | None
    longitude: float | None
    meta: dict[str, Any]
    derivatives: dict[str, bytes] = field(default_factory=dict)


@functools.cache
def _enable_heif() -> None:
    """Register HEIC/HEIF with Pillow once, when first needed (no import-time side effect)."""
    from pillow_heif import register_heif_opener

    register_heif_opener()


def sniff(data: bytes) -> str:
    """The Pillow format name of allowed image bytes, judged by magic bytes alone."""
    if not data:
        raise Undecodable(N_("Plik jest pusty — nie otrzymano zdjęcia."))
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return "HEIF"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        raise UnsupportedType(
            N_("Pliki TIFF nie są przyjmowane. Wyślij zdjęcie jako JPEG, PNG, WebP lub HEIC.")
        )
    raise UnsupportedType(
        N_("To nie jest zdjęcie w obsługiwanym formacie. Przyjmujemy JPEG, PNG, WebP i HEIC/HEIF.")
    )


def open_checked(data: bytes, limits: Limits) -> tuple[Image.Image, str]:
    """Open lazily and check the declared size before anything is decoded."""
    if len(data) > limits.max_bytes:
        raise TooLarge(too_large_message(limits.max_bytes))
    fmt = sniff(data)
    if fmt == "HEIF":
        _enable_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[fmt])
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise TooManyPixels(_pixels_message(limits)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, RuntimeError):
        raise Undecodable(N_("Nie udało się odczytać zdjęcia — plik jest uszkodzony.")) from None
    width, height = image.size
    if width < 1 or height < 1 or width * height > limits.max_pixels:
        raise TooManyPixels(_pixels_message(limits))
    return image, fmt


def too_large_message(max_bytes: int) -> Message:
    return Message(N_("Zdjęcie jest za duże (limit %(mb)s MB)."), mb=max_bytes // (1024 * 1024))


def _pixels_message(limits: Limits) -> Message:
    return Message(N_("Zdjęcie ma za dużo pikseli (limit %(mpx)s Mpx)."),
                   mpx=limits.max_pixels // 1_000_000)


def decode(image: Image.Image, fmt: str, limits: Limits, data: bytes) -> Image.Image:
    """Decode fully (a truncated file fails here), upright, as plain RGB; `data` are the
    bytes the image was opened from."""
    if fmt == "JPEG":
        # DCT scaling: decode a 12 MP JPEG at 1/2 or 1/4 size when the display copy is
        # smaller anyway — the biggest single saving in server time per photo.
        # Ask for the display copy's own box: draft keeps both sides at least this big.
        scale = min(1.0, limits.display_edge / max(image.size))
        image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
    # WeasyPrint (certificates) sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import,
    # which would let half a photo through as evidence: a truncated file must fail here.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    if fmt == "HEIF" and not boxes_complete(data):
        raise Undecodable(DAMAGED)  # libheif would show the missing part blank
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise TooManyPixels(_pixels_message(limits)) from None
    # RuntimeError: libheif's refusals (a "security limit exceeded" on a damaged header).
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError, RuntimeError):
        raise Undecodable(DAMAGED) from None
    return flatten(upright(image))


def upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation; odd or broken EXIF leaves the image as it is."""
    try:
        ImageOps.exif_transpose(image, in_place=True)  # in place: no needless full copy
        return image
    except (OSError, ValueError, KeyError, TypeError, SyntaxError, ZeroDivisionError,
            struct.error):  # struct.error: an EXIF tag read as another type (a bent tag id)
        return image


def flatten(image: Image.Image) -> Image.Image:
    """RGB pixels: alpha flattened onto white, other modes converted."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image if image.mode == "RGB" else image.convert("RGB")


def to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert from the photo's embedded profile to sRGB, so no profile need travel along.

    Done on the display copy, not the full image: the same colours for a fraction of
    the work (an iPhone's Display P3 HEIC is the common case).
    """
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, _srgb(), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a broken profile: keep the pixels rather than refuse evidence


@functools.cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def shrink(image: Image.Image, edge: int) -> Image.Image:
    """A copy no longer than `edge` on its long side, in a fresh image with no info dict."""
    scale = edge / max(image.size)
    if scale < 1:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        # reducing_gap: a cheap integer reduce first, then Lanczos over the last step.
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    clean = Image.new("RGB", image.size)
    clean.paste(image)  # a fresh image: no EXIF/XMP/ICC can ride along from `info`
    return clean


def jpeg_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def process(data: bytes, limits: Limits, device: CaptureParams | None = None
            ) -> ProcessedPhoto:
    """Check, decode and describe a received photo; raises EvidenceError with a message.

    Any other exception from the decoders is the file's doing too — the same bytes fail
    the same way on every try — so it is a 422, never a 500 the phone would retry; it is
    logged with its traceback, as it may also be a decoder's exception we do not know."""
    try:
        return _process(data, limits, device)
    except EvidenceError:
        raise
    except Exception:  # noqa: BLE001 - see the docstring
        log.warning("a photo's decoding raised an unexpected exception", exc_info=True)
        raise Undecodable(DAMAGED) from None


def _process(data: bytes, limits: Limits, device: CaptureParams | None) -> ProcessedPhoto:
    image, fmt = open_checked(data, limits)
    exif_meta = capture_metadata(image, device or CaptureParams())
    size = image.size
    icc = image.info.get("icc_profile")
    pixels = decode(image, fmt, limits, data)
    display = to_srgb(shrink(pixels, limits.display_edge), icc)
    thumb = shrink(display, limits.thumb_edge)  # from the display copy: far less to resample
    if size[0] != size[1] and pixels.width != pixels.height and (
        (size[0] > size[1]) != (pixels.width > pixels.height)
    ):
        size = (size[1], size[0])  # turned upright by the orientation tag
    return ProcessedPhoto(
        sha256=hashlib.sha256(data).hexdigest(),
        content_type=ALLOWED_FORMATS[fmt],
        byte_size=len(data),
        width=size[0],
        height=size[1],
        captured_at=exif_meta.pop("captured_at"),
        latitude=exif_meta.pop("latitude"),
        longitude=exif_meta.pop("longitude"),
        meta=exif_meta,
        derivatives={"display": jpeg_bytes(display), "thumb": jpeg_bytes(thumb)},
    )

