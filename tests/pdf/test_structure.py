"""A structure tree's template: filled in with a file's own numbers, it says what the layout recorded."""

from __future__ import annotations

import re

from generator.layout.tags import Element
from generator.pdf.structure import template

PAGES = {0: 7, 1: 8}  # pages as laid out -> their objects in the file
TOP = 99


def _find(pattern: bytes, data: bytes) -> bytes:
    found = re.search(pattern, data)
    assert found is not None, (pattern, data)
    return found[1]


def _filled() -> dict[int, bytes]:
    """Return the template of a small tree, filled in: object number -> body."""
    figure = Element("Figure", [(0, 3)], alt="100% of the load (50 %s)")
    row = Element("TR", [Element("TD"), Element("TD", [(1, 0)])])  # an empty cell stays
    empty = Element("Sect", [Element("P")])  # holds nothing: left out
    split = Element("P", [(0, 1), (1, 1)])  # a paragraph over two pages
    part = Element("Part", [Element("H1", [(0, 0)]), split, empty, figure, Element("Table", [row])])
    made = template([part])
    numbers = list(range(100, 100 + made.count))
    lines = made.filled(numbers, TOP, PAGES.__getitem__).split(b"\n")
    assert len(lines) == made.count and made.pages == [0, 1] and made.elements == made.count - 2
    assert made.tops == [made.elements - 1]  # the part is finished last
    return dict(zip(numbers, lines, strict=True))


def test_every_element_points_at_its_parent_and_its_parent_at_it() -> None:
    bodies = _filled()
    roles = {n: _find(rb"/S/(\w+)", body) for n, body in bodies.items() if b"/StructElem" in body}
    assert sorted(roles.values()) == sorted([b"Part", b"H1", b"P", b"Figure", b"Table", b"TR", b"TD", b"TD"])
    for number, role in roles.items():
        parent = int(_find(rb"/P (\d+) 0 R", bodies[number]))
        if role == b"Part":
            assert parent == TOP
        else:
            assert b"%d 0 R" % number in _find(rb"/K (\[[^\]]*\]|\d+ 0 R|\d+)", bodies[parent])


def test_spans_pages_and_descriptions_come_out_as_recorded() -> None:
    bodies = _filled()
    number_of = {_find(rb"/S/(\w+)", body): n for n, body in bodies.items() if b"/S/" in body}
    paragraph, figure = bodies[number_of[b"P"]], bodies[number_of[b"Figure"]]
    assert b"/Pg 7 0 R/K [1 <</Type/MCR/Pg 8 0 R/MCID 1>>]" in paragraph
    assert b"(100% of the load \\(50 %s\\))" in figure  # a % in a text is kept as it is
    first, second = list(bodies.values())[-2:]  # each page's spans in order: the element of each
    assert first == b"[%d 0 R %d 0 R null %d 0 R]" % (number_of[b"H1"], number_of[b"P"], number_of[b"Figure"])
    assert second == b"[%d 0 R %d 0 R]" % (number_of[b"TD"], number_of[b"P"])
