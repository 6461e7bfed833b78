"""Every command in docs/*.md runs, and its output is the one the page shows.

The block convention is described in ``doc_blocks`` and, for authors, in docs/README.md.
Commands run in-process through ``berlinsim.cli.main`` (stdout and stderr captured together), in
a temporary copy of the files the pages use (scenarios/, seeds/, docs/exercises/), one copy per
page, with the blocks of a page run in order (a page is one session: a file written or edited
early is used later).

Regenerate the expected outputs after a deliberate change of output::

    BERLINSIM_REGENERATE_DOCS=1 python -m pytest tests/docs -q

Outputs that still match (with their ``...`` wildcards) are kept as they are; an output that no
longer matches is replaced by the full new output. Check the diff, and put ``...`` back where
the page shortened a long output or where output varies (timings).
"""

from __future__ import annotations

import doctest
import glob
import importlib.util
import io
import os
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from berlinsim.cli import main
from doc_blocks import (
    EXIT_LINE,
    KINDS,
    Block,
    DocFormatError,
    apply_diff,
    install_commands,
    looks_like_shell,
    matches,
    read_blocks,
    read_commands,
    rewrite_outputs,
)

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
COPIED = ("scenarios", "seeds", "docs/exercises")
REGENERATE = os.environ.get("BERLINSIM_REGENERATE_DOCS") == "1"
NOT_RUN = ("yaml", "markdown", "text", "json")


def expand_globs(argv: tuple[str, ...]) -> list[str]:
    """``argv`` with each word containing ``*`` replaced by the sorted paths it matches, as a shell does."""
    words: list[str] = []
    for word in argv:
        matched = sorted(glob.glob(word)) if "*" in word else []
        words.extend(matched or [word])
    return words


def run_berlinsim(argv: tuple[str, ...]) -> tuple[str, ...]:
    """The output lines of ``berlinsim ARGV`` (stdout and stderr), with ``[exit code N]`` on failure."""
    buffer = io.StringIO()
    with redirect_stdout(buffer), redirect_stderr(buffer):
        code = main(expand_globs(argv))
    lines = tuple(buffer.getvalue().splitlines())
    return lines + ((f"[exit code {code}]",) if code else ())


WRITING_FLAGS = ("--plot", "--out", "--output", "-o")


def written_paths(argv: tuple[str, ...]) -> list[str]:
    """The files (or directories) a command says it writes: values of --plot, --out, --output, -o.

    ``-o NAME=VALUE`` (a method option of ``solve``) is not a path.
    """
    return [value for flag, value in zip(argv, argv[1:]) if flag in WRITING_FLAGS and "=" not in value]


def _fits(expected: tuple[str, ...], actual: tuple[str, ...]) -> bool:
    """Output lines match (wildcards allowed) and the exit codes are the same (never a wildcard)."""
    want_exit = expected[-1:] if expected and EXIT_LINE.match(expected[-1]) else ()
    have_exit = actual[-1:] if actual and EXIT_LINE.match(actual[-1]) else ()
    body_expected = expected[: len(expected) - len(want_exit)]
    return want_exit == have_exit and matches(body_expected, actual[: len(actual) - len(have_exit)])


