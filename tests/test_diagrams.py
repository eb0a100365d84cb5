"""Diagrams: built into real decks, reopened with python-pptx, measured.

Every diagram must be native shapes (auto shapes and connectors, never a
picture), carry its labels, keep its text clear of other text and of the
connectors, stay on the slide in both aspects and every theme, and set text
on filled shapes in a readable colour.  Bad diagrams give located messages.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.util import Emu

from conftest import build_ok, problems_of, write
from deckgen.app.pipeline import Options, build
from deckgen.layout import diagrams
from deckgen.layout.fonts import Measurer, font_file
from deckgen.model import schema
from deckgen.model.colours import contrast
from deckgen.model.diagrams import DIAGRAM_TYPES
from deckgen.model.themes import available

PT = 12700
CHROME = {"Title", "Subtitle", "Accent rule", "Slide Number", "Footer", "Source", "Logo"}
THEMES = ("default", "scholar", "keynote", "contrast", "lecture")

# Content-format section 4, verbatim.
SPEC_SECTION_4 = """
- title: "The Strategic Innovation Triangle"
  diagram:
    type: triangle     # triangle | cycle | hub | flow | shift | quadrants | timeline
    nodes: ["15-Year S&T Plan (2006–2020)", "Education Reform Plan (2010–2020)", "Talent Plan (2010–2020)"]
    center: "Innovation"            # optional: the label in the middle (triangle, cycle, hub)

- title: "Expanded Channels of Access"
  diagram:
    type: hub          # a centre with spokes, up to 12
    center: "China"
    nodes: ["Foreign R&D by MNCs", "Bilateral S&T Agreements", "Overseas Students & Scholars"]

- title: "From Self-Reliance to Integration"
  diagram:
    type: flow         # boxes left to right joined by arrows (cycle: the same in a ring)
    nodes: ["Self-reliance", "Limited participation", "Pro-active stakeholder"]

- title: "Three Major Shifts"
  diagram:
    type: shift        # "from -> to" rows
    pairs:
      - ["Go it alone", "S&T Diplomacy"]
      - ["Track & catch up", "Peer Cooperation"]

- title: "China's Key S&T Relationships"
  diagram:
    type: quadrants    # exactly 4 boxes, each with a heading and bullets
    cells:
      - {heading: "EU–China S&T", bullets: ["China is a priority partner"]}
      - {heading: "US–China S&T", bullets: ["Bilateral Accord signed 1979"]}
      - {heading: "Japan–PRC S&T", bullets: ["S&T relations forged in 1980"]}
      - {heading: "China–Israel S&T", bullets: ["Growing ties in R&D"]}

- title: "China's Growing Global S&T Role"
  diagram:
    type: timeline
    events:
      - {when: "1980", label: "Outside of the Western S&T system"}
      - {when: "2014", label: "Pro-active stakeholder"}
"""  # noqa: E501

# Long labels, as the lecture has them, and every type at its busiest.
LONG = """
- title: "The Strategic Innovation Triangle"
  diagram:
    type: triangle
    nodes:
      - "15 Yr Medium-Long Term S&T Plan (2006–2020)"
      - "Medium-Long Term Education Reform Plan (2010–2020)"
      - "Medium-Long Term Talent Plan (2010–2020)"
- title: "Is this the real China Dream?"
  diagram:
    type: triangle
    nodes: ["Innovative Nation", "Harmonious Society", "Collaborative Economy"]
    center: "Is this the real China Dream?"
- title: "A Cycle"
  diagram:
    type: cycle
    nodes: ["Plan", "Fund research", "Medium-Long Term Education Reform Plan (2010–2020)",
            "Evaluate outcomes", "Adjust policy"]
    center: "Learning"
- title: "Eight in a Ring"
  diagram:
    type: cycle
    nodes: ["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight"]
    center: "Loop"
