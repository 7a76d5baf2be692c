"""Everyday business questions -> a typed semantic query -> Plan.

"Revenue by region last year", "Which 10 customers spent the most?", "Top 5 countries by number of
customers", "Total revenue per year", "How many orders did each customer place?": a measure with an
aggregation, group-bys (entities shown by their label, categories, time grains), filters (values,
date ranges), ranking and limits, HAVING. The reader is PRECISE-style: it answers only when every
content word of the question is consumed by one slot; otherwise it returns None and the general
sentence parser reads the question. Joins are left to the planner (shortest key paths from the
measure's table).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from lemminflect import getAllLemmas

from services.common.column_roles import MONEY_WORDS, is_flag_values, stored_truth

from .abbrev import CLEAR_FIT, abbreviation_fit, built_on, is_word, names_root, says
from .dates import DateRange, between_dates, bounded_date, find_date_ranges, open_year_range, year_range
from .joins import Edge, shortest_path
from .lexicon import COMPARISON_PHRASES, GRAINS, OWNER_TRADES, OWNER_WORDS, PARTICLES, STOPWORDS, SETTLED_STATES, TAKINGS_WORDS, UNSETTLED_STATES, Token, FLAG_AFFIXES, \
    flag_truth, singular, split_identifier, stem
from .lexicon import FILLER as LEX_FILLER
from .linking import _COMMON_QUESTION_WORDS as COMMON_WORDS
from .linking import ColumnInfo, Mention, SchemaIndex, TableInfo, _value_key, holds_dates, line_owner, name_order
from .plan import Cond, Item, Period, PeriodChange, Plan
from .semantic import QUANTITY_VERBS, SPEND_VERBS, SemanticModel, own_measure, words_of
from .sqlgen import index_edges
from .units import SPELLINGS, column_unit

SUPPORTED_GRAINS = frozenset({"year", "quarter", "month", "week", "day"})
AGGS = {"total": "sum", "sum": "sum", "overall": "sum", "average": "avg", "avg": "avg", "mean": "avg",
        "maximum": "max", "max": "max", "minimum": "min", "min": "min", "median": "median"}
DESC = frozenset("most highest largest biggest best top greatest".split())
ASC = frozenset("least lowest smallest fewest worst bottom".split())
PRICEY = {"expensive": True, "priciest": True, "pricey": True, "cheapest": False, "cheap": False, "inexpensive": False}
LONG = {"longest": True, "shortest": False}
SENIORITY = {"longest-serving": True, "longest serving": True, "longest-tenured": True, "most senior": True,
             "least senior": False, "most junior": False, "shortest-serving": False}
TENURE_WORDS = frozenset("hire hired start started join joined employment enrollment enrolled".split())  # the entity's own duration measure ('the longest film')
MONEY_NOUNS = frozenset("revenue sales turnover income money spend spending".split())
QUANTITY_NOUNS = frozenset("unit units quantity quantities volume".split())
FILLER = frozenset(
    "what which who whose is are was were be been the a an of in on for to show me us list give get display tell find "
    "do does did we have has had our there all with from and that their its please in total ever so far much many "
    "how value values number count breakdown split across over during each every per by time sorted ordered "
    "placed made make put create created recorded generated happened it they up still something anything "
    "log logs logged "  # 'hours logged': the rows were recorded, like 'recorded'
    "held hosted taught".split()  # 'classes held at each club', 'the instructor who taught the most classes'
)
# phrasal verbs that only frame the question: 'break down refunds by reason', 'discount given away', 'ended up refunded'
SOFT_PHRASES = (("break", "down"), ("broken", "down"), ("given", "away"), ("gave", "away"), ("ended", "up"), ("end", "up"),
                # 'how many checks did we ring up': a sale recorded at the till, the rows themselves
                ("ring", "up"), ("rang", "up"), ("rung", "up"),
                # 'orders that were marked as gifts': the flag or value named next says which rows
                ("marked", "as"), ("flagged", "as"),
                # 'what share of revenue comes from desks': the rows named next are where the amount was made
                ("comes", "from"), ("come", "from"), ("came", "from"), ("coming", "from"))
# 'How many buildings do we manage?': after 'we' these verbs say the business holds the rows, not which ones
HOLDING_VERBS = frozenset("manage managed own owned operate operated run oversee oversaw hold maintain look".split())
DATE_PREPS = frozenset("in during for of".split())
# 'installed before 2015', 'opened since 2020': a year that bounds one side of the period only
OPEN_DATE_PREPS = frozenset("before after since".split())
# 'active right now', 'open at the moment': the present, which a status or flag already means (not a period)
NOW_PHRASES = (("right", "now"), ("as", "of", "now"), ("at", "the", "moment"), ("at", "present"), ("currently",), ("now",),
               ("presently",))


@dataclass
class SemanticQuery:
    """The typed reading of a business question (what narrate explains and sqlgen compiles)."""

    measure: Item
    measure_label: str
    groups: list[tuple[Item, Item]] = field(default_factory=list)  # (group-by item, shown item)
    where: list[list[Cond]] = field(default_factory=list)
    having: list[Cond] = field(default_factory=list)
    order_desc: bool | None = None
    limit: int | None = None
    row_level: bool = False  # rank rows by an attribute instead of aggregating
    show_measure: bool = True
    tables: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    change: PeriodChange | None = None  # the measure compared between two periods
    part: list[list[Cond]] = field(default_factory=list)  # 'percentage of X that ...': the rows counted in the percent


@dataclass
class Growth:
    """'growth of X in 2023 compared with 2022': the two periods (the date column is chosen with the measure)."""

    current: DateRange
    previous: DateRange
    percent: bool


def _distance(index: SchemaIndex, a: str, b: str) -> int:
    if a == b:
        return 0
    path = shortest_path(index_edges(index), a, b)
    return len(path) if path is not None else 99


class _Reader:
    """Consumes the question slot by slot; ``left`` holds indices no slot has taken yet."""

    def __init__(self, toks: list[Token], ments: list[Mention], index: SchemaIndex, model: SemanticModel, today: dt.date):
        self.toks, self.index, self.model, self.today = toks, index, model, today
        self.words = [t.low for t in toks]
        self.at: dict[int, Mention] = {}
        for m in ments:
            for i in range(m.start, m.end):
                self.at[i] = m
        self.taken = [False] * len(toks)
        self.growth: Growth | None = None  # a period-over-period comparison, read before the date ranges
        self.side_by_side: tuple[int, int] | None = None  # 'revenue in 2025 vs 2024': two years (lowest, highest), one row each
        self.duration: tuple[ColumnInfo, ColumnInfo] | None = None  # (from, to) date columns of 'days between'
        self.duration_unit = "day"  # 'hours to resolve': the unit the duration is counted in
        self.above_average: list[Cond] = []  # 'cost more than the average retail price'
        self.never: list[tuple[int, list[TableInfo]]] = []  # 'never ordered': the verb and the tables it may count
        self.money_at: int | None = None  # where the money word stands ('invoiced revenue': the table noun before it)
        self.money_table: str | None = None  # the table a past money verb spells ('billed' ~ bills): its money only
        self.row_conds: list[Cond] = []  # conditions read before the mentions: two dates compared, an empty finishing date, a star rating
        self.absent: list[Mention] = []  # 'have not sold a single ticket': tables named as having no rows at all

    def take(self, i: int, j: int | None = None) -> None:
        for k in range(i, (j if j is not None else i + 1)):
            self.taken[k] = True

    def mention(self, i: int) -> Mention | None:
        return self.at.get(i)


def _core(ws: tuple[str, ...], index: SchemaIndex, c: ColumnInfo) -> tuple[str, ...]:
    """Column words without a table prefix ('ps_supplycost' -> supply cost, 'cl_mktsegment' read as client
    mktsegment -> market segment)."""
    t = index.table(c.table)
    own = set(t.words) if t is not None else set()
    return ws[1:] if len(ws) > 2 and (len(ws[0]) <= 2 or ws[0] in own) else ws


def _glued_columns(r: _Reader) -> None:
    """'total price' for o_totalprice: two unlinked words that are exactly a column's glued words."""
    cols = [(_core(tuple(w for w in words_of(c) if len(w) > 1), r.index, c), c) for c in r.index.all_columns() if not c.is_key]
    glued = [(ws, c) for ws, c in cols if ws != _core(tuple(w for w in c.words if len(w) > 1), r.index, c)]
    named = {x.name for m in r.at.values() for x, _ in m.tables[:1]}
    for i in range(len(r.toks) - 1):
        pair = (r.toks[i].lemma, r.toks[i + 1].lemma)
        hits = [c for ws, c in cols if ws == pair]
        if len(hits) > 1:  # 'customer account balance': the table the question also names
            hits = [c for c in hits if c.table in named]
        # a value word may still be half of a glued name ('ship mode' for l_shipmode, not the value SHIP), and so may a
        # word linked alone to another column ('available quantity' is ps_availqty, not l_quantity) or to this one
        # ('segment' alone for mktsegment, once no table tag stands beside it: the pair names it whole)
        if any(k in r.at and r.at[k].kind != "value" and not (
                len(hits) == 1 and r.at[k].kind == "column" and r.at[k].end - r.at[k].start == 1) for k in (i, i + 1)):
            continue
        if len(hits) == 1:
            m = Mention("column", i, i + 2, f"{r.toks[i].text} {r.toks[i + 1].text}", columns=[(hits[0], 0.9)])
            r.at[i] = r.at[i + 1] = m
    for i, t in enumerate(r.toks):
        # 'priority' alone for o_orderpriority: the head noun of exactly one glued name
        hits = [c for ws, c in glued if ws and ws[-1] == t.lemma]
        if len(hits) > 1:  # 'orders by priority': the modifier the question also uses (order priority, not ship priority)
            lemmas = {x.lemma for x in r.toks}
            hits = [c for c in hits if set(words_of(c)[:-1]) & lemmas]
        if i not in r.at and len(hits) == 1 and t.low not in FILLER:
            r.at[i] = Mention("column", i, i + 1, t.text, columns=[(hits[0], 0.85)])


def _spells_whole_table(m: Mention, toks: list[Token]) -> bool:
    """'payments' for the table PYMT: every word of the table's name is said by the span, spelled out or as a clear
    abbreviation, so the span names the table itself (not 'premium' for premium_payments, a part of its name)."""
    t = m.best_table()
    said = [toks[k].lemma for k in range(m.start, m.end)]
    return t is not None and bool(t.words) and all(
        any(w == x or abbreviation_fit(w, x) >= CLEAR_FIT for x in said) for w in t.words)


def _stored(m: Mention, c: ColumnInfo) -> str | None:
    """The value as the data spells it ('New York' -> 'NewYork', 'volvos' -> 'volvo'), or None."""
    if isinstance(m.value, str) and m.value in c.samples and m.text.lower().startswith(m.value.lower()):
        return m.value  # linking already read the word as the code it starts with ('commercial' is the code 'COM')
    key = _value_key(m.text)
    head, _, last = key.rpartition(" ")
    # 'late fees' is the stored 'LATE_FEE' / 'Late Fee': the last word inflects, and '_' or '-' only join the words
    for variant in (key, singular(key), f"{head} {singular(last)}".strip()):
        found = next((s for s in c.samples if _joined(s) == _joined(variant)), None)
        if found is not None:
            return found
    return None


def _joined(v: str) -> str:
    """A value's words run together, whatever joins them in storage ('LATE_FEE', 'late-fee', 'Late Fee' -> 'latefee')."""
    return re.sub(r"[\s_\-]+", "", v.strip().lower())


def pos_end(r: _Reader, start: int) -> int:
    """Index of the token after the number of a comparison starting at ``start``."""
    j = start
    while j < len(r.toks) and r.toks[j].number is None:
        j += 1
    return j + 1


def _unbridge(index: SchemaIndex, t: TableInfo, head: str) -> TableInfo:
    """'film category' names the bridge film_category, but the thing meant is its head noun's table (category)."""
    if t.name_column() is not None or sum(1 for c in t.columns if c.fk) < 2 or any(
            not c.is_key and c.kind != "date" for c in t.columns):
        return t  # only a pure link table (keys, perhaps a timestamp) stands for its head noun's table
    targets = [x for c in t.columns if c.fk and (x := index.table(c.fk[0])) is not None]
    for target in targets:
        if head in target.words:
            return target
    # 'film category' over FlmCat: of the few tables the link joins, the one whose words abbreviate the head noun
    short = [x for x in targets if any(abbreviation_fit(w, head) > 0 for w in x.words)]
    return short[0] if len(short) == 1 else t


def _table_of(m: Mention, toks: list[Token]) -> TableInfo:
    """Of tables the span matches equally ('orders' ~ Orders and 'Order Details'), the one with no extra words."""
    top = m.tables[0][1]
    lemmas = {t.lemma for t in toks[m.start : m.end]}
    close = [t for t, s in m.tables if s >= top - 0.01]
    return min(close, key=lambda t: len(set(t.words) - lemmas))


def _flag_value(c: ColumnInfo, truth: bool) -> object | None:
    """The stored value that means yes (or no) for a flag column: 1/0, true/false, 'Y'/'N', 'yes'/'no'."""
    if c.kind == "bool":
        return truth
    if c.kind == "num" and not c.samples:
        return 1 if truth else 0
    v = stored_truth(c.samples, truth)
    if v is None:
        return None
    return int(v) if v.strip().lstrip("-").isdigit() else v


def _own_flag(r: _Reader, m: Mention, c: ColumnInfo) -> Cond | None:
    """'active clients' where clients carry an is_active flag and only projects store the status 'active': an
    adjective right before an entity's noun is that entity's own yes/no flag, not a value of another table (why: the
    word describes the rows named next; a value elsewhere would filter through a join the user never asked for).
    The same holds for a predicate ('enrollments that were completed', 'attempts that failed' over a passed flag)
    when the question names no table of the value: the word describes the rows the question is about."""
    if m.end - m.start != 1:
        return None
    nxt = r.mention(m.end)
    t = nxt.best_table() if nxt is not None and nxt.kind == "table" and nxt.start == m.end else None
    if t is not None:
        if t.name == c.table:
            return None
        return _flag_cond(r, m, t)
    named = [x.best_table() for x in r.at.values() if x.kind == "table" and x.end <= m.start]
    names = {x.name for x in named if x is not None}
    if not names or c.table in names:
        return None
    conds = [cond for x in named if x is not None for cond in [_flag_cond(r, m, x)] if cond is not None]
    return conds[0] if len({(x.table, x.column) for x in conds}) == 1 else None


def _flag_cond(r: _Reader, m: Mention, t: TableInfo) -> Cond | None:
    """The condition a word puts on table t's one yes/no flag it names (or names the opposite of), if any."""
    tok = r.toks[m.start]
    flags = [(x, truth) for x in t.columns if r.model.role(x).role == "flag"
             for truth in [True if tok.lemma in x.words else  # the state is the flag's last word: progress_completed
                           flag_truth([w for w in x.words if w not in FLAG_AFFIXES][-1:], tok.low, tok.lemma)]
             if truth is not None]
    value = _flag_value(flags[0][0], flags[0][1]) if len(flags) == 1 else None
    return None if value is None else Cond(t.name, flags[0][0].name, "=", value, text=m.text)


def _verb_not_value(m: Mention, tok: Token) -> bool:
    """'has been billed the most': an inflected money/quantity verb that only resembles a stored value
    ('billing') is the question's predicate, not a filter; a value spelled exactly as asked stays a value."""
    inflected = tok.low in SPEND_VERBS | QUANTITY_VERBS and tok.low != tok.lemma
    return inflected and m.end - m.start == 1 and (m.value is None or _value_key(str(m.value)) != _value_key(tok.text))


def _closest_literal(m: Mention, toks: list[Token]) -> ColumnInfo:
    """Among near-equal candidates, the column that carries a word of the span literally ('price' -> unit_price, not cost)."""
    top = m.columns[0][1]
    close = [c for c, s in m.columns if s >= top - 0.12]
    lemmas = {t.lemma for t in toks[m.start : m.end]}
    literal = next((c for c in close if lemmas & set(c.words)), None)
    if literal is not None:
        return literal
    if "amount" in lemmas and not (m.end < len(toks) and toks[m.end].low == "of"):
        # 'purchase amount', 'order amount': a sum of money (not 'the amount of flour', a quantity)
        money = next((c for c in close if c.kind == "num" and not c.is_key and set(c.words) & MONEY_WORDS), None)
        if money is not None:
            return money
    return m.columns[0][0]


def _ranked_compound(w: str) -> bool:
    """'best-selling', 'top-rated', 'worst-performing': a superlative joined to a participle by a hyphen."""
    head, _, tail = w.partition("-")
    return bool(tail) and (head in DESC or head in ASC) and tail.endswith(("ing", "ed")) and "-" not in tail


def _past_spend(t: Token) -> bool:
    """'total billed', 'how much was invoiced': the past form of a money verb is the money even where it spells a
    table's noun ('billed' ~ bills); the noun itself ('bills') still names the rows."""
    return t.low in SPEND_VERBS and (t.low.endswith("ed") or t.low in ("paid", "spent"))


def _comparison(r: _Reader, i: int) -> tuple[str, float, int] | None:
    """(op, number, end) for 'more than 20000' starting at token i."""
    for phrase, op in COMPARISON_PHRASES:
        ws = phrase.split()
        if r.words[i : i + len(ws)] == ws:
            j = i + len(ws)
            if j < len(r.toks) and r.toks[j].number is not None:
                return op, float(r.toks[j].number or 0), j + 1
    return None


def _time_column(r: _Reader, anchor: str, explicit: ColumnInfo | None) -> ColumnInfo | None:
    if explicit is not None:
        return explicit
    head = _header(r.index, anchor)
    head_dates = r.model.time_columns(head) if head is not None else []
    if len(r.model.time_columns(anchor)) > 1 and len(head_dates) == 1:
        return head_dates[0]  # a line with several dates (shipped, received) is dated by its order
    owner = line_owner(r.index, anchor) if not r.model.time_columns(anchor) else None
    if owner is not None and r.model.time_columns(owner):
        return r.model.time_columns(owner)[0]  # an undated order item is dated by its order, not by its product
    best: tuple[int, ColumnInfo] | None = None
    for t in r.index.tables:
        d = _distance(r.index, anchor, t.name)
        if d > 2:
            continue
        for c in r.model.time_columns(t.name):
            if best is None or d < best[0]:
                best = (d, c)
    return best[1] if best else None


def _total_of_rows(toks: list[Token], m: Mention, i: int) -> bool:
    """'What is the total amount of written off invoices?' where the column itself is called total (inv_total_amt):
    'total' is both a word of the column's name and the sum asked for. Why: 'the total <amount> of <plural rows>'
    asks one number; listing every row's own total would answer another question."""
    if m.kind != "column" or not m.columns or m.start != i or m.end - m.start < 2 or toks[i].low != "total":
        return False
    c = m.columns[0][0]
    if c.kind != "num" or "total" not in c.words or m.end >= len(toks) or toks[m.end].low != "of":
        return False
    if singular(toks[m.end - 1].low) != toks[m.end - 1].low:
        return False  # 'the total amounts of ...': each row's own total
    return any(t.low.isalpha() and len(t.low) > 3 and singular(t.low) != t.low for t in toks[m.end + 1 : m.end + 6])


def _distinct_text(t: TableInfo) -> ColumnInfo | None:
    """A table with no name column ('store': id, city, country) is told apart by a text column whose values
    all differ: a row shown by it reads better than by its id. A date stored as text ('hired_on') tells rows
    apart by chance, it names none."""
    return next((c for c in t.columns if not c.is_key and not holds_dates(c) and _all_distinct_text(t, c)), None)


def _kept_name(t: TableInfo, key: ColumnInfo, index: SchemaIndex) -> Item | None:
    """The name column of the one table whose primary key is also a key to ``t`` (one row per row of ``t``)."""
    kept = [(o, o.name_column()) for o in index.tables if o.name != t.name
            and any(c.is_pk and c.fk is not None and c.fk[0].lower() == t.name.lower()
                    and c.fk[1].lower() == key.name.lower() for c in o.columns)
            and sum(1 for c in o.columns if c.is_pk) == 1]
    named = [(o, c) for o, c in kept if c is not None]
    return Item(named[0][0].name, named[0][1].name) if len(named) == 1 else None


def _all_distinct_text(t: TableInfo, c: ColumnInfo) -> bool:
    """A text column of ``t`` whose values all differ (one per row of a table of two or more rows)."""
    return c.kind == "text" and c.distinct is not None and t.row_count is not None and 1 < t.row_count == c.distinct


def _own_code(t: TableInfo) -> ColumnInfo | None:
    """dim_promo_code (promo_key, promo_code, ...), dim_voucher (voucher_key, voucher_code): a unique text code named
    like the table itself is what people call each row by, better than the surrogate key."""
    return next((c for c in t.columns if not c.is_pk and c.fk is None and _all_distinct_text(t, c)
                 and tuple(c.words[: len(t.key_words)]) == tuple(t.key_words)
                 and tuple(c.words[len(t.key_words):]) in ((), ("code",), ("number",))), None)


def _dimension(index: SchemaIndex, c: ColumnInfo) -> list[tuple[Item, Item]]:
    """A grouped column; a foreign key ('customer nations' -> c_nationkey) groups by the table it refers to,
    shown by that table's label instead of bare key numbers."""
    ref = index.table(c.fk[0]) if c.fk else None
    shown = _label(ref, index) if ref is not None and not ref.name == c.table else None
    if not shown:
        return [(Item(c.table, c.name), Item(c.table, c.name))]
    # grouped by the key column itself, so the join passes through its table ('supplier region', not the customer's)
    return [(Item(c.table, c.name), shown[0][1])] + shown[1:]


def describes_named_column(toks: list[Token], i: int, m: Mention | None) -> bool:
    """'the security deposit', 'total maintenance cost': a plain noun (not also an adjective or a verb) that nothing
    in the data names, right before a one-word column mention, where that column is named by the head noun alone
    (no modifier of its own, unlike hourly_rate for 'attendance rate') and is the only column the word names fully.
    The noun only describes the column: no other reading competes with it."""
    t = toks[i]
    if m is None or m.kind != "column" or m.start != i + 1 or m.end - m.start != 1 or not m.columns or t.quoted:
        return False
    if t.low in OWNER_TRADES and toks[m.start].lemma in OWNER_WORDS:
        return True  # 'sales rep', 'support agent': what the owner sells or handles says who they are
    if not t.low.isalpha() or len(t.low) < 5 or {t.low, t.lemma} & (STOPWORDS | LEX_FILLER | COMMON_WORDS):
        return False
    col = m.columns[0][0]
    head = toks[m.start]
    if len(col.words) != 1 or col.words[0] not in (head.low, head.lemma):
        return False
    if sum(1 for _, score in m.columns if score >= 1.0) != 1:
        return False
    lemmas = getAllLemmas(t.low)
    return "NOUN" in lemmas and not {"ADJ", "VERB", "ADV"} & set(lemmas)


