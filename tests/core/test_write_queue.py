"""SQLite writers queue for the write lock (juror_app.core.write_queue).

Each test gives the waiting connection `busy_timeout=0`: without the queue it would fail
at once with "database is locked", so a test that passes shows it waited in the queue."""
from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from juror_app.core.database import queue_sqlite_writers
from juror_app.core.write_queue import QueuedWriterConnection, queue_for
from tests.conftest import make_test_app

SETTLE_S = 0.3  # long enough for an unqueued writer to have failed already


def connect(path: Path, factory=QueuedWriterConnection) -> sqlite3.Connection:
    connection = sqlite3.connect(path, factory=factory, check_same_thread=False)
    connection.execute("PRAGMA busy_timeout=0")
    return connection


@pytest.fixture
def database(tmp_path) -> Path:
    path = tmp_path / "queue.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE note (text TEXT)")
    setup.close()
    return path


class Writer(threading.Thread):
    """Inserts a row and commits on its own connection; keeps what it raised."""

    def __init__(self, path: Path, factory=QueuedWriterConnection):
        super().__init__(daemon=True)
        self.connection, self.error = connect(path, factory), None
        self.started_writing = threading.Event()

    def run(self) -> None:
        try:
            self.started_writing.set()
            self.connection.execute("INSERT INTO note VALUES ('second')")
            self.connection.commit()
        except sqlite3.Error as error:
            self.error = error
        finally:
            self.connection.close()

    def waiting(self) -> bool:
        self.started_writing.wait(5)
        self.join(SETTLE_S)
        return self.is_alive()


def rows(path: Path) -> list[str]:
    with sqlite3.connect(path) as reader:
        found = [text for (text,) in reader.execute("SELECT text FROM note ORDER BY text")]
    reader.close()
    return found


def test_a_second_writer_waits_for_its_turn_instead_of_failing(database):
    first = connect(database)
    first.execute("INSERT INTO note VALUES ('first')")  # holds the turn until its commit
    second = Writer(database)
    second.start()
    assert second.waiting()
    first.commit()
    second.join(5)
    assert second.error is None and rows(database) == ["first", "second"]
    first.close()


def test_without_the_queue_the_same_writer_fails_at_once(database):
    """The control: the waiting above is the queue's doing, not SQLite's."""
    first = connect(database, sqlite3.Connection)
    first.execute("INSERT INTO note VALUES ('first')")
    second = Writer(database, sqlite3.Connection)
    second.start()
    second.join(5)
    assert isinstance(second.error, sqlite3.OperationalError)
    assert "locked" in str(second.error)
    first.rollback()
    first.close()


def hold_a_write(path: str, holding, release, done) -> None:
    connection = connect(Path(path))
    connection.execute("INSERT INTO note VALUES ('first')")
    holding.set()
    release.wait(10)
    connection.commit()
    # Open until the other writer is done: closing the file's last connection checkpoints
    # the WAL under an exclusive lock, which a writer with busy_timeout=0 would meet
    # (the app's connections wait 10 s for it, and its pool keeps them open).
    done.wait(10)
    connection.close()


def test_a_writer_in_another_process_is_waited_for(database):
    """Two gunicorn workers: the queue spans processes (the file lock), not only threads."""
    context = multiprocessing.get_context("spawn")
    holding, release, done = context.Event(), context.Event(), context.Event()
    other = context.Process(target=hold_a_write,
                            args=(str(database), holding, release, done))
    other.start()
    try:
        assert holding.wait(30), "the other process did not start writing"
        second = Writer(database)
        second.start()
        assert second.waiting()
        release.set()
        second.join(10)
    finally:
        release.set()
        done.set()
        other.join(10)
    assert other.exitcode == 0
    assert second.error is None and rows(database) == ["first", "second"]


@pytest.mark.parametrize("ending", ["commit", "rollback", "close", "failed statement"])
def test_the_turn_is_handed_on_however_the_transaction_ends(database, ending):
    first = connect(database)
    if ending == "failed statement":  # fails before SQLite opens a transaction
        with pytest.raises(sqlite3.OperationalError):
            first.execute("INSERT INTO no_such_table VALUES (1)")
    else:
        first.execute("INSERT INTO note VALUES ('first')")
        assert queue_for(str(database)).threads.locked()
        getattr(first, ending)()
    assert not queue_for(str(database)).threads.locked()
    second = Writer(database)
    second.start()
    second.join(5)
    assert second.error is None
    if ending != "close":
        first.close()


def test_reads_do_not_queue(database):
    first = connect(database)
    first.execute("INSERT INTO note VALUES ('first')")
    reader = connect(database)
    assert reader.execute("SELECT count(*) FROM note").fetchone() == (0,)  # not blocked
    first.commit()
    reader.close()
    first.close()


class Impatient(QueuedWriterConnection):
    wait_s = 0.2


def test_a_writer_kept_waiting_too_long_goes_on_to_sqlite_and_never_hangs(database):
    first = connect(database)
    first.execute("INSERT INTO note VALUES ('first')")
    second = connect(database, Impatient)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        second.execute("INSERT INTO note VALUES ('second')")  # SQLite's own answer
    assert second.holding is None and first.holding is queue_for(str(database))
    first.commit()
    second.close()
    first.close()


def test_only_file_databases_of_sqlite_queue_their_writers(tmp_path):
    def factory(uri: str, **settings):
        config = {"SQLALCHEMY_DATABASE_URI": uri, **settings}
        queue_sqlite_writers(config)
        return config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get("connect_args", {}).get("factory")

    assert factory(f"sqlite:///{tmp_path}/a.sqlite3") is QueuedWriterConnection
    assert factory(f"sqlite:///{tmp_path}/a.sqlite3", SQLITE_WRITE_QUEUE=False) is None
    assert factory("sqlite://") is None
    assert factory("postgresql+psycopg://u@localhost/juror") is None


def test_the_apps_sqlite_connections_queue_their_writers(tmp_path):
    from juror_app.core.extensions import db

    app = make_test_app(f"sqlite:///{tmp_path}/app.sqlite3", tmp_path)
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            assert isinstance(connection.driver_connection, QueuedWriterConnection)
        finally:
            connection.close()
        db.engine.dispose()
