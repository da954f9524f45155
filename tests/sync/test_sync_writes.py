"""A read or an identical resend writes nothing: no statement takes the write lock."""
from __future__ import annotations

import re

from bench.bench_review import counting
from tests.api_support import juror_with_assignment, new_id, payload

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def writes(statements: list[str]) -> list[str]:
    return [s.split("\n")[0] for s in statements if WRITE.match(s)]


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


def test_a_new_contact_put_takes_a_bounded_number_of_statements(app, client):
    """Counted once here so a change that adds per-request reads shows up in review."""
    _, assignment, headers = juror_with_assignment()
    client.get("/api/v1/me/assignments", headers=headers)  # the token's first use is recorded
    with counting() as statements:
        response = client.put(f"/api/v1/contacts/{new_id()}", json=payload(assignment),
                              headers=headers)
    assert response.status_code == 201
    reads = [s for s in statements if not WRITE.match(s)]
    # The sync: token + user, the contact (none yet), the task with its edition and rubric,
    # the audit chain's head; then evidence's flag refresh re-reads the contact, its task
    # and photos in a transaction of its own (and expires them, so the answer reads again).
    assert len(reads) <= 12, [s.split("\n")[0][:80] for s in reads]
