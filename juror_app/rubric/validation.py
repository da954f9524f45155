"""Rubric validation: every problem is reported at once, with where it is."""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from juror_app.core.text import N_

CHANNELS = ("visit", "phone", "email", "social_media", "website")
RULE_KINDS = ("thresholds",)


class Problem(str):
    """A problem in Polish (the source language) that remembers its msgid and parameters,
    so a view can show it in the reader's language with `translated(gettext)`."""

    def __new__(cls, message: str, **params: Any) -> Problem:
        self = super().__new__(cls, message % params if params else message)
        self.message, self.params = message, params
        return self

    def translated(self, gettext: Callable[[str], str]) -> str:
        params = {key: value.translated(gettext) if isinstance(value, Problem) else value
                  for key, value in self.params.items()}
        return gettext(self.message) % params if params else gettext(self.message)


class RubricError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) \
        and math.isfinite(value)


def _text(value: Any) -> bool:
    """A non-empty string: labels become column names and headings, joined as text."""
    return isinstance(value, str) and bool(value.strip())


def _non_finite(data: Any) -> list[Problem]:
    """Every NaN or ±Infinity anywhere (json.loads reads them, and "1e400" as inf): the
    audit trail's hash cannot hold them, even under a key nothing else reads. Walked
    with a stack, not recursion, so a deep (but parseable) file cannot overflow it."""
    problems: list[Problem] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            problems.append(Problem(
                N_("„%(path)s”: liczba musi być skończona (NaN ani Infinity nie są "
                   "dozwolone)."), path=path or "/"))
        elif isinstance(value, dict):
            stack += [(f"{path}/{key}", item) for key, item in value.items()]
        elif isinstance(value, list):
            stack += [(f"{path}/{index}", item) for index, item in enumerate(value)]
    return sorted(problems)


def _validate_groups(groups: Any) -> list[Problem]:
    if not isinstance(groups, dict):
        return [Problem(N_("„groups” musi być obiektem: klucz grupy → jej nazwa."))]
    return [Problem(N_("Grupa „%(key)s”: nazwa grupy musi być niepustym tekstem."), key=key)
            for key, label in groups.items() if not _text(label)]


def validate_rubric(data: Any) -> list[Problem]:
    """Return a list of problems in Polish; an empty list means the rubric is valid."""
    if not isinstance(data, dict):
        return [Problem(N_("Rubryka musi być obiektem JSON z polem „channels”."))]
    problems: list[Problem] = _non_finite(data)
    if data.get("format") != 1:
        problems.append(Problem(
            N_("Nieobsługiwana wersja formatu rubryki (oczekiwano \"format\": 1).")))
    channels = data.get("channels")
    if not isinstance(channels, dict) or not channels:
        return problems + [Problem(N_("Rubryka nie zawiera żadnego kanału („channels”)."))]
    groups = data.get("groups", {})
    problems += _validate_groups(groups)
    if not isinstance(groups, dict):
        groups = {}  # reported above; the criteria are still checked
    for name, channel in channels.items():
        where = Problem(N_("Kanał „%(name)s”"), name=name)
        if name not in CHANNELS:
            problems.append(Problem(N_("%(where)s: nieznany kanał (dozwolone: %(allowed)s)."),
                                    where=where, allowed=", ".join(CHANNELS)))
            continue
        problems += _validate_channel(where, channel, groups)
    return problems


def _validate_channel(where: Problem, channel: Any, groups: dict) -> list[Problem]:
    if not isinstance(channel, dict):
        return [Problem(N_("%(where)s: opis kanału musi być obiektem."), where=where)]
    problems: list[Problem] = []
    if not _text(channel.get("label")):
        problems.append(Problem(
            N_("%(where)s: nazwa kanału („label”) musi być niepustym tekstem."), where=where))
    if "required" in channel and not isinstance(channel["required"], bool):
        # "no" or "nie" would read as true: a channel required by mistake.
        problems.append(Problem(N_("%(where)s: „required” musi mieć wartość true albo false."),
                                where=where))
    if not _number(channel.get("weight")) or channel["weight"] <= 0:
        problems.append(Problem(N_("%(where)s: waga kanału musi być liczbą większą od zera."),
                                where=where))
    minimum = channel.get("min_minutes", 0)
    if not _number(minimum) or not 0 <= minimum < float("inf"):
        # The shortest plausible contact (evidence/flags.py's too_fast): minutes, not text.
        problems.append(Problem(
            N_("%(where)s: „min_minutes” musi być liczbą minut, 0 lub więcej."), where=where))
    measurements = channel.get("measurements", [])
    if not isinstance(measurements, list):
        problems.append(Problem(N_("%(where)s: „measurements” musi być listą."), where=where))
        measurements = []
    measurement_keys = set()
    for m in measurements:
        if not isinstance(m, dict) or not isinstance(m.get("key"), str) or not m["key"]:
            problems.append(Problem(N_("%(where)s: każdy pomiar musi mieć klucz („key”)."),
                                    where=where))
            continue
        measurement_keys.add(m["key"])
        if not _text(m.get("label")):
            problems.append(Problem(
                N_("%(where)s, pomiar „%(key)s”: nazwa pomiaru („label”) musi być niepustym "
                   "tekstem."),
                where=where, key=m["key"]))
        if m.get("unit") is not None and not isinstance(m["unit"], str):
            problems.append(Problem(
                N_("%(where)s, pomiar „%(key)s”: jednostka („unit”) musi być tekstem."),
                where=where, key=m["key"]))
        low, high = m.get("min", 0), m.get("max")
        if not _number(low) or (high is not None and (not _number(high) or high < low)):
            problems.append(Problem(
                N_("%(where)s, pomiar „%(key)s”: zakres min–max jest niepoprawny."),
                where=where, key=m["key"]))
    criteria = channel.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        return problems + [Problem(N_("%(where)s: brak kryteriów oceny."), where=where)]
    seen: set[str] = set()
    for index, criterion in enumerate(criteria, start=1):
        problems += _validate_criterion(
            Problem(N_("%(where)s, kryterium %(index)s"), where=where, index=index),
            criterion, seen, measurement_keys, groups)
    return problems


