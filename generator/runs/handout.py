"""Make athletes' handouts: profile -> plan -> document -> PDF.

`HandoutMaker` does the costly set-up (fonts, layout, theme, compiled content) once, so a
batch pays for it once per process and not once per athlete. Several athletes can be laid out
in one reportlab document (`render`), which is then cut into one finished file per athlete.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import resources
from generator.content import library as content
from generator.content.document import DocInfo
from generator.content.report_lines import ReportLine
from generator.errors import ContentError, UnprintableText
from generator.inputs.profile import Profile
from generator.layout import handout as layout
from generator.layout import internals, scripts
from generator.layout.fonts import FAMILY, register_fonts
from generator.layout.front import FrontPages, GuideSection, charset
from generator.layout.render import PageSetup, Rendered
from generator.layout.report import render_report
from generator.layout.theme import load_layout, load_theme
from generator.layout.writer import CJK_LANGUAGES, Writer
from generator.locale import handout_date
from generator.options import HandoutOptions
from generator.rules.plan import Plan, make_plan

if TYPE_CHECKING:
    from pikepdf import Pdf

    from generator.pdf.structure import Template


@dataclass
class Made:
    """One finished handout: the PDF, its page count and any warnings about what it prints."""

    pdf: bytes
    pages: int
    language: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class Laid:
    """Several handouts laid out in one document: each athlete is one section of it."""

    rendered: Rendered
    info: list[DocInfo]
    warnings: list[list[str]]
    _reader: Pdf | None = None
    _trees: dict[int, Template | None] = field(default_factory=dict)

    def reader(self) -> Pdf:
        """Return the rendered document, read once for all the files cut from it."""
        from generator.pdf import finish as pdfout

        if self._reader is None:
            self._reader = pdfout.open_bytes(self.rendered.pdf)
        return self._reader

    def tree(self, index: int) -> Template | None:
        """Return athlete `index`'s structure tree, made once for their file and the packet."""
        if index not in self._trees:
            from generator.pdf.structure import template

            tags = self.rendered.sections[index].tags
            self._trees[index] = template([tags]) if tags is not None else None
        return self._trees[index]

    def extract(self, index: int, password: str | None = None) -> bytes:
        """Return athlete `index`'s handout as a finished PDF of its own."""
        from generator.pdf import finish as pdfout

        section = self.rendered.sections[index]
        return pdfout.extract(
            self.reader(),
            section.start,
            section.pages,
            section.headings,
            self.info[index],
            password,
            self.tree(index),
        )


CJK_PROBE = "的一是"  # characters every Chinese text has: a font with them has Chinese


