"""Fuzzing the .nfg and .efg readers: any text is either read or refused with a BerlinsimError.

Never another exception, never a hang: every case is small (a few kilobytes) and has a deadline
far above what it needs. The inputs are random token streams of both grammars, mutations of
valid files we write ourselves (deleted, repeated and inserted pieces; hostile numbers put in
place of good ones), huge and odd numbers, deep chains and nesting, and odd unicode. Where a
property can be stated exactly, it is: a limit refuses a file exactly when the file passes it,
and a number is read as Python's own exact arithmetic reads it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from berlinsim.errors import BerlinsimError
from berlinsim.io import _gambit_text
from berlinsim.io._gambit_numbers import NumberRefused, exact_number
from berlinsim.io.efg import parse_efg, write_efg
from berlinsim.io.nfg import parse_nfg, parse_nfg_document, write_nfg
from berlinsim.limits import DEFAULT
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.normal_form import NormalFormGame

FUZZ = settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow])

# ----------------------------------------------------------------------------- pieces of input
ODD_TEXT = st.text(alphabet=st.sampled_from(
    list('ab "\\{},.:/+-eE019') + ["\n", "\t", "\u00a0", "\u2028", "\u202e", "\u0301", "\ufeff", "\x00", "٣", "²",
                                    "\U0001f600", "\udcff", "ﬁ"]), max_size=12)
SPACE = st.sampled_from([" ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u3000", "\x1c", ""])
HUGE_NUMBERS = st.one_of(
    st.builds(lambda e, s: f"{s}1e{e}", st.integers(-10**12, 10**12), st.sampled_from(["", "-", "+"])),
    st.builds(lambda n: "9" * n, st.integers(250, 6000)),
    st.builds(lambda n: "0." + "0" * n + "1", st.integers(250, 600)),
    st.builds(lambda a, b: f"{a}/{b}", st.integers(0, 10**30), st.integers(0, 10**30)),
    st.builds(lambda n: "1/" + "7" * n, st.integers(100, 500)),
    st.sampled_from(["1e400", "1e-400", "0e999999999", "1e999999999", "1e-999999999", "1/0", "0/0", "1e+", "1.",
                     ".5", "+.5e-3", ".", "-", "e5", "1e", "1.5e3/7", "٣", "1_000", "0x10", "inf", "nan"]),
)
NUMBERS = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.fractions(max_denominator=1000).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    HUGE_NUMBERS,
)
LABELS = st.builds(lambda t: '"' + t.replace('"', '\\"') + '"', ODD_TEXT)
NFG_TOKENS = st.one_of(st.sampled_from(["NFG", "1", "R", "D", "{", "}", ",", '""', '"', "EFG"]), NUMBERS, LABELS,
                       ODD_TEXT)
EFG_TOKENS = st.one_of(st.sampled_from(["EFG", "2", "R", "p", "c", "t", "{", "}", ",", '""', "0", "1", "1/2"]),
                       NUMBERS, LABELS, ODD_TEXT)


def reads_or_refuses(parse, text: str, **options):
    """Parse ``text``; a refusal must be a BerlinsimError with a message; anything else fails the test."""
    try:
        return parse(text, "fuzz.txt", **options)
    except BerlinsimError as exc:
        assert str(exc).startswith("fuzz.txt"), str(exc)
        return None


@st.composite
def streams(draw, tokens, header):
    words = draw(st.lists(tokens, max_size=40))
    if draw(st.booleans()):
        words = header + words
    out = []
    for word in words:
        out.append(word)
        out.append(draw(SPACE))
    return "".join(out)


@FUZZ
@given(streams(NFG_TOKENS, ["NFG", "1", "R", '"t"', "{", '"A"', '"B"', "}", "{"]))
def test_random_nfg_token_streams(text):
    reads_or_refuses(parse_nfg_document, text)


@FUZZ
@given(streams(EFG_TOKENS, ["EFG", "2", "R", '"t"', "{", '"A"', '"B"', "}", '""']))
def test_random_efg_token_streams(text):
    reads_or_refuses(parse_efg, text)


# ----------------------------------------------------------------------------- mutations of valid files
@st.composite
def small_games(draw):
    shape = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    n = len(shape)
    values = draw(st.lists(st.one_of(st.integers(-9, 9), st.fractions(-5, 5, max_denominator=7)),
                           min_size=n * int(np.prod(shape)), max_size=n * int(np.prod(shape))))
    return NormalFormGame.from_payoffs(np.array(values, dtype=object).reshape((n, *shape)))


@st.composite
def small_trees(draw):
    def node(depth):
        if depth <= 0 or draw(st.integers(0, 2)) == 0:
            return terminal(*[draw(st.sampled_from([0, 1, -2, "1/3", "2.5"])) for _ in range(2)])
        kind = draw(st.sampled_from(["A", "B", "chance"]))
        if kind == "chance":
            return chance([("u", Fraction(1, 3), node(depth - 1)), ("v", Fraction(2, 3), node(depth - 1))])
        return decision(kind, {f"{kind}{i}": node(depth - 1) for i in range(draw(st.integers(1, 3)))})

    return ExtensiveGame.from_tree(node(3), players=("A", "B"))


@st.composite
def mutated(draw, text: str):
    """``text`` with a few pieces deleted, repeated, replaced or inserted (by token, or anywhere)."""
    pieces = text.split(" ")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, max(0, len(pieces) - 1)))
        op = draw(st.sampled_from(["delete", "repeat", "number", "insert", "cut", "unicode"]))
        if op == "delete" and pieces:
            del pieces[i]
        elif op == "repeat" and pieces:
            pieces[i:i] = pieces[i:i + draw(st.integers(1, 5))]
        elif op == "number":
            pieces[i:i + 1] = [draw(HUGE_NUMBERS)]
        elif op == "insert":
            pieces.insert(i, draw(st.one_of(NFG_TOKENS, EFG_TOKENS)))
        elif op == "cut":
            joined = " ".join(pieces)
            pieces = joined[: draw(st.integers(0, len(joined)))].split(" ")
        else:
            pieces.insert(i, draw(ODD_TEXT))
    return " ".join(pieces)


@FUZZ
@given(data=st.data(), game=small_games(), version=st.sampled_from(["payoff", "outcome"]))
def test_mutated_nfg_files(data, game, version):
    text = write_nfg(game, version=version)
    assert parse_nfg(text) == game
    reads_or_refuses(parse_nfg_document, data.draw(mutated(text)))


@FUZZ
@given(data=st.data(), game=small_trees())
def test_mutated_efg_files(data, game):
    text = write_efg(game, gambit_labels=False)
    assert parse_efg(text) == game
    reads_or_refuses(parse_efg, data.draw(mutated(text)))


# ----------------------------------------------------------------------------- numbers
def _in_range(value: Fraction) -> bool:
    top = DEFAULT.max_exponent
    return value == 0 or Fraction(1, 10**top) <= abs(value) < 10**top


def _decimal_in_range(word: str) -> bool:
    """Whether a decimal (no ``/``) is in range, from its exponent alone: nothing is expanded."""
    value = Decimal(word)
    top = DEFAULT.max_exponent
    return value == 0 or -top <= value.adjusted() < top


@FUZZ
@given(st.one_of(NUMBERS, HUGE_NUMBERS))
def test_a_number_is_read_as_python_reads_it_or_refused_for_a_stated_reason(word):
    try:
        value = exact_number(word)
    except NumberRefused as exc:
        reason = str(exc)
        assert reason.startswith("expected ") or reason.startswith("the numbers'"), reason
        if "limit max_exponent" in reason and "/" not in word:
            assert not _decimal_in_range(word), word
        return
    assert _in_range(value)
    if "/" not in word:
        assert value == Decimal(word) and _decimal_in_range(word)
    elif "." not in word and "e" not in word.lower():
        assert value == Fraction(word)


@FUZZ
@given(st.fractions(max_denominator=10**20).filter(lambda f: f != 0), st.integers(-320, 320))
def test_magnitude_limits_are_exact_at_the_boundary(fraction, shift):
    value = fraction * Fraction(10) ** shift
    word = f"{value.numerator}/{value.denominator}"
    assume(len(word) < 380)
    try:
        assert exact_number(word) == value and _in_range(value)
    except NumberRefused:
        assert not _in_range(value)


# ----------------------------------------------------------------------------- sizes and nesting
@FUZZ
@given(depth=st.integers(1, 60), max_depth=st.integers(1, 60), max_nodes=st.integers(1, 130))
def test_a_chain_is_refused_exactly_when_it_passes_a_limit(depth, max_depth, max_nodes):
    lines = ['EFG 2 R "" { "P" }', '""']
    for k in range(depth):
        lines += [f'p "" 1 {k + 1} "" {{ "stop" "go" }} 0', f't "" {k + 1} "" {{ {k} }}']
    lines.append(f't "" {depth + 1} "" {{ {depth} }}')
    limits = DEFAULT.raised(max_depth=max_depth, max_nodes=max_nodes)
    game = reads_or_refuses(parse_efg, "\n".join(lines), limits=limits)
    fits = depth <= max_depth and 2 * depth + 1 <= max_nodes
    assert (game is not None) == fits
    if game is not None:
        assert int(game.depth.max()) == depth and game.num_nodes == 2 * depth + 1


@FUZZ
@given(shape=st.lists(st.integers(1, 40), min_size=1, max_size=4), max_cells=st.integers(1, 2000),
       counts_form=st.booleans())
def test_a_table_is_refused_exactly_when_it_has_too_many_cells(shape, max_cells, counts_form):
    cells = int(np.prod(shape))
    players = " ".join(f'"P{i}"' for i in range(len(shape)))
    if counts_form:
        strategies = " ".join(map(str, shape))
    else:
        strategies = " ".join("{ " + " ".join(f'"s{j}"' for j in range(n)) + " }" for n in shape)
    body = " ".join(["1"] * (len(shape) * cells)) if cells <= 2000 else "1"
    text = f'NFG 1 R "" {{ {players} }} {{ {strategies} }}\n{body}\n'
    game = reads_or_refuses(parse_nfg, text, limits=DEFAULT.raised(max_cells=max_cells))
    assert (game is not None) == (cells <= max_cells)


@FUZZ
@given(st.integers(1, 5000), st.sampled_from(["{", "{ ", '{ "a" ', "{ 1 ", "} "]))
def test_deep_nesting_is_refused_not_recursed(depth, opener):
    reads_or_refuses(parse_nfg_document, 'NFG 1 R "t" { "A" } ' + opener * depth)
    reads_or_refuses(parse_efg, 'EFG 2 R "t" { "A" } "" p "" 1 1 "" ' + opener * depth)


@settings(FUZZ, max_examples=25)
@given(game=small_games(), spaces=st.lists(SPACE.filter(bool), min_size=1, max_size=5), chunk=st.integers(1, 40),
       labels=st.booleans())
def test_bulk_and_token_reading_agree_whatever_the_spacing(game, spaces, chunk, labels):
    """Numbers and labels read in bulk, in chunks of any size, give the game the token reader would."""
    text = write_nfg(game, version="payoff")
    if labels:  # strategy labels with a backslash are read token by token, the others in bulk
        text = text.replace('{ "1"', '{ "\\x"', 1)
        game = parse_nfg(text)
    head, _, body = text.partition('""\n')
    words = body.split()
    spaced = "".join(w + spaces[i % len(spaces)] for i, w in enumerate(words))
    if not spaced or not spaced[-1].isspace():
        spaced += " "
    with mock.patch.object(_gambit_text, "_CHUNK", chunk):
        assert parse_nfg(head + '""\n' + spaced) == game


def test_a_glued_comma_or_brace_is_read_as_its_own_token():
    game = parse_nfg('NFG 1 R "" { "A" "B" } { 2 1 } { { "" 1,2 } { "" 3 ,4} } 1 2')
    assert game.exact_payoffs.reshape(2, 2).T.tolist() == [[1, 2], [3, 4]]
    with pytest.raises(BerlinsimError, match=r"expected a number \(payoff 2 of 4"):
        parse_nfg('NFG 1 R "" { "A" "B" } { 2 1 } 1,2 3 4')


@settings(FUZZ, max_examples=10)
@given(data=st.data(), game=small_games(), tree=small_trees(), which=st.sampled_from(["nfg", "efg"]))
def test_the_command_line_exits_0_or_2_without_a_traceback(tmp_path_factory, data, game, tree, which):
    """Through ``berlinsim solve`` (method ``pure``, cheap on any small game): success, or one clean error."""
    import contextlib
    import io

    from berlinsim.cli import main

    text = write_nfg(game) if which == "nfg" else write_efg(tree, gambit_labels=False)
    path = tmp_path_factory.mktemp("fuzz") / f"game.{which}"
    path.write_text(data.draw(mutated(text)), encoding="utf-8", errors="surrogatepass")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["solve", str(path), "-m", "pure"])
    assert code in (0, 2), err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert code == 0 or err.getvalue().startswith(f"berlinsim: error: {path}")
