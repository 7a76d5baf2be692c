"""Superlatives ('the oldest', 'the most ...') and frequency questions ('the most common X')."""

from __future__ import annotations

from ..lexicon import (
    ADJECTIVE_COLUMNS,
    AGG_WORDS,
    COMPARATIVE_FORMS,
    SUPERLATIVE_ASC,
    SUPERLATIVE_DESC,
    singular,
)
from ..linking import ColumnInfo, Mention, TableInfo
from ..plan import Cond, Item, Plan
from .columns import adjective_column, resolve
from .compare import add_where, nearest_tables
from .state import COMMON_CUES, FREQUENCY_ADVERBS, Ctx

def find_superlatives(ctx: Ctx) -> None:
    """'with the most X', 'highest Y', 'youngest', 'most expensive' -> ORDER BY ... LIMIT."""
    hs, hb = ctx.head or (0, 0)
    words = ctx.words
    plan = ctx.plan
    if plan.limit is not None:
        return
    for i, w in enumerate(words):
        if i > 0 and words[i - 1] == "at" and w in ("least", "most"):
            continue
        if i in ctx.consumed:
            continue
        here_value = ctx.at(i)
        if here_value is not None and here_value.kind == "value" and here_value.end - here_value.start >= 2:
            continue  # 'a Best Film award': the word is part of a value the data holds, not a ranking
        base = COMPARATIVE_FORMS.get(w)
        two = " ".join(words[i : i + 2])
        if two in COMPARATIVE_FORMS:
            base = COMPARATIVE_FORMS[two]
        follow = ctx.next_mention(i + 1, ("column",), skip=1)
        if base and follow is not None and follow.start <= i + 2 and w in AGG_WORDS and two not in COMPARATIVE_FORMS:
            base = None
        if base and w in AGG_WORDS and words[i + 1 : i + 2] in (["amount"], ["number"], ["sum"], ["total"], ["count"]):
            base = None  # 'the largest amount of money': a quantity, not the size of the thing
        found = None
        if w in ("first", "last") and (ctx.at(i) is not None or words[i + 1 : i + 2] in (["month"], ["year"], ["week"], ["quarter"], ["name"])):
            base = None
        if w == "first" and words[i + 1 : i + 3] == ["and", "last"] and words[i + 3 : i + 4] in (["name"], ["names"]):
            base = None  # 'the first and last names of ...': two name columns, not the earliest row
        if base and (w.endswith("est") or w in ("most", "least", "first", "last")) and base in ADJECTIVE_COLUMNS:
            m_here = ctx.at(i)
            if m_here is not None and m_here.kind == "column" and m_here.start < i:
                continue
            if plan.order and any(x in ("from", "to") for x in words[max(0, i - 2) : i]):
                continue
            found = _time_column_before(ctx, base, i) or adjective_column(ctx, base, i, founded=True)
            if found is None and w not in SUPERLATIVE_DESC and w not in SUPERLATIVE_ASC:
                continue
        if base and found is not None and (w.endswith("est") or w in ("most", "least", "first", "last")):
            col, direction = found
            counted = i > 0 and words[i - 1].isdigit()  # 'the 10 heaviest shipments': rows, not the maximum
            if hs <= i < hb and _only_this_in_head(ctx) and not counted:
                plan.select.append(Item(col.table, col.name, "max" if direction == "desc" else "min"))
                return
            if w == "least" or two.startswith("least") or (w == "most" and base in ("cheap",)):
                direction = "asc" if direction == "desc" else "desc"
            if words[max(0, i - 2) : i] == ["in", "the"] and ctx.next_mention(i + 1, ("column",), skip=0) is not None:
                # 'cars produced in the earliest year': every row of that year, not just one row
                sub = Plan(root=col.table, select=[Item(col.table, col.name, "max" if direction == "desc" else "min")])
                add_where(ctx, Cond(col.table, col.name, "=", sub=sub, text=" ".join(words[i - 2 : i + 2])))
                ctx.used.add(id(ctx.next_mention(i + 1, ("column",), skip=0)))
                return
            before = words[i - 1] if i > 0 else ""
            if not before.isdigit() and _extreme_per_group(ctx, col, direction == "desc", i):
                return
            if not before.isdigit() and _top_of_another_table(ctx, col, direction == "desc", i):
                return
            plan.order.append((Item(col.table, col.name), direction == "desc"))
            plan.limit = int(before) if before.isdigit() and 0 < int(before) <= 1000 else 1  # 'the 10 heaviest shipments'
            _use_limit_number(ctx, i, plan.limit)
            return
        if w in SUPERLATIVE_DESC or w in SUPERLATIVE_ASC or w in ("greatest", "fewest"):
            if w in ("most", "least") and i + 1 < len(words) and words[i + 1] in COMMON_CUES | FREQUENCY_ADVERBS:
                continue
            here = ctx.at(i) or ctx.at(i + 1)
            if here is not None and here.kind == "column" and here.columns and w in here.columns[0][0].words:
                continue  # 'a max page size of A4': the word is part of the column's own name, not a ranking
            desc = w in SUPERLATIVE_DESC or w == "greatest"
            j = i + 1
            total = any(x in ("total", "sum", "overall") for x in words[max(0, i - 3) : i + 5])
            total = total or any(x in ("total", "sum") for x in words[i:])
            while j < len(words) and words[j] in ("the", "number", "of", "amount", "total", "count", "a", "an", "times", "sum", "money", "in"):
                j += 1
            target = _money_mention(ctx, i) if "money" in words[i + 1 : i + 4] else None
            target = target or ctx.next_mention(i + 1, ("table", "column"), skip=4)
            if target is None and "money" in words[i : i + 4]:
                target = _money_mention(ctx, i)
            if target is None and words[i - 2 : i] in (["is", "the"], ["are", "the"], ["was", "the"]):
                target = ctx.prev_mention(i - 2, ("column",), skip=1)  # 'whose total cost is the lowest'
            if target is None:
                continue
            total = total or (target.end <= i and "total" in words[max(0, target.start - 2) : target.start])
            in_head = hs <= i < hb
            if target.kind == "column" and in_head and id(target) in ctx.used:
                continue
            if (target.kind == "table" and w not in ("most", "least", "fewest") and target.start == i + 1
                    and ctx.root is not None and target.best_table() is ctx.root):
                continue  # 'our best agent': an adjective on the entity asked about, no measure to rank by (not a count of itself)
            ctx.used.add(id(target))
            count_words = any(x in ("number", "count", "many") for x in words[i : target.start])
            counted = _counted_noun(ctx, w, j, target)
            if counted is not None:
                target = Mention("table", target.start, target.start + 1, words[target.start], tables=[(counted, 1.0)])
            if target.kind == "table" or (count_words and target.kind == "column" and target.tables and target.tables[0][1] >= 0.9):
                t = target.best_table()
                assert t is not None
                plan.tables.append(t.name)
                plan.order.append((Item(t.name, None, "count"), desc))
                plan.limit = _top_n(words, i) or 1
                _use_limit_number(ctx, i, plan.limit)
                ctx.per_entity.append(t.name)
                return
            col = resolve(ctx, target)
            if col is None:
                continue
            if _counts_text_values(ctx, w, i, target, col):  # 'the model with the most different versions'
                plan.tables.append(col.table)
                plan.order.append((Item(col.table, col.name, "count", True), desc))
                plan.limit = _top_n(words, i) or 1
                _use_limit_number(ctx, i, plan.limit)
                ctx.per_entity.append(col.table)
                return
            if in_head and _only_this_in_head(ctx) and not plan.select:
                plan.select.append(Item(col.table, col.name, "max" if desc else "min"))
                return
            agg = "sum" if total else None
            if agg is None and _top_n(words, i) is None and _extreme_per_group(ctx, col, desc, i):
                return
            if agg is None and _top_n(words, i) is None and _top_of_another_table(ctx, col, desc, i):
                return
            plan.order.append((Item(col.table, col.name, agg), desc))
            plan.limit = _top_n(words, i) or 1
            _use_limit_number(ctx, i, plan.limit)
            if agg:
                ctx.per_entity.append(col.table)
            return
        if w == "top" and i + 1 < len(words):
            n = ctx.at(i + 1)
            if n is not None and n.kind == "number":
                ctx.used.add(id(n))


