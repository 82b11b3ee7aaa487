"""Club themes: colours, name and a logo from the theme's own folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.errors import RenderError
from generator.layout.theme import load_theme
from tests.pdfs import make, profile, reader


def _logo(folder: Path) -> Path:
    path = folder / "logo.png"
    Image.new("RGB", (120, 60), (200, 30, 30)).save(path)
    return path


def test_default_theme() -> None:
    theme = load_theme()
    assert theme.logo is None and theme.colors["accent"] == "#1F4E79"


def test_club_theme_overrides_colours_and_adds_a_logo(tmp_path: Path) -> None:
    _logo(tmp_path)
    path = tmp_path / "club.yaml"
    path.write_text("name: Riverside FC\ncolors:\n  accent: '#7A0019'\nlogo: logo.png\n", encoding="utf-8")
    theme = load_theme(path)
    assert (theme.name, theme.colors["accent"], theme.logo) == (
        "Riverside FC",
        "#7A0019",
        tmp_path / "logo.png",
    )
    assert theme.colors["text"] == "#1A1A1A"  # roles the club leaves out keep the default

    pdf = reader(make(profile(), theme=path))
    resources: Any = pdf.pages[0]["/Resources"]
    assert len(resources.get("/XObject", {})) == 1
    contents = pdf.pages[0].get_contents()
    assert contents is not None
    content = contents.get_data()
    assert b".478431 0 .098039 rg" in content  # #7A0019 as the heading colour


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("http://example.org/x.png", "must be a file beside the theme, not a web address"),
        ("../outside.png", "must be inside the theme's folder"),
        ("missing.png", "does not exist"),
        ("fake.png", "is not a PNG or JPEG image"),
    ],
)
def test_bad_logos_are_refused(tmp_path: Path, logo: str, message: str) -> None:
    folder = tmp_path / "theme"
    folder.mkdir()
    _logo(tmp_path).rename(tmp_path / "outside.png")
    (folder / "fake.png").write_text("not an image", encoding="utf-8")
    path = folder / "club.yaml"
    path.write_text(f"logo: '{logo}'\n", encoding="utf-8")
    with pytest.raises(RenderError, match=message):
        load_theme(path)


def test_a_theme_that_is_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "club.yaml"
    path.write_text("colors: [\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"^club\.yaml: not a valid theme file"):
        load_theme(path)
