"""One-off: draw the app icons with Pillow (`python -m juror_app.pwa.make_icons`).

The PNGs are committed; run this again only to change the design.
"""
from pathlib import Path

from PIL import Image, ImageDraw

BRAND = (29, 78, 137)
OUT = Path(__file__).resolve().parents[2] / "static" / "icons"


def icon(size: int, padding: float) -> Image.Image:
    """A white check mark in a circle on the brand colour; `padding` leaves a maskable margin."""
    image = Image.new("RGB", (size, size), BRAND)
    draw = ImageDraw.Draw(image)
    inset = size * padding
    draw.ellipse([inset, inset, size - inset, size - inset], outline="white",
                 width=max(2, size // 24))
    s = size
    draw.line([(s * .32, s * .52), (s * .45, s * .65), (s * .69, s * .38)], fill="white",
              width=max(3, size // 14), joint="curve")
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon(192, .12).save(OUT / "icon-192.png", optimize=True)
    icon(512, .12).save(OUT / "icon-512.png", optimize=True)
    icon(512, .22).save(OUT / "maskable-512.png", optimize=True)
    # Browsers ask for /favicon.ico on every page, whatever the <link rel=icon> says.
    icon(64, .06).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
