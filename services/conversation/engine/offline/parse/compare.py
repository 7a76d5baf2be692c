"""Comparisons with numbers, between-ranges and aggregates ('more than the average', 'older than any ...')."""

from __future__ import annotations

from ..abbrev import CLEAR_FIT, abbreviation_fit, is_word
from ..lexicon import ADJECTIVE_COLUMNS, AGG_WORDS, COMPARATIVE_FORMS, COMPARISON_PHRASES, SYNONYMS, singular, stem
from ..linking import ColumnInfo, Mention, TableInfo, holds_dates, row_dates
from ..plan import Cond, Item, Plan
from ..semantic import own_measure as semantic_own_measure
from .columns import adjective_column, resolve, tables_in_question
from .state import Ctx


# ------------------------------------------------------------------ conditions


def cmp_before(words: list[str], end: int, k: int = 6) -> tuple[str, int] | None:
    """Comparison phrase ending right before ``end`` (op, start index)."""
    window = words[max(0, end - k) : end]
    text = " ".join(window)
    for phrase, op in COMPARISON_PHRASES:
        if phrase.split()[0] in ("no", "not") and text.endswith(phrase):
            return op, end - len(phrase.split())  # 'no less than 3000' is >=, not 'less than'
    if window[-1:] == ["than"]:
        for back in range(2, min(5, len(window)) + 1):
            w = window[-back]
            if w in SPLIT_COMPARATIVES:
                return SPLIT_COMPARATIVES[w], end - back
    best: tuple[int, str, int] | None = None  # (phrase end, op, start): the phrase nearest the number wins
    for phrase, op in COMPARISON_PHRASES:
        if phrase.startswith(("or ", "and ")):
            continue  # '2000 or before' follows its number (cmp_after); 'after 2005 or before 2000' is a disjunction
        if text.endswith(phrase) or (" " + phrase + " ") in (" " + text + " "):
            pos = (" " + text + " ").rfind(" " + phrase + " ")
            start = max(0, end - k) + len(text[:pos].split())
            stop = start + len(phrase.split())
            if best is None or stop > best[0]:
                best = (stop, op, start)
    return (best[1], best[2]) if best else None


SPLIT_COMPARATIVES = {
    "greater": ">", "more": ">", "larger": ">", "higher": ">", "bigger": ">", "longer": ">", "later": ">",
    "less": "<", "fewer": "<", "smaller": "<", "lower": "<", "shorter": "<", "earlier": "<",
}


def cmp_after(words: list[str], start: int) -> str | None:
    nxt = " ".join(words[start : start + 3])
    for phrase, op in COMPARISON_PHRASES:
        if phrase.startswith("or ") or phrase.startswith("and "):
            if nxt.startswith(phrase):
                return op
    return None


def adjective_in(words: list[str]) -> tuple[str, str] | None:
    """Comparative adjective (older -> ('old', '>'))."""
    for w in words:
        base = COMPARATIVE_FORMS.get(w)
        if base and w.endswith(("er", "r")) and not w.endswith("est"):
            _, direction = ADJECTIVE_COLUMNS[base]
            return base, ">" if direction == "desc" else "<"
    return None


def add_where(ctx: Ctx, cond: Cond, or_with_previous: bool = False) -> None:
    if or_with_previous and ctx.plan.where:
        ctx.plan.where[-1].append(cond)
    else:
        ctx.plan.where.append([cond])


def find_between(ctx: Ctx) -> None:
    words = ctx.words
    for i, w in enumerate(words):
        if w != "between":
            continue
        a = ctx.at(i + 1)
        if a is None or a.kind != "number" or words[a.end : a.end + 1] != ["and"]:
            continue
        b = ctx.at(a.end + 1)
        if b is None or b.kind != "number":
            continue
        col = _column_for_number(ctx, i, a)
        if col is None:
            continue
        ctx.used.update({id(a), id(b)})
        add_where(ctx, Cond(col.table, col.name, "between", number_value(a.value, col), number_value(b.value, col)))


def number_value(v: object, col: ColumnInfo | None) -> object:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if col is not None and col.kind == "text":
        return str(v)
    return v