def _is_first_name(c: ColumnInfo) -> bool:
    """'first_name', 'rep_first_nm', 'FirstName': a given-name column (a prefix such as the table's own noun is allowed)."""
    words = name_order(c.words)
    return "first" in words and words[-1] == "name"


def _last_name_of(t: TableInfo, first: ColumnInfo) -> ColumnInfo | None:
    """The family-name column beside a first-name column ('rep_first_nm' -> 'rep_last_nm', 'surname')."""
    own = name_order(first.words)
    want = [tuple("last" if w == "first" else w for w in own), tuple("surname" if w == "first" else w for w in own)]
    return next((c for c in t.columns if name_order(c.words) in want), None) or next(
        (c for c in t.columns if c.words[-1:] == ("name",) and ({"last", "family"} & set(c.words)) or c.words[-1:] == ("surname",)), None)


def _label(t: TableInfo, index: SchemaIndex | None = None) -> list[tuple[Item, Item]] | None:
    """(group-by, shown) pairs naming an entity: grouped by its key, shown by its label; a person is
    shown by first and last name together. With no name of its own, the name a one-to-one table keeps for it
    (salesperson_names(salesperson_id, full_name) beside salespeople) names it before a merely distinct text."""
    key = t.pk()
    name = next((c for c in t.columns if c.role == "label"), None) or t.name_column()
    if key is None:
        return None
    kept = _kept_name(t, key, index) if name is None and index is not None else None
    if kept is not None:
        return [(Item(t.name, key.name), kept)]
    name = name or _distinct_text(t) or _own_code(t)
    out = [(Item(t.name, key.name), Item(t.name, (name or key).name))]
    if name is not None and _is_first_name(name):
        last = _last_name_of(t, name)
        if last is not None:
            out.append((Item(t.name, last.name), Item(t.name, last.name)))
    return out


