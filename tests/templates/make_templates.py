"""Make the test templates beside this file (run once; the .pptx files are committed).

* ``impress.pptx``: a presentation saved by LibreOffice Impress, with the layout
  names it writes ("Title, Content", "Title, 2 Content", ...), placeholders of
  index 0 and its own 28 x 15.75 cm (16:9) slide size.
* ``custom43.pptx``: a 4:3 template whose layouts have a company's own names
  ("Cover Page", "Agenda", "Big Statement", ...), a brand band on its master
  and its own theme fonts and colours.
* ``twomasters.pptx``: a 16:9 template with two masters, "Light" and "Dark",
  the second's layouts named "Dark ...".

Each starts from python-pptx's own template and is changed part by part, so
the script needs python-pptx, lxml and (for the first) LibreOffice.

    .venv/bin/python tests/templates/make_templates.py
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pptx
from lxml import etree

HERE = Path(__file__).resolve().parent
SOURCE = Path(pptx.__file__).parent / "templates" / "default.pptx"
NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
LAYOUT_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout"
MASTER_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideMaster"
THEME_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
CT_LAYOUT = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"
CT_MASTER = "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"
CT_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(SOURCE) as z:
        return {name: z.read(name) for name in z.namelist()}


def _save(parts: dict[str, bytes], path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["[Content_Types].xml", *sorted(n for n in parts if n != "[Content_Types]"
                                                   ".xml")]:
            z.writestr(name, parts[name])


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _layouts(parts: dict[str, bytes]) -> list[str]:
    return sorted((n for n in parts if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", n)),
                  key=lambda n: int(re.findall(r"\d+", n)[-1]))


def _rename(parts: dict[str, bytes], names: dict[str, str]) -> None:
    for name in _layouts(parts):
        root = _xml(parts[name])
        c_sld = root.find("p:cSld", NS)
        if c_sld.get("name") in names:
            c_sld.set("name", names[c_sld.get("name")])
            parts[name] = _bytes(root)


def _scale(parts: dict[str, bytes], sx: float, width: int, height: int) -> None:
    """Widen every master and layout by ``sx`` and set the slide size."""
    for name in [n for n in parts if re.fullmatch(r"ppt/slide(Master|Layout)s/\w+\.xml", n)]:
        root = _xml(parts[name])
        for off in root.iterfind(".//a:xfrm/a:off", NS):
            off.set("x", str(round(int(off.get("x")) * sx)))
        for ext in root.iterfind(".//a:xfrm/a:ext", NS):
            ext.set("cx", str(round(int(ext.get("cx")) * sx)))
        parts[name] = _bytes(root)
    pres = _xml(parts["ppt/presentation.xml"])
    size = pres.find("p:sldSz", NS)
    size.set("cx", str(width))
    size.set("cy", str(height))
    size.attrib.pop("type", None)
    parts["ppt/presentation.xml"] = _bytes(pres)


def _band(parts: dict[str, bytes], master: str, colour: str, width: int) -> None:
    """A brand band across the top of ``master``: something the template draws itself."""
    root = _xml(parts[master])
    tree = root.find("p:cSld/p:spTree", NS)
    band = etree.fromstring(
        f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr><p:cNvPr id="90" '
        f'name="Brand band"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="0" y="0"/><a:ext cx="{width}" cy="114300"/></a:xfrm><a:prstGeom '
        f'prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{colour}"/>'
        f"</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>")
    tree.insert(2, band)
    parts[master] = _bytes(root)


def _theme(parts: dict[str, bytes], theme: str, major: str, minor: str,
           colours: dict[str, str]) -> None:
    root = _xml(parts[theme])
    root.find(".//a:majorFont/a:latin", NS).set("typeface", major)
    root.find(".//a:minorFont/a:latin", NS).set("typeface", minor)
    scheme = root.find(".//a:clrScheme", NS)
    for slot, value in colours.items():
        node = scheme.find(f"a:{slot}", NS)
        for child in list(node):
            node.remove(child)
        etree.SubElement(node, f"{{{NS['a']}}}srgbClr").set("val", value)
    parts[theme] = _bytes(root)


def custom43() -> None:
    """4:3, a company's layout names, a band on the master, its own fonts and colours."""
    parts = _parts()
    _rename(parts, {"Title Slide": "Cover Page", "Title and Content": "Content",
                    "Section Header": "Chapter", "Two Content": "Side by Side",
                    "Comparison": "Compare", "Title Only": "Headline", "Blank": "Empty",
                    "Content with Caption": "Agenda", "Picture with Caption": "Photo",
                    "Title and Vertical Text": "Big Statement",
                    "Vertical Title and Text": "Closing Words"})
    for name in _layouts(parts):  # "Big Statement": one large centred title
        root = _xml(parts[name])
        if root.find("p:cSld", NS).get("name") != "Big Statement":
            continue
        tree = root.find("p:cSld/p:spTree", NS)
        for sp in tree.findall("p:sp", NS):
            ph = sp.find(".//p:ph", NS)
            if ph is not None and ph.get("type") == "body":
                tree.remove(sp)
            elif ph is not None and ph.get("type") == "title":
                sp_pr = sp.find("p:spPr", NS)
                for child in list(sp_pr):
                    sp_pr.remove(child)
                etree.SubElement(sp_pr, f"{{{NS['a']}}}xfrm").extend([
                    etree.fromstring(f'<a:off xmlns:a="{NS["a"]}" x="457200" y="1828800"/>'),
                    etree.fromstring(f'<a:ext xmlns:a="{NS["a"]}" cx="8229600" cy="2286000"/>')])
        parts[name] = _bytes(root)
    _band(parts, "ppt/slideMasters/slideMaster1.xml", "0B6E4F", 9144000)
    _theme(parts, "ppt/theme/theme1.xml", "Georgia", "Verdana",
           {"dk2": "0B3D2E", "accent1": "0B6E4F", "accent2": "C8A2C8"})
    _save(parts, HERE / "custom43.pptx")


