"""Charts of a cold build are drawn by a drawer process started before the lay-out.

Builds run in fresh processes here: whether a drawer starts depends on what the
building process has imported (a process with matplotlib draws itself), and the
point is that the building process never imports matplotlib.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from deckgen.figures import DeckCharts, cache
from deckgen.figures.drawer import Drawer, DrawerGone

DECK = """
deck:
  title: "Charts"
  theme: lecture
slides:
  - title: "Growth"
    chart:
      type: bar
      categories: ["USA", "Europe", "Japan"]
      series: [{name: "2009", values: [6, 4, 1]}]
  - title: "Share"
    chart:
      type: pie
      categories: ["a", "b", "c"]
      series: [{values: [3, 2, 1]}]
  - title: "Trend"
    chart:
      type: line
      categories: ["2001", "2002", "2003", "2004"]
      series: [{name: "x", values: [1, 3, 2, 4]}, {name: "y", values: [2, 2, 3, 1]}]
  - title: "Words"
    bullets: ["one", "two"]
"""

BUILD = """
import json, os, sys
from pathlib import Path
if sys.argv[3] == "in-process":
    import matplotlib.figure  # a process that has matplotlib draws its charts itself
from deckgen.app.pipeline import Options, build
result = build(Path(sys.argv[1]), Options(output=Path(sys.argv[2])))
children = []
for task in Path(f"/proc/{os.getpid()}/task").iterdir():
    children += (task / "children").read_text().split()
print(json.dumps({"ok": result.ok, "errors": [p.format() for p in result.problems.errors],
                  "mpl": "matplotlib" in sys.modules, "figures": "deckgen.figures" in sys.modules,
                  "children": children}))
"""


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "deck.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def run_build(deck: Path, out: Path, cache_dir: Path, mode: str = "fresh") -> dict:
    env = {**os.environ, "DECKGEN_CACHE": str(cache_dir)}
    done = subprocess.run([sys.executable, "-c", BUILD, str(deck), str(out), mode],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr  # nothing said on the way (no font warnings)
    return json.loads(done.stdout.strip().splitlines()[-1])


def pngs(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "charts").rglob("*.png"))


def test_a_cold_build_draws_elsewhere_and_gives_the_bytes_of_drawing_in_process(tmp_path):
    deck = write(tmp_path / "deck", DECK)
    cold = run_build(deck, tmp_path / "cold.pptx", tmp_path / "cache-a")
    assert cold["ok"] and not cold["mpl"]  # the build process never imported matplotlib
    assert cold["children"] == []  # and left no process behind
    assert len(pngs(tmp_path / "cache-a")) == 3
    here = run_build(deck, tmp_path / "here.pptx", tmp_path / "cache-b", mode="in-process")
    assert here["ok"] and here["mpl"]
    assert (tmp_path / "cold.pptx").read_bytes() == (tmp_path / "here.pptx").read_bytes()
    for a, b in zip(pngs(tmp_path / "cache-a"), pngs(tmp_path / "cache-b"), strict=True):
        assert a.name == b.name and a.read_bytes() == b.read_bytes()


def test_the_cache_says_when_a_deck_will_draw(tmp_path, monkeypatch) -> None:
    deck = write(tmp_path / "deck", DECK)
    monkeypatch.setenv("DECKGEN_CACHE", str(tmp_path / "cache"))
    assert cache.likely_missing(deck, None)  # never built here
    run_build(deck, tmp_path / "a.pptx", tmp_path / "cache")
    assert not cache.likely_missing(deck, None)
    assert cache.likely_missing(deck, "keynote")  # another --theme: other pictures
    pngs(tmp_path / "cache")[1].unlink()
    assert cache.likely_missing(deck, None)
    again = run_build(deck, tmp_path / "b.pptx", tmp_path / "cache")
    assert again["ok"] and not again["mpl"] and len(pngs(tmp_path / "cache")) == 3
    assert not cache.likely_missing(deck, None)


def test_a_rebuild_with_every_chart_cached_imports_and_starts_nothing(tmp_path) -> None:
    deck = write(tmp_path / "deck", DECK)
    run_build(deck, tmp_path / "a.pptx", tmp_path / "cache")
    stamps = [p.stat().st_mtime_ns for p in pngs(tmp_path / "cache")]
    shutil.rmtree(tmp_path / "cache" / "builds", ignore_errors=True)  # a full build again
    again = run_build(deck, tmp_path / "b.pptx", tmp_path / "cache")
    assert again["ok"] and not again["mpl"] and again["children"] == []
    assert [p.stat().st_mtime_ns for p in pngs(tmp_path / "cache")] == stamps
    assert (tmp_path / "a.pptx").read_bytes() == (tmp_path / "b.pptx").read_bytes()


def test_a_deck_without_charts_never_loads_the_figures_stage(tmp_path) -> None:
    deck = write(tmp_path / "deck", """
        deck: {title: T}
        slides:
          - title: "Words"
            bullets: ["one"]
    """)
    got = run_build(deck, tmp_path / "a.pptx", tmp_path / "cache")
    assert got["ok"] and not got["figures"] and not got["mpl"]


def test_a_deck_that_fails_after_the_drawer_started_leaves_no_process(tmp_path) -> None:
    deck = write(tmp_path / "deck", DECK + """
  - title: "Missing"
    image: nowhere.png
    alt: "A picture that is not there"
