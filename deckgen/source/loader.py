"""Load stage: YAML files into plain data that remembers where it came from.

Mappings become :class:`PosDict` and sequences :class:`PosList`; both record
the :class:`Location` of themselves, of their keys and of their values, so any
later stage can point at the line that caused a problem.

Scalars are *not* given YAML 1.1's implicit types: ``NO`` stays the text
``NO`` and ``010`` stays ``010``.  Unquoted scalars become :class:`Plain`
strings so the model can turn them into numbers or booleans only where it
expects one (and refuse ambiguous spellings there).  Only ``null``, ``~`` and
an empty value mean "nothing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

try:  # libyaml scans about ten times faster than the pure-Python scanner
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None

from deckgen.errors import DeckError, Location, Problems, display_path
from deckgen.source.paths import resolve_inside

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 200_000
MAX_TEXT = 100_000  # characters in one scalar; far beyond any slide, notes included
MAX_INCLUDES = 500  # include items followed in one deck, nested ones counted
MAX_INCLUDE_DEPTH = 32  # files including files; the nesting is followed recursively
# Characters a deck's scalars add up to once every alias is expanded, summed over its
# includes: an alias names its text without copying it, so 190,000 aliases of a long
# scalar are a small file that would become gigabytes of slide text.
MAX_CHARS = 20_000_000
# Slides a deck may hold; counted while includes load, so a file included again and
# again is refused before it is all in memory (deckgen.model repeats the check).
MAX_SLIDES = 1_000
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
ALLOWED_TAGS = frozenset(
    {
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:map",
    }
)
# Characters XML 1.0 cannot hold (python-pptx would write them as _xHHHH_ junk),
# plus DEL and the C1 controls, which YAML refuses and no slide shows.
BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)

# Line breaks other than "\n" (from escapes such as "\r" or "\u2029", or CSV cells):
# text measuring cannot lay them out and a slide shows them as junk, so they
# become the one line break everything downstream knows.
_BREAKS = re.compile("\r\n?|[\x85\u2029]")


def normalize_breaks(text: str) -> str:
    return _BREAKS.sub("\n", text) if _BREAKS.search(text) else text


class Plain(str):
    """An unquoted YAML scalar, kept exactly as written."""

    __slots__ = ()


class PosDict(dict):
    """A mapping that knows where it and each of its entries stand."""

    loc: Location
    key_locs: dict[str, Location]
    value_locs: dict[str, Location]

    def where(self, key: str | None = None) -> Location:
        if key is None:
            return self.loc
        return self.value_locs.get(key) or self.key_locs.get(key) or self.loc

    def where_key(self, key: str) -> Location:
        return self.key_locs.get(key) or self.loc


class PosList(list):
    """A sequence that knows where it and each of its items stand."""

    loc: Location
    item_locs: list[Location]

    def where(self, index: int | None = None) -> Location:
        if index is None or not 0 <= index < len(self.item_locs):
            return self.loc
        return self.item_locs[index]


@dataclass
class Budget:
    """What a deck's files add up to, counted while they load: the limits hold for the
    deck as a whole, so splitting a bomb over includes does not get round them."""

    values: int = 0
    chars: int = 0
    slides: int = 0


@dataclass
class Source:
    """What the load stage hands on: the deck data and where it came from."""

    path: Path
    root: Path
    data: PosDict
    files: list[Path] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    budget: Budget = field(default_factory=Budget)


class _Refused(yaml.MarkedYAMLError):
    """A well-formed document deckgen will not build: reported without "YAML syntax"."""

    def __init__(self, problem: str, mark: Any, hint: str):
        super().__init__(problem=problem, problem_mark=mark)
        self.hint = hint


class _SafeComposer:
    """PyYAML's Python composer with limits on nesting and on aliases.

    The composer recurses once per nesting level and dies with a
    ``RecursionError`` near 600 levels; stopping at :data:`MAX_DEPTH` turns a
    hostile file into an ordinary located error.  Aliases share the node they
    name, so an "alias bomb" composes cheaply but would expand to billions of
    values when built: the expanded size is counted as each alias is met and
    refused at the alias that crosses :data:`MAX_VALUES`.  Every untagged
    scalar resolves to text: the model decides what it means.
    """

    depth = 0
    expanded = 0
    chars = 0
    before: Budget = Budget()  # what the deck's files loaded earlier already hold

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # noqa: D102
        self.depth += 1
        event = self.peek_event()
        if self.depth > MAX_DEPTH:
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", event.start_mark,
                           "a deck never needs it; flatten the structure")
        if isinstance(event, yaml.AliasEvent):
            self._count_alias(event)
        else:
            self.expanded += 1
            if isinstance(event, yaml.ScalarEvent):
                self.chars += len(event.value)
            self._check_budget(event)
        opened = getattr(event, "anchor", None) if isinstance(
            event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)) else None
        if opened:
            self.open_anchors = {*getattr(self, "open_anchors", set()), opened}
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1
            if opened:
                self.open_anchors = self.open_anchors - {opened}

    def _count_alias(self, event: yaml.AliasEvent) -> None:
        if event.anchor in getattr(self, "open_anchors", set()):
            raise _Refused(f"the alias *{event.anchor} is inside the value it names",
                           event.start_mark, "a value cannot contain itself")
        target = self.anchors.get(event.anchor)
        if target is not None:
            values, chars = _expanded_size(target, self.__dict__.setdefault("sizes", {}))
            self.expanded += values
            self.chars += chars
        self._check_budget(event)

    def _check_budget(self, event: yaml.Event) -> None:
        """Refuse at the node that crosses a limit, counting what aliases expand to and
        what the deck's other files already hold."""
        bomb = "anchors and aliases that repeat each other (an 'alias bomb') are refused"
        whole = ", counting the files it includes" if self.before.values else ""
        hint = bomb if isinstance(event, yaml.AliasEvent) or not whole else \
            "a file included again and again (an 'include bomb') is refused"
        if self.expanded + self.before.values > MAX_VALUES:
            what = "deck" if whole else "document"
            raise _Refused(f"the {what} expands to more than {MAX_VALUES:,} values here{whole}",
                           event.start_mark, hint)
        if self.chars + self.before.chars > MAX_CHARS:
            what = "deck" if whole else "document"
            raise _Refused(f"the {what} expands to more than {MAX_CHARS:,} characters of "
                           f"text here{whole}", event.start_mark, hint)

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return "tag:yaml.org,2002:str"
        if kind is SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


