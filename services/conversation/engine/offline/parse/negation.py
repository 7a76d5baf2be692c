"""Negated clauses ('that have no ...', 'except ...') and column-to-column comparisons."""

from __future__ import annotations

from ..lexicon import STOPWORDS, singular, stem
from ..linking import ColumnInfo, TableInfo
from ..plan import Cond, Item, Plan
from .columns import resolve
from .compare import add_where
from .state import Ctx, NEGATIONS
from .values import typed_value, value_text

def find_negations(ctx: Ctx) -> None:
    """'without any X', 'do not have X', 'no X' -> root key NOT IN (rows related to X)."""
    words = ctx.words
    for i, w in enumerate(words):
        if w not in NEGATIONS and w != "except":
            continue
        if w == "not" and i + 1 < len(words) and words[i + 1] in ("only",):
            continue
        skip_to = _except_clause_start(ctx, i) if w == "except" else i
        if skip_to is None:
            continue
        target = None
        forced = _no_read_as_number(ctx, i)
        for m in ctx.ments if forced is None else ():
            if m.start > skip_to and m.kind in ("table", "value", "column"):
                if m.start == skip_to + 1 and m.kind == "table" and ctx.root is not None \
                        and m.best_table() is ctx.root and m.end < len(words):
                    continue  # 'directors who have not directed any film': the root's own word is the verb
                gap = [x for x in words[skip_to + 1 : m.start] if x not in STOPWORDS]
                if len(gap) <= 3 and not any(x in ("than", "more", "less", "equal") for x in words[i + 1 : m.start]):
                    target = m
                break
        if forced is not None:
            target = ctx.at(i)
        if target is None or ctx.root is None:
            continue
        if target.kind == "value":
            vcols = [c for c in target.value_columns if c.table != ctx.root.name]
            # 'customers who have no active plan': the verb of having comes before the 'no' or after it
            has_verb = any(x in ("have", "has", "own", "owns", "had", "having", "get", "take", "took")
                           for x in words[max(0, i - 1) : target.start])
            if not vcols or not has_verb or len(vcols) != len(target.value_columns):
                continue
            pk = ctx.root.pk()
            if pk is None:
                continue
            col = vcols[0]
            ctx.used.add(id(target))
            sub = Plan(root=col.table, select=[Item(ctx.root.name, pk.name)], tables=[ctx.root.name, col.table],
                       where=[[Cond(col.table, col.name, "=", value_text(target, col))]])
            add_where(ctx, Cond(ctx.root.name, pk.name, "not in", sub=sub, text=f"not {target.text}"))
            _consume_clause_tables(ctx, i, sub)
            continue
        if target.kind == "column" and forced is None:
            continue
        t = forced or target.best_table()
        if t is None or t.name == ctx.root.name:
            continue
        pk = ctx.root.pk()
        if pk is None:
            continue
        ctx.used.add(id(target))
        sub = Plan(root=t.name, select=[Item(ctx.root.name, pk.name)], tables=[ctx.root.name, t.name])
        # conditions on the negated entity stay inside the subquery
        for v in ctx.ments:
            if v.kind == "value" and v.start > target.start - 4 and v.start < max(target.end + 4, _clause_end(ctx, target.end)) and v.value_columns:
                col = v.value_columns[0]
                if ctx.index.table(col.table) is not None and col.table != ctx.root.name:
                    sub.where.append([Cond(col.table, col.name, "=", v.value if v.quoted and v.value else value_text(v, col))])
                    sub.tables.append(col.table)
                    ctx.used.add(id(v))
            elif v.kind == "value" and v.quoted and not v.value_columns and target.end <= v.start < _clause_end(ctx, target.end):
                prev_col = ctx.prev_mention(v.start, ("column",), skip=2)
                pc = next((c for c, _ in prev_col.columns if c.table == t.name), None) if prev_col else None
                if pc is not None and prev_col is not None:
                    sub.where.append([Cond(pc.table, pc.name, "=", typed_value(str(v.value), pc))])
                    ctx.used.update({id(v), id(prev_col)})
        add_where(ctx, Cond(ctx.root.name, pk.name, "not in", sub=sub, text=f"no {target.text}"))
        _consume_clause_tables(ctx, i, sub)

def _no_read_as_number(ctx: Ctx, i: int) -> TableInfo | None:
    """'owners who have no dogs' where linking read 'no dogs' as a column of the dogs table through the word
    'no' (a yes/no flag, or 'no' as in 'number'): after a verb of having, it negates that table."""
    words = ctx.words
    here = ctx.at(i)
    if words[i] != "no" or here is None or here.kind != "column" or here.start != i or here.end != i + 2:
        return None
    if not any(x in ("have", "has", "had", "having", "with", "own", "owns") for x in words[max(0, i - 2) : i]):
        return None
    col = here.best_column()
    t = ctx.index.table(col.table) if col is not None and (col.is_key or "no" in col.words) else None
    if t is None or singular(words[i + 1]) not in t.words:
        return None
    return t


