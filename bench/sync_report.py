"""What `bench sync` prints: each scenario's figures beside the bare app's, the ratios (the
median of the rounds, with their range), the CPU a request cost, the floor, the uploads."""
from __future__ import annotations

import statistics


def report(name: str, settings: str, f: dict) -> None:
    print(f"\n{name}: gunicorn {settings}")
    print("  baseline = bare Flask (parse JSON PUT, answer small JSON; no DB, no auth)")
    print(f"  {'scenario':<12}{'ours req/s':>11}{'bare req/s':>11}{'ratio':>7}"
          f"{'ours p50/p95/p99 ms':>24}{'bare p50/p95/p99 ms':>24}  ours statuses")
    for key, ours in f["ours"].items():
        if key == "upload":
            continue
        bare = f["bare"][key]
        print(f"  {key:<12}{ours['rps']:>11}{bare['rps']:>11}{over_bare(ours, bare):>7}"
              f"{ours['p50_ms']:>9}/{ours['p95_ms']}/{ours['p99_ms']:<8}"
              f"{bare['p50_ms']:>9}/{bare['p95_ms']}/{bare['p99_ms']:<8}  {ours['statuses']}"
              f"{spread(ours)}")
    for key, ours in f["ours"].items():
        if "server_cpu_us" in ours:
            print(f"  {key:<12} CPU per request: server {ours['server_cpu_us']} µs ours, "
                  f"{f['bare'][key].get('server_cpu_us')} µs bare; this client "
                  f"{ours['client_cpu_us']} / {f['bare'][key]['client_cpu_us']} µs")
    for key, floor in f.get("floor", {}).items():
        print(f"  {key:<12} floor {floor['rps']} req/s (bare + token, contact reads; "
              f"new: + INSERT): ours/floor {f['ours'][key]['rps'] / floor['rps']:.2f}×, "
              f"floor/bare {over_bare(floor, f['bare'][key])}{spread(floor)}")
    if "uploads_c8" not in f["ours"]:
        return
    q, u, phones = f["ours"]["quiet_c8"], f["ours"]["uploads_c8"], f["ours"]["upload"]["phones"]
    print(f"  ours, contact PUT during {phones} uploads / quiet: p95 {u['p95_ms']} / "
          f"{q['p95_ms']} ms = {u['p95_ms'] / q['p95_ms']:.1f}×, worst {u['max_ms']} / "
          f"{q['max_ms']} ms; uploads {f['ours']['upload']}")


def over_bare(server: dict, bare: dict) -> str:
    """The median of the rounds' ratios (each ours and bare seconds apart), or the one."""
    ratios = server.get("over_bare") or [server["rps"] / bare["rps"]]
    return f"{statistics.median(ratios):.2f}×"


def spread(server: dict) -> str:
    ratios = server.get("over_bare", [])
    return f"  rounds {ratios[0]:.2f}–{ratios[-1]:.2f}×" if len(ratios) > 1 else ""
