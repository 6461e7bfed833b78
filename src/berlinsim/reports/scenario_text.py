"""Reports of a scenario run for people: plain text or Markdown.

A report says, in order: the title and the memo paragraphs modelled (their opening words
when the memo is at hand), the summary, the players, the parameters used (marking those
changed from their default by a variant or ``--set``), the game (the matrix with best
responses marked, or the tree with the path of equilibrium 1), then every equilibrium, in the
canonical order and with its label (:mod:`berlinsim.model.identity`: the name every output
gives it), in the scenario's own words: what each player does where play actually goes, the expected payoffs (with the
welfare and Pareto efficiency when judged), the distribution of outcomes and the expected
attribute values, ties (other choices as good), and what would be played off the equilibrium
path. Several equilibria are all listed, with a sentence saying whether their outcomes differ,
and then compared as outcomes (the best welfare, risk dominance). The teaching note ends the
report.

The report is built once as a list of blocks (:mod:`.blocks`: headings, paragraphs, tables,
preformatted text, items) and written out by :func:`render_run` as text or Markdown, so both
formats say the same things. Exact numbers stay exact: ``0.2``, ``1/3 (≈ 0.3333)``
(:func:`~berlinsim.reports.number_format.number_text`).
"""

from __future__ import annotations

from typing import Any, Mapping

from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports import _scenario_story as story
from berlinsim.reports.blocks import Block, Heading, Items, Para, Pre, Table, to_html, to_markdown, to_text
from berlinsim.reports.components_text import components_blocks
from berlinsim.reports.correlated_text import correlated_blocks, is_correlated
from berlinsim.reports.enumpoly_text import enumpoly_blocks
from berlinsim.reports.number_format import format_value, number_text
from berlinsim.reports.text import format_game
from berlinsim.reports.tree_text import format_tree

__all__ = ["build_report", "render_run"]


# ----------------------------------------------------------------------------- content
def _header(run: Any, excerpts: Mapping[int, str]) -> list[Block]:
    s = run.scenario
    blocks: list[Block] = [Heading(1, f"{s.title} [{s.id}]")]
    if s.paragraphs:
        numbers = ", ".join(str(n) for n in s.paragraphs)
        plural = "s" if len(s.paragraphs) > 1 else ""
        source = f" of {s.document}" if s.document else ""
        blocks.append(Para(f"Models paragraph{plural} {numbers}{source}."))
        quoted = [f"Paragraph {n}: \u201c{excerpts[n]}\u201d" for n in s.paragraphs if n in excerpts]
        if quoted:
            blocks.append(Items(tuple(quoted)))
    if s.summary:
        blocks.append(Para(" ".join(s.summary.split())))
    blocks.append(Items(tuple(f"{p.name}: {p.description}" if p.description else p.name for p in s.players)))
    return blocks


def _parameters(run: Any) -> list[Block]:
    s, values = run.scenario, run.values
    current = dict(values.values)
    changed = set(values.changed)
    declared = {p.name: p for p in s.parameters}
    names = [p.name for p in s.parameters] + [n for n in current if n not in declared]
    if not names:
        return []
    blocks: list[Block] = [Heading(2, "Parameters")]
    if values.variant:
        variant = next((v for v in s.variants if v.name == values.variant), None)
        about = f": {variant.description}" if variant is not None and variant.description else ""
        t = getattr(values, "t", None)
        at = f" at t = {format_value(t)}" if t is not None else ""
        blocks.append(Para(f"Variant {values.variant}{at}{about}."))
    rows = []
    for name in names:
        p = declared.get(name)
        value = current.get(name, p.default if p is not None else "")
        mark = " *" if name in changed else ""
        default = format_value(p.default) if p is not None and name in changed else ""
        about = (p.description + (f" [{p.unit}]" if p.unit else "")) if p is not None else "(variant parameter)"
        rows.append((name, format_value(value) + mark, default, about))
    blocks.append(Table(("parameter", "value", "default", "meaning"), tuple(rows)))
    if changed:
        blocks.append(Para("(* changed from the default, by the variant or --set)"))
    else:
        blocks.append(Para("All parameters at their defaults."))
    return blocks


def _game(run: Any) -> list[Block]:
    game = run.game
    if isinstance(game, NormalFormGame):
        text = format_game(game)
    else:
        first = run.result.equilibria[0] if run.result.equilibria else None
        text = format_tree(game, first if hasattr(first, "behavior") else None)
        if len(run.result.equilibria) > 1:
            text += "\n(the tree shows equilibrium 1)"
    lines = text.splitlines()
    if lines and game.title and lines[0] == game.title:
        lines = lines[1:]
    return [Heading(2, "The game"), Pre("\n".join(lines))]


def _method(result: Any) -> str:
    facts = ["exact arithmetic" if result.exact else f"floating point (tolerance {result.tolerance:.2g})"]
    facts.append("the complete list" if result.complete else "not necessarily all equilibria")
    if result.degenerate:
        facts.append("degenerate game")
    return f"Solved with method {result.method}: " + "; ".join(facts) + "."


