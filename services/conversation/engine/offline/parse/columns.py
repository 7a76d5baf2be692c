"""Column resolution: which column (and table) a mention means in the context of the question."""

from __future__ import annotations

from ..lexicon import ADJECTIVE_COLUMNS, stem
from ..linking import ColumnInfo, Mention, SchemaIndex, TableInfo
from ..plan import Plan
from .state import Ctx

# ------------------------------------------------------------------ column resolution


def tables_in_question(ctx: Ctx) -> list[TableInfo]:
    out: list[TableInfo] = []
    for m in ctx.ments:
        if m.kind == "table" and m.best_table():
            out.append(m.best_table())  # type: ignore[arg-type]
    return out


def qualifier(ctx: Ctx, m: Mention) -> TableInfo | None:
    """A table named right next to a column mention: 'name of the stadium', "stadium's name"."""
    after = ctx.words[m.end : m.end + 4]
    if after[:1] == ["of"] or after[:1] == ["for"]:
        nxt = ctx.next_mention(m.end, ("table", "column"), skip=1)
        if nxt is not None and nxt.kind == "table" and nxt.best_table():
            return nxt.best_table()
        if nxt is not None and nxt.kind == "column":
            for t, s in nxt.tables:
                if s >= 0.9:
                    return t
    prev = ctx.prev_mention(m.start, ("table",), skip=0)
    if prev is not None and prev.end == m.start:
        return prev.best_table()
    return None


def qualifier_mention(ctx: Ctx, m: Mention) -> Mention | None:
    """The table mention in 'X of the T' right after a column mention."""
    after = ctx.words[m.end : m.end + 1]
    if after not in (["of"], ["for"]):
        return None
    nxt = ctx.next_mention(m.end, ("table", "column", "value", "number"), skip=2)
    if nxt is not None and nxt.kind == "table" and nxt.best_table() is not None:
        return nxt
    return None


def resolve(ctx: Ctx, m: Mention, prefer: list[TableInfo] | None = None) -> ColumnInfo | None:
    """Pick the column a mention means, preferring nearby and already-involved tables."""
    if not m.columns:
        return None
    best = m.columns[0][1]
    cands = [(c, s) for c, s in m.columns if s >= best - 0.12]
    order: list[TableInfo] = []
    q = qualifier(ctx, m)
    if q:
        for c, s in m.columns:
            if c.table == q.name and s >= 0.5:
                return c
        lemmas = [t.lemma for t in ctx.toks[m.start : m.end]]
        if lemmas in (["name"], ["id"]):
            own = q.name_column() if lemmas == ["name"] else q.pk()
            if own is not None:
                return own
        near = _nearest_candidate(ctx, q, [(c, s) for c, s in m.columns if s >= best - 0.12])
        if near is not None:
            return near
    # a foreign key that only loosely fits does not stand in for a closer-fitting label elsewhere: 'what make is it'
    # is cars.make, not the looser models.maker that holds another table's ids
    top = m.columns[0][0]
    if top.fk is None and not top.is_key:
        cands = [(c, s) for c, s in cands if c.fk is None or s >= best - 1e-9]
    wide = [(c, s) for c, s in m.columns if s >= best - 0.3
            and (c.fk is None or s >= best - 1e-9 or top.fk is not None or top.is_key)]
    for t in (prefer or []) + ([ctx.root] if ctx.root else []):
        for c, s in wide:
            if c.table == t.name:
                return c
    order.extend(prefer or [])
    if ctx.root:
        order.append(ctx.root)
    order.extend(ctx.head_tables)
    order.extend(tables_in_question(ctx))
    order.extend(confident_column_tables(ctx, m))
    for t in order:
        for c, s in cands:
            if c.table == t.name:
                return c
    # a column of a table that is one join away from the root is better than a far one
    if ctx.root is not None:
        near = _nearest_candidate(ctx, ctx.root, cands)
        if near is not None:
            return near
    return cands[0][0]


