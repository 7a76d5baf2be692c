"""Turn a question plus its schema mentions into a Plan (roles: select, filter, group, order, having)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import DateRange, find_date_ranges
from .lexicon import (
    ADJECTIVE_COLUMNS,
    AGG_WORDS,
    COMPARATIVE_FORMS,
    COMPARISON_PHRASES,
    STOPWORDS,
    SUPERLATIVE_ASC,
    SUPERLATIVE_DESC,
    Token,
    singular,
    stem,
)
from .linking import ColumnInfo, Mention, SchemaIndex, TableInfo
from .plan import Cond, Item, Plan

BOUNDARY = frozenset("who whose that which where with without having has have had whom when if whether".split())
AUX = frozenset("do does did is are was were can could will".split())
ADP = frozenset("from in on for by at between since during before after under over above below except".split())
NEGATIONS = frozenset("no not without never none nobody t".split())
LIKE_CUES = frozenset("contain contains containing substring include includes including like word phrase string letter".split())
ORDER_CUES = frozenset("order ordered sort sorted sorting rank ranked arrange arranged".split())
DESC_CUES = frozenset("descending decreasing desc reverse reversed reversely".split())
ASC_CUES = frozenset("ascending increasing asc alphabetical alphabetically lexicographical lexicographically".split())
COMMON_CUES = frozenset("common frequent popular usual typical".split())
PARTICIPLES = frozenset(
    "made built written held run done taken given known led won sold seen bought taught drawn grown shown "
    "owned driven spoken chosen stolen hit kept paid sent spent lost found".split()
)
QUESTION_START = frozenset("what which who whom how list show find give return tell display get count please name compute".split())


@dataclass
class Parsed:
    """Parser output: a plan, or what could not be understood."""

    plan: Plan | None
    understood: bool
    problems: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    confidence: float = 1.0
    readings: list[str] = field(default_factory=list)  # closest readings offered with a clarifying question


@dataclass
class Ctx:
    """Working state of one parse."""

    toks: list[Token]
    ments: list[Mention]
    index: SchemaIndex
    used: set[int] = field(default_factory=set)  # ids of consumed mentions
    plan: Plan = field(default_factory=Plan)
    assumptions: list[str] = field(default_factory=list)
    root: TableInfo | None = None
    head_tables: list[TableInfo] = field(default_factory=list)
    group_targets: list[tuple[Mention, str]] = field(default_factory=list)
    qual_tables: list[tuple[int, TableInfo]] = field(default_factory=list)
    existence: list[str] = field(default_factory=list)
    agg_present: bool = False
    lead_clause: tuple[int, int] | None = None  # 'For the X with Y,' before the question proper
    consumed: set[int] = field(default_factory=set)  # token positions already read by a finder
    lead_table: TableInfo | None = None  # subject of a first sentence when a later one lists the columns
    head_break: int | None = None  # token where that later sentence starts
    head: tuple[int, int] | None = None  # token range of the projection phrase
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # id(cond) -> tokens it was read from

    @property
    def words(self) -> list[str]:
        return [t.low for t in self.toks]

    def at(self, i: int) -> Mention | None:
        return next((m for m in self.ments if m.start <= i < m.end), None)

    def gap_before(self, m: Mention, k: int = 4) -> list[str]:
        """Words between the previous mention and ``m`` (at most k, nearest last)."""
        prev_end = max([x.end for x in self.ments if x.end <= m.start] or [0])
        return self.words[max(prev_end, m.start - k) : m.start]

    def words_before(self, i: int, k: int) -> list[str]:
        return self.words[max(0, i - k) : i]

    def words_after(self, i: int, k: int) -> list[str]:
        return self.words[i : i + k]

    def next_mention(self, i: int, kinds: tuple[str, ...] = ("table", "column", "value", "number"), skip: int = 4) -> Mention | None:
        m = next((x for x in self.ments if x.start >= i and x.kind in kinds), None)
        if m is None:
            return None
        between = [w for w in self.words[i : m.start] if w not in STOPWORDS]
        return m if len(between) <= skip else None

    def prev_mention(self, i: int, kinds: tuple[str, ...] = ("column",), skip: int = 4) -> Mention | None:
        cands = [x for x in self.ments if x.end <= i and x.kind in kinds]
        if not cands:
            return None
        m = cands[-1]
        between = [w for w in self.words[m.end : i] if w not in STOPWORDS]
        return m if len(between) <= skip else None


# ------------------------------------------------------------------ column resolution


def _tables_in_question(ctx: Ctx) -> list[TableInfo]:
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
    wide = [(c, s) for c, s in m.columns if s >= best - 0.3]
    for t in (prefer or []) + ([ctx.root] if ctx.root else []):
        for c, s in wide:
            if c.table == t.name:
                return c
    order.extend(prefer or [])
    if ctx.root:
        order.append(ctx.root)
    order.extend(ctx.head_tables)
    order.extend(_tables_in_question(ctx))
    order.extend(_confident_column_tables(ctx, m))
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
    from .joins import shortest_path
    from .sqlgen import index_edges

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


def _confident_column_tables(ctx: Ctx, skip: Mention) -> list[TableInfo]:
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


def adjective_column(ctx: Ctx, adj: str, near: int) -> tuple[ColumnInfo, str] | None:
    """Column and direction an adjective like 'youngest' refers to, in the nearest table."""
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
    tables.extend(_tables_in_question(ctx))
    tables.extend(ctx.index.tables)
    for t in tables:
        c = column_in(t, words, ("num", "date", "text"))
        if c is not None:
            if c.kind == "date" and adj in ("young", "old"):
                direction = "desc" if direction == "asc" else "asc"
            return c, direction
    return None


# ------------------------------------------------------------------ main entry


def parse(toks: list[Token], ments: list[Mention], index: SchemaIndex) -> Parsed:
    """Parse a linked question into a Plan."""
    ctx = Ctx(toks, ments, index)
    if not any(m.kind in ("table", "column") for m in ments) and not any(m.value_columns for m in ments):
        return Parsed(None, False, ["I could not match any words of the question to tables or columns."])
    words = ctx.words
    hs, hb = head_span(ctx)
    ctx.head = (hs, hb)
    find_groups(ctx)
    find_order(ctx)
    head_items = read_head(ctx, hs, hb)
    for cs, ce in continuation_spans(ctx, hb):
        head_items.extend(read_head(ctx, cs, ce, first=False))
    choose_root(ctx, hs, hb, head_items)
    finish_head_items(ctx, head_items)
    find_between(ctx)
    find_than_superlative(ctx)
    find_avg_compare(ctx)
    find_frequency_subquery(ctx)
    find_superlatives(ctx, hs, hb)
    find_negations(ctx)
    find_column_comparisons(ctx)
    find_number_conditions(ctx)
    find_values(ctx)
    find_dates(ctx)
    leftover_tables(ctx)
    assemble(ctx, words)
    plan = ctx.plan
    plan.notes.extend(f"hint:{stem(t.lemma)}" for t in toks if t.lemma not in STOPWORDS and t.number is None and not t.quoted)
    if not plan.select:
        return Parsed(None, False, ["I could not tell which columns the question asks for."])
    return Parsed(plan, True, assumptions=ctx.assumptions, confidence=_confidence(ctx))


def _confidence(ctx: Ctx) -> float:
    linked = [m for m in ctx.ments if m.kind in ("table", "column")]
    if not linked:
        return 0.3
    scores = [max([s for _, s in m.columns] + [s for _, s in m.tables] + [0]) for m in linked]
    return sum(scores) / len(scores)


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
        gap = ctx.gap_before(m, 3)
        if not gap:
            continue
        last = gap[-1]
        is_group = last in ("each", "every", "per") or (last == "different" and len(gap) > 1 and gap[-2] in ("each", "every"))
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
    if any(w in ("most", "highest", "largest") for w in window) and "to" in window:
        desc = True
    count_like = any(w in ("count", "frequency", "number", "frequent", "popularity") for w in words[i : i + 6])
    if count_like and target is not None and target.kind == "column" and words[target.start - 2 : target.start] == ["number", "of"]:
        stored = resolve(ctx, target)  # 'the number of years they worked' is a stored count (year_of_work)
        if stored is not None and stored.kind == "num" and singular(words[target.start]) in stored.words:
            count_like = False
    if target is not None and target.kind == "column" and not count_like:
        ctx.used.add(id(target))
        col = resolve(ctx, target)
        if col:
            ctx.plan.order.append((Item(col.table, col.name), desc))
    elif count_like:
        ctx.plan.order.append((Item(None, None, "count"), desc))
    else:
        ctx.plan.order.append((Item(None, "__first__"), desc))


def _order_cue_followed(words: list[str], i: int) -> bool:
    """'sorted by X', 'ranked in descending order' — but not 'arranged to teach'."""
    after = words[i + 1 : i + 4]
    return not after or any(w in ("by", "in", "from", "according", "on", "with") or w in DESC_CUES | ASC_CUES for w in after)


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
            if m.kind == "table" and m.columns and m.columns[0][1] >= 0.9 and not out:
                qm = qualifier_mention(ctx, m)
                if qm is not None and qm.best_table() is not m.best_table() and id(qm) not in ctx.used:
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
            if m.kind in ("column", "table"):
                if pending == ["count"] and not distinct and _stored_count(ctx, m):
                    pending = []  # 'how many cylinders does the car have': the number stored in that column
                if "most" in words[max(hs, i - 2) : i] and any(x in COMMON_CUES for x in words[max(hs, i - 2) : i]):
                    out.append((m, ["__common__"], distinct))
                else:
                    out.append((m, pending, distinct))
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
            pending.append("count")
        elif w == "many" and i > 0 and words[i - 1] == "how" and "count" not in pending:
            pending.append("count")
        elif w == "much" and i > 0 and words[i - 1] == "how":
            pass
        i += 1
    if pending and "count" in pending:
        out.append((None, ["count"], distinct))
    return out


def _stored_count(ctx: Ctx, m: Mention) -> bool:
    """'How many cylinders does the car ... have?': a numeric column named by the counted noun, asked about
    one thing's possession ('does ... have'), holds the answer; it is not a count of rows."""
    words = ctx.words
    if m.kind != "column" or words[max(0, m.start - 2) : m.start] != ["how", "many"]:
        return False
    if words[m.end : m.end + 1] not in (["does"], ["did"], ["do"]) or not any(w in ("have", "has", "had") for w in words[m.end :]):
        return False
    col = resolve(ctx, m)
    return col is not None and col.kind == "num" and not col.is_key and ctx.toks[m.end - 1].lemma in col.words


