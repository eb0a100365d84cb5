"""Native charts: editable PowerPoint charts with their numbers in an embedded workbook.

Every test builds a real deck and reads it back the way a user's tools would:
python-pptx for the chart, openpyxl for the workbook behind "Edit Data",
openxml-audit for the schema, LibreOffice for what is seen.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openxml_audit import validate_pptx
from PIL import Image, ImageChops
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from conftest import build_ok, problems_of, write
from deckgen.ooxml.audit import audit

ROOT = Path(__file__).resolve().parent.parent
THEMES = ("default", "scholar", "keynote", "contrast", "lecture")

# One chart of every native type; the YAML is written from this table, so the
# values read back can be compared with exactly what the deck says.
CHARTS = [
    {"title": "Bar", "type": "bar", "categories": ["2021", "2022", "2023", "2024"],
     "series": [{"name": "Revenue", "values": [12, 15.5, 18, 22]},
                {"name": "Costs", "values": [10, 11, -3, 14]}],
     "unit": "%", "labels": True, "y_label": "Share"},
    {"title": "Barh", "type": "barh", "categories": ["Alpha division", "Beta", "Gamma", "Delta"],
     "series": [{"name": "Staff", "values": [1200, 800, 1500, 400]}], "highlight": "Gamma"},
    {"title": "Stacked", "type": "stacked-bar", "categories": ["Q1", "Q2", "Q3"],
     "series": [{"name": "A", "values": [3, 4, 5]}, {"name": "B", "values": [2, 2, 1]},
                {"name": "C", "values": [1, 3, 2]}], "unit": "$", "labels": True},
    {"title": "Line", "type": "line", "categories": ["Jan", "Feb", "Mar", "Apr", "May"],
     "series": [{"name": "North", "values": [1.2, 1.5, None, 2.1, 2.4]},
                {"name": "South", "values": [0.8, 0.9, 1.1, 1.0, 1.3]}],
     "highlight": "North", "labels": True},
    {"title": "Area", "type": "area", "categories": ["2019", "2020", "2021", "2022"],
     "series": [{"name": "Users", "values": [100, 250, 400, 380]}], "unit": "thousand users"},
    {"title": "Pie", "type": "pie", "categories": ["Rent", "Food", "Travel", "Other"],
     "series": [{"name": "Budget", "values": [45, 30, 20, 3]}], "labels": True, "unit": "%"},
    {"title": "Donut", "type": "donut", "categories": ["Yes", "No", "Unsure"],
     "series": [{"name": "Votes", "values": [60, 30, 10]}], "highlight": "No",
     "alt": "Most said yes."},
    {"title": "Scatter", "type": "scatter", "categories": ["A", "B", "C", "D"],
     "series": [{"name": "Spend", "values": [1, 2, 3, 4]},
                {"name": "Return", "values": [2.5, 3.1, 4.8, 4.0]}], "labels": True},
    {"title": "Dots", "type": "scatter", "categories": ["Ant", "Bee", "Cat"],
     "series": [{"name": "Weight", "values": [0.1, 0.2, 4]}]},
]
EXPECTED_TYPE = {
    "Bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "Barh": XL_CHART_TYPE.BAR_CLUSTERED,
    "Stacked": XL_CHART_TYPE.COLUMN_STACKED, "Line": XL_CHART_TYPE.LINE_MARKERS,
    "Area": XL_CHART_TYPE.AREA, "Pie": XL_CHART_TYPE.PIE, "Donut": XL_CHART_TYPE.DOUGHNUT,
    "Scatter": XL_CHART_TYPE.XY_SCATTER, "Dots": XL_CHART_TYPE.LINE_MARKERS,
}


def deck_text(theme: str = "default", charts: list[dict] | None = None,
              meta: str = "  charts: native\n") -> str:
    """A deck of one chart slide per chart; JSON is YAML, and keeps every text quoted."""
    slides = []
    for chart in charts if charts is not None else CHARTS:
        spec = {k: v for k, v in chart.items() if k != "title"}
        slides.append(f"  - title: {json.dumps(chart['title'])}\n"
                      f"    chart: {json.dumps(spec, ensure_ascii=False)}\n")
    return (f"deck:\n  title: \"Native charts\"\n  theme: {theme}\n{meta}"
            "  title_slide: false\nslides:\n" + "".join(slides))


@pytest.fixture(scope="module")
def native_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("native")
    deck = write(folder, deck_text())
    build_ok(deck, folder / "native.pptx")
    return folder / "native.pptx"


def charts_of(path: Path) -> dict[str, object]:
    """Each slide's one chart shape, by slide title."""
    found = {}
    for slide in Presentation(str(path)).slides:
        shapes = [s for s in slide.shapes if s.has_chart]
        assert len(shapes) == 1
        found[slide.shapes.title.text] = shapes[0]
    return found


