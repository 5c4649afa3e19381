"""``zinemaker init "Our Infoshop"``: a new space's own folder, ready to build.

It holds a zine layout and a card layout for the space's paper, a deck
overlay with the space's name and contact (extending the Social Spaces
deck), and copies of the essay and base deck, so the folder builds on its
own and can be edited without touching the project's files.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from zinemaker.errors import ZinemakerError, did_you_mean

BUNDLED = Path(__file__).resolve().parents[2]
ESSAY = "texts/milstein-organizing-social-spaces.md"
DECK = "decks/social-spaces.yaml"


def slug(name: str) -> str:
    """ "Our Infoshop!" -> "our-infoshop"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "our-space"


def _toml(text: str) -> str:
    """Text safe inside a TOML "basic string"."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _yaml(text: str) -> str:
    """Text safe inside a YAML double-quoted string."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


#: The longest name a space may have: it is printed on every card's back.
MAX_NAME = 60


def what_path(name: str) -> bool:
    """Whether a space's name reads as a path to a folder (/tmp/x, ./ours, ~/zines, C:\\x)."""
    return name.startswith(("/", "./", "../", "~/", ".\\", "..\\", "~\\")) or (len(name) > 2 and name[1] == ":" and name[2] in "/\\")


def check_name(name: str, what: str = "NAME") -> str:
    """A space's name as it will be printed: one line, not too long, and
    every character in the fonts the cards and zine are set in."""
    name = name.strip()
    if not name:
        raise ZinemakerError(f'{what}: empty; give your space\'s name, like "Our Infoshop"')
    bad = next((ch for ch in name if unicodedata.category(ch)[0] == "C"), None)
    if bad is not None:
        raise ZinemakerError(f"{what}: it holds a control character (U+{ord(bad):04X}): one line of text, please")
    if len(name) > MAX_NAME:
        raise ZinemakerError(f"{what}: {len(name)} characters; at most {MAX_NAME} fit on a card's back")
    from zinemaker.typeset import fonts

    for family in ("Open Sans", "Charis SIL"):
        fam = fonts.family(family)
        lacking = fonts.missing(name, fam.bold) or fonts.missing(name, fam.regular)
        if lacking:
            raise ZinemakerError(
                f"{what}: the font {family} has no glyph for {fonts.describe(lacking[0])}: write the name"
                " without it (you can add fonts later, see fonts/README.md)"
            )
    return name


def init_space(name: str, paper: str, contact: str | None, folder: Path | None = None) -> Path:
    """Create the folder and return it. Refuses to write into a folder that exists."""
    from zinemaker.units import PAPER

    if paper not in PAPER:
        near = did_you_mean(paper.lower(), list(PAPER))
        raise ZinemakerError(f"--paper: found {paper!r}{near}, allowed: {', '.join(PAPER)}")
    for rel in (ESSAY, DECK):
        if not (BUNDLED / rel).is_file():
            raise ZinemakerError(f"the starter files are missing ({rel}): reinstall zinemaker from its folder")
    name = check_name(name)
    if what_path(name):
        raise ZinemakerError(
            f"NAME: '{name}' looks like a folder, but NAME is your space's name, printed on its cards,"
            f' like "Our Infoshop": give the folder with --dir {name}'
        )
    if contact is not None:
        contact = check_name(contact, "--contact")
    key = slug(name)[:48].strip("-") or "our-space"
    root = Path(folder) if folder else Path(key)
    if root.exists():
        raise ZinemakerError(f"{root} already exists: choose another name or --dir, nothing was changed")
    contact = contact or f"the {name} collective"
    files = {
        f"layouts/{key}.toml": ZINE.format(name=_toml(name), paper=paper, essay=ESSAY),
        f"layouts/{key}-cards.toml": CARDS.format(name=_toml(name), paper=paper, key=key),
        f"decks/{key}.yaml": OVERLAY.format(name=_yaml(name), contact=_yaml(contact)),
    }
    # Made in a hidden folder beside it and renamed into place when whole:
    # an interrupt or a full disk leaves no half-made folder.
    parent = root.absolute().parent
    tmp = None
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{root.name[:40]}.", suffix=".part", dir=parent))
        for rel, text in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_text(text, encoding="utf-8")
        for rel in (ESSAY, DECK, "layouts/README.md", "decks/README.md"):
            if (BUNDLED / rel).is_file():
                (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(BUNDLED / rel, tmp / rel)
        from zinemaker import interrupt

        interrupt.check()
        with interrupt.hold():
            os.rename(tmp, root)
        tmp = None
    except OSError as exc:
        from zinemaker.write import _why

        raise ZinemakerError(f"could not create {root} ({_why(exc)}); nothing was changed") from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return root


ZINE = """\
# A pocket zine for {name}, from Cindy Milstein's essay.
# Change the sections, the paper or the colophon note and run: zinemaker build
# Every field is explained in layouts/README.md, beside this file.

[zine]
title = "Organizing Social Spaces as if Social Relations Matter"
subtitle = "Honest failures, hands-on openness, and fiercely anti-retreating"
author = "Cindy Milstein"
publisher = "{name}"

[page]
size = "half-sheet"

[[content]]
kind = "cover"

[[content]]
kind = "excerpt"
text = "{essay}"
sections = ["Honest Failures", "Hands-On Openness", "Fiercely Anti-Retreating"]

[[content]]
kind = "colophon"
note = "Printed for a reading group at {name}."

[output]
papers = ["{paper}"]
scheme = "saddle"
flip = "short-edge"     # your printer's duplex setting
"""

CARDS = """\
# {name}'s own exercise cards: the Social Spaces deck with your name on it.
# Edit decks/{key}.yaml to add, change or remove cards; run: zinemaker build
# (The deck's title, there, is the title printed on every sheet.)

[cards]
deck = "decks/{key}.yaml"
bleed = "3mm"

[output]
papers = ["{paper}"]
scheme = "cards"
flip = "long-edge"      # your printer's duplex setting
margin = "5mm"
marks = ["crop"]
"""

OVERLAY = """\
# {name}'s deck: the Social Spaces deck, with your space's name and contact
# filled in wherever a card says {{space}} or {{contact}}.
# To add cards:    add: [ {{id: ..., title: ..., category: ..., body: ...}} ]
# To change one:   replace: (a whole card, with the same id)
# To drop one:     remove: [card-id, ...]
# To translate:    translate: {{card-id: {{title: ..., body: ...}}}}

extends: social-spaces.yaml

deck:
  title: "{name} Workshop Cards"
  values:
    space: "{name}"
    contact: "{contact}"
  back:
    title: "{name}"
    line: "Exercises for organizing as if social relations matter"
    footer: "{contact}"
"""
