"""``deckgen serve``: the real server, the real LibreOffice, a real browser.

One server runs for the module (starting LibreOffice costs seconds); each test
leaves the deck as it found it.  The server gets a TMPDIR of its own, so the
tests can see that LibreOffice's profile and pipes are gone when it stops.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import write
from deckgen.app.serve import is_loopback, load_assets

DECK = """\
    deck: {title: Served, theme: default}
    slides:
      - title: Opening
        bullets: [first point]
        notes: Say hello.
      - include: part.yaml
      - title: Closing
        bullets: [last point]
    """
PART = "- title: Middle\n  bullets: [alpha, beta]\n"
PNG = b"\x89PNG\r\n\x1a\n"


class Served:
    """A ``deckgen serve`` process, its URL, and an event reader."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.tmp = folder / "tmp"
        self.tmp.mkdir()
        env = {**os.environ, "TMPDIR": str(self.tmp), "DECKGEN_CACHE": str(folder / "cache")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "deckgen", "serve", "deck.yaml", "--port", "0", "-o",
             "out/deck.pptx"], cwd=folder, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        self.log: list[str] = []
        line = self.wait_line(r"serving .* at (http://\S+/)", 60)
        self.url = re.search(r"(http://\S+/)", line).group(1)

    def wait_line(self, pattern: str, timeout: float) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            ready, _, _ = select.select([self.proc.stderr], [], [], 0.2)
            if ready:
                line = self.proc.stderr.readline()
                self.log.append(line)
                if re.search(pattern, line):
                    return line
        raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(self.log)}")

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url.rstrip("/") + path, timeout=30) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def state(self) -> dict:
        return json.loads(self.get("/state")[1])

    def raw(self, path: str, host: str | None = None) -> int:
        """A request with the path exactly as written, as a hostile client sends it."""
        address = self.url.split("//")[1].rstrip("/")
        name, port = address.rsplit(":", 1)
        conn = http.client.HTTPConnection(name, int(port), timeout=30)
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host or address)
        conn.endheaders()
        status = conn.getresponse().status
        conn.close()
        return status

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


class Events:
    """Server-sent events read on a thread; ``wait`` returns the first state that fits."""

    def __init__(self, url: str):
        self.states: list[dict] = []
        self.cond = threading.Condition()
        self.answer = urllib.request.urlopen(url + "events", timeout=120)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        data = ""
        try:
            for raw in self.answer:
                line = raw.decode().rstrip("\n")
                if line.startswith("data: "):
                    data = line[6:]
                elif not line and data:
                    with self.cond:
                        self.states.append(json.loads(data))
                        self.cond.notify_all()
                    data = ""
        except (OSError, ValueError):
            pass

    def wait(self, test, timeout: float = 90) -> dict:  # noqa: ANN001
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                for state in self.states:
                    if test(state):
                        return state
                left = end - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no such state; last: {self.states[-1:]}")
                self.cond.wait(left)

    def close(self) -> None:
        self.answer.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("served")
    write(folder, DECK)
    write(folder, PART, "part.yaml")
    server = Served(folder)
    try:
        server.wait_line(r"built .* drew 4 changed slide|error", 180)
        yield server
    finally:
        server.stop()


