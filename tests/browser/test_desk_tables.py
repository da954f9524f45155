"""Ranking and coverage on a desk screen: the name column breathes (issue 10.18).

Measured on the demo edition in real Chromium at 1280 px. Before the fix the ranking's
channel headers would not wrap and the licence note squeezed into a narrow column, so a
name such as "Miejska Biblioteka Publiczna im. Tadeusza Różewicza we Wrocławiu" broke into
five lines (six on the coverage page) and the ranking page was 4,483 px tall (coverage
1,892 px); now at most three (two) lines and about 3,650 (1,650) px.
"""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.demo.loader import DEMO_PASSWORD, load_demo
from juror_app.models import Edition
from tests.browser.conftest import login

# Lines of each shown participant's name (its first text: the link or the bare name) and
# the height of its row; hidden rows (a folded list) are left out.
NAME_LINES = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter(cell => cell.offsetParent !== null)
  .map(cell => {
    const name = cell.querySelector('a') || cell.firstChild;
    const range = document.createRange();
    range.selectNodeContents(name);
    const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
    return {name: name.textContent.trim(), lines: lines.size,
            row: cell.closest('tr').getBoundingClientRect().height};
  })"""


@pytest.fixture
def demo_desk(live_app, live_server, page):
    load_demo(today=date.today())
    edition_id = db.session.scalar(sa.select(Edition.id))
    login(page, live_server, "koordynator@example.org", DEMO_PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})
    return edition_id


@pytest.mark.parametrize("path,selector,max_lines,max_height", [
    ("/results/{id}/ranking", "table.results th[scope=row]", 3, 4000),
    ("/review/coverage?edition={id}", "table.coverage th[scope=row]", 2, 1780),
])
def test_names_are_not_broken_into_many_lines(live_server, page, demo_desk, path, selector,
                                              max_lines, max_height):
    page.goto(live_server.url + path.format(id=demo_desk))
    names = page.evaluate(NAME_LINES, selector)
    assert len(names) >= 9, names  # the demo's participants with an approved contact
    crowded = [n for n in names if n["lines"] > max_lines]
    assert not crowded, crowded
    assert max(n["row"] for n in names) < 30 * (max_lines + 1), names
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height < max_height, height
    # A table wider than the screen scrolls inside its box, never the page itself.
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
