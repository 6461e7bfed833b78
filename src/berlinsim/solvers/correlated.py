"""The correlated-equilibrium polytope of a normal-form game, by linear programming.

The (coarse) correlated equilibria are the distributions ``p`` over pure profiles with
``p >= 0``, ``sum p = 1`` and every obedience constraint ``A p >= 0``
(:mod:`berlinsim.model.correlated`). HiGHS (dual simplex, a vertex) maximises the total
payoff and each player's payoff, and minimises each player's. When the game is exact each
optimum is rebuilt in Fractions from the float solution's support and tight constraints and
verified to be an equilibrium exactly; for games of up to :data:`CERTIFY_CELLS` profiles its
optimality is certified too (an exact dual). For games of up to ``max_vertex_cells``
profiles every vertex of the polytope is enumerated, exactly (double description on the
cone ``{p >= 0, A p >= 0}``, whose extreme rays are the vertices scaled).

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> chicken = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], actions=(("C", "D"), ("C", "D")))
>>> r = correlated_solve(chicken)
>>> best = r.equilibria[0]
>>> best.roles[0], [(c, str(p)) for c, p in best.distribution], [str(u) for u in best.exact_payoffs]
('max welfare', [((0, 0), '1/2'), ((0, 1), '1/4'), ((1, 0), '1/4')], ['21/4', '21/4'])
>>> r.details.vertices, r.complete
(5, True)
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from math import gcd

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model.correlated import CorrelatedDetails, CorrelatedEquilibrium
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model._scale import exact_normalized
from berlinsim.model.result import RELATIVE_TOLERANCE, SolveResult
from berlinsim.solvers._checks import require_size
from berlinsim.solvers._exact_lp import LinearProgram, certify, solve_exact, solve_lp
from berlinsim.solvers._support_systems import integer_payoffs

#: Largest number of pure profiles whose polytope vertices are enumerated by default.
MAX_VERTEX_CELLS = 16
#: Largest number of pure profiles for which optimality is certified in exact arithmetic.
CERTIFY_CELLS = 64
#: Largest vertex support solved by exact elimination; larger ones are rounded from floats
#: and kept exact only when the exact check passes.
EXACT_SOLVE_SIZE = 60
#: Largest number of pure profiles the method accepts (a 100 x 100 game).
MAX_CELLS = 10_000
#: Most rays the vertex enumeration keeps before giving up on the vertices.
MAX_RAYS = 20_000


def constraint_rows(u: np.ndarray, coarse: bool) -> list[dict[int, object]]:
    """The obedience constraints as sparse rows over the flattened profiles (``row @ p >= 0``)."""
    shape = u.shape[1:]
    cells = list(np.ndindex(*shape))
    index = {c: k for k, c in enumerate(cells)}
    rows = []
    for i, n in enumerate(shape):
        for a in ([None] if coarse else range(n)):
            for b in range(n):
                if b == a:
                    continue
                row = {}
                for c in cells:
                    if a is None or c[i] == a:
                        dev = (*c[:i], b, *c[i + 1:])
                        value = u[(i, *c)] - u[(i, *dev)]
                        if value:
                            row[index[c]] = value
                rows.append(row)
    return rows


def correlated_solve(game: NormalFormGame, *, coarse: bool = False,
                     max_vertex_cells: int = MAX_VERTEX_CELLS) -> SolveResult:
    """The welfare-maximising (coarse) correlated equilibrium, each player's best and worst, and vertices.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    coarse : bool
        Coarse correlated equilibria (no gain from committing to an action before the draw).
    max_vertex_cells : int
        Enumerate the polytope's vertices when the game has at most this many pure profiles.

    Returns
    -------
    SolveResult
        ``equilibria``: :class:`~berlinsim.model.correlated.CorrelatedEquilibrium`, the
        welfare-maximising one first, then each player's best and worst (each listed once,
        with all its roles), then the remaining vertices. ``complete=True`` when the vertices
        were enumerated (the polytope is their convex hull).
    """
    require_size(game, "correlated")
    if game.num_cells > MAX_CELLS:
        raise SolverError(f"game has {game.num_cells:,} pure profiles; method 'correlated' handles at most "
                          f"{MAX_CELLS:,} (a {int(MAX_CELLS ** 0.5)} x {int(MAX_CELLS ** 0.5)} game)")
    exact = game.is_exact
    scale = game.payoff_scale
    # the constraints and objectives on each player's payoffs mapped onto [0, 1] (exactly when
    # exact, then scaled to integers for fast integer arithmetic): the same polytope, and the
    # same optima for any positive affine change of a player's payoffs, at any magnitude
    norm = exact_normalized(game.exact_payoffs, scale) if exact else game.normalized_payoffs
    rows = constraint_rows(integer_payoffs(norm) if exact else norm, coarse)
    cells = list(np.ndindex(*game.shape))
    objectives = [("max welfare", _welfare(norm, scale.span if exact else scale.float_span), 1, None)]
    for i, p in enumerate(game.players):
        objectives += [(f"best for {p}", norm[i].ravel(), 1, i), (f"worst for {p}", norm[i].ravel(), -1, i)]
    found: dict[tuple, CorrelatedEquilibrium] = {}
    values: list = []
    certified = True
    for role, c, sense, player in objectives:
        p, proven = _optimum(c, sense, rows, len(cells), exact)
        certified = certified and proven
        values.append(_value(game, p, player))
        _add(found, game, cells, p, role, coarse)
    vertices = None
    if game.num_cells <= max_vertex_cells:
        rays = _extreme_rays(rows, len(cells))
        if rays is not None:
            vertices = len(rays)
            for ray in rays:
                _add(found, game, cells, ray, "vertex", coarse)
    tol = RELATIVE_TOLERANCE
    equilibria = tuple(eq for eq in found.values() if eq.exact_regret == 0 or eq.relative_regret <= tol)
    notes_dropped = len(found) - len(equilibria)  # never list what does not verify
    exact = exact and all(eq.exact_probabilities is not None for eq in equilibria)
    details = CorrelatedDetails(
        coarse=coarse, constraints=len(rows), max_welfare=values[0], best=tuple(values[1::2]),
        worst=tuple(values[2::2]), vertices=vertices, certified=certified and exact)
    kind = "coarse correlated" if coarse else "correlated"
    notes = [f"{kind} equilibria: distributions over pure profiles; a mediator draws one and tells each "
             "player only her own action" + ("" if not coarse else ", after each has agreed to follow it")]
    if notes_dropped:
        notes.append(f"{notes_dropped} optimum(s) failed verification (regret above {tol:.2g} of a player's "
                     "payoff range) and were dropped")
    notes.append("the polytope is the convex hull of its vertices, all listed" if vertices is not None else
                 f"the polytope's vertices were not enumerated (more than {max_vertex_cells} pure profiles): "
                 "listed are the optima of welfare and of each player's payoff")
    return SolveResult(
        method="correlated",
        game=game,
        equilibria=equilibria,
        exact=exact,
        complete=vertices is not None,
        degenerate=None,
        tolerance=0.0 if exact else tol,
        parameters=(("coarse", coarse), ("max_vertex_cells", max_vertex_cells)),
        notes=tuple(notes),
        details=details,
    )


def _welfare(norm: np.ndarray, spans: tuple) -> np.ndarray:
    """The total payoff as an objective on normalised payoffs.

    ``sum_i u_i = sum_i (low_i + span_i * norm_i)``: up to a constant, which changes no optimum,
    it is ``sum_i span_i * norm_i``, here divided by the largest span (a range beyond floats
    outweighs every finite one).
    """
    top = max(spans, default=0)
    if top == math.inf:
        weights = [1.0 if s == math.inf else 0.0 for s in spans]
    else:
        weights = [s / top if top else s for s in spans]
    total = norm[0].ravel() * weights[0]
    for i in range(1, norm.shape[0]):
        total = total + norm[i].ravel() * weights[i]
    return total


def _value(game: NormalFormGame, p: list, player: int | None) -> object:
    """The expected payoff of ``player`` (the total, for None) under the distribution ``p``, in the game's units."""
    players = range(game.num_players) if player is None else (player,)
    if all(isinstance(x, Fraction) for x in p) and game.is_exact:
        u = game.exact_payoffs
        return sum((sum((pk * v for pk, v in zip(p, u[i].ravel().tolist()) if pk), Fraction(0)) for i in players),
                   Fraction(0))
    scale = game.payoff_scale
    q = np.array([float(x) for x in p])
    return float(sum(float(scale.low[i]) + scale.float_span[i] * float(game.normalized_payoffs[i].ravel() @ q)
                     for i in players))