def _expanded_size(node: Node, sizes: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """Values and characters ``node`` stands for once every alias in it is expanded
    (memoised; both capped just past their limits, so the sums stay small)."""
    known = sizes.get(id(node))
    if known is None:
        values, chars = 1, 0
        if isinstance(node, ScalarNode):
            chars = len(node.value)
        children = node.value if isinstance(node, SequenceNode) else [
            part for pair in node.value for part in pair] if isinstance(node, MappingNode) \
            else []
        for child in children:
            more_values, more_chars = _expanded_size(child, sizes)
            values, chars = values + more_values, chars + more_chars
        known = (min(values, MAX_VALUES + 1), min(chars, MAX_CHARS + 1))
        sizes[id(node)] = known
    return known


class _PureLoader(_SafeComposer, Reader, Scanner, Parser, Composer, BaseResolver):
    def __init__(self, text: str):
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)


if CParser is not None:

    class _FastLoader(_SafeComposer, Composer, CParser, BaseResolver):
        """libyaml's events, composed in Python so the nesting limit still holds."""

        def __init__(self, text: str):
            CParser.__init__(self, text)
            Composer.__init__(self)
            BaseResolver.__init__(self)

    _Loader: type = _FastLoader
else:  # pragma: no cover
    _Loader = _PureLoader


def read_text(path: Path, problems: Problems) -> str:
    """Read a UTF-8 file (a BOM is fine), refusing huge or undecodable files."""
    name = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DeckError(
                f"file is {size / 1048576:.1f} MiB; deckgen reads YAML files of at most "
                f"{MAX_FILE_BYTES // 1048576} MiB",
                Location(name, 1, 1),
            )
        if not path.is_file() and path.exists() and not path.is_dir():
            raise DeckError("not a regular file", Location(name))  # a FIFO or a device
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:  # it grew after stat(), or stat() lied
            raise DeckError(f"file is larger than {MAX_FILE_BYTES // 1048576} MiB",
                            Location(name, 1, 1))
    except IsADirectoryError:
        raise DeckError("is a folder, not a YAML file", Location(name)) from None
    except FileNotFoundError:
        raise DeckError("file not found", Location(name)) from None
    except OSError as exc:
        raise DeckError(f"cannot read file: {exc.strerror}", Location(name)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DeckError(
            f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}",
            Location(name, line, col),
            hint="save the file as UTF-8",
        ) from None
    return strip_bad_chars(text, name, problems)


MAX_CHAR_WARNINGS = 20


