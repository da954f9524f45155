"""Run every bench/bench_*.py (or those named on the command line) and save the figures.

Each module exposes `run() -> dict`, prints a human summary and returns its figures; the
figures of one run land in bench/results/<timestamp>.json. Ratios, not absolute times, are
what to quote: the machines are shared and noisy.
"""
from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import bench


def main(argv: list[str]) -> int:
    # Names pick the benchmarks; anything from the first "--option" on goes to their run().
    split = next((i for i, a in enumerate(argv) if a.startswith("--")), len(argv))
    names, options = argv[:split], argv[split:]
    modules = sorted(m.name for m in pkgutil.iter_modules(bench.__path__)
                     if m.name.startswith("bench_"))
    chosen = [m for m in modules if not names or m.removeprefix("bench_") in names or m in names]
    if not chosen:
        print(f"No benchmark matches {names}; available: {', '.join(modules)}")
        return 2
    figures: dict[str, object] = {}
    for name in chosen:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"bench.{name}")
        has_options = inspect.signature(module.run).parameters
        figures[name] = module.run(options) if has_options else module.run()
        print(f"({name} took {time.perf_counter() - started:.1f} s)")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    path = out / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(figures, indent=2, default=str))
    print(f"\nFigures saved to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
