"""The soak's proxy must stop cleanly whatever its connections are doing: a handler task
left pending when its loop closes is reported as an unclosed socket, which the suite
turns into a failure of whichever test happens to collect the garbage (seen in CI)."""
from __future__ import annotations

import gc
import logging
import socket
import time
import warnings

from tests.soak.fault_proxy import FaultProxy, Schedule

HALF_HEAD = b"PUT /api/v1/contacts/x HTTP/1.1\r\nHost: x\r\n"
WHOLE_REQUEST = b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"


def wait_for(condition, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the proxy did not take the connections"
        time.sleep(0.01)


def test_stopping_with_requests_in_flight_leaves_no_task_or_socket_behind(caplog):
    """Phones killed half-way through sending, and requests waiting on a server that has
    not answered yet, as at the end of a soak run."""
    caplog.set_level(logging.WARNING, logger="asyncio")
    silent_server = socket.create_server(("127.0.0.1", 0), backlog=64)  # accepts, never answers
    proxy = FaultProxy(silent_server.getsockname()[1], Schedule(seed=1, mix={})).start()
    phones = [socket.create_connection(("127.0.0.1", proxy.port)) for _ in range(40)]
    try:
        for number, phone in enumerate(phones):
            phone.sendall(WHOLE_REQUEST if number % 2 else HALF_HEAD)
        wait_for(lambda: sum(proxy.counts.values()) == len(phones) // 2)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            proxy.stop()
            gc.collect()
        assert all(hung_up(phone) for phone in phones)
    finally:
        for phone in phones:
            phone.close()
        silent_server.close()
    assert not proxy._thread.is_alive()
    assert [str(w.message) for w in caught if w.category is ResourceWarning] == []
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == []


def hung_up(phone: socket.socket) -> bool:
    phone.settimeout(2)
    try:
        return phone.recv(1) == b""
    except ConnectionResetError:  # the proxy aborts: a reset, as a dropped network gives
        return True
