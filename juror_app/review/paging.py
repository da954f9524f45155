"""Paging the review queue: plain values, no Flask and no database.

A page link names the page's number (what the reviewer reads: "Strona 12") and the contact
it follows or precedes, so the database seeks to that contact along the queue's order
(received time, id) instead of skipping every earlier contact with OFFSET — the cost of
page 400 stays that of page 1 however long the season's queue grows. A bare page number
(typed in, or an old link) is still served, by OFFSET.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PER_PAGE = 25


@dataclass(frozen=True)
class QueuePosition:
    """Page `page`, which starts after contact `after` or ends before contact `before`."""

    page: int = 1
    after: int | None = None
    before: int | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * PER_PAGE


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue; `more` when there are more than the counted contacts."""

    items: list[Any]
    page: int
    total: int
    more: bool

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @property
    def first(self) -> int:
        return (self.page - 1) * PER_PAGE + 1

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        full = len(self.items) == PER_PAGE
        return full and (self.page < self.pages or self.more)

    @property
    def prev_args(self) -> dict[str, int]:
        """The previous page's link: page 1 is read from the start; any other page ends
        just before this page's first contact."""
        if self.page == 2 or not self.items:
            return {"page": self.page - 1}
        return {"page": self.page - 1, "before": self.items[0].id}

    @property
    def next_args(self) -> dict[str, int]:
        """The next page's link: it starts just after this page's last contact."""
        return {"page": self.page + 1, "after": self.items[-1].id}