def theme_colours(name: str):  # noqa: ANN201
    from deckgen.model.themes import load_theme

    return load_theme(name, ROOT).colors


def fill_of(format_) -> str:  # noqa: ANN001
    return "#" + str(format_.fill.fore_color.rgb)


def sheet_rows(chart) -> list[tuple]:  # noqa: ANN001
    blob = chart.part.chart_workbook.xlsx_part.blob
    book = openpyxl.load_workbook(io.BytesIO(blob))
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


# --- data ---------------------------------------------------------------------------------
def test_every_type_is_a_chart_with_the_decks_data(native_deck: Path) -> None:
    shapes = charts_of(native_deck)
    assert list(shapes) == [c["title"] for c in CHARTS]
    for spec in CHARTS:
        chart = shapes[spec["title"]].chart
        assert chart.chart_type == EXPECTED_TYPE[spec["title"]], spec["title"]
        series = list(chart.plots[0].series)
        if chart.chart_type == XL_CHART_TYPE.XY_SCATTER:  # x from the first series, y the second
            (only,) = series
            assert only.name == spec["series"][1]["name"]
            assert list(only.values) == spec["series"][1]["values"]
            continue
        assert [s.name for s in series] == [s["name"] for s in spec["series"]]
        assert [list(s.values) for s in series] == [s["values"] for s in spec["series"]]
        assert list(chart.plots[0].categories) == spec["categories"]


def test_the_workbook_holds_the_same_numbers(native_deck: Path) -> None:
    shapes = charts_of(native_deck)
    for spec in CHARTS:
        rows = sheet_rows(shapes[spec["title"]].chart)
        if spec["title"] == "Scatter":
            xs, ys = (s["values"] for s in spec["series"])
            assert rows[0] == ("Spend", "Return")
            assert rows[1:] == list(zip(xs, ys, strict=True))
            continue
        header = (None, *[s["name"] for s in spec["series"]])
        body = [(c, *[s["values"][j] for s in spec["series"]])
                for j, c in enumerate(spec["categories"])]
        assert rows == [header, *body], spec["title"]


def test_csv_data_reaches_the_chart_and_the_workbook(tmp_path: Path) -> None:
    (tmp_path / "growth.csv").write_text("year,North,South\n2020,1.5,\n2021,\"1,200\",3\n",
                                         encoding="utf-8")
    deck = write(tmp_path, deck_text(charts=[{"title": "From CSV", "type": "line",
                                              "data": "growth.csv", "native": True}], meta=""))
    build_ok(deck)
    chart = charts_of(tmp_path / "out.pptx")["From CSV"].chart
    assert [list(s.values) for s in chart.plots[0].series] == [[1.5, 1200.0], [None, 3.0]]
    assert sheet_rows(chart) == [(None, "North", "South"), ("2020", 1.5, None),
                                 ("2021", 1200, 3)]


