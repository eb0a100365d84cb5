"""``deckgen serve``: the built deck in a browser, following every save.

The page shows every slide as LibreOffice draws the built .pptx, a large view
of the selected one with its speaker notes, and the ``file:line`` it is written
at.  The build loop is ``deckgen watch``'s (:func:`deckgen.app.watch.follow`);
after each good build the slides whose parts changed are drawn again by one
LibreOffice kept running (:mod:`deckgen.app.render`), and the page is told over
server-sent events which pictures changed, so it swaps just those and keeps its
scroll and selection.  A build with errors leaves the pictures of the last good
one and shows the problems instead.

Safe by default: it listens on loopback only, answers only for its own host
names (a page elsewhere cannot reach it by DNS rebinding), and serves nothing
from the disk at request time: its page and assets are read at start into
memory (regular files of its own folder only), the pictures live in memory,
and every other path is a 404.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import signal
import threading
import time
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import click

from deckgen.app.pipeline import Options, Result, build, default_output
from deckgen.app.render import INSTALL_HINT, Office, RenderError, find_tools, render_slides
from deckgen.app.report import EXIT_DECK, EXIT_OK, one_line, report
from deckgen.app.watch import follow, remember, watched
from deckgen.errors import Location, display_path

ASSETS = Path(__file__).with_name("serve_assets")
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8"}
RESOLUTION = 96  # pixels per inch: a 16:9 slide is 1280 x 720, sharp in the large view
PING_SECONDS = 15.0  # an idle event stream sends a comment this often, so proxies keep it
EDITOR_URL = "vscode://file/{path}:{line}:{col}"
_SLIDE_PATH = re.compile(r"/slides/([1-9][0-9]{0,5})\.png")


@dataclass(frozen=True)
class Slide:
    """One slide as the page shows it."""

    png: bytes
    digest: str  # of the PNG: the page fetches a picture again only when this changes
    key: str  # of the slide's parts in the .pptx: LibreOffice draws it again only then
    title: str
    place: str  # file:line, as problems are shown
    link: str
    notes: str


@dataclass
class Board:
    """What the page shows, shared by the build loop and the request threads."""

    look: dict[str, str]
    deck: str
    version: int = 0
    slides: list[Slide] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    status: str = "building"
    changed: list[int] = field(default_factory=list)
    stopping: bool = False
    built_at: float = 0.0
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, **values: Any) -> None:
        with self._cond:
            for name, value in values.items():
                setattr(self, name, value)
            self.version += 1
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self.stopping = True
            self._cond.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The version after ``seen``, or ``seen`` again after ``timeout`` seconds."""
        with self._cond:
            self._cond.wait_for(lambda: self.version != seen or self.stopping, timeout)
            return self.version

    def picture(self, number: int) -> bytes | None:
        with self._cond:
            slides = self.slides
        return slides[number - 1].png if 0 < number <= len(slides) else None

    def snapshot(self) -> dict[str, Any]:
        with self._cond:
            return {
                "version": self.version, "deck": self.deck, "status": self.status,
                "look": self.look, "problems": self.problems, "changed": self.changed,
                "slides": [{"number": n, "src": f"/slides/{n}.png?v={s.digest}",
                            "digest": s.digest, "title": s.title, "place": s.place,
                            "link": s.link, "notes": s.notes}
                           for n, s in enumerate(self.slides, start=1)]}


# --- the build loop -----------------------------------------------------------------------

