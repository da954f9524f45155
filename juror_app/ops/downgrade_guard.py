"""A migration's downgrade refuses to drop data that upgrading again cannot bring back.

Going down and up again looked harmless and was not: 0010's downgrade emptied every
photo's display-copy SHA-256 and 0008's every contact's flags, nothing refilled them, and
every evidence archive after that failed `flask evidence verify`. A downgrade that drops
such a column or table now calls `refuse_losing` first: with nothing held it proceeds
(an empty database, a test), with data it stops before touching anything and names what
would be lost. Derived data an upgrade recomputes (kept totals, scores, search text) is
not guarded. Called from the downgrade() of migrations/versions/*.py.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from alembic import context, op

# On SQLite (no transactional DDL) the steps down before the refused one stay done: they
# dropped only what an upgrade rebuilds, and `flask db upgrade` brings the head back.
RESTORE_INSTEAD = (
    "Nothing of this migration was dropped (`flask db upgrade` returns to the head). To go "
    "back to an older release with its data, restore a backup taken by that release into a "
    "new, empty database (flask restore) instead.")


class DowngradeRefused(RuntimeError):
    """A RuntimeError so `flask db downgrade` prints it as one 'Error: …' line and exits 1
    (Flask-Migrate's catch_errors), not as a traceback."""


@dataclass(frozen=True)
class Held:
    """Rows of `table` (those matching `where`, an SQL condition, if given) whose loss
    `what` describes in words an operator understands."""

    table: str
    what: str
    where: str | None = None


def held_counts(connection: sa.Connection, held: list[Held]) -> list[tuple[Held, int]]:
    found = []
    for item in held:
        # Names quoted: "user" is a reserved word on PostgreSQL.
        query = f'SELECT count(*) FROM "{item.table}"'
        if item.where:
            query += f" WHERE {item.where}"
        count = connection.execute(sa.text(query)).scalar() or 0
        if count:
            found.append((item, count))
    return found


def refuse_losing(revision: str, held: list[Held], *, hint: str = "") -> None:
    """Raise DowngradeRefused if any of `held` has rows; call before the first drop."""
    if context.is_offline_mode():  # `--sql`: no database to look into, the SQL is read first
        return
    found = held_counts(op.get_bind(), held)
    if not found:
        return
    named = "; ".join(f"{item.what} ({count} row{'s' if count != 1 else ''} in "
                      f"{item.table})" for item, count in found)
    raise DowngradeRefused(
        f"Downgrade of migration {revision} refused: it would delete {named}, which "
        f"upgrading again cannot bring back. {hint + ' ' if hint else ''}{RESTORE_INSTEAD}")
