"""Equilibrium regions in a figure: a fill of its own for each, short legend texts, a key for long names.

A region is named by the caller (the equilibria's supports, or a short name a scenario gives
it); every distinct name gets its own fill: the pale tints of the seven Okabe-Ito colours (black
is kept for text) in order of first appearance, and once those are used up the same tints again
with a hatch, so no two regions of one figure look alike. A name that fits in a few short lines
is its own legend text; a longer one is lettered (``A``, ``B``, ...) in the legend and spelt out
in the key under the plot.

Examples
--------
>>> styles = region_styles(["program", "trap", "program", "silence"])
>>> list(styles), styles["trap"]
(['program', 'trap', 'silence'], ('#CCE8F8', ''))
>>> texts, key = legend_texts(["program", "US: S, P; USSR: H", "US: S, P; USSR: H | US: Fm, P; USSR: PO, H | US: Fm"])
>>> texts
['program', 'US: S, P; USSR: H', 'A']
>>> key
['A: US: S, P; USSR: H | US: Fm, P; USSR: PO, H | US: Fm']
"""

from __future__ import annotations

import textwrap
from typing import Sequence

__all__ = ["HATCHES", "REGION_FILLS", "legend_texts", "region_name", "region_styles", "wrap"]

#: Pale tints (30 % colour on white) of Okabe-Ito orange, sky blue, bluish green, yellow, blue,
#: vermillion and reddish purple: dark lines drawn over them stay distinct.
REGION_FILLS = ("#F8E2B2", "#CCE8F8", "#B2E2D5", "#FAF7C6", "#B2D5E8", "#F2CFB2", "#F0D7E5")
#: Hatches of the second, third, ... round of fills.
HATCHES = ("", "//", "\\\\", "..", "xx", "++", "--", "||")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _support(part: str) -> str:
    """'US: F 0.617, K 0.383' -> 'US: F+K mixed' (a region is named by supports, not by probabilities).

    Information sets of one player (joined by ' / ') are treated one by one.
    """
    who, sep, text = part.partition(": ")
    if not sep:
        return part
    segments = []
    for segment in text.split(" / "):
        items = [item.strip().rsplit(" ", 1) for item in segment.split(", ")]
        if len(items) > 1 and all(len(item) == 2 and _is_number(item[1]) for item in items):
            segment = "+".join(item[0] for item in items) + " mixed"
        segments.append(segment)
    return f"{who}: {' / '.join(segments)}"


def region_name(region: Sequence[str], focus: Sequence[str] | None) -> str:
    """A region's name: each equilibrium's parts about the ``focus`` players (all when None), joined with ' | '.

    Mixed strategies are named by their support, so a region does not split as probabilities move.

    >>> region_name(("US: F; UK: F", "US: F 0.617, K 0.383; UK: F 0.962, S 0.038"), None)
    'US: F; UK: F | US: F+K mixed; UK: F+S mixed'
    """
    names: list[str] = []
    for label in region:
        parts = [_support(part) for part in label.split("; ")]
        if focus:
            kept = [part for part in parts if part.split(":")[0].split(" at ")[0] in focus]
            parts = kept or parts
        name = "; ".join(parts)
        if name not in names:
            names.append(name)
    return " | ".join(names)


def region_styles(names: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Each distinct name (in order of first appearance) -> ``(fill colour, hatch)``, all pairs different."""
    order = list(dict.fromkeys(names))
    if len(order) > len(REGION_FILLS) * len(HATCHES):
        raise ValueError(f"{len(order)} regions: at most {len(REGION_FILLS) * len(HATCHES)} can be told apart")
    return {name: (REGION_FILLS[k % len(REGION_FILLS)], HATCHES[k // len(REGION_FILLS)]) for k, name in enumerate(order)}


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters (at spaces)."""
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def legend_texts(names: Sequence[str], *, width: int = 24, lines: int = 2) -> tuple[list[str], list[str]]:
    """Legend texts of distinct region ``names`` and the key lines of those too long for a legend.

    A name that wraps into at most ``lines`` lines of ``width`` characters is its own text;
    another gets a letter, and the key says ``"A: <the name>"``.
    """
    texts, key = [], []
    for name in names:
        wrapped = textwrap.wrap(name, width, break_on_hyphens=False)
        if len(wrapped) <= lines:
            texts.append("\n".join(wrapped) or name)
        else:
            letter = _letter(len(key))
            texts.append(letter)
            key.append(f"{letter}: {name}")
    return texts, key


def _letter(k: int) -> str:
    """A, B, ..., Z, AA, AB, ..."""
    text = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        text = chr(ord("A") + r) + text
    return text
