"""Analysis built on the solvers: outcomes (Pareto efficiency, welfare, risk dominance) and more.

This layer calls :mod:`berlinsim.model` and :mod:`berlinsim.solvers`, never draws and
never touches files. Import the submodules directly (``berlinsim.analysis.outcomes``).
"""
