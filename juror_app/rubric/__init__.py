"""The rubric as data: loading the default and validating uploads. No Flask here."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from juror_app.core.text import N_
from juror_app.rubric.validation import Problem, RubricError, validate_rubric

DEFAULT_RUBRIC_PATH = Path(__file__).with_name("default_rubric.json")

__all__ = ["Problem", "RubricError", "default_rubric", "parse_rubric", "validate_rubric"]


def default_rubric() -> dict[str, Any]:
    return json.loads(DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8"))


def parse_rubric(raw: bytes) -> dict[str, Any]:
    """Decode and validate an uploaded rubric; raise RubricError listing every problem."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise RubricError([Problem(N_("Plik nie jest zapisany w UTF-8."))]) from exc
    except json.JSONDecodeError as exc:
        raise RubricError([Problem(
            N_("To nie jest poprawny JSON (wiersz %(line)s, kolumna %(column)s)."),
            line=exc.lineno, column=exc.colno)]) from exc
    except RecursionError:
        raise RubricError([Problem(N_("To nie jest poprawny JSON (zbyt głębokie "
                                      "zagnieżdżenie)."))]) from None
    problems = validate_rubric(data)
    if problems:
        raise RubricError(problems)
    return data
