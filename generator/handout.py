"""Make one athlete's handout: profile -> plan -> document -> PDF.

`HandoutMaker` does the costly set-up (fonts, layout, theme, compiled content) once, so a
batch pays for it once per process and not once per athlete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import content, resources
from generator.charts import Charts
from generator.errors import ContentError
from generator.plan import make_plan
from generator.profile import Profile
from generator.render import (
    PageSetup,
    Writer,
    frame_width,
    header_flowables,
    pdf_bytes,
    register_fonts,
    write_atomically,
)
from generator.theme import load_layout, load_theme

PAPERS = ("a4", "letter")
UNITS = ("metric", "imperial")


@dataclass(frozen=True)
class Options:
    """How to make handouts; None means "take it from the athlete's profile"."""

    topics: tuple[str, ...] = content.TOPICS
    paper: str = "a4"
    language: str | None = None
    units: str | None = None
    theme: Path | None = None
    content_dir: Path | None = None


@dataclass
class Made:
    """One finished handout: the PDF, its page count and any warnings about what it prints."""

    pdf: bytes
    pages: int
    language: str
    warnings: list[str] = field(default_factory=list)


class HandoutMaker:
    """Makes handouts with one set of options; set up once, then call `make` per athlete."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.layout = load_layout()
        self.theme = load_theme(options.theme)
        folders = [resources.content_dir()]
        if options.content_dir is not None:
            if not options.content_dir.is_dir():
                raise ContentError(f"--content-dir {options.content_dir} is not a folder")
            folders.insert(0, options.content_dir)
        self.library = content.Library(folders)
        self.font = register_fonts(self.layout)

    def make(self, profile: Profile) -> Made:
        """Return the handout PDF for one athlete."""
        opts = self.options
        language = opts.language or profile.language or "en"
        units = opts.units or profile.output_units
        plan = make_plan(profile)
        document = content.build_document(plan, self.library, opts.topics, language, units)
        labels = self.library.labels(language)
        setup = PageSetup(
            paper=opts.paper,
            layout=self.layout,
            theme=self.theme,
            footer=document.footer,
            page_of=str(labels["page_of"]),
            footer_left=profile.name,
        )
        writer = Writer(setup, self.font, frame_width(opts.paper, self.layout))
        charts = Charts(writer, plan, labels, content.numbers(plan, units, labels), units)
        story = header_flowables(writer, document, self.theme.logo)
        story += writer.flowables(document.blocks, charts)
        story += writer.flowables(document.closing, charts)
        pdf, pages = pdf_bytes(story, setup, document.title, str(labels["subject"]), language)
        return Made(pdf, pages, language, writer.warnings)

    def write(self, profile: Profile, path: Path) -> Made:
        """Make the handout and write it to `path` in one piece."""
        made = self.make(profile)
        write_atomically(path, made.pdf)
        return made
