"""The reportlab internals the layout relies on are all there, and say which one is not."""

from __future__ import annotations

import pytest
from reportlab import Version
from reportlab.pdfgen.canvas import Canvas

from generator.layout import internals


def test_every_reportlab_internal_the_layout_uses_is_present() -> None:
    missing = internals.missing()
    assert missing == [], (
        f"reportlab {Version} lacks internals generator/layout/internals.py relies on: {', '.join(missing)}. "
        "Pin reportlab to a version the tests pass with, or adapt internals.py."
    )


def test_a_missing_internal_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(Canvas, "_startPage")
    assert "Canvas._startPage" in internals.missing() or "canvas._startPage" in " ".join(internals.missing())


def test_the_pinned_reportlab_range_is_the_one_installed() -> None:
    import tomllib

    from tests.conftest import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [r for r in project["dependencies"] if r.startswith("reportlab")]
    assert pins == ["reportlab[accel]>=5.1,<6"], pins
    major, minor = (int(part) for part in Version.split(".")[:2])
    assert (5, 1) <= (major, minor) < (6, 0)


def test_the_fonts_character_map_is_read_through_internals() -> None:
    from generator.layout.fonts import register_fonts
    from generator.layout.theme import load_layout

    cmap = internals.glyphs(register_fonts(load_layout()))
    assert ord("ñ") in cmap and ord("中") not in cmap
