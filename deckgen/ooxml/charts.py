"""Native charts: a chart PowerPoint draws itself, its numbers in an embedded workbook.

A :class:`~deckgen.layout.plan.NativeChart` becomes three things here, and
only here: the slide's ``p:graphicFrame`` (returned as text, like every other
shape the serializer writes), a chart part, and the Excel workbook embedded
in it, so "Edit Data" in PowerPoint opens the deck's numbers.

python-pptx writes the chart's data (series, categories, the caches and the
cell references into the workbook); everything about its look is then set
from the job's style, the same theme values and highlight rules the picture
charts use (:class:`~deckgen.layout.charts.colours.Colours`,
:mod:`~deckgen.layout.charts.fmt`).  Two things python-pptx gets wrong for a
valid, reproducible package are put right: its axis ids are negative, which
the schema forbids (``c:axId`` is an unsignedInt), and xlsxwriter stamps the
workbook with the time it was made.  Strings are written to the workbook as
strings, never read as formulas or links, since a deck may come from anyone.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from typing import Any, Optional

from pptx.chart.axis import ValueAxis
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LEGEND_POSITION,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.enum.chart import XL_MARKER_STYLE as MARKER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.parts.chart import ChartPart
from pptx.util import Pt

from deckgen.layout.charts import fmt
from deckgen.layout.charts.colours import Colours
from deckgen.layout.charts.job import ChartJob
from deckgen.layout.charts.points import line_labels, numeric_categories
from deckgen.layout.plan import NativeChart, emu
from deckgen.model.colours import readable_on
from deckgen.ooxml.package import attr

CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
WORKBOOK_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)  # never the clock
LABEL_SCALE = 0.9  # value labels are a little smaller than the chart's text, as in the pictures
GRID_WIDTH = 0.7  # points, as the pictures' grid and axis lines
AXIS_WIDTH = 0.9
DONUT_HOLE = 58  # per cent of the radius: the picture's donut (figures/types/donut.py)
SMALL_SHARE = 0.06  # wedges smaller than this have their value outside, as in the pictures
_LINE = {True: 2.6, False: 1.8}  # line widths in points: strong (or unhighlighted), set back
_MARKER = {True: 0.36, False: 0.28}  # marker diameters, in units of the chart's text size
_DOT = 0.75  # scatter dots, likewise
_TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "barh": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked-bar": XL_CHART_TYPE.COLUMN_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "area": XL_CHART_TYPE.AREA,
    "pie": XL_CHART_TYPE.PIE,
    "donut": XL_CHART_TYPE.DOUGHNUT,
    "scatter": XL_CHART_TYPE.XY_SCATTER,
}
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def chart_frame(slide_part: Any, element: NativeChart, shape_id: int) -> str:
    """The slide's graphic frame for ``element``; its chart part is added to the package."""
    chart_part = chart_part_for(element, slide_part.package)
    rId = slide_part.relate_to(chart_part, RT.CHART)
    x, y, w, h = emu(element.box.x), emu(element.box.y), emu(element.box.w), emu(element.box.h)
    return (f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" '
            f'name="{attr(element.name)}" descr="{attr(element.alt)}"/><p:cNvGraphicFramePr>'
            '<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/>'
            f'</p:nvGraphicFramePr><p:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/>'
            f'</p:xfrm><a:graphic><a:graphicData uri="{CHART_URI}"><c:chart '
            f'xmlns:c="{CHART_URI}" r:id="{rId}"/></a:graphicData></a:graphic></p:graphicFrame>')


def chart_part_for(element: NativeChart, package: Any) -> Any:
    """A chart part holding the job's data and look, with its workbook embedded."""
    job = element.chart
    look = _Look(job, element)
    data, kind = _data(job, look)
    part = ChartPart.load(package.next_partname(ChartPart.partname_template), CT.DML_CHART,
                          package, data.xml_bytes(kind))
    _style(part.chart, job, look, kind)
    _positive_axis_ids(part._element)
    x_name = None
    if kind == XL_CHART_TYPE.XY_SCATTER:
        x_name = job.x_label or (job.series[0].name if len(job.series) == 2 else None)
    part.chart_workbook.update_from_xlsx_blob(workbook(data, x_name))
    return part


