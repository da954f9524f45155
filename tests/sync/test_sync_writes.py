"""What a contact PUT costs in SQL: a read or an identical resend writes nothing, and the
statements of a new PUT and of a resend are counted so that one more shows up here."""
from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa

from bench.bench_review import counting
from juror_app.core.extensions import db
from juror_app.models import Contact, Rubric
from juror_app.models.derived import score_of
from juror_app.sync.contract import parse_contact
from juror_app.sync.service import put_contact
from tests import factories
from tests.api_support import juror_with_assignment, loaded, new_id, payload

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
SAVEPOINT = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", re.I)


def writes(statements: list[str]) -> list[str]:
    return [s.split("\n")[0] for s in statements if WRITE.match(s)]


def reads(statements: list[str]) -> list[str]:
    return [" ".join(s.split())[:90] for s in statements
            if not WRITE.match(s) and not SAVEPOINT.match(s)]


def counted_put(client, url: str, body: dict, headers: dict) -> tuple[int, list[str]]:
    """One PUT counted as a server sees it: the tests' session (which keeps users, tasks
    and editions from the fixtures, sparing lazy loads) is emptied first."""
    db.session.remove()
    with counting() as statements:
        response = client.put(url, json=body, headers=headers)
    return response.status_code, statements


def test_a_get_and_an_identical_resend_issue_no_write_statement(app, client):
    _, assignment, headers = juror_with_assignment()
    url, body = f"/api/v1/contacts/{new_id()}", payload(assignment)
    with counting() as stored:
        assert client.put(url, json=body, headers=headers).status_code == 201
    assert writes(stored)  # the counter sees writes when there are some
    for method, kwargs in (("PUT", {"json": body}), ("GET", {}),
                           ("GET", {}), ("PUT", {"json": body})):
        with counting() as statements:
            response = client.open(url, method=method, headers=headers, **kwargs)
        assert response.status_code == 200, response.json
        assert writes(statements) == [], (method, statements)
    listing = client.get("/api/v1/me/assignments", headers=headers)
    assert listing.status_code == 200


def test_a_new_contact_put_and_its_resend_take_a_counted_number_of_statements(app, client):
    """Fails when someone adds a read to the sync (or brings back a re-read)."""
    _, assignment, headers = juror_with_assignment()
    url, body = f"/api/v1/contacts/{new_id()}", payload(assignment)
    # A first contact records the token's use and plants the audit chain's head.
    assert client.put(f"/api/v1/contacts/{new_id()}", json=body, headers=headers).status_code == 201
    status, statements = counted_put(client, url, body, headers)
    assert status == 201
    # The token with its user; the contact (none yet); the task with its edition, rubrics
    # and participant (the audit chain's last hash comes back with the UPDATE that claims
    # its place). Evidence's flag refresh runs in the same transaction on the contact in
    # memory (a phone contact has no neighbours to read), and the answer is built from it:
    # no read after the commit.
    assert len(reads(statements)) <= 3, reads(statements)
    # The contact, its criterion rows (one executemany on both databases: as ORM objects
    # SQLite took one INSERT each), its count in its participant × channel (one upsert,
    # what the start page sums), the audit event and its chain head (two). A submitted
    # contact is outside the ranking: no UPDATE of the edition's results version (nor its
    # row lock).
    assert len(writes(statements)) <= 6, "\n".join(s[:70] for s in writes(statements))
    assert len([s for s in writes(statements) if s.startswith("INSERT INTO criterion_score")]) == 1
    assert not [s for s in writes(statements) if s.startswith("UPDATE edition ")]
    status, statements = counted_put(client, url, body, headers)
    assert status == 200
    # The token with its user; the contact with its task, rubric, criterion rows and
    # whether it has photos (it has none to read). No flag refresh: nothing changed.
    assert writes(statements) == [] and len(reads(statements)) <= 2, reads(statements)


def test_a_new_contacts_criterion_rows_are_stored_as_its_answer_shows_them(app, client):
    """The rows go in past the unit of work (sync.service.insert_new_scores): they must be
    the rows the answer shows, and the kept score must be computed from them."""
    _, assignment, headers = juror_with_assignment()
    cid = new_id()
    answer = client.put(f"/api/v1/contacts/{cid}", json=payload(assignment), headers=headers)
    assert answer.status_code == 201
    db.session.remove()
    contact = db.session.scalar(sa.select(Contact).where(Contact.client_id == uuid.UUID(cid)))
    stored = {s.criterion_key: (s.points, s.max_points, s.weight) for s in contact.scores}
    shown = {c["key"]: (c["points"], c["max_points"], c["weight"])
             for c in answer.json["criteria"]}
    assert stored == shown and len(stored) == len(factories.full_marks("phone")) + 1
    assert contact.score == pytest.approx(score_of(contact.scores))
    assert client.get(f"/api/v1/contacts/{cid}", headers=headers).json == answer.json


def test_a_new_contacts_rows_are_ordinary_persistent_rows_for_the_rest_of_the_session(
        app, caplog):
    """The rows inserted past the unit of work join the session as if loaded: a change in
    the same session replaces them at the first attempt (not through an IntegrityError
    and the lost-race retry, which a collection of unsaved copies would cause)."""
    juror, assignment, _ = juror_with_assignment()
    cid = uuid.uuid4()
    created = put_contact(juror.id, cid, parse_contact(payload(assignment), cid))
    assert created.status == 201
    assert all(sa.inspect(s).persistent and s.id for s in created.contact.scores)
    changed = put_contact(juror.id, cid,
                          parse_contact(payload(assignment, notes="Poprawione."), cid))
    assert changed.status == 200 and "lost a race" not in caplog.text
    db.session.remove()
    stored = db.session.scalar(sa.select(Contact).where(Contact.client_id == cid))
    assert stored.notes == "Poprawione."
    assert sorted(s.criterion_key for s in stored.scores) == sorted(
        s.criterion_key for s in created.contact.scores)


def test_a_contact_put_reads_the_current_rubric_alone_however_many_versions(app, client):
    """Every version is up to 256 kB of JSON: ten of them made each new PUT 20 % slower
    when the sync loaded them all for the newest."""
    _, assignment, headers = juror_with_assignment()
    data = assignment.edition.rubric.data
    for version in range(2, 7):
        db.session.add(Rubric(edition=assignment.edition, version=version, data=data))
    db.session.commit()
    url, first, second = (f"/api/v1/contacts/{new_id()}", payload(assignment),
                          payload(assignment, notes="Inne."))
    db.session.remove()
    with loaded(Rubric) as rubrics:
        created = client.put(url, json=first, headers=headers)
        db.session.remove()
        changed = client.put(url, json=second, headers=headers)
    assert (created.status_code, changed.status_code) == (201, 200)
    assert created.json["rubric_version"] == 6
    # One row per PUT: the newest, none of the five before it.
    assert [r.version for r in rubrics] == [6, 6]