def strip_bad_chars(text: str, name: str, problems: Problems) -> str:
    """Remove characters XML cannot hold, warning once at each line that had one.

    One pass over the lines (a hostile file may hold millions of them), and at
    most :data:`MAX_CHAR_WARNINGS` lines are named before a summary.
    """
    if not BAD_CHARS.search(text):
        return text
    lines = 0
    for number, line in enumerate(text.split("\n"), start=1):
        match = BAD_CHARS.search(line)
        if match is None:
            continue
        lines += 1
        if lines <= MAX_CHAR_WARNINGS:
            problems.warning(f"removed {describe_chars(BAD_CHARS.findall(line))} that a slide "
                             "cannot hold", Location(name, number, match.start() + 1))
    if lines > MAX_CHAR_WARNINGS:
        problems.warning(f"removed such characters from {lines - MAX_CHAR_WARNINGS} more lines",
                         Location(name, 1, 1))
    return BAD_CHARS.sub("", text)


def describe_chars(chars: list[str]) -> str:
    """``control character U+0007`` or ``characters U+0007, U+D800``: what was removed."""
    codes = list(dict.fromkeys(f"U+{ord(c):04X}" for c in chars))
    kinds = {"lone surrogate" if 0xD800 <= ord(c) <= 0xDFFF else "noncharacter"
             if ord(c) in (0xFFFE, 0xFFFF) else "control character" for c in chars}
    kind = kinds.pop() if len(kinds) == 1 else "character"
    shown = ", ".join(codes[:3]) + (f" and {len(codes) - 3} more" if len(codes) > 3 else "")
    return f"{kind}{'s' if len(codes) > 1 else ''} {shown}"


def parse_yaml(path: Path, problems: Problems, budget: Budget | None = None) -> Any:
    """Parse one YAML file into Pos* data; raises DeckError with a location.

    With ``budget``, the file's values and characters are added to what the
    deck's earlier files hold, and the limits apply to the sum.
    """
    text = read_text(path, problems)
    name = display_path(path)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise DeckError("file is empty", Location(name, 1, 1), hint="a deck starts with 'deck:'")
    node = _compose(text, name, _Loader, budget=budget)
    if node is None:
        raise DeckError("file is empty", Location(name, 1, 1), hint="a deck starts with 'deck:'")
    return _Builder(name, problems).build(node)