def workbook(data: Any, x_name: Optional[str] = None) -> bytes:
    """The chart's numbers as an .xlsx, laid out where python-pptx's references point.

    The same data gives the same bytes: fixed document times (xlsxwriter
    already fixes the zip entries' times), and text stays text.  A scatter's
    x column is headed by ``x_name`` (python-pptx leaves that cell empty).
    """
    from xlsxwriter import Workbook

    out = io.BytesIO()
    book = Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                          "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"created": WORKBOOK_TIME})
    sheet = book.add_worksheet()
    data._workbook_writer._populate_worksheet(book, sheet)  # python-pptx's own layout
    if x_name:
        sheet.write_string(0, 0, x_name)
    book.close()
    return out.getvalue()


# --- what the chart shows -------------------------------------------------------------------
class _Look:
    """What every part of one chart is drawn with: its colours, label format and text."""

    def __init__(self, job: ChartJob, element: NativeChart):
        self.job = job
        self.colours = Colours(job)
        places = fmt.decimals(v for s in job.series for v in s.values)  # as the pictures' labels
        self.label_code = number_code(places, job.unit)
        self.size = job.style.size
        self.fonts = (element.font, element.east_asian, element.font)  # latin, east asian, cs
        self.language = element.language

    def rpr(self, tag: str, size: float, colour: str, bold: bool = False) -> str:
        """Run properties: size, weight, colour and the three typefaces, as the slides set them."""
        latin, east_asian, complex_script = (attr(f) for f in self.fonts)
        return (f'<a:{tag} lang="{attr(self.language)}" sz="{int(round(size * 100))}" '
                f'b="{1 if bold else 0}"><a:solidFill><a:srgbClr val="{colour[1:]}"/>'
                f'</a:solidFill><a:latin typeface="{latin}"/><a:ea typeface="{east_asian}"/>'
                f'<a:cs typeface="{complex_script}"/></a:{tag}>')

    def tx_pr(self, size: float, colour: str, bold: bool = False) -> str:
        default = self.rpr("defRPr", size, colour, bold)
        return (f"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{default}</a:pPr>"
                f'<a:endParaRPr lang="{attr(self.language)}"/></a:p></c:txPr>')


def number_code(places: int, unit: str) -> str:
    """An Excel number format showing values as the pictures do: ``#,##0.0"%"``, ``"$"#,##0``.

    The unit goes where :func:`deckgen.layout.charts.fmt.with_unit` puts it,
    and a negative value takes the typographic minus, as in the pictures.
    """
    number = "#,##0" + ("." + "0" * places if places else "")
    sections = []
    for sign in ("", "\u2212"):
        before, after = fmt.with_unit(sign + "\0", unit).split("\0")
        sections.append(_literal(before) + number + _literal(after))
    return ";".join(sections)


def _literal(text: str) -> str:
    """``text`` quoted as literal characters of a number format (a quote mark escaped)."""
    return '"' + text.replace('"', '"\\""') + '"' if text else ""


def _data(job: ChartJob, look: _Look) -> tuple[Any, Any]:
    """python-pptx chart data for the job, and the chart type it is drawn as."""
    if job.type == "scatter":
        numeric = numeric_categories(job.categories)
        if len(job.series) == 2 or numeric:
            return _xy_data(job, look, numeric), XL_CHART_TYPE.XY_SCATTER
        kind = XL_CHART_TYPE.LINE_MARKERS  # points over named categories: a line without line
    else:
        kind = _TYPES[job.type]
    data = CategoryChartData(number_format=look.label_code)
    data.categories = list(job.categories)
    for i, series in enumerate(job.series):
        data.add_series(series.name or f"Series {i + 1}", list(series.values))
    return data, kind


def _xy_data(job: ChartJob, look: _Look, numeric: list[float]) -> XyChartData:
    data = XyChartData(number_format="General")
    if len(job.series) == 2:
        xs, ys = job.series[0].values, job.series[1].values
        name = job.series[1].name or "Series 1"
    else:
        xs, ys = tuple(numeric), job.series[0].values
        name = job.series[0].name or "Series 1"
    series = data.add_series(name, number_format=look.label_code)
    for x, y in zip(xs, ys, strict=False):
        if x is not None and y is not None:
            series.add_data_point(x, y)
    return data


def _present(values: Sequence[Optional[float]]) -> int:
    return sum(1 for v in values if v is not None)


