"""What pins each equilibrium strategy down, as explain blocks (private helper of :mod:`._explain_blocks`).

For every equilibrium that mixes, or that belongs to a continuum of equilibria, and for every
player: which actions the player may use (their best responses), the other players' payoffs
from each of their actions as linear expressions in the player's probabilities, the
indifference equations those give (identities are said in words, never "solved"), and then
either the solution or, when probabilities are left free, the range the best-response
inequalities allow and which listed equilibria sit at its ends. Expressions are plain ASCII
math (``-10 + 10q``, ``q <= 1/3``), collected and without zero terms.

Examples
--------
>>> from fractions import Fraction as F
>>> _payoff((F(0), F(-10)), ("q",)), _payoff((F(10), F(-100)), ("q",)), _payoff((F(2), F(0), F(1)), ("q1", "q2", "q3"))
('-10(1 - q) = -10 + 10q', '10q - 100(1 - q) = -100 + 110q', '2q1 + q3')
"""

from __future__ import annotations

from typing import Any, Sequence

from berlinsim.model.derivation_result import Derivation, EquilibriumView, Incentive, MixDerivation
from berlinsim.reports._explain_math import Math, eq, expression
from berlinsim.reports.blocks import Heading, Items, Para
from berlinsim.reports.number_format import format_probability as prob
from berlinsim.reports.number_format import format_value as num

__all__ = ["mix_blocks", "shows"]


def _raw(row: Sequence[Any], names: Sequence[str]) -> str:
    """A payoff as the sum over the unknowns: ``-10(1 - q)``, ``2q1 + q3``."""
    if len(names) == 1:
        return expression([(row[0], names[0]), (row[1], f"(1 - {names[0]})")])
    return expression(list(zip(row, names)))


def _collected(row: Sequence[Any], names: Sequence[str]) -> str:
    """With two unknowns, ``b + (a - b) q``; otherwise the sum itself."""
    if len(names) == 1:
        return expression([(row[0] - row[1], names[0])], row[1])
    return _raw(row, names)


def _payoff(row: Sequence[Any], names: Sequence[str]) -> str:
    raw, collected = _raw(row, names), _collected(row, names)
    return raw if raw == collected else f"{raw} = {collected}"


def _affine(constant: Any, coefficients: Sequence[Any], names: Sequence[str]) -> str:
    return expression(list(zip(coefficients, names)), constant, fractions=True)


def _joined(words: Sequence[str]) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _mix_text(e: EquilibriumView, player: str) -> str:
    """``"USSR playing H"`` or ``"US mixing S 1/3, P 2/3"``."""
    line = next(s for s in e.strategy if s.player == player)
    if len(line.probabilities) == 1:
        return f"{player} playing {line.probabilities[0][0]}"
    return f"{player} mixing " + ", ".join(f"{a} {prob(p)}" for a, p in line.probabilities)


def _meaning(m: MixDerivation) -> str:
    names = m.variables
    if len(names) == 1:
        return (f"let {names[0]} = P({m.mixer} plays {m.actions[0]}), so 1 - {names[0]} = P({m.mixer} plays "
                f"{m.actions[1]})")
    return "let " + ", ".join(f"{v} = P({m.mixer} plays {a})" for v, a in zip(names, m.actions))


def _intro(m: MixDerivation, e: EquilibriumView) -> str:
    against = (" against " + " and ".join(_mix_text(e, i.player) for i in m.incentives)) if m.incentives else ""
    worse = "; ".join(f"{a} earns {num(v)}" for a, v in m.others)
    if len(m.actions) == 1:
        return (f"{m.mixer}: {m.actions[0]} is {m.mixer}'s only best response{against} ({m.actions[0]} earns "
                f"{num(m.worth)}{'; ' + worse if worse else ''}), so {m.mixer} plays it.")
    return (f"{m.mixer}: {_joined(m.actions)} each earn {m.mixer} {num(m.worth)}{against}"
            + (f" ({worse}, less)" if worse else "") + f", so {m.mixer} may use any mix of them; {_meaning(m)}.")


