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
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, NamedTuple

from berlinsim.errors import GameError, LocatedError
from berlinsim.io._gambit_numbers import Denominators, NumberRefused, exact_number
from berlinsim.io._gambit_text import Source, read_text
from berlinsim.limits import DEFAULT, Limits
from berlinsim.model._exact import format_number
from berlinsim.model.extensive import CHANCE, DECISION, TERMINAL, ExtensiveGame, NodeRecord, TreeError

_TOKEN = re.compile(r"""\s*(?:
    ("[^"\\]*(?:\\.[^"\\]*)*")                                         # 1: string
  | ([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?(?:/[0-9]+)?)  # 2: number
  | ([{},])                                                              # 3: punct
  | ([A-Za-z_][A-Za-z_0-9]*)                                             # 4: word
  | ("|\S)                                                               # 5: bad
)""", re.VERBOSE | re.DOTALL)
_KINDS = ("", "string", "number", "punct", "word", "bad")
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")


class _Tok(NamedTuple):
    kind: str
    text: str
    offset: int


class _Reader:
    """Tokens read one at a time (a file is refused at its first problem, unread beyond it)."""

    def __init__(self, text: str, path: str, limits: Limits) -> None:
        self.source = Source(text, path)
        self.text = text
        self.limits = limits
        self.path = path
        self.key = "header"
        self.denominators = Denominators(limits)
        self._numbers: dict[str, Fraction] = {}
        self._pos = 0
        self._next = self._lex()

    def _lex(self) -> _Tok | None:
        m = _TOKEN.match(self.text, self._pos)
        if m is None:
            self._pos = len(self.text)
            return None
        index = m.lastindex
        kind, value, end = _KINDS[index], m.group(index), m.end()
        offset = end - len(value)
        if kind == "bad":
            what = "unterminated string" if value == '"' else f"unexpected character {value!r}"
            raise self.source.error(offset, "", what)
        self._pos = end
        if kind == "string":
            value = value[1:-1]
            if "\\" in value:
                value = _UNESCAPE.sub(r"\1", value)
        return _Tok(kind, value, offset)

    def error(self, message: str, tok: _Tok | None = None) -> LocatedError:
        tok = tok or self.peek()
        offset = tok.offset if tok is not None else len(self.text.rstrip())
        return self.source.error(offset, self.key, message)

    def peek(self) -> _Tok | None:
        return self._next

    def next(self, kind: str, what: str) -> _Tok:
        tok = self._next
        if tok is None:
            raise self.error(f"expected {what}, found the end of the file")
        if tok.kind != kind:
            raise self.error(f"expected {what}, found {tok.text!r}", tok)
        self._next = self._lex()
        return tok

    def at(self, kind: str, text: str | None = None) -> bool:
        tok = self._next
        return tok is not None and tok.kind == kind and (text is None or tok.text == text)

    def number(self, tok: _Tok) -> Fraction:
        """The exact value of a number token, checked against the limits."""
        value = self._numbers.get(tok.text)
        if value is None:
            try:
                value = exact_number(tok.text, self.limits)
                self.denominators.add(value)
            except NumberRefused as exc:
                raise self.error(str(exc), tok) from None
            self._numbers[tok.text] = value
        return value

    def integer(self, what: str) -> int:
        tok = self.next("number", what)
        if not _INTEGER.match(tok.text):
            raise self.error(f"expected {what} (a whole number), found {tok.text!r}", tok)
        return int(self.number(tok))

    def braced(self, item: Callable[[], Any], most: int, too_many: Callable[[], str]) -> list[Any]:
        """Items between braces (commas ignored); more than ``most`` is refused with ``too_many()``."""
        self.next("punct", "'{'")
        items: list[Any] = []
        while not self.at("punct", "}"):
            if self.peek() is None:
                raise self.error("expected '}', found the end of the file")
            if self.at("punct", ","):
                self.next("punct", "','")
                continue
            if len(items) == most:
                raise self.error(too_many())
            items.append(item())
        self.next("punct", "'}'")
        return items


