"""The grammar of a claim's condition (``claims[].holds`` in a scenario file), read without ``eval``.

Two forms (docs/scenario-format.md, section *claims*)::

    play       := ["the"] QUANT "equilibrium" "has" move ("," move)*      QUANT: unique | some | every | no
    move       := PLAYER ACTION | PLAYER "mixes" ACTION ("and" ACTION)+
    comparison := ["some:"] sum OP sum                                  OP: < <= > >= = != ~=
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | atom ["@" VARIANT]
    atom       := NUMBER | "(" sum ")" | "count"
                | "payoff" "(" PLAYER ["|" PLAYER ACTION] ")"    the payoff; with "|", that move forced
                | "E" "(" ATTRIBUTE ")"                            an expected attribute
                | "P" "(" "\\"" OUTCOME "\\"" ")"                   the probability of an outcome label
                | "prob" "(" PLAYER "," ACTION ")"                 the probability of a move
                | "slope" "(" sum "," PARAMETER ")"                the derivative along a parameter

:func:`parse_condition` checks the syntax; :func:`check_names` the names against what a
scenario declares. Both raise :class:`ConditionError` with the offset of the problem in the text.

Examples
--------
>>> parse_condition("the unique equilibrium has US prepare, USSR quiet")  # doctest: +NORMALIZE_WHITESPACE
PlayCondition(quantifier='unique', plays=(Play(player='US', actions=('prepare',)),
    Play(player='USSR', actions=('quiet',))))
>>> c = parse_condition("slope(payoff(US | US buildup_initiate) - payoff(US | US buildup_wait), p_reasonable) < 0")
>>> c.op, c.left.parameter, c.left.operand.left.given
('<', 'p_reasonable', 'buildup_initiate')
>>> parse_condition("E(war) >> 0")
Traceback (most recent call last):
...
berlinsim.io.claim_grammar.ConditionError: unexpected '>' at column 9 (expected a number, a quantity or '(')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterator, Mapping

from berlinsim.errors import BerlinsimError
from berlinsim.model.claim import (OPERATORS, QUANTIFIERS, At, BinOp, Comparison, Condition, Neg, Num, Play,
                                   PlayCondition, Quantity, Slope, Term)

__all__ = ["ConditionError", "Names", "check_names", "parse_condition"]

_PLAY = re.compile(r"\s*(?:the\s+)?(unique|some|every|no)\s+equilibrium\s+has\s+", re.IGNORECASE)
_TOKEN = re.compile(r"\s*(?:(?P<num>[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
                    r"|(?P<str>\"[^\"]*\")|(?P<op><=|>=|!=|~=|[-+*/()<>=,|@:]))")
_MAX_LENGTH = 2000


class ConditionError(BerlinsimError):
    """A condition that cannot be read: ``offset`` is where in its text (0-based)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    text: str
    at: int


def _tokens(text: str) -> list[_Tok]:
    out, at = [], 0
    while at < len(text):
        if text[at:].strip() == "":
            break
        m = _TOKEN.match(text, at)
        if m is None:
            bad = at + len(text[at:]) - len(text[at:].lstrip())
            raise ConditionError(f"unexpected {text[bad]!r} at column {bad + 1}", bad)
        kind = m.lastgroup or "op"
        out.append(_Tok(kind, m.group(kind), m.start(kind)))
        at = m.end()
    out.append(_Tok("end", "", len(text)))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.k = 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.k]

    def fail(self, expected: str) -> ConditionError:
        t = self.tok
        what = "the end of the condition" if t.kind == "end" else repr(t.text)
        return ConditionError(f"unexpected {what} at column {t.at + 1} (expected {expected})", t.at)

    def take(self, text: str, expected: str | None = None) -> _Tok:
        if self.tok.text != text:
            raise self.fail(expected or repr(text))
        self.k += 1
        return self.toks[self.k - 1]

    def name(self, expected: str) -> str:
        if self.tok.kind != "name":
            raise self.fail(expected)
        self.k += 1
        return self.toks[self.k - 1].text

    def sum(self) -> Term:
        left = self.product()
        while self.tok.text in ("+", "-"):
            op = self.take(self.tok.text).text
            left = BinOp(op=op, left=left, right=self.product())
        return left

    def product(self) -> Term:
        left = self.unary()
        while self.tok.text in ("*", "/"):
            op = self.take(self.tok.text).text
            left = BinOp(op=op, left=left, right=self.unary())
        return left

    def unary(self) -> Term:
        if self.tok.text == "-":
            self.take("-")
            return Neg(operand=self.unary())
        term = self.atom()
        if self.tok.text == "@":
            self.take("@")
            term = At(operand=term, variant=self.name("a variant name after '@'"))
        return term

    def atom(self) -> Term:
        t = self.tok
        if t.kind == "num":
            self.k += 1
            return Num(value=Fraction(t.text))
        if t.text == "(":
            self.take("(")
            inner = self.sum()
            self.take(")")
            return inner
        if t.kind != "name":
            raise self.fail("a number, a quantity or '('")
        self.k += 1
        if t.text == "count":
            return Quantity(kind="count")
        if t.text not in ("payoff", "E", "P", "prob", "slope"):
            raise ConditionError(f"unknown quantity {t.text!r} at column {t.at + 1} (expected payoff(PLAYER), "
                                 "E(ATTRIBUTE), P(\"OUTCOME\"), prob(PLAYER, ACTION), slope(..., PARAMETER) or count)",
                                 t.at)
        self.take("(", f"'(' after {t.text}")
        if t.text == "payoff":
            player, given = self.name("a player name"), ""
            if self.tok.text == "|":
                self.take("|")
                if self.name("the player whose move is forced") != player:
                    raise ConditionError(f"payoff({player} | ...) forces a move of {player} itself "
                                         f"(column {self.toks[self.k - 1].at + 1})", self.toks[self.k - 1].at)
                given = self.name("an action")
            out: Term = Quantity(kind="payoff", player=player, given=given)
        elif t.text == "E":
            out = Quantity(kind="E", name=self.name("an attribute name"))
        elif t.text == "P":
            if self.tok.kind != "str":
                raise self.fail('an outcome label in double quotes, e.g. P("war")')
            self.k += 1
            out = Quantity(kind="P", name=self.toks[self.k - 1].text[1:-1])
        elif t.text == "prob":
            player = self.name("a player name")
            self.take(",")
            out = Quantity(kind="prob", player=player, name=self.name("an action"))
        else:
            inner = self.sum()
            self.take(",", "',' and the parameter to differentiate along")
            out = Slope(operand=inner, parameter=self.name("a parameter name"))
        self.take(")")
        return out


