"""Participants from a CSV file as real users produce it. No Flask here.

UTF-8 with or without BOM, or Windows-1250 (Excel's Polish "CSV (rozdzielany przecinkami)"
export); comma, semicolon or tab; Polish or English headers. All or nothing: the caller gets
either every row, ready to store, or the full list of problems.
"""
from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from juror_app.coordinator.participant_fields import (
    N_,
    SOCIAL_NETWORKS,
    check_participant,
    parse_category,
    parse_position,
    parse_voivodeship,
    same_participant_key,
    simplify,
)
from juror_app.core.text import has_control_characters

COLUMNS = {
    "name": ("nazwa", "name", "nazwa uczestnika", "nazwa organizacji", "organizacja",
             "uczestnik", "instytucja"),
    "category": ("kategoria", "category"),
    "voivodeship": ("wojewodztwo", "woj.", "woj", "voivodeship", "region"),
    "city": ("miejscowosc", "miasto", "city", "town", "locality", "gmina / miasto"),
    "address": ("adres", "address", "ulica", "street", "ulica i numer"),
    "postal_code": ("kod pocztowy", "kod", "postal code", "postcode", "zip", "zip code"),
    "phone": ("telefon", "tel.", "tel", "phone", "nr telefonu", "numer telefonu"),
    "email": ("e-mail", "email", "adres e-mail", "mail", "adres email"),
    "website": ("www", "strona", "strona www", "strona internetowa", "website", "url",
                "witryna"),
    "latitude": ("szerokosc geograficzna", "szerokosc", "lat", "latitude"),
    "longitude": ("dlugosc geograficzna", "dlugosc", "lon", "lng", "longitude"),
    "facebook": ("facebook", "fb"),
    "instagram": ("instagram", "ig"),
    "youtube": ("youtube", "yt"),
    "linkedin": ("linkedin",),
    "x": ("x", "twitter", "x (twitter)"),
    "tiktok": ("tiktok",),
}
CONTROL_CHARACTERS_IN_CELL = N_("Komórka zawiera znaki sterujące (niewidoczne) — usuń je "
                                "i zapisz plik ponownie.")
# Required columns, named as the template names them.
REQUIRED_COLUMNS = {"name": "nazwa", "category": "kategoria", "city": "miejscowość"}
# Columns people add for themselves ("Lp."); ignored without a word.
IGNORED_COLUMNS = ("lp", "lp.", "l.p.", "nr", "no", "#", "id", "uwagi", "notes")
_HEADER_LOOKUP = {simplify(alias): key for key, aliases in COLUMNS.items() for alias in aliases}
TEMPLATE_HEADER = ("nazwa", "kategoria", "województwo", "miejscowość", "adres", "kod pocztowy",
                   "telefon", "e-mail", "www", "facebook", "instagram")
TEMPLATE_EXAMPLE = ("Urząd Gminy Przykładowo", "gmina", "łódzkie", "Przykładowo",
                    "ul. Główna 1", "99-999", "+48 42 000 00 00", "sekretariat@example.org",
                    "https://example.org", "https://www.facebook.com/przykladowo", "")


@dataclass(frozen=True)
class Problem:
    """One problem: row 0 means the whole file; row 1 is the header, as in a spreadsheet."""

    row: int
    column: str
    message: str
    params: dict = field(default_factory=dict)


class CsvImportError(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message % p.params for p in problems[:5]))
        self.problems = problems


@dataclass
class ParsedFile:
    rows: list[dict]
    ignored_columns: list[str]


def decode(raw: bytes) -> str:
    """Text of the file: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1250."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(raw, "utf-16")
    elif raw.startswith(codecs.BOM_UTF8):
        text = _strict(raw, "utf-8-sig")
    elif b"\x00" in raw:
        raise _file_error(N_("To nie jest plik tekstowy CSV (zawiera dane binarne)."))
    else:
        try:
            # Polish text in cp1250 is practically never valid UTF-8, so this order is safe.
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = _strict(raw, "cp1250")
    _refuse_binary(text)
    return text


def _strict(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        message = N_("Nie rozpoznano kodowania pliku. Zapisz go jako „CSV UTF-8”.")
        raise _file_error(message) from None


def _refuse_binary(text: str) -> None:
    """Control characters other than line breaks and tabs mean this is not text."""
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise _file_error(N_("To nie jest plik tekstowy CSV (zawiera dane binarne)."))


def _file_error(message: str, **params) -> CsvImportError:
    return CsvImportError([Problem(0, "", message, params)])


def human_size(n: int) -> str:
    """Bytes as a person reads them: 900 B, 512 kB, 2 MB."""
    if n < 1024:
        return f"{n} B"
    return f"{n // 1024} kB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.3g} MB"


def sniff_delimiter(header_line: str) -> str:
    """Excel writes ';' in Polish locales and ',' elsewhere: count them in the header."""
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


# Far above any edition (a few hundred participants), low enough that one import is one
# short request: 110,000 rows within the byte limit took ~19 s of a worker.
MAX_ROWS = 5000


def parse_participants(raw: bytes, *, max_bytes: int, max_rows: int = MAX_ROWS,
                       existing: Iterable[tuple[str, str]] = ()) -> ParsedFile:
    """Validate a whole file; return its rows or raise CsvImportError with every problem."""
    records = read_records(raw, max_bytes)
    if len(records) - 1 > max_rows:
        raise _file_error(N_("Plik ma %(rows)s wierszy, a jednym plikiem można dodać najwyżej "
                             "%(max)s uczestników. Podziel go na mniejsze pliki."),
                          rows=len(records) - 1, max=max_rows)
    columns, ignored = _map_header(records[0])
    name_title = next(title for key, title in columns.values() if key == "name")
    rows, problems = [], []
    seen: dict[tuple[str, str], int] = {}
    existing_keys = {same_participant_key(*key) for key in existing}
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # Excel leaves rows of bare separators at the end
        row, row_problems = _parse_row(number, record, columns, len(records[0]))
        key = same_participant_key(row["name"], row["city"])
        if key in seen or key in existing_keys:
            row_problems.append(_duplicate(number, name_title, seen.get(key)))
        seen.setdefault(key, number)
        rows.append(row)
        problems += row_problems
    if not rows and not problems:
        problems.append(Problem(0, "", N_("Plik zawiera tylko nagłówek, bez uczestników.")))
    if problems:
        raise CsvImportError(problems)
    return ParsedFile(rows, ignored)


def _duplicate(number: int, column: str, earlier_row: int | None) -> Problem:
    """The same name and city again: earlier in the file, or already in the edition."""
    if earlier_row is not None:
        return Problem(number, column, N_(
            "Ten sam uczestnik (nazwa i miejscowość) jest już w wierszu %(row)d."),
            {"row": earlier_row})
    return Problem(number, column, N_(
        "Uczestnik o tej nazwie i miejscowości już jest w tej edycji."))


def read_records(raw: bytes, max_bytes: int) -> list[list[str]]:
    """The file's records (header first), or CsvImportError for an unusable file."""
    if len(raw) > max_bytes:
        raise _file_error(N_("Plik jest za duży (najwyżej %(size)s)."), size=human_size(max_bytes))
    text = decode(raw)
    if not text.strip():
        raise _file_error(N_("Plik jest pusty."))
    delimiter = sniff_delimiter(text.splitlines()[0])
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _file_error(N_("Pliku nie da się odczytać jako CSV (%(detail)s)."),
                          detail=str(exc)) from None


