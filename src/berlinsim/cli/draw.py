"""``berlinsim draw``: a user's own game drawn -- a payoff matrix or a game tree -- with its equilibria.

Commands::

    berlinsim draw SCENARIO|GAME.nfg|GAME.efg -o FILE [--set NAME=VALUE ...] [--variant V] [--method M]
                   [--equilibrium K] [--title TEXT] [--size WxH] [--components]

A two-player table (a matrix scenario or an ``.nfg``) is drawn as its payoff matrix with the best
responses marked and the equilibria listed (:func:`berlinsim.plots.matrix.plot_payoff_matrix`);
a tree (a tree scenario or an ``.efg``) with the path of one equilibrium in bold
(:func:`berlinsim.plots.tree.plot_game_tree`; ``--equilibrium K``, the K-th the solver lists).
A table of three or more players is drawn as one panel per action of the third and later players
(:func:`berlinsim.plots.nplayer.plot_panels`); with ``--method correlated`` the K-th listed
distribution is drawn as a heatmap over the cells (:func:`berlinsim.plots.nplayer.plot_distribution`).
With ``--components`` a two-player table of at most three actions each is drawn as its equilibrium set in
each player's simplex, component by component (:func:`berlinsim.plots.components.plot_components`).
The file type is checked before the game is solved. Thin wiring: matplotlib and the solvers are
imported when the command runs.

Examples
--------
>>> import argparse
>>> commands = argparse.ArgumentParser(prog="berlinsim").add_subparsers(dest="command")
>>> add_parser(commands)
>>> args = commands.choices["draw"].parse_args(["game.nfg", "-o", "game.png", "--size", "8x5"])
>>> args.path, args.output, args.size, args.handler is run_draw
('game.nfg', 'game.png', '8x5', True)
"""

from __future__ import annotations

import argparse
from typing import Any

from berlinsim.cli._args import CliError, whole, about, add_method, add_options, check_method, is_scenario, overrides
from berlinsim.cli._outputs import add_output
from berlinsim.errors import BerlinsimError

__all__ = ["add_parser", "run_draw"]


def add_parser(commands: Any) -> None:
    """Register ``draw`` on the argparse subparsers object ``commands``."""
    draw = commands.add_parser(
        "draw", help="draw a game: its payoff matrix or its tree, with the equilibria",
        description="Draw the game in PATH (a scenario, a Gambit .nfg table or .efg tree) to FILE (.png, .svg or "
        ".pdf): a two-player table as its payoff matrix (best responses marked, equilibria listed), a table of "
        "three or more players as one panel per action of the third and later players, a tree with chance "
        "probabilities, information sets and an equilibrium's path in bold; with --method correlated, the K-th "
        "correlated equilibrium's distribution over the cells as a heatmap.")
    draw.add_argument("path", metavar="PATH", help="the game: a scenario (.yaml), a .nfg table or a .efg tree")
    add_output(draw, dest="output", required=True, suffixes=(".png", ".svg", ".pdf"),
               help_text="the figure to write (.png, .svg or .pdf)")
    add_options(draw, prefix="(scenarios) ")
    add_method(draw, "solution method of the equilibria shown (default: the scenario's own; auto for .nfg, spe "
               "for .efg)")
    draw.add_argument("--equilibrium", "-e", type=whole(1), default=1, metavar="K",
                      help="a tree: whose path is drawn, the K-th equilibrium the solver lists; --method correlated: "
                      "the K-th distribution listed (default: 1)")
    draw.add_argument("--title", default=None, metavar="TEXT", help="the title (default: the scenario's or game's)")
    draw.add_argument("--size", default=None, metavar="WxH", help="the figure's size in inches (default: fitted)")
    draw.add_argument("--components", action="store_true",
                      help="a two-player table of 2 or 3 actions each: draw the equilibrium set in each player's "
                      "strategy simplex, its components in their own colours and markers")
    draw.set_defaults(handler=run_draw)