def _column_for_number(ctx: Ctx, cue_at: int, num: Mention) -> ColumnInfo | None:
    """Which column a number constrains: a column named just before, an adjective, or a year column."""
    words = ctx.words
    adj = adjective_in(words[max(0, cue_at - 3) : num.start])
    if adj:
        found = adjective_column(ctx, adj[0], cue_at)
        if found:
            return found[0]
    prev = ctx.prev_mention(cue_at + 1, ("column",), skip=3)
    if prev is not None:
        col = resolve(ctx, prev)
        if col is not None:
            ctx.used.add(id(prev))
            return col
    nxt = ctx.next_mention(num.end, ("column",), skip=1)
    if nxt is not None:
        col = resolve(ctx, nxt)
        if col is not None and col.kind in ("num", "text", "date"):
            ctx.used.add(id(nxt))
            return col
    if words[cue_at] in MAGNITUDE_CUES:  # 'expenses above 2000': an amount of the rows, not a year after 2000
        return own_measure(ctx, cue_at) or year_column(ctx, num)
    return year_column(ctx, num) or own_measure(ctx, cue_at)


MAGNITUDE_CUES = frozenset("above over exceeding exceed exceeds greater higher larger bigger below under lower smaller".split())


def own_measure(ctx: Ctx, cue_at: int) -> ColumnInfo | None:
    """'bills between 200 and 500', 'bills higher than the average bill': a number or an average said of a table's
    rows means the one measure named after the table itself (bill -> bill_amount); none or several, no guess."""
    near = ctx.prev_mention(cue_at, ("table",), skip=2)
    t = near.best_table() if near is not None else None
    return semantic_own_measure(t) if t is not None else None


def nearest_tables(ctx: Ctx) -> list[TableInfo]:
    """All tables, fewest joins from the root first (a date on the order, not on the customer's signup)."""
    from ..joins import shortest_path
    from ..sqlgen import index_edges

    if ctx.root is None:
        return list(ctx.index.tables)
    adj = index_edges(ctx.index)
    root = ctx.root.name

    from ..linking import line_owner

    owner = line_owner(ctx.index, root)  # an undated order line is dated by its order, not by its product

    def dist(t: TableInfo) -> tuple[int, bool]:
        p = shortest_path(adj, root, t.name)
        return (len(p) if p is not None else 99, t.name != owner)

    return sorted(ctx.index.tables, key=dist)


def year_column(ctx: Ctx, num: Mention) -> ColumnInfo | None:
    v = num.value
    if not isinstance(v, float) or not (1000 <= v <= 2200) or not v.is_integer():
        return None
    near = ctx.prev_mention(num.start, ("table",), skip=2)
    first = [near.best_table()] if near is not None and near.best_table() is not None else []
    after = next((x for x in ctx.ments if x.start >= num.end and x.kind == "table"), None)
    if after is not None and after.best_table() is not None and all(
            w in ("and", "or", ",") or w.isdigit() for w in ctx.words[num.end : after.start]):
        first.insert(0, after.best_table())  # 'in 2014 concerts', 'both 2014 and 2015 concerts': the concerts' year
    named = first + ([ctx.root] if ctx.root else []) + tables_in_question(ctx)  # type: ignore[operator]
    said = {w for t in ctx.toks for w in (t.lemma, *SYNONYMS.get(t.lemma, ()))}
    # a date of a table the question names that a question word names too, even stored as text ('members born
    # before 1970' -> birth_date, not clubs.opened_year); then year columns, then declared dates, as before. A date
    # named by its event ('signed up in 2025' -> signup_date) comes before one named only by its table's own word
    # ('order' of orders.order_date in 'customers who signed up in 2025 and placed an order'): the year belongs to
    # the verb it follows, and the table's word names the rows, not when they happened.
    own_said = _said_date(named, said, strict=True)
    if own_said is not None:
        return own_said
    spelled = _dates_spelled(ctx, named)
    if spelled is not None:
        _event_state_read(ctx, spelled)
        return spelled
    by_table = _said_date(named, said, strict=False)
    if by_table is not None:
        return by_table
    # a named table's own date comes before a year column of some other table ('rent collected in 2024' is not
    # the buildings' year_built)
    for tables, kinds in ((named, "year"), (named, "date"), (ctx.index.tables, "year"), (nearest_tables(ctx), "date")):
        for t in tables:
            for c in (t.columns if kinds == "year" else row_dates(t)):
                if not c.is_key and (kinds == "year" and "year" in c.words or kinds == "date" and c.kind == "date"):
                    return c
    return None


EVENT_DATE_WORDS = frozenset("date dt day time timestamp ts datetime year".split())


def _said_date(named: list[TableInfo], said: set[str], strict: bool) -> ColumnInfo | None:
    """The first date (or year) column of a named table whose own words the question says; ``strict`` leaves out the
    table's own words, so 'order' names orders.order_date only when no event word names another date."""
    for t in named:
        skip = {"date", "year"} | (set(t.words) if strict else set())
        for c in t.columns:
            if not c.is_key and ("year" in c.words or holds_dates(c)) and said & (set(c.words) - skip):
                return c
    return None


