"""Write a PDF object by object, as its pages arrive, holding almost nothing in memory.

A team packet of 10,000 athletes has some 50,000 pages. Assembled in memory (pypdf, or qpdf
through pikepdf), it needed hundreds of megabytes; here each page is written to a spool file as
soon as its chunk of handouts is laid out, and only the objects' places in the file are kept
(16 bytes an object). Small objects (page dictionaries, bookmarks) are packed into compressed
object streams, page drawings and fonts are written as they are.

`Copier` copies objects from documents pikepdf has opened (our rendered chunks, a club's
cover) into the `Writer`, numbering them afresh; it never decodes a stream.
"""

from __future__ import annotations

import hashlib
import itertools
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

import pikepdf

from generator.errors import InputError, RenderError
from generator.pdf import objects

PACKED = 100  # objects per object stream
LINES = 1000  # objects per object stream written by `put_lines`
# Structure trees and the cross-reference table are compressed quickly: a batch writes every
# athlete's tree twice, and zlib's default level took three times as long for a fifth less.
QUICK = 1
FREE = 0xFFFF  # a free object's entry: generation 65535, never to be used
XREF_SLICE = 1 << 16  # objects a slice of the cross-reference stream
DEEPEST = 64  # nesting of arrays and dictionaries inside one object; real files stay far below


class Writer:
    """Numbers objects and writes them to `out`; `finish` adds the cross-reference stream."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.at = 0
        self.digest = hashlib.md5(usedforsecurity=False)
        # Per object number: kind (1 = at an offset, 2 = inside an object stream) and where:
        # four bytes an object (a tagged packet of 10,000 athletes has some 1.8 million), so a
        # file stops at 4 GB, some 400,000 athletes' handouts.
        self.kind = array("b", [0])
        self.where = array("I", [0])
        self.index = array("H", [FREE])  # place in its object stream (FREE: none)
        self._packed: list[tuple[int, bytes]] = []
        self._write(objects.HEADER)

    def _write(self, data: bytes) -> None:
        try:
            self.out.write(data)
        except OSError as e:  # a full disk, a file size limit
            raise RenderError(f"cannot write the packet: {e.strerror or e}") from e
        self.digest.update(data)
        self.at += len(data)

    def _offset(self) -> int:
        if self.at >= 1 << 32:
            raise RenderError("the packet would pass 4 GB: make it in parts (--only, or several rosters)")
        return self.at

    def number(self) -> int:
        """Reserve the next object number."""
        self.kind.append(0)
        self.where.append(0)
        self.index.append(FREE)
        return len(self.kind) - 1

    def reserve(self, count: int) -> range:
        """Reserve the next `count` object numbers."""
        start = len(self.kind)
        self.kind.extend(bytes(count))
        self.where.extend(array("I", bytes(4 * count)))
        self.index.extend(array("H", [FREE]) * count)
        return range(start, start + count)

    def put(self, number: int, body: bytes) -> None:
        """Write a non-stream object (it goes into the next object stream)."""
        self._packed.append((number, body))
        if len(self._packed) >= PACKED:
            self._pack()

    def put_stream(self, number: int, entries: bytes, data: bytes) -> None:
        """Write a stream: `entries` are its dictionary's entries, without /Length."""
        self.kind[number], self.where[number], self.index[number] = 1, self._offset(), 0
        self._write(objects.stream(number, entries, data))

    def put_lines(self, numbers: range, data: bytes) -> None:
        """Write objects reserved together (`numbers`) whose bodies are the lines of `data`, in
        object streams of their own: a structure tree, filled in from its template in one step."""
        if not numbers:
            return
        bodies = data.split(b"\n")
        if len(bodies) != len(numbers):
            raise AssertionError("one line an object")
        for at in range(0, len(bodies), LINES):
            self._stream_of(numbers[at], bodies[at : at + LINES])

    def _stream_of(self, first: int, bodies: list[bytes]) -> None:
        count = len(bodies)
        stream = self.number()
        self.kind[first : first + count] = array("b", [2]) * count
        self.where[first : first + count] = array("I", [stream]) * count
        self.index[first : first + count] = array("H", range(count))
        offsets = itertools.accumulate([len(body) + 1 for body in bodies[:-1]], initial=0)
        pairs = zip(range(first, first + count), offsets, strict=True)
        header = b" ".join([b"%d %d" % pair for pair in pairs]) + b"\n"
        data = zlib.compress(header + b"\n".join(bodies) + b"\n", QUICK)
        self.put_stream(stream, objects.object_stream(count, len(header)), data)

    def _pack(self) -> None:
        if not self._packed:
            return
        stream = self.number()
        offsets, bodies, at = [], [], 0
        for position, (number, body) in enumerate(self._packed):
            self.kind[number], self.where[number], self.index[number] = 2, stream, position
            offsets.append(b"%d %d" % (number, at))
            bodies.append(body)
            at += len(body) + 1
        header = b" ".join(offsets) + b"\n"
        data = zlib.compress(header + b"\n".join(bodies) + b"\n", 6)
        self.put_stream(stream, objects.object_stream(len(bodies), len(header)), data)
        self._packed = []

    def finish(self, root: int, info: int | None) -> None:
        """Write what is still packed, then the cross-reference stream and the file's end."""
        self._pack()
        xref = self.number()
        self.kind[xref], self.where[xref], self.index[xref] = 1, self._offset(), 0
        # Seven bytes an object (type, place, index: big-endian), built and compressed a slice of
        # the tables at a time: a tagged packet of 10,000 athletes has some 1.8 million objects.
        packer, parts = zlib.compressobj(QUICK), []
        for at in range(0, len(self.kind), XREF_SLICE):
            parts.append(packer.compress(_rows(self, at, at + XREF_SLICE)))
        data = b"".join([*parts, packer.flush()])
        # The ID comes from the content, as qpdf's deterministic IDs do: same input, same bytes.
        ident = self.digest.hexdigest().encode("ascii")
        entries = objects.cross_reference(len(self.kind), root, info, ident)
        self._write(objects.stream(xref, entries, data))
        self._write(objects.file_end(self.where[xref]))


