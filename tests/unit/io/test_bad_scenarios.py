"""The bad-input corpus: every file in tests/data/bad_scenarios/ states the error it must produce.

Each file starts with ``# expect: <line>:<col>: <key path>: <message>``; loading it must raise
a located :class:`~berlinsim.errors.BerlinsimError` (exit code 2 in the CLI) whose text
contains that expectation, and nothing else may escape.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from berlinsim.errors import BerlinsimError, InputErrors, LocatedError
from berlinsim.io.scenario_yaml import load_scenario, validate_scenario

CORPUS = Path(__file__).resolve().parents[2] / "data" / "bad_scenarios"
FILES = sorted(CORPUS.glob("*.yaml"))


def expectation(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: <line>:<col>: ...'"
    return first[len("# expect: "):].strip()


def test_the_corpus_is_large_and_covers_yaml_syntax_errors():
    assert len(FILES) >= 30
    names = {f.stem for f in FILES}
    assert {"yaml_tab_indentation", "yaml_unclosed_bracket", "yaml_duplicate_key"} <= names


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_bad_scenario_reports_its_error(path: Path):
    expected = expectation(path)
    assert expected[0].isdigit() and ":" in expected, "the expectation starts with line:col"
    try:
        load_scenario(path)
    except (InputErrors, LocatedError) as error:
        text = str(error)
        problems = error.errors if isinstance(error, InputErrors) else (error,)
    except BerlinsimError as error:  # pragma: no cover - shown as a failure below
        pytest.fail(f"an unlocated BerlinsimError: {error}")
    else:
        pytest.fail(f"{path.name} loaded without error; expected {expected!r}")
    assert f"{path}:{expected}" in text, f"expected {expected!r} in:\n{text}"
    for problem in problems:
        assert problem.path == str(path) and problem.line is not None and problem.column is not None
    assert tuple(str(p) for p in validate_scenario(path)) == tuple(str(p) for p in problems)


@pytest.mark.parametrize("path", FILES[:3] + [CORPUS / "formula_unknown_parameter.yaml"],
                         ids=lambda p: p.stem)
def test_cli_validate_exits_2_with_the_located_message(path: Path):
    from berlinsim.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", str(path)])
    assert code == 2
    assert expectation(path) in out.getvalue() + err.getvalue()
    assert "Traceback" not in out.getvalue() + err.getvalue()
