"""Assembly: entity columns, grouping and set operations once every role is known."""

from __future__ import annotations

from ..lexicon import STOPWORDS, singular
from ..linking import ColumnInfo, SchemaIndex, TableInfo, of_word_column, row_dates
from ..plan import Cond, Item, Plan
from .columns import resolve
from .compare import add_where
from .state import Ctx

# ------------------------------------------------------------------ assembly


def assemble(ctx: Ctx) -> None:
    """Fill in entity columns, group by and set operations once all roles are known."""
    words = ctx.words
    plan = ctx.plan
    root = ctx.root
    # entity selections: "which stadiums" -> stadium name
    place = place_column(root) if root is not None and words[:1] == ["where"] else None
    if place is not None and all(it.column == "__entity__" and it.table == place.table for it in plan.select):
        plan.select = [Item(place.table, place.name)]  # 'where is X from': the row's place, not its name
        ctx.assumptions.append(f"'where' is answered with {place.key}")
    new_select: list[Item] = []
    plain_cols = [it for it in plan.select if it.column and it.column != "__entity__"]
    for it in plan.select:
        if it.column == "__entity__":
            t = ctx.index.table(it.table or "")
            if t is None or plain_cols:
                continue
            nc = t.name_column() or _said_of(ctx, t) or t.pk()
            if nc is not None:
                new_select.append(Item(t.name, nc.name))
                if it.distinct:
                    plan.distinct = True
        else:
            new_select.append(it)
    plan.select = new_select
    if not plan.select and root is not None:
        who = words[:1] in (["who"], ["whom"])
        nc = root.name_column() or _said_of(ctx, root) or root.pk()
        if nc is not None:
            plan.select.append(Item(root.name, nc.name))
            if who:
                ctx.assumptions.append(f"'who' is answered with {root.name}.{nc.name}")
    aggs = any(it.agg for it in plan.select)
    # group by from cues
    for m, _cue in ctx.group_targets:
        if m.kind == "table":
            t = m.best_table()
            if t is None:
                continue
            if not aggs and not plan.having and not any(o[0].agg for o in plan.order):
                plan.tables.append(t.name)
                continue
            pk = t.pk()
            nc = t.name_column()
            if pk is None:
                continue
            plan.group.append(Item(t.name, pk.name))
            if not any(it.table == t.name and it.agg is None for it in plan.select) and nc is not None:
                plan.select.insert(0, Item(t.name, nc.name))
        else:
            col = resolve(ctx, m)
            if col is None:
                continue
            if not aggs and not any(o[0].agg for o in plan.order):
                if col.kind == "date" or any(w in ("year", "month") for w in col.words):
                    pass
                else:
                    if ctx.head is not None and ctx.head[0] <= m.start < ctx.head[1] and not any(
                        it.table == col.table and it.column == col.name for it in plan.select
                    ):
                        plan.select.insert(0, Item(col.table, col.name))  # 'list each charge type and its amount'
                    continue
            plan.group.append(Item(col.table, col.name))
            if col.is_pk and any(it.table == col.table and it.agg is None and it.column for it in plan.select):
                continue  # 'each teacher' read as its key: the teacher's asked-for columns already show the group
            if not any(it.table == col.table and it.column == col.name and it.agg is None for it in plan.select):
                plan.select.insert(0, Item(col.table, col.name))
    if aggs and not plan.group:
        _group_by_unlinked_word(ctx)
    _top_row_per_group(ctx, aggs)
    # superlative / having on counts or sums need a grouping by the asked-for entity
    if ctx.per_entity and not plan.group:
        counted = ctx.per_entity[0]
        plain = [it for it in plan.select if it.agg is None and it.column]
        if plain and all(it.table == counted for it in plain):
            plan.group.extend(Item(it.table, it.column) for it in plain)
        else:
            ent = None
            if plain:
                ent = ctx.index.table(plain[0].table or "")
            if ent is None:
                ent = root
            if ent is not None and ent.name == counted and plain:
                plan.group.extend(Item(it.table, it.column) for it in plain)
            elif ent is not None:
                pk = ent.pk()
                if pk is not None:
                    plan.group.append(Item(ent.name, pk.name))
    # order "__first__" -> first selected column; beside one total per group ('number of customers by city sorted
    # descending') the total, which is what a sort without a named column ranks groups by
    sums = [it for it in plan.select if it.agg] if plan.group else []
    first = sums[0] if len(sums) == 1 else (Item(plan.select[0].table, plan.select[0].column) if plan.select else None)
    plan.order = [
        (first if it.column == "__first__" and first is not None else it, d)
        for it, d in plan.order
        if not (it.column == "__first__" and not plan.select)
    ]
    if any(it.agg == "count" and it.column is None for it, _ in plan.order) and not plan.group and not plan.limit:
        plain = [it for it in plan.select if it.agg is None and it.column]
        plan.group.extend(Item(it.table, it.column) for it in plain)
    if any(it.agg == "count" and it.column is None for it, _ in plan.order) and not plan.group:
        plain = [it for it in plan.select if it.agg is None and it.column]
        plan.group.extend(Item(it.table, it.column) for it in plain)
    _extreme_with_its_row(ctx)
    _how_much_of_the_top_row(ctx)
    _which_values(ctx)
    # aggregates mixed with plain columns and no grouping: group by the plain ones
    if any(it.agg for it in plan.select) and not plan.group and plan.limit is None:
        plain = [it for it in plan.select if it.agg is None and it.column]
        if plain:
            plan.group.extend(Item(it.table, it.column) for it in plain)
    _time_buckets(ctx)
    _bare_name_of_the_group(ctx)
    _count_of_pinned_column(ctx)
    _dedupe_select(plan)
    _superlative_under_aggregate(ctx)
    _existence_as_in(ctx)
    _dedupe_fanout(ctx)
    _negated_table_conditions(ctx)
    _contradictions_to_intersect(ctx)
    _both_tables(ctx)
    _or_across_clauses(ctx)
    _set_operations(ctx)
    _negated_path_not_joined(ctx)