def _followed_by_comparison(words: list[str], end: int) -> bool:
    """'products cost more than 3': the column is a filter, not something to show."""
    nxt = " ".join(words[end : end + 5])
    for lead in ("", "is ", "are ", "was ", "of "):
        for phrase, _op in COMPARISON_PHRASES:
            if " " in phrase or phrase in ("over", "above", "below", "under", "exceeding"):
                if nxt.startswith(lead + phrase + " "):
                    return True
    return False


def combine_of(ctx: Ctx, m: Mention) -> Mention | None:
    """'name of the song' -> the column song_name when both words belong to one column."""
    from .linking import match_words

    after = ctx.words[m.end : m.end + 3]
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
            mentioned = {t.name for t in _tables_in_question(ctx)}
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
            tables = _tables_in_question(ctx)
            if tables:
                ctx.root = tables[0]
            else:
                for m, _, _ in head:
                    if m is not None and m.columns:
                        top = [c for c, sc in m.columns if sc >= m.columns[0][1] - 0.05]
                        named = {t.name for t in _confident_column_tables(ctx, m)}
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
        if "__common__" in aggs:
            col = resolve(ctx, m) if m.kind == "column" else (m.best_table().name_column() if m.best_table() else None)
            if col:
                plan.select.append(Item(col.table, col.name))
                plan.group.append(Item(col.table, col.name))
                plan.order.append((Item(None, None, "count"), True))
                plan.limit = 1
            continue
        if m.kind == "table":
            t = m.best_table()
            assert t is not None
            if "count" in aggs:
                plan.select.append(Item(t.name, None, "count"))
                plan.tables.append(t.name)
            else:
                plan.tables.append(t.name)
                listed = list_member_column(ctx, m, t)
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
                plan.select.append(Item(col.table, col.name, "count", distinct or True))
            else:
                plan.select.append(Item(col.table, col.name, agg))
    ctx.agg_present = any(it.agg for it in plan.select)