RARE_CUES = {("rarest",): False, ("least", "common"): False, ("least", "frequent"): False, ("least", "popular"): False,
             ("most", "common"): True, ("most", "frequent"): True, ("most", "popular"): True, ("commonest",): True}


def find_frequency_subquery(ctx: Ctx) -> None:
    """'dogs of the rarest breed': rows whose reference to the rarest/most common related thing matches
    the value the root's rows share least/most often (a grouped count subquery, not an ORDER BY)."""
    words, root = ctx.words, ctx.root
    if root is None or ctx.plan.limit is not None:
        return
    for i in range(len(words)):
        cue = next((c for c in RARE_CUES if tuple(words[i : i + len(c)]) == c), None)
        if cue is None or words[max(0, i - 2) : i] not in (["of", "the"], ["in", "the"], ["with", "the"], ["have", "the"], ["has", "the"]):
            continue
        target = ctx.next_mention(i + len(cue), ("table", "column"), skip=0)
        if target is None:
            continue
        col = _root_reference(ctx, root, target)
        if col is None:
            continue
        shown = {it.table for it in ctx.plan.select if it.column != "__entity__"}
        if target.kind == "table" and target.best_table().name in shown:  # type: ignore[union-attr]
            continue
        if target.kind == "column":  # 'titles of books of the rarest genre': the genre is not shown
            same = [it for it in ctx.plan.select if it.table == col.table and it.column == col.name and not it.agg]
            if same and len(ctx.plan.select) == 1:
                continue
            ctx.plan.select = [it for it in ctx.plan.select if not any(it is x for x in same[:1])]
        sub = Plan(root=root.name, select=[Item(root.name, col.name)], group=[Item(root.name, col.name)],
                   order=[(Item(root.name, None, "count"), RARE_CUES[cue])], limit=1)
        ctx.used.add(id(target))
        if target.kind == "table":  # 'dogs of the rarest breed' is not a join to the breed table
            name = target.best_table().name  # type: ignore[union-attr]
            ctx.plan.tables = [x for x in ctx.plan.tables if x != name]
            ctx.qual_tables = [(k, x) for k, x in ctx.qual_tables if x.name != name]
            ctx.head_tables = [x for x in ctx.head_tables if x.name != name]
            ctx.plan.select = [it for it in ctx.plan.select if not (it.table == name and it.column == "__entity__")]
        ctx.consumed.update(range(i, target.end))
        cond = Cond(root.name, col.name, "=", sub=sub, text=" ".join(words[i : target.end]))
        add_where(ctx, cond)
        ctx.spans[id(cond)] = (i, target.end)
        return


