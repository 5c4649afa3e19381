"""``zinemaker build --watch``: rebuild what changed, for people editing cards.

Polls the modification times of each layout and of everything it reads
(texts, decks and the decks they extend, printer files) twice a second, and
rebuilds the layouts whose inputs changed. A mistake in a save is printed
as one line and the watch goes on; the last good PDFs stay in place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from zinemaker.errors import ZinemakerError


def inputs(layout_path: Path) -> set[Path]:
    """The files a layout reads, as far as they can be found now."""
    from zinemaker.definitions.layout import Excerpt, Exercises, load_layout

    found = {Path(layout_path)}
    try:
        layout = load_layout(layout_path)
    except ZinemakerError:
        return found  # broken: watch the layout itself until it is mended
    decks = [item.deck for item in layout.content if isinstance(item, Exercises)]
    found |= {item.text for item in layout.content if isinstance(item, Excerpt)}
    if layout.cards is not None:
        decks.append(layout.cards.deck)
    for deck in decks:
        found |= _deck_chain(deck)
    return found


def _deck_chain(path: Path) -> set[Path]:
    import yaml

    chain = set()
    while path not in chain and path.is_file():
        chain.add(path)
        try:
            # libyaml's parser when there is one: the pure-Python one takes a
            # second for a big deck, and the watch would miss a save made meanwhile.
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 - a safe loader
        except (yaml.YAMLError, OSError):
            break
        if not isinstance(data, dict) or "extends" not in data:
            break
        path = (path.parent / str(data["extends"])).resolve()
    return chain


def _stamp(paths: set[Path]) -> dict[Path, float]:
    out = {}
    for p in paths:
        try:
            out[p] = p.stat().st_mtime_ns
        except OSError:
            out[p] = -1
    return out


def watch(
    layouts: list[Path],
    rebuild: Callable[[list[Path]], None],
    say: Callable[[str], None],
    interval: float = 0.5,
    rounds: int | None = None,
) -> None:
    """Build once, then rebuild changed layouts until interrupted (or for
    ``rounds`` polls, for tests)."""
    watched = {p: inputs(p) for p in layouts}
    stamps = {p: _stamp(files) for p, files in watched.items()}
    _safe(rebuild, list(layouts), say)
    say("watching for changes; press Ctrl-C to stop")
    n = 0
    try:
        while rounds is None or n < rounds:
            n += 1
            time.sleep(interval)
            changed, files = [], set()
            for p in layouts:
                now = _stamp(watched[p])
                if now != stamps[p]:
                    changed.append(p)
                    files |= {f.name for f in now if now[f] != stamps[p].get(f)}
                    watched[p] = inputs(p)
                    stamps[p] = _stamp(watched[p])
            if changed:
                say(f"{', '.join(sorted(files))} changed; rebuilding {', '.join(p.name for p in changed)}")
                _safe(rebuild, changed, say)
    except KeyboardInterrupt:
        say("stopped watching")


def _safe(rebuild: Callable[[list[Path]], None], chosen: list[Path], say: Callable[[str], None]) -> None:
    try:
        rebuild(chosen)
    except ZinemakerError as exc:
        say(f"zinemaker: error: {exc} (fix it and save again)")
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - a watch outlives one bad save; the last good PDFs stay
        say(f"zinemaker: error: this save could not be built ({type(exc).__name__}: {exc}); fix it and save again")
