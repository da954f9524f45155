"""Connection settings: SQLite gets WAL, foreign keys and a writers' queue; PostgreSQL
begins a transaction at its first statement that is not a plain read, as SQLite does."""
from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from juror_app.core.write_queue import QueuedWriterConnection, is_file_database

_configured: set[int] = set()


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite" or id(engine) in _configured:
        return
    _configured.add(id(engine))

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets the gunicorn workers read while one writes; busy_timeout waits
        # for a writer instead of failing at once.
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def queue_sqlite_writers(config: MutableMapping[str, Any]) -> None:
    """Before the engine is made: a file SQLite database's connections queue their writers
    (juror_app.core.write_queue), unless SQLITE_WRITE_QUEUE is off."""
    url = make_url(str(config["SQLALCHEMY_DATABASE_URI"]))
    if (url.get_backend_name() != "sqlite" or not config.get("SQLITE_WRITE_QUEUE", True)
            or not is_file_database(url.database)):
        return
    options = config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    options.setdefault("connect_args", {}).setdefault("factory", QueuedWriterConnection)


# A plain read: a SELECT taking no row lock. Anything else (a write, FOR UPDATE/SHARE, a
# savepoint, DDL, a WITH that may write) runs inside the transaction. (A SELECT of a
# function whose effect lasts to the transaction's end, pg_advisory_xact_lock or
# set_config(…, true), would end at once: none is used; write it inside a write's
# transaction.)
PLAIN_READ = re.compile(r"\s*SELECT\b", re.IGNORECASE)
ROW_LOCK = re.compile(r"\bFOR\s+(UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b", re.IGNORECASE)


def begins_transaction(statement: str) -> bool:
    return not PLAIN_READ.match(statement) or ROW_LOCK.search(statement) is not None


def defer_postgresql_begin(engine: Engine) -> None:
    """Reads before a request's first write run outside a transaction (psycopg autocommit);
    the first other statement turns autocommit off, so psycopg sends BEGIN before it.

    Why: psycopg otherwise sends BEGIN before a request's first statement and the session
    ends with ROLLBACK, each a round trip: two of an identical resend's four (2.2 -> 1.7 ms
    in-process), and of every page that only reads. Under READ COMMITTED, ours, every
    statement sees the rows committed when it starts, inside a transaction or not, so a
    read returns the same; row locks, writes and savepoints still run inside the transaction.
    SQLite behaves so already (pysqlite issues BEGIN before the first write). A connection
    given another isolation level (execution_options) is left as it is.
    """
    if engine.dialect.name != "postgresql" or id(engine) in _configured:
        return
    _configured.add(id(engine))
    from psycopg.pq import TransactionStatus

    @sa.event.listens_for(engine, "checkout")
    def _reads_outside_transactions(dbapi_connection, connection_record, proxy):
        if (not dbapi_connection.autocommit
                and dbapi_connection.info.transaction_status is TransactionStatus.IDLE):
            dbapi_connection.autocommit = True

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _begin_before_writing(conn, cursor, statement, parameters, context, executemany):
        dbapi_connection = cursor.connection
        if (dbapi_connection.autocommit and begins_transaction(statement)
                and "isolation_level" not in conn.get_execution_options()):
            dbapi_connection.autocommit = False
