"""Languages: the English catalogue is complete, English is shown on request, Polish by default.

Msgids are Polish (the source language). The catalogue test extracts the messages from the
source tree the way `make messages` does (babel.cfg, the same keywords) and compares them
with the committed juror_app/translations/en/LC_MESSAGES/messages.po.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext

from juror_app.models import ContactStatus
from juror_app.pwa.messages import MESSAGES
from juror_app.rubric import RubricError, parse_rubric
from tests.factories import (
    full_marks,
    make_assignment,
    make_contact,
    make_edition,
    make_participant,
)
from tests.results_helpers import scored_contact

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "juror_app" / "translations"
EN_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
# As in the Makefile's `messages` target: Babel's defaults (_ gettext ngettext N_ …) + lazy ones.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
SKIPPED_DIRS = {"node_modules", "tests", "migrations", "bench", "build", "instance", "static"}
# %(name)s, %s, %d, %%, … and {name}: what must survive translation unchanged.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
                         r"|\{[A-Za-z_]\w*\}")


def load_catalogue():
    with EN_PO.open("rb") as fh:
        return read_po(fh, locale="en")


def extracted_messages() -> dict[str | tuple[str, ...], str]:
    """msgid (a tuple for plurals) → first place it is used, extracted from the source tree."""
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)

    def wanted(dirpath: str) -> bool:
        name = Path(dirpath).name
        return not name.startswith((".", "_")) and name not in SKIPPED_DIRS

    found: dict[str | tuple[str, ...], str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=wanted):
        key = tuple(message) if isinstance(message, list | tuple) else message
        found.setdefault(key, f"{filename}:{lineno}")
    return found


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def catalogue_problems(message, where: str) -> list[str]:
    """Why one catalogue entry is not a usable English translation; [] when it is."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    problems = []
    if message.fuzzy:
        problems.append("fuzzy")
    if len(ids) == 2 and len(strings) != 2:
        problems.append(f"{len(strings)} plural forms instead of 2")
    for index, text in enumerate(strings):
        source = ids[min(index, len(ids) - 1)]
        if not text:
            problems.append("empty translation" + (f" [{index}]" if len(ids) > 1 else ""))
        elif placeholders(text) != placeholders(source):
            problems.append(f"placeholders {sorted(placeholders(text))} in {text!r}, "
                            f"expected {sorted(placeholders(source))}")
    return [f"{where}: {ids[0]!r}: {problem}" for problem in problems]


# --- (a) the catalogue ------------------------------------------------------------------------

def test_the_english_catalogue_translates_every_marked_message():
    catalogue = load_catalogue()
    assert not catalogue.fuzzy, "the catalogue header is fuzzy: pybabel compile would skip it"
    assert catalogue.num_plurals == 2
    extracted = extracted_messages()
    assert len(extracted) > 500, "extraction found too few messages: check babel.cfg"
    missing = [f"{where}: {msgid!r}" for msgid, where in sorted(extracted.items(), key=str)
               if catalogue.get(msgid[0] if isinstance(msgid, tuple) else msgid) is None]
    assert not missing, ("Not in the English catalogue — run `make messages` and translate:\n"
                         + "\n".join(missing))
    problems = []
    for msgid, where in sorted(extracted.items(), key=str):
        message = catalogue.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        if isinstance(msgid, tuple) != isinstance(message.id, tuple):
            problems.append(f"{where}: {msgid!r}: plural in the code, not in the catalogue "
                            "(or the other way round) — run `make messages`")
            continue
        problems += catalogue_problems(message, where)
    for message, errors in catalogue.check():
        problems += [f"{message.id!r}: {error}" for error in errors]
    assert not problems, "Untranslated or broken English entries:\n" + "\n".join(problems)


def test_the_placeholder_check_catches_a_lost_parameter():
    catalogue = load_catalogue()
    message = next(m for m in catalogue if m.id == "Dodano uczestnika „%(name)s”.")
    message.string = "Participant added."
    assert catalogue_problems(message, "here")
    message.string = "Participant “%(name)s” added."
    assert catalogue_problems(message, "here") == []


def test_every_text_the_offline_app_asks_for_exists():
    """The field app looks its texts up by key (t('key')); an unknown key shows the key."""
    used = set()
    for script in (ROOT / "static" / "js" / "app").glob("*.js"):
        used |= set(re.findall(r"\bt\(\s*'([a-z_]+)'", script.read_text(encoding="utf-8")))
    assert used, "no t('…') calls found: has the app's helper been renamed?"
    assert sorted(used - set(MESSAGES)) == []


# --- (b) English on request -------------------------------------------------------------------

@pytest.fixture(scope="session")
def compiled_translations(tmp_path_factory) -> Path:
    """The English catalogue compiled from the committed .po (the .mo is never committed)."""
    directory = tmp_path_factory.mktemp("translations")
    target = directory / "en" / "LC_MESSAGES" / "messages.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as fh:
        write_mo(fh, load_catalogue())
    return directory


@pytest.fixture
def app_config(compiled_translations) -> dict:
    return {"BABEL_TRANSLATION_DIRECTORIES": str(compiled_translations)}


