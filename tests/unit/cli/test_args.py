"""The helpers the commands share: reading their options, and the progress bar (tqdm) on a terminal only."""

from __future__ import annotations

import argparse
import io

import pytest

from berlinsim.cli import _args
from berlinsim.errors import BerlinsimError, LocatedError


class Terminal(io.StringIO):
    """A stderr that says it is a terminal (of unknown size: it has no file descriptor)."""

    def isatty(self) -> bool:
        return True


def on_a_terminal(monkeypatch) -> Terminal:
    """stderr replaced by a terminal (in the test itself: pytest's capture resets it after fixtures)."""
    err = Terminal()
    monkeypatch.setattr("sys.stderr", err)
    return err


def test_the_bar_counts_to_the_total_and_ends_its_line(monkeypatch):
    terminal = on_a_terminal(monkeypatch)
    with _args.progress_bar(argparse.Namespace(quiet=False), "sweep") as progress:
        for done in (0, 3, 9):
            progress(done, 9)
    last = terminal.getvalue().split("\r")[-1]
    assert last == f"sweep [{'#' * 30}] 100% (9/9)\n"


def test_the_bar_is_closed_when_the_work_fails(monkeypatch):
    terminal = on_a_terminal(monkeypatch)
    with pytest.raises(BerlinsimError), _args.progress_bar(argparse.Namespace(quiet=False), "draws") as progress:
        progress(2, 4)
        raise BerlinsimError("bad draw")
    assert terminal.getvalue().endswith("\n") and "draws [" in terminal.getvalue()


def test_no_bar_when_quiet_or_not_a_terminal(monkeypatch):
    terminal = on_a_terminal(monkeypatch)
    with _args.progress_bar(argparse.Namespace(quiet=True), "scan") as progress:
        assert progress is None
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with _args.progress_bar(argparse.Namespace(quiet=False), "scan") as progress:
        assert progress is None
    assert terminal.getvalue() == ""


def test_items_and_ranges():
    assert _args.split_item("a/b.yml:v1") == ("a/b.yml", "v1")
    assert _args.split_item("C:\\games\\a.yaml") == ("C:\\games\\a.yaml", None)  # a drive letter, no variant
    assert _args.parse_range(" p = 0 : 1/2 ") == ("p", "0", "1/2")
    with pytest.raises(BerlinsimError, match=r"expected NAME=LOW:HIGH"):
        _args.parse_range("p=0")


def test_checks_before_anything_is_read():
    with pytest.raises(BerlinsimError, match="unknown method 'nope'; known methods: auto"):
        _args.check_method("s.yaml", "nope")
    with pytest.raises(BerlinsimError, match="--workers must be at least 1, got 0"):
        _args.check_workers(0)
    with pytest.raises(BerlinsimError, match="not a scenario file"):
        _args.read_scenario("game.nfg")


def test_errors_name_the_file_once():
    located = LocatedError("s.yaml", "players", "bad", line=1, column=2)
    assert _args.about("s.yaml", located) is located
    assert str(_args.about("s.yaml", BerlinsimError("no value"))) == "s.yaml: no value"
