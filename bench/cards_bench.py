"""A generated 1000-card deck to card sheets: wall time, peak memory, size.

    python bench/cards_bench.py

Builds bench/work/cards/ (a deck of 1000 cards drawn from the real deck's
texts, and a cards layout) and runs ``zinemaker build`` on it in its own
process, several times, reporting medians. Target (issue 5): under 2 s and
under 1 MB for the A4 card sheets, with the back stored once.
"""

from __future__ import annotations

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


def make_project() -> None:
    base = yaml.safe_load((ROOT / "decks" / "social-spaces.yaml").read_text(encoding="utf-8"))
    cards = []
    for i in range(1000):
        c = dict(base["cards"][i % len(base["cards"])])
        c["id"] = f"{c['id']}-{i:04d}"
        c.pop("qty", None)
        # Every card's text differs, so no cache of repeated text helps.
        c["title"] = f"{c['title'][:24]} {i + 1}"
        c["body"] = c["body"].replace("1. ", f"1. (Round {i + 1}) ", 1)
        c["quote"] = f"{c['quote']} [{i + 1}]"
        cards.append(c)
    base["cards"] = cards
    (WORK / "decks").mkdir(parents=True, exist_ok=True)
    (WORK / "layouts").mkdir(exist_ok=True)
    (WORK / "decks" / "big.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    (WORK / "layouts" / "big.toml").write_text(
        '[cards]\ndeck = "decks/big.yaml"\nfaces = false\n[output]\npapers = ["a4"]\nmargin = "5mm"\n'
        'marks = ["crop"]\n',
        encoding="utf-8",
    )


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    make_project()
    times, mems = [], []
    for _ in range(reps):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "zinemaker", "build", "-q"], cwd=WORK)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        mems.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit("build failed")
    out = WORK / "out" / "big.a4.print.pdf"
    from pypdf import PdfReader

    r = PdfReader(str(out))
    # Card faces are forms the size of a card with bleed; slugs are sheet-sized.
    forms = {
        ref.idnum
        for p in r.pages
        for ref in p["/Resources"]["/XObject"].values()
        if float(ref.get_object()["/BBox"][2]) < 300
    }
    print(f"1000 poker cards, A4, 9-up: {len(r.pages) // 2} sheets; medians of {reps}:")
    print(
        f"wall {statistics.median(times):.2f} s, peak {statistics.median(mems):.0f} MiB,"
        f" output {out.stat().st_size / 1e6:.2f} MB, {len(forms)} placed pages stored"
        " (1000 fronts + 1 back)"
    )


if __name__ == "__main__":
    main()