def _overview(run: Any) -> list[Block]:
    result = run.result
    count = len(result.equilibria)
    blocks: list[Block] = [Heading(2, "Equilibria"), Para(_method(result))]
    if count == 0:
        blocks.append(Para("No equilibrium was found by this method."))
    elif count == 1:
        blocks.append(Para("There is one equilibrium." if result.complete else "One equilibrium was found."))
    else:
        same = story.same_outcomes(run.outcomes)
        how = ("They lead to the same outcomes and differ only in what would be played off the equilibrium path."
               if same else "They lead to different outcomes: the game alone does not say which one is played.")
        blocks.append(Para(f"There are {count} equilibria{'' if result.complete else ' (at least)'}. {how}"))
    marked = sum(bool(sets) for sets in getattr(run, "unjustified", ()))
    if marked:
        which = "it rests" if count == 1 else f"{marked} of them rest"
        blocks.append(Para(f"{which[0].upper()}{which[1:]} on play that no belief justifies (marked below): they are not "
                           "perfect Bayesian equilibria, and method pbe (auto on this tree) leaves them out."))
    return blocks


def _judged(efficiency: Any, k: int) -> list[Block]:
    """Welfare and Pareto efficiency of equilibrium ``k`` (0-based)."""
    if efficiency is None or k >= len(efficiency.equilibria):
        return []
    e = efficiency.equilibria[k]
    text = f"Welfare (sum of the payoffs) {number_text(e.welfare)}. "
    if e.efficient:
        text += "Pareto efficient: no pure outcome gives every player at least as much and one player more."
    else:
        pays = ", ".join(f"{p} {number_text(u)}" for p, u in zip(efficiency.players, e.dominating_payoffs))
        others = e.dominating_count - 1
        more = f"; {others} other pure outcome{'s' if others > 1 else ''} dominate{'s' if others == 1 else ''} it too" \
            if others else ""
        text += f"Pareto-dominated: the pure outcome {e.dominated_by} gives {pays}{more}."
    if e.better_equilibria:
        numbers = ", ".join(str(n) for n in e.better_equilibria)
        text += f" Every player does at least as well, and one better, in equilibrium {numbers}."
    return [Para(text)]


def _comparison(run: Any, efficiency: Any) -> list[Block]:
    """The equilibria against the best outcome, and against each other by risk dominance."""
    if efficiency is None:
        return []
    if not efficiency.equilibria:
        return [Para(f"Welfare and Pareto efficiency: {efficiency.note}.")] if efficiency.note else []
    tree = not isinstance(run.game, NormalFormGame)
    pure = (f"the {efficiency.outcomes} pure strategy profiles of the tree, each with its expected payoffs"
            if tree else f"the {efficiency.outcomes} cells of the game")
    where = "; ".join(efficiency.optimal)
    lines = [f"Outcomes compared: {pure}. The largest welfare (sum of the payoffs) of any of them is "
             f"{number_text(efficiency.optimum)}, at {where}."]
    if efficiency.risk_compared:
        a, b = efficiency.risk_compared
        pa, pb = efficiency.risk_products
        named = {n: f"equilibrium {n} ({run.labels[n - 1]})" for n in (a, b)}
        if efficiency.risk_dominant is None:
            lines.append(f"Risk dominance (Harsanyi and Selten): {named[a]} and {named[b]} tie; the products of the "
                         f"players' losses from deviating are both {number_text(pa)}.")
        else:
            winner = efficiency.risk_dominant
            loser = b if winner == a else a
            lines.append(f"Risk dominance (Harsanyi and Selten): {named[winner]} risk-dominates {named[loser]}: the "
                         f"product of the players' losses from deviating is {number_text(pa if winner == a else pb)} "
                         f"against {number_text(pb if winner == a else pa)}.")
    return [Heading(3, "The equilibria as outcomes"), *(Para(line) for line in lines)]


def _unjustified(run: Any, k: int) -> list[Block]:
    """The mark of an equilibrium whose play at some information set no belief justifies."""
    sets = run.unjustified[k] if k < len(getattr(run, "unjustified", ())) else ()
    if not sets:
        return []
    game, eq = run.game, run.result.equilibria[k]
    rows = eq.exact_behavior if eq.exact_behavior is not None else eq.behavior
    items = []
    for h in sets:
        s = game.infosets[h]
        p = int(s.player)
        probs = rows[p][game.player_infosets[p].index(h)]
        played = [a for a, q in zip(s.actions, probs) if q > 0]
        move = played[0] if len(played) == 1 else "mixing " + " and ".join(played)
        where = f"{game.players[p]} at {s.label or 'information set ' + str(s.number)}"
        items.append(f"{where} ({len(s.nodes)} nodes): {move} is a best reply for no belief there that Bayes' rule "
                     "allows" if len(s.nodes) > 1 else f"{where}: {move} is not a best reply there, given the "
                     "play that follows")
    return [Para("No belief justifies this equilibrium's play:"), Items(tuple(items))]