def _settle(served: Served, timeout: float = 90) -> None:
    """Wait until the page shows the deck as written again, so tests do not overlap."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        state = served.state()
        if state["status"] != "failed" and [s["title"] for s in state["slides"]] == [
                "Served", "Opening", "Middle", "Closing"]:
            return
        time.sleep(0.1)
    raise AssertionError(f"the deck was not shown as written again: {served.state()}")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_page_pictures_notes_and_places(served: Served) -> None:
    status, page = served.get("/")
    assert status == 200 and b"/page.js" in page
    assert served.get("/page.js")[0] == 200 and served.get("/page.css")[0] == 200
    state = served.state()
    assert state["status"] == "ok" and len(state["slides"]) == 4
    cover, first, middle = state["slides"][:3]
    assert cover["title"] == "Served" and cover["place"] == "deck.yaml:1"
    assert first["notes"] == "Say hello." and first["title"] == "Opening"
    assert first["place"] == "deck.yaml:3" and middle["place"] == "part.yaml:1"
    assert middle["link"].endswith("part.yaml:1:3")
    for number in (1, 2, 3, 4):
        status, png = served.get(f"/slides/{number}.png")
        assert status == 200 and png.startswith(PNG)


def test_an_edit_redraws_only_that_slide(served: Served) -> None:
    before = served.state()
    events = Events(served.url)
    try:
        _edit(served.folder / "part.yaml", "Middle", "Centre")
        after = events.wait(lambda s: s["version"] > before["version"] and s["changed"])
    finally:
        events.close()
        _edit(served.folder / "part.yaml", "Centre", "Middle")
        _settle(served)
    assert after["changed"] == [3]
    digests = [[s["digest"] for s in x["slides"]] for x in (before, after)]
    assert [a == b for a, b in zip(*digests, strict=True)] == [True, True, False, True]
    assert after["slides"][2]["title"] == "Centre"


def test_a_broken_save_shows_its_problems_and_keeps_the_slides(served: Served) -> None:
    events = Events(served.url)
    good = served.state()
    try:
        _edit(served.folder / "part.yaml", "  bullets: [alpha, beta]", "  bulets: [alpha]")
        # A loaded machine may rebuild between the save's truncation and its write
        # ("file is empty"); the page must settle on the saved text's problem.
        failed = events.wait(lambda s: s["status"] == "failed"
                             and any("bulets" in p["text"] for p in s["problems"]))
        problem = failed["problems"][0]
        assert problem["level"] == "error" and problem["file"].endswith("part.yaml")
        assert re.match(r"part\.yaml:2:\d+: error: unknown key 'bulets'", problem["text"])
        assert [s["digest"] for s in failed["slides"]] == [s["digest"] for s in good["slides"]]
        assert served.get("/slides/3.png")[0] == 200
    finally:
        _edit(served.folder / "part.yaml", "  bulets: [alpha]", "  bullets: [alpha, beta]")
        events.wait(lambda s: s["status"] == "ok" and not s["problems"]
                    and s["version"] > failed["version"])
        events.close()


@pytest.mark.parametrize("path", [
    "/../deck.yaml", "/%2e%2e/deck.yaml", "/..%2fdeck.yaml", "/deck.yaml", "/part.yaml",
    "/out/deck.pptx", "//etc/passwd", "/etc/passwd", "/slides/", "/slides/0.png",
    "/slides/5.png", "/slides/01.png", "/slides/../page.js", "/slides/1.png/..",
    "/serve_assets/page.js", "/page.js/", "/index.html/../../deck.yaml", "/render.py",
    "/uno_bridge.py"])
def test_other_paths_are_not_found(served: Served, path: str) -> None:
    assert served.raw(path) == 404


def test_other_host_names_are_refused(served: Served) -> None:
    """A page on another site that rebinds its name to 127.0.0.1 gets nothing."""
    assert served.raw("/state", host="attacker.example") == 403
    assert served.raw("/state") == 200


def test_it_listens_on_loopback_only(served: Served) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


def test_assets_are_regular_files_of_their_own_folder(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>page</p>")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "outside.js").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.js").write_text("deep")
    assert sorted(load_assets(tmp_path)) == ["/", "/index.html"]


def test_a_killed_libreoffice_is_started_again_and_the_page_says_so(served: Served) -> None:
    office = _office_pids(served.tmp)
    assert office, "LibreOffice is not running with the server's profile"
    for pid in office:
        os.kill(pid, signal.SIGKILL)
    events = Events(served.url)
    try:
        _edit(served.folder / "deck.yaml", "Closing", "Ending")
        state = events.wait(lambda s: "started again" in s["status"] and s["changed"])
        assert state["changed"] == [4]
    finally:
        events.close()
        _edit(served.folder / "deck.yaml", "Ending", "Closing")
        _settle(served)


def test_the_browser_page_follows_edits_and_shows_problems(served: Served) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1200,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(served.url + "#3")
        big = "document.getElementById('large-img')"
        _until(driver, f"{big}.dataset.loaded === {big}.dataset.digest "
                       "&& document.querySelectorAll('#grid figure').length === 4")
        assert driver.find_element("id", "large-place").text == "part.yaml:1"
        first = driver.execute_script(f"return {big}.dataset.loaded")
        _edit(served.folder / "part.yaml", "Middle", "Center")
        _until(driver, f"{big}.dataset.loaded && {big}.dataset.loaded !== '{first}' "
                       f"&& {big}.dataset.loaded === {big}.dataset.digest")
        assert driver.find_element("id", "large-title").text == "Center"
        assert driver.execute_script("return location.hash") == "#3"  # selection kept
        _edit(served.folder / "part.yaml", "  bullets: [alpha, beta]", "  bulets: [alpha]")
        _until(driver, "!document.getElementById('problems').hidden")
        text = driver.find_element("id", "problem-list").text
        assert re.search(r"part\.yaml:2:\d+: error: unknown key 'bulets'", text)
        assert driver.execute_script(f"return {big}.dataset.digest === {big}.dataset.loaded "
                                     f"&& {big}.dataset.loaded !== '{first}'")  # kept
    finally:
        driver.quit()
        (served.folder / "part.yaml").write_text(PART, encoding="utf-8")
        _settle(served)


def _until(driver, script: str, timeout: float = 90) -> None:  # noqa: ANN001
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if driver.execute_script(f"return {script}"):
            return
        time.sleep(0.1)
    raise AssertionError(f"the page never satisfied: {script}")


def _office_pids(tmp: Path) -> list[int]:
    """LibreOffice processes started with a profile under ``tmp``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "soffice" in command and str(tmp) in command:
            found.append(int(entry.name))
    return found


def test_preview_uses_the_libreoffice_serve_keeps(served: Served) -> None:
    env = {**os.environ, "DECKGEN_CACHE": str(served.folder / "cache")}
    done = subprocess.run([sys.executable, "-m", "deckgen", "preview", "deck.yaml", "-o",
                           "preview"], cwd=served.folder, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "through the LibreOffice deckgen serve keeps running" in done.stdout
    pages = sorted((served.folder / "preview").glob("slide-*.png"))
    assert len(pages) == 4 and all(p.read_bytes().startswith(PNG) for p in pages)


def test_sigterm_leaves_no_libreoffice_and_no_profile(tmp_path: Path) -> None:
    write(tmp_path, DECK)
    write(tmp_path, PART, "part.yaml")
    server = Served(tmp_path)
    try:
        server.wait_line(r"built .* drew 4 changed slide|error", 180)
        assert _office_pids(server.tmp)
        note = json.loads(next((tmp_path / "cache" / "office").glob("*.json")).read_text())
        assert Path(note["socket"]).is_socket()
    finally:
        code = server.stop()
    assert code == 0
    assert not _office_pids(server.tmp)
    assert list(server.tmp.iterdir()) == []
    assert list((tmp_path / "cache" / "office").iterdir()) == []  # no note of it left
    assert not Path(note["socket"]).exists()
