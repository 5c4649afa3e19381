"""How well the reader pages are set, measured from the built PDF, beside typst.

    python bench/typeset_bench.py [--no-typst] [--reps N] [--out FILE]

For the default zine (social-spaces.toml on Letter and on A4, so half letter
and A5 pages) and the same layout at A6 and quarter letter (page size
changed, margins and type left to the size's preset), it builds the reader
PDF with zinemaker and measures, from the PDF alone (pypdfium2's character
positions and advances):

- per justified body line (a body-size line that reaches the right edge of
  the text block), the mean word space in em of the body size; the worst
  such line, and the share of lines over 0.5 em;
- the share of body lines ending in a hyphen, and the longest run of them;
- lines that stop short of the right edge inside a paragraph (a line set
  ragged because justifying it would leave holes: not counted as justified,
  so counted here);
- hyphens on the last body line of a page (a word split across a page
  turn), widows (a paragraph's last line alone at the top of a page) and
  orphans (its first line alone at the foot of one);
- facing pages whose last body lines sit on different baselines;
- what a line does besides its word spaces, so no setting hides its
  looseness elsewhere: the tightest line's word spaces, the letter-spacing
  of the most and least letter-spaced lines (mean gap between the letters of
  its words, in em) and the narrowest and widest glyph scaling (font
  expansion, from the characters' matrices);
- characters a justified line holds (mean), and CPU time (the machine is
  shared: CPU seconds move much less with its load than wall seconds).

Then it sets the same blocks with typst 0.15 (``linebreaks: "optimized"``,
justified, hyphenated as US English, same font, size, leading, measure and
margins), from a venv of its own in bench/work/venv (never the project's),
and measures its PDF the same way: the peer, side by side.

The goals (issue 12), on every layout: worst line at most 0.60 em, at most
5% of lines over 0.5 em, at most 8% hyphenated, no run over 2, no hyphen at
a page turn, no widow or orphan, 55-70 characters a line.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work" / "typeset"
VENV = HERE / "work" / "venv"
LAYOUT = ROOT / "layouts" / "social-spaces.toml"
HYPHENS = "-\u2010\u00ad\x02"  # pdfium reports a hyphen ending a line as U+0002

# (name, page size for the layout, paper the half-sheet is cut from)
CASES = [
    ("default, Letter (half letter)", None, "letter"),
    ("default, A4 (A5)", None, "a4"),
    ("A6", "a6", "a4"),
    ("quarter letter", "quarter-letter", "letter"),
]


# ------------------------------------------------------------ reading a PDF


@dataclass
class Line:
    page: int
    y: float
    left: float
    right: float
    size: float
    text: str
    gaps: list[float] = field(default_factory=list)  # word spaces, pt
    letters: list[float] = field(default_factory=list)  # between letters within a word, pt (tracking, kerning)
    scale: float = 1.0  # horizontal glyph scaling (font expansion), median over the line


def read_lines(pdf: bytes) -> list[list[Line]]:
    """Each page's text lines, top to bottom: characters grouped by baseline,
    with the gaps between words measured from one word's last advance to the
    next word's first origin (so a space glyph or none measures the same),
    the gaps between the letters of a word the same way (letter-spacing
    shows there, not in the word gaps), and the glyphs' horizontal scale
    (font expansion) from each character's matrix. Advances are pdfium's,
    as drawn: horizontal scaling included, letter-spacing not."""
    doc = pdfium.PdfDocument(pdf)
    pages: list[list[Line]] = []
    x, y = ctypes.c_double(), ctypes.c_double()
    box = raw.FS_RECTF()
    m = raw.FS_MATRIX()
    for n in range(len(doc)):
        tp = doc[n].get_textpage()
        chars = []
        for i in range(raw.FPDFText_CountChars(tp.raw)):
            u = chr(raw.FPDFText_GetUnicode(tp.raw, i))
            gen = raw.FPDFText_IsGenerated(tp.raw, i)
            raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
            raw.FPDFText_GetLooseCharBox(tp.raw, i, box)
            raw.FPDFText_GetMatrix(tp.raw, i, m)
            scale = m.a / m.d if m.d else 1.0
            chars.append((u, gen, x.value, y.value, box.right, raw.FPDFText_GetFontSize(tp.raw, i), scale))
        lines: list[Line] = []
        cur: list = []

        def flush() -> None:
            if not cur:
                return
            vis = [c for c in cur if not c[1] and not c[0].isspace()]
            if not vis:
                cur.clear()
                return
            text = "".join(c[0] for c in cur if not c[1] or c[0] == " ").strip()
            line = Line(n, vis[0][3], vis[0][2], vis[-1][4], statistics.median(c[5] for c in vis), text)
            line.scale = statistics.median(c[6] for c in vis)
            prev = None
            gap_open = False
            for c in cur:
                if c[0].isspace():
                    gap_open = prev is not None
                    continue
                if c[1]:
                    continue
                if prev is not None and (gap_open or c[2] - prev[4] > 0.15 * line.size):
                    line.gaps.append(c[2] - prev[4])
                elif prev is not None and abs(c[2] - prev[2]) > 0.01:  # not a ligature's second letter
                    line.letters.append(c[2] - prev[4])
                gap_open = False
                prev = c
            lines.append(line)
            cur.clear()

        for c in chars:
            if c[0] in "\r\n" or (cur and abs(c[3] - cur[-1][3]) > 0.5 and not c[1]):
                flush()
                if c[0] in "\r\n":
                    continue
            cur.append(c)
        flush()
        lines.sort(key=lambda ln: -ln.y)
        pages.append(lines)
    return pages


@dataclass
class Figures:
    lines: int = 0
    justified: int = 0
    worst: float = 0.0
    worst_line: str = ""
    tightest: float = 9.9  # the tightest justified line's mean word space (em)
    tightest_line: str = ""
    track_most: float = 0.0  # the most letter-spacing in a justified line (em, mean over its letter gaps)
    track_least: float = 0.0
    scale_least: float = 1.0  # glyph widths, narrowest and widest line (font expansion)
    scale_most: float = 1.0
    over: float = 0.0
    hyphen_share: float = 0.0
    run: int = 0
    turn_hyphens: int = 0
    widows: int = 0
    orphans: int = 0
    uneven_spreads: int = 0
    short_inside: int = 0  # lines that stop short of the right edge inside a paragraph
    chars: float = 0.0
    pages: int = 0
    seconds: float = 0.0
    unshaped: float = 0.0  # the same without kerning and ligatures (zinemaker only)
    examples: list[str] = field(default_factory=list)


def _edge(xs: list[float]) -> float:
    """The text block's edge on a page: where most lines end (or start), to
    the point; hanging punctuation and short lines do not move it."""
    return statistics.mode(round(x) for x in xs)


def measure(pdf: bytes, body: float, leading: float, start: str = "") -> Figures:
    """The texture figures of a PDF's body text (lines set at ``body`` pt),
    from the page with a line that begins with ``start`` (the first heading:
    a title page's introduction and contents are not the text)."""
    pages = read_lines(pdf)
    f = Figures(pages=len(pages))
    body_pages = []
    begun = not start
    for lines in pages:
        begun = begun or any(ln.text.startswith(start) and ln.size > body * 1.05 for ln in lines)
        # body-size lines, not a folio (typst prints page numbers at the body size)
        bl = [ln for ln in lines if abs(ln.size - body) < 0.05 * body and not ln.text.isdigit()] if begun else []
        body_pages.append(bl)
    rights = [round(ln.right) for bl in body_pages for ln in bl]
    if not rights:
        return f
    spaces: list[float] = []
    hyph_run = 0
    hyph_lines = 0
    total = 0
    seq: list[tuple[int, Line, bool, bool]] = []  # page, line, starts para, ends para
    for n, bl in enumerate(body_pages):
        if not bl:
            continue
        right = _edge([ln.right for ln in bl])
        left = _edge([ln.left for ln in bl])
        heads = [h.y for h in pages[n] if h.size > body * 1.05]  # headings on the page
        for k, ln in enumerate(bl):
            full = ln.right > right - 1.0
            above = bl[k - 1] if k else None
            starts = ln.left > left + 0.4 * body or (above is not None and above.y - ln.y > leading * 1.25)
            if k == 0:
                # the page's first body line: indented, or the first under a heading
                starts = ln.left > left + 0.4 * body or any(y > ln.y for y in heads)
            seq.append((n, ln, starts, not full))
    for i, (n, ln, starts, ends) in enumerate(seq):
        nxt = seq[i + 1] if i + 1 < len(seq) else None
        if ends and nxt is not None and not nxt[2]:
            # short, yet the paragraph goes on: a line left ragged (or a
            # paragraph start the reader did not see)
            f.short_inside += 1
            f.examples.append(f"short line inside a paragraph p{n + 1}: {ln.text[:50]}")
        if nxt is not None and nxt[2]:
            ends = True
        total += 1
        hy = ln.text[-1:] in HYPHENS and len(ln.text) > 1 and ln.text[-2].isalpha()
        hyph_lines += hy
        hyph_run = hyph_run + 1 if hy else 0
        f.run = max(f.run, hyph_run)
        last_on_page = nxt is None or nxt[0] != n
        if hy and last_on_page and nxt is not None:
            f.turn_hyphens += 1
            f.examples.append(f"hyphen at page turn p{n + 1}: ...{ln.text[-30:]}")
        if last_on_page and nxt is not None:
            # The foot of page n and the top of the next one with body text.
            first_next = nxt
            if starts and not ends:
                f.orphans += 1
                f.examples.append(f"orphan p{n + 1}: {ln.text[:40]}")
            top_ends = first_next[3] or (i + 2 < len(seq) and seq[i + 2][2])
            if not first_next[2] and top_ends and (i + 2 >= len(seq) or seq[i + 2][0] != first_next[0] or True):
                if i + 2 >= len(seq) or seq[i + 2][0] != first_next[0] or seq[i + 2][2] or first_next[3]:
                    f.widows += 1
                    f.examples.append(f"widow p{first_next[0] + 1}: {first_next[1].text[:40]}")
        if not ends and len(ln.gaps) > 0:
            em = statistics.fmean(ln.gaps) / body
            spaces.append(em)
            f.chars += len(ln.text)
            if em > f.worst:
                f.worst, f.worst_line = em, ln.text
            if em < f.tightest:
                f.tightest, f.tightest_line = em, ln.text
            if ln.letters:
                tr = statistics.median(ln.letters) / body  # a ligature or kerned pair is not the line's spacing
                f.track_most, f.track_least = max(f.track_most, tr), min(f.track_least, tr)
            f.scale_least, f.scale_most = min(f.scale_least, ln.scale), max(f.scale_most, ln.scale)
    f.lines = total
    f.justified = len(spaces)
    f.over = sum(s > 0.5 for s in spaces) / max(1, len(spaces))
    f.hyphen_share = hyph_lines / max(1, total)
    f.chars = f.chars / max(1, len(spaces))
    # Facing pages (2-3, 4-5, ...): their last body baselines. A spread may
    # end unevenly only where the text does: the short page is the last of
    # the text, or the page after it opens with a heading.
    feet = {n: bl[-1].y for n, bl in enumerate(body_pages) if bl}
    last_text = max(feet) if feet else -1

    def opens_with_heading(n: int) -> bool:
        return n < len(pages) and bool(pages[n]) and pages[n][0].size > body * 1.05

    for left_page in range(1, len(pages) - 1, 2):
        a, b = feet.get(left_page), feet.get(left_page + 1)
        if a is None or b is None or abs(a - b) <= 0.5:
            continue
        short = left_page if a > b else left_page + 1
        if short == last_text or opens_with_heading(short + 1):
            continue
        f.uneven_spreads += 1
        f.examples.append(f"uneven spread p{left_page + 1}/p{left_page + 2}")
    return f


# ------------------------------------------------------------ zinemaker


def _layout_for(size: str | None) -> Path:
    """The default layout, or a copy at another page size with the size's
    preset margins and type (its own margins and type dropped), in a
    project folder of its own under bench/work (a layout reads only files
    inside its project)."""
    if size is None:
        return LAYOUT
    data = LAYOUT.read_text(encoding="utf-8")
    out_lines = []
    skip = False
    for line in data.splitlines():
        s = line.strip()
        if s.startswith("["):
            skip = s == "[page.margins]"
        if skip:
            continue
        if s.startswith("size =") and "half-sheet" in s:
            line = f'size = "{size}"'
        if s.startswith(("size =", "leading =")) and "pt" in s:
            continue
        out_lines.append(line)
    project = WORK / "project"
    (project / "layouts").mkdir(parents=True, exist_ok=True)
    (project / "texts").mkdir(parents=True, exist_ok=True)
    for text in (ROOT / "texts").glob("*.md"):
        (project / "texts" / text.name).write_bytes(text.read_bytes())
    path = project / "layouts" / f"social-spaces-{size}.toml"
    path.write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    return path


def zinemaker_case(size: str | None, paper: str, reps: int) -> tuple[bytes, Figures, dict]:
    sys.path.insert(0, str(ROOT / "src"))
    from zinemaker.build import book_for, page_spec
    from zinemaker.definitions.layout import load_layout
    from zinemaker.typeset.reader import typeset_reader

    import zinemaker.typeset.reader as reader_module

    layout = load_layout(_layout_for(size))
    spec = page_spec(layout, paper)
    times, plain = [], []
    pdf = b""
    for _ in range(reps):
        # alternating: set shaped, then unshaped (no kerning or ligatures),
        # each time with the text's caches emptied (words shaped, cut and
        # hyphenated afresh, as in a new process); the fonts are read once
        # per process (the first case's first run pays for them)
        for shaped in (True, False):
            _cold()
            reader_module.SHAPE = shaped
            t = time.process_time()
            out = typeset_reader(book_for(layout), spec, layout.root)
            (times if shaped else plain).append(time.process_time() - t)
            if shaped:
                pdf = out
    book = book_for(layout)
    fig = measure(pdf, spec.size, spec.leading, first_heading(book))
    fig.seconds = statistics.median(times)
    fig.unshaped = statistics.median(plain)
    return pdf, fig, {"spec": spec, "book": book}


def _cold() -> None:
    """Empty zinemaker's caches of the text (not the fonts'): a setting as a
    new process would make it."""
    from zinemaker.typeset import hyphens, lines, shaping

    lines._PIECES.clear()
    lines._SUMS.clear()
    for fn in (shaping.shape, lines._shaped_unit, lines._shaped_runs, lines.unit_width, hyphens.cuts):
        fn.cache_clear()


def first_heading(book) -> str:  # noqa: ANN001
    """The text of the book's first heading: where its text begins."""
    from zinemaker.typeset.reader import Passage

    return next((" ".join(b.plain.split()) for p in book.parts if isinstance(p, Passage) for b in p.blocks if b.kind == "heading"), "")


# ------------------------------------------------------------ typst


def _typst_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\#*_`$<>@[]~/=-+\"'":
            out.append("\\" + ch if ch not in "\"'-/" else ch)
        else:
            out.append(ch)
    s = "".join(out)
    # typst turns "--" into a dash and "..." into an ellipsis; the text has its own.
    return s.replace("--", "-\\-").replace("...", ".\\..")


def typst_source(book, spec) -> str:  # noqa: ANN001
    """The book's passages as typst markup, in the same page geometry."""
    from zinemaker.typeset.reader import Passage, link_text

    tw, th = spec.trim
    lines = [
        f"#set page(width: {tw}pt, height: {th}pt, margin: (inside: {spec.inner}pt, outside: {spec.outer}pt,"
        f" top: {spec.top}pt, bottom: {spec.bottom}pt), numbering: \"1\")",
        f'#set text(font: "Charis SIL", size: {spec.size}pt, lang: "en", region: "US", hyphenate: true,'
        " top-edge: 0.8em, bottom-edge: -0.2em)",
        f'#set par(justify: true, linebreaks: "optimized", leading: {spec.leading - spec.size}pt,'
        f" spacing: {spec.leading - spec.size}pt, first-line-indent: {spec.size * 1.2}pt)",
        '#show heading: set text(font: "Open Sans", size: 1.25em, weight: "bold")',
        "#pagebreak()",
    ]
    for part in book.parts:
        if not isinstance(part, Passage):
            continue
        for blk in part.blocks:
            if blk.kind == "heading":
                lines.append("== " + _typst_escape(blk.plain))
            elif blk.kind in ("paragraph", "quote", "item"):
                pieces = []
                for r in blk.runs:
                    t = _typst_escape(link_text(r))
                    if r.italic:
                        t = f"#emph[{t}]"
                    if r.bold:
                        t = f"#strong[{t}]"
                    pieces.append(t)
                body = "".join(pieces).replace("\n", " ")
                if blk.kind == "quote":
                    body = f"#pad(left: {spec.size * 1.5}pt, right: {spec.size * 0.8}pt)[{body}]"
                lines.append(body)
            lines.append("")
    return "\n".join(lines) + "\n"


def typst_case(book, spec, reps: int) -> tuple[bytes, Figures] | None:  # noqa: ANN001
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if subprocess.run([str(py), "-c", "import typst"], capture_output=True).returncode:
        subprocess.run([str(py), "-m", "pip", "install", "-q", "typst==0.15.*"], check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    name = f"typst-{int(spec.trim[0])}x{int(spec.trim[1])}"
    src = WORK / f"{name}.typ"
    src.write_text(typst_source(book, spec), encoding="utf-8")
    out = WORK / f"{name}.pdf"
    script = (
        "import sys, time, typst\n"
        "t = time.process_time()\n"
        f"typst.compile({str(src)!r}, output={str(out)!r}, font_paths=[{str(ROOT / 'fonts')!r}])\n"
        "print(time.process_time() - t)\n"
    )
    times = []
    for _ in range(reps):
        r = subprocess.run([str(py), "-c", script], capture_output=True, text=True)
        if r.returncode:
            print("typst failed:", r.stderr[-2000:], file=sys.stderr)
            return None
        times.append(float(r.stdout.split()[-1]))
    pdf = out.read_bytes()
    fig = measure(pdf, spec.size, spec.leading, first_heading(book))
    fig.seconds = statistics.median(times)
    return pdf, fig


# ------------------------------------------------------------ report

ROWS = [
    ("worst line's mean word space (em)", lambda f: f"{f.worst:.2f}", "<= 0.60"),
    ("lines over 0.5 em", lambda f: f"{100 * f.over:.1f}%", "<= 5%"),
    ("tightest line's mean word space (em)", lambda f: f"{f.tightest:.2f}", ""),
    ("letter-spacing in a line, least / most (em)", lambda f: f"{f.track_least:+.3f} / {f.track_most:+.3f}", ""),
    ("glyph widths, narrowest / widest line", lambda f: f"{100 * f.scale_least:.1f}% / {100 * f.scale_most:.1f}%", ""),
    ("lines left short inside a paragraph (ragged, not justified)", lambda f: str(f.short_inside), ""),
    ("lines ending in a hyphen", lambda f: f"{100 * f.hyphen_share:.1f}%", "<= 8%"),
    ("longest run of hyphenated lines", lambda f: str(f.run), "<= 2"),
    ("hyphens at a page turn", lambda f: str(f.turn_hyphens), "0"),
    ("widows / orphans", lambda f: f"{f.widows} / {f.orphans}", "0 / 0"),
    ("facing pages ending on different lines", lambda f: str(f.uneven_spreads), "0"),
    ("characters per justified line", lambda f: f"{f.chars:.0f}", "55-70"),
    ("body lines / justified lines", lambda f: f"{f.lines} / {f.justified}", ""),
    ("pages", lambda f: str(f.pages), ""),
    ("CPU time to set the reader (s, median)", lambda f: f"{f.seconds:.2f}", ""),
    ("... without kerning and ligatures", lambda f: f"{f.unshaped:.2f}" if f.unshaped else "-", ""),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-typst", action="store_true")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None, help="write the tables as Markdown here too")
    ap.add_argument("--examples", action="store_true", help="list the widows, orphans and page-turn hyphens")
    args = ap.parse_args()
    report = []
    WORK.mkdir(parents=True, exist_ok=True)
    for name, size, paper in CASES:
        pdf, zm, ctx = zinemaker_case(size, paper, args.reps)
        spec = ctx["spec"]
        (WORK / f"zinemaker-{int(spec.trim[0])}x{int(spec.trim[1])}.pdf").write_bytes(pdf)
        peer = None if args.no_typst else typst_case(ctx["book"], spec, args.reps)
        tw, th = spec.trim
        head = (
            f"### {name}: {tw / 72 * 25.4:.0f} x {th / 72 * 25.4:.0f} mm, {spec.size:g}/{spec.leading:g} pt,"
            f" measure {tw - spec.inner - spec.outer:.1f} pt"
        )
        rows = [head, "", "| | zinemaker | typst 0.15 | goal |", "|---|---|---|---|"]
        for label, fmt, goal in ROWS:
            rows.append(f"| {label} | {fmt(zm)} | {fmt(peer[1]) if peer else '-'} | {goal} |")
        rows.append("")
        rows.append(f"zinemaker's loosest line: \"{zm.worst_line}\"; tightest: \"{zm.tightest_line}\"")
        if peer:
            rows.append(f"typst's loosest line: \"{peer[1].worst_line}\"")
        if args.examples:
            rows += [f"- zinemaker {e}" for e in zm.examples] + ([f"- typst {e}" for e in peer[1].examples] if peer else [])
        rows.append("")
        print("\n".join(rows), flush=True)
        report += rows
    import resource

    # As a user runs it: Python's compiled modules cached (this machine's
    # PYTHONDONTWRITEBYTECODE would compile every module on every run); one
    # run to warm that cache, then the median of three.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cmd = [str(ROOT / ".venv" / "bin" / "zinemaker"), "build", str(LAYOUT), "--out", str(WORK / "out")]
    subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env)
    cpus, walls = [], []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    cpu, wall = statistics.median(cpus), statistics.median(walls)
    failed = "" if not r.returncode else " (FAILED: " + r.stderr.strip()[-200:] + ")"
    line = (
        "Whole default build (`zinemaker build layouts/social-spaces.toml`, Letter and A4, typeset and imposed):"
        f" {cpu:.2f} s CPU, {wall:.2f} s wall, medians of 3 (wall time moves with the machine's load){failed}"
    )
    print(line)
    report.append(line)
    if args.out:
        args.out.write_text("\n".join(report) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