def english(client, next_path: str = "/") -> None:
    response = client.post("/language/en", data={"next": next_path})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(next_path)


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def assert_words(html: str, present: list[str], absent: list[str]) -> None:
    assert [w for w in present if w not in html] == [], "missing words"
    assert [w for w in absent if w in html] == [], "words that should not be there"


def test_login_page_in_english(client):
    english(client, "/login")
    html = page(client, "/login")
    assert 'lang="en"' in html
    assert_words(html, ["Log in", "E-mail address", "Password", "Skip to content", "Polski"],
                 ["Zaloguj się", "Hasło", "Przejdź do treści", ">English<"])


def test_the_choice_made_before_login_stays_after_it(client, auth):
    english(client, "/login")
    auth.login_as("juror")
    html = page(client, "/juror/")
    assert 'lang="en"' in html and "My assignments" in html


def test_juror_home_in_english(client, auth):
    juror = auth.login_as("juror")
    assignment = make_assignment(juror, channels=["visit", "website"], due_on=date(2025, 12, 3))
    make_contact(assignment, channel="visit", status=ContactStatus.RETURNED,
                 review_comment="Dodaj zdjęcie", started_at=datetime(2025, 10, 6, 9, 0, tzinfo=UTC))
    english(client, "/juror/")
    html = page(client, "/juror/")
    assert_words(html, ["My assignments", "Record a contact in the field app", "Visit",
                        "Website", "To correct: Dodaj zdjęcie", "Due:", "3 Dec 2025",
                        "Log out"],
                 ["Moje zadania", "Wizyta", "Strona internetowa", "Do poprawy", "Termin:",
                  "gru", "Wyloguj"])
    # British formats, still Warsaw time: 09:00 UTC is 11:00 in Warsaw in October (CEST).
    assert "06/10/2025, 11:00" in html and "AM" not in html


def test_coordinator_dashboard_in_english(client, auth):
    make_edition(name="II edycja 2025")
    auth.login_as("coordinator")
    english(client, "/coordinator/")
    html = page(client, "/coordinator/")
    assert_words(html, ["Contest editions", "New edition", "Jurors", "II edycja 2025",
                        "licence threshold"],
                 ["Edycje konkursu", "Nowa edycja", "Jurorzy", "próg licencji"])


def test_review_queue_in_english(client, auth):
    participant = make_participant(make_edition(), name="Gmina Zielonka")
    make_contact(make_assignment(participant=participant), channel="phone")
    auth.login_as("coordinator")
    english(client, "/review/")
    html = page(client, "/review/")
    assert_words(html, ["Contact queue", "Participant", "Channel", "Phone", "Submitted",
                        "Gmina Zielonka"],
                 ["Kolejka kontaktów", "Uczestnik<", "Kanał", "Przesłany", "Telefon"])


def test_ranking_in_english(client, auth):
    edition = make_edition()
    participant = make_participant(edition, name="Gmina Zielonka")
    scored_contact(make_assignment(participant=participant), "website", full_marks("website"))
    auth.login_as("coordinator")
    english(client, "/results/ranking")
    html = page(client, "/results/ranking")
    assert_words(html, ["Overall ranking", "How the score is calculated", "Quality Licence",
                        "Municipality", "Gmina Zielonka", "Score"],
                 ["Ranking ogólny", "Jak liczymy wynik", "Licencja Jakości", "Wynik"])


def test_offline_app_texts_in_english(client, auth):
    auth.login_as("juror")
    english(client, "/app/")
    html = page(client, "/app/")
    assert_words(html, ["Sync now", "Outbox", "Take a photo"],
                 ["Synchronizuj teraz", "Do wysłania", "Zrób zdjęcie"])


def test_rubric_problems_in_english(app):
    with pytest.raises(RubricError) as caught:
        parse_rubric(b'{"format": 1, "channels": {"phone": {"weight": 0, "criteria": []}}}')
    assert "Kanał „phone”: waga kanału musi być liczbą większą od zera." in caught.value.problems
    with app.test_request_context(), force_locale("en"):
        shown = [problem.translated(gettext) for problem in caught.value.problems]
    assert "Channel “phone”: the channel weight must be a number greater than zero." in shown
    assert "Channel “phone”: no assessment criteria." in shown


# --- (c) Polish by default, Warsaw time -------------------------------------------------------

def test_polish_is_the_default(client):
    html = page(client, "/login")
    assert 'lang="pl"' in html
    assert_words(html, ["Zaloguj się", "Hasło", "English"], ["Log in", "Password"])


def test_juror_home_in_polish_with_polish_dates_and_warsaw_times(client, auth):
    juror = auth.login_as("juror")
    assignment = make_assignment(juror, channels=["phone"], due_on=date(2025, 12, 3))
    make_contact(assignment, channel="phone", status=ContactStatus.RETURNED,
                 started_at=datetime(2026, 1, 15, 9, 30, tzinfo=UTC))
    html = page(client, "/juror/")
    assert 'lang="pl"' in html
    assert_words(html, ["Moje zadania", "Termin:", "3 gru 2025", "Telefon"],
                 ["My assignments", "Dec", "Phone"])
    # January: Warsaw is UTC+1, so 09:30 UTC is shown as 10:30.
    assert "15.01.2026, 10:30" in html