@dataclass
class Builder:
    deck: Path
    options: Options
    board: Board
    office: Office
    pdftoppm: str
    editor: str
    resolution: int = RESOLUTION

    def rebuild(self, state: Any) -> Result:
        start = time.perf_counter()
        result = build(self.deck, self.options)
        remember(state, result)
        report(result)
        problems = [_problem(p) for p in sorted(result.problems, key=_order)]
        stamp = time.strftime("%H:%M:%S")
        if result.output is None:
            click.echo(f"{stamp} {self.deck}: failed with {len(problems)} problem(s); "
                       "the page keeps the last good slides", err=True)
            self.board.publish(problems=problems, changed=[], status="failed")
            return result
        try:
            slides, changed = self._draw(result)
        except RenderError as exc:
            click.echo(f"deckgen: error: {exc}", err=True)
            self.board.publish(problems=problems, changed=[],
                               status=f"LibreOffice could not draw the deck: {exc}")
            return result
        status = "ok" if not self.office.restarts else (
            f"LibreOffice stopped and was started again ({self.office.restarts}x)")
        self.board.publish(slides=slides, problems=problems, changed=changed, status=status,
                           built_at=time.time())
        click.echo(f"{stamp} built {display_path(result.output)} and drew "
                   f"{len(changed)} changed slide(s) in "
                   f"{(time.perf_counter() - start) * 1000:.0f} ms", err=True)
        return result

    def _draw(self, result: Result) -> tuple[list[Slide], list[int]]:
        """The new slides, and the numbers of those whose picture changed."""
        from deckgen.app.render import slide_keys

        assert result.output is not None
        old = self.board.slides
        keys = slide_keys(result.output)
        todo = [i for i, key in enumerate(keys) if i >= len(old) or old[i].key != key]
        drawn = render_slides(self.office, self.pdftoppm, result.output, todo, len(keys),
                              self.resolution)
        slides, changed = [], []
        for index, key in enumerate(keys):
            png = drawn[index] if index in drawn else old[index].png
            digest = hashlib.sha256(png).hexdigest()[:16]
            info = result.outline[index] if index < len(result.outline) else None
            slides.append(self._slide(png, digest, key, info))
            if index >= len(old) or old[index].digest != digest:
                changed.append(index + 1)
        return slides, changed

    def _slide(self, png: bytes, digest: str, key: str, info: Any) -> Slide:
        if info is None:
            return Slide(png, digest, key, "", "", "", "")
        where = info.where
        if not where.line:  # a slide deckgen made (the cover): it comes from the deck file
            where = Location(str(self.deck), 1, 1)
        path = Path(where.file).resolve()
        place = f"{display_path(where.file)}:{where.line}" if where.line else where.file
        link = self.editor.format(path=quote(str(path)), line=where.line or 1,
                                  col=where.col or 1) if self.editor else ""
        return Slide(png, digest, key, _plain(info.title), place, link, info.notes)


def _plain(text: str) -> str:
    from deckgen.model import markup

    try:
        return markup.plain(text)
    except Exception:  # a title is shown as written when its marks do not parse
        return text


def _order(problem: Any) -> tuple:
    where = problem.where
    return (where.file, where.line, where.col) if where else ("", 0, 0)


def _problem(problem: Any) -> dict[str, Any]:
    where = problem.where
    return {"text": one_line(problem.format()), "level": "error" if problem.is_error
            else "warning", "file": where.file if where else "",
            "line": where.line if where else 0, "col": where.col if where else 0}


# --- the HTTP side ------------------------------------------------------------------------