def _bare_name_of_the_group(ctx: Ctx) -> None:
    """'the names, themes and number of singers for every concert': grouped per concert, a bare 'names' is the
    concert's name (each group has one), not the name of the counted singers (each group has several)."""
    plan, index = ctx.plan, ctx.index
    if not plan.group or not any(it.agg for it in plan.select):
        return
    grouped = {it.table for it in plan.group if it.table}
    if len(grouped) != 1:
        return
    g = index.table(next(iter(grouped)))
    label = g.name_column() if g is not None else None
    if g is None or label is None or any(it.table == g.name and it.column == label.name for it in plan.select):
        return
    bare = [m for m in ctx.ments if m.kind == "column" and [t.lemma for t in ctx.toks[m.start : m.end]] == ["name"]]
    for k, it in enumerate(plan.select):
        if it.agg or not it.table or it.table == g.name or not it.column:
            continue
        t = index.table(it.table)
        own = t.name_column() if t is not None else None
        if own is None or own.name != it.column or not any(c.table == it.table and c.name == it.column
                                                           for m in bare for c, _ in m.columns):
            continue
        if not any(c.table == g.name and c.name == label.name for m in bare for c, _ in m.columns):
            continue  # the word fits the group's name column too
        plan.select[k] = Item(g.name, label.name)
        return


def _count_of_pinned_column(ctx: Ctx) -> None:
    """'How many high priority tickets were escalated?': a count of the distinct values of a column the question
    also pins to one value (priority = 'HIGH') is 1 by construction; the rows so described are what is counted.
    Why: the value word before the noun ('high priority') named the column, not a set of values to count."""
    plan = ctx.plan
    if plan.group or plan.having or len(plan.select) != 1:
        return
    it = plan.select[0]
    if it.agg != "count" or not it.distinct or it.column is None:
        return
    pinned = any(len(g) == 1 and g[0].table == it.table and g[0].column == it.column and g[0].op == "=" for g in plan.where)
    if not pinned:
        return
    counted = ctx.root.name if ctx.root is not None else it.table
    plan.select = [Item(counted, None, "count")]
    ctx.assumptions.append(f"counted rows of {counted}: {it.table}.{it.column} is fixed to one value by the question")


