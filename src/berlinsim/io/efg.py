"""Read and write Gambit ``.efg`` files (extensive games), with exact numbers.

Format (Gambit's "extensive game file format", version 2)::

    EFG 2 R "title" { "Player 1" "Player 2" }
    "optional comment"

    p "node" 1 1 "infoset" { "L" "R" } 0
    c "node" 1 "chance set" { "H" 1/2 "T" 1/2 } 1 "outcome" { 1, -1 }
    t "node" 2 "outcome 2" { 0, 0 }

Nodes come in preorder. ``p``: node label, player number, information-set number (per
player), optional information-set label and action list, outcome number (0: none),
optional outcome label and payoffs. ``c``: as ``p`` without the player, with a
probability after each action. ``t``: node label and outcome. Information-set labels,
action lists, outcome labels and payoffs may be left out after their first appearance.
Numbers are integers, decimals or ratios, all read exactly. Node labels and information-set
labels need not be unique (older Gambit files repeat them).

Outcomes attached to non-terminal nodes are added to every terminal payoff below them
(the model keeps only terminal payoffs), so writing a game back puts every outcome on a
terminal node: the game is the same, the file may differ. Outcome attributes of the model
have no place in the format and are not written.

Every problem is a :class:`~berlinsim.errors.LocatedError` ``path:line:col: key: message``.

Examples
--------
>>> text = '''EFG 2 R "Entry" { "Entrant" "Incumbent" }
... ""
... p "" 1 1 "" { "Out" "In" } 0
... t "" 1 "stay out" { 0, 2 }
... p "" 2 1 "" { "Fight" "Accommodate" } 0
... t "" 2 "war" { -1, -1 }
... t "" 3 "peace" { 1, 1 }
... '''
>>> g = parse_efg(text)
>>> g.players, g.exact_payoffs[0].tolist()
(('Entrant', 'Incumbent'), [Fraction(0, 1), Fraction(2, 1)])
>>> parse_efg(write_efg(g)) == g
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from berlinsim.errors import GameError, LocatedError
from berlinsim.model._exact import format_number
from berlinsim.model.extensive import CHANCE, DECISION, TERMINAL, ExtensiveGame, NodeRecord, TreeError

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:/\d+)?)
  | (?P<punct>[{},])
  | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<bad>"|.)
""", re.VERBOSE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    text: str
    line: int
    col: int


def _tokens(text: str, path: str) -> list[_Tok]:
    out, line, line_start = [], 1, 0
    for m in _TOKEN.finditer(text):
        kind, value = m.lastgroup, m.group()
        col = m.start() - line_start + 1
        if kind == "bad":
            what = "unterminated string" if value == '"' else f"unexpected character {value!r}"
            raise LocatedError(path, "", what, line=line, column=col)
        if kind != "space":
            if kind == "string":
                value = re.sub(r'\\(.)', r'\1', value[1:-1], flags=re.DOTALL)
            out.append(_Tok(kind, value, line, col))
        newlines = m.group().count("\n")
        if newlines:
            line += newlines
            line_start = m.start() + m.group().rfind("\n") + 1
    return out


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.toks = _tokens(text, path)
        self.i = 0
        self.path = path
        self.key = "header"

    def error(self, message: str, tok: _Tok | None = None) -> LocatedError:
        tok = tok or self.peek() or (self.toks[-1] if self.toks else _Tok("eof", "", 1, 1))
        return LocatedError(self.path, self.key, message, line=tok.line, column=tok.col)

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def next(self, kind: str, what: str) -> _Tok:
        tok = self.peek()
        if tok is None:
            raise self.error(f"expected {what}, found the end of the file")
        if tok.kind != kind:
            raise self.error(f"expected {what}, found {tok.text!r}", tok)
        self.i += 1
        return tok

    def at(self, kind: str, text: str | None = None) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == kind and (text is None or tok.text == text)

    def integer(self, what: str) -> int:
        tok = self.next("number", what)
        if not re.fullmatch(r"[+-]?\d+", tok.text):
            raise self.error(f"expected {what} (a whole number), found {tok.text!r}", tok)
        return int(tok.text)

    def braced(self, item) -> list[Any]:
        self.next("punct", "'{'")
        items = []
        while not self.at("punct", "}"):
            if self.peek() is None:
                raise self.error("expected '}', found the end of the file")
            if self.at("punct", ","):
                self.i += 1
                continue
            items.append(item())
        self.i += 1
        return items


