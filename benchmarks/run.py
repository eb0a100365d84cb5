"""deckgen against pandoc and a plain python-pptx script, in one run: ``make bench``.

Each tool runs as its own process, several times; the table shows the median
wall time, the CPU time and the peak memory of each (the child's own
``ru_maxrss`` from ``wait4``, its worker processes included), and the ratios
the targets are stated in.  Inputs are made here: a synthetic deck of N slides
mixing every kind, the same slides as pandoc Markdown and as data for the
python-pptx script, and the lecture deck in ``content/lecture`` converted the
same way.  Run ``python benchmarks/run.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import inputs  # noqa: E402

LECTURE = ROOT / "content" / "lecture" / "deck.yaml"
MAX_SLIDES = 1000  # deckgen.model.MAX_SLIDES; larger decks run through deckgen_uncapped.py


# --- running one process ------------------------------------------------------------------

@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float


@dataclass
class Measure:
    """Repeated runs of one command: medians of wall and CPU time, the largest peak memory."""

    samples: list[Sample] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)  # 1-minute load average after each run

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss(self) -> float:
        return max(s.rss_mb for s in self.samples)

    def cell(self) -> str:
        if not self.samples:
            return "–"
        return f"{_secs(self.wall)} ({_secs(self.cpu)} CPU), {self.rss:.0f} MB"


def _secs(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None,
        before: Any = None) -> Sample:
    """Run ``cmd`` to its end; its time and peak memory come from the kernel, not from it."""
    if before is not None:
        before()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            message = err.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{message}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def repeat(reps: int, cmd: list[str], **kw: Any) -> Measure:
    """``reps`` runs of ``cmd``."""
    return Measure([run(cmd, **kw) for _ in range(reps)])


def rounds(reps: int, jobs: dict[str, tuple[list[str], dict[str, Any]]]) -> dict[str, Measure]:
    """Run every command once per round, ``reps`` rounds: a change in the machine's load
    then falls on all of them alike, not on whichever happened to run last.  Every other
    round runs them in the opposite order (A B, B A, ...), so none always runs first."""
    measures = {name: Measure() for name in jobs}
    names = list(jobs)
    for number in range(reps):
        for name in names if number % 2 == 0 else names[::-1]:
            cmd, kw = jobs[name]
            measures[name].samples.append(run(cmd, **kw))
            measures[name].loads.append(os.getloadavg()[0])
    return measures


def paired(mine: Measure, other: Measure) -> float:
    """The median over rounds of mine / other, each round's two runs side by side.

    A load that rises or falls during the rounds moves both runs of a round alike,
    so this is steadier than the ratio of the two medians, which may come from
    different rounds.
    """
    return statistics.median(a.wall / b.wall for a, b in zip(mine.samples, other.samples,
                                                              strict=True))


def cpu_and_load(mine: Measure, other: Measure) -> str:
    """The CPU-time ratio and the load the rounds ran under, for the figure column.

    On a busy machine (Linux shares the processors between sessions, not processes)
    a build gains nothing from its second process, and the wall-time ratio tends to
    the CPU-time ratio.
    """
    loads = mine.loads + other.loads
    load = f", load {statistics.median(loads):.1f}" if loads else ""
    return f" (CPU {mine.cpu / other.cpu:.2f}{load})"


# --- the tools ----------------------------------------------------------------------------

def deckgen_cmd(*args: str) -> list[str]:
    """The ``deckgen`` command beside this Python, as a user runs it."""
    script = Path(sys.executable).parent / "deckgen"
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "deckgen", *args]


def pandoc_cmd(markdown: Path, out: Path) -> list[str]:
    return ["pandoc", str(markdown), "-o", str(out)]


def baseline_cmd(slides: Path, out: Path) -> list[str]:
    return [sys.executable, str(HERE / "baseline_pptx.py"), str(slides), str(out)]


def mpl_cmd(specs: Path, out: Path) -> list[str]:
    return [sys.executable, str(HERE / "mpl_charts.py"), str(specs), str(out)]


# --- inputs -------------------------------------------------------------------------------

@dataclass
class Inputs:
    """One deck in the three forms, and its charts' specs and pictures."""

    yaml: Path
    markdown: Path
    slides: Path
    specs: Path
    chart_dir: Path


