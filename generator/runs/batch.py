"""Team runs: a roster in, one handout per athlete, errors.csv, and optionally the team packet.

Athletes are laid out in chunks (one reportlab document per chunk) by a pool of processes;
each chunk is cut into finished files at once, so memory stays flat however long the roster.
A row with a problem is reported with its line and field and does not stop the others.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import hashlib
import io
import itertools
import math
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from generator import __version__
from generator.content.report_lines import ReportLine, ReportLines, team_name
from generator.errors import HandoutsError, Problem, RenderError, UnprintableText, UsageProblem, shown
from generator.inputs.logs import TrainingLog
from generator.inputs.profile import Profile, Where, validate
from generator.inputs.roster import Record, iter_records
from generator.layout import scripts
from generator.layout.front import Front
from generator.layout.report import report_flowables
from generator.locale import agree, fill, handout_date, plural
from generator.options import BatchOptions, HandoutOptions, password_problem
from generator.pdf import packet as packets
from generator.pdf.finish import page_count
from generator.pdf.structure import Template
from generator.rules.plan import Plan, make_plan
from generator.rules.sessions import with_log
from generator.runs import files as workfiles
from generator.runs import pool as pool_internals
from generator.runs.files import holds_other_than_pdf, write_atomically
from generator.runs.handout import HandoutMaker
from generator.runs.names import UniqueStems

CHUNK = 10
IN_FLIGHT = 3  # chunks under way or waiting, per process


PLACEHOLDER_WARNING = "no font here can print"  # (the writer's warning for a placeholder)


@dataclass(frozen=True, slots=True)
class Athlete:
    """One valid roster row, ready to render."""

    index: int  # position among the batch's athletes
    where: Where  # the file and line (CSV) or sheet row it came from
    profile: Profile
    stem: str
    password: str | None
    # A family copy, where the family reads another language: its language and file name stem.
    family: tuple[str, str] | None = None
    weeks: tuple[float, ...] = ()  # the last weeks' load from a training log, oldest first


@dataclass(slots=True)
class Done:
    """One athlete's finished handout, and where its pages sit in its chunk document."""

    index: int  # position among the batch's athletes
    row: int
    stem: str
    pages: int
    start: int
    headings: list[tuple[int, str, int]]
    warnings: tuple[str, ...]
    # The rendered document its pages are in, kept for the packet. It travels in memory, never
    # through a file: with a password, nothing unlocked about an athlete is ever on the disk.
    document: bytes | None
    tree: Template | None = None  # its structure, for the packet's structure tree
    family: str = ""  # the language of a family copy ("": the athlete's own handout)
    # For the run's manifest: no name, no health value.
    athlete_id: str = ""
    language: str = ""
    topics: str = ""  # the advice it gives, by the ids of its recommendations
    digest: str = ""  # SHA-256 of the file written


@dataclass
class ChunkResult:
    done: list[Done]
    failed: list[Problem]
    stopped: int = 0  # athletes not made because the run was stopped
    copies_failed: int = 0  # of `failed`, family copies of athletes whose own handout was made

    def add(self, other: ChunkResult) -> None:
        """Take in what a part of the chunk made (done one athlete, or one document, at a time)."""
        self.done += other.done
        self.failed += other.failed
        self.stopped += other.stopped
        self.copies_failed += other.copies_failed


@dataclass
class Outcome:
    """What a batch did: files written, rows that failed, pages, the packet, and the time taken."""

    written: list[str] = field(default_factory=list)  # file names in the output folder
    # One line per file written: (row, athlete id, file, language, topics, pages, SHA-256).
    manifest: list[tuple[int, str, str, str, str, int, str]] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    pages: int = 0
    packet_pages: int = 0
    planned: int = 0  # handouts a --dry-run would write
    seconds: float = 0.0
    interrupted: bool = False
    not_made: int = 0  # athletes neither made nor failed: the run was stopped first
    unwritten: list[str] = field(default_factory=list)  # errors.csv or the packet, and why not
    notes: list[str] = field(default_factory=list)  # what the run changed of what it was asked
    family_copies: int = 0  # of `written`, copies in a family's language
    placeholders: list[int] = field(default_factory=list)  # rows printed with a placeholder


class Athletes(Sequence[Athlete]):
    """A batch's athletes, each kept pickled until it is needed.

    A validated profile is about forty Python objects; pickled, it is some 450 bytes, and all
    of them share one buffer. A 10,000-athlete batch holds 10 MB less while its handouts are made.
    """

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("q")  # where each athlete's bytes end in _data

    def append(self, athlete: Athlete) -> None:
        self._data += pickle.dumps(athlete, pickle.HIGHEST_PROTOCOL)
        self._ends.append(len(self._data))

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> Athlete: ...

    @overload
    def __getitem__(self, index: slice) -> list[Athlete]: ...

    def __getitem__(self, index: int | slice) -> Athlete | list[Athlete]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]  # negative indexes, and IndexError past the end
        start = self._ends[index - 1] if index else 0
        athlete: Athlete = pickle.loads(self._data[start : self._ends[index]])
        return athlete


