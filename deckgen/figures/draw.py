"""Draw a :class:`ChartJob` with matplotlib, in the theme's type and colours.

Only this module and the chart type modules touch matplotlib, and only when a
picture is missing from the cache.  Everything runs in a local
``rc_context`` so one chart's settings never leak into the next, text is never
read as mathtext (``US$ 10 vs US$ 64`` stays literal), the figure has the
box's exact aspect and constrained layout keeps every label inside it.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import os
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, Optional

from deckgen.layout.charts import fmt
from deckgen.layout.charts.colours import Colours
from deckgen.layout.charts.job import ChartJob, Style
from deckgen.layout.fonts import Measurer, line_height_em
from deckgen.model.colours import readable_on

_FAMILIES: dict[str, str] = {}  # font file -> family name registered with matplotlib
_PAD_PT = 4.0  # space constrained layout keeps around the figure's contents
SMALLEST = 0.6  # of the chart text size: the floor for names squeezed onto an axis
THIN_FROM = 12  # categories; fewer are all named, turned if need be

# A theme's fallback font (an emoji font) usually has no bold: for each bold label
# matplotlib would say on stderr that it takes the regular weight, which is what is wanted.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


def draw_png(job: ChartJob) -> bytes:
    """The chart as PNG bytes; the same job always gives the same bytes."""
    with warnings.catch_warnings():
        # A box the theme left no room for (warned of, at the slide, during lay-out) is
        # too small for any layout; matplotlib would say so on stderr.
        warnings.filterwarnings("ignore", "constrained_layout not applied", UserWarning)
        with drawn(job, settle=False) as fig:
            out = io.BytesIO()
            fig.savefig(out, format="png", dpi=job.dpi, transparent=job.transparent,
                        metadata={"Software": None}, pil_kwargs={"optimize": False})
    return out.getvalue()


def ready(jobs: Sequence[ChartJob]) -> None:
    """Load what drawing the jobs needs beyond one figure: their fonts registered with
    matplotlib, their measures, the chart types.  Processes forked afterwards share it
    instead of each loading it for its first chart."""
    from deckgen.figures.types import TYPES  # noqa: F401

    for style in {job.style for job in jobs}:
        _rc_fonts(style)
        Measurer(style.east_asian_family).width_em("0", style.font)
        line_height_em(style.font)


def render_in_worker(job: ChartJob) -> tuple[bytes, int]:
    """Pool entry point: the picture and the process that drew it."""
    return draw_png(job), os.getpid()


@contextlib.contextmanager
def drawn(job: ChartJob, settle: bool = True) -> Iterator[Any]:
    """The figure for ``job``, valid inside the ``with`` block.

    With ``settle`` it is laid out first, so the positions of its texts can be
    inspected (saving lays it out anyway).
    """
    import matplotlib

    with matplotlib.rc_context(_rc(job)):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from deckgen.figures.types import TYPES

        fig = Figure(figsize=(job.width / 72, job.height / 72), dpi=job.dpi,
                     layout="constrained")
        FigureCanvasAgg(fig)
        fig.get_layout_engine().set(w_pad=_PAD_PT / 72, h_pad=_PAD_PT / 72,
                                    wspace=0, hspace=0)
        ax = fig.add_subplot()
        TYPES[job.type].draw(Painter(job, fig, ax))
        if settle:
            fig.draw_without_rendering()
        yield fig


def _rc(job: ChartJob) -> dict[str, Any]:
    from cycler import cycler

    s = job.style
    families = _rc_fonts(s)
    return {
        "text.parse_math": False,
        "text.usetex": False,
        "axes.formatter.use_mathtext": False,
        "axes.unicode_minus": True,
        "font.family": families,
        "font.size": s.size,
        "text.color": s.text,
        "axes.labelcolor": s.text,
        "axes.labelsize": s.size,
        "xtick.color": s.muted,
        "ytick.color": s.muted,
        "xtick.labelcolor": s.text,
        "ytick.labelcolor": s.text,
        "xtick.labelsize": s.size,
        "ytick.labelsize": s.size,
        "axes.edgecolor": s.grid,
        "axes.linewidth": 0.9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=list(s.palette)),
        # The slide's own colour behind the chart (a picture background shows through):
        # no edge of the picture can be seen, and no viewer has to blend transparency.
        "axes.facecolor": "none",
        "figure.facecolor": "none" if job.transparent else s.background,
        "savefig.facecolor": "none" if job.transparent else s.background,
        "grid.color": s.grid,
        "grid.linewidth": 0.7,
        "legend.frameon": False,
        "legend.fontsize": s.size,
        "legend.labelcolor": s.text,
        "hatch.color": s.grid,
        "svg.hashsalt": "deckgen",
    }


def _rc_fonts(s: Style) -> list[str]:
    """The font families of a chart's text, each font file registered with matplotlib."""
    fallbacks = [name for name in map(_family, s.fallbacks) if name]
    families = [_family(s.font), _family(s.east_asian), *fallbacks, "DejaVu Sans"]
    _family(s.font_bold)
    return families


