"""What a user opens costs the same number of SQL statements however many contacts exist."""
from __future__ import annotations

import random
import re
import uuid

import sqlalchemy as sa

from bench.bench_review import counting
from juror_app.core.extensions import db
from juror_app.models import CHANNELS, Contact, ContactStatus, Photo
from tests.api_support import bearer
from tests.factories import (
    make_assignment,
    make_contact,
    make_edition,
    make_participant,
    make_user,
)

STATUSES = list(ContactStatus)


def grow(edition, juror, contacts: int, rng: random.Random) -> None:
    """Contacts in every status and channel over several tasks, some with a photo."""
    tasks = [make_assignment(juror if n % 2 else make_user("juror"), make_participant(edition))
             for n in range(4)]
    for n in range(contacts):
        contact = make_contact(rng.choice(tasks), channel=rng.choice(CHANNELS), commit=False,
                               status=rng.choice(STATUSES))
        if n % 3 == 0:
            db.session.flush()
            db.session.add(Photo(client_id=uuid.uuid4(), contact=contact,
                                 sha256="0" * 64, content_type="image/jpeg", byte_size=1,
                                 width=1, height=1, storage_key=f"k{n}"))
    db.session.commit()


def statements(client, url: str, headers=None) -> int:
    client.get(url, headers=headers)  # the first request of a session may read more
    with counting() as sql:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return len(sql)


def next_page_link(client, url: str) -> str:
    """The "next page" link of the page at `url` (it names the contact the page follows)."""
    html = client.get(url).get_data(as_text=True)
    found = re.search(r'href="(/review/\?[^"]*after=\d+[^"]*)"', html)
    assert found, "the first page links to the next one"
    return found.group(1).replace("&amp;", "&")


def edited_on_the_phone(client, headers) -> int:
    """How many contacts the work list carries with their content (awaiting reply, returned)."""
    tasks = client.get("/api/v1/me/assignments", headers=headers).get_json()["assignments"]
    return sum(1 for task in tasks for c in task["contacts"] if c["editable"] is not None)


def test_queue_contact_page_and_work_list_cost_the_same_at_any_size(app, client, auth):
    edition = make_edition()
    juror = make_user("juror")
    auth.login_as("coordinator")
    headers = bearer(juror)
    rng = random.Random(3)
    counts, edited = [], []
    # Ten times the contacts (page 2 exists at both sizes): a statement per contact, or per
    # contact in some status (the work list's editable copies), shows as a difference.
    for more in (30, 270):
        grow(edition, juror, more, rng)
        # The same shape at both sizes: a visit with a photo (neighbours, duplicates) in
        # the middle of the queue (the last one's "next contact" wraps round: one more read).
        middle = db.session.scalar(sa.select(sa.func.max(Contact.id))) // 2
        some = db.session.scalar(
            sa.select(Contact.id).where(Contact.channel == "visit", Contact.photos.any(),
                                        Contact.id <= middle)
            .order_by(Contact.id.desc()))
        edited.append(edited_on_the_phone(client, headers))
        counts.append({
            "queue": statements(client, "/review/"),
            "queue_all_page_2": statements(client, "/review/?status=all&page=2"),
            "queue_next_page": statements(client, next_page_link(client, "/review/?status=all")),
            "queue_juror_name": statements(client, f"/review/?juror_name={juror.name[:4]}"),
            "contact": statements(client, f"/review/contacts/{some}"),
            "work_list": statements(client, "/api/v1/me/assignments", headers),
        })
    assert 0 < edited[0] < edited[1]  # the work list's editable copies grew with the contacts
    assert counts[0] == counts[1]
