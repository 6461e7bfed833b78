"""What ``berlinsim explain`` says, as format-neutral blocks (private helper of the explain renderers).

:func:`build` turns a :class:`~berlinsim.model.derivation_result.Derivation` into a list of blocks:
headings, paragraphs, tables, bullet items, equations (:class:`Math`: a label and an
expression in plain ASCII math, e.g. ``-10(1 - q) = -10 + 10q``), the game as a
:class:`MatrixBlock` or a :class:`TreeBlock`, and preformatted text. The text/Markdown, LaTeX
and HTML renderers write the same blocks, so every format says the same things. The section on
what pins each strategy down is built by :mod:`._explain_mix_blocks`, the tree sections by
:mod:`._explain_tree_blocks`.

Examples
--------
>>> from berlinsim.analysis.derivation import derive
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.solvers.enummixed import enummixed_solve
>>> pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]], players=("A", "B"), actions=(("H", "T"), ("H", "T")))
>>> [b.text for b in build(derive(pennies, enummixed_solve(pennies))) if isinstance(b, Heading) and b.level == 2]
['1. The game', '2. How it is solved', '3. Dominated actions', '4. Best responses and pure equilibria', '5. Mixed equilibria: what pins each strategy down', 'Equilibria, checked']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from berlinsim.model.derivation_result import Derivation, DominanceView, EquilibriumView, MatrixView, TreeView, Verification
from berlinsim.reports import _explain_correlated_blocks as cb
from berlinsim.reports import _explain_belief_blocks as ab
from berlinsim.reports import _explain_mix_blocks as mb
from berlinsim.reports import _explain_tree_blocks as tb
from berlinsim.reports._explain_math import Math
from berlinsim.reports.blocks import Heading, Items, Para, Pre, Table
from berlinsim.reports.number_format import format_probability, format_value, is_rounded, number_text

__all__ = ["Heading", "Items", "Math", "MatrixBlock", "Para", "Pre", "Table", "TreeBlock", "build", "dominance_blocks"]


@dataclass(frozen=True, slots=True)
class MatrixBlock:
    view: MatrixView


@dataclass(frozen=True, slots=True)
class TreeBlock:
    view: TreeView


def num(value: Any) -> str:
    """A payoff: exact decimals when they terminate, else ``p/q``; floats to 6 digits."""
    return format_value(value)


def prob(value: Any) -> str:
    """A probability: ``p/q`` when exact."""
    return format_probability(value)


def _against(labels: Sequence[str], players: Sequence[str] = ()) -> str:
    """The others' actions, each with its player's name when known: ``"UK F"``."""
    if not labels:
        return "-"
    if len(players) == len(labels):
        return ", ".join(f"{p} {a}" for p, a in zip(players, labels))
    return ", ".join(labels)


def _some(names: Sequence[str], most: int | None) -> str:
    """``"a, b, c"``, or the first ``most`` of them and how many more."""
    if most is None or len(names) <= most:
        return ", ".join(names)
    return ", ".join(names[:most]) + f" and {len(names) - most} more"


def _others(players: Sequence[str], player: str) -> tuple[str, ...]:
    return tuple(p for p in players if p != player)


# ----------------------------------------------------------------------------- sections
def _header(d: Derivation) -> list[Any]:
    blocks: list[Any] = [Heading(1, f"Explained: {d.title}" + (f" [{d.source}]" if d.source and d.source != d.title else ""))]
    memo = d.memo
    if memo is not None and memo.paragraphs:
        numbers = ", ".join(str(n) for n in memo.paragraphs)
        plural = "s" if len(memo.paragraphs) > 1 else ""
        blocks.append(Para(f"Models paragraph{plural} {numbers}" + (f" of {memo.document}." if memo.document else ".")))
        if memo.excerpts:
            blocks.append(Items(tuple(f"Paragraph {n}: \u201c{text}\u201d" for n, text in memo.excerpts)))
    if memo is not None and memo.summary:
        blocks.append(Para(memo.summary))
    if d.player_descriptions:
        blocks.append(Items(tuple(f"{p}: {a}" if a else p for p, a in zip(d.players, d.player_descriptions))))
    if d.parameters:
        rows = tuple((p.name, num(p.value) + (" *" if p.changed else ""), num(p.default) if p.changed else "",
                      p.description) for p in d.parameters)
        blocks.append(Table(("parameter", "value", "default", "meaning"), rows))
        said = f"Variant {d.variant}. " if d.variant else ""
        changed = any(p.changed for p in d.parameters)
        blocks.append(Para(said + ("(* changed from the default)" if changed else "All parameters at their defaults.")))
    return blocks


def _game(d: Derivation) -> list[Any]:
    blocks: list[Any] = [Heading(2, "1. The game")]
    if d.matrix is not None:
        m = d.matrix
        shape = " x ".join(str(n) for n in m.shape)
        who = (f"{m.players[0]} chooses one of {shape} actions" if len(m.players) == 1 else
               f"{', '.join(m.players[:-1])} and {m.players[-1]} choose at the same time ({shape})")
        blocks.append(Para(f"{who}. Each cell gives the payoffs ({', '.join(m.players)}); * marks a best response: "
                           f"the payoff is the highest that player can get against the others' actions in that cell."))
        blocks.append(MatrixBlock(m))
        described = [f"{p} {a}: {text}" for p, acts, texts in zip(m.players, m.actions, m.descriptions)
                     for a, text in zip(acts, texts) if text and text != a]
        if described:
            blocks.append(Items(tuple(described)))
        named = [(" / ".join(m.actions[i][a] for i, a in enumerate(cell)), label)
                 for cell, label in zip(m.cells, m.outcomes)]
        if any(label and label != cell for cell, label in named):
            blocks.append(Table(("cell", "outcome"), tuple(named)))
    elif d.tree is not None:
        t = d.tree
        facts = ["perfect information" if t.perfect_information else "imperfect information (a player cannot "
                 "always tell where they are: their information set has several nodes)"]
        if t.has_chance:
            facts.append("chance moves with known probabilities")
        blocks.append(Para(f"A game tree with {t.num_nodes} nodes; {'; '.join(facts)}. Each line is a move; [p] "
                           f"is its probability (chance) or the probability equilibrium 1 gives it; the path of "
                           f"equilibrium 1 is marked (=> in text, thick lines in a drawing)."))
        blocks.append(TreeBlock(t))
    return blocks


def _method(d: Derivation) -> list[Any]:
    facts = ["exact arithmetic" if d.exact else "floating-point arithmetic"]
    facts.append("the complete list of equilibria of its kind" if d.complete else "not necessarily every equilibrium")
    return [Heading(2, "2. How it is solved"), Para(d.method_text or f"Method {d.method}."),
            Para(f"Method {d.method}: {'; '.join(facts)}.")]


def _dominance(d: Derivation) -> list[Any]:
    blocks: list[Any] = [Heading(2, "3. Dominated actions")]
    if d.dominance is None:
        return blocks + [Para("The table is too large to check every action for dominance.")]
    return blocks + dominance_blocks(d.dominance, d.players)


def dominance_blocks(view: DominanceView, players: Sequence[str],
                     survivors: str = "Several actions survive; the equilibria are found among them below.",
                     weak: bool | None = None, max_rows: int | None = None) -> list[Any]:
    """The elimination steps of ``view``, each with the payoff comparisons that prove it, and what survives.

    ``survivors``: the sentence closing the list when more than one cell survives. ``weak``:
    whether weakly dominated actions were removed too (default: whether some step is weak).
    ``max_rows``: at most this many comparisons per step and surviving actions per player are
    listed (the number left out is said); all by default.

    Strict steps say "earns more ... whatever the others do"; weak ones (``strict`` False) "at
    least as much ..., more against some".

    Examples
    --------
    >>> from berlinsim.model.derivation_result import Comparison, DominanceStepView, DominanceView
    >>> step = DominanceStepView(round=1, player="Row", action="C", dominator=(("D", 1),), strict=True,
    ...                          margin=1, comparisons=(Comparison(against=("C",), dominator_payoff=5,
    ...                                                            action_payoff=3),))
    >>> view = DominanceView(steps=(step,), remaining=(("D",), ("C", "D")), solved=False, verified=True)
    >>> [b.text for b in dominance_blocks(view, ("Row", "Col")) if isinstance(b, Heading)]
    ['Step 1 (round 1): Row drops C, dominated by D']
    """
    if weak is None:
        weak = not all(step.strict for step in view.steps)
    if not view.steps:
        return [Para(f"No action is {'weakly' if weak else 'strictly'} dominated, by another action or by a mix of "
                     "actions: iterated dominance removes nothing here.")]
    blocks: list[Any] = [Para(
        "An action is weakly dominated when another action (or a mix of actions) earns at least as much against "
        "every combination of the others' remaining actions, and more against at least one; such actions are "
        "removed one by one (the result can depend on the order). Removed in order:" if weak else
        "An action is strictly dominated when another action (or a mix of actions) earns strictly "
        "more against every combination of the others' remaining actions; a rational player never "
        "plays it, and the others know that. Removed in order:")]
    for k, step in enumerate(view.steps, 1):
        if step.is_pure_dominator:
            by = next(a for a, p in step.dominator if p > 0)
            what = by
        else:
            by = " + ".join(f"{prob(p)} {a}" for a, p in step.dominator if p > 0)
            what = f"the mix {by}"
        blocks.append(Heading(3, f"Step {k} (round {step.round}): {step.player} drops {step.action}, dominated by {what}"))
        shown = step.comparisons[:max_rows] if max_rows is not None else step.comparisons
        rows = tuple((_against(c.against, _others(players, step.player)), num(c.dominator_payoff), num(c.action_payoff),
                      num(c.dominator_payoff - c.action_payoff)) for c in shown)
        blocks.append(Table(("others play", f"{what} gives", f"{step.action} gives", "difference"), rows,
                            right=(1, 2, 3)))
        if len(shown) < len(step.comparisons):
            blocks.append(Para(f"({len(step.comparisons) - len(shown)} more combinations of the others' actions "
                               "not listed.)"))
        head = what if step.is_pure_dominator else "The" + what[3:]  # an action's label keeps its case
        if step.strict:
            blocks.append(Para(f"{head} earns more than {step.action} whatever the others do "
                               f"(by at least {num(step.margin)}), so {step.player} never plays {step.action}."))
        else:
            blocks.append(Para(f"{head} earns at least as much as {step.action} whatever the "
                               f"others do, and more against some, so {step.player} can do without {step.action}."))
    left = "; ".join(f"{p}: {_some(acts, max_rows)}" for p, acts in zip(players, view.remaining))
    end = ("One cell survives: it is the only equilibrium." if view.solved and not weak
           else "One cell survives: it is an equilibrium (weak elimination can remove others)." if view.solved
           else survivors)
    check = " Every step was replayed and re-checked." if view.verified else ""
    return blocks + [Para(f"What survives: {left}. {end}{check}")]


def _pure(d: Derivation) -> list[Any]:
    blocks: list[Any] = [Heading(2, "4. Best responses and pure equilibria")]
    if d.pure is None:
        return blocks + [Para("The table is too large to list every best response.")]
    rows = tuple((r.player, _against(r.against, _others(d.players, r.player)), ", ".join(r.best), num(r.value))
                 for r in d.pure.best_responses)
    blocks.append(Para("For each player and each choice of the others, the best reply (ties listed together):"))
    blocks.append(Table(("player", "if the others play", "best response", "payoff"), rows, right=(3,)))
    found = d.pure.equilibria
    if found:
        cells = " and ".join("(" + ", ".join(cell) + ")" for cell in found)
        blocks.append(Para(f"A cell where every player's action is a best response (every payoff starred) is a pure "
                           f"equilibrium: nobody gains by changing alone. Here: {cells}."))
    else:
        blocks.append(Para("No cell has every payoff starred: there is no pure equilibrium, so every equilibrium mixes."))
    return blocks


def _verification(v: Verification, players: Sequence[str]) -> list[Any]:
    what = {"actions": "each pure action", "strategies": "each complete plan (reduced pure strategy)",
            "moves": "each move at each information set, the rest of the plan unchanged"}[v.kind]
    blocks: list[Any] = [Para(f"Deviations: {what}, against the others' equilibrium play.")]
    if v.columns:
        blocks.append(Items(tuple(f"{p}'s plans list the choices at: {' / '.join(names)}" for p, names in v.columns
                                  if len(names) > 1)))
    rows = tuple((r.player, r.strategy + (" (played)" if r.used else ""), num(r.payoff),
                  "0" if r.gain == 0 else num(r.gain)) for r in v.rows)
    blocks.append(Table(("player", "deviation", "payoff", "change"), rows, right=(2, 3)))
    best = ", ".join(f"{p} {num(b)} (equilibrium payoff {num(u)})" for p, b, u in zip(players, v.best_values, v.payoffs))
    verdict = ("No deviation gains anything: it is an equilibrium" + (" (checked exactly)." if v.exact else ".")
               if v.holds else f"A deviation gains {num(v.regret)}: this is NOT an equilibrium.")
    blocks.append(Para(f"Best payoff against the others' play: {best}. {verdict}"))
    return blocks


def _equilibrium(e: EquilibriumView, d: Derivation) -> list[Any]:
    title = f"Equilibrium {e.number} ({e.refinement}, {e.kind})"
    lines = []
    for line in e.strategy:
        choice = (line.probabilities[0][0] if len(line.probabilities) == 1
                  else ", ".join(f"{a} with {prob(p)}" for a, p in line.probabilities))
        place = f" at \u201c{line.where}\u201d" if line.where else ""
        lines.append(f"{line.player}{place}: {choice}" + ("" if line.reached else " (off the path)"))
    blocks: list[Any] = [Heading(3, title), Items(tuple(lines)),
                         Para("Expected payoffs: " + ", ".join(f"{p} {number_text(u)}" for p, u in zip(d.players, e.payoffs))
                              + ".")]
    if e.outcomes:
        blocks.append(Table(("outcome", "probability"), tuple((o, number_text(p)) for o, p in e.outcomes), right=(1,)))
    if e.attributes:
        blocks.append(Table(("attribute", "expected"), tuple((a, number_text(v)) for a, v in e.attributes), right=(1,)))
    if e.verification is not None:
        blocks += _verification(e.verification, d.players)
    return blocks


def _rounded_note(d: Derivation) -> tuple[str, ...]:
    """Why some numbers are marked ``≈`` although the method reports them exact (none: ``()``)."""
    numbers = [x for e in d.equilibria for x in (*(p for s in e.strategy for _, p in s.probabilities), *e.payoffs,
                                                 *(v for _, v in e.outcomes), *(v for _, v in e.attributes))]
    example = next((x for x in numbers if is_rounded(x)), None)
    if example is None:
        return ()
    return (f"\u2248 marks a number rounded to 6 significant digits: method {d.method} follows a floating-point "
            f"path to its limit and snaps the result to nearby fractions, which the checks confirm as an exact "
            f"equilibrium; with denominators this large ({example.numerator}/{example.denominator}, for one) the "
            f"digits come from that rounding, not from the game, so they are not written out as exact.",)


def build(d: Derivation) -> list[Any]:
    """The blocks of a derivation, in reading order."""
    blocks = _header(d) + _game(d) + _method(d)
    if d.kind == "matrix":
        blocks += _dominance(d) + _pure(d) + (cb.support_blocks(d) if d.supports else mb.mix_blocks(d)) + cb.correlated_blocks(d)
    else:
        blocks += tb.induction_blocks(d) + ab.assessment_blocks(d) + tb.credibility_blocks(d)
    if d.correlated is None:
        blocks.append(Heading(2, "Equilibria, checked" if d.equilibria else "Equilibria"))
    if not d.equilibria and d.correlated is None:
        blocks.append(Para("The method found no equilibrium."))
    for e in d.equilibria:
        blocks += _equilibrium(e, d)
    notes = d.notes + _rounded_note(d)
    if notes:
        blocks += [Heading(2, "Notes"), Items(notes)]
    memo = d.memo
    if memo is not None and (memo.teaching_note or memo.references):
        blocks.append(Heading(2, "What it means for the memo"))
        if memo.teaching_note:
            blocks.append(Para(memo.teaching_note))
        if memo.references:
            blocks += [Para("References:"), Items(memo.references)]
    return _numbered(blocks)


def _numbered(blocks: list[Any]) -> list[Any]:
    """Renumber the level-2 section headings that carry a number, in order."""
    out, k = [], 0
    for block in blocks:
        if isinstance(block, Heading) and block.level == 2 and block.text[:1].isdigit():
            k += 1
            block = Heading(2, f"{k}. {block.text.split('. ', 1)[1]}")
        out.append(block)
    return out