def _kept_points(job: ChartJob) -> list[int]:
    """Which categories an XY chart has a point for, in order (gaps have none)."""
    if len(job.series) == 2:
        xs, ys = job.series[0].values, job.series[1].values
        return [j for j, (x, y) in enumerate(zip(xs, ys, strict=False))
                if x is not None and y is not None]
    return [j for j, y in enumerate(job.series[0].values) if y is not None]


# --- the look ---------------------------------------------------------------------------------
def _style(chart: Any, job: ChartJob, look: _Look, kind: Any) -> None:
    chart.has_title = False  # the slide's title says it; a lone series would title itself
    space = chart._chartSpace
    _replace(space.get_or_add_txPr(), look.tx_pr(look.size, job.style.text))
    space.get_or_add_txPr().addprevious(parse_xml(_no_fill("c:spPr")))
    space.chart.plotArea.append(parse_xml(_no_fill("c:spPr")))
    if job.type in ("pie", "donut"):
        _round(chart, job, look)
    elif kind == XL_CHART_TYPE.XY_SCATTER:
        _xy(chart, job, look)
    else:
        _categorical(chart, job, look, kind)
    _legend(chart, job, look, kind)


def _no_fill(tag: str) -> str:
    return f"<{tag} {nsdecls('c', 'a')}><a:noFill/><a:ln><a:noFill/></a:ln></{tag}>"


def _replace(target: Any, xml: str) -> None:
    """Give ``target`` the children of the element written as ``xml``."""
    source = parse_xml(xml.replace(">", f" {nsdecls('c', 'a')}>", 1))
    for child in list(target):
        target.remove(child)
    for child in list(source):
        target.append(child)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour[1:])


def _fill(fill_format: Any, colour: str) -> None:
    fill_format.solid()
    fill_format.fore_color.rgb = _rgb(colour)


def _line(line_format: Any, colour: str, width: float) -> None:
    line_format.color.rgb = _rgb(colour)
    line_format.width = Pt(width)


def _categorical(chart: Any, job: ChartJob, look: _Look, kind: Any) -> None:
    """Bars, lines, areas and points over named categories."""
    horizontal = job.type == "barh"
    value_label = job.x_label if horizontal else (
        job.y_label or (job.series[0].name if job.type == "scatter" else None))
    _value_axis(chart.value_axis, look, value_label, not horizontal, _axis_values(job),
                zero=job.type in ("bar", "barh", "stacked-bar", "area"))
    _category_axis(chart.category_axis, look, job.y_label if horizontal else job.x_label,
                   rotate=horizontal)
    if horizontal:  # the first category at the top, as it is read; the values stay below
        chart.category_axis.reverse_order = True
        # a value axis's c:crosses says where on the category axis it sits: the last one
        chart.value_axis._element.find(qn("c:crosses")).set("val", "max")
    plot = chart.plots[0]
    if job.type in ("bar", "barh", "stacked-bar"):
        _bars(plot, job, look)
    elif job.type in ("line", "area"):
        _lines(plot, job, look, area=job.type == "area")
    else:
        _dots(plot, job, look)


def _axis_values(job: ChartJob) -> list[float]:
    """What the value axis must reach: every value, or for stacks each stack's two ends."""
    if job.type != "stacked-bar":
        return [v for s in job.series for v in s.values if v is not None]
    ends = []
    for j in range(len(job.categories)):
        column = [s.values[j] for s in job.series if s.values[j] is not None]
        ends += [sum(v for v in column if v > 0), sum(v for v in column if v < 0)]
    return ends


def _value_axis(axis: Any, look: _Look, label: Optional[str], rotate: bool,
                values: Sequence[float], zero: bool, plain: bool = False) -> None:
    """The axis that carries numbers: light grid, no line, unit on ticks or in its title.

    Its step is the pictures' (at most five steps of 1, 2, 2.5 or 5 times a power
    of ten) and fixed, so the tick labels' decimals are known: left to the
    viewer, a finer step would show 0.5 and 1.0 as "1" and "1".  A ``plain``
    axis (a scatter's x) has no unit, and years are written without a separator.
    """
    style = look.job.style
    axis.has_major_gridlines = True
    _line(axis.major_gridlines.format.line, style.grid, GRID_WIDTH)
    axis.format.line.fill.background()
    _ticks(axis, look)
    present = [v for v in values if v is not None and math.isfinite(v)]
    step = tick_step(present, zero) if present else None
    axis.major_unit = step  # no values at all: the viewer's own axis
    unit = "" if plain or not fmt.unit_on_ticks(look.job.unit) else look.job.unit
    years = bool(plain and present) and all(
        float(v).is_integer() and 1000 <= v <= 2999 for v in present)
    places = fmt.decimals([step]) if step else 0
    axis.tick_labels.number_format = "0" if years else number_code(places, unit)
    axis.tick_labels.number_format_is_linked = False
    _title(axis, look, label if plain else fmt.axis_label(label, look.job.unit), rotate)