# ------------------------------------------------------------------ conditions


def _cmp_before(words: list[str], end: int, k: int = 6) -> tuple[str, int] | None:
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
    for phrase, op in COMPARISON_PHRASES:
        if text.endswith(phrase) or (" " + phrase + " ") in (" " + text + " "):
            pos = (" " + text + " ").rfind(" " + phrase + " ")
            start = max(0, end - k) + len(text[:pos].split())
            return op, start
    return None


SPLIT_COMPARATIVES = {
    "greater": ">", "more": ">", "larger": ">", "higher": ">", "bigger": ">", "longer": ">", "later": ">",
    "less": "<", "fewer": "<", "smaller": "<", "lower": "<", "shorter": "<", "earlier": "<",
}


def _cmp_after(words: list[str], start: int) -> str | None:
    nxt = " ".join(words[start : start + 3])
    for phrase, op in COMPARISON_PHRASES:
        if phrase.startswith("or ") or phrase.startswith("and "):
            if nxt.startswith(phrase):
                return op
    return None


def _adjective_in(words: list[str]) -> tuple[str, str] | None:
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
        add_where(ctx, Cond(col.table, col.name, "between", _num(a.value, col), _num(b.value, col)))


def _num(v: object, col: ColumnInfo | None) -> object:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if col is not None and col.kind == "text":
        return str(v)
    return v


def _column_for_number(ctx: Ctx, cue_at: int, num: Mention) -> ColumnInfo | None:
    """Which column a number constrains: a column named just before, an adjective, or a year column."""
    words = ctx.words
    adj = _adjective_in(words[max(0, cue_at - 3) : num.start])
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
    return year_column(ctx, num)


def _nearest_tables(ctx: Ctx) -> list[TableInfo]:
    """All tables, fewest joins from the root first (a date on the order, not on the customer's signup)."""
    from .joins import shortest_path
    from .sqlgen import index_edges

    if ctx.root is None:
        return list(ctx.index.tables)
    adj = index_edges(ctx.index)
    root = ctx.root.name

    def dist(t: TableInfo) -> int:
        p = shortest_path(adj, root, t.name)
        return len(p) if p is not None else 99

    return sorted(ctx.index.tables, key=dist)


def year_column(ctx: Ctx, num: Mention) -> ColumnInfo | None:
    v = num.value
    if not isinstance(v, float) or not (1000 <= v <= 2200) or not v.is_integer():
        return None
    near = ctx.prev_mention(num.start, ("table",), skip=2)
    first = [near.best_table()] if near is not None and near.best_table() is not None else []
    tables = first + ([ctx.root] if ctx.root else []) + _tables_in_question(ctx) + ctx.index.tables  # type: ignore[operator]
    for t in tables:
        for c in t.columns:
            if "year" in c.words and not c.is_key:
                return c
    for t in first + ([ctx.root] if ctx.root else []) + _tables_in_question(ctx) + _nearest_tables(ctx):  # type: ignore[operator]
        for c in t.columns:
            if c.kind == "date":
                return c
    return None


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
        cmp = _cmp_before(words, t + 1, 6)
        adj_cmp = _adjective_in(words[max(0, t - 2) : t])
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
        cmp = _cmp_before(words, i - (1 if words[i - 1] == "the" else 0), 4)
        adj = _adjective_in(words[max(0, i - 4) : i])
        if cmp is None and adj is None:
            continue
        op = cmp[0] if cmp else adj[1]  # type: ignore[index]
        col: ColumnInfo | None = None
        m_here = ctx.at(i)
        nxt = ctx.next_mention(i + 1, ("column",), skip=0)
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


