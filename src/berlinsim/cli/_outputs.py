"""What a command may write: its output options, checked before any work, and the rule for existing files.

Every option that names something a command writes (``-o/--out`` on every command, ``--plot``)
is declared with :func:`add_output`, and :func:`check_outputs` checks them all as soon as the
command line is parsed, before anything is read or solved:

- the folder it goes into exists (no command creates missing parent folders: give an existing
  folder, or create it first) and can be written into (tried with a temporary file);
- a file output is not an existing folder, and a folder output (``figures --out DIR``) is not
  an existing file;
- it is not one of the command's own inputs (a scenario, a Gambit file), ever, even with ``--force``;
- an existing file is replaced only when it is *ours*: its suffix is one that this option writes
  and not that of an input kind (``.yaml``, ``.yml``, ``.nfg``, ``.efg``, unless the option writes
  that kind, as ``convert`` does); ``figures``' ``README.md`` is ours when it is a gallery index
  (it starts with ``# Figure gallery``). Any other existing file needs ``--force``.

:func:`emit` writes a command's text to its ``--out`` file (and says ``wrote PATH``) or to stdout.

Examples
--------
>>> import argparse, tempfile, pathlib
>>> parser = argparse.ArgumentParser()
>>> add_output(parser, suffixes=(".txt",), help_text="the file to write")
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> check_outputs(parser.parse_args(["-o", str(folder / "a.txt")]))
>>> check_outputs(parser.parse_args(["-o", str(folder / "missing" / "a.txt")]))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
berlinsim.errors.BerlinsimError: --out .../missing/a.txt: the folder '.../missing' does not exist (create it first)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from berlinsim.errors import BerlinsimError

__all__ = ["INPUT_SUFFIXES", "add_force", "add_output", "check_outputs", "emit"]

#: Suffixes of files berlinsim reads: never replaced by an output of another kind without --force.
INPUT_SUFFIXES = (".yaml", ".yml", ".nfg", ".efg")
#: The first line of the gallery index, which makes an existing README.md ``figures``' own.
GALLERY_HEAD = "# Figure gallery"


def add_force(parser: argparse.ArgumentParser) -> None:
    """``--force``: replace an existing file that is not an earlier output of the same kind."""
    if not any("--force" in action.option_strings for action in parser._actions):
        parser.add_argument("--force", action="store_true",
                            help="replace an existing file that is not an earlier output of this kind "
                            "(an input of the command is never replaced)")


def add_output(parser: argparse.ArgumentParser, *flags: str, dest: str = "out", suffixes: tuple[str, ...],
               help_text: str, required: bool = False, folder: bool = False, default: str | None = None) -> None:
    """Declare an output option (default flags ``-o/--out``, plus ``--output`` when ``dest`` is ``output``).

    ``suffixes`` are the kinds of file the option writes (what makes an existing file ours);
    ``folder`` marks an option naming a folder (``figures --out DIR``).
    """
    flags = flags or (("--out", "--output", "-o") if dest == "output" else ("--out", "-o"))
    parser.add_argument(*flags, dest=dest, required=required, default=default,
                        metavar="DIR" if folder else "FILE", help=help_text)
    declared = list(parser.get_default("outputs") or [])
    declared.append((dest, flags[0], suffixes, folder))
    parser.set_defaults(outputs=tuple(declared))
    add_force(parser)


def _inputs(args: argparse.Namespace) -> list[Path]:
    """The files the command reads (its positional paths; ``FILE:VARIANT`` items by their file)."""
    from berlinsim.cli._args import split_item

    found: list[str] = []
    for name in ("path", "paths", "items"):
        value = getattr(args, name, None)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            found.extend(str(v) for v in value)
    return [Path(split_item(text)[0]) for text in found]


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _writable(folder: Path) -> bool:
    """Whether a file can be created in ``folder`` (tried: permission bits say nothing to root)."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".berlinsim-probe-"):
            return True
    except OSError:
        return False


def _check_folder(option: str, text: str, folder: Path) -> None:
    shown = str(folder)
    if not folder.exists():
        raise BerlinsimError(f"{option} {text}: the folder '{shown}' does not exist (create it first)")
    if not folder.is_dir():
        raise BerlinsimError(f"{option} {text}: '{shown}' is a file, not a folder")
    if not _writable(folder):
        raise BerlinsimError(f"{option} {text}: cannot write into the folder '{shown}' (permission denied or "
                             "read-only)")


def _is_ours(path: Path, suffixes: tuple[str, ...]) -> bool:
    suffix = path.suffix.lower()
    if suffix in INPUT_SUFFIXES and suffix not in suffixes:
        return False
    return suffix in suffixes


def _check_file(option: str, text: str, suffixes: tuple[str, ...], inputs: list[Path], force: bool) -> None:
    path = Path(text)
    if not text.strip():
        raise BerlinsimError(f"{option}: expected a file name, got an empty one")
    if path.is_dir():
        example = suffixes[0] if suffixes else ""
        raise BerlinsimError(f"{option} {text}: is a folder; expected a file name (e.g. {path / ('out' + example)})")
    _check_folder(option, text, path.parent)
    if not path.exists():
        return
    if any(_same(path, source) for source in inputs):
        raise BerlinsimError(f"{option} {text}: is an input of this command; it is never replaced (choose another "
                             "file)")
    if not force and not _is_ours(path, suffixes):
        kinds = ", ".join(suffixes) if suffixes else "none"
        raise BerlinsimError(f"{option} {text}: the file exists; not overwritten: it is not an earlier output of "
                             f"this kind ({kinds}) (use --force, or choose another file)")


def _check_dir(option: str, text: str, force: bool) -> None:
    path = Path(text)
    if not text.strip():
        raise BerlinsimError(f"{option}: expected a folder name, got an empty one")
    if path.exists() and not path.is_dir():
        raise BerlinsimError(f"{option} {text}: is a file; expected a folder (it is created if its parent exists)")
    if not path.exists():
        _check_folder(option, text, path.parent)
        return
    _check_folder(option, text, path)
    index = path / "README.md"
    if index.is_file() and not force:
        try:
            with index.open(encoding="utf-8", errors="replace") as handle:
                head = handle.read(len(GALLERY_HEAD))
        except OSError:
            head = ""
        if head != GALLERY_HEAD:
            raise BerlinsimError(f"{option} {text}: {index} exists and is not a figure gallery's index; not replaced "
                                 "(use --force, or choose another folder)")


def check_outputs(args: argparse.Namespace) -> None:
    """Check every output option given in ``args`` (see the module docstring); called before any work."""
    inputs = _inputs(args)
    force = bool(getattr(args, "force", False))
    for dest, option, suffixes, folder in getattr(args, "outputs", ()) or ():
        value = getattr(args, dest, None)
        if value is None:
            continue
        if folder:
            _check_dir(option, str(value), force)
        else:
            _check_file(option, str(value), suffixes, inputs, force)


def emit(text: str, path: str | None, option: str = "--out") -> None:
    """Print ``text``, or write it to ``path`` and print ``wrote PATH``."""
    if path is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        Path(path).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise BerlinsimError(f"{option} {path}: cannot write ({exc.strerror or exc})") from None
    print(f"wrote {path}")

