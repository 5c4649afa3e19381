"""A second core for work that can be done beside the rest.

A layout printed on Letter and A4 is typeset twice, and the two have
nothing to do with each other: on a machine with two cores or more, the
``zinemaker`` program typesets the second in a forked copy of itself while
the first is typeset here, and takes its bytes back through a pipe
(:class:`Later`). Work that must meet halfway is done by an object in the
copy, asked one call at a time (:class:`Beside`): a large deck's cards are
fitted in two halves that agree on one body size between their steps.

The copy is only ever a shortcut. It writes no file and prints nothing; if
it cannot be made, fails in any way (an error in the work, a signal, bad
data back), or there is no idle core (one core, or a machine busy with other
work: the load average says), the work is done here, in order, as it
would have been, so errors, warnings and output are the same. Ctrl-C ends
the copy at once (it keeps the default action for SIGINT) and the program
says its one line as always; a copy whose program has gone finds the pipe
closed and ends.

Only the program forks (:func:`zinemaker.program.run`, on Linux, with no
other thread running): a library call or a test's in-process run does the
work here unless it turns :data:`ENABLED` on.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from functools import partial
from typing import BinaryIO, Generic, TypeVar

T = TypeVar("T")
X = TypeVar("X")

#: Set by the program (and by tests): forking is allowed at all; and
#: whether to fork on two cores however busy they are (ZINEMAKER_JOBS=2).
ENABLED = False
ANY_LOAD = False
#: How much of a core the load average must leave free for a copy. Not a
#: whole one: the load average is of the last minute, so a build run just
#: before (this program's own, say) still counts in it for a while.
IDLE = 0.5
#: Copies running now: one at a time, for the second core.
_running = 0
#: What :meth:`Later.from_copy` gives when there is no result from a copy.
MISSING = object()


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def idle_cores() -> float:
    """About how many cores nothing else is using (from the load average:
    on a machine busy with other work a copy would only wait for a core,
    and cost the time it takes to start)."""
    try:
        return cores() - os.getloadavg()[0]
    except OSError:
        return 0.0


def can_fork() -> bool:
    """Whether work given to :class:`Later` now would go to a forked copy."""
    return (
        ENABLED
        and not _running
        and sys.platform.startswith("linux")
        and threading.active_count() == 1
        and cores() >= 2
        and (ANY_LOAD or idle_cores() >= IDLE)
    )


class Later(Generic[T]):
    """A result being made, in a forked copy if one could be started, or
    to be made here when asked for (:meth:`result`). The result must be
    something :mod:`pickle` can carry (bytes, built files, plans)."""

    def __init__(self, work: Callable[[], T], fork: bool = True) -> None:
        self.work = work
        self.pid: int | None = None
        self.pipe: int | None = None
        if fork and can_fork():
            self._start()

    def _start(self) -> None:
        global _running
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no memory or processes left: do it here
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the copy
            os.close(read)
            _child(self.work, write)
        os.close(write)
        self.pid, self.pipe = pid, read
        _running += 1

    def result(self) -> T:
        """The result: the copy's, or made here (also when the copy failed)."""
        got = self.from_copy()
        return self.work() if got is MISSING else got  # type: ignore[return-value]

    def from_copy(self) -> T | object:
        """The copy's result, its warnings said now as if made here; or
        :data:`MISSING` if there was no copy or it failed (the caller then
        does the work its own way, saying what it says as it goes)."""
        if self.pid is None:
            return MISSING
        got = self._collect()
        if got is None:
            return MISSING
        data, caught = got
        for message, category in caught:
            warnings.warn(message, category, stacklevel=2)  # as if made here, in order
        return data

    def _collect(self) -> tuple[T, list] | None:
        chunks = []
        assert self.pipe is not None and self.pid is not None
        try:
            while chunk := os.read(self.pipe, 1 << 20):
                chunks.append(chunk)
        except BaseException:  # Ctrl-C, SIGTERM: the copy goes too, at once
            self.cancel()
            raise
        os.close(self.pipe)
        self.pipe = None
        _, status = self._reap()
        if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            return None
        try:
            return pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - anything but a whole result back: do it here
            return None

    def cancel(self) -> None:
        """End the copy if it still runs (the program is stopping)."""
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.pipe is not None:
            os.close(self.pipe)
            self.pipe = None
        self._reap()

    def _reap(self) -> tuple[int, int]:
        global _running
        assert self.pid is not None
        got = os.waitpid(self.pid, 0)
        self.pid = None
        _running -= 1
        return got