GROUP_CUES = frozenset("each every per different various respective respectively by".split())


PLACE_WORDS = ("hometown", "city", "town", "country", "location", "address", "place", "region", "state",
               "nationality", "birthplace", "origin", "venue", "county", "province")


def _top_row_per_group(ctx: Ctx, aggs: bool) -> None:
    """'For each nationality, what is the name of the oldest conductor?' asks for the top row of every group;
    one ORDER BY ... LIMIT 1 over all rows would answer with one row and drop the grouping, so the engine asks."""
    plan = ctx.plan
    if not ctx.group_targets or aggs or plan.group or plan.limit != 1 or not plan.order or plan.having:
        return
    if any(o[0].agg for o in plan.order):
        return
    m, cue = ctx.group_targets[0]
    if cue not in ("each", "every", "per"):
        return
    ctx.doubts.append(f"The question asks for the top row of each {m.text}, which I cannot answer reliably yet "
                      "(one ranking over all rows would drop the grouping). Could you ask for one group at a time, "
                      "or for the highest value per group?")


def _group_by_unlinked_word(ctx: Ctx) -> None:
    """'average rooms of properties of each type': a word after 'each'/'per' that linked to nothing (too
    generic on its own) groups by the one column of the asked-about table whose name holds it
    (property_type_code); with none or several such columns nothing is guessed (the engine then asks)."""
    root = ctx.root
    if root is None:
        return
    placed = {k for m in ctx.ments for k in range(m.start, m.end)}
    for i, w in enumerate(ctx.words[:-1]):
        j = i + 1
        word = ctx.words[j]
        if w not in ("each", "every", "per") or j in placed or word in STOPWORDS or not word.isalpha():
            continue
        if j + 1 < len(ctx.words) and (j + 1) in placed:
            continue  # 'each type of dog': the phrase goes on into something named
        base = singular(word)
        cols = [c for c in root.columns if base in c.words and not c.is_pk and c.kind != "num"]
        if len(cols) == 1:
            col = cols[0]
            ctx.plan.group.append(Item(col.table, col.name))
            ctx.plan.select.insert(0, Item(col.table, col.name))
            ctx.assumptions.append(f"'{w} {word}' is read as {col.key}")
            return


def _said_of(ctx: Ctx, t: TableInfo) -> ColumnInfo | None:
    """'What is the type of the incident that lasted longest?' on a table without a name column: '<word> of the
    <thing>' asks for the thing's one column of that word (incident_type), not its key."""
    for m in ctx.ments:
        if m.kind != "table" or m.best_table() is not t:
            continue
        said = of_word_column(ctx.words, m.start, t)
        if said is not None:
            return said[1]
    return None


def place_column(t: TableInfo) -> ColumnInfo | None:
    """The text column that says where a row is or comes from; the earliest place word in PLACE_WORDS wins."""
    best: tuple[int, ColumnInfo] | None = None
    for c in t.columns:
        if c.kind != "text" or c.is_key:
            continue
        rank = min((PLACE_WORDS.index(w) for w in c.words if w in PLACE_WORDS), default=None)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, c)
    return best[1] if best else None


def _how_much_of_the_top_row(ctx: Ctx) -> None:
    """'How much does the most expensive charge type cost?': a text label cannot answer 'how much'; the ranked
    number of the top row does."""
    plan = ctx.plan
    if ctx.words[:2] != ["how", "much"] or plan.limit != 1 or len(plan.order) != 1 or plan.group or plan.having:
        return
    key, _ = plan.order[0]
    col = ctx.index.column(key.table or "", key.column or "") if key.agg is None else None
    if col is None or col.kind != "num" or not plan.select:
        return
    if all(it.agg is None and it.column and _kind(ctx.index, it) == "text" for it in plan.select):
        plan.select = [Item(col.table, col.name)]


