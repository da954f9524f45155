"""Balanced automatic assignment: who contacts whom, through which channel. No Flask here.

Each participant × channel should have `per_channel` jurors; the jurors it already has
(`existing` assignments) count, so a second run fills only what is still missing. A juror
never takes a participant they declared a conflict of interest with, nor a channel they
already cover there. By default a juror takes at most one channel at a participant — two
contacts by the same person would make them easier to recognise and count their view
twice — so with fewer jurors than channels some channel stays short; `several=True` lets
the coordinator relax that knowingly (the channel is then added to the juror's existing
assignment: one assignment per juror and participant). Among the jurors still allowed, the
least loaded takes the task (channels already assigned count), ties by id, so loads end at
most one apart when nothing else constrains them; what cannot be filled is reported with
its reason, never forced.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# Why a participant × channel is short, as the preview explains it.
FEW = "few"            # every juror already covers this channel there
CONFLICT = "conflict"  # each juror still free declared a conflict of interest
BUSY = "busy"          # each juror still free has another channel at this participant


@dataclass
class Plan:
    """(juror, participant) → channels; and (participant, channel) → jurors still missing."""

    assignments: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    unfilled: dict[tuple[int, str], int] = field(default_factory=dict)
    reasons: dict[tuple[int, str], str] = field(default_factory=dict)
    load: dict[int, int] = field(default_factory=dict)  # channel-tasks per juror, after

    def shortfall(self, channels: Sequence[str]) -> list[tuple[str, str, int]]:
        """(channel, reason, participants short) in the channels' order."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for (_participant, channel), reason in self.reasons.items():
            counts[(channel, reason)] += 1
        return [(channel, reason, n) for channel in channels
                for reason in (CONFLICT, BUSY, FEW) if (n := counts.get((channel, reason)))]


def balance(participants: Sequence[int], channels: Sequence[str], jurors: Sequence[int],
            per_channel: int, *, existing: Mapping[tuple[int, int], Sequence[str]] | None = None,
            conflicts: Iterable[tuple[int, int]] = (), several: bool = False) -> Plan:
    """Plan the assignments; `existing` maps (juror, participant) to the channels held."""
    held = {pair: set(chs) for pair, chs in (existing or {}).items()}
    plan = Plan(load={j: 0 for j in jurors})
    for (juror, _participant), chs in held.items():
        if juror in plan.load:
            plan.load[juror] += len(chs)
    conflicted = set(conflicts)
    for participant in participants:
        for channel in channels:
            covered = sum(1 for j in jurors if channel in held.get((j, participant), ()))
            for _ in range(per_channel - covered):
                free = [j for j in jurors if channel not in held.get((j, participant), ())]
                allowed = [j for j in free if (j, participant) not in conflicted
                           and (several or (j, participant) not in held)]
                if not allowed:
                    key = (participant, channel)
                    plan.unfilled[key] = plan.unfilled.get(key, 0) + 1
                    plan.reasons[key] = (FEW if not free else CONFLICT if all(
                        (j, participant) in conflicted for j in free) else BUSY)
                    continue
                juror = min(allowed, key=lambda j: (plan.load[j], j))
                plan.assignments.setdefault((juror, participant), []).append(channel)
                held.setdefault((juror, participant), set()).add(channel)
                plan.load[juror] += 1
    return plan
