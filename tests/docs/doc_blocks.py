"""Reading the code blocks of the Markdown pages in ``docs/`` and checking console sessions.

The convention (stated for authors in ``docs/README.md``, section "Commands in these pages"):

Every fenced block declares its kind in its info string (the word after the opening fence):

``console``
    A terminal session that the tests run. A line starting with ``$ `` is a command (a line
    ending in `` \\`` continues on the next line); the lines after it, up to the next command,
    are its expected output (stdout and stderr together). A command that fails ends its output
    with the line ``[exit code N]``. Only ``berlinsim ...`` and ``python -m berlinsim ...``
    are allowed. A line that is exactly ``...`` stands for any number of output lines
    (none included); ``...`` inside a line stands for any text on that line (timings).
``sh install``
    Installation commands, not run: each command (``&&`` separates commands) must be a
    ``python -m pip install`` command that also appears in a ``sh`` block of README.md.
``yaml file=PATH``
    A file the reader writes: the tests write it to PATH in the working directory before the
    blocks after it run. A plain ``yaml`` block is an excerpt and is not run.
``diff file=PATH``
    An edit the reader makes to PATH: lines starting with ``-`` are replaced by the lines
    starting with ``+``, found by the unchanged context lines (starting with a space);
    ``@@`` separates edits.
``markdown file=PATH``
    A Markdown file the reader writes (a document a scenario cites), as ``yaml file=PATH``; a
    plain ``markdown`` block is shown for reading.
``python``
    Python code the tests execute (fresh namespace, same working directory); ``python
    needs=pandas`` (modules separated by commas) only when those modules are installed.
``pycon``
    An interactive Python session (``>>>`` prompts and the output shown), checked as a doctest
    (``...`` in an output stands for any text). The sessions of a page share one namespace.
``text``, ``json``
    Output or data shown for reading, not run. It must not look like a shell session.

Examples
--------
>>> page = "Run it:\\n\\n```console\\n$ berlinsim methods\\nauto ...\\n...\\n```\\n"
>>> [(block.kind, block.line) for block in read_blocks(page)]
[('console', 3)]
>>> read_commands(read_blocks(page)[0])[0].argv
('methods',)
>>> matches(("auto ...", "..."), ("auto  2 players", "pure  all", "lp  zero-sum"))
True
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

KINDS = ("console", "sh", "yaml", "markdown", "diff", "python", "pycon", "text", "json")
"""The block kinds a page may use (the first word of the info string)."""

EXIT_LINE = re.compile(r"^\[exit code (\d+)\]$")
SHELL_LOOKING = re.compile(r"^\s*(\$ |berlinsim(?:\s|$)|python -m |python3 -m |pip |pytest\b)")


class DocFormatError(ValueError):
    """A page breaks the block convention (the message names the page line)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """One fenced code block of a page.

    Attributes
    ----------
    kind : str
        The first word of the info string (``""`` when there is none).
    options : tuple of tuple of str
        The ``key=value`` words (and bare words, as ``(word, "")``) after the kind.
    text : str
        The content, without the fences, indentation removed.
    line : int
        1-based line number of the opening fence.
    start, end : int
        Offsets of the content in the page (the text between the fences, fence lines excluded).
    indent : str
        The indentation of the fence (re-applied when a block is rewritten).

    Examples
    --------
    >>> block = read_blocks("```yaml file=a.yaml\\nx: 1\\n```\\n")[0]
    >>> block.kind, block.option("file"), block.text
    ('yaml', 'a.yaml', 'x: 1\\n')
    """

    kind: str
    options: tuple[tuple[str, str], ...]
    text: str
    line: int
    start: int
    end: int
    indent: str

    def option(self, name: str) -> str | None:
        """The value of option ``name`` (``""`` for a bare word), or None when absent."""
        for key, value in self.options:
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    """One ``$`` command of a console block and the output the page expects from it.

    Attributes
    ----------
    source : str
        The command as written (continuation lines joined).
    argv : tuple of str
        The arguments after ``berlinsim`` / ``python -m berlinsim``.
    expected : tuple of str
        The expected output lines (``[exit code N]`` included when present).
    line : int
        1-based page line of the ``$``.
    first, last : int
        Line indices (0-based, in the block's text) of the command's first line and one past its
        last expected output line.

    Examples
    --------
    >>> block = read_blocks("```console\\n$ berlinsim list \\\\\\n    scenarios\\nx\\n```\\n")[0]
    >>> command = read_commands(block)[0]
    >>> command.argv, command.expected, command.line
    (('list', 'scenarios'), ('x',), 2)
    >>> read_commands(read_blocks("```console\\n$ berlinsim x --s 'p=u(0,1)'  # note\\n```\\n")[0])[0].argv
    ('x', '--s', 'p=u(0,1)')
    """

    source: str
    argv: tuple[str, ...]
    expected: tuple[str, ...]
    line: int
    first: int
    last: int


