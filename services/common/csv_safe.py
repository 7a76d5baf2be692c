"""Spreadsheet formula neutralisation for every CSV the server writes (OWASP "CSV injection").

A spreadsheet treats a cell starting with ``=``, ``+``, ``-``, ``@``, TAB or CR as a formula,
so warehouse values or user-written titles like ``=HYPERLINK(...)`` would run when an admin
opens the file. Such text gets a leading single quote; numbers stay numbers.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal number as text ("-5", "+3.25", "-.5", "-1e-3"): a spreadsheet reads it as a number.
NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_cell(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet evaluates: formula-like text gets a leading ``'``.

    Pass only text cells: a value typed as a number is written as it is and never comes here.
    A text cell that is exactly a number ("-5") stays, since a spreadsheet reads it as that number.
    """
    if text.startswith(FORMULA_STARTS) and not NUMBER_RE.fullmatch(text):
        return "'" + text
    return text


def restore_cell(text: str) -> str:
    """The value behind a neutralised cell, for programs that read our CSV back (e.g. the eval),
    as a spreadsheet shows it. A stored value that itself began with ``'=`` reads back without its quote."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) and not NUMBER_RE.fullmatch(text[1:]):
        return text[1:]
    return text
