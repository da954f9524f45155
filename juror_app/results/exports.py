"""Exports: the ranking and every contact as tables, written as CSV or XLSX. No Flask here.

CSV is UTF-8 with a BOM and `;` separators: that is what Excel set to Polish expects (it
reads the BOM as "UTF-8", keeping ł/ś, and uses `;` because `,` is the decimal comma).
Cells a spreadsheet would run as a formula (=, +, -, @ …) get a leading apostrophe.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session, selectinload

from juror_app.models import Assignment, AuditEvent, Contact, Edition, User
from juror_app.results.criteria import criteria_of
from juror_app.results.ranking import Ranking
from juror_app.rubric.scoring import CriterionResult, contact_share

Table = tuple[list[str], list[list[Any]]]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text starting like a formula is kept as text (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def ranking_table(ranking: Ranking, labels: dict[str, str]) -> Table:
    """One row per participant; `labels` translates the column names and yes/no."""
    header = [labels["rank"], labels["category_rank"], labels["name"], labels["city"],
              labels["category"], labels["score"]]
    header += [labels.get(f"channel:{c}", c) for c in ranking.channels]
    header += [labels["licence"], labels["missing"], labels["distinctions"]]
    rows = []
    for r in ranking.rows:
        rows.append(
            [r.rank, r.category_rank, r.name, r.city, labels.get(f"category:{r.category}",
                                                               r.category), r.score]
            + [_round(r.channel_scores.get(c)) for c in ranking.channels]
            + [labels["yes"] if r.licence else labels["no"],
               ", ".join(labels.get(f"channel:{c}", c) for c in r.missing_required),
               ", ".join(labels.get(f"kind:{d.kind}", d.kind) for d in r.distinctions)]
        )
    return header, rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def contacts_table(session: Session, edition: Edition, labels: dict[str, str]) -> Table:
    """Every contact of the edition with its criterion points and its audit trail."""
    contacts = session.scalars(
        sa.select(Contact).join(Assignment).where(Assignment.edition_id == edition.id)
        .options(selectinload(Contact.scores), selectinload(Contact.juror),
                 selectinload(Contact.assignment).selectinload(Assignment.participant))
        .order_by(Contact.id)
    ).all()
    # Every criterion any contact was scored on, under the version it was scored with.
    rubrics = {r.version: r.data for r in edition.rubrics}
    used = {c.rubric_version for c in contacts} | {max(rubrics)}
    keys = [(c.channel, c.key) for c in criteria_of(rubrics, used)]
    trails = audit_trails(session, [c.id for c in contacts])
    header = [labels[k] for k in ("id", "client_id", "participant", "juror", "channel",
                                  "started", "received", "status", "comment", "score",
                                  "measurements", "notes", "audit")]
    header += [f"{ch}.{key}" for ch, key in keys]
    rows = []
    for c in contacts:
        points = {(c.channel, s.criterion_key): s.points for s in c.scores}
        share = contact_share([CriterionResult(s.criterion_key, s.points, s.max_points,
                                               s.weight) for s in c.scores])
        rows.append(
            [c.id, str(c.client_id), c.assignment.participant.name, c.juror.name,
             labels.get(f"channel:{c.channel}", c.channel), _iso(c.started_at),
             _iso(c.received_at), labels.get(f"status:{c.status}", c.status),
             c.review_comment, _round(share),
             "; ".join(f"{k}={v}" for k, v in sorted(c.measurements.items())), c.notes,
             trails.get(c.id, "")]
            + [_points(points, k, labels["na"]) for k in keys]
        )
    return header, rows


def _points(points: dict, key: tuple[str, str], na: str) -> Any:
    """Empty for another channel's criterion, the N/A label for a not-applicable one."""
    if key not in points:
        return None
    return na if points[key] is None else points[key]


def _iso(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def audit_trails(session: Session, contact_ids: Sequence[int]) -> dict[int, str]:
    """Each contact's audit events as one readable line, oldest first."""
    if not contact_ids:
        return {}
    events = session.execute(
        sa.select(AuditEvent.entity_id, AuditEvent.at, AuditEvent.action, User.name,
                  AuditEvent.after)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.entity_type == "contact",
               AuditEvent.entity_id.in_([str(i) for i in contact_ids]))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    lines: dict[int, list[str]] = defaultdict(list)
    for e in events:
        detail = ", ".join(f"{k}: {v}" for k, v in (e.after or {}).items()
                           if k in ("status", "review_comment", "comment", "reason"))
        lines[int(e.entity_id)].append(
            f"{_iso(e.at)} {e.action} ({e.name or '—'}){': ' + detail if detail else ''}")
    return {k: " | ".join(v) for k, v in lines.items()}


def to_csv(table: Table) -> bytes:
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value: Any) -> Any:
    if isinstance(value, float):
        # Polish Excel reads "78,75" as a number; "78.75" would become a date or text.
        return f"{value:.2f}".replace(".", ",")
    return "" if value is None else safe_cell(value)


def to_xlsx(table: Table, sheet_title: str) -> bytes:
    header, rows = table
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]  # Excel's limit for sheet names
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(len(name) + 2,
                                                                              40))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

