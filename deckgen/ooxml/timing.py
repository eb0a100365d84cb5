"""A slide's builds as PowerPoint animation: ``p:timing`` with one "Appear" per click.

Each :class:`~deckgen.layout.plan.Build` becomes one click of the main
sequence.  Its targets appear with PowerPoint's "Appear" entrance effect
(``presetID="1"``, ``presetClass="entr"``): the first effect of a click is the
``clickEffect``, the rest come ``withEffect`` it.  Text built by paragraphs has
one effect per paragraph (``p:txEl/p:pRg`` with ``st`` equal to ``end``, as
PowerPoint writes a "By paragraph" build: LibreOffice reads only the first
paragraph of a range), and a ``p:bldP build="p"`` naming the shape; a whole
shape is an ``p:spTgt`` alone.  Nothing here changes what the slide shows when
it is not played: the shapes are all in the tree, so a PDF shows every item.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from deckgen.layout.plan import Build, Shape

_SLIDE_END = "</p:sld>"
_VISIBLE = ("<p:attrNameLst><p:attrName>style.visibility</p:attrName></p:attrNameLst>"
            '</p:cBhvr><p:to><p:strVal val="visible"/></p:to></p:set>')
_DELAY_0 = '<p:stCondLst><p:cond delay="0"/></p:stCondLst>'
_SLIDE_CONDS = ('<p:prevCondLst><p:cond evt="onPrev" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl>'
                '</p:cond></p:prevCondLst><p:nextCondLst><p:cond evt="onNext" delay="0">'
                "<p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:nextCondLst>")


def with_timing(xml: str, builds: Sequence[Build], drawn: Sequence[tuple[Any, int]]) -> str:
    """``xml`` of a slide with the ``p:timing`` of ``builds`` in its place (last but
    ``p:extLst``, after ``p:clrMapOvr`` and ``p:transition``); ``drawn`` pairs each of the
    plan's elements with the shape id it was written with."""
    timing = slide_timing(builds, drawn)
    if not timing:
        return xml
    before = max(xml.rfind(f"</p:{tag}>") for tag in ("cSld", "clrMapOvr", "transition"))
    ext = xml.find("<p:extLst>", before)
    at = ext if ext != -1 else xml.rfind(_SLIDE_END)
    return xml[:at] + timing + xml[at:]


def slide_timing(builds: Sequence[Build], drawn: Sequence[tuple[Any, int]]) -> str:
    """The ``p:timing`` element for ``builds`` ("" when no click shows anything)."""
    ids = _Ids()
    clicks: list[str] = []
    by_paragraph: dict[int, bool] = {}  # spid: built by paragraphs (else whole), sp only
    for build in builds:
        effects = list(_effects(build, drawn, by_paragraph))
        if effects:
            clicks.append(_click(effects, ids))
    if not clicks:
        return ""
    head = ('<p:timing><p:tnLst><p:par><p:cTn id="1" dur="indefinite" restart="never" '
            'nodeType="tmRoot"><p:childTnLst><p:seq concurrent="1" nextAc="seek">'
            '<p:cTn id="2" dur="indefinite" nodeType="mainSeq"><p:childTnLst>')
    tail = f"</p:childTnLst></p:cTn>{_SLIDE_CONDS}</p:seq></p:childTnLst></p:cTn></p:par></p:tnLst>"
    built = "".join(f'<p:bldP spid="{spid}" grpId="0" build="p"/>' if paras else
                    f'<p:bldP spid="{spid}" grpId="0" animBg="1"/>'
                    for spid, paras in by_paragraph.items())
    return head + "".join(clicks) + tail + (f"<p:bldLst>{built}</p:bldLst>" if built else "") \
        + "</p:timing>"


class _Ids:
    """``p:cTn`` ids, unique in the slide's timing tree (1 and 2 are the root and sequence)."""

    def __init__(self) -> None:
        self.last = 2

    def next(self) -> int:
        self.last += 1
        return self.last


def _effects(build: Build, drawn: Sequence[tuple[Any, int]], by_paragraph: dict[int, bool]
             ) -> list[tuple[int, int | None]]:
    """(shape id, paragraph or None for the whole shape) of everything ``build`` shows."""
    out: list[tuple[int, int | None]] = []
    for target in build.shows:
        found = [(element, spid) for element, spid in drawn
                 if getattr(element, "build", None) == target.tag]
        if target.paras is not None:
            texts = [(e, spid) for e, spid in found if getattr(e, "text", None) is not None]
            if not texts:
                continue
            if target.paras[0] == 0:  # what lies under the text (a scrim) comes on with it
                for under, spid in found:
                    if getattr(under, "text", None) is None:
                        out.append((spid, None))
                        by_paragraph.setdefault(spid, False)
            element, spid = texts[0]
            last = min(target.paras[1], len(element.text.paras) - 1)
            out.extend((spid, index) for index in range(target.paras[0], last + 1))
            by_paragraph[spid] = True
            continue
        for element, spid in found:
            out.append((spid, None))
            if type(element) is Shape:
                by_paragraph.setdefault(spid, False)
    return out


def _click(effects: list[tuple[int, int | None]], ids: _Ids) -> str:
    """One click of the main sequence: every effect at once, the first one on the click."""
    outer, inner = ids.next(), ids.next()
    parts = [f'<p:par><p:cTn id="{outer}" fill="hold"><p:stCondLst><p:cond delay="indefinite"/>'
             f'</p:stCondLst><p:childTnLst><p:par><p:cTn id="{inner}" fill="hold">{_DELAY_0}'
             "<p:childTnLst>"]
    for index, (spid, paragraph) in enumerate(effects):
        node = "clickEffect" if index == 0 else "withEffect"
        effect, visible = ids.next(), ids.next()
        target = (f'<p:spTgt spid="{spid}"/>' if paragraph is None else
                  f'<p:spTgt spid="{spid}"><p:txEl><p:pRg st="{paragraph}" end="{paragraph}"/>'
                  "</p:txEl></p:spTgt>")
        parts.append(f'<p:par><p:cTn id="{effect}" presetID="1" presetClass="entr" '
                     f'presetSubtype="0" fill="hold" grpId="0" nodeType="{node}">{_DELAY_0}'
                     f'<p:childTnLst><p:set><p:cBhvr><p:cTn id="{visible}" dur="1" fill="hold">'
                     f"{_DELAY_0}</p:cTn><p:tgtEl>{target}</p:tgtEl>{_VISIBLE}</p:childTnLst>"
                     "</p:cTn></p:par>")
    parts.append("</p:childTnLst></p:cTn></p:par></p:childTnLst></p:cTn></p:par>")
    return "".join(parts)