# The areas of advice a handout's recommendations belong to, by the start of their ids. The
# manifest names the areas, not the recommendations: "caffeine_over_limit" or "triage_soon"
# would say something of the athlete's health; "caffeine" says what the handout taught. Areas a
# handout has only for what an athlete told (alcohol, twitches) are left out for the same reason.
TOPIC_AREAS = (
    (("fluid", "drink", "mass", "sweat", "overdrinking"), "hydration"),
    (("heat", "wbgt", "acclimat", "cool"), "heat"),
    (("load", "ease_back"), "training load"),
    (("caffeine",), "caffeine"),
    (("sleep",), "sleep"),
    (("nutrient",), "food"),
    (("altitude",), "altitude"),
)


def topics_of(plan: Plan) -> str:
    """Return the areas of advice a handout gives ("hydration;heat;sleep"), for the manifest.
    When to see a doctor is on every handout and is left out: which level would be health."""
    found = {area for r in plan.recommendations for starts, area in TOPIC_AREAS if r.id.startswith(starts)}
    return ";".join(sorted(found))


# The manifest's columns: where each file came from and what made it; no name, no health value.
MANIFEST_COLUMNS = (
    "row",
    "athlete_id",
    "file",
    "language",
    "topics",
    "content_version",
    "tool_version",
    "date",
    "pages",
    "sha256",
)


class Selection:
    """The roster's rows after validation, --only and --limit: athletes to make and row problems."""

    def __init__(
        self,
        records: Iterable[Record],
        opts: BatchOptions,
        take: Callable[[Athlete], None] | None = None,
        log: TrainingLog | None = None,
    ) -> None:
        """`take`, when given, receives each athlete as it is read, and none is kept (--dry-run)."""
        self.athletes = Athletes()
        self.count = 0
        self.failed: list[Problem] = []
        self.warnings: list[Problem] = []
        password_key = _key(opts.password_column) if opts.password_column else None
        wanted = {_plain(o): o.strip() for o in opts.only if o.strip()}
        found: set[str] = set()
        chosen: Iterable[Record] = (r for r in records if _matches(r, wanted, found)) if wanted else records
        if opts.limit is not None:
            chosen = itertools.islice(chosen, opts.limit)
        stem = UniqueStems()
        ids: dict[str, int | None] = {}  # athlete id -> the line it was first met on
        unlogged: list[int | None] = []  # lines of athletes the training log has no session of
        self.families = 0  # athletes who also get a family copy
        seen: set[object] = set()
        # A handout never takes the name of an input or of the packet in the same folder.
        stem.seen.update(name.casefold().removesuffix(".pdf") for name in opts.reserved)
        rows, with_column = 0, 0  # rows read, and those that have the password column at all
        weeks: tuple[float, ...] = ()
        # With --shard K/N, this run makes rows K, K + N, K + 2N... of those chosen. Every row is
        # still read, and every name taken in turn: each file is named as in a whole run.
        share = opts.shard
        for record in chosen:
            values = dict(record.values)
            password = None
            rows += 1
            mine = share is None or (rows - 1) % share[1] == share[0] - 1
            failed = self.failed if mine else []
            if password_key is not None:
                with_column += password_key in values
                raw = values.pop(password_key, None)
                password = str(raw).strip() if raw is not None and str(raw).strip() else None
                if password is None:
                    failed.append(
                        record.where.problem(password_key, "is empty: no password for this handout")
                    )
                    continue
                if (problem := password_problem(password)) is not None:
                    failed.append(record.where.problem(password_key, problem))
                    continue
            if record.problems:
                failed.extend(record.problems)
                continue
            result = validate(values, record.where, opts.handout.language)
            for w in result.warnings:
                # An unknown column is reported once, at its first row, not once per athlete.
                key = (w.field, w.message) if w.message.startswith("unknown field") else w
                if key not in seen:
                    seen.add(key)
                    self.warnings.append(w)
            if result.profile is None:
                failed.extend(result.problems)
            else:
                # Keep the place, the profile and the password, not the raw row, packed at once.
                profile = result.profile
                if log is not None and mine:  # the loads from the training log's sessions
                    profile, said, got = with_log(profile, log, opts.as_of, record.where)
                    weeks = got.weeks if got is not None else ()
                    if got is None:
                        unlogged.append(record.where.line)  # (said once, for all, below)
                    elif said is not None:
                        self.warnings.append(said)
                if profile.athlete_id:
                    known = profile.athlete_id.casefold()
                    if known in ids and mine:
                        first = ids[known]
                        message = f"is the same as on {record.where.line_word} {first}: two athletes, one id?"
                        self.warnings.append(record.where.problem("athlete_id", message))
                    ids.setdefault(known, record.where.line)
                name = stem(profile.name, profile.athlete_id, record.where.line)
                family = None
                language = opts.handout.language or profile.language or "en"
                if profile.family_language and profile.family_language != language:
                    # "stem.es": a dot is in no athlete's own file name, so this one never
                    # names another athlete's handout, in this run or the next.
                    family = (profile.family_language, stem.derived(f"{name}.{profile.family_language}"))
                if not mine:
                    continue  # (another shard's: named above, as in a whole run, and left)
                athlete = Athlete(self.count, record.where, profile, name, password, family, weeks)
                self.families += family is not None
                self.count += 1
                (take or self.athletes.append)(athlete)
        if unlogged and opts.log is not None:
            lines = ", ".join(str(n) for n in unlogged[:10]) + (", ..." if len(unlogged) > 10 else "")
            athletes = plural(len(unlogged), "athlete")
            message = (
                f"{athletes} with no session in the training log (lines {lines}): "
                "their own loads, if any, are used"
            )
            self.warnings.append(Problem(shown(opts.log.name), "", message))
        # --only names that matched nobody (a typo, a missing row): said, not passed over.
        self.unmatched = (
            [] if opts.limit is not None else [o for key, o in wanted.items() if key not in found]
        )
        if password_key is not None and rows and not with_column:
            raise UsageProblem(
                f"--password-column {opts.password_column}: the roster has no such column; "
                "name the column that holds each athlete's password"
            )