def _rows(w: Writer, start: int, stop: int) -> bytes:
    """Return the cross-reference rows of objects `start` to `stop` (where there are as many)."""
    kinds = w.kind[start:stop].tobytes()
    count = len(kinds)
    where, index = w.where[start:stop], w.index[start:stop]
    assert where.itemsize == 4 and index.itemsize == 2
    if sys.byteorder == "little":
        where.byteswap()
        index.byteswap()
    places, indexes = where.tobytes(), index.tobytes()
    rows = bytearray(7 * count)
    rows[0::7] = kinds
    for byte in range(4):
        rows[1 + byte :: 7] = places[byte::4]
    rows[5::7], rows[6::7] = indexes[0::2], indexes[1::2]
    return bytes(rows)


class Copier:
    """Copies objects from an open document into a `Writer`, each one once.

    `skip` names dictionary keys never copied (a page's /Parent, actions, annotations); a
    dictionary that is itself a page or a page tree met along the way becomes null, so copying
    a font can never drag another document's pages in.
    """

    def __init__(self, writer: Writer, skip: Iterable[str] = ()) -> None:
        self.w = writer
        self.skip = frozenset(skip) | {"/Parent"}
        self.done: dict[tuple[int, int], int] = {}
        self.digests: dict[tuple[int, int], bytes] = {}  # for the caller: this document's objects
        self._pending: list[tuple[int, Any]] = []

    def ref(self, obj: Any) -> bytes:
        """Return a reference to the copy of indirect object `obj`, copying it (once) if needed."""
        return objects.ref(self.number(obj))

    def number(self, obj: Any) -> int:
        """Return the object number of indirect object `obj`'s copy, copying it (once) if needed."""
        key = obj.objgen
        number = self.done.get(key)
        if number is None:
            number = self.done[key] = self.w.number()
            self._pending.append((number, obj))
            if len(self._pending) == 1:
                self._drain()
        return number

    def _drain(self) -> None:
        while self._pending:
            number, obj = self._pending[0]
            self.write(number, obj)
            self._pending.pop(0)

    def write(self, number: int, obj: Any, extra: bytes = b"", leave: Iterable[str] = ()) -> None:
        """Write `obj`'s copy as object `number`, with `extra` entries and without keys `leave`."""
        if isinstance(obj, pikepdf.Stream):
            entries = self._entries(obj, 0, {"/Length", "/DecodeParms", "/Filter", *leave}) + extra
            for name in ("/Filter", "/DecodeParms"):
                if name in obj:
                    entries += objects.entry(name, self.value(obj[name], 1))
            self.w.put_stream(number, entries, obj.read_raw_bytes())
        elif isinstance(obj, pikepdf.Dictionary):
            self.w.put(number, objects.dictionary(self._entries(obj, 0, set(leave)) + extra))
        else:
            self.w.put(number, self.value(obj, 0, indirect_ok=False))

    def _entries(self, obj: Any, depth: int, leave: set[str]) -> bytes:
        out = bytearray()
        # pikepdf gives a dictionary's keys as a set, whose order changes from run to run:
        # sorted, the same input gives the same bytes.
        for key in sorted(obj.keys()):
            if key in self.skip or key in leave:
                continue
            out += objects.entry(key, self.value(obj[key], depth + 1)) + b" "
        return bytes(out)

    def value(self, obj: Any, depth: int, indirect_ok: bool = True) -> bytes:
        """Return `obj` in PDF syntax; indirect objects it holds become references."""
        if depth > DEEPEST:
            raise InputError("a PDF nests its objects too deeply to be copied")
        if isinstance(obj, pikepdf.Object):
            if indirect_ok and obj.is_indirect:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") in (
                    pikepdf.Name.Page,
                    pikepdf.Name.Pages,
                ):
                    return objects.NULL
                return self.ref(obj)
            if isinstance(obj, pikepdf.Stream):
                raise InputError("a PDF holds a stream where only a reference may be")
            if isinstance(obj, pikepdf.Dictionary):
                return objects.dictionary(self._entries(obj, depth, set()))
            if isinstance(obj, pikepdf.Array):
                return objects.array_of(self.value(item, depth + 1) for item in obj)
            return bytes(obj.unparse())
        if obj is None:
            return objects.NULL
        if isinstance(obj, bool | int | float | Decimal):
            return objects.number(obj)
        raise InputError(f"a PDF holds a value that cannot be copied ({type(obj).__name__})")