def _compose(text: str, name: str, loader_class: type,
             where_before: Location | None = None, budget: Budget | None = None) -> Node | None:
    """Compose the document's node graph, turning every YAML failure into a located error."""
    loader = loader_class(text)
    if budget is not None:
        loader.before = budget
    try:
        node = loader.get_single_node()
        if budget is not None:
            budget.values += loader.expanded
            budget.chars += loader.chars
        return node
    except _Refused as exc:
        mark = exc.problem_mark
        raise DeckError(str(exc.problem), Location(name, mark.line + 1, mark.column + 1),
                        hint=exc.hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        message = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        if "maximum nesting depth" in message:  # libyaml's own limit, met before ours
            raise DeckError(f"nesting deeper than {MAX_DEPTH} levels", where,
                            hint="a deck never needs it; flatten the structure") from None
        if "invalid Unicode character escape" in message and loader_class is not _PureLoader:
            # libyaml refuses "\ud800"; PyYAML reads it, and the builder then removes
            # the lone surrogate with a warning, as it does for every character XML refuses.
            return _compose(text, name, _PureLoader, where, budget)
        pasted = _unquoted_text(text, exc)
        if pasted is not None:  # Markdown pasted as YAML: say what to quote, and how
            problem, fix, line, column = pasted
            raise DeckError(problem, Location(name, line + 1, column), hint=fix) from None
        raise DeckError(
            f"YAML syntax: {message}", where, hint=_yaml_hint(message, text, exc)
        ) from None
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise DeckError(f"YAML: {exc.reason}", Location(name, line, col)) from None
    except yaml.YAMLError as exc:
        raise DeckError(f"YAML: {exc}", Location(name, 1, 1)) from None
    except (ValueError, OverflowError):  # PyYAML's chr() on an escape past U+10FFFF
        raise DeckError("YAML syntax: invalid Unicode character escape code",
                        where_before or Location(name, 1, 1),
                        hint="write \\uXXXX or \\UXXXXXXXX with a code point up to 10FFFF"
                        ) from None
    finally:
        loader.dispose()


def _yaml_hint(message: str, text: str = "", exc: Any = None) -> str | None:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        return "YAML indents with spaces, not tabs"
    if "expected a single document" in message:
        return "a deck file holds one YAML document; remove the '---' line"
    if "found character '\\t'" in message or "\\t" in message:
        return "YAML indents with spaces, not tabs"
    if "unknown escape" in message:
        return ("in double-quoted text write a backslash as \\\\ (so \\* is \\\\*),"
                " or use single quotes")
    if "quoted scalar" in message and "end of stream" in message:
        start = getattr(exc, "context_mark", None)
        if start is not None:
            return (f"the quote opened at line {start.line + 1}, column {start.column + 1} "
                    "is never closed")
    if "mapping values are not allowed" in message:
        return "quote text that contains ': '"
    return None


# Characters YAML reads as syntax at the start of a value, though Markdown text starts
# with them: `code`, **bold**, *italic*, @names, [links], {braces}, !, %, &, |, >.
_SYNTAX_STARTS = "`*@[{!%&|>"
_LINE_VALUE = re.compile(
    r"^(\s*(?:-\s+)*)((?:[^\s:#'\"`*@\[{!%&|>][^:#]*?:\s+)?)(.*?)\s*$")


def _unquoted_text(text: str, exc: Any) -> tuple[str, str, int, int] | None:
    """(message, fix, line index, column) when YAML failed on text that must be quoted.

    The line at the error (or, for a scanner that stopped later, the line where
    its context began) is split into its indent and list dashes, an optional
    ``key: ``, and the value; a value that starts with one of YAML's syntax
    characters, or holds ": ", is text pasted from Markdown.  The fix is the
    same line with the value quoted, so it can be copied back as it is.
    """
    lines = text.split("\n")
    for mark in (getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)):
        if mark is None or mark.line >= len(lines):
            continue
        found = _LINE_VALUE.match(lines[mark.line])
        if not found:
            continue
        lead, key, value = found.groups()
        if not value or value[0] in "\"'" or value.startswith("#"):
            continue
        if value[0] in "[{" and _flow_closes_at_end(value):
            continue  # a real flow list or mapping: the error is inside it
        if value[0] in _SYNTAX_STARTS:
            why = f"text that starts with '{value[0]}' must be quoted in YAML"
        elif ": " in value or value.endswith(":"):
            why = "text that contains ': ' must be quoted in YAML"
        else:
            continue
        return (why, f"write the line as: {lead.lstrip()}{key}{_quoted(value)}", mark.line,
                len(lead) + len(key) + 1)
    return None


def _flow_closes_at_end(value: str) -> bool:
    """True unless a ``[...]`` or ``{...}`` closes and text follows, as in a Markdown link."""
    depth = 0
    for index, char in enumerate(value):
        depth += (char in "[{") - (char in "]}")
        if depth == 0:
            rest = value[index + 1:].strip()
            return not rest or rest.startswith("#")
    return True


def _quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar, or single-quoted if it holds ``\\`` or ``"``."""
    if "\\" in value or '"' in value:
        return "'" + value.replace("'", "''") + "'"
    return f'"{value}"'


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return ""


class _Builder:
    """Turns composed nodes into Pos* data, with safety limits."""

    def __init__(self, name: str, problems: Problems):
        self.name = name
        self.problems = problems
        self.count = 0

    def loc(self, node: Node) -> Location:
        return Location(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Node) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise DeckError(f"the document holds more than {MAX_VALUES:,} values", self.loc(node))
        if node.tag not in ALLOWED_TAGS:
            raise DeckError(
                f"the tag {node.tag} is not allowed",
                self.loc(node),
                hint="deckgen loads plain YAML only: remove the tag",
            )
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            out = PosList(self.build(item) for item in node.value)
            out.loc = self.loc(node)
            out.item_locs = [self.loc(item) for item in node.value]
            return out
        return self.mapping(node)

    def scalar(self, node: ScalarNode) -> Any:
        value = node.value
        if len(value) > MAX_TEXT:
            raise DeckError(
                f"this text is {len(value):,} characters long; the limit is {MAX_TEXT:,}",
                self.loc(node),
                hint="no slide can show it: shorten it or split it",
            )
        if BAD_CHARS.search(value):
            self.problems.warning(
                f"removed {describe_chars(BAD_CHARS.findall(value))} that a slide cannot hold",
                self.loc(node),
            )
            value = BAD_CHARS.sub("", value)
        value = normalize_breaks(value)
        quoted = bool(node.style)  # libyaml gives plain scalars the style '', PyYAML None
        explicit = node.tag != "tag:yaml.org,2002:str" or quoted
        if not quoted and value in NULLS:
            return None
        if node.tag == "tag:yaml.org,2002:null":
            return None
        if explicit and node.tag == "tag:yaml.org,2002:str":
            return str(value)
        return Plain(value)

    def mapping(self, node: MappingNode) -> PosDict:
        out = PosDict()
        out.loc = self.loc(node)
        out.key_locs = {}
        out.value_locs = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or (
                    isinstance(key_node, ScalarNode) and key_node.value == "<<"
                    and not key_node.style):
                raise DeckError("merge keys ('<<') are not supported", self.loc(key_node))
            key = self.build(key_node)
            if not isinstance(key, str):
                raise DeckError("a key must be text", self.loc(key_node))
            key = str(key)
            if key in out:
                first = out.key_locs[key]
                raise DeckError(
                    f"duplicate key '{key}' (first at line {first.line})",
                    self.loc(key_node),
                    hint="YAML would silently keep only the last one; remove one of them",
                )
            out[key] = self.build(value_node)
            out.key_locs[key] = self.loc(key_node)
            out.value_locs[key] = self.loc(value_node)
        return out