def read(toks: list[Token], ments: list[Mention], index: SchemaIndex, model: SemanticModel,
         today: dt.date | None = None) -> SemanticQuery | None:
    """The semantic query of a business question, or None when some word has no slot."""
    if not toks or len(toks) > 40:
        return None
    r = _Reader(toks, ments, index, model, today or dt.date.today())
    n = len(toks)
    words = r.words
    _glued_columns(r)
    for i in range(n):
        for ph in NOW_PHRASES + SOFT_PHRASES:
            if tuple(words[i : i + len(ph)]) == ph and r.mention(i) is None:
                r.take(i, i + len(ph))
    _read_growth(r)
    _read_duration(r)
    _read_above_average(r)
    _read_never(r)
    _read_date_order(r)
    _read_unfinished(r)
    _read_stars(r)
    _read_not_any(r)

    # -- dates: relative and calendar phrases, 'in 2025'
    ranges: list[DateRange] = []
    for i in range(n):
        span = between_dates(words, i)
        if span is not None and not any(r.taken[i : span[1]]):
            ranges.append(span[0])
            r.take(i, span[1])
    for i in range(n):  # 'due before December 1, 2025', 'since March 2024': one bound by a dated day or month
        bound = bounded_date(words, i)
        if bound is not None and not any(r.taken[i : bound[1]]):
            ranges.append(bound[0])
            r.take(i, bound[1])
    for i in range(n):
        if r.taken[i]:
            continue
        found = [d for d in find_date_ranges(words[i : i + 4], r.today) if d.label.split()[0].lower() == words[i]
                 or (d.label == "year to date" and words[i] == "ytd")]
        if found:
            d = found[0]
            size = 1 if words[i] == "ytd" else len(d.label.split())
            ranges.append(d)
            r.take(i, i + size)
            continue
        num = toks[i].number
        if num is not None and 1900 <= num <= 2100 and num.is_integer() and i > 0 and words[i - 1] in OPEN_DATE_PREPS \
                and not r.taken[i - 1]:
            ranges.append(open_year_range(words[i - 1], int(num)))
            r.take(i - 1, i + 1)
        elif num is not None and 1900 <= num <= 2100 and num.is_integer() and i > 0 and words[i - 1] in DATE_PREPS:
            ranges.append(year_range(int(num)))
            r.take(i)
    if len(ranges) > 1:
        return None

    # -- time grain: 'per month', 'by year', 'monthly'
    grain: str | None = None
    for i, w in enumerate(words):
        if not r.taken[i] and i > 1 and w[:-1] in GRAINS and w.endswith("s") and words[i - 2] in ("top", "bottom") \
                and toks[i - 1].number is not None and r.mention(i) is None:
            w = w[:-1]  # 'top 3 months by revenue': the ranked rows are months
        if r.taken[i] or w not in GRAINS:
            continue
        inside = r.mention(i)
        if inside is not None and inside.kind == "column" and inside.end - inside.start > 1 and inside.columns and inside.columns[0][1] >= 0.9:
            continue  # 'monthly recurring revenue' names a measure, not a monthly breakdown
        if inside is not None and inside.kind == "value" and inside.end - inside.start > 1 and inside.value_columns:
            continue  # 'monthly dues' spells a stored kind ('Monthly Dues'), not a monthly breakdown
        prev = words[i - 1] if i else ""
        if prev == "and" and not w.endswith("ly") and any(x in ("by", "per") for x in words[max(0, i - 5) : i - 1]):
            prev = "by"  # 'revenue by category and year': the grain is the breakdown list's last member
        # 'which month had the highest revenue': the months are the rows asked for (no column is named so)
        asked = (prev in ("which", "what") or (words[i - 2 : i - 1] in (["top"], ["bottom"]) and toks[i - 1].number is not None)
                 or (prev in DESC | ASC and i > 1 and words[i - 2] in ("our", "the"))) \
            and not w.endswith("ly") and w != "annual" and inside is None  # 'our best month for revenue'
        if w.endswith("ly") or w == "annual" or prev in ("per", "by", "each", "every", "a") or asked:
            if grain is not None:
                return None
            grain = GRAINS[w]
            r.take(i)
            if prev in ("per", "by", "each", "every", "a"):
                r.take(i - 1)
    if grain is not None:
        for i, w in enumerate(words):
            if w in ("trend", "trends") and not r.taken[i] and r.mention(i) is None:
                r.take(i)  # 'revenue trend by month': the breakdown over time is the trend
    if r.side_by_side is not None:
        if ranges or grain is not None:
            return None
        lo, hi = r.side_by_side
        ranges.append(DateRange(f"{lo:04d}-01-01", f"{hi + 1:04d}-01-01", f"{lo} and {hi}"))
        grain = "year"
    if grain is not None and grain not in SUPPORTED_GRAINS:
        return None

    # -- comparisons: 'more than 20000'
    comparisons: list[tuple[str, float, int]] = []
    for i in range(n):
        if r.taken[i]:
            continue
        c = _comparison(r, i)
        if c is not None:
            comparisons.append((c[0], c[1], i))
            r.take(i, c[2])
    if len(comparisons) > 1:
        return None
    times_table: TableInfo | None = None
    if comparisons:
        end = pos_end(r, comparisons[0][2])
        if words[end : end + 1] == ["times"]:
            # 'rented more than 30 times': the verb names the table whose rows are counted (rent ~ rental)
            for k in range(comparisons[0][2]):
                st = stem(words[k])
                hits = [t for t in index.tables if len(st) >= 4 and any(built_on(w, st) for w in t.words)
                        and toks[k].lemma not in t.words]  # a verb form ('rented'), not the table's own noun
                inside = r.mention(k)
                # free: no mention, or a column it only resembles ('films rented' ~ rental_duration, a key)
                free = inside is None or (inside.kind == "column" and bool(inside.columns) and (
                    inside.columns[0][0].is_key or inside.columns[0][1] < 0.9 and k == inside.end - 1 and words[k].endswith("ed")))
                if not r.taken[k] and free and len(hits) == 1:
                    times_table = hits[0]
                    r.take(k)
                    r.take(end)
                    break
            if times_table is None:
                return None

    # -- ranking: 'top 5', 'bottom 3', '10 most', 'which 10 customers', 'the most', 'most expensive'
    desc: bool | None = None
    limit: int | None = None
    explicit_n = False
    pricey: bool | None = None
    pricey_kind = "money"
    superlative_at: set[int] = set()
    for i, w in enumerate(words):
        if r.taken[i]:
            continue
        nxt = toks[i + 1] if i + 1 < n else None
        if w in ("top", "bottom") and nxt is not None and nxt.number is not None and nxt.number.is_integer():
            desc, limit, explicit_n = w == "top", int(nxt.number), True
            r.take(i, i + 2)
        elif w in PRICEY or (w in ("most", "least") and nxt is not None and nxt.low == "expensive"):
            pricey = PRICEY.get(w, w == "most")
            r.take(i, i + (1 if w in PRICEY else 2))
        elif (w in SENIORITY or " ".join(words[i : i + 2]) in SENIORITY) and pricey is None:
            # 'the longest-serving employee', 'most senior': ranked by the date each one started (earliest first)
            two = " ".join(words[i : i + 2])
            pricey, pricey_kind = SENIORITY.get(two, SENIORITY.get(w)), "tenure"
            r.take(i, i + (2 if two in SENIORITY else 1))
        elif w in LONG and pricey is None:
            pricey, pricey_kind = LONG[w], "duration"
            r.take(i)
        elif w in DESC or w in ASC or _ranked_compound(w):
            w = w.split("-")[0]  # 'best-selling', 'top-rated': the superlative ranks, the participle says by what
            if desc is not None and (w in DESC) != desc:
                return None
            desc = w in DESC
            r.take(i)
            superlative_at.add(i + 1)
    for i, t in enumerate(toks):
        if r.taken[i] or t.number is None or not t.number.is_integer() or not 0 < t.number <= 1000:
            continue
        nxt_m = r.mention(i + 1)
        nxt_w = words[i + 1] if i + 1 < n else ""
        if i > 0 and words[i - 1] in NOT_A_LIMIT_BEFORE:
            continue  # 'cars with 4 cylinders', 'customers who have 3 orders': a value or a count, not 'the first 4'
        if (nxt_m is not None and nxt_m.kind in ("table", "column")) or nxt_w in DESC | ASC | set(PRICEY) or r.taken[min(i + 1, n - 1)]:
            if limit is not None and limit != int(t.number):
                return None
            limit, explicit_n = int(t.number), True
            r.take(i)

    # -- 'fewer units in stock than their reorder level': one column compared with a sibling column
    sibling: list[Cond] = []
    for i, w in enumerate(words):
        op = SPLIT_COMPARATIVES.get(w)
        a = r.mention(i + 1)
        if op is None or r.taken[i] or (a is not None and (a.kind != "column" or a.start != i + 1)):
            continue
        a_end = a.end if a is not None else i + 1
        than = next((k for k in range(a_end, min(a_end + 4, n)) if words[k] == "than"), None)
        if than is None or than == i + 1 or any(k in r.at for k in range(a_end, than)):
            continue
        gap = {toks[k].lemma for k in range(i + 1, than)} - {"in", "of", "on"}  # 'units in stock' -> UnitsInStock
        j = than + 1
        while j < n and words[j] in ("their", "its", "the", "his", "her"):
            j += 1
        b = r.mention(j)
        if b is None or b.kind != "column" or b.start != j:
            continue
        a_cols = [x for x, _ in a.columns] if a is not None else [
            x for y, _ in b.columns[:1] for x in (index.table(y.table).columns if index.table(y.table) else [])]  # type: ignore[union-attr]
        pairs = [(x, y) for x in a_cols for y, _ in b.columns if x.table == y.table and x.name != y.name and x.kind == y.kind
                 and all(any(w.startswith(g[:4]) for w in x.words) for g in gap)]
        if not pairs:
            return None
        x, y = pairs[0]
        said = " ".join(t.text for t in toks[i + 1 : than])
        sibling.append(Cond(x.table, x.name, op, ref_column=y.name, text=f"{said} than {b.text}"))
        r.take(i, b.end)

    # -- 'share of X by Y (in percent)': each group's percent of the total
    share = False
    for i, w in enumerate(words):
        if not r.taken[i] and w in ("share", "percentage", "proportion") and words[i + 1 : i + 2] == ["of"]:
            share = True
            r.take(i, i + 2)
    if share:
        for i, w in enumerate(words):
            if not r.taken[i] and (w in ("percent", "percentage", "pct") or (w == "in" and words[i + 1 : i + 2] == ["percent"])):
                r.take(i)

    # -- aggregate words, money and quantity words
    agg: str | None = None
    count_word = False
    money_word: str | None = None
    quantity_word = False
    for i, w in enumerate(words):
        if r.taken[i]:
            continue
        m = r.mention(i)
        if m is not None and agg is None and _total_of_rows(toks, m, i):
            agg = "sum"  # 'the total amount of overdue invoices' over inv_total_amt: one sum, the word stays the column's
            continue
        if m is not None and m.kind == "column" and m.end - m.start > 1 and m.columns and m.columns[0][1] >= 0.9:
            continue  # 'quantity sold' names a column as a whole
        if m is not None and m.kind == "column" and m.columns and i + 1 < m.end and words[i + 1] in PARTICLES \
                and words[i + 1] in m.columns[0][0].words:
            continue  # 'events sold out' names the is_sold_out flag: the phrasal verb is not a quantity sold
        if m is not None and m.kind == "column" and m.columns and m.start < i == m.end - 1 and w in QUANTITY_VERBS \
                and w in m.columns[0][0].words and model.role(m.columns[0][0]).role == "time":
            continue  # 'tickets sold' linked to sold_at: read with the mentions (the rows, or their date in a period)
        if w in AGGS and (m is None or m.kind == "column" and toks[i].lemma in AGGS):
            if m is not None and m.end > i + 1:
                continue
            if m is not None and m.start < i and agg is not None and any(toks[i].lemma in words_of(c) for c, _ in m.columns[:1]):
                continue  # 'median order total': the last word of a column's name, the aggregate is already named
            if agg is not None and agg != AGGS[w]:
                return None
            agg = AGGS[w]
            r.take(i)
        elif r.duration is not None and words[i : i + 2] in (["how", "many"], ["number", "of"]) and words[i + 2 : i + 3] \
                and words[i + 2] in DURATION_UNITS:
            r.take(i, i + 2)  # 'how many days does it take to close a claim': the duration, not a count
        elif (w in ("number", "how") and words[i + 1 : i + 2] in (["of"], ["many"])
              and (_counted_column(r, i + 2) is not None or _counted_column(r, _past_flag(r, i + 2)) is not None)):
            quantity_word = True  # 'the median number of seats': seat_qty holds the number, nothing is counted
            r.take(i, i + 2)
            col = _counted_column(r, i + 2)
            if col is not None and r.model.role(col).measure_kind == "duration":
                # 'how many hours did each technician work': the verb of the hours, not a condition
                for k in range(i + 3, n):
                    if not r.taken[k] and words[k] in WORK_VERBS | TIME_SPENT_VERBS and r.mention(k) is None:
                        r.take(k)
                        break
        elif (w == "number" and words[i + 1 : i + 2] == ["of"]) or (w == "how" and words[i + 1 : i + 2] == ["many"]) or w == "count":
            count_word = True
            r.take(i, i + 2 if w != "count" else i + 1)
        elif m is not None and m.kind == "value" and not _verb_not_value(m, toks[i]):
            continue  # 'the Sales department': a stored value, not the money word
        elif (m is None or m.kind == "column" and m.columns and model.role(m.columns[0][0]).role == "flag") \
                and _says_named_flag(r, i):
            continue  # 'how many invoices are paid' over invoices.paid: the flag's condition, not money spent
        elif w in SPEND_VERBS and (share or count_word) and i > 0 and words[i - 1] in ("were", "was", "been", "be", "being"):
            r.take(i)  # 'what percentage of tickets were bought', 'how many were paid': the counted rows' verb, no money
        elif (w in SPEND_VERBS or toks[i].lemma in MONEY_NOUNS or (w == "amount" and (agg in ("sum", "avg") or (
                i + 1 < len(toks) and _past_spend(toks[i + 1]))))
              or (w in ("value", "amount") and m is None and i > 0 and (r.mention(i - 1) or Mention("", 0, 0, "")).kind == "table")) and not (
                  m is not None and m.kind == "table" and m.tables[0][1] >= 0.9 and not _past_spend(toks[i])):
            money_word = toks[i].lemma
            paid = _paid_people(r, i)
            if paid is not None:
                r.money_table = paid  # 'the highest paid employees': their own pay, not money they spent elsewhere
            elif m is not None and m.kind == "table" and m.tables and _past_spend(toks[i]):
                r.money_table = m.tables[0][0].name  # 'total billed', 'amount invoiced': the money of that table
            elif m is not None and m.kind == "column" and m.columns and len({c.table for c, _ in m.columns}) == 1:
                # 'total invoiced amount', 'average invoice amount': the amounts of the one table the phrase names
                r.money_table = m.columns[0][0].table
            r.money_at = i
            r.take(i)
        elif w in QUANTITY_VERBS or (toks[i].lemma in QUANTITY_NOUNS and (m is None or max(s for _, s in m.columns or [(None, 0.0)]) < 1.0)):
            # 'tickets sold' where no column holds a quantity: each row is one unit sold, so the rows are counted
            units = toks[i].lemma in QUANTITY_NOUNS or model.quantity_measure() is not None
            quantity_word = quantity_word or units
            r.take(i)

    # -- schema mentions: entities, columns, values
    cues = {"by", "per", "each", "every", "across"}
    entities: list[tuple[int, TableInfo, bool]] = []  # (position, table, after a grouping cue)
    columns: list[tuple[int, ColumnInfo, bool, Mention]] = []
    values: list[Cond] = []
    time_explicit: ColumnInfo | None = None
    seen: set[int] = set()
    event: ColumnInfo | None = None  # the date of the event a verb names, on the rows of another table
    absent: list[Mention] = list(r.absent)
    has_flag = False
    flag_nouns: list[tuple[int, TableInfo]] = []  # (position, table) of flags named by a plural noun
    last_cued_end = -1
    # 'an account balance above the average': the column compared with its own average over the same table
    for i, w in enumerate(words):
        op = {"above": ">", "over": ">", "below": "<", "under": "<"}.get(w)
        k = i + 2 if words[i + 1 : i + 2] == ["the"] else i + 1
        col_m = r.mention(i - 1) if i > 0 else None
        if op is None or r.taken[i] or words[k : k + 1] not in (["average"], ["mean"]) or col_m is None or col_m.kind != "column" \
                or not col_m.columns or col_m.columns[0][0].kind != "num" or any(r.taken[col_m.start : col_m.end]):
            continue
        c = col_m.columns[0][0]
        others = {x.name for m in r.at.values() if m.kind == "table" for x, _ in m.tables[:1]} - {c.table}
        if others:
            continue  # 'customers who spent above the average' may mean their totals: rows of one table only
        mean = Plan(root=c.table, select=[Item(c.table, c.name, "avg")])
        values.append(Cond(c.table, c.name, op, sub=mean, text=f"{col_m.text} {w} the average"))
        has_flag = True
        after = r.mention(k + 1)  # 'priced above the average price': the same column named again
        same_col = after is not None and after.kind == "column" and any(x.key == c.key for x, _ in after.columns[:2])
        r.take(col_m.start, after.end if same_col and after is not None else k + 1)
    for m in {id(x): x for x in r.at.values()}.values():
        last = toks[m.end - 1]
        if (m.kind == "column" and m.end - m.start > 1 and m.columns and m.columns[0][0].is_key and m.columns[0][1] < 0.9
                and last.low.endswith("ed") and last.low not in m.columns[0][0].words and last.lemma not in m.columns[0][0].words
                and not any(r.taken[k] for k in range(m.start, m.end))):
            r.take(m.end - 1)  # 'shipments carried hazardous materials': the verb resembles a key ('carrier'), not a column
            st = stem(last.low)
            dated = [c for c in model.index.all_columns() if model.role(c).role == "time" and any(built_on(w, st) and w != st for w in c.words)]
            if ranges and len(st) >= 4 and len(dated) == 1:
                event = dated[0]  # 'customers rented in 2023': the verb names the dated event ('rental' -> rental_date)
    for i in range(n):
        m = r.mention(i)
        if m is None or id(m) in seen:
            continue
        if any(r.taken[k] for k in range(m.start, m.end)):
            if m.kind == "table" and m.tables and money_word is not None:
                # 'ticket revenue' linked to fct_ticket_sales as a whole, 'revenue' already read as the money word:
                # 'ticket' still names the table, whose money is meant
                t = _table_of(m, toks)
                for k in range(m.start, m.end):
                    if not r.taken[k] and says(t.words, toks[k].lemma):
                        entities.append((k, t, False))
                        r.take(k)
                        break
                continue
            if m.kind == "column" and m.columns and (m.columns[0][0].is_key or share or times_table is not None and m.columns[0][1] < 0.9):
                # 'films rented' linked to Rentals.FilmID, with 'rented' already read as a verb: 'films' is the entity;
                # 'percentage of employees' linked to a pct column, with 'percentage of' read as the share
                for k in range(m.start, m.end):
                    hit = [t for t in index.tables if not r.taken[k] and says(t.words, toks[k].lemma)]
                    hit = [t for t in hit if len(t.words) == 1 and says(t.words, toks[k].lemma)] or hit  # 'films': film, not film_actor
                    if len(hit) == 1:
                        entities.append((k, hit[0], False))
                        r.take(k)
            continue
        seen.add(id(m))
        lead = m.start - 1 if m.start > 1 and words[m.start - 1] in OWNER_TRADES and toks[m.start].lemma in OWNER_WORDS \
            else m.start  # 'each sales rep': the cue comes before what the owner sells
        cued = (lead > 0 and words[lead - 1] in cues and not (lead > 1 and words[lead - 2] in SORT_VERBS)
                or words[max(0, lead - 2) : lead] in (["for", "each"], ["in", "each"]))  # 'ordered by price' sorts
        if m.start > 0 and words[m.start - 1] == "and" and last_cued_end == m.start - 1:
            cued = True  # 'per region and segment'
        if m.start > 2 and words[m.start - 1] == "and" and grain is not None and words[m.start - 2] in GRAINS \
                and words[m.start - 3] in ("by", "per"):
            cued = True  # 'revenue by year and category': the list goes on after its time grain
        last_cued_end = m.end if cued else -1
        if m.kind == "column" and m.columns and m.columns[0][1] < 0.7 and all(words[k] in FILLER for k in range(m.start, m.end)):
            r.take(m.start, m.end)  # 'place' matched only through a description: a verb, not a column
            continue
        k = m.start - 1
        while k >= 0 and words[k] in ("a", "an", "any"):
            k -= 1
        if k >= 0 and not r.taken[k] and (words[k] == "without" or (words[k] == "no" and k > 0 and words[k - 1] in ("with", "have", "has"))):
            absent.append(m)  # 'employees without a manager', 'customers with no orders'
            r.take(k, m.end)
            if words[k] == "no":
                r.take(k - 1)
            tail = _absence_tail(words, m.end)
            if tail > m.end:
                r.take(m.end, tail)
                seen.update(id(x) for x in {id(x): x for x in (r.mention(q) for q in range(m.end, tail)) if x}.values()
                            if x.end <= tail)  # 'no email address': the tail words are no column of their own
            continue
        if m.kind == "table" and k >= 0 and k < m.start - 1 and words[k] == "with" and not r.taken[k]:
            owner = next((t for _, t, cued in entities if not cued), None)
            held = _presence(owner, m, toks) if owner is not None else None
            if held is not None:  # 'tickets bought with a promo code': the tickets' promo_key is filled in
                values.append(held)
                has_flag = True
                r.take(k, m.end)
                continue
        if (m.kind == "column" and m.columns and k >= 0 and (not r.taken[k] or words[k] in SPEND_VERBS) and k < m.start - 1 and words[k] in HAVING_VERBS | FILLED_USE_VERBS
                and (not m.columns[0][0].is_key or words[k] in FILLED_USE_VERBS and not m.columns[0][0].is_pk
                     and m.columns[0][0].fk is None)  # 'used a coupon code': a code column, no key of a row
                and (m.end == n or toks[m.end].clause_break)
                and len({e.name for _, e, _ in entities} - {m.columns[0][0].table}) <= 1
                and not any(cued and e.name != m.columns[0][0].table for _, e, cued in entities)):
            # 'employees who earn a commission': the entity's own column is filled in (a number: above zero);
            # 'orders that had a discount': another table's column, on the rows that refer to the entity
            c = m.columns[0][0]
            truth = _flag_value(c, True) if model.role(c).role == "flag" else None
            if truth is not None:  # 'locations that have a patio' (HasPatio 'Y'/'N'): the flag says yes
                filled = Cond(c.table, c.name, "=", truth, text=f"{words[k]} {m.text}")
            else:
                filled = (Cond(c.table, c.name, ">", 0, text=f"{words[k]} {m.text}") if c.kind == "num"
                          else Cond(c.table, c.name, "is not null", text=f"{words[k]} {m.text}"))
            owner = next((e for _, e, _ in entities if e.name != c.table), None)  # an uncued entity (checked above)
            holder = index.table(c.table)
            if owner is not None:
                held = _held_by(owner, holder, [filled]) if holder is not None else None
                if held is None:
                    return None
                filled = held
            values.append(filled)
            has_flag = True
            if words[k] in SPEND_VERBS:
                money_word = None  # 'earn' names the filled-in column here, not a money total
            r.take(k, m.end)
            continue
        if m.start in superlative_at and m.kind == "column" and m.columns and (
                model.role(m.columns[0][0]).measure_kind in (None, "number")):
            return None  # 'the most years of work': ranking by a stored value, the parser's job
        sign = words[m.start - 1] if m.start > 0 and not r.taken[m.start - 1] else ""
        if sign in ("negative", "positive") and m.kind == "column" and m.columns and m.columns[0][0].kind == "num":
            c = m.columns[0][0]  # 'a negative account balance': below zero
            values.append(Cond(c.table, c.name, "<" if sign == "negative" else ">", 0, text=f"{sign} {m.text}"))
            has_flag = True
            r.take(m.start - 1, m.end)
            continue
        if m.kind == "table" and m.best_table() is not None:
            if not count_word and m.tables[0][1] < 0.9 and len({c.table for c, _ in m.columns if model.role(c).role == "measure"}) > 1 \
                    and not _spells_whole_table(m, toks):
                # 'total premium', 'premium collected per quarter', 'top agents by premium': the word names part of
                # premium_payments and premium amounts of several tables; counting the payments is a guess
                return None
            entities.append((m.start, _unbridge(index, _table_of(m, toks), toks[m.end - 1].lemma), cued))
        elif m.kind == "column" and m.columns and model.role(m.columns[0][0]).role == "flag":
            named = {e.name for _, e, _ in entities}  # 'staff members are not active': the staff's flag
            c = next((x for x, _ in m.columns if x.table in named and model.role(x).role == "flag"), m.columns[0][0])
            owner = index.table(c.table)
            if words[m.start] == "no" and m.end == m.start + 2 and owner is not None and toks[m.start + 1].lemma in owner.words:
                return None  # 'clubs that have no trials': no rows of the table, not its yes/no flag (the parser's NOT IN)
            no_longer = words[max(0, m.start - 2) : m.start] == ["no", "longer"]  # 'no longer active'
            negated = m.start > 0 and words[m.start - 1] in ("not", "non", "never") or no_longer
            flag = _flag_value(c, not negated)
            if flag is None:
                return None
            values.append(Cond(c.table, c.name, "=", flag, text=m.text))
            has_flag = True
            if negated:
                r.take(m.start - (2 if no_longer else 1), m.start)
            into = r.mention(m.end + 1) if m.end < n and words[m.end] in ("into", "as") else None
            if (into is not None and into.kind == "table" and into.start == m.end + 1 and words[m.end - 1].endswith("ed")
                    and into.best_table() is not None and into.best_table().name != c.table):  # type: ignore[union-attr]
                r.take(m.end, into.end)  # 'quotes converted into policies': the flag already says what they became
            for k in (m.end, m.start - 1):  # 'renew automatically' -> auto_renew: a word built on another word of the flag
                if 0 <= k < n and not r.taken[k] and r.mention(k) is None and any(
                        len(x) >= 4 and words[k].startswith(x) and words[k] != x for x in c.words):
                    r.take(k)
            t = index.table(c.table)
            # 'active members': the flag's own table named inside the span is the entity
            if t is not None and any(says(t.words, toks[k].lemma) for k in range(m.start, m.end)) and t.name not in {e.name for _, e, _ in entities}:
                entities.append((m.start, t, False))
            elif t is not None and not negated and m.end - m.start == 1 and toks[m.start].low != toks[m.start].lemma \
                    and toks[m.start].lemma in c.words:
                flag_nouns.append((m.start, t))  # 'how many smokers': a plural noun naming the flag (is_smoker)
        elif m.kind == "column" and m.columns:
            c = _closest_literal(m, toks)
            if model.role(c).role == "time" and not ranges and grain is None and r.growth is None \
                    and _event_verb(r, m, c):
                r.take(m.start, m.end)  # 'tickets sold per channel': the verb says what the rows are, no date asked
                t = index.table(c.table)
                if m.end - m.start > 1 and t is not None:
                    entities.append((m.start, t, cued))  # 'tickets sold': the rows of the date's own table
                continue
            if model.role(c).role == "time":
                if time_explicit is not None:
                    return None
                time_explicit = c
                t = index.table(c.table)
                # 'employees hired in 2023': the date's own table named inside the span is the entity
                if t is not None and any(says(t.words, toks[k].lemma) for k in range(m.start, m.end)):
                    entities.append((m.start, t, False))
            else:
                columns.append((m.start, c, cued, m))
        elif m.kind == "value" and m.value_columns:
            c = _value_column_of_named(m, ments) if len({v.key for v in m.value_columns}) > 1 else m.value_columns[0]
            if c is None:
                # 'percentage of orders that were gifts' where only tags store 'gifts' (name and slug): the named
                # rows' own flag still reads it; otherwise the parser weighs the context
                held_flag = _own_flag(r, m, m.value_columns[0]) if len({v.table for v in m.value_columns}) == 1 else None
                if held_flag is None:
                    return None
                values.append(held_flag)
                has_flag = True
                r.take(m.start, m.end)
                continue
            own_flag = _own_flag(r, m, c)
            if own_flag is not None:
                values.append(own_flag)  # 'active clients': the clients' own is_active, not another table's status 'active'
                has_flag = True
                r.take(m.start, m.end)
                continue
            before = r.mention(m.start - 1) if m.start else None
            if before is not None and before.kind == "column":
                return None  # 'model volvo': which column the value belongs to is the parser's job
            if m.text.lower() == "new" and (ranges or grain is not None) and (r.mention(m.end) or Mention("", 0, 0, "")).kind == "table":
                r.take(m.start, m.end)  # 'new customers in 2022': the rows dated in the range are the new ones
                continue
            dated = [x for x in (index.table(c.table).columns if index.table(c.table) else [])  # type: ignore[union-attr]
                     if model.role(x).role == "time" and m.end - m.start == 1 and len(stem(words[m.start])) >= 4
                     and any(w.startswith(stem(words[m.start])) for w in x.words)]
            if (ranges or grain is not None) and time_explicit is None and len(dated) == 1:
                # 'orders shipped between A and B', 'subscriptions canceled per year': the shipped (canceled) date,
                # not status 'shipped' (rows dated by the event are the ones it happened to)
                time_explicit = dated[0]
                if not ranges:  # a breakdown by the event's date counts only rows it happened to (no empty bucket)
                    values.append(Cond(dated[0].table, dated[0].name, "is not null", None, text=m.text))
                r.take(m.start, m.end)
                continue
            stored = _stored(m, c)
            if stored is None:
                return None
            values.append(Cond(c.table, c.name, "=", stored, text=m.text))
        elif m.kind == "number":
            continue
        else:
            return None
        r.take(m.start, m.end)

    for i, t in enumerate(toks):
        before = r.mention(i - 1) if i > 0 else None
        after_table = before is not None and before.kind == "table" and r.taken[i - 1]
        if r.taken[i] or not after_table:
            continue
        if t.lemma in PERSON_NOUNS:
            r.take(i)  # 'staff members': the rows of the table just named
        elif _participle(t.low) and words[i + 1 : i + 2] in (["per"], ["by"]) and r.mention(i) is None:
            dated = model.time_columns(before.best_table().name) if before.best_table() is not None else []  # type: ignore[union-attr]
            if grain is not None and words[i + 2 : i + 3] and words[i + 2] in GRAINS and len(dated) > 1:
                continue  # 'claims reported per month' with a loss and a report date: the verb picks the date, not left out
            r.take(i)  # 'rentals handled per staff member': the participle only describes the rows

    # unlinked verbs that name a time column ('signed up' -> signup_date, 'joined' -> create_date)
    named_tables = {e.name for _, e, _ in entities}
    for i, t in enumerate(toks):
        if r.taken[i] or t.low in FILLER or len(t.low) < 4 or (i > 0 and words[i - 1] in ("never", "not")):
            continue  # 'never opened a ticket': the verb of an absence, not a date
        if t.low in JOIN_VERBS:
            k = i + 2 if words[i + 1 : i + 2] == ["up"] else i + 1
            o = k + 1
            while o < n and words[o] in ("the", "a", "an", "our"):
                o += 1
            obj = r.mention(o) if o < n and words[k] in ("for", "to", "into", "in", "on") else None
            if obj is not None and obj.kind in ("column", "table", "value") and toks[o].number is None:
                r.take(i, o)  # 'signed up for autopay', 'enrolled in the newsletter': the verb of what follows, not a date
                continue
        st = stem(t.low)
        hits = [c for c in model.index.all_columns() if model.role(c).role == "time"
                and any(w.startswith(st) and (w != st or t.low.endswith("ed")) for w in c.words)]  # 'started' -> start_date
        if not hits and len(st) >= 4:  # 'cancelled' -> bbc_cncl_dt: the verb's stem abbreviated, before any ending date
            hits = [c for c in model.index.all_columns() if model.role(c).role == "time" and (
                not named_tables or c.table in named_tables) and any(
                not is_word(w) and abbreviation_fit(w, st) >= CLEAR_FIT for w in c.words)]
        for verbs, dated in ((JOIN_VERBS | OPEN_VERBS, CREATION_WORDS), (LEAVE_VERBS, ENDING_WORDS),
                             (SEND_VERBS, SENDING_WORDS)):
            if not hits and t.low in verbs:  # 'joined in 2022' -> create_date, 'left in 2024' -> termination_date
                hits = [c for c in model.index.all_columns() if model.role(c).role == "time" and set(c.words) & dated
                        and (not named_tables or c.table in named_tables)]
        if len(hits) == 1:
            time_explicit = hits[0]
            r.take(i)

    if time_explicit is None and any(not d.start or not d.end for d in ranges):
        return None  # 'before 2015' on whichever date comes first is a guess; the verb or the column must name it
    if time_explicit is None and (ranges or grain is not None):
        # 'subscriptions cancelled in 2025': the status value also names the event whose date the range applies to
        for cond in list(values):
            said = (cond.text or "").lower()
            for verbs, dated in ((JOIN_VERBS, CREATION_WORDS), (LEAVE_VERBS, ENDING_WORDS)):
                t_dates = [c for c in model.time_columns(cond.table or "") if set(c.words) & dated]
                if said in verbs and len(t_dates) == 1:
                    time_explicit = t_dates[0]
                elif said in verbs and not t_dates:
                    # 'lines cancelled in 2025' with the status in a lookup: the counted rows' own date the verb spells
                    # (lin_cncl_dt) dates the event and reads the word, which is then no status filter as well
                    owner = next((t for _, t, cued in entities if not cued), None)
                    spelled = [c for c in model.time_columns(owner.name) if any(
                        w in dated or (not is_word(w) and abbreviation_fit(w, stem(said)) >= CLEAR_FIT) for w in c.words)] \
                        if owner is not None else []
                    if len(spelled) == 1:
                        time_explicit = spelled[0]
                        values.remove(cond)
    if time_explicit is not None and not ranges and grain is None and r.growth is None:
        order = _event_order(r)
        if order and desc and any(words[k : k + 2] == ["most", "recently"] for k in range(n - 1)):
            desc = None  # 'joined most recently': 'most' belongs to the adverb, not a ranking of its own
        if order is None or pricey is not None or desc is not None:
            return None  # a date column asked for is a projection
        pricey, pricey_kind = order, "event"  # 'which customer signed up first': ranked by the date the verb names
    if ranges or grain is not None:
        for i, w in enumerate(words):
            if w == "new" and not r.taken[i] and r.mention(i + 1) is not None:
                r.take(i)  # 'new customers in 2022': the dated rows are the new ones
    if sibling:
        values.extend(sibling)
        has_flag = True
        t = index.table(sibling[0].table or "")
        if t is not None and not any(e.name == t.name for _, e, _ in entities):
            return None  # the compared rows' entity must be named ('which products have ...')
    if r.above_average:
        values.extend(r.above_average)
        has_flag = True
    if r.row_conds:
        values.extend(r.row_conds)
        has_flag = True
    if absent or r.never:
        owner = next((t for _, t, cued in entities if not cued), None)
        if owner is None:
            return None
        for m in absent:
            cond = _absence(index, owner, m, toks)
            if cond is None:
                return None
            values.append(cond)
        for k, tables in r.never:
            cond = _never(index, owner, k, tables, toks)
            if cond is None:
                return None
            values.append(cond)
        has_flag = True
    # 'unpaid invoices', 'non-preferred carriers': a negated flag word names the flag's false value
    for k, t in enumerate(toks):
        if r.taken[k] or r.mention(k) is not None:
            continue
        base = next((t.low[len(p):].lstrip("-") for p in ("non", "un") if t.low.startswith(p) and len(t.low) - len(p) >= 4), None)
        flags = [c for c in index.all_columns() if base and model.role(c).role == "flag"
                 and base in [w for w in c.words if w not in ("is", "has", "can")]]
        named = {e.name for _, e, _ in entities}
        flags = [c for c in flags if c.table in named] or flags
        flag = _flag_value(flags[0], False) if len(flags) == 1 else None
        if flag is not None:
            values.append(Cond(flags[0].table, flags[0].name, "=", flag, text=t.text))
            has_flag = True
            r.take(k)
    verb_table: TableInfo | None = None
    for k, t in enumerate(toks):
        if desc is None or r.taken[k] or r.mention(k) is not None or t.low in FILLER or len(t.low) < 5 and t.low not in USE_VERBS:
            continue
        st = stem(t.low)
        hits = [x for x in index.tables if len(st) >= 4 and any(built_on(w, st) for w in x.words) and t.lemma not in x.words]
        if len(hits) == 1 and verb_table is None:
            verb_table = hits[0]  # 'most rented category': renting is counted in the rentals table
            r.take(k)
        elif not hits and verb_table is None and t.low in USE_VERBS:
            # 'which promo code was used the most': each use is a row of the one table that refers to it
            owners = [e for _, e, cued in entities if not cued]
            users = [x for x in index.tables if len(owners) == 1 and x.name != owners[0].name
                     and sum(1 for c in x.columns if c.fk and c.fk[0].lower() == owners[0].name.lower()) == 1]
            if len(users) == 1:
                verb_table = users[0]
                r.take(k)
    if money_word is not None and r.money_at is not None:
        # 'freight spend': a word right before the money word that names one money measure picks it
        k = r.money_at - 1
        named = [c for c in model.measures() if k >= 0 and model.role(c).measure_kind == "money" and toks[k].lemma in words_of(c)]
        here = r.mention(k) if k >= 0 else None
        if k >= 0 and not r.taken[k] and len(named) == 1 and (here is None or here.kind == "column" and here.best_column() is named[0]):
            money_word = toks[k].lemma
            r.take(k)
    if not any(not cued for _, _, cued in entities):
        # 'how many people did Shipping hire', 'headcount by city': the one table whose rows are people (a given-name
        # column), narrowed to the one holding the date the question names
        people = [t for t in index.tables if any(_is_first_name(c) for c in t.columns)]
        if time_explicit is not None:
            people = [t for t in people if t.name == time_explicit.table]
        for i, t in enumerate(toks):
            if not r.taken[i] and r.mention(i) is None and (t.lemma in PEOPLE_WORDS or t.low in HEADCOUNT_WORDS) and len(people) == 1:
                entities.append((i, people[0], False))
                count_word = count_word or t.low in HEADCOUNT_WORDS
                r.take(i)
                _take_work_verb(r, words, i + 1)
                break
    if flag_nouns and not any(not cued for _, _, cued in entities) and len({t.name for _, t in flag_nouns}) == 1:
        entities.append((*flag_nouns[0], False))  # 'how many smokers', 'renewals in 2025': the flag's rows are the ones counted
    for i, w in enumerate(words[:-1]):
        if not r.taken[i] and w in ("different", "distinct", "unique") and any(p == i + 1 for p, _, _ in entities):
            r.take(i)  # 'how many different customers': each entity row counts once anyway
    for i in range(n - 1):
        if not r.taken[i] and r.mention(i) is None and describes_named_column(toks, i, r.mention(i + 1)):
            r.take(i)  # 'total maintenance cost' over work_order.cost: the noun only describes the one cost column
    for i, t in enumerate(toks):
        # 'how many deals did we lose': an unlinked verb or adjective that says a named table's one yes/no flag (or its
        # opposite: 'lose' ~ lost ~ not won) is that condition; after a negation the full reading decides
        if r.taken[i] or r.mention(i) is not None or not t.low.isalpha() or len(t.low) < 4 \
                or any(w in ("not", "never", "no", "t") for w in words[max(0, i - 3) : i]):
            continue
        said = [Cond(e.name, x.name, "=", value, text=t.text) for _, e, cued in entities if not cued for x in e.columns
                if r.model.role(x).role == "flag" and not any(v.column == x.name for v in values)
                for truth in [flag_truth([w for w in x.words if w not in FLAG_AFFIXES], t.low, t.lemma)]
                if truth is not None for value in [_flag_value(x, truth)] if value is not None]
        if len(said) == 1:
            values.append(said[0])
            has_flag = True
            r.take(i)
    # 'held at each club': 'at' before 'each' only places the grouping; elsewhere it may carry a condition
    # ('the three-bedroom units at Oak Hollow'), so an unread 'at' leaves the question to the full reading
    left = [t.low for i, t in enumerate(toks) if not r.taken[i] and t.low not in FILLER and t.lemma not in FILLER
            and not (t.low == "at" and words[i + 1 : i + 2] in (["each"], ["every"]))]
    if left:
        return None
    plain = [t for _, t, cued in entities if not cued]
    event = event if time_explicit is None else time_explicit
    verbs = [(p, t) for p, t, cued in entities if not cued and toks[p].lemma not in t.words and words[p].endswith("ed")]
    if event is None and len(plain) == 2 and len(verbs) == 1 and verbs[0][1] is plain[1] and ranges:
        # 'customers who rented in 2023': the verb names the dated rows ('rented' -> the rentals' own date)
        event = _time_column(r, plain[1].name, None)
        if event is not None:
            entities = [e for e in entities if e[0] != verbs[0][0]]
            plain = plain[:1]
    if (event is not None and len(ranges) == 1 and grain is None and len(plain) == 1 and money_word is None
            and event.table != plain[0].name and not quantity_word and agg is None):
        # 'how many customers rented in 2023': the customers among the rentals dated in the range (each counted once)
        t_event = index.table(event.table)
        dated = [c for g in _where(r, [], ranges, event, event.table) or [] for c in g]
        held = _held_by(plain[0], t_event, dated) if t_event is not None else None
        if held is None:
            return None
        values.append(held)
        ranges, time_explicit = [], None
        has_flag = True

    top_list = _top_by_money(r, entities, columns, desc, pricey, agg, count_word or quantity_word or money_word is not None)
    if top_list is not None:
        money_word, top_note = top_list
    top_n = _top_list_size(r, entities, limit, pricey)
    if top_n is not None:
        limit = top_n
    q = _assemble(r, entities, columns, values, ranges, grain, desc, limit, explicit_n, (pricey, pricey_kind), comparisons, agg,
                  count_word, money_word, quantity_word, time_explicit, has_flag, times_table or verb_table)
    if q is not None and (top_list is not None or top_n is not None) and not q.row_level:
        q.show_measure = True
        q.notes.extend([top_note] if top_list is not None else [])
        q.notes.extend([f"a top list without a number shows the first {top_n}"] if top_n is not None and top_n > 1 else [])
    counted = None
    if share and values and money_word is None and not quantity_word:
        # 'what percentage of employees are no longer active': the rows that match, in percent of all (per group)
        counted = _assemble(r, entities, columns, values, ranges, grain, desc, limit, explicit_n, (pricey, pricey_kind), comparisons,
                            agg, True, None, False, time_explicit, has_flag, times_table or verb_table)
    if counted is not None and counted.measure.agg == "count" and counted.measure.column is None and not counted.having \
            and not counted.row_level and counted.order_desc is None:
        subject = next((k for k, _, cued in entities if not cued), None)
        # 'percentage of delivered shipments that arrived on time': a condition said before the counted noun narrows
        # the rows of the whole (the denominator), one said after it picks the rows the percent counts
        before = {id(v) for v in values if subject is not None and (_said_at(words, v.text) or n) < subject}
        counted.part = [g for g in counted.where if len(g) == 1 and any(g[0] is v for v in values) and id(g[0]) not in before]
        if not counted.part:
            counted.part = [g for g in counted.where if len(g) == 1 and any(g[0] is v for v in values)]
        counted.where = [g for g in counted.where if not any(g is x for x in counted.part)]
        counted.measure = Item(counted.measure.table, None, "percent")
        counted.show_measure = True
        counted.notes.append("the percent is of all the rows counted, those that match in the numerator")
        q = counted
    elif share and values and q is not None and q.measure.agg == "sum" and q.measure.column and not q.groups \
            and not q.having and not q.row_level and q.order_desc is None \
            and any(len(g) == 1 and any(g[0] is v for v in values) for g in q.where) \
            and not any(not cued and not (money_word and p > _came_from(words)) for p, _, cued in entities):
        # ('percentage of rent payments' counts payments; 'of revenue comes from commercial customers' does not)
        # 'what share of revenue comes from desks': the named rows' amount in percent of the whole amount
        q.part = [g for g in q.where if len(g) == 1 and any(g[0] is v for v in values)]
        q.where = [g for g in q.where if not any(g is x for x in q.part)]
        q.measure = Item(q.measure.table, q.measure.column, "percent")
        q.show_measure = True
        q.notes.append("the percent is of the whole amount; the named rows' amount is the numerator")
    elif share:
        if q is None or q.row_level or not q.groups or q.having or q.measure.agg not in ("sum", "count"):
            return None
        q.measure = Item(q.measure.table, q.measure.column, "share")
        q.notes.append("each group's share is its percent of the total over all groups shown")
    if q is not None and explicit_n and limit is not None and not q.row_level and not q.having and agg is None:
        q = _ranked_values(r, q, limit) or q
    if q is not None and (r.growth is not None and q.change is None or r.duration is not None and q.measure.since is None):
        return None  # a reading that lost the comparison of periods or the duration answers another question
    if q is not None:
        _settled_only(r, q)
    return q


