"""The projection phrase ('the names and ages of ...'), grouping and ordering cues, and the root table."""

from __future__ import annotations

from ..lexicon import (
    ADJECTIVE_COLUMNS,
    AGG_WORDS,
    COMPARATIVE_FORMS,
    COMPARISON_PHRASES,
    FILLER,
    STOPWORDS,
    singular,
)
from ..linking import _COMMON_QUESTION_WORDS, ColumnInfo, Mention, TableInfo, holds_dates
from ..plan import Cond, Item
from services.common.column_roles import MONEY_WORDS, derive_role, is_flag_values
from .columns import (
    adjective_column,
    confident_column_tables,
    generic_column,
    list_member_column,
    qualifier,
    qualifier_mention,
    resolve,
    tables_in_question,
)
from .compare import LEADING_PREPS, add_where
from .state import (
    ADP,
    ASC_CUES,
    AUX,
    BOUNDARY,
    COMMON_CUES,
    FREQUENCY_ADVERBS,
    Ctx,
    DESC_CUES,
    ORDER_CUES,
    PARTICIPLES,
    QUESTION_START,
)

LIST_VERBS = frozenset("list show give return find display tell provide report output include get".split())
HEAD_SKIP = frozenset("me us the both all only their his her its each".split())


def projection_sentence(ctx: Ctx) -> tuple[int, int] | None:
    """'Which X did Y? List their id and name.': a later imperative sentence names the columns to show."""
    toks, words = ctx.toks, ctx.words
    for k in range(1, len(toks)):
        if not toks[k].sentence_break:
            continue
        j = k + (1 if words[k] in ("only", "please", "and", "also") else 0)
        if j >= len(words) or words[j] not in LIST_VERBS:
            continue
        end = next((e for e in range(j + 1, len(toks)) if toks[e].sentence_break), len(toks))
        if not any(m.kind in ("table", "column") and j < m.start < end for m in ctx.ments):
            continue
        lead = next((m for m in ctx.ments if m.kind == "table" and m.end <= k and m.best_table()), None)
        aux = next((a for a in range(k) if words[a] in AUX), k)
        if lead is not None and lead.start > aux:
            lead = None  # 'Who is enrolled in a degree program?': the table is an object, not the subject
        if lead is not None:
            ctx.lead_table = lead.best_table()
        ctx.head_break = k
        start = j + 1
        while start < end and words[start] in HEAD_SKIP:
            start += 1
        return start, end
    return None


def _filter_column_start(ctx: Ctx, hs: int, i: int) -> int:
    """'the ID of the student named Kyle', 'teachers aged 32': a column right before a value filters, it is not shown."""
    prev = ctx.prev_mention(i, ("column",), skip=1)
    if prev is None or prev.start <= hs:
        return i
    between = ctx.words[prev.end : i]
    if not set(between) <= {"either", "is", "of", "the", "exactly", "equal", "to", "as", "a"}:
        return i
    earlier = [m for m in ctx.ments if hs <= m.start < prev.start and m.kind in ("table", "column")]
    return prev.start if earlier else i


HEAD_CONTINUE = frozenset(
    """different distinct unique various along together corresponding respective respectively well also
    both either total number count average mean sum maximum minimum max min all each every their its his her
    as with of and or the a an name names id ids first last full home current permanent possible whole
    combined overall entire other their including plus""".split()
)


def _verb_like(ctx: Ctx, i: int) -> bool:
    """'how many departments offer any degree': an unlinked word that is no connector ends the projection."""
    tok = ctx.toks[i]
    w = tok.low
    if tok.quoted or tok.number is not None or not w.isalpha() or w in STOPWORDS or w in HEAD_CONTINUE:
        return False
    if w in AGG_WORDS or w in COMPARATIVE_FORMS or w in ORDER_CUES or w in ASC_CUES or w in DESC_CUES:
        return False
    if i > 0 and ctx.words[i - 1] in ("the", "a", "an", "its", "their", "his", "her"):
        return False  # 'the operating professional': after a determiner it is an adjective
    nxt = ctx.next_mention(i + 1, ("table", "column", "value"), skip=1)
    return nxt is not None and ctx.words[i + 1 : i + 2] != ["of"]


def head_span(ctx: Ctx) -> tuple[int, int]:
    """Token range of the projection phrase (what is asked for)."""
    words = ctx.words
    n = len(words)
    later = projection_sentence(ctx)
    if later is not None:
        return later
    hs = 0
    if n > 2 and words[0] in ("for", "in") and words[1] in ("each", "every", "all"):
        m = ctx.next_mention(2, ("table", "column"))
        if m is not None:
            hs = m.end
    elif n > 2 and words[0] in LEADING_PREPS:
        # 'For the cars with 4 cylinders, which model ...': the question proper starts after the comma
        k = next((k for k in range(2, n - 1) if ctx.toks[k].clause_break), None)
        if k is not None and words[k] in QUESTION_START | {"those", "the"}:
            hs = k
            ctx.lead_clause = (0, k)
    seen = False
    i = hs
    while i < n:
        w = words[i]
        m = ctx.at(i)
        if m is not None:
            seen = seen or m.kind in ("table", "column")
            if m.kind in ("value", "number") and seen:
                return hs, _filter_column_start(ctx, hs, i)
            i = m.end
            continue
        if seen and i > hs:
            if w == "with" and words[i - 1] in ("along", "together"):
                i += 1  # 'the name, along with the age': still the list of things to show
                continue
            if w in BOUNDARY and not (w == "which" and words[i - 1] == "of"):
                return hs, i
            if w in AUX:
                return hs, i
            if _verb_like(ctx, i):
                return hs, i
            if w in ADP:
                nxt = ctx.next_mention(i + 1, skip=2)
                after = words[i + 1 : i + 3]
                if (nxt is not None and nxt.kind in ("value", "number")) or (after and after[0] in ("each", "every", "per")):
                    return hs, i
                if nxt is not None and nxt.kind == "column":
                    follow = ctx.at(nxt.end)
                    if follow is not None and follow.kind in ("number", "value"):
                        return hs, i
                if w in ("by", "between", "since", "during", "before", "after", "under", "over", "above", "below", "except"):
                    return hs, i
        i += 1
    return hs, n