def _key(column: str) -> str:
    from generator.inputs.roster import header_key

    return header_key(column)


def _plain(text: str) -> str:
    """Return a name as --only compares it: no case, no accents, single spaces ("lucia romero"),
    as the file names write it ("lukasz wrobel" finds "Łukasz Wróbel", "yuliya" "Юлия")."""
    from generator.inputs.roster import _plain_name

    return _plain_name(text)


def _matches(record: Record, wanted: Mapping[str, str], found: set[str]) -> bool:
    """Return whether a row is one --only asks for (by name or athlete id), noting which it was."""
    keys = {_plain(str(record.values.get(field) or "")) for field in ("name", "athlete_id")}
    hits = keys.intersection(wanted)
    found |= hits
    return bool(hits)


# The pool's worker processes each keep one maker, set up once, and share the stop flag.
_MAKER: HandoutMaker | _Broken | None = None
_STOP: Any = None  # a shared byte: nonzero once the run is asked to stop


def _init_worker(options: HandoutOptions, stop: Any) -> None:
    global _MAKER, _STOP
    # Ctrl-C reaches the whole process group: the main process decides what stops, and how.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _STOP = stop
    try:
        _MAKER = HandoutMaker(options)
    except HandoutsError as e:
        # The main process loaded the same settings first, so this is rare (a file changed
        # since): each chunk reports it instead of a traceback from this process.
        _MAKER = _Broken(e)


def _die_with_parent() -> None:
    """End this worker, quietly, when the main process is killed (SIGKILL, the OOM killer)."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: the kernel sends it when the parent dies
        if os.getppid() != parent:
            os._exit(0)  # the parent died before that took effect
        return
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


class _Broken:
    """A worker's maker that could not be set up: rendering raises why."""

    def __init__(self, error: HandoutsError) -> None:
        self.error = error

    def needs_fallback(self, profile: object) -> bool:
        return False

    def language_of(self, profile: Profile) -> str:
        return profile.language or "en"

    def render_plans(self, plans: object, prime: str = "", languages: object = ()) -> Any:
        raise self.error


def _stopping() -> bool:
    return _STOP is not None and bool(_STOP.value)


@dataclass(frozen=True)
class Job:
    """One chunk of athletes for one worker, and where and how to write their handouts."""

    athletes: list[Athlete]
    outdir: Path
    keep: bool  # keep the chunk's document for the packet
    password: str | None
    private: bool
    prime: str  # the characters every chunk's fonts start with (see layout.front.charset)
    # Each athlete's plan, made once when the job is handed out: the handout is made from it,
    # and the coach's report worded from the same plan.
    plans: list[Plan]


def _run_chunk(job: Job) -> ChunkResult:
    """Make a chunk's handouts; each athlete ends up written, failed (own line) or, after a stop, not made."""
    athletes = job.athletes
    assert _MAKER is not None
    if _stopping():
        return ChunkResult([], [], stopped=len(athletes))
    if len(athletes) > 1 and any(_MAKER.needs_fallback(a.profile) for a in athletes):
        # A fallback font (a name in Chinese) is subset for the whole document it is used in:
        # shared, one athlete's file would carry another's name in its font. Such athletes
        # are laid out in documents of their own.
        return _apart(job)
    plans = job.plans
    # Each athlete's handout, then their family copy if they have one: (athlete, plan, copy).
    made = [
        (athlete, plan, copy)
        for athlete, plan in zip(athletes, plans, strict=True)
        for copy in ((None,) if athlete.family is None else (None, athlete.family))
    ]
    try:
        laid = _MAKER.render_plans([m[1] for m in made], job.prime, [c[0] if c else None for _, _, c in made])
    except HandoutsError as e:
        if len(athletes) == 1 and athletes[0].family is not None:
            # Their family copy may be what broke (a club's template in that language): their
            # own handout is made without it, and the copy's problem is on their line.
            alone = dataclasses.replace(athletes[0], family=None)
            result = _run_chunk(dataclasses.replace(job, athletes=[alone]))
            if result.done:
                language = athletes[0].family[0]
                result.failed.append(athletes[0].where.problem("", f"the family copy ({language}): {e}"))
                result.copies_failed += 1
            return result
        if len(athletes) == 1:
            raise
        # One athlete broke the chunk (a club template, say): make them one by one instead.
        return _one_by_one(job, plans)
    result = ChunkResult([], [])
    document = laid.rendered.pdf if job.keep else None
    failed: set[int] = set()
    for index, (athlete, plan, copy) in enumerate(made):
        if _stopping():
            result.stopped = len({a.index for a, _, c in made[index:] if c is None})
            break
        if athlete.index in failed:
            continue  # their own handout could not be written: no family copy alone
        stem = athlete.stem if copy is None else copy[1]
        try:
            target = job.outdir / f"{stem}.pdf"
            if holds_other_than_pdf(target):
                raise RenderError(f"{target.name} is a file that is not a PDF: it was left as it is")
            pdf = laid.extract(index, athlete.password or job.password)
            write_atomically(target, pdf, job.private)
        except HandoutsError as e:
            # A full disk, a file size limit, a folder where the file should go: this athlete's
            # problem, reported at its own line; the others in the chunk are still tried.
            what = str(e) if copy is None else f"the family copy ({copy[0]}): {e}"
            result.failed.append(athlete.where.problem("", what))
            if copy is None:
                failed.add(athlete.index)
            else:
                result.copies_failed += 1
            continue
        section = laid.rendered.sections[index]
        result.done.append(
            Done(
                athlete.index,
                athlete.where.line or 0,
                stem,
                section.pages,
                section.start,
                # Only the packet needs to know where each topic starts (its bookmarks).
                [h for h in section.headings if h[0] == 0] if job.keep else [],
                tuple(laid.warnings[index]) if copy is None else (),
                document,
                laid.tree(index) if job.keep else None,
                family="" if copy is None else copy[0],
                athlete_id=athlete.profile.athlete_id or "",
                language=_MAKER.language_of(athlete.profile) if copy is None else copy[0],
                topics=topics_of(plan),
                digest=hashlib.sha256(pdf).hexdigest(),
            )
        )
    return result


