"""Helpers to make handouts in tests and read them back as a reader would."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.inputs.profile import Profile, Where, validate
from generator.options import HandoutOptions as Options
from generator.runs.handout import HandoutMaker, Made

_MAKERS: dict[Options, HandoutMaker] = {}


def profile(**values: Any) -> Profile:
    """Return a validated profile from raw values, as a roster row would give them."""
    values.setdefault("name", "Sam Test")
    result = validate({k: v if isinstance(v, str) else str(v) for k, v in values.items()}, Where("t.csv", 2))
    assert result.profile is not None, result.problems
    return result.profile


def cjk_font() -> Path | None:
    """Return a font file with Chinese, Korean and Japanese (CI installs fonts-wqy-zenhei)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    command = [fc_list, "--format", "%{file}\n", ":charset=738b ae40 3055"]
    found = subprocess.run(command, capture_output=True, text=True, check=False).stdout.split()
    return Path(found[0]) if found else None


def need_cjk_font() -> Path:
    """Return a Chinese font, or skip the test where none is installed (never in CI)."""
    font = cjk_font()
    if font is None:
        if os.environ.get("CI"):
            pytest.fail("no font with Chinese, Korean and Japanese: .ci/run installs fonts-wqy-zenhei")
        pytest.skip("no font with Chinese, Korean and Japanese here (apt-get install fonts-wqy-zenhei)")
    return font


def make(p: Profile, **options: Any) -> Made:
    """Make a handout, reusing one maker per set of options as a batch would. A Chinese one
    needs a Chinese font: without one installed, the test is skipped (outside CI)."""
    if options.get("language") == "zh":
        need_cjk_font()
    opts = Options(**options)
    if opts not in _MAKERS:
        _MAKERS[opts] = HandoutMaker(opts)
    return _MAKERS[opts].make(p)


def reader(made: Made | bytes | Path) -> PdfReader:
    if isinstance(made, Path):
        return PdfReader(made)
    data = made.pdf if isinstance(made, Made) else made
    return PdfReader(io.BytesIO(data))


def page_texts(made: Made | bytes | Path) -> list[str]:
    """Return each page's text as a reader hears it: a no-break space is a space, and lines lose
    the space each ends with (drawn so that text read along the tags keeps its words apart)."""
    return [lines(page.extract_text()).replace("\u00a0", " ") for page in reader(made).pages]


def lines(text: str) -> str:
    """Return text with the spaces at the end of each line taken off."""
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def all_text(made: Made | bytes | Path) -> str:
    return "\n".join(page_texts(made))


def font_names(made: Made | bytes | Path) -> set[str]:
    names = set()
    for page in reader(made).pages:
        resources: Any = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def embedded(made: Made | bytes | Path) -> bool:
    """Return whether every font on every page carries its own font program."""
    for page in reader(made).pages:
        resources: Any = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is None or not any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                return False
    return True


def packet_parts(source: Path | bytes, sections: Sequence[Any], title: str = "Athlete ") -> list[Any]:
    """Return a packet part per section of a chunk document, with its topics, as a batch makes them."""
    from generator.pdf.packet import Part

    return [
        Part(
            f"{title}{i}",
            source,
            s.start,
            s.pages,
            [(t, at - s.start) for lv, t, at in s.headings if lv == 0],
        )
        for i, s in enumerate(sections)
    ]