def make_workspace(target: Path) -> Path:
    """A copy of the files the pages read, in ``target``."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
    return target


def run_session(block: Block, where: str, namespace: dict[str, object]) -> list[str]:
    """Check a ``pycon`` block as a doctest in ``namespace``; one problem (the doctest report) if it fails."""
    test = doctest.DocTestParser().get_doctest(block.text, namespace, where, where, block.line)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=report.write, clear_globs=False)
    namespace.update(test.globs)  # a DocTest works on a copy of the names it is given
    return [f"{where}: the Python session fails:\n{report.getvalue()}"] if runner.failures else []


def check_page(text: str, name: str) -> tuple[list[str], str]:
    """Run the blocks of one page in the current directory.

    Returns the problems found (one message each, naming the page line) and the page text with
    the outputs of failing commands replaced by what they printed (for regeneration).
    """
    problems: list[str] = []
    rewrites: list[tuple[Block, dict[int, tuple[str, ...]]]] = []
    session: dict[str, object] = {"__name__": "__doc_session__"}
    for block in read_blocks(text):
        where = f"{name}:{block.line}"
        path = block.option("file")
        if block.kind in ("yaml", "markdown") and path is not None:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
        elif block.kind == "diff":
            target = Path(path or "")
            try:
                target.write_text(apply_diff(target.read_text(encoding="utf-8"), block.text, where=where), encoding="utf-8")
            except (OSError, DocFormatError) as exc:
                problems.append(f"{where}: cannot apply the edit to {path!r}: {exc}")
        elif block.kind == "python":
            if not all(importlib.util.find_spec(m) for m in (block.option("needs") or "").split(",") if m):
                continue  # an optional extra (pandas) that is not installed: the example cannot run here
            try:
                exec(compile(block.text, where, "exec"), {"__name__": "__doc_example__"})
            except Exception as exc:  # noqa: BLE001 - any failure of the example is the finding
                problems.append(f"{where}: the Python example fails: {type(exc).__name__}: {exc}")
        elif block.kind == "pycon":
            problems += run_session(block, where, session)
        elif block.kind == "console":
            outputs: dict[int, tuple[str, ...]] = {}
            for index, command in enumerate(read_commands(block)):
                actual = run_berlinsim(command.argv)
                for path in written_paths(command.argv):
                    if not Path(path).exists():
                        problems.append(f"{name}:{command.line}: $ {command.source}\nit did not write {path}")
                if not _fits(command.expected, actual):
                    outputs[index] = actual
                    problems.append(
                        f"{name}:{command.line}: $ {command.source}\n--- expected\n"
                        + "\n".join(command.expected)
                        + "\n--- got\n"
                        + "\n".join(actual)
                    )
            if outputs:
                rewrites.append((block, outputs))
    for block, outputs in reversed(rewrites):
        text = rewrite_outputs(text, block, outputs)
    return problems, text


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_commands_give_the_output_shown(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_workspace(tmp_path))
    original = page.read_text(encoding="utf-8")
    problems, regenerated = check_page(original, f"docs/{page.name}")
    if REGENERATE and regenerated != original:
        page.write_text(regenerated, encoding="utf-8")
        return
    assert not problems, "\n\n".join(problems)


def convention_problems(text: str, name: str) -> list[str]:
    """What in a page breaks the block convention (one message per problem, naming the line)."""
    problems = []
    for block in read_blocks(text):
        where = f"{name}:{block.line}"
        keys = {key for key, _ in block.options}
        if block.kind not in KINDS:
            problems.append(f"{where}: block kind {block.kind!r} unknown; declare one of {', '.join(KINDS)}")
        elif block.kind == "sh" and keys != {"install"}:
            problems.append(f"{where}: a sh block must be 'sh install' (other commands go in console blocks)")
        elif block.kind == "diff" and block.option("file") in (None, ""):
            problems.append(f"{where}: a diff block needs file=PATH")
        elif block.kind in ("yaml", "markdown", "diff") and keys - {"file"}:
            problems.append(f"{where}: unknown options {sorted(keys - {'file'})}")
        elif block.kind == "python" and (keys - {"needs"} or block.option("needs") == ""):
            problems.append(f"{where}: a python block takes only needs=MODULE[,MODULE]")
        elif block.kind not in ("yaml", "markdown", "diff", "sh", "python") and keys:
            problems.append(f"{where}: a {block.kind} block takes no options")
        if block.kind in NOT_RUN and looks_like_shell(block):
            problems.append(f"{where}: a {block.kind} block looks like a shell session; make it a console block")
        if block.kind == "console":
            try:
                read_commands(block)
            except DocFormatError as exc:
                problems.append(f"{name}: {exc}")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_blocks_follow_the_convention(page: Path) -> None:
    problems = convention_problems(page.read_text(encoding="utf-8"), f"docs/{page.name}")
    assert not problems, "\n".join(problems)


def test_blocks_outside_the_convention_are_reported() -> None:
    page = (
        "```\nberlinsim run x.yaml\n```\n"  # no kind
        "```text\n$ berlinsim list\n```\n"  # a session hidden in a text block
        "```bash\nls\n```\n"  # unknown kind
        "```console\n$ ls scenarios\n```\n"  # not berlinsim
        "```console\n$ berlinsim list | head\n```\n"  # a pipe
        "```sh\npip install berlinsim\n```\n"  # sh without install
    )
    problems = convention_problems(page, "page.md")
    assert [problem.split(":")[1] for problem in problems] == ["1", "4", "7", " line 11", " line 14", "16"]


def _readme_commands() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return {command for block in read_blocks(readme) if block.kind == "sh" for command in install_commands(block)}


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_install_commands_are_the_readme_ones(page: Path) -> None:
    known = _readme_commands()
    for block in read_blocks(page.read_text(encoding="utf-8")):
        if block.kind == "sh":
            for command in install_commands(block):
                where = f"docs/{page.name}:{block.line}"
                assert command.startswith("python -m pip install"), f"{where}: {command!r} is not an install command"
                assert command in known, f"{where}: {command!r} is not among README's commands"


_INLINE = re.compile(r"(?<!`)`(berlinsim [^`]+)`(?!`)")


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_inline_commands_name_real_options(page: Path) -> None:
    """Commands quoted in running text (`berlinsim run X --set ...`) use subcommands and options that exist."""
    text = page.read_text(encoding="utf-8")
    prose = text
    for block in reversed(read_blocks(text)):
        prose = prose[: block.start] + prose[block.end:]
    helps: dict[str, str] = {}
    for source in _INLINE.findall(prose):
        words = source.split()
        sub = words[1]
        if not re.fullmatch(r"[a-z]+", sub):  # an option or a placeholder (COMMAND)
            continue
        if sub not in helps:
            helps[sub] = "\n".join(run_berlinsim((sub, "--help")))
        assert "[exit code" not in helps[sub], f"docs/{page.name}: `{source}`: no command {sub!r}"
        for word in words[2:]:
            flag = word.split("=", 1)[0]
            if flag.startswith("-") and flag not in ("-", "--"):
                known = re.search(rf"(^|[\s,\[]){re.escape(flag)}\b", helps[sub])
                assert known, f"docs/{page.name}: `{source}`: {sub} has no option {flag}"


def test_every_exercise_file_is_run_by_the_exercises_page() -> None:
    """Each solution file is an argument of a command on the exercises page, so it loads and runs."""
    page = (DOCS / "exercises.md").read_text(encoding="utf-8")
    commands = [command for block in read_blocks(page) if block.kind == "console" for command in read_commands(block)]
    used = {word for command in commands for word in command.argv}
    files = sorted(path.relative_to(ROOT).as_posix() for path in (DOCS / "exercises").rglob("*") if path.is_file())
    assert files, "docs/exercises/ holds the worked solutions"
    unused = [name for name in files if name not in used]
    assert not unused, f"solution files that no command on docs/exercises.md runs: {unused}"


def test_docs_index_links_every_page() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    missing = [page.name for page in PAGES if page.name != "README.md" and f"({page.name})" not in index]
    assert not missing, f"docs/README.md does not link {missing}"


def test_a_wrong_output_is_reported_and_regenerated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_workspace(tmp_path))
    page = "```console\n$ berlinsim validate scenarios/07_un_forum.yaml\nscenarios/07_un_forum.yaml: wrong\n```\n"
    problems, regenerated = check_page(page, "page.md")
    assert len(problems) == 1 and "page.md:2" in problems[0]
    assert regenerated == "```console\n$ berlinsim validate scenarios/07_un_forum.yaml\nscenarios/07_un_forum.yaml: ok\n```\n"
    assert check_page(regenerated, "page.md")[0] == []


def test_a_failing_command_shows_its_exit_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_workspace(tmp_path))
    page = "```yaml file=bad.yaml\nberlinsim: 1\n```\n```console\n$ berlinsim validate bad.yaml\n...\n```\n"
    problems, _ = check_page(page, "page.md")
    assert problems and problems[0].endswith("[exit code 2]")
    fixed = page.replace("...\n", "...\n[exit code 2]\n")
    assert check_page(fixed, "page.md")[0] == []


_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_relative_links_point_to_files(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    targets = {match.split("#", 1)[0] for match in _LINK.findall(text) if not re.match(r"[a-z]+:|#", match)}
    missing = sorted(target for target in targets if not (page.parent / target).exists())
    assert not missing, f"docs/{page.name} links to missing files: {missing}"


def test_an_edit_that_does_not_apply_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_workspace(tmp_path))
    page = "```yaml file=a.yaml\nx: 1\n```\n```diff file=a.yaml\n-x: 2\n+x: 3\n```\n"
    problems, _ = check_page(page, "page.md")
    assert len(problems) == 1 and problems[0].startswith("page.md:4: cannot apply the edit to 'a.yaml'")
    assert check_page(page.replace("-x: 2", "-x: 1"), "page.md")[0] == []
    assert Path("a.yaml").read_text(encoding="utf-8") == "x: 3\n"
