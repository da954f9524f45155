"""Marking messages for translation in plain modules (no Flask, no Babel import)."""
from __future__ import annotations

import unicodedata
from typing import Any


def N_(message: str) -> str:
    """Mark a message for extraction (a Babel default keyword); it is translated where shown."""
    return message


class Message(str):
    """A Polish message with named placeholders, still a plain (Polish) string to its users.

    `text` is the msgid (e.g. "… %(max)s …") and `params` its values, so the place that shows
    it can translate: gettext(message.text) % message.params.
    """

    text: str
    params: dict[str, Any]

    def __new__(cls, text: str, **params: Any) -> Message:
        message = super().__new__(cls, text % params if params else text)
        message.text, message.params = text, params
        return message


def message_of(exc: BaseException) -> str:
    """The message an exception was raised with, a Message kept as such (str() drops it)."""
    return exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)


def fold(text: str) -> str:
    """Lower case, no Polish diacritics, single spaces: "ŁÓDŹ" and "lodz" fold alike.

    Stored beside what people search (Participant.search_text) because SQLite's lower()
    folds only ASCII and neither database strips diacritics without an extension.
    """
    text = text.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())