def _apart(job: Job) -> ChunkResult:
    """Make a chunk in parts: the athletes whose text needs a fallback font one document each,
    the others together; results in roster order, as the packet takes them."""
    assert _MAKER is not None
    alone = [i for i, a in enumerate(job.athletes) if _MAKER.needs_fallback(a.profile)]
    together = [i for i in range(len(job.athletes)) if i not in alone]
    results = ChunkResult([], [])
    for group in ([together] if together else []) + [[i] for i in alone]:
        part = dataclasses.replace(
            job, athletes=[job.athletes[i] for i in group], plans=[job.plans[i] for i in group]
        )
        results.add(_safe_chunk(part))
    results.done.sort(key=lambda d: (d.index, d.family != ""))
    return results


def _one_by_one(job: Job, plans: Sequence[Plan]) -> ChunkResult:
    results = ChunkResult([], [])
    for athlete, plan in zip(job.athletes, plans, strict=True):
        results.add(_safe_chunk(dataclasses.replace(job, athletes=[athlete], plans=[plan])))
    return results


def _chunk_ranges(count: int, jobs: int) -> Iterator[range]:
    size = max(1, min(CHUNK, math.ceil(count / max(1, jobs))))
    for start in range(0, count, size):
        yield range(start, min(count, start + size))


