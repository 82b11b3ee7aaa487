"""Files a run writes: whole or not at all, private when asked, and never another run's.

Every working file is named for the process that made it (`.handouts-<pid>-….tmp`), so a run
removes only its own, and one whose process is gone (killed, or the machine went down) is
found and removed by the next run into that folder.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from generator.errors import InputError, RenderError, shown

# Forked workers keep their parent's tag: a batch's files are all its main process's.
TAG = str(os.getpid())
PREFIX = ".handouts-"
_OWNED = re.compile(r"\.handouts-(\d+)-.*\.tmp")
# Earlier versions kept a batch's chunk documents in a hidden folder of OUTDIR.
_OLD_FOLDER = re.compile(r"\.handouts-[a-z0-9_]{8}")


def prefix() -> str:
    """Return the start of this run's working file names."""
    return f"{PREFIX}{TAG}-"


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def holds_other_than_pdf(path: Path) -> bool:
    """Return whether `path` is a file with something in it that is not a PDF (a coach's notes
    saved under a handout's name, a roster given as the output): never to be replaced by one.
    An empty file holds nothing to lose; one that cannot be read is taken as holding something."""
    if not path.is_file():
        return False
    try:
        with path.open("rb") as f:
            head = f.read(1024)  # where a PDF's header may stand
    except OSError:
        return True
    return bool(head) and b"%PDF-" not in head


class FileExists(Exception):
    """The file is there already, and the caller asked not to replace it."""


def write_atomically(
    path: Path, data: bytes, private: bool = False, durable: bool = True, replace: bool = True
) -> None:
    """Write `data` to `path` through a temporary file in the same folder, so no half file is left.

    `private` keeps the file readable by its owner only (health data on a shared computer).
    `durable` waits until the bytes are on the disk before the file takes its name, so not even
    a power cut leaves a half file; working files the run deletes again skip that wait.
    With `replace` False, a file already at `path` is never replaced (`FileExists`), even one
    another run writes at the same moment.
    """

    def write(temp: Path) -> None:
        with temp.open("wb") as f:
            f.write(data)

    write_atomically_with(path, write, private, durable, replace)


def write_atomically_with(
    path: Path,
    write: Callable[[Path], None],
    private: bool = False,
    durable: bool = True,
    replace: bool = True,
) -> None:
    """Let `write` fill a temporary file beside `path`, then put it in place in one step."""
    folder = path.parent
    try:
        handle, name = tempfile.mkstemp(prefix=prefix(), suffix=".tmp", dir=folder)
        os.close(handle)
    except OSError as e:
        raise RenderError(f"cannot write in {folder}: {e.strerror or e}") from e
    temp = Path(name)
    try:
        write(temp)
        if durable:
            with temp.open("rb+") as f:
                os.fsync(f.fileno())
        # A temporary file is created owner-only; the finished one gets the usual permissions.
        os.chmod(temp, 0o600 if private else 0o666 & ~umask())
        if replace:
            os.replace(temp, path)
        else:
            _place_new(temp, path)
    except BaseException as e:
        temp.unlink(missing_ok=True)
        if isinstance(e, FileExistsError) and not replace:
            raise FileExists(str(path)) from e
        if isinstance(e, OSError):
            raise RenderError(f"cannot write {path.name}: {e.strerror or e}") from e
        raise


def _place_new(temp: Path, path: Path) -> None:
    """Give the finished file its name only if no file has that name: a hard link does that in
    one step. Where the disk has no hard links (a FAT memory stick), the check and the rename
    are two steps."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(path):
            raise FileExistsError(str(path)) from None
        os.replace(temp, path)
        return
    temp.unlink()


def alive(pid: int) -> bool:
    """Tell whether a process with this id is running (another user's counts too).

    Windows has no such question to ask (its `os.kill(pid, 0)` sends Ctrl-C to the console):
    there every process counts as running, so no working file is ever taken for a dead run's.
    """
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def remove_own(folder: Path) -> None:
    """Remove the working files this run left in `folder` (an interrupted write, say)."""
    for leftover in folder.glob(f"{prefix()}*.tmp"):
        leftover.unlink(missing_ok=True)


def sweep(folder: Path) -> int:
    """Remove working files that runs no longer alive left in `folder`; return how many.

    A live run's files are left alone, whoever's they are.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        try:
            if (owned := _OWNED.fullmatch(entry.name)) and entry.is_file(follow_symlinks=False):
                if int(owned.group(1)) != os.getpid() and not alive(int(owned.group(1))):
                    os.unlink(entry.path)
                    removed += 1
            elif _OLD_FOLDER.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                names = os.listdir(entry.path)
                if all(re.fullmatch(r"chunk-\d+(-\d+)?\.pdf", n) for n in names):
                    shutil.rmtree(entry.path)
                    removed += 1
        except OSError:
            continue  # not ours to remove (another user's, or gone already)
    return removed


def ready_folders(folders: Sequence[Path], create: bool = False) -> None:
    """Check, before any work, that files can be written in each folder (made if `create`).

    All are checked before any is made: a run that cannot start leaves no empty folder behind.
    Working files that runs no longer alive left there (a `kill -9`) are removed.
    """
    for folder in folders:
        existing = folder
        while not existing.exists() and create and existing.parent != existing:
            existing = existing.parent
        if existing.exists() and not existing.is_dir():
            what = shown(str(existing))
            raise InputError(f"{what} is a file, not a folder; choose a folder for the output")
        _probe(existing)  # the folder, or the one it will be made in
    for folder in folders:
        if create and not folder.exists():
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise InputError(f"cannot make the folder {shown(str(folder))}: {e.strerror or e}") from e
            _probe(folder)
    for folder in folders:
        if folder.is_dir():
            sweep(folder)


def _probe(folder: Path) -> None:
    """Make and remove a file at once: a read-only folder or disk says so now, not at the end."""
    try:
        handle, name = tempfile.mkstemp(prefix=prefix(), suffix=".tmp", dir=folder)
        os.close(handle)
        os.unlink(name)
    except OSError as e:
        raise InputError(f"cannot write in {shown(str(folder))}: {e.strerror or e}") from e


def append_record(path: Path, header: str, lines: str, private: bool) -> str | None:
    """Add lines to a CSV record file of ours (a run's manifest), with its header if the file is
    new; return why not, or None.

    The file is opened without following a link (a link planted there would have another file
    written to) and must be a plain file; one that does not start with our header is someone
    else's and is left as it is. It is locked while it is read and added to, so two runs
    finishing together each add theirs whole, under one header."""
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags, 0o600 if private else 0o644)
    except OSError as e:
        if path.is_symlink():
            return f"{path.name} is a link: it was left as it is"
        raise e
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return f"{path.name} is not a plain file: it was left as it is"
    with os.fdopen(fd, "r+b") as out:
        with _locked(fd):
            out.seek(0)
            first = out.readline()
            if first and first.decode("utf-8-sig", "replace").strip() != header.strip():
                return f"{path.name} is not a record this tool wrote: it was left as it is"
            # (at the end: the file is open for appending; written out before the lock goes)
            out.write(("" if first else "\ufeff" + header).encode("utf-8") + lines.encode("utf-8"))
            out.flush()
    return None


@contextmanager
def _locked(fd: int) -> Iterator[None]:
    """Hold an exclusive lock on an open file (where the system has them) while in the block."""
    try:
        import fcntl
    except ImportError:  # (Windows: no such locks; the one write at the end stays whole)
        yield
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