_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<info>[^`]*)$")


def read_blocks(page: str) -> tuple[Block, ...]:
    """Every fenced block of ``page``, in order.

    Raises
    ------
    DocFormatError
        If a fence is never closed.

    Examples
    --------
    >>> [block.kind for block in read_blocks("a\\n```text\\nx\\n```\\n```json\\n{}\\n```\\n")]
    ['text', 'json']
    """
    blocks = []
    lines = page.splitlines(keepends=True)
    offsets = [0]
    for text in lines:
        offsets.append(offsets[-1] + len(text))
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index].rstrip("\n"))
        if opening is None:
            index += 1
            continue
        indent = opening["indent"]
        words = opening["info"].split()
        close = index + 1
        while close < len(lines) and lines[close].strip() != "```":
            close += 1
        if close == len(lines):
            raise DocFormatError(f"line {index + 1}: code block never closed")
        body = [text[len(indent):] if text.startswith(indent) else text.lstrip() for text in lines[index + 1:close]]
        options = tuple((key, value) for key, _, value in (word.partition("=") for word in words[1:]))
        blocks.append(
            Block(
                kind=words[0] if words else "",
                options=options,
                text="".join(body),
                line=index + 1,
                start=offsets[index + 1],
                end=offsets[close],
                indent=indent,
            )
        )
        index = close + 1
    return tuple(blocks)


_PROGRAMS = (("berlinsim",), ("python", "-m", "berlinsim"), ("python3", "-m", "berlinsim"))


def read_commands(block: Block) -> tuple[Command, ...]:
    """The commands of a console block, each with its expected output.

    Raises
    ------
    DocFormatError
        Output before the first command, a command that is not berlinsim, or shell syntax
        (pipes, redirections, ``&&``, variables) the tests cannot run.

    Examples
    --------
    >>> try:
    ...     read_commands(read_blocks("```console\\n$ ls\\n```\\n")[0])
    ... except DocFormatError as exc:
    ...     print(exc)
    line 2: unknown command 'ls' (only berlinsim and python -m berlinsim run)
    """
    lines = block.text.splitlines()
    starts = [i for i, text in enumerate(lines) if text.startswith("$ ")]
    if lines and (not starts or starts[0] != 0):
        raise DocFormatError(f"line {block.line + 1}: console output before the first '$ ' command")
    commands = []
    for number, first in enumerate(starts):
        stop = starts[number + 1] if number + 1 < len(starts) else len(lines)
        source = lines[first][2:]
        cursor = first
        while source.endswith("\\") and cursor + 1 < stop:
            cursor += 1
            source = source[:-1].rstrip() + " " + lines[cursor].strip()
        line = block.line + 1 + first
        argv = _arguments(source, line)
        commands.append(
            Command(
                source=source, argv=argv, expected=tuple(lines[cursor + 1:stop]), line=line, first=first, last=stop
            )
        )
    return tuple(commands)


def _arguments(source: str, line: int) -> tuple[str, ...]:
    lexer = shlex.shlex(source, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError as exc:
        raise DocFormatError(f"line {line}: cannot split {source!r}: {exc}") from None
    if re.search(r"`|\$[({A-Za-z_]", source) or any(set(word) <= set("();<>|&") for word in words):
        raise DocFormatError(f"line {line}: shell syntax the tests cannot run (quote it?): {source!r}")
    for program in _PROGRAMS:
        if tuple(words[: len(program)]) == program:
            return tuple(words[len(program):])
    name = words[0] if words else ""
    raise DocFormatError(f"line {line}: unknown command {name!r} (only berlinsim and python -m berlinsim run)")


def matches(expected: tuple[str, ...] | list[str], actual: tuple[str, ...] | list[str]) -> bool:
    """Whether ``actual`` output lines fit the ``expected`` lines with their ``...`` wildcards.

    A line that is exactly ``...`` matches any number of lines (zero included); ``...`` inside a
    line matches any text on one line; trailing spaces are ignored.

    Examples
    --------
    >>> matches(["a", "...", "d"], ["a", "b", "c", "d"]), matches(["a", "...", "d"], ["a", "d"])
    (True, True)
    >>> matches(["took ... s."], ["took 0.02 s."]), matches(["a"], ["a", "b"])
    (True, False)
    """
    want = [text.rstrip() for text in expected]
    have = [text.rstrip() for text in actual]
    patterns = [None if text == "..." else _line_pattern(text) for text in want]
    # reachable[j]: the expected lines so far can consume exactly the first j actual lines
    reachable = [True] + [False] * len(have)
    for pattern in patterns:
        if pattern is None:
            for j in range(1, len(have) + 1):
                reachable[j] = reachable[j] or reachable[j - 1]
            continue
        reachable = [False] + [
            reachable[j - 1] and pattern.fullmatch(have[j - 1]) is not None for j in range(1, len(have) + 1)
        ]
    return reachable[len(have)]


def _line_pattern(text: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in text.split("...")))


def apply_diff(original: str, diff: str, *, where: str = "diff") -> str:
    """The text ``original`` after the edit ``diff`` (see the module docstring).

    Raises
    ------
    DocFormatError
        When an edit's old lines are not found exactly once.

    Examples
    --------
    >>> print(apply_diff("a: 1\\nb: 2\\nc: 3\\n", " a: 1\\n-b: 2\\n+b: 20\\n+b2: 5\\n"), end="")
    a: 1
    b: 20
    b2: 5
    c: 3
    """
    text = original
    for hunk in re.split(r"^@@.*\n?", diff, flags=re.MULTILINE):
        old, new = [], []
        for raw in hunk.splitlines():
            marker, body = raw[:1], raw[1:]
            if marker in (" ", ""):
                old.append(body)
                new.append(body)
            elif marker == "-":
                old.append(body)
            elif marker == "+":
                new.append(body)
            else:
                raise DocFormatError(f"{where}: a diff line must start with ' ', '-', '+' or '@@': {raw!r}")
        if not old and not new:
            continue
        before = "\n".join(old) + "\n"
        count = text.count(before)
        if count != 1:
            raise DocFormatError(f"{where}: the lines to replace occur {count} times, expected once:\n{before}")
        text = text.replace(before, "\n".join(new) + "\n" if new else "")
    return text


def install_commands(block: Block) -> tuple[str, ...]:
    """The commands of an install block, split at ``&&``, comments and blank lines dropped.

    Examples
    --------
    >>> install_commands(read_blocks("```sh install\\npython -m pip install . && berlinsim list  # x\\n```\\n")[0])
    ('python -m pip install .', 'berlinsim list')
    """
    commands = []
    for raw in block.text.splitlines():
        text = raw.split("  #", 1)[0].strip()
        if text and not text.startswith("#"):
            commands.extend(part.strip() for part in text.split("&&"))
    return tuple(commands)


def looks_like_shell(block: Block) -> bool:
    """Whether a block that is not run contains a line that looks like a shell command.

    Examples
    --------
    >>> looks_like_shell(read_blocks("```text\\n$ berlinsim run x.yaml\\n```\\n")[0])
    True
    >>> looks_like_shell(read_blocks("```yaml\\n# berlinsim validate x.yaml\\nid: x\\n```\\n")[0])
    False
    """
    return any(SHELL_LOOKING.match(text) for text in block.text.splitlines())


def rewrite_outputs(page: str, block: Block, outputs: dict[int, tuple[str, ...]]) -> str:
    """``page`` with the expected output of some commands of ``block`` replaced.

    ``outputs`` maps a command's index in the block to its new output lines.

    Examples
    --------
    >>> page = "```console\\n$ berlinsim methods\\nold\\n```\\n"
    >>> print(rewrite_outputs(page, read_blocks(page)[0], {0: ("new", "lines")}), end="")
    ```console
    $ berlinsim methods
    new
    lines
    ```
    """
    lines = block.text.splitlines()
    commands = read_commands(block)
    for index in sorted(outputs, reverse=True):
        command = commands[index]
        head = command.last - len(command.expected)
        lines[head:command.last] = list(outputs[index])
    body = "".join(f"{block.indent}{text}".rstrip() + "\n" for text in lines)
    return page[: block.start] + body + page[block.end:]