def _negated_path_not_joined(ctx: Ctx) -> None:
    """'teachers whose courses have not been arranged': a table named only on the way to a NOT IN is not joined
    into the main query, whose inner join through the negated table would keep no row at all."""
    from ..joins import shortest_path
    from ..sqlgen import index_edges

    plan = ctx.plan
    negated = {t for g in plan.where for c in g if c.op == "not in" and c.sub is not None for t in c.sub.all_tables()}
    if not negated or plan.root is None or not plan.tables:
        return
    used = set(Plan(root=plan.root, select=plan.select, where=plan.where, group=plan.group, having=plan.having,
                    order=plan.order).all_tables())
    adj = index_edges(ctx.index)
    keep = []
    for t in plan.tables:
        path = shortest_path(adj, plan.root, t) if t not in used else None
        through = {e.right for e in path[:-1]} if path else set()
        if path and through & negated:
            continue
        keep.append(t)
    plan.tables = keep


def _which_values(ctx: Ctx) -> None:
    """'In which years were cars produced ...?': 'which' + a column asks for the set of its values, once each."""
    plan, words = ctx.plan, ctx.words
    lead = 2 if words[:2] == ["in", "which"] else 1 if words[:1] == ["which"] else 0
    first = ctx.at(lead) if lead else None
    if first is None or first.kind != "column" or len(plan.select) != 1 or plan.group or plan.limit is not None:
        return
    it = plan.select[0]
    col = ctx.index.column(it.table or "", it.column or "")
    t = ctx.index.table(it.table or "")
    if it.agg or col is None or col.is_key or (t is not None and t.name_column() is col):
        return  # 'which name ...' lists rows, not a column's set of values
    if resolve(ctx, first) is col:
        plan.distinct = True


def _kind(index: SchemaIndex, it: Item) -> str:
    c = index.column(it.table or "", it.column or "")
    return c.kind if c is not None else ""


def _extreme_with_its_row(ctx: Ctx) -> None:
    """'the maximum horsepower and the make of cars with 3 cylinders': one MAX/MIN shown beside plain columns
    with no grouping asked for means the row holding that extreme (ORDER BY ... LIMIT 1), not a grouping."""
    plan = ctx.plan
    if plan.group or plan.limit is not None or plan.order or plan.having or ctx.group_targets:
        return
    aggs = [it for it in plan.select if it.agg]
    plain = [it for it in plan.select if it.agg is None and it.column]
    if len(aggs) != 1 or aggs[0].agg not in ("max", "min") or aggs[0].column is None or not plain:
        return
    if any(w in GROUP_CUES for w in ctx.words):
        return
    top = aggs[0]
    plan.select = [Item(it.table, it.column) if it is top else it for it in plan.select]
    plan.order = [(Item(top.table, top.column), top.agg == "max")]
    plan.limit = 1


