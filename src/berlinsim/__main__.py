"""``python -m berlinsim``: the same entry point as the ``berlinsim`` command."""

from berlinsim.cli import main

raise SystemExit(main())
