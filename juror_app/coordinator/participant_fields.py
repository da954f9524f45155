"""Rules for a participant's fields, shared by the coordinator's form and the CSV import.

No Flask here. Messages are Polish msgids marked with N_ so Babel extracts them; callers
translate them with gettext(message, **params).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from juror_app.core.text import N_, fold
from juror_app.models.contest import Category

# Column lengths of the Participant model.
MAX_LENGTHS = {
    "name": 200, "voivodeship": 40, "city": 80, "address": 200, "postal_code": 10,
    "phone": 40, "email": 254, "website": 300,
}
SOCIAL_NETWORKS = ("facebook", "instagram", "youtube", "linkedin", "x", "tiktok")
SOCIAL_MAX_LENGTH = 300
VOIVODESHIPS = (
    "dolnośląskie", "kujawsko-pomorskie", "lubelskie", "lubuskie", "łódzkie", "małopolskie",
    "mazowieckie", "opolskie", "podkarpackie", "podlaskie", "pomorskie", "śląskie",
    "świętokrzyskie", "warmińsko-mazurskie", "wielkopolskie", "zachodniopomorskie",
)
# The announcement's wording and the spellings people type, mapped to the stored code.
CATEGORY_NAMES = {
    Category.GMINA: ("gmina", "gminy", "miasto", "urzad gminy", "urzad miasta"),
    Category.POWIAT: ("powiat", "powiaty", "starostwo", "starostwo powiatowe"),
    Category.SAMORZAD_WOJEWODZTWA: (
        "samorzad wojewodztwa", "urzad marszalkowski", "wojewodztwo", "samorzad wojewodzki"
    ),
    Category.URZAD: ("urzad administracji publicznej", "urzad", "administracja publiczna"),
    Category.INSTYTUCJA_KULTURY: ("instytucja kultury", "kultura"),
    Category.SPOLKA_KOMUNALNA: ("spolka komunalna", "spolka"),
    Category.SPOLDZIELNIA_WSPOLNOTA: (
        "spoldzielnia / wspolnota mieszkaniowa", "spoldzielnia wspolnota mieszkaniowa",
        "spoldzielnia mieszkaniowa", "wspolnota mieszkaniowa", "spoldzielnia", "wspolnota",
    ),
    Category.INNA: ("inna organizacja", "inna", "inne"),
}
PHONE_RE = re.compile(r"^\+?[0-9 ()./-]+(?:\s*(?:wew\.?|w\.)\s*[0-9]{1,6})?$")
POSTAL_CODE_RE = re.compile(r"^[0-9]{2}-[0-9]{3}$")


# For matching what people type: lower case, no Polish diacritics, single spaces.
simplify = fold


_CATEGORY_LOOKUP = {simplify(name): cat for cat, names in CATEGORY_NAMES.items() for name in names}
_CATEGORY_LOOKUP.update({cat.value: cat for cat in Category})
_VOIVODESHIP_LOOKUP = {simplify(v): v for v in VOIVODESHIPS}


def parse_category(value: str) -> Category | None:
    """The category for a code or a Polish name, or None."""
    key = simplify(value)
    return _CATEGORY_LOOKUP.get(key) or _CATEGORY_LOOKUP.get(key.replace("_", " "))


def parse_voivodeship(value: str) -> str | None:
    """The canonical voivodeship name ('małopolskie'); '' for empty; None if unknown."""
    key = simplify(value)
    if not key:
        return ""
    key = key.removeprefix("woj. ").removeprefix("wojewodztwo ")
    return _VOIVODESHIP_LOOKUP.get(key)


def same_participant_key(name: str, city: str) -> tuple[str, str]:
    """Two participants are the same when name and city match, ignoring case and spacing."""
    return " ".join(name.split()).casefold(), " ".join(city.split()).casefold()


def check_phone(value: str) -> str | None:
    if not value:
        return None
    digits = sum(c.isdigit() for c in value)
    if not PHONE_RE.match(value) or digits < 6:
        return N_("Numer telefonu może zawierać cyfry, spacje, „+”, „-”, nawiasy i „wew.”.")
    return None


def check_postal_code(value: str) -> str | None:
    if value and not POSTAL_CODE_RE.match(value):
        return N_("Kod pocztowy wpisz w postaci 00-000.")
    return None


def check_email(value: str) -> str | None:
    if not value:
        return None
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return N_("To nie jest poprawny adres e-mail.")
    return None


def check_url(value: str) -> str | None:
    """A web address must be absolute http(s) with a host name."""
    if not value:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or "." not in parts.netloc \
            or any(c.isspace() for c in value):
        return N_("Podaj pełny adres strony zaczynający się od https:// lub http://.")
    return None


COORDINATE_RANGES = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0)}


def parse_position(latitude: str, longitude: str) -> tuple[dict[str, float | None], str | None]:
    """Optional coordinates as typed ("50,0617" or "50.0617"): both, or neither."""
    if not latitude and not longitude:
        return {"latitude": None, "longitude": None}, None
    values = {}
    for key, written in (("latitude", latitude), ("longitude", longitude)):
        try:
            values[key] = float(written.replace(",", ".").strip())
        except ValueError:
            return {}, N_("Podaj szerokość i długość geograficzną jako liczby, "
                          "np. 50,0617 i 19,9373.")
        low, high = COORDINATE_RANGES[key]
        if not low <= values[key] <= high:
            return {}, N_("Szerokość geograficzna musi mieścić się w −90–90, "
                          "długość w −180–180.")
    return values, None


def check_participant(data: dict[str, object]) -> list[tuple[str, str, dict]]:
    """Every problem of one participant's plain fields as (field, message, params)."""
    problems: list[tuple[str, str, dict]] = []
    for field in ("name", "city"):
        if not data.get(field):
            problems.append((field, N_("To pole jest wymagane."), {}))
    for field, limit in MAX_LENGTHS.items():
        if len(str(data.get(field) or "")) > limit:
            problems.append((field, N_("Najwyżej %(max)d znaków."), {"max": limit}))
    checks = {"phone": check_phone, "email": check_email, "website": check_url,
              "postal_code": check_postal_code}
    for field, check in checks.items():
        message = check(str(data.get(field) or ""))
        if message:
            problems.append((field, message, {}))
    for network, url in (data.get("social_profiles") or {}).items():
        message = check_url(url) or (
            N_("Najwyżej %(max)d znaków.") if len(url) > SOCIAL_MAX_LENGTH else None
        )
        if message:
            problems.append((network, message, {"max": SOCIAL_MAX_LENGTH}))
    return problems