- title: "Expanded Channels of Access"
  diagram:
    type: hub
    center: "China"
    nodes: ["Foreign R&D by MNCs", "Bilateral S&T Agreements", "Foreign Direct Investment",
            "Overseas Students & Scholars", "Membership in Int’l S&T Bodies",
            "International S&T Conferences", "Defense Cooperation + Exchanges",
            "Foreign Technical Experts", "Tech Transfer Agreements", "Reverse Engineering",
            "Taiwan/Overseas Chinese Links", "Joint Laboratories"]
- title: "Six Spokes"
  diagram:
    type: hub
    center: "Talent Plan"
    nodes: ["Universities", "Institutes", "Enterprises", "Government", "Foreign partners",
            "15 Yr Medium-Long Term S&T Plan (2006–2020)"]
- title: "A Long Flow"
  diagram:
    type: flow
    nodes: ["Self-reliance", "Limited participation", "Opening up", "WTO accession",
            "Indigenous innovation", "Peer cooperation", "Pro-active stakeholder",
            "Global leadership"]
- title: "Three Major Shifts"
  diagram:
    type: shift
    pairs:
      - ["“Go it alone”", "“S&T Diplomacy”"]
      - ["“Track & catch up”", "“Peer Cooperation”"]
      - ["“Passive work”", "“Mutually beneficial and win-win”"]
  source: "Keji Ribao, 9/29/12"
- title: "China’s Key S&T Relationships"
  diagram:
    type: quadrants
    cells:
      - heading: "EU–China S&T"
        bullets: ["China is a priority partner", "Innovation & SMEs key areas",
                  "China growing importance in FP7: from 81 to 268 projects"]
      - heading: "US–China S&T"
        bullets: ["Bilateral Accord signed 1979", "Building block of relationship",
                  "Emerging constraints tied to IP, security issues"]
      - heading: "Japan–PRC S&T"
        bullets: ["S&T relations forged in 1980", "Driven more by Japan companies"]
      - heading: "China–Israel S&T"
        bullets: ["Growing ties in R&D field—alternative to US", "Technion project"]
- title: "Whither?"
  diagram:
    type: timeline
    events:
      - when: "1980"
        label: "Outside of Western S&T System · Self Reliance · Limited Participation"
      - when: "2014"
        label: "Pro-Active Stakeholder · Favored R&D Site · Transnational Collaborator"
- title: "Many Events"
  diagram:
    type: timeline
    events:
      - {when: "1978", label: "Reform and opening"}
      - {when: "1986", label: "863 Program"}
      - {when: "1995", label: "Revitalizing the nation through S&T"}
      - {when: "2001", label: "WTO accession"}
      - {when: "2006", label: "Medium-Long Term S&T Plan"}
      - {when: "2010", label: "Talent Plan"}
      - {when: "2014", label: "Pro-active stakeholder"}
"""


def spec_slide(index: int) -> str:
    """The ``index``-th example of section 4 on its own."""
    return "- title" + SPEC_SECTION_4.split("\n- title")[index + 1]


def deck(slides: str, aspect: str = "16:9", theme: str = "default") -> str:
    head = f"""
    deck:
      title: "Diagrams"
      aspect: "{aspect}"
      theme: {theme}
      title_slide: false
    slides:
    """
    return textwrap.dedent(head).lstrip("\n") + textwrap.indent(textwrap.dedent(slides), "  ")


def parts(slide) -> list:
    """The diagram's own shapes (inside its group): everything but the title and chrome."""
    found = []
    for shape in slide.shapes:
        found.extend(shape.shapes if shape.shape_type == MSO_SHAPE_TYPE.GROUP else [shape])
    return [s for s in found if s.name not in CHROME]


def labels(slide) -> list[str]:
    return [s.text_frame.text for s in parts(slide) if s.has_text_frame and s.text_frame.text]


def named(slide, prefix: str) -> list:
    return [s for s in parts(slide) if s.name.startswith(prefix)]