def test_workbook_text_stays_text(tmp_path: Path) -> None:
    """A category that looks like a formula or a link is written as a plain string."""
    deck = write(tmp_path, deck_text(charts=[{
        "title": "Odd names", "type": "bar", "categories": ["=1+1", "http://example.com"],
        "series": [{"name": "=SUM(A1)", "values": [1, 2]}]}]))
    build_ok(deck)
    blob = charts_of(tmp_path / "out.pptx")["Odd names"].chart.part.chart_workbook \
        .xlsx_part.blob
    sheet = openpyxl.load_workbook(io.BytesIO(blob)).active
    cells = [sheet["B1"], sheet["A2"], sheet["A3"]]
    assert [c.value for c in cells] == ["=SUM(A1)", "=1+1", "http://example.com"]
    assert [c.data_type for c in cells] == ["s", "s", "s"]
    assert sheet["A3"].hyperlink is None


# --- look ---------------------------------------------------------------------------------
def test_series_take_the_theme_palette(native_deck: Path) -> None:
    colours = theme_colours("default")
    shapes = charts_of(native_deck)
    bars = shapes["Bar"].chart.plots[0].series
    assert [fill_of(s.format) for s in bars] == colours.palette[:2]
    stacked = shapes["Stacked"].chart.plots[0].series
    assert [fill_of(s.format) for s in stacked] == colours.palette[:3]
    pie = shapes["Pie"].chart.plots[0].series[0]
    assert [fill_of(pie.points[j].format) for j in range(4)] == colours.palette[:4]


def test_highlight_takes_the_accent_and_tones_down_the_rest(native_deck: Path) -> None:
    colours = theme_colours("default")
    shapes = charts_of(native_deck)
    staff = shapes["Barh"].chart.plots[0].series[0]
    fills = [fill_of(staff.points[j].format) for j in range(4)]
    assert fills[2] == colours.accent  # Gamma
    assert len({fills[0], fills[1], fills[3]}) == 1 and fills[0] not in colours.palette
    north, south = shapes["Line"].chart.plots[0].series
    assert "#" + str(north.format.line.color.rgb) == colours.accent
    assert "#" + str(south.format.line.color.rgb) not in (colours.accent, *colours.palette)
    assert north.format.line.width > south.format.line.width
    donut = shapes["Donut"].chart.plots[0].series[0]
    assert fill_of(donut.points[1].format) == colours.accent


def test_fonts_sizes_formats_and_axis_titles(native_deck: Path) -> None:
    from deckgen.model.themes import load_theme

    theme = load_theme("default", ROOT)
    shapes = charts_of(native_deck)
    bar = shapes["Bar"].chart
    assert bar.font.size.pt == theme.sizes.chart
    assert bar.font.name == theme.fonts.body
    assert "#" + str(bar.font.color.rgb) == theme.colors.text
    assert bar.value_axis.tick_labels.number_format == '#,##0"%";"\u2212"#,##0"%"'
    assert bar.value_axis.axis_title.text_frame.text == "Share"
    assert bar.value_axis.has_major_gridlines and not bar.category_axis.has_major_gridlines
    assert bar.has_legend and not shapes["Barh"].chart.has_legend
    labels = bar.plots[0].series[0].data_labels
    assert labels.show_value and labels.number_format == '#,##0.0"%";"\u2212"#,##0.0"%"'
    stacked = shapes["Stacked"].chart
    assert stacked.value_axis.tick_labels.number_format == '"$"#,##0;"\u2212$"#,##0'
    area = shapes["Area"].chart  # a long unit titles the axis instead of riding every tick
    assert area.value_axis.axis_title.text_frame.text == "thousand users"
    assert area.value_axis.tick_labels.number_format == "#,##0;\"\u2212\"#,##0"


def test_alt_text_is_the_alt_or_the_description(native_deck: Path) -> None:
    shapes = charts_of(native_deck)

    def descr(shape) -> str:  # noqa: ANN001
        return shape._element.xpath("./p:nvGraphicFramePr/p:cNvPr/@descr")[0]

    assert descr(shapes["Donut"]) == "Most said yes."
    assert descr(shapes["Bar"]).startswith("A grouped bar chart of Revenue and Costs (%)")
    assert "Gamma is highlighted." in descr(shapes["Barh"])


