"""Which rubric version labels a contact's criteria. No Flask here.

A contact is scored under the rubric version in force when the juror sent it
(Contact.rubric_version). When a later version drops or renames a criterion, what was
scored must still be shown under the label it was scored with — otherwise a report or an
export loses points that the total still counts. A contact of unknown version is read
with the newest rubric, as the review page does.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Rubrics = Mapping[int, dict[str, Any]]  # version → rubric JSON


@dataclass(frozen=True)
class CriterionInfo:
    channel: str
    key: str
    label: str
    group: str
    version: int  # the newest version among those asked that lists this criterion


def version_of(rubrics: Rubrics, version: int | None) -> int:
    """The version a contact is read with: its own, or the newest when unknown."""
    return version if version in rubrics else max(rubrics)


def criteria_of(rubrics: Rubrics, versions: Iterable[int | None]) -> list[CriterionInfo]:
    """Each (channel, criterion) of these versions once, labelled by the newest that lists it.

    The newest version's order comes first; criteria only older versions have follow.
    """
    found: dict[tuple[str, str], CriterionInfo] = {}
    for version in sorted({version_of(rubrics, v) for v in versions}, reverse=True):
        for channel, spec in rubrics[version].get("channels", {}).items():
            for c in spec.get("criteria", []):
                found.setdefault((channel, c["key"]), CriterionInfo(
                    channel, c["key"], c["label"], c.get("group", ""), version))
    return list(found.values())


@dataclass(frozen=True)
class MeasurementInfo:
    channel: str
    key: str
    label: str
    unit: str


def measurements_of(rubrics: Rubrics, versions: Iterable[int | None]) -> list[MeasurementInfo]:
    """Each (channel, measurement) of these versions once, as the newest that lists it."""
    found: dict[tuple[str, str], MeasurementInfo] = {}
    for version in sorted({version_of(rubrics, v) for v in versions}, reverse=True):
        for channel, spec in rubrics[version].get("channels", {}).items():
            for m in spec.get("measurements", []):
                found.setdefault((channel, m["key"]), MeasurementInfo(
                    channel, m["key"], m["label"], m.get("unit", "")))
    return list(found.values())


def groups_of(rubrics: Rubrics, versions: Iterable[int | None]) -> dict[str, str]:
    """Criterion group labels of these versions, the newest version's label winning."""
    groups: dict[str, str] = {}
    for version in sorted({version_of(rubrics, v) for v in versions}):
        groups.update(rubrics[version].get("groups", {}))
    return groups
