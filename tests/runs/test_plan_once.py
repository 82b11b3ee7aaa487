"""One plan per athlete per run: the handout and the coach's report are made from the same one."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import api
from generator.inputs.profile import Profile
from generator.rules import plan as rules
from tests.conftest import EXAMPLES


@pytest.fixture
def plans_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count every plan made in this process, wherever it is asked for."""
    made: list[str] = []
    real = rules.make_plan

    def counted(profile: Profile) -> rules.Plan:
        made.append(profile.name)
        return real(profile)

    import generator.runs.batch
    import generator.runs.handout

    for module in (rules, generator.runs.batch, generator.runs.handout):
        monkeypatch.setattr(module, "make_plan", counted)
    return made


def test_a_batch_with_a_packet_plans_each_athlete_once(tmp_path: Path, plans_made: list[str]) -> None:
    out = tmp_path / "out"
    outcome = api.run_batch(
        EXAMPLES / "roster.csv", api.BatchOptions(outdir=out, packet=out / "p.pdf", jobs=1)
    )
    assert len(outcome.written) == 24 and outcome.packet_pages
    assert len(plans_made) == 24 and len(set(plans_made)) == 24


def test_the_report_plans_each_athlete_once(tmp_path: Path, plans_made: list[str]) -> None:
    made = api.make_report(EXAMPLES / "roster.csv", tmp_path / "report.pdf")
    assert made.athletes == len(plans_made) == 24


def test_the_packet_report_counts_only_the_athletes_in_the_packet(tmp_path: Path) -> None:
    from pypdf import PdfReader

    roster = tmp_path / "team.csv"
    roster.write_text("name,age,sex,body_mass_kg\nAna,15,female,55\nBen,16,male,abc\nCai,14,male,48\n")
    out = tmp_path / "out"
    outcome = api.run_batch(roster, api.BatchOptions(outdir=out, packet=out / "p.pdf", jobs=1))
    assert len(outcome.written) == 2
    text = "\n".join(page.extract_text() for page in PdfReader(out / "p.pdf").pages[:3])
    assert "2 athletes" in text and "Ben" not in text
