"""Fixtures: the project folder, and a built default zine shared by tests."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_default(tmp_path_factory) -> dict[str, bytes]:
    """The default layout built once, for both papers."""
    from zinemaker.build import build

    out = tmp_path_factory.mktemp("out")
    files = build([ROOT / "layouts" / "social-spaces.toml"], out)
    return {p.name: p.read_bytes() for p in files}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A scratch project folder with the real texts and fonts, for bad-input tests."""
    (tmp_path / "layouts").mkdir()
    shutil.copytree(ROOT / "texts", tmp_path / "texts")
    return tmp_path
