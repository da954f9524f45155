"""Rubric validation: every problem is reported at once, with where it is."""
from __future__ import annotations

from typing import Any

CHANNELS = ("visit", "phone", "email", "social_media", "website")
RULE_KINDS = ("thresholds",)


class RubricError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def validate_rubric(data: Any) -> list[str]:
    """Return a list of problems in Polish; an empty list means the rubric is valid."""
    if not isinstance(data, dict):
        return ["Rubryka musi być obiektem JSON z polem „channels”."]
    problems: list[str] = []
    if data.get("format") != 1:
        problems.append("Nieobsługiwana wersja formatu rubryki (oczekiwano \"format\": 1).")
    channels = data.get("channels")
    if not isinstance(channels, dict) or not channels:
        return problems + ["Rubryka nie zawiera żadnego kanału („channels”)."]
    groups = data.get("groups", {})
    for name, channel in channels.items():
        where = f"Kanał „{name}”"
        if name not in CHANNELS:
            problems.append(f"{where}: nieznany kanał (dozwolone: {', '.join(CHANNELS)}).")
            continue
        problems += _validate_channel(where, channel, groups)
    return problems


def _validate_channel(where: str, channel: Any, groups: dict) -> list[str]:
    if not isinstance(channel, dict):
        return [f"{where}: opis kanału musi być obiektem."]
    problems: list[str] = []
    if not _number(channel.get("weight")) or channel["weight"] <= 0:
        problems.append(f"{where}: waga kanału musi być liczbą większą od zera.")
    measurements = channel.get("measurements", [])
    if not isinstance(measurements, list):
        problems.append(f"{where}: „measurements” musi być listą.")
        measurements = []
    measurement_keys = set()
    for m in measurements:
        if not isinstance(m, dict) or not isinstance(m.get("key"), str) or not m["key"]:
            problems.append(f"{where}: każdy pomiar musi mieć klucz („key”).")
            continue
        measurement_keys.add(m["key"])
        low, high = m.get("min", 0), m.get("max")
        if not _number(low) or (high is not None and (not _number(high) or high < low)):
            problems.append(f"{where}, pomiar „{m['key']}”: zakres min–max jest niepoprawny.")
    criteria = channel.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        return problems + [f"{where}: brak kryteriów oceny."]
    seen: set[str] = set()
    for index, criterion in enumerate(criteria, start=1):
        problems += _validate_criterion(f"{where}, kryterium {index}", criterion, seen,
                                        measurement_keys, groups)
    return problems


def _validate_criterion(where, criterion, seen, measurement_keys, groups) -> list[str]:
    if not isinstance(criterion, dict):
        return [f"{where}: kryterium musi być obiektem."]
    problems: list[str] = []
    key = criterion.get("key")
    if not isinstance(key, str) or not key:
        problems.append(f"{where}: brak klucza kryterium („key”).")
    elif key in seen:
        problems.append(f"{where}: klucz „{key}” powtarza się w tym kanale.")
    else:
        seen.add(key)
        where = f"{where} („{key}”)"
    if not isinstance(criterion.get("label"), str) or not criterion.get("label"):
        problems.append(f"{where}: brak nazwy kryterium („label”).")
    max_points = criterion.get("max_points")
    if not _number(max_points) or max_points <= 0:
        problems.append(f"{where}: maksymalna liczba punktów musi być liczbą większą od zera.")
        max_points = None
    weight = criterion.get("weight", 1)
    if not _number(weight) or weight <= 0:
        problems.append(f"{where}: waga musi być liczbą większą od zera.")
    if "allow_na" in criterion and not isinstance(criterion["allow_na"], bool):
        problems.append(f"{where}: „allow_na” musi mieć wartość true albo false.")
    group = criterion.get("group")
    if group is not None and groups and group not in groups:
        problems.append(f"{where}: nieznana grupa kryteriów „{group}”.")
    if "rule" in criterion or "measurement" in criterion:
        problems += _validate_rule(where, criterion, measurement_keys, max_points)
    return problems


def _validate_rule(where, criterion, measurement_keys, max_points) -> list[str]:
    problems: list[str] = []
    if criterion.get("measurement") not in measurement_keys:
        problems.append(f"{where}: reguła odwołuje się do nieistniejącego pomiaru "
                        f"„{criterion.get('measurement')}”.")
    rule = criterion.get("rule")
    if not isinstance(rule, dict) or rule.get("kind") not in RULE_KINDS:
        return problems + [f"{where}: reguła musi mieć rodzaj „thresholds”."]
    steps = rule.get("steps")
    if not isinstance(steps, list) or not steps:
        return problems + [f"{where}: reguła nie ma progów („steps”)."]
    previous = None
    for step in steps:
        if not isinstance(step, dict) or not _number(step.get("up_to")) \
                or not _number(step.get("points")):
            problems.append(f"{where}: każdy próg potrzebuje liczb „up_to” i „points”.")
            continue
        if previous is not None and step["up_to"] <= previous:
            problems.append(f"{where}: progi muszą rosnąć (wartości „up_to”).")
        previous = step["up_to"]
        if max_points is not None and not 0 <= step["points"] <= max_points:
            problems.append(f"{where}: punkty progu muszą mieścić się w 0–{max_points}.")
    otherwise = rule.get("otherwise", 0)
    if not _number(otherwise) or (max_points is not None and not 0 <= otherwise <= max_points):
        problems.append(f"{where}: punkty „otherwise” muszą mieścić się w 0–{max_points}.")
    return problems
