"""Open PDFs that come from outside (a club's cover or appendix, handouts to put together).

A crafted PDF can make a parser loop or inflate a few kilobytes into gigabytes. Each outside
PDF is therefore size-capped and first read in full by a separate process, under a time and a
memory limit, with the library the packet itself uses (pikepdf), before this process touches
it; its bookmarks are read there too. The packet copies streams without decoding them, and
what it takes from a page is an allow-list of keys (`PAGE_KEYS`): its content and resources,
never JavaScript, actions, annotations, attached files or the document's metadata.

Run as `python -m generator.pdf.outside FILE...` it is that separate reader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.errors import InputError
from generator.options import MAX_PDF_MB

SECONDS = 10.0
SECONDS_PER_FILE = 1.0
MEMORY_BYTES = 1024 * 1024 * 1024
# The only keys copied from an outside page: what it shows, and how big it is.
PAGE_KEYS = frozenset(
    {"/Type", "/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate", "/Resources",
     "/Contents", "/Group", "/UserUnit"}
)  # fmt: skip
# Keys never copied from anything an outside page uses (fonts, images, forms): those that act,
# attach files or carry metadata.
ACTIVE_KEYS = (
    "/A", "/AA", "/AF", "/Annots", "/B", "/EF", "/EmbeddedFiles", "/JS", "/JavaScript",
    "/Metadata", "/OpenAction", "/PieceInfo", "/URI",
)  # fmt: skip
MOST_DECODED = 64 * 1024 * 1024  # no page of ours or a club's draws more than this
BOMB = "not a readable PDF: a part of it expands far past any real page (a decompression bomb?)"
MOST_BOOKMARKS = 2000  # top-level bookmarks taken from one outside PDF
LONGEST_TITLE = 300


def check(paths: Sequence[Path], max_mb: float = MAX_PDF_MB) -> list[list[tuple[str, int]]]:
    """Refuse outside PDFs that are too big, damaged, locked, or too costly to read.

    Return each file's top-level bookmarks (title, page index), read under the same limits.
    """
    if not paths:
        return []
    for path in paths:
        size = path.stat().st_size
        if size > max_mb * 1024 * 1024:
            mb = size / 1048576
            raise InputError(f"{path.name}: the PDF is {mb:.0f} MB; at most {max_mb:g} MB is accepted")
    seconds = SECONDS + SECONDS_PER_FILE * len(paths)
    command = [sys.executable, "-m", "generator.pdf.outside", *(str(p) for p in paths)]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=seconds,
            preexec_fn=_limit_memory if os.name == "posix" else None,  # noqa: PLW1509
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        names = ", ".join(p.name for p in paths)
        raise InputError(
            f"{names}: reading took over {seconds:g} s; the PDF may be damaged or hostile"
        ) from e
    names = ", ".join(p.name for p in paths)
    try:
        report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError) as e:
        raise InputError(
            f"{names}: reading the PDF needs too much memory; it may be damaged or hostile"
        ) from e
    if report.get("problem"):
        raise InputError(f"{report['file']}: {report['problem']}")
    return [[(str(title), int(page)) for title, page in marks] for marks in report["bookmarks"]]


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _read_all(path: Path) -> tuple[str | None, list[tuple[str, int]]]:
    """Read a PDF in full, as the packet will; return the problem in words (or None) and its bookmarks."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            if len(pdf.pages) == 0:
                return "the PDF has no pages", []
            for page in pdf.pages:
                page.mediabox  # noqa: B018 - reading it is the check
                contents = page.obj.get("/Contents")
                for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
                    if isinstance(stream, pikepdf.Stream) and not _decodes(stream):
                        return BOMB, []
                if _nests_too_deep(page.obj):
                    return "not a readable PDF: its objects nest too deeply to be copied", []
            return None, _bookmarks(pdf)
    except pikepdf.PasswordError:
        return "the PDF is password-protected; give an unlocked copy", []
    except MemoryError:
        return BOMB, []
    except RecursionError:
        return "not a readable PDF: its objects nest too deeply", []
    except (pikepdf.PdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as e:
        return f"not a readable PDF ({type(e).__name__}: {e})", []
    except Exception as e:  # a damaged file can break the parser in any way: that is the answer
        return f"not a readable PDF ({type(e).__name__})", []


def _decodes(stream: Any) -> bool:
    """Decode a page's drawing; False when it expands past `MOST_DECODED` (a bomb)."""
    import pikepdf

    filters = stream.get("/Filter")
    if filters is None or filters == pikepdf.Name.FlateDecode:
        # zlib a piece at a time: a few kilobytes never get the chance to become gigabytes.
        raw = stream.read_raw_bytes()
        if filters is None:
            return len(raw) <= MOST_DECODED
        inflate = zlib.decompressobj()
        total = len(inflate.decompress(raw, MOST_DECODED + 1))
        return total <= MOST_DECODED
    return len(stream.read_bytes()) <= MOST_DECODED  # other filters: under the memory limit


def _nests_too_deep(page: Any) -> bool:
    """Walk what the packet would copy of a page; True if it nests deeper than the copy allows."""
    import pikepdf

    from generator.pdf.stream import DEEPEST

    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Any, int]] = [(page, 0)]
    while stack:
        obj, depth = stack.pop()
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
            if (
                obj is not page
                and isinstance(obj, pikepdf.Dictionary)
                and obj.get("/Type")
                in (
                    pikepdf.Name.Page,
                    pikepdf.Name.Pages,
                )
            ):
                continue  # the packet writes another page as null
            depth = 0  # a reference is copied as an object of its own
        if depth > DEEPEST:
            return True
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            stack.extend((obj[key], depth + 1) for key in obj.keys() if key != "/Parent")
        elif isinstance(obj, pikepdf.Array):
            stack.extend((item, depth + 1) for item in obj)
    return False


def _bookmarks(pdf: Any) -> list[tuple[str, int]]:
    """Return a document's top-level bookmarks that point at one of its pages."""
    import pikepdf

    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    found: list[tuple[str, int]] = []
    with pdf.open_outline(max_depth=1) as outline:
        for item in outline.root[:MOST_BOOKMARKS]:
            target = item.destination
            if target is None and item.action is not None and item.action.get("/S") == "/GoTo":
                target = item.action.get("/D")
            if isinstance(target, pikepdf.Name | pikepdf.String | str):
                target = _named(pdf, target)
            if isinstance(target, pikepdf.Dictionary):
                target = target.get("/D")
            if (
                isinstance(target, pikepdf.Array)
                and len(target)
                and isinstance(target[0], pikepdf.Dictionary)
            ):
                page = pages.get(target[0].objgen)
                if page is not None:
                    found.append((str(item.title)[:LONGEST_TITLE], page))
    return found


def _named(pdf: Any, name: Any) -> Any:
    """Look a named destination up (PDF 1.1 /Dests, or the /Names tree)."""
    import pikepdf

    root = pdf.Root
    if isinstance(name, pikepdf.Name) and "/Dests" in root:
        return root.Dests.get(name)
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
        tree = pikepdf.NameTree(names.Dests)
        key = str(name)
        return tree[key] if key in tree else None
    return None


def main(arguments: Sequence[str]) -> None:
    marks: list[list[tuple[str, int]]] = []
    for name in arguments:
        problem, found = _read_all(Path(name))
        if problem:
            print(json.dumps({"file": Path(name).name, "problem": problem}))
            return
        marks.append(found)
    print(json.dumps({"problem": None, "bookmarks": marks}))


if __name__ == "__main__":
    main(sys.argv[1:])