CONTINUE_DETERMINERS = frozenset("the their its his her also all".split())


def continuation_spans(ctx: Ctx, hb: int) -> list[tuple[int, int]]:
    """'first names of owners living in Virginia and the names of dogs they own': after a filter ends the
    projection, 'and the <column> of <table>' (or 'along with the <column>') names one more thing to show."""
    words, toks = ctx.words, ctx.toks
    n = len(words)
    out: list[tuple[int, int]] = []
    k = hb
    while k < n:
        joined = words[k] == "and" or words[k - 1 : k + 1] in (["along", "with"], ["together", "with"]) or (
            words[k - 2 : k + 1] == ["as", "well", "as"])
        if not joined or toks[k].sentence_break:
            k += 1
            continue
        j = k + 1
        wh = j < n and words[j] in ("what", "which")
        while j < n and (words[j] in CONTINUE_DETERMINERS or (wh and (words[j] in AUX or words[j] in ("what", "which", "that")))):
            j += 1
        m = ctx.at(j)
        if m is None or m.kind != "column" or m.start != j or id(m) in ctx.used:
            k += 1
            continue
        end = _wh_item_end(ctx, m) if wh else _continuation_end(ctx, m)
        if end is None:
            k += 1
            continue
        out.append((j, end))
        k = end
    return out


def _wh_item_end(ctx: Ctx, m: Mention) -> int | None:
    """'... and what year was it?', 'and what details can you tell me?': a second wh-question asks for one
    more column of the same rows (unless the column is compared with something)."""
    words = ctx.words
    e = m.end
    if e < len(words) and words[e] in ("of", "for"):
        q = ctx.next_mention(e + 1, ("table", "column", "value", "number"), skip=1)
        if q is not None and q.kind == "table":
            e = q.end
    nxt = ctx.next_mention(e, ("value", "number"), skip=2)
    if nxt is not None or _followed_by_comparison(words, m.end):
        return None
    return e


def _continuation_end(ctx: Ctx, m: Mention) -> int | None:
    """Where a continued projection item ends, or None when the column is really a filter ('and age above 30')."""
    words = ctx.words
    n = len(words)
    e = m.end
    if e < n and words[e] in ("of", "for"):
        q = ctx.next_mention(e + 1, ("table", "column", "value", "number"), skip=1)
        if q is None or q.kind != "table":
            return None
        e = q.end
    if e >= n or ctx.toks[e].clause_break:
        return e
    nxt = ctx.at(e)
    if nxt is not None and nxt.kind in ("value", "number"):
        return None
    w = words[e]
    if w in AUX or w in ("than", "between", "above", "below", "over", "under", "equal", "like", "containing", "contains"):
        return None
    if _followed_by_comparison(words, m.end):
        return None
    return e


def find_groups(ctx: Ctx) -> None:
    """'for each X', 'per X', 'by X' (not 'order by X')."""
    words = ctx.words
    for m in ctx.ments:
        if m.kind not in ("table", "column"):
            continue
        gap = _without_stored_count(ctx, m, ctx.gap_before(m, 5))[-3:]
        if not gap:
            continue
        last = gap[-1]
        is_group = last in ("each", "every", "per") or (
            last == "different" and len(gap) > 1 and gap[-2] in ("each", "every", "for"))  # 'for different X' = for each X
        if is_group and last in ("each", "every") and _possessive_head(ctx, m):
            continue  # "each owner's first name": every owner's value is listed, nothing is grouped
        if last == "by" or (last == "the" and len(gap) > 1 and gap[-2] == "by"):
            window = words[max(0, m.start - 6) : m.start]
            k = m.start - len(gap) + (gap.index("by") if "by" in gap else 0)
            before_by = words[k - 1] if k > 0 else ""
            passive = before_by.endswith("ed") or before_by in PARTICIPLES
            if not any(w in ORDER_CUES for w in window) and not passive:
                is_group = True
        if is_group:
            ctx.group_targets.append((m, last))


def _without_stored_count(ctx: Ctx, m: Mention, gap: list[str]) -> list[str]:
    """Drop 'number of' before a column that stores that number ('each number of cylinders' groups by cylinders)."""
    if m.kind != "column" or gap[-2:] != ["number", "of"]:
        return gap
    col = resolve(ctx, m)
    if col is None or col.kind != "num" or singular(ctx.words[m.start]) not in col.words:
        return gap
    return gap[:-2]