def in_order(
    work: Callable[[X], T], items: list[X], before: Callable[[], None] | None = None
) -> Iterator[T]:
    """``work(item)`` for every item, in order, as each is wanted; the last
    one made meanwhile in a forked copy where there is a second core
    (``before`` first, to load once what both would). Close it
    (``contextlib.closing``) to end the copy when stopping early."""
    if len(items) > 1 and before is not None and can_fork():
        before()
    later = Later(partial(work, items[-1])) if len(items) > 1 else None
    try:
        for item in items[:-1] if later is not None else items:
            yield work(item)
        if later is not None:
            yield later.result()
    finally:
        if later is not None:
            later.cancel()


class Beside(Generic[T]):
    """An object made and worked in a forked copy, one call at a time, beside
    the program's own work: for work that meets the program's halfway (the
    cards of one deck, fitted in two halves, agree on one body size).

    :meth:`ask` starts a call (a method's name and its arguments) in the
    copy, :meth:`answer` takes its result, which must be something
    :mod:`pickle` can carry; the program works on meanwhile. With no copy,
    or when the copy fails at any call (an error, a signal, a warning, bad
    data back), the object is made here and every call asked of it so far
    is made again, in order: the answer is the one a single process gives,
    and what it says (errors, warnings) is said here, in its turn. Close it
    (:meth:`close`, or ``contextlib.closing``) to end the copy."""

    def __init__(self, make: Callable[[], T]) -> None:
        self.make = make
        self.asked: list[tuple[str, tuple]] = []  # every call, in order
        self.here: T | None = None  # made here: there is no copy, or it failed
        self.pid: int | None = None
        self.requests: BinaryIO | None = None  # the pipe calls go down
        self.answers: BinaryIO | None = None  # the pipe results come back up
        self.waiting = False  # a call asked and not yet answered
        if can_fork():
            self._start()

    def _start(self) -> None:
        global _running
        down, up = os.pipe(), os.pipe()
        _widen(up[1])
        try:
            pid = os.fork()
        except OSError:  # no memory or processes left: done here
            for fd in (*down, *up):
                os.close(fd)
            return
        if pid == 0:  # the copy
            os.close(down[1])
            os.close(up[0])
            _serve(self.make, open(down[0], "rb"), open(up[1], "wb"))  # noqa: SIM115 - ended by os._exit
        os.close(down[0])
        os.close(up[1])
        self.pid, self.requests, self.answers = pid, open(down[1], "wb"), open(up[0], "rb")  # noqa: SIM115
        _running += 1

    def ask(self, method: str, *args: object) -> None:
        """Start ``method(*args)`` in the copy (or note it, to be made here)."""
        assert not self.waiting, "one call at a time"
        self.asked.append((method, args))
        self.waiting = True
        if self.pid is not None:
            try:
                _send(self.requests, (method, args))  # type: ignore[arg-type]
            except OSError:  # the copy has gone: made here when the answer is wanted
                self.close()

    def answer(self) -> object:
        """The last call's result: the copy's, or made here."""
        assert self.waiting, "nothing asked"
        self.waiting = False
        if self.pid is not None:
            try:
                got = _receive(self.answers)  # type: ignore[arg-type]
            except BaseException:  # Ctrl-C, SIGTERM: the copy goes too, at once
                self.close()
                raise
            if got is not MISSING:
                return got
            self.close()  # failed: from here on, made here
        return self._here()

    def _here(self) -> object:
        if self.here is None:
            self.here = self.make()
            for method, args in self.asked[:-1]:  # where the copy had got to
                getattr(self.here, method)(*args)
        method, args = self.asked[-1]
        return getattr(self.here, method)(*args)

    def close(self) -> None:
        """End the copy, if it still runs."""
        global _running
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)  # done, or waiting for a call that will not come
        except ProcessLookupError:
            pass
        for pipe in (self.requests, self.answers):
            try:
                pipe.close()  # type: ignore[union-attr]
            except OSError:  # a call half sent to a copy that has gone
                pass
        os.waitpid(self.pid, 0)
        self.pid = self.requests = self.answers = None
        _running -= 1