def built(tmp_path: Path, slides: str, **kw):
    return build_ok(write(tmp_path, deck(slides, **kw)))


# --- the spec's examples and each type's structure ---------------------------


def test_every_spec_section_4_example_builds_as_native_shapes(tmp_path: Path) -> None:
    result, prs = built(tmp_path, SPEC_SECTION_4)
    assert not result.problems.warnings, [p.format() for p in result.problems]
    assert len(prs.slides) == 6
    for slide in prs.slides:
        kinds = {s.shape_type for s in parts(slide) if not s.name.startswith("When")}
        assert kinds <= {MSO_SHAPE_TYPE.AUTO_SHAPE, MSO_SHAPE_TYPE.LINE}, kinds
        assert MSO_SHAPE_TYPE.PICTURE not in {s.shape_type for s in slide.shapes}


def test_every_type_has_a_layout_and_a_schema() -> None:
    assert set(diagrams.LAYOUTS) == set(DIAGRAM_TYPES)
    defs = schema.schema()["$defs"]
    assert defs["Hub"]["properties"]["nodes"]["maxItems"] == 12
    assert defs["Quadrants"]["properties"]["cells"]["minItems"] == 4


def test_triangle(tmp_path: Path) -> None:
    _, prs = built(tmp_path, spec_slide(0))
    slide = prs.slides[0]
    nodes = named(slide, "Node")
    assert [n.text_frame.text for n in nodes] == [
        "15-Year S&T Plan (2006–2020)", "Education Reform Plan (2010–2020)",
        "Talent Plan (2010–2020)"]
    assert {n.auto_shape_type for n in nodes} == {MSO_SHAPE.ROUNDED_RECTANGLE}
    (centre,) = named(slide, "Centre")
    assert centre.auto_shape_type == MSO_SHAPE.OVAL and centre.text_frame.text == "Innovation"
    edges = named(slide, "Edge")
    assert len(edges) == 3 and all(e.shape_type == MSO_SHAPE_TYPE.LINE for e in edges)
    assert len(parts(slide)) == 7
    top, right, left = nodes
    assert top.top < right.top == left.top and left.left < top.left < right.left


def test_cycle_arrows_join_each_node_to_the_next(tmp_path: Path) -> None:
    _, prs = built(tmp_path, """
        - title: "Cycle"
          diagram: {type: cycle, nodes: ["Plan", "Do", "Check", "Act"]}
        """)
    slide = prs.slides[0]
    nodes = named(slide, "Node")
    arrows = named(slide, "Arrow")
    assert [n.text_frame.text for n in nodes] == ["Plan", "Do", "Check", "Act"]
    assert len(arrows) == 4 and not named(slide, "Centre")
    assert len(parts(slide)) == 8
    for i, arrow in enumerate(arrows):
        assert has_arrow_head(arrow)
        start, end = endpoints(arrow)
        assert nearest(nodes, start) is nodes[i]
        assert nearest(nodes, end) is nodes[(i + 1) % 4]


def test_hub_spokes_run_from_the_centre_to_every_node(tmp_path: Path) -> None:
    _, prs = built(tmp_path, spec_slide(1))
    slide = prs.slides[0]
    (centre,) = named(slide, "Centre")
    assert centre.text_frame.text == "China" and centre.auto_shape_type == MSO_SHAPE.OVAL
    nodes = named(slide, "Node")
    assert [n.text_frame.text for n in nodes] == [
        "Foreign R&D by MNCs", "Bilateral S&T Agreements", "Overseas Students & Scholars"]
    spokes = named(slide, "Spoke")
    assert len(spokes) == 3 and len(parts(slide)) == 7
    for spoke, node in zip(spokes, nodes, strict=True):
        start, end = endpoints(spoke)
        assert nearest([centre, *nodes], start) is centre
        assert nearest([centre, *nodes], end) is node