def _possessive_head(ctx: Ctx, m: Mention) -> bool:
    """The mention is (or starts with) a possessive noun followed by a column: "owner's first name"."""
    for k in range(m.start, m.end):
        if ctx.toks[k].possessive:
            if k + 1 < m.end:
                return True
            nxt = ctx.at(k + 1)
            return nxt is not None and nxt.kind == "column"
    return False


ORDER_FILLER = DESC_CUES | ASC_CUES | {"by", "the", "number", "of", "in", "order", "their", "its"}


def find_order(ctx: Ctx) -> None:
    """ORDER BY cues: 'ordered by X', 'in descending order of X', 'sorted by', 'alphabetical order'."""
    words = ctx.words
    cue_idx = [
        i
        for i, w in enumerate(words)
        if (w in ORDER_CUES and w != "order" and _order_cue_followed(words, i))
        or w in ("alphabetical", "alphabetically", "lexicographical")
        or (w == "order" and (words[i + 1 : i + 2] in (["by"], ["of"]) or (i > 0 and words[i - 1] in DESC_CUES | ASC_CUES)))
    ]
    if not cue_idx:
        return
    i = cue_idx[0]
    window = words[max(0, i - 3) : i + 8]
    desc = any(w in DESC_CUES for w in window)
    target: Mention | None = None
    for m in ctx.ments:
        if m.start > i and m.kind in ("column", "table") and id(m) not in ctx.used:
            between = words[i + 1 : m.start]
            if len(between) <= 4 or (len(between) <= 6 and set(between) <= ORDER_FILLER):
                target = m
            break
    if target is None:
        for m in reversed(ctx.ments):
            if m.end <= i and m.kind == "column" and words[m.end : i] and set(words[m.end : i]) <= {"in", "by", "the", "descending", "ascending", "order", "of", "sorted", "ordered", "from", "to"}:
                target = m
                break
    # direction from adjectives: 'from the oldest to the youngest'
    for w in window:
        base = COMPARATIVE_FORMS.get(w)
        if base and w.endswith("est"):
            _, direction = ADJECTIVE_COLUMNS[base]
            desc = direction == "desc"
            break
    # 'from most to fewest', 'from lowest to highest': the first extreme said is where the order starts
    span = [w for w in window if w in ("most", "highest", "largest", "fewest", "least", "lowest", "smallest")]
    if span and "to" in window:
        desc = span[0] in ("most", "highest", "largest")
    count_like = any(w in ("count", "frequency", "number", "frequent", "popularity") for w in words[i : i + 6])
    if target is None and {"most", "fewest"} & set(words[i : i + 6]) and "to" in words[i : i + 6]:
        count_like = True  # 'sorted from most to fewest': most and fewest say how many, so the order is by the count
    if target is None and "number" in words[max(0, i - 6) : i] \
            and not any(m.kind == "column" and max(0, i - 6) <= m.start < i for m in ctx.ments):
        count_like = True  # 'cities and their number of customers in descending order': the count just said
    if count_like and target is not None and target.kind == "column" and words[target.start - 2 : target.start] == ["number", "of"]:
        stored = resolve(ctx, target)  # 'the number of years they worked' is a stored count (year_of_work)
        if stored is not None and stored.kind == "num" and singular(words[target.start]) in stored.words:
            count_like = False
    if target is not None and target.kind == "table" and not count_like and set(words[target.start : target.end]) & DATE_WORDS:
        # 'in order of their date' where 'date' names a date dimension: its date, reached by the row's own key to it
        col = _date_of_dimension(ctx, target)
        if col is None:
            ctx.doubts.append(f"The question sorts by '{target.text}', which names a table, not a date of the rows "
                              "it lists, so I cannot tell which value orders them. Which date should I sort by?")
            return
        ctx.used.add(id(target))
        ctx.plan.order.append((Item(col.table, col.name), desc))
        if col.table not in ctx.plan.tables:
            ctx.plan.tables.append(col.table)
    elif target is not None and target.kind == "column" and not count_like:
        ctx.used.add(id(target))
        col = resolve(ctx, target)
        if col:
            ctx.plan.order.append((Item(col.table, col.name), desc))
    elif count_like:
        ctx.plan.order.append((Item(None, None, "count"), desc))
    elif (by_adj := _order_adjective(ctx, i)) is not None:
        col, adj_desc = by_adj  # 'sorted from youngest to oldest': the adjective names the column (age)
        ctx.plan.order.append((Item(col.table, col.name), adj_desc))
        if col.table not in ctx.plan.tables:
            ctx.plan.tables.append(col.table)
    else:
        ctx.plan.order.append((Item(None, "__first__"), desc))


def _order_adjective(ctx: Ctx, cue: int) -> tuple[ColumnInfo, bool] | None:
    """An order cue that names no column but starts from an extreme ('sorted from youngest to oldest',
    'ordered from the oldest'): the first such adjective after the cue says the column and where the order
    starts, so the rows are not sorted by the first shown column instead."""
    words = ctx.words
    for k in range(cue + 1, min(len(words), cue + 5)):
        base = COMPARATIVE_FORMS.get(words[k])
        if base and words[k].endswith("est") and base in ADJECTIVE_COLUMNS:
            found = adjective_column(ctx, base, k)
            return (found[0], found[1] == "desc") if found is not None else None
    return None


