"""Turn a participant's contact details into safe links. No Flask here."""
from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Poland's country code: a nine-digit number written without it is Polish.
DEFAULT_COUNTRY_CODE = "48"


def tel_href(phone: str) -> str | None:
    """`tel:+48221234567` from '(22) 123-45-67', '0048 22…' or '+48 22…'; None if no number."""
    raw = phone.strip()
    if not raw:
        return None
    # Only the first number of "22 123 45 67 wew. 12" or "… / …" is dialable as is.
    raw = re.split(r"[,;/]|wew\.?|w\.", raw, maxsplit=1, flags=re.IGNORECASE)[0]
    digits = re.sub(r"\D", "", raw)
    if raw.lstrip().startswith("+"):
        number = digits
    elif digits.startswith("00"):
        number = digits[2:]
    elif len(digits) == 9:
        number = DEFAULT_COUNTRY_CODE + digits
    elif len(digits) == 10 and digits.startswith("0"):  # old trunk prefix: 0 22 …
        number = DEFAULT_COUNTRY_CODE + digits[1:]
    else:
        number = digits
    return f"tel:+{number}" if 6 <= len(number) <= 15 else None


def mailto_href(email: str) -> str | None:
    """`mailto:` for a plausible address; None for anything that could smuggle headers."""
    address = email.strip()
    if not re.fullmatch(r"[^@\s<>?&\"']+@[^@\s<>?&\"']+\.[^@\s<>?&\"']+", address):
        return None
    return "mailto:" + quote(address, safe="@.+-_")


def web_href(url: str) -> str | None:
    """An http(s) link; 'www.gmina.pl' gains https://, other schemes (javascript:) are refused."""
    candidate = url.strip()
    if not candidate:
        return None
    if "://" not in candidate:
        # "javascript:…", "data:…" name a scheme; "www.gmina.pl:8080" only a port.
        if re.match(r"[a-z][a-z0-9+.-]*:(?!\d)", candidate, re.IGNORECASE):
            return None
        candidate = "https://" + candidate
    parts = urlsplit(candidate)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return candidate


def map_href(*address_parts: str) -> str | None:
    """A map search for the address, so a juror on the street can find the door."""
    query = ", ".join(p.strip() for p in address_parts if p and p.strip())
    if not query:
        return None
    return "https://www.openstreetmap.org/search?query=" + quote(query)