class HandoutMaker:
    """Makes handouts with one set of options; set up once, then call `make` per athlete."""

    def __init__(self, options: HandoutOptions) -> None:
        self.options = options
        self.layout = load_layout()
        self.theme = load_theme(options.theme)
        folders = [resources.content_dir()]
        if options.content_dir is not None:
            if not options.content_dir.is_dir():
                raise ContentError(f"--content-dir {options.content_dir} is not a folder")
            _refuse_retired(options.content_dir)
            folders.insert(0, options.content_dir)
        self.library = content.Library(folders)
        self.font = register_fonts(self.layout)
        scripts.configure(options.font_dirs)
        self.setup = PageSetup(self.options.paper, self.layout, self.theme, options.tagged)
        self._parsed: dict[tuple[str, str], Any] | None = {}

    def front_pages(self, language: str, prime: str = "") -> FrontPages:
        """Return what lays out a packet's own pages (cover, report, contents) in this setup."""
        return FrontPages(self.setup, self.font, self.library.labels(language), prime, language)

    def charset(self, languages: Sequence[str], texts: Sequence[str]) -> str:
        """Return every character these languages' handouts and `texts` may print (see front.charset)."""
        return charset(self.library.folders, self.font, languages, texts)

    def writer(self, language: str = "") -> Writer:
        """Return a block writer for this page setup, in a language."""
        return Writer.for_page(self.setup, self.font, language=language)

    def report(
        self, lines: Iterable[ReportLine], language: str, team: str, password: str | None = None
    ) -> Made:
        """Return the coach's report as a finished PDF (title, bookmarks, optional password)."""

        self._refuse_unprintable(language)
        labels = self.library.labels(language)
        writer = self.writer(language)
        rendered = render_report(lines, writer, labels, team, labels.locale.date(handout_date()))
        info = DocInfo(labels.text("report", "title"), labels.text("subject"), language)
        return Made(self._finished(rendered, info, password), rendered.pages, language, writer.warnings)

    def check(self, languages: Iterable[str], guide: bool = False) -> None:
        """Load the labels and every content file handouts in these languages use (and the
        guide's, for a packet that prints it).

        A broken file then stops a run before its first handout, not once per athlete.
        """
        for language in languages:
            self.library.labels(language)
            for name in [*content.HANDOUT_PAGES, "checklist", *([content.GUIDE] if guide else [])]:
                self.library.topic(name, language)

    def language_of(self, profile: Profile) -> str:
        return self.options.language or profile.language or "en"

    def needs_fallback(self, profile: Profile) -> bool:
        """Return whether an athlete's handouts need a fallback font: their own text (name, id,
        team, sport) or the language of their handout or family copy (Chinese)."""
        languages = {self.language_of(profile), profile.family_language or ""}
        if languages & CJK_LANGUAGES:
            return True
        texts = (profile.name, profile.athlete_id or "", profile.team or "", profile.sport or "")
        if all(text.isascii() for text in texts):
            return False
        cmap = internals.glyphs(self.font)
        return any(ord(ch) not in cmap for text in texts for ch in text if ch.isprintable())

    def printable(self, language: str) -> bool:
        """Return whether a language's handouts can be printed here (Chinese needs a font for it)."""
        if language not in CJK_LANGUAGES:
            return True
        cmap = internals.glyphs(self.font)
        return all(scripts.font_for(ch, cmap, FAMILY) is not None for ch in CJK_PROBE)

    def _refuse_unprintable(self, language: str) -> None:
        if not self.printable(language):
            raise UnprintableText(
                "Handouts in Chinese need a font with Chinese characters, and no font on this "
                "computer has them. Give a folder holding a TrueType (.ttf) font for Chinese with "
                "--font-dir DIR (on Debian or Ubuntu: apt-get install fonts-wqy-zenhei)."
            )

    def _laid(self, plan: Plan, index: int, language: str | None = None) -> layout.Handout:
        opts = self.options
        profile = plan.profile
        language = language or self.language_of(profile)
        self._refuse_unprintable(language)
        units = opts.units or profile.output_units
        document = content.build_document(plan, self.library, language, units)
        labels = self.library.labels(language)
        writer = Writer.for_page(
            self.setup, self.font, self._parsed, strict=not opts.allow_missing_glyphs, language=language
        )
        return layout.handout(writer, plan, document, labels, units, self.theme.logo, index)

    def guide(self, language: str, units: str, team: str = "", index: int | None = 0) -> layout.Handout:
        """Return the team guide in one language, laid out as section `index` of its document
        (None: a section the caller marks, such as a packet's front)."""
        self._refuse_unprintable(language)
        document = content.build_guide(self.library, language, units, team)
        return layout.guide(
            self.writer(language), document, self.library.labels(language), self.theme.logo, index
        )

    def guide_sections(self, profiles: Iterable[Profile], team: str) -> list[GuideSection]:
        """Return the team guide for a packet, once in each language its athletes read.

        Each language's guide is in its readers' units (--units, if given); where they use both,
        it gives both.
        """
        units: dict[str, set[str]] = {}
        for profile in profiles:
            used = self.options.units or profile.output_units
            units.setdefault(self.language_of(profile), set()).add(used)
            if profile.family_language:  # a family copy's readers get the guide in theirs, too
                units.setdefault(profile.family_language, set()).add(used)
        return [
            self.guide_section(language, used.pop() if len(used) == 1 else "both", team)
            for language, used in units.items()
            if self.printable(language)  # (without a font for it, its readers' handouts were refused)
        ]

    def guide_section(self, language: str, units: str, team: str) -> GuideSection:
        """Return the team guide in one language for a packet's front: bookmark, flowables, footer."""
        laid = self.guide(language, units, team, None)
        return self.library.labels(language).text("packet", "guide"), laid.story, laid.footer

    def guides(
        self, languages: Sequence[str], units: str, team: str = "", password: str | None = None
    ) -> Made:
        """Return the team guide, one after the other in each language, as a finished PDF."""
        laid = [self.guide(language, units, team, i) for i, language in enumerate(languages)]
        rendered = layout.finished(laid, self.setup)
        pdf = self._finished(rendered, laid[0].info, password)
        return Made(pdf, rendered.pages, languages[0], [w for one in laid for w in one.warnings])

    def render(self, profiles: Sequence[Profile], prime: str = "") -> Laid:
        """Lay out several athletes' handouts in one document, each starting on a new page."""
        return self.render_plans([make_plan(p) for p in profiles], prime)

    def render_plans(
        self, plans: Sequence[Plan], prime: str = "", languages: Sequence[str | None] = ()
    ) -> Laid:
        """Lay out the handouts of athletes whose plans are made already, in one document;
        `languages` gives a handout's language where it is not the athlete's own (a family copy)."""
        chosen = list(languages) or [None] * len(plans)
        handouts = [
            self._laid(plan, index, language)
            for index, (plan, language) in enumerate(zip(plans, chosen, strict=True))
        ]
        rendered = layout.pages(handouts, self.setup, prime)
        return Laid(rendered, [h.info for h in handouts], [h.warnings for h in handouts])

    def unprintable(self, profile: Profile) -> tuple[str, UnprintableText] | None:
        """Return the first of an athlete's own fields (name, id, team, sport) holding letters no
        font here prints, with the error that names it; None when every field prints."""
        cmap = internals.glyphs(self.font)
        for name, words in (
            ("name", "name"),
            ("athlete_id", "athlete id"),
            ("team", "team"),
            ("sport", "sport"),
        ):
            text = getattr(profile, name) or ""
            letters = {
                ch
                for ch in text
                if unicodedata.category(ch)[0] in "LM" and scripts.font_for(ch, cmap, FAMILY) is None
            }
            if letters:
                return name, scripts.unprintable("".join(letters), f"This athlete's {words}", False)
        return None

    def make(self, profile: Profile, password: str | None = None) -> Made:
        """Return the finished handout PDF for one athlete (followed by the guide if asked)."""
        plan = make_plan(profile)
        try:
            laid = [self._laid(plan, 0)]
            if self.options.with_guide:
                units = self.options.units or profile.output_units
                laid.append(self.guide(laid[0].info.language, units, profile.team or "", 1))
            rendered = layout.finished(laid, self.setup)
        except UnprintableText as e:
            found = self.unprintable(profile)  # which of their fields: named
            raise (found[1] if found else e) from None
        pdf = self._finished(rendered, laid[0].info, password)
        warnings = [w for one in laid for w in one.warnings]
        return Made(pdf, rendered.pages, laid[0].info.language, list(dict.fromkeys(warnings)))

    @staticmethod
    def _finished(rendered: Rendered, info: DocInfo, password: str | None) -> bytes:
        """Return a rendered document as one finished file: bookmarks, structure tree, details,
        and locked with the password if there is one. The first section's details are the file's."""
        from generator.pdf import finish as pdfout
        from generator.pdf.structure import template

        headings = [h for section in rendered.sections for h in section.headings]
        tags = [section.tags for section in rendered.sections if section.tags is not None]
        tree = template(tags) if tags else None
        with pdfout.open_bytes(rendered.pdf) as source:
            return pdfout.extract(source, 0, rendered.pages, headings, info, password, tree)


# Content files of the handout before it was two pages: a club's wording in them would no
# longer print, so a run says so rather than drop it (a club doctor's number, say).
RETIRED = ("prevention", "recovery", "doctor")


def _refuse_retired(folder: Path) -> None:
    for name in RETIRED:
        for old in sorted(folder.glob(f"{name}.*.md")):
            raise ContentError(
                f"{old.name} in {folder}: handouts no longer read this file. A handout is two pages "
                "now: move your wording into plan.LANG.md (page 1), back.LANG.md (page 2) or "
                "guide.LANG.md (the team guide), then remove it"
            )
