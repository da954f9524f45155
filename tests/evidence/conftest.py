"""Fixtures shared by the evidence tests."""
from __future__ import annotations

import pytest

from tests.api_support import juror_with_assignment, new_id, payload


@pytest.fixture
def contact(app, client):
    """(client id, juror's headers) of one stored phone contact to add photos to."""
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    assert client.put(f"/api/v1/contacts/{cid}", json=payload(assignment),
                      headers=headers).status_code == 201
    return cid, headers