def list_member_column(ctx: Ctx, m: Mention, t: TableInfo) -> ColumnInfo | None:
    """'the names of teachers and the courses': a table named after 'and' in a list of columns is shown by name."""
    if not ctx.plan.select or all(it.column == "__entity__" for it in ctx.plan.select):
        return None
    gap = ctx.words[max(0, m.start - 3) : m.start]
    wide = " ".join(ctx.words[max(0, m.start - 5) : m.start])
    if any(p in wide for p in ("as well as", "along with", "together with")):
        gap = gap + ["and"]
    if not ("and" in gap or ctx.toks[m.start].clause_break or any(ctx.toks[k].clause_break for k in range(max(1, m.start - 2), m.start))):
        return None
    involved = {it.table for it in ctx.plan.select} | ({ctx.root.name} if ctx.root else set())
    for c, sc in m.columns:
        if sc >= 0.9 and c.table in involved and not c.is_key:
            return c
    return t.name_column() or t.pk()


def generic_column(ctx: Ctx, m: Mention) -> ColumnInfo | None:
    """A bare 'name' / 'id' with no table of its own: the naming column or key of the entity asked about."""
    lemmas = [t.lemma for t in ctx.toks[m.start : m.end]]
    if len(lemmas) != 1 or lemmas[0] not in ("name", "id") or qualifier(ctx, m) is not None:
        return None
    if m.columns and m.columns[0][1] >= 0.9 and len(m.columns[0][0].words) > 1:
        return None  # already read with a shared qualifier ('the name and ... of the song': song_name)
    table = ctx.root
    last = next((it for it in reversed(ctx.plan.select) if it.table and it.column and it.column != "__entity__"), None)
    if last is not None and (ctx.toks[m.start].clause_break or ctx.words[m.start - 1 : m.start] == ["and"]):
        table = ctx.index.table(last.table or "") or table  # 'maker full name, id': the id of the same maker
    if ctx.head_break is None:
        prev = ctx.prev_mention(m.start, ("table",), skip=2)
        if prev is not None and prev.best_table() is not None and ctx.words[prev.end : m.start] in ([], ["'s"]):
            table = prev.best_table()
    if ctx.words[m.start - 1 : m.start] in (["its"], ["their"]) and ctx.lead_clause is None:
        each = [g.best_table() for g, cue in ctx.group_targets if g.kind == "table" and g.end <= (ctx.head or (0, 0))[0]]
        if each and each[0] is not None:
            table = each[0]  # 'For each continent, list its id and name'
    if table is None:
        return None
    return table.name_column() if lemmas[0] == "name" else table.pk()


def _nearest_candidate(ctx: Ctx, q: TableInfo, cands: list[tuple[ColumnInfo, float]]) -> ColumnInfo | None:
    """Among equally good columns, the one whose table is fewest joins away from the qualifying table."""
    from ..joins import shortest_path
    from ..sqlgen import index_edges

    if len({c.table for c, _ in cands}) < 2:
        return None
    adj = index_edges(ctx.index)
    best: tuple[int, ColumnInfo] | None = None
    for c, _ in cands:
        p = shortest_path(adj, q.name, c.table)
        if p is None:
            continue
        if best is None or len(p) < best[0]:
            best = (len(p), c)
    return best[1] if best else None


def confident_column_tables(ctx: Ctx, skip: Mention) -> list[TableInfo]:
    """Tables of other mentions that link to one column without doubt (or values found in one table)."""
    out: list[TableInfo] = []
    for x in ctx.ments:
        if x is skip:
            continue
        if x.kind == "column" and x.columns and x.columns[0][1] >= 0.9 and (len(x.columns) == 1 or x.columns[1][1] < x.columns[0][1] - 0.05):
            t = ctx.index.table(x.columns[0][0].table)
        elif x.kind == "value" and len({c.table for c in x.value_columns}) == 1:
            t = ctx.index.table(x.value_columns[0].table)
        else:
            continue
        if t is not None and t not in out:
            out.append(t)
    return out


def column_in(table: TableInfo, words: tuple[str, ...], kinds: tuple[str, ...] = ("num", "date", "text")) -> ColumnInfo | None:
    """Column of ``table`` whose words include one of ``words`` (first match by word order)."""
    for w in words:
        for c in table.columns:
            if c.kind in kinds and w in c.words and not c.is_key:
                return c
    for w in words:
        for c in table.columns:
            if c.kind in kinds and any(stem(x) == stem(w) for x in c.words) and not c.is_key:
                return c
    return None


