"""The tree sections of ``berlinsim explain`` (private helper of :mod:`._explain_blocks`).

Backward induction (or, for other methods, each decision checked) in sentences, in the order
backward induction takes the steps (deepest subgame first; a subgame with imperfect
information as a whole, children first), with the equations of a mixing player's indifference
in their beliefs and of the earlier mix that Bayes' rule needs for that belief; and the
credibility of threats: the plans off the equilibrium path, and Nash equilibria of the reduced
normal form that rest on a threat that would not be carried out.

Examples
--------
>>> from fractions import Fraction
>>> from berlinsim.model.derivation_result import InductionStep
>>> step = InductionStep(node=2, kind="decision", player="USSR", where="the USSR answers Firm",
...                      actions=("Back", "Press"), values=((10, -10), (-100, -100)), chosen=(0,), on_path=True)
>>> step_text(step, ("US", "USSR"))
'[on path] USSR at \u201cthe USSR answers Firm\u201d: Back gives -10, Press gives -100; takes Back.'
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from berlinsim.model.derivation_result import BeliefIndifference, Derivation, InductionStep
from berlinsim.reports._explain_math import Math, expression
from berlinsim.reports.blocks import Heading, Items, Para
from berlinsim.reports.number_format import format_probability as prob
from berlinsim.reports.number_format import format_value as num

__all__ = ["belief_blocks", "credibility_blocks", "induction_blocks", "pin_blocks", "step_text"]


def step_text(step: InductionStep, players: Sequence[str]) -> str:
    path = "on path" if step.on_path else "off path"
    if step.kind == "chance":
        parts = ", ".join(f"{a} ({prob(p)}) gives ({', '.join(num(x) for x in v)})"
                          for a, p, v in zip(step.actions, step.probabilities, step.values))
        return f"[{path}] Chance at {step.where}: {parts}; expected ({', '.join(num(x) for x in step.value)})."
    i = players.index(step.player)
    if step.probabilities:
        mix = ", ".join(f"{step.actions[a]} with {prob(p)}" for a, p in zip(step.chosen, step.probabilities))
        worth = [step.values[a][i] for a in step.chosen] if step.values else []
        if not worth or all(_equal(w, worth[0]) for w in worth):
            verb = f"mixes {mix}" + (" (equally good)" if worth else "")
        else:
            best = step.actions[max(step.chosen, key=lambda a: step.values[a][i])]
            verb = f"mixes {mix}, although {best} is better here (play never gets here, so nothing enforces the choice)"
    else:
        verb = "takes " + " and ".join(step.actions[a] for a in step.chosen)
    tie = f" ({', '.join(step.actions[a] for a in step.tied)} as good)" if step.tied else ""
    where = f"[{path}] {step.player} at \u201c{step.where}\u201d"
    if step.kind == "decision":
        worth = ", ".join(f"{a} gives {num(v[i])}" for a, v in zip(step.actions, step.values))
        return f"{where}: {worth}; {verb}{tie}."
    places = "; ".join(f"({k}) {s}" for k, s in enumerate(step.situations, 1))
    per = "; ".join(f"({k}) " + ", ".join(f"{a} {num(x)}" for a, x in zip(step.actions, row))
                    for k, row in enumerate(step.node_values, 1))
    head = f"{where} cannot tell these apart: {places}. Values for {step.player}: {per}."
    if step.beliefs:
        source = {"bayes": "Bayes' rule", "subgame": "Bayes' rule on the equilibrium's plan from where these situations branch apart",
                  "method": "the method's limit", "assessment": "off the path, the equilibrium's belief; see the beliefs below"
                  }.get(step.belief_source, step.belief_source)
        weights = ", ".join(f"({k}) {prob(b) if isinstance(b, Fraction) else f'{float(b):.4g}'}"
                            for k, b in enumerate(step.beliefs, 1))
        worth = ", ".join(f"{a} gives {num(v[i])}" for a, v in zip(step.actions, step.values))
        return f"{head} Beliefs ({source}): {weights}. Weighted by them: {worth}; {verb}{tie}."
    return (f"{head} Play never gets there, so Bayes' rule says nothing about the beliefs; {verb}"
            + _belief_range(step, i) + ".")


def _belief_range(step: InductionStep, player: int) -> str:
    """For two nodes and one action taken: the beliefs on node (1) for which it is a best reply."""
    if len(step.node_values) != 2 or len(step.chosen) != 1:
        return ""
    a = step.chosen[0]
    (first, second) = step.node_values
    low, high = Fraction(0), Fraction(1)
    for b in range(len(step.actions)):
        if b == a:
            continue
        # mu * d1 + (1 - mu) * d2 >= 0 with d = value(a) - value(b) at each node
        d1, d2 = Fraction(first[a]) - Fraction(first[b]), Fraction(second[a]) - Fraction(second[b])
        if d1 == d2:
            if d1 < 0:
                return ", which no belief justifies"
            continue
        cut = d2 / (d2 - d1)
        if d1 > d2:
            low = max(low, cut)
        else:
            high = min(high, cut)
    if low > high:
        return ", which no belief justifies"
    if (low, high) == (0, 1):
        return ", the best reply whatever the beliefs"
    return f", a best reply when the belief in (1) is between {prob(low)} and {prob(high)}"


def _groups(view: BeliefIndifference) -> list[str]:
    out = []
    for g, name in zip(view.groups, view.names):
        nodes = ", ".join(str(n + 1) for n in g)
        out.append(f"({nodes})" + (f" {name}" if name else ""))
    return out


def _weighted(first: Any, second: Any, var: str) -> str:
    """``first (1 - m) + second m``, collected: ``first + (second - first) m``."""
    raw = expression([(first, f"(1 - {var})"), (second, var)])
    collected = expression([(second - first, var)], first)
    return raw if raw == collected else f"{raw} = {collected}"


def belief_blocks(step: InductionStep, players: Sequence[str]) -> list[Any]:
    """Where the mover of an information set mixes: the belief that makes the mixed actions equally good."""
    view = step.indifference
    if view is None:
        return []
    mixed = [step.actions[a] for a in step.chosen]
    head = f"{step.player} mixes {_joined(mixed)} at \u201c{step.where}\u201d, so they must be worth the same to {step.player}."
    if len(view.groups) == 1:
        return [Para(head + f" What they pay {step.player} is the same at every node here, so any belief makes them "
                            "equally good.")]
    source = {"bayes": "Bayes' rule", "subgame": "Bayes' rule on the equilibrium's plan",
              "method": "the method's limit", "assessment": "The belief chosen off the path"}.get(step.belief_source, "the beliefs")
    if view.solution is not None and len(view.groups) == 2:
        var = "m"
        groups = _groups(view)
        rows = [(a, _weighted(view.values[0][k], view.values[1][k], var)) for a, k in zip(mixed, step.chosen)]
        sides = [expression([(view.values[1][k] - view.values[0][k], var)], view.values[0][k]) for k in step.chosen]
        rows += [("", f"{sides[0]} = {other}") for other in sides[1:]]
        rows.append(("", f"=> {var} {_is(view.solution)}"))
        parts = " + ".join(f"({n + 1}) {_p(step.beliefs[n])}" for n in view.groups[1])
        check = (f"{source} gives exactly this belief: {parts} = {_p(view.beliefs[1])}." if len(view.groups[1]) > 1
                 else f"{source} gives exactly this belief: {_p(view.beliefs[1])}.")
        if not _equal(view.beliefs[1], view.solution):
            check = f"{source} gives {_p(view.beliefs[1])}."
        return [Para(f"{head} What each action pays depends only on whether the situation is {groups[0]} or "
                     f"{groups[1]}; with {var} = {step.player}'s belief in {groups[1]}:"), Math(tuple(rows)), Para(check)]
    names = [f"m{g + 1}" for g in range(len(view.groups))]
    rows = [(a, expression([(view.values[g][k], names[g]) for g in range(len(view.groups))]))
            for a, k in zip(mixed, step.chosen)]
    given = ", ".join(f"{n} = {_p(b)}" for n, b in zip(names, view.beliefs))
    worth = [sum((b * view.values[g][k] for g, b in enumerate(view.beliefs)), view.beliefs[0] * 0) for k in step.chosen]
    meaning = "; ".join(f"{n} the belief in {g}" for n, g in zip(names, _groups(view)))
    return [Para(f"{head} With {meaning}, the indifference is an equation in these beliefs:"), Math(tuple(rows)),
            Para(f"{source} gives {given}; then each of {_joined(mixed)} is worth {num(worth[0])}.")]


def pin_blocks(step: InductionStep) -> list[Any]:
    """Where this mix is what gives a later mover the belief that makes them indifferent."""
    out: list[Any] = []
    for pin in step.pinned_by:
        var = "f"
        top = expression([(pin.numerator[1], var)], pin.numerator[0], fractions=True)
        bottom = expression([(pin.denominator[1], var)], pin.denominator[0], fractions=True)
        belief = top if bottom == "1" else f"({top}) / ({bottom})" if pin.denominator[1] != 0 or " " in top else \
            f"({top}) / {bottom}"
        out.append(Para(f"This mix is what gives {pin.player} at \u201c{pin.where}\u201d that belief: with {var} = "
                        f"P({step.player} plays {pin.actions[0]} at \u201c{step.where}\u201d), Bayes' rule makes "
                        f"{pin.player}'s belief {pin.group or 'in those situations'}"
                        f" {belief}, and it must be {_p(pin.target)}:"))
        out.append(Math((("", f"{belief} = {_p(pin.target)}"), ("", f"=> {var} {_is(pin.solution)}"))))
    return out


def _p(value: Any) -> str:
    return prob(value) if isinstance(value, Fraction) else f"{float(value):.4g}"


def _is(value: Any) -> str:
    text = _p(value)
    return f"\u2248 {text[1:]}" if text.startswith("\u2248") else f"= {text}"


def _equal(a: Any, b: Any) -> bool:
    return a == b if isinstance(a, Fraction) and isinstance(b, Fraction) else abs(float(a) - float(b)) <= 1e-6


def _joined(words: Sequence[str]) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _steps(steps: Sequence[InductionStep], players: Sequence[str]) -> list[Any]:
    """The steps as bullet items, interrupted where a step needs equations (a belief, a mix that produces one)."""
    blocks: list[Any] = []
    pending: list[str] = []
    for step in steps:
        pending.append(step_text(step, players))
        extra = belief_blocks(step, players) + pin_blocks(step)
        if extra:
            blocks.append(Items(tuple(pending)))
            pending = []
            blocks += extra
    if pending:
        blocks.append(Items(tuple(pending)))
    return blocks


def _regions(steps: Sequence[InductionStep]) -> list[tuple[int, list[InductionStep]]]:
    out: list[tuple[int, list[InductionStep]]] = []
    for step in steps:
        if out and out[-1][0] == step.subgame:
            out[-1][1].append(step)
        else:
            out.append((step.subgame, [step]))
    return out


def induction_blocks(d: Derivation) -> list[Any]:
    with_steps = [e for e in d.equilibria if e.induction]
    if not with_steps:
        return []
    if d.method == "spe":
        title = "3. Backward induction"
        intro = ("From the end of the tree back to its start, one subgame at a time, deepest first: at each decision "
                 "the mover compares what each action leads to (every player's value, with the later choices already "
                 "settled) and takes the best; at a chance node the values are averaged with nature's probabilities.")
        if any(len(steps) > 1 for e in with_steps for _, steps in _regions(e.induction)):
            intro += (" A subgame in which a player cannot tell nodes apart is solved as a whole; its steps are "
                      "listed children first, each information set with the beliefs that weigh its nodes.")
        intro = intro[:-1] + ":"
    else:
        title = "3. Every decision checked, deepest first"
        intro = (f"Method {d.method} does not build the answer node by node, but its answer can be checked that way, "
                 "in the order backward induction would take: at each decision, what each action leads to under the "
                 "equilibrium (every player's value), and whether the action taken is the best; at a chance node the "
                 "average with nature's probabilities:")
    blocks: list[Any] = [Heading(2, title), Para(intro)]
    for e in with_steps:
        if len(d.equilibria) > 1:
            blocks.append(Heading(3, f"Equilibrium {e.number}"))
        pending: list[InductionStep] = []
        for root, steps in _regions(e.induction):
            if len(steps) == 1:
                pending += steps
                continue
            blocks += _steps(pending, d.players)
            pending = []
            whole = "The whole game" if root == 0 else f"The subgame from node {root}"
            how = "it is solved as a whole" if d.method == "spe" else "backward induction would take it as a whole"
            blocks.append(Para(f"{whole} has imperfect information: a player moves without knowing where they are, "
                               f"so {how}. Its steps, children first:"))
            blocks += _steps(steps, d.players)
        blocks += _steps(pending, d.players)
    return blocks


def credibility_blocks(d: Derivation) -> list[Any]:
    view = d.credibility
    if view is None:
        return []
    blocks: list[Any] = [Heading(2, "4. Threats: credible or not")]
    if view.off_path:
        blocks.append(Para("Equilibrium 1 also says what players would do where play never goes. Such a plan is "
                           "credible when, were that point reached, carrying it out would be the mover's best choice:"))
        blocks.append(Items(tuple(
            f"{t.player} at \u201c{t.where}\u201d: {t.action} (worth {num(t.value)} to {t.player}"
            + (f"; {t.best} would give {num(t.best_value)}" if not t.credible else ", the best there")
            + f"): {'credible' if t.credible else 'NOT credible'}" for t in view.off_path)))
    else:
        blocks.append(Para("Equilibrium 1 reaches every decision of a single node: it makes no threats off its path."))
    if view.contrasts:
        blocks.append(Para("Other Nash equilibria of the reduced normal form (the tree written as a table of "
                           "complete plans) are kept alive only by a threat that would not be carried out. "
                           + ("Backward induction rules them out:" if d.method == "spe" else
                              "Checking each decision, as above, rules them out:")))
        for c in view.contrasts:
            plan = "; ".join(f"{p}: {s}" for p, s in zip(d.players, c.strategies))
            threats = " ".join(f"{t.player} threatens {t.action} at \u201c{t.where}\u201d, worth {num(t.value)} to "
                               f"{t.player}, where {t.best} gives {num(t.best_value)}: not credible." for t in c.threats)
            blocks.append(Items((f"({plan}) with payoffs ({', '.join(num(v) for v in c.payoffs)}), outcome "
                                 f"{' / '.join(c.outcomes)}. {threats}",)))
    if view.note:
        blocks.append(Para(view.note))
    return blocks
