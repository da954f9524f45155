"""Marking messages for translation in plain modules (no Flask, no Babel import)."""


def N_(message: str) -> str:
    """Mark a message for extraction (a Babel default keyword); it is translated where shown."""
    return message