def _game(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    """(scenario or None, game, solve result) of ``args.path``."""
    from berlinsim.scenarios.run import run_scenario, solve_built

    if is_scenario(args.path):
        from berlinsim.io.scenario_yaml import load_scenario

        scenario = load_scenario(args.path)
        try:
            run = run_scenario(scenario, variant=args.variant, overrides=overrides(args.assignments),
                               method=args.method)
        except BerlinsimError as exc:
            raise about(args.path, exc) from None
        return scenario, run.game, run.result
    if args.assignments or args.variant:
        raise CliError(f"{args.path}: --set and --variant apply to scenario files (.yaml), not to Gambit files")
    from berlinsim.cli.solve import read_gambit

    game = read_gambit(args.path)
    try:
        return None, game, solve_built(game, args.method or "auto")
    except BerlinsimError as exc:
        raise about(args.path, exc) from None


def _is_correlated(result: Any) -> bool:
    from berlinsim.model.correlated import CorrelatedEquilibrium

    return bool(result.equilibria) and isinstance(result.equilibria[0], CorrelatedEquilibrium)


def _panels(args: argparse.Namespace, game: Any, result: Any, title: str | None) -> Any:
    """A correlated equilibrium's heatmap (the ``--equilibrium``-th distribution), or a 3+-player game's panels."""
    from berlinsim.plots.nplayer import plot_distribution, plot_panels

    try:
        if not _is_correlated(result):
            if args.equilibrium != 1:
                raise BerlinsimError("--equilibrium chooses the path drawn in a tree or the distribution drawn for "
                                     "--method correlated; a table lists every equilibrium")
            return plot_panels(game, result, title=title)
        count = len(result.equilibria)
        if args.equilibrium > count:
            raise BerlinsimError(f"--equilibrium {args.equilibrium}: the solver listed {count} distributions")
        eq = result.equilibria[args.equilibrium - 1]
        payoffs = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
        roles = ", ".join(r for r in eq.roles if r != "vertex") or "a vertex"
        kind = "Coarse correlated" if getattr(result.details, "coarse", False) else "Correlated"
        heading = f"{kind} equilibrium {args.equilibrium} ({roles})"
        if args.title is not None:
            heading = args.title
        elif title:  # the scenario's title
            heading = f"{title}\n{heading}"
        return plot_distribution(game, eq.cells, [p for _, p in eq.distribution], payoffs=payoffs, title=heading)
    except BerlinsimError as exc:
        raise about(args.path, exc) from None


def run_draw(args: argparse.Namespace) -> int:
    """The handler of ``berlinsim draw``."""
    from berlinsim.cli._sweep_figure import parse_size
    from berlinsim.plots._style import check_format, new_axes, save_figure

    try:
        check_format(args.output)
    except ValueError as exc:
        raise BerlinsimError(f"--output {args.output}: {exc}") from None
    size = parse_size(args.size) if args.size is not None else None
    check_method(args.path, args.method)
    scenario, game, result = _game(args)
    title = args.title if args.title is not None else (scenario.title if scenario is not None else None)
    if args.components:
        from berlinsim.plots.components import plot_components

        if args.equilibrium != 1:
            raise BerlinsimError("--equilibrium chooses the path drawn in a tree; --components draws every equilibrium")
        try:
            figure = plot_components(game, result, title=title)
        except BerlinsimError as exc:
            raise about(args.path, exc) from None
        if size is not None:
            figure.set_size_inches(*size)
        print(f"wrote {save_figure(figure, args.output)}")
        return 0
    if not hasattr(game, "player_infosets") and (game.num_players > 2 or _is_correlated(result)):
        figure = _panels(args, game, result, title)
        if size is not None:
            figure.set_size_inches(*size)
        print(f"wrote {save_figure(figure, args.output)}")
        return 0
    ax = new_axes(size=size) if size is not None else None
    if hasattr(game, "player_infosets"):
        from berlinsim.plots.tree import plot_game_tree

        equilibria = result.equilibria
        if equilibria and args.equilibrium > len(equilibria):
            raise BerlinsimError(f"--equilibrium {args.equilibrium}: the solver found {len(equilibria)} "
                                 f"equilibri{'um' if len(equilibria) == 1 else 'a'}")
        equilibrium = equilibria[args.equilibrium - 1] if equilibria else None
        ax = plot_game_tree(game, equilibrium, ax=ax, title=title)
    else:
        from berlinsim.plots.matrix import plot_payoff_matrix

        if args.equilibrium != 1:
            raise BerlinsimError("--equilibrium chooses the path drawn in a tree; a matrix lists every equilibrium")
        notes = None
        if scenario is not None:
            notes = tuple(tuple(a.description for a in acts) for acts in scenario.game.actions)
        ax = plot_payoff_matrix(game, result, ax=ax, title=title, action_notes=notes)
    written = save_figure(ax.figure, args.output)
    print(f"wrote {written}")
    return 0