class Batch:
    """Runs one batch; `progress` is told the athletes finished so far, and how many there are."""

    def __init__(
        self,
        roster: Path,
        opts: BatchOptions,
        progress: Callable[[int, int], None] | None = None,
        plan: Callable[[int, Path], None] | None = None,
    ) -> None:
        """`plan` is told each handout a --dry-run would write (its row and path), as it is found."""
        self.roster, self.opts, self.plan = roster, opts, plan or (lambda row, path: None)
        self.progress = progress or (lambda done, total: None)
        self._done = 0  # athletes finished (made or failed), for `progress`
        self._topics: dict[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]] = {}
        self._failed = 0  # athletes whose handout could not be made or written
        self._bad_rows = 0  # roster rows that failed before any handout (not in the report)
        self._maker: HandoutMaker | None = None
        self._no_more_jobs = False  # the run stopped at once: hand the pool no more jobs
        self._packet_problem = ""  # why the packet could not be written, once it is known
        self._pool_ended = False
        # The report's line of each athlete (by index), worded as their plan is made.
        self._lines: dict[int, ReportLine] = {}
        self._unreported = False  # files found on disk after a hard stop, not reported
        self._front_for: tuple[int, ...] | None = None  # the athletes the front was laid out for

    def run(self) -> Outcome:
        started = time.monotonic()
        opts = self.opts
        outcome = Outcome()
        if not opts.dry_run:
            # The theme, its logo, labels and content load here: a bad one stops the run once.
            self._maker = HandoutMaker(opts.handout)
        context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
        # A byte every process sees, with no lock: a signal handler may set it at any moment.
        self._stop = _Stop(context.RawValue("b", 0))
        # The worker processes start before the roster is read, so they do not carry a copy of it.
        pool = None
        if opts.jobs > 1 and not opts.dry_run:
            with _plain_signals():
                pool = context.Pool(
                    opts.jobs, initializer=_init_worker, initargs=(opts.handout, self._stop.flag)
                )
        try:
            return self._run(pool, outcome, started)
        finally:
            self._end_pool(pool)

    def _check_outputs(self, book: packets.Packet) -> None:
        """Check everything a run writes to or reads besides the roster, before the first handout."""
        opts = self.opts
        folders = [opts.outdir]
        if opts.packet is not None:
            book.check_outside()
            folders.append(opts.packet.parent)
        workfiles.ready_folders(folders, create=True)

    def _run(self, pool: Any, outcome: Outcome, started: float) -> Outcome:
        opts = self.opts
        # Rows are read, checked and let go one at a time: a long roster stays small in memory,
        # and a dry run keeps none of them (a million rows in flat memory).
        records = iter_records(self.roster, opts.encoding, opts.columns, opts.sheet, opts.header_row)

        def planned(athlete: Athlete) -> None:
            self.plan(athlete.where.line or 0, opts.outdir / f"{athlete.stem}.pdf")
            if athlete.family is not None:
                self.plan(athlete.where.line or 0, opts.outdir / f"{athlete.family[1]}.pdf")

        log = None
        if opts.log is not None:
            from generator.inputs.logs import read_log

            log = read_log(opts.log, opts.encoding)
            outcome.warnings += log.problems
        selection = Selection(records, opts, planned if opts.dry_run else None, log)
        if (
            log is not None
            and (left := log.unused())
            and opts.shard is None
            and not opts.only
            and opts.limit is None
        ):
            # (a typo in the log, or a player who left: their sessions reach no handout)
            names, match = plural(left, "athlete"), agree(left, "matches", "match")
            message = f"{names} of the training log {match} no roster row by id or name"
            message += ": their sessions are not used"
            outcome.warnings.append(Problem(shown(opts.log.name) if opts.log else "", "", message))
        outcome.failed += selection.failed
        self._bad_rows = len({(p.file, p.line) for p in selection.failed})
        outcome.warnings += selection.warnings
        if selection.unmatched:
            # A name that matches nobody (a typo, a missing row) is a mistake in the command:
            # said before anything is made, not noticed afterwards.
            names = ", ".join(shown(o) for o in selection.unmatched)
            raise UsageProblem(f"--only {names}: no athlete of the roster has this name or athlete id")
        athletes = selection.athletes
        if opts.dry_run:
            outcome.planned = selection.count
            outcome.family_copies = selection.families
            outcome.seconds = time.monotonic() - started
            return outcome
        maker = self._maker = self._maker or HandoutMaker(opts.handout)
        languages, chars = {"en"}, set[str]()  # the characters of every name, team and sport
        for athlete in athletes:
            languages.add(maker.language_of(athlete.profile))
            if athlete.family is not None:
                languages.add(athlete.family[0])
            chars.update(athlete.profile.name, athlete.profile.team or "", athlete.profile.sport or "")
        # A club's content file that cannot be read stops the run once, before any handout.
        maker.check(sorted(languages), guide=opts.packet is not None and opts.packet_options.guide)
        prime = maker.charset(sorted(languages), ["".join(chars)])
        made = array("l")  # the athletes whose handouts were made, by index
        # The packet grows in a spool file beside the handouts, not in memory.
        spool = dataclasses.replace(opts.packet_options, spool=opts.outdir)
        language = opts.handout.language or "en"
        book = packets.Packet(
            maker.front_pages(language, prime), language, spool, workfiles.write_atomically_with
        )
        self._check_outputs(book)
        # Working files a killed run left behind go first (never a live run's).
        workfiles.sweep(opts.outdir)

        gather = _InOrder(lambda result: self._gather(book, result))

        def arrived(n: int, result: ChunkResult) -> None:
            # Each chunk is added up and let go as it arrives: nothing is kept per athlete but
            # the file name and, for the packet, its bookmarks.
            self._count(result, outcome, made)
            gather(n, result)

        handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            # Ctrl-C and SIGTERM (a scheduler or `kill`) stop a batch cleanly: every chunk under
            # way reports what it wrote, so the counts are the files on disk.
            for s in handlers:
                signal.signal(s, self._stop)
            since = int(time.time())  # whole seconds: some disks keep no finer file times
            try:
                # The packet's pages are gathered as chunks finish, while the rest are made.
                self._render(pool, athletes, prime, arrived, lambda: self._front_meanwhile(book, athletes))
            except (KeyboardInterrupt, _WorkersGone) as e:
                # Asked twice, or a worker was ended from outside: stop now. The workers are
                # stopped first; then the files they finished but had not reported yet are
                # found, so the counts still match the disk.
                if isinstance(e, _WorkersGone) and not self._stop.asked:
                    outcome.unwritten.append("a worker process was ended from outside (out of memory?)")
                outcome.interrupted = True
                self._stop.closing = True
                self._end_pool(pool, gone=isinstance(e, _WorkersGone))
                self._recount(athletes, made, outcome, since)
            outcome.interrupted = outcome.interrupted or self._stop.asked
            outcome.not_made = len(athletes) - len(made) - self._failed
            # Chunks finish in any order; problems are reported in the roster's.
            outcome.failed.sort(key=lambda p: (p.line or 0, p.field))
            if outcome.placeholders:
                rows = sorted(set(outcome.placeholders))
                shown_rows = ", ".join(map(str, rows[:10])) + (", ..." if len(rows) > 10 else "")
                outcome.notes.append(
                    f"{plural(len(rows), 'handout')} {agree(len(rows), 'prints', 'print')} "
                    f"{scripts.PLACEHOLDER} where no font here has "
                    f"a character of the name or other text: "
                    f"{'line' if len(rows) == 1 else 'lines'} {shown_rows}"
                )
            outcome.warnings.sort(key=lambda p: p.line or 0)
            self._write_errors(outcome, since)
            self._write_manifest(outcome)
            if self._packet_problem:
                outcome.unwritten.append(self._packet_problem)
            elif opts.packet and not outcome.interrupted and made:
                try:
                    outcome.packet_pages = self._packet(book, athletes, made)
                    packet_name = opts.packet.name
                    outcome.warnings += [Problem(packet_name, "", w, None) for w in book.warnings]
                except RenderError as e:
                    outcome.unwritten.append(f"no packet: {e}")
        except KeyboardInterrupt:
            outcome.interrupted = True
        finally:
            # Cleaning up is never cut short: another Ctrl-C now only asks to stop again.
            self._stop.closing = True
            # Stop the workers before cleaning up, or one could leave a file half-written after.
            self._end_pool(pool)
            book.discard()
            workfiles.remove_own(opts.outdir)
            for s, handler in handlers.items():
                signal.signal(s, handler)
        outcome.seconds = time.monotonic() - started
        return outcome

    def _render(
        self,
        pool: Any,
        athletes: Sequence[Athlete],
        prime: str,
        arrived: Callable[[int, ChunkResult], None],
        meanwhile: Callable[[], None],
    ) -> None:
        """Hand the chunks to the workers and take their results; `meanwhile` runs once every
        athlete's plan is made, while the last chunks are still being laid out."""
        opts = self.opts
        chunks = list(_chunk_ranges(len(athletes), opts.jobs))
        keep = opts.packet is not None
        parallel = pool is not None and len(chunks) > 1
        # Finished chunks travel back in memory, so only a few may be under way at once: a
        # long roster stays flat in memory however fast the workers are.
        room = threading.Semaphore(IN_FLIGHT * opts.jobs)
        planned = threading.Event()  # every athlete's plan is made (and its report line)
        words = self._report_words()

        def job(chunk: range) -> Job:
            chosen = [athletes[i] for i in chunk]
            plans = [make_plan(a.profile) for a in chosen]
            if words is not None:
                self._lines.update((a.index, words(p, a.weeks)) for a, p in zip(chosen, plans, strict=True))
            return Job(chosen, opts.outdir, keep, opts.password, opts.private, prime, plans)

        def jobs() -> Iterator[Job]:
            # Jobs are made as the pool takes them, not all at once.
            for chunk in chunks:
                while parallel and not room.acquire(timeout=0.2):
                    if self._no_more_jobs:
                        return
                yield job(chunk)
            if words is not None:
                words.forget_shared()  # every line is worded: its texts stay, the index goes
            planned.set()

        if not parallel:
            _init_here(opts.handout, self._stop.flag)
        finished = pool.imap_unordered(_numbered_chunk, enumerate(jobs())) if parallel else None
        if finished is None:
            for n, one in enumerate(jobs()):
                if self._stop.asked:
                    break
                result = _safe_chunk(one)
                arrived(n, result)
                self._done += len(one.athletes)
                self.progress(self._done, len(athletes))
            return
        # After a stop the workers finish the file they are writing and say so; chunks not
        # started come back at once, made by no one.
        workers = pool_internals.processes(pool)  # the processes started for this run
        pending: Callable[[], None] | None = meanwhile
        while True:
            if pending is not None and planned.is_set():
                pending()  # the report, while the workers finish the last chunks
                pending = None
            try:
                n, result = finished.next(timeout=0.5 if pending is None else 0.05)
            except StopIteration:
                break
            except multiprocessing.TimeoutError:
                # A worker ended from outside (SIGTERM to the whole process group, the OOM
                # killer) takes its chunk with it, and the pool would wait for it forever.
                if any(p.exitcode is not None for p in workers):
                    raise _WorkersGone from None
                continue
            room.release()
            arrived(n, result)
            if not self._stop.asked:
                self._done += (
                    sum(not d.family for d in result.done) + len(result.failed) - result.copies_failed
                )
                self.progress(self._done, len(athletes))
        pool.close()

    def _count(self, result: ChunkResult, outcome: Outcome, made: array[int]) -> None:
        """Add a finished chunk's files, pages, problems and warnings to the outcome."""
        outcome.failed += result.failed
        self._failed += len(result.failed) - result.copies_failed  # athletes not made
        for done in result.done:
            outcome.written.append(f"{done.stem}.pdf")
            outcome.pages += done.pages
            outcome.manifest.append(
                (
                    done.row,
                    done.athlete_id,
                    f"{done.stem}.pdf",
                    done.language,
                    done.topics,
                    done.pages,
                    done.digest,
                )
            )
            for w in done.warnings:
                if PLACEHOLDER_WARNING in w:  # said once, in the summary, with the rows
                    outcome.placeholders.append(done.row)
                else:
                    outcome.warnings.append(Problem(self.roster.name, "", w, done.row))
            if done.family:
                outcome.family_copies += 1
            else:
                made.append(done.index)

    def _end_pool(self, pool: Any, gone: bool = False) -> None:
        """Stop the workers (once); `gone`: one was killed from outside, so the pool is dropped."""
        if pool is None or self._pool_ended:
            return
        self._pool_ended = self._no_more_jobs = True
        if gone:
            pool_internals.abandon(pool)
        else:
            pool.terminate()
            pool.join()

    def _recount(self, athletes: Sequence[Athlete], made: array[int], outcome: Outcome, since: int) -> None:
        """Count the handouts written in this run that no chunk reported (a stop at once)."""
        self._unreported = True
        counted = set(made)
        for index in range(len(athletes)):
            if index in counted:
                continue
            athlete = athletes[index]
            path = self.opts.outdir / f"{athlete.stem}.pdf"
            try:
                fresh = path.stat().st_mtime >= since
            except OSError:
                continue
            if fresh:
                outcome.pages += page_count(path, athlete.password or self.opts.password)
                outcome.written.append(path.name)
                made.append(index)
                copy = None if athlete.family is None else self.opts.outdir / f"{athlete.family[1]}.pdf"
                with contextlib.suppress(OSError):
                    if copy is not None and copy.stat().st_mtime >= since:
                        outcome.pages += page_count(copy, athlete.password or self.opts.password)
                        outcome.written.append(copy.name)
                        outcome.family_copies += 1

    def _named(self, name: str) -> str:
        """Return a file name of the run's own ("manifest.csv"), a shard's its own ("manifest.2-of-8.csv")."""
        if self.opts.shard is None:
            return name
        stem, _, suffix = name.rpartition(".")
        return f"{stem}.{self.opts.shard[0]}-of-{self.opts.shard[1]}.{suffix}"

    def _write_manifest(self, outcome: Outcome) -> None:
        """Add the run's record to OUTDIR/manifest.csv: a line per file written, with what made
        it, the date and its SHA-256, and no name or health value, so that a school keeps one
        log of who was given what, run after run. A run stopped hard writes none (its lines,
        written at its end, would be the only part that is true of it)."""
        if self._maker is None:
            return
        if self._unreported:
            # Stopped hard: some files were found on disk, not reported with what made them.
            outcome.unwritten.append("no manifest: the run was stopped before every file was reported")
            return
        path = self.opts.outdir / self._named("manifest.csv")
        if path.name.casefold().removesuffix(".csv") in {
            r.casefold().removesuffix(".csv") for r in self.opts.reserved
        }:
            outcome.unwritten.append(f"no manifest: {path.name} is one of this run's inputs")
            return
        library = self._maker.library
        versions: dict[str, str] = {}
        day = handout_date().isoformat()
        buffer = io.StringIO()
        out = csv.writer(buffer)
        for row, athlete_id, file, language, topics, pages, digest in sorted(outcome.manifest):
            if language not in versions:
                versions[language] = library.version(language)
            version = versions[language]
            out.writerow(
                [
                    row,
                    _cell_safe(athlete_id),
                    file,
                    language,
                    topics,
                    version,
                    __version__,
                    day,
                    pages,
                    digest,
                ]
            )
        header = io.StringIO()
        csv.writer(header).writerow(MANIFEST_COLUMNS)
        try:
            problem = workfiles.append_record(path, header.getvalue(), buffer.getvalue(), self.opts.private)
        except OSError as e:
            problem = f"cannot write {path.name}: {e.strerror or e}"
        if problem:
            outcome.unwritten.append(f"no manifest: {problem}")

    def _write_errors(self, outcome: Outcome, since: int) -> None:
        path = self.opts.outdir / self._named("errors.csv")
        if not outcome.failed:
            # An earlier run's list is out of date; one written since this run began is another
            # run's, at the same time into the same folder, and stays.
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < since:
                    path.unlink()
            return
        buffer = io.StringIO()
        out = csv.writer(buffer)
        out.writerow(["file", "row", "field", "problem"])
        for p in outcome.failed:
            out.writerow([_cell_safe(str(x)) for x in (p.file, p.line or "", p.field, p.message)])
        try:
            write_atomically(path, buffer.getvalue().encode("utf-8-sig"), self.opts.private)
        except RenderError as e:
            # The problems are still on screen; a full disk must not hide the summary.
            outcome.unwritten.append(f"no error list: {e}")

    def _report_words(self) -> ReportLines | None:
        """Return the wording of the report's lines (None: no packet, so no report)."""
        if self.opts.packet is None or self._maker is None:
            return None
        return ReportLines(self._maker.library.labels(self.opts.handout.language or "en"))

    def _prepare(self, book: packets.Packet, athletes: Sequence[Athlete], chosen: Sequence[int]) -> None:
        """Lay out the packet's cover and coach's report for these athletes (by index)."""
        labels = book.labels
        team = team_name(
            (athletes[i].profile for i in chosen), labels, self.opts.team, book.pages.setup.theme.club
        )
        day = labels.locale.date(handout_date())
        lines = (self._lines[i] for i in chosen)
        # Rows that failed, and athletes whose handouts failed: said on the report.
        missing = len(athletes) - len(chosen) + self._bad_rows
        report = report_flowables(lines, book.pages.writer(), labels, team, day, missing)
        guides = []
        if self.opts.packet_options.guide and self._maker is not None:
            guides = self._maker.guide_sections((athletes[i].profile for i in chosen), team)
        book.prepare(Front(team, day, len(chosen), report, guides))
        self._front_for = tuple(chosen)

    def _front_meanwhile(self, book: packets.Packet, athletes: Sequence[Athlete]) -> None:
        """Lay out the cover and report for every athlete while the last handouts are made.

        Nothing is written here, so a stop interrupts it at once; the run then stops as asked.
        """
        if self.opts.packet is None or self._stop.asked:
            return
        try:
            with self._stop.at_once():
                self._prepare(book, athletes, range(len(athletes)))
        except KeyboardInterrupt:
            self._front_for = None

    def _gather(self, book: packets.Packet, result: ChunkResult) -> None:
        """Put a finished chunk's handouts into the packet (chunks arrive here in order)."""
        if self.opts.packet is None or self._stop.asked or self._packet_problem:
            return  # a stopped run makes no packet
        parts: list[packets.Part] = []
        for d in result.done:
            if d.document is not None:
                # Athletes' topics, and the pages they start on, repeat from handout to handout:
                # each list is kept once for the bookmarks.
                topics = tuple((text, page - d.start) for _, text, page in d.headings)
                topics = self._topics.setdefault(topics, topics)
                # The report's line has the name (shared, no athlete unpacked for it) and the flag.
                line = self._lines[d.index]
                title, level = line.texts[0], line.level
                if d.family:
                    # Right after the athlete's own, named as the family's copy; the flag is on
                    # the athlete's line already.
                    assert self._maker is not None
                    language = self._maker.library.labels(d.family).text("language_name")
                    title = fill(book.labels.text("packet", "family_copy"), name=title, language=language)
                    level = ""
                parts.append(
                    packets.Part(title, d.document, d.start, d.pages, topics, level=level, tree=d.tree)
                )
        try:
            book.add(parts)
        except RenderError as e:
            # A full disk or a file size limit while the packet grows: the handouts go on.
            self._packet_problem = f"no packet: {e}"
            book.discard()

    def _packet(self, book: packets.Packet, athletes: Sequence[Athlete], made: array[int]) -> int:
        assert self.opts.packet is not None
        # The cover and report show the athletes in the packet: those whose handouts were made.
        # If some were not, or the front is not laid out yet, it is laid out now (nothing is
        # written meanwhile, so a stop ends that at once).
        chosen = tuple(sorted(made))
        if self._front_for != chosen:
            with self._stop.at_once():
                self._prepare(book, athletes, chosen)
        self._lines.clear()
        return book.finish(self.opts.packet)


