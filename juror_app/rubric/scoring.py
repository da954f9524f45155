"""Scoring rules in plain Python: measurement → points, criteria → contact score.

The ranking itself is computed in SQL (see the review/ranking code); the functions here
define the method, validate what a juror sends, and are the reference the SQL is tested
against. No Flask here.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from juror_app.core.text import N_, Message


@dataclass(frozen=True)
class CriterionResult:
    key: str
    points: float | None  # None: not applicable, the possible points are removed
    max_points: float
    weight: float


def points_from_rule(rule: Mapping[str, Any], value: float) -> float:
    """Thresholds, lower is better: the first step whose `up_to` covers the value wins."""
    for step in rule["steps"]:
        if value <= step["up_to"]:
            return float(step["points"])
    return float(rule.get("otherwise", 0))


def measurement_errors(channel: Mapping[str, Any], measurements: Any) -> dict[str, str]:
    """Field errors for the measurements object (unknown keys, non-numbers, out of range)."""
    if not isinstance(measurements, dict):
        return {"measurements": N_("Pomiary muszą być obiektem.")}
    spec = {m["key"]: m for m in channel.get("measurements", [])}
    errors: dict[str, str] = {}
    for key, value in measurements.items():
        field = f"measurements.{key}"
        if key not in spec:
            errors[field] = N_("Nieznany pomiar dla tego kanału.")
        elif value is None:
            continue
        elif not isinstance(value, int | float) or isinstance(value, bool):
            errors[field] = N_("Pomiar musi być liczbą.")
        elif value < spec[key].get("min", 0) or (
            spec[key].get("max") is not None and value > spec[key]["max"]
        ):
            errors[field] = Message(N_("Wartość poza zakresem %(min)s–%(max)s."),
                                    min=spec[key].get("min", 0), max=spec[key].get("max"))
    return errors


def score_errors(channel: Mapping[str, Any], scores: Any) -> dict[str, str]:
    """Field errors for the juror's criterion points (rule-based criteria are computed)."""
    if not isinstance(scores, dict):
        return {"scores": N_("Oceny muszą być obiektem (kryterium → punkty).")}
    criteria = {c["key"]: c for c in channel["criteria"]}
    errors: dict[str, str] = {}
    for key, value in scores.items():
        field = f"scores.{key}"
        criterion = criteria.get(key)
        if criterion is None:
            errors[field] = N_("Nieznane kryterium dla tego kanału.")
        elif "rule" in criterion:
            continue  # computed from the measurement; a sent value is ignored
        elif value is None:
            if not criterion.get("allow_na", False):
                errors[field] = N_("To kryterium nie może być oznaczone jako „nie dotyczy”.")
        elif not isinstance(value, int | float) or isinstance(value, bool):
            errors[field] = N_("Punkty muszą być liczbą.")
        elif not 0 <= value <= criterion["max_points"]:
            errors[field] = Message(N_("Punkty muszą mieścić się w 0–%(max)s."),
                                    max=criterion["max_points"])
    for key, criterion in criteria.items():
        if "rule" not in criterion and key not in scores:
            errors.setdefault(f"scores.{key}", N_("Brak oceny tego kryterium."))
    return errors


def criterion_results(
    channel: Mapping[str, Any], scores: Mapping[str, Any], measurements: Mapping[str, Any]
) -> list[CriterionResult]:
    """Points per criterion; assumes the input passed score_errors and measurement_errors.

    A rule-based criterion whose measurement was not taken counts as not applicable.
    """
    results = []
    for c in channel["criteria"]:
        if "rule" in c:
            value = measurements.get(c["measurement"])
            points = None if value is None else points_from_rule(c["rule"], value)
        else:
            raw = scores.get(c["key"])
            points = None if raw is None else float(raw)
        results.append(
            CriterionResult(c["key"], points, float(c["max_points"]), float(c.get("weight", 1)))
        )
    return results


def contact_share(results: list[CriterionResult]) -> float | None:
    """Weighted share of the possible points, in percent; N/A criteria are left out."""
    possible = sum(r.max_points * r.weight for r in results if r.points is not None)
    if possible == 0:
        return None
    earned = sum(r.points * r.weight for r in results if r.points is not None)
    return 100.0 * earned / possible


def participant_share(
    channel_contact_shares: Mapping[str, list[float]], channel_weights: Mapping[str, float]
) -> float | None:
    """Reference method: mean contact share per channel, then channel weights.

    Channels without an approved contact are left out and the weights renormalised;
    the licence rule separately requires every required channel to be covered.
    """
    weighted = total_weight = 0.0
    for channel, shares in channel_contact_shares.items():
        if shares:
            weight = channel_weights[channel]
            weighted += weight * (sum(shares) / len(shares))
            total_weight += weight
    return weighted / total_weight if total_weight else None