# A bookmark: its title, its page index and the bookmarks under it, as (title, page) or nested
# again as bookmarks.
Bookmark = tuple[str, int, Sequence[Any]]
Bookmarks = Iterable[Bookmark]


def outline(w: Writer, items: Bookmarks, page_ref: Callable[[int], bytes], count: int) -> int | None:
    """Write `count` bookmarks (title, page index, bookmarks under it); return the root.

    The items may come from a generator: a packet has one per athlete, with their topics.
    """
    if count == 0:
        return None
    root = w.number()
    first, last = _level(w, root, items, count, page_ref)
    w.put(root, objects.outline_root(first, last, count))
    return root


def _level(
    w: Writer, parent: int, items: Bookmarks, count: int, page_ref: Callable[[int], bytes]
) -> tuple[int, int]:
    """Write one level of `count` bookmarks under `parent`; return the first's and last's numbers."""
    numbers = array("l", (w.number() for _ in range(count)))
    written = 0
    for at, (title, page, children) in enumerate(items):
        below = None
        if children:
            kids = [kid if len(kid) == 3 else (*kid, ()) for kid in children]
            first, last = _level(w, numbers[at], kids, len(kids), page_ref)
            below = (first, last, len(children))  # closed: an athlete's opens onto its topics
        previous = numbers[at - 1] if at > 0 else None
        following = numbers[at + 1] if at + 1 < count else None
        w.put(numbers[at], objects.bookmark(title, parent, page_ref(page), previous, following, below))
        written += 1
    if written != count:
        raise ValueError(f"{written} bookmarks given where {count} were announced")
    return numbers[0], numbers[-1]
