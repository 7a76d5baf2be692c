"""Ties at a ranking's cut: 'which customer spent the most?' keeps one row of an ORDER BY ... LIMIT 1, and when the
next row ranks the same the row shown is an arbitrary pick. The answer keeps its rows (the reading is right) and says
that the place is shared and by whom, so nobody acts on one of several equal winners as if it were the only one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import sqlglot
from sqlglot import exp

from services.common.errors import DomainError

from ..types import Toolbox
from .narrate import fmt
from .plan import Plan

MAX_NAMED = 3  # tied rows named in the note; more are counted
PROBE_EXTRA = 10  # rows read past the cut to count the tie


class Probe(NamedTuple):
    sql: str  # the answer's query with its ranking keys appended and PROBE_EXTRA more rows
    cut: int  # the answer's own limit
    nkeys: int  # ranking keys appended after the answer's columns
    labels: tuple[int, ...]  # the answer's columns that are not ranking keys: what tells tied rows apart


def tie_probe(sql: str, dialect: str) -> Probe | None:
    """The probe of an answer's query; None when the query has no plain ORDER BY ... LIMIT n to probe (set
    operations, DISTINCT, OFFSET, a limit that is not a number)."""
    try:
        tree = sqlglot.parse_one(sql, read=dialect or None)
    except sqlglot.errors.SqlglotError:
        return None
    if not isinstance(tree, exp.Select) or tree.args.get("distinct") or tree.args.get("offset"):
        return None
    order, limit = tree.args.get("order"), tree.args.get("limit")
    if order is None or limit is None or not isinstance(limit.expression, exp.Literal) or not limit.expression.is_int:
        return None
    cut = int(limit.expression.this)
    if cut < 1:
        return None
    shown = [e.this if isinstance(e, exp.Alias) else e for e in tree.expressions]
    aliases = {e.alias: e.this for e in tree.expressions if isinstance(e, exp.Alias)}
    keys: list[exp.Expression] = []
    for ordered in order.expressions:
        key = ordered.this
        if isinstance(key, exp.Literal) and key.is_int:  # ORDER BY 2
            pos = int(key.this) - 1
            if not 0 <= pos < len(shown):
                return None
            key = shown[pos]
        elif isinstance(key, exp.Column) and not key.table and key.name in aliases:
            key = aliases[key.name]
        keys.append(key.copy())
    labels = tuple(i for i, e in enumerate(shown) if not any(e == k for k in keys))
    probe = tree.copy()
    for i, key in enumerate(keys):
        probe = probe.select(exp.alias_(key, f"tie_key_{i}"), copy=False)
    probe.set("limit", exp.Limit(expression=exp.Literal.number(cut + PROBE_EXTRA)))
    try:
        return Probe(probe.sql(dialect=dialect or None), cut, len(keys), labels)
    except sqlglot.errors.SqlglotError:
        return None


def tie_sentence(rows: Sequence[Sequence[Any]], probe: Probe) -> str | None:
    """The note for the probe's rows: None when no row past the cut ranks the same and reads differently from the
    rows shown (the answer says the same thing whichever of such rows it shows)."""
    cut, nkeys = probe.cut, probe.nkeys
    if len(rows) <= cut or not probe.labels:
        return None
    at = tuple(rows[cut - 1][-nkeys:])
    if any(v is None for v in at):  # a null ranking is another problem
        return None

    def label(row: Sequence[Any]) -> str:
        return " ".join(fmt(row[i]) for i in probe.labels)

    shown = {label(r) for r in rows[:cut]}
    beyond = [r for r in rows[cut:] if tuple(r[-nkeys:]) == at]
    names = [n for n in dict.fromkeys(label(r) for r in beyond) if n not in shown]
    if not names:
        return None
    listed = ", ".join(names[:MAX_NAMED]) + (f" and {len(names) - MAX_NAMED} more" if len(names) > MAX_NAMED else "")
    ask = f"ask for the top {cut + len(beyond)} to see them all"
    if len(rows) == cut + PROBE_EXTRA and len(beyond) == PROBE_EXTRA:
        listed += " (and possibly others)"
        ask = f"ask for the top {cut + len(beyond)} or more to see them"
    value = fmt(at[0]) if nkeys == 1 else ", ".join(fmt(v) for v in at)
    place = "first place" if cut == 1 else f"place {cut}"
    verb = "ties" if len(names) == 1 else "tie"
    shown_rows = "one of them" if cut == 1 else f"the first {cut}"
    return f"Note: {listed} {verb} for {place} (each at {value}); the table shows {shown_rows}; {ask}."


async def tie_note(plan: Plan, sql: str, toolbox: Toolbox, dialect: str) -> str | None:
    """One guarded query past the cut when the plan ranks and cuts; a failed probe costs the answer nothing."""
    if not plan.order or plan.limit is None or plan.setop:
        return None
    probe = tie_probe(sql, dialect)
    if probe is None:
        return None
    try:
        res = await toolbox.run_sql(probe.sql)
    except DomainError:
        return None
    return tie_sentence(res.rows, probe)
