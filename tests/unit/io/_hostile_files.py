"""Hostile Gambit files of issue 17's table, as text (shared by the regression tests)."""

from __future__ import annotations


def nfg_with_payoff(number: str) -> str:
    """A two-line 2x1 .nfg whose first payoff is ``number``."""
    return f'NFG 1 R "t" {{ "A" "B" }} {{ 2 1 }}\n{number} 0 1 0\n'


def nfg_outcome_with_payoff(number: str) -> str:
    """An outcome-version .nfg whose one outcome pays ``number`` to the first player."""
    return f'NFG 1 R "t" {{ "A" "B" }} {{ 2 1 }}\n{{ {{ "o" {number}, 0 }} }}\n1 0\n'


def efg_with_payoff(number: str) -> str:
    """A one-player .efg whose first terminal pays ``number``."""
    return ('EFG 2 R "t" { "A" }\n""\np "" 1 1 "" { "x" "y" } 0\n'
            f't "" 1 "" {{ {number} }}\nt "" 2 "" {{ 0 }}\n')


def efg_with_probability(number: str) -> str:
    """A chance node whose first probability is ``number``."""
    return ('EFG 2 R "t" { "A" }\n""\n'
            f'c "" 1 "" {{ "h" {number} "t" 1/2 }} 0\nt "" 1 "" {{ 1 }}\nt "" 2 "" {{ 0 }}\n')


def wide_efg(actions: int) -> str:
    """One decision node with ``actions`` actions, each to its own terminal."""
    labels = " ".join(f'"a{i}"' for i in range(actions))
    lines = ['EFG 2 R "wide" { "P" }', '""', f'p "" 1 1 "" {{ {labels} }} 0']
    lines += [f't "" {i + 1} "" {{ {i} }}' for i in range(actions)]
    return "\n".join(lines) + "\n"


def chain_efg(depth: int, *, complete: bool = True) -> str:
    """A one-player chain ``depth`` moves deep: stop (a terminal) or go on; ``complete=False`` drops the last leaf."""
    lines = ['EFG 2 R "chain" { "P" }', '""']
    for i in range(depth):
        lines.append(f'p "" 1 {i + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {i + 1} "" {{ {i} }}')
    if complete:
        lines.append(f't "" {depth + 1} "" {{ {depth} }}')
    return "\n".join(lines) + "\n"


def players_nfg(count: int, actions: int = 2, body: str = "0") -> str:
    """A counts-form .nfg prologue for ``count`` players of ``actions`` actions, then ``body``."""
    players = " ".join(f'"P{i}"' for i in range(count))
    return f'NFG 1 R "many" {{ {players} }} {{ {" ".join([str(actions)] * count)} }}\n{body}\n'


def long_denominators_nfg() -> str:
    """Six fractions, each within the digit and magnitude limits, whose common denominator has over 1,000 digits."""
    bases = ((3, 419), (7, 236), (11, 192), (13, 179), (17, 162), (19, 156))  # 200-digit powers, pairwise coprime
    numbers = " ".join(f"1/{base ** power}" for base, power in bases)
    return f'NFG 1 R "t" {{ "A" "B" }} {{ 3 2 }}\n{numbers} 0 0 0 0 0 0\n'