def _add(found: dict, game: NormalFormGame, cells: list, p: list, role: str, coarse: bool) -> None:
    """Record the distribution ``p`` (over all cells) under ``role``, merging repeats."""
    # exact games: exact distributions; float games: rounded, so that an optimum found in floats
    # and the same vertex enumerated in binary fractions are one equilibrium
    exact = game.is_exact and all(isinstance(x, Fraction) for x in p)
    key = tuple(p) if exact else tuple(round(float(x), 10) for x in p)
    if key in found:
        old = found[key]
        if role not in old.roles:
            found[key] = _replace_roles(old, (*old.roles, role))
        return
    found[key] = equilibrium_of(game, [cells[k] for k, x in enumerate(p) if x > 0],
                                [x for x in p if x > 0], (role,), coarse=coarse)


def _replace_roles(eq: CorrelatedEquilibrium, roles: tuple[str, ...]) -> CorrelatedEquilibrium:
    import dataclasses

    return dataclasses.replace(eq, roles=roles)


def equilibrium_of(game: NormalFormGame, cells: list, probs: list, roles: tuple[str, ...], *,
                   coarse: bool = False) -> CorrelatedEquilibrium:
    """A :class:`CorrelatedEquilibrium` with payoffs and regret computed afresh from the game."""
    from berlinsim.model.correlated import obedience

    exact = game.is_exact and all(isinstance(x, Fraction) for x in probs)
    u = game.exact_payoffs if exact else game.payoffs
    zero = Fraction(0) if exact else 0.0
    payoffs = tuple(sum((p * u[(i, *c)] for c, p in zip(cells, probs)), zero) for i in range(game.num_players))
    scale = game.payoff_scale
    if exact:
        gains = [(o.player, o.deviate - o.obey) for o in obedience(game, cells, probs, coarse=coarse)]
        regret = max([zero, *(g for _, g in gains)])
        relative = max([zero, *(g / scale.span[i] for i, g in gains if g > 0)])
    else:  # measured on the normalised game: accurate at any magnitude, then back in each player's units
        norm = obedience(game.normalized(), cells, [float(p) for p in probs], coarse=coarse)
        relative = max([0.0, *(o.deviate - o.obey for o in norm)])
        regret = max([0.0, *((o.deviate - o.obey) * scale.float_span[o.player] for o in norm)])
    return CorrelatedEquilibrium(
        roles=roles, cells=tuple(tuple(int(x) for x in c) for c in cells),
        probabilities=tuple(float(p) for p in probs), payoffs=tuple(float(x) for x in payoffs),
        regret=float(regret), relative_regret=float(relative), exact_probabilities=tuple(probs) if exact else None,
        exact_payoffs=payoffs if exact else None, exact_regret=regret if exact else None)


