"""Execution match: do two result sets hold the same rows? One definition for evaluation runs and `make eval`.

Rows are compared as a multiset (as a sequence when the expected query orders its outermost
SELECT); column order does not matter; 1, 1.0 and True are equal; floats compare at 6 decimals.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import permutations
from typing import Any

import sqlglot

MAX_PERMUTED_WIDTH = 8  # wider results try one column mapping instead of every permutation


def norm(value: Any) -> Any:
    """Make 1, 1.0 and True compare equal; keep text as is."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        f = float(value)
        return round(f, 6) if not math.isnan(f) else "nan"
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


def norm_rows(rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    return [tuple(norm(v) for v in r) for r in rows]


def results_match(expected: Sequence[Sequence[Any]], actual: Sequence[Sequence[Any]], ordered: bool) -> bool:
    """Execution match: same rows (multiset, or sequence if ``ordered``), any column order."""
    g, p = norm_rows(expected), norm_rows(actual)
    if len(g) != len(p):
        return False
    if not g:
        return True
    width = len(g[0])
    if any(len(r) != width for r in p):
        return False
    for perm in _candidate_perms(g, p, width):
        q = [tuple(r[i] for i in perm) for r in p]
        if ordered:
            if q == g:
                return True
        elif Counter(q) == Counter(g):
            return True
    return False


def _candidate_perms(g: list[tuple[Any, ...]], p: list[tuple[Any, ...]], width: int) -> Iterable[tuple[int, ...]]:
    """Column permutations whose per-column value multisets agree (prunes the search)."""
    gcols = [Counter(r[i] for r in g) for i in range(width)]
    pcols = [Counter(r[i] for r in p) for i in range(width)]
    options = [[j for j in range(width) if pcols[j] == gcols[i]] for i in range(width)]
    if any(not o for o in options):
        return
    if width > MAX_PERMUTED_WIDTH:
        yield tuple(o[0] for o in options)
        return
    for perm in permutations(range(width)):
        if all(perm[i] in options[i] for i in range(width)):
            yield perm


def is_ordered(sql: str, dialect: str = "sqlite") -> bool:
    """Order matters only when the outermost query has ORDER BY."""
    try:
        tree = sqlglot.parse_one(sql, read=dialect or None)
    except Exception:  # noqa: BLE001 - unparseable: fall back to a plain text look
        return "order by" in sql.lower()
    return tree.args.get("order") is not None