def _equilibrium(run: Any, k: int, efficiency: Any = None) -> list[Block]:
    eq, outcome = run.result.equilibria[k], run.outcomes[k]
    game, s = run.game, run.scenario
    kind = "pure" if eq.is_pure else ("behaviour" if hasattr(eq, "behavior") else "mixed")
    refinement = f"{eq.refinement}, " if getattr(eq, "refinement", None) else ""
    count = len(run.result.equilibria)
    title = f"Equilibrium {k + 1}" + (f" of {count}" if count > 1 else "") + f" ({refinement}{kind})"
    trace = getattr(run.result.details, "trace", ()) if run.solver_index[k] == 0 else ()  # the solver's first
    words = story.describe(s, game, eq, trace or ())
    off = " (choices off the equilibrium path in parentheses)" if words.is_tree and "(" in run.labels[k] else ""
    blocks: list[Block] = [Heading(3, title), Para(f"Label: {run.labels[k]}{off}"), Items(words.on_path)] + _unjustified(run, k)
    payoffs = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
    regret = eq.exact_regret if eq.exact_regret is not None else eq.regret
    exactly = " (verified exactly)" if eq.exact_regret is not None and eq.exact_regret == 0 else ""
    blocks.append(Para("Expected payoffs: " + ", ".join(f"{p} {number_text(u)}" for p, u in zip(game.players, payoffs))
                       + f". Regret {format_value(regret)}{exactly}."))
    blocks += _judged(efficiency, k)
    rows = tuple((label, number_text(p)) for label, p in outcome.distribution if p > 0)
    blocks.append(Table(("outcome", "probability"), rows, right=(1,)))
    about = {a.name: a.description for a in s.attributes}
    if outcome.expected_attributes:
        rows = tuple((name, number_text(v), about.get(name, "")) for name, v in outcome.expected_attributes)
        blocks.append(Table(("attribute", "expected", "meaning"), rows, right=(1,)))
    if words.ties:
        blocks += [Para("Ties (as good as the choice made; they give other equilibria):"), Items(words.ties)]
    if words.off_path:
        blocks += [Para("Off the equilibrium path (never reached, but part of the plan):"), Items(words.off_path)]
    elif words.is_tree:
        blocks.append(Para("Every decision is reached with positive probability: nothing is off the path."))
    if words.reasoning:
        blocks += [Para("Why (backward induction on the path):"), Items(words.reasoning)]
    return blocks


def _notes(run: Any) -> list[Block]:
    result = run.result
    notes = [str(n) for n in result.notes]
    if result.degenerate and not any("degenerate" in n.lower() for n in notes):
        notes.append("the game is degenerate: equilibria can form connected sets; their extreme points are listed")
    return [Heading(2, "Notes"), Items(tuple(notes))] if notes else []


def build_report(run: Any, excerpts: Mapping[int, str] | None = None, efficiency: Any = None) -> list[Block]:
    """The report of ``run`` as a list of blocks (see the module docstring); ``efficiency``
    (:class:`~berlinsim.model.efficiency.Efficiency`) adds welfare, Pareto efficiency and risk dominance."""
    blocks = _header(run, excerpts or {}) + _parameters(run) + _game(run)
    if is_correlated(run.result):
        blocks.append(Para(_method(run.result)))
        blocks += correlated_blocks(run.result, outcomes=run.outcomes)
    else:
        blocks += _overview(run)
        for k in range(len(run.result.equilibria)):
            blocks += _equilibrium(run, k, efficiency)
        blocks += _comparison(run, efficiency)
    blocks += components_blocks(run.result) + enumpoly_blocks(run.result) + _notes(run)
    if run.scenario.teaching_note:
        blocks += [Heading(2, "Teaching note"), Para(" ".join(run.scenario.teaching_note.split()))]
    if run.scenario.references:
        blocks += [Heading(2, "References"), Items(tuple(run.scenario.references))]
    return blocks


def render_run(run: Any, fmt: str = "text", *, excerpts: Mapping[int, str] | None = None,
               efficiency: Any = None) -> str:
    """A :class:`~berlinsim.scenarios.run.ScenarioRun` as a report: ``fmt`` is ``"text"``, ``"markdown"``
    or ``"html"`` (a fragment, for notebooks).

    ``excerpts`` maps memo paragraph numbers to their opening words
    (:func:`berlinsim.scenarios.run.memo_excerpts`); without them only the numbers are given.
    ``efficiency`` (:func:`berlinsim.analysis.outcomes.efficiency`) adds each equilibrium's welfare and
    Pareto efficiency and a comparison of the equilibria as outcomes.
    """
    blocks = build_report(run, excerpts, efficiency)
    if fmt == "markdown":
        return to_markdown(blocks)
    if fmt == "html":
        return to_html(blocks)
    if fmt != "text":
        raise ValueError(f"unknown report format {fmt!r} (text, markdown or html)")
    return to_text(blocks)