def find_superlatives(ctx: Ctx, hs: int, hb: int) -> None:
    """'with the most X', 'highest Y', 'youngest', 'most expensive' -> ORDER BY ... LIMIT."""
    words = ctx.words
    plan = ctx.plan
    if plan.limit is not None:
        return
    for i, w in enumerate(words):
        if i > 0 and words[i - 1] == "at" and w in ("least", "most"):
            continue
        if i in ctx.consumed:
            continue
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
        if base and (w.endswith("est") or w in ("most", "least", "first", "last")) and base in ADJECTIVE_COLUMNS:
            m_here = ctx.at(i)
            if m_here is not None and m_here.kind == "column" and m_here.start < i:
                continue
            if plan.order and any(x in ("from", "to") for x in words[max(0, i - 2) : i]):
                continue
            found = adjective_column(ctx, base, i)
            if found is None and w not in SUPERLATIVE_DESC and w not in SUPERLATIVE_ASC:
                continue
        if base and found is not None and (w.endswith("est") or w in ("most", "least", "first", "last")):
            col, direction = found
            if hs <= i < hb and _only_this_in_head(ctx):
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
            plan.order.append((Item(col.table, col.name), direction == "desc"))
            plan.limit = 1
            return
        if w in SUPERLATIVE_DESC or w in SUPERLATIVE_ASC or w in ("greatest", "fewest"):
            if w in ("most", "least") and i + 1 < len(words) and words[i + 1] in COMMON_CUES:
                continue
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
            ctx.used.add(id(target))
            count_words = any(x in ("number", "count", "many") for x in words[i : target.start])
            if target.kind == "table" or (count_words and target.kind == "column" and target.tables and target.tables[0][1] >= 0.9):
                t = target.best_table()
                assert t is not None
                plan.tables.append(t.name)
                plan.order.append((Item(t.name, None, "count"), desc))
                plan.limit = _top_n(words, i) or 1
                plan.notes.append("group_for_count:" + t.name)
                return
            col = resolve(ctx, target)
            if col is None:
                continue
            if in_head and _only_this_in_head(ctx) and not plan.select:
                plan.select.append(Item(col.table, col.name, "max" if desc else "min"))
                return
            agg = "sum" if total else None
            plan.order.append((Item(col.table, col.name, agg), desc))
            plan.limit = _top_n(words, i) or 1
            if agg:
                plan.notes.append("group_for_sum:" + col.table)
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
    for t in _nearest_tables(ctx):
        for c in t.columns:
            if c.kind == "num" and not c.is_key and any(w in MONEY_WORDS for w in c.words):
                return Mention("column", i + 1, i + 1, c.name, columns=[(c, 1.0)])
    return None


def _top_n(words: list[str], i: int) -> int | None:
    for w in words[max(0, i - 2) : i + 2]:
        if w.isdigit():
            return int(w)
    if i > 0 and words[i - 1] == "top":
        return None
    return None


def _only_this_in_head(ctx: Ctx) -> bool:
    return not any(it.column and it.column != "__entity__" for it in ctx.plan.select)


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
        for m in ctx.ments:
            if m.start > skip_to and m.kind in ("table", "value", "column"):
                gap = [x for x in words[skip_to + 1 : m.start] if x not in STOPWORDS]
                if len(gap) <= 3 and not any(x in ("than", "more", "less", "equal") for x in words[i + 1 : m.start]):
                    target = m
                break
        if target is None or ctx.root is None:
            continue
        if target.kind == "value":
            vcols = [c for c in target.value_columns if c.table != ctx.root.name]
            has_verb = any(x in ("have", "has", "own", "owns", "had", "having", "get", "take", "took") for x in words[i : target.start])
            if not vcols or not has_verb or len(vcols) != len(target.value_columns):
                continue
            pk = ctx.root.pk()
            if pk is None:
                continue
            col = vcols[0]
            ctx.used.add(id(target))
            sub = Plan(root=col.table, select=[Item(ctx.root.name, pk.name)], tables=[ctx.root.name, col.table],
                       where=[[Cond(col.table, col.name, "=", _value_text(target, col))]])
            add_where(ctx, Cond(ctx.root.name, pk.name, "not in", sub=sub, text=f"not {target.text}"))
            _consume_clause_tables(ctx, i, sub)
            continue
        if target.kind == "column":
            continue
        t = target.best_table()
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
                    sub.where.append([Cond(col.table, col.name, "=", v.value if v.quoted and v.value else _value_text(v, col))])
                    sub.tables.append(col.table)
                    ctx.used.add(id(v))
            elif v.kind == "value" and v.quoted and not v.value_columns and target.end <= v.start < _clause_end(ctx, target.end):
                prev_col = ctx.prev_mention(v.start, ("column",), skip=2)
                pc = next((c for c, _ in prev_col.columns if c.table == t.name), None) if prev_col else None
                if pc is not None and prev_col is not None:
                    sub.where.append([Cond(pc.table, pc.name, "=", _typed_value(str(v.value), pc))])
                    ctx.used.update({id(v), id(prev_col)})
        add_where(ctx, Cond(ctx.root.name, pk.name, "not in", sub=sub, text=f"no {target.text}"))
        _consume_clause_tables(ctx, i, sub)

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


