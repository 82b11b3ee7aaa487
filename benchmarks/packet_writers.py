"""Peak memory of a 10,000-athlete packet: our streaming writer against letting pikepdf write it.

The batch hands the packet one chunk document (ten athletes) at a time, in memory. Here the
same chunks go to three writers, each in a fresh process, and each process's peak memory
(ru_maxrss), time and file size are printed:

- stream: generator.pdf.packet (pages written to a spool file as they arrive, chunks let go);
- pikepdf: a new pikepdf.Pdf, each chunk opened from memory and its pages appended, saved at
  the end (qpdf needs every source document open until it saves);
- pikepdf-files: the same, but each chunk spooled to its own file first, so qpdf reads page
  data from disk instead of memory.

Chunks are rendered once (20 distinct ones, 200 athletes) and fed in turn until the packet has
`--athletes` of them; each feed is a fresh copy of the bytes, as a real run's chunks are.

    python benchmarks/packet_writers.py                 # 10,000 athletes
    python benchmarks/packet_writers.py --athletes 2000
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHUNK = 10
DISTINCT = 20


def render(work: Path) -> Path:
    """Render DISTINCT chunk documents of CHUNK athletes and keep them (bytes and sections)."""
    from benchmarks.run import roster
    from generator.inputs.profile import validate
    from generator.inputs.roster import read_records
    from generator.options import HandoutOptions as Options
    from generator.runs.handout import HandoutMaker

    records = read_records(roster(work / "roster.csv", CHUNK * DISTINCT)).records
    people = [validate(r.values, r.where).profile for r in records]
    maker = HandoutMaker(Options())
    prime = maker.charset(["en", "es"], ["".join(p.name for p in people if p)])
    chunks = []
    for start in range(0, len(people), CHUNK):
        laid = maker.render([p for p in people[start : start + CHUNK] if p], prime)
        sections = [
            (s.start, s.pages, [(t, at - s.start) for lv, t, at in s.headings if lv == 0])
            for s in laid.rendered.sections
        ]
        chunks.append((laid.rendered.pdf, sections))
    path = work / "chunks.pickle"
    path.write_bytes(pickle.dumps((prime, chunks)))
    return path


def feed(chunks_file: Path, athletes: int):  # type: ignore[no-untyped-def]
    prime, chunks = pickle.loads(chunks_file.read_bytes())
    for n in range(athletes // CHUNK):
        data, sections = chunks[n % len(chunks)]
        yield n, bytes(bytearray(data)), sections  # a fresh copy: every real chunk is its own


def stream(chunks_file: Path, athletes: int, out: Path) -> None:
    from generator.layout.front import Front
    from generator.options import HandoutOptions as Options
    from generator.pdf import packet as packets
    from generator.runs.files import write_atomically_with
    from generator.runs.handout import HandoutMaker

    prime, _ = pickle.loads(chunks_file.read_bytes())
    maker = HandoutMaker(Options())
    book = packets.Packet(
        maker.front_pages("en", prime), "en", packets.PacketOptions(spool=out.parent), write_atomically_with
    )
    for n, data, sections in feed(chunks_file, athletes):
        book.add([packets.Part(f"Athlete {n}-{i}", data, s, p, t) for i, (s, p, t) in enumerate(sections)])
    book.prepare(Front("Team", "1 January 2026", athletes))
    book.finish(out)


def with_pikepdf(chunks_file: Path, athletes: int, out: Path, files: bool) -> None:
    import pikepdf

    packet = pikepdf.new()
    sources = []  # qpdf copies page data from its sources when it saves: they stay open
    with tempfile.TemporaryDirectory(dir=out.parent) as spool:
        for n, data, _ in feed(chunks_file, athletes):
            if files:
                path = Path(spool) / f"{n}.pdf"
                path.write_bytes(data)
                del data
                source = pikepdf.open(path)
            else:
                source = pikepdf.open(io.BytesIO(data))
            sources.append(source)
            packet.pages.extend(source.pages)
        packet.save(out)


def child(kind: str, chunks_file: Path, athletes: int, out: Path) -> None:
    started = time.perf_counter()
    if kind == "stream":
        stream(chunks_file, athletes, out)
    else:
        with_pikepdf(chunks_file, athletes, out, files=kind == "pikepdf-files")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "peak_mb": peak_kb / 1024,
                "mb": out.stat().st_size / 2**20,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--athletes", type=int, default=10_000)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "CHUNKS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, chunks_file, out = args.child
        child(kind, Path(chunks_file), args.athletes, Path(out))
        return
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        chunks_file = render(work)
        print(f"{args.athletes} athletes in chunks of {CHUNK} ({DISTINCT} distinct chunks, fed in turn)")
        print(f"{'writer':<14} | {'peak memory (MB)':>16} | {'seconds':>7} | {'file (MB)':>9}")
        for kind in ("stream", "pikepdf", "pikepdf-files"):
            out = work / f"{kind}.pdf"
            command = [
                sys.executable,
                __file__,
                "--athletes",
                str(args.athletes),
                "--child",
                kind,
                str(chunks_file),
                str(out),
            ]
            done = subprocess.run(
                command, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
            )
            if done.returncode != 0:
                print(f"{kind:<14} | failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            got = json.loads(done.stdout)
            print(f"{kind:<14} | {got['peak_mb']:>16.0f} | {got['seconds']:>7.1f} | {got['mb']:>9.1f}")
            out.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