def load_deck(path: Path, allow_outside: list[Path] | None = None) -> Source:
    """Read a deck file and every file it includes, in order."""
    path = Path(path)
    problems = Problems()
    budget = Budget()
    data = parse_yaml(path, problems, budget)
    name = display_path(path)
    if not isinstance(data, PosDict):
        raise DeckError(
            "a deck file must be a mapping with 'deck:' and 'slides:'",
            getattr(data, "loc", Location(name, 1, 1)),
        )
    root = Path(path).resolve().parent
    source = Source(path=path, root=root, data=data, files=[path.resolve()], problems=problems,
                    budget=budget)
    roots = [root, *[Path(p).resolve() for p in (allow_outside or [])]]
    slides = data.get("slides")
    if isinstance(slides, PosList):
        data["slides"] = _expand(slides, path.resolve(), roots, source, [path.resolve()])
    return source


def _expand(
    slides: PosList, current: Path, roots: list[Path], source: Source, stack: list[Path]
) -> PosList:
    """Replace ``- include: FILE`` items with the slides of FILE, recursively."""
    out = PosList()
    out.loc = slides.loc
    out.item_locs = []
    for index, item in enumerate(slides):
        if not (isinstance(item, PosDict) and "include" in item):
            out.append(item)
            out.item_locs.append(slides.where(index))
            source.budget.slides += 1
            continue
        for sub, where in _include(item, current, roots, source, stack):
            out.append(sub)
            out.item_locs.append(where)
    return out


def _include(
    item: PosDict, current: Path, roots: list[Path], source: Source, stack: list[Path]
) -> list[tuple[Any, Location]]:
    where = item.where("include")
    extra = [k for k in item if k != "include"]
    if extra:
        raise DeckError(
            f"an include item takes no other keys (found '{extra[0]}')", item.where_key(extra[0])
        )
    written = item["include"]
    if not isinstance(written, str):
        raise DeckError("include: expects a file path", where)
    target = resolve_inside(str(written), current.parent, roots, where, "include")
    if target in stack:
        chain = " -> ".join(display_path(p) for p in [*stack[stack.index(target):], target])
        raise DeckError(f"include cycle: {chain}", where)
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise DeckError(
            f"include '{written}' is not a YAML file (.yaml or .yml)", where
        )
    if len(stack) > MAX_INCLUDE_DEPTH:
        raise DeckError(f"includes nested more than {MAX_INCLUDE_DEPTH} deep", where,
                        hint="include the files from one place instead of each from the last")
    if len(source.files) > MAX_INCLUDES:
        raise DeckError(
            f"more than {MAX_INCLUDES} includes in one deck", where,
            hint="a file included again and again (an 'include bomb') is refused",
        )
    data = parse_yaml(target, source.problems, source.budget)
    source.files.append(target)
    if isinstance(data, PosDict) and set(data) == {"slides"}:
        data = data["slides"]
    if not isinstance(data, PosList):
        raise DeckError(
            f"included file '{written}' must hold a list of slides, or a mapping with 'slides:'",
            getattr(data, "loc", Location(display_path(target), 1, 1)),
        )
    expanded = _expand(data, target, roots, source, [*stack, target])
    if source.budget.slides > MAX_SLIDES:
        raise DeckError(f"the deck has more than {MAX_SLIDES:,} slides once '{written}' is "
                        "included", where, hint="split it into several decks")
    return list(zip(expanded, expanded.item_locs, strict=True))