def _dates_spelled(ctx: Ctx, named: list[TableInfo]) -> ColumnInfo | None:
    """'lines cancelled in 2025' -> lin_cncl_dt, 'a contract ending in 2026' -> lin_cntrct_end_dt: the one date of a
    named table whose own word the question says inflected ('ending' ~ end) or the schema abbreviates ('cncl' ~
    cancelled). Why: legacy schemas shorten the event word, and the table's first date (its activation) would date
    another event. The table's own prefix ('lin' of sim_line) names no event; two dates named this way is no answer."""
    hits: list[ColumnInfo] = []
    for t in {t.name: t for t in named}.values():
        own = set(t.words)
        said = {stem(x.low) for x in ctx.toks if len(x.low) >= 4 and x.low.isalpha() and singular(x.low) not in own
                and x.lemma not in own}

        def event_word(w: str, own: set[str] = own) -> bool:
            return w not in EVENT_DATE_WORDS and len(w) >= 3 and not any(
                w == o or o.startswith(w) or abbreviation_fit(w, o) >= CLEAR_FIT for o in own)

        for c in t.columns:
            if c.is_key or not holds_dates(c):
                continue
            if any(event_word(w) and any(stem(w) == s or (len(s) >= 4 and w.startswith(s))
                                         or (not is_word(w) and abbreviation_fit(w, s) >= CLEAR_FIT) for s in said)
                   for w in c.words):
                hits.append(c)
    return hits[0] if len(hits) == 1 else None


def _event_state_read(ctx: Ctx, dated: ColumnInfo) -> None:
    """'lines cancelled in 2025' dated by lin_cncl_dt: the word that names the date's event ('cancelled') is read
    by the date, not also as the stored status 'Cancelled', which would keep only the rows still in that state (a
    line cancelled in 2025 and reinstated since was cancelled in 2025 all the same)."""
    for m in ctx.ments:
        if m.kind != "value" or m.end - m.start != 1 or not m.value_columns or id(m) in ctx.used:
            continue
        s = stem(ctx.toks[m.start].low)
        if len(s) >= 4 and any(stem(w) == s or (not is_word(w) and abbreviation_fit(w, s) >= CLEAR_FIT)
                               for w in dated.words if w not in EVENT_DATE_WORDS):
            ctx.used.add(id(m))


LEADING_PREPS = frozenset("for among of from within given considering".split())
NEGATED_OP = {">": "<=", "<": ">=", ">=": "<", "<=": ">"}
SUPERLATIVE_AGG = {w: a for w, a in AGG_WORDS.items() if a in ("max", "min")} | {"fewest": "min", "least": "min", "most": "max"}
THAN_SKIP = frozenset("the that of those a an any".split())


def find_than_superlative(ctx: Ctx) -> None:
    """'a larger accelerate than the car with the largest horsepower', 'more than the lowest horsepower'."""
    words = ctx.words
    for t, w in enumerate(words):
        if w != "than":
            continue
        cmp = cmp_before(words, t + 1, 6)
        adj_cmp = adjective_in(words[max(0, t - 2) : t])
        if cmp is None and adj_cmp is None:
            continue
        op, cue = cmp if cmp is not None else (adj_cmp[1], t - 1)  # type: ignore[index]
        k = t + 1
        while k < len(words) and words[k] in THAN_SKIP:
            k += 1
        via = ctx.at(k)
        if via is not None and via.kind == "table" or (k < len(words) and words[k] == "one"):
            k = via.end if via is not None and via.kind == "table" else k + 1
            while k < len(words) and words[k] in ("with", "who", "that", "which", "has", "have", "had", "the", "a"):
                k += 1
        sup = words[k] if k < len(words) else ""
        base = COMPARATIVE_FORMS.get(sup)
        same_scale = base in ADJECTIVE_COLUMNS and adj_cmp is not None and ADJECTIVE_COLUMNS[base][0] == ADJECTIVE_COLUMNS[adj_cmp[0]][0]
        if same_scale and sup.endswith("est") and ctx.next_mention(k + 1, ("column",), skip=0) is None:
            # 'older than the youngest teacher': both adjectives measure one column; compare with its extreme
            found = adjective_column(ctx, base, k)  # type: ignore[arg-type]
            if found is None:
                continue
            acol, direction = found
            agg = "max" if direction == "desc" else "min"
            sub = Plan(root=acol.table, select=[Item(acol.table, acol.name, agg)])
            ctx.consumed.update(range(cue, k + 1))
            add_where(ctx, Cond(acol.table, acol.name, op, sub=sub, text=f"{words[t - 1]} than the {sup}"))
            continue
        if sup not in SUPERLATIVE_AGG:
            continue
        target = ctx.next_mention(k + 1, ("column",), skip=2)
        if target is None:
            continue
        ycol = resolve(ctx, target)
        if ycol is None:
            continue
        compared = ctx.at(cue + 1) if cue + 1 < t else None
        if compared is None or compared.kind != "column":
            compared = ctx.prev_mention(cue, ("column",), skip=2)
        col = resolve(ctx, compared) if compared is not None and id(compared) not in ctx.used else ycol
        if col is None:
            continue
        agg = SUPERLATIVE_AGG[sup]
        if col.key == ycol.key:
            sub = Plan(root=col.table, select=[Item(col.table, col.name, agg)])
        else:
            sub = Plan(root=ycol.table, select=[Item(col.table, col.name)], order=[(Item(ycol.table, ycol.name), agg == "max")], limit=1)
        ctx.used.update({id(target)} | ({id(compared)} if compared is not None else set()))
        if via is not None and via.kind == "table":
            ctx.used.add(id(via))
        ctx.consumed.update(range(cue, target.end))
        add_where(ctx, Cond(col.table, col.name, op, sub=sub, text=f"{sup} {target.text}"))
    for t, w in enumerate(words):
        if w not in ("not", "t") or t in ctx.consumed:
            continue
        k = t + 1
        while k < len(words) and words[k] in ("have", "has", "had", "the", "a", "with", "a", "get", "be"):
            k += 1
        sup = words[k] if k < len(words) else ""
        if sup not in SUPERLATIVE_AGG or sup in ("most", "least"):
            continue
        target = ctx.next_mention(k + 1, ("column",), skip=0)
        col = resolve(ctx, target) if target is not None else None
        if col is None or target is None:
            continue
        agg = SUPERLATIVE_AGG[sup]
        ctx.used.add(id(target))
        ctx.consumed.update(range(t, target.end))
        sub = Plan(root=col.table, select=[Item(col.table, col.name, agg)])
        add_where(ctx, Cond(col.table, col.name, ">" if agg == "min" else "<", sub=sub, text=f"not the {sup} {target.text}"))


