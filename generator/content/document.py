"""The handout as a document: blocks of text, lists, charts and boxes, before any page layout.

Content files are written in a small line-based markup (see `handouts/README.md`). This module
turns rendered content into blocks. Values from a profile reach it only as placeholders, which
are swapped for their literal text after the markup has been read, so nothing a roster holds
can ever act as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

# A span of inline text and whether it is bold.
Span = tuple[str, bool]

PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")


def placeholder(index: int) -> str:
    """Return the placeholder that stands for the value at `index` until the markup is read."""
    return f"\ue000{index}\ue001"


@dataclass(frozen=True)
class DocInfo:
    """What a finished PDF says about itself: never a name or a health value."""

    title: str
    subject: str
    language: str


@dataclass(frozen=True)
class Heading:
    level: int  # 1: topic, 2: section, 3: subsection
    text: str


@dataclass(frozen=True)
class Para:
    spans: tuple[Span, ...]
    style: str = "body"  # "body", "lead" (the main message), "why" (the reason for advice)


@dataclass(frozen=True)
class ItemList:
    items: tuple[tuple[Span, ...], ...]
    ordered: bool


@dataclass(frozen=True)
class Checklist:
    items: tuple[tuple[Span, ...], ...]


@dataclass(frozen=True)
class Chart:
    kind: str  # "acwr", "hydration", "heat"


@dataclass(frozen=True)
class TriageBox:
    level: str
    title: str
    reasons: tuple[str, ...]  # the reasons at the box's own level
    actions: tuple[str, ...]
    # Reasons at lower levels, each group under its own level's words ("Also: Book a doctor's
    # visit"), so that no symptom is printed under a level it does not have.
    also: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class References:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Cite:
    """The sources of the text around it (`@cite A1 N1`): listed only if that text is printed."""

    keys: tuple[str, ...]


@dataclass(frozen=True)
class PageEnd:
    """Where a page of a fixed-length handout ends: what follows starts the next page."""


@dataclass(frozen=True)
class Columns:
    """Where text in two columns starts (`[[columns]]`), turns (`[[next column]]`) or ends."""

    mark: str  # "start", "next", "end"


COLUMN_MARKS = {"[[columns]]": "start", "[[next column]]": "next", "[[end columns]]": "end"}


@dataclass(frozen=True)
class MayMove:
    """What follows, to the page's end, may open the next page when this page is too full."""


Block = (
    Heading
    | Para
    | ItemList
    | Checklist
    | Chart
    | TriageBox
    | References
    | Cite
    | PageEnd
    | MayMove
    | Columns
)
CHART_KINDS = ("acwr", "hydration", "heat")


@dataclass
class Document:
    """One athlete's handout, ready to lay out on pages."""

    language: str
    title: str
    header: tuple[str, ...]  # lines under the title: who it is for, team, date
    blocks: list[Block]
    closing: list[Block]  # the "education, not a diagnosis" statement and the references
    footer: str
    # The plan's numbers as the reader sees them ("300–420 mL"), for the charts to print too.
    numbers: dict[str, Any] = field(default_factory=dict)
    # A handout of fixed pages: each page's name (its bookmark). The blocks hold a `PageEnd`
    # between pages, and each page's text is fitted to its page. Empty: the text flows (a guide).
    pages: tuple[str, ...] = ()

    def body_text(self) -> str:
        """Return the body text a reader reads: paragraphs and list items, not headings or sources."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Para):
                parts.append(span_text(block.spans))
            elif isinstance(block, ItemList | Checklist):
                parts.extend(span_text(item) for item in block.items)
            elif isinstance(block, TriageBox):
                parts.extend(block.reasons + block.actions)
                parts.extend(reason for _, group in block.also for reason in group)
        return "\n".join(_sentence(p) for p in parts if p.strip())


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def span_text(spans: Sequence[Span]) -> str:
    """Return the plain text of some spans."""
    return "".join(text for text, _ in spans)


class MarkupError(ValueError):
    """A line of content markup that cannot be read; `line` is 1-based within the rendered text."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


