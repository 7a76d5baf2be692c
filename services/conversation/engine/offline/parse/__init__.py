"""The sentence parser: a linked question -> a Plan (roles: select, filter, group, order, having).

Each step reads the question and writes its findings into one typed working state (``Ctx``);
the steps run in a fixed order and the last one, ``assemble``, turns the roles into a Plan."""

from __future__ import annotations

from collections.abc import Callable

from ..lexicon import STOPWORDS, Token, stem
from ..linking import Mention, SchemaIndex
from .assemble import assemble
from .compare import find_avg_compare, find_between, find_than_superlative
from .flags import (find_adjective_flags, find_agent_flags, find_flags, find_held_now, find_neighbour_flags,
                    find_no_longer, skip_encoding_notes)
from .head import read_projection, unread_list_member
from .negation import find_column_comparisons, find_negations
from .numbers import find_number_conditions
from .columns import resolve_simple
from .state import Ctx, Parsed
from .superlatives import find_frequency_subquery, find_superlatives
from .values import find_dates, find_values, leftover_tables

# the finders, in order: each reads the question and records roles in the shared state; later ones skip
# what earlier ones consumed (ctx.used, ctx.consumed)
FINDERS: tuple[Callable[[Ctx], None], ...] = (
    skip_encoding_notes,
    find_between,
    find_than_superlative,
    find_avg_compare,
    find_frequency_subquery,
    find_superlatives,
    find_negations,
    find_column_comparisons,
    find_number_conditions,
    find_values,
    find_dates,
    find_flags,
    find_agent_flags,
    find_neighbour_flags,
    find_held_now,
    find_no_longer,
    leftover_tables,
)


def parse(toks: list[Token], ments: list[Mention], index: SchemaIndex) -> Parsed:
    """Parse a linked question into a Plan."""
    ctx = Ctx(toks, ments, index)
    if not any(m.kind in ("table", "column") for m in ments) and not any(m.value_columns for m in ments):
        return Parsed(None, False, ["I could not match any words of the question to tables or columns."])
    find_adjective_flags(ctx)
    read_projection(ctx)
    lost = unread_list_member(ctx)
    if lost is not None:
        return Parsed(None, False, [f"The question asks for '{lost}', which I cannot find in the data, so my "
                                    "reading would leave it out. Which column do you mean?"])
    for find in FINDERS:
        find(ctx)
    assemble(ctx)
    _doubt_self_count(ctx)
    if ctx.doubts:
        return Parsed(None, False, ctx.doubts)
    plan = ctx.plan
    plan.hints.extend(stem(t.lemma) for t in toks if t.lemma not in STOPWORDS and t.number is None and not t.quoted)
    if not plan.select:
        return Parsed(None, False, ["I could not tell which columns the question asks for."])
    return Parsed(plan, True, assumptions=ctx.assumptions, confidence=_confidence(ctx))


def _doubt_self_count(ctx: Ctx) -> None:
    """'makers that produce more than 3 makers': a count of the very rows each group is one of (grouped by
    that table's own key) is one in every group, so the condition cannot be what was meant; ask instead."""
    plan = ctx.plan
    for c in plan.having:
        if c.agg != "count" or c.column is not None or c.table is None or c.sub is not None:
            continue
        t = ctx.index.table(c.table)
        keys = {col.name for col in t.columns if col.is_pk} if t is not None else set()
        if len(keys) == 1 and any(g.table == c.table and g.column in keys and g.agg is None for g in plan.group):
            ctx.doubts.append(f"The question counts {c.table} within each {c.table} ('{c.text or c.op}'), which is "
                              "always one, so I cannot tell what is counted. What should be counted?")
            return


def _confidence(ctx: Ctx) -> float:
    linked = [m for m in ctx.ments if m.kind in ("table", "column")]
    if not linked:
        return 0.3
    scores = [max([s for _, s in m.columns] + [s for _, s in m.tables] + [0]) for m in linked]
    return sum(scores) / len(scores)


__all__ = ["Parsed", "parse", "resolve_simple"]