def tick_step(values: Sequence[float], zero: bool) -> float:
    """The step between value ticks: about five of them over the axis's likely range.

    Bars and areas start at zero (``zero``); lines and points do where their
    values are not bunched far from it, as PowerPoint decides.
    """
    low, high = min(values), max(values)
    if zero or (low >= 0 and low < high * 5 / 6) or (high <= 0 and high > low * 5 / 6):
        low, high = min(low, 0.0), max(high, 0.0)
    span = (high - low) or abs(high) or 1.0
    raw = span / 5
    scale = 10.0 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * scale >= raw * (1 - 1e-9):
            return float(f"{multiple * scale:.12g}")
    return 10 * scale  # pragma: no cover - the loop always returns


def _category_axis(axis: Any, look: _Look, label: Optional[str], rotate: bool) -> None:
    """Names along a muted line; with values below zero the line is the zero line and
    the names stay at the plot's edge, clear of the bars."""
    axis.has_major_gridlines = False
    _line(axis.format.line, look.job.style.muted, AXIS_WIDTH)
    _ticks(axis, look)
    axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    _title(axis, look, label, rotate)


def _ticks(axis: Any, look: _Look) -> None:
    axis.major_tick_mark = XL_TICK_MARK.NONE
    axis.minor_tick_mark = XL_TICK_MARK.NONE
    _replace(axis._element.get_or_add_txPr(), look.tx_pr(look.size, look.job.style.text))


def _title(axis: Any, look: _Look, label: Optional[str], rotate: bool) -> None:
    if not label:
        axis.has_title = False
        return
    body = '<a:bodyPr rot="-5400000" vert="horz"/>' if rotate else "<a:bodyPr/>"
    colour = look.job.style.text
    default, run = look.rpr("defRPr", look.size, colour), look.rpr("rPr", look.size, colour)
    xml = (f"<c:title><c:tx><c:rich>{body}<a:lstStyle/><a:p><a:pPr>{default}</a:pPr><a:r>{run}"
           f"<a:t>{label.translate(_TEXT_ESCAPES)}</a:t></a:r></a:p></c:rich></c:tx>"
           '<c:overlay val="0"/></c:title>')
    _replace(axis._element.get_or_add_title(), xml)


def _bars(plot: Any, job: ChartJob, look: _Look) -> None:
    """Bar widths as in the pictures; colours per bar where a highlight picks categories."""
    n, k = len(job.categories), len(job.series)
    stacked = job.type == "stacked-bar"
    group = min(0.78, 0.3 + 0.12 * n)  # share of a category's slot, as figures/types/_bars.py
    bar = group * 0.94 / (1 if stacked else k)
    cluster = bar if stacked else k * bar + (k - 1) * 0.06 * bar
    plot.gap_width = max(0, min(500, round((1 - cluster) / bar * 100)))
    plot.overlap = 100 if stacked else -6
    plot.vary_by_categories = False
    colours = look.colours
    for i, series in enumerate(plot.series):
        _fill(series.format.fill, colours.colour(i))
        series.format.line.fill.background()
        series.invert_if_negative = False
        if colours.hl_categories:
            for j in range(n):
                _fill(series.points[j].format.fill, colours.colour(i, j))
        position = "ctr" if stacked else "outEnd"
        chosen = [j for j, v in enumerate(job.series[i].values) if v is not None and (
            job.labels or colours.highlighted(i, j))]
        inside = colours.colour(i) if stacked else None
        _labels(series._element, look, chosen, _present(job.series[i].values), position,
                bold=lambda j, i=i: colours.highlighted(i, j), on=inside)


