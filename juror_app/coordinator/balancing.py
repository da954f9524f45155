"""Balanced automatic assignment: who contacts whom, through which channel. No Flask here.

Each participant × channel goes to `per_channel` jurors. A juror never takes a participant
they declared a conflict of interest with, nor one they already have (an assignment is
once per juror and participant), and takes at most one channel at a participant — two
contacts by the same person would make them easier to recognise and count their view
twice. Among the jurors still allowed, the least loaded takes the task (existing
assignments' channels count), ties by id, so loads end at most one apart when nothing
else constrains them; what cannot be filled is reported, never forced.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass
class Plan:
    """(juror, participant) → channels; and (participant, channel) → jurors still missing."""

    assignments: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    unfilled: dict[tuple[int, str], int] = field(default_factory=dict)
    load: dict[int, int] = field(default_factory=dict)  # channel-tasks per juror, after


def balance(participants: Sequence[int], channels: Sequence[str], jurors: Sequence[int],
            per_channel: int, *, load: Mapping[int, int] | None = None,
            taken: Iterable[tuple[int, int]] = (),
            conflicts: Iterable[tuple[int, int]] = ()) -> Plan:
    """Plan the assignments; `taken` and `conflicts` are (juror, participant) pairs."""
    plan = Plan(load={j: (load or {}).get(j, 0) for j in jurors})
    blocked = set(taken) | set(conflicts)
    for participant in participants:
        for channel in channels:
            for _ in range(per_channel):
                allowed = [j for j in jurors if (j, participant) not in blocked]
                if not allowed:
                    key = (participant, channel)
                    plan.unfilled[key] = plan.unfilled.get(key, 0) + 1
                    continue
                juror = min(allowed, key=lambda j: (plan.load[j], j))
                plan.assignments[(juror, participant)] = [channel]
                plan.load[juror] += 1
                blocked.add((juror, participant))
    return plan
