"""The juror's online pages: home, assignment cards, conflict declarations."""
