"""Themes and page layout: colours, logo and sizes, from `templates/` or a club's own theme file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from generator import resources
from generator.errors import RenderError
from generator.inputs import yamlio

if TYPE_CHECKING:
    from reportlab.lib.colors import Color

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 16_000_000  # a print logo needs far fewer; a small file can declare billions
LOGO_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


@dataclass(frozen=True)
class Theme:
    """A look for the handouts: a name, hex colours by role, and an optional logo file."""

    name: str
    colors: dict[str, str]
    logo: Path | None
    club: str = ""  # the club's name, when its theme file gives one


@dataclass(frozen=True)
class Layout:
    """Margins, fonts and sizes of the page."""

    margins_mm: dict[str, float]
    font: dict[str, str]
    sizes: dict[str, float]
    leading: float
    space_after: float


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise RenderError(f"{path.name}: cannot be read ({e.strerror or e})") from e
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise RenderError(f"{path.name}: not a valid theme file ({e})") from e
    if not isinstance(data, dict):
        raise RenderError(f"{path.name}: expected names with values, like 'colors:'")
    return data


def load_layout() -> Layout:
    """Return the built-in page layout."""
    path = resources.templates_dir() / "layout.yaml"
    data = _read_yaml(path)
    missing = [k for k in ("margins_mm", "font", "sizes", "leading", "space_after") if k not in data]
    if missing:
        raise RenderError(f"{path.name}: {', '.join(missing)} missing")
    return Layout(
        margins_mm={k: float(v) for k, v in data["margins_mm"].items()},
        font=dict(data["font"]),
        sizes={k: float(v) for k, v in data["sizes"].items()},
        leading=float(data["leading"]),
        space_after=float(data["space_after"]),
    )


def load_theme(path: Path | None = None) -> Theme:
    """Return the default theme, with a club's theme file laid over it if one is given."""
    base = _read_yaml(resources.templates_dir() / "theme.yaml")
    colors: dict[str, str] = dict(base["colors"])
    name = str(base.get("name") or "Default")
    logo: Path | None = None
    if path is None:
        return Theme(name, colors, None)
    club = _read_yaml(path)
    problems: list[str] = []
    unknown = sorted(set(club) - {"name", "colors", "logo"})
    if unknown:
        problems.append(f"unknown settings {', '.join(unknown)} (use name, colors, logo)")
    chosen = club.get("colors") or {}
    if not isinstance(chosen, dict):
        problems.append("colors: expected colour roles with values, like 'accent: \"#1F4E79\"'")
        chosen = {}
    for role, value in chosen.items():
        if role not in colors:
            problems.append(f"colors.{role}: unknown colour role (use {', '.join(colors)})")
        elif not isinstance(value, str) or not _HEX.match(value):
            problems.append(f"colors.{role}: {value!r} is not a colour like '#1F4E79'")
        else:
            colors[role] = value
    if club.get("name"):
        if isinstance(club["name"], str | int | float):
            name = str(club["name"])
        else:
            problems.append("name: should be your club's name as text")
    if club.get("logo"):
        try:
            logo = _check_logo(path.parent, str(club["logo"]))
        except RenderError as e:
            problems.append(str(e))
    if problems:
        raise RenderError(f"{path.name}: " + "; ".join(problems))
    return Theme(name, colors, logo, name if club.get("name") else "")


def _check_logo(folder: Path, name: str) -> Path:
    """Return the logo's path if it is a PNG or JPEG inside the theme's folder and small enough."""
    if "://" in name:
        raise RenderError(f"logo: '{name}' must be a file beside the theme, not a web address")
    folder = folder.resolve()
    logo = (folder / name).resolve()
    if not logo.is_relative_to(folder):
        raise RenderError(f"logo: '{name}' must be inside the theme's folder")
    if not logo.is_file():
        raise RenderError(f"logo: '{name}' does not exist")
    size = logo.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise RenderError(f"logo: '{name}' is {size // 1024} KB; at most {MAX_LOGO_BYTES // 1024} KB")
    with logo.open("rb") as f:
        head = f.read(8)
    if not head.startswith(LOGO_SIGNATURES):
        raise RenderError(f"logo: '{name}' is not a PNG or JPEG image")
    _decode_logo(logo, name)
    return logo


def _decode_logo(logo: Path, name: str) -> None:
    """Decode the logo once now, so a damaged one stops the run before any page, not on each."""
    from PIL import Image

    try:
        with Image.open(logo) as image:
            if image.width * image.height > MAX_LOGO_PIXELS:
                raise RenderError(
                    f"logo: '{name}' is {image.width} × {image.height} pixels; "
                    f"at most {MAX_LOGO_PIXELS // 1_000_000} million"
                )
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as e:
        raise RenderError(f"logo: '{name}' is not a readable PNG or JPEG image") from e


def theme_color(theme: Theme, role: str) -> Color:
    """Return the theme's colour for a role ("accent", "muted", "box_emergency", ...)."""
    from reportlab.lib.colors import HexColor

    return HexColor(theme.colors[role])


def tint(color: Color, amount: float) -> Color:
    """Return `color` mixed with white: 0 is the colour, 1 is white."""
    from reportlab.lib.colors import Color

    return Color(
        color.red + (1 - color.red) * amount,
        color.green + (1 - color.green) * amount,
        color.blue + (1 - color.blue) * amount,
    )
