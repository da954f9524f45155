"""The dashboard's contact counts: exact after every change, read along the contact indexes."""
from __future__ import annotations

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import ContactStatus
from tests.api_support import bearer, new_id, payload
from tests.factories import make_assignment, make_contact, make_edition, make_participant
from tests.review_support import decision_form


def card_numbers(client, edition) -> list[str]:
    """participants, jurors, tasks, contacts, waiting — as the edition's card shows them."""
    body = client.get("/coordinator/").get_data(as_text=True)
    card = body.split(f"<h2>{edition.name} ")[1].split("</section>")[0]
    numbers = [part.split("</dd>")[0] for part in card.split("<dd>")[1:]]
    return numbers[:4] + [numbers[4].split(">")[1].split("<")[0]]


def test_counts_follow_an_approval_a_return_and_a_new_contact(app, client, coordinator):
    edition, other = make_edition(name="Edycja A"), make_edition(name="Edycja B")
    task = make_assignment(participant=make_participant(edition))
    make_assignment(participant=make_participant(other))
    first = make_contact(task)
    second = make_contact(task, status=ContactStatus.RESUBMITTED)
    make_contact(task, status=ContactStatus.AWAITING_REPLY)  # counted, not waiting
    assert card_numbers(client, edition) == ["1", "1", "1", "3", "2"]
    assert card_numbers(client, other) == ["1", "1", "1", "0", "0"]

    review = f"/review/contacts/{first.id}/approve"
    assert client.post(review, data=decision_form(first)).status_code == 302
    assert card_numbers(client, edition) == ["1", "1", "1", "3", "1"]
    returned = f"/review/contacts/{second.id}/return"
    form = decision_form(second, comment="Brakuje zdjęcia wejścia.")
    assert client.post(returned, data=form).status_code == 302
    assert card_numbers(client, edition) == ["1", "1", "1", "3", "0"]

    # A juror's new contact through the sync API, as a phone sends it.
    response = client.put(f"/api/v1/contacts/{new_id()}", json=payload(task),
                          headers=bearer(task.juror))
    assert response.status_code == 201, response.get_data(as_text=True)
    assert card_numbers(client, edition) == ["1", "1", "1", "4", "1"]
    assert card_numbers(client, other) == ["1", "1", "1", "0", "0"]


def test_the_start_page_reads_no_contact(app, client, coordinator):
    """Its counts come from those kept as contacts are written (models.totals), whatever
    the number of contacts; that they are right is tested above and in
    tests/results/test_channel_totals.py.

    Before, every contact was joined to its task (and, for the waiting count, its row
    read) before counting: 1.1 s at 100,000 contacts; then one index entry per contact.
    """
    task = make_assignment(participant=make_participant(make_edition()))
    for status in (ContactStatus.SUBMITTED, ContactStatus.APPROVED):
        make_contact(task, status=status)
    client.get("/coordinator/")
    statements = []

    def before(conn, cursor, statement, parameters, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get("/coordinator/").status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)
    assert [s for s in statements if "FROM contact" in s] == []
    assert [s for s in statements if "FROM task_count" in s]  # the counts come from here
