"""The CSV import as a plain module: encodings, delimiters, headers, all-or-nothing checks."""
from __future__ import annotations

import codecs

import pytest

from juror_app.coordinator.participant_fields import (
    check_email,
    check_phone,
    check_postal_code,
    check_url,
    parse_category,
    parse_voivodeship,
)
from juror_app.coordinator.participants_csv import (
    CsvImportError,
    decode,
    parse_participants,
    sniff_delimiter,
    template_csv,
)
from juror_app.models import Category

LIMIT = 100_000

EXCEL_PL = (
    "Lp.;Nazwa;Kategoria;Województwo;Miejscowość;Adres;Kod pocztowy;Telefon;E-mail;WWW;Facebook\r\n"
    "1;Urząd Miasta Łódź;gmina;łódzkie;Łódź;ul. Piotrkowska 104;90-926;42 638 40 00;"
    "lodz@example.org;https://uml.lodz.pl;https://www.facebook.com/lodz\r\n"
    "2;Spółdzielnia Mieszkaniowa „Świt”;Spółdzielnia / wspólnota mieszkaniowa;Śląskie;"
    "Żory;ul. Źródlana 5;44-240;+48 32 000 00 00;;;\r\n"
    ";;;;;;;;;;\r\n"
)
UTF8_EN = (
    "name,category,voivodeship,city,phone,email,website,instagram\n"
    'Miejski Ośrodek Kultury,instytucja_kultury,małopolskie,Kraków,"12 345 67 89",'
    "mok@example.org,http://mok.example.org,https://instagram.com/mok\n"
    '"Wodociągi Miejskie, sp. z o.o.",spółka komunalna,pomorskie,Gdańsk,,,,\n'
)


def problems_of(raw: bytes, **kwargs) -> list[tuple[int, str, str]]:
    with pytest.raises(CsvImportError) as caught:
        parse_participants(raw, max_bytes=kwargs.pop("max_bytes", LIMIT), **kwargs)
    return [(p.row, p.column, p.message % p.params) for p in caught.value.problems]


def test_excel_cp1250_semicolon_file_keeps_polish_letters():
    raw = EXCEL_PL.encode("cp1250")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the point of the test: this is not UTF-8
    parsed = parse_participants(raw, max_bytes=LIMIT)
    assert [r["name"] for r in parsed.rows] == [
        "Urząd Miasta Łódź", "Spółdzielnia Mieszkaniowa „Świt”"]
    first, second = parsed.rows
    assert first["city"] == "Łódź" and first["category"] is Category.GMINA
    assert first["social_profiles"] == {"facebook": "https://www.facebook.com/lodz"}
    assert first["postal_code"] == "90-926" and first["website"] == "https://uml.lodz.pl"
    assert second["category"] is Category.SPOLDZIELNIA_WSPOLNOTA
    assert second["voivodeship"] == "śląskie" and second["address"] == "ul. Źródlana 5"
    assert parsed.ignored_columns == []  # "Lp." is expected, not reported


def test_utf8_bom_comma_file_with_english_headers_and_quoted_commas():
    raw = codecs.BOM_UTF8 + UTF8_EN.encode("utf-8")
    parsed = parse_participants(raw, max_bytes=LIMIT)
    assert [r["name"] for r in parsed.rows] == [
        "Miejski Ośrodek Kultury", "Wodociągi Miejskie, sp. z o.o."]
    assert parsed.rows[0]["category"] is Category.INSTYTUCJA_KULTURY
    assert parsed.rows[0]["social_profiles"] == {"instagram": "https://instagram.com/mok"}
    assert parsed.rows[1]["category"] is Category.SPOLKA_KOMUNALNA


def test_utf8_without_bom_and_utf16_are_read_too():
    assert parse_participants(UTF8_EN.encode(), max_bytes=LIMIT).rows[0]["city"] == "Kraków"
    utf16 = UTF8_EN.replace(",", "\t").encode("utf-16")
    assert parse_participants(utf16, max_bytes=LIMIT).rows[1]["city"] == "Gdańsk"


