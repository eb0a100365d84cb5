"""A LibreOffice client run by the system Python, which has LibreOffice's ``uno`` module.

``deckgen serve`` keeps one headless ``soffice`` listening on a named pipe and
this script connected to it; the venv's Python cannot import ``uno`` (Debian's
python3-uno is built for ``/usr/bin/python3``), so the two talk over stdin and
stdout, one JSON request and one JSON answer a line:

    {"pptx": "/abs/deck.pptx", "pdf": "/abs/out.pdf"}
    {"ok": true, "ms": 412}   or   {"ok": false, "error": "..."}

``{"quit": true}`` ends LibreOffice cleanly (it removes its pipes).  ``pages``
(a PDF export page range) is optional.  This file imports only the standard
library and ``uno``: it never imports deckgen.
"""

from __future__ import annotations

import json
import sys
import time

CONNECT_SECONDS = 60.0  # a cold LibreOffice takes a few seconds to open its pipe


def _connect(pipe: str, seconds: float):  # noqa: ANN202 - uno types have no stubs
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    end = time.monotonic() + seconds
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


def _props(**values: object) -> tuple:
    import uno
    from com.sun.star.beans import PropertyValue

    found = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = uno.Any("[]com.sun.star.beans.PropertyValue", value) \
            if isinstance(value, tuple) else value
        found.append(prop)
    return tuple(found)


def _export(desktop, request: dict) -> None:  # noqa: ANN001
    import uno

    source = uno.systemPathToFileUrl(request["pptx"])
    target = uno.systemPathToFileUrl(request["pdf"])
    doc = desktop.loadComponentFromURL(source, "_blank", 0,
                                       _props(Hidden=True, ReadOnly=True))
    if doc is None:
        raise RuntimeError(f"LibreOffice could not open {request['pptx']}")
    try:
        filter_data = _props(PageRange=request["pages"]) if request.get("pages") else ()
        doc.storeToURL(target, _props(FilterName="impress_pdf_Export",
                                      FilterData=filter_data))
    finally:
        doc.close(True)


def main() -> int:
    pipe = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else CONNECT_SECONDS
    try:
        desktop = _connect(pipe, seconds)
    except Exception as exc:  # not there: one answer, so the caller need not wait
        print(json.dumps({"ok": False, "error": f"{type(exc).__name__}: {exc}"}), flush=True)
        return 1
    print(json.dumps({"ok": True, "ready": True}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        if json.loads(line).get("quit"):
            desktop.terminate()  # LibreOffice exits and removes its pipes
            return 0
        start = time.perf_counter()
        try:
            _export(desktop, json.loads(line))
            answer = {"ok": True, "ms": round((time.perf_counter() - start) * 1000)}
        except Exception as exc:  # every failure is an answer; the caller restarts us
            answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:500]}
        print(json.dumps(answer), flush=True)
        if not answer["ok"] and "DisposedException" in answer["error"]:
            return 1  # LibreOffice went away: nothing more can work over this bridge
    return 0


if __name__ == "__main__":
    sys.exit(main())