@pytest.mark.parametrize("count", [1, 2, 7, 12])
def test_hub_takes_one_to_twelve_spokes(tmp_path: Path, count: int) -> None:
    names = ", ".join(f'"Channel {i + 1}"' for i in range(count))
    result, prs = built(tmp_path, f"""
        - title: "Hub"
          diagram: {{type: hub, nodes: [{names}]}}
        """)
    slide = prs.slides[0]
    nodes, spokes = named(slide, "Node"), named(slide, "Spoke")
    assert len(nodes) == count == len(spokes)
    (dot,) = named(slide, "Centre")  # where the spokes meet
    for spoke, node in zip(spokes, nodes, strict=True):
        start, end = endpoints(spoke)
        assert nearest([dot, *nodes], start) is dot
        assert nearest([dot, *nodes], end) is node
    assert_tidy(slide, prs)
    assert not result.problems.warnings


def test_flow_one_row_then_two(tmp_path: Path) -> None:
    few = '["Self-reliance", "Limited participation", "Pro-active stakeholder"]'
    many = ", ".join(f'"Stage number {i + 1} of the long road"' for i in range(8))
    _, prs = built(tmp_path, f"""
        - title: "Few"
          diagram: {{type: flow, nodes: {few}}}
        - title: "Many"
          diagram: {{type: flow, nodes: [{many}]}}
        """)
    short, long = prs.slides
    steps = named(short, "Step")
    assert [s.text_frame.text for s in steps] == [
        "Self-reliance", "Limited participation", "Pro-active stakeholder"]
    assert len({s.top for s in steps}) == 1
    assert [s.left for s in steps] == sorted(s.left for s in steps)
    assert len(named(short, "Arrow")) == 2 and len(parts(short)) == 5
    assert all(has_arrow_head(a) for a in named(short, "Arrow"))
    steps = named(long, "Step")
    assert len({s.top for s in steps}) == 2
    assert len(named(long, "Arrow")) == 6 and len(named(long, "Wrap")) == 3
    assert has_arrow_head(named(long, "Wrap")[-1])


def test_shift_rows(tmp_path: Path) -> None:
    _, prs = built(tmp_path, spec_slide(3))
    slide = prs.slides[0]
    assert [s.text_frame.text for s in named(slide, "From")] == ["Go it alone",
                                                                "Track & catch up"]
    assert [s.text_frame.text for s in named(slide, "To")] == ["S&T Diplomacy",
                                                              "Peer Cooperation"]
    arrows = named(slide, "Shift")
    assert {a.auto_shape_type for a in arrows} == {MSO_SHAPE.RIGHT_ARROW}
    assert len(parts(slide)) == 6


def test_quadrants(tmp_path: Path) -> None:
    _, prs = built(tmp_path, spec_slide(4))
    slide = prs.slides[0]
    headings = [s for s in parts(slide) if s.name.endswith("heading")]
    panels = [s for s in parts(slide) if not s.name.endswith("heading")]
    assert [h.text_frame.text for h in headings] == [
        "EU–China S&T", "US–China S&T", "Japan–PRC S&T", "China–Israel S&T"]
    assert panels[1].text_frame.text == "Bilateral Accord signed 1979"
    assert len(parts(slide)) == 8
    lefts, tops = sorted({p.left for p in panels}), sorted({p.top for p in panels})
    assert len(lefts) == 2 and len(tops) == 2


def test_timeline(tmp_path: Path) -> None:
    _, prs = built(tmp_path, spec_slide(5))
    slide = prs.slides[0]
    assert [s.text_frame.text for s in named(slide, "When")] == ["1980", "2014"]
    assert [s.text_frame.text for s in named(slide, "Event")] == [
        "Outside of the Western S&T system", "Pro-active stakeholder"]
    (line,) = named(slide, "Time line")
    assert has_arrow_head(line)
    markers = named(slide, "Marker")
    assert len(markers) == 2 and len(parts(slide)) == 7
    y = endpoints(line)[0][1]
    assert all(abs(m.top / PT + m.height / PT / 2 - y) < 0.5 for m in markers)