def _exact(tok: _Tok, reader: _Reader, what: str) -> Fraction:
    text = tok.text
    try:
        if "/" in text:
            num, den = text.split("/")
            return Fraction(Decimal(num)) / int(den)
        return Fraction(Decimal(text))
    except (ArithmeticError, ValueError):
        raise reader.error(f"bad {what} {text!r}", tok) from None


def parse_efg(text: str, path: str = "<string>") -> ExtensiveGame:
    """An :class:`ExtensiveGame` from the text of a ``.efg`` file (see the module docstring)."""
    r = _Reader(text, path)
    magic = r.next("word", "'EFG'")
    if magic.text != "EFG":
        raise r.error(f"expected 'EFG' at the start of an extensive game file, found {magic.text!r}", magic)
    version = r.next("number", "the format version")
    if version.text != "2":
        raise r.error(f"only version 2 of the .efg format is supported, found {version.text}", version)
    kind = r.next("word", "'R' or 'D'")
    if kind.text not in ("R", "D"):
        raise r.error(f"expected 'R' or 'D' after the version, found {kind.text!r}", kind)
    title = r.next("string", "the title (a quoted string)").text
    players = [t.text for t in r.braced(lambda: r.next("string", "a player name (a quoted string)"))]
    comment = r.next("string", "a comment").text if r.at("string") else ""
    records, places, outcomes = [], [], {}
    while r.peek() is not None:
        tok = r.next("word", "a node ('p', 'c' or 't')")
        r.key = f"node {len(records) + 1}"
        places.append(tok)
        if tok.text not in ("p", "c", "t"):
            raise r.error(f"expected a node type 'p', 'c' or 't', found {tok.text!r}", tok)
        label = r.next("string", "the node label (a quoted string)").text
        player = infoset = infoset_label = actions = probs = None
        if tok.text in ("p", "c"):
            if tok.text == "p":
                ptok = r.peek()
                player = r.integer("a player number")
                if not 1 <= player <= len(players):
                    raise r.error(f"player number {player} out of range 1..{len(players)}", ptok)
                player -= 1
            infoset = r.integer("an information set number")
            if r.at("string"):
                infoset_label = r.next("string", "").text
            if r.at("punct", "{"):
                if tok.text == "p":
                    actions = tuple(t.text for t in r.braced(lambda: r.next("string", "an action label")))
                else:
                    pairs = r.braced(lambda: (r.next("string", "an outcome label"),
                                              r.next("number", "a probability")))
                    actions = tuple(a.text for a, _ in pairs)
                    probs = tuple(_exact(p, r, "probability") for _, p in pairs)
        otok = r.peek()
        number = r.integer("an outcome number")
        outcome_label, payoffs = "", None
        if r.at("string"):
            outcome_label = r.next("string", "").text
        if r.at("punct", "{"):
            ptoks = r.braced(lambda: r.next("number", "a payoff"))
            payoffs = tuple(_exact(p, r, "payoff") for p in ptoks)
            if len(payoffs) != len(players):
                raise r.error(f"outcome {number} has {len(payoffs)} payoffs, expected {len(players)}", otok)
        if number != 0:
            known = outcomes.get(number)
            if known is None:
                if payoffs is None:
                    raise r.error(f"outcome {number} is used before its payoffs are given", otok)
                outcomes[number] = (outcome_label, payoffs)
            else:
                if payoffs is not None and payoffs != known[1]:
                    raise r.error(f"outcome {number} is given payoffs {[str(x) for x in payoffs]} here but "
                                  f"{[str(x) for x in known[1]]} before", otok)
                outcome_label, payoffs = outcome_label or known[0], known[1]
        elif payoffs is not None and any(payoffs):
            raise r.error("outcome 0 (no outcome) cannot carry payoffs", otok)
        else:
            payoffs = None
        records.append(NodeRecord(
            kind={"p": DECISION, "c": CHANCE, "t": TERMINAL}[tok.text], label=label, player=player,
            infoset=infoset, infoset_label=infoset_label, actions=actions, probabilities=probs,
            payoffs=payoffs, outcome=outcome_label))
    r.key = ""
    if not records:
        raise r.error("the file has no nodes")
    try:
        return ExtensiveGame.from_records(players=players, records=records, title=title, comment=comment)
    except TreeError as exc:
        where = places[exc.node] if exc.node is not None and exc.node < len(places) else places[0]
        node_key = f"node {exc.node + 1}" if exc.node is not None else ""
        raise LocatedError(path, node_key, exc.message, line=where.line, column=where.col) from None
    except GameError as exc:  # e.g. duplicate player names
        raise LocatedError(path, "header", str(exc), line=magic.line, column=magic.col) from None


