"""A process that gets matplotlib ready while the deck is laid out, then draws its charts.

On a build whose charts are not in the cache, importing matplotlib takes about
as long as laying out a forty-slide deck, and drawing each chart about a third
of that again.  The pipeline knows that a deck has charts, and that they are
likely to be missing (:func:`deckgen.figures.cache.likely_missing`), long
before the lay-out has given them their sizes.  It starts a :class:`Drawer`
then: the drawer imports matplotlib on another core while this one lays the
deck out (and of the lay-out stage, only the few modules drawing uses: see
:func:`bare_packages`).  When the jobs arrive it forks copies of itself, already
warm, so the pictures are drawn side by side and no process imports
matplotlib twice.

Fork is used only while the building process has one thread (as for the
chart pool); otherwise the drawer is spawned, which still overlaps its
imports with the lay-out.  The drawer and its copies die with their parent
(:mod:`deckgen.figures.lifeline`) and ignore Ctrl-C, which is the parent's to
handle.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from typing import TYPE_CHECKING, Any, Optional

from deckgen.figures.lifeline import die_with_parent

if TYPE_CHECKING:  # started before the lay-out stage is imported; it imports it while warming
    from deckgen.layout.charts.job import ChartJob

Drawn = tuple[bytes, int]  # a PNG and the process that drew it


class DrawerGone(Exception):
    """The drawer process died or closed its end: draw the jobs some other way."""


class Drawer:
    """A warm drawing process, started before the jobs are known; used at most once."""

    def __init__(self, processes: Optional[int] = None) -> None:
        ctx = fork_or_spawn()
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, os.getpid(), processes),
                                 name="deckgen-charts", daemon=True)
        self._proc.start()
        child.close()
        self._sent = False

    def send(self, jobs: list[ChartJob]) -> None:
        """Hand over the jobs; their pictures are collected by :meth:`receive`."""
        if self._sent:
            raise RuntimeError("a drawer draws one set of jobs")
        self._sent = True
        try:
            self._conn.send(jobs)
        except OSError as exc:  # BrokenPipeError: it died while warming up
            raise DrawerGone(str(exc)) from exc

    def receive(self) -> list[Drawn]:
        """The pictures of the jobs sent, in their order; a drawing error is raised here."""
        try:
            answer = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise DrawerGone(str(exc)) from exc
        finally:
            self.close()
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def close(self) -> None:
        """Stop the drawer, at whatever point it is; nothing of it outlives this call."""
        with contextlib.suppress(OSError):
            self._conn.close()
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join()


def fork_or_spawn() -> Any:
    """Fork when this process has one thread: a child starts at once, with what this
    process imported.  With other threads about, one may hold a lock at the moment of
    the fork that the child then waits for forever: spawn."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# --- in the drawer process ----------------------------------------------------------------

def _serve(conn: Any, parent: int, processes: Optional[int]) -> None:
    """Warm up, wait for the jobs (or for the end of the pipe), draw them, answer.

    A drawer that cannot warm up goes away: the build then draws the charts itself.
    """
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        warm_up()
    except Exception:  # noqa: BLE001 - the build finds the pipe closed and draws them
        return
    try:
        jobs = conn.recv()
    except (EOFError, OSError):
        return  # every chart was in the cache after all
    try:
        answer: Any = side_by_side(jobs, processes or _processes())
    except Exception as exc:  # noqa: BLE001 - handed back to be raised in the build
        answer = _sendable(exc)
    with contextlib.suppress(OSError):
        conn.send(answer)


# Packages whose ``__init__`` drawing does not need: they import every slide kind, the
# deck model and pydantic (most of a second core's time before the jobs come), while
# the drawing code uses only leaf modules of them (charts.job, charts.fmt, fonts, ...).
_BARE = ("deckgen.model", "deckgen.layout", "deckgen.layout.charts")


def bare_packages() -> None:
    """Make the packages of ``_BARE`` that are not imported yet importable without running
    their ``__init__``: importing ``deckgen.layout.charts.job`` then runs that one file.

    Only in the drawer, which was forked (or spawned) before the build imported them
    and never lays anything out.
    """
    import importlib.util
    import sys

    for name in _BARE:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or spec.submodule_search_locations is None:
            return
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        setattr(sys.modules[parent], child, module)


def warm() -> None:
    """Import matplotlib and the drawing code now (watch mode), not on the first changed chart."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import matplotlib.font_manager  # noqa: F401
    import matplotlib.ticker  # noqa: F401

    import deckgen.figures.draw  # noqa: F401


def warm_up() -> None:
    """Import what drawing needs, and nothing of the lay-out stage it does not.

    Drawing a throw-away figure as well would load the default font and the PNG
    encoder early, but it costs more than the first real chart then saves.
    """
    bare_packages()
    warm()
    import fontTools.ttLib  # noqa: F401  (line heights of the theme's fonts)


def _processes() -> int:
    """How many processes draw: one more than there are cores, on an idle machine.

    The build waits idle meanwhile, and with few charts (three on two cores) the
    last one would otherwise start only when a whole chart is drawn.  On a machine
    kept busy by other work (a load average half as high again as its cores; a
    build's own processes alone stay below that), copies only share out the
    processor time this one gets, each paying again for its first chart (about a
    tenth of a second): the drawer draws alone.
    """
    cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0] >= cores * 1.5
    except OSError:  # no load average on this system
        busy = False
    return 1 if busy else cores + 1


def side_by_side(jobs: list[ChartJob], processes: int) -> list[Drawn]:
    """Every job drawn, by this process and up to ``processes - 1`` forked copies of it.

    Each process takes the next job not yet taken, so a slow chart does not hold
    up the others; the pictures come back in the order of ``jobs``.
    """
    from deckgen.figures import draw

    count = max(1, min(processes, len(jobs)))
    if count == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [draw.render_in_worker(job) for job in jobs]
    draw.ready(jobs)
    taken = multiprocessing.get_context("fork").Value("i", 0)
    helpers = [_fork_helper(jobs, taken) for _ in range(count - 1)]
    found = dict(_take(jobs, taken))
    for pid, conn in helpers:
        try:
            got = conn.recv()
        except (EOFError, OSError):
            got = []  # it died: whatever it took is drawn below
        conn.close()
        os.waitpid(pid, 0)
        if isinstance(got, BaseException):
            raise got
        found.update(got)
    return [found[i] if i in found else draw.render_in_worker(job)
            for i, job in enumerate(jobs)]


def _take(jobs: list[ChartJob], taken: Any) -> list[tuple[int, Drawn]]:
    """Draw the next job no process has taken, until none is left."""
    from deckgen.figures import draw

    done = []
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value += 1
        if index >= len(jobs):
            return done
        done.append((index, draw.render_in_worker(jobs[index])))


def _fork_helper(jobs: list[ChartJob], taken: Any) -> tuple[int, Any]:
    """A copy of this (warm) process drawing jobs until none is left: its pid and the pipe
    its pictures come back on.  A plain fork: a multiprocessing child of the drawer could
    not have children of its own."""
    mine, theirs = multiprocessing.Pipe(duplex=False)
    parent = os.getpid()
    pid = os.fork()
    if pid:
        theirs.close()
        return pid, mine
    status = 1
    try:
        mine.close()
        die_with_parent(parent)
        try:
            answer: Any = _take(jobs, taken)
        except Exception as exc:  # noqa: BLE001 - handed back to be raised in the build
            answer = _sendable(exc)
        theirs.send(answer)
        status = 0
    finally:
        os._exit(status)


def _sendable(exc: BaseException) -> BaseException:
    """The exception itself when it can cross a pipe, else one that says what it was."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