def _value_text(m: Mention, col: ColumnInfo) -> str:
    """The value exactly as stored (case of the data, not of the question)."""
    low = m.text.lower()
    parts = low.split()
    alt = " ".join(parts[:-1] + [singular(parts[-1])]) if parts else low
    for form in (low, alt):
        for s in col.samples:
            if s.lower() == form:
                return s
    joined = "".join(parts)
    for s in col.samples:
        if s.lower() == joined:
            return s  # the same words written without spaces in the data
    if len(parts) == 1:
        for s in col.samples:
            if stem(low) in (s.lower(), stem(s.lower())):
                return s  # 'engineering' names the stored 'engineer'
    if isinstance(m.value, str):
        return m.value
    return m.text


def find_number_conditions(ctx: Ctx) -> None:
    """'older than 20', 'capacity above 5000', 'with more than 3 X' (HAVING), '8 cylinders'."""
    words = ctx.words
    plan = ctx.plan
    prev_cond_col: ColumnInfo | None = None
    for m in ctx.ments:
        if m.kind != "number" or id(m) in ctx.used:
            continue
        cmp = _cmp_before(words, m.start, 5)
        op = cmp[0] if cmp else (_cmp_after(words, m.end) or "=")
        cue = cmp[1] if cmp else m.start
        if cmp and any(w in ("not", "t", "never") for w in words[max(0, cue - 3) : cue]) and op in NEGATED_OP:
            op = NEGATED_OP[op]  # 'do not have more than 3 cylinders'
        adj = _adjective_in(words[max(0, cue - 3) : m.start])
        if adj and not cmp:
            op = adj[1]
        nxt = ctx.next_mention(m.end, ("table", "column"), skip=1)
        val = m.value
        pre = ctx.prev_mention(m.start, ("column",), skip=0)
        if (cmp is None or cmp[1] < pre.start if pre is not None else False) and pre is not None and pre.end == m.start and _cmp_before(words, pre.start, 4) is not None:
            op, cue = _cmp_before(words, pre.start, 4)  # type: ignore[misc]
            nxt = None  # 'a singer above age 40 and ...': the column before the number is compared
            pre_col = resolve(ctx, pre)
            if pre_col is not None:
                ctx.used.add(id(pre))
        else:
            pre_col = None
        if nxt is not None and nxt.kind == "table" and id(nxt) not in ctx.used and cmp and _money_total(ctx, nxt, cmp, m):
            continue
        if nxt is not None and nxt.kind == "table" and id(nxt) not in ctx.used:
            ctx.used.update({id(m), id(nxt)})
            t = nxt.best_table()
            assert t is not None
            plan.tables.append(t.name)
            plan.having.append(Cond(t.name, None, op, _num(val, None), agg="count"))
            ctx.spans[id(plan.having[-1])] = (cue, nxt.end)
            plan.notes.append("group_for_count:" + t.name)
            continue
        if nxt is not None and nxt.kind == "column" and nxt.tables and nxt.tables[0][1] >= 0.9 and id(nxt) not in ctx.used and not adj:
            col_n = resolve(ctx, nxt)
            if col_n is None or col_n.kind != "num" or cmp:
                ctx.used.update({id(m), id(nxt)})
                t = nxt.tables[0][0]
                plan.tables.append(t.name)
                plan.having.append(Cond(t.name, None, op, _num(val, None), agg="count"))
                ctx.spans[id(plan.having[-1])] = (cue, nxt.end)
                plan.notes.append("group_for_count:" + t.name)
                continue
        col = pre_col
        if adj and col is None:
            found = adjective_column(ctx, adj[0], cue)
            col = found[0] if found else None
        if col is None and nxt is not None and nxt.kind == "column" and nxt.start <= m.end + 1 and id(nxt) not in ctx.used:
            cn = resolve(ctx, nxt)
            if cn is not None and cn.kind == "num":
                col = cn
                ctx.used.add(id(nxt))
        if col is None and _is_year_like(m):
            prev_near = ctx.prev_mention(cue, ("column",), skip=0)
            pc = resolve(ctx, prev_near) if prev_near is not None else None
            if pc is None or not ("year" in pc.words or pc.kind == "date"):
                col = year_column(ctx, m)
        if col is None:
            prev = ctx.prev_mention(cue, ("column",), skip=2)
            if prev is None and cue != m.start:
                prev = ctx.prev_mention(m.start, ("column",), skip=3)
            if prev is not None and (prev.best_column() is not None):
                col = resolve(ctx, prev)
                ctx.used.add(id(prev))
        if col is None and nxt is not None and nxt.kind == "column":
            col = resolve(ctx, nxt)
            ctx.used.add(id(nxt))
        if col is None:
            col = year_column(ctx, m)
        if col is None:
            if (words[max(0, m.start - 1) : m.start] in (["or"], ["and"]) or words[max(0, cue - 1) : cue] in (["or"], ["and"])) and prev_cond_col is not None:
                col = prev_cond_col
            else:
                continue
        ctx.used.add(id(m))
        or_prev = "or" in words[max(0, cue - 3) : cue] or words[max(0, m.start - 1) : m.start] == ["or"]
        same = prev_cond_col is not None and prev_cond_col.key == col.key
        if col.kind == "date" and _is_year_like(m):
            _year_on_date(ctx, col, op, int(val))  # type: ignore[arg-type]
            prev_cond_col = col
            continue
        if ("total" in words[max(0, cue - 4) : m.end + 2]) and col.table != (ctx.root.name if ctx.root else None):
            plan.having.append(Cond(col.table, col.name, op, _num(val, col), agg="sum"))
            plan.notes.append("group_for_sum:" + col.table)
            continue
        cond = Cond(col.table, col.name, op, _num(val, col))
        ctx.spans[id(cond)] = (cue, m.end)
        if words[max(0, cue - 1) : cue] == ["and"] and same and op != "=" and _disjoint(plan, col, op, val):
            _make_intersect(ctx, cond)
        else:
            add_where(ctx, cond, or_with_previous=or_prev and bool(ctx.plan.where))
        prev_cond_col = col


