"""Speed, memory and size of imposing a 600-page A5 PDF, side by side.

    python bench/impose_bench.py            # makes bench/work/, a venv with pdfimpose, runs
    python bench/impose_bench.py --reps 7

Runs, in one go and alternating, several repetitions of:
- ``zinemaker impose --scheme saddle --sheet a4`` (this checkout),
- ``pdfimpose saddle --format A4 --group 0`` (from PyPI, in bench/work/venv),
- a plain pypdf read and write of the same file: the floor we cannot beat
  while writing with pypdf.
Each in its own process, timed from outside with its peak memory (max RSS)
from wait4. Reports medians and ratios, output sizes, and how many font and
image objects each output holds. Nothing here is a test: numbers vary with
the machine; the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
ROOT = HERE.parent
PAGES = 600


def make_input(path: Path, pages: int = PAGES) -> None:
    """A5 pages of text in one embedded font, with one image shared by all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Charis", str(ROOT / "fonts/charis-sil/CharisSIL-Regular.ttf")))
    img = Image.new("L", (600, 300), 255)
    d = ImageDraw.Draw(img)
    for i in range(0, 600, 12):
        d.line((i, 0, 600 - i, 300), fill=i % 256)
    img_path = WORK / "shared.png"
    img.save(img_path)
    words = (
        "social spaces relations welcome honest failures hands-on openness fiercely"
        " anti-retreating care letters slowness trust walk sensory map"
    ).split()
    c = canvas.Canvas(str(path), pagesize=(148 * mm, 210 * mm), invariant=1)
    for n in range(1, pages + 1):
        c.drawImage(str(img_path), 15 * mm, 150 * mm, 118 * mm, 45 * mm)
        c.setFont("Charis", 9.5)
        y = 140 * mm
        for line in range(30):
            text = " ".join(words[(n + line + k) % len(words)] for k in range(11))
            c.drawString(15 * mm, y, text)
            y -= 4.1 * mm
        c.drawCentredString(74 * mm, 10 * mm, str(n))
        c.showPage()
    c.save()


def ensure_venv() -> Path:
    venv = WORK / "venv"
    exe = venv / "bin" / "pdfimpose"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "pdfimpose==2.10.0"], check=True, stderr=subprocess.DEVNULL
        )
    return exe


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one command in its own process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024


def census(path: Path) -> tuple[int, int]:
    """Font programs and image objects stored in a PDF."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    r = PdfReader(str(path))
    fonts = images = 0
    for num in range(1, int(r.trailer["/Size"])):
        try:
            obj = r.get_object(num)
        except Exception:  # noqa: BLE001 - free or broken entries are not counted
            continue
        if hasattr(obj, "get"):
            if obj.get("/Subtype") == "/Image":
                images += 1
            if obj.get("/Type") == "/FontDescriptor" and any(
                k in obj for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                fonts += 1
    return fonts, images


FLOOR = """
import sys
from pypdf import PdfReader, PdfWriter
r = PdfReader(sys.argv[1]); w = PdfWriter(clone_from=r); w.write(sys.argv[2])
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    WORK.mkdir(exist_ok=True)
    src = WORK / "a5-600.pdf"
    if not src.exists():
        make_input(src)
    pdfimpose = ensure_venv()
    zm = [sys.executable, "-m", "zinemaker", "impose", str(src), "--scheme", "saddle", "--sheet", "a4"]
    tools = {
        "zinemaker": zm + ["-o", str(WORK / "zinemaker.pdf")],
        "pdfimpose": [
            str(pdfimpose),
            "saddle",
            "--format",
            "A4",
            "--group",
            "0",
            str(src),
            "--output",
            str(WORK / "pdfimpose.pdf"),
        ],
        "pypdf floor": [sys.executable, "-c", FLOOR, str(src), str(WORK / "floor.pdf")],
    }
    outputs = {"zinemaker": "zinemaker.pdf", "pdfimpose": "pdfimpose.pdf", "pypdf floor": "floor.pdf"}
    times: dict[str, list[float]] = {k: [] for k in tools}
    mems: dict[str, list[float]] = {k: [] for k in tools}
    for _ in range(args.reps):
        for name, cmd in tools.items():  # alternate, so drift hits all alike
            t, m = run(cmd)
            times[name].append(t)
            mems[name].append(m)
    med = {k: statistics.median(v) for k, v in times.items()}
    mem = {k: statistics.median(v) for k, v in mems.items()}
    out = io.StringIO()
    print(
        f"input: {src.name}, {PAGES} A5 pages, {src.stat().st_size / 1e6:.2f} MB; {args.reps} runs each,"
        f" medians; Python {sys.version.split()[0]}, {os.cpu_count()} cores",
        file=out,
    )
    print("", file=out)
    print("| tool | wall s | peak MiB | output MB | font programs | images |", file=out)
    print("|---|---|---|---|---|---|", file=out)
    for name in tools:
        path = WORK / outputs[name]
        fonts, images = census(path)
        print(
            f"| {name} | {med[name]:.2f} | {mem[name]:.0f} | {path.stat().st_size / 1e6:.2f} | {fonts} | {images} |",
            file=out,
        )
    print("", file=out)
    z, p, f = med["zinemaker"], med["pdfimpose"], med["pypdf floor"]
    print(
        f"zinemaker is {p / z:.1f}x faster than pdfimpose, {z / f:.2f}x the pypdf floor's time,"
        f" uses {mem['zinemaker'] / mem['pdfimpose']:.2f}x pdfimpose's memory, and its output is"
        f" {(WORK / 'zinemaker.pdf').stat().st_size / (WORK / 'pdfimpose.pdf').stat().st_size:.2f}x"
        " pdfimpose's size.",
        file=out,
    )
    print(out.getvalue())


if __name__ == "__main__":
    main()
