"""Hostile and huge input, each refused (or built) in bounded time and memory.

    python bench/bad_input_bench.py

Each case runs ``zinemaker`` in its own process (wall time, and peak memory
from the child's maximum resident set) in bench/work/bad/:

- a 1 KB YAML alias bomb (billion laughs) as a card title, and in front
  matter: refused by the alias budget (issue 11 target: < 1 s, < 200 MB);
- one 1 MB word in a card body and in a text: refused (no line is that wide);
- a FIFO named as a text and as a PDF to impose: refused without blocking;
- a 3 GB sparse file that begins like a PDF: refused by its size before a
  byte is read;
- decks of 250 to 4000 cards built to A4 card sheets: time per card should
  stay flat (linear growth); a 100,000-card deck is refused by the stated
  limit (5000 cards, qty counted).

Ratios from one run on this machine; nothing here is a test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work" / "bad"

BOMB = "".join(
    f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9 if i else ['"lol"'] * 9) + "]\n"
    for i in range(9)
)
CATS = 'categories:\n  - {id: w, name: "W", colour: "#1f6f8b", symbol: circle}\n'
CARDS_LAYOUT = '[cards]\ndeck = "decks/d.yaml"\n\n[output]\npapers = ["a4"]\n'
ZINE = '[[content]]\nkind = "excerpt"\ntext = "texts/t.md"\n\n[output]\npapers = ["a4"]\n'


def deck(n: int, body: str = "Talk together about what the space is for, and who it is for.") -> str:
    cards = "".join(f'  - {{id: c{i}, title: "Card {i}", category: w, body: "{body}"}}\n' for i in range(n))
    return 'deck:\n  title: "Bench"\n' + CATS + "cards:\n" + cards


def project(name: str, files: dict[str, str | bytes]) -> Path:
    root = WORK / name
    shutil.rmtree(root, ignore_errors=True)
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


def run(cwd: Path, *args: str, timeout: float = 600) -> tuple[float, float, int, str]:
    """Wall seconds, peak MB (this child's own), exit code and last stderr line."""
    import tempfile
    import threading

    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "zinemaker", *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=err
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    last = lines[-1] if lines else ""
    if proc.returncode == -9:
        last = f"killed after {timeout:.0f} s"
    return wall, usage.ru_maxrss / 1024, proc.returncode, last


def line(name: str, result: tuple[float, float, int, str]) -> None:
    wall, mb, code, err = result
    print(f"{name:34s} {wall:6.2f} s {mb:7.0f} MB  exit {code}  {err[:110]}")


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    # The refusal itself, in this process (the runs below include Python's start and imports).
    from zinemaker import files
    from zinemaker.errors import ZinemakerError

    files.load_yaml("a: 1\n", "warm.yaml")
    t0 = time.perf_counter()
    try:
        files.load_yaml(BOMB + "x: *i\n", "bomb.yaml")
    except ZinemakerError:
        pass
    print(f"alias bomb ({len(BOMB)} bytes) refused in-process in {time.perf_counter() - t0:.4f} s\n")
    print("case                                 wall     peak")
    bomb_deck = BOMB + deck(1).replace('title: "Card 0"', "title: *i")
    p = project("bomb-card", {"layouts/c.toml": CARDS_LAYOUT, "decks/d.yaml": bomb_deck})
    line("alias bomb as a card title", run(p, "build", "layouts/c.toml"))
    line("alias bomb under check", run(p, "check", "layouts/c.toml"))
    p = project("bomb-text", {"layouts/z.toml": ZINE, "texts/t.md": "---\n" + BOMB + "title: *i\n---\nText.\n"})
    line("alias bomb in front matter", run(p, "build", "layouts/z.toml"))
    p = project("word-card", {"layouts/c.toml": CARDS_LAYOUT, "decks/d.yaml": deck(1, "x" * 1_000_000)})
    line("1 MB word in a card", run(p, "build", "layouts/c.toml"))
    p = project("word-text", {"layouts/z.toml": ZINE, "texts/t.md": "x" * 1_000_000 + "\n"})
    line("1 MB word in a text", run(p, "build", "layouts/z.toml"))
    p = project("fifo", {"layouts/z.toml": ZINE})
    (p / "texts").mkdir()
    os.mkfifo(p / "texts" / "t.md")
    line("FIFO as a text", run(p, "build", "layouts/z.toml", timeout=30))
    os.mkfifo(p / "in.pdf")
    line("FIFO as a PDF to impose", run(p, "impose", "in.pdf", timeout=30))
    with open(p / "huge.pdf", "wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(3 * 1024**3)
    line("3 GB (sparse) PDF to impose", run(p, "impose", "huge.pdf", timeout=60))
    (p / "huge.pdf").unlink()
    print()
    per = []
    for n in (250, 500, 1000, 2000, 4000):
        p = project(f"deck-{n}", {"layouts/c.toml": CARDS_LAYOUT, "decks/d.yaml": deck(n)})
        result = run(p, "build", "layouts/c.toml", "-q")
        line(f"{n}-card deck built", result)
        per.append((n, result[0]))
    p = project("deck-100k", {"layouts/c.toml": CARDS_LAYOUT, "decks/d.yaml": deck(100_000, "Talk.")})
    line("100,000-card deck", run(p, "build", "layouts/c.toml", "-q"))
    rows = "id,title,category,body\n" + "".join(f"c{i},Card {i},w,Talk.\n" for i in range(100_000))
    p = project("csv-100k", {"cards.csv": rows, "decks/d.yaml": deck(1)})
    line("100,000-row CSV import", run(p, "deck", "import", "cards.csv", "--into", "decks/d.yaml"))
    print()
    base_n, base_t = per[0]
    for n, t in per:
        print(f"{n:5d} cards: {t / n * 1000:6.2f} ms a card, {t / base_t:5.2f} x the time of {base_n} for {n / base_n:4.1f} x the cards")


if __name__ == "__main__":
    main()
