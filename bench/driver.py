"""A bounded HTTP load driver: N requests from C client threads, latencies and req/s.

A new connection per request (gunicorn's sync worker closes it anyway), the same for every
server under test. Python threads: the client costs the same on both sides of a ratio.
"""
from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    body: bytes
    headers: dict[str, str]


@dataclass
class Figures:
    count: int
    seconds: float
    latencies: list[float]
    statuses: Counter = field(default_factory=Counter)

    @property
    def rps(self) -> float:
        return self.count / self.seconds

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def summary(self) -> dict:
        return {"requests": self.count, "rps": round(self.rps, 1),
                "p50_ms": round(self.pct(0.50), 1), "p95_ms": round(self.pct(0.95), 1),
                "p99_ms": round(self.pct(0.99), 1), "max_ms": round(max(self.latencies) * 1000, 1),
                "mean_ms": round(statistics.fmean(self.latencies) * 1000, 1),
                "statuses": dict(self.statuses)}


def send(port: int, request: Request, timeout: float = 120) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(request.method, request.path, body=request.body, headers=request.headers)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def drive(port: int, requests: list[Request], concurrency: int) -> Figures:
    """Send every request once, `concurrency` at a time; stops when the list is done."""
    lock = threading.Lock()
    pending = iter(requests)
    latencies: list[float] = []
    statuses: Counter = Counter()

    def worker() -> None:
        while True:
            with lock:
                request = next(pending, None)
            if request is None:
                return
            status, seconds = send(port, request)
            with lock:
                latencies.append(seconds)
                statuses[status] += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Figures(len(requests), time.perf_counter() - started, latencies, statuses)


class Background:
    """`streams` threads repeating requests until stopped (e.g. photo uploads)."""

    def __init__(self, port: int, make_request, streams: int):
        self.port, self.make_request, self.streams = port, make_request, streams
        self.stop_event = threading.Event()
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.threads = [threading.Thread(target=self._loop, args=(i,)) for i in range(streams)]

    def _loop(self, stream: int) -> None:
        n = 0
        while not self.stop_event.is_set():
            status, seconds = send(self.port, self.make_request(stream, n))
            self.latencies.append(seconds)
            self.statuses[status] += 1
            n += 1

    def __enter__(self):
        for t in self.threads:
            t.start()
        time.sleep(0.5)  # let the uploads get going before the measured requests
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for t in self.threads:
            t.join()
