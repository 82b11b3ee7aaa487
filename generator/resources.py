"""Find the bundled content (`handouts/`) and page layouts (`templates/`).

An installed wheel carries them inside the package as `generator/_data/`; a checkout has them
beside the package at the repository root. Both are looked up here, and only here.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled '{name}' folder is missing; reinstall the handouts tool")


def content_dir() -> Path:
    """Return the folder of the built-in handout content."""
    return _find("handouts")


def templates_dir() -> Path:
    """Return the folder of the built-in page layouts and themes."""
    return _find("templates")