def _optimum(c: np.ndarray, sense: int, rows: list[dict], n: int, exact: bool) -> tuple[list, bool]:
    """Maximise ``sense * c @ p`` over the polytope: the optimal ``p`` and whether it is certified."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix

    data, ri, ci = [], [], []
    for r, row in enumerate(rows):
        for k, v in row.items():
            ri.append(r)
            ci.append(k)
            data.append(-float(v))
    a_ub = csr_matrix((data, (ri, ci)), shape=(len(rows), n)) if rows else None
    cf = np.array([float(x) for x in c])
    res = linprog(-sense * cf, A_ub=a_ub, b_ub=np.zeros(len(rows)) if rows else None,
                  A_eq=np.ones((1, n)), b_eq=[1.0], bounds=(0, None), method="highs-ds",
                  options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10})
    if res.status != 0:  # pragma: no cover - the polytope always holds the Nash equilibria
        raise RuntimeError(f"linear program failed: {res.message}")
    x = np.asarray(res.x)
    if not exact:
        p = np.clip(x, 0.0, None)
        p = p / p.sum()
        return list(p), False
    if n <= CERTIFY_CELLS:
        lp = LinearProgram.build(c=[-sense * v for v in c], a_ub=_dense(rows, n, negate=True),
                                 b_ub=[0] * len(rows), a_eq=[[1] * n], b_eq=[1])
        solution = solve_lp(lp, certify=False)
        proven = certify(lp, solution) if solution is not None else None
        if proven is not None:
            return list(proven.x), True
    p = _exact_vertex(x, rows, n)
    if p is None:  # pragma: no cover - HiGHS ends at a vertex; kept as floats if it is not recovered
        return list(np.clip(x, 0.0, None) / np.clip(x, 0.0, None).sum()), False
    return p, False


def _dense(rows: list[dict], n: int, *, negate: bool) -> list[list]:
    out = []
    for row in rows:
        line = [0] * n
        for k, v in row.items():
            line[k] = -v if negate else v
        out.append(line)
    return out


def _exact_vertex(x: np.ndarray, rows: list[dict], n: int) -> list[Fraction] | None:
    """The vertex near the float solution ``x``, in Fractions, if it is exactly feasible.

    The vertex solves ``sum p = 1`` and the constraints tight at ``x``, restricted to the
    profiles ``x`` plays; a square, independent subset of those equations is chosen in floats
    (QR with column pivoting), solved exactly, and the result checked against every
    constraint in integers.
    """
    from scipy.linalg import qr

    scale = max(1.0, max((abs(float(v)) for row in rows for v in row.values()), default=1.0))
    for tol in (1e-9, 1e-7, 1e-5):
        support = [k for k in range(n) if x[k] > tol]
        where = {k: j for j, k in enumerate(support)}
        eqs = [[1] * len(support)]
        for row in rows:
            if abs(sum(float(v) * x[k] for k, v in row.items())) <= tol * scale:
                line = [0] * len(support)
                for k, v in row.items():
                    if k in where:
                        line[where[k]] = v
                if any(line):
                    eqs.append(line)
        if len(eqs) < len(support):
            continue
        matrix = np.array([[float(v) for v in line] for line in eqs])
        _, _, order = qr(matrix.T, pivoting=True, mode="economic")
        chosen = sorted({0, *order[: len(support)].tolist()})[: len(support)] if 0 in order[: len(support)] \
            else order[: len(support)].tolist()
        rhs = [1 if i == 0 else 0 for i in chosen]
        if len(support) <= EXACT_SOLVE_SIZE:
            sol = solve_exact([eqs[i] for i in chosen], rhs, len(support))
        else:  # large: solve in floats, round to nearby fractions, and let the exact check decide
            guess = np.linalg.solve(matrix[chosen], np.array(rhs, dtype=float))
            sol = [Fraction(float(v)).limit_denominator(10**9) for v in guess]
        if sol is None:
            continue
        p = [Fraction(0)] * n
        for k, v in zip(support, sol):
            p[k] = v
        if _is_feasible(p, rows):
            return p
    return None


def _is_feasible(p: list[Fraction], rows: list[dict]) -> bool:
    """``p >= 0``, ``sum p == 1`` and every constraint, exactly (in integers over a common denominator)."""
    if any(v < 0 for v in p) or sum(p) != 1:
        return False
    den = 1
    for v in p:
        if v:
            den = den * v.denominator // gcd(den, v.denominator)
    ints = [v.numerator * (den // v.denominator) for v in p]
    for row in rows:
        total = 0
        for k, v in row.items():
            if ints[k]:
                total += v * ints[k]
        if total < 0:
            return False
    return True


def _extreme_rays(rows: list[dict], n: int) -> list[list[Fraction]] | None:
    """The vertices of the polytope (extreme rays of ``{p >= 0, A p >= 0}``, normalised), exactly.

    Double description: start from the orthant's rays (the unit vectors) and add the
    constraints one at a time; two rays on opposite sides of a new constraint are combined
    when they are adjacent (no third ray is tight on every constraint both are tight on).
    ``None`` when more than :data:`MAX_RAYS` rays arise.
    """
    integer_rows = []
    for row in rows:
        fr = {k: Fraction(v) for k, v in row.items()}
        den = 1
        for v in fr.values():
            den = den * v.denominator // gcd(den, v.denominator)
        integer_rows.append({k: int(v * den) for k, v in fr.items()})
    rays = [(tuple(int(j == k) for j in range(n)), sum(1 << j for j in range(n) if j != k)) for k in range(n)]
    for r, row in enumerate(integer_rows):
        bit = 1 << (n + r)
        values = [sum(v * ray[k] for k, v in row.items()) for ray, _ in rays]
        plus = [k for k, v in enumerate(values) if v > 0]
        minus = [k for k, v in enumerate(values) if v < 0]
        zero = [k for k, v in enumerate(values) if v == 0]
        new = [rays[k] for k in plus] + [(rays[k][0], rays[k][1] | bit) for k in zero]
        for i, j in itertools.product(plus, minus):
            common = rays[i][1] & rays[j][1]
            if any(k != i and k != j and common & rays[k][1] == common for k in range(len(rays))):
                continue
            vi, vj = values[i], -values[j]
            combo = [vj * a + vi * b for a, b in zip(rays[i][0], rays[j][0])]
            g = gcd(*combo)
            new.append((tuple(c // g for c in combo), common | bit))
        rays = new
        if len(rays) > MAX_RAYS:
            return None
    out = []
    for ray, _ in rays:
        total = sum(ray)
        out.append([Fraction(v, total) for v in ray])
    return sorted(out)