def twomasters() -> None:
    """16:9 (960 x 540 pt) with a second master, "Dark", whose layouts are named "Dark ..."."""
    parts = _parts()
    _scale(parts, 4 / 3, 12192000, 6858000)
    layouts = _layouts(parts)
    count = len(layouts)
    master = _xml(parts["ppt/slideMasters/slideMaster1.xml"])
    master.find("p:cSld", NS).set("name", "Light")
    parts["ppt/slideMasters/slideMaster1.xml"] = _bytes(master)
    dark = _xml(parts["ppt/slideMasters/slideMaster1.xml"])
    dark.find("p:cSld", NS).set("name", "Dark")
    for number, entry in enumerate(dark.iterfind("p:sldLayoutIdLst/p:sldLayoutId", NS)):
        entry.set("id", str(2147483649 + count + 1 + number))
    parts["ppt/slideMasters/slideMaster2.xml"] = _bytes(dark)
    rels = _xml(parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"])
    for rel in rels:
        if rel.get("Type") == LAYOUT_RT:
            number = int(re.findall(r"\d+", rel.get("Target"))[-1])
            rel.set("Target", f"../slideLayouts/slideLayout{number + count}.xml")
        elif rel.get("Type") == THEME_RT:
            rel.set("Target", "../theme/theme2.xml")
    parts["ppt/slideMasters/_rels/slideMaster2.xml.rels"] = _bytes(rels)
    parts["ppt/theme/theme2.xml"] = parts["ppt/theme/theme1.xml"]
    types = _xml(parts["[Content_Types].xml"])
    ct = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
    for name in layouts:
        number = int(re.findall(r"\d+", name)[-1]) + count
        root = _xml(parts[name])
        c_sld = root.find("p:cSld", NS)
        c_sld.set("name", "Dark " + c_sld.get("name"))
        parts[f"ppt/slideLayouts/slideLayout{number}.xml"] = _bytes(root)
        parts[f"ppt/slideLayouts/_rels/slideLayout{number}.xml.rels"] = parts[
            f"ppt/slideLayouts/_rels/{name.rsplit('/', 1)[1]}.rels"].replace(
            b"slideMaster1.xml", b"slideMaster2.xml")
        etree.SubElement(types, ct, PartName=f"/ppt/slideLayouts/slideLayout{number}.xml",
                         ContentType=CT_LAYOUT)
    etree.SubElement(types, ct, PartName="/ppt/slideMasters/slideMaster2.xml",
                     ContentType=CT_MASTER)
    etree.SubElement(types, ct, PartName="/ppt/theme/theme2.xml", ContentType=CT_THEME)
    parts["[Content_Types].xml"] = _bytes(types)
    pres_rels = _xml(parts["ppt/_rels/presentation.xml.rels"])
    etree.SubElement(pres_rels, f"{{{RELS}}}Relationship", Id="rId99", Type=MASTER_RT,
                     Target="slideMasters/slideMaster2.xml")
    parts["ppt/_rels/presentation.xml.rels"] = _bytes(pres_rels)
    pres = _xml(parts["ppt/presentation.xml"])
    entry = etree.SubElement(pres.find("p:sldMasterIdLst", NS), f"{{{NS['p']}}}sldMasterId")
    entry.set("id", str(2147483649 + count))
    entry.set(f"{{{NS['r']}}}id", "rId99")
    parts["ppt/presentation.xml"] = _bytes(pres)
    _band(parts, "ppt/slideMasters/slideMaster2.xml", "1F2933", 12192000)
    _save(parts, HERE / "twomasters.pptx")


def impress() -> None:
    """Through LibreOffice Impress: opened from .odp and saved as .pptx, as a user would."""
    parts = _parts()
    _scale(parts, 4 / 3, 12192000, 6858000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _save(parts, folder / "start.pptx")
        profile = f"-env:UserInstallation=file://{folder}/profile"
        for target, source in (("odp", "start.pptx"), ("pptx", "start.odp")):
            subprocess.run(["soffice", profile, "--headless", "--convert-to", target,
                            "--outdir", str(folder / target), str(folder / source)],
                           check=True, capture_output=True, timeout=300)
            shutil.copy(folder / target / f"start.{target}", folder / f"start.{target}")
        data = (folder / "start.pptx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # the same bytes each run: no clock in it
        parts = {n: z.read(n) for n in z.namelist()}
    _save(parts, HERE / "impress.pptx")


if __name__ == "__main__":
    custom43()
    twomasters()
    impress()