DATE_WORDS = frozenset("date dates day days calendar time".split())


def _date_of_dimension(ctx: Ctx, m: Mention) -> ColumnInfo | None:
    """The one date column of a table the listed rows refer to by exactly one key (dim_event.event_date_key ->
    dim_date.full_date); None when the table is no such dimension or the way to it is not single."""
    t = m.best_table()
    if t is None:
        return None
    named = [o.best_table() for o in ctx.ments if o is not m and o.kind == "table"]
    listed = {x.name: x for x in ([ctx.root] if ctx.root is not None else []) + [b for b in named if b is not None]}
    refs = [x for x in listed.values() if x.name != t.name
            and sum(1 for c in x.columns if c.fk is not None and c.fk[0].lower() == t.name.lower()) == 1]
    dates = [c for c in t.columns if not c.is_key and holds_dates(c)]
    return dates[0] if len(refs) == 1 and len(dates) == 1 else None


def _order_cue_followed(words: list[str], i: int) -> bool:
    """'sorted by X', 'ranked in descending order' — but not 'arranged to teach'."""
    after = words[i + 1 : i + 4]
    return not after or any(w in ("by", "in", "from", "according", "on", "with") or w in DESC_CUES | ASC_CUES for w in after)


def _names_column(lemma: str, words: tuple[str, ...] | list[str]) -> bool:
    """The question's word is one of the column's words, whole or as the column abbreviates it ('minutes' for
    a column named ..._min), so 'number of <it>' names that stored number."""
    return any(lemma == w or (len(w) >= 3 and lemma.startswith(w)) for w in words)


def read_head(ctx: Ctx, hs: int, hb: int, first: bool = True) -> list[tuple[Mention | None, list[str], bool]]:
    """Projection mentions with their aggregates: [(mention, aggs, distinct)]."""
    words = ctx.words
    out: list[tuple[Mention | None, list[str], bool]] = []
    pending: list[str] = []
    distinct = False
    i = hs
    if ctx.head_break is not None or not first:
        pass
    elif words[:2] == ["how", "many"]:
        pending.append("count")
        i = max(i, 2)
    elif words[:1] == ["count"]:
        pending.append("count")
    while i < hb:
        m = ctx.at(i)
        w = words[i]
        if m is not None:
            if id(m) in ctx.used or any(g is m for g, _ in ctx.group_targets):
                if pending == ["count"] and words[max(0, m.start - 2) : m.start] == ["number", "of"]:
                    pending = []  # 'for different number of cylinders': the group's own stored number, not a count
                i = m.end
                continue
            if m.kind == "column" and words[m.end : m.end + 1] == ["than"] and words[m.end - 1] in COMPARATIVE_FORMS:
                i = m.end  # 'teachers older than ...': the adjective is a filter
                continue
            if m.kind == "column" and _followed_by_comparison(words, m.end):
                if not out and m.columns:
                    t = ctx.index.table(m.columns[0][0].table)
                    if t is not None and any(tok.lemma in t.key_words for tok in ctx.toks[m.start : m.end]):
                        out.append((Mention("table", m.start, m.start + 1, m.text, tables=[(t, 1.0)]), pending, distinct))
                        pending = []
                i = m.end
                continue
            if m.kind == "column":
                merged = combine_of(ctx, m)
                if merged is not None:
                    m = merged
            if m.kind == "table" and m.columns and words[m.end : m.end + 1] in (["of"], ["for"]):
                qm = qualifier_mention(ctx, m)
                qt, mt = (qm.best_table() if qm is not None else None), m.best_table()
                # 'the model of the car' first; or the qualifier's own key to the named table ('..., and the size of
                # their dog': the dog's size code, not the sizes table joined in)
                attribute = (not out and m.columns[0][1] >= 0.9) or qt is not None and mt is not None and any(
                    c.table == qt.name and c.fk is not None and c.fk[0].lower() == mt.name.lower() for c, _ in m.columns)
                if qm is not None and attribute and qt is not mt and id(qm) not in ctx.used:
                    # 'the model of the car': the first noun is an attribute of the second
                    ctx.used.add(id(m))
                    m = Mention("column", m.start, m.end, m.text, columns=m.columns)
            if m.kind == "column":
                inner_of = next((k for k in range(m.start + 1, m.end - 1) if words[k] == "of"), None)
                if inner_of is not None:
                    after = {t.lemma for t in ctx.toks[inner_of + 1 : m.end]}
                    named_t = next((t for t in ctx.index.tables if set(t.key_words) <= after), None)
                    top = m.columns[0][1] if m.columns else 0.0
                    if named_t is not None and any(c.table == named_t.name and sc >= top - 0.01 for c, sc in m.columns):
                        ctx.qual_tables.append((m.start, named_t))  # 'id of courses' names the courses
                qm = qualifier_mention(ctx, m)
                if qm is not None and id(qm) not in ctx.used:
                    ctx.used.add(id(qm))
                    ctx.qual_tables.append((qm.start, qm.best_table()))  # type: ignore[arg-type]
            if _described_entity(ctx, m, out, pending):
                i = m.end  # 'the make of the car models with 3 cylinders': the models are described, not shown
                continue
            if m.kind in ("column", "table"):
                if pending == ["count"] and not distinct and _stored_count(ctx, m):
                    pending = []  # 'how many cylinders does the car have': the number stored in that column
                elif "count" in pending and len(pending) > 1 and m.kind == "column" and words[max(0, m.start - 2) : m.start] \
                        in (["how", "many"], ["number", "of"]) and m.columns and m.columns[0][0].kind == "num" \
                        and not m.columns[0][0].is_key and (words[m.start - 1] == "many"
                                                            or _names_column(ctx.toks[m.end - 1].lemma, m.columns[0][0].words)):
                    # 'on average, how many labor hours': the hours; 'the total number of seats': the stored seats added up
                    pending = [a for a in pending if a != "count"]
                if "most" in words[max(hs, i - 2) : i] and any(x in COMMON_CUES for x in words[max(hs, i - 2) : i]):
                    out.append((m, ["__common__"], distinct))
                elif not out and not pending and _most_often_value(ctx, m):
                    out.append((m, ["__often__"], distinct))
                else:
                    out.extend((part, pending, distinct) for part in _every_numbered_column(ctx, m))
                ctx.used.add(id(m))
                pending = []
                distinct = False
            i = m.end
            continue
        if w in ("different", "distinct", "unique"):
            distinct = True
        elif w in AGG_WORDS and w not in ("most", "least", "top", "overall", "combined"):
            agg = AGG_WORDS[w]
            nxt_m = ctx.at(i + 1)
            if agg in ("max", "min") and w not in ("maximum", "minimum", "max", "min") and out and not pending:
                i += 1
                continue
            pending.append(agg)
            _ = nxt_m
        elif w in ("number", "count") and i + 1 < len(words) and words[i + 1] == "of":
            pending.append("count")
        elif w in ("number", "count") and (i + 1 >= hb or ctx.toks[i + 1].clause_break) and "count" not in pending:
            if not _sort_key_phrase(words, i):  # 'in ascending order of count' sorts by the count, shows no count
                pending.append("count")
        elif w == "many" and i > 0 and words[i - 1] == "how" and "count" not in pending:
            pending.append("count")
        elif w == "much" and i > 0 and words[i - 1] == "how":
            pass
        i += 1
    if pending and "count" in pending:
        out.append((None, ["count"], distinct))
    return out