class _WorkersGone(Exception):
    """A worker process ended while its chunk was under way."""


class _InOrder:
    """Hands chunk results on in chunk order, whatever order the pool finishes them in."""

    def __init__(self, take: Callable[[ChunkResult], None]) -> None:
        self.take, self.next, self.waiting = take, 0, dict[int, ChunkResult]()

    def __call__(self, n: int, result: ChunkResult) -> None:
        self.waiting[n] = result
        while self.next in self.waiting:
            self.take(self.waiting.pop(self.next))
            self.next += 1


def _numbered_chunk(
    item: tuple[int, Job],
) -> tuple[int, ChunkResult]:
    n, job = item
    try:
        return n, _safe_chunk(job)
    except StopIteration as e:
        # Raised back in the batch, it would read as "no more chunks": the run would end at
        # once, its handouts neither made nor counted as failed.
        raise RuntimeError(f"a chunk stopped unexpectedly (StopIteration: {e})") from e


def _init_here(options: HandoutOptions, stop: Any) -> None:
    global _MAKER, _STOP
    _MAKER, _STOP = HandoutMaker(options), stop


def _safe_chunk(job: Job) -> ChunkResult:
    """Run a chunk; a problem that stops one athlete is reported for that athlete's row."""
    try:
        return _run_chunk(job)
    except UnprintableText as e:
        # Which of their fields no font prints: named, as any other problem with a cell.
        found = _MAKER.unprintable(job.athletes[0].profile) if isinstance(_MAKER, HandoutMaker) else None
        field, error = found if found is not None else ("", e)
        return ChunkResult([], [job.athletes[0].where.problem(field, str(error))])
    except HandoutsError as e:
        return ChunkResult([], [job.athletes[0].where.problem("", str(e))])


