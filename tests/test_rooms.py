"""The package's rooms keep to their stage: each imports only the rooms before it, reportlab
lives in layout/, pikepdf in pdf/, and raw PDF syntax in pdf/objects.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"
# The flow: each room may use the rooms before it. Shared modules at the top serve every room.
ORDER = ["inputs", "rules", "content", "layout", "pdf", "runs", "api", "cli"]
SHARED = {"errors", "options", "locale", "units", "resources", "__init__", "__main__"}


def room(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "generator" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in ORDER else None  # anything else is shared (errors, __version__...)


def imports(path: Path) -> list[tuple[str, int]]:
    """Return the generator modules a file imports (at run time, not for type checking only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            names = (
                [node.module] if node.module != "generator" else [f"generator.{a.name}" for a in node.names]
            )
            found += [(name, node.lineno) for name in names]
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
    return found


def module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_each_room_imports_only_the_rooms_before_it() -> None:
    wrong = []
    for path in sources():
        own = room(module_of(path))
        if own is None:
            continue
        for name, line in imports(path):
            other = room(name)
            if other is not None and name.startswith("generator.") and ORDER.index(other) > ORDER.index(own):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert wrong == []


def test_reportlab_is_known_only_to_the_layout_and_pikepdf_only_to_the_pdf_room() -> None:
    wrong = []
    for path in sources():
        rel = path.relative_to(PACKAGE).as_posix()
        for name, line in imports(path):
            if name.startswith("reportlab") and not rel.startswith("layout/"):
                wrong.append(f"{rel}:{line} imports {name}")
            if name.startswith("pikepdf") and not rel.startswith("pdf/"):
                wrong.append(f"{rel}:{line} imports {name}")
    assert wrong == []


def test_raw_pdf_syntax_is_written_only_by_the_object_layer() -> None:
    syntax = re.compile(rb'(?<![A-Za-z])b"[^"\n]*(<<|>>| 0 R|/Type/)')
    wrong = [
        f"{p.relative_to(ROOT)}"
        for p in sources()
        if p.name != "objects.py" and syntax.search(p.read_bytes())
    ]
    assert wrong == []


def test_reportlab_private_names_are_used_only_in_internals() -> None:
    private = re.compile(
        r"\b(canv|canvas|_doc|doc|template|font|face|page)\._[a-zA-Z]|rl_config\.|STATE_DEFAULTS|charToGlyph|keepTogetherClass"
    )
    wrong = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in sources()
        if p.parent.name == "layout" and p.name != "internals.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if private.search(line)
    ]
    assert wrong == []