def test_bad_rows_are_each_reported_and_nothing_is_returned():
    raw = (
        "nazwa;kategoria;miejscowość;telefon;e-mail;www;facebook\n"
        "Gmina Dobra;gmina;Dobra;12 345 67 89;ok@example.org;https://dobra.pl;\n"
        "Gmina Zła;wioska;Zła;zadzwoń;nie-mail;ftp://zla.pl;facebook.com/zla\n"
        ";gmina;;;;;\n"
        "gmina dobra;gmina;DOBRA;;;;\n"
    ).encode()
    problems = problems_of(raw)
    by_row = {}
    for row, column, message in problems:
        by_row.setdefault(row, []).append((column, message))
    assert 2 not in by_row
    row3 = dict(by_row[3])
    assert "Nieznana kategoria „wioska”" in row3["kategoria"]
    assert "Numer telefonu" in row3["telefon"]
    assert "poprawny adres e-mail" in row3["e-mail"]
    assert "https://" in row3["www"] and "https://" in row3["facebook"]
    assert {column for column, _ in by_row[4]} == {"nazwa", "miejscowość"}
    assert by_row[5] == [("nazwa", "Ten sam uczestnik (nazwa i miejscowość) jest już w "
                                   "wierszu 2.")]


def test_a_control_character_in_a_cell_refuses_the_file_naming_row_and_column():
    # Two: fewer than _refuse_binary counts as a binary file, so each cell is checked.
    raw = ("nazwa;kategoria;miejscowość;adres\n"
           "Gmina Dobra;gmina;Dobra;\n"
           "Gmina\x02Import;gmina;Łódź;ul. Długa\x7f 1\n").encode()
    message = "Komórka zawiera znaki sterujące (niewidoczne) — usuń je i zapisz plik ponownie."
    assert problems_of(raw) == [(3, "nazwa", message), (3, "adres", message)]


def test_existing_participants_count_as_duplicates():
    raw = "nazwa,kategoria,miejscowość\nUrząd Gminy  Nowa Wieś,gmina,nowa wieś\n".encode()
    problems = problems_of(raw, existing=[("Urząd Gminy Nowa Wieś", "Nowa Wieś")])
    assert problems == [(2, "nazwa", "Uczestnik o tej nazwie i miejscowości już jest w tej "
                                     "edycji.")]


@pytest.mark.parametrize("raw, expected", [
    (b"", "Plik jest pusty."),
    (b"  \r\n\r\n", "Plik jest pusty."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "zawiera dane binarne"),
    (bytes(range(1, 32)) * 20, "zawiera dane binarne"),
    ("nazwa;kategoria;miejscowość\n".encode(), "tylko nagłówek"),
    (b"foo;bar\n1;2\n", "Brakuje wymaganych kolumn: nazwa, kategoria, miejscowość"),
    (b"nazwa;name;kategoria;miasto\nA;B;gmina;C\n", "powtarza kolumnę „nazwa”"),
    (b'nazwa,kategoria,miasto\n"A,gmina,X\n' + b"x" * 200_000, "Plik jest za duży"),
])
def test_unusable_files_get_one_clear_message(raw, expected):
    problems = problems_of(raw)
    assert any(expected in message for _, _, message in problems), problems


def test_size_limit_is_checked_before_decoding():
    raw = ("nazwa;kategoria;miejscowość\n"
           + "".join(f"Gmina {n};gmina;X\n" for n in range(100))).encode()
    assert problems_of(raw, max_bytes=100) == [(0, "", "Plik jest za duży (najwyżej 100 B).")]
    assert len(parse_participants(raw, max_bytes=len(raw)).rows) == 100


def test_row_with_more_fields_than_the_header_is_refused():
    raw = b"nazwa,kategoria,miasto\nGmina A,gmina,X,nadmiar\n"
    assert problems_of(raw) == [(2, "", "Wiersz ma więcej pól niż nagłówek — sprawdź "
                                        "separator i cudzysłowy.")]


