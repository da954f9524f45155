"""The promise, proved by numbers: through a faulty network, every contact and photo the
phone captured reaches the server exactly once, with its latest edit, and the phone ends
empty. A bounded run per database here; `python -m bench soak` runs 1,000 contacts."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import BACKENDS, create_database, skip_or_fail
from tests.soak.harness import SoakRun, problems, soak, summary

CONTACTS = 60
SEED = 20251024


@pytest.fixture(params=BACKENDS)
def soak_database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'soak.sqlite3'}"
    server = request.getfixturevalue("postgres_server")
    return create_database(server, "juror_soak")


@pytest.fixture(scope="module", autouse=True)
def needs_node():
    if shutil.which("node") is None:
        skip_or_fail("node is not installed (the soak driver runs the real outbox in node)")


def test_sixty_contacts_through_a_faulty_network_arrive_exactly_once(soak_database, tmp_path):
    report = soak(SoakRun(contacts=CONTACTS, seed=SEED, database_url=soak_database,
                          workdir=tmp_path, time_limit_s=240))
    found = problems(report)
    print(summary(report))
    assert {kind: items for kind, items in found.items() if items} == {}, summary(report)
    assert len(report["captured"]) == CONTACTS
    assert report["outbox"]["count"] == 0 and report["outbox"]["attention"] == 0
    # The run really was faulty: every kind of fault that can happen did, and the phone
    # retried through them (otherwise this test would prove nothing).
    faults = report["faults"]
    for kind in ("drop_request", "drop_reply", "cut_upload", "unauthorized"):
        assert faults.get(kind, 0) >= 1, faults
    assert sum(faults.get(f"status_{s}", 0) for s in (502, 503, 504)) >= 1, faults
    assert report["events"]["relogins"] == 1
    assert report["events"]["edits"] >= 1
    assert report["events"]["kills"] >= 1