def _every_numbered_column(ctx: Ctx, m: Mention) -> list[Mention]:
    """'list the address id and all lines': 'all' before a plural noun that names several numbered columns of one
    table equally well (line_1, line_2, line_3) shows each of them, not the first."""
    words = ctx.words
    if (m.kind != "column" or m.end - m.start != 1 or words[m.start - 1 : m.start] != ["all"] or not m.columns
            or ctx.toks[m.start].low == ctx.toks[m.start].lemma):
        return [m]
    top, table = m.columns[0][1], m.columns[0][0].table
    same = [c for c, sc in m.columns if sc >= top - 1e-9 and c.table == table]
    numbered = [c for c in same if c.name.rstrip("0123456789").rstrip("_ ") != c.name
                and c.name.rstrip("0123456789").rstrip("_ ").lower() == same[0].name.rstrip("0123456789").rstrip("_ ").lower()]
    if len(numbered) < 2 or len(numbered) != len(same):
        return [m]
    return [Mention("column", m.start, m.end, m.text, tables=m.tables, columns=[(c, top)]) for c in numbered]


def _most_often_value(ctx: Ctx, m: Mention) -> bool:
    """'Which coupon code was used most often?': a which/what question whose first head item is a plain column
    (no key, no aggregate) and which ends in 'most often'/'most frequently' asks for the column's most common value."""
    words = ctx.words
    if m.kind != "column" or not m.columns or m.columns[0][0].is_pk or m.columns[0][0].fk or words[:1] not in (["which"], ["what"]):
        return False
    if any(o.kind == "table" and o.start > m.end for o in ctx.ments):
        return False  # 'which city do customers order from most often': the rows of another table, the ranking's job
    return any(words[k] == "most" and words[k + 1] in FREQUENCY_ADVERBS for k in range(m.end, len(words) - 1))


ENTITY_CLAUSE = frozenset("with that whose which who having".split())


def _described_entity(ctx: Ctx, m: Mention, out: list[tuple[Mention | None, list[str], bool]],
                      pending: list[str]) -> bool:
    """'the maximum horsepower and the make of the car models with 3 cylinders': a noun right after 'X of (the)' and
    before a relative clause ('with ...', 'that ...') names the rows X belongs to, not one more column to show
    (it only linked to a column because no table is called that)."""
    if m.kind != "column" or pending or not out or not m.columns or m.columns[0][0].kind != "text":
        return False
    words = ctx.words
    gap = 2 if words[max(0, m.start - 2) : m.start] == ["of", "the"] else 1 if words[m.start - 1 : m.start] == ["of"] else 0
    prev = out[-1][0]
    if not gap or prev is None or prev.end != m.start - gap or prev.kind != "column" or out[-1][1]:
        return False
    return words[m.end : m.end + 1] != [] and words[m.end] in ENTITY_CLAUSE and not ctx.toks[m.end].clause_break


