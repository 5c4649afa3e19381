"""Hostile and wrong input to every command, each in its own process.

    python bench/fuzz_cli.py [NAME-SUBSTRING ...]

Each case is one mistake (or one hostile file) in a copy of a small good
project, run as ``python -m zinemaker ...`` with a 20 s timeout and a 2 GB
address-space limit, in bench/work/fuzz/. A case is flagged when it:

- TRACEBACK: prints a Python traceback;
- HANG: runs past the timeout;
- SIGNAL: dies of a signal (a crash in a C library, or the memory limit);
- EXIT0: exits 0 on input that must be refused;
- LINES: prints more than one line besides progress on the way out;
- VAGUE: its error line names none of the words it must (file, field or option);
- TOUCHED: changes, removes or leaves a file it must not (an input, an
  earlier output, or anything at all when it failed).

Cases are data: (kind, name, args, files, expect). ``expect`` is "bad"
(refused), "ok" (must work) or "any" (either, but cleanly). Nothing here is
a test; the cheap cases that found faults live in tests/.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import signal
import stat
import struct
import subprocess
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work" / "fuzz"
sys.path.insert(0, str(ROOT / "tests"))

from helpers import SMALL_DECK as DECK  # noqa: E402
from helpers import numbered_pdf, snapshot, zine_layout  # noqa: E402

TIMEOUT = 20.0
MEMORY = 2 * 1024**3
PROGRESS = ("typesetting ", "imposing ", "note: ", "warning: ", "c (", "z (", "reading ")

CARDS = '[cards]\ndeck = "decks/d.yaml"\n\n[output]\npapers = ["a4"]\n'
LAYOUT = zine_layout(text="texts/essay.md")
TEXT = """---
title: A short text
language: en
---

# One

A first paragraph, long enough to set a line or two on the page and to show
the reader what the zine is about.

A second paragraph.
"""
SHORT = zine_layout(text="texts/short.md").replace('sections = ["Honest Failures"]\n', "")
OLD = b"%PDF an earlier good output"


@dataclass
class Case:
    kind: str
    name: str
    args: list[str]
    files: dict[str, bytes | str] = field(default_factory=dict)
    expect: str = "bad"
    needles: tuple[str, ...] = ()
    setup: object = None  # callable(project) for links, FIFOs, modes
    stdin: bytes = b""
    interrupt: float = 0.0  # send SIGINT after this many seconds
    then: list[str] = field(default_factory=list)  # run next in the folder made (init), must pass


CASES: list[Case] = []


def add(kind: str, name: str, args: list[str], *needles: str, expect: str = "bad", setup=None, stdin=b"", interrupt=0.0, then=(), **files) -> None:  # noqa: ANN001
    files = {k.replace("__", "/").replace("_DOT_", "."): v for k, v in files.items()}
    if args[:1] == ["impose"] and "--sheet" not in args:
        args = [*args, "--sheet", "a4"]  # the test pages are A5
    CASES.append(Case(kind, name, args, files, expect, needles, setup, stdin, interrupt, list(then)))


# -- hostile files ---------------------------------------------------------------


def pdf_raw(objects: list[str], root: int = 1, xref: bool = True, trailer_extra: str = "") -> bytes:
    """A PDF from object bodies (object i+1 is objects[i]), with a true xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    start = out.tell()
    if xref:
        out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
        for off in offsets:
            out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R {trailer_extra}>>\nstartxref\n{start}\n%%EOF\n".encode())
    return out.getvalue()


def stream(data: bytes, extra: str = "") -> str:
    return f"<< /Length {len(data)} {extra}>>\nstream\n" + data.decode("latin-1") + "\nendstream"


def one_page(mediabox: str = "[0 0 420 595]", extra: str = "", content: bytes = b"BT /F1 24 Tf 100 300 Td (Hi) Tj ET") -> bytes:
    return pdf_raw(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            f"<< /Type /Page /Parent 2 0 R /MediaBox {mediabox} /Contents 4 0 R {extra} "
            "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
            stream(content),
        ]
    )


GOOD8 = numbered_pdf(8)


def pdfs() -> dict[str, bytes]:
    bomb = zlib.compress(b"0 0 m " * 1, 9)
    zeros = zlib.compress(b" " * (300 * 1024 * 1024), 9)  # ~300 MB of spaces in ~300 KB
    d: dict[str, bytes] = {
        "truncated-half": GOOD8[: len(GOOD8) // 2],
        "truncated-head": GOOD8[:20],
        "only-header": b"%PDF-1.4\n",
        "zero-bytes": b"",
        "png-named-pdf": b"\x89PNG\r\n\x1a\n" + b"\0" * 100,
        "zero-pages": pdf_raw(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"]),
        "no-pages-key": pdf_raw(["<< /Type /Catalog >>"]),
        "pages-not-dict": pdf_raw(["<< /Type /Catalog /Pages 5 >>"]),
        "cycle": pdf_raw(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>",
            ]
        ),
        "self-kid": pdf_raw(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]),
        "count-lies": pdf_raw(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] >>",
            ]
        ),
        "huge-mediabox": one_page("[0 0 1e9 1e9]"),
        "1e308-mediabox": one_page("[0 0 1e308 1e308]"),
        "negative-mediabox": one_page("[0 0 -420 -595]"),
        "inverted-mediabox": one_page("[420 595 0 0]"),
        "zero-width": one_page("[0 0 0 595]"),
        "tiny-mediabox": one_page("[0 0 0.001 0.001]"),
        "mediabox-3": one_page("[0 0 420]"),
        "mediabox-names": one_page("[/a /b /c /d]"),
        "mediabox-ref-loop": pdf_raw(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R >>",
                "4 0 R",
            ]
        ),
        "inherit-no-box": pdf_raw(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R >>",
            ]
        ),
        "rotate-90": one_page(extra="/Rotate 90"),
        "rotate-45": one_page(extra="/Rotate 45"),
        "rotate-huge": one_page(extra="/Rotate 99999999999999999999"),
        "rotate-name": one_page(extra="/Rotate /x"),
        "cropbox-outside": one_page(extra="/CropBox [5000 5000 6000 6000]"),
        "trimbox-bigger": one_page(extra="/TrimBox [-100 -100 900 900]"),
        "userunit": one_page(extra="/UserUnit 75000"),
        "broken-xref": GOOD8.replace(b"xref", b"xrex"),
        "xref-offsets-wrong": pdf_raw(["<< /Type /Catalog /Pages 2 0 R >>"], xref=False),
        "no-root": GOOD8.replace(b"/Root", b"/Rxxx"),
        "content-bomb": one_page(content=b"") .replace(b"<< /Length 0 >>", f"<< /Length {len(zeros)} /Filter /FlateDecode >>".encode()).replace(b"stream\n\nendstream", b"stream\n" + zeros + b"\nendstream"),
        "form-recursion": pdf_raw(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >> >>",
                stream(b"/X Do"),
                stream(b"/X Do", "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >> "),
            ]
        ),
        "huge-image": pdf_raw(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Contents 4 0 R /Resources << /XObject << /I 5 0 R >> >> >>",
                stream(b"q 400 0 0 500 10 10 cm /I Do Q"),
                f"<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length {len(bomb)} >>\nstream\n"
                + bomb.decode("latin-1")
                + "\nendstream",
            ]
        ),
        "nested-arrays": one_page(content=b"[" * 100000 + b"]" * 100000),
        "deep-page-tree": _deep_tree(2000),
        "many-pages-tiny": _many(20000),
    }
    return d


def _deep_tree(depth: int) -> bytes:
    objs = ["<< /Type /Catalog /Pages 2 0 R >>"]
    for i in range(depth):
        n = i + 2
        objs.append(f"<< /Type /Pages /Kids [{n + 1} 0 R] /Count 1 {'/Parent %d 0 R' % (n - 1) if i else ''} >>")
    objs.append(f"<< /Type /Page /Parent {depth + 1} 0 R /MediaBox [0 0 420 595] >>")
    return pdf_raw(objs)


def _many(n: int) -> bytes:
    kids = " ".join(f"{i + 3} 0 R" for i in range(n))
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>"]
    objs += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>"] * n
    return pdf_raw(objs)


def encrypted() -> bytes:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(GOOD8)))
    w.encrypt("user", "owner", algorithm="AES-256")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def png(width: int, height: int, data: bytes | None = None, color: int = 2) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    if data is None:
        row = b"\0" + b"\0" * (width * 3)
        comp = zlib.compressobj(9)
        raw = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    else:
        raw = data
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def good_png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (600, 400), "white").save(buf, "PNG")
    return buf.getvalue()


