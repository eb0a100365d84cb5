"""A large deck laid out on two cores gives what laying it out in one process gives.

:mod:`deckgen.app.parallel` lays out the second half of a large deck in a
forked copy.  Each test lays a deck out both ways and compares plans,
problems (with their slide numbers and lines) and ``-v`` notes, for the
cases where the halves are not independent: a slide of the first half split
onto continuation slides, a once-a-deck warning met in both halves, a hidden
slide, and a copy that fails.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from conftest import CRAMPED_THEME, write
from deckgen.app import parallel
from deckgen.errors import Problems
from deckgen.layout import Planner, plan_deck
from deckgen.layout.templates import deck_layouts
from deckgen.model import validate
from deckgen.model.themes import load_theme
from deckgen.source.loader import load_deck


def _deck(folder: Path, count: int, *, split_at: int | None = None, theme: str = "scholar",
          hidden_at: int | None = None) -> Path:
    """``count`` slides of a few kinds, some overflowing (warnings in both halves)."""
    lines = [f"deck: {{title: Big deck, theme: {theme}, footer: '{{{{title}}}}'}}", "slides:"]
    for i in range(count):
        if i == split_at:
            lines.append(f"  - title: Long list {i}\n    continue: true\n    bullets:")
            lines.extend(f"      - item {j} of a list that is far too long for one slide"
                         for j in range(40))
        elif i % 7 == 3:  # too much text: a located warning
            lines.append(f"  - title: Crowded {i}\n    bullets:")
            lines.extend(f"      - {'a very long sentence that goes on ' * 6}{j}"
                         for j in range(12))
        elif i % 5 == 0:
            lines.append(f"  - title: Table {i}\n    table: {{rows: [[a, b], [{i}, {i * 2}]]}}")
        else:
            lines.append(f"  - title: Slide {i}\n    notes: Say {i}.\n    bullets: [one, two]")
        if i == hidden_at:
            lines.append("    hidden: true")
    return write(folder, "\n".join(lines) + "\n")


def _both(deck: Path) -> tuple[tuple, tuple]:
    """(plans, problems, notes) laid out in one process, and on two."""
    source = load_deck(deck)
    validated = validate(source, Problems())
    assert validated is not None
    theme = load_theme(validated.meta.theme, source.root, None)
    out = []
    for lay_out in ("serial", "parallel"):
        problems, notes = Problems(), []
        layouts = deck_layouts(theme, problems)
        if lay_out == "serial":
            plans = plan_deck(validated, theme, problems, [source.root], notes, None, layouts)
        else:
            plans = parallel.plan_deck_parallel(validated, theme, problems, [source.root], notes,
                                                None, layouts)
        out.append((plans, [p.format() for p in problems], notes))
    return out[0], out[1]


def test_a_large_deck_on_two_cores_is_laid_out_as_on_one(tmp_path: Path) -> None:
    serial, two = _both(_deck(tmp_path, 260, hidden_at=200))
    assert two == serial
    plans, problems, _notes = two
    assert len(plans) == 260  # the title slide, 258 shown, one hidden
    # the second half's own warning, numbered past the hidden slide
    assert any('slide 242 "Crowded 241"' in p for p in problems), problems[-3:]


def test_the_copy_answers_with_the_second_half(tmp_path: Path) -> None:
    """The forked copy's portion is the one this process would lay out, whatever the
    machine's cores (the deck is laid out on two only where there are two)."""
    source = load_deck(_deck(tmp_path, 40))
    validated = validate(source, Problems())
    theme = load_theme(validated.meta.theme, source.root, None)
    planner = Planner(validated, theme, Problems(), [source.root])
    planner.cover()
    reader, pid = parallel._fork_second_half(planner, validated.slides[20:])
    answer = parallel._receive(reader, pid)
    assert answer is not None and answer.plans
    assert answer == planner.run(validated.slides[20:])


def test_a_split_in_the_first_half_moves_the_numbers_after_it(tmp_path: Path) -> None:
    serial, two = _both(_deck(tmp_path, 240, split_at=10))
    assert two == serial
    numbers = [e.number for p in two[0] for e in p.elements if type(e).__name__ == "Field"]
    assert numbers == list(range(2, len(two[0]) + 1))  # the title slide shows none


def test_a_once_a_deck_warning_met_in_both_halves_is_said_once(tmp_path: Path) -> None:
    write(tmp_path, CRAMPED_THEME, "cramped.yaml")
    serial, two = _both(_deck(tmp_path, 220, theme="cramped.yaml"))
    assert two == serial
    roomless = [p for p in two[1] if "leaves no room" in p]
    assert roomless and len(roomless) == len(set(p.split("'")[-2] for p in roomless))


def test_a_copy_that_fails_costs_time_not_the_result(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise OSError("the pipe broke")

    monkeypatch.setattr(parallel.pickle, "dump", broken)
    serial, two = _both(_deck(tmp_path, 220))
    assert two == serial


def test_no_copy_is_left_behind(tmp_path: Path) -> None:
    _both(_deck(tmp_path, 220))
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_the_progress_bar_thread_does_not_stop_the_fork_but_another_thread_does() -> None:
    import threading

    from deckgen.app.batch import Progress

    alone = parallel._can_fork(1000)
    with Progress(1, enabled=True):
        assert parallel._can_fork(1000) == alone
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not parallel._can_fork(1000)
    finally:
        stop.set()
        other.join()


def test_a_large_build_at_a_terminal_with_its_bar_ends_with_the_same_file(tmp_path: Path) -> None:
    """On a terminal the bar's thread draws while the lay-out forks: the build neither
    hangs nor differs from one without a terminal."""
    import pty
    import subprocess
    import sys

    deck = _deck(tmp_path, 300)
    env = {**os.environ, "COLUMNS": "80"}
    plain = subprocess.run([sys.executable, "-m", "deckgen", "build", str(deck), "-o",
                            str(tmp_path / "plain.pptx")], capture_output=True, env=env,
                           timeout=120)
    assert plain.returncode == 0, plain.stderr
    controller, terminal = pty.openpty()
    try:
        shown = subprocess.run([sys.executable, "-m", "deckgen", "build", str(deck), "-o",
                                str(tmp_path / "bar.pptx")], stdin=subprocess.DEVNULL,
                               stdout=terminal, stderr=terminal, env=env, timeout=120)
        os.close(terminal)
        drawn = b""
        with contextlib.suppress(OSError):
            while chunk := os.read(controller, 65536):
                drawn += chunk
    finally:
        os.close(controller)
    assert shown.returncode == 0, drawn
    assert b"0/1 decks" in drawn, drawn  # the bar was drawn while the deck was built
    assert (tmp_path / "bar.pptx").read_bytes() == (tmp_path / "plain.pptx").read_bytes()


def test_a_bar_stuck_on_a_paused_terminal_does_not_hold_the_build(tmp_path: Path) -> None:
    """Ctrl-S on the terminal blocks the bar's write while it holds the lock the fork
    takes: the build does not wait for it, it lays the deck out in one process."""
    import threading

    held, done = threading.Event(), threading.Event()

    def stuck_bar() -> None:
        with parallel.WRITING:
            held.set()
            done.wait(30)

    bar = threading.Thread(target=stuck_bar, name=parallel.QUIET_THREAD)
    bar.start()
    held.wait()
    try:
        serial, two = _both(_deck(tmp_path, 220))
    finally:
        done.set()
        bar.join()
    assert two == serial