def _or_between(ctx: Ctx, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """'... Indiana or have done more than 2 treatments': an 'or' (and no 'and') joins the two conditions."""
    lo, hi = (a, b) if a[0] <= b[0] else (b, a)
    gap = ctx.words[lo[1] : hi[0]]
    return "or" in gap and "and" not in gap and len(gap) <= 8


def _or_across_clauses(ctx: Ctx) -> None:
    """Conditions joined by 'or' that were read separately: two row filters become one OR group; a row
    filter or'ed with a count/sum condition (HAVING) becomes a UNION of the two selections."""
    plan = ctx.plan
    if plan.setop or ctx.intersect_cond or ctx.except_cond:
        return
    singles = [g for g in plan.where if len(g) == 1 and g[0].sub is None and id(g[0]) in ctx.spans]
    if len(plan.having) == 1 and id(plan.having[0]) in ctx.spans and len(singles) == 1 and len(plan.where) == 1:
        h, w = plan.having[0], singles[0][0]
        if _or_between(ctx, ctx.spans[id(h)], ctx.spans[id(w)]) and not any(it.agg for it in plan.select):
            counted = ctx.per_entity
            first = Plan(root=plan.root, select=list(plan.select), where=[[w]], distinct=plan.distinct,
                         tables=[t for t in plan.tables if t not in counted])
            second = Plan(root=plan.root, select=list(plan.select), group=list(plan.group), having=[h],
                          tables=[t for t in plan.tables if t in counted], distinct=plan.distinct)
            first.setop, first.other = "union", second
            first.notes = plan.notes
            ctx.plan = first
            return
    singles.sort(key=lambda g: ctx.spans[id(g[0])][0])
    for a, b in zip(singles, singles[1:]):
        if not any(x is a for x in plan.where) or not any(x is b for x in plan.where):
            continue
        if _or_between(ctx, ctx.spans[id(a[0])], ctx.spans[id(b[0])]):
            a.extend(b)
            plan.where = [g for g in plan.where if g is not b]


def _negated_table_conditions(ctx: Ctx) -> None:
    """'stadiums that did not have a concert in 2014': conditions on the negated table belong in its subquery."""
    plan = ctx.plan
    for group in plan.where:
        for c in group:
            if c.op != "not in" or c.sub is None or c.sub.root is None or c.sub.root == plan.root:
                continue
            neg = c.sub.root
            keep: list[list[Cond]] = []
            for g in plan.where:
                if len(g) == 1 and g[0] is not c and g[0].table == neg and g[0].sub is None:
                    c.sub.where.append(g)
                else:
                    keep.append(g)
            plan.where = keep
            used = {i.table for i in plan.select + plan.group + [o[0] for o in plan.order]} | {x.table for g in plan.where for x in g}
            if neg not in used:
                plan.tables = [t for t in plan.tables if t != neg]
            return


def _contradictions_to_intersect(ctx: Ctx) -> None:
    """'both 2014 and 2015', 'before 2003 and after 2003' on one column cannot hold on one row: INTERSECT."""
    plan = ctx.plan
    if plan.setop or ctx.intersect_cond or ctx.except_cond:
        return
    if any(it.agg for it in plan.select):
        return
    singles = [g[0] for g in plan.where if len(g) == 1 and g[0].sub is None]
    for a_i, a in enumerate(singles):
        for b in singles[a_i + 1 :]:
            if (a.table, a.column) != (b.table, b.column):
                continue
            clash = a.op == "=" and b.op == "=" and a.value != b.value
            if not clash and isinstance(a.value, (int, float)) and isinstance(b.value, (int, float)):
                clash = _ranges_clash(a, b)
            if clash:
                plan.where = [g for g in plan.where if not (len(g) == 1 and g[0] is b)]
                ctx.intersect_cond = b
                return


def _ranges_clash(a: Cond, b: Cond) -> bool:
    lo, hi = float("-inf"), float("inf")
    for c in (a, b):
        v = float(c.value)
        if c.op in (">", ">="):
            lo = max(lo, v)
        elif c.op in ("<", "<="):
            hi = min(hi, v)
        else:
            return False
    return lo >= hi


def _superlative_under_aggregate(ctx: Ctx) -> None:
    """'number of concerts in the stadium with the highest capacity': the superlative picks rows, then we aggregate."""
    plan = ctx.plan
    if plan.group or plan.limit != 1 or not plan.select or not all(it.agg for it in plan.select):
        return
    if len(plan.order) != 1 or plan.order[0][0].agg or plan.order[0][0].column is None:
        return
    it, desc = plan.order[0]
    sub = Plan(root=it.table, select=[Item(it.table, it.column, "max" if desc else "min")])
    add_where(ctx, Cond(it.table, it.column, "=", sub=sub, text="the " + ("highest" if desc else "lowest")))
    plan.order, plan.limit = [], None


def _fans_out(index: SchemaIndex, root: str, tables: list[str]) -> bool:
    """True when joining ``tables`` to ``root`` can repeat root rows (another table holds a key to it)."""
    from ..joins import shortest_path
    from ..sqlgen import index_edges

    adj = index_edges(index)
    for t in tables:
        if t == root:
            continue
        path = shortest_path(adj, root, t)
        if not path:
            continue
        e = path[0]
        far = index.column(e.right, e.right_col)
        near = index.column(e.left, e.left_col)
        if far is not None and near is not None and not (far.is_pk and not near.is_pk):
            if far.fk is not None or (near.is_pk and not far.is_pk):
                return True
    return False


def _shown_only_through_a_bridge(ctx: Ctx) -> bool:
    """'each professional's first name and the description of the treatment they have done', 'the names of everybody
    enrolled in a Bachelor program': every shown column comes from tables that a joined table of many rows (the
    treatments, the enrolments) points to, and that table shows nothing of its own, so each pair would repeat once
    per bridging row, which tells the reader nothing: the pairs are listed once."""
    from ..sqlgen import PlanError, join_plan

    plan, index = ctx.plan, ctx.index
    if not plan.select or any(it.agg or not it.column or it.column == "__entity__" or it.bucket for it in plan.select):
        return False
    shown = {it.table or (ctx.root.name if ctx.root else "") for it in plan.select}
    try:
        tables, _ = join_plan(plan, index)
    except PlanError:
        return False
    root = ctx.root.name if ctx.root else tables[0]
    for t in tables:
        info = index.table(t)
        if t in shown or info is None or (len(shown) < 2 and t != root):
            continue  # (one shown table reached from another root keeps the root's rows, as before)
        own_key = [c for c in info.columns if c.is_pk]
        if any(c.fk is not None and c.fk[0] in shown and not (c.is_pk and len(own_key) == 1) for c in info.columns):
            return True  # (a key that is also the table's whole primary key joins one row to one row)
    return False


def _dedupe_fanout(ctx: Ctx) -> None:
    """Entities listed or counted through a join to their many related rows are listed/counted once."""
    plan, root = ctx.plan, ctx.root
    if root is None or plan.group or plan.setop or plan.limit is not None or plan.having:
        return
    if _shown_only_through_a_bridge(ctx):
        plan.distinct = True
        return
    others = [t for t in plan.all_tables() if t != root.name]
    if not others or not _fans_out(ctx.index, root.name, others):
        return
    if all(it.agg is None and it.column and it.table == root.name for it in plan.select):
        plan.distinct = True
    elif len(plan.select) == 1 and plan.select[0].agg == "count" and plan.select[0].column is None and plan.select[0].table == root.name:
        pk = root.pk()
        if pk is not None:
            plan.select = [Item(root.name, pk.name, "count", True)]


BUCKET_WORDS = {"month": "month", "monthly": "month", "year": "year", "yearly": "year", "annual": "year",
                "annually": "year", "day": "day", "daily": "day", "quarter": "quarter", "quarterly": "quarter",
                "week": "week", "weekly": "week"}  # the SQL generator buckets quarters and weeks (sqlgen.TEMPLATES)


def _time_buckets(ctx: Ctx) -> None:
    """'per month', 'by year', 'monthly' -> group by a bucket of the root's date column (a time series)."""
    words = ctx.words
    plan = ctx.plan
    bucket = None
    for i, w in enumerate(words):
        if w in BUCKET_WORDS and ctx.at(i) is None:
            if w.endswith(("ly", "annual")) or (i > 0 and words[i - 1] in ("per", "by", "each", "every")):
                bucket = BUCKET_WORDS[w]
                break
    if bucket is None or plan.group:
        return
    tables = ([ctx.root] if ctx.root else []) + [t for t in (ctx.index.table(n) for n in plan.all_tables()) if t]
    dcol = next((c for t in tables for c in row_dates(t)), None)
    if dcol is None:
        return
    item = Item(dcol.table, dcol.name, bucket=bucket)
    if not any(it.agg for it in plan.select):
        plan.select = [Item(ctx.root.name if ctx.root else dcol.table, None, "count")]
    plan.select = [item] + [it for it in plan.select if it.agg]
    plan.group = [item]
    plan.order = [(item, False)]
    plan.limit = None
    ctx.assumptions.append(f"'per {bucket}' uses {dcol.table}.{dcol.name} as the date")


def _dedupe_select(plan: Plan) -> None:
    """Drop repeated items, and a plain column that is also aggregated without a grouping on it."""
    seen: set[tuple[object, ...]] = set()
    out: list[Item] = []
    agg_cols = {(i.table, i.column) for i in plan.select if i.agg and i.column}
    grouped = {(g.table, g.column) for g in plan.group}
    for it in plan.select:
        if it.key() in seen:
            continue
        if it.agg is None and (it.table, it.column) in agg_cols and (it.table, it.column) not in grouped:
            continue
        seen.add(it.key())
        out.append(it)
    plan.select = out
    plan.group = [g for g in plan.group if (g.table, g.column) not in agg_cols or any(i.agg is None and i.column == g.column for i in out)]


def _existence_as_in(ctx: Ctx) -> None:
    """'average age of dogs that had treatments': aggregate over the root with an IN test, not a join
    (all tables the existence clause names go into one subquery)."""
    plan = ctx.plan
    root = ctx.root
    if root is None or not any(i.agg for i in plan.select) or plan.group:
        return
    pk = root.pk()
    if pk is None:
        return
    used = {i.table for i in plan.select + plan.group + [o[0] for o in plan.order]}
    used |= {c.table for g in plan.where for c in g} | {c.table for c in plan.having}
    inner = [t for t in ctx.existence if t not in used and not any(i.table == t for i in plan.select if i.agg == "count")]
    if not inner:
        return
    plan.tables = [x for x in plan.tables if x not in inner]
    sub = Plan(root=inner[0], select=[Item(root.name, pk.name)], tables=[root.name] + inner)
    add_where(ctx, Cond(root.name, pk.name, "in", sub=sub, text="has " + ", ".join(inner)))


def _both_tables(ctx: Ctx) -> None:
    """'states that have both owners and professionals' -> INTERSECT of the column from each table."""
    words = ctx.words
    plan = ctx.plan
    if "both" not in words or len(plan.select) != 1 or plan.select[0].agg or plan.setop:
        return
    i = words.index("both")
    t1 = ctx.next_mention(i + 1, ("table",), skip=1)
    if t1 is None or words[t1.end : t1.end + 1] != ["and"]:
        return
    t2 = ctx.next_mention(t1.end + 1, ("table",), skip=1)
    if t2 is None:
        return
    a, b = t1.best_table(), t2.best_table()
    col = plan.select[0]
    if a is None or b is None or col.column is None:
        return
    ca, cb = a.col(col.column), b.col(col.column)
    if ca is None or cb is None:
        return
    ctx.plan = Plan(root=a.name, select=[Item(a.name, ca.name)], setop="intersect",
                    other=Plan(root=b.name, select=[Item(b.name, cb.name)]))


def _set_operations(ctx: Ctx) -> None:
    """Turn a pending INTERSECT/EXCEPT condition into a second SELECT."""
    plan = ctx.plan
    for cond, kind in ((ctx.intersect_cond, "intersect"), (ctx.except_cond, "except")):
        if cond is None:
            continue
        other = Plan(
            root=plan.root,
            select=[Item(i.table, i.column, i.agg, i.distinct) for i in plan.select],
            where=[g for g in plan.where if not any(c.column == cond.column and c.table == cond.table for c in g)],
            group=list(plan.group),
            having=list(plan.having),
            tables=list(plan.tables),
        )
        other.where = other.where + [[cond]]
        plan.setop, plan.other = kind, other
        return