def each(parts: list, method: str, *args: object) -> list:
    """``part.method(*args)`` for every part, in order, those that are
    :class:`Beside` meanwhile in their copies: their calls are asked first,
    then the rest made here, then their answers taken."""
    for part in parts:
        if isinstance(part, Beside):
            part.ask(method, *args)
    got = [None if isinstance(part, Beside) else getattr(part, method)(*args) for part in parts]
    return [part.answer() if isinstance(part, Beside) else mine for part, mine in zip(parts, got, strict=True)]


#: How much a copy may send back before the program reads it: a whole
#: thousand cards' fronts, so the copy sends while the program finishes its
#: own half, and the program reads them as they were sent.
PIPE = 1 << 20


def _widen(pipe: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE)
    except (ImportError, AttributeError, OSError):  # not Linux, or over the system's limit: as it is
        pass


def _send(pipe: BinaryIO, data: object) -> None:
    """One message down a pipe, pickled: written as it is pickled, frame by frame."""
    pickle.dump(data, pipe, pickle.HIGHEST_PROTOCOL)
    pipe.flush()


def _receive(pipe: BinaryIO) -> object:
    """One message up a pipe, unpickled as it arrives (a result of tens of
    megabytes is never held whole as bytes), or :data:`MISSING` if the other
    end has gone or sent anything but a whole message."""
    collecting = gc.isenabled()
    gc.disable()  # a result of many small objects, all kept: nothing for a collection to find
    try:
        return pickle.load(pipe)
    except Exception:  # noqa: BLE001 - anything but a whole result back: made here
        return MISSING
    finally:
        if collecting:
            gc.enable()


def _become_copy() -> None:
    """What a forked copy is, whatever its work: it makes no copies of its
    own, and Ctrl-C or a kill ends it at once (the program says the one
    line and cleans up)."""
    global ENABLED
    ENABLED = False
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _serve(make: Callable[[], object], requests: BinaryIO, answers: BinaryIO) -> None:
    """The copy of a :class:`Beside`: make the object, answer the calls
    asked of it until the program closes the pipe, and end without running
    anything of the program's. Anything it says (a warning) ends it: the
    program then makes the calls itself and says it in its turn."""
    code = 1
    # What the program had made is never collected here: walking it would
    # only copy its pages (each object's header is written to).
    gc.freeze()
    try:
        _become_copy()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            work = make()
            while (call := _receive(requests)) is not MISSING:
                method, args = call  # type: ignore[misc]
                data = getattr(work, method)(*args)
                if caught:
                    break
                _send(answers, data)
            else:
                code = 0
    except BaseException:  # noqa: BLE001, S110 - the program does the work itself then
        pass
    finally:
        os._exit(code)


def _child(work: Callable[[], object], pipe: int) -> None:
    """The forked copy: do the work, send it back, and end without running
    anything of the program's (no flushing of its streams, no handlers)."""
    code = 1
    try:
        _become_copy()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            data = work()
        payload = pickle.dumps((data, [(w.message, w.category) for w in caught]))
        view = memoryview(payload)
        while view:
            view = view[os.write(pipe, view) :]
        code = 0
    except BaseException:  # noqa: BLE001, S110 - the program does the work itself then
        pass
    finally:
        os._exit(code)