def _sort_key_phrase(words: list[str], i: int) -> bool:
    """The word at ``i`` ends a sorting phrase ('in ascending order of count', 'sorted by count')."""
    before = words[max(0, i - 4) : i]
    return bool(before) and before[-1] in ("of", "by", "the") and any(w in ORDER_CUES for w in before)


def _stored_count(ctx: Ctx, m: Mention) -> bool:
    """'How many cylinders does the car ... have?': a numeric column named by the counted noun, asked about
    one thing's possession ('does ... have'), holds the answer; it is not a count of rows."""
    words = ctx.words
    before = words[max(0, m.start - 2) : m.start]
    if m.kind != "column" or before not in (["how", "many"], ["number", "of"]):
        return False
    if before == ["number", "of"]:  # 'the number of seats of the aircraft A320': that aircraft's stored seats
        if words[m.end : m.end + 1] not in (["of"], ["for"], ["in"]) or words[max(0, m.start - 3) : m.start - 2] == ["total"]:
            return False
    elif words[m.end : m.end + 1] not in (["does"], ["did"], ["do"]) or not any(w in ("have", "has", "had") for w in words[m.end :]):
        return False
    col = resolve(ctx, m)
    return col is not None and col.kind == "num" and not col.is_key and ctx.toks[m.end - 1].lemma in col.words


def _followed_by_comparison(words: list[str], end: int) -> bool:
    """'products cost more than 3', 'teams founded before 1910': the column is a filter, not something to show."""
    nxt = " ".join(words[end : end + 5])
    for lead in ("", "is ", "are ", "was ", "of "):
        if nxt.startswith(lead + "between "):
            return True  # 'menu items priced between 10 and 20'
        for phrase, _op in COMPARISON_PHRASES:
            if " " in phrase or phrase in ("over", "above", "below", "under", "exceeding", "before", "after"):
                if nxt.startswith(lead + phrase + " "):
                    return True
    return False


def combine_of(ctx: Ctx, m: Mention) -> Mention | None:
    """'name of the song' -> the column song_name when both words belong to one column."""
    from ..linking import match_words

    after = ctx.words[m.end : m.end + 3]
    if after[:1] == ["and"]:
        return _combine_shared_of(ctx, m)
    if after[:1] != ["of"] and after[:1] != ["for"]:
        return None
    m2 = ctx.next_mention(m.end + 1, ("column",), skip=0)
    if m2 is None or m2.start > m.end + 3:
        return None
    words = [t.lemma for t in ctx.toks[m2.start : m2.end] + ctx.toks[m.start : m.end] if t.lemma not in STOPWORDS]
    best: tuple[float, ColumnInfo] | None = None
    for t in ctx.index.tables:
        for c in t.columns:
            sc = match_words(words, c.words)
            if sc >= 0.9 and (best is None or sc > best[0]):
                best = (sc, c)
    if best is None:
        return None
    ctx.used.add(id(m2))
    return Mention("column", m.start, m2.end, m.text + " of " + m2.text, columns=[(best[1], best[0])])


def _combine_shared_of(ctx: Ctx, m: Mention) -> Mention | None:
    """'the name and the release year of the song': the trailing 'of the song' qualifies both columns, so
    'name' is the song's name column when one column carries both words (the qualifier mention is not consumed:
    the second column reads it too)."""
    from ..linking import match_words

    words = ctx.words
    j = m.end + 1
    while j < len(words) and words[j] in ("the", "a", "an", "its", "their"):
        j += 1
    m_next = ctx.at(j)
    if m_next is None or m_next.kind != "column" or m_next.start != j or words[m_next.end : m_next.end + 1] not in (["of"], ["for"]):
        return None
    m2 = ctx.next_mention(m_next.end + 1, ("column",), skip=0)
    if m2 is None or m2.start > m_next.end + 3:
        return None
    own = resolve(ctx, m)
    lemmas = [t.lemma for t in ctx.toks[m2.start : m2.end] + ctx.toks[m.start : m.end] if t.lemma not in STOPWORDS]
    best = max(((match_words(lemmas, c.words), c) for t in ctx.index.tables for c in t.columns), key=lambda x: x[0],
               default=None)
    if best is None or best[0] < 0.9 or best[1] is own:
        return None
    return Mention("column", m.start, m.end, m.text + " of " + m2.text, columns=[(best[1], best[0])])