def _lines(plot: Any, job: ChartJob, look: _Look, area: bool) -> None:
    """Lines (or filled areas) in series colours; the highlighted series strong, others quiet."""
    colours, style = look.colours, job.style
    for i, series in enumerate(plot.series):
        colour = colours.colour(i)
        strong = i in colours.hl_series or not colours.hl_series
        _line(series.format.line, colour, _LINE[strong])
        if area:
            _fill(series.format.fill, colour)
            _alpha(series._element, 0.3 if len(job.series) == 1 else 0.16)
        else:
            series.smooth = False
            _marker(series.marker, colour, look.size * _MARKER[strong])
            for j in sorted(colours.hl_categories):
                _marker(series.points[j].marker, style.accent, look.size * 0.55)
        chosen, right = line_labels(job, i, colours.hl_series, colours.hl_categories)
        _labels(series._element, look, chosen, _present(job.series[i].values),
                "r" if right else "t",
                bold=lambda j, i=i: colours.highlighted(i, j))


def _dots(plot: Any, job: ChartJob, look: _Look) -> None:
    """One series of points over named categories: markers, no line."""
    colours = look.colours
    series = plot.series[0]
    series.format.line.fill.background()
    series.smooth = False
    _marker(series.marker, colours.point(-1), look.size * _DOT * (0.8 if colours.hl_categories
                                                                  else 1))
    for j in sorted(colours.hl_categories):
        _marker(series.points[j].marker, colours.point(j), look.size * _DOT)
    chosen = [j for j, v in enumerate(job.series[0].values) if v is not None and (
        job.labels or j in colours.hl_categories)]
    _labels(series._element, look, chosen, _present(job.series[0].values), "t",
            bold=lambda j: j in colours.hl_categories)


def _xy(chart: Any, job: ChartJob, look: _Look) -> None:
    """Points at (x, y): two series as x and y, or one against numeric categories."""
    pairs = len(job.series) == 2
    y_name = job.y_label or (job.series[1].name if pairs else job.series[0].name) or None
    x_name = job.x_label or (job.series[0].name if pairs else "") or None
    axes = chart._chartSpace.chart.plotArea.valAx_lst
    x_axis, y_axis = ValueAxis(axes[0]), ValueAxis(axes[1])
    kept = _kept_points(job)
    xs = job.series[0].values if pairs else numeric_categories(job.categories)
    ys = job.series[1].values if pairs else job.series[0].values
    _value_axis(y_axis, look, y_name, True, [ys[j] for j in kept], zero=False)
    _value_axis(x_axis, look, x_name, False, [xs[j] for j in kept], zero=False, plain=True)
    _line(x_axis.format.line, job.style.muted, AXIS_WIDTH)
    for axis in (x_axis, y_axis):  # names at the plot's edges even when zero is inside
        axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    colours = look.colours
    series = chart.plots[0].series[0]
    series.format.line.fill.background()
    strong = not colours.hl_categories
    _marker(series.marker, colours.point(-1), look.size * _DOT * (1 if strong else 0.8))
    chosen = []
    for index, j in enumerate(kept):
        if j in colours.hl_categories:
            _marker(series.points[index].marker, colours.point(j), look.size * _DOT)
        if job.labels or j in colours.hl_categories:
            chosen.append(index)
    names = [job.categories[j] for j in kept] if pairs else None
    _labels(series._element, look, chosen, len(kept), "r" if pairs else "t",
            bold=lambda index: kept[index] in colours.hl_categories, texts=names)


def _round(chart: Any, job: ChartJob, look: _Look) -> None:
    """Pie and donut: a colour per wedge, edged in the slide's colour; values inside."""
    colours, style = look.colours, job.style
    plot = chart.plots[0]
    plot.vary_by_categories = True
    if job.type == "donut":
        plot._element.find(qn("c:holeSize")).set("val", str(DONUT_HOLE))
    series = plot.series[0]
    values = [v or 0.0 for v in job.series[0].values]
    total = sum(values) or 1.0
    for j in range(len(values)):
        point = series.points[j]
        _fill(point.format.fill, colours.wedge(j))
        _line(point.format.line, style.background, 1.6)
    chosen = [j for j in range(len(values)) if job.labels or j in colours.hl_categories]
    outside = {j for j in chosen if values[j] / total < SMALL_SHARE}

    def position(j: int) -> Optional[str]:
        if job.type == "donut":
            return None  # PowerPoint places a donut's labels on its ring
        return "outEnd" if j in outside else "ctr"

    _labels(series._element, look, chosen, len(values), position,
            bold=lambda j: j in colours.hl_categories,
            on=lambda j: None if j in outside else colours.wedge(j))


