"""The few places a batch relies on multiprocessing.Pool's internals, all in this one module.

A worker process killed from outside (the OOM killer, SIGTERM to the whole process group)
leaves a Pool that waits for it forever; seeing that, and getting out of it, needs the pool's
own processes and threads, which it does not document. `missing()` lists any this Python lacks,
and a test fails with that list.
"""

from __future__ import annotations

import time
from multiprocessing.pool import Pool
from typing import Any

_THREADS = ("_worker_handler", "_task_handler", "_result_handler")


def processes(pool: Pool) -> list[Any]:
    """Return the pool's worker processes, as they are now."""
    return list(pool._pool)  # type: ignore[attr-defined]


def abandon(pool: Pool) -> None:
    """Stop a pool one of whose workers was killed from outside, without waiting on it.

    A worker killed while it held one of the pool's queue locks never gives it back, and the
    pool's own stop would wait for it forever (multiprocessing cannot recover from that). So
    the pool's threads are told to end, every worker is killed, and the pool's stop is dropped.
    """
    from multiprocessing.pool import TERMINATE

    for name in _THREADS:
        getattr(pool, name)._state = TERMINATE
    time.sleep(0.2)  # the worker thread may have started one more process meanwhile
    for process in processes(pool):
        if process.exitcode is None:
            process.kill()
            process.join(5)
    pool._terminate.cancel()  # type: ignore[attr-defined]


def missing() -> list[str]:
    """Return the Pool internals used here that this Python's multiprocessing does not have."""
    import multiprocessing
    import multiprocessing.pool

    found = [] if hasattr(multiprocessing.pool, "TERMINATE") else ["multiprocessing.pool.TERMINATE"]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        found += [f"Pool.{name}" for name in ("_pool", *_THREADS, "_terminate") if not hasattr(pool, name)]
        found += [
            f"Pool.{name}._state" for name in _THREADS if not hasattr(getattr(pool, name, None), "_state")
        ]
        if not hasattr(getattr(pool, "_terminate", None), "cancel"):
            found.append("Pool._terminate.cancel")
    return found