def read_efg(path: str | Path) -> ExtensiveGame:
    """Read a ``.efg`` file; problems are :class:`~berlinsim.errors.LocatedError` at ``path:line:col``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    except OSError as exc:
        raise LocatedError(str(path), "", f"cannot read the file: {exc.strerror or exc}") from None
    return parse_efg(text, str(path))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(value: Any) -> str:
    if isinstance(value, Fraction):
        return format_number(value)
    text = repr(float(value))
    return format(Decimal(text), "f") if "e" in text or "E" in text else text


def write_efg(game: ExtensiveGame, *, gambit_labels: bool = True) -> str:
    """The text of a ``.efg`` file for ``game``.

    Current Gambit (pygambit) refuses labels that repeat (node labels; a player's, or
    chance's, information-set labels) or that have leading, trailing or doubled
    whitespace, all of which older files contain. With ``gambit_labels`` (the default)
    whitespace is normalised and repeats get a suffix `` #k`` (nodes: k-th occurrence;
    information sets: their number), so the file loads in pygambit; the game is unchanged
    but for those labels. With ``gambit_labels=False`` labels are written as they are and
    reading the file back gives an equal game in every case.
    """
    clean = _clean if gambit_labels else (lambda text: text)
    node_labels = _unique([clean(x) for x in game.node_labels], gambit_labels)
    set_labels: dict[tuple[str, int], str] = {}
    for group in game.player_infosets:
        set_labels.update(_set_labels([(("p", h), game.infosets[h]) for h in group], clean, gambit_labels))
    set_labels.update(_set_labels([(("c", h), s) for h, s in enumerate(game.chance_infosets)], clean, gambit_labels))
    lines = [f"EFG 2 R {_quote(game.title)} {{ {' '.join(_quote(clean(p)) for p in game.players)} }}",
             _quote(game.comment), ""]
    exact = game.exact_payoffs
    numbers: dict[tuple, int] = {}
    for k in range(game.num_nodes):
        label = _quote(node_labels[k])
        if game.kind[k] == TERMINAL:
            row = int(game.terminal_index[k])
            pays = tuple(exact[row]) if exact is not None else tuple(float(x) for x in game.payoffs[row])
            name = clean(game.outcome_labels[row])
            if not name and not any(pays):
                lines.append(f"t {label} 0")
                continue
            number = numbers.setdefault((name, pays), len(numbers) + 1)
            lines.append(f"t {label} {number} {_quote(name)} {{ {', '.join(_num(x) for x in pays)} }}")
        elif game.kind[k] == DECISION:
            h = int(game.infoset[k])
            s = game.infosets[h]
            acts = " ".join(_quote(clean(a)) for a in s.actions)
            lines.append(f"p {label} {s.player + 1} {s.number} {_quote(set_labels[('p', h)])} {{ {acts} }} 0")
        else:
            h = int(game.infoset[k])
            s = game.chance_infosets[h]
            probs = s.exact_probabilities or s.probabilities
            acts = " ".join(f"{_quote(clean(a))} {_num(p)}" for a, p in zip(s.actions, probs))
            lines.append(f"c {label} {s.number} {_quote(set_labels[('c', h)])} {{ {acts} }} 0")
    return "\n".join(lines) + "\n"


def _clean(text: str) -> str:
    return " ".join(text.split())


def _unique(labels: list[str], active: bool) -> list[str]:
    if not active:
        return labels
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(f"{label} #{seen[label]}" if label and seen[label] > 1 else label)
    return out


def _set_labels(items, clean, active: bool) -> dict[tuple[str, int], str]:
    labels = {key: clean(s.label) for key, s in items}
    if active:
        counts: dict[str, int] = {}
        for text in labels.values():
            counts[text] = counts.get(text, 0) + 1
        for key, s in items:
            if labels[key] and counts[labels[key]] > 1:
                labels[key] = f"{labels[key]} #{s.number}"
    return labels


def save_efg(game: ExtensiveGame, path: str | Path, *, gambit_labels: bool = True) -> None:
    """Write ``game`` to ``path`` as a ``.efg`` file (see :func:`write_efg`)."""
    Path(path).write_text(write_efg(game, gambit_labels=gambit_labels), encoding="utf-8")


def infosets_json(game: ExtensiveGame) -> list[list[dict[str, Any]]]:
    """The JSON contract's ``"infosets"``: per player, ``{"number", "label", "actions"}`` in ascending number."""
    return [[{"number": game.infosets[h].number, "label": game.infosets[h].label,
              "actions": list(game.infosets[h].actions)} for h in game.player_infosets[p]]
            for p in range(game.num_players)]
