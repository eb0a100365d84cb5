"""Lay out a large deck on two cores: the second half of its slides in a forked copy.

Laying out is a third of a large build and pure Python, so one process uses
one core.  For a deck of :data:`MIN_SLIDES` or more, the build forks after the
title slide; the copy lays out the second half of the slides and sends its
:class:`~deckgen.layout.Portion` back through a pipe, while this process lays
out the first half.  Slides are laid out one by one whatever their neighbours,
so the halves joined are the plans of a laying out in one go, with two
exceptions that are checked, not assumed: a slide of the first half split onto
continuation slides moves every later number, and a warning given once a deck
may be given by both halves.  In either case, or if the copy fails in any way,
the second half is laid out again here, and the result is the same as ever.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from pathlib import Path

from deckgen.errors import Location, Problems
from deckgen.layout import Planner, Portion
from deckgen.layout.fonts import save_measurements
from deckgen.layout.plan import SlidePlan
from deckgen.layout.templates import DeckLayouts
from deckgen.model import PlacedSlide, Validated
from deckgen.model.themes import Theme

# Measured on 2 cores (wall time, median of 5): 100 slides 1.13 -> 1.07 s, 200 slides
# 1.45 -> 1.35 s, 400 slides 2.32 -> 2.04 s.  Below 200 the gain is within the noise,
# and a small deck's build keeps to one process.
MIN_SLIDES = 200

# A thread that may run beside a build (the progress bar on a terminal) is named
# QUIET_THREAD, touches nothing the lay-out uses, and writes to the terminal only
# while it holds WRITING; the fork holds WRITING too, so the copy never starts with
# the terminal's lock taken half-way through a line.  Any other thread prevents it.
QUIET_THREAD = "deckgen-progress"
WRITING = threading.RLock()


def plan_deck_parallel(validated: Validated, theme: Theme, problems: Problems,
                       roots: list[Path], notes: list[str] | None,
                       deck_layout: Location | None, layouts: DeckLayouts) -> list[SlidePlan]:
    """:func:`deckgen.layout.plan_deck`, on two cores when the deck is large enough."""
    planner = Planner(validated, theme, problems, roots, deck_layout, layouts)
    slides = validated.slides
    cover = planner.cover()
    half = len(slides) // 2
    # None: too small, no core or fork to spare, the bar's terminal is paused, or no
    # process could be started; the deck is laid out here in one run
    forked = _fork_second_half(planner, slides[half:]) if _can_fork(len(slides)) else None
    if forked is None:
        return planner.finish([cover, planner.run(slides)], problems, notes)
    reader, pid = forked
    try:
        first = planner.run(slides[:half])
    except BaseException:
        _stop(reader, pid)
        raise
    second = _receive(reader, pid)
    if second is None or first.parts or second.warned & (first.warned | cover.warned):
        # numbers moved, a warning given twice, or no answer: laid out here after all
        second = planner.run(slides[half:], before=first.parts)
    return planner.finish([cover, first, second], problems, notes)


def _can_fork(count: int) -> bool:
    """Large enough, a core to spare, and no other thread but a quiet one (a lock held by
    another thread would stay held for ever in the copy)."""
    here = threading.current_thread()
    others = [t for t in threading.enumerate() if t is not here and t.name != QUIET_THREAD]
    if count < MIN_SLIDES or not hasattr(os, "fork") or others:
        return False
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return len(cores) > 1 if cores is not None else (os.cpu_count() or 1) > 1


def _fork_second_half(planner: Planner, slides: list[PlacedSlide]) -> tuple[int, int] | None:
    """Start the copy; the read end of its pipe and its process id.  None when the bar
    has been writing for a while (a terminal paused with Ctrl-S holds its write)."""
    if not WRITING.acquire(timeout=0.5):
        return None
    try:
        reader, writer = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to be had (a limit, no memory): laid out here
            os.close(reader)
            os.close(writer)
            return None
    except OSError:  # no pipe to be had
        return None
    finally:
        WRITING.release()
    if pid == 0:  # the copy: lay out, keep the words measured, answer, and leave at once
        code = 1
        try:
            os.close(reader)
            portion = planner.run(slides)
            save_measurements()  # before answering: this process keeps them after it
            with os.fdopen(writer, "wb") as out:
                pickle.dump(portion, out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        except BaseException:  # noqa: BLE001 - any failure: this process lays it out again
            code = 1
        finally:
            os._exit(code)
    os.close(writer)
    return reader, pid


def _receive(reader: int, pid: int) -> Portion | None:
    """The copy's portion, or None if it failed in any way."""
    try:
        with os.fdopen(reader, "rb") as data:
            portion = pickle.load(data)
    except Exception:  # noqa: BLE001 - no answer, or a broken one
        portion = None
    with contextlib.suppress(ChildProcessError):
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            portion = None
    return portion if isinstance(portion, Portion) else None


def _stop(reader: int, pid: int) -> None:
    """End the copy when this half failed (a bug, Ctrl-C): nothing waits for its answer."""
    with contextlib.suppress(OSError):
        os.close(reader)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
