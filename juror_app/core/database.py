"""Connection settings: SQLite gets WAL, foreign keys and a writers' queue."""
from __future__ import annotations

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
