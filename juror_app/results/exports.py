"""Exports: the ranking and every contact as tables, written as CSV or XLSX. No Flask here.

CSV is UTF-8 with a BOM and `;` separators: that is what Excel set to Polish expects (it
reads the BOM as "UTF-8", keeping ł/ś, and uses `;` because `,` is the decimal comma).
Cells a spreadsheet would run as a formula (=, +, -, @ …) get a leading apostrophe, header
cells too (a rubric's channel label is a column name). Control characters an XLSX file cannot
hold are dropped from every text cell: names and comments stored before the forms refused
them must still export.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from juror_app.results.ranking import Ranking

Table = tuple[list[str], list[list[Any]]]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text without characters XLSX refuses, and kept as text if it starts like a formula
    (CSV/formula injection)."""
    if not isinstance(value, str):
        return value
    # Dropped before the formula check, so "\x01=HYPERLINK(…)" cannot become a formula.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_START):
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


def to_csv(table: Table) -> bytes:
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")  # Excel reads this as a date and time
    if isinstance(value, float):
        # Polish Excel reads "78,75" as a number; "78.75" would become a date or text.
        return f"{value:.2f}".replace(".", ",")
    return "" if value is None else safe_cell(value)


def to_xlsx(table: Table, sheet_title: str,
            codebook: tuple[str, list[tuple[str, str]]] | None = None) -> bytes:
    """One sheet with a filter on every column; optionally a second one describing them."""
    header, rows = table
    header = [safe_cell(name) for name in header]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]  # Excel's limit for sheet names
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(len(name) + 2,
                                                                              40))
    if codebook is not None:
        title, entries = codebook
        book = workbook.create_sheet(title[:31])
        for entry in entries:
            book.append([safe_cell(v) for v in entry])
        book.column_dimensions["A"].width, book.column_dimensions["B"].width = 40, 100
        book.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
