"""The sandbox that fills in handout content, under limits a club's files cannot pass.

A club's content folder holds Jinja2 templates written by people, not by this tool. They run in
Jinja2's immutable sandbox, and here under four more rules:

- every file and include is read from inside its content folder; a link that points elsewhere
  is refused, so content cannot print a file from the rest of the computer;
- one topic takes at most `SECONDS` to compile or fill in, so loops inside loops stop;
- it may use at most `MEMORY` more than the tool already holds, so a string made huge by
  repetition or a format width stops (where the system lets a program cap its own memory);
- it makes at most `MAX_TEXT` characters, far beyond the longest real handout.

A problem is reported by file and line with a message that never quotes a profile value.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

SECONDS = 5.0
MEMORY = 512 * 1024 * 1024
MAX_TEXT = 100_000  # the longest built-in topic makes about a tenth of this
MAX_REPEAT = 100_000  # the largest count a repetition may use, the same as Jinja2's `range`

try:
    import resource
except ImportError:  # Windows: no way for a program to cap its own memory
    resource = None  # type: ignore[assignment]


class LimitError(Exception):
    """Content went past one of the sandbox's limits."""


class ContentEnvironment(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, which also refuses repetitions past `MAX_REPEAT`."""

    # Intercepting these also keeps `"a" * 10**10` from being worked out while compiling.
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int) and abs(right) > 64 and not isinstance(left, float):
                raise LimitError("a power ('**') above 64 is more than content needs")
            return super().call_binop(context, operator, left, right)
        for count, other in ((right, left), (left, right)):
            if isinstance(count, int) and isinstance(other, (str, list, tuple)):
                if count * len(other) > MAX_REPEAT:
                    raise LimitError(f"a repetition ('*') makes more than {MAX_REPEAT:,} items")
        return super().call_binop(context, operator, left, right)


class FolderLoader(jinja2.BaseLoader):
    """Load templates from content folders, first match wins, never from outside a folder.

    `prepare` may rewrite a file's text (the content files drop their front matter here).
    """

    def __init__(self, folders: list[Path], prepare: Callable[[str], str] = lambda text: text) -> None:
        self.folders = folders
        self.prepare = prepare

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = find_inside(self.folders, template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        text = path.read_text(encoding="utf-8")
        mtime = path.stat().st_mtime
        return self.prepare(text), str(path), lambda: _unchanged(path, mtime)


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False


class OutsideError(jinja2.TemplateNotFound):
    """A content file is a link to a file outside its content folder."""


def find_inside(folders: list[Path], name: str) -> Path | None:
    """Return the first `folder/name` that is a file inside its folder (links resolved), or None.

    A name with `..` is refused by Jinja2's own rule; a link out of the folder raises OutsideError.
    """
    parts = split_template_path(name)
    for folder in folders:
        candidate = folder.joinpath(*parts)
        if not candidate.is_file():
            continue
        real, root = candidate.resolve(), folder.resolve()
        if not real.is_relative_to(root):
            raise OutsideError(name, f"{name}: a link to a file outside the content folder, refused")
        return candidate
    return None


@contextlib.contextmanager
def limits() -> Iterator[None]:
    """Run the block under the time and memory limits (each one only where the system allows it)."""
    with _time_limit(), _memory_limit():
        yield


@contextlib.contextmanager
def _time_limit() -> Iterator[None]:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise LimitError(f"the content took more than {SECONDS:g} seconds; look for loops inside loops")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _address_space() -> int | None:
    """Return the bytes of address space this process holds now (Linux), or None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextlib.contextmanager
def _memory_limit() -> Iterator[None]:
    used = _address_space() if resource is not None else None
    if used is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + MEMORY
    if (soft != resource.RLIM_INFINITY and soft <= cap) or (hard != resource.RLIM_INFINITY and hard < cap):
        yield  # the system already holds the tool to less than this
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    except MemoryError:
        raise LimitError(f"the content needs more than {MEMORY // 2**20} MB of memory") from None
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def render(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Return a template filled in, under the limits; the text may not pass `MAX_TEXT`."""
    parts: list[str] = []
    size = 0
    with limits():
        for part in template.generate(context):
            size += len(part)
            if size > MAX_TEXT:
                raise LimitError(f"the content prints more than {MAX_TEXT:,} characters")
            parts.append(part)
    return "".join(parts)


_QUOTED = re.compile(r"'([^'\n]*)'|\"([^\"\n]*)\"")
_TYPE_NAME = re.compile(r"[\w.]+ object|str|int|float|bool|list|tuple|dict|NoneType|Undefined|Markup")
_NUMBER = re.compile(r"(?<![\w.-])[-+]?\d+(?:[.,]\d+)*")


def without_values(message: str, source: str) -> str:
    """Return an error message with anything that may be an athlete's value replaced by '…'.

    Python and Jinja2 quote the value that went wrong ("no attribute 'Ana Lopez'"); a message
    keeps only what the content's author wrote (a name found in the file) and type names.
    """

    def quoted(match: re.Match[str]) -> str:
        text = match.group(1) if match.group(1) is not None else match.group(2)
        if _TYPE_NAME.fullmatch(text) or (text and re.search(rf"(?<!\w){re.escape(text)}(?!\w)", source)):
            return match.group(0)
        return "'…'"

    return _NUMBER.sub("…", _QUOTED.sub(quoted, message))
