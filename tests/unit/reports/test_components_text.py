"""The equilibrium set's structure in words: maximal sets as products of hulls, and components."""

from fractions import Fraction as F

from berlinsim.model.components import affine_dimension
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports.blocks import to_markdown, to_text
from berlinsim.reports.components_text import components_blocks, shape_words, strategy_text
from berlinsim.reports.text import format_result
from berlinsim.solvers.correlated import correlated_solve
from berlinsim.solvers.enummixed import enummixed_solve


def flat(text: str) -> str:
    return " ".join(text.split())


def test_affine_dimension_exact_and_float() -> None:
    third = F(1, 3)
    assert affine_dimension([(1, 0, 0)]) == 0
    assert affine_dimension([(1, 0, 0), (0, 1, 0), (0, 0, 1), (third, third, third)]) == 2
    assert affine_dimension([(1.0, 0.0), (0.5, 0.5), (0.0, 1.0)]) == 1


def test_shape_words() -> None:
    assert shape_words(0, 2, (1, 4)) == "a polygon of equilibria with 4 corners"
    assert shape_words(2, 1, (3, 2)) == "a 3-dimensional set of equilibria"


def test_two_sets_sharing_a_vertex_are_one_component() -> None:
    # T is always a best response; the column player is indifferent against T and prefers L against B
    g = NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[0, 0], [1, 0]], players=("US", "USSR"),
                                     actions=(("T", "B"), ("L", "R")))
    r = enummixed_solve(g)
    text = flat(to_text(components_blocks(r)))
    c = r.components
    names = {v: f"x{k}" for k, v in enumerate(c.row_vertices, 1)}
    # every extreme strategy is named with its own actions
    for v, name in names.items():
        assert f"{name} = {strategy_text(g.actions[0], v)}" in text
    assert text.count("(a segment of equilibria)") == 2
    assert "these sets, joined where they share an extreme equilibrium: it is connected" in text
    # the equilibria numbered in a set are exactly its clique's, numbered as in the list
    for clique in c.cliques:
        assert "Equilibria {" + ", ".join(str(e + 1) for e in clique.equilibria) + "}" in text


def test_nothing_added_when_every_equilibrium_is_isolated_or_for_correlated() -> None:
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert enummixed_solve(bos).components is not None
    assert components_blocks(enummixed_solve(bos)) == []
    assert components_blocks(correlated_solve(bos)) == []


def test_separate_components_listed_and_in_solve_text() -> None:
    # an isolated pure equilibrium (B, R) and a segment {T} x hull(L, M)
    g = NormalFormGame.from_bimatrix([[1, 1, 0], [0, 0, 2]], [[1, 1, 0], [0, 0, 1]], actions=(("T", "B"), ("L", "M", "R")))
    r = enummixed_solve(g)
    text = flat(format_result(r))
    assert "Equilibrium components" in text and "connected components" in text and "(isolated)" in text
    assert "(a segment of equilibria)" in text
    assert "## Equilibrium components" in to_markdown(components_blocks(r))