def _incentive(i: Incentive, m: MixDerivation) -> list[Any]:
    if not i.is_indifferent and not i.unused:
        return []
    names = m.variables
    if i.is_indifferent:
        head = f"{i.player} uses {_joined(i.used)}, so they must earn {i.player} the same" + (
            f", and {_joined(i.unused)} no more" if i.unused else "")
    else:
        head = (f"{i.player} plays only {i.used[0]}, so no indifference condition applies: {i.used[0]} must stay a "
                f"best response, earning at least as much as {_joined(i.unused)}")
    rows = [(f"{i.player} {a}", _payoff(row, names)) for a, row in zip(i.used, i.used_rows)]
    rows += [(f"{i.player} {a} (unused)", _payoff(row, names)) for a, row in zip(i.unused, i.unused_rows)]
    return [Para(f"{head}. {i.player}'s expected payoff from each action:"), Math(tuple(rows))]


def _equations(m: MixDerivation) -> list[Any]:
    names = m.variables
    blocks: list[Any] = []
    for player, a, b in m.identities:
        i = next(x for x in m.incentives if x.player == player)
        row = i.used_rows[i.used.index(a)]
        blocks.append(Para(f"{player}'s {a} and {b} earn the same whatever {m.mixer} does (both {_collected(row, names)}): "
                           f"their indifference puts no condition on {m.mixer}'s mix."))
    lines = []
    for eq in m.equations:
        i = next(x for x in m.incentives if x.player == eq.player)
        left, right = (i.used_rows[i.used.index(x)] for x in (eq.left, eq.right))
        lines.append(("", f"{_collected(left, names)} = {_collected(right, names)}"))
        if len(names) > 1:
            simple = f"{expression(list(zip(eq.coefficients, names)))} = 0"
            if simple != lines[-1][1]:
                lines.append(("", simple))
    if lines or m.status == "pinned":
        if len(names) > 1:
            lines.append(("", " + ".join(names) + " = 1"))
        if m.status == "pinned":
            lines.append(("", "=> " + _solution(m)))
        elif m.status == "free" and len(names) > 1:
            rest = [f"{names[c]} = {_affine(a[0], a[1], [names[f] for f in m.free])}" for c, a in enumerate(m.affine)
                    if c not in m.free]
            lines.append(("", "=> " + ", ".join(rest)))
    if lines and names:
        blocks.append(Math(tuple(lines)))
    return blocks


def _solution(m: MixDerivation) -> str:
    names = m.variables
    values = [a[0] for a in m.affine]
    if len(names) == 1:
        return f"{names[0]} {eq(values[0])}, 1 - {names[0]} {eq(values[1])}"
    return ", ".join(f"{v} {eq(x)}" for v, x in zip(names, values))


def _checks(m: MixDerivation) -> list[Any]:
    """After a pinned mix: what every other player's actions earn against it."""
    parts = []
    for i in m.incentives:
        if not i.unused and not i.is_indifferent:
            continue
        worth = sum((c * p for c, p in zip(i.used_rows[0], m.strategy)), m.worth * 0)
        text = (f"{i.player}'s {_joined(i.used)} each earn {num(worth)}" if i.is_indifferent
                else f"{i.player}'s {i.used[0]} earns {num(worth)}")
        for a, row in zip(i.unused, i.unused_rows):
            value = sum((c * p for c, p in zip(row, m.strategy)), m.worth * 0)
            text += f"; {a} earns {num(value)}, {'no more' if value == worth else 'less'}"
        parts.append(text)
    dropped = [a for a, p in zip(m.actions, m.strategy) if p == 0]
    out = []
    if parts:
        out.append(f"With this mix {'; '.join(parts)}.")
    if dropped and len(m.actions) > 1:
        out.append(f"So {m.mixer} never plays {_joined(dropped)}, although it is as good for {m.mixer}: any weight on it "
                   "would break the condition above.")
    return [Para(" ".join(out))] if out else []


