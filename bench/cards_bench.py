"""A generated 1000-card deck to card sheets: wall time, peak memory, size.

    python bench/cards_bench.py [REPS]

Builds bench/work/cards/ (a deck of 1000 cards drawn from the real deck's
texts, and a cards layout) and runs, alternating, each in its own process:

- ``zinemaker build``: the deck, from YAML to A4 card sheets (9-up inside a
  5 mm margin, crop marks, the one back behind every front). Target
  (issue 5): under 2 s and under 1 MB.
- ``zinemaker impose --scheme cards --back``: imposing the same cards when
  they come as a PDF of faces (typeset beforehand, not timed): the way the
  deck went before its faces were drawn straight onto the sheets.
- ``pdfimpose cards --back``: pdfimpose 2.10 (in bench/work/venv, from
  impose_bench.py) imposing that same PDF of faces onto A4 with crop marks.
  Imposing only: it typesets nothing.

The peers issue 5 names cannot run here: Squib is a Ruby gem (rubygems.org
is not reachable from this machine), nanDECK and CardMaker are Windows
programs, and silhouette-card-maker is not on PyPI.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work" / "cards"
CARDS = 1000


def make_project(work: Path = WORK, count: int = CARDS) -> None:
    """A card project in ``work``: a deck of ``count`` cards, each different, and a 9-up A4 layout."""
    base = yaml.safe_load((ROOT / "decks" / "social-spaces.yaml").read_text(encoding="utf-8"))
    cards = []
    for i in range(count):
        c = dict(base["cards"][i % len(base["cards"])])
        c["id"] = f"{c['id']}-{i:04d}"
        c.pop("qty", None)
        # Every card's text differs, so no cache of repeated text helps.
        c["title"] = f"{c['title'][:24]} {i + 1}"
        c["body"] = c["body"].replace("1. ", f"1. (Round {i + 1}) ", 1)
        c["quote"] = f"{c['quote']} [{i + 1}]"
        cards.append(c)
    base["cards"] = cards
    (work / "decks").mkdir(parents=True, exist_ok=True)
    (work / "layouts").mkdir(exist_ok=True)
    (work / "decks" / "big.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    (work / "layouts" / "big.toml").write_text(
        '[cards]\ndeck = "decks/big.yaml"\nfaces = false\n[output]\npapers = ["a4"]\nmargin = "5mm"\n'
        'marks = ["crop"]\n',
        encoding="utf-8",
    )


def make_faces() -> tuple[Path, Path]:
    """The deck's faces as PDFs, for the tools that impose a PDF: every
    front in one, the back in another."""
    from pypdf import PdfReader, PdfWriter

    from zinemaker.content.deck import load_deck
    from zinemaker.typeset.cards import CardArt, CardSpec
    from zinemaker.units import CARD

    fronts, back = WORK / "fronts.pdf", WORK / "back.pdf"
    if fronts.exists() and back.exists():
        return fronts, back
    art = CardArt(load_deck(WORK / "decks" / "big.yaml"), CardSpec(CARD["poker"]))
    reader = PdfReader(io.BytesIO(art.pdf()))
    for path, pages in ((fronts, reader.pages[:-1]), (back, reader.pages[-1:])):
        w = PdfWriter()
        for p in pages:
            w.add_page(p)
        w.write(path)
    return fronts, back


def run(cmd: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=WORK, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024


def stored(path: Path) -> tuple[int, int]:
    """Sheet sides, and the forms as big as a card face with bleed among the
    placed objects (how often a face is stored)."""
    from pypdf import PdfReader

    r = PdfReader(str(path))
    faces = set()
    for p in r.pages:
        for ref in (p["/Resources"].get("/XObject") or {}).values():
            box = ref.get_object().get("/BBox")
            if box is not None and float(box[2]) - float(box[0]) < 300:
                faces.add(ref.idnum)
    return len(r.pages), len(faces)


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    make_project()
    fronts, back = make_faces()
    sys.path.insert(0, str(HERE))
    from impose_bench import ensure_venv

    pdfimpose = ensure_venv()
    tools = {
        "zinemaker build": ([sys.executable, "-m", "zinemaker", "build", "-q"], "out/big.a4.print.pdf"),
        "zinemaker impose": (
            [sys.executable, "-m", "zinemaker", "impose", "fronts.pdf", "--back", "back.pdf", "--scheme", "cards"]
            + ["--sheet", "a4", "--margin", "5mm", "--marks", "crop", "--flip", "long-edge", "-o", "impose.pdf"],
            "impose.pdf",
        ),
        "pdfimpose cards": (
            [str(pdfimpose), "cards", "fronts.pdf", "--back", "back.pdf", "--format", "A4", "--mark", "crop"]
            + ["--output", "pdfimpose.pdf"],
            "pdfimpose.pdf",
        ),
    }
    times: dict[str, list[float]] = {k: [] for k in tools}
    mems: dict[str, list[float]] = {k: [] for k in tools}
    for _ in range(reps):
        for name, (cmd, _) in tools.items():  # alternate, so drift hits all alike
            t, m = run(cmd)
            times[name].append(t)
            mems[name].append(m)
    print(f"{CARDS} poker cards with one shared back, A4; {reps} runs each, medians; {os.cpu_count()} cores")
    print()
    print("| tool | what it does | wall s | peak MiB | output MB | sheet sides | face-sized forms |")
    print("|---|---|---|---|---|---|---|")
    what = {
        "zinemaker build": "YAML deck to sheets",
        "zinemaker impose": "faces PDF to sheets",
        "pdfimpose cards": "faces PDF to sheets",
    }
    for name, (_, out) in tools.items():
        path = WORK / out
        sides, faces = stored(path)
        print(
            f"| {name} | {what[name]} | {statistics.median(times[name]):.2f} | {statistics.median(mems[name]):.0f}"
            f" | {path.stat().st_size / 1e6:.2f} | {sides} | {faces} |"
        )
    z, i, p = (statistics.median(times[k]) for k in tools)
    size = {k: (WORK / out).stat().st_size for k, (_, out) in tools.items()}
    print()
    print(
        f"zinemaker build, typesetting included, takes {z / p:.2f}x the time pdfimpose takes to impose the"
        f" typeset faces alone, and {z / i:.2f}x zinemaker's own imposing of them; its sheets are"
        f" {size['zinemaker build'] / size['pdfimpose cards']:.2f}x pdfimpose's size."
        f" Target: under 2 s and 1 MB ({statistics.median(times['zinemaker build']):.2f} s,"
        f" {size['zinemaker build'] / 1e6:.2f} MB)."
    )


if __name__ == "__main__":
    main()
