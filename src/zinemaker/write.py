"""Putting files on disk safely.

A command's outputs are written together by :func:`write_all`: each to a
temporary file beside its target, and only when every one is complete are
they renamed over their targets, with interrupts held for those few renames.
So a failure (a full disk, a read-only folder, Ctrl-C) leaves every earlier
output as it was and no temporary file behind, and a command never writes
over a file it read: every output's real path is compared with every input's
(what :mod:`zinemaker.files` read during the command).
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from zinemaker import interrupt
from zinemaker.errors import ZinemakerError


def _why(exc: OSError) -> str:
    """An OS error in a person's words, with what to do."""
    what = {
        errno.ENOSPC: "the disk is full: make room",
        errno.EDQUOT: "your disk quota is full: make room",
        errno.EROFS: "the disk is read-only: choose another folder",
        errno.EACCES: "no permission to write there: choose another folder",
        errno.EPERM: "not allowed to write there: choose another folder",
        errno.ENAMETOOLONG: "the file name is too long: choose a shorter one",
        errno.EISDIR: "a folder has that name: choose a file name",
        errno.ENOTDIR: "part of the path is a file, not a folder: choose another folder",
        errno.EFBIG: "the file is larger than this system allows",
    }.get(exc.errno or 0)
    return what or f"{exc.strerror or exc}"


def write_all(
    outputs: dict[Path, bytes], inputs: Iterable[Path] = (), replaces: Iterable[Path] = ()
) -> list[Path]:
    """Write every file of ``outputs`` (path -> bytes), or none of them.

    Refuses, before writing anything, an output that is one of ``inputs``
    or of the files read so far in this command (unless it is in
    ``replaces``: ``deck import`` rewrites the deck it read), an output that
    is a folder, and two outputs that are the same file."""
    from zinemaker import files

    targets = [Path(p) for p in outputs]
    allowed = {os.path.realpath(p) for p in replaces}
    read = {os.path.realpath(p) for p in inputs} | files.read_so_far()
    seen: dict[str, Path] = {}
    read_ids = {i for i in map(_identity, read) if i is not None}  # a hard link is the same file by another name
    for target in targets:
        real = os.path.realpath(target)
        if (real in read or _identity(real) in read_ids - {_identity(a) for a in allowed}) and real not in allowed:
            raise ZinemakerError(
                "this is a file the command reads: writing it would destroy it; choose another output name",
                str(target),
            )
        if real in seen:
            raise ZinemakerError(f"two outputs would be the same file ({seen[real]} and {target})", str(target))
        seen[real] = target
        if os.path.isdir(target):
            raise ZinemakerError("a folder has this name, so the file cannot be written: choose another name", str(target))
        _replaceable(target, real, real in allowed)
    # Through a symlink to the file it names: the link stays a link (a rename
    # would put a file in its place, or, for /dev/stdout, over a device's).
    places = {t: Path(os.path.realpath(t)) if os.path.islink(t) else t for t in targets}
    temps: dict[Path, str] = {}
    try:
        for target, data in zip(targets, outputs.values(), strict=True):
            temps[target] = _temp(places[target], lambda fh, data=data: fh.write(data))
        interrupt.check()  # a Ctrl-C something swallowed still stops before any file is replaced
        done: list[Path] = []
        with interrupt.hold():
            for target in targets:
                try:
                    os.replace(temps[target], places[target])
                except OSError as exc:
                    shown = f"; {len(done)} of {len(targets)} were already written" if done else ""
                    raise ZinemakerError(f"could not write it ({_why(exc)}){shown}", str(target)) from None
                del temps[target]
                done.append(target)
                interrupt.written.append(str(target))
    finally:
        for tmp in temps.values():
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return targets


def _identity(path: str) -> tuple[int, int] | None:
    """The file a path names, as the system knows it (device and inode), or
    None where there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


#: Files a command's output must not be written over unless the command
#: means to (``replaces``): a person's own layouts, decks, texts, fonts and
#: pictures, named by mistake as where a PDF or CSV goes.
SOURCES = frozenset({".toml", ".yaml", ".yml", ".md", ".markdown", ".txt", ".ttf", ".otf", ".jpg", ".jpeg"})


def _replaceable(target: Path, real: str, meant: bool) -> None:
    """Refuse a target that exists and is not a file this output may replace:
    a device, a pipe or a socket (a rename would put a file in its place,
    and /dev/null is no more), or one of the person's own source files."""
    import stat

    try:
        st = os.stat(real)
    except OSError:
        return  # nothing there yet
    if not stat.S_ISREG(st.st_mode):
        raise ZinemakerError(
            "not a regular file (a device, pipe or socket), so nothing is written to it: name a file to write",
            str(target),
        )
    suffix = Path(real).suffix.lower()
    if not meant and suffix in SOURCES:
        raise ZinemakerError(
            f"this is a {suffix} file of yours: writing over it would destroy it; choose another output name",
            str(target),
        )


def _temp(target: Path, write: Callable[[BinaryIO], object]) -> str:
    """A complete temporary file beside ``target``; its name."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ZinemakerError(
            f"{_first_file(target.parent)} is a file, not a folder: choose another folder", str(target)
        ) from None
    except OSError as exc:
        raise ZinemakerError(f"could not make the folder {target.parent} ({_why(exc)}); nothing was changed", str(target)) from None
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".part", dir=target.parent)
        # mkstemp makes the file private; give it the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(exc, OSError):
            shown = str(target) if len(str(target)) <= 100 else str(target)[:60] + "..." + target.suffix
            raise ZinemakerError(f"could not write it ({_why(exc)}); nothing was changed", shown) from None
        raise
    return tmp


def _first_file(folder: Path) -> Path:
    for p in [*reversed(folder.parents), folder]:
        if p.exists() and not p.is_dir():
            return p
    return folder


def atomic_write(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call ``write`` with a temporary file, then move it to ``path``."""
    path = Path(path)
    tmp = _temp(path, write)
    try:
        interrupt.check()
        os.replace(tmp, path)
    except OSError as exc:
        raise ZinemakerError(f"could not write it ({_why(exc)})", str(path)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    return write_all({Path(path): data})[0]