def adjective_column(ctx: Ctx, adj: str, near: int, founded: bool = False) -> tuple[ColumnInfo, str] | None:
    """Column and direction an adjective like 'youngest' refers to, in the nearest table (``founded``: a
    superlative, where 'the oldest' of a table without ages is the one founded first)."""
    words, direction = ADJECTIVE_COLUMNS[adj]
    tables: list[TableInfo] = []
    prv = ctx.prev_mention(near, ("table",), skip=3)
    if prv is not None and prv.best_table() and prv.end >= near - 4:
        tables.append(prv.best_table())  # type: ignore[arg-type]
    nxt = ctx.next_mention(near + 1, ("table", "column"), skip=2)
    if nxt is not None and nxt.kind == "table" and nxt.best_table():
        tables.append(nxt.best_table())  # type: ignore[arg-type]
    if ctx.root:
        tables.append(ctx.root)
    near = list(tables)
    tables.extend(tables_in_question(ctx))
    tables.extend(ctx.index.tables)
    for t in tables:
        c = column_in(t, words, ("num", "date", "text"))
        if c is None and adj in MONEY_ADJECTIVES:
            c = _money_column(t)  # 'the most expensive flat': its rent, a money column named by no price word
        if c is None and adj in SIZE_ADJECTIVES and any(t is x for x in near):
            c = _own_amount(t)  # 'the 10 biggest claims': a claim's size is its claim amount
        if c is None and founded and adj == "old" and any(t is x for x in near):
            c = _founding_year(t)  # 'the oldest station' of a table without ages: the one founded first
        if c is not None:
            if adj in ("young", "old") and (c.kind == "date" or "age" not in c.words):
                # a birth date or birth year (not an age): the oldest was born first
                direction = "desc" if direction == "asc" else "asc"
            return c, direction
    return None


MONEY_ADJECTIVES = frozenset({"expensive", "cheap"})

FOUNDING_WORDS = frozenset("founded established opened built started formed created launched".split())


def _founding_year(t: TableInfo) -> ColumnInfo | None:
    """The table's one column of when it began ('founded_year', 'Opened', 'Year_Started'): the age of a thing
    that has no birth. Several such columns: none, the adjective does not say which."""
    found = [c for c in t.columns if c.kind in ("num", "date") and not c.is_key
             and {stem(w) for w in c.words} & {stem(w) for w in FOUNDING_WORDS}]
    return found[0] if len(found) == 1 else None


SIZE_ADJECTIVES = frozenset({"big", "large", "small"})


def _own_amount(t: TableInfo) -> ColumnInfo | None:
    """The one money column named after its own table ('clm_amt' of claims, 'PaymentAmount' of payments) or plainly
    'amount': the size of a transaction-like row. A customer's credit limit is no size of the customer."""
    from ..abbrev import says
    from ..semantic import measure_kind

    money = [c for c in t.columns if c.kind == "num" and not c.is_key and measure_kind(c) == "money"]
    own = [c for c in money if set(c.words) <= {"amount", "total", "value"} or any(says(c.words, w) or w in c.words
                                                                                    for w in t.words)]
    return own[0] if len(own) == 1 else None


def _money_column(t: TableInfo) -> ColumnInfo | None:
    """The table's one money measure (several: none, the adjective does not say which)."""
    from ..semantic import measure_kind

    money = [c for c in t.columns if c.kind == "num" and not c.is_key and measure_kind(c) == "money"]
    return money[0] if len(money) == 1 else None


def resolve_simple(m: Mention, plan: Plan, index: SchemaIndex) -> ColumnInfo | None:
    """Column for a mention in a follow-up: prefer the previous plan's tables, then the best match."""
    if m.kind == "table":
        t = m.best_table()
        return (t.name_column() or t.pk()) if t else None
    involved = plan.all_tables()
    best = m.columns[0][1] if m.columns else 0
    for t in involved:
        for c, s in m.columns:
            if c.table == t and s >= best - 0.15:
                return c
    return m.columns[0][0] if m.columns else None
