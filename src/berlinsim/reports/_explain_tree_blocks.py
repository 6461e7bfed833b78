"""The tree sections of ``berlinsim explain`` (private helper of :mod:`._explain_blocks`).

Backward induction (or, for other methods, each decision checked) in sentences, deepest node
first, and the credibility of threats: the plans off the equilibrium path, and Nash equilibria
of the reduced normal form that rest on a threat that would not be carried out.

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

from berlinsim.model.derivation_result import Derivation, InductionStep
from berlinsim.reports.blocks import Heading, Items, Para
from berlinsim.reports.number_format import format_probability as prob
from berlinsim.reports.number_format import format_value as num

__all__ = ["credibility_blocks", "induction_blocks", "step_text"]


def step_text(step: InductionStep, players: Sequence[str]) -> str:
    path = "on path" if step.on_path else "off path"
    if step.kind == "chance":
        parts = ", ".join(f"{a} ({prob(p)}) gives ({', '.join(num(x) for x in v)})"
                          for a, p, v in zip(step.actions, step.probabilities, step.values))
        return f"[{path}] Chance at {step.where}: {parts}; expected ({', '.join(num(x) for x in step.value)})."
    i = players.index(step.player)
    if step.probabilities:
        mix = ", ".join(f"{step.actions[a]} with {prob(p)}" for a, p in zip(step.chosen, step.probabilities))
        verb = f"mixes {mix} (equally good)"
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
                  "method": "the method's limit"}.get(step.belief_source, step.belief_source)
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


def induction_blocks(d: Derivation) -> list[Any]:
    with_steps = [e for e in d.equilibria if e.induction]
    if not with_steps:
        return []
    if d.method == "spe":
        title = "3. Backward induction"
        intro = ("From the end of the tree back to its start: at each decision the mover compares what each action "
                 "leads to (every player's value, with the later choices already settled) and takes the best; at a "
                 "chance node the values are averaged with nature's probabilities. Deepest nodes first:")
    else:
        title = "3. Every decision checked, deepest first"
        intro = (f"Method {d.method} does not build the answer node by node, but its answer can be checked that way: "
                 "at each decision, what each action leads to under the equilibrium (every player's value), and "
                 "whether the action taken is the best; at a chance node the average with nature's probabilities:")
    blocks: list[Any] = [Heading(2, title), Para(intro)]
    for e in with_steps:
        if len(d.equilibria) > 1:
            blocks.append(Heading(3, f"Equilibrium {e.number}"))
        blocks.append(Items(tuple(step_text(s, d.players) for s in e.induction)))
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