""")
    got = run_build(deck, tmp_path / "a.pptx", tmp_path / "cache")
    assert not got["ok"] and any("nowhere.png" in e for e in got["errors"]), got
    assert got["children"] == [] and not got["mpl"]
    assert not (tmp_path / "a.pptx").exists()


def _jobs(tmp_path: Path) -> list:
    """The three chart jobs of DECK, as the lay-out makes them."""
    from deckgen.errors import Problems
    from deckgen.layout import plan_deck
    from deckgen.layout.plan import Picture
    from deckgen.model import validate
    from deckgen.model.themes import load_theme
    from deckgen.source.loader import load_deck

    source = load_deck(write(tmp_path / "deck", DECK))
    problems = Problems()
    validated = validate(source, problems)
    plans = plan_deck(validated, load_theme("lecture", source.root), problems, [source.root])
    return [e.chart for p in plans for e in p.elements if isinstance(e, Picture)]


def test_a_drawer_draws_side_by_side_in_the_order_given(tmp_path) -> None:
    from deckgen.figures import draw

    jobs = _jobs(tmp_path)
    drawer = Drawer(processes=2)
    drawer.send(jobs)
    drawn = drawer.receive()
    assert [png for png, _pid in drawn] == [draw.draw_png(job) for job in jobs]
    pids = {pid for _png, pid in drawn}
    assert len(pids) == 2 and os.getpid() not in pids
    for job, (png, _pid) in zip(jobs, drawn, strict=True):
        assert Image.open(io.BytesIO(png)).size == job.pixels


def test_a_killed_drawer_leaves_the_build_to_draw(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DECKGEN_CACHE", str(tmp_path / "cache"))
    jobs = _jobs(tmp_path)
    charts = DeckCharts(tmp_path / "deck" / "deck.yaml", None)
    charts.close()  # whichever drawer it started: this test's is killed before the jobs come
    charts.drawer = Drawer()
    os.kill(charts.drawer._proc.pid, signal.SIGKILL)
    charts.drawer._proc.join()
    charts.hand_over(jobs)
    pictures = charts.pictures()
    charts.close()
    assert sorted(pictures) == sorted(job.key() for job in jobs)
    assert all(cache.get(job.key()) == pictures[job.key()] for job in jobs)


def test_a_drawer_that_is_gone_says_so() -> None:
    drawer = Drawer()
    drawer.close()
    with pytest.raises(DrawerGone):
        drawer.send([])
