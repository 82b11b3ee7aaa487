"""Open PDFs that come from outside (a club's cover or appendix, handouts to put together).

A crafted PDF can make a parser loop or inflate a few kilobytes into gigabytes. Each outside
PDF is therefore size-capped and first read in full by a separate process, under a time and a
memory limit, before this process touches it; pypdf's decompression limits are set low; the
packet copies streams without decoding them; and what the packet takes from it is the pages'
content alone: no JavaScript, actions, annotations, attached files or the document's metadata.

Run as `python -m generator.untrusted FILE...` it is that separate reader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.errors import InputError

MAX_MB = 50
SECONDS = 10.0
SECONDS_PER_FILE = 1.0
MEMORY_BYTES = 1024 * 1024 * 1024
# Keys of a page that can act rather than show: actions, annotations (links, attachments, forms).
ACTIVE_KEYS = ("/AA", "/Annots", "/B", "/PieceInfo", "/Metadata")


def limit_decompression() -> None:
    """Set pypdf's decompression limits low: no stream of ours or a club's needs more than this."""
    import pypdf

    limit = 64 * 1024 * 1024
    pypdf.overwrite_configuration(
        maximum_declared_stream_length=limit,
        array_based_stream_maximum_output_length=limit,
        jbig2_maximum_output_length=limit,
        lzw_maximum_output_length=limit,
        run_length_maximum_output_length=limit,
        zlib_maximum_output_length=limit,
        brotli_maximum_output_length=limit,
    )


def check(paths: Sequence[Path], max_mb: float = MAX_MB) -> None:
    """Refuse outside PDFs that are too big, damaged, locked, or too costly to read."""
    if not paths:
        return
    for path in paths:
        size = path.stat().st_size
        if size > max_mb * 1024 * 1024:
            mb = size / 1048576
            raise InputError(f"{path.name}: the PDF is {mb:.0f} MB; at most {max_mb:g} MB is accepted")
    seconds = SECONDS + SECONDS_PER_FILE * len(paths)
    command = [sys.executable, "-m", "generator.untrusted", *(str(p) for p in paths)]
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


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def bookmarks(path: Path) -> list[tuple[int, str, int]]:
    """Return a checked PDF's top-level bookmarks as (0, title, page index)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    limit_decompression()
    try:
        reader = PdfReader(path)
        found = []
        for item in reader.outline:
            if isinstance(item, list):
                continue
            page = reader.get_destination_page_number(item)
            if page is not None:
                found.append((0, str(item.title), page))
        return found
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as e:
        raise InputError(f"{path.name}: not a readable PDF ({e})") from e


def _read_all(path: Path) -> str | None:
    """Read a PDF in full, as the packet will; return the problem in words, or None."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            return "the PDF is password-protected; give an unlocked copy"
        if len(reader.pages) == 0:
            return "the PDF has no pages"
        for page in reader.pages:
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
            page.mediabox  # noqa: B018 - reading it is the check
    except LimitReachedError:
        return "not a readable PDF: a part of it expands far past any real page (a decompression bomb?)"
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as e:
        return f"not a readable PDF ({type(e).__name__}: {e})"
    except Exception as e:  # a damaged file can break the parser in any way: that is the answer
        return f"not a readable PDF ({type(e).__name__})"
    return None


def main(arguments: Sequence[str]) -> None:
    limit_decompression()
    for name in arguments:
        problem = _read_all(Path(name))
        if problem:
            print(json.dumps({"file": Path(name).name, "problem": problem}))
            return
    print(json.dumps({"problem": None}))


if __name__ == "__main__":
    main(sys.argv[1:])
