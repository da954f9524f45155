"""Marking messages for translation in plain modules (no Flask, no Babel import)."""
from __future__ import annotations

import re
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


# C0 controls but tab and the line breaks, and DEL: invisible, and XLSX cannot hold them, so
# a name or a comment with one would break every export it goes into. Refused at the inputs.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTERS_FOUND = N_("Usuń znaki sterujące (niewidoczne) z tego pola.")


def has_control_characters(text: str) -> bool:
    """Does the text hold a control character we refuse to store (see above)?"""
    return _CONTROL_CHARACTERS.search(text) is not None