_BULLET = re.compile(r"^- (.*)$")
_STEP = re.compile(r"^\d+[.)] (.*)$")
_CHECK = re.compile(r"^\[ \] (.*)$")
_HEADING = re.compile(r"^(#{1,3}) (.*)$")
_CHART = re.compile(r"^\[\[chart (\w+)\]\]$")
_CITE = re.compile(r"^@cite((?: +[\w-]+)+)$")


def parse(text: str, values: Sequence[str]) -> list[Block]:
    """Return the blocks of rendered content; placeholders become the literal `values`.

    An `@cite KEYS` line names the sources of the text it stands with (checked when the content
    file is loaded: `cited`). It does not end a list or a paragraph.
    """
    blocks: list[Block] = []
    para: list[str] = []
    para_style = "body"
    items: list[str] = []
    list_kind = ""

    def inline(raw: str) -> tuple[Span, ...]:
        return spans_of(raw, values)

    def flush() -> None:
        nonlocal para, items, list_kind, para_style
        if para:
            blocks.append(Para(inline(" ".join(para)), para_style))
        if items:
            parsed = tuple(inline(i) for i in items)
            if list_kind == "check":
                blocks.append(Checklist(parsed))
            else:
                blocks.append(ItemList(parsed, ordered=list_kind == "step"))
        para, items, list_kind, para_style = [], [], "", "body"

    open_columns = ""  # "start" or "next" while text is in columns
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line:
            flush()
            continue
        if raw_line.startswith("  ") and items:
            items[-1] += " " + line  # continuation of a list item
            continue
        cite = _CITE.match(raw_line.rstrip())
        if cite:
            blocks.append(Cite(tuple(cite.group(1).split())))
            continue
        if line.lower().startswith("@cite"):
            raise MarkupError(number, "write a source line as '@cite KEY KEY ...', alone on its line")
        if line in COLUMN_MARKS:
            flush()
            mark = COLUMN_MARKS[line]
            if (mark == "start") == bool(open_columns) or (mark == "next" and open_columns != "start"):
                raise MarkupError(
                    number,
                    f"{line} stands where it cannot: write [[columns]], [[next column]], [[end columns]]",
                )
            open_columns = "" if mark == "end" else mark
            blocks.append(Columns(mark))
            continue
        heading = _HEADING.match(line)
        chart = _CHART.match(line)
        kinds = (("bullet", _BULLET.match(line)), ("step", _STEP.match(line)), ("check", _CHECK.match(line)))
        list_match = next(((k, m) for k, m in kinds if m), None)
        if heading:
            flush()
            blocks.append(Heading(len(heading.group(1)), span_text(inline(heading.group(2)))))
        elif chart:
            flush()
            if chart.group(1) not in CHART_KINDS:
                raise MarkupError(
                    number, f"unknown chart '{chart.group(1)}'; use one of {', '.join(CHART_KINDS)}"
                )
            blocks.append(Chart(chart.group(1)))
        elif list_match:
            kind, match = list_match
            if para or (items and kind != list_kind):
                flush()
            list_kind = kind
            items.append(match.group(1))
        elif line.startswith(("> ", "! ")):
            style = "why" if line[0] == ">" else "lead"
            if para and para_style != style or items:
                flush()
            para_style = style
            para.append(line[2:])
        else:
            if items or para_style != "body":
                flush()
            para.append(line)
    flush()
    if open_columns:
        raise MarkupError(number, "[[columns]] without [[end columns]]")
    return blocks


def cited(source: str) -> Iterator[tuple[int, tuple[str, ...] | None]]:
    """Yield each `@cite` line of a content file's source: its line number and its keys (None:
    the line is not written as `@cite KEY KEY ...`, alone on its line)."""
    for number, line in enumerate(source.splitlines(), start=1):
        if "@cite" not in line.lower():
            continue
        cite = _CITE.match(line.rstrip())
        yield number, tuple(cite.group(1).split()) if cite else None


def spans_of(raw: str, values: Sequence[str]) -> tuple[Span, ...]:
    """Return inline text as spans: `**` toggles bold; placeholders become literal values."""
    spans: list[Span] = []
    for index, part in enumerate(raw.split("**")):
        if not part:
            continue
        literal = PLACEHOLDER.sub(lambda m: values[int(m.group(1))], part)
        spans.append((literal, index % 2 == 1))
    return tuple(spans)