def _chart_files(slides: list[dict[str, Any]], bases: list[Path], folder: Path
                 ) -> tuple[dict[str, Any], list[str]]:
    """Each chart's spec by name, and the picture of every chart slide in order."""
    specs: dict[str, Any] = {}
    pngs: list[str] = []
    for slide, base in zip(slides, bases, strict=True):
        if "chart" not in slide or slide.get("hidden") in (True, "true"):
            continue
        spec = _chart_data(slide["chart"], base)
        name = inputs.chart_key(spec)
        specs[name] = spec
        pngs.append(str(folder / f"{name}.png"))
    return specs, pngs


def _chart_data(chart: dict[str, Any], base: Path) -> dict[str, Any]:
    """A chart's numbers as plain data (CSV read; text numbers turned into numbers)."""
    import csv

    spec = json.loads(json.dumps(chart))
    if spec.get("data"):
        with open(base / spec.pop("data"), encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        spec["categories"] = [r[0] for r in rows[1:]]
        spec["series"] = [{"name": name, "values": [r[i + 1] for r in rows[1:]]}
                          for i, name in enumerate(rows[0][1:])]
    for series in spec.get("series") or []:
        series["values"] = [_number(v) for v in series["values"]]
    if spec.get("values"):
        spec["values"] = [[_number(v) for v in row] for row in spec["values"]]
    return spec


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def synthetic_inputs(folder: Path, count: int) -> Inputs:
    folder.mkdir(parents=True, exist_ok=True)
    inputs.write_images(folder / "images")
    deck = inputs.synthetic(count)
    bases = [folder] * len(deck["slides"])
    return _write_forms(deck, bases, folder, folder / "deck.yaml", write_yaml=True)


def lecture_inputs(folder: Path) -> Inputs:
    """The lecture deck as deckgen reads it (includes expanded), in the other two forms."""
    from deckgen.source.loader import load_deck

    source = load_deck(LECTURE)
    slides = source.data["slides"]
    bases = [Path(slides.where(i).file).resolve().parent for i in range(len(slides))]
    deck = {"deck": dict(source.data["deck"]), "slides": list(slides)}
    folder.mkdir(parents=True, exist_ok=True)
    return _write_forms(deck, bases, folder, LECTURE, write_yaml=False)


def _write_forms(deck: dict[str, Any], bases: list[Path], folder: Path, yaml_path: Path,
                 write_yaml: bool) -> Inputs:
    chart_dir = folder / "charts"
    specs, pngs = _chart_files(deck["slides"], bases, chart_dir)
    specs_path = folder / "charts.json"
    specs_path.write_text(json.dumps(specs), encoding="utf-8")
    if write_yaml:
        inputs.write_yaml(deck, yaml_path)
    inputs.write_markdown(deck, bases, pngs, folder / "deck.md")
    inputs.write_json(deck, bases, pngs, folder / "slides.json")
    if not all(Path(p).exists() for p in pngs):
        run(mpl_cmd(specs_path, chart_dir))
    return Inputs(yaml_path, folder / "deck.md", folder / "slides.json", specs_path, chart_dir)


# --- the benchmark ------------------------------------------------------------------------

@dataclass
class Row:
    work: str
    deckgen: Measure | None = None
    others: dict[str, Measure] = field(default_factory=dict)
    figure: str = ""  # the ratio or number the target is about
    target: str = ""
    met: bool | None = None


class Bench:
    def __init__(self, work: Path, reps: int, log: bool = True):
        self.work = work
        self.reps = reps
        # Rows whose figure is a ratio get more rounds, unless asked for a quick run.
        self.ratio_reps = reps if reps < 3 else max(reps, 5)
        self.cache = work / "cache"
        # Installed programs have their bytecode compiled; a machine that sets
        # PYTHONDONTWRITEBYTECODE would make every run compile deckgen from source.
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env["DECKGEN_CACHE"] = str(self.cache)
        self.rows: list[Row] = []
        self.log = log

    def say(self, text: str) -> None:
        if self.log:
            print(text, file=sys.stderr, flush=True)

    def deckgen(self, deck: Path, out: Path, reps: int | None = None, cold: bool = False,
                uncapped: bool = False) -> Measure:
        cmd, kw = self.deckgen_job(deck, out, cold, uncapped)
        return repeat(reps or self.reps, cmd, **kw)

    def deckgen_job(self, deck: Path, out: Path, cold: bool = False, uncapped: bool = False,
                    skip: bool = False) -> tuple[list[str], dict[str, Any]]:
        """A full build each run, unless ``skip``: then an unchanged deck is only checked."""
        before = self._empty_chart_cache if cold else None if skip else self._no_manifests
        args = ("build", str(deck), "-o", str(out), "-q")
        cmd = [sys.executable, str(HERE / "deckgen_uncapped.py"), *args] if uncapped \
            else deckgen_cmd(*args)
        return cmd, {"env": self.env, "before": before}

    def _empty_chart_cache(self) -> None:
        shutil.rmtree(self.cache / "charts", ignore_errors=True)
        self._no_manifests()

    def _no_manifests(self) -> None:
        """Forget what earlier builds wrote, so this one cannot be skipped as up to date."""
        shutil.rmtree(self.cache / "builds", ignore_errors=True)

    def synthetic(self, count: int, others: bool) -> Measure:
        self.say(f"-- {count} slides")
        folder = self.work / f"synthetic-{count}"
        made = synthetic_inputs(folder, count)
        out = folder / "out"
        out.mkdir(exist_ok=True)
        uncapped = count > MAX_SLIDES
        self.deckgen(made.yaml, out / "deckgen.pptx", reps=1, uncapped=uncapped)  # draws charts
        jobs = {"deckgen": self.deckgen_job(made.yaml, out / "deckgen.pptx", uncapped=uncapped)}
        if others:
            jobs["pandoc"] = (pandoc_cmd(made.markdown, out / "pandoc.pptx"), {"env": self.env})
            jobs["python-pptx"] = (baseline_cmd(made.slides, out / "python-pptx.pptx"),
                                   {"env": self.env})
        measured = rounds(self.ratio_reps if others else self.reps, jobs)
        mine = measured.pop("deckgen")
        row = Row(f"{count:,} slides" + (" (limit lifted)" if uncapped else ""), mine, measured)
        if others:
            ratios = {k: 1 / paired(mine, m) for k, m in row.others.items()}
            row.figure = ", ".join(f"{k} {v:.1f}x" for k, v in ratios.items())
            row.figure += f" (load {statistics.median(mine.loads):.1f})"
            if count == 1000:
                row.target = "pandoc >= 4x, python-pptx >= 3x; peak <= 200 MB"
                row.met = (ratios["pandoc"] >= 4 and ratios["python-pptx"] >= 3
                           and mine.rss <= 200)
        self.rows.append(row)
        return mine

    def native_charts(self, count: int) -> None:
        """The same ``count`` different charts drawn by PowerPoint (native) and as pictures.

        Both are built with an empty chart cache, round by round, so the pictures
        are drawn by matplotlib every time, as on a first build.
        """
        self.say(f"-- {count} charts, native and as pictures")
        folder = self.work / f"charts-{count}"
        slides = [{"title": f"Chart {i + 1}", "chart": inputs.chart_spec(i)}
                  for i in range(count)]
        decks = {}
        for mode in ("native", "picture"):
            decks[mode] = folder / f"{mode}.yaml"
            inputs.write_yaml({"deck": {"title": f"{count} charts", "charts": mode},
                               "slides": slides}, decks[mode])
        measured = rounds(self.ratio_reps, {
            mode: self.deckgen_job(deck, folder / f"{mode}.pptx", cold=True)
            for mode, deck in decks.items()})
        native, pictures = measured["native"], measured["picture"]
        self.rows.append(Row(f"{count} charts as pictures, empty chart cache", pictures))
        ratio = paired(native, pictures)
        self.rows.append(Row(f"{count} charts, native", native,
                             figure=f"native / pictures {ratio:.2f}", target="< 1",
                             met=ratio < 1))

    def linearity(self, small: Measure, large: Measure, counts: tuple[int, int]) -> None:
        """Linear growth means t(5n)/t(n) near 5; start-up cost makes it smaller."""
        ratio = large.wall / small.wall
        limit = 5.5 * counts[1] / counts[0] / 5
        self.rows.append(Row(f"t({counts[1]:,}) / t({counts[0]:,})", None,
                             figure=f"{ratio:.2f} (CPU {large.cpu / small.cpu:.2f})",
                             target=f"<= {limit:.1f}", met=ratio <= limit))

    def lecture(self) -> None:
        self.say("-- lecture deck")
        folder = self.work / "lecture"
        out = folder / "out"
        try:
            made = lecture_inputs(folder)
            out.mkdir(parents=True, exist_ok=True)
            self.deckgen(made.yaml, out / "deckgen.pptx", reps=1)
        except Exception as exc:  # the deck is being written: report, do not stop
            self.rows.append(Row("lecture deck", None, figure=f"does not build: {exc}"[:200]))
            return
        reps = self.ratio_reps
        measured = rounds(reps, {
            "deckgen": self.deckgen_job(made.yaml, out / "deckgen.pptx", skip=True),
            "pandoc": (pandoc_cmd(made.markdown, out / "pandoc.pptx"), {"env": self.env})})
        warm, pandoc = measured["deckgen"], measured["pandoc"]
        ratio = paired(warm, pandoc)
        self.rows.append(Row("lecture, nothing changed", warm, {"pandoc": pandoc},
                             f"deckgen / pandoc {ratio:.2f}" + cpu_and_load(warm, pandoc),
                             "<= 1.0", ratio <= 1.0))
        measured = rounds(reps, {
            "deckgen": self.deckgen_job(made.yaml, out / "deckgen.pptx", cold=True),
            "matplotlib": (mpl_cmd(made.specs, folder / "mpl-out"), {"env": self.env})})
        cold, mpl = measured["deckgen"], measured["matplotlib"]
        charts = len(json.loads(made.specs.read_text()))
        ratio = paired(cold, mpl)
        self.rows.append(Row(f"lecture, empty chart cache ({charts} charts)", cold,
                             {"matplotlib": mpl},
                             f"deckgen / matplotlib {ratio:.2f}" + cpu_and_load(cold, mpl),
                             "<= 1.3", ratio <= 1.3))
        self.startup(made.yaml)
        self.watch(made.yaml)
        self.serve(made.yaml)

    def startup(self, deck: Path) -> None:
        helped = repeat(max(self.reps, 5), deckgen_cmd("--help"), env=self.env)
        no_mpl = not _imports_matplotlib(deckgen_cmd("--help"), self.env)
        self.rows.append(Row("deckgen --help", helped, figure=f"{_secs(helped.wall)}, "
                             f"matplotlib {'not ' if no_mpl else ''}imported",
                             target="< 150 ms, no matplotlib",
                             met=helped.wall < 0.150 and no_mpl))
        checked = repeat(self.reps, deckgen_cmd("check", str(deck)), env=self.env)
        no_mpl = not _imports_matplotlib(deckgen_cmd("check", str(deck)), self.env)
        self.rows.append(Row("deckgen check (lecture)", checked,
                             figure=f"matplotlib {'not ' if no_mpl else ''}imported",
                             target="no matplotlib", met=no_mpl))

    def serve(self, deck: Path) -> None:
        """``deckgen serve``: a title edit to its picture on the page; preview with it running."""
        import serve_bench

        self.say("-- deckgen serve")
        try:
            got = serve_bench.measure(deck, self.work / "serve", self.env, edits=10,
                                      previews=max(1, min(self.reps, 3)))
        except Exception as exc:  # needs LibreOffice and python3-uno: report, do not stop
            self.rows.append(Row("serve, text edit to picture", None,
                                 figure=f"not measured: {exc}"[:200]))
            return
        self.rows.append(Row("serve, text edit to picture on the page (median of 10)", None,
                             figure=f"{_secs(got['edit'])} (slowest {_secs(got['edit_max'])})",
                             target="<= 1.5 s", met=got["edit"] <= 1.5))
        ratio = got["cold"] / got["warm"]
        self.rows.append(Row("preview (lecture) after a title edit, LibreOffice kept by serve,"
                             " against cold (no LibreOffice, empty slide cache)", None,
                             figure=f"{_secs(got['warm'])} vs cold {_secs(got['cold'])}: "
                                    f"{ratio:.1f}x faster", target=">= 3x", met=ratio >= 3))

    def watch(self, deck: Path) -> None:
        """A text-only edit under ``deckgen watch``: from the save to the rebuilt file."""
        try:
            times = watch_edit(deck, self.work / "watch", self.env, max(self.reps, 3))
        except Exception as exc:  # watch is optional for this table
            self.rows.append(Row("watch, text edit", None, figure=f"not measured: {exc}"[:200]))
            return
        saved = statistics.median(t[0] for t in times)
        built = statistics.median(t[1] for t in times)
        self.rows.append(Row("watch, text edit", None,
                             figure=f"save to file {_secs(saved)} (rebuild {_secs(built)})",
                             target="< 300 ms", met=saved < 0.300))


def _imports_matplotlib(cmd: list[str], env: dict[str, str]) -> bool:
    """Whether the command loads matplotlib (``python -X importtime`` lists every import)."""
    if Path(cmd[0]).name == "deckgen":
        cmd = [sys.executable, "-m", "deckgen", *cmd[1:]]
    probe = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], capture_output=True,
                           text=True, env=env, check=False)
    return any(line.split("|")[-1].strip() == "matplotlib"
               for line in probe.stderr.splitlines())