def _legend(chart: Any, job: ChartJob, look: _Look, kind: Any) -> None:
    """Series names above the plot; a pie's categories at its right; none for one series."""
    round_chart = job.type in ("pie", "donut")
    if not round_chart and (len(job.series) < 2 or job.type == "scatter"):
        chart.has_legend = False
        return
    chart.has_legend = True
    legend = chart.legend
    legend.position = XL_LEGEND_POSITION.RIGHT if round_chart else XL_LEGEND_POSITION.TOP
    legend.include_in_layout = False
    _replace(legend._element.get_or_add_txPr(), look.tx_pr(look.size, job.style.text))


def _marker(marker: Any, colour: str, diameter: float) -> None:
    marker.style = MARKER.CIRCLE
    marker.size = max(2, min(72, round(diameter)))
    _fill(marker.format.fill, colour)
    marker.format.line.fill.background()


def _alpha(ser: Any, opacity: float) -> None:
    """See-through fill for an area, so the series behind it shows."""
    colour = ser.find(f"{qn('c:spPr')}/{qn('a:solidFill')}/{qn('a:srgbClr')}")
    alpha = parse_xml(f'<a:alpha {nsdecls("a")} val="{round(opacity * 100000)}"/>')
    colour.append(alpha)


def _labels(ser: Any, look: _Look, chosen: Iterable[int], count: int, position: Any,
            bold: Any, on: Any = None, texts: Optional[list[str]] = None) -> None:
    """Value labels on the ``chosen`` points of one series, or on all of them at once.

    ``position`` is a ``c:dLblPos`` value, or a function of the point giving one;
    ``on`` the fill a label sits on (its text then takes a readable colour);
    ``texts`` replaces the values by names (a scatter's points).
    """
    chosen = sorted(set(chosen))
    if not chosen:
        return
    where = position if callable(position) else (lambda _j: position)
    fill = on if callable(on) else (lambda _j: on)
    every = len(chosen) == count and texts is None and not any(bold(j) for j in chosen) and len(
        {where(j) for j in chosen}) == 1 and len({fill(j) for j in chosen}) == 1
    if every:
        inner = _label_body(look, where(chosen[0]), False, fill(chosen[0]), None)
        xml = f"<c:dLbls>{inner}<c:showLeaderLines val=\"0\"/></c:dLbls>"
    else:
        points = "".join(f'<c:dLbl><c:idx val="{j}"/>'
                         + _label_body(look, where(j), bold(j), fill(j),
                                       texts[j] if texts else None) + "</c:dLbl>"
                         for j in chosen)
        xml = (f"<c:dLbls>{points}{_shown(False)}<c:showLeaderLines val=\"0\"/></c:dLbls>")
    ser._remove_dLbls()
    ser._insert_dLbls(parse_xml(xml.replace("<c:dLbls>", f"<c:dLbls {nsdecls('c', 'a')}>", 1)))


def _label_body(look: _Look, position: Optional[str], bold: bool, fill: Optional[str],
                text: Optional[str]) -> str:
    style = look.job.style
    colour = readable_on(fill, style.text, style.on_accent) if fill else style.text
    size = look.size * LABEL_SCALE
    rich = ""
    if text is not None:
        rich = (f"<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r>"
                f"{look.rpr('rPr', size, colour, bold)}<a:t>{text.translate(_TEXT_ESCAPES)}"
                "</a:t></a:r></a:p></c:rich></c:tx>")
    pos = f'<c:dLblPos val="{position}"/>' if position else ""
    return (f'{rich}<c:numFmt formatCode="{attr(look.label_code)}" sourceLinked="0"/>'
            "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
            f"{look.tx_pr(size, colour, bold)}{pos}{_shown(True)}")


def _shown(value: bool) -> str:
    return ('<c:showLegendKey val="0"/>'
            f'<c:showVal val="{1 if value else 0}"/><c:showCatName val="0"/>'
            '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>')


def _positive_axis_ids(space: Any) -> None:
    """Renumber the axes 1, 2, ...: python-pptx writes negative ids the schema forbids."""
    ids: dict[str, str] = {}
    for element in space.iter(qn("c:axId"), qn("c:crossAx")):
        value = element.get("val")
        if value not in ids:
            ids[value] = str(len(ids) + 1)
        element.set("val", ids[value])