MONEY_VERBS = frozenset("cost costs costed spend spends spent pay pays paid charge charged charges".split())


def _money_total(ctx: Ctx, nxt: Mention, cmp: tuple[str, int], num: Mention) -> bool:
    """'dogs that have not cost more than 1000 for treatment': a money verb before 'more than N <table>' compares
    the SUM of that table's money column, not a count; negated, the entities whose total exceeds N are
    excluded (NOT IN), so entities with no rows at all are kept."""
    words, root, t = ctx.words, ctx.root, nxt.best_table()
    op, cue = cmp
    window = range(max(0, cue - 6), cue)
    if t is None or root is None or t.name == root.name or not any(words[k] in MONEY_VERBS for k in window):
        return False
    money = next((c for c in t.columns if c.kind == "num" and not c.is_key and any(w in MONEY_WORDS for w in c.words)), None)
    if money is None:
        return False
    negs = [k for k in window if words[k] in ("not", "never", "t")]
    ctx.used.update({id(num), id(nxt)})
    for x in ctx.ments:  # the money word and anything named inside the clause belong to the comparison
        if x.start in window and x.kind in ("column", "table") and (x.kind == "column" or negs):
            ctx.used.add(id(x))
    cond = Cond(t.name, money.name, op, _num(num.value, money), agg="sum", text=" ".join(words[cue : nxt.end]))
    pk = root.pk()
    fk = next((c for c in t.columns if c.fk is not None and c.fk[0] == root.name), None)
    if negs and pk is not None and fk is not None:
        sub = Plan(root=t.name, select=[Item(t.name, fk.name)], group=[Item(t.name, fk.name)], having=[cond])
        add_where(ctx, Cond(root.name, pk.name, "not in", sub=sub, text="not " + cond.text))
        return True
    if negs:
        cond.op = NEGATED_OP.get(op, op)
    ctx.plan.tables.append(t.name)
    ctx.plan.having.append(cond)
    ctx.spans[id(cond)] = (cue, nxt.end)
    ctx.plan.notes.append("group_for_sum:" + t.name)
    return True


def _year_on_date(ctx: Ctx, col: ColumnInfo, op: str, year: int) -> None:
    """'in 2014' on a date column is a range, written with plain ISO literals (portable)."""
    from .dates import year_range

    r = year_range(year)
    if op == "=":
        add_where(ctx, Cond(col.table, col.name, ">=", r.start, text=str(year)))
        add_where(ctx, Cond(col.table, col.name, "<", r.end, text=str(year)))
    elif op in (">", ">="):
        add_where(ctx, Cond(col.table, col.name, ">=", r.end if op == ">" else r.start, text=str(year)))
    else:
        add_where(ctx, Cond(col.table, col.name, "<", r.start if op == "<" else r.end, text=str(year)))


def _is_year_like(m: Mention) -> bool:
    v = m.value
    return isinstance(v, float) and v.is_integer() and 1000 <= v <= 2200


def _disjoint(plan: Plan, col: ColumnInfo, op: str, val: object) -> bool:
    """'above 40 and below 30' on the same column cannot both hold on one row -> INTERSECT."""
    for group in plan.where:
        for c in group:
            if c.column == col.name and c.table == col.table and isinstance(c.value, (int, float)) and isinstance(val, (int, float)):
                lo_hi = {">": (c.value, None), ">=": (c.value, None), "<": (None, c.value), "<=": (None, c.value)}.get(c.op)
                new = {">": (val, None), ">=": (val, None), "<": (None, val), "<=": (None, val)}.get(op)
                if lo_hi and new:
                    lo = max(x for x in (lo_hi[0], new[0], float("-inf")) if x is not None)
                    hi = min(x for x in (lo_hi[1], new[1], float("inf")) if x is not None)
                    if lo >= hi:
                        return True
    return False


def _make_intersect(ctx: Ctx, cond: Cond) -> None:
    """Move the last condition group and ``cond`` into two halves of an INTERSECT."""
    setattr(ctx, "_intersect_cond", cond)