def _bound_lines(m: MixDerivation) -> list[tuple[str, str]]:
    names = m.variables
    var = names[m.free[0]]
    lines = []
    for b in m.bounds:
        if b.kind == "probability":
            c = m.actions.index(b.action)
            if len(names) == 1 or c in m.free:
                continue  # 0 <= q <= 1 itself
            a = m.affine[c]
            label, text = f"P({b.action})", f"{names[c]} = {_affine(a[0], a[1], [names[f] for f in m.free])} >= 0"
        else:
            i = next(x for x in m.incentives if x.player == b.player)
            used, other = i.used_rows[i.used.index(b.used)], i.unused_rows[i.unused.index(b.action)]
            label, text = f"{b.player} {b.used} vs {b.action}", f"{_collected(used, names)} >= {_collected(other, names)}"
        if b.op in (">=", "<=") and 0 <= b.value <= 1:
            text += f"  =>  {var} {b.op} {prob(b.value)}"
        else:
            continue  # holds for every value in [0, 1], or none ("never" cannot happen at an equilibrium)
        lines.append((label, text))
    return lines


def _end(m: MixDerivation, k: int) -> str:
    """What happens at the ``k``-th extreme point: the conditions that hold with equality there."""
    vertex = m.vertices[k]
    what = []
    for index in vertex.binding:
        b = m.bounds[index]
        if b.kind == "probability":
            what.append(f"{m.mixer} drops {b.action}")
        else:
            what.append(f"{b.player} is indifferent between {b.used} and {b.action} too")
    return _joined(what) if what else ""


def _keeps(m: MixDerivation) -> str:
    clauses = [f"{i.player} indifferent between {_joined(i.used)}" if i.is_indifferent
               else f"{i.used[0]} a best response for {i.player}" for i in m.incentives]
    return _joined(clauses) if clauses else f"{m.mixer} at a best response"


def _free(m: MixDerivation) -> list[Any]:
    names = m.variables
    if not m.vertices:
        return [Para(f"These conditions leave {m.mixer}'s mix partly free; the set of mixes they allow has too many "
                     "corners to list here. The table of deviations below checks the equilibrium.")]
    if len(m.vertices) == 1:
        point = m.vertices[0].point
        return [Para(f"The equations leave {m.mixer}'s mix free, but the inequalities allow only "
                     + ", ".join(f"{v} {eq(x)}" for v, x in zip(names, point)) + ".")]
    blocks: list[Any] = []
    if len(m.free) == 1:
        var = names[m.free[0]]
        lines = _bound_lines(m)
        lo, hi = m.interval
        if lines:
            lines.append(("", f"=> {prob(lo)} <= {var} <= {prob(hi)}"))
            blocks.append(Para(f"No equation fixes {var}; the inequalities bound it:"))
            blocks.append(Math(tuple(lines)))
        else:
            blocks.append(Para(f"No equation or inequality fixes {var}."))
        here = m.strategy[m.free[0]]
        others = ", and with the others' strategies each is an equilibrium" if m.incentives else \
            ", and each is an equilibrium"
        text = (f"So {var} is free: every {var} in [{prob(lo)}, {prob(hi)}] keeps {_keeps(m)}{others}. "
                f"The equilibrium shown has {var} {eq(here)}.")
        for k, vertex in enumerate((m.vertices[0], m.vertices[-1])):
            where = _end(m, 0 if k == 0 else len(m.vertices) - 1)
            label = f"equilibrium {vertex.equilibrium}" if vertex.equilibrium else "an equilibrium the method did not list"
            text += f" At {var} = {prob(vertex.point[m.free[0]])} ({label})" + (f" {where}." if where else ".")
        return blocks + [Para(text)]
    corners = []
    for v in m.vertices:
        label = f" (equilibrium {v.equilibrium})" if v.equilibrium else ""
        corners.append(", ".join(f"{n} {eq(x)}" for n, x in zip(names, v.point)) + label)
    ranges = ", ".join(f"{n} from {prob(lo)} to {prob(hi)}" for n, (lo, hi) in zip(names, m.ranges))
    blocks.append(Para(f"{len(m.free)} of {m.mixer}'s probabilities are free: the mixes that keep {_keeps(m)} form a "
                       f"polygon with these corners, and every mix in it is an equilibrium with the others' strategies "
                       f"({ranges}):"))
    blocks.append(Items(tuple(corners)))
    return blocks


