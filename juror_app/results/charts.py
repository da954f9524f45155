"""Charts as inline SVG, readable without JavaScript: every bar also carries its number.

No Flask here; labels arrive already translated and numbers are written by a formatter
the caller passes (the locale's decimal mark: "+1,2" on Polish pages, "+1.2" on English).
Each chart has a <title> and <desc> for screen readers, and the pages show the same
figures in a table next to it.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

BAR = "#1d4e89"
WARN = "#b3541e"


def _svg(width: int, height: int, title: str, desc: str, body: list[str],
         ident: str) -> Markup:
    # The natural size as attributes, the shrinking on narrow screens in results.css: the
    # CSP refuses inline style. The ids carry the chart's own name, since a page shows
    # several charts and aria-labelledby must find this one's title.
    ident = re.sub(r"[^A-Za-z0-9_-]", "-", ident)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'aria-labelledby="{ident}-t {ident}-d">'
            f'<title id="{ident}-t">{escape(title)}</title>'
            f'<desc id="{ident}-d">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def histogram_bins(scores: Sequence[float], width: int = 10) -> list[int]:
    """Counts per band 0–9.99, 10–19.99, …, 90–100 (100 goes to the last band)."""
    bins = [0] * (100 // width)
    for score in scores:
        bins[min(int(score // width), len(bins) - 1)] += 1
    return bins


def score_histogram(scores: Sequence[float], title: str, axis_label: str,
                    ident: str = "histogram") -> Markup:
    """Vertical bars: how many participants fall in each 10-point band; `ident` names the
    chart uniquely on its page."""
    bins = histogram_bins(scores)
    top = max(bins) or 1
    width, height, left, base = 420, 170, 10, 140
    step = (width - 2 * left) / len(bins)
    body = [f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" stroke="#555"/>']
    for i, count in enumerate(bins):
        x = left + i * step
        h = 110 * count / top
        body.append(f'<rect x="{x + 2:.1f}" y="{base - h:.1f}" width="{step - 4:.1f}" '
                    f'height="{h:.1f}" fill="{BAR}"><title>{i * 10}–{i * 10 + 10}: '
                    f'{count}</title></rect>')
        if count:
            body.append(f'<text x="{x + step / 2:.1f}" y="{base - h - 4:.1f}" '
                        f'text-anchor="middle" font-size="11">{count}</text>')
        body.append(f'<text x="{x + step / 2:.1f}" y="{base + 14}" text-anchor="middle" '
                    f'font-size="10">{i * 10}</text>')
    body.append(f'<text x="{width / 2}" y="{height - 2}" text-anchor="middle" '
                f'font-size="11">{escape(axis_label)}</text>')
    desc = ", ".join(f"{i * 10}–{i * 10 + 10}: {c}" for i, c in enumerate(bins))
    return _svg(width, height, title, desc, body, f"chart-{ident}")


# A difference with its sign and this many decimals, the way the page's locale writes it
# (juror_app.core.i18n.signed).
SignedFormat = Callable[[float, int], str]


def diverging_bars(items: Sequence[tuple[str, float, float | None, bool]], limit: float,
                   title: str, signed: SignedFormat, ident: str = "calibration") -> Markup:
    """Horizontal bars around zero: (label, mean difference, spread, flagged) per juror.

    Dashed lines mark ±limit; a whisker shows ± one standard deviation.
    """
    limit_digits = 0 if float(limit).is_integer() else 1
    row, label_w, width = 26, 150, 520
    half = (width - label_w - 20) / 2
    zero = label_w + half
    span = max([limit * 2] + [abs(m) + (s or 0) for _, m, s, _ in items])
    scale = half / span
    height = row * len(items) + 30
    body = [f'<line x1="{zero}" y1="0" x2="{zero}" y2="{height - 20}" stroke="#555"/>']
    for sign in (-1, 1):
        x = zero + sign * limit * scale
        body.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 20}" '
                    f'stroke="{WARN}" stroke-dasharray="4 3"/>'
                    f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" '
                    f'font-size="10">{escape(signed(sign * limit, limit_digits))}</text>')
    for i, (label, mean, spread, flagged) in enumerate(items):
        y, figure = 8 + i * row, escape(signed(mean, 1))
        x0, x1 = sorted((zero, zero + mean * scale))
        colour = WARN if flagged else BAR
        body.append(f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end" '
                    f'font-size="12">{escape(label)}</text>'
                    f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="16" '
                    f'fill="{colour}"><title>{escape(label)}: {figure}</title></rect>')
        if spread:
            a, b = zero + (mean - spread) * scale, zero + (mean + spread) * scale
            body.append(f'<line x1="{a:.1f}" y1="{y + 8}" x2="{b:.1f}" y2="{y + 8}" '
                        f'stroke="#222"/>')
        anchor, tx = ("end", x0 - 4) if mean < 0 else ("start", x1 + 4)
        body.append(f'<text x="{tx:.1f}" y="{y + 12}" text-anchor="{anchor}" '
                    f'font-size="11">{figure}{" !" if flagged else ""}</text>')
    desc = "; ".join(f"{label}: {signed(mean, 1)}" for label, mean, _, _ in items)
    return _svg(width, height, title, desc, body, f"chart-{ident}")
