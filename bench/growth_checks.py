"""`bench growth`'s verdicts: each figure against the target its issue sets, PASS or FAIL.

- Issue 9: the review queue's first page with 100,000 more contacts than the demo data,
  divided by the same page on the demo data alone: ≤ 2×.
- Issue 9: nothing a user touches grows with the contacts — the same SQL statement count
  at every size for the juror's PUTs and work list, the queue and the contact page.
- Issue 9: the pages a user opens take about as long at the largest size as at the
  smallest (≤ 2×): the queue (first page, the deep page its links reach, a juror's
  contacts), a contact's page, the juror's PUTs. The work list is printed beside them but
  grows with the juror's *own* contacts (the synthetic load gives each juror thousands);
  the deep page by a typed page number (OFFSET) is printed, not judged: no link leads there;
  so is coverage, which grows with the tasks that have contacts (bounded by tasks ×
  channels, not by the contacts themselves).
- Issue 16: the ranking, licences and dashboard pages ≤ 300 ms and ≤ 300 kB at 1,000,000
  contacts. A run that stops below 1M checks its largest size and says the target is at 1M.
"""
from __future__ import annotations

QUEUE_RATIO = 2.0
PAGE_MS = 300.0
PAGE_KB = 300.0
TARGET_SIZE = 1_000_000
CONSTANT_SQL = ("put_new", "put_resend", "me_assignments", "queue_first", "queue_deep",
                "queue_juror", "contact_page")
FLAT_PAGES = ("queue_first", "queue_deep", "queue_juror", "contact_page", "put_new",
              "put_resend")
PRINTED_GROWTH = ("me_assignments", "queue_deep_typed", "coverage")
GROWTH_RATIO = 2.0
BOUNDED_PAGES = ("ranking", "ranking_cold", "licences", "dashboard")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def queue_lines(demo: dict | None) -> list[str]:
    if not demo:
        return ["  queue vs demo size: not measured (--no-demo)"]
    ratio = demo["grown"]["ms"] / max(demo["demo"]["ms"], 0.1)
    return [f"  {verdict(ratio <= QUEUE_RATIO)}  review queue, first page, demo + "
            f"{demo['more']:,} contacts / demo ({demo['demo_contacts']} contacts): "
            f"{demo['grown']['ms']} / {demo['demo']['ms']} ms = {ratio:.1f}× "
            f"(target ≤ {QUEUE_RATIO:g}×; SQL {demo['demo']['sql']} → {demo['grown']['sql']})"]


def statement_lines(figures: dict) -> list[str]:
    sizes = list(figures)
    lines = []
    for key in CONSTANT_SQL:
        counts = [figures[s][key]["sql"] for s in sizes]
        lines.append(f"  {verdict(len(set(counts)) == 1)}  {key}: SQL statements "
                     f"{' → '.join(map(str, counts))} (target: the same at every size)")
    return lines


def growth_lines(figures: dict) -> list[str]:
    smallest, largest = list(figures)[0], list(figures)[-1]
    lines = []
    for key in FLAT_PAGES + PRINTED_GROWTH:
        if key not in figures[largest]:
            continue
        low, high = figures[smallest][key]["ms"], figures[largest][key]["ms"]
        ratio = high / max(low, 0.1)
        mark = verdict(ratio <= GROWTH_RATIO) if key in FLAT_PAGES else "info"
        lines.append(f"  {mark}  {key}: {low} → {high} ms from {smallest:,} to {largest:,} "
                     f"contacts = {ratio:.1f}× (target ≤ {GROWTH_RATIO:g}×"
                     f"{'' if key in FLAT_PAGES else ', not judged'})")
    return lines


def page_lines(figures: dict) -> list[str]:
    largest = list(figures)[-1]
    where = (f"at {largest:,}" if largest >= TARGET_SIZE
             else f"at {largest:,} only — the target is at {TARGET_SIZE:,}, not measured")
    lines = []
    for key in BOUNDED_PAGES:
        ms, kb = figures[largest][key]["ms"], figures[largest][key]["kb"]
        ok = ms <= PAGE_MS and kb * 1024 <= PAGE_KB * 1000  # the table's KiB, the target's kB
        lines.append(f"  {verdict(ok)}  {key}: {ms} ms, {kb} KiB {where} "
                     f"(target ≤ {PAGE_MS:g} ms and ≤ {PAGE_KB:g} kB)")
    return lines


def print_verdicts(label: str, figures: dict, demo: dict | None) -> None:
    print(f"\n{label} — against the issues' targets")
    lines = queue_lines(demo) + statement_lines(figures) + growth_lines(figures)
    for line in lines + page_lines(figures):
        print(line)