def _counted_noun(ctx: Ctx, w: str, j: int, target: Mention) -> TableInfo | None:
    """'the semester which most students registered in', 'the address with the most number of students currently':
    'most' (and at most 'the number of') right before a table's noun counts those rows, even when the noun and the
    word after it loosely match a column of that table (students.date_registered, students.current_address_id)."""
    if w not in ("most", "fewest") or target.kind != "column" or target.start != j or target.end - target.start < 2:
        return None
    if not target.columns or target.columns[0][1] >= 0.9:
        return None
    noun = singular(ctx.words[target.start])
    col = target.best_column()
    own = ctx.index.table(col.table) if col is not None else None
    if own is None or col is None or noun not in own.key_words or noun in col.words:
        return None
    return own


def _counts_text_values(ctx: Ctx, w: str, i: int, target: Mention, col: ColumnInfo) -> bool:
    """'the model with the most different versions', 'the shop with the fewest brands': 'most'/'fewest' before a
    plural noun that names a text column (no measure to rank by) counts its different values per row asked about."""
    if w not in ("most", "fewest") or col.kind != "text" or col.is_key or col.fk is not None or target.start <= i:
        return False
    if target.kind != "column" or ctx.root is None or ctx.root.name == col.table and not ctx.group_targets:
        return False
    last = ctx.toks[target.end - 1]
    return last.low != last.lemma and all(x in ("the", "different", "distinct", "unique", "number", "of")
                                          for x in ctx.words[i + 1 : target.start])


