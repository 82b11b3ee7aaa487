"""A bug inside a worker is reported as one, never read as the end of the run."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.runs import batch
from tests.conftest import EXAMPLES


def test_a_stop_iteration_in_a_worker_is_an_unexpected_problem_not_an_empty_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # StopIteration raised in a worker came back through the pool's results as their end: the
    # batch said "Done: 0 handouts (0 pages), 0 failed" and exited 0.
    def broken(job: batch.Job) -> batch.ChunkResult:
        raise StopIteration

    monkeypatch.setattr(batch, "_run_chunk", broken)
    result = CliRunner().invoke(
        cli, ["batch", str(EXAMPLES / "roster.csv"), "-o", str(tmp_path), "--jobs", "2"]
    )
    assert result.exit_code != 0
    assert "unexpected problem" in result.output and "StopIteration" in result.output
    assert "Done: 0 handouts" not in result.output
