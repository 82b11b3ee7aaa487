"""Checks of a tagged PDF, as a screen reader depends on it (helpers for the accessibility tests).

`problems` reads the file with pikepdf and lists what breaks the promise a tagged PDF makes:
every piece of text drawn is either in a numbered span the structure tree refers to exactly
once, or page furniture (an artifact); the parent tree points each span back at its element;
links have a description and a place in the tree; fonts are embedded with a Unicode map.
`pdfua_findings` runs the `pdfua` checker; `struct_words` and `tagged_words` give the words
a reader gets along the structure tree (poppler) and the words the pages draw inside tags
(pypdf), to compare.
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name
from pypdf import PdfReader

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


def _tree_spans(pdf: pikepdf.Pdf) -> tuple[Counter[tuple[tuple[int, int], int]], list[str], list[Any]]:
    """Return the spans the structure tree refers to ((page, MCID) -> times), problems, links."""
    spans: Counter[tuple[tuple[int, int], int]] = Counter()
    problems: list[str] = []
    links: list[Any] = []
    seen: set[tuple[int, int]] = set()

    def visit(obj: Any, page: Any, parent: Any) -> None:
        if isinstance(obj, Array):
            for item in obj:
                visit(item, page, parent)
        elif isinstance(obj, int) and not isinstance(obj, bool):
            if page is None:
                problems.append(f"a span ({obj}) with no page, in {parent.get('/S')}")
            else:
                spans[(page.objgen, int(obj))] += 1
        elif isinstance(obj, Dictionary):
            kind = obj.get("/Type")
            if kind == Name.MCR:
                spans[(obj.Pg.objgen, int(obj.MCID))] += 1
            elif kind == Name.OBJR:
                links.append((obj.Obj, parent))
            else:
                if obj.objgen in seen:
                    problems.append("an element is in the tree twice")
                    return
                seen.add(obj.objgen)
                if parent is not None and obj.get("/P") is not None and obj.P.objgen != parent.objgen:
                    problems.append(f"{obj.get('/S')}'s /P is not its parent")
                visit(obj.get("/K"), obj.get("/Pg", page), obj)

    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return spans, ["no structure tree"], links
    visit(root.get("/K"), None, root)
    return spans, problems, links


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, Any]:
    tree: dict[int, Any] = {}

    def visit(node: Any) -> None:
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums), 2):
                tree[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", []):
            visit(kid)

    visit(pdf.Root.StructTreeRoot.ParentTree)
    return tree


def _holds(element: Any, page: Any, mcid: int) -> bool:
    kids = element.get("/K")
    items = list(kids) if isinstance(kids, Array) else [kids]
    own = element.get("/Pg")
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            if item == mcid and own is not None and own.objgen == page.objgen:
                return True
        elif isinstance(item, Dictionary) and item.get("/Type") == Name.MCR:
            if int(item.MCID) == mcid and item.Pg.objgen == page.objgen:
                return True
    return False


def problems(source: Path | bytes, password: str = "") -> list[str]:
    """Return what breaks the tagged structure of a PDF (nothing: it holds)."""
    data = source.read_bytes() if isinstance(source, Path) else source
    found: list[str] = []
    with pikepdf.open(io.BytesIO(data), password=password) as pdf:
        root = pdf.Root
        if not (root.get("/MarkInfo") and root.MarkInfo.get("/Marked")):
            found.append("the catalog does not say the file is tagged (/MarkInfo)")
        if not str(root.get("/Lang", "")):
            found.append("no document language")
        prefs = root.get("/ViewerPreferences")
        if not (prefs and prefs.get("/DisplayDocTitle")):
            found.append("the title is not shown in the window")
        metadata = root.get("/Metadata")
        xmp = metadata.read_bytes().decode("utf-8") if metadata is not None else ""
        if "<pdfuaid:part>1</pdfuaid:part>" not in xmp:
            found.append("the XMP metadata does not claim PDF/UA-1")
        referred, tree_problems, links = _tree_spans(pdf)
        found += tree_problems
        parents = _parent_tree(pdf) if root.get("/StructTreeRoot") is not None else {}
        if parents and int(root.StructTreeRoot.get("/ParentTreeNextKey", 0)) <= max(parents):
            found.append("ParentTreeNextKey is not above every key of the parent tree")
        drawn: set[tuple[tuple[int, int], int]] = set()
        for number, page in enumerate(pdf.pages, start=1):
            found += _page_problems(page.obj, number, drawn, parents)
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == Name.Link:
                    if not str(annot.get("/Contents", "")):
                        found.append(f"page {number}: a link without a description")
                    key = annot.get("/StructParent")
                    holder: Any = parents.get(int(key)) if key is not None else None
                    held = holder.get("/K") if isinstance(holder, Dictionary) else None
                    objrs = list(held) if isinstance(held, Array) else [held]
                    if not any(isinstance(o, Dictionary) and o.get("/Obj") == annot for o in objrs):
                        found.append(f"page {number}: a link whose key leads to no element holding it")
                    elif holder.get("/S") != Name.Link:
                        found.append(f"page {number}: a link held by a {holder.get('/S')}, not a Link")
                    if page.obj.get("/Tabs") != Name.S:
                        found.append(f"page {number}: links, but tab order not by structure")
        for span, times in referred.items():
            if times != 1:
                found.append(f"span {span} is referred to {times} times")
            if span not in drawn:
                found.append(f"span {span} is referred to but not drawn")
        for span in drawn:
            if span not in referred:
                found.append(f"span {span} is drawn but no element holds it")
        linked = {annot.objgen for annot, _ in links}
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == Name.Link and annot.objgen not in linked:
                    found.append("a link annotation no Link element holds")
        found += _font_problems(pdf)
    return found


def _page_problems(
    page: Any, number: int, drawn: set[tuple[tuple[int, int], int]], parents: dict[int, Any]
) -> list[str]:
    found: list[str] = []
    stack: list[tuple[str, int | None]] = []
    key = page.get("/StructParents")
    for instruction in pikepdf.parse_content_stream(page):
        operands, op = instruction.operands, str(instruction.operator)
        if op == "BMC":
            stack.append((str(operands[0]), None))
        elif op == "BDC":
            props = operands[1]
            mcid = props.get("/MCID") if isinstance(props, Dictionary) else None
            stack.append((str(operands[0]), None if mcid is None else int(mcid)))
            if mcid is not None:
                span = (page.objgen, int(mcid))
                if span in drawn:
                    found.append(f"page {number}: MCID {mcid} used twice")
                drawn.add(span)
                if key is None:
                    found.append(f"page {number}: tagged spans but no /StructParents")
                else:
                    array = parents.get(int(key))
                    element = array[int(mcid)] if array is not None and int(mcid) < len(array) else None
                    if element is None or not _holds(element, page, int(mcid)):
                        found.append(f"page {number}: the parent tree misplaces MCID {mcid}")
        elif op == "EMC":
            if not stack:
                found.append(f"page {number}: EMC without a begin")
            else:
                stack.pop()
        elif op in TEXT_SHOWING:
            if any(tag == "/Artifact" for tag, _ in stack):
                continue
            if not any(mcid is not None for _, mcid in stack):
                found.append(f"page {number}: text drawn outside tags and artifacts")
    if stack:
        found.append(f"page {number}: marked content left open")
    return found


def _font_problems(pdf: pikepdf.Pdf) -> list[str]:
    found: list[str] = []
    for page in pdf.pages:
        resources: Any = page.obj.get("/Resources", Dictionary())
        fonts: Any = resources.get("/Font", Dictionary())
        for name in fonts.keys():
            font = fonts[name]
            base = str(font.get("/BaseFont", ""))
            if "Helvetica" in base or "Times" in base or "Courier" in base:
                found.append(f"a standard font that is not embedded: {base}")
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            if descriptor is None or not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                found.append(f"a font that is not embedded: {base}")
            if "/ToUnicode" not in font:
                found.append(f"a font without a Unicode map: {base}")
    return sorted(set(found))


def elements(pdf: pikepdf.Pdf) -> list[Any]:
    """Return the elements of a PDF's structure tree in reading order (depth first)."""
    found: list[Any] = []

    def walk(obj: Any) -> None:
        if isinstance(obj, Array):
            for kid in obj:
                walk(kid)
        elif isinstance(obj, Dictionary) and "/S" in obj:
            found.append(obj)
            walk(obj.get("/K"))

    walk(pdf.Root.StructTreeRoot.K)
    return found