TOP_LIST_SIZE = 10  # 'our top customers' names no number: a short list, as a dashboard's top list shows


def _top_by_money(r: _Reader, entities: list[tuple[int, TableInfo, bool]], columns: list[tuple[int, ColumnInfo, bool, Mention]],
                  desc: bool | None, pricey: bool | None, agg: str | None, measured: bool) -> tuple[str, str] | None:
    """'Who are our top customers?', 'the top 5 products': 'top' (or 'bottom') names no measure, and what a business
    user ranks customers and products by is the money they bring: the money measure of another table that adds up
    to them (the customers' order revenue, not a column of their own). Returns (money word, note), or None when the
    question names a measure or a count, or no money adds up to the one ranked entity."""
    at = _bare_top(r)
    plain = [(p, t) for p, t, cued in entities if not cued]
    if (at is None or desc is None or measured or pricey is not None or agg is not None or r.duration is not None
            or len(plain) != 1 or any(cued for _, _, cued in entities) or columns or r.growth is not None):
        return None
    subject = plain[0][1]
    col = r.model.money_measure("revenue", frozenset({subject.name}))
    if col is None or col.table == subject.name or not r.model.rolls_up(col.table, subject.name):
        return None
    return "revenue", f"'{r.words[at]}' names no measure: ranked by the total {col.name} of each {' '.join(subject.words)}"


def who_spent(toks: list[Token], ments: list[Mention], index: SchemaIndex, model: SemanticModel) -> list[str]:
    """'Who spent the most?' names no table: 'who' is one of the named things the money adds up to within two
    references (customers, salespeople, products), which the question does not say. The readings, one per such
    table (nearest first), for a clarifying question; [] when the question names a table or column or no money."""
    words = [t.low for t in toks]
    if not words or words[0] != "who" or any(m.kind in ("table", "column") for m in ments):
        return []
    verb = next((w for w in words if w in SPEND_VERBS), None)
    col = model.money_measure(verb) if verb is not None else None
    if col is None:
        return []
    out: list[str] = []
    level = {col.table}
    seen = set(level)
    for _ in range(2):  # many-to-one references, nearest first
        nxt = {c.fk[0] for x in level if (t := index.table(x)) is not None for c in t.columns if c.fk is not None} - seen
        seen |= nxt
        for name in sorted(nxt):
            t = index.table(name)
            shown = _label(t, index) if t is not None else None
            if t is not None and shown and shown[0][1].column != shown[0][0].column:
                out.append("which " + " ".join(t.words) + " " + " ".join(words[1:]).rstrip("?. "))
        level = nxt
    return out[:3]


def _bare_top(r: _Reader) -> int | None:
    """Where 'top' or 'bottom' ranks the rows (read as a superlative, with or without a number)."""
    return next((i for i, w in enumerate(r.words) if w in ("top", "bottom") and r.taken[i]), None)


def _top_list_size(r: _Reader, entities: list[tuple[int, TableInfo, bool]], limit: int | None, pricey: bool | None) -> int | None:
    """'top customers by revenue', 'best selling products': 'top' (or a best/worst participle) right before a plural
    noun, with no number, asks for a short list (the first ``TOP_LIST_SIZE``, as a dashboard's top list shows), not
    the one at the top."""
    at = _bare_top(r)
    width = 1
    if at is None:  # 'best selling products', 'best-selling products', 'worst performing stores'
        at = next((i for i, w in enumerate(r.words) if r.taken[i] and (w.split("-")[0] in ("best", "worst") and "-" in w
                   or w in ("best", "worst") and r.words[i + 1 : i + 2] in (["selling"], ["performing"]))), None)
        width = 1 if at is None or "-" in r.words[at] else 2
    if at is None or limit is not None or pricey is not None:
        return None
    nxt = next((p for p, _, cued in entities if not cued and p > at), None)
    if nxt is None or nxt != at + width or r.toks[nxt].low == r.toks[nxt].lemma and not r.toks[nxt].low.endswith("people"):
        return None  # a singular noun: 'the top customer' is the one at the top
    return TOP_LIST_SIZE


def _settled_only(r: _Reader, q: SemanticQuery) -> None:
    """'Total sales by year', 'revenue by category', 'rent collected in 2024': money taken in keeps only the rows
    whose payment status (a column, all its values known, that has a settled state such as 'completed') is not one
    in which the money never came or went back ('failed', 'refunded'); every other state stays ('partial'). Why: a
    sum over every row counts failed and refunded payments as income. A status without a settled state follows
    something else (a ticket's 'scanned', 'refunded'), and a question that names the status is left as it reads."""
    if q.measure.agg not in ("sum", "share") or q.measure.column is None or q.row_level or q.measure.table is None:
        return
    if not any(t.low in TAKINGS_WORDS or t.lemma in TAKINGS_WORDS for t in r.toks):
        return
    table, money = r.index.table(q.measure.table), r.index.column(q.measure.table, q.measure.column)
    if table is None or money is None or r.model.role(money).measure_kind != "money":
        return
    if set(split_identifier(money.name)) & TAKINGS_WORDS:
        return  # 'amount_paid', 'collected_amt': the column already holds what came in, whatever the row's state
    said = {(c.table, c.column) for g in q.where + q.part for c in g}
    for c in table.columns:
        if c.kind != "text" or not c.complete or c.is_key or (c.table, c.name) in said:
            continue
        bad = [s for s in c.samples if s.lower() in UNSETTLED_STATES]
        kept = [s for s in c.samples if s and s.lower() not in UNSETTLED_STATES]
        if bad and any(s.lower() in SETTLED_STATES for s in kept):
            q.where.append([Cond(table.name, c.name, "=", s, text=s) for s in kept])
            q.notes.append(f"money taken in leaves out the rows whose {c.name} is {' or '.join(bad)}")
            return


WHEN_WORDS = frozenset("when date dates day time latest earliest first last recent oldest newest".split())


def _event_verb(r: _Reader, m: Mention, c: ColumnInfo) -> bool:
    """One past-tense verb that names a date column after itself ('sold' -> sold_at, 'shipped' -> shipped_date), in a
    question that asks no date or period: the verb describes the rows (the tickets that were sold), it asks for
    nothing to show."""
    toks = r.toks
    w = toks[m.end - 1].low
    if m.end - m.start > 1:  # 'tickets sold': only the words of the date's own table before the verb
        own = c.table.lower()
        if not all(t.lemma in own or t.low in own for t in toks[m.start : m.end - 1]):
            return False
    verbs = getAllLemmas(w).get("VERB", ())
    asked = [t for k, t in enumerate(toks) if t.low in WHEN_WORDS and r.mention(k) is None]  # not 'day of the week'
    return w in c.words and bool(verbs) and w not in verbs and not asked


def _said_at(words: list[str], text: str | None) -> int | None:
    """Where a condition's words stand in the question (None when they are not there verbatim)."""
    said = (text or "").lower().split()
    return next((k for k in range(len(words) - len(said) + 1) if said and words[k : k + len(said)] == said), None)


GROWTH_WORDS = {"growth": True, "grow": True, "grew": True, "grown": True, "change": False, "changed": False,
                "difference": False}  # growth is relative (percent), a change is the plain difference
PERCENT_WORDS = frozenset("percent percentage pct".split())
PERIOD_LINKS = (("compared", "with"), ("compared", "to"), ("comparison", "with"), ("vs",), ("versus",), ("against",),
                ("relative", "to"), ("over",))
PREVIOUS_YEAR = (("the", "previous", "year"), ("the", "prior", "year"), ("the", "year", "before"), ("last", "year"),
                 ("previous", "year"), ("prior", "year"))


