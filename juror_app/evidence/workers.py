"""Photo decoding in a few low-priority processes beside each app worker (PHOTO_PROCESSES).

Why: checking and shrinking a 12-megapixel photo is a few hundred milliseconds of CPU,
part of it holding the GIL; in the gunicorn worker that received it, the contact PUTs a
phone sends beside its photos waited behind it (p95 of a contact PUT 2.3–4.1× the quiet one
with 4 uploads running, `bench sync`). In a child process at a lower priority (nice) the
kernel serves the contact PUTs first and the GIL is not shared. The request still waits
for the answer, so every guarantee of the evidence pipeline stays as it was: type by
content, limits before decoding, a 4xx for a bad file, nothing stored before the check.

Two limits, because they mean different things. A decoding's own cost is bounded in CPU
time (`cpu_seconds`, RLIMIT_CPU: the kernel ends the process even inside Pillow's C code):
a file built to keep a decoder busy fails the same way on every try, so it is refused for
good (WorkerLost). The wait is bounded in wall time (`timeout`): a photo that got no CPU
in time, queued behind others or starved by a busy server, is no fault of the file, so
the phone is told to send it again later (DecodingDelayed) rather than that the photo is
bad — a wall-time limit alone refused good photos with a 422 under sustained load.

Plain: no Flask; the caller passes the pool size. 0 runs the work in the calling thread
(the development server and the tests' default; production sets 2, deploy/juror.env).
The standard library's ProcessPoolExecutor rather than a task queue: the request needs
the answer before it stores anything, so a queue would only add a broker to wait on.
"""
from __future__ import annotations

import importlib
import math
import multiprocessing
import os
import resource
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

Result = TypeVar("Result")
# The lowest priority: a decoding never delays a contact PUT, and the photo still goes
# ahead whenever the CPU has nothing more urgent. (At nice 10, a tenth of a busy CPU still
# went to the decoding: PostgreSQL PUT p95 beside uploads 1.2-2.9x quiet, at 19 1.1-1.7x.)
NICENESS = 19
PIPELINE = "juror_app.evidence.pipeline"

_pools: dict[int, ProcessPoolExecutor] = {}
_lock = threading.Lock()


class WorkerLost(RuntimeError):
    """The process decoding the photo died (past its CPU time, or killed by the kernel for
    its memory)."""


class DecodingDelayed(RuntimeError):
    """The decoding did not finish within the wait: the server is busy, the file may be
    fine (its own cost is bounded in CPU time)."""


def _prepare_process() -> None:
    os.nice(NICENESS)
    # A process ended for its CPU time (SIGXCPU) would otherwise leave a core file.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _within_cpu(seconds: float, work: Callable[..., Result], *args) -> Result:
    """In a pool process: work(*args), ended by the kernel once it has used `seconds` more
    CPU time (whole seconds: the limit counts the process's total, rounded up)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))  # the hard limit stays: raisable
    return work(*args)


def _pool(size: int) -> ProcessPoolExecutor:
    """This process's pool: a gunicorn worker forked from the master makes its own.
    forkserver, not fork: forking a threaded worker could copy a lock held by a thread."""
    with _lock:
        pool = _pools.get(os.getpid())
        if pool is None:
            pool = _pools[os.getpid()] = _new_pool(size)
        return pool


def _new_pool(size: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    # The fork server imports the pipeline (Pillow, the HEIF plugin) once and forks each
    # new process from there: ready in ~10 ms instead of ~0.5 s of CPU each, which at
    # nice 19 on a busy server was seconds for every fresh pool and every retry alone.
    # (Taken into account only when this process starts its fork server.)
    context.set_forkserver_preload([PIPELINE])
    return ProcessPoolExecutor(size, mp_context=context, initializer=_prepare_process)


def _forget(pool: ProcessPoolExecutor, *, kill: bool = False) -> None:
    """Drop this process's pool (the next photo gets a fresh one); `kill` ends its
    processes at once — the executor has no public way to stop a running task, hence its
    private process table."""
    with _lock:
        if _pools.get(os.getpid()) is pool:
            del _pools[os.getpid()]
    if kill:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _ready() -> None:
    """Imports the pipeline in a fresh process (already there when forked with it)."""
    importlib.import_module(PIPELINE)


def warm(size: int) -> None:
    """Start this process's pool (its fork server loading the pipeline) and its processes,
    without waiting: paid at worker start instead of by an upload."""
    if size > 0:
        pool = _pool(size)
        for _ in range(size):
            pool.submit(_ready)


def run(size: int, work: Callable[..., Result], *args, cpu_seconds: float | None = None,
        timeout: float | None = None) -> Result:
    """work(*args) in the pool of `size` processes (in this thread when size is 0, with no
    limit); its exceptions reach the caller as they were raised. WorkerLost when it ends
    its own process: past `cpu_seconds` of CPU, or killed for its memory. DecodingDelayed
    when it has not finished after `timeout` seconds of waiting (its pool is then ended:
    nothing keeps running for an answer nobody waits for)."""
    if size <= 0:
        return work(*args)
    if cpu_seconds is not None:
        work, args = _within_cpu, (cpu_seconds, work, *args)
    pool = _pool(size)
    try:
        return _answer(pool, work, args, timeout)
    except BrokenProcessPool:
        _forget(pool)
    # A dead process fails every task its pool held, so this one may have died of another
    # photo: once more in a process of its own, which only this photo's file can end.
    alone = _new_pool(1)
    try:
        return _answer(alone, work, args, timeout)
    except BrokenProcessPool:
        raise WorkerLost("the photo's decoding process ended unexpectedly") from None
    finally:
        alone.shutdown()  # at once: its task is over; waiting lets its threads close cleanly


def _answer(pool: ProcessPoolExecutor, work: Callable[..., Result], args: tuple,
            timeout: float | None) -> Result:
    try:
        return pool.submit(work, *args).result(timeout=timeout)
    except TimeoutError:
        _forget(pool, kill=True)
        raise DecodingDelayed(f"no answer from the photo's decoding in {timeout} s") from None
