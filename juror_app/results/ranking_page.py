"""What the ranking page shows: each category collapsed to its top, or one list paged.

Ten thousand participants would make a page of megabytes (every row twice: in its
category and overall); the overview shows the top of each list with its full count, and
a list opened on its own is paged. No Flask here.
"""
from __future__ import annotations

from dataclasses import dataclass

from juror_app.results.paging import Page, page_of
from juror_app.results.ranking import RankedParticipant, Ranking

TOP = 10  # rows of each list on the overview
PER_PAGE = 50  # rows of a list opened on its own
ALL = "all"


@dataclass(frozen=True)
class Section:
    key: str  # a category value, or ALL for the overall ranking
    rows: Page[RankedParticipant]
    rank_field: str
    collapsed: bool  # the overview's top only; the full list is a link away


def lists(ranking: Ranking) -> dict[str, list[RankedParticipant]]:
    """Every list of the page in its order: the categories, then the overall ranking."""
    groups = {str(category): rows for category, rows in ranking.by_category().items()}
    return {**groups, ALL: ranking.rows}


def sections(ranking: Ranking, chosen: str | None, page: int | None) -> list[Section] | None:
    """The overview (chosen None) or one list paged; None for a list that does not exist."""
    every = lists(ranking)
    if chosen is None:
        return [Section(key, page_of(rows, 1, TOP), _rank_field(key), len(rows) > TOP)
                for key, rows in every.items()]
    if chosen not in every:
        return None
    return [Section(chosen, page_of(every[chosen], page, PER_PAGE), _rank_field(chosen), False)]


def _rank_field(key: str) -> str:
    return "rank" if key == ALL else "category_rank"