SAME_AS = {("different", "from"): "!=", ("differs", "from"): "!=", ("differ", "from"): "!=", ("same", "as"): "=",
           ("equal", "to"): "=", ("unlike",): "!="}
OWNER_WORDS = frozenset("his her or their its the a an one".split())


def find_column_comparisons(ctx: Ctx) -> None:
    """'whose permanent address is different from his or her current one': a column compared with a sibling
    column of the same table (named, or 'current one' = the column with 'current' in place of 'permanent')."""
    words = ctx.words
    for m in [x for x in ctx.ments if x.kind == "column" and id(x) not in ctx.used]:
        k = m.end
        while k < len(words) and words[k] in ("is", "are", "was", "were", "be", "not", "the", "exactly"):
            k += 1
        negated = "not" in words[m.end : k]
        op = next((o for cue, o in SAME_AS.items() if tuple(words[k : k + len(cue)]) == cue), None)
        if op is None:
            continue
        cue_len = next(len(cue) for cue in SAME_AS if tuple(words[k : k + len(cue)]) == cue)
        a = resolve(ctx, m)
        if a is None:
            continue
        table = ctx.index.table(a.table)
        j = k + cue_len
        nxt = ctx.next_mention(j, ("column", "value", "number", "table"), skip=3)
        b: ColumnInfo | None = None
        if nxt is not None and nxt.kind == "column" and all(w in OWNER_WORDS for w in words[j : nxt.start]):
            b = next((c for c, _ in nxt.columns if c.table == a.table and c.name != a.name), None)
            end = nxt.end
            one = ctx.at(end)
            if words[end : end + 1] == ["one"] and one is not None:
                ctx.used.add(id(one))  # 'their work one': the pronoun 'one', not the number 1
        else:
            end = j
            while end < len(words) and words[end] in OWNER_WORDS - {"one"} and ctx.at(end) is None:
                end += 1
            mods = []
            while end < len(words) and ctx.at(end) is None and not ctx.toks[end].clause_break and words[end] != "one":
                mods.append(words[end])
                end += 1
            if words[end : end + 1] != ["one"] or not mods or table is None:
                continue
            end += 1
            b = _sibling_column(table, a, mods)
        if b is None:
            continue
        if negated:
            op = "=" if op == "!=" else "!="
        ctx.used.add(id(m))
        if nxt is not None and nxt.end == end:
            ctx.used.add(id(nxt))
        cond = Cond(a.table, a.name, op, ref_column=b.name, text=" ".join(words[m.start : end]))
        add_where(ctx, cond)
        ctx.spans[id(cond)] = (m.start, end)


def _sibling_column(table: TableInfo, a: ColumnInfo, mods: list[str]) -> ColumnInfo | None:
    """The column of ``table`` named like ``a`` with one word swapped for the modifier ('current' for 'permanent')."""
    want = {stem(w) for w in mods}
    own = {stem(w) for w in a.words}
    for c in table.columns:
        if c.name == a.name or c.kind != a.kind:
            continue
        cw = {stem(w) for w in c.words}
        if want <= cw and len(cw - own) == len(want) and len(own - cw) == len(want):
            return c
    return None


EXCEPT_LINKS = frozenset("for those the ones that which who whose having with have has had".split())


def _except_clause_start(ctx: Ctx, i: int) -> int | None:
    """'all stadiums except for stadiums having a concert in 2014': the excluded rows are the root's rows
    described after the repeated entity word; returns the token the described relation starts after."""
    root = ctx.root
    k = i + 1
    while k < len(ctx.words) and ctx.words[k] in EXCEPT_LINKS:
        k += 1
    m = ctx.at(k)
    if m is None or m.kind != "table" or root is None or m.best_table() is not root:
        return None
    if not any(w in ("having", "with", "that", "which", "who", "have", "has", "had") for w in ctx.words[m.end : m.end + 2]):
        return None
    ctx.used.add(id(m))
    return m.end


def _clause_end(ctx: Ctx, i: int) -> int:
    """Index of the next clause break (comma, sentence end, 'and'/'or'/'but') after token i."""
    for k in range(i + 1, len(ctx.toks)):
        if ctx.toks[k].clause_break or ctx.words[k] in ("and", "or", "but"):
            return k
    return len(ctx.toks)


def _consume_clause_tables(ctx: Ctx, neg_at: int, sub: Plan) -> None:
    """Tables named inside a negated clause belong to its subquery, not to the outer join."""
    end = _clause_end(ctx, neg_at)
    for m in ctx.ments:
        if m.kind == "table" and neg_at < m.start < end and id(m) not in ctx.used:
            t = m.best_table()
            if t is not None and (ctx.root is None or t.name != ctx.root.name):
                ctx.used.add(id(m))
                if t.name not in sub.tables:
                    sub.tables.append(t.name)
