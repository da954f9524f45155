"""Which migration the code expects and which one the database is at (Alembic)."""
from __future__ import annotations

from functools import lru_cache

from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy.engine import Connection


@lru_cache(maxsize=4)
def code_heads(directory: str) -> frozenset[str]:
    """The head revisions in the migrations folder (read once: code does not change live)."""
    config = AlembicConfig()
    config.set_main_option("script_location", directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def known_revisions(directory: str) -> frozenset[str]:
    config = AlembicConfig()
    config.set_main_option("script_location", directory)
    return frozenset(s.revision for s in ScriptDirectory.from_config(config).walk_revisions())


def migrations_directory() -> str:
    return str(current_app.extensions["migrate"].directory)


def database_heads(connection: Connection) -> frozenset[str]:
    return frozenset(MigrationContext.configure(connection).get_current_heads())


def head_text(heads: frozenset[str]) -> str:
    return ",".join(sorted(heads)) or "none"
