"""The default build's PDFs, made by another commit and by this checkout: are they byte-identical?

    python bench/same_output.py            # against main
    python bench/same_output.py COMMIT

Builds this checkout's layouts twice, each in its own process: once with
the source and fonts of COMMIT (exported to bench/work/same-output/),
once with this checkout's, and compares every output file's sha256. A
change that is only meant to make zinemaker faster must print "identical".
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work" / "same-output"


def build(src: Path | None, out: Path) -> dict[str, str]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "zinemaker", "build", "-q", "-o", str(out)], cwd=ROOT, env=env, check=True)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir()) if p.is_file()}


def main() -> None:
    commit = sys.argv[1] if len(sys.argv) > 1 else "main"
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "tree").mkdir(parents=True)
    archive = subprocess.run(["git", "archive", commit, "src", "fonts"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(WORK / "tree")], input=archive.stdout, check=True)
    before = build(WORK / "tree" / "src", WORK / "before")
    after = build(None, WORK / "after")
    differ = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    for name in sorted(after):
        print(f"{after[name][:16]}  {'same' if name not in differ else 'DIFFERENT'}  {name}")
    for name in differ:
        if name not in after:
            print(f"missing now: {name}")
    print("identical" if not differ else f"{len(differ)} file(s) differ from {commit}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
