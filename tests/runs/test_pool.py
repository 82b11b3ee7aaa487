"""The multiprocessing.Pool internals a batch relies on are all there, and say which one is not."""

from __future__ import annotations

import sys

from generator.runs import pool


def test_every_pool_internal_the_batch_uses_is_present() -> None:
    missing = pool.missing()
    assert missing == [], (
        f"Python {sys.version.split()[0]} lacks multiprocessing internals generator/runs/pool.py relies on: "
        f"{', '.join(missing)}"
    )