def find_avg_compare(ctx: Ctx) -> None:
    """'above the average age', 'older than average', 'below average weight'."""
    words = ctx.words
    for i, w in enumerate(words):
        if w not in ("average", "avg", "mean"):
            continue
        cmp = cmp_before(words, i - (1 if words[i - 1] == "the" else 0), 4)
        adj = adjective_in(words[max(0, i - 4) : i])
        if cmp is None and adj is None:
            continue
        op = cmp[0] if cmp else adj[1]  # type: ignore[index]
        col: ColumnInfo | None = None
        m_here = ctx.at(i)
        nxt = ctx.next_mention(i + 1, ("column",), skip=0)
        if nxt is not None and adj is not None and nxt.start > i + 2:
            nxt = None  # 'older than average? Give their names': the adjective names the column, not a later word
        before = ctx.prev_mention(cmp[1], ("column",), skip=1) if cmp else None
        if m_here is not None and m_here.kind == "column" and m_here.end > i + 1:
            col = resolve(ctx, m_here)
            ctx.used.add(id(m_here))
        elif before is not None and (nxt is None or nxt.start > i + 2):
            col = resolve(ctx, before)
            ctx.used.add(id(before))
        elif nxt is not None:
            col = resolve(ctx, nxt)
            ctx.used.add(id(nxt))
        elif adj is not None:
            found = adjective_column(ctx, adj[0], i)
            col = found[0] if found else None
        else:
            start = cmp[1] if cmp else i
            prev = ctx.prev_mention(start, ("column",), skip=3)
            if prev is not None:
                col = resolve(ctx, prev)
                ctx.used.add(id(prev))
        if col is None:
            continue
        if m_here is not None:
            ctx.used.add(id(m_here))
        sub = Plan(root=col.table, select=[Item(col.table, col.name, "avg")])
        add_where(ctx, Cond(col.table, col.name, op, sub=sub, text="average"))
        _drop_compared_average(ctx, col, i)


def _drop_compared_average(ctx: Ctx, col: ColumnInfo, at: int) -> None:
    """'names of singers older than the average age': when the head ran on into the comparison, its only
    'average' is the comparison's, not an asked-for aggregate (which would group the names and answer
    each one's own average)."""
    plan = ctx.plan
    if sum(w in ("average", "avg", "mean") for w in ctx.words) != 1 or ctx.head is None:
        return
    if not ctx.head[0] <= at < ctx.head[1]:
        return
    keep = [it for it in plan.select if not (it.agg == "avg" and (it.table, it.column) == (col.table, col.name))]
    if keep and len(keep) < len(plan.select) and not any(it.agg for it in keep):
        plan.select = keep
        ctx.agg_present = False