def watch_edit(deck: Path, folder: Path, env: dict[str, str], edits: int
               ) -> list[tuple[float, float]]:
    """(save-to-written, rebuild) seconds for ``edits`` text edits of a copy of the deck."""
    import re
    import select

    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(deck.parent, folder / "deck")
    copy = folder / "deck" / deck.name
    out = folder / "out.pptx"
    proc = subprocess.Popen(deckgen_cmd("watch", str(copy), "-o", str(out)), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _read_until(proc.stderr, "watching", 60)
        target = _first_text_file(copy)
        results = []
        for i in range(edits):
            text = target.read_text(encoding="utf-8")
            start = time.perf_counter()
            target.write_text(text + f"\n# edit {i}\n", encoding="utf-8")
            line = _read_until(proc.stdout, " wrote ", 30)
            saved = time.perf_counter() - start
            found = re.search(r"in (\d+) ms", line)
            results.append((saved, int(found.group(1)) / 1000 if found else saved))
            while select.select([proc.stdout], [], [], 0.3)[0]:
                proc.stdout.readline()
        return results
    finally:
        proc.terminate()
        proc.wait(10)


def _first_text_file(deck: Path) -> Path:
    """An included section file if there is one (what an author edits), else the deck."""
    sections = sorted((deck.parent / "sections").glob("*.yaml"))
    return sections[0] if sections else deck


def _read_until(stream: Any, needle: str, timeout: float) -> str:
    import select

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([stream], [], [], max(0.0, end - time.monotonic()))
        if ready:
            line = stream.readline()
            if not line:
                break
            if needle in line:
                return line
    raise TimeoutError(f"no '{needle.strip()}' within {timeout:.0f} s")


# --- the table ----------------------------------------------------------------------------

def table(rows: list[Row]) -> str:
    head = ["work", "deckgen", "pandoc", "python-pptx", "matplotlib alone", "figure", "target",
            "met"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in rows:
        cells = [row.work, row.deckgen.cell() if row.deckgen else "–",
                 *(row.others[k].cell() if k in row.others else "–"
                   for k in ("pandoc", "python-pptx", "matplotlib")),
                 row.figure, row.target,
                 "" if row.met is None else ("yes" if row.met else "**no**")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="one run of each instead of three (about a minute and a half)")
    parser.add_argument("--reps", type=int,
                        help="runs of each command, the median reported (default 3; rows whose"
                             " figure is a ratio run at least 5 rounds)")
    parser.add_argument("--sizes", default="45,1000,5000",
                        help="slide counts, comma-separated (default 45,1000,5000)")
    parser.add_argument("--others-up-to", type=int, default=1000,
                        help="run pandoc and python-pptx on decks up to this size (default 1000;"
                             " the python-pptx script grows quadratically)")
    parser.add_argument("--no-lecture", action="store_true", help="skip the lecture deck rows")
    parser.add_argument("--native-charts", type=int, default=100,
                        help="charts in the native-against-pictures decks (default 100; 0 skips"
                             " them)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench",
                        help="folder for inputs, outputs and the cache (default build/bench)")
    args = parser.parse_args(argv)
    if shutil.which("pandoc") is None:
        print("pandoc is not installed (make bench installs it)", file=sys.stderr)
        return 2
    reps = args.reps or (1 if args.quick else 3)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    bench = Bench(args.work, reps)
    args.work.mkdir(parents=True, exist_ok=True)
    measured: dict[int, Measure] = {}
    for count in sizes:
        measured[count] = bench.synthetic(count, others=count <= args.others_up_to)
    if 1000 in measured and 5000 in measured:
        bench.linearity(measured[1000], measured[5000], (1000, 5000))
    if args.native_charts > 0:
        bench.native_charts(args.native_charts)
    if not args.no_lecture:
        bench.lecture()
    text = table(bench.rows)
    versions = _versions()
    report = (f"{text}\n\n{versions}\nRows with ratios: {bench.ratio_reps} rounds, each tool"
              " once per round (in turn first), the times medians and the ratio the median"
              f" of each round's ratio; other rows: medians of {reps} runs."
              " CPU = user + system time; load = the 1-minute load average during the"
              " rounds.\n")
    (args.work / "results.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


def _versions() -> str:
    pandoc = subprocess.run(["pandoc", "--version"], capture_output=True, text=True,
                            check=False).stdout.splitlines()[:1]
    import platform

    return (f"{pandoc[0] if pandoc else 'pandoc ?'}; Python {platform.python_version()}; "
            f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    sys.exit(main())