def choose_root(ctx: Ctx, hs: int, hb: int, head: list[tuple[Mention | None, list[str], bool]]) -> None:
    """The main entity: first table named in the projection, else the first column's table."""
    found: list[tuple[int, TableInfo]] = list(ctx.qual_tables)
    for m, _, _ in head:
        if m is not None and m.kind == "table" and m.best_table():
            found.append((m.start, m.best_table()))  # type: ignore[arg-type]
    for _, t in sorted(found, key=lambda x: x[0]):
        if t not in ctx.head_tables:
            ctx.head_tables.append(t)
    if ctx.head_tables:
        ctx.root = ctx.head_tables[0]
    elif ctx.lead_table is not None:
        each = [m.best_table() for m, _ in ctx.group_targets if m.kind == "table" and m.best_table() is not None]
        ctx.root = each[0] if each else ctx.lead_table
    else:
        for m, _, _ in head:
            if m is not None and m.kind == "column":
                q = qualifier(ctx, m)
                if q:
                    ctx.root = q
                    break
        if ctx.root is None:
            mentioned = {t.name for t in tables_in_question(ctx)}
            for m, _, _ in head:
                if m is not None and m.kind == "column" and m.columns and m.columns[0][1] >= 0.9 and (
                    len(m.columns) == 1 or m.columns[1][1] < m.columns[0][1] - 0.05
                ):
                    alt = [c for c, sc in m.columns[1:] if sc >= m.columns[0][1] - 0.3 and c.table in mentioned]
                    if m.columns[0][0].table not in mentioned and alt:
                        ctx.root = ctx.index.table(alt[0].table)
                    else:
                        ctx.root = ctx.index.table(m.columns[0][0].table)
                    break
        if ctx.root is None:
            tables = tables_in_question(ctx)
            if tables:
                ctx.root = tables[0]
            else:
                for m, _, _ in head:
                    if m is not None and m.columns:
                        top = [c for c, sc in m.columns if sc >= m.columns[0][1] - 0.05]
                        named = {t.name for t in confident_column_tables(ctx, m)}
                        pick = next((c for c in top if c.table in named), top[0])
                        ctx.root = ctx.index.table(pick.table)
                        break
    if ctx.root is None:
        for m in ctx.ments:
            if m.columns:
                ctx.root = ctx.index.table(m.columns[0][0].table)
                break
            if m.value_columns:
                ctx.root = ctx.index.table(m.value_columns[0].table)
                break
    if ctx.root is not None:
        ctx.plan.root = ctx.root.name


def finish_head_items(ctx: Ctx, head: list[tuple[Mention | None, list[str], bool]]) -> None:
    plan = ctx.plan
    for m, aggs, distinct in head:
        if m is None:
            if not any(it.agg == "count" for it in plan.select):
                plan.select.append(Item(ctx.root.name if ctx.root else None, None, "count"))
            continue
        if "__common__" in aggs or "__often__" in aggs:
            col = resolve(ctx, m) if m.kind == "column" else (m.best_table().name_column() if m.best_table() else None)
            if col:
                plan.select.append(Item(col.table, col.name))
                plan.group.append(Item(col.table, col.name))
                plan.order.append((Item(None, None, "count"), True))
                plan.limit = 1
                if "__often__" in aggs:  # 'which coupon code was used most often': rows with no code used none
                    add_where(ctx, Cond(col.table, col.name, "is not null"))
            continue
        if m.kind == "table":
            t = m.best_table()
            assert t is not None
            if "count" in aggs:
                label = t.name_column() if distinct else None
                if (label is not None and not label.is_key and label.distinct is not None and t.row_count
                        and label.distinct < t.row_count):
                    # 'how many different degrees' over degree programs whose names repeat: the different names
                    plan.select.append(Item(t.name, label.name, "count", True))
                else:
                    plan.select.append(Item(t.name, None, "count"))
                plan.tables.append(t.name)
            else:
                plan.tables.append(t.name)
                listed = list_member_column(ctx, m, t) or _described_by(ctx, t)
                if listed is not None:
                    plan.select.append(Item(listed.table, listed.name))
                    continue
                plan.select.append(Item(t.name, "__entity__", None, distinct))
            continue
        col = generic_column(ctx, m) or resolve(ctx, m)
        if col is None:
            continue
        if not aggs:
            plan.select.append(Item(col.table, col.name))
            if distinct:
                plan.distinct = True
        for agg in aggs:
            if agg == "count":
                words_m = {t.lemma for t in ctx.toks[m.start : m.end]}
                head_noun = ctx.toks[m.end - 1].lemma
                named = [t for t in ctx.index.tables if set(t.key_words) <= words_m]
                named.sort(key=lambda t: head_noun not in t.key_words)  # 'car models' counts models, not cars
                if named and not distinct:
                    if ctx.root is not None and ctx.root.name == col.table and not plan.select and named[0] is not ctx.root:
                        ctx.root = named[0]  # the counted thing is the entity asked about
                        plan.root = named[0].name
                    plan.select.append(Item(named[0].name, None, "count"))
                    plan.tables.append(named[0].name)
                    continue
                if not distinct and _counts_payments(ctx, m, col):
                    # 'how many payments failed' over charges.amount: the payments made, not their distinct amounts
                    plan.select.append(Item(col.table, None, "count"))
                    plan.tables.append(col.table)
                    continue
                if not distinct and _counts_flagged(ctx, m, col):
                    # 'how many smokers' over is_smoker: the rows the flag marks, not its two distinct values
                    plan.select.append(Item(col.table, None, "count"))
                    plan.tables.append(col.table)
                    add_where(ctx, Cond(col.table, col.name, "=", 1, text=m.text))
                    continue
                plan.select.append(Item(col.table, col.name, "count", distinct or True))
            else:
                plan.select.append(Item(col.table, col.name, agg))
    ctx.agg_present = any(it.agg for it in plan.select)