def load_assets(folder: Path = ASSETS) -> dict[str, tuple[bytes, str]]:
    """The page's own files, by URL path: regular files directly in ``folder`` only."""
    found: dict[str, tuple[bytes, str]] = {}
    for path in sorted(folder.iterdir()):
        if path.is_symlink() or not path.is_file() or path.suffix not in TYPES:
            continue
        found["/" + path.name] = (path.read_bytes(), TYPES[path.suffix])
    found["/"] = found["/index.html"]
    return found


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD of the page, its assets, its state, its event stream and the pictures."""

    server: Server
    protocol_version = "HTTP/1.1"
    server_version = "deckgen"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Requests are not logged: the terminal is for the deck's problems."""

    def _answer(self, body: bool) -> None:
        if not self.server.host_allowed(self.headers.get("Host", "")):
            self._send(403, b"unknown host name\n", "text/plain; charset=utf-8", body)
            return
        path = urlsplit(self.path).path
        if path in self.server.assets:
            data, kind = self.server.assets[path]
            self._send(200, data, kind, body)
        elif path == "/state":
            data = json.dumps(self.server.board.snapshot()).encode()
            self._send(200, data, "application/json", body)
        elif path == "/events" and body:
            self._events()
        elif (match := _SLIDE_PATH.fullmatch(path)) and (
                png := self.server.board.picture(int(match.group(1)))) is not None:
            self._send(200, png, "image/png", body)
        else:
            self._send(404, b"not found\n", "text/plain; charset=utf-8", body)

    def _send(self, status: int, data: bytes, kind: str, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self._common_headers()
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _common_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy",
                         "default-src 'self'; img-src 'self'; style-src 'self'; "
                         "script-src 'self'; frame-ancestors 'none'")

    def _events(self) -> None:
        """Server-sent events: the whole state (a few kB) at each new version."""
        board = self.server.board
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self._common_headers()
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not board.stopping:
                if board.version != seen:
                    state = board.snapshot()
                    seen = state["version"]
                    data = json.dumps(state)
                    self.wfile.write(f"id: {seen}\nevent: state\ndata: {data}\n\n".encode())
                elif board.wait(seen, PING_SECONDS) == seen and not board.stopping:
                    self.wfile.write(b": ping\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, port: int, board: Board, checked_hosts: bool):
        if ":" in host:
            import socket

            self.address_family = socket.AF_INET6
        super().__init__((host, port), Handler)
        self.board = board
        self.assets = load_assets()
        self.checked_hosts = checked_hosts
        port = self.server_address[1]
        names = {"localhost", "127.0.0.1", "[::1]", host if ":" not in host else f"[{host}]"}
        self.hosts = {f"{name}:{port}" for name in names}

    def host_allowed(self, header: str) -> bool:
        return not self.checked_hosts or header.lower() in self.hosts

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# --- the command --------------------------------------------------------------------------

def serve_deck(deck: Path, options: Options, host: str, port: int, open_page: bool,
               editor: str, timeout: float) -> int:
    """Serve the page until Ctrl-C or SIGTERM; leave no LibreOffice behind."""
    tools = find_tools()
    if tools is None:
        click.echo(INSTALL_HINT, err=True)
        return EXIT_DECK
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if not is_loopback(host):
        click.echo(f"deckgen: warning: serving on {host}, not only on this machine: anyone "
                   "who can reach it sees the deck", err=True)
    options = replace(options, output=Path(options.output) if options.output
                      else default_output(deck))
    board = Board(look=page_look(deck, options), deck=display_path(deck))
    try:
        server = Server(host, port, board, checked_hosts=is_loopback(host))
    except OSError as exc:
        click.echo(f"deckgen: error: cannot listen on {host}:{port}: {exc.strerror or exc}",
                   err=True)
        return EXIT_DECK
    office = Office(tools[0], timeout, advertise=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              daemon=True)
    thread.start()
    click.echo(f"serving {display_path(deck)} at {server.url} (Ctrl-C to stop)", err=True)
    builder = Builder(deck, options, board, office, tools[1], editor)
    state = watched(deck, options)
    try:
        if open_page:
            _open(server.url)
        follow(state, lambda: builder.rebuild(state))
    except KeyboardInterrupt:
        click.echo("stopped serving", err=True)
    finally:
        board.stop()
        server.shutdown()
        server.server_close()
        office.close()
    return EXIT_OK


def _open(url: str) -> None:
    import webbrowser

    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()


def page_look(deck: Path, options: Options) -> dict[str, str]:
    """The page's colours and fonts: the deck's own theme, so no colour is written here."""
    from deckgen.app.preview import theme_for

    theme = theme_for(deck, options)
    colors = theme.colors
    return {"background": colors.surface, "text": colors.text, "muted": colors.muted,
            "accent": colors.accent, "on_accent": colors.on_accent,
            "slide": colors.background, "font": theme.fonts.body,
            "heading": theme.fonts.heading, "mono": theme.fonts.mono}

