"""Polish alphabetical order for names shown in lists: a ą b c ć … z ź ż. Plain: no Flask.

Why our own: Python's `sorted` compares code points, which put „Łańcut” after „Zabrze” and
every lowercase name after every capitalised one — and the ranking's method promises tied
participants "alfabetycznie". The standard `locale.strxfrm` depends on a pl_PL locale being
generated on the server (it is not in our containers), and ICU's Python binding (PyICU)
needs the ICU C library and a compiler at install time. The alphabet is fixed and short,
so a key of our own is the smaller dependency. Not a full collation (no tailoring of
digraphs, which Polish does not sort apart anyway).
"""
from __future__ import annotations

import unicodedata

ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
LETTER_RANK = {letter: index for index, letter in enumerate(ALPHABET)}
# Spaces and punctuation before digits, digits before letters: as ICU's default order.
SPACE, PUNCTUATION, DIGIT, LETTER, OTHER = range(5)


def _primary(character: str) -> tuple[int, int]:
    lower = character.lower()
    if lower in LETTER_RANK:
        return LETTER, LETTER_RANK[lower]
    base = unicodedata.normalize("NFD", lower)[0]  # é → e, ü → u: with their base letter
    if base in LETTER_RANK:
        return LETTER, LETTER_RANK[base]
    if character.isspace():
        return SPACE, 0
    if character.isdigit():
        return DIGIT, unicodedata.digit(character, 0)
    if unicodedata.category(character)[0] in "PS":
        return PUNCTUATION, ord(character)
    return OTHER, ord(character)


def polish_key(text: str | None) -> tuple:
    """Sort key: letters by the Polish alphabet, case and accents of foreign letters only
    breaking ties (lowercase first, as Polish dictionaries do), then the text itself."""
    text = text or ""
    return (tuple(_primary(c) for c in text), text.swapcase(), text)