def pdfua_findings(path: Path) -> list[str]:
    """Return the pdfua checker's findings, and any of its rules it could not run."""
    from pdfua import validate

    report = validate(str(path))
    out = [f"{f.rule_id}: {f.message}" for f in report.findings]
    out += [f"{o.rule_id} skipped: {o.skipped_reason}" for o in report.skipped]
    return out


def struct_words(path: Path) -> list[str]:
    """Return the words poppler reads along the structure tree, leaving out figures' own drawing
    (a figure is read by its description)."""
    shown = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout
    words: list[str] = []
    role = ""
    for line in shown.splitlines():
        stripped = line.strip()
        if stripped.startswith('"'):
            if role != "Figure":
                words += stripped[1:-1].split()
        elif stripped and not stripped.startswith("/"):
            role = re.sub(r"[:\s].*$", "", stripped)
    return [w.replace("\u00a0", " ") for w in words]


def reading(words: list[str]) -> str:
    """Return words as one text a reader hears. Chinese is read as written, without spaces:
    reportlab sets it a character at a time (it breaks lines anywhere), so the pieces drawn
    say nothing of where spaces are; for it, the characters and their order are compared."""
    text = " ".join(words)
    if _RIGHT_TO_LEFT.search(text):
        # Text written right to left is drawn in the order it is seen; poppler reads it back
        # into reading order and pypdf does not, each by its own guess where it meets Latin
        # text. For it, the characters drawn are compared (Arabic's joined forms as letters).
        plain = unicodedata.normalize("NFKC", text).translate(_BIDI_MARKS)
        return "".join(sorted(re.sub(r"\s+", "", plain)))
    return re.sub(r"\s+", "", text) if _CJK.search(text) else text


_RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_BIDI_MARKS = dict.fromkeys(range(0x202A, 0x202F))


_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")


def tagged_words(path: Path) -> list[str]:
    """Return the words the pages draw inside tags (not artifacts, not figures), page by page."""
    out: list[str] = []
    stack: list[tuple[str, Any]] = []  # the marked content open, on the page being read
    for page in PdfReader(path).pages:
        stack.clear()

        def before(op: bytes, args: Any, cm: Any, tm: Any) -> None:
            if op == b"BMC":
                stack.append((str(args[0]), None))
            elif op == b"BDC":
                stack.append((str(args[0]), args[1]))
            elif op == b"EMC" and stack:
                stack.pop()

        def text(t: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
            if t and stack and not any(tag in ("/Artifact", "/Figure") for tag, _ in stack):
                out.append(t)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return [w.replace("\u00a0", " ") for w in " ".join(out).split()]
