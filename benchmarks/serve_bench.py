"""``deckgen serve`` on the lecture: from a save to the new picture, and preview with it running.

Used by ``run.py``.  The edit-to-picture time is measured as the page sees it:
from writing the file to having fetched the changed slide's new picture, told
by the server's event stream (the page's own ``/events``).  ``deckgen preview``
of the whole lecture is timed cold first (no LibreOffice running, an empty
slide cache: every slide drawn), then while ``deckgen serve`` keeps one
running, each time after a title edit no preview has drawn yet.
"""

from __future__ import annotations

import json
import re
import select
import shutil
import statistics
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any


def _deckgen(*args: str) -> list[str]:
    import sys

    script = Path(sys.executable).parent / "deckgen"
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "deckgen", *args]


class _Stream:
    """States from the server's event stream, read on a thread."""

    def __init__(self, url: str):
        self.states: list[dict[str, Any]] = []
        self.cond = threading.Condition()
        self.answer = urllib.request.urlopen(url + "events", timeout=300)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self.answer:
                line = raw.decode().rstrip("\n")
                if line.startswith("data: "):
                    with self.cond:
                        self.states.append(json.loads(line[6:]))
                        self.cond.notify_all()
        except (OSError, ValueError):
            pass

    def after(self, version: int, timeout: float) -> dict[str, Any]:
        """The first state newer than ``version`` that changed a picture."""
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                for state in self.states:
                    if state["version"] > version and (state["changed"]
                                                       or state["status"] == "failed"):
                        return state
                if not self.cond.wait(max(0.0, end - time.monotonic())):
                    raise TimeoutError("no new picture within the time allowed")


def _start(deck: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(_deckgen("serve", str(deck), "--port", "0", "-o",
                                     str(deck.parent.parent / "serve.pptx")),
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = ""
    end = time.monotonic() + 300
    while time.monotonic() < end:
        ready, _, _ = select.select([proc.stderr], [], [], 1)
        if not ready:
            continue
        line = proc.stderr.readline()
        if not line:
            break
        found = re.search(r"(http://\S+/)", line)
        url = found.group(1) if found and not url else url
        if " drew " in line:
            return proc, url
    proc.kill()
    raise RuntimeError("deckgen serve did not draw the deck")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    return time.perf_counter() - start


def measure(deck: Path, folder: Path, env: dict[str, str], edits: int = 10,
            previews: int = 3) -> dict[str, float]:
    """Median edit-to-picture seconds, and median preview seconds cold and warm."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(deck.parent, folder / "deck")
    copy = folder / "deck" / deck.name
    preview = _deckgen("preview", str(copy), "-o", str(folder / "preview"))
    cold = []
    for _ in range(previews):  # no slide in the cache, no LibreOffice running
        shutil.rmtree(Path(env["DECKGEN_CACHE"]) / "slides", ignore_errors=True)
        cold.append(_timed(preview, env))
    proc, url = _start(copy, env)
    try:
        latency = _edits(url, _text_file(copy), edits)
        warm = _edited_previews(url, _text_file(copy), preview, env, previews)
    finally:
        _stop(proc)
    return {"edit": statistics.median(latency), "edit_max": max(latency),
            "cold": statistics.median(cold), "warm": statistics.median(warm)}


def _edits(url: str, target: Path, count: int) -> list[float]:
    """Change one slide title ``count`` times; seconds from save to new picture fetched."""
    stream = _Stream(url)
    original = target.read_text(encoding="utf-8")
    title = re.search(r'^- title: "?([^"\n]+)', original, re.MULTILINE)
    if title is None:
        raise RuntimeError(f"no slide title to edit in {target}")
    times = []
    version = json.loads(urllib.request.urlopen(url + "state").read())["version"]
    try:
        for i in range(count):
            text = original.replace(title.group(1), f"{title.group(1)} {i + 1}", 1)
            start = time.perf_counter()
            target.write_text(text, encoding="utf-8")
            state = stream.after(version, 60)
            if state["status"] == "failed":
                raise RuntimeError(state["problems"][:1])
            for number in state["changed"]:
                urllib.request.urlopen(url.rstrip("/") + state["slides"][number - 1]["src"]).read()
            times.append(time.perf_counter() - start)
            version = state["version"]
    finally:
        target.write_text(original, encoding="utf-8")
    return times


def _edited_previews(url: str, target: Path, preview: list[str], env: dict[str, str],
                     count: int) -> list[float]:
    """Preview after a title edit nobody has previewed: that slide is drawn again.

    serve draws the edit first (its pictures stay in its memory), so the
    preview's own drawing does not share LibreOffice with it.
    """
    stream = _Stream(url)
    original = target.read_text(encoding="utf-8")
    title = re.search(r'^- title: "?([^"\n]+)', original, re.MULTILINE)
    if title is None:
        raise RuntimeError(f"no slide title to edit in {target}")
    version = json.loads(urllib.request.urlopen(url + "state").read())["version"]
    times = []
    try:
        for i in range(count):
            text = original.replace(title.group(1), f"{title.group(1)} (preview {i + 1})", 1)
            target.write_text(text, encoding="utf-8")
            version = stream.after(version, 60)["version"]
            times.append(_timed(preview, env))
    finally:
        target.write_text(original, encoding="utf-8")
    return times


def _text_file(deck: Path) -> Path:
    sections = sorted((deck.parent / "sections").glob("*.yaml"))
    return sections[1] if len(sections) > 1 else deck
