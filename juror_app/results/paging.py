"""Slices of a computed list for the results pages: a page of rows and its totals. No Flask."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_number(self) -> int:
        return min(self.page * self.per_page, self.total)


def page_of(rows: list[T], page: int | None, per_page: int) -> Page[T]:
    """The page'th slice (1-based); a page past the end shows the last one."""
    last = max(1, -(-len(rows) // per_page))
    number = min(max(page or 1, 1), last)
    start = (number - 1) * per_page
    return Page(rows[start:start + per_page], number, per_page, len(rows))
