"""A fault-injecting HTTP proxy for the soak test: between the outbox and a real server.

Why our own ~200 lines of asyncio rather than mitmproxy or aiohttp: we need exactly one
request per connection and byte-level control of *when* a connection dies (before the
request reaches the server, after the server answered, half-way through an upload), which
mitmproxy's addon hooks hide behind its own flow model and aiohttp would buffer for us.
Both would also be new dependencies of the test suite for this one file; the standard
library's streams are enough and run on every machine the suite runs on.

Every request is read whole, then a seeded schedule picks its fate:

- ``drop_request``  the connection closes; the server never sees the request;
- ``drop_reply``    the server handles it, its answer is thrown away (the dangerous case:
                    the phone must retry something that already happened);
- ``status_502/503/504``  the proxy answers a gateway error itself;
- ``delay``         held for seconds, then passed on;
- ``cut_upload``    (photo uploads) half the body reaches the server, then both sides close;
- ``unauthorized``  one 401 in the whole run (the phone must log in again, keep its queue);
- ``pass``          forwarded untouched.
"""
from __future__ import annotations

import asyncio
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

MAX_HEAD = 64 * 1024

DEFAULT_MIX = {
    "drop_request": 0.07,
    "drop_reply": 0.10,
    "status_502": 0.03,
    "status_503": 0.03,
    "status_504": 0.03,
    "delay": 0.04,
    "cut_upload": 0.08,
    "unauthorized": 0.02,
}


@dataclass
class Schedule:
    """The seeded fate of each request, in arrival order."""

    seed: int
    mix: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_MIX))
    max_delay_s: float = 2.0

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)
        self.unauthorized_left = 1

    def choose(self, is_upload: bool) -> str:
        roll, edge = self.random.random(), 0.0
        for kind, share in self.mix.items():
            edge += share
            if roll < edge:
                if kind == "cut_upload" and not is_upload:
                    return "pass"
                if kind == "unauthorized":
                    if not self.unauthorized_left:
                        return "pass"
                    self.unauthorized_left -= 1
                return kind
        return "pass"

    def delay(self) -> float:
        return 0.5 + self.random.random() * (self.max_delay_s - 0.5)


class FaultProxy:
    """Runs on its own event loop in a thread; `counts` tallies the fates handed out."""

    def __init__(self, upstream_port: int, schedule: Schedule, host: str = "127.0.0.1"):
        self.upstream = (host, upstream_port)
        self.schedule = schedule
        self.counts: Counter[str] = Counter()
        self.host = host
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fault proxy did not start")
        return self

    def stop(self) -> None:
        """End the loop once `_serve` has closed the server and its connections."""
        self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve())
        finally:
            self._loop.close()

    async def _serve(self) -> None:
        self._stopping = asyncio.Event()
        self._connections: dict[asyncio.StreamWriter, asyncio.Task] = {}
        self._server = await asyncio.start_server(self._accept, self.host, 0, limit=MAX_HEAD)
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        await self._stopping.wait()
        self._server.close()  # first no new connections, or one slips past the cancel
        await self._end_connections()

    def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Called as each connection opens. A plain function, not a coroutine, so that every
        connection is known before its task first runs and `stop` can close it even then
        (asyncio would start a coroutine's task itself, out of our sight)."""
        task = asyncio.get_running_loop().create_task(self._handle(reader, writer))
        self._connections[writer] = task
        task.add_done_callback(lambda _: self._connections.pop(writer, None))

    async def _end_connections(self) -> None:
        """Close every open connection (a phone mid-request) and end its task.

        Why loop until the loop is quiet, and cancel only our own tasks: a connection
        accepted just before the server closed is still being set up by asyncio's own
        tasks and announced by a callback the loop runs later. Cancelling asyncio's set-up
        task does not stop that callback (the old stop did, and a handler task was created
        after it and destroyed pending when the loop closed: a CI failure of the soak test,
        reported as an unclosed socket in whichever test collected the garbage).
        """
        quiet_passes, deadline = 0, time.monotonic() + 5
        while quiet_passes < 3 and time.monotonic() < deadline:
            await asyncio.sleep(0)
            if not self._connections and asyncio.all_tasks() == {asyncio.current_task()}:
                quiet_passes += 1
                continue
            quiet_passes = 0
            for writer, task in list(self._connections.items()):
                writer.transport.abort()
                task.cancel()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        try:
            while await self._one_request(reader, writer):
                pass
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def _one_request(self, reader, writer) -> bool:
        """Handle one request; False when the client's connection is to be closed."""
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return False
        request_line, headers = parse_head(head)
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        method, path = request_line.split(" ")[:2]
        fate = self.schedule.choose(is_upload=method == "PUT" and "/photos/" in path)
        self.counts[fate] += 1
        if fate == "drop_request":
            return False
        if fate.startswith("status_"):
            writer.write(canned(int(fate[-3:]), b""))
            await writer.drain()
            return False
        if fate == "unauthorized":
            writer.write(canned(401, b'{"error":"unauthorized","message":"Zaloguj sie ponownie."}'))
            await writer.drain()
            return False
        if fate == "delay":
            await asyncio.sleep(self.schedule.delay())
        answer = await self._forward(forward_head(request_line, headers), body,
                                     cut=fate == "cut_upload")
        if fate in ("drop_reply", "cut_upload") or answer is None:
            return False
        writer.write(answer)
        await writer.drain()
        return False  # one request per connection keeps every fate unambiguous

    async def _forward(self, head: bytes, body: bytes, cut: bool) -> bytes | None:
        up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        try:
            if cut:
                up_writer.write(head + body[: len(body) // 2])
                await up_writer.drain()
                return None
            up_writer.write(head + body)
            await up_writer.drain()
            return await up_reader.read()  # the server closes: we asked for Connection: close
        finally:
            up_writer.close()


def parse_head(head: bytes) -> tuple[str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return lines[0], headers


def forward_head(request_line: str, headers: dict[str, str]) -> bytes:
    kept = {k: v for k, v in headers.items() if k not in ("connection", "keep-alive")}
    kept["connection"] = "close"
    lines = [request_line, *(f"{k}: {v}" for k, v in kept.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1")


def canned(status: int, body: bytes) -> bytes:
    reason = {401: "Unauthorized", 502: "Bad Gateway", 503: "Service Unavailable",
              504: "Gateway Timeout"}[status]
    return (f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