# --- package ------------------------------------------------------------------------------
def test_every_native_type_passes_both_audits(native_deck: Path) -> None:
    report = validate_pptx(native_deck)
    assert report.is_valid and report.errors == [], report.errors[:5]
    assert audit(native_deck) == []
    with zipfile.ZipFile(native_deck) as package:
        charts = [n for n in package.namelist() if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)]
        assert len(charts) == len(CHARTS)
        for name in charts:
            ids = re.findall(r'<c:(?:axId|crossAx) val="(-?\d+)"', package.read(name).decode())
            assert all(int(i) > 0 for i in ids), (name, ids)


@pytest.mark.parametrize("theme", THEMES)
def test_same_deck_same_bytes_workbook_included(tmp_path: Path, theme: str) -> None:
    deck = write(tmp_path, deck_text(theme))
    build_ok(deck, tmp_path / "one.pptx")
    build_ok(deck, tmp_path / "two.pptx")
    one, two = (tmp_path / "one.pptx").read_bytes(), (tmp_path / "two.pptx").read_bytes()
    assert one == two
    with zipfile.ZipFile(io.BytesIO(one)) as package:
        book = package.read("ppt/embeddings/Microsoft_Excel_Sheet1.xlsx")
    with zipfile.ZipFile(io.BytesIO(book)) as workbook:
        assert {i.date_time for i in workbook.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = workbook.read("docProps/core.xml").decode()
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z" in core


def test_native_charts_never_import_matplotlib(tmp_path: Path) -> None:
    deck = write(tmp_path, deck_text())
    code = ("import sys; from pathlib import Path; from deckgen.app.pipeline import build, "
            "Options; r = build(Path(sys.argv[1]), Options(output=Path(sys.argv[2]))); "
            "assert r.ok, r.problems; print('matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(deck), str(tmp_path / "o.pptx")],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# --- choosing native or picture -----------------------------------------------------------
def _kinds(path: Path) -> list[str]:
    return ["chart" if any(s.has_chart for s in slide.shapes) else "picture"
            for slide in Presentation(str(path)).slides]


BAR = {"title": "Bar", "type": "bar", "categories": ["a", "b"],
       "series": [{"name": "s", "values": [1, 2]}]}
HEAT = {"title": "Heat", "type": "heatmap", "rows": ["r"], "columns": ["a", "b"],
        "values": [[1, 2]]}


def test_chart_native_deck_default_and_theme_default(tmp_path: Path) -> None:
    charts = [BAR, {**BAR, "native": False}, {**BAR, "native": True}, HEAT]
    cases = {  # deck meta -> what each chart becomes
        "": ["picture", "picture", "chart", "picture"],
        "  charts: native\n": ["chart", "picture", "chart", "picture"],
        "  charts: picture\n": ["picture", "picture", "chart", "picture"],
    }
    for meta, expected in cases.items():
        deck = write(tmp_path, deck_text(charts=charts, meta=meta))
        build_ok(deck)
        assert _kinds(tmp_path / "out.pptx") == expected, meta
    # a theme may make native charts the default; the deck still has the last word
    write(tmp_path, "extends: default\nname: native\ncharts: native\n", "native.yaml")
    for meta, expected in {"": ["chart", "picture", "chart", "picture"],
                           "  charts: picture\n": ["picture", "picture", "chart",
                                                   "picture"]}.items():
        deck = write(tmp_path, deck_text("native.yaml", charts, meta))
        build_ok(deck)
        assert _kinds(tmp_path / "out.pptx") == expected, meta


def test_native_heatmap_is_a_located_error(tmp_path: Path) -> None:
    deck = write(tmp_path, """
        deck:
          title: "Heat"
        slides:
          - title: "Cells"
            chart:
              type: heatmap
              rows: ["r"]
              columns: ["a", "b"]
              values: [[1, 2]]
              native: true
        """)
    assert problems_of(deck) == [
        "deck.yaml:10:15: error: a heatmap cannot be a native PowerPoint chart (hint: native "
        "charts are bar, barh, stacked-bar, line, area, pie, donut, scatter; remove native: "
        "true to draw the heatmap as a picture)"]


def test_bad_deck_charts_value_is_located(tmp_path: Path) -> None:
    deck = write(tmp_path, 'deck:\n  title: "x"\n  charts: editable\nslides: []\n')
    (problem,) = problems_of(deck)
    assert problem.startswith("deck.yaml:3:11: error: ") and "native" in problem


# --- what a person sees -------------------------------------------------------------------
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                    reason="needs LibreOffice and poppler")
@pytest.mark.parametrize("theme", ["default", "keynote"])
def test_libreoffice_draws_every_native_chart(tmp_path: Path, theme: str) -> None:
    from deckgen.app.preview import convert_to_pdf, to_pngs

    deck = write(tmp_path, deck_text(theme))
    build_ok(deck, tmp_path / "deck.pptx")
    prs = Presentation(str(tmp_path / "deck.pptx"))
    pdf = convert_to_pdf(shutil.which("soffice"), tmp_path / "deck.pptx", tmp_path, 240)
    pages = to_pngs(shutil.which("pdftoppm"), pdf, tmp_path, 60, 120)
    assert len(pages) == len(prs.slides) == len(CHARTS)
    colours = theme_colours(theme)
    background = colours.background
    for page, slide in zip(pages, prs.slides, strict=True):
        (shape,) = [s for s in slide.shapes if s.has_chart]
        with Image.open(page) as image:
            image = image.convert("RGB")
            scale = image.width / prs.slide_width
            box = tuple(round(v * scale) for v in (shape.left, shape.top,
                                                   shape.left + shape.width,
                                                   shape.top + shape.height))
            inside = image.crop(box)
            inked = _share_near(inside, background, outside=True)
            data = max(_share_near(inside, c) for c in (colours.accent, colours.palette[0]))
        assert inked > 0.003 and data > 0.0003, (slide.shapes.title.text, inked, data)


def _share_near(image: Image.Image, colour: str, outside: bool = False) -> float:
    """Share of pixels close to ``colour`` (or, ``outside``, clearly unlike it)."""
    plain = Image.new("RGB", image.size, colour)
    counts = ImageChops.difference(image, plain).convert("L").histogram()
    near = sum(counts[40:]) if outside else sum(counts[:12])
    return near / max(image.width * image.height, 1)


def test_every_native_type_has_a_powerpoint_chart_type() -> None:
    from deckgen.model.charts import NATIVE_TYPES
    from deckgen.ooxml import charts

    assert set(charts._TYPES) == set(NATIVE_TYPES)
    assert "heatmap" not in NATIVE_TYPES


def test_value_axis_step_is_the_pictures_and_decides_the_decimals() -> None:
    from deckgen.ooxml.charts import number_code, tick_step

    assert tick_step([12, 22], zero=True) == 5  # bars start at zero
    assert tick_step([0.8, 2.4], zero=False) == 0.5
    assert tick_step([100, 110], zero=False) == 2  # bunched far from zero: not from zero
    assert tick_step([2001, 2020], zero=False) == 5
    assert tick_step([-3, -1], zero=True) == 1
    assert number_code(1, 'in "m"') == '#,##0.0" in "\\""m"\\""";"\u2212"#,##0.0" in "\\""m"\\"""'


def test_a_chart_with_no_points_leaves_the_axis_to_the_viewer(tmp_path: Path) -> None:
    deck = write(tmp_path, deck_text(charts=[{
        "title": "Gaps", "type": "scatter", "categories": ["a", "b"],
        "series": [{"name": "x", "values": [None, 2]}, {"name": "y", "values": [1, None]}]}]))
    build_ok(deck)
    chart = charts_of(tmp_path / "out.pptx")["Gaps"].chart
    assert list(chart.plots[0].series[0].values) == []
    assert chart.value_axis.major_unit is None
    assert validate_pptx(tmp_path / "out.pptx").errors == []
