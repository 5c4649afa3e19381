"""Every command the README shows a new user, run in order, in a fresh copy
of the project: each must succeed. (The first two, which set up and run the
tests, are what CI runs.)"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line and "zinemaker" in line and not line.startswith(("python3 -m venv", ".venv/bin/python")):
                commands.append(line)
    return commands


def test_the_readme_shows_its_two_commands_first():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*?)```", text, re.S).group(1).strip().splitlines()
    assert len(first) == 2 and "pip install" in first[0] and "zinemaker build" in first[0]
    assert "pytest" in first[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert first[0].replace(" -q", "") in ci.replace(" -q", "") and first[1] in ci


def test_every_readme_command_works(tmp_path):
    for name in ("layouts", "texts", "decks"):
        shutil.copytree(ROOT / name, tmp_path / name)
    subprocess.run([sys.executable, "-m", "zinemaker", "build", "-q"], cwd=tmp_path, check=True)
    commands = readme_commands()
    assert len(commands) >= 10
    for command in commands:
        cwd = tmp_path
        if command.startswith("cd "):
            folder, _, command = command[3:].partition(" && ")
            cwd = tmp_path / folder
        args = shlex.split(command)
        assert args[0] == "zinemaker", command
        proc = subprocess.run(
            [sys.executable, "-m", "zinemaker", *args[1:]], cwd=cwd, capture_output=True, text=True, timeout=300
        )
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, f"{command}\n{proc.stderr}"
        # An example that prints unreadable type, or says to change something, is a bad example.
        assert "under the 6 pt" not in proc.stderr + proc.stdout, f"{command}\n{proc.stderr}"
    assert (tmp_path / "booklet.pdf").is_file() and (tmp_path / "our-infoshop" / "out").is_dir()