def find_values(ctx: Ctx) -> None:
    """Filters from data values: "from France", "named 'Smith'", "containing 'West'", 'cat or dog'."""
    words = ctx.words
    plan = ctx.plan
    prev: tuple[Mention, ColumnInfo] | None = None
    for m in ctx.ments:
        if m.kind != "value" or id(m) in ctx.used:
            continue
        col = _value_column(ctx, m)
        if col is None:
            continue
        ctx.used.add(id(m))
        gap = words[max(0, m.start - 6) : m.start]
        near = words[max(0, m.start - 3) : m.start]
        like = any(w in LIKE_CUES for w in gap) or words[m.end : m.end + 2] in (["in", "its"], ["in", "their"])
        start_with = any(w in ("start", "starts", "starting", "begin", "begins", "beginning") for w in near)
        end_with = any(w in ("end", "ends", "ending") for w in near)
        neg = _negated_value(ctx, m) and not any(w in ("both",) for w in near)
        value = _value_text(m, col)
        if start_with:
            cond = Cond(col.table, col.name, "not like" if neg else "like", f"{value}%")
        elif end_with:
            cond = Cond(col.table, col.name, "not like" if neg else "like", f"%{value}")
        elif like:
            cond = Cond(col.table, col.name, "not like" if neg else "like", f"%{value}%")
        else:
            cond = Cond(col.table, col.name, "!=" if neg else "=", _typed_value(value, col))
        ctx.spans[id(cond)] = (m.start, m.end)
        between = words[prev[0].end : m.start] if prev else []
        joined_or = prev is not None and "or" in between and len(between) <= 8
        joined_and = prev is not None and between in (["and"], ["and", "the"], ["and", "a"]) or (prev is not None and "both" in words[max(0, prev[0].start - 3) : prev[0].start] and "and" in between)
        if joined_or:
            add_where(ctx, cond, or_with_previous=True)
        elif joined_and and prev is not None and prev[1].key == col.key and cond.op == "=":
            setattr(ctx, "_intersect_cond", cond)
        elif "but" in between and "not" in between and prev is not None:
            cond.op = "="
            setattr(ctx, "_except_cond", cond)
        else:
            add_where(ctx, cond)
        prev = (m, col)


def _negated_value(ctx: Ctx, m: Mention) -> bool:
    """'not X', 'do not have the nationality "USA"', 'whose hometown is not X', 'other than X'."""
    words = ctx.words
    near = words[max(0, m.start - 3) : m.start]
    if any(w in ("not", "except", "excluding", "t", "other", "isn", "aren", "doesn", "don") for w in near):
        return True
    start = m.start
    for k in range(m.start - 1, max(-1, m.start - 8), -1):
        if ctx.toks[k + 1].clause_break if k + 1 < len(ctx.toks) else False:
            break
        w = words[k]
        if w in ("not", "t", "never"):
            start = k
            break
        x = ctx.at(k)
        if x is not None and x.kind == "column":
            continue
        passive = w in ("by", "been", "be") or w in PARTICIPLES or (w.endswith("ed") and len(w) > 4)
        if not passive and w not in ("have", "has", "had", "the", "a", "an", "is", "are", "equal", "to", "any", "with", "of", "in", "as", "their", "its", "type", "value"):
            return False
    if start == m.start:
        return False
    return ctx.words[start + 1 : start + 2] != ["only"]


def _typed_value(value: str, col: ColumnInfo) -> object:
    if col.kind == "num":
        try:
            f = float(value)
            return int(f) if f.is_integer() else f
        except ValueError:
            return value
    return value


def _value_column(ctx: Ctx, m: Mention) -> ColumnInfo | None:
    """Column a value belongs to: one named nearby, else one in an involved table, else any."""
    prev = ctx.prev_mention(m.start, ("column",), skip=3)
    nxt = ctx.next_mention(m.end, ("column",), skip=0)
    named: list[ColumnInfo] = []
    for near in (prev, nxt):
        if near is not None:
            named.extend(c for c, s in near.columns if s >= near.columns[0][1] - 0.15)
    if m.value_columns:
        for near_t in (ctx.next_mention(m.end, ("table",), skip=0), ctx.prev_mention(m.start, ("table",), skip=0)):
            if near_t is not None and near_t.best_table() is not None and (near_t.start == m.end or near_t.end == m.start):
                own = [c for c in m.value_columns if c.table == near_t.best_table().name]  # type: ignore[union-attr]
                if own:
                    return own[0]  # 'the fiat model': the value of the table named right next to it
        first = {t.name for t in ([ctx.root] if ctx.root else []) + _tables_in_question(ctx)}
        for c in sorted(named, key=lambda c: c.table not in first):
            if any(c.key == v.key for v in m.value_columns):
                if near_used(ctx, prev, c) or near_used(ctx, nxt, c):
                    pass
                return c
        involved = {t.name for t in ([ctx.root] if ctx.root else []) + _tables_in_question(ctx)}
        scored = sorted(
            m.value_columns,
            key=lambda c: (c.table not in involved, c.is_key, -(len(c.samples))),
        )
        return scored[0]
    # unknown value (quoted, not in samples): a column named right before it, else a name column
    if prev is not None and [t.lemma for t in ctx.toks[prev.start : prev.end]] == ["name"] and ctx.words[prev.start - 1 : prev.start] == ["whose"]:
        owner = ctx.prev_mention(prev.start - 1, ("column",), skip=0)
        if owner is not None and owner.end == prev.start - 1:
            c = resolve(ctx, owner)
            if c is not None and c.kind == "text":
                ctx.used.update({id(prev), id(owner)})
                return c  # 'the state whose name contains North': the name is the state itself
    if prev is not None:
        c = resolve(ctx, prev)
        if c is not None:
            ctx.used.add(id(prev))
            return c
    if nxt is not None and ctx.words[m.end : m.end + 1] == []:
        pass
    if ctx.root is not None:
        words = ctx.words
        if any(w in ("named", "called", "name", "titled") for w in words[max(0, m.start - 3) : m.start]):
            return ctx.root.name_column()
        return ctx.root.name_column()
    return None


def near_used(ctx: Ctx, m: Mention | None, c: ColumnInfo) -> bool:
    if m is not None and any(x.key == c.key for x, _ in m.columns):
        ctx.used.add(id(m))
        return True
    return False