def _counts_payments(ctx: Ctx, m: Mention, col: ColumnInfo) -> bool:
    """'How many payments', 'how many fees': a plural noun that reached a money column counts the rows that carry the
    money (each payment is a row); how many different amounts were stored is asked as 'how many different ...'."""
    last = ctx.toks[m.end - 1]
    return (col.kind == "num" and not col.is_key and bool(set(col.words) & MONEY_WORDS) and last.low != last.lemma
            and last.low.endswith("s"))


def _count_of_the_first_sentence(ctx: Ctx, head: list[tuple[Mention | None, list[str], bool]]
                                 ) -> list[tuple[Mention | None, list[str], bool]]:
    """'How many courses does each teacher teach? Show teacher names.': the later sentence lists the columns
    to show beside the count the first one asks for; the count is kept, not replaced by a plain list."""
    if ctx.head_break is None or ctx.words[:2] != ["how", "many"] or any("count" in aggs for _, aggs, _ in head):
        return []
    if any(m is None for m, _, _ in head):
        return []
    k = 2
    while k < ctx.head_break and ctx.words[k] in ("different", "distinct", "unique", "of", "the"):
        k += 1
    m = ctx.at(k)
    if m is None or m.kind not in ("table", "column") or m.end > ctx.head_break:
        return []
    return [(m, ["count"], ctx.words[2] in ("different", "distinct", "unique"))]


LIST_LEAD = frozenset("and distinct different unique".split())


def unread_list_member(ctx: Ctx) -> str | None:
    """'Show name, country, age for all singers' where 'country' links to nothing: a member of the asked-for
    list that names no column would be dropped (or replaced by the entity's name) silently, so the answer
    would miss what was asked; the word is returned and the engine asks instead."""
    hs, hb = ctx.head or (0, 0)
    placed = {k for m in ctx.ments for k in range(m.start, m.end)}
    skip = (STOPWORDS | FILLER | _COMMON_QUESTION_WORDS | HEAD_CONTINUE | LIST_VERBS | QUESTION_START
            | ORDER_CUES | ASC_CUES | DESC_CUES | frozenset(AGG_WORDS) | frozenset(COMPARATIVE_FORMS))
    for i in range(hs, min(hb + 1, len(ctx.toks))):  # the word that ended the head may be the lost member
        t = ctx.toks[i]
        if i == hb and (t.sentence_break or not (t.pre.strip().startswith(",") or ctx.words[i - 1] == "and")):
            continue
        if i in placed or i in ctx.consumed or t.quoted or t.number is not None or not t.low.isalpha():
            continue
        if t.low in skip or t.lemma in skip or len(t.low) < 3:
            continue
        listed = t.pre.strip().startswith(",") or (i > hs and ctx.words[i - 1] in LIST_LEAD)
        nxt_listed = i + 1 < len(ctx.toks) and (ctx.toks[i + 1].pre.strip().startswith(",") or ctx.words[i + 1] == "and")
        of_table = ctx.words[i + 1 : i + 2] == ["of"] and _table_follows(ctx, i + 2)  # 'the record companies of orchestras'
        if not (listed or nxt_listed or of_table):
            continue
        near = [m for m in ctx.ments if m.kind in ("column", "table") and hs <= m.start < hb]
        if near:
            return t.text
    return None


def _table_follows(ctx: Ctx, k: int) -> bool:
    while k < len(ctx.words) and ctx.words[k] in ("the", "all", "each", "every", "a", "an", "those", "these"):
        k += 1
    m = ctx.at(k)
    return m is not None and m.kind == "table" and m.start == k


def _counts_flagged(ctx: Ctx, m: Mention, col: ColumnInfo) -> bool:
    """A plural noun that is the word of a 0/1 flag column ('smokers' ~ is_smoker, 'renewals' ~ is_renewal)."""
    last = ctx.toks[m.end - 1]
    if m.end - m.start != 1 or last.low == last.lemma or last.lemma not in col.words or col.is_key:
        return False
    role = derive_role(col.words, col.kind, is_key=False, samples=col.samples, complete=col.complete, distinct=col.distinct)
    return role == "flag" and (col.kind == "bool" or col.kind == "num" and (not col.samples or is_flag_values(set(col.samples))))


def _described_by(ctx: Ctx, t: TableInfo) -> ColumnInfo | None:
    """'How is the pottery workshop described?', 'Describe the workshop pottery': the verb asks for the table's
    one description column, not its name (which the question already gives)."""
    if not any(tok.lemma in ("describe", "described") and ctx.at(k) is None for k, tok in enumerate(ctx.toks)):
        return None
    found = [c for c in t.columns if "description" in c.words or "desc" in c.words]
    return found[0] if len(found) == 1 else None


def read_projection(ctx: Ctx) -> None:
    """The head of the question: what it asks to see, its grouping and ordering cues, and the root table."""
    hs, hb = head_span(ctx)
    ctx.head = (hs, hb)
    find_groups(ctx)
    find_order(ctx)
    head_items = read_head(ctx, hs, hb)
    for cs, ce in continuation_spans(ctx, hb):
        head_items.extend(read_head(ctx, cs, ce, first=False))
    head_items.extend(_count_of_the_first_sentence(ctx, head_items))
    choose_root(ctx, hs, hb, head_items)
    finish_head_items(ctx, head_items)
