"""What every result of the Python API shares: its text, Markdown and HTML, and pandas on demand.

A result says what it is once, as the text the matching command prints (:meth:`Shown._text`,
from :mod:`berlinsim.reports`); ``str()`` is that text, a notebook shows it as HTML
(``_repr_html_``) or Markdown (``_repr_markdown_``), and ``repr()`` is one short line. A result
that has a richer report (a scenario run) overrides the HTML and Markdown; the others show their
text preformatted. :func:`pandas` imports pandas, the optional extra behind ``to_frame()``, or
says how to install it.

Examples
--------
>>> class Hello(Shown):
...     __slots__ = ()
...     def _text(self):
...         return "a < b"
>>> print(Hello()._repr_html_())
<pre class="berlinsim">a &lt; b</pre>
>>> print(Hello()._repr_markdown_())
```text
a < b
```
"""

from __future__ import annotations

import html
from typing import Any

from berlinsim.errors import BerlinsimError

__all__ = ["PANDAS_MISSING", "Shown", "pandas"]

PANDAS_MISSING = ("to_frame() needs pandas, an optional extra of berlinsim: "
                  "python -m pip install 'berlinsim[frames]' (or python -m pip install pandas)")


def pandas() -> Any:
    """The pandas module; :class:`BerlinsimError` naming the pip command when it is not installed."""
    try:
        import pandas as pd
    except ImportError:
        raise BerlinsimError(PANDAS_MISSING) from None
    return pd


class Shown:
    """Text, HTML and Markdown from one source, :meth:`_text` (subclasses define it)."""

    __slots__ = ()

    def _text(self) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def __str__(self) -> str:
        return self._text()

    def _repr_html_(self) -> str:
        return f'<pre class="berlinsim">{html.escape(self._text())}</pre>'

    def _repr_markdown_(self) -> str:
        fence = "````" if "```" in self._text() else "```"
        return f"{fence}text\n{self._text()}\n{fence}"
