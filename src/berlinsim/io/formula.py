"""The formula language of scenario files: a hand-written tokenizer and Pratt parser.

Formulas are short texts inside YAML values, e.g. ``w_framing * F_reject - c_pressure`` or
``if p_reasonable > 0.5 then v_settle else 0``. They parse into the expression tree of
:mod:`berlinsim.model.expression`, which also evaluates them. Nothing is ever passed to
``eval``.

Tokens: numbers (``12``, ``0.25``, ``.5``, ``1e-3``, ``2.5E+4``; a fraction such as ``1/3`` is
a division), names (``[A-Za-z_][A-Za-z0-9_]*``), the operators ``+ - * / ^ < <= > >= == !=``,
parentheses, commas, and the reserved words ``if then else and or not``. Spaces, tabs and
line breaks separate tokens.

Precedence, loosest first (all binary operators are left-associative except ``^``, which is
right-associative; comparisons cannot be chained)::

    if c then a else b   the else-branch extends as far right as possible
    or
    and
    not
    < <= > >= == !=
    + -
    * /
    unary - +            -2^2 = -(2^2) = -4, but 2^-1 = 1/2
    ^                    2^3^2 = 2^(3^2) = 512
    f(...), (...), names, numbers

Functions: ``abs(x)``, ``sqrt(x)``, ``exp(x)``, ``log(x)`` (natural), ``min(x, y, ...)``,
``max(x, y, ...)``, ``clip(x, low, high)``.

Every error is a :class:`~berlinsim.errors.LocatedError` pointing at the offending
character in the file, ``path:line:col: key.path: message (expected X, got Y)``.

Examples
--------
>>> from berlinsim.model.expression import evaluate_exact, to_text
>>> f = parse_formula("(1 - p)*(w_f*F_reject - c_p)")
>>> to_text(f), evaluate_exact(f, {"p": 0.25, "w_f": 4, "F_reject": 1, "c_p": 3})
('(1 - p) * (w_f * F_reject - c_p)', 0.75)
>>> parse_formula("2 * (p + 1))", path="s.yaml", line=7, column=12, key="players.US.payoff")
Traceback (most recent call last):
...
berlinsim.errors.LocatedError: s.yaml:7:23: players.US.payoff: unexpected ')' (expected an operator or the end of the formula)
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from fractions import Fraction

from berlinsim.errors import LocatedError
from berlinsim.model.expression import (
    FUNCTIONS,
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    FormulaError,
    IfElse,
    Name,
    Number,
    Span,
    Unary,
    children,
    walk,
)

KEYWORDS = frozenset({"if", "then", "else", "and", "or", "not"})
MAX_DEPTH = 100
"""Deepest nesting accepted (parentheses, operands; a long sum counts one level per term)."""

_OPERATORS = ("<=", ">=", "==", "!=", "+", "-", "*", "/", "^", "<", ">", "(", ")", ",")
_HINTS = {
    "**": "use '^' for powers", "=": "use '==' to compare", "&&": "use 'and'", "&": "use 'and'",
    "||": "use 'or'", "|": "use 'or'", "!": "use 'not', or '!=' to compare",
    "?": "write 'if c then a else b'", ":": "write 'if c then a else b'",
    "[": "use '(' and ')'", "]": "use '(' and ')'", "{": "use '(' and ')'", "}": "use '(' and ')'",
    "%": "there is no remainder operator", "\u2212": "use the ASCII minus '-'",
    "\u2013": "use the ASCII minus '-'", "\u00d7": "use '*'", "\u00b7": "use '*'", "\u22c5": "use '*'",
    "\u00f7": "use '/'", "\u2264": "use '<='", "\u2265": "use '>='", "\u2260": "use '!='",
}
_BINDING = {"or": 2, "and": 3, "<": 5, "<=": 5, ">": 5, ">=": 5, "==": 5, "!=": 5,
            "+": 6, "-": 6, "*": 7, "/": 7, "^": 9}
_NOT, _CMP, _UNARY = 4, 5, 8
_VALUE = "expected a number, a name or '('"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "name", "keyword", "op", "end"
    text: str
    start: int
    end: int
    value: Fraction | None = None

    def describe(self) -> str:
        if self.kind == "end":
            return "end of formula"
        return f"{self.kind} '{self.text}'" if self.kind in ("number", "name") else f"'{self.text}'"


def _digit(c: str) -> bool:
    return "0" <= c <= "9"


def _is_name_char(c: str, first: bool = False) -> bool:
    return c == "_" or ("a" <= c <= "z") or ("A" <= c <= "Z") or (not first and "0" <= c <= "9")


class _Parser:
    def __init__(self, text: str, path: str, key: str, locate: Callable[[int], tuple[int, int]]):
        self.text, self.path, self.key, self.locate = text, path, key, locate
        self.tokens = self.tokenize()
        self.index = 0
        self.depths: dict[int, int] = {}

    def error(self, message: str, offset: int) -> LocatedError:
        line, column = self.locate(offset)
        return LocatedError(self.path, self.key, message, line=line, column=column)

    # --- tokens --------------------------------------------------------------------------------

    def number(self, i: int) -> _Token:
        text, n = self.text, len(self.text)
        j = i
        while j < n and _digit(text[j]):
            j += 1
        if j < n and text[j] == ".":
            j += 1
            if not (j < n and _digit(text[j])):
                raise self.error(f"malformed number '{text[i:j]}' (expected a digit after '.')", j)
            while j < n and _digit(text[j]):
                j += 1
        if j < n and text[j] in "eE":
            k = j + 1 + (j + 1 < n and text[j + 1] in "+-")
            if k < n and _digit(text[k]):
                while k < n and _digit(text[k]):
                    k += 1
                if len(text[j + 1:k].lstrip("+-").lstrip("0")) > 3:
                    raise self.error(f"number out of range '{text[i:k]}'", i)
                j = k
        if j < n and text[j] == ".":
            k = j
            while k < n and (text[k] == "." or _digit(text[k])):
                k += 1
            raise self.error(f"malformed number '{text[i:k]}'", i)
        value = Fraction(text[i:j])
        try:
            float(value)
        except OverflowError:
            raise self.error(f"number out of range '{text[i:j]}'", i) from None
        return _Token("number", text[i:j], i, j, value)

    def tokenize(self) -> list[_Token]:
        text, n, i = self.text, len(self.text), 0
        tokens = []
        while True:
            while i < n and text[i] in " \t\r\n":
                i += 1
            if i == n:
                tokens.append(_Token("end", "", n, n))
                return tokens
            c = text[i]
            if _digit(c) or (c == "." and _digit(text[i + 1:i + 2] or "x")):
                tokens.append(self.number(i))
            elif _is_name_char(c, first=True):
                j = i + 1
                while j < n and _is_name_char(text[j]):
                    j += 1
                word = text[i:j]
                tokens.append(_Token("keyword" if word in KEYWORDS else "name", word, i, j))
            else:
                hint = next((h for h in ("**", "&&", "||") if text.startswith(h, i)), None)
                op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
                if hint is None and op is not None:
                    tokens.append(_Token("op", op, i, i + len(op)))
                    i += len(op)
                    continue
                bad = hint or c
                shown = f"'{bad}'" if bad.isascii() and bad.isprintable() else f"U+{ord(c):04X}"
                shown = f"'{bad}' ({shown})" if bad.isprintable() and not bad.isascii() else shown
                advice = f"; {_HINTS[bad]}" if bad in _HINTS else ""
                raise self.error(f"unexpected character {shown}{advice}", i)
            i = tokens[-1].end

    # --- parsing -------------------------------------------------------------------------------

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, text: str, context: str) -> _Token:
        token = self.peek()
        if token.text != text or token.kind not in ("op", "keyword"):
            raise self.error(f"expected '{text}' {context}, got {token.describe()}", token.start)
        return self.advance()

    def build(self, cls: type, start: int, end: int, **fields: object) -> Expr:
        try:
            node = cls(span=Span(start, end), **fields)
        except FormulaError as error:
            raise self.error(error.message, (error.span or Span(start, end)).start) from None
        depth = 1 + max((self.depths.get(id(c), 1) for c in children(node)), default=0)
        if depth > MAX_DEPTH:
            raise self.error(f"formula nested too deeply (more than {MAX_DEPTH} levels)", start)
        self.depths[id(node)] = depth
        return node

    def expression(self, rbp: int, depth: int) -> Expr:
        if depth > MAX_DEPTH:
            raise self.error(f"formula nested too deeply (more than {MAX_DEPTH} levels)",
                             self.peek().start)
        left = self.prefix(self.advance(), depth + 1)
        while True:
            token = self.peek()
            if token.kind not in ("op", "keyword") or _BINDING.get(token.text, 0) <= rbp:
                return left
            left = self.infix(self.advance(), left, depth + 1)

    def prefix(self, token: _Token, depth: int) -> Expr:
        if token.kind == "number":
            return self.build(Number, token.start, token.end, value=token.value)
        if token.kind == "name":
            if self.peek().text == "(" and self.peek().kind == "op":
                return self.call(token, depth)
            return self.build(Name, token.start, token.end, name=token.text)
        if token.text in ("-", "+"):
            operand = self.expression(_UNARY, depth)
            return self.build(Unary, token.start, operand.span.end, op=token.text, operand=operand)
        if token.text == "not":
            operand = self.expression(_NOT, depth)
            return self.build(BoolOp, token.start, operand.span.end, op="not", operands=(operand,))
        if token.text == "(":
            inner = self.expression(0, depth)
            close = self.peek()
            if close.text != ")" or close.kind != "op":
                line, column = self.locate(token.start)
                opened = f"column {column}" if line == self.locate(close.start)[0] else f"{line}:{column}"
                raise self.error(f"expected ')' to close the '(' at {opened}, got {close.describe()}",
                                 close.start)
            self.advance()
            wrapped = replace(inner, span=Span(token.start, close.end))
            self.depths[id(wrapped)] = self.depths[id(inner)]
            return wrapped
        if token.text == "if":
            condition = self.expression(0, depth)
            self.expect("then", "after the condition of 'if'")
            if_true = self.expression(0, depth)
            self.expect("else", "after the 'then' branch of 'if'")
            if_false = self.expression(0, depth)
            return self.build(IfElse, token.start, if_false.span.end, condition=condition,
                              if_true=if_true, if_false=if_false)
        raise self.error(f"unexpected {token.describe()} ({_VALUE})", token.start)

    def call(self, name: _Token, depth: int) -> Expr:
        if name.text not in FUNCTIONS:
            close = difflib.get_close_matches(name.text, list(FUNCTIONS), n=1, cutoff=0.75)
            known = ", ".join(FUNCTIONS)
            message = (f"did you mean '{close[0]}'? (known: {known})" if close else f"known: {known}")
            raise self.error(f"unknown function '{name.text}'; {message}", name.start)
        self.advance()
        args: list[Expr] = []
        while not (self.peek().text == ")" and self.peek().kind == "op" and not args):
            args.append(self.expression(0, depth))
            if self.peek().text != "," or self.peek().kind != "op":
                break
            self.advance()
        close = self.peek()
        if close.text != ")" or close.kind != "op":
            raise self.error(f"expected ',' or ')' in the call of '{name.text}', got "
                             f"{close.describe()}", close.start)
        self.advance()
        return self.build(Call, name.start, close.end, function=name.text, args=tuple(args))

    def infix(self, token: _Token, left: Expr, depth: int) -> Expr:
        op = token.text
        if op == "^":
            right = self.expression(_UNARY, depth)
        else:
            right = self.expression(_BINDING[op], depth)
        span = (left.span.start, right.span.end)
        if op in ("and", "or"):
            return self.build(BoolOp, *span, op=op, operands=(left, right))
        if _BINDING[op] == _CMP:
            following = self.peek()
            if _BINDING.get(following.text) == _CMP and following.kind == "op":
                raise self.error(f"comparisons cannot be chained (write 'a {op} b and b "
                                 f"{following.text} c'), got a second '{following.text}'",
                                 following.start)
            return self.build(Compare, *span, op=op, left=left, right=right)
        return self.build(Binary, *span, op=op, left=left, right=right)

    def formula(self) -> Expr:
        if self.peek().kind == "end":
            raise self.error(f"empty formula ({_VALUE})", self.peek().start)
        expr = self.expression(0, 0)
        token = self.peek()
        if token.kind == "end":
            return expr
        before = self.tokens[self.index - 1]
        if (token.kind in ("number", "name") or token.text == "(") and (
                before.kind in ("number", "name") or before.text == ")"):
            hint = ""
            if token.text.lower() in KEYWORDS:
                hint = f"; keywords are lower case: '{token.text.lower()}'"
            elif token.kind in ("number", "name") and before.kind in ("number", "name"):
                hint = f" (write '{before.text} * {token.text}' to multiply)"
            raise self.error(f"missing operator between '{before.text}' and '{token.text}'{hint}",
                             token.start)
        raise self.error(f"unexpected {token.describe()} (expected an operator or the end of the "
                         f"formula)", token.start)


def _locator(text: str, line: int, column: int,
             locate: Callable[[int], tuple[int, int]] | None) -> Callable[[int], tuple[int, int]]:
    if locate is not None:
        return locate

    def position(offset: int) -> tuple[int, int]:
        breaks = text.count("\n", 0, offset)
        if not breaks:
            return line, column + offset
        return line + breaks, offset - text.rindex("\n", 0, offset)
    return position


def parse_formula(text: str, *, path: str = "<formula>", line: int = 1, column: int = 1,
                  key: str = "", locate: Callable[[int], tuple[int, int]] | None = None) -> Expr:
    """Parse a formula into an expression tree.

    Parameters
    ----------
    text : str
        The formula.
    path, key : str
        The file and the key path of the value holding the formula, for error messages.
    line, column : int
        1-based position in the file of the formula's first character. A formula spread
        over several lines maps its later lines to columns counted from 1; pass ``locate``
        (e.g. :meth:`berlinsim.io.yaml_source.YamlDocument.locator`) for exact positions.
    locate : callable, optional
        Maps an offset in ``text`` to a 1-based ``(line, column)`` in the file.

    Returns
    -------
    Expr
        The tree; each node's ``span`` gives its offsets in ``text``.

    Raises
    ------
    LocatedError
        The first problem, at the offending character.

    Examples
    --------
    >>> from berlinsim.model.expression import to_text
    >>> to_text(parse_formula("-2^2 + max(a, 1/3)"))
    '-2^2 + max(a, 1 / 3)'
    >>> parse_formula("sin(p)", path="s.yaml", line=3, column=9, key="params.x")
    Traceback (most recent call last):
    ...
    berlinsim.errors.LocatedError: s.yaml:3:9: params.x: unknown function 'sin'; known: abs, clip, exp, log, max, min, sqrt
    """
    if not isinstance(text, str):
        raise TypeError(f"a formula must be a str, got {type(text).__name__}")
    return _Parser(text, str(path), key, _locator(text, line, column, locate)).formula()


def locate_error(error: FormulaError, *, path: str = "<formula>", line: int = 1, column: int = 1,
                 key: str = "", locate: Callable[[int], tuple[int, int]] | None = None) -> LocatedError:
    """A :class:`LocatedError` at the sub-formula an evaluation error names (its ``span``).

    The arguments are as for :func:`parse_formula`, for the formula that was evaluated
    (without ``locate`` the formula is taken to be on one line).

    Examples
    --------
    >>> from berlinsim.model.expression import evaluate
    >>> try:
    ...     evaluate(parse_formula("v + 1 / (1 - p)"), {"v": 1, "p": 1})
    ... except FormulaError as e:
    ...     print(locate_error(e, path="s.yaml", line=8, column=5, key="payoff"))
    s.yaml:8:9: payoff: division by zero ('1 - p' is 0) in '1 / (1 - p)' when p = 1
    """
    offset = error.span.start if error.span is not None else 0
    at_line, at_column = (locate or (lambda o: (line, column + o)))(offset)
    return LocatedError(str(path), key, error.message, line=at_line, column=at_column)


def check_names(expr: Expr, declared: Collection[str], *, path: str = "<formula>", line: int = 1,
                column: int = 1, key: str = "", kind: str = "parameter",
                locate: Callable[[int], tuple[int, int]] | None = None) -> tuple[LocatedError, ...]:
    """Errors for the names in ``expr`` that are not ``declared``, with did-you-mean hints.

    Each unknown name is reported once, at its first occurrence. ``path``, ``line``,
    ``column``, ``key`` and ``locate`` are as for :func:`parse_formula` (without ``locate``
    the formula is taken to be on one line); ``kind`` words the
    message ("parameter", "name", ...). The errors are returned, not raised, so a loader can
    collect every problem in a file.

    Examples
    --------
    >>> f = parse_formula("p_reasonabel * v_settle")
    >>> for e in check_names(f, {"p_reasonable", "v_settle"}, path="s.yaml", line=4, column=13):
    ...     print(e)
    s.yaml:4:13: unknown parameter 'p_reasonabel'; did you mean 'p_reasonable'?
    """
    position = locate or (lambda offset: (line, column + offset))
    known = sorted(declared)
    errors, seen = [], set()
    for node in sorted((n for n in walk(expr) if isinstance(n, Name)), key=lambda n: n.span.start):
        if node.name in declared or node.name in seen:
            continue
        seen.add(node.name)
        folded = [k for k in known if k.lower() == node.name.lower()]
        close = folded or difflib.get_close_matches(node.name, known, n=1)
        if close:
            message = f"unknown {kind} '{node.name}'; did you mean '{close[0]}'?"
        elif not known:
            message = f"unknown {kind} '{node.name}' (no {kind}s are declared)"
        else:
            shown = ", ".join(known[:10]) + (f", ... ({len(known) - 10} more)" if len(known) > 10 else "")
            message = f"unknown {kind} '{node.name}' (expected one of: {shown})"
        at_line, at_column = position(node.span.start)
        errors.append(LocatedError(str(path), key, message, line=at_line, column=at_column))
    return tuple(errors)