def _map_header(header: list[str]) -> tuple[dict[int, tuple[str, str]], list[str]]:
    """Column index → (field, header as written); unknown columns are reported or ignored."""
    columns: dict[int, tuple[str, str]] = {}
    ignored, problems = [], []
    taken: dict[str, str] = {}
    for index, title in enumerate(header):
        clean = title.strip().lstrip("\ufeff")
        key = _HEADER_LOOKUP.get(simplify(clean))
        if key is None:
            if clean and simplify(clean) not in IGNORED_COLUMNS:
                ignored.append(clean)
            continue
        if key in taken:
            problems.append(Problem(1, clean, N_("Kolumna powtarza kolumnę „%(other)s”."),
                                    {"other": taken[key]}))
        taken[key] = clean
        columns[index] = (key, clean)
    missing = [title for key, title in REQUIRED_COLUMNS.items() if key not in taken]
    if missing:
        problems.append(Problem(1, "", N_(
            "Brakuje wymaganych kolumn: %(columns)s. Pierwszy wiersz musi zawierać nagłówki."),
            {"columns": ", ".join(missing)}))
    if problems:
        raise CsvImportError(problems)
    return columns, ignored


def _parse_row(number: int, record: list[str], columns, width: int) -> tuple[dict, list[Problem]]:
    """One data row as Participant fields, with its problems."""
    values: dict = {key: "" for key in ("name", "category", "city", "address", "postal_code",
                                        "phone", "email", "website", "voivodeship")}
    values["social_profiles"] = {}
    titles, problems = {}, []
    for index, (key, title) in columns.items():
        value = " ".join(record[index].split()) if index < len(record) else ""
        titles[key] = title
        if has_control_characters(value):  # a few slip past _refuse_binary's share
            problems.append(Problem(number, title, CONTROL_CHARACTERS_IN_CELL))
        if key not in SOCIAL_NETWORKS:
            values[key] = value
        elif value:
            values["social_profiles"][key] = value
    problems += _coded_fields(number, values, titles)
    position, message = parse_position(values.pop("latitude", ""), values.pop("longitude", ""))
    values.update(position)
    if message:
        problems.append(Problem(number, titles.get("latitude") or titles["longitude"], message))
    if any(c.strip() for c in record[width:]):
        problems.append(Problem(number, "", N_(
            "Wiersz ma więcej pól niż nagłówek — sprawdź separator i cudzysłowy.")))
    for key, message, params in check_participant(values):
        problems.append(Problem(number, titles.get(key, key), message, params))
    return values, problems


def _coded_fields(number: int, values: dict, titles: dict) -> list[Problem]:
    """Turn category and voivodeship as people write them into stored codes, in place."""
    problems = []
    written = values["category"]
    values["category"] = parse_category(written)
    if not written:
        problems.append(Problem(number, titles["category"], N_("To pole jest wymagane.")))
    elif values["category"] is None:
        problems.append(Problem(number, titles["category"], N_(
            "Nieznana kategoria „%(value)s” — użyj nazwy z regulaminu, np. „gmina”."),
            {"value": written}))
    written = values["voivodeship"]
    values["voivodeship"] = parse_voivodeship(written)
    if values["voivodeship"] is None:
        values["voivodeship"] = ""
        problems.append(Problem(number, titles["voivodeship"], N_(
            "Nieznane województwo „%(value)s”."), {"value": written}))
    return problems


def template_csv() -> bytes:
    """A template that Excel opens correctly: UTF-8 with BOM, semicolons, one example."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(TEMPLATE_EXAMPLE)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