# --- design: nothing overlaps, nothing leaves its place, text reads ---------


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
@pytest.mark.parametrize("theme", THEMES)
def test_long_labels_lay_out_cleanly(tmp_path: Path, theme: str, aspect: str) -> None:
    assert theme in available()
    result, prs = built(tmp_path, LONG, aspect=aspect, theme=theme)
    assert not result.problems.warnings, [p.format() for p in result.problems]
    for slide in prs.slides:
        assert_tidy(slide, prs)
        assert_readable(slide)
        assert_words_whole(slide)


def test_text_fits_its_shape_and_peers_share_a_size(tmp_path: Path) -> None:
    _, prs = built(tmp_path, LONG)
    hub = prs.slides[4]
    sizes = {r.font.size for n in named(hub, "Node") for p in n.text_frame.paragraphs
             for r in p.runs}
    assert len(sizes) == 1


def test_an_overlong_label_warns_at_its_diagram(tmp_path: Path) -> None:
    words = " ".join(["Medium-Long Term Education Reform Plan"] * 30)
    path = write(tmp_path, deck(f"""
        - title: "Too long"
          diagram: {{type: flow, nodes: ["Short", "{words}"]}}
        """))
    result = build(path, Options(output=tmp_path / "out.pptx"))
    assert result.ok
    (warning,) = [p.format() for p in result.problems.warnings]
    assert warning.startswith(f"{path}:9:14: warning: slide 1 \"Too long\": diagram node 2 "
                              "overflows its box by")
    assert warning.endswith("lines too many) (hint: shorten the text or split the slide)")


# --- validation -----------------------------------------------------------------