def test_unknown_columns_are_ignored_and_named():
    raw = b"nazwa,kategoria,miasto,Osoba kontaktowa\nGmina A,gmina,X,Jan\n"
    parsed = parse_participants(raw, max_bytes=LIMIT)
    assert parsed.ignored_columns == ["Osoba kontaktowa"]
    assert "Jan" not in parsed.rows[0].values()


def test_template_is_a_valid_import_file():
    raw = template_csv()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = parse_participants(raw, max_bytes=LIMIT).rows
    assert rows[0]["name"] == "Urząd Gminy Przykładowo" and rows[0]["voivodeship"] == "łódzkie"


@pytest.mark.parametrize("header, delimiter", [
    ("nazwa;kategoria;miasto", ";"), ("name,category,city", ","), ("a\tb\tc", "\t"),
    ("nazwa", ","), ('"nazwa, pełna";kategoria;miasto', ";"),
])
def test_delimiter_is_counted_in_the_header(header, delimiter):
    assert sniff_delimiter(header) == delimiter


def test_decode_prefers_utf8_and_falls_back_to_cp1250():
    assert decode("zażółć gęślą jaźń".encode()) == "zażółć gęślą jaźń"
    assert decode("zażółć gęślą jaźń".encode("cp1250")) == "zażółć gęślą jaźń"
    assert decode(codecs.BOM_UTF8 + "ł".encode()) == "ł"


@pytest.mark.parametrize("text, expected", [
    ("gmina", Category.GMINA), ("GMINA", Category.GMINA), ("powiat", Category.POWIAT),
    ("Samorząd województwa", Category.SAMORZAD_WOJEWODZTWA),
    ("samorzad_wojewodztwa", Category.SAMORZAD_WOJEWODZTWA),
    ("urząd administracji publicznej", Category.URZAD),
    ("Instytucja  kultury", Category.INSTYTUCJA_KULTURY),
    ("spółka komunalna", Category.SPOLKA_KOMUNALNA),
    ("wspólnota mieszkaniowa", Category.SPOLDZIELNIA_WSPOLNOTA),
    ("inna organizacja", Category.INNA), ("inna_organizacja", Category.INNA),
    ("wioska", None), ("", None),
])
def test_category_names_and_codes(text, expected):
    assert parse_category(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Małopolskie", "małopolskie"), ("malopolskie", "małopolskie"),
    ("woj. śląskie", "śląskie"), ("województwo łódzkie", "łódzkie"), ("", ""),
    ("Bawaria", None),
])
def test_voivodeships(text, expected):
    assert parse_voivodeship(text) == expected


@pytest.mark.parametrize("check, value, ok", [
    (check_phone, "+48 12 345 67 89", True), (check_phone, "(12) 345-67-89 wew. 12", True),
    (check_phone, "123", False), (check_phone, "zadzwoń 123456", False),
    (check_email, "urzad@gmina.pl", True), (check_email, "urzad@", False),
    (check_url, "https://gmina.pl/kontakt", True), (check_url, "http://gmina.pl", True),
    (check_url, "gmina.pl", False), (check_url, "javascript:alert(1)", False),
    (check_url, "ftp://gmina.pl", False), (check_url, "https://gmina pl.pl", False),
    (check_url, "https://localhost", False),
    (check_postal_code, "30-001", True), (check_postal_code, "30001", False),
])
def test_field_checks(check, value, ok):
    assert (check(value) is None) is ok


def test_a_file_with_more_rows_than_an_import_takes_is_refused_whole():
    header = "Nazwa;Kategoria;Miejscowość\r\n"
    rows = "".join(f"Urząd Gminy {n};gmina;Wieś {n}\r\n" for n in range(12))
    assert len(parse_participants((header + rows).encode(), max_bytes=LIMIT,
                                  max_rows=12).rows) == 12
    [(row, column, message)] = problems_of((header + rows + "Ostatni;gmina;X\r\n").encode(),
                                           max_rows=12)
    assert (row, column) == (0, "")
    assert message == ("Plik ma 13 wierszy, a jednym plikiem można dodać najwyżej 12 "
                       "uczestników. Podziel go na mniejsze pliki.")