def _validate_criterion(where, criterion, seen, measurement_keys, groups) -> list[Problem]:
    if not isinstance(criterion, dict):
        return [Problem(N_("%(where)s: kryterium musi być obiektem."), where=where)]
    problems: list[Problem] = []
    key = criterion.get("key")
    if not isinstance(key, str) or not key:
        problems.append(Problem(N_("%(where)s: brak klucza kryterium („key”)."), where=where))
    elif key in seen:
        problems.append(Problem(N_("%(where)s: klucz „%(key)s” powtarza się w tym kanale."),
                                where=where, key=key))
    else:
        seen.add(key)
        where = Problem(N_("%(where)s („%(key)s”)"), where=where, key=key)
    if not isinstance(criterion.get("label"), str) or not criterion.get("label"):
        problems.append(Problem(N_("%(where)s: brak nazwy kryterium („label”)."), where=where))
    max_points = criterion.get("max_points")
    if not _number(max_points) or max_points <= 0:
        problems.append(Problem(
            N_("%(where)s: maksymalna liczba punktów musi być liczbą większą od zera."),
            where=where))
        max_points = None
    weight = criterion.get("weight", 1)
    if not _number(weight) or weight <= 0:
        problems.append(Problem(N_("%(where)s: waga musi być liczbą większą od zera."),
                                where=where))
    if "allow_na" in criterion and not isinstance(criterion["allow_na"], bool):
        problems.append(Problem(N_("%(where)s: „allow_na” musi mieć wartość true albo false."),
                                where=where))
    group = criterion.get("group")
    # A list or an object is no key of a group (and `in` would raise on it).
    if group is not None and (not isinstance(group, str) or groups and group not in groups):
        problems.append(Problem(N_("%(where)s: nieznana grupa kryteriów „%(group)s”."),
                                where=where, group=group))
    if "rule" in criterion or "measurement" in criterion:
        problems += _validate_rule(where, criterion, measurement_keys, max_points)
    return problems


def _validate_rule(where, criterion, measurement_keys, max_points) -> list[Problem]:
    problems: list[Problem] = []
    measurement = criterion.get("measurement")
    if not isinstance(measurement, str) or measurement not in measurement_keys:
        problems.append(Problem(
            N_("%(where)s: reguła odwołuje się do nieistniejącego pomiaru „%(measurement)s”."),
            where=where, measurement=criterion.get("measurement")))
    rule = criterion.get("rule")
    if not isinstance(rule, dict) or rule.get("kind") not in RULE_KINDS:
        return problems + [Problem(N_("%(where)s: reguła musi mieć rodzaj „thresholds”."),
                                   where=where)]
    steps = rule.get("steps")
    if not isinstance(steps, list) or not steps:
        return problems + [Problem(N_("%(where)s: reguła nie ma progów („steps”)."),
                                   where=where)]
    previous = None
    for step in steps:
        if not isinstance(step, dict) or not _number(step.get("up_to")) \
                or not _number(step.get("points")):
            problems.append(Problem(
                N_("%(where)s: każdy próg potrzebuje liczb „up_to” i „points”."), where=where))
            continue
        if previous is not None and step["up_to"] <= previous:
            problems.append(Problem(N_("%(where)s: progi muszą rosnąć (wartości „up_to”)."),
                                    where=where))
        previous = step["up_to"]
        if max_points is not None and not 0 <= step["points"] <= max_points:
            problems.append(Problem(
                N_("%(where)s: punkty progu muszą mieścić się w 0–%(max)s."),
                where=where, max=max_points))
    otherwise = rule.get("otherwise", 0)
    if not _number(otherwise) or (max_points is not None and not 0 <= otherwise <= max_points):
        problems.append(Problem(
            N_("%(where)s: punkty „otherwise” muszą mieścić się w 0–%(max)s."),
            where=where, max=max_points))
    return problems