class _Shape:
    """The tree's shape as its nodes arrive in preorder: depths, and the nodes still owed."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.open: list[list[int]] = []  # [children still to come, their depth] of each open node
        self.owed = 0  # children still to come, summed over the open nodes
        self.nodes = 0

    def room(self) -> int:
        """How many children the next node may have within max_nodes."""
        return max(0, self.limits.max_nodes - self.nodes - max(1, self.owed))

    def add(self, arity: int, reader: _Reader, tok: _Tok) -> None:
        """Account for a node with ``arity`` children; refuse beyond max_nodes or max_depth."""
        limits = self.limits
        if self.nodes == limits.max_nodes:
            raise reader.error(f"expected the end of the file after {limits.at_most('max_nodes', 'nodes')}", tok)
        depth = 0
        if self.open:
            top = self.open[-1]
            depth = top[1]
            top[0] -= 1
            self.owed -= 1
            if top[0] == 0:
                self.open.pop()
        if depth > limits.max_depth:
            raise reader.error(f"this node is {depth:,} moves from the root; expected "
                               f"{limits.at_most('max_depth', 'moves')}", tok)
        self.nodes += 1
        if arity > 0:
            self.open.append([arity, depth + 1])
            self.owed += arity
        if self.nodes + self.owed > limits.max_nodes:
            raise reader.error(f"the tree would have {self.nodes + self.owed:,} nodes or more; expected "
                               f"{limits.at_most('max_nodes', 'nodes')}", tok)


def parse_efg(text: str, path: str = "<string>", *, limits: Limits | None = None) -> ExtensiveGame:
    """An :class:`ExtensiveGame` from the text of a ``.efg`` file (see the module docstring).

    Numbers, players, nodes and depth are checked against ``limits`` (default
    :data:`berlinsim.limits.DEFAULT`) while the file is read; a file beyond them is refused
    at the first node that passes a limit, with a :class:`~berlinsim.errors.LocatedError`.
    """
    limits = limits or DEFAULT
    if text.startswith("\ufeff"):
        text = text[1:]
    r = _Reader(text, path, limits)
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
    players = [t.text for t in r.braced(lambda: r.next("string", "a player name (a quoted string)"),
                                        limits.max_players,
                                        lambda: f"expected '}}' after {limits.at_most('max_players', 'players')}")]
    comment = r.next("string", "a comment").text if r.at("string") else ""
    records, places, outcomes = [], [], {}
    shape = _Shape(limits)
    arities: dict[tuple[int, int], int] = {}  # (player, or -1 for chance; information set) -> actions
    while r.peek() is not None:
        tok = r.next("word", "a node ('p', 'c' or 't')")
        r.key = f"node {len(records) + 1}"
        places.append(tok)
        if tok.text not in ("p", "c", "t"):
            raise r.error(f"expected a node type 'p', 'c' or 't', found {tok.text!r}", tok)
        label = r.next("string", "the node label (a quoted string)").text
        player = infoset = infoset_label = actions = probs = None
        if tok.text in ("p", "c"):
            owner = -1
            if tok.text == "p":
                ptok = r.peek()
                player = r.integer("a player number")
                if not 1 <= player <= len(players):
                    raise r.error(f"player number {player} out of range 1..{len(players)}", ptok)
                player -= 1
                owner = player
            infoset = r.integer("an information set number")
            if r.at("string"):
                infoset_label = r.next("string", "").text
            if r.at("punct", "{"):
                room = shape.room()
                too_many = lambda: (f"expected at most {room:,} action{'' if room == 1 else 's'} at this node: "  # noqa: E731
                                    f"with more, the tree would pass {limits.at_most('max_nodes', 'nodes')}")
                if tok.text == "p":
                    actions = tuple(t.text for t in r.braced(lambda: r.next("string", "an action label"), room,
                                                             too_many))
                else:
                    pairs = r.braced(lambda: (r.next("string", "an outcome label"),
                                              r.number(r.next("number", "a probability"))), room, too_many)
                    actions = tuple(a.text for a, _ in pairs)
                    probs = tuple(p for _, p in pairs)
                arities.setdefault((owner, infoset), len(actions))
            shape.add(len(actions) if actions is not None else arities.get((owner, infoset), 0), r, tok)
        else:
            shape.add(0, r, tok)
        otok = r.peek()
        number = r.integer("an outcome number")
        outcome_label, payoffs = "", None
        if r.at("string"):
            outcome_label = r.next("string", "").text
        if r.at("punct", "{"):
            payoffs = tuple(r.braced(lambda: r.number(r.next("number", "a payoff")), len(players),
                                     lambda: f"expected '}}' after {len(players)} payoffs (one per player)"))
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
        raise r.source.error(where.offset, node_key, exc.message) from None
    except GameError as exc:  # e.g. duplicate player names
        raise r.source.error(magic.offset, "header", str(exc)) from None


def read_efg(path: str | Path, *, limits: Limits | None = None) -> ExtensiveGame:
    """Read a ``.efg`` file; problems are :class:`~berlinsim.errors.LocatedError` at ``path:line:col``.

    A file larger than ``max_file_bytes`` is refused unread; see :func:`parse_efg` for the other limits.
    """
    text = read_text(path, limits or DEFAULT)
    return parse_efg(text.replace("\r\n", "\n").replace("\r", "\n"), str(path), limits=limits)


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