def _derivation(m: MixDerivation, e: EquilibriumView) -> list[Any]:
    blocks: list[Any] = [Para(_intro(m, e))]
    if len(m.actions) == 1:
        return blocks
    for i in m.incentives:
        blocks += _incentive(i, m)
    blocks += _equations(m)
    if m.status == "pinned":
        blocks += _checks(m)
    elif m.status == "free":
        blocks += _free(m)
    else:
        blocks.append(Para(f"In floating-point arithmetic these conditions are not consistent within rounding; the "
                           f"solver's mix is shown: " + ", ".join(f"{a} {prob(p)}" for a, p in zip(m.actions, m.strategy))
                           + "."))
    return blocks


def shows(e: EquilibriumView) -> bool:
    """Whether the section derives ``e``: it mixes, or some strategy in it is not pinned down."""
    return bool(e.mixes) and (e.kind == "mixed" or any(not m.is_pinned for m in e.mixes))


def _same(m: MixDerivation, earlier: MixDerivation) -> bool:
    """Both strategies of the mixer come from the same conditions (the same set of strategies)."""
    return (m.mixer == earlier.mixer and m.actions == earlier.actions and m.incentives == earlier.incentives
            and m.status == earlier.status == "free" and m.vertices == earlier.vertices)


def _again(m: MixDerivation, number: int) -> Para:
    names = m.variables
    if len(m.free) == 1:
        var = names[m.free[0]]
        lo, hi = m.interval
        where = f"every {var} in [{prob(lo)}, {prob(hi)}] works"
        here = f"{var} {eq(m.strategy[m.free[0]])}"
    else:
        where = "the same polygon of mixes works"
        here = ", ".join(f"{v} {eq(x)}" for v, x in zip(names, m.strategy))
    return Para(f"{m.mixer}: the same conditions as in equilibrium {number} ({where}); here {here}.")


def mix_blocks(d: Derivation) -> list[Any]:
    """The section on what pins each strategy down (empty when no equilibrium needs it)."""
    chosen = [e for e in d.equilibria if shows(e)]
    if not chosen:
        return []
    intro = ("A player randomises only between actions that earn the same against the others' strategies; otherwise "
             "they would drop the worse one. So a player's mix is pinned down by the other players' payoffs: it must "
             "make each of them indifferent between the actions they use, and leave no action they do not use "
             "better. Where these conditions leave a probability free (a degenerate game), every value they allow "
             "gives an equilibrium, and a solver lists the ends of that range.")
    if len(d.players) > 2:
        intro += (" With three or more players the conditions are products of several players' probabilities; each "
                  "player's mix is derived here with the others held at their equilibrium strategies, and the table "
                  "of deviations checks the whole profile.")
    blocks: list[Any] = [Heading(2, "5. Mixed equilibria: what pins each strategy down"), Para(intro)]
    shown: list[tuple[int, MixDerivation]] = []
    for e in chosen:
        summary = "; ".join(f"{s.player} " + ", ".join(a if len(s.probabilities) == 1 else f"{a} {prob(p)}"
                                                       for a, p in s.probabilities) for s in e.strategy)
        blocks.append(Heading(3, f"Equilibrium {e.number}: {summary}"))
        for m in e.mixes:
            before = next((n for n, other in shown if _same(m, other)), 0)
            if before:
                blocks.append(_again(m, before))
                continue
            blocks += _derivation(m, e)
            shown.append((e.number, m))
    return blocks