def find_dates(ctx: Ctx) -> None:
    """Relative and calendar date phrases on a date column ('last month', 'in March 2024')."""
    ranges: list[DateRange] = find_date_ranges(ctx.words)
    if not ranges:
        return
    date_col = None
    tables = ([ctx.root] if ctx.root else []) + _tables_in_question(ctx) + _nearest_tables(ctx)
    for t in tables:
        for c in t.columns:
            if c.kind == "date":
                date_col = c
                break
        if date_col:
            break
    if date_col is None:
        return
    for r in ranges:
        add_where(ctx, Cond(date_col.table, date_col.name, ">=", r.start, text=r.label))
        add_where(ctx, Cond(date_col.table, date_col.name, "<", r.end, text=r.label))
        ctx.assumptions.append(f"'{r.label}' is read as {r.start} to {r.end} on {date_col.table}.{date_col.name}")


def leftover_tables(ctx: Ctx) -> None:
    """Tables named in the question but not used elsewhere still take part in the join."""
    for m in ctx.ments:
        if m.kind == "table" and id(m) not in ctx.used and not any(g is m for g, _ in ctx.group_targets):
            t = m.best_table()
            ctx.used.add(id(m))
            if t is None or t.name in ctx.plan.tables or (ctx.root is not None and t.name == ctx.root.name):
                continue
            best = m.tables[0][1]
            ambiguous = len(m.tables) > 1 and m.tables[1][1] >= best - 0.1
            if best < (0.9 if len(m.tables) > 1 else 0.7) or ambiguous:
                continue
            ctx.plan.tables.append(t.name)
            ctx.existence.append(t.name)


# ------------------------------------------------------------------ assembly


def assemble(ctx: Ctx, words: list[str]) -> None:
    """Fill in entity columns, group by and set operations once all roles are known."""
    plan = ctx.plan
    root = ctx.root
    # entity selections: "which stadiums" -> stadium name
    new_select: list[Item] = []
    plain_cols = [it for it in plan.select if it.column and it.column != "__entity__"]
    for it in plan.select:
        if it.column == "__entity__":
            t = ctx.index.table(it.table or "")
            if t is None or plain_cols:
                continue
            nc = t.name_column() or t.pk()
            if nc is not None:
                new_select.append(Item(t.name, nc.name))
                if it.distinct:
                    plan.distinct = True
        else:
            new_select.append(it)
    plan.select = new_select
    if not plan.select and root is not None:
        who = words[:1] in (["who"], ["whom"])
        nc = root.name_column() or root.pk()
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
            if not any(it.table == col.table and it.column == col.name and it.agg is None for it in plan.select):
                plan.select.insert(0, Item(col.table, col.name))
    # superlative / having on counts or sums need a grouping by the asked-for entity
    needs_group = [n for n in plan.notes if n.startswith(("group_for_count:", "group_for_sum:"))]
    if needs_group and not plan.group:
        counted = needs_group[0].split(":", 1)[1]
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
    # order "__first__" -> first selected column
    plan.order = [
        (Item(plan.select[0].table, plan.select[0].column) if it.column == "__first__" and plan.select else it, d)
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
    # aggregates mixed with plain columns and no grouping: group by the plain ones
    if any(it.agg for it in plan.select) and not plan.group and plan.limit is None:
        plain = [it for it in plan.select if it.agg is None and it.column]
        if plain:
            plan.group.extend(Item(it.table, it.column) for it in plain)
    _time_buckets(ctx)
    _dedupe_select(plan)
    _superlative_under_aggregate(ctx)
    _existence_as_in(ctx)
    _dedupe_fanout(ctx)
    _negated_table_conditions(ctx)
    _contradictions_to_intersect(ctx)
    _both_tables(ctx)
    _or_across_clauses(ctx)
    _set_operations(ctx)


GROUP_CUES = frozenset("each every per different various respective respectively by".split())


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
    if plan.setop or getattr(ctx, "_intersect_cond", None) or getattr(ctx, "_except_cond", None):
        return
    singles = [g for g in plan.where if len(g) == 1 and g[0].sub is None and id(g[0]) in ctx.spans]
    if len(plan.having) == 1 and id(plan.having[0]) in ctx.spans and len(singles) == 1 and len(plan.where) == 1:
        h, w = plan.having[0], singles[0][0]
        if _or_between(ctx, ctx.spans[id(h)], ctx.spans[id(w)]) and not any(it.agg for it in plan.select):
            counted = [n.split(":", 1)[1] for n in plan.notes if n.startswith(("group_for_count:", "group_for_sum:"))]
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
    if plan.setop or getattr(ctx, "_intersect_cond", None) or getattr(ctx, "_except_cond", None):
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
                setattr(ctx, "_intersect_cond", b)
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
    from .joins import shortest_path
    from .sqlgen import index_edges

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


def _dedupe_fanout(ctx: Ctx) -> None:
    """Entities listed or counted through a join to their many related rows are listed/counted once."""
    plan, root = ctx.plan, ctx.root
    if root is None or plan.group or plan.setop or plan.limit is not None or plan.having:
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
                "annually": "year", "day": "day", "daily": "day", "quarter": "month", "quarterly": "month",
                "week": "day", "weekly": "day"}


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
    dcol = next((c for t in tables for c in t.columns if c.kind == "date"), None)
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
    for attr, kind in (("_intersect_cond", "intersect"), ("_except_cond", "except")):
        cond: Cond | None = getattr(ctx, attr, None)
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
        plan.notes = [n for n in plan.notes if not n.startswith("intersect")]
        plan.setop, plan.other = kind, other
        return


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