def _family(path: str) -> str:
    """Register a font file with matplotlib once; return its family name.

    "" for a font matplotlib cannot draw with (a bitmap-only colour emoji
    font): a theme's fallbacks name one for slides and a scalable one for charts.
    """
    if path not in _FAMILIES:
        from matplotlib import font_manager

        try:
            font_manager.fontManager.addfont(path)
            _FAMILIES[path] = font_manager.FontProperties(fname=path).get_name()
        except (NotImplementedError, RuntimeError, OSError, ValueError):
            _FAMILIES[path] = ""
            return ""
        cached = getattr(font_manager.fontManager, "_findfont_cached", None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()  # a family looked up before it was added must be found now
    return _FAMILIES[path]


class Painter:
    """What every chart type draws with: colours, number formats, axes and labels."""

    def __init__(self, job: ChartJob, fig: Any, ax: Any):
        self.job, self.fig, self.ax = job, fig, ax
        self.style = job.style
        self.size = job.style.size
        self.small = job.style.size * 0.9
        values = [v for s in job.series for v in s.values]
        self.places = fmt.decimals(values)
        self.measure = Measurer(job.style.east_asian_family)
        self.colours = Colours(job)  # shared with the native charts: the same colours
        self.hl_categories = self.colours.hl_categories
        self.hl_series = self.colours.hl_series

    # --- colours ---------------------------------------------------------------
    def series_colour(self, i: int) -> str:
        return self.colours.series_colour(i)

    def muted_tone(self, i: int = 0, count: int = 3) -> str:
        return self.colours.muted_tone(i, count)

    def colour(self, i: int, j: Optional[int] = None) -> str:
        return self.colours.colour(i, j)

    def highlighted(self, i: int, j: Optional[int] = None) -> bool:
        return self.colours.highlighted(i, j)

    def text_on(self, fill: str) -> str:
        return readable_on(fill, self.style.text, self.style.on_accent)

    # --- numbers ---------------------------------------------------------------
    def value_text(self, v: float) -> str:
        return fmt.value(v, self.job.unit, self.places)

    def tick_formatter(self, places: Optional[int] = None) -> Any:
        """Tick numbers with as many decimals as the finest tick needs, all alike (0.5, 1.0)."""
        from matplotlib.ticker import Formatter

        unit = self.job.unit if fmt.unit_on_ticks(self.job.unit) else ""

        class Ticks(Formatter):
            shared: Optional[int] = places

            def format_ticks(self, values: Sequence[float]) -> list[str]:
                if places is None:
                    self.shared = fmt.decimals(values)
                return [self(v, i) for i, v in enumerate(values)]

            def __call__(self, v: float, pos: Any = None) -> str:
                d = self.shared if self.shared is not None else fmt.decimals([v])
                return fmt.with_unit(fmt.number(v, d), unit)

        return Ticks()

    # --- text measure ----------------------------------------------------------
    def width(self, text: str, size: Optional[float] = None) -> float:
        """Width in points of one line of ``text`` in the body font."""
        size = size or self.size
        return max((self.measure.width_em(line, self.style.font) for line in text.split("\n")),
                   default=0.0) * size

    def line_height(self, size: Optional[float] = None) -> float:
        return line_height_em(self.style.font) * (size or self.size)

    def wrap(self, text: str, width: float, size: Optional[float] = None) -> str:
        """Break ``text`` into lines no wider than ``width`` (at spaces, or between CJK)."""
        size = size or self.size
        lines: list[str] = []
        current = ""
        for piece in _pieces(text):
            trial = current + piece
            if current and self.width(trial.rstrip(), size) > width:
                lines.append(current.rstrip())
                current = piece.lstrip()
            else:
                current = trial
        if current.strip():
            lines.append(current.rstrip())
        return "\n".join(lines) or text

    # --- axes ------------------------------------------------------------------
    def value_axis(self, which: str = "y", label: Optional[str] = None,
                   places: Optional[int] = None) -> None:
        """The axis that carries numbers: light grid, no line, unit on ticks or label."""
        ax = self.ax
        axis = ax.yaxis if which == "y" else ax.xaxis
        axis.set_major_formatter(self.tick_formatter(places))
        axis.set_major_locator(_locator())
        ax.grid(True, axis=which, zorder=0)
        ax.set_axisbelow(True)
        ax.tick_params(axis=which, length=0, pad=self.size * 0.4)
        ax.spines["left" if which == "y" else "bottom"].set_visible(False)
        text = fmt.axis_label(label, self.job.unit)
        if text:
            (ax.set_ylabel if which == "y" else ax.set_xlabel)(
                self.wrap(text, self.job.height * 0.8 if which == "y" else self.job.width * 0.8),
                labelpad=self.size * 0.5)

    def category_axis(self, which: str = "x", positions: Optional[Sequence[float]] = None,
                      label: Optional[str] = None, thin: bool = False,
                      top: bool = False) -> None:
        """Category names that fit: wrapped, thinned where allowed, or rotated; never clipped."""
        ax = self.ax
        texts = list(self.job.categories)
        positions = list(positions if positions is not None else range(len(texts)))
        ax.tick_params(axis=which, length=0, pad=self.size * 0.45)
        if which == "y":
            wrapped, size = self.fit_rows(texts, self.job.height * 0.78 / max(len(texts), 1))
            self._bold_highlighted(self._name(ax.yaxis, positions, wrapped, size))
            if label:
                ax.set_ylabel(self.wrap(label, self.job.height * 0.8), labelpad=self.size * 0.5)
            return
        slot = self.plot_width() / max(len(texts), 1)
        shown, rotation, size = self._fit_x(texts, slot, thin)
        labels = self._name(ax.xaxis, positions, shown, size)
        if rotation:
            for _j, t in labels:
                t.set_rotation(rotation)
                t.set_rotation_mode("anchor")
                t.set_horizontalalignment("left" if top else "right")
                t.set_verticalalignment("center")
        self._bold_highlighted(labels)
        if label:
            ax.set_xlabel(self.wrap(label, self.job.width * 0.8), labelpad=self.size * 0.5)

    def fit_rows(self, texts: Sequence[str], slot: float) -> tuple[list[str], float]:
        """Names stacked down an axis, ``slot`` points apart: wrapped, then smaller, and
        when even the smallest size cannot hold them all, every k-th (as on a turned axis)."""
        lines = max(1, int(slot // (self.line_height() * 1.02)))
        for share in (0.28, 0.4):
            wrapped = self._wrapped(texts, self.job.width * share, None, lines)
            if wrapped is not None:
                return wrapped, self.size
        wrapped = [self.wrap(t, self.job.width * 0.4) for t in texts]
        most = max(w.count("\n") + 1 for w in wrapped)
        size = slot / (most * line_height_em(self.style.font) * 1.02)
        if size >= self.size * SMALLEST:
            return wrapped, min(size, self.size)
        step = _every(self.size * SMALLEST / size, most)  # too many to name: every k-th
        return [w if k % step == 0 else "" for k, w in enumerate(wrapped)], self.size * SMALLEST

    def _fit_x(self, texts: list[str], slot: float,
               thin: bool) -> tuple[list[str], float, float]:
        """(labels, rotation, size): wrapped into the slot, else every k-th, else turned."""
        wrapped = self._wrapped(texts, slot * 0.92, slot * 0.96, 3)
        if wrapped is not None:
            return wrapped, 0.0, self.size
        if thin and len(texts) > THIN_FROM:  # a long series (years): every k-th name is enough
            for step in _steps(len(texts)):
                wide = self._wrapped(texts[::step], slot * step * 0.9, slot * step * 0.95, 2)
                if wide is not None:
                    shown = [""] * len(texts)
                    shown[::step] = wide
                    return shown, 0.0, self.size
        return self._turned(texts, slot)

    def _turned(self, texts: list[str], slot: float) -> tuple[list[str], float, float]:
        """Turned names: the gentlest angle at which neighbours keep apart, smaller if need be.

        Turned lines of text stand ``slot * sin(angle)`` apart, which bounds how
        many lines a name may take; its length is bounded by the height it may use.
        """
        height = self.job.height * 0.4
        for angle in (35.0, 60.0, 90.0):
            sin = math.sin(math.radians(angle))
            lines = int(slot * sin // (self.line_height() * 1.05))
            turned = self._wrapped(texts, height / sin, None, lines) if lines >= 1 else None
            if turned is not None:
                return turned, angle, self.size
        turned = [self.wrap(t, height) for t in texts]
        most = max(w.count("\n") + 1 for w in turned)
        size = slot / (most * line_height_em(self.style.font) * 1.05)
        if size >= self.size * SMALLEST:
            return turned, 90.0, min(size, self.size)
        step = _every(self.size * SMALLEST / size, most)  # too many to name: every k-th
        shown = [w if k % step == 0 else "" for k, w in enumerate(turned)]
        return shown, 90.0, self.size * SMALLEST

    def _wrapped(self, texts: Sequence[str], width: float, room: Optional[float],
                 lines: int) -> Optional[list[str]]:
        """Every text wrapped to ``width``, or None at the first that takes ``lines`` lines
        or more (or is wider than ``room``): a crowded axis is given up on at its first
        misfit, so 2,000 names cost a few wraps per try, not 2,000."""
        out = []
        for text in texts:
            wrapped = self.wrap(text, width)
            if wrapped.count("\n") >= lines or (room is not None and self.width(wrapped) > room):
                return None
            out.append(wrapped)
        return out

    def _fits(self, text: str, width: float, lines: int) -> bool:
        return text.count("\n") < lines and self.width(text) <= width

    @staticmethod
    def _name(axis: Any, positions: Sequence[float], names: Sequence[str],
              size: float) -> list[tuple[int, Any]]:
        """Ticks only where a name is shown: a thinned axis of 2,000 categories draws
        the few names it shows, not 2,000 empty labels.  Returns (category, label) pairs."""
        kept = [j for j, name in enumerate(names) if name]
        axis.set_ticks([positions[j] for j in kept], [names[j] for j in kept], fontsize=size)
        return list(zip(kept, axis.get_ticklabels(), strict=False))

    def _bold_highlighted(self, labels: Sequence[tuple[int, Any]]) -> None:
        for j, label in labels:
            if j in self.hl_categories:
                label.set_fontweight("bold")
                label.set_color(self.style.accent)

    def plot_width(self) -> float:
        """Estimated width of the plotting area in points, before layout."""
        if self.job.type == "heatmap":
            rows = [s.name for s in self.job.series]
            names, size = self.fit_rows(rows, self.job.height * 0.8 / max(len(rows), 1))
            side = max((self.width(n, size) for n in names), default=0.0) + self.size
        else:
            values = [abs(v) for s in self.job.series for v in s.values if v is not None]
            tick = fmt.value(max(values or [0.0]), self.job.unit, self.places)
            side = self.width(tick) + self.size * 1.5
        if self.job.y_label:
            side += self.line_height() * 1.5
        return max(self.job.width - side - 2 * _PAD_PT, self.job.width * 0.3)

    def headroom(self, axis: str = "y", share: float = 0.12) -> None:
        """Room past the largest value for its label, so no label leaves the axes."""
        ax = self.ax
        low, high = ax.get_ylim() if axis == "y" else ax.get_xlim()
        span = (high - low) or 1.0
        low = low - span * share if low < 0 else low
        high = high + span * share if high > 0 else high
        (ax.set_ylim if axis == "y" else ax.set_xlim)(low, high)

    def legend(self, handles: Sequence[Any], names: Sequence[str], right: bool = False) -> None:
        """Series names above the plot (or at its right), in as few rows as fit."""
        if not handles:
            return
        kw: dict[str, Any] = {"handlelength": 1.2, "handleheight": 0.9,
                              "columnspacing": 1.4, "borderaxespad": 0.2}
        if right:
            self._legend_right(handles, names, kw)
            return
        room = self.job.width - 2 * _PAD_PT
        widths = [self.width(n) + self.size * 3.0 for n in names]
        ncols = len(names)
        while ncols > 1 and max(sum(widths[k:k + ncols]) for k in range(0, len(widths), ncols)
                                ) > room:
            ncols -= 1
        wrapped = [self.wrap(n, room / ncols - self.size * 3.0) for n in names]
        self.fig.legend(handles, wrapped, loc="outside upper left", ncols=ncols, **kw)

    def _legend_right(self, handles: Sequence[Any], names: Sequence[str],
                      kw: dict[str, Any]) -> None:
        """Beside a round plot: next to it when the box has room, else at the box's edge."""
        wrapped = [self.wrap(n, self.job.width * 0.3) for n in names]
        lines = sum(w.count("\n") + 1 for w in wrapped)
        rows = max(1, int((self.job.height - 2 * _PAD_PT) // (self.line_height() * 1.25)))
        kw["ncols"] = math.ceil(lines / rows)  # a long list of names goes into columns
        need = (max(self.width(n) for n in wrapped) + self.size * 3.0) * kw["ncols"]
        side = self.job.height - 2 * _PAD_PT
        spare = (self.job.width - 2 * _PAD_PT - side) / 2
        if need < spare * 0.9:
            self.ax.legend(handles, wrapped, loc="center left", bbox_to_anchor=(1.0, 0.5), **kw)
        else:
            self.fig.legend(handles, wrapped, loc="outside right center", **kw)

    def annotate(self, text: str, xy: tuple[float, float], offset: tuple[float, float],
                 **kw: Any) -> Any:
        kw.setdefault("fontsize", self.small)
        kw.setdefault("color", self.style.text)
        return self.ax.annotate(text, xy, xytext=offset, textcoords="offset points",
                                annotation_clip=False, **kw)


def _every(shrink: float, lines: int) -> int:
    """The k of every k-th name when names of ``lines`` lines would have to shrink by
    ``shrink`` to all fit: one blank line between two names, so they are told apart."""
    return max(2, math.ceil(shrink * (lines + 1) / lines))


def _steps(count: int) -> Iterator[int]:
    """Every k-th name to try on a thinned axis: 2 to 10, then round steps (12, 15, 20,
    25, 30, 40, 50, 60, 75, 100, ...) up to ``count``, so the tries stay few however
    long the series."""
    yield from range(2, min(10, count) + 1)
    scale = 10
    while True:
        for share in (1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 10):
            step = round(share * scale)
            if step >= count:
                if count > 10:
                    yield count
                return
            yield step
        scale *= 10


def _locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10])


def _pieces(text: str) -> list[str]:
    """Words with their trailing space, and single CJK characters (which break anywhere)."""
    from deckgen.layout.fonts import is_wide

    out: list[str] = []
    word = ""
    for char in text:
        if is_wide(char):
            if word:
                out.append(word)
                word = ""
            out.append(char)
        elif char == " ":
            word += char
            out.append(word)
            word = ""
        else:
            if word.endswith(" "):
                out.append(word)
                word = ""
            word += char
    if word:
        out.append(word)
    return out
