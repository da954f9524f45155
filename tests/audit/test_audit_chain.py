"""The audit trail is one hash chain: edits, deletions and insertions by direct SQL show."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from juror_app.audit.chain import GENESIS, event_hash
from juror_app.audit.verify import chain_state, verify_chain
from juror_app.core.extensions import db
from juror_app.models import AuditChainCheck, AuditEvent, record
from tests.factories import make_user


def add_events(count: int, actor_id=None) -> None:
    for n in range(count):
        record(db.session, actor_id=actor_id, action="test.event", entity_type="thing",
               entity_id=n, before={"n": n}, after={"n": n + 1, "name": "Łódź"})
        db.session.commit()


def sql(statement: str, **params) -> None:
    db.session.execute(sa.text(statement), params)
    db.session.commit()


def test_events_link_into_one_chain(app):
    user = make_user()
    add_events(3, actor_id=user.id)
    rows = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in pairwise(rows))
    assert all(event_hash(r) == r.hash for r in rows)
    assert verify_chain(db.session).ok


def test_several_events_in_one_flush_keep_their_order(app):
    for n in range(4):
        record(db.session, actor_id=None, action=f"step.{n}", entity_type="thing", entity_id=1)
    db.session.commit()
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq)).all()
    assert actions == ["step.0", "step.1", "step.2", "step.3"]
    assert verify_chain(db.session).ok


def test_verify_cli_reports_an_intact_chain_and_saves_the_verdict(app, runner):
    add_events(5)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact: 5 events" in result.output
    check = db.session.scalar(sa.select(AuditChainCheck))
    assert check.through_seq == 5 and check.broken_seq is None


def test_an_edited_row_is_named(app, runner):
    add_events(5)
    sql("UPDATE audit_event SET entity_id = 'other' WHERE seq = 3")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "BROKEN at event #3" in result.output and "was changed" in result.output


def test_an_edited_json_value_is_named(app, runner):
    add_events(4)
    sql("UPDATE audit_event SET after = :after WHERE seq = 2", after='{"n": 99}')
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "#2" in result.output


def test_a_deleted_row_is_named(app, runner):
    add_events(5)
    sql("DELETE FROM audit_event WHERE seq = 2")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "event #2 is missing" in result.output


def test_a_deleted_last_row_is_found_by_the_head(app, runner):
    add_events(3)
    sql("DELETE FROM audit_event WHERE seq = 3")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "head says #3" in result.output


def test_an_inserted_row_is_found_even_with_a_correct_hash(app, runner):
    """Someone who knows the algorithm appends a forged event but cannot move the head
    without also editing it — and a renumbered middle breaks the links either way."""
    add_events(3)
    last = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 3))
    forged = SimpleNamespace(seq=4, at=last.at, actor_id=None, action="contact.approve",
                             entity_type="contact", entity_id="7", before=None,
                             after={"status": "approved"}, prev_hash=last.hash)
    sql("INSERT INTO audit_event (at, actor_id, action, entity_type, entity_id, after, seq,"
        " prev_hash, hash) VALUES (:at, NULL, 'contact.approve', 'contact', '7', :after, 4,"
        " :prev, :hash)", at=last.at.replace(tzinfo=None), after='{"status": "approved"}',
        prev=last.hash, hash=event_hash(forged))
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "ends at #4" in result.output


def test_a_row_inserted_in_the_middle_is_named(app, runner):
    add_events(3)
    sql("UPDATE audit_event SET seq = seq + 10 WHERE seq >= 2")
    sql("INSERT INTO audit_event (at, action, entity_type, entity_id, seq, prev_hash, hash)"
        " VALUES (:at, 'x', 'y', 'z', 2, :prev, :hash)",
        at="2026-01-01 00:00:00", prev="1" * 64, hash="2" * 64)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "event #2 does not point at event #1" in result.output


def test_dashboard_state_checks_the_tail_and_remembers_a_break(app, runner):
    add_events(3)
    assert chain_state(db.session).ok is True  # never walked, the short tail is checked
    runner.invoke(args=["audit", "verify"])
    add_events(2)
    state = chain_state(db.session)
    assert state.ok and state.events == 5 and state.unchecked == 0
    sql("UPDATE audit_event SET action = 'x' WHERE seq = 5")
    assert chain_state(db.session).broken_seq == 5
    runner.invoke(args=["audit", "verify"])
    sql("UPDATE audit_event SET action = 'test.event' WHERE seq = 5")
    assert chain_state(db.session).ok is False  # the last full walk's verdict stands


def test_coordinator_dashboard_shows_the_chain(app, client, coordinator, runner):
    add_events(2)
    runner.invoke(args=["audit", "verify"])
    page = client.get("/coordinator/").get_data(as_text=True)
    assert "Dziennik zmian" in page and "nienaruszony" in page
    sql("UPDATE audit_event SET action = 'x' WHERE seq = 1")
    runner.invoke(args=["audit", "verify"])
    page = client.get("/coordinator/").get_data(as_text=True)
    assert "jest naruszony" in page and "wpis nr 1 " in page


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_parallel_writers_on_postgresql_leave_one_unbroken_chain(app):
    """200 audited actions from 10 threads (own connections) at once: no fork, no gap."""
    start = threading.Barrier(10)

    def act(n: int) -> None:
        with app.app_context():
            if n < 10:
                start.wait()
            record(db.session, actor_id=None, action="parallel", entity_type="thing",
                   entity_id=n, after={"n": n})
            db.session.commit()
            db.session.remove()

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(act, range(200)))
    report = verify_chain(db.session)
    assert report.ok, report.problem
    assert report.checked == 200 and report.last_seq == 200
    ids = db.session.scalars(sa.select(AuditEvent.entity_id)).all()
    assert sorted(map(int, ids)) == list(range(200))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    return request.getfixturevalue("fresh_postgres_url")


def test_migration_chains_the_events_written_before_it(empty_database_url, tmp_path):
    from flask_migrate import downgrade, upgrade

    from tests.conftest import make_test_app

    app = make_test_app(empty_database_url, tmp_path)
    with app.app_context():
        upgrade(revision="0002")
        for n in range(3):
            sql("INSERT INTO audit_event (at, action, entity_type, entity_id, after)"
                " VALUES (:at, 'old', 'thing', :n, :after)",
                at=f"2026-11-0{n + 1} 10:00:00.123456", n=str(n), after='{"k": [1, 2.5]}')
        upgrade()
        add_events(1)
        report = verify_chain(db.session)
        db.session.remove()
        # Going back below the chain would re-chain the events on the way up (an edit
        # re-hashed into an intact chain): refused while there are events.
        with pytest.raises(SystemExit):
            downgrade(revision="0002")
        chain_kept = verify_chain(db.session)
        db.session.remove()
        db.engine.dispose()
    assert report.ok and report.last_seq == 4
    assert chain_kept == report


@pytest.mark.parametrize("revision", [None, "0002"])
def test_verify_on_a_database_without_the_chain_says_run_db_upgrade(empty_database_url,
                                                                    tmp_path, revision):
    """An empty database (or one from before the chain) gets a sentence, not SQL."""
    from flask_migrate import upgrade

    from tests.conftest import make_test_app

    app = make_test_app(empty_database_url, tmp_path)
    with app.app_context():
        if revision:
            upgrade(revision=revision)
        result = app.test_cli_runner().invoke(args=["audit", "verify"])
        db.session.remove()
        db.engine.dispose()
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no traceback
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "no audit trail yet" in lines[0]
    assert "flask db upgrade" in lines[0]
