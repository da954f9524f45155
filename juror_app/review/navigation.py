"""Moving between the queue and a contact without losing the reviewer's filters.

The contact page carries the queue's filters in its own query string, so its back link,
the decision's redirect and "next contact" return to the same filtered queue.
"""
from __future__ import annotations

from flask import request

# The queue's own parameters only: anything else (e.g. url_for's "_external" or
# "_scheme") must never reach url_for from a query string.
QUEUE_KEYS = ("edition", "category", "juror", "channel", "status", "participant", "overdue",
              "page")


def queue_args(*dropped: str) -> dict[str, str]:
    """The request's queue filters, without the named ones."""
    return {k: v for k, v in request.args.items() if k in QUEUE_KEYS and k not in dropped}