BAD = {
    "hub_spokes": (
        """
        deck: {title: "T"}
        slides:
          - title: "Hub"
            diagram:
              type: hub
              nodes: [a, b, c, d, e, f, g, h, i, j, k, l, m]
        """,
        "deck.yaml:6:14: error: slide 2 diagram.nodes: a hub takes at most 12 spokes, got 13",
    ),
    "quadrant_cells": (
        """
        deck: {title: "T"}
        slides:
          - title: "Bullets"
            bullets: ["x"]
          - title: "Quad"
            diagram:
              type: quadrants
              cells:
                - {heading: "A", bullets: [x]}
                - {heading: "B"}
                - {heading: "C"}
        """,
        "deck.yaml:9:9: error: slide 3 diagram.cells: a quadrants diagram takes exactly "
        "4 cells, got 3",
    ),
    "shift_pair": (
        """
        deck: {title: "T"}
        slides:
          - title: "Shift"
            diagram:
              type: shift
              pairs:
                - [a, b]
                - [a, b, c]
        """,
        "deck.yaml:8:11: error: slide 2 diagram.pairs[1]: a shift pair [from, to] takes "
        "exactly 2 items, got 3",
    ),
    "empty_label": (
        """
        deck: {title: "T"}
        slides:
          - title: "Flow"
            diagram:
              type: flow
              nodes: ["a", "  "]
        """,
        "deck.yaml:6:20: error: slide 2 diagram.nodes[1]: a label cannot be empty",
    ),
    "empty_event": (
        """
        deck: {title: "T"}
        slides:
          - title: "Timeline"
            diagram:
              type: timeline
              events:
                - {when: "1980", label: "x"}
                - {when: "", label: "y"}
        """,
        "deck.yaml:8:18: error: slide 2 diagram.events[1].when: a label cannot be empty",
    ),
    "triangle_nodes": (
        """
        deck: {title: "T"}
        slides:
          - title: "Triangle"
            diagram: {type: triangle, nodes: [a, b]}
        """,
        "deck.yaml:4:38: error: slide 2 diagram.nodes: a triangle takes exactly 3 nodes, got 2",
    ),
    "timeline_one": (
        """
        deck: {title: "T"}
        slides:
          - title: "Timeline"
            diagram:
              type: timeline
              events: [{when: "1980", label: "x"}]
        """,
        "deck.yaml:6:15: error: slide 2 diagram.events: a timeline needs at least 2 events, "
        "got 1",
    ),
    "centre_typo": (
        """
        deck: {title: "T"}
        slides:
          - title: "Hub"
            diagram:
              type: hub
              centre: "China"
              nodes: [a]
        """,
        "deck.yaml:6:7: error: unknown key 'centre' in slide 2 diagram "
        "(hint: did you mean 'center'?)",
    ),
    "center_on_flow": (
        """
        deck: {title: "T"}
        slides:
          - title: "Flow"
            diagram: {type: flow, nodes: [a, b], center: "x"}
        """,
        "deck.yaml:4:42: error: unknown key 'center' in slide 2 diagram "
        "(hint: allowed here: nodes, type)",
    ),
    "type_typo": (
        """
        deck: {title: "T"}
        slides:
          - title: "Cycle"
            diagram: {type: cycel, nodes: [a, b, c]}
        """,
        "deck.yaml:4:21: error: slide 2 diagram.type 'cycel' is not a known type "
        "(hint: did you mean 'cycle'?)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_diagrams_are_located(tmp_path: Path, case: str) -> None:
    text, expected = BAD[case]
    got = problems_of(write(tmp_path, text))
    assert expected in got, got
    assert len(got) == 1, got


def test_all_bad_diagrams_are_reported_at_once(tmp_path: Path) -> None:
    slides = "".join(textwrap.dedent(text).split("slides:\n", 1)[1] for text, _ in BAD.values())
    got = problems_of(write(tmp_path, 'deck: {title: "T"}\nslides:\n' + slides))
    assert len([p for p in got if ": error: " in p]) == len(BAD)


# --- helpers: geometry of what was written ------------------------------------


def endpoints(line) -> tuple[tuple[float, float], tuple[float, float]]:
    return ((Emu(line.begin_x) / PT, Emu(line.begin_y) / PT),
            (Emu(line.end_x) / PT, Emu(line.end_y) / PT))


def has_arrow_head(line) -> bool:
    ln = line._element.spPr.find(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}ln")
    tail = ln.find("{http://schemas.openxmlformats.org/drawingml/2006/main}tailEnd")
    return tail is not None and tail.get("type") == "triangle"


@dataclass(frozen=True)
class Drawn:
    """A shape's name and geometry in points, read once (python-pptx reads are slow)."""

    name: str
    x: float
    y: float
    w: float
    h: float
    oval: bool = False

    @classmethod
    def of(cls, shape) -> Drawn:
        oval = getattr(shape, "auto_shape_type", None) == MSO_SHAPE.OVAL if (
            shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE) else False
        return cls(shape.name, shape.left / PT, shape.top / PT, shape.width / PT,
                   shape.height / PT, oval)

    def covers(self, point: tuple[float, float], shrink: float = 0.5) -> bool:
        """Is ``point`` inside the shape (an ellipse for ovals), shrunk by ``shrink``?"""
        px, py = point
        if self.oval:
            rx, ry = self.w / 2 - shrink, self.h / 2 - shrink
            return ((px - self.x - self.w / 2) / rx) ** 2 + (
                (py - self.y - self.h / 2) / ry) ** 2 < 1
        return (self.x + shrink < px < self.x + self.w - shrink
                and self.y + shrink < py < self.y + self.h - shrink)

    def outline(self, count: int = 64) -> list[tuple[float, float]]:
        x, y, w, h = self.x, self.y, self.w, self.h
        if self.oval:
            return [(x + w / 2 + w / 2 * math.cos(2 * math.pi * i / count),
                     y + h / 2 + h / 2 * math.sin(2 * math.pi * i / count))
                    for i in range(count)]
        side = count // 4
        return ([(x + w * i / side, y) for i in range(side + 1)]
                + [(x + w * i / side, y + h) for i in range(side + 1)]
                + [(x, y + h * i / side) for i in range(side + 1)]
                + [(x + w, y + h * i / side) for i in range(side + 1)]
                + [(x + w / 2, y + h / 2)])

    def far_from(self, other: Drawn) -> bool:
        return (self.x + self.w < other.x or other.x + other.w < self.x
                or self.y + self.h < other.y or other.y + other.h < self.y)

    def overlaps(self, other: Drawn) -> bool:
        if self.far_from(other):
            return False
        return any(other.covers(p) for p in self.outline()) or any(
            self.covers(p) for p in other.outline())


def nearest(shapes: list, point: tuple[float, float]):
    """The shape whose outline is closest to ``point``."""
    def distance(shape) -> float:
        d = Drawn.of(shape)
        dx = max(d.x - point[0], 0, point[0] - d.x - d.w)
        dy = max(d.y - point[1], 0, point[1] - d.y - d.h)
        return math.hypot(dx, dy)

    return min(shapes, key=distance)


def assert_tidy(slide, prs) -> None:
    """Nothing overlaps, no connector crosses a shape, everything on the slide below the title."""
    shapes = parts(slide)
    where = slide.shapes.title.text
    solids = [Drawn.of(s) for s in shapes if s.shape_type != MSO_SHAPE_TYPE.LINE]
    lines = [(s.name, *endpoints(s)) for s in shapes if s.shape_type == MSO_SHAPE_TYPE.LINE]
    title = slide.shapes.title
    floor = (title.top + title.height) / PT
    width, height = prs.slide_width / PT, prs.slide_height / PT
    for d in solids:
        assert d.x >= 0 and d.y >= floor and d.x + d.w <= width + 0.5, (where, d)
        assert d.y + d.h <= height - 20, (where, d)
    for i, a in enumerate(solids):
        for b in solids[i + 1:]:
            assert not a.overlaps(b), f"{where}: {a.name} overlaps {b.name}"
    for name, (x1, y1), (x2, y2) in lines:
        samples = [(x1 + (x2 - x1) * t / 40, y1 + (y2 - y1) * t / 40) for t in range(41)]
        for d in solids:
            if d.name.startswith("Marker"):
                continue  # a marker sits on the time line by design
            assert not any(d.covers(p) for p in samples), f"{where}: {name} crosses {d.name}"


def assert_readable(slide) -> None:
    """Text has at least 4.5:1 contrast with its shape's fill, or with the slide if unfilled."""
    for s in parts(slide):
        if not (s.has_text_frame and s.text_frame.text):
            continue
        fill = f"#{s.fill.fore_color.rgb}" if s.fill.type == 1 else (
            f"#{slide.background.fill.fore_color.rgb}")
        for p in s.text_frame.paragraphs:
            for r in p.runs:
                ink = f"#{r.font.color.rgb}"
                assert contrast(ink, fill) >= 4.5, (s.name, ink, fill)


MEASURE = Measurer("Noto Sans CJK SC")


def assert_words_whole(slide) -> None:
    """Every word fits its shape's line at the size it is set in: no label breaks mid-word."""
    for shape in parts(slide):
        if not (shape.has_text_frame and shape.text_frame.text):
            continue
        d, frame = Drawn.of(shape), shape.text_frame
        width = d.w - (frame.margin_left + frame.margin_right) / PT
        if d.oval:
            width -= d.w * 2 * 0.1464
        elif shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and (
                shape.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE):
            width -= 2 * min(d.w, d.h) * shape.adjustments[0] * 0.2929
        for p in frame.paragraphs:
            indent = int(p._p.pPr.get("marL", "0")) / PT if p._p.pPr is not None else 0
            for r in p.runs:
                path = font_file(r.font.name, bool(r.font.bold))
                for word in r.text.split():
                    wide = MEASURE.width_em(word, path) * r.font.size.pt
                    assert wide <= width - indent, (shape.name, word, wide, width - indent)
