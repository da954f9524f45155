"""SQLite writers queue for the write lock instead of sleeping in SQLite's busy handler.

SQLite lets one transaction write at a time. The others wait in its busy handler, which
sleeps 1, 2, 5, 10, … up to 100 ms between tries and does not wake when the lock frees.
Under load (8 phones syncing through 2 gunicorn workers × 4 threads) that sleep was most
of a new contact PUT's time: a quarter of the CPU idle while writers slept past a free
lock, p50 15 ms but p99 450–650 ms.

Here a connection joins a queue before its transaction's first write and leaves it after
the commit or rollback. The threads of a process queue on a `threading.Lock`, handed on
the moment it is released; the one thread per process holding it then takes an `flock` on
a file beside the database, which the other gunicorn workers' queue heads poll every
0.2–2 ms (flock has no timeout of its own, and a worker must never hang on a stuck one).
SQLite's own lock is then almost always free when asked for; its busy handler stays as
the fallback: for another program writing the file (a CLI command, a restore), and after
`WAIT_S` in the queue, when the write goes on to SQLite as it did before.

Why our own: no maintained library queues sqlite3 writers across processes; the standard
library's `fcntl` and `threading` are enough, and the connection class is the documented
`factory` hook of `sqlite3.connect`. No Flask here (plain rules contract).
"""
from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import threading
import time

WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
WAIT_S = 10.0  # as the connections' busy_timeout: a queue wait never outlasts SQLite's own
FIRST_POLL_S, LAST_POLL_S = 0.0002, 0.002


class WriterQueue:
    """The writers of one process on one database file."""

    def __init__(self, lock_path: str):
        self.threads = threading.Lock()
        self.lock_file = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)

    def enter(self, wait_s: float) -> bool:
        """Wait for our turn to write; False after `wait_s` (the write goes on unqueued)."""
        deadline = time.monotonic() + wait_s
        if not self.threads.acquire(timeout=wait_s):
            return False
        delay = FIRST_POLL_S
        while True:
            try:
                fcntl.flock(self.lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self.threads.release()
                    return False
                time.sleep(delay)
                delay = min(delay * 2, LAST_POLL_S)

    def leave(self) -> None:
        fcntl.flock(self.lock_file, fcntl.LOCK_UN)
        self.threads.release()


_queues: dict[tuple[int, str], WriterQueue] = {}
_queues_guard = threading.Lock()


def queue_for(database: str) -> WriterQueue:
    """The process's queue for the file. Keyed by process too: a forked worker must not
    share its parent's lock file (flock locks belong to the open file, not the process)."""
    key = (os.getpid(), os.path.abspath(database))
    with _queues_guard:
        if key not in _queues:
            _queues[key] = WriterQueue(key[1] + "-writers")
        return _queues[key]


def is_file_database(database: object) -> bool:
    return (isinstance(database, (str, os.PathLike)) and str(database) not in ("", ":memory:")
            and not str(database).startswith("file:"))


class QueuedWriterConnection(sqlite3.Connection):
    """A sqlite3 connection that queues for the write lock (pass as `factory`)."""

    wait_s = WAIT_S

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        self.path = os.fspath(database) if is_file_database(database) else None
        self.holding: WriterQueue | None = None  # the queue whose turn this connection has

    def cursor(self, factory=None):
        return super().cursor(factory or QueuedWriterCursor)

    # sqlite3's own shortcuts run their cursor in C, past the cursor's Python methods.
    def execute(self, sql, parameters=(), /):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters, /):
        return self.cursor().executemany(sql, seq_of_parameters)

    def before(self, sql: str) -> None:
        if self.path is not None and self.holding is None and WRITE.match(sql):
            # Looked up now, not at connect: a connection carried into a forked process
            # must queue with that process's writers.
            writers = queue_for(self.path)
            self.holding = writers if writers.enter(self.wait_s) else None

    def after(self) -> None:
        """Leave once no transaction is open: after a commit or rollback, and after a
        statement that failed before it began one."""
        if self.holding is not None and not self.in_transaction:
            self._leave()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.after()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.after()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.holding is not None:
                self._leave()

    def _leave(self) -> None:
        writers, self.holding = self.holding, None
        writers.leave()


class QueuedWriterCursor(sqlite3.Cursor):
    connection: QueuedWriterConnection

    def execute(self, sql, parameters=(), /):
        self.connection.before(sql)
        try:
            return super().execute(sql, parameters)
        finally:
            self.connection.after()

    def executemany(self, sql, seq_of_parameters, /):
        self.connection.before(sql)
        try:
            return super().executemany(sql, seq_of_parameters)
        finally:
            self.connection.after()