def _plays(text: str, start: int) -> tuple[Play, ...]:
    plays, at = [], start
    for part in text[start:].split(","):
        words = part.split()
        offset = at + len(part) - len(part.lstrip())
        if len(words) == 2:
            plays.append(Play(player=words[0], actions=(words[1],)))
        elif len(words) >= 4 and words[1] == "mixes" and all(w == "and" for w in words[3::2]) and len(words) % 2 == 1:
            plays.append(Play(player=words[0], actions=tuple(words[2::2])))
        else:
            raise ConditionError(f"cannot read the move {part.strip()!r} at column {offset + 1} (expected "
                                 "'PLAYER ACTION' or 'PLAYER mixes ACTION and ACTION')", offset)
        at += len(part) + 1
    return tuple(plays)


def parse_condition(text: str) -> Condition:
    """The condition in ``text`` (see the module docstring), or :class:`ConditionError`."""
    if len(text) > _MAX_LENGTH:
        raise ConditionError(f"condition too long ({len(text)} characters; at most {_MAX_LENGTH})", 0)
    play = _PLAY.match(text)
    if play:
        return PlayCondition(quantifier=play.group(1).lower(), plays=_plays(text, play.end()))
    if re.match(r"\s*(?:the\s+)?(?:" + "|".join(QUANTIFIERS) + r")\b", text, re.IGNORECASE) and \
            not re.match(r"\s*some\s*:", text):
        raise ConditionError("expected '<unique|some|every|no> equilibrium has PLAYER ACTION, ...'", 0)
    parser = _Parser(text)
    some = False
    if parser.tok.text == "some" and parser.toks[1].text == ":":
        parser.k, some = 2, True
    left = parser.sum()
    if parser.tok.text not in OPERATORS:
        raise parser.fail("a comparison: " + " ".join(OPERATORS))
    op = parser.take(parser.tok.text).text
    right = parser.sum()
    if parser.tok.kind != "end":
        raise parser.fail("the end of the condition")
    return Comparison(left=left, op=op, right=right, some=some)


@dataclass(frozen=True, slots=True, kw_only=True)
class Names:
    """What a scenario declares: players -> their actions, attributes, parameters, variants."""

    actions: Mapping[str, frozenset[str]]
    attributes: frozenset[str]
    parameters: frozenset[str]
    variants: frozenset[str]


def _walk(term: Any) -> Iterator[Any]:
    yield term
    for child in ("left", "right", "operand"):
        if hasattr(term, child):
            yield from _walk(getattr(term, child))


def _find(text: str, word: str) -> int:
    m = re.search(r"(?<![A-Za-z0-9_])" + re.escape(word) + r"(?![A-Za-z0-9_])", text)
    return m.start() if m else 0


def check_names(text: str, condition: Condition, names: Names) -> None:
    """Every name the condition uses is declared (players, their actions, attributes, parameters, variants)."""
    def unknown(kind: str, word: str, known: Any) -> ConditionError:
        listed = ", ".join(sorted(known)) or "none"
        return ConditionError(f"unknown {kind} {word!r} (expected one of: {listed})", _find(text, word))

    def player_action(player: str, action: str) -> None:
        if player not in names.actions:
            raise unknown("player", player, names.actions)
        if action and action not in names.actions[player]:
            raise unknown(f"action of {player}", action, names.actions[player])

    if isinstance(condition, PlayCondition):
        for play in condition.plays:
            for action in play.actions:
                player_action(play.player, action)
        return
    for term in (*_walk(condition.left), *_walk(condition.right)):
        if isinstance(term, Quantity) and term.kind in ("payoff", "prob"):
            player_action(term.player, term.given or term.name)
        elif isinstance(term, Quantity) and term.kind == "E" and term.name not in names.attributes:
            raise unknown("attribute", term.name, names.attributes)
        elif isinstance(term, At) and term.variant not in names.variants:
            raise unknown("variant", term.variant, names.variants)
        elif isinstance(term, Slope) and term.parameter not in names.parameters:
            raise unknown("parameter", term.parameter, names.parameters)