def _root_reference(ctx: Ctx, root: TableInfo, target: Mention) -> ColumnInfo | None:
    """The root's own column that names ``target``: its key to the target table, or the target column itself."""
    t = target.best_table() if target.kind == "table" else None
    if t is not None and t.name != root.name:
        refs = [c for c in root.columns if c.fk is not None and c.fk[0] == t.name]
        return refs[0] if len(refs) == 1 else None
    own = [c for c, s in target.columns if c.table == root.name and not c.is_pk]
    return own[0] if own else None


MONEY_WORDS = ("cost", "price", "amount", "fee", "charge", "payment", "salary")


def _money_mention(ctx: Ctx, i: int) -> Mention | None:
    """'the most money', 'costs the least money in total': the money column meant (named after, named just
    before, or else the money column nearest the entity asked about)."""
    def money(m: Mention) -> bool:
        return m.kind == "column" and any(w in MONEY_WORDS for c, _ in m.columns[:1] for w in c.words)

    for m in ctx.ments:
        if m.start > i and money(m):
            return m
    before = ctx.prev_mention(i, ("column",), skip=1)
    if before is not None and money(before) and id(before) not in ctx.used:
        return before
    for t in nearest_tables(ctx):
        for c in t.columns:
            if c.kind == "num" and not c.is_key and any(w in MONEY_WORDS for w in c.words):
                return Mention("column", i + 1, i + 1, c.name, columns=[(c, 1.0)])
    return None


def _time_column_before(ctx: Ctx, base: str, i: int) -> tuple[ColumnInfo, str] | None:
    """'the orchestra founded most recently': a time superlative right after a date or year column ranks by
    that column (not by another year column of the asked-for table); the column is the ranking, so it is
    not also shown when other columns are asked for."""
    words = ADJECTIVE_COLUMNS.get(base, ((), ""))[0]
    if "year" not in words or "date" not in words:
        return None  # only the time adjectives (recent, late, new, early)
    prev = ctx.prev_mention(i, ("column",), skip=0)
    nxt = ctx.next_mention(i + 1, ("column",), skip=0)
    if prev is None or prev.end != i:
        # 'the earliest founding year' on a column Founded that holds years: the column named right after
        prev = nxt if nxt is not None and nxt.start == i + 1 else None
        col = resolve(ctx, prev) if prev is not None else None
        if col is None or not _year_valued(col):
            return None
    col = resolve(ctx, prev)
    if col is None or not (col.kind == "date" or "year" in col.words or _year_valued(col)):
        return None
    ctx.used.add(id(prev))
    shown = [it for it in ctx.plan.select if not (it.table == col.table and it.column == col.name and it.agg is None)]
    if shown and len(shown) < len(ctx.plan.select):
        ctx.plan.select = shown
    return col, ADJECTIVE_COLUMNS[base][1]


def _year_valued(col: ColumnInfo) -> bool:
    """A whole-number column whose sampled values are all years ('Founded' 1958, 1965): a time, as a year column."""
    return col.kind == "num" and bool(col.samples) and all(
        s.isdigit() and 1000 <= int(s) <= 2100 for s in col.samples)