def _phrase_at(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    for i in range(len(words)):
        for ph in phrases:
            if tuple(words[i : i + len(ph)]) == ph:
                return i, i + len(ph)
    return None


SIDE_BY_SIDE = (("compare", "with"), ("compare", "to"), ("compared", "with"), ("compared", "to"), ("vs",), ("versus",))


def _read_side_by_side(r: _Reader) -> None:
    """'How did revenue in 2025 compare with 2024?', 'revenue in 2025 vs 2024': no growth or change is asked for, so
    the answer shows the measure for each of the two years, one row per year (one range holds them; for years apart,
    '2025 compared with 2023', ``_where`` leaves out the years between, which would be more rows)."""
    words = r.words
    link = _phrase_at(words, SIDE_BY_SIDE)
    years = [(i, int(t.number)) for i, t in enumerate(r.toks)
             if t.number is not None and t.number.is_integer() and 1900 <= t.number <= 2100]
    if link is None or len(years) != 2 or not years[0][0] < link[0] < years[1][0] or years[0][1] == years[1][1]:
        return
    r.take(*link)
    for i, _y in years:
        r.take(i)
        if i > 0 and words[i - 1] in ("in", "for", "during", "with", "to"):
            r.take(i - 1)
    if link[0] > 0 and words[link[0] - 1] in ("did", "does", "do"):
        r.take(link[0] - 1)
    r.side_by_side = (min(y for _, y in years), max(y for _, y in years))


def _read_growth(r: _Reader) -> None:
    """'growth of revenue in 2023 compared with 2022', 'revenue growth in 2024 compared with last year', 'change in
    sales from 2005 to 2006', 'growth compared with last year': two calendar years of one measure."""
    words = r.words
    cue = next((i for i, w in enumerate(words) if w in GROWTH_WORDS and r.mention(i) is None), None)
    if cue is None:
        _read_side_by_side(r)
        return
    years = [(i, int(t.number)) for i, t in enumerate(r.toks)
             if t.number is not None and t.number.is_integer() and 1900 <= t.number <= 2100]
    link = _phrase_at(words, PERIOD_LINKS)
    before = _phrase_at(words, PREVIOUS_YEAR)
    yoy = _phrase_at(words, (("year", "over", "year"), ("yoy",)))
    if yoy is not None and link is not None and link[0] == yoy[0] + 1:
        link = None  # the 'over' of 'year over year' is part of that phrase
    cur: int | None = None
    prev: int | None = None
    if len(years) == 2 and link is not None and years[0][0] < link[0] < years[1][0]:
        (_, cur), (_, prev) = years  # 'in 2023 compared with 2022'
    elif (len(years) == 2 and years[0][0] > 0 and words[years[0][0] - 1] in ("from", "between")
          and words[years[1][0] - 1] in ("to", "and")):
        (_, prev), (_, cur) = years  # 'from 2005 to 2006'
    elif len(years) == 1 and (before is not None and link is not None or yoy is not None):
        cur = years[0][1]  # 'in 2024 compared with last year', '2024 year over year'
        prev = cur - 1
    elif not years and before is not None and link is not None and link[1] <= before[0]:
        cur, prev = r.today.year, r.today.year - 1  # 'compared with last year'
    if cur is None or prev is None or cur == prev:
        return
    # 'by how much did revenue grow': an amount (the difference), unless a percent is asked for as well
    amount = any(words[i : i + 2] in (["how", "much"], ["how", "many"]) for i in range(cue))
    percent = GROWTH_WORDS[words[cue]] and not amount or any(w in PERCENT_WORDS for w in words)
    r.take(cue)
    if words[cue + 1 : cue + 2] in (["of"], ["in"]) and not (cue + 2 < len(words) and r.toks[cue + 2].number is not None):
        r.take(cue + 1)  # 'growth of revenue', 'change in sales'
    for span in (link, before, yoy):
        if span is not None:
            r.take(*span)
    for i, _y in years:
        r.take(i)
        if i > 0 and words[i - 1] in ("in", "from", "to", "between", "and", "of", "for", "during"):
            r.take(i - 1)
    for i, w in enumerate(words):
        m = r.mention(i)
        if w in PERCENT_WORDS and m is not None and i > 0 and words[i - 1] == "what" and m.end - m.start == 1:
            del r.at[i]  # 'by what percent did revenue grow': the growth's unit, not a column such as discount_pct
            m = None
        if w in PERCENT_WORDS and m is None:
            r.take(i)
            if i > 0 and words[i - 1] in ("in", "as", "a"):
                r.take(i - 1)
    r.growth = Growth(year_range(cur), year_range(prev), percent)


DURATION_UNITS = {"days": "day", "hours": "hour", "minutes": "minute", "weeks": "week"}
DURATION_VERBS = frozenset("kept keep keeps last lasts lasted take takes took open stay stays stayed".split())
END_WORDS = frozenset("return returned end ended close closed ship shipped shipping deliver delivered delivery complete "
                      "completed completion finish finished resolve resolved checkout due".split())


def _date_named(r: _Reader, i: int) -> ColumnInfo | None:
    """The one date column a word names: 'shipping' -> ShippedDate; 'order' (a table) -> that table's own date."""
    st = stem(r.words[i])
    if len(st) < 3:
        return None
    hits = [c for c in r.index.all_columns() if r.model.role(c).role == "time" and any(w.startswith(st) for w in c.words)]
    m = r.mention(i)
    if len(hits) > 1 and m is not None and m.kind == "table":  # 'order' is Orders' OrderDate, not OrderDetails' dates
        own = [c for c in hits if any(c.table == t.name for t, _ in m.tables)]
        hits = own or hits
    return hits[0] if len(hits) == 1 else None


def _read_duration(r: _Reader) -> None:
    """'average days from order to shipping', 'days between hire and termination', 'how long is a rental kept':
    the days from one date column to another of the same table (an aggregate of it is the measure)."""
    words = r.words
    n = len(words)
    cue = next((i for i, w in enumerate(words) if w in DURATION_UNITS or words[i : i + 2] == ["how", "long"]), None)
    if cue is not None and words[cue] in DURATION_UNITS:
        r.duration_unit = DURATION_UNITS[words[cue]]
    elif cue is not None:
        _unit_after_how_long(r, cue)
    if _read_stage_duration(r, cue) or cue is None:
        return
    end_cue = cue + (2 if words[cue] == "how" else 1)
    pair: tuple[ColumnInfo, ColumnInfo] | None = None
    used: list[int] = []
    for k in range(end_cue, min(end_cue + 6, n)):
        if words[k] not in ("from", "between"):
            continue
        mid = next((j for j in range(k + 2, min(k + 5, n)) if words[j] in ("to", "and", "until", "till")), None)
        if mid is None:
            break
        a = next((j for j in range(k + 1, mid) if words[j] not in ("the", "a", "an")), None)
        b = next((j for j in range(mid + 1, min(mid + 3, n)) if words[j] not in ("the", "a", "an")), None)
        ca = _date_named(r, a) if a is not None else None
        cb = _date_named(r, b) if b is not None else None
        if ca is not None and cb is not None and ca.table == cb.table and ca.name != cb.name:
            pair = (ca, cb)
            end = max(b + 1, (r.mention(b) or Mention("", 0, 0, "")).end)  # type: ignore[operator]
            if words[end : end + 1] in (["date"], ["time"], ["day"]):
                end += 1  # 'between ship date and receipt date'
            used = list(range(k, end))
        break
    if pair is None:
        verb = next((k for k in range(end_cue, n) if words[k] in DURATION_VERBS), None)
        table_m = next((r.mention(k) for k in range(end_cue, verb or 0) if (r.mention(k) or Mention("", 0, 0, "")).kind == "table"), None)
        if verb is None or table_m is None:
            return
        t = _table_of(table_m, r.toks)
        dates = r.model.time_columns(t.name)
        ends = [c for c in dates if set(c.words) & END_WORDS]
        starts = [c for c in dates if c not in ends and (set(c.words) & (set(t.words) | CREATION_WORDS | {"start", "begin"}))]
        if len(ends) != 1 or len(starts) != 1:
            return
        pair = (starts[0], ends[0])
        used = [k for k in range(end_cue, verb + 1) if words[k] in ("a", "an", "the", "is", "are", "was", "were", "do", "does", "did")
                or r.mention(k) is table_m] + [verb]
    r.duration = pair
    r.take(cue, end_cue)
    if words[max(0, cue - 2) : cue] == ["number", "of"]:
        r.take(cue - 2, cue)  # 'the average number of days'
    for k in used:
        r.take(k)


# The stage of a process a date column records: started (ordered, opened, issued), sent, finished (delivered,
# resolved). Planned dates (promised, due) are no stage. 'transit time' runs from sending to finishing, 'lead time'
# and 'turnaround' from start to finish.
STAGE_WORDS = ((0, frozenset("create created creation start started begin open opened order ordered signup issued issue placed "
                             "request requested submitted received report reported filed logged".split())),
               (1, frozenset("ship shipped shipping sent send dispatch dispatched departure departed pickup".split())),
               (2, frozenset("deliver delivered delivery arrive arrived arrival resolve resolved close closed complete completed "
                             "completion finish finished return returned end ended paid settled".split())))
PLANNED_WORDS = frozenset("promised due expected estimated scheduled planned target commit committed required deadline".split())
DURATION_NOUNS = {"transit": (1, 2), "lead": (0, 2), "turnaround": (0, 2), "fulfillment": (0, 2), "fulfilment": (0, 2),
                  "resolution": (0, 2), "cycle": (0, 2)}


def _stage(c: ColumnInfo) -> int | None:
    ws = set(c.words)
    if ws & PLANNED_WORDS:
        return None
    spelled = next((k for k, stage in STAGE_WORDS if ws & stage), None)
    return spelled if spelled is not None else _abbreviated_stage(ws)


def _abbreviated_stage(ws: set[str]) -> int | None:
    """The stage an abbreviated date name records ('CMPL_DT' completed, 'RPT_DT' reported, 'DLVR_DT' delivered):
    a name word that is no English word and abbreviates words of exactly one stage (none of a planned date)."""
    fits = {k for w in ws if not is_word(w) for k, stage in STAGE_WORDS if any(abbreviation_fit(w, x) >= 0.7 for x in stage)}
    if len(fits) != 1 or any(abbreviation_fit(w, x) >= 0.7 for w in ws if not is_word(w) for x in PLANNED_WORDS):
        return None
    return next(iter(fits))


def _unit_after_how_long(r: _Reader, cue: int) -> None:
    """'how long does an outage last on average, in minutes': the unit named after 'in' later in the question."""
    words = r.words
    k = next((k for k in range(cue + 2, len(words) - 1) if words[k] == "in" and words[k + 1] in DURATION_UNITS
              and not r.taken[k] and not r.taken[k + 1]), None)
    if words[cue : cue + 2] == ["how", "long"] and k is not None:
        r.duration_unit = DURATION_UNITS[words[k + 1]]
        r.take(k, k + 2)


def _read_stage_duration(r: _Reader, cue: int | None) -> bool:
    """'average transit time in days', 'lead time in days', 'days to resolve a ticket': the days between the two
    dates of one table that the noun (or the verb after 'to') spans, by the process stage each date records."""
    words = r.words
    named = {t.name for m in r.at.values() if m.kind == "table" for t, _ in m.tables[:1]}
    noun = next((k for k, w in enumerate(words) if w in DURATION_NOUNS and not r.taken[k]
                 and (w not in ("lead", "cycle") and cue is not None or words[k + 1 : k + 2] == ["time"]) and (r.mention(k) is None or r.mention(k).kind != "value")), None)
    # 'days to resolve a ticket', 'how many days does it take to close a claim'
    to_verb = None if cue is None else next((k + 1 for k in range(cue + 1, min(cue + 6, len(words) - 1)) if words[k] == "to"
                                             and all(x in TAKE_WORDS for x in words[cue + 1 : k])), None)
    # 'the average time to close a case (in hours)': the verb after 'time to' names the end date, wherever the unit is
    time_to = None if to_verb is not None or noun is not None else next(
        (k + 2 for k in range(len(words) - 2) if words[k : k + 2] == ["time", "to"] and not r.taken[k]), None)
    to_verb = to_verb if time_to is None else time_to
    candidates: list[tuple[ColumnInfo, ColumnInfo]] = []
    for t in r.index.tables:
        if named and t.name not in named:
            continue
        dates = [c for c in r.model.time_columns(t.name) if _stage(c) is not None]
        if noun is not None:
            a, b = DURATION_NOUNS[words[noun]]
            starts = [c for c in dates if _stage(c) == a] or ([c for c in dates if (_stage(c) or 0) < b] if a == 0 else [])
            ends = [c for c in dates if _stage(c) == b]
        elif to_verb is not None:
            st = stem(words[to_verb])
            ends = [c for c in dates if len(st) >= 4 and any(w.startswith(st) or not is_word(w) and abbreviation_fit(
                w, words[to_verb]) >= 0.7 for w in c.words)]  # 'to complete' ends at CMPL_DT
            starts = [c for c in dates if ends and (_stage(c) or 0) < (_stage(ends[0]) or 0)]
            starts = [c for c in starts if _stage(c) == min(_stage(x) or 0 for x in starts)]
        else:
            return False
        if len(starts) == 1 and len(ends) == 1 and starts[0].name != ends[0].name:
            candidates.append((starts[0], ends[0]))
    if len(candidates) != 1:
        return False
    r.duration = candidates[0]
    if cue is not None:
        r.take(cue)
    if noun is not None:
        r.take(noun, noun + (2 if words[noun + 1 : noun + 2] == ["time"] else 1))
    elif time_to is not None:
        r.take(time_to - 2, time_to + 1)
    else:
        r.take(cue + 1 if cue is not None else to_verb - 1, to_verb + 1)  # type: ignore[operator]
    if cue is not None and cue > 0 and words[cue - 1] == "in":
        r.take(cue - 1)  # 'in days'
    for k, w in enumerate(words):  # '... to close a claim after it is reported': the start the duration runs from
        j = k + 1
        while w in ("after", "since", "from") and j < len(words) and words[j] in ("it", "is", "was", "has", "been", "they", "are", "were", "being"):
            j += 1
        if w in ("after", "since", "from") and j < len(words) and j > k + 1 and not r.taken[k] and _same_root(words[j], candidates[0][0]):
            r.take(k, j + 1)
    return True


TAKE_WORDS = frozenset("does do did it take takes took usually typically".split())
ORDER_WORDS = {"after": ">", "before": "<", "later": ">", "earlier": "<", "past": ">"}
LATE_WORDS = frozenset("late delayed".split())
DETERMINERS = frozenset("the their its his her a an".split())


def _same_root(word: str, c: ColumnInfo) -> bool:
    """A verb or noun naming a date column by its root: received ~ receiptdate, deliveries ~ DeliveredDate."""
    st = stem(word)
    if len(st) < 4:
        return False
    for w in c.words:
        k = 0
        while k < min(len(st), len(w)) and st[k] == w[k]:
            k += 1
        if k >= 4 and k >= len(st) - 2:
            return True
        if not is_word(w) and abbreviation_fit(w, word) >= 0.7:
            return True  # 'reported' ~ RPT_DT, 'received' ~ RCVD_DT: a name word abbreviating the word
    return False


def _read_date_order(r: _Reader) -> None:
    """Two dates of one row compared: 'line items received after their commit date' (the verb names one date, the
    phrase after 'after/before' the other), 'late deliveries' / 'delivered on time' (the actual date of a finished
    stage against the row's planned date: promised, due, required, commit)."""
    words, n = r.words, len(r.words)
    for i, w in enumerate(words):
        op = ORDER_WORDS.get(w)
        if op is None or r.taken[i] or (w in ("later", "earlier") and words[i + 1 : i + 2] != ["than"]):
            continue
        j = i + (2 if w in ("later", "earlier") else 1)
        while j < n and words[j] in DETERMINERS:
            j += 1
        m = r.mention(j)
        named = [c for c, _ in m.columns if r.model.role(c).role == "time"] if m is not None and m.kind == "column" else []
        ref = named[0] if named else (_date_named(r, j) if j < n else None)
        if ref is None:
            continue
        end = max(j + 1, m.end if m is not None and m.start == j else j + 1)
        if words[end : end + 1] in (["date"], ["day"], ["time"]) and r.mention(end) in (None, m):
            end += 1  # 'their commit date'
        verb = next((k for k in range(i - 1, max(-1, i - 4), -1) if words[k] not in ("was", "were", "is", "are", "been", "be", "get", "got")), None)
        if verb is None or r.taken[verb]:
            continue
        own = [c for c in r.model.time_columns(ref.table) if c.name != ref.name and _same_root(words[verb], c)]
        if not own and set(ref.words) & PLANNED_WORDS:
            # 'payments that came in after their due date': a verb that names no date, against a planned date, means
            # the row's one finishing date (paid, delivered, closed)
            done = [c for c in r.model.time_columns(ref.table) if c.name != ref.name and _stage(c) == 2]
            k = i
            while k > 0 and i - k < 2 and not r.taken[k - 1] and r.mention(k - 1) is None and words[k - 1] not in ("not", "never"):
                k -= 1  # the verb, with its particle ('came in', 'turned up')
            if len(done) == 1 and any(words[x] not in FILLER for x in range(k, i)):
                own, verb = done, k
        if len(own) != 1:
            continue
        r.row_conds.append(Cond(ref.table, own[0].name, op, ref_column=ref.name, text=" ".join(words[verb:end])))
        r.take(verb, end)
        for k in range(verb + 1, i):
            r.take(k)
    for i, w in enumerate(words):
        on_time = words[i : i + 2] == ["on", "time"] or w == "on-time"
        if r.taken[i] or not (w in LATE_WORDS or on_time) or (r.mention(i) is not None and r.mention(i).kind == "value"):
            continue
        m = r.mention(i)
        if not on_time and m is not None and m.kind == "column" and any(
                r.model.role(c).role == "flag" and w in c.words for c, _ in m.columns):
            continue  # 'payments were late' where payments record is_late: the row's own flag says it, not two dates
        span = (i, i + (2 if words[i : i + 2] == ["on", "time"] else 1))
        # the word it describes: the noun after it ('late deliveries') or the verb before it ('arrived on time')
        near = [k for k in (span[1], i - 1) if 0 <= k < n and not r.taken[k] and words[k] not in FILLER]
        pairs: list[tuple[ColumnInfo, ColumnInfo, int | None]] = []
        for t in r.index.tables:
            dates = r.model.time_columns(t.name)
            planned = [c for c in dates if set(c.words) & PLANNED_WORDS]
            if len(planned) != 1:
                continue
            actual = [c for c in dates if c is not planned[0] and _stage(c) == 2]
            said = next((k for k in near if [c for c in actual if _same_root(words[k], c)]), None)
            if said is not None:
                actual = [c for c in actual if _same_root(words[said], c)]
            if len(actual) == 1:
                pairs.append((actual[0], planned[0], said))
        named = {x.name for m in r.at.values() if m.kind == "table" for x, _ in m.tables[:1]}
        pairs = [p for p in pairs if p[2] is not None or p[0].table in named] or pairs
        if len(pairs) != 1:
            continue
        actual_c, planned_c, said = pairs[0]
        r.row_conds.append(Cond(actual_c.table, actual_c.name, "<=" if on_time else ">", ref_column=planned_c.name,
                                 text=" ".join(words[span[0] : span[1]])))
        r.take(*span)
        if said is not None:
            t = r.index.table(actual_c.table)
            if said == span[1] and t is not None:  # 'late deliveries': the rows of the table the dates belong to
                r.at[said] = Mention("table", said, said + 1, r.toks[said].text, tables=[(t, 0.9)])
            else:
                r.take(said)
        elif i > 0 and not r.taken[i - 1] and words[i - 1] in STAGE_WORDS[2][1]:
            r.take(i - 1)  # 'arrived on time': the verb of the finished stage the actual date records


RATING_WORDS = frozenset("rating ratings stars star score grade".split())


def _paid_people(r: _Reader, i: int) -> str | None:
    """'the highest paid employees', 'best-paid staff': 'paid' after a ranking word, before a table that has money of
    its own (a salary), is that table's own money; None otherwise."""
    if r.words[i] != "paid" or i == 0 or r.words[i - 1] not in ("highest", "best", "lowest", "worst", "top", "least", "most", "well"):
        return None
    m = r.mention(i + 1)
    if m is None or m.kind != "table":  # 'which employee is the lowest paid': the rows named before
        m = next((x for k in range(i - 2, max(-1, i - 6), -1) for x in [r.mention(k)] if x is not None), None)
    if m is None or m.kind != "table" or not m.tables:
        return None
    t = m.tables[0][0]
    own = [c for c in t.columns if r.model.role(c).role == "measure" and r.model.role(c).measure_kind == "money"]
    return t.name if own else None


def _came_from(words: list[str]) -> int:
    """Where 'from' follows 'comes'/'came' ('revenue comes from commercial customers'), or past the question's end."""
    return next((k + 1 for k in range(len(words) - 1) if words[k] in ("come", "comes", "came", "coming")
                 and words[k + 1] == "from"), len(words))


EVENT_FIRST = frozenset("first earliest".split())
EVENT_LAST = frozenset("last latest recently".split())


def _event_order(r: _Reader) -> bool | None:
    """'Which customer signed up first', 'the engineer hired most recently': an unread 'first'/'last' beside the verb
    that named a date ranks the rows by that date (False: earliest first, True: latest first); None when absent."""
    for i, w in enumerate(r.words):
        if r.taken[i] or r.mention(i) is not None or w not in EVENT_FIRST | EVENT_LAST:
            continue
        if w == "recently" and r.words[i - 1 : i] == ["most"]:
            r.take(i - 1)
        r.take(i)
        return w in EVENT_LAST
    return None


def _says_named_flag(r: _Reader, i: int) -> bool:
    """Whether word ``i`` says (or denies) a yes/no flag column of a table the question names ('paid' ~ invoices.paid,
    'unpaid'): such a word is that condition, read with the flags, never a money or quantity verb."""
    t = r.toks[i]
    named = {m.tables[0][0].name for m in r.at.values() if m.kind == "table" and m.tables}
    return any(r.model.role(c).role == "flag" and flag_truth([w for w in c.words if w not in FLAG_AFFIXES], t.low, t.lemma)
               is not None for name in named for tb in [r.index.table(name)] if tb is not None for c in tb.columns)


def _counted_column(r: _Reader, i: int) -> ColumnInfo | None:
    """The quantity column named right after 'number of' ('number of seats' -> seat_qty, 'how many hours' ->
    hours_worked), if one is."""
    m = r.mention(i)
    if m is None or m.start != i or m.kind != "column" or not m.columns or m.columns[0][1] < 0.7:
        return None
    c = m.columns[0][0]
    role = r.model.role(c)
    if role.role != "measure":
        return None
    # a duration counts only when its unit is the word said ('how many hours'), not 'how many durations'
    return c if role.measure_kind in ("quantity", "count") or (
        role.measure_kind == "duration" and r.toks[i].low in DURATION_UNITS) else None


def _past_flag(r: _Reader, i: int) -> int:
    """The position after a yes/no flag adjective at i ('how many billable hours': the flag filters, the hours are
    added up), or i when none stands there."""
    m = r.mention(i)
    if m is not None and m.start == i and m.end == i + 1 and m.kind == "column" and m.columns \
            and r.model.role(m.columns[0][0]).role == "flag":
        return i + 1
    return i


def _read_stars(r: _Reader) -> None:
    """'1-star reviews', '5 star ratings': the one rating column (of the named rows, if several) equals the number."""
    named = {x.name for m in r.at.values() if m.kind == "table" for x, _ in m.tables[:1]}
    for i, t in enumerate(r.toks[:-1]):
        if r.taken[i] or t.number is None or not t.number.is_integer() or r.words[i + 1] not in ("star", "stars"):
            continue
        cols = [c for c in r.index.all_columns() if c.kind == "num" and not c.is_key and set(c.words) & RATING_WORDS]
        cols = [c for c in cols if c.table in named] or cols
        if len(cols) == 1:
            r.row_conds.append(Cond(cols[0].table, cols[0].name, "=", int(t.number), text=f"{r.toks[i].text}-star"))
            r.take(i, i + 2)


OPEN_WORDS = (("still", "out"), ("still", "open"), ("outstanding",), ("not", "yet", "back"))


def _read_unfinished(r: _Reader) -> None:
    """'rentals not returned yet', 'unresolved tickets', 'books still out': the row's finishing date is empty (the
    verb names that date; a plain 'still out' or 'outstanding' means the one finishing date of the named rows)."""
    words, n = r.words, len(r.words)
    named = {x.name for m in r.at.values() if m.kind == "table" for x, _ in m.tables[:1]}

    def finishing(cands: list[ColumnInfo]) -> list[ColumnInfo]:
        cands = [c for c in cands if _stage(c) == 2 or set(c.words) & END_WORDS and not set(c.words) & PLANNED_WORDS]
        return [c for c in cands if c.table in named] or cands

    for i, w in enumerate(words):
        if r.taken[i]:
            continue
        span: tuple[int, int] | None = None
        verb: int | None = None
        if w == "not":
            v = i + 1
            while v < n and words[v] in ("yet", "been", "be", "being"):
                v += 1
            if v < n and not r.taken[v] and (r.mention(v) is None or r.mention(v).kind != "table"):
                verb, span = v, (i, v + 1)
        elif w.startswith("un") and len(w) >= 7 and w.endswith("ed") and r.mention(i) is None:
            verb, span = i, (i, i + 1)  # 'unreturned', 'unresolved'
        if verb is not None and span is not None:
            word = words[verb][2:] if verb == i else words[verb]
            flags = [c for c in r.index.all_columns() if r.model.role(c).role == "flag" and _same_root(word, c)]
            cands = finishing([c for t in r.index.tables for c in r.model.time_columns(t.name) if _same_root(word, c)])
            if flags or len(cands) != 1:
                continue  # 'not paid' with an is_paid flag: the flag's own reading
            if words[span[1] : span[1] + 1] == ["yet"]:
                span = (span[0], span[1] + 1)
        else:
            phrase = next((p for p in OPEN_WORDS if tuple(words[i : i + len(p)]) == p), None)
            if phrase is None:
                continue
            cands = finishing([c for t in r.index.tables for c in r.model.time_columns(t.name)])
            if len(cands) != 1 or not named or _state_flag(r, named, phrase[-1]):
                continue
            span = (i, i + len(phrase))
        c = cands[0]
        r.row_conds.append(Cond(c.table, c.name, "is null", text=" ".join(words[span[0] : span[1]])))
        r.take(*span)


def _state_flag(r: _Reader, named: set[str], word: str) -> bool:
    """Whether a named table keeps the state 'still open' asks about in a yes/no flag of its own (a CRM's
    ``IsClosed``): the flag's reading says it, where an empty close date would not (a deal's CloseDate is the
    expected one, filled while the deal is open)."""
    return any(r.model.role(c).role == "flag" and flag_truth([w for w in c.words if w not in FLAG_AFFIXES], word, word)
               is not None for t in r.index.tables if t.name in named for c in t.columns)


MORE_THAN = {"more": ">", "higher": ">", "greater": ">", "bigger": ">", "larger": ">", "less": "<", "lower": "<",
             "smaller": "<", "cheaper": "<", "fewer": "<"}
VALUE_VERBS = frozenset("cost costs costing priced paid earn earns earning weigh weighs weighing".split())


def _read_above_average(r: _Reader) -> None:
    """'parts that cost more than the average retail price': the column named after 'the average' compared with
    its own average over its table (the rows it describes may be named by a plain word: 'parts')."""
    words = r.words
    for i, w in enumerate(words):
        if w not in MORE_THAN or words[i + 1 : i + 2] != ["than"] or r.taken[i]:
            continue
        k = i + 3 if words[i + 2 : i + 3] == ["the"] else i + 2
        m = r.mention(k + 1)
        own = own_measure(m.best_table()) if m is not None and m.kind == "table" and m.best_table() is not None else None
        if own is not None and m is not None and m.start == k + 1 and words[k : k + 1] in (["average"], ["mean"]):
            c = own  # 'bills higher than the average bill': the table's own amount
        elif words[k : k + 1] not in (["average"], ["mean"]) or m is None or m.kind != "column" or m.start != k + 1 \
                or not m.columns or m.columns[0][0].kind != "num":
            continue
        else:
            c = m.columns[0][0]
        t = r.index.table(c.table)
        if t is None:
            continue
        mean = Plan(root=c.table, select=[Item(c.table, c.name, "avg")])
        r.above_average.append(Cond(c.table, c.name, MORE_THAN[w], sub=mean, text=f"{' '.join(words[i : m.end])}"))
        r.take(i, m.end)
        if i > 0 and words[i - 1] in VALUE_VERBS:
            r.take(i - 1)  # 'cost more than': the verb names the compared column
        for j in range(i):  # 'how many parts': a plain word naming the compared column's table
            if j not in r.at and len(t.words) == 1 and says(t.words, r.toks[j].lemma):
                r.at[j] = Mention("table", j, j + 1, r.toks[j].text, tables=[(t, 0.9)])


USE_VERBS = frozenset("used chosen picked selected redeemed applied".split())
NOT_ANY = (("a", "single"), ("any",), ("a",), ("one", "single"))


def _read_not_any(r: _Reader) -> None:
    """'events that have not sold a single ticket', 'did not buy any tickets': a negated verb before 'a single',
    'any' or 'a' and a table's noun means no rows of that table at all, the same as 'sold no tickets' (never the
    number one that 'single' would otherwise be)."""
    words = r.words
    for i, w in enumerate(words):
        if w not in ("not", "t") or r.taken[i] or i + 2 >= len(words) or "VERB" not in getAllLemmas(words[i + 1]):
            continue
        for det in NOT_ANY:
            k = i + 2 + len(det)
            m = r.mention(k)
            if tuple(words[i + 2 : k]) == det and m is not None and m.kind == "table" and m.start == k \
                    and not any(r.taken[i:m.end]):
                r.absent.append(m)
                r.take(i, m.end)
                break


NEVER = frozenset("never".split())


def _read_never(r: _Reader) -> None:
    """'products that were never ordered': a verb whose stem names the tables whose rows would record it."""
    words = r.words
    for i, w in enumerate(words):
        if w not in NEVER or r.taken[i] or i + 1 >= len(words):
            continue
        v = i + 1
        if words[v] in ("been", "be") and v + 1 < len(words):
            v += 1
        st = stem(words[v])
        if len(st) < 3 or not (words[v].endswith("ed") or words[v] in PARTICIPLE_FORMS):
            continue
        tables = [t for t in r.index.tables if any(names_root(x, st) for x in t.words)]
        if not tables and words[v] in PARTICIPLE_ROOTS:  # 'never bought from': the purchases record it
            tables = [t for t in r.index.tables if any(names_root(x, PARTICIPLE_ROOTS[words[v]]) for x in t.words)]
        if not tables:
            # 'never opened a support ticket': the verb names no table, its object does
            k = v + 1
            while k < len(words) and words[k] in ("a", "an", "any", "the"):
                k += 1
            obj = r.mention(k)
            if obj is None or obj.kind != "table" or obj.start != k or not obj.tables:
                # 'parts that were never used': a verb of taking part in something, and one table records its subject
                tables = _one_recorder(r, i) if words[v] in USE_VERBS | RECORDED_VERBS else []
                if not tables:
                    continue
            else:
                tables = [_table_of(obj, r.toks)]
                r.take(k, obj.end)
        else:
            # 'never booked a class': the verb's table (bookings) records the object it refers to (classes); the object
            # says what was booked, the key it shares with the owner is still the bookings'
            k = v + 1
            while k < len(words) and words[k] in ("a", "an", "any", "the", "up", "for", "in", "on", "to"):
                k += 1  # 'never signed up for a course'
            obj = r.mention(k)
            if obj is not None and obj.kind == "table" and obj.start == k and obj.tables and any(
                    c.fk and c.fk[0].lower() == _table_of(obj, r.toks).name.lower() for t in tables for c in t.columns):
                r.take(k, obj.end)
        r.never.append((v, tables))
        r.take(i, v + 1)
        if i > 0 and words[i - 1] in ("was", "were", "is", "are", "has", "have", "had"):
            r.take(i - 1)


# verbs whose records are simply the rows that refer to the thing ('products never ordered', 'rooms never booked')
RECORDED_VERBS = frozenset("ordered sold bought purchased booked rented borrowed requested assigned consumed".split())


def _one_recorder(r: _Reader, i: int) -> list[TableInfo]:
    """The one table that refers to the one table named before word ``i`` ('parts ... never used' -> job_parts), or
    nothing when the subject is unnamed, or more than one table records it (which one is meant is not ours to guess)."""
    named = [m.tables[0][0] for k, m in sorted(r.at.items()) if k < i and k == m.start and m.kind == "table" and m.tables]
    if len({t.name for t in named}) != 1:
        return []
    subject = named[0].name.lower()
    refs = [t for t in r.index.tables if t.name.lower() != subject and any(c.fk and c.fk[0].lower() == subject for c in t.columns)]
    return refs if len(refs) == 1 else []


PARTICIPLE_FORMS = frozenset("sold bought paid sent made given taken seen shown written held won".split())
# an irregular participle whose rows a table names by the regular word ('bought' -> purchases, 'sold' -> sales)
PARTICIPLE_ROOTS = {"bought": stem("purchased"), "sold": stem("sale")}


def _never(index: SchemaIndex, owner: TableInfo, k: int, tables: list[TableInfo], toks: list[Token]) -> Cond | None:
    """The owner's key NOT IN the keys of the one table the verb names that refers to the owner ('never ordered':
    the order lines' product keys)."""
    key = owner.pk()
    refs = [(t, c) for t in tables for c in t.columns if c.fk and c.fk[0].lower() == owner.name.lower()]
    if not refs:  # 'parts never ordered': the order lines, which refer to both the orders and the parts
        named = {t.name.lower() for t in tables}
        refs = [(t, c) for t in index.tables for c in t.columns if c.fk and c.fk[0].lower() == owner.name.lower()
                and any(x.fk and x.fk[0].lower() in named for x in t.columns)]
    if key is None or len(refs) != 1:
        return None
    t, c = refs[0]
    sub = Plan(root=t.name, select=[Item(t.name, c.name)], where=[[Cond(t.name, c.name, "is not null")]])
    return Cond(owner.name, key.name, "not in", sub=sub, text=f"never {toks[k].text}")


def _ranked_values(r: _Reader, q: SemanticQuery, limit: int) -> SemanticQuery | None:
    """'top 3 salaries (with employee names)': the plural measure right after 'top N' ranks the rows' own values,
    it does not add them up per name."""
    k = next((i for i, t in enumerate(r.toks[:-2]) if t.low in ("top", "bottom") and r.toks[i + 1].number == limit), None)
    m = r.mention(k + 2) if k is not None else None
    t = r.index.table(q.measure.table or "")
    if m is None or t is None or m.kind != "column" or r.toks[k + 2].low == r.toks[k + 2].lemma:  # type: ignore[operator]
        return None
    if not any(c.table == q.measure.table and c.name == q.measure.column for c, _ in m.columns[:1]):
        return None
    if any(g.table != t.name for g, _ in q.groups) or any(c.table != t.name for g in q.where for c in g):
        return None
    shown = _label(t)
    if shown is None:
        return None
    return SemanticQuery(Item(t.name, q.measure.column), q.measure.column or "", [(x[1], x[1]) for x in shown], where=q.where,
                         order_desc=r.words[k] == "top", limit=limit, row_level=True,  # type: ignore[index]
                         notes=q.notes + [f"'{r.toks[k + 2].text}' ranks the {t.name} rows by {q.measure.column}"])  # type: ignore[operator]


def _assemble(r: _Reader, entities: list[tuple[int, TableInfo, bool]], columns: list[tuple[int, ColumnInfo, bool, Mention]],
              values: list[Cond], ranges: list[DateRange], grain: str | None, desc: bool | None, limit: int | None,
              explicit_n: bool, pricey_of: tuple[bool | None, str], comparisons: list[tuple[str, float, int]], agg: str | None, count_word: bool,
              money_word: str | None, quantity_word: bool, time_explicit: ColumnInfo | None, has_flag: bool = False,
              times_table: TableInfo | None = None) -> SemanticQuery | None:
    model, index = r.model, r.index
    notes: list[str] = []
    # measure columns vs dimension columns
    pricey, pricey_kind = pricey_of
    ranking = desc is not None or limit is not None or pricey is not None
    # 'top 5 products by quantity sold': after 'by', a measure is what ranks
    measure_cols = [(p, c, m) for p, c, cued, m in columns if model.role(c).role == "measure" and (not cued or ranking)]
    named = {t.name for _, t, _ in entities}
    # 'Show the customer's name': the label of an entity already in the question adds nothing
    # 'customers by state' with a state in customers and in branches: the one fewest joins from the named tables
    dim_cols = [(p, _nearest(r, m, c, entities, columns, values, strict=True), cued) for p, c, cued, m in columns
                if (p, c, m) not in measure_cols and not (c.table in named and model.role(c).role == "label" and not cued)]
    if any(c is None for _, c, _ in dim_cols):
        return None  # two tables as near hold the same column: which one is meant is not said
    if len(measure_cols) > 1:
        return None
    measure: Item | None = None
    label = ""
    measure_col: ColumnInfo | None = None
    per_key: Item | None = None  # an aggregate of per-key totals
    if r.duration is not None:
        if measure_cols or money_word is not None or quantity_word:
            return None
        measure_col = r.duration[1]
        agg = agg or "avg"  # 'how long': the typical duration
    elif measure_cols:
        measure_col = _nearest(r, measure_cols[0][2], measure_cols[0][1], entities, columns, values)
    elif money_word is not None:
        named_tables = frozenset(t.name for _, t, _ in entities)
        before = r.mention(r.money_at - 1) if r.money_at else None
        noun = r.money_at is not None and r.words[r.money_at] not in SPEND_VERBS  # 'invoiced revenue', not 'employees spent'
        modifier = frozenset(t.name for t, _ in before.tables[:1]) if noun and before is not None and before.kind == "table" else frozenset()
        filtered = frozenset(c.table for c in values if c.table)  # 'spend on seafood': the rows the filter keeps
        if r.money_table is not None and not modifier:
            modifier = frozenset({r.money_table})
        measure_col = model.money_measure(money_word, named_tables, only=modifier, reach=filtered)
        if measure_col is None:
            return None
        if agg in ("avg", "median") and named_tables and measure_col.table not in named_tables:
            # 'average order value' over line revenue: the average of each order's total
            # the one table named, or the one the money word's noun names ('order value per region': the orders)
            owner = index.table(next(iter(named_tables))) if len(named_tables) == 1 else \
                index.table(next(iter(modifier))) if len(modifier) == 1 and modifier <= named_tables else None
            key = owner.pk() if owner is not None else None
            if key is None or owner is None or not _transaction_of(r, measure_col.table, owner):
                return None
            per_key = Item(owner.name, key.name)
            notes.append(f"the {agg} over {owner.name} of each one's total")
        notes.append(f"'{money_word}' is read as {measure_col.table}.{measure_col.name}")
    elif quantity_word:
        measure_col = model.quantity_measure()
        if measure_col is None:
            return None
    # the entity a ranking or grouping is about, and the counted entity
    subject: TableInfo | None = None
    counted: TableInfo | None = None
    groups: list[tuple[Item, Item]] = []
    cued_entities = [t for _, t, cued in entities if cued]
    plain_entities = [t for _, t, cued in entities if not cued]
    plain_dim_cols = [c for _, c, cued in dim_cols if not cued]
    if money_word is not None and measure_col is not None and (len(plain_entities) > 1 or plain_dim_cols):
        # 'top 5 customers by total order value': 'order value' names the measure (its table's noun right before the
        # money word), the customers are the subject
        def _names_measure(p: int, t: TableInfo) -> bool:
            m = r.mention(p)
            if m is None or t.name != measure_col.table:  # type: ignore[union-attr]
                return False
            after = m.start > 0 and r.toks[m.start - 1].lemma == money_word and r.words[p].endswith("ed")  # 'amount invoiced'
            return after or (m.end < len(r.toks) and r.toks[m.end].lemma == money_word)
        phrase = [t for p, t, cued in entities if not cued and _names_measure(p, t)]
        if phrase:  # 'which industry brings in the most invoiced revenue': the industry is the subject
            plain_entities = [t for t in plain_entities if t not in phrase] or ([] if plain_dim_cols else plain_entities)
    if measure_col is not None and agg in ("avg", "median") and [t.name for t in cued_entities] == [measure_col.table] \
            and not any(cued for _, _, cued in dim_cols) and not plain_entities:
        cued_entities = []  # 'median number of seats per subscription': each subscription is one value of the median
    if measure_col is not None and len(cued_entities) + sum(1 for _, _, cued in dim_cols if cued) > 1:
        # 'average freight cost per shipment by transport mode': 'per <the measure's own row>' is the unit averaged
        # over, the other cue is the grouping
        cued_entities = [t for t in cued_entities if t.name != measure_col.table]
    for t in cued_entities:
        g = _label(t, index)
        if g is None:
            return None
        groups.extend(g)
    for _, c, cued in dim_cols:
        if cued:
            groups.extend(_dimension(r.index, c))
    plain_dims = [c for _, c, cued in dim_cols if not cued]
    if plain_dims and not ranking:
        return None  # columns to show next to an aggregate: the parser's job
    if count_word and comparisons:
        return None  # 'how many countries have more than 2 makers': a count of groups
    if measure_col is None and pricey is None and comparisons and not count_word and not groups and not ranking:
        # 'customers who placed more than 40 orders', 'films rented more than 30 times': HAVING a count
        op, num, pos = comparisons[0]
        after = r.mention(pos_end(r, pos))
        counted_t = _table_of(after, r.toks) if after is not None and after.kind == "table" and after.tables else times_table
        subjects = [t for t in plain_entities if counted_t is None or t.name != counted_t.name]
        if counted_t is None or len(subjects) != 1 or plain_dims or _role_playing(index, counted_t.name, subjects[0].name):
            return None
        g = _label(subjects[0], index)
        if g is None:
            return None
        return SemanticQuery(Item(counted_t.name, None, "count"), f"number of {counted_t.name}", g,
                             where=_where(r, values, ranges, time_explicit, counted_t.name) or [],
                             having=[Cond(counted_t.name, None, op, num, agg="count")], tables=[counted_t.name], show_measure=False)
    if (measure_col is None and pricey is None and (has_flag or ranges) and grain is None
            and not (count_word or ranking or groups or comparisons)):
        # 'which products are discontinued': the entity's rows that carry the flag
        if len(plain_entities) == 2 and not plain_dims and not ranges:
            held = _held_by(plain_entities[0], plain_entities[1], values)
            if held is None:
                return None
            values, plain_entities = [held], plain_entities[:1]  # 'customers with unreturned rentals'
        if len(plain_entities) != 1 or plain_dims:
            return None
        g = _label(plain_entities[0], index)
        if g is None:
            return None
        shown = [x[1] for x in g]
        return SemanticQuery(shown[-1], "", [(x, x) for x in shown[:-1]], where=_where(r, values, ranges, time_explicit, plain_entities[0].name) or [],
                             row_level=True)
    if measure_col is None and pricey is None:
        dated_entity = grain is not None and len(plain_entities) == 1 and bool(r.model.time_columns(plain_entities[0].name))
        if not (count_word or ranking or groups or dated_entity or (grain is not None and time_explicit is not None and not plain_entities)):
            return None  # ('signups per year': the dated rows counted per period)
        # a count: 'how many X', 'number of X', 'orders by status', 'which region has the most customers'
        if times_table is not None and len(plain_entities) == 1 and not plain_dims and ranking and not groups:
            subject, counted = plain_entities[0], times_table  # 'the most rented category'
        elif len(plain_entities) == 1 and not plain_dims:
            counted = plain_entities[0]
        elif len(plain_entities) == 2 and ranking and not groups and not plain_dims:
            subject, counted = plain_entities
            verbish = {t.name for p, t, _ in entities if r.toks[p].lemma not in t.words}
            if subject.name in verbish and counted.name not in verbish:
                subject, counted = counted, subject  # 'most rented genre': the verb's table is what is counted
        elif len(plain_entities) == 1 and len(plain_dims) == 1 and ranking and not groups:
            counted = plain_entities[0]
            c = plain_dims[0]
            groups.extend(_dimension(r.index, c))
        elif not plain_entities and not plain_dims and time_explicit is not None and (grain or ranges):
            counted = index.table(time_explicit.table)  # 'number of hires per year': rows dated by hire_date
            if counted is None:
                return None
        elif not plain_entities and len(plain_dims) == 1 and groups:
            return None
        else:
            return None
        if subject is not None:
            g = _label(subject, index)
            if g is None:
                return None
            groups.extend(g)
        measure = Item(counted.name, None, "count")
        label = f"number of {counted.name}"
        money_of = _money_of_rows(r, counted, entities, agg, bool(groups) or grain is not None) if not count_word else None
        if money_of is False:
            return None  # 'how much' over rows with no one amount: counting them would answer another question
        if isinstance(money_of, ColumnInfo):
            measure, label = Item(counted.name, money_of.name, "sum"), f"sum of {money_of.name}"
            notes.append(f"'{r.toks[next(p for p, t, _ in entities if t.name == counted.name)].text}' is read as the sum of "
                         f"{counted.name}.{money_of.name}")
        if agg not in (None, "sum") and not count_word:
            return None
    else:
        if measure_col is not None and ranking and len(plain_entities) > 1:
            # 'properties with the lowest average rent of active leases' (a ranking): the leases own the measured rent, so
            # they are its rows, not a second thing to group by
            plain_entities = [t for t in plain_entities if t.name != measure_col.table] or plain_entities
        if len(plain_entities) > 1 or (plain_dims and not (ranking and len(plain_dims) == 1 and not plain_entities)):
            # 'top 5 countries by revenue': a plain category is the ranked dimension
            if not (len(plain_dims) == 1 and not plain_entities):
                return None
        if plain_dims:
            c = plain_dims[0]
            groups.extend(_dimension(r.index, c))
        if plain_entities:
            subject = plain_entities[0]
    if pricey is not None:
        if subject is None or groups or measure_col is not None and measure_col.table != subject.name:
            return None
        own = [c for c in subject.columns if model.role(c).role == "measure" and model.role(c).measure_kind == pricey_kind]
        if pricey_kind == "tenure":
            own = [c for c in model.time_columns(subject.name) if set(c.words) & TENURE_WORDS]
            if len(own) != 1:
                return None
            pricey = not pricey  # the longest-serving started first: the earliest date
        elif pricey_kind == "event":
            if time_explicit is None or time_explicit.table != subject.name:
                return None
            own = [time_explicit]
        head = {"money": {"price"}, "duration": {"length", "runtime", "minutes"}}.get(pricey_kind, set())
        price = max(own, key=lambda c: (bool(head & set(c.words)), not c.expr, -len(c.words)), default=None)
        if price is None:
            return None
        shown = _label(subject, index)
        if shown is None:
            return None
        where = _where(r, values, ranges, None, subject.name)
        if where is None:
            return None
        said = {'money': 'expensive', 'tenure': 'senior', 'event': 'latest' if pricey else 'first'}.get(pricey_kind, 'long')
        note = f"'{said}' is read as {subject.name}.{price.name}"
        if (pricey_kind != "money" or _plural_rows(r, entities, subject)) and limit is None:
            # 'the longest film', 'the most expensive products': every row of the longest length (ties included),
            # not an arbitrary one of them
            top = Plan(root=subject.name, select=[Item(price.table, price.name, "max" if pricey else "min")], where=[list(g) for g in where])
            return SemanticQuery(Item(price.table, price.name), price.name, [(x[1], x[1]) for x in shown],
                                 where=where + [[Cond(price.table, price.name, "=", sub=top, text=note)]], row_level=True, notes=[note],
                                 show_measure=False)
        # 'the 3 cheapest products': the adjective names no column, so the answer is the rows, not their price too
        return SemanticQuery(Item(price.table, price.name), price.name, [(x[1], x[1]) for x in shown], where=where,
                             order_desc=pricey, limit=limit or 1, row_level=True, notes=[note], show_measure=False)
    if (measure is None and measure_col is not None and desc is not None and not explicit_n and agg is None
            and any(cued for _, _, cued in entities) | any(cued for _, _, cued in dim_cols)):
        agg, desc, limit, ranking = ("max" if desc else "min"), None, None, False  # 'highest salary for each job title'
    if measure is None:
        assert measure_col is not None
        role = model.role(measure_col)
        a = agg or role.default_agg or "sum"
        if count_word and not quantity_word:
            return None
        measure = Item(measure_col.table, measure_col.name, "sum" if count_word else a,
                       since=r.duration[0].name if r.duration is not None else None,
                       unit=r.duration_unit if r.duration is not None and r.duration_unit != "day" else None, per=per_key)
        label = f"{a} of {r.duration_unit}s from {r.duration[0].name} to {measure_col.name}" if r.duration is not None else f"{a} of {measure_col.name}"
        if subject is not None:
            g = _label(subject, index)
            if g is None:
                return None
            if not (ranking or comparisons) and (measure_col.table != subject.name or agg is not None or grain is not None or groups
                                                 or r.growth is not None):  # 'invoiced revenue growth': a total compared
                g = []  # 'revenue from cancelled orders', 'average order value', 'invoiced revenue per month': the entity scopes
            elif measure_col.table == subject.name and agg is None:
                if role.measure_kind == "number" or (comparisons and not ranking):
                    # a plain numeric attribute, or 'products with a unit price above 20' (a threshold on the
                    # entity's own column, which this listing would drop): the parser reads which rows are meant
                    return None
                # an attribute of the entity itself: rank or list its rows, no aggregate
                measure = Item(measure_col.table, measure_col.name)
                shown = _only_named_shown(r, entities, columns, subject, measure_col, g) if ranking else False
                # 'which order has the highest total price': the answer is the row; as for counts ('which year has the
                # most concerts'), only an explicit 'top 5' also shows the ranked value
                shown = shown or (ranking and not explicit_n)
                if ranking and limit is None and _plural_rows(r, entities, subject):
                    # 'the courses with the highest list price': every course at that price, ties included
                    where = _where(r, values, ranges, None, subject.name) or []
                    top = Plan(root=subject.name, select=[Item(measure_col.table, measure_col.name, "max" if desc else "min")],
                               where=[list(g) for g in where])
                    note = f"every {subject.name} row at the {'highest' if desc else 'lowest'} {measure_col.name}, ties included"
                    return SemanticQuery(measure, measure_col.name, [(x[1], x[1]) for x in g], row_level=True, notes=notes + [note],
                                         where=where + [[Cond(measure_col.table, measure_col.name, "=", sub=top, text=note)]],
                                         show_measure=not shown)
                return SemanticQuery(measure, measure_col.name, [(x[1], x[1]) for x in g], where=_where(r, values, ranges, None, subject.name),
                                     order_desc=desc if ranking else None, limit=limit or (1 if ranking else None), row_level=True,
                                     notes=notes, show_measure=not shown)
            groups.extend(g)
    if (measure.agg and agg is None and measure_col is not None and groups and not grain
            and all(g.table == measure_col.table for g, _ in groups) and index.table(measure_col.table) is not None
            and (index.table(measure_col.table).pk() or measure_col).name == groups[0][0].column):  # type: ignore[union-attr]
        if model.role(measure_col).measure_kind == "number":
            return None  # 'the grade of each student': a plain attribute listing, the parser's job
        # 'the margin of each product': one value per row of the entity, nothing to add up
        return SemanticQuery(Item(measure_col.table, measure_col.name), measure_col.name, [(x[1], x[1]) for x in groups],
                             where=_where(r, values, ranges, None, measure_col.table) or [], row_level=True, notes=notes)
    anchor = measure.table or ""
    if any(_role_playing(index, anchor, g.table or "") for g, _ in groups) or (subject and _role_playing(index, anchor, subject.name)):
        return None  # two keys to the same table ('friend of', 'student'): which one is meant is not ours to guess
    if grain is not None:
        tc = _time_column(r, anchor, time_explicit)
        if tc is None:
            return None
        b = Item(tc.table, tc.name, bucket=grain)
        groups.append((b, b))
        notes.append(f"'per {grain}' uses {tc.table}.{tc.name} as the date")
    where = _where(r, values, ranges, time_explicit, anchor)
    if where is None:
        return None
    having: list[Cond] = []
    if comparisons:
        op, num, _pos = comparisons[0]
        if groups and measure.agg:
            having.append(Cond(measure.table, measure.column, op, num, agg=measure.agg))
        elif measure_col is not None and not measure.agg:
            where.append([Cond(measure_col.table, measure_col.name, op, num)])
        else:
            return None
    if ranking and not groups:
        return None
    if desc is None and (limit is not None):
        desc = True
    if limit is None and desc is not None and groups and not having:
        limit = 1  # 'which region has the most customers': the one at the top
    if (measure.agg == "median" or measure.per is not None) and (having or count_word or comparisons or r.growth is not None
                                                                  or (counted is not None and counted.name != measure.table)):
        return None  # a median (or an average of totals) is computed over the rows first: no HAVING or count on it
    change: PeriodChange | None = None
    if r.growth is not None:
        tc = _time_column(r, anchor, time_explicit)
        if tc is None or ranges or measure.agg not in ("sum", "count", "avg") or measure.per is not None:
            return None
        g = r.growth
        change = PeriodChange(tc.table, tc.name, Period(g.current.start, g.current.end, g.current.label),
                              Period(g.previous.start, g.previous.end, g.previous.label), g.percent)
        notes.append(f"{'growth in percent' if g.percent else 'change'} of {label} in {g.current.label} against "
                     f"{g.previous.label}, dated by {tc.table}.{tc.name}")
    if agg == "avg" and count_word and measure.agg == "count" and groups and not having and not ranking and desc is None \
            and all(g.table == groups[0][0].table and g.bucket is None for g, _ in groups):
        # 'average number of line items per order': rows per distinct group key over the same joins
        key = groups[0][0]
        measure, label = Item(key.table, key.column, "per"), f"average {label} per {key.table}"
        counted = counted or index.table(measure.table or "")
        notes.append(f"the average over {key.table} that have at least one row")
        return SemanticQuery(measure, label, [], where, [], None, None, tables=[t for t in {counted.name if counted else "", key.table or ""} if t],
                             notes=notes)
    # 'which year has the most concerts': the answer is the label; an explicit 'top 5' also shows the measure.
    # 'departments with an average salary above 8000': the threshold only picks the groups, which are the answer
    return SemanticQuery(measure, label, groups, where, having, desc, limit, tables=[counted.name] if counted else [], notes=notes,
                         show_measure=explicit_n or desc is None and not having or change is not None, change=change)


def _only_named_shown(r: _Reader, entities: list[tuple[int, TableInfo, bool]], columns: list[tuple[int, ColumnInfo, bool, Mention]],
                      subject: TableInfo, measure_col: ColumnInfo, shown: list[tuple[Item, Item]]) -> bool:
    """'Find the titles of the courses with the highest list price': the question names what to show (a label
    column before the ranked rows' noun) and not the ranked attribute there, so the answer shows just that, as the
    sentence parser does for 'the name of the plan with the highest fee'."""
    at = next((p for p, e, cued in entities if e.name == subject.name and not cued), None)
    if at is None:
        return False
    before = [c for p, c, cued, _ in columns if p < at and not cued]
    labels = {x[1].column for x in shown}
    return any(c.table == subject.name and c.name in labels for c in before) and not any(c.key == measure_col.key for c in before)


def _plural_rows(r: _Reader, entities: list[tuple[int, TableInfo, bool]], t: TableInfo) -> bool:
    """'the courses with the highest list price', 'which products are the most expensive': the rows asked for are
    named in the plural, so every row tied at the extreme is the answer; 'the course with ...' keeps one."""
    return any(e.name == t.name and not cued and r.toks[p].low != r.toks[p].lemma for p, e, cued in entities)


MONEY_ROW_NOUNS = MONEY_WORDS | {"expense", "expenditure", "bill", "refund", "donation"}
AMOUNT_NOUNS = frozenset({"expense", "expenditure", "spending", "cost"})  # a sum of money by their very meaning


def _money_of_rows(r: _Reader, counted: TableInfo, entities: list[tuple[int, TableInfo, bool]],
                   agg: str | None, grouped: bool = False) -> ColumnInfo | bool | None:
    """'How much did we invoice', 'total expenses by category': rows whose noun is an amount of money are added up
    by their one money column, not counted. Why: 'how much' never asks for a number of rows, and 'total <payments>'
    means their money. Returns the column, False when 'how much' has no single money column to add (ask instead),
    or None when the count stands."""
    words = r.words
    how_much = any(words[i : i + 2] == ["how", "much"] for i in range(len(words) - 1))
    said = [p for p, t, cued in entities if t.name == counted.name and not cued]
    noun = bool(said) and r.toks[said[0]].lemma in MONEY_ROW_NOUNS
    # 'expenses per month': a word that is itself an amount spent, broken down, is that amount (not the slips)
    amount = bool(said) and r.toks[said[0]].lemma in AMOUNT_NOUNS and agg is None and grouped
    # 'payments received by method', 'rent payments collected per month': money rows taken in are their money
    taken_in = noun and words[said[0] + 1 : said[0] + 2] in (["received"], ["collected"])
    if not how_much and not (agg == "sum" and noun) and not amount and not taken_in:
        return None
    money = [c for c in counted.columns if r.model.role(c).role == "measure" and r.model.role(c).measure_kind == "money"]
    if len(money) == 1:
        return money[0]
    return False if how_much else None


def _transaction_of(r: _Reader, line_table: str, owner: TableInfo) -> bool:
    """Whether the measure's rows are the lines of ``owner`` as a dated transaction ('order value': an order's lines):
    the line table refers to it directly, and it is dated and belongs to something else (an order's customer), unlike
    an entity such as a member, whose 'value' is no defined total."""
    lines = r.index.table(line_table)
    if lines is None:
        return False
    direct = any(c.fk and c.fk[0].lower() == owner.name.lower() for c in lines.columns)
    return direct and any(c.fk for c in owner.columns) and bool(r.model.time_columns(owner.name))


def _nearest(r: _Reader, m: Mention, chosen: ColumnInfo, entities: list[tuple[int, TableInfo, bool]],
             columns: list[tuple[int, ColumnInfo, bool, Mention]], values: list[Cond], strict: bool = False) -> ColumnInfo | None:
    """Of equally good columns ('unit price' in products and order_lines), the one fewest joins from the
    other tables the question names ('by category' -> products.unit_price); ``strict``: None when two are as near."""
    top = m.columns[0][1]
    # 'total fees on payouts': of columns the word fits equally loosely (shipping_fee, fee_amount), the one of the
    # table the question names
    named = {t.name for _, t, _ in entities}
    own = [c for c, s in m.columns if s >= top - 0.05 and c.kind == chosen.kind and c.table in named]
    if chosen.table not in named and len({c.table for c in own}) == 1 and len(own) == 1:
        return own[0]
    # the same column words, or the same words after each table's own prefix ('pol_status' / 'clm_status': status)
    core = _unprefixed(r.index, chosen)
    # (a prefix naming the column's own table costs it some score: 'status' matches status better than policy_status)
    close = [c for c, s in m.columns if c.kind == chosen.kind and (s >= top - 0.05 and set(c.words) == set(chosen.words)
                                                                   or strict and s >= top - 0.3 and _unprefixed(r.index, c) == core)]
    others = {t.name for _, t, _ in entities} | {c.table for _, c, _, x in columns if x is not m} | {v.table or "" for v in values}
    if len(close) < 2 or not others:
        return chosen
    dist = {c.key: sum(_distance(r.index, c.table, o) for o in others) for c in close}
    best = min(close, key=lambda c: dist[c.key])
    if strict and sum(1 for c in close if dist[c.key] == dist[best.key]) > 1:
        return None
    return best


def _unprefixed(index: SchemaIndex, c: ColumnInfo) -> frozenset[str]:
    """A column's words after a leading word naming its own table ('policy status' in policies -> status)."""
    t = index.table(c.table)
    ws = c.words[1:] if len(c.words) > 1 and t is not None and any(_shortens(c.words[0], w) for w in t.words) else c.words
    return frozenset(ws)


def _shortens(short: str, word: str) -> bool:
    """'pol' ~ policy, 'clm' ~ claim: the word itself, or its letters in order with the same first letter."""
    if short == word:
        return True
    if len(short) < 2 or len(short) >= len(word) or short[0] != word[0]:
        return False
    it = iter(word)
    return all(ch in it for ch in short)


def _held_by(owner: TableInfo, other: TableInfo, values: list[Cond]) -> Cond | None:
    """'customers with unreturned rentals': the owner's key IN the keys of the other table's rows that meet every
    condition (all of them on that table, which refers to the owner by one key)."""
    key = owner.pk()
    refs = [c for c in other.columns if c.fk and c.fk[0].lower() == owner.name.lower()]
    if key is None or len(refs) != 1 or not values or any(v.table != other.name for v in values):
        return None
    sub = Plan(root=other.name, select=[Item(other.name, refs[0].name)], where=[[v] for v in values])
    return Cond(owner.name, key.name, "in", sub=sub, text=" and ".join(v.text for v in values if v.text))


CONTACT_TAILS = frozenset("address number details".split())  # 'no email address', 'no phone number'
RECORDED_TAILS = (("on", "file"), ("on", "record"), ("assigned",), ("recorded",), ("listed",), ("given",), ("provided",),
                  ("entered",), ("set",), ("specified",), ("registered",), ("yet",))


def _absence_tail(words: list[str], j: int) -> int:
    """The end of the words after an absent column that only say it is missing ('no manager assigned', 'no email
    address on file'): they name no other column or value."""
    if j < len(words) and words[j] in CONTACT_TAILS:
        j += 1
    for p in RECORDED_TAILS:
        if tuple(words[j : j + len(p)]) == p:
            return j + len(p)
    return j


def _absence(index: SchemaIndex, owner: TableInfo, m: Mention, toks: list[Token]) -> Cond | None:
    """'without a manager' -> the owner's manager column IS NULL; 'with no orders' -> the owner's key NOT IN
    the keys the other table refers to (NULLs left out, so NOT IN stays true for everyone else)."""
    if m.kind == "column":
        own = [c for c, _ in m.columns if c.table == owner.name]
        return Cond(owner.name, own[0].name, "is null", text=m.text) if own else None
    if m.kind != "table" or not m.tables:
        return None
    other = _table_of(m, toks)
    key = owner.pk()
    refs = [c for c in other.columns if c.fk and c.fk[0].lower() == owner.name.lower()]
    if key is None or len(refs) != 1:
        return None
    sub = Plan(root=other.name, select=[Item(other.name, refs[0].name)], where=[[Cond(other.name, refs[0].name, "is not null")]])
    return Cond(owner.name, key.name, "not in", sub=sub, text=m.text)


def _presence(owner: TableInfo, m: Mention, toks: list[Token]) -> Cond | None:
    """'tickets with a promo code': the owner's one key to that table IS NOT NULL (the rows that have one)."""
    if not m.tables:
        return None
    other = _table_of(m, toks)
    refs = [c for c in owner.columns if c.fk and c.fk[0].lower() == other.name.lower()]
    return Cond(owner.name, refs[0].name, "is not null", text=m.text) if len(refs) == 1 and other.name != owner.name else None


def _role_playing(index: SchemaIndex, a: str, b: str) -> bool:
    """Two or more keys between the same pair of tables (student_id and friend_id both to students)."""
    if a == b:
        return False
    ta, tb = index.table(a), index.table(b)
    if ta is None or tb is None:
        return False
    ab = sum(1 for c in ta.columns if c.fk and c.fk[0].lower() == b.lower())
    ba = sum(1 for c in tb.columns if c.fk and c.fk[0].lower() == a.lower())
    return ab > 1 or ba > 1


def _where(r: _Reader, values: list[Cond], ranges: list[DateRange], time_explicit: ColumnInfo | None, anchor: str) -> list[list[Cond]] | None:
    where: list[list[Cond]] = [[v] for v in values]
    if ranges:
        tc = _time_column(r, anchor, time_explicit)
        if tc is None:
            return None
        d = ranges[0]
        if d.start:  # an open end ('before 2015', 'since 2020') has no bound on that side
            where.append([Cond(tc.table, tc.name, ">=", d.start, text=d.label)])
        if d.end:
            where.append([Cond(tc.table, tc.name, "<", d.end, text=d.label)])
        if r.side_by_side is not None and r.side_by_side[1] - r.side_by_side[0] > 1:  # not the years between
            lo, hi = r.side_by_side
            where.append([Cond(tc.table, tc.name, "<", f"{lo + 1:04d}-01-01", text=d.label),
                          Cond(tc.table, tc.name, ">=", f"{hi:04d}-01-01", text=d.label)])
    return where


def to_plan(q: SemanticQuery) -> Plan:
    """Compile the semantic query: the measure's table is the root, joins follow keys from it."""
    if q.row_level:
        shown = [s for _, s in q.groups]
        order = [(q.measure, bool(q.order_desc))] if q.order_desc is not None else []
        return Plan(root=q.measure.table, select=shown + ([q.measure] if q.show_measure or not shown else []), where=q.where,
                    order=order, limit=q.limit)
    select = [s for _, s in q.groups] + ([q.measure] if q.show_measure or not q.groups else [])
    group = [g for g, _ in q.groups]
    plan = Plan(root=q.measure.table, select=select, group=group, where=q.where, having=q.having, tables=list(q.tables),
                change=q.change, part=q.part)
    buckets = [g for g in group if g.bucket]
    if q.order_desc is not None:
        plan.order = [(q.measure, q.order_desc)]
        plan.limit = q.limit
    elif buckets:
        plan.order = [(buckets[0], False)]
    return plan


# words after which a number is a value or a count of the thing that follows, never how many rows to show
NOT_A_LIMIT_BEFORE = frozenset("with having has have had of than least most exactly over under above below "
                               "within only just".split())


def business_plan(toks: list[Token], ments: list[Mention], index: SchemaIndex, model: SemanticModel,
                  today: dt.date | None = None) -> tuple[Plan, list[str]] | None:
    q = read(toks, ments, index, model, today)
    if q is None:
        return None
    plan = to_plan(q)
    return route(_ungroup_per_entity(plan, index), index), q.notes + plan.notes


def _ungroup_per_entity(plan: Plan, index: SchemaIndex) -> Plan:
    """'Average revenue per order': the measure is already an average over per-order totals; grouping it by the order
    as well would average one value per group and list every order, so a grouping by the measure's own per-entity
    (its key, or a key referring to it) is dropped and the question gets its one number."""
    pers = [it.per for it in plan.select if it.agg == "avg" and it.per is not None and it.per.column]
    if not pers or not plan.group or plan.order or plan.having:
        return plan

    def same_entity(g: Item) -> bool:
        col = index.column(g.table or plan.root or "", g.column or "")
        return any((g.table, g.column) == (p.table, p.column) or (col is not None and col.fk is not None
                   and col.fk[0].lower() == (p.table or "").lower() and col.fk[1].lower() == (p.column or "").lower())
                   for p in pers)

    if not all(same_entity(g) for g in plan.group):
        return plan
    grouped = {(g.table, g.column) for g in plan.group}
    plan.select = [it for it in plan.select if it.agg is not None or (it.table, it.column) not in grouped]
    plan.group = []
    return plan


def _through_named(paths: list[list[Edge]], named: set[str]) -> list[list[Edge]]:
    """The shortest paths that reach the target from a table the plan itself uses ('revenue per customer region'
    groups by customers.region_id: the region is the customer's, joined from the customer, not the salesperson's),
    one of each table sequence."""
    last = [p for p in paths if len(p) >= 2 and p[-2].right in named]
    if not last:
        return []
    size = min(len(p) for p in last)
    return list({tuple(e.right for e in p): p for p in last if len(p) == size}.values())


class AmbiguousPath(Exception):
    """Two key paths of the same length join the measure to a grouped or filtered table through different
    tables (payments by store: the customer's store or the staff member's store): the engine asks."""

    def __init__(self, target: str, vias: list[str]) -> None:
        super().__init__(target)
        self.target, self.vias = target, vias


def _paths(adj: dict[str, list[Edge]], src: str, dst: str, limit: int) -> list[list[Edge]]:
    """Simple key paths from src to dst with at most ``limit`` edges (schemas are small; limit <= 5)."""
    out: list[list[Edge]] = []

    def walk(node: str, path: list[Edge], seen: set[str]) -> None:
        if node == dst:
            out.append(list(path))
            return
        if len(path) >= limit or len(out) > 50:
            return
        for e in adj.get(node, []):
            if e.right not in seen:
                path.append(e)
                seen.add(e.right)
                walk(e.right, path, seen)
                seen.discard(e.right)
                path.pop()

    walk(src, [], {src})
    return out


def _header(index: SchemaIndex, root: str) -> str | None:
    """The table a line table belongs to: its foreign key that is part of a composite primary key
    (lineitem(l_orderkey, l_linenumber) belongs to orders)."""
    t = index.table(root)
    if t is None:
        return None
    pks = [c for c in t.columns if c.is_pk]
    heads = [c.fk[0] for c in pks if c.fk is not None] if len(pks) > 1 else []
    return heads[0] if len(heads) == 1 else None


def _value_column_of_named(m: Mention, ments: list[Mention]) -> ColumnInfo | None:
    """A value stored in several columns (a flat export repeats 'Commercial' on the job rows and the customer rows,
    'HVAC' as a job's type and a technician's trade): the column of the table the question names nearest to the
    value ('jobs were HVAC' -> the jobs' own column). None when no named table, or two equally near, hold it."""
    near: dict[str, int] = {}
    for t in ments:
        best = t.best_table() if t.kind == "table" else None
        if best is not None:
            gap = t.start - m.end if t.start >= m.end else m.start - t.end
            near[best.name] = min(near.get(best.name, gap), gap)
    held = sorted((near[c.table], i) for i, c in enumerate(m.value_columns) if c.table in near)
    if not held or (len(held) > 1 and held[0][0] == held[1][0]):
        return None
    return m.value_columns[held[0][1]]


def _own_copies(plan: Plan, index: SchemaIndex) -> None:
    """A flat export repeats a lookup's key on every row ('Job Log'.'Region' beside a 'Regions' sheet, often with no
    key declared): a plan that uses the lookup only for that key reads the row's own copy instead of joining, which
    could go several ways (through the customer, the technician) and give different numbers."""
    root = index.table(plan.root or "")
    if root is None:
        return
    for name in plan.all_tables():
        t = index.table(name)
        pk = t.pk() if t is not None and name != root.name else None
        copy = root.col(pk.name) if pk is not None else None
        if t is None or pk is None or copy is None or copy.is_pk or not set(t.key_words) <= set(copy.words):
            continue
        items = plan.select + plan.group + [o for o, _ in plan.order]
        conds = [c for g in plan.where + plan.part for c in g] + plan.having
        uses = [(x.table, x.column) for x in items + conds if x.table == name]  # type: ignore[operator]
        if name in plan.tables or any(col != pk.name for _, col in uses):
            continue
        for x in items + conds:  # type: ignore[operator]
            if x.table == name:
                x.table, x.column = root.name, copy.name


def route(plan: Plan, index: SchemaIndex) -> Plan:
    """Fix the join path from the measure's table to each grouped or filtered table: through the table the
    measure's rows belong to when such a path exists (line items -> their order -> its customer, not the
    supplier), otherwise the one shortest path; two shortest paths through different tables raise
    AmbiguousPath instead of picking one silently."""
    root = plan.root
    if not root or index.table(root) is None:
        return plan
    _own_copies(plan, index)
    adj = index_edges(index)
    header = _header(index, root)
    named = set(plan.all_tables())
    extra: list[str] = []
    for target in plan.all_tables():
        if target == root or target in extra:
            continue
        best = shortest_path(adj, root, target)
        if best is None or len(best) < 2:
            continue
        paths = _paths(adj, root, target, min(len(best) + 1, 5))
        own = [p for p in paths if all(e.right in named for e in p[:-1])]
        via = [p for p in paths if header is not None and p[0].right == header]
        if own:  # a path through tables the question itself names
            chosen = min(own, key=len)
        elif via:
            chosen = min(via, key=len)
        elif len(keyed := _through_named(paths, named)) == 1:
            chosen = keyed[0]
        else:
            short = {tuple(e.right for e in p) for p in paths if len(p) == len(best)}
            if len(short) > 1:
                # named by the first table where the paths part ('through the customer or the salesperson', not
                # the order both pass first)
                k = next(i for i in range(len(best)) if len({p[i] for p in short}) > 1)
                raise AmbiguousPath(target, sorted({p[k] for p in short}))
            chosen = best
        extra.extend(e.right for e in chosen[:-1] if e.right not in extra)
    if extra:
        plan.tables = list(dict.fromkeys(plan.tables + extra))
        plan.notes = plan.notes + [f"joined through {', '.join(extra)}"]
    return plan


AGGREGATE_CUES = frozenset("average mean median".split())  # "total" also names a stored total ("total deaths")


def aggregate_cue(toks: list[Token], ments: list[Mention]) -> str | None:
    """The word that makes a question ask for an aggregate ('average', 'total', 'sum'), if any; a word inside
    a schema name ('total_points', 'Mean Temperature') is a name, not a cue."""
    inside = {i for m in ments for i in range(m.start, m.end)}
    return next((t.low for i, t in enumerate(toks) if t.low in AGGREGATE_CUES and not t.quoted and i not in inside), None)


def lost_total(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'Top 5 vendors by total maintenance cost' read as a count of rows: 'total' right before a numeric column
    the question names (one unknown word between), and the reading adds up nothing."""
    def sums(p: Plan) -> bool:
        items = p.select + [o for o, _ in p.order] + [Item(c.table, c.column, c.agg) for c in p.having]
        return any(it.agg in ("sum", "avg", "share") and it.column for it in items) or (
            p.other is not None and sums(p.other)) or any(c.sub is not None and sums(c.sub) for g in p.where for c in g)

    inside = {k for m in ments for k in range(m.start, m.end)}
    for i, t in enumerate(toks):
        if t.low != "total" or i in inside or t.quoted:
            continue
        m = next((x for x in ments if x.start in (i + 1, i + 2) and x.kind == "column"), None)
        if m is not None and m.columns and m.columns[0][0].kind == "num" and not m.columns[0][0].is_key and not sums(plan):
            return f"total {m.text}"
        # 'the total value of orders' read as a plain list: a money word nothing placed, right after 'total' ('the
        # highest total price' ranks each row's own total)
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and i + 1 not in inside and nxt.low in MONEY_WORDS and not sums(plan) and not plan.order \
                and not plan.group:
            return f"total {nxt.text}"
    return None


def how_much_of_many(toks: list[Token], plan: Plan) -> str | None:
    """'How much rent did we collect in 2024?' read as a list of rents: 'how much' over rows no named value
    narrows to one thing asks for an amount, not a listing (a plain column answers 'how much is the X of Y', and
    'how much does each type cost' lists each row's own amount)."""
    said = any(t.low == "how" and toks[i + 1].low == "much" for i, t in enumerate(toks[:-1]))
    money = _how_much_money(toks)  # money asked for is an amount whatever else the reading shows beside it
    # a yes/no answer ('Paid?' = 'No') narrows to many rows, not to one named thing
    named = any(c.op == "=" and isinstance(c.value, str) and c.value.strip().lower() not in YES_NO
                for g in plan.where for c in g)
    each = any(t.low in ("each", "every") for t in toks) or len(plan.select) != 1  # 'how much does each type cost'
    return "how much" if said and (money or not named and not each) else None


YES_NO = frozenset("yes no y n true false t f".split())


def _how_much_money(toks: list[Token]) -> bool:
    """The question says 'how much money'."""
    return any(t.low == "how" and [x.low for x in toks[i + 1 : i + 3]] == ["much", "money"] for i, t in enumerate(toks))


TOTAL_ENDINGS = (("in", "total"), ("altogether",), ("all", "together"), ("combined",), ("in", "all"))
"""Closing words that ask for one sum of what the question names ('What did our trucks cost to buy in total?')."""


def _asks_in_total(toks: list[Token]) -> str | None:
    """The closing words that ask for everything added up ('... in total?', '... altogether?'), if any."""
    words = tuple(t.low for t in toks if t.low not in ("?", ".", "!"))
    return next((" ".join(e) for e in TOTAL_ENDINGS if words[-len(e):] == e), None)


def total_of_listed_money(toks: list[Token], plan: Plan, model: SemanticModel) -> str | None:
    """'How much money is outstanding on unpaid invoices?' or 'What did our forklifts cost to buy in total?' read
    as a list of the rows and their amounts: money asked for with 'how much money', or any amount asked for 'in
    total', is one amount, so a plain listing of rows with one such column becomes its total (the labels beside it
    dropped). The words that asked, when the plan was changed."""
    closing = _asks_in_total(toks)
    if not (_how_much_money(toks) or closing) or is_aggregate(plan) or plan.setop or any(
            t.low in ("each", "every", "per") for t in toks):
        return None
    kinds = ("money", "quantity", "duration") if closing else ("money",)
    cols = [(it, model.index.column(it.table or plan.root or "", it.column or "")) for it in plan.select]
    amounts = [it for it, c in cols if c is not None and model.role(c).measure_kind in kinds]
    if len(amounts) != 1:
        return None
    plan.select = [Item(amounts[0].table, amounts[0].column, "sum")]
    plan.distinct = False
    return closing or "how much money"


def is_aggregate(plan: Plan) -> bool:
    """Whether a plan aggregates, groups or ranks anywhere (its own SELECT, sub-plans or set operand)."""
    if plan.group or plan.having or plan.limit is not None or any(it.agg for it in plan.select):
        return True
    if any(it.agg for it, _ in plan.order):
        return True
    if any(c.sub is not None and is_aggregate(c.sub) for g in plan.where for c in g):
        return True
    return plan.other is not None and is_aggregate(plan.other)


def contradictory_dates(plan: Plan) -> bool:
    """Two date ranges ANDed on one column that cannot both hold ('in 1997 compared with 1996'): the
    question compares periods, which a single filter cannot answer."""
    lows: dict[tuple[str | None, str | None], list[str]] = {}
    highs: dict[tuple[str | None, str | None], list[str]] = {}
    for g in plan.where:
        if len(g) == 1 and g[0].op in (">=", "<") and isinstance(g[0].value, str) and g[0].sub is None:
            (lows if g[0].op == ">=" else highs).setdefault((g[0].table, g[0].column), []).append(g[0].value)
    return any(max(lo) >= min(highs[k]) for k, lo in lows.items() if k in highs)


def key_shown_by_label(plan: Plan, index: SchemaIndex) -> None:
    """'Which buyers have placed more than 5 orders?' read as orders grouped by buyer_id: the rows are the buyers, so
    they are shown by the label of the table the key refers to (their names), not by bare key numbers. Only for the
    one key of the table that refers there (a buyer_id beside a seller_id to the same users would be a guess)."""
    if plan.setop or len(plan.select) != 1 or plan.select[0].agg or plan.select[0].column is None:
        return
    it = plan.select[0]
    col = index.column(it.table or "", it.column or "")
    t = index.table(it.table or "")
    if col is None or t is None or col.fk is None or col.is_pk or not any(
            g.table == it.table and g.column == it.column for g in plan.group):
        return
    ref = index.table(col.fk[0])
    if ref is None or ref.name == t.name or sum(1 for c in t.columns if c.fk and c.fk[0] == ref.name) != 1:
        return
    label = _label(ref)
    if not label or label[0][1].column == label[0][0].column:
        return  # no label: the key itself is what there is to show
    plan.group = [g for g, _ in label]
    plan.select = [shown for _, shown in label]


def code_shown_by_description(plan: Plan, index: SchemaIndex) -> None:
    """'How many customers of each customer type?' grouped by a code table's short text key ('AGY', 'SCH'): the rows
    are shown by the description in words beside the code ('Advertising Agency'), as the code table means them to be
    read; the grouping stays the code's (one description per code)."""
    if plan.setop:
        return
    for i, it in enumerate(plan.select):
        t = index.table(it.table or "")
        col = index.column(it.table or "", it.column or "")
        if it.agg or t is None or col is None or not col.is_pk or not t._coded() or not any(
                g.table == it.table and g.column == it.column for g in plan.group):
            continue
        label = t.name_column()
        if label is None or label.name == col.name or not label.words or label.words[-1] not in ("description", "label"):
            continue
        plan.select[i] = Item(t.name, label.name)
        plan.group.append(Item(t.name, label.name))


def with_full_names(plan: Plan, index: SchemaIndex, toks: list[Token]) -> Plan:
    """A person shown by the label column 'first name' alone gets the last name beside it, unless the
    question asked for the first name ('Which actor appears in the most films?' -> first and last name)."""
    words = [t.low for t in toks]
    if not plan.setop and any(words[i : i + 4] in (["first", "and", "last", "name"], ["first", "and", "last", "names"])
                              for i in range(len(words))):
        _first_beside_last(plan, index)
    if plan.setop or any(t.low in ("first", "given", "forename") for t in toks):
        return plan
    out = list(plan.select)
    for i, it in enumerate(plan.select):
        t = index.table(it.table or "")
        if it.agg or it.column is None or t is None:
            continue
        label = t.name_column()
        if label is None or label.name != it.column or not _is_first_name(label):
            continue
        extra = _label(t) or []
        for _, shown in extra[1:]:
            if not any(x.table == shown.table and x.column == shown.column for x in out):
                out.insert(out.index(it) + 1, shown)
                if any(g.table == it.table and g.column == it.column for g in plan.group):
                    plan.group.append(shown)
    plan.select = out
    return plan


def _first_beside_last(plan: Plan, index: SchemaIndex) -> None:
    """'the first and last names of ...' read as the last-name column alone: the first-name column of the same
    table ('sub_last_nm' -> 'sub_first_nm') goes before it. Why: 'first' there is half of the pair, not a
    ranking, and the linker joins only the span 'last names'."""
    out = list(plan.select)
    for it in plan.select:
        t = index.table(it.table or "")
        c = index.column(it.table or "", it.column) if it.column and not it.agg else None
        if t is None or c is None or "last" not in c.words or c.words[-1] != "name":
            continue
        want = tuple("first" if w == "last" else w for w in c.words)
        first = next((x for x in t.columns if x.words == want), None)
        if first is not None and not any(x.table == t.name and x.column == first.name for x in out):
            out.insert(out.index(it), Item(t.name, first.name))
    plan.select = out


# 'orders that used a coupon code': like having one, the column is filled in on those rows
FILLED_USE_VERBS = frozenset("used applied redeemed".split())
HAVING_VERBS = frozenset("with have has had earn earns earned get gets receive receives".split())
PERSON_NOUNS = frozenset("member person people record entry row".split())
# 'how many people work at each location': the people are the staff rows themselves
WORK_VERBS = frozenset("work works worked working".split())
TIME_SPENT_VERBS = frozenset("spend spent log logged bill billed take took".split())  # 'how many hours did X log'


def _take_work_verb(r: _Reader, words: list[str], k: int) -> None:
    """After a people word: 'work' (and the 'at'/'in'/'for' placing it before a named place) only says they are staff."""
    if k < len(words) and not r.taken[k] and words[k] in WORK_VERBS:
        r.take(k)
        if k + 1 < len(words) and words[k + 1] in ("at", "in", "for") and not r.taken[k + 1] and r.mention(k + 2) is not None:
            r.take(k + 1)


PEOPLE_WORDS = frozenset("person people staff staffer worker workforce employee colleague".split())
HEADCOUNT_WORDS = frozenset("headcount headcounts".split())
JOIN_VERBS = frozenset("joined join joins sign signs signed register registered enroll enrol enrolled onboarded".split())
# the verbs of a record being started ('cases opened', 'tickets raised per month'): its creation date dates them
OPEN_VERBS = frozenset("opened raised logged filed submitted".split())
CREATION_WORDS = frozenset("create created creation signup join joined registration registered start enrolled enrollment "
                           "onboarded since".split())

LEAVE_VERBS = frozenset("left leave quit resigned terminated churned departed exited cancelled canceled".split())
ENDING_WORDS = frozenset("termination terminated end ended exit leave left resignation resigned churn churned departure "
                         "cancellation cancelled canceled".split())

SEND_VERBS = frozenset("send sent left departed dispatched shipped".split())
SENDING_WORDS = frozenset("ship shipped shipping sent dispatch dispatched departure".split())

SPLIT_COMPARATIVES = {"fewer": "<", "less": "<", "lower": "<", "smaller": "<", "more": ">", "greater": ">",
                      "higher": ">", "larger": ">", "bigger": ">"}

UNSUPPORTED_CUES = {"median": "a median", "percentile": "a percentile", "percentage": "a percentage", "percent": "a percentage",
                    "growth": "growth between periods", "ratio": "a ratio", "share": "a share of a total",
                    "proportion": "a share of a total", "fraction": "a share of a total"}


def unsupported_cue(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """An operation the question asks for that the reading does not contain ('median salary' read as rows or
    as a plain total): the answer would look right and be wrong, so the engine says what it cannot do."""
    inside = {i for m in ments for i in range(m.start, m.end)}
    if any(it.agg == "share" for it in plan.select):
        return None
    for i, t in enumerate(toks):
        if t.low in UNSUPPORTED_CUES and i not in inside and not t.quoted:
            return UNSUPPORTED_CUES[t.low]
    return None


def _plan_refs(plan: Plan) -> tuple[set[str], set[tuple[str | None, str | None]], set[str]]:
    """Tables, columns and literal values a plan (with its sub-plans and set operand) uses."""
    tables: set[str] = set(plan.all_tables())
    cols: set[tuple[str | None, str | None]] = set()
    vals: set[str] = set()
    for it in plan.select + plan.group + [o[0] for o in plan.order]:
        cols.add((it.table, it.column))
    for c in [c for g in plan.where for c in g] + plan.having:
        cols.add((c.table, c.column))
        if c.ref_column:
            cols.add((c.table, c.ref_column))
        vals.update(str(v).lower() for v in (c.value, c.value2) if v is not None)
        if c.sub is not None:
            t, k, v = _plan_refs(c.sub)
            tables |= t
            cols |= k
            vals |= v
    if plan.other is not None:
        t, k, v = _plan_refs(plan.other)
        tables |= t
        cols |= k
        vals |= v
    return tables, cols, vals


def is_bare(plan: Plan) -> bool:
    """A plan with no filter, grouping, ordering or limit: it reads the whole table."""
    return not (plan.where or plan.group or plan.having or plan.order or plan.limit is not None or plan.setop)


CONDITION_WORDS = frozenset("not no never without non negative positive still above below under greater less fewer more "
                            "than between after before older younger newer cheaper".split())


def dropped_words(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> list[str]:
    """Content words of the question that a whole-table reading does not use ('How many line items were
    returned?' read as a count of all line items drops 'returned'). Such a reading answers a different
    question with confidence, so the engine asks instead (trust over coverage)."""
    tables, cols, vals = _plan_refs(plan)
    if not is_bare(plan) or len(tables) != 1:
        return []
    table = index.table(next(iter(tables)))
    if table is None:
        return []
    own = {w for c in table.columns for w in words_of(c) + tuple(c.words) if len(w) >= 4}
    own |= {w for c in table.columns for v in c.samples for w in _value_key(str(v)).split() if len(w) >= 4}
    # short codes of a fully known category ('COM', 'RES', 'POST'): 'commercial customers' read as all customers
    # drops 'COM', 'the cheapest postpaid plan' read as the cheapest of all plans drops 'POST'
    codes = {str(v).lower() for c in table.columns if c.kind == "text" and c.complete and not c.is_key
             for v in c.samples if len(str(v)) in (3, 4) and str(v).isalpha()}
    # 'members who have a private office' read as all members: a thing the rows are said to have, named only by a
    # table one reference away (its columns or stored values: plan 'Studio Office'), is a condition the reading lacks
    near = {w for x in index.tables if x.name != table.name and _adjacent(table, x)
            for c in x.columns if not c.is_key
            for w in tuple(c.words) + tuple(w for v in c.samples for w in _value_key(str(v)).split()) if len(w) >= 4}
    at: dict[int, Mention] = {}
    for m in ments:
        for k in range(m.start, m.end):
            at.setdefault(k, m)

    def used(k: int) -> bool:
        m = at.get(k)
        return m is not None and m.kind == "column" and any((c.table, c.name) in cols for c, _ in m.columns)

    out: list[str] = []
    for i, t in enumerate(toks):
        m = at.get(i)
        if m is None:
            if t.low in CONDITION_WORDS and not t.quoted:
                dropped = True  # 'not active', 'above the average', 'still open': a condition the reading lacks
            elif t.number is not None:
                dropped = not (used(i - 1) or used(i + 1)) and str(t.number) not in vals
            elif t.low in HOLDING_VERBS and i > 0 and toks[i - 1].low in ("we", "you"):
                dropped = False
            elif not t.low.isalpha() or len(t.low) < 4 or t.low in STOPWORDS or t.low in LEX_FILLER or t.low in FILLER \
                    or t.lemma in FILLER or t.low in COMMON_WORDS or t.lemma in COMMON_WORDS:
                dropped = False
            else:  # an unlinked word that names part of the table's columns or values ('returned' ~ returnflag)
                st = stem(t.low)
                dropped = len(st) >= 4 and any(w.startswith(st) or (len(st) >= 5 and st in w) for w in own) \
                    or any(t.low.startswith(v) for v in codes) \
                    or bool(POSSESSION & {x.low for x in toks[max(0, i - 3) : i]}) and t.low not in COMMON_WORDS and (
                        t.low in near or t.lemma in near)
        elif m.kind == "table":
            head = at.get(m.end)  # 'book loans': a table noun modifying the counted table's noun
            dropped = not any(x.name in tables for x, _ in m.tables) and not (
                head is not None and head.kind == "table" and any(x.name in tables for x, _ in head.tables))
        elif m.kind == "column":
            # a column the plan uses, or the noun of a table it reads ('singers' linked to singer.name)
            # or a key of a table it reads ('book loans' linked to loans.book_id names the loans)
            dropped = not any((c.table, c.name) in cols or (c.is_key and c.table in tables) for c, _ in m.columns) and not any(
                c.table in tables and t.lemma in (x.words if (x := index.table(c.table)) else ()) for c, _ in m.columns)
        elif m.kind == "value":
            dropped = _value_key(m.text) not in {_value_key(v) for v in vals} and str(m.value).lower() not in vals
        else:
            dropped = m.kind == "number"
        if dropped and t.text not in out:
            out.append(t.text)
    return out


POSSESSION = frozenset("have has having with".split())


def _adjacent(a: TableInfo, b: TableInfo) -> bool:
    """Whether one of the two tables refers to the other."""
    return any(c.fk is not None and c.fk[0].lower() == b.name.lower() for c in a.columns) or any(
        c.fk is not None and c.fk[0].lower() == a.name.lower() for c in b.columns)


def unnamed_bridges(ments: list[Mention], plan: Plan, index: SchemaIndex) -> list[str]:
    """Tables the join planner had to pass through that no word of the question names. Two or more of them
    mean the reading reached a far table for one word ('new customers' -> a film category named New through
    store, inventory and film): a guess, not a reading."""
    from .sqlgen import join_plan

    try:
        tables, _ = join_plan(plan, index)
    except Exception:  # noqa: BLE001 - a plan that does not join is judged elsewhere
        return []
    own = set(plan.all_tables())
    named = {x.name for m in ments for x, _ in m.tables} | {c.table for m in ments for c, _ in m.columns} | {
        c.table for m in ments for c in m.value_columns}
    return [t for t in tables if t not in own and t not in named]


SORT_VERBS = frozenset("order ordered sort sorted rank ranked arrange arranged list listed".split())


IRREGULAR_PARTICIPLES = frozenset("made built written done held run sold taught bought drawn led won given taken "
                                  "seen known shown grown thrown flown driven chosen spoken stolen hit put set".split())


def _participle(w: str) -> bool:
    """'owned by', 'written by': a passive agent follows, not a grouping."""
    return w in IRREGULAR_PARTICIPLES or (len(w) > 4 and w.endswith(("ed", "en")))


def dropped_grouping(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'headcount by city', 'signups per year' read as a plain list, 'customers per market segment' read as one
    count: the grouping the question asks for is missing, so the reading answers another question."""
    if plan.group or plan.order or plan.setop or plan.limit is not None or any(c.sub is not None for g in plan.where for c in g):
        return None
    at = {k: m for m in ments for k in range(m.start, m.end)}
    for i, t in enumerate(toks):
        if t.quoted or i in at or i + 1 >= len(toks):
            continue
        nxt = at.get(i + 1)
        agent = t.low == "by" and nxt is not None and nxt.kind == "table" and nxt.end < len(toks) \
            and toks[nxt.end].low in ("whose", "who", "that", "which")  # 'artworks by artists whose ...': the makers
        if t.low == "per" or (t.low == "by" and nxt is not None and nxt.kind in ("table", "column") and not agent
                              and (i == 0 or not (toks[i - 1].low in SORT_VERBS or _participle(toks[i - 1].low)))):
            end = nxt.end if nxt is not None else next(
                (k for k in range(i + 1, min(i + 4, len(toks))) if toks[k].clause_break or toks[k].low in STOPWORDS), min(i + 4, len(toks)))
            return " ".join(x.text for x in toks[i:end])
        if (t.low in ("each", "every") and nxt is None and i + 1 not in at and toks[i + 1].low.isalpha()
                and toks[i + 1].low not in STOPWORDS and is_aggregate(plan)):
            return " ".join(x.text for x in toks[i : i + 2])  # 'average rooms of each type': 'type' named nothing
    return None


def ranking_mismatch(toks: list[Token], plan: Plan) -> str | None:
    """'top 10 parts ...' whose reading has no limit of 10 (the number was read as a value): the ranking the
    question asks for is not in the reading."""
    for i, t in enumerate(toks[:-1]):
        n = toks[i + 1].number
        if t.low in ("top", "bottom") and n is not None and n.is_integer() and plan.limit != int(n):
            return f"{t.text} {toks[i + 1].text}"
    return None


def ranks_anywhere(plan: Plan) -> bool:
    """Whether a plan (or a sub-plan / set operand) orders, limits, groups or takes a MIN/MAX anywhere."""
    if plan.order or plan.limit is not None or plan.group or plan.having or any(it.agg in ("min", "max") for it in plan.select):
        return True
    if any(c.sub is not None and ranks_anywhere(c.sub) for g in plan.where for c in g):
        return True
    return plan.other is not None and ranks_anywhere(plan.other)


def dropped_superlative(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """A superlative outside every mention that the reading loses (no ordering, limit, grouping or MIN/MAX
    anywhere; filters do not rank), or None. 'the longest-serving active employee' read as a whole-table list or
    count; 'Which vendor completed the most emergency jobs?' read as the vendors with an emergency job. Over a bare
    reading any superlative counts ('-est', 'best', 'top'); over a filtered one only the ranking words, since
    '-est' words there are mostly names of what the filter keeps. 'at most 3', 'at least' are bounds."""
    if ranks_anywhere(plan):
        return None
    inside = {k for m in ments for k in range(m.start, m.end)}
    bare = is_bare(plan)
    for i, t in enumerate(toks):
        if i in inside or t.quoted or (i > 0 and toks[i - 1].low == "at"):
            continue
        w = t.low.split("-")[0]  # 'longest-serving'
        if w in RANKING_SUPERLATIVES or (bare and (w in IRREGULAR_SUPERLATIVES or (
                len(w) > 5 and w.endswith("est") and w not in NOT_SUPERLATIVE))):
            return t.text
    return None


IRREGULAR_SUPERLATIVES = frozenset("most least best worst top".split())  # 'which location is doing best?'
RANKING_SUPERLATIVES = frozenset("most fewest least highest lowest largest smallest biggest".split())
NOT_SUPERLATIVE = frozenset("interest request guest forest honest modest suggest contest protest harvest digest "
                            "invest manifest arrest"
                            .split())


UNIT_WORDS = frozenset("hour hours minute minutes second seconds day days week weeks month months year years km kg "
                       "miles mile meters metres pounds lbs".split())


def _plan_items(plan: Plan) -> list[Item]:
    out = list(plan.select) + [o for o, _ in plan.order] + [Item(c.table, c.column, c.agg) for c in plan.having]
    for g in plan.where:
        for c in g:
            if c.sub is not None:
                out.extend(_plan_items(c.sub))
    if plan.other is not None:
        out.extend(_plan_items(plan.other))
    return out


def lost_average(toks: list[Token], ments: list[Mention], plan: Plan) -> int | None:
    """The position of 'average'/'mean' that nothing placed when the reading computes no average ('On average, how
    many units are in an order?' read as a total), or None."""
    inside = {k for m in ments for k in range(m.start, m.end)}
    if {it.agg for it in _plan_items(plan)} & {"avg", "per", "median"}:
        return None
    return next((i for i, t in enumerate(toks) if t.low in ("average", "mean") and not t.quoted and i not in inside), None)


def missing_operation(toks: list[Token], ments: list[Mention], plan: Plan, model: SemanticModel) -> str | None:
    """An operation the question names that the reading does not perform: 'average' without an average, a money
    noun ('revenue', 'sales') without a money measure, 'N times' without a count condition, 'longer than 2 hours'
    compared with a column that does not name hours. Each would answer another question."""
    inside = {k for m in ments for k in range(m.start, m.end)}
    tables_said = {k for m in ments if m.kind == "table" for k in range(m.start, m.end)}
    items = _plan_items(plan)
    aggs = {it.agg for it in items}
    words = [t.low for t in toks]
    for i, t in enumerate(toks):
        if t.quoted or i in tables_said:
            continue
        if lost_average(toks, ments, plan) == i:
            return f"'{t.text}' (the reading computes no average)"
        linked = {(c.table, c.name) for m in ments if m.start <= i < m.end for c, _ in m.columns}  # 'turnover' -> v1 by its doc
        if any(m.kind == "column" and m.start <= i < m.end - 1 and m.columns and m.columns[0][0].kind == "text"
               and m.columns[0][1] >= 0.9 for m in ments):
            continue  # 'sales channel', 'revenue category': the money word only qualifies a text column's noun
        if i + 1 < len(toks) and toks[i + 1].lemma in OWNER_WORDS:
            continue  # 'by sales rep': the money word says what the person sells, it asks for no amount
        if t.lemma in MONEY_NOUNS - {"spend", "spending"} and not any(
                it.agg in ("sum", "avg", "share", "max", "min") and it.column and model.index.column(it.table or "", it.column) is not None
                and ((it.table, it.column) in linked
                     or model.role(model.index.column(it.table or "", it.column)).measure_kind == "money") for it in items):  # type: ignore[arg-type]
            return f"'{t.text}' (the reading adds up no money column)"
        if t.low == "times" and i > 0 and toks[i - 1].number is not None and not any(c.agg == "count" for c in plan.having):
            return f"'{toks[i - 1].text} times' (the reading counts nothing per row)"
        if t.low in UNIT_WORDS and i > 0 and toks[i - 1].number is not None and words[i - 2 : i - 1] != ["in"]:
            unit = t.low.rstrip("s")
            cols = [model.index.column(c.table or "", c.column or "") for g in plan.where for c in g if c.value == toks[i - 1].number]
            if any(col is not None and not any(w.startswith(unit) for w in col.words)
                   and column_unit(col) != SPELLINGS.get(t.low) for col in cols):
                return f"'{toks[i - 1].text} {t.text}' (the compared column does not say it counts {t.low})"
    return None


# Soft deletes (Django's is_deleted, Rails' paranoia 'deleted', 'is_removed'): a deleted row stays in the table so
# that old orders still point at it, and the application hides it everywhere else.
SOFT_DELETE_NAMES = frozenset({("is", "deleted"), ("deleted",), ("is", "removed"), ("removed",), ("is", "trashed")})
DELETE_WORDS = frozenset("delete deleted deletes deleting deletion remove removed removal trash trashed archived "
                         "including".split())


def soft_delete_flag(t: TableInfo) -> ColumnInfo | None:
    """The yes/no column that marks a row of ``t`` as deleted without removing it, or None. A text column counts
    when it holds yes/no text ('true'/'false', as a CRM export's ``IsDeleted`` does) with a stored 'no' to keep."""
    return next((c for c in t.columns if not c.is_key and tuple(c.words) in SOFT_DELETE_NAMES
                 and (c.kind in ("bool", "num") or (c.kind == "text" and _soft_delete_off(c) is not None))), None)


def _soft_delete_off(c: ColumnInfo) -> object | None:
    """The stored value of a soft-delete flag that keeps a row: 0, or the stored 'no' text of a complete yes/no
    text column ('false', 'N'); None when a text column's values do not read as yes/no."""
    if c.kind in ("bool", "num"):
        return 0
    if not c.complete or not is_flag_values({v.strip().lower() for v in c.samples}):
        return None
    return stored_truth(c.samples, False)


def skip_empty_mode(plan: Plan, index: SchemaIndex) -> str | None:
    """'What is the most common loss reason?' ranks the values of one shown column by how many rows hold each, and
    'the average health score by tier' averages (or totals) per value: rows where the column is empty hold no value
    (a won deal has no loss reason, a prospect no tier), so the reading leaves them out rather than answer 'empty'
    or add an empty group. Only for a plain column (not a key, not a date bucket) no condition already fixes; a
    count per value keeps its empty group (how many have none is part of that answer). Returns the note, or None."""
    if plan.setop or len(plan.group) != 1:
        return None
    g = plan.group[0]
    ranked = plan.limit is not None and len(plan.order) == 1 and plan.order[0][0].agg == "count" \
        and plan.order[0][0].column is None
    averaged = any(it.agg in ("avg", "sum") for it in plan.select)
    if g.column is None or g.agg or g.bucket or not (ranked or averaged):
        return None
    if not any(it.table == g.table and it.column == g.column and not it.agg for it in plan.select):
        return None
    col = index.column(g.table or "", g.column)
    if col is None or col.is_pk or col.fk is not None or col.kind not in ("text", "num"):
        return None
    if any(c.table == g.table and c.column == g.column for grp in plan.where for c in grp):
        return None
    plan.where.append([Cond(g.table, g.column, "is not null", text=f"{' '.join(col.words)} given")])
    return f"rows without a {' '.join(col.words)} are left out of the ranking"


def hide_soft_deleted(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'How many shops do we have?' on a table with an is_deleted flag counts the rows the application still shows:
    the reading keeps the rows whose flag is off and says so. Not when the question speaks of deleting (it asks about
    the deleted rows, or to include them), nor when it dates what happened ('shops opened in 2023', 'sales in 2024
    by shop'): a row deleted since then still opened, or sold, then. That needs a deletion the table dates
    (``deleted_at``); a flag with no date of its own is a recycle bin (a CRM export's ``IsDeleted``), rows the
    application hides from every period as well. Returns the note, or None."""
    t = index.table(plan.root or "")
    flag = soft_delete_flag(t) if t is not None else None
    if t is None or flag is None or plan.setop or plan.change is not None or any(x.low in DELETE_WORDS for x in toks):
        return None
    dated = any((c.kind == "date" or holds_dates(c)) and set(c.words) & DELETE_WORDS for c in t.columns)
    for group in plan.where + plan.part:
        for c in group:
            col = index.column(c.table or "", c.column or "") if c.column else None
            if col is not None and (col.key == flag.key or dated and (col.kind == "date" or holds_dates(col))):
                return None
    plan.where.append([Cond(t.name, flag.name, "=", _soft_delete_off(flag), text=f"not {' '.join(flag.words)}")])  # type: ignore[union-attr]
    return f"deleted {' '.join(t.words)} (marked in {flag.name}) are left out, as the application hides them"  # type: ignore[union-attr]
