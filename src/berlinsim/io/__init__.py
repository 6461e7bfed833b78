"""Files in and out: Gambit ``.nfg`` (and ``.efg``) games, JSON results.

The only layer that parses. Labels in files, 0-based indices inside the model: the
conversion happens here, once. Errors in a file are
:class:`~berlinsim.errors.LocatedError` with ``path:line:column``.
"""

from berlinsim.io.json_out import result_to_json, result_to_json_text
from berlinsim.io.nfg import (
    NfgDocument,
    parse_nfg,
    parse_nfg_document,
    read_nfg,
    read_nfg_document,
    save_nfg,
    write_nfg,
    write_nfg_document,
)

__all__ = [
    "NfgDocument",
    "parse_nfg",
    "parse_nfg_document",
    "read_nfg",
    "read_nfg_document",
    "result_to_json",
    "result_to_json_text",
    "save_nfg",
    "write_nfg",
    "write_nfg_document",
]