# -- the cases -----------------------------------------------------------------


def cases() -> None:
    P = pdfs()
    # impose and check FILE.pdf, every hostile PDF
    for name, data in P.items():
        add("pdf", f"impose-{name}", ["impose", "x.pdf", "-o", "out/x.saddle.pdf"], "x.pdf", expect="any", x_DOT_pdf=data)
        add("pdf", f"check-{name}", ["check", "x.pdf"], "x.pdf", expect="any", x_DOT_pdf=data)
        add("pdf", f"impose-back-{name}", ["impose", "in.pdf", "--scheme", "cards", "--back", "x.pdf", "-o", "out/c.pdf"], "x.pdf", expect="any", x_DOT_pdf=data)
    enc = encrypted()
    add("pdf", "impose-encrypted", ["impose", "x.pdf"], "x.pdf", "password", x_DOT_pdf=enc)
    add("pdf", "check-encrypted", ["check", "x.pdf"], "x.pdf", x_DOT_pdf=enc)
    add("pdf", "impose-grey-form-recursion", ["impose", "x.pdf", "--grayscale", "-o", "out/g.pdf"], "x.pdf", expect="any", x_DOT_pdf=P["form-recursion"])
    add("pdf", "impose-grey-huge-image", ["impose", "x.pdf", "--grayscale", "-o", "out/g.pdf"], "x.pdf", expect="any", x_DOT_pdf=P["huge-image"])
    for scheme in ("saddle", "mini8", "cards", "nup", "perfect", "accordion", "gutterfold", "cutstack", "mini16", "copies"):
        add("pdf", f"impose-scheme-{scheme}-one-page", ["impose", "one.pdf", "--scheme", scheme, "-o", "out/s.pdf"], expect="any", one_DOT_pdf=numbered_pdf(1))
        add("pdf", f"impose-scheme-{scheme}-huge-page", ["impose", "x.pdf", "--scheme", scheme, "-o", "out/s.pdf"], "x.pdf", expect="any", x_DOT_pdf=P["huge-mediabox"])
        add("pdf", f"impose-scheme-{scheme}-fit-tiny-sheet", ["impose", "in.pdf", "--scheme", scheme, "--fit", "--sheet", "80mm x 80mm", "-o", "out/s.pdf"], expect="any")

    # impose options: extreme numbers
    for opt, vals in {
        "--creep": ["nan", "inf", "-inf", "1e308mm", "nanmm", "infmm", "-0mm", "0x10mm", "1e-320mm", "１mm", "1,5mm"],
        "--margin": ["nan", "nanmm", "infmm", "1e308mm", "-1e308mm", "300mm", "1e-300mm"],
        "--sheet": ["nan x nan", "nanmm x nanmm", "infmm x infmm", "1e308mm x 1e308mm", "0 x 0", "-210mm x -297mm", "210mm", "210mmx297mm", "a4 x a4", "", " ", "x", "210mm x 297mm x 5mm", "1e-300mm x 1e-300mm", "a4-landscape", "A4", "letter ", "\u202ea4"],
        "--back-offset": ["nan,nan", "nanmm,0mm", "inf,0", "1e308mm,0mm", ",", "1mm,2mm,3mm", "1mm;2mm", "", "0.5mm"],
        "--grid": ["100000x100000", "1000x1000", "0x5", "-1x-1", "1x1x1", "x", "2.5x2", "9" * 40 + "x1", "２x２", "3X3"],
        "--pages": ["1-999999999", "0", "5-3", "a-b", "1,,2", "-", ",", "1-" + "9" * 40, "1," * 50000, "-3", "99", "1-2-3", "1 - 2", "3-"],
        "--signature": ["1000000000", "99999999999999999999999", "1e10", "-1", "x", "1", "2"],
        "--scheme": ["", "SADDLE", "saddle\n", "../../etc/passwd", "mini8 "],
        "--marks": ["", ",", "crop,,fold", "none,crop", "CROP", "crop;fold", "registration", "all"],
        "--flip": ["", "Short-Edge", "none"],
        "--bind": ["bottom", ""],
        "--fold": ["octavo"],
    }.items():
        for v in vals:
            add("opt", f"impose{opt}={v[:30]!r}", ["impose", "in.pdf", opt, v, "-o", "out/o.pdf"], expect="any")
    add("opt", "impose-mini8-fit", ["impose", "in.pdf", "--scheme", "mini8", "--fit", "-o", "out/m.pdf"], "--fit", expect="any")
    add("opt", "impose-nup-grid-huge-fit", ["impose", "in.pdf", "--scheme", "nup", "--grid", "200x200", "-o", "out/n.pdf"], expect="any")
    add("opt", "impose-no-args", ["impose"], "INPUT.pdf")
    add("opt", "impose-unknown-option", ["impose", "in.pdf", "--colour"], "--colour")
    add("opt", "impose-option-no-value", ["impose", "in.pdf", "--sheet"], "--sheet")
    add("opt", "impose-flip-bad-choice", ["impose", "in.pdf", "--flip", "sideways"], "--flip")
    add("opt", "impose-signature-words", ["impose", "in.pdf", "--signature", "two"], "--signature")
    add("opt", "impose-two-inputs", ["impose", "in.pdf", "in.pdf"], "in.pdf")
    add("opt", "build-copies-billion", ["build", "layouts/z.toml", "--copies", "1000000000"], "--copies")
    add("opt", "build-copies-zero", ["build", "layouts/z.toml", "--copies", "0"], "--copies")
    add("opt", "build-copies-max", ["build", "layouts/c.toml", "--copies", "1000000"], expect="any")
    add("opt", "build-threshold-0", ["build", "--threshold", "0"], "--threshold")
    add("opt", "build-threshold-words", ["build", "--threshold", "grey"], "--threshold")
    add("opt", "build-unknown-option", ["build", "--colour"], "--colour")
    add("opt", "unknown-command", ["bulid"], "bulid")
    add("opt", "no-command", [], expect="any")
    add("opt", "deck-no-sub", ["deck"], expect="any")
    add("opt", "deck-import-no-into", ["deck", "import", "cards.csv"], "--into", cards_DOT_csv="id,title,category,body\nhello,Hello,welcome,Hi.\n")
    add("opt", "check-unknown-option", ["check", "--strict"], "--strict")
    add("opt", "init-no-name", ["init"], "NAME")
    add("opt", "calibrate-flip-manual", ["calibrate", "--flip", "manual"], "--flip")
    add("opt", "help-build", ["build", "--help"], expect="ok")
    add("opt", "help-impose", ["impose", "--help"], expect="ok")
    add("opt", "version", ["--version"], expect="ok")

    # outputs: directories, same as input, under a file, device
    add("out", "impose-out-is-input", ["impose", "in.pdf", "-o", "in.pdf"], "in.pdf")
    add("out", "impose-out-is-dir", ["impose", "in.pdf", "-o", "out"], "out")
    # Devices made in the project: a run as root must never get near the real /dev/null.
    add("out", "impose-out-device", ["impose", "in.pdf", "-o", "null"], "null", setup=lambda p: os.mknod(p / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3)))
    add("out", "impose-out-fifo", ["impose", "in.pdf", "-o", "fifo.pdf"], "fifo.pdf", setup=lambda p: os.mkfifo(p / "fifo.pdf"))
    add("out", "impose-out-link-to-device", ["impose", "in.pdf", "-o", "stdout.pdf"], "stdout.pdf", setup=lambda p: (os.mknod(p / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3)), (p / "stdout.pdf").symlink_to("null")))
    add("out", "impose-out-link-to-file", ["impose", "in.pdf", "-o", "l.pdf"], expect="ok", setup=lambda p: (p / "l.pdf").symlink_to("out/z.a4.print.pdf"))
    add("out", "impose-out-symlink-to-input", ["impose", "in.pdf", "-o", "link.pdf"], "link.pdf", setup=lambda p: (p / "link.pdf").symlink_to("in.pdf"))
    add("out", "impose-out-hardlink-to-input", ["impose", "in.pdf", "-o", "hard.pdf"], "hard.pdf", setup=lambda p: os.link(p / "in.pdf", p / "hard.pdf"))
    add("out", "impose-out-symlink-dangling", ["impose", "in.pdf", "-o", "dangle.pdf"], expect="any", setup=lambda p: (p / "dangle.pdf").symlink_to("nowhere/x.pdf"))
    add("out", "impose-out-nul-dir", ["impose", "in.pdf", "-o", "missing/deep/x.pdf"], expect="any")
    add("out", "impose-out-no-suffix", ["impose", "in.pdf", "-o", "out/noext"], expect="any")
    add("out", "impose-out-dot", ["impose", "in.pdf", "-o", "."], ".")
    add("out", "impose-out-empty", ["impose", "in.pdf", "-o", ""], expect="any")
    add("out", "impose-manual-out-onto-input", ["impose", "in.pdf", "--flip", "manual", "-o", "in.pdf"], "in.pdf")
    add("out", "impose-manual-names-input", ["impose", "x.fronts.pdf", "--flip", "manual", "-o", "x.pdf"], "x", x_DOT_fronts_DOT_pdf=GOOD8)
    add("out", "impose-out-readonly-dir", ["impose", "in.pdf", "-o", "ro/x.pdf"], expect="any", setup=lambda p: ((p / "ro").mkdir(), os.chmod(p / "ro", 0o555)))
    add("out", "impose-input-symlink-loop", ["impose", "loop.pdf"], "loop.pdf", setup=lambda p: (p / "loop.pdf").symlink_to("loop.pdf"))
    add("out", "impose-input-dev-zero", ["impose", "/dev/zero", "-o", "out/x.pdf"], "/dev/zero")
    add("out", "impose-input-dev-stdin", ["impose", "/dev/stdin", "-o", "out/x.pdf"], "/dev/stdin", stdin=GOOD8)
    add("out", "impose-input-proc-self", ["impose", "/proc/self/environ", "-o", "out/x.pdf"], "/proc/self/environ")
    add("out", "build-out-is-layout-dir", ["build", "layouts/z.toml", "--out", "layouts"], expect="any")
    add("out", "build-out-is-file", ["build", "layouts/z.toml", "--out", "in.pdf"], "in.pdf")
    add("out", "build-out-device", ["build", "layouts/z.toml", "--out", "null"], "null", setup=lambda p: os.mknod(p / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3)))
    add("out", "build-out-readonly", ["build", "layouts/z.toml", "--out", "ro"], expect="any", setup=lambda p: ((p / "ro").mkdir(), os.chmod(p / "ro", 0o555)))
    add("out", "build-out-is-texts", ["build", "layouts/z.toml", "--out", "texts"], expect="any")
    add("out", "preview-out-is-file", ["preview", "layouts/z.toml", "--out", "in.pdf"], "in.pdf")
    add("out", "calibrate-out-is-input-layout", ["calibrate", "-o", "layouts/z.toml"], expect="any")
    add("out", "calibrate-save-onto-layout", ["calibrate", "--save", "layouts/z.toml"], "layouts/z.toml", stdin=b"y\n0\n0\n0\n0\n0\n0\n")
    add("out", "calibrate-save-dir", ["calibrate", "--save", "layouts"], "layouts", stdin=b"y\n0\n0\n0\n0\n0\n0\n")
    add("out", "export-onto-text", ["deck", "export", "decks/d.yaml", "-o", "texts/essay.md"], expect="any")
    add("out", "export-onto-layout", ["deck", "export", "decks/d.yaml", "-o", "layouts/z.toml"], expect="any")
    add("out", "export-link-to-device", ["deck", "export", "decks/d.yaml", "-o", "out.csv"], "out.csv", setup=lambda p: (os.mknod(p / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3)), (p / "out.csv").symlink_to("null")))
    add("out", "calibrate-out-device", ["calibrate", "-o", "null"], "null", setup=lambda p: os.mknod(p / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3)))
    add("out", "preview-out-device", ["preview", "layouts/c.toml", "--out", "null"], "null", setup=lambda p: os.mknod(p / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3)))
    add("out", "import-into-missing", ["deck", "import", "cards.csv", "--into", "decks/new.yaml"], expect="any", cards_DOT_csv="id,title,category,body\nhello,Hello,welcome,Hi.\n")
    add("out", "import-into-symlink-out", ["deck", "import", "cards.csv", "--into", "decks/out.yaml"], expect="any", cards_DOT_csv="id,title,category,body\nhello,Hello,welcome,Hi.\n", setup=lambda p: (p / "decks" / "out.yaml").symlink_to("/tmp/fz-outside.yaml"))
    add("out", "import-into-fifo", ["deck", "import", "cards.csv", "--into", "decks/f.yaml"], "decks/f.yaml", cards_DOT_csv="id,title,category,body\nhello,Hello,welcome,Hi.\n", setup=lambda p: os.mkfifo(p / "decks" / "f.yaml"))
    add("out", "init-dir-is-file", ["init", "X", "--dir", "in.pdf"], "in.pdf")
    add("out", "init-dir-dot", ["init", "X", "--dir", "."], expect="any")
    add("out", "init-dir-existing-project", ["init", "X", "--dir", "layouts"], "layouts")

    # calibrate answers
    for answers in (b"y\nnan\nnan\nnan\nnan\nnan\nnan\n", b"y\ninf\n0\n0\n0\n0\n0\n", b"y\n1e400\n0\n0\n0\n0\n0\n", b"", b"y\n", b"n\n", b"maybe\n", b"y\n\x00\n0\n0\n0\n0\n0\n", b"y\n-0\n0\n0\n0\n0\n0\n", b"y\n3\n3\n-3\n-3\n3\n-3\n"):
        add("cal", f"calibrate-save-answers-{answers[:12]!r}", ["calibrate", "--save", "printers/p.toml"], expect="any", stdin=answers)
    add("cal", "calibrate-printer-bad", ["calibrate", "--printer", "printers/bad.toml"], "printers/bad.toml", printers__bad_DOT_toml="flip = 3\n")
    add("cal", "calibrate-printer-nan", ["calibrate", "--printer", "printers/bad.toml"], "printers/bad.toml", printers__bad_DOT_toml="back_offset = \"nanmm,0mm\"\n")
    add("cal", "calibrate-printer-skew-nan", ["build", "layouts/c.toml", "--printer", "printers/bad.toml"], "printers/bad.toml", printers__bad_DOT_toml="back_skew = nan\n")
    add("cal", "calibrate-printer-skew-huge", ["build", "layouts/c.toml", "--printer", "printers/bad.toml"], "printers/bad.toml", printers__bad_DOT_toml="back_skew = 1e308\n")
    add("cal", "calibrate-printer-scale-zero", ["build", "layouts/c.toml", "--printer", "printers/bad.toml"], "printers/bad.toml", printers__bad_DOT_toml='back_scale = "0%, 0%"\n')
    add("cal", "calibrate-printer-scale-neg", ["build", "layouts/c.toml", "--printer", "printers/bad.toml"], "printers/bad.toml", printers__bad_DOT_toml='back_scale = "-100%, 100%"\n')
    add("cal", "calibrate-printer-scale-inf", ["build", "layouts/c.toml", "--printer", "printers/bad.toml"], "printers/bad.toml", printers__bad_DOT_toml='back_scale = "1e308%, 100%"\n')
    add("cal", "calibrate-printer-turned-str", ["build", "layouts/c.toml", "--printer", "printers/bad.toml"], "printers/bad.toml", printers__bad_DOT_toml='back_turned = "yes"\n')
    add("cal", "calibrate-sheet-nan", ["calibrate", "--sheet", "nan x nan"], "--sheet")

    # init: hostile names and contacts, then the project must build
    for name in ("../escape", "/abs", ".", "..", "!!!", "a/b", "\u202eevil", "\x1b[31mred", "名前", "Ünïcödé Shop", "x" * 200, "con", "a\\b", "'quote\"", "{space}", "*alias &anchor", "- dash", "#hash", "key: value"):
        add("init", f"init-name-{name[:20]!r}", ["init", name, "--dir", "newspace"], expect="any", then=["check"])
    for contact in ('x"\ncards: []', "{contact}", "*a", "&a", "'", '"', "#", "a: b", "\\", "%", "{space}", "x" * 5000, "- list", "| block", "@at", "`tick`", "hello@example.org\r"):
        add("init", f"init-contact-{contact[:20]!r}", ["init", "Space", "--dir", "newspace", "--contact", contact], expect="any", then=["check"])
    for paper in ("A4", "Letter", "a5", "legal", "nan", "210mm x 297mm"):
        add("init", f"init-paper-{paper}", ["init", "Space", "--dir", "newspace", "--paper", paper], expect="any", then=["check"])

    # layouts: TOML
    add("toml", "toml-empty", ["build", "layouts/z.toml"], "layouts/z.toml", layouts__z_DOT_toml="")
    add("toml", "toml-bom", ["build", "layouts/z.toml"], expect="any", layouts__z_DOT_toml="\ufeff" + SHORT, texts__short_DOT_md=TEXT)
    add("toml", "toml-utf16", ["build", "layouts/z.toml"], "layouts/z.toml", layouts__z_DOT_toml=SHORT.encode("utf-16"), texts__short_DOT_md=TEXT)
    add("toml", "toml-nul", ["build", "layouts/z.toml"], "layouts/z.toml", layouts__z_DOT_toml=SHORT + "\x00\n", texts__short_DOT_md=TEXT)
    add("toml", "toml-crlf", ["build", "layouts/z.toml"], expect="any", layouts__z_DOT_toml=SHORT.replace("\n", "\r\n"), texts__short_DOT_md=TEXT)
    add("toml", "toml-lone-cr", ["build", "layouts/z.toml"], "layouts/z.toml", layouts__z_DOT_toml=SHORT.replace("\n", "\r"), texts__short_DOT_md=TEXT)
    add("toml", "toml-huge", ["build", "layouts/z.toml"], "layouts/z.toml", layouts__z_DOT_toml=SHORT + "# " + "x" * 2_000_000 + "\n")
    add("toml", "toml-many-content", ["build", "layouts/z.toml"], expect="any", layouts__z_DOT_toml=SHORT + '[[content]]\nkind = "blank"\n' * 5000, texts__short_DOT_md=TEXT)
    add("toml", "toml-many-papers", ["build", "layouts/z.toml"], expect="any", layouts__z_DOT_toml=SHORT.replace('papers = ["a4"]', "papers = [" + ", ".join(['"a4"'] * 500) + "]"), texts__short_DOT_md=TEXT)
    add("toml", "toml-dup-papers", ["build", "layouts/z.toml"], expect="any", layouts__z_DOT_toml=SHORT.replace('papers = ["a4"]', 'papers = ["a4", "A4"]'), texts__short_DOT_md=TEXT)
    add("toml", "toml-paper-custom", ["build", "layouts/z.toml"], expect="any", layouts__z_DOT_toml=SHORT.replace('papers = ["a4"]', 'papers = ["297mm x 420mm"]'), texts__short_DOT_md=TEXT)
    add("toml", "toml-paper-slash", ["build", "layouts/z.toml"], expect="any", layouts__z_DOT_toml=SHORT.replace('papers = ["a4"]', 'papers = ["../../x"]'), texts__short_DOT_md=TEXT)
    fields = {
        "output": {
            "copies": ["1000000000", "-1", "1.5", '"5"', "nan", "inf", "true", "99999999999999999999"],
            "back_skew": ["nan", "inf", "1e308", '"x"', "-1e308", "400"],
            "back_scale": ['"0%, 0%"', '"-100%, 100%"', '"1e308%, 100%"', '"nan%, 100%"', '"100%"', "1", '"100, 100"'],
            "back_turned": ['"yes"', "1"],
            "stock": ['"' + "x" * 20000 + '"', '"a\\nb"', '"\\u0000"', "5"],
            "prices": ['"/etc/passwd"', '"../x.toml"', '"printers"', "3", '"printers/bad.toml"'],
            "printer": ['"/dev/zero"', '"/etc/passwd"', '"printers"'],
            "signature": ["1e308", "true", "2.5", "nan"],
            "instructions": ['"yes"', "1"],
            "grayscale": ['"yes"'],
            "scheme": ['"mini8"', '"cards"', '"nup"', '"perfect"', '"accordion"', '"cutstack"'],
            "flip": ['"manual"'],
            "fold": ['"quarto"', '"octavo"'],
            "bind": ['"right"', '"top"'],
            "fit": ["true"],
            "marks": ['["registration"]', '["collation", "bleed", "cut"]', '"crop"'],
        },
        "page": {"size": ['"nanmm x nanmm"', '"infmm x 5mm"', '"1e308mm x 1e308mm"', '"-5mm x 5mm"', '"a4"', '"a3"', '"quarter-letter"', '"a7"', '"10mm x 10mm"', '"A5"']},
        "fonts": {
            "body": ['"../../etc"', '""', '"Open Sans"', '"open sans"'],
            "hyphenate": ["1"],
            "justify": ['"no"'],
            "size": ['"nanpt"', '"1e308pt"', '"5pt"', '"40pt"'],
        },
        "zine": {
            "language": ['"xx"', '"klingon"', '"en_XX"', '"de"', '"ar"', '"he"', '""', '"../../etc"', '"zh"', '"ja"', '"en-us"', '"EN"'],
            "title": ['""', '"' + "W" * 3000 + '"', '"\\u202eevil"', '"a\\u0000b"', '"\\u0007bell"', '"مرحبا بالعالم"', '"שלום"', '"😀 emoji"', '"漢字のタイトル"', '"a\\tb\\nc"', '"\\u200b"'],
            "links": ['"footnotes"', "1"],
            "intro": ['"' + "word " * 5000 + '"'],
            "date": ["2020-01-01", '"not a date"', "1979-05-27T07:32:00Z"],
            "source": ['["javascript:alert(1)"]', '["http://' + "x" * 5000 + '.com"]', '[""]', "[]"],
        },
    }
    for section, keys in fields.items():
        for key, vals in keys.items():
            for v in vals:
                text = SHORT.replace(f"[{section}]\n", f"[{section}]\n{key} = {v}\n") if f"[{section}]" in SHORT else SHORT + f"\n[{section}]\n{key} = {v}\n"
                add("field", f"layout-{section}.{key}={v[:24]}", ["build", "layouts/z.toml"], "layouts/z.toml", expect="any", layouts__z_DOT_toml=text, texts__short_DOT_md=TEXT, printers__bad_DOT_toml="flip = 3\n")
    # cards layout fields
    for key, vals in {
        "size": ['"0mm x 0mm"', '"1mm x 1mm"', '"nanmm x 5mm"', '"600mm x 600mm"', '"tarot"', '"business-us"'],
        "bleed": ['"nanmm"', '"0mm"', '"40mm"'],
        "min_size": ['"nanpt"', '"0.001pt"'],
        "max_size": ['"infpt"', '"1e308pt"'],
        "png": ['"yes"', "true"],
        "faces": ["0"],
        "allow_overflow": ['"yes"'],
        "deck": ['"decks/d.csv"', '"decks"', '""', '"decks/d.yaml/x"', '"texts/short.md"', '"layouts/z.toml"'],
    }.items():
        for v in vals:
            add("field", f"cards.{key}={v[:24]}", ["build", "layouts/c.toml"], "layouts/c.toml", expect="any", layouts__c_DOT_toml=CARDS.replace("[cards]\n", f"[cards]\n{key} = {v}\n"), texts__short_DOT_md=TEXT, decks__d_DOT_csv="id,title,category,body\nhello,Hello,welcome,Hi.\n")

    # texts: Markdown
    texts = {
        "empty": "",
        "front-only": "---\ntitle: x\n---\n",
        "front-unclosed": "---\ntitle: x\n\n# One\n\nText.\n",
        "front-tab": "---\ntitle:\tx\n---\n# One\n\nText.\n",
        "front-deep": "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n# One\n\nText.\n",
        "front-bomb": "---\n" + "".join(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9 if i else ['"lol"'] * 9) + "]\n" for i in range(9)) + "---\n# One\n\nText.\n",
        "front-python-tag": "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n# One\n\nText.\n",
        "front-binary-tag": "---\ntitle: !!binary aGVsbG8=\n---\n# One\n\nText.\n",
        "front-date-weird": "---\ndate: 2020-02-30\n---\n# One\n\nText.\n",
        "front-language-bad": "---\nlanguage: klingon\n---\n# One\n\nText.\n",
        "front-language-list": "---\nlanguage: [en]\n---\n# One\n\nText.\n",
        "nul": "# One\n\nText with a \x00 NUL.\n",
        "controls": "# One\n\nText \x07\x08\x0b\x0c\x1b[31m with controls.\n",
        "lone-surrogate-ish": "# One\n\nText \ufffe\uffff nonchars.\n",
        "rtl": "# شسيب\n\nمرحبا بالعالم، هذا نص عربي طويل بعض الشيء ليملأ سطرا أو سطرين.\n",
        "rtl-override": "# One\n\nText \u202egnp.exe\u202c and \u2066iso\u2069.\n",
        "zero-width": "# One\n\n" + "a\u200b" * 3000 + "\n",
        "combining": "# One\n\nZ" + "\u0336\u0337\u0338" * 2000 + "algo.\n",
        "emoji": "# One\n\nText 😀 with an emoji 👩‍👩‍👧.\n",
        "cjk": "# One\n\n漢字のテキストはここにあります。" * 20 + "\n",
        "headings-only": "# One\n## Two\n### Three\n" * 200,
        "deep-quotes": "# One\n\n" + "> " * 5000 + "deep\n",
        "deep-lists": "# One\n\n" + "".join("  " * i + "- item\n" for i in range(2000)),
        "long-heading": "# " + "Word " * 3000 + "\n\nText.\n",
        "long-word-heading": "# " + "W" * 5000 + "\n\nText.\n",
        "pathological-emphasis": "# One\n\n" + "*a **a " * 20000 + "\n",
        "many-links": "# One\n\n" + "[a](http://x) " * 20000 + "\n",
        "ref-defs": "# One\n\n" + "".join(f"[r{i}]: http://x/{i}\n" for i in range(20000)) + "\nText [r1].\n",
        "html-block": "# One\n\n<script>alert(1)</script>\n\n<div>\n\nText.\n\n</div>\n",
        "table": "# One\n\n" + "|a|b|\n|-|-|\n" + "|x|y|\n" * 2000,
        "code-block": "# One\n\n```\n" + "code line\n" * 5000 + "```\n",
        "image-remote": "# One\n\n![x](http://10.255.255.1/a.png)\n\nText.\n",
        "image-data-uri": "# One\n\n![x](data:image/png;base64,iVBORw0KGgo=)\n\nText.\n",
        "image-file-uri": "# One\n\n![x](file:///etc/passwd)\n\nText.\n",
        "image-empty-src": "# One\n\n![x]()\n\nText.\n",
        "image-dir": "# One\n\n![x](.)\n\nText.\n",
        "image-corrupt": "# One\n\n![x](bad.png)\n\nText.\n",
        "image-bomb": "# One\n\n![x](bomb.png)\n\nText.\n",
        "image-bigger-than-limit": "# One\n\n![x](big.png)\n\nText.\n",
        "image-truncated": "# One\n\n![x](trunc.png)\n\nText.\n",
        "image-zero": "# One\n\n![x](zero.png)\n\nText.\n",
        "image-1x1": "# One\n\n![x](one.png)\n\nText.\n",
        "image-tall": "# One\n\n![x](tall.png)\n\nText.\n",
        "image-svg": "# One\n\n![x](pic.svg)\n\nText.\n",
        "image-pdf": "# One\n\n![x](pic.pdf)\n\nText.\n",
        "image-many": "# One\n\n" + "![x](good.png)\n\n" * 300,
        "image-inline-many": "# One\n\nText " + "![x](good.png) " * 50 + "\n",
        "image-in-heading": "# One ![x](good.png)\n\nText.\n",
        "image-title-huge": '# One\n\n![x](good.png "' + "t" * 10000 + '")\n\nText.\n',
        "huge-file": "# One\n\n" + ("A sentence that repeats to fill a text. " * 20 + "\n\n") * 2500,
        "one-line-huge": "# One\n\n" + "word " * 300000 + "\n",
        "crlf": TEXT.replace("\n", "\r\n"),
        "lone-cr": TEXT.replace("\n", "\r"),
        "bom": "\ufeff" + TEXT,
        "utf16": None,
        "latin1": None,
        "footnotes": "# One\n\nText[^1].\n\n[^1]: " + "[^1] " * 100 + "\n",
        "hr-only": "---\n---\n---\n",
        "entities": "# One\n\n&#0; &#x110000; &#xD800; &nbsp;&amp;&lt;\n",
        "soft-hyphens": "# One\n\n" + "hyph\u00aden\u00adation " * 500 + "\n",
        "nbsp-run": "# One\n\n" + "\u00a0" * 5000 + "\n",
        "tabs": "# One\n\n\tindented code\n\n\t\t\tText.\n",
    }
    imgs = {
        "bad_DOT_png": b"\x89PNG\r\n\x1a\nnot really",
        "bomb_DOT_png": png(20000, 20000),
        "big_DOT_png": png(9000, 9000),
        "trunc_DOT_png": good_png()[:200],
        "zero_DOT_png": png(0, 0, data=zlib.compress(b"")),
        "one_DOT_png": png(1, 1),
        "tall_DOT_png": png(1, 60000),
        "pic_DOT_svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        "pic_DOT_pdf": GOOD8,
        "good_DOT_png": good_png(),
    }
    for name, body in texts.items():
        if body is None:
            data = TEXT.encode("utf-16") if name == "utf16" else TEXT.replace("short text", "shört text").encode("latin-1")
        else:
            data = body.encode("utf-8")
        layout = SHORT
        add("text", f"text-{name}", ["build", "layouts/z.toml"], "texts/short.md", expect="any", layouts__z_DOT_toml=layout, texts__short_DOT_md=data, **{"texts__" + k: v for k, v in imgs.items()})
    add("text", "check-text-image-bomb", ["check", "layouts/z.toml"], "bomb.png", layouts__z_DOT_toml=SHORT, texts__short_DOT_md=texts["image-bomb"], texts__bomb_DOT_png=imgs["bomb_DOT_png"])
    add("text", "preview-text-image-bomb", ["preview", "layouts/z.toml"], "bomb.png", layouts__z_DOT_toml=SHORT, texts__short_DOT_md=texts["image-bomb"], texts__bomb_DOT_png=imgs["bomb_DOT_png"])

    # fonts
    def fonts_toml(regular: str) -> str:
        return f'[[family]]\nname = "Evil"\nregular = "{regular}"\nitalic = "{regular}"\nbold = "{regular}"\nbold_italic = "{regular}"\n'

    ttf = (ROOT / "fonts" / "open-sans" / "OpenSans-Regular.ttf").read_bytes()
    fontfiles = {
        "text": b"this is not a font\n",
        "empty": b"",
        "cff": b"OTTO" + b"\0" * 2000,
        "truncated": ttf[:3000],
        "truncated-late": ttf[: len(ttf) // 2],
        "woff": b"wOFF" + b"\0" * 2000,
        "ttc": b"ttcf" + b"\0" * 2000,
        "png": good_png(),
        "zeroed-tables": ttf[:12] + b"\0" * (len(ttf) - 12),
        "flipped-bytes": bytes(b ^ 0xFF if 400 < i < 2000 else b for i, b in enumerate(ttf)),
    }
    for name, data in fontfiles.items():
        lay = SHORT.replace("[output]", '[fonts]\nbody = "Evil"\n\n[output]')
        add("font", f"font-{name}", ["build", "layouts/z.toml"], "fonts/evil.ttf", expect="bad", layouts__z_DOT_toml=lay, texts__short_DOT_md=TEXT, fonts__fonts_DOT_toml=fonts_toml("evil.ttf"), fonts__evil_DOT_ttf=data)
        add("font", f"font-check-{name}", ["check", "layouts/z.toml"], "fonts/evil.ttf", expect="bad", layouts__z_DOT_toml=lay, texts__short_DOT_md=TEXT, fonts__fonts_DOT_toml=fonts_toml("evil.ttf"), fonts__evil_DOT_ttf=data)
        add("font", f"font-cards-{name}", ["build", "layouts/c.toml"], "fonts/evil.ttf", expect="bad", layouts__c_DOT_toml=CARDS.replace("[output]", '[fonts]\nbody = "Evil"\nheading = "Evil"\n\n[output]'), fonts__fonts_DOT_toml=fonts_toml("evil.ttf"), fonts__evil_DOT_ttf=data)
    lay = SHORT.replace("[output]", '[fonts]\nbody = "Evil"\n\n[output]')
    add("font", "font-symlink-out", ["build", "layouts/z.toml"], "fonts", layouts__z_DOT_toml=lay, texts__short_DOT_md=TEXT, fonts__fonts_DOT_toml=fonts_toml("evil.ttf"), setup=lambda p: (p / "fonts" / "evil.ttf").symlink_to(ROOT / "fonts" / "open-sans" / "OpenSans-Regular.ttf"))
    add("font", "font-dir", ["build", "layouts/z.toml"], "fonts", layouts__z_DOT_toml=lay, texts__short_DOT_md=TEXT, fonts__fonts_DOT_toml=fonts_toml("sub"), fonts__sub__x="x")
    add("font", "font-family-twice", ["build", "layouts/z.toml"], "fonts/fonts.toml", expect="any", layouts__z_DOT_toml=lay, texts__short_DOT_md=TEXT, fonts__fonts_DOT_toml=fonts_toml("evil.ttf") * 2, fonts__evil_DOT_ttf=ttf)
    add("font", "font-missing-glyph-title", ["build", "layouts/z.toml"], "title", layouts__z_DOT_toml=SHORT.replace('title = "Test Zine"', 'title = "Ⓩ𝔷 \U0001f600"'), texts__short_DOT_md=TEXT)
    add("font", "font-missing-glyph-card", ["build", "layouts/c.toml"], "decks/d.yaml", decks__d_DOT_yaml=DECK.replace("Say goodbye.", "Say 𝔤𝔬𝔬𝔡𝔟𝔶𝔢 ☃ \U0001f600."))

    # decks: YAML
    decks = {
        "deep-flow": "cards: " + "[" * 3000 + "]" * 3000 + "\n",
        "deep-block": "cards:\n" + "".join("  " * i + "- \n" for i in range(1, 200)),
        "python-tag": DECK.replace('"Hello"', "!!python/object/apply:os.system ['echo pwned']"),
        "set-tag": DECK.replace('"Hello"', "!!set {a, b}"),
        "binary-tag": DECK.replace('"Hello"', "!!binary aGVsbG8="),
        "timestamp": DECK.replace('"Hello"', "2020-01-01"),
        "float-title": DECK.replace('"Hello"', ".nan"),
        "int-id": DECK.replace("id: hello", "id: 12"),
        "bool-id": DECK.replace("id: hello", "id: yes"),
        "null-id": DECK.replace("id: hello", "id: ~"),
        "id-with-slash": DECK.replace("id: hello", "id: ../../x"),
        "id-huge": DECK.replace("id: hello", "id: " + "h" * 5000),
        "id-unicode": DECK.replace("id: hello", "id: hélló"),
        "merge-key": DECK.replace("  - id: bye", "  - <<: {x: 1}\n    id: bye"),
        "multi-doc": DECK + "---\n" + DECK,
        "doc-end": DECK + "...\ngarbage: [\n",
        "cards-mapping": DECK.replace("cards:\n", "cards:\n  x: 1\n").split("  - id: hello")[0],
        "cards-null": DECK.split("cards:")[0] + "cards:\n",
        "cards-scalars": DECK.split("cards:")[0] + "cards:\n  - 1\n  - two\n",
        "category-dup": DECK.replace("categories:\n", "categories:\n  - {id: welcome, name: W2, colour: '#000000', symbol: circle}\n"),
        "category-none": DECK.replace("category: welcome", "category: ~", 1),
        "colour-3": DECK.replace("#1f6f8b", "#fff"),
        "colour-name": DECK.replace('"#1f6f8b"', "red"),
        "colour-int": DECK.replace('"#1f6f8b"', "0x1f6f8b"),
        "body-huge": DECK.replace("Say goodbye.", "Say goodbye. " * 3000),
        "body-nul": DECK.replace("Say goodbye.", "Say \\0 goodbye."),
        "body-controls": DECK.replace("Say goodbye.", "Say \\a\\b\\e goodbye."),
        "body-rtl": DECK.replace("Say goodbye.", "مرحبا بالعالم، هذا نص عربي"),
        "body-placeholder-nested": DECK.replace("Say goodbye.", "{{space}} {space{space}} {"),
        "body-placeholder-format": DECK.replace("Say goodbye.", "{0} {!r} {space!r} {space:>99999999}"),
        "values-recursive": DECK.replace('space: "our space"', 'space: "{space}"'),
        "values-mutual": DECK.replace('space: "our space"', 'space: "{other}"\n    other: "{space}"'),
        "values-huge": DECK.replace('space: "our space"', 'space: "' + "s" * 100000 + '"'),
        "values-expand-bomb": DECK.replace('space: "our space"', 'space: "{a}{a}{a}{a}{a}{a}{a}{a}"\n    a: "{b}{b}{b}{b}{b}{b}{b}{b}"\n    b: "{c}{c}{c}{c}{c}{c}{c}{c}"\n    c: "{d}{d}{d}{d}{d}{d}{d}{d}"\n    d: "lolololololololol"'),
        "qty-float": DECK.replace("category: welcome\n    body: \"Say goodbye.\"", "category: welcome\n    body: \"Say goodbye.\"\n    qty: 2.5"),
        "qty-nan": DECK.replace("category: welcome\n    body: \"Say goodbye.\"", "category: welcome\n    body: \"Say goodbye.\"\n    qty: .nan"),
        "qty-5000": DECK.replace("category: welcome\n    body: \"Say goodbye.\"", "category: welcome\n    body: \"Say goodbye.\"\n    qty: 4999"),
        "qty-bool": DECK.replace("category: welcome\n    body: \"Say goodbye.\"", "category: welcome\n    body: \"Say goodbye.\"\n    qty: true"),
        "anchors-many": "x: &a 1\n" * 1 + DECK,
        "key-dup": DECK.replace('title: "Hello"', 'title: "Hello"\n    title: "Again"'),
        "key-nonstring": DECK.replace('title: "Hello"', 'title: "Hello"\n    1: x'),
        "key-null": DECK.replace('title: "Hello"', 'title: "Hello"\n    ~: x'),
        "utf16": None,
        "bom": "\ufeff" + DECK,
        "nul-raw": DECK.replace("Say goodbye.", "Say \x00 goodbye."),
        "crlf": DECK.replace("\n", "\r\n"),
        "lone-cr": DECK.replace("\n", "\r"),
        "only-comment": "# nothing\n",
        "scalar": "just a string\n",
        "list-top": "- a\n- b\n",
        "extends-url": DECK.split("categories:")[0] + "extends: http://example.com/d.yaml\n",
        "extends-chain-loop": "extends: decks/e.yaml\ncards:\n  add: []\n",
        "back-image-bomb": DECK.replace('deck:\n  title: "Test Deck"', 'deck:\n  title: "Test Deck"\n  back:\n    image: "bomb.png"'),
        "back-image-corrupt": DECK.replace('deck:\n  title: "Test Deck"', 'deck:\n  title: "Test Deck"\n  back:\n    image: "bad.png"'),
        "back-image-dir": DECK.replace('deck:\n  title: "Test Deck"', 'deck:\n  title: "Test Deck"\n  back:\n    image: "."'),
        "card-size-nan": DECK.replace('deck:\n  title: "Test Deck"', 'deck:\n  title: "Test Deck"\n  card: "nanmm x 88mm"'),
        "card-size-zero": DECK.replace('deck:\n  title: "Test Deck"', 'deck:\n  title: "Test Deck"\n  card: "0mm x 0mm"'),
        "language-bad": DECK.replace('deck:\n  title: "Test Deck"', 'deck:\n  title: "Test Deck"\n  language: klingon'),
        "language-list": DECK.replace('deck:\n  title: "Test Deck"', 'deck:\n  title: "Test Deck"\n  language: [en]'),
        "overlay-dup-add": 'extends: d.yaml\ncards:\n  add:\n    - {id: hello, title: "X", category: welcome, body: "x"}\n',
        "overlay-dup-within-add": 'extends: d.yaml\ncards:\n  add:\n    - {id: new1, title: "X", category: welcome, body: "x"}\n    - {id: new1, title: "Y", category: welcome, body: "y"}\n',
        "overlay-remove-twice": "extends: d.yaml\ncards:\n  remove: [hello, hello]\n",
        "overlay-remove-all": "extends: d.yaml\ncards:\n  remove: [hello, bye]\n",
        "overlay-replace-dup": 'extends: d.yaml\ncards:\n  replace:\n    - {id: hello, title: "X", category: welcome, body: "x"}\n    - {id: hello, title: "Y", category: welcome, body: "y"}\n',
        "overlay-remove-and-replace": 'extends: d.yaml\ncards:\n  remove: [hello]\n  replace:\n    - {id: hello, title: "X", category: welcome, body: "x"}\n',
        "overlay-unknown-op": "extends: d.yaml\ncards:\n  delete: [hello]\n",
        "overlay-language-xx": "extends: d.yaml\ndeck:\n  language: xx\n",
        "overlay-deep-chain": "extends: o1.yaml\n",
    }
    deck_imgs = {"decks__bomb_DOT_png": imgs["bomb_DOT_png"], "decks__bad_DOT_png": imgs["bad_DOT_png"], "decks__e_DOT_yaml": "extends: o.yaml\ncards:\n  add: []\n"}
    chain = {f"decks__o{i}_DOT_yaml": f"extends: o{i + 1}.yaml\n" for i in range(1, 60)}
    chain["decks__o60_DOT_yaml"] = "extends: d.yaml\n"
    for name, body in decks.items():
        data = DECK.encode("utf-16") if body is None else body.encode("utf-8")
        target = "o" if name.startswith(("overlay", "extends")) else "d"
        files = {f"decks__{target}_DOT_yaml": data, **deck_imgs}
        if name == "overlay-deep-chain":
            files.update(chain)
        lay = CARDS.replace("decks/d.yaml", f"decks/{target}.yaml")
        add("deck", f"deck-{name}", ["build", "layouts/c.toml"], f"decks/{target}.yaml", expect="any", layouts__c_DOT_toml=lay, **files)
        if name in ("python-tag", "deep-flow", "values-expand-bomb", "values-mutual", "utf16", "body-placeholder-format", "overlay-dup-add", "overlay-language-xx", "language-bad"):
            add("deck", f"deck-check-{name}", ["check", "layouts/c.toml"], f"decks/{target}.yaml", expect="any", layouts__c_DOT_toml=lay, **files)
            add("deck", f"deck-export-{name}", ["deck", "export", f"decks/{target}.yaml", "-o", "x.csv"], f"decks/{target}.yaml", expect="any", **files)
    # a zine's exercises from a hostile deck
    add("deck", "zine-exercises-card-missing", ["build", "layouts/z.toml"], "layouts/z.toml", layouts__z_DOT_toml=SHORT.replace('[[content]]\nkind = "colophon"', '[[content]]\nkind = "exercises"\ndeck = "decks/d.yaml"\ncards = ["nope"]\n\n[[content]]\nkind = "colophon"'), texts__short_DOT_md=TEXT)
    add("deck", "zine-exercises-category-missing", ["build", "layouts/z.toml"], "layouts/z.toml", layouts__z_DOT_toml=SHORT.replace('[[content]]\nkind = "colophon"', '[[content]]\nkind = "exercises"\ndeck = "decks/d.yaml"\ncategories = ["nope"]\n\n[[content]]\nkind = "colophon"'), texts__short_DOT_md=TEXT)
    add("deck", "zine-exercises-deck-csv-bad", ["build", "layouts/z.toml"], "layouts/z.toml", layouts__z_DOT_toml=SHORT.replace('[[content]]\nkind = "colophon"', '[[content]]\nkind = "exercises"\ndeck = "texts/short.md"\n\n[[content]]\nkind = "colophon"'), texts__short_DOT_md=TEXT)

    # CSV import
    csvs = {
        "utf16": "id,title,category,body\nhello,Hello,welcome,Hi.\n".encode("utf-16"),
        "latin1": "id,title,category,body\nhello,Héllo,welcome,Hi.\n".encode("latin-1"),
        "nul": b"id,title,category,body\nhello,Hel\x00lo,welcome,Hi.\n",
        "bom": "\ufeffid,title,category,body\nhello,Hello,welcome,Hi.\n".encode(),
        "header-only": b"id,title,category,body\n",
        "many-columns": (",".join(f"c{i}" for i in range(20000)) + "\n").encode(),
        "wide-row": b"id,title,category,body\nhello,Hello,welcome," + b"x," * 50000 + b"\n",
        "many-rows": ("id,title,category,body\n" + "".join(f"c{i},T{i},welcome,B\n" for i in range(6000))).encode(),
        "binary": bytes(range(256)) * 10,
        "one-cell": b"x",
        "crlf": b"id,title,category,body\r\nhello,Hello,welcome,Hi.\r\n",
        "lone-cr": b"id,title,category,body\rhello,Hello,welcome,Hi.\r",
        "quote-in-middle": b'id,title,category,body\nhello,He"llo,welcome,Hi.\n',
        "formula": b"id,title,category,body\nhello,=cmd|' /C calc'!A0,welcome,Hi.\n",
        "newline-in-field": b'id,title,category,body\nhello,"Hel\nlo",welcome,"Hi.\n\nThere."\n',
        "yaml-injection": b'id,title,category,body\nhello,"x\ncards: []",welcome,"*alias &a !!python/object"\n',
        "placeholder-bad": b"id,title,category,body\nhello,Hello,welcome,{nope} {0} {\n",
        "qty-float": b"id,title,category,body,qty\nhello,Hello,welcome,Hi.,2.5\n",
        "qty-nan": b"id,title,category,body,qty\nhello,Hello,welcome,Hi.,nan\n",
        "qty-inf": b"id,title,category,body,qty\nhello,Hello,welcome,Hi.,inf\n",
        "qty-unicode-digits": "id,title,category,body,qty\nhello,Hello,welcome,Hi.,٣\n".encode(),
        "id-empty": b"id,title,category,body\n,Hello,welcome,Hi.\n",
        "tab-separated": b"id\ttitle\tcategory\tbody\nhello\tHello\twelcome\tHi.\n",
        "semicolon-with-commas": b"id;title;category;body\nhello;Hello, there;welcome;Hi, you.\n",
        "empty": b"",
        "spaces": b"   \n  \n",
    }
    for name, data in csvs.items():
        add("csv", f"import-{name}", ["deck", "import", "cards.csv", "--into", "decks/d.yaml"], "cards.csv", expect="any", cards_DOT_csv=data)
    add("csv", "import-into-bomb", ["deck", "import", "cards.csv", "--into", "decks/b.yaml"], "decks/b.yaml", cards_DOT_csv=b"id,title,category,body\nhello,Hello,welcome,Hi.\n", decks__b_DOT_yaml="a: &a [1,1,1,1,1,1,1,1,1]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)))
    add("csv", "import-into-overlay", ["deck", "import", "cards.csv", "--into", "decks/o.yaml"], expect="any", cards_DOT_csv=b"id,title,category,body\nhello,Hello,welcome,Hi.\nnew,New,welcome,New.\n", decks__o_DOT_yaml='extends: d.yaml\ncards:\n  add:\n    - {id: x, title: "X", category: welcome, body: "x"}\n')
    add("csv", "build-from-csv-deck", ["build", "layouts/c.toml"], expect="any", layouts__c_DOT_toml=CARDS.replace("decks/d.yaml", "decks/d.csv"), decks__d_DOT_csv=csvs["yaml-injection"])

    # check and preview with hostile layouts
    add("check", "check-dir-named-pdf", ["check", "dir.pdf"], "dir.pdf", setup=lambda p: (p / "dir.pdf").mkdir())
    add("check", "check-missing-pdf", ["check", "nope.pdf"], "nope.pdf")
    add("check", "check-text-file", ["check", "texts/short.md"], "texts/short.md", texts__short_DOT_md=TEXT)
    add("check", "check-no-layouts-folder", ["check"], "layouts", setup=lambda p: shutil.rmtree(p / "layouts"))
    add("check", "build-no-layouts-folder", ["build"], "layouts", setup=lambda p: shutil.rmtree(p / "layouts"))
    add("check", "build-empty-layouts-folder", ["build"], "layouts", setup=lambda p: [f.unlink() for f in (p / "layouts").iterdir()])
    add("check", "preview-no-layouts", ["preview"], "layouts", setup=lambda p: shutil.rmtree(p / "layouts"))
    add("check", "preview-paper-custom", ["preview", "layouts/z.toml", "--paper", "a3"], "--paper", layouts__z_DOT_toml=SHORT, texts__short_DOT_md=TEXT)
    add("check", "preview-a-pdf", ["preview", "in.pdf"], "in.pdf")
    add("check", "build-a-pdf", ["build", "in.pdf"], "in.pdf")
    add("check", "build-a-yaml", ["build", "decks/d.yaml"], "decks/d.yaml")
    add("check", "check-pdf-and-layout", ["check", "in.pdf", "layouts/z.toml"], expect="any", layouts__z_DOT_toml=SHORT, texts__short_DOT_md=TEXT)
    add("check", "layout-outside-project", ["build", "/tmp/fz-outside.toml"], expect="any")
    add("check", "layout-symlink-out", ["build", "layouts/l.toml"], expect="any", setup=lambda p: (p / "layouts" / "l.toml").symlink_to("/etc/hostname"))
    add("check", "text-symlink-into-etc", ["build", "layouts/z.toml"], "texts/short.md", layouts__z_DOT_toml=SHORT, setup=lambda p: ((p / "texts" / "short.md").unlink(), (p / "texts" / "short.md").symlink_to("/etc/hostname")))
    add("check", "text-hardlink-to-outside", ["build", "layouts/z.toml"], expect="any", layouts__z_DOT_toml=SHORT, setup=lambda p: ((p / "texts" / "short.md").unlink(), os.link("/tmp/fz-outside.md", p / "texts" / "short.md")))
    add("check", "fonts-toml-symlink-out", ["build", "layouts/z.toml"], "fonts", layouts__z_DOT_toml=SHORT, texts__short_DOT_md=TEXT, setup=lambda p: ((p / "fonts").mkdir(exist_ok=True), (p / "fonts" / "fonts.toml").symlink_to("/tmp/fz-outside.toml")))
    add("check", "repairs-toml-bad", ["build", "layouts/z.toml"], "texts/repairs.toml", expect="any", layouts__z_DOT_toml=SHORT, texts__short_DOT_md=TEXT, texts__repairs_DOT_toml="[[x\n")
    add("check", "repairs-toml-wrong", ["build", "layouts/z.toml"], "texts/repairs.toml", expect="any", layouts__z_DOT_toml=SHORT, texts__short_DOT_md=TEXT, texts__repairs_DOT_toml="[[repair]]\nfind = 3\n")
    add("check", "prices-bad", ["build", "layouts/c.toml", "--copies", "5", "--prices", "p.toml"], "p.toml", p_DOT_toml="[[x\n")
    add("check", "prices-wrong", ["build", "layouts/c.toml", "--copies", "5", "--prices", "p.toml"], "p.toml", p_DOT_toml="sheet = -5\nfoo = nan\n")
    add("check", "prices-nan", ["build", "layouts/c.toml", "--copies", "5", "--prices", "p.toml"], "p.toml", expect="any", p_DOT_toml="[sheet]\na4 = nan\n")
    add("check", "copyshop-default-bad", ["build", "layouts/c.toml", "--copies", "5"], "printers/copyshop.toml", printers__copyshop_DOT_toml="[[x\n")

    # Ctrl-C at several moments of a build (old outputs all old or all new)
    for t in (0.05, 0.3, 0.8, 1.5, 2.5, 3.5):
        add("sigint", f"sigint-build-{t}", ["build"], expect="interrupt", interrupt=t)
        add("sigint", f"sigint-impose-{t}", ["impose", "in.pdf", "-o", "out/z.a4.print.pdf"], expect="interrupt", interrupt=t)


# -- running -------------------------------------------------------------------


def template() -> Path:
    base = WORK / "template"
    shutil.rmtree(base, ignore_errors=True)
    for d in ("layouts", "decks", "texts", "out", "printers"):
        (base / d).mkdir(parents=True)
    (base / "texts" / "essay.md").write_text((ROOT / "texts" / "milstein-organizing-social-spaces.md").read_text(encoding="utf-8"), encoding="utf-8")
    (base / "texts" / "short.md").write_text(TEXT, encoding="utf-8")
    (base / "decks" / "d.yaml").write_text(DECK, encoding="utf-8")
    (base / "layouts" / "z.toml").write_text(LAYOUT, encoding="utf-8")
    (base / "layouts" / "c.toml").write_text(CARDS, encoding="utf-8")
    (base / "in.pdf").write_bytes(GOOD8)
    for name in ("z.a4.reader.pdf", "z.a4.print.pdf", "c.a4.print.pdf", "c.faces.pdf"):
        (base / "out" / name).write_bytes(OLD)
    Path("/tmp/fz-outside.toml").write_text(LAYOUT)
    Path("/tmp/fz-outside.md").write_text(TEXT)
    return base


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    os.setsid()


def run_case(base: Path, case: Case) -> tuple[list[str], str, float]:
    project = WORK / "p"
    if project.exists():
        for dirpath, dirnames, _ in os.walk(project):
            for d in dirnames:
                try:
                    os.chmod(Path(dirpath) / d, 0o755)
                except OSError:
                    pass
        shutil.rmtree(project)
    shutil.copytree(base, project, symlinks=True)
    for rel, data in case.files.items():
        p = project / rel
        if p.is_symlink() or p.exists():
            p.unlink()
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if case.setup:
        case.setup(project)
    before = snapshot(project)
    outside_before = Path("/tmp/fz-outside.toml").read_bytes()
    Path("/tmp/fz-outside.yaml").unlink(missing_ok=True)  # a case that writes through a link out makes it
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "zinemaker", *case.args],
        cwd=project, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_limit, env=env,
    )
    flags: list[str] = []
    try:
        if case.interrupt:
            proc.stdin.close()
            proc.stdin = None
            try:
                proc.wait(case.interrupt)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=TIMEOUT)
        else:
            out, err = proc.communicate(case.stdin, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        flags.append("HANG")
    wall = time.perf_counter() - t0
    text = out.decode("utf-8", "replace") + err.decode("utf-8", "replace")
    errs = [ln for ln in err.decode("utf-8", "replace").splitlines() if ln.strip()]
    rc = proc.returncode
    if "Traceback" in text or "Error:" in text and "zinemaker: error:" not in text and rc != 0:
        flags.append("TRACEBACK")
    if rc is not None and rc < 0 and "HANG" not in flags:
        flags.append(f"SIGNAL{-rc}")
    failed = rc != 0
    if case.expect == "bad" and rc == 0:
        flags.append("EXIT0")
    if case.expect == "ok" and rc != 0:
        flags.append("FAILED")
    if failed and case.expect != "interrupt":
        extra = [ln for ln in errs if not ln.startswith(PROGRESS)]
        if case.args[:1] == ["check"] and any(ln.startswith("zinemaker: problem:") for ln in extra):
            # check lists every problem, one line each, and counts them
            extra = [" | ".join(ln for ln in extra if "problem(s) in" not in ln)]
        if len(extra) != 1:
            flags.append(f"LINES{len(extra)}")
        line = extra[-1] if extra else ""
        if case.needles and not any(n.lower() in line.lower() for n in case.needles):
            flags.append("VAGUE")
    after = snapshot(project) if project.exists() else {}
    touched = []
    for rel, data in before.items():
        if after.get(rel) != data:
            # a successful run may replace earlier outputs
            if not failed and (rel.startswith(("out/", "preview/", "printers/", "newspace")) or rel.endswith((".csv", ".yaml")) and case.kind in ("csv", "out")):
                continue
            if case.expect == "interrupt" and rel.startswith("out/") and isinstance(after.get(rel), bytes) and after[rel][:5] == b"%PDF-":
                continue
            touched.append(rel)
    new = [rel for rel in after if rel not in before]
    if failed and case.expect != "interrupt":
        touched += [f"+{rel}" for rel in new]
    else:
        touched += [f"+{rel}" for rel in new if ".tmp" in rel or rel.startswith(".")]
    if Path("/tmp/fz-outside.toml").read_bytes() != outside_before or Path("/tmp/fz-outside.yaml").exists():
        touched.append("OUTSIDE")
    if touched:
        flags.append("TOUCHED:" + ",".join(touched[:4]))
    if case.then and rc == 0:
        made = project / "newspace"
        done = subprocess.run([sys.executable, "-m", "zinemaker", *case.then], cwd=made, capture_output=True, env=env, timeout=TIMEOUT * 3, preexec_fn=_limit)
        if done.returncode != 0 or b"Traceback" in done.stderr:
            flags.append("THEN:" + (done.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1][:200])
    last = errs[-1] if errs else (out.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
    return flags, f"rc={rc} {wall:.1f}s | {last[:300]}", wall


def main(argv: list[str]) -> int:
    cases()
    start = next((int(a[7:]) for a in argv if a.startswith("--from=")), 1)
    argv = [a for a in argv if not a.startswith("--from=")]
    chosen = [c for c in CASES if not argv or any(a in c.name for a in argv)][start - 1 :]
    base = template()
    kinds = Counter(c.kind for c in chosen)
    faults = Counter()
    report = WORK / "report.txt"
    with report.open("w") as fh:
        for i, case in enumerate(chosen, 1):
            flags, said, _ = run_case(base, case)
            mark = " ".join(flags) or "ok"
            line = f"[{i}/{len(chosen)}] {case.kind:6} {case.name[:60]:60} {mark} :: {said}"
            print(line, flush=True)
            fh.write(line + "\n")
            fh.flush()
            for f in flags:
                faults[f.split(":")[0]] += 1
    print("cases by kind:", dict(kinds))
    print("flags:", dict(faults))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