def _extreme_per_group(ctx: Ctx, col: ColumnInfo, desc: bool, i: int) -> bool:
    """'For each record company, what is the earliest founding year?': the superlative names an asked-for
    column and the question groups, so it is that column's MIN/MAX per group, not the one top row."""
    hs, hb = ctx.head or (0, 0)
    if not ctx.group_targets or not hs <= i < hb:
        return False
    for k, it in enumerate(ctx.plan.select):
        if it.table == col.table and it.column == col.name and it.agg is None:
            ctx.plan.select[k] = Item(col.table, col.name, "max" if desc else "min")
            ctx.agg_present = True
            return True
    return False


def _top_of_another_table(ctx: Ctx, col: ColumnInfo, desc: bool, i: int) -> bool:
    """'themes of concerts held at the stadium with the largest capacity': the top row is a stadium, and it has
    many concerts, so every row joined to it is asked for (= the MAX subquery), not the first one (LIMIT 1).
    Kept as ORDER BY ... LIMIT 1 when the ranked table's row names one asked-for row ('the conductor of the
    most recently founded orchestra': each orchestra has one conductor)."""
    plan = ctx.plan
    plain = [it for it in plan.select if it.agg is None and it.table]
    named = [it for it in plain if it.column != "__entity__"]  # an entity beside named columns is dropped later
    shown = {it.table for it in (named or plain)}
    if not shown and ctx.root is not None:
        shown = {ctx.root.name}
    if not shown or col.table in shown or any(_determines(ctx, col.table, t) for t in shown):
        return False
    sub = Plan(root=col.table, select=[Item(col.table, col.name, "max" if desc else "min")])
    add_where(ctx, Cond(col.table, col.name, "=", sub=sub, text=" ".join(ctx.words[max(0, i - 1) : i + 2])))
    plan.tables.append(col.table)
    return True


def _determines(ctx: Ctx, src: str, dst: str, depth: int = 3) -> bool:
    """Each row of ``src`` names one row of ``dst`` through a chain of foreign keys (many-to-one steps)."""
    frontier, seen = {src}, {src}
    for _ in range(depth):
        nxt: set[str] = set()
        for name in frontier:
            t = ctx.index.table(name)
            for c in t.columns if t is not None else ():
                if c.fk is not None and c.fk[0] not in seen:
                    nxt.add(c.fk[0])
        if dst in nxt:
            return True
        seen |= nxt
        frontier = nxt
    return False


def _use_limit_number(ctx: Ctx, i: int, limit: int) -> None:
    """The number a ranking took as its limit ('the 3 heaviest dogs') is read: no later step may also
    read it as a condition ('HAVING COUNT(*) = 3')."""
    for k in range(max(0, i - 2), i + 2):
        m = ctx.at(k)
        if m is not None and m.kind == "number" and m.value == limit:
            ctx.used.add(id(m))


def _top_n(words: list[str], i: int) -> int | None:
    for w in words[max(0, i - 2) : i + 2]:
        if w.isdigit():
            return int(w)
    if words[:1] in (["which"], ["what"]) and words[1:2] and words[1].isdigit() and 0 < int(words[1]) <= 1000:
        return int(words[1])  # 'which 3 listings have the most views': how many things the question asks for
    lead = _leading_count(words, i)
    if lead is not None:
        return lead
    if i > 0 and words[i - 1] == "top":
        return None
    return None


def _leading_count(words: list[str], i: int) -> int | None:
    """'the 3 rate plans with the highest unit price', 'list the 10 agents with the most policies': a count right
    after the opening 'the' says how many ranked things are asked for (not a year: 'the 2024 plans')."""
    k = 2 if words[:1] in (["list"], ["show"], ["name"], ["give"], ["find"]) else 1
    if words[k - 1 : k] != ["the"] or k + 1 >= i or not words[k].isdigit():
        return None
    n = int(words[k])
    return n if 0 < n <= 1000 and not 1900 <= n <= 2100 else None


def _only_this_in_head(ctx: Ctx) -> bool:
    """Nothing but the entity is asked for, so 'the youngest X' asks for the extreme value itself; never so for
    'where', which asks for the place of the row that ranks first."""
    if ctx.words[:1] == ["where"]:
        return False
    return not any(it.column and it.column != "__entity__" for it in ctx.plan.select)