@contextlib.contextmanager
def _plain_signals() -> Iterator[None]:
    """Start worker processes with Ctrl-C ignored and SIGTERM fatal, from their first instant.

    A worker set up with the main process's handlers would, if stopped while starting, print a
    KeyboardInterrupt traceback of its own.
    """
    handlers = {signal.SIGINT: signal.SIG_IGN, signal.SIGTERM: signal.SIG_DFL}
    before = {s: signal.signal(s, h) for s, h in handlers.items()}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


class _Stop:
    """The batch's signal handler: the first Ctrl-C or SIGTERM asks every process to stop after
    the file it is writing; a second one stops at once.
    """

    def __init__(self, flag: Any) -> None:
        self.flag = flag
        self._raise = False
        self.closing = False  # the run is cleaning up: never interrupt that
        self.pid = os.getpid()

    @property
    def asked(self) -> bool:
        return bool(self.flag.value)

    def __call__(self, signum: int, frame: object) -> None:
        if os.getpid() != self.pid:
            # A worker the pool started again, before its own setup: the signal ends it.
            os._exit(128 + signum)
        again = self.asked
        self.flag.value = 1
        if (again or self._raise) and not self.closing:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def at_once(self) -> Iterator[None]:
        """Within this block a stop interrupts at once (nothing is being written)."""
        self._raise = True
        try:
            if self.asked:
                raise KeyboardInterrupt
            yield
        finally:
            self._raise = False


def _cell_safe(text: str) -> str:
    """Return a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
