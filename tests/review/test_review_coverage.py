"""The coverage dashboard: participants × channels, overdue tasks, jurors' progress."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import ContactStatus
from juror_app.review import coverage
from juror_app.review.queries import today_in_warsaw
from juror_app.review.rules import TaskState
from tests.factories import make_assignment, make_contact, make_edition, make_participant, make_user

S = ContactStatus


@pytest.fixture
def edition_world(app):
    """Two participants, two jurors; every kind of cell appears once at least."""
    today = today_in_warsaw()
    edition = make_edition()
    anna, piotr = make_user("juror", name="Anna"), make_user("juror", name="Piotr")
    alfa = make_participant(edition, name="Alfa")
    beta = make_participant(edition, name="Beta")
    gone = make_participant(edition, name="Zarchiwizowany", archived=True)
    make_assignment(anna, gone, channels=["visit"], due_on=today - timedelta(days=1))
    late = make_assignment(anna, alfa, channels=["visit", "phone", "email", "website"],
                           due_on=today - timedelta(days=1))
    make_contact(late, channel="visit", status=S.APPROVED)
    make_contact(late, channel="phone", status=S.REJECTED)          # rejected → overdue
    make_contact(late, channel="email", status=S.RETURNED)
    make_contact(late, channel="email", status=S.REJECTED)
    # website: nothing, past due → overdue
    second = make_assignment(piotr, alfa, channels=["visit"], due_on=today + timedelta(days=5))
    make_contact(second, channel="visit", status=S.RESUBMITTED)
    onbeta = make_assignment(piotr, beta, channels=["phone", "social_media"],
                             due_on=today + timedelta(days=5))
    make_contact(onbeta, channel="phone", status=S.SUBMITTED)
    make_contact(onbeta, channel="phone", status=S.APPROVED)
    return edition, today


def test_the_matrix_classifies_every_cell(edition_world):
    edition, today = edition_world
    result = coverage.compute(edition.id, today)
    assert [name for _, name, _, _ in result.rows] == ["Alfa", "Beta"]   # archived left out
    channels = list(result.channels)
    alfa, beta = (dict(zip(channels, cells, strict=True)) for *_, cells in result.rows)
    assert alfa["visit"].state is TaskState.WAITING            # Anna done, Piotr waiting
    assert (alfa["visit"].done, alfa["visit"].total) == (1, 2)
    assert alfa["phone"].state is TaskState.OVERDUE
    assert alfa["email"].state is TaskState.RETURNED
    assert alfa["website"].state is TaskState.OVERDUE
    assert alfa["social_media"].state is None                  # nobody assigned
    assert beta["phone"].state is TaskState.DONE
    assert beta["social_media"].state is TaskState.MISSING     # not yet due
    assert beta["visit"].state is None


def test_jurors_progress_counts_channel_tasks(edition_world):
    edition, today = edition_world
    jurors = {j.name: j for j in coverage.compute(edition.id, today).jurors}
    anna, piotr = jurors["Anna"], jurors["Piotr"]
    assert (anna.done, anna.total) == (1, 4)
    assert anna.counts[TaskState.OVERDUE] == 2 and anna.counts[TaskState.RETURNED] == 1
    assert (piotr.done, piotr.total) == (1, 3)
    assert piotr.counts[TaskState.WAITING] == 1 and piotr.counts[TaskState.MISSING] == 1


def test_the_page_is_readable_without_colour(client, auth, edition_world):
    auth.login_as("coordinator")
    edition, _ = edition_world
    html = client.get(f"/review/coverage?edition={edition.id}").get_data(as_text=True)
    assert "Legenda" in html
    for text in ("✓ zrobione", "◐ czeka na ocenę", "↩ zwrócone", "○ brak", "⚠ po terminie",
                 "– nieprzydzielone"):
        assert text in html
    assert 'class="cell cell-overdue">⚠ po terminie' in html
    assert "◐ czeka na ocenę <small>1/2</small>" in html
    assert 'max="4" value="1"' in html and "1 / 4 (25%)" in html
    assert "Zarchiwizowany" not in html


def test_coverage_pages_for_experts_and_edge_cases(client, auth):
    auth.login_as("expert")
    assert "Nie ma jeszcze żadnej edycji" in client.get("/review/coverage").get_data(as_text=True)
    edition = make_edition()
    html = client.get("/review/coverage").get_data(as_text=True)
    assert f'value="{edition.id}" selected' in html
    assert "nie ma jeszcze uczestników" in html
    assert client.get("/review/coverage?edition=999999").status_code == 404
    assert client.get("/review/coverage?edition=abc").status_code == 200


@pytest.mark.parametrize("raw, status", [
    ("²", 200), ("1²", 200), ("⑴", 200),  # isdigit() said yes, int() raised: a 500
    ("0", 404), ("99999999999", 404), ("١", 404),  # numbers (١ is int's 1) naming none
])
def test_coverage_edition_that_is_no_id(client, auth, raw, status):
    auth.login_as("coordinator")
    edition = make_edition()
    response = client.get("/review/coverage", query_string={"edition": raw, "page": "²"})
    assert response.status_code == status
    if status == 200:  # text, like "abc": the latest edition
        assert f'value="{edition.id}" selected' in response.get_data(as_text=True)


def test_a_juror_cannot_see_coverage(client, auth):
    auth.login_as("juror")
    assert client.get("/review/coverage").status_code == 403


def count_queries(fn):
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)
    return len(statements)


def test_coverage_takes_the_same_few_queries_however_large_the_edition(app):
    edition = make_edition()
    edition_id, today = edition.id, today_in_warsaw()

    def grow(n):
        for _ in range(n):
            a = make_assignment(make_user("juror", commit=False),
                                make_participant(edition, commit=False), commit=False)
            db.session.flush()
            make_contact(a, channel="phone", commit=False)
        db.session.commit()

    grow(2)
    small = count_queries(lambda: coverage.compute(edition_id, today))
    grow(20)
    db.session.expire_all()
    large = count_queries(lambda: coverage.compute(edition_id, today))
    assert small == large <= 3


def test_cells_with_contacts_link_to_their_evidence_in_the_queue(client, auth, edition_world):
    from juror_app.models import Contact, Participant

    edition, _today = edition_world
    auth.login_as("coordinator")
    ids = dict(db.session.execute(sa.select(Participant.name, Participant.id)).all())
    html = client.get(f"/review/coverage?edition={edition.id}").get_data(as_text=True)

    def link(name, channel):
        return (f'href="/review/?edition={edition.id}&amp;participant={ids[name]}'
                f'&amp;channel={channel}&amp;status=all"')

    for name, channel in [("Alfa", "visit"), ("Alfa", "phone"), ("Alfa", "email"),
                          ("Beta", "phone")]:
        assert link(name, channel) in html
    # No contacts (missing, overdue with nothing sent, unassigned): plain text, no link.
    for name, channel in [("Alfa", "website"), ("Beta", "social_media"), ("Beta", "visit")]:
        assert link(name, channel) not in html
    assert html.count('class="cell-link"') == 4
    assert "✓ zrobione" in html and "⚠ po terminie" in html  # text with the colour
    # The link's target lists every contact of that cell, whatever its status.
    target = link("Alfa", "email")[6:-1].replace("&amp;", "&")
    queue = client.get(target)
    expected = db.session.scalars(
        sa.select(Contact.id).join(Contact.assignment)
        .where(Contact.channel == "email", Contact.assignment.has(participant_id=ids["Alfa"]))
    ).all()
    body = queue.get_data(as_text=True)
    assert queue.status_code == 200 and len(expected) == 2
    assert body.count("/review/contacts/") == 2
    assert all(f'/review/contacts/{i}?edition=' in body for i in expected)
    assert "Alfa" in body and "wyczyść" in body


def test_participants_with_nothing_approved_or_in_progress_fold_away(client, auth,
                                                                      edition_world):
    """Only those with nothing to see: a participant whose contacts wait for review, were
    returned or wait for a reply stays a row, though nothing of it is approved yet."""
    edition, today = edition_world
    juror = make_user("juror", name="Ewa")
    make_participant(edition, name="Gamma")  # nobody has contacted it yet
    rejected = make_assignment(juror, make_participant(edition, name="Delta"),
                               channels=["phone"], due_on=today + timedelta(days=5))
    make_contact(rejected, channel="phone", status=S.REJECTED)  # counts as none
    for name, status in (("Omega", S.SUBMITTED), ("Psi", S.RESUBMITTED),
                         ("Chi", S.RETURNED), ("Phi", S.AWAITING_REPLY)):
        task = make_assignment(juror, make_participant(edition, name=name),
                               channels=["email"], due_on=today + timedelta(days=5))
        make_contact(task, channel="email", status=status)
    auth.login_as("coordinator")
    html = client.get(f"/review/coverage?edition={edition.id}").get_data(as_text=True)
    matrix = html.split('id="matrix-h"')[1]
    shown, folded = matrix.split('<details class="unscored"')
    assert "Bez kontaktów zatwierdzonych ani w toku: 2" in folded
    assert "Gamma" in folded and "Delta" in folded
    for name in ("Alfa", "Beta", "Omega", "Psi", "Chi", "Phi"):
        assert name in shown and name not in folded, name


def test_each_list_is_paged_and_the_totals_count_the_whole_edition(client, auth):
    """250 participants (the first 120 with an approved contact), 250 jurors: a page of
    each list, pagers that keep the other lists' pages, the counts of the whole edition."""
    edition = make_edition()
    for n in range(250):
        task = make_assignment(make_user("juror", commit=False, name=f"Juror {n:03d}"),
                               make_participant(edition, commit=False, name=f"Gmina {n:03d}"),
                               commit=False)
        db.session.flush()
        if n < 120:
            make_contact(task, channel="phone", status=ContactStatus.APPROVED, commit=False)
    db.session.commit()
    auth.login_as("coordinator")
    url = f"/review/coverage?edition={edition.id}"
    first = client.get(url).get_data(as_text=True)
    rows = re.findall(r'scope="row">(Gmina|Juror) (\d+)', first)
    assert [int(n) for kind, n in rows if kind == "Gmina"] == [
        *range(100), *range(120, 220)]  # a page of each: with an approved contact, without
    assert [int(n) for kind, n in rows if kind == "Juror"] == list(range(100))
    assert "Bez kontaktów zatwierdzonych ani w toku: 130" in first and "1–100 z 120" in first
    assert "page=2&amp;waiting_page=1&amp;jurors_page=1" in first.replace(
        f"edition={edition.id}&amp;", "")
    later = client.get(url + "&page=2&waiting_page=2&jurors_page=3").get_data(as_text=True)
    rows = re.findall(r'scope="row">(Gmina|Juror) (\d+)', later)
    assert [int(n) for kind, n in rows if kind == "Gmina"] == [
        *range(100, 120), *range(220, 250)]
    assert [int(n) for kind, n in rows if kind == "Juror"] == list(range(200, 250))
    assert "201–250 z 250" in later
    totals = coverage.compute(edition.id, today_in_warsaw()).totals
    assert sum(totals.values()) == 250 * 5  # every participant × channel cell, all pages
