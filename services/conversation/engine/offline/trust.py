"""Last checks on a reading before it is answered (PRECISE-style: answer only when the reading fits).

Each check finds a plan that would answer a different question with confidence: a filter that
cannot hold, a count of distinct values where the question counts things, a list where the question
asks how many, a join through tables the question never names. They run on every reading, from the
business reader and from the sentence parser alike; a doubt becomes a clarifying question.

A check is one row of CHECKS: Check(name, detector, question). The detector is a plain function whose parameters
name the parts of the reading it reads (toks, ments, plan, index) and which returns what it found, or None; the
question is a template quoting what was found ('{0}'), or an _ask_* builder given the Reading and what was found.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from lemminflect import getAllLemmas

from services.common.column_roles import FLAG_WORDS, MONEY_WORDS, derive_role

from .abbrev import CLEAR_FIT, abbreviation_fit, is_word
from .business import (CREATION_WORDS, ENDING_WORDS, JOIN_VERBS, LEAVE_VERBS, OPEN_VERBS, SEND_VERBS, SENDING_WORDS,
                       describes_named_column, dropped_superlative, is_aggregate, unnamed_bridges)
from .codecols import Unnamed, unnamed_code, unstored_state
from .lexicon import FILLER, GRAINS, MONTHS, PARTICLES, STATE_WORDS, STOPWORDS, SYNONYMS, TAKINGS_WORDS, Token, singular, stem
from .linking import _COMMON_QUESTION_WORDS, ColumnInfo, _equiv, Mention, SchemaIndex, holds_dates, match_words, of_word_column, row_date_rank
from .parse.flags import encoding_note
from .plan import Cond, Item, Plan
from .semantic import words_of

NEGATIONS = frozenset("not never without no none neither nor".split())
NEGATIVE_OPS = frozenset({"!=", "<>", "not in", "not like", "is null", "not exists", "is not null"})
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
COUNT_CUES = (("how", "many"), ("number", "of"), ("count", "of"))


@dataclass(frozen=True)
class Doubt:
    """Why the reading is not trusted, and the closest readings to offer instead."""

    problem: str
    readings: list[str] = field(default_factory=list)


class Reading(NamedTuple):
    """What a check looks at: the question's words, what they matched, the plan read from them, the schema."""

    toks: list[Token]
    ments: list[Mention]
    plan: Plan
    index: SchemaIndex

    @property
    def noun(self) -> str:
        """The reading's table as a question would say it ('invoices'), for the readings a doubt offers."""
        return _noun(self.index, self.plan.root)

    @property
    def question(self) -> str:
        return question_text(self.toks)

    def measures(self) -> list[str]:
        return _measures(self.plan, self.index)

    def categories(self) -> list[ColumnInfo]:
        return _categories(self.plan, self.index)


@dataclass(frozen=True)
class Check:
    """One way a reading answers another question, declared once: ``find`` is the detector (a plain function
    given the parts of the reading its parameters name, returning what it found or None / False / []), and
    ``ask`` words the clarifying question from what it found: a builder, or a template whose {0}, {1} ... are
    what was found (the parts of a tuple)."""

    name: str
    find: Callable[..., Any]
    ask: Callable[[Reading, Any], Doubt] | str
    parts: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        params = tuple(inspect.signature(self.find).parameters)
        if set(params) - set(Reading._fields):  # a detector's parameters name the parts of the reading it reads
            raise TypeError(f"check {self.name}: {self.find.__name__} takes {params}, not parts of a Reading")
        object.__setattr__(self, "parts", params)

    def run(self, rd: Reading) -> Doubt | None:
        """The check's clarifying question for this reading, or None when the detector finds nothing."""
        found = self.find(**{p: getattr(rd, p) for p in self.parts})
        if found is None or found is False or (isinstance(found, list) and not found):
            return None
        if isinstance(self.ask, str):
            return Doubt(self.ask.format(*(found if isinstance(found, tuple) else (found,))))
        return self.ask(rd, found)


def _ands(plan: Plan) -> list[Cond]:
    return [g[0] for g in plan.where if len(g) == 1 and g[0].sub is None and g[0].agg is None]


def _lt(a: object, b: object) -> bool | None:
    """a < b for two literals of one kind (numbers or text such as ISO dates); None when incomparable."""
    try:
        return float(a) < float(b)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(a) < str(b) if isinstance(a, str) and isinstance(b, str) else None


def impossible_filter(plan: Plan) -> str | None:
    """A column ANDed equal to two different values, or equal to a value outside a range on it
    ('hire_date = '01' AND hire_date >= '2020-01-01''): no row can match, so the reading is broken."""
    conds = _ands(plan)
    for c in conds:
        if c.op != "=" or c.value is None or c.ref_column:
            continue
        for d in conds:
            if d is c or (d.table, d.column) != (c.table, c.column) or d.ref_column:
                continue
            if d.op == "=" and d.value is not None and str(d.value).lower() != str(c.value).lower():
                return str(c.column)
            below = d.op in (">", ">=") and _lt(c.value, d.value)
            above = d.op in ("<", "<=") and _lt(d.value, c.value)
            if below or above:
                return str(c.column)
    return None


def counted_noun(toks: list[Token], ments: list[Mention]) -> tuple[int, Token] | None:
    """The noun a counting question counts ('how many parts', 'number of different customers'); a cue
    inside a column's name ('phone number of the man') or before a column ('number of years they have
    worked', a column) counts nothing."""
    in_column = {k for m in ments if m.kind in ("column", "value") for k in range(m.start, m.end)}
    for i in range(len(toks) - 1):
        if (toks[i].low, toks[i + 1].low) in COUNT_CUES and not {i, i + 1} & in_column:
            k = i + 2
            while k < len(toks) and (toks[k].low in DISTINCT_WORDS or toks[k].low in ("the", "of")):
                k += 1
            if k < len(toks) and toks[k].low.isalpha() and k not in in_column:
                return i, toks[k]
    return None


def _names(words: tuple[str, ...], noun: str) -> bool:
    n = singular(noun)
    return any(w == n or w == noun or (len(w) >= 4 and len(n) >= 4 and stem(w) == stem(n)) for w in words)


def counts_values_not_things(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> str | None:
    """'How many parts cost more than ...' read as COUNT(DISTINCT retail price): the question counts parts,
    the reading counts prices. Distinct values are counted only when the question says 'different' or
    counts the column's own noun ('how many cities')."""
    found = counted_noun(toks, ments)
    if found is None:
        return None
    at, noun = found
    if any(t.low in DISTINCT_WORDS for t in toks[at:at + 4]):
        return None
    for it in plan.select:
        if it.agg != "count" or not it.distinct or it.column is None:
            continue
        col = index.column(it.table or plan.root or "", it.column)
        if col is None or col.is_key:
            continue
        if not _names(words_of(col) + tuple(col.words) + tuple(col.synonyms), noun.lemma):
            return noun.low
    return None


def list_for_a_count(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'How many orders did each customer place?' read as the list of customers: a count question must
    get a count (an aggregate question never gets a row-level answer)."""
    found = counted_noun(toks, ments)
    if found is None or is_aggregate(plan):
        return None
    return f"{found[1].low}"


def list_for_how_much(toks: list[Token], plan: Plan, index: SchemaIndex) -> bool:
    """'How much did paid invoices bring in during 2024' read as the list of invoice ids: 'how much' asks for an
    amount, and a row-level reading that shows no number at all (ids, names) answers something else. A lookup
    that shows the amount ('how much is the Pro plan' -> its price) is fine."""
    if [t.low for t in toks[:2]] != ["how", "much"] or is_aggregate(plan) or plan.other is not None:
        return False
    return _shows_no_amount(toks, plan, index)


def list_for_a_total(toks: list[Token], plan: Plan, index: SchemaIndex) -> bool:
    """'What is the total of our posted invoices in 2025?' read as the list of invoice names: 'the total' asks for
    one amount like 'how much', and a row-level reading that shows no number answers something else."""
    lows = [t.low for t in toks]
    if not any(lows[i] == "the" and lows[i + 1] in ("total", "sum") for i in range(len(lows) - 1)):
        return False
    if is_aggregate(plan) or plan.other is not None:
        return False
    return _shows_no_amount(toks, plan, index)


def _shows_no_amount(toks: list[Token], plan: Plan, index: SchemaIndex) -> bool:
    """The reading lists rows (ids, names) and shows no amount, unless it looks one named thing up."""
    listed = bool({t.low for t in toks} & {"each", "every", "per", "all"})  # 'how much does each plan cost': a list
    for it in plan.select:
        col = index.column(it.table or plan.root or "", it.column or "") if it.column else None
        if it.agg or col is None:
            return False
        if col.kind == "num" and not col.is_key:
            return not listed and not _pins_a_row(plan, index, col.table)  # an amount shown: fine for one named thing, not many rows
    return True


def _pins_a_row(plan: Plan, index: SchemaIndex, table: str) -> bool:
    """Some condition names one row of ``table`` by its name or key ('the Pro plan', 'order 10248'): a lookup
    ('transfers of Nova Labs' names the account, not one transfer)."""
    for c in _ands(plan):
        if (c.table or plan.root or "").lower() != table.lower():
            continue
        t = index.table(c.table or plan.root or "")
        col = t.col(c.column) if t is not None and c.column else None
        if c.op == "=" and col is not None and (col.is_key or col is t.name_column()):  # type: ignore[union-attr]
            return True
    return False


def _conditions(plan: Plan) -> list[Cond]:
    out = [c for g in plan.where for c in g] + list(plan.having) + [c for g in plan.part for c in g]
    for c in list(out):
        if c.sub is not None:
            out += _conditions(c.sub)
    return out + (_conditions(plan.other) if plan.other is not None else [])


RELATIVE_PERIOD_WORDS = frozenset("last this previous current past ytd".split())


def dropped_period(toks: list[Token], plan: Plan) -> str | None:
    """'How many bills were issued last year?' read as a count of all bills: a relative period the question
    names ('last year', 'this month', 'past 30 days') that no condition of the reading bounds. The literal
    year of such a period is left to unused_number; this catches the phrases without a number."""
    from .dates import find_date_ranges

    words = [t.low for t in toks]
    if not RELATIVE_PERIOD_WORDS & set(words) or plan.change is not None:
        return None
    found = [d for d in find_date_ranges(words) if d.label.split()[0].lower() in RELATIVE_PERIOD_WORDS]
    if not found:
        return None
    for c in _conditions(plan):
        v = str(c.value if c.value is not None else "")
        if ISO_DATE.match(v) or any(v[:4] == d.start[:4] or v[:4] == d.end[:4] for d in found if v[:4].isdigit()):
            return None
    return found[0].label


def ignored_modifier(toks: list[Token], ments: list[Mention], plan: Plan) -> tuple[str, str] | None:
    """'the attendance rate' read as an instructor's hourly rate: a noun nothing links, right before a one-word
    column mention whose column does not say it, narrows the measure the reading ignores. Only plain nouns (not
    words that are also adjectives or verbs, 'base price'), so a describing word is never asked about."""
    starts = {m.start: m for m in ments}
    inside = {k for m in ments for k in range(m.start, m.end)}
    used = {(it.table, (it.column or "").lower()) for it in _items(plan) if it.column}
    for i, t in enumerate(toks[:-1]):
        m = starts.get(i + 1)
        if i in inside or m is None or m.kind != "column" or m.end - m.start != 1 or not m.columns or t.quoted:
            continue
        if not t.low.isalpha() or len(t.low) < 5 or {t.low, t.lemma} & (STOPWORDS | FILLER | _COMMON_QUESTION_WORDS):
            continue
        col = m.columns[0][0]
        if (col.table, col.name.lower()) not in used or any(stem(w) == stem(t.lemma) for w in col.words):
            continue
        if describes_named_column(toks, i, m):
            continue
        lemmas = getAllLemmas(t.low)
        if "NOUN" in lemmas and not {"ADJ", "VERB", "ADV"} & set(lemmas):
            return t.text, m.text
    return None


def dropped_describer(ments: list[Mention], plan: Plan) -> str | None:
    """'Which paid courses have the lowest price?' where 'paid' matched another table's amount_paid: a one-word
    column mention right before the noun of a table describes those rows, and a reading that uses that column
    nowhere (no condition, nothing shown) drops the description, so it ranks every row. Returns the phrase."""
    starts = {m.start: m for m in ments}
    used = {(it.table, (it.column or "").lower()) for it in _items(plan) if it.column}
    used |= {(c.table, (c.column or "").lower()) for c in _conditions(plan) if c.column}
    for m in ments:
        nxt = starts.get(m.end)
        if m.kind != "column" or m.end - m.start != 1 or not m.columns or nxt is None or nxt.kind != "table" \
                or not nxt.tables:
            continue
        col = m.columns[0][0]
        if col.table == nxt.tables[0][0].name or col.is_key or any(
                (c.table, c.name.lower()) in used for c, _ in m.columns):
            continue
        return f"{m.text} {nxt.text}"
    return None


SECOND_AGGREGATES = frozenset("total average sum mean".split())


def unanswered_second_question(toks: list[Token], plan: Plan) -> str | None:
    """'How many payments were refunded and what was their total value?': a second question after 'and what/how'
    asks for another aggregate, and the reading has fewer aggregates than the question asks for (only the count)."""
    words = [t.low for t in toks]
    at = next((i for i in range(1, len(words) - 1) if words[i] == "and" and words[i + 1] in ("what", "how")), None)
    if at is None:
        return None
    first = words[:at]
    asked = int(first[:2] == ["how", "many"] or first[:2] == ["how", "much"] or bool(SECOND_AGGREGATES & set(first)))
    rest = words[at + 1:]
    asked += int(rest[:2] in (["how", "many"], ["how", "much"]) or bool(SECOND_AGGREGATES & set(rest)))
    have = sum(1 for it in plan.select if it.agg)
    if asked < 2 or have >= asked:
        return None
    return " ".join(t.text for t in toks[at + 1:]).rstrip("?")


COUNT_WORDS = frozenset("many number count counts most fewest least more fewer".split())


def counted_instead_of_measure(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'rent collected by month in 2025' read as the number of leases per month: no word asks for a count, the
    reading counts rows, and a numeric column the question names (not a key) is used nowhere."""
    if any(t.low in COUNT_WORDS for t in toks):
        return None
    if not any(it.agg == "count" for it in plan.select) or any(it.agg and it.agg != "count" for it in plan.select):
        return None
    used = {(c.table, c.column) for c in _conditions(plan)} | {(it.table, it.column) for it in
                                                             plan.select + plan.group + [o for o, _ in plan.order]}
    for m in ments:
        if m.kind != "column" or not m.columns:
            continue
        c = m.columns[0][0]
        if c.kind == "num" and not c.is_key and not c.fk and (c.table, c.name) not in used and m.columns[0][1] >= 0.7:
            return m.text
    return None


def negated_value_kept(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'Which buildings have no vacant units?' read as the vacant units: 'no'/'without' right before a stored
    value that the reading keeps as '= value', with nothing negative anywhere in it."""
    conds = _conditions(plan)
    if plan.setop == "except" or any(c.op in NEGATIVE_OPS or c.op.startswith("not") for c in conds):
        return None
    kept = {str(c.value).lower() for c in conds if c.op == "=" and isinstance(c.value, str)}
    for m in ments:
        if m.kind != "value" or m.start == 0:
            continue
        k = m.start - 1
        while k > 0 and toks[k].low in ("a", "an", "any"):
            k -= 1
        if toks[k].low in ("no", "without") and m.text.lower() in kept | {str(v).lower() for v in (m.value,) if v}:
            return f"{toks[k].text} {m.text}"
    return None


def negation_beside_stored_negative(plan: Plan, index: SchemaIndex) -> tuple[ColumnInfo, str, str] | None:
    """'invoices not paid at all' read as payment_state <> 'paid' while the column also stores 'not_paid': the
    stored negative is one state among others ('partial', 'reversed'), so 'every state but paid' and 'the state
    not_paid' differ, and the question does not say which. Returns the column, the excluded and the negative value."""
    for c in _conditions(plan):
        if c.op not in ("!=", "<>") or not isinstance(c.value, str) or c.ref_column:
            continue
        col = index.column(c.table or plan.root or "", c.column or "")
        if col is None or not col.complete:
            continue
        said = c.value.strip().lower()
        for v in col.samples:
            words = re.split(r"[_\s-]+", v.strip().lower())
            if len(col.samples) > 2 and v.strip().lower() != said and (
                    words in (["not", said], ["non", said], ["un" + said]) or words == ["not"] + said.split()):
                return col, c.value, v
    return None


def _ask_negation_beside_stored_negative(rd: Reading, found: tuple[ColumnInfo, str, str]) -> Doubt:
    col, said, negative = found
    name = " ".join(col.words)
    others = ", ".join(f"'{v}'" for v in col.samples if v not in (said, negative))
    return Doubt(f"My only reading keeps every {name} but '{said}', but {_noun(rd.index, col.table)} also store "
                 f"'{negative}' as a {name} of its own, beside {others}. Do you mean only '{negative}', or every "
                 f"{name} other than '{said}'?",
                 [f"{rd.noun} where {name} is '{negative}'", f"{rd.noun} where {name} is not '{said}'"])


def dropped_negation(toks: list[Token], plan: Plan) -> str | None:
    """'customers who still have a film out (not returned)' read as every customer: the question negates
    something ('not', 'never', 'without', "haven't") and the reading has no condition at all to carry it, or only
    a positive membership (key IN the rows of another table), the negation's opposite."""
    neg = next((t.low for i, t in enumerate(toks) if not t.quoted and (
        t.low in NEGATIONS or (t.low == "t" and i > 0 and toks[i - 1].low.endswith("n")))), None)
    if neg is None or plan.setop == "except":
        return None
    conds = _conditions(plan)
    if any(c.op in NEGATIVE_OPS or c.op.startswith("not") for c in conds):
        return None
    if conds and not any(c.op == "in" and c.sub is not None for c in conds):
        return None
    # no condition at all, or only a positive 'among the rows of X' ('never signed up for a course' read as
    # signed up): the negation was lost and the answer would be its opposite
    return "not" if neg == "t" else neg


def unknown_name(toks: list[Token], ments: list[Mention]) -> str | None:
    """A capitalised word inside the sentence that nothing in the data places ('French singers' where the
    data says 'France'): the question names something the reading would silently drop."""
    placed = {k for m in ments for k in range(m.start, m.end)}
    for i, t in enumerate(toks):
        if i == 0 or i in placed or t.quoted or t.sentence_break or not t.text[:1].isupper() or not t.text.isalpha():
            continue
        if t.text.isupper() and len(t.text) <= 2:
            continue  # 'I', 'ID'
        if {t.low, t.lemma} & (STOPWORDS | FILLER | _COMMON_QUESTION_WORDS | WEEKDAYS) or t.low in MONTHS:
            continue
        return t.text
    return None


# Nouns every question may use without the data naming them: what is asked for (a share, a rate, a change), units
# of time, words for rows, people and things in general, for the business or the data itself ('registered on the
# platform', 'in the catalog'), and the first half of a contraction ("haven't").
GENERAL_NOUNS = frozenset("""now today anything something nothing everything anyone someone everyone everybody anybody
somebody nobody moment frequency thing things growth
grow change changes percent percentage share rate ratio hours hour minutes minute days weeks seconds time times way kind
type types sort lot lots part amount value values item items record records row rows entry entries data list detail
details number count total average sum people person one ones member members money cash dollar dollars euro euros pound pounds cent cents platform system site website app
application company business database catalog catalogue haven hasn didn doesn isn aren wasn weren won couldn
shouldn wouldn""".split())
_ASKING_WORDS = frozenset("""most highest largest biggest least fewest lowest smallest top bottom best worst greatest common
total sum overall average avg mean maximum max minimum min median many much year years month months quarter quarters week
weeks day days daily monthly yearly weekly annual quarterly""".split())


def _schema_words(index: SchemaIndex) -> set[str]:
    """Every word the data could be called by: table and column words (run-together compounds split), synonyms a
    modeler added, names as stored, and the sample values."""
    out: set[str] = set()
    for t in index.tables:
        out |= set(t.words) | {t.name.lower()} | set(re.split(r"[^a-z0-9]+", t.name.lower()))
        for c in t.columns:
            out |= set(c.words) | set(words_of(c)) | set(c.synonyms) | {c.name.lower()}
            out |= set(re.split(r"[^a-z0-9]+", c.name.lower()))
            out |= {str(v).lower() for v in c.samples}
    return out


def unknown_noun(toks: list[Token], ments: list[Mention], index: SchemaIndex) -> str | None:
    """'total amount of orders per courier', 'the trainer who ran the most sessions', 'refunded in US dollars': a
    word that can only be a noun, that nothing in the data places, and that no table, column or value is called by
    (not even inside a longer name or as its abbreviation): the reading would drop it and answer another question.
    A noun that only describes the one column its head names ('insurance premium': ``describes_named_column``) is
    read, not asked about. The lower-case companion of ``unknown_name``; money nouns ('revenue', 'sales') are read as roles of amount
    columns, not names, and are left to the measure checks. (First-contact replay: 10 of 96 wrong answers on
    databases the engine had never seen, against 1 of 125 right ones.)"""
    placed = {k for m in ments for k in range(m.start, m.end)}
    words: set[str] | None = None
    for i, t in enumerate(toks):
        if i in placed or t.quoted or not t.low.isalpha() or len(t.low) < 4:
            continue
        if i > 0 and toks[i - 1].number is not None:
            continue  # a unit after a number ('more than 2 tonnes'): the number checks judge it
        forms = {t.low, t.lemma}
        if forms & (STOPWORDS | FILLER | _COMMON_QUESTION_WORDS | GENERAL_NOUNS | _ASKING_WORDS | MONEY_WORDS
                    | WEEKDAYS) or t.low in MONTHS:
            continue
        lemmas = getAllLemmas(t.low)
        if not ({"NOUN", "PROPN"} & set(lemmas)) or {"VERB", "ADJ", "ADV"} & set(lemmas):
            continue  # only a word that can be nothing but a noun names a thing the data should hold
        if describes_named_column(toks, i, next((m for m in ments if m.start == i + 1), None)):
            continue  # 'insurance premium' where premium is the one column the head names: it only describes it
        if words is None:
            words = _schema_words(index)
        if any(f in w or (len(w) >= 4 and w in f) or (len(w) >= 5 and f[:5] == w[:5]) for f in forms for w in words):
            continue  # inside a longer name ('priority' of orderpriority), holding one, or one of its forms
            # ('deliveries' of delivered_on)
        if any(len(w) >= 3 and _abbreviates(w, t.lemma) for w in words):
            continue  # 'mfgr' for manufacturer
        return t.low
    return None


def _numeric_text(col: object) -> bool:
    """A text column that holds numbers (most of its known values parse as one): it may be compared as one."""
    vals = [str(v).strip() for v in getattr(col, "samples", ()) if str(v).strip().lower() not in ("", "null", "na", "n/a")]
    nums = 0
    for v in vals:
        try:
            float(v)
            nums += 1
        except ValueError:
            pass
    return not vals or nums * 2 >= len(vals)


def text_compared_as_number(plan: Plan, index: SchemaIndex) -> str | None:
    """'makers with more than 3 models' read as maker > '3': a text column ordered against a number is a
    count the reading lost, not a comparison anybody asks for."""
    for c in _conditions(plan):
        if c.op not in (">", "<", ">=", "<=") or c.agg or c.sub is not None or c.ref_column or c.column is None:
            continue
        col = index.column(c.table or plan.root or "", c.column)
        if col is None or col.kind != "text" or _numeric_text(col):
            continue
        try:
            float(str(c.value))
        except ValueError:
            continue
        return col.name
    return None


def most_by_text(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'the model with the most versions' read as ORDER BY make DESC: a superlative ranks by an amount,
    never by a text column's alphabetical order."""
    if plan.limit is None or not any(t.low in ("most", "highest", "largest", "biggest", "least", "fewest", "lowest")
                                     for t in toks):
        return None
    for it, _ in plan.order:
        if it.agg or it.column is None:
            continue
        col = index.column(it.table or plan.root or "", it.column)
        if col is not None and col.kind == "text" and not _numeric_text(col):
            return col.name
    return None


def ranks_by_flag(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'which industry has the most churned accounts' read as ORDER BY is_churned DESC LIMIT 1: a superlative ranks by
    an amount (here a count of the flagged rows); ordering rows by a yes/no column only puts an arbitrary one of
    the flagged rows first."""
    if plan.limit is None or not any(t.low in RANK_WORDS for t in toks):
        return None
    for it, _ in plan.order:
        if it.agg or it.column is None:
            continue
        col = index.column(it.table or plan.root or "", it.column)
        if col is not None and col.kind == "num" and not col.is_key and _flag(col):
            return col.name
    return None


DURATION_UNITS = frozenset("seconds minutes hours days weeks months years".split())
DURATION_WORDS = frozenset("""duration length long time runtime tenure age days hours minutes seconds weeks months
    years lead lag delay elapsed hour minute""".split())  # a column 'Hours' reads 'hour' (not 'year': birth_year is a date part)


TAKINGS_VERBS = frozenset("collect collects collected receive receives received taken paid earned".split())
RATE_WORDS = frozenset("monthly weekly daily hourly annual yearly annually nightly".split())


def summed_rate(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'rent collected in 2024' read as SUM(lease.monthly_rent): money taken in is a sum of what was paid, while a
    column named for a rate per period ('monthly', 'hourly') says what one row charges each period, so adding it up
    over rows answers another question (what was agreed, not what came in)."""
    if not any(t.low in TAKINGS_VERBS for t in toks):
        return None
    return next((col.name for col in _summed(plan.select, plan, index) if set(words_of(col)) & RATE_WORDS), None)


def duration_as_amount(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'average days to pay an invoice' read as AVG(amount): the question aggregates a duration ('average days',
    'how many hours', 'how long') and the reading aggregates a column that counts no time (no date difference, no
    time unit in its name, no duration word), so it answers with money or a count of something else."""
    from .units import UNITS, column_unit

    asks = any(t.low in DURATION_UNITS and i > 0 and (toks[i - 1].low in ("average", "mean", "median", "total", "many")
                                                        or [x.low for x in toks[max(0, i - 3):i]][-3:] in (
                                                            ["average", "number", "of"], ["mean", "number", "of"]))
               for i, t in enumerate(toks)) or any(
        a.low == "how" and b.low == "long" for a, b in zip(toks, toks[1:]))
    if not asks:
        return None
    for it in plan.select:
        if it.agg not in ("avg", "sum", "median", "max", "min") or it.column is None or it.since:
            continue
        col = index.column(it.table or plan.root or "", it.column)
        if col is None or col.kind != "num" or col.expr:
            continue
        unit = column_unit(col)
        if (unit and UNITS[unit][0] == "time") or set(words_of(col)) & DURATION_WORDS:
            continue
        return col.name
    return None


def aggregate_for_an_entity(toks: list[Token], plan: Plan) -> str | None:
    """'Who is the youngest teacher?', 'Where is ... from?' read as MIN(age): the question asks for a
    person, place or thing and the reading returns only a number."""
    if not toks or toks[0].low not in ("who", "where", "whom") or plan.group or plan.other is not None:
        return None
    if plan.select and all(it.agg for it in plan.select):
        return toks[0].low
    return None


TIME_UNITS = frozenset("day days week weeks month months quarter quarters year years hour hours minute minutes".split())
RANK_WORDS = frozenset("most highest largest biggest least fewest lowest smallest top bottom best worst".split())
# nouns of an amount of money (the verbs 'spent', 'paid' also say who pays, not only how much)
MEASURE_NOUNS = (MONEY_WORDS - {"total", "value", "spend", "spent", "paid", "pay", "payment"}) | {"revenue", "sales"}
# 'order value', 'total value': a money noun after a noun or 'total' ('the value of' is judged by the 'of' rule)
VALUE_AFTER = frozenset({"total", "order", "orders", "sales", "invoice", "invoiced", "lifetime", "average", "mean"})


def _placed(ments: list[Mention], kinds: tuple[str, ...] = ("table", "column", "value", "number")) -> set[int]:
    return {k for m in ments if m.kind in kinds for k in range(m.start, m.end)}


def _items(plan: Plan) -> list[Item]:
    """Every selected, grouped and ordered expression of a reading, sub-plans included."""
    out = list(plan.select) + list(plan.group) + [o[0] for o in plan.order]
    out += [it.per for it in out if it.per is not None]
    for c in _conditions(plan):
        if c.sub is not None:
            out += _items(c.sub)
    return out + (_items(plan.other) if plan.other is not None else [])


def _literals(plan: Plan) -> set[str]:
    out = {str(v).lower() for c in _conditions(plan) for v in (c.value, c.value2) if v is not None}
    if plan.change is not None:
        out |= {plan.change.current.start, plan.change.current.end, plan.change.previous.start,
                plan.change.previous.end}
    return out


def _limits(plan: Plan) -> set[int]:
    out = {plan.limit} if plan.limit is not None else set()
    for c in _conditions(plan):
        if c.sub is not None:
            out |= _limits(c.sub)
    return out | (_limits(plan.other) if plan.other is not None else set())


def unused_number(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'top 5 countries' read with no limit, 'more than 3 orders' read without the 3: a number the question
    gives that the reading never uses answers another question ('last 3 months' is a period, not a number)."""
    in_names = _placed(ments, ("table", "column"))
    literals, limits = _literals(plan), _limits(plan)
    for i, t in enumerate(toks):
        if t.number is None or t.quoted or not t.text[:1].isdigit() or i in in_names:
            continue
        if i + 1 < len(toks) and toks[i + 1].low in TIME_UNITS:
            continue
        if i + 1 < len(toks) and _in_unit_used(t.number, toks[i + 1].low, literals):
            continue  # '500 km' read as distance_m > 500000 (units.py converted it)
        if encoding_note([x.low for x in toks], i + 1):
            continue  # '0 stands for no' explains a stored code
        if "-" in t.pre or "/" in t.pre or (i > 0 and toks[i - 1].low in MONTHS) or (
                i + 1 < len(toks) and toks[i + 1].low in MONTHS):
            continue  # a part of a date ('1996-03-31', 'March 31'): the period bounds carry it
        n = t.number
        forms = {str(n), f"{n:g}"} | ({str(int(n))} if n == int(n) else set())
        if n in limits or forms & literals:
            continue
        if any(f in v for v in literals for f in forms if len(f) >= 2):  # a year inside a date bound
            continue
        if n == int(n) and 1000 <= n < 2200 and f"{int(n) + 1:04d}-01-01" in literals:
            continue  # 'after 1990' on a date: from the first day of 1991
        try:
            if any(abs(float(v) - n) < 1e-9 or abs(float(v) * 100 - n) < 1e-6 for v in literals):
                continue
        except ValueError:
            pass
        if any(_is_number(v) and abs(float(v) - n) < 1e-9 for v in literals):
            continue
        return t.text
    return None


def _in_unit_used(n: float, unit: str, literals: set[str]) -> bool:
    """Whether 'N <unit>' (a distance or weight units.py knows: km, kg, miles) reached the reading as a literal in
    any unit of its dimension (500 km as 500, 500000 metres or 0.5 thousand km are the same amount)."""
    from .units import NAME_ONLY, SPELLINGS, UNITS

    said = SPELLINGS.get(unit) if unit not in NAME_ONLY else None
    if said is None:
        return False
    dim, size = UNITS[said]
    wanted = {n * size / other for d, other in UNITS.values() if d == dim}
    return any(_is_number(v) and any(abs(float(v) - w) <= 1e-6 * max(1.0, abs(w)) for w in wanted) for v in literals)


def _is_number(v: str) -> bool:
    try:
        float(v)
    except ValueError:
        return False
    return True


def dropped_grain(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> str | None:
    """'revenue per month' read as one grand total: a time grain the question asks for ('per month',
    'yearly') with no date bucket, and no grouping by a column of that name, in the reading."""
    in_names = _placed(ments, ("table", "column"))
    # 'monthly dues' matched as the stored kind 'Monthly Dues': the word is part of a value the reading filters on
    literals = " ".join(_literals(plan))
    in_values = {k for m in ments if m.kind == "value" and m.end - m.start > 1 and m.text.lower() in literals
                 for k in range(m.start, m.end)}
    for i, t in enumerate(toks):
        grain = GRAINS.get(t.low)
        if grain is None or i in in_names or i in in_values:
            continue
        # 'which year had the most sign-ups' asks for years as much as 'per year' does
        per = i > 0 and toks[i - 1].low in ("per", "by", "each", "every", "which", "what")
        if not per and t.low in ("year", "month", "quarter", "week", "day"):
            continue  # 'last year', 'this month': a period, not a grain
        items = _items(plan)
        if any(it.bucket for it in items) or plan.change is not None:
            return None
        for it in items:
            col = index.column(it.table or plan.root or "", it.column or "")
            if col is not None and grain in col.words:
                return None
        return t.low
    return None


def ranks_by_identifier(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'the address with the most students' read as ORDER BY address_id: a superlative ranks by an amount,
    never by an identifier's order."""
    if not plan.order or not any(t.low in RANK_WORDS for t in toks):
        return None
    for it, _ in plan.order:
        if it.agg or it.column is None:
            continue
        col = index.column(it.table or plan.root or "", it.column)
        said = {t.low for t in toks} | {t.lemma for t in toks}
        counted = any(t.low in RANK_WORDS and [x.low for x in toks[i + 1:i + 3]] == ["number", "of"]
                      for i, t in enumerate(toks))  # 'the least number of results' ranks by a count
        if col is not None and col.is_key and (counted or not set(col.words) <= said):  # 'the highest order id'
            return col.name
    return None


def dropped_measure(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> str | None:
    """'top 5 accounts by total amount invoiced' read as a count of rows: the question names an amount
    (a money word nothing placed) and the reading uses no numeric column at all."""
    placed = _placed(ments)
    word = next((t.low for i, t in enumerate(toks) if i not in placed and not t.quoted
                 and ({t.low, t.lemma} & MEASURE_NOUNS or (t.lemma == "value" and i > 0 and toks[i - 1].low in VALUE_AFTER))
                 and not (i + 1 < len(toks) and toks[i + 1].low == "of")), None)
    if word is None:
        return None
    for it in _items(plan):
        col = index.column(it.table or plan.root or "", it.column or "")
        if col is not None and col.kind == "num" and not col.is_key:
            return None
    for c in _conditions(plan):
        col = index.column(c.table or plan.root or "", c.column or "")
        if col is not None and col.kind == "num" and not col.is_key:
            return None
    return word


def dropped_flag(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'How many active customers?' read as every customer: a flag word nothing placed, and a reading
    with no condition at all to carry it."""
    placed = _placed(ments)
    word = next((t.low for i, t in enumerate(toks) if i not in placed and not t.quoted and t.low in FLAG_WORDS), None)
    if word is None or _conditions(plan):
        return None
    return word


FLAG_PREFIXES = frozenset("is has was can flag yn".split())


def unused_flag(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, ColumnInfo] | None:
    """'how many express shipments went to Germany' read without is_express: a word of the question (unplaced, or
    placed on the column itself) is the distinctive word of a yes/no column of a table the reading uses ('express',
    'hazardous', 'preferred'), and the reading neither filters, shows nor groups by that column, so it counts every
    row."""
    placed = _placed(ments)
    at = {k: m for m in ments for k in range(m.start, m.end)}
    used = {(c.table or plan.root, c.column) for c in _conditions(plan)}
    used |= {(it.table or plan.root, it.column) for it in _items(plan)}
    for name in plan.all_tables():
        table = index.table(name)
        for col in table.columns if table is not None else []:
            if col.kind not in ("num", "bool") or col.is_key or (col.table, col.name) in used or not _flag(col):
                continue
            words = [w for w in words_of(col) if w not in FLAG_PREFIXES]
            if not words or len(words[0]) < (4 if is_word(words[0]) else 3):
                continue
            for i, t in enumerate(toks):  # the flag's word, unplaced or placed on this very column
                if t.quoted or not _says_word(words[0], t):
                    continue
                if len(words) > 1 and words[1] in PARTICLES and (i + 1 >= len(toks) or toks[i + 1].low != words[1]):
                    continue  # 'tickets sold' is not is_sold_out: a phrasal verb's flag needs its particle ('sold out')
                if i not in placed or (at[i].kind == "column" and any(c is col for c, _ in at[i].columns)):
                    return (words[0] if words[0] in (t.low, t.lemma) else t.low), col
    return None


def _says_word(name: str, t: Token) -> bool:
    """A column's word says the question's word as written or as its abbreviation ('lcl' local, 'actv' active):
    legacy schemas shorten every name, and a flag is no less asked for when its name is shortened."""
    if name in (t.low, t.lemma):
        return True
    return not is_word(name) and t.low.isalpha() and len(t.low) >= 4 \
        and max(abbreviation_fit(name, t.low), abbreviation_fit(name, t.lemma)) >= CLEAR_FIT


def text_equal_to_number(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'top 5 countries by number of customers' read as country = '5': a number the question gives, matched
    against a text column whose values are not numbers, is a limit or a count the reading lost."""
    said = {f"{t.number:g}" for t in toks if t.number is not None and not t.quoted}
    for c in _conditions(plan):
        if c.op not in ("=", "!=", "<>") or c.agg or c.sub is not None or c.ref_column or c.column is None:
            continue
        col = index.column(c.table or plan.root or "", c.column)
        if col is None or col.kind != "text" or _numeric_text(col) or not _is_number(str(c.value)):
            continue
        if f"{float(c.value):g}" in said:
            return col.name
    return None


COMPARE_WORDS = frozenset("above below over under more less higher lower greater smaller than exceeds exceed".split())


def dropped_average_comparison(toks: list[Token], plan: Plan) -> str | None:
    """'products priced above the average' read as every product: the question compares with an average and
    the reading has no comparison with any aggregate (no subquery, no HAVING) to carry it."""
    for i, t in enumerate(toks):
        if t.low not in ("average", "mean") or not any(x.low in COMPARE_WORDS for x in toks[max(0, i - 3):i]):
            continue
        if any(c.sub is not None or c.agg for c in _conditions(plan)) or plan.having:
            return None
        return " ".join(x.text for x in toks[max(0, i - 3):i + 1])
    return None


def aggregate_for_a_thing(toks: list[Token], plan: Plan) -> str | None:
    """'Which product is the most expensive?' read as MAX(price): 'which' asks for things, and a reading
    that returns only aggregates, with no grouping, names none of them."""
    if not toks or toks[0].low != "which" or plan.group or plan.other is not None or plan.change is not None:
        return None
    if plan.select and all(it.agg for it in plan.select):
        return "which"
    return None


REVENUE_WORDS = frozenset("revenue revenues sales sale spent spend spending billed invoiced earned income turnover "
                          "takings".split())
SPEND_WORDS = frozenset("spent spend spending".split())
FIRST_PERSON = frozenset("we our us".split())
COST_WORDS = frozenset("freight cost costs tax taxes fee fees shipping salary salaries wage wages discount budget "
                       "commission".split())


def _strictly_names(t: object, noun: Token) -> bool:
    """The table's own words say the noun ('shipments' for shipments; not the stem-alike 'shippers'), spelled out
    or as a clear abbreviation of it ('invcs' for invoices: the consonants or the start of the word)."""
    from .abbrev import abbreviation_fit, is_word, says

    words = tuple(set(getattr(t, "words", ())) | set(getattr(t, "key_words", ())))
    said = {noun.low, noun.lemma, singular(noun.low)}
    # a token that is no English word and starts the noun ('loc' for locations) shortens it; only a real word that
    # merely shares a stem ('shippers' for shipments) is another thing
    # or the table's one-word name is the noun's synonym in the general lexicon ('staff' for employees,
    # 'locations' for restaurants): a deliberate name for the same things, not a loose neighbour
    own = tuple(getattr(t, "words", ()))
    if any(s == w + "ship" for w in own for s in said):
        return True  # 'memberships' of a member table: a member's row is the membership itself
    return any(says(words, s) for s in said) or any(
        not is_word(w) and abbreviation_fit(w, s) >= 0.7 for w in words for s in said) or (
        len(own) == 1 and any(own[0] in SYNONYMS.get(s, ()) for s in said))


PART_HEADS = frozenset("line item detail entry".split())  # the rows of a compound that are parts of another thing


def _names_modifier_only(t: object, noun: Token) -> bool:
    """'orders' against OrderLines: the noun is the modifier of a compound name whose head is another thing (an
    order line is not an order), so counting that table's rows counts lines, not orders."""
    words = tuple(getattr(t, "words", ()))
    forms = {noun.low, noun.lemma, singular(noun.low)}
    return (len(words) >= 2 and singular(words[-1]) in PART_HEADS and singular(words[-1]) not in forms
            and any(singular(w) in forms for w in words[:-1]))


def counts_another_table(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> str | None:
    """'how many shipments ...' read as a count of shippers: the question counts one thing and the reading counts
    rows of tables none of which the noun names or strongly links to (a loose link took the noun to a neighbour),
    so it answers another question."""
    from .fit import counted_subject

    head = counted_subject(toks)
    if head is None or plan.other is not None:
        return None
    counts = [it for it in plan.select if it.agg == "count"]
    if not counts or any(it.column is not None and (col := index.column(it.table or plan.root or "", it.column))
                         is not None and not col.is_key for it in counts):
        return None  # counting a column's values is judged by counts_values_not_things
    noun = toks[head]
    at = next((m for m in ments if m.start <= head < m.end), None)
    if at is None or at.kind not in ("table", "column"):
        return None  # nothing placed the noun (the unplaced-word signals judge it), or a value filters
    counted = index.table(counts[0].table or plan.root or "")
    if counted is not None and _names_modifier_only(counted, noun):
        return f"{noun.low}|{' '.join(counted.words)}"
    tables = [index.table(t) for t in plan.all_tables()]
    if any(t is not None and _strictly_names(t, noun) for t in tables):
        return None
    names = {t.name for t in tables if t is not None}
    if at.kind == "table" and any(t.name in names and sc >= 0.95 for t, sc in at.tables):
        return None
    if at.kind == "column" and any(c.table in names for c, _ in at.columns):
        return None
    counted = index.table(counts[0].table or plan.root or "")
    return f"{noun.low}|{' '.join(counted.words) if counted is not None else 'rows'}"


def counts_unnamed_table(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'How many people work in Seattle?' read as a count of locations: the noun the question counts matched
    nothing, and the table the reading counts is named by no word of the question (only a value led to it), so the
    reading counts the place, not the things in it. Returns the counted noun and the counted table."""
    found = counted_noun(toks, ments)
    if found is None or plan.other is not None or plan.group:
        return None
    head = next(k for k in range(found[0], len(toks)) if toks[k] is found[1])
    if any(m.start <= head < m.end for m in ments):
        return None  # placed: counts_another_table judges where it led
    counts = [it for it in plan.select if it.agg == "count"]
    if not counts:
        return None
    table = index.table(counts[0].table or plan.root or "")
    if table is None:
        return None
    named = {t.name for m in ments if m.kind == "table" for t, _ in m.tables[:1]}
    named |= {c.table for m in ments if m.kind == "column" for c, _ in m.columns[:1]}
    said = {t.low for t in toks} | {t.lemma for t in toks} | {singular(t.low) for t in toks}
    if table.name in named or set(table.words) & said or set(table.key_words) & said:
        return None
    if any(_abbreviates(w, toks[head].low) for w in table.words) or _spelled_alike(toks[head], table):
        return None  # 'orders' for a table called 'ords': the noun names it in short
    from .business import PEOPLE_WORDS, _is_first_name

    if toks[head].lemma in PEOPLE_WORDS and any(_is_first_name(c) for c in table.columns):
        return None  # 'people' are the rows of a table of people (one with a given-name column)
    return toks[head].low, table.name


def counts_rows_named_as_noun(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'How many customers do we have?' read as the count of stock locations whose name is 'Customers': the noun the
    question counts is only a stored name of some other table's row, and the reading counts the rows so named (one
    location), not the things the noun means. Returns the noun and the counted table."""
    cues = [i + 2 for i in range(len(toks) - 2) if (toks[i].low, toks[i + 1].low) in COUNT_CUES]
    counts = [it for it in plan.select if it.agg == "count" and it.column is None]
    if not cues or not counts or plan.group or plan.other is not None:
        return None
    for m in ments:
        if m.kind != "value" or m.start not in cues or m.end != m.start + 1 or m.quoted or toks[m.start].text[:1].isupper():
            continue
        if any(o.kind in ("table", "column") and o.start == m.end for o in ments):
            continue  # 'how many premium plans': the value qualifies the noun after it
        table = index.table(counts[0].table or plan.root or "")
        label = table.name_column() if table is not None else None
        if table is not None and label is not None and any(
                c.table == table.name and c.column == label.name and c.op == "=" for g in plan.where for c in g):
            return m.text, _noun(index, table.name)
    return None


# party roles an ERP keeps as a rank, count or flag on one shared table of partners, said in the other word
ROLE_WORDS = (frozenset(("vendor", "supplier")), frozenset(("customer", "client")))
SUBSET_MEASURES = frozenset("rank count score level".split())


def subset_column(index: SchemaIndex, noun: str) -> ColumnInfo | None:
    """The column that marks which rows are the noun's things when no table is named for them: a rank or count
    (customer_rank, supplier_count: above 0 means the row is one) or a yes/no flag (is_company, customer) of a
    table that keeps several kinds of party in one place. None unless exactly one column fits."""
    word = singular(noun.lower())
    words = {word}.union(*(r for r in ROLE_WORDS if word in r))
    found: list[ColumnInfo] = []
    for t in index.tables:
        for c in t.columns:
            w = tuple(x.lower() for x in c.words)
            if c.is_key or not w:
                continue
            ranked = len(w) == 2 and w[0] in words and w[1] in SUBSET_MEASURES and c.kind == "num"
            flagged = (w[-1] in words and (len(w) == 1 or (len(w) == 2 and w[0] in ("is", "has")))
                       and (c.kind == "bool" or _flag(c)))
            if ranked or flagged:
                found.append(c)
    return found[0] if len(found) == 1 else None


def _ask_counts_rows_named_as_noun(rd: Reading, found: tuple[str, str]) -> Doubt:
    """Names the column that most likely marks the noun's rows, so the user can pick it in one click."""
    noun, counted = found
    text = (f"'{noun}' is only the name of a row of {counted} here, so my only reading would count the {counted} "
            f"named '{noun}', not the {noun} themselves.")
    col = subset_column(rd.index, noun)
    if col is None:
        return Doubt(f"{text} Which table holds the {noun}?")
    rows, name = _noun(rd.index, col.table), " ".join(col.words)
    cond = f"whose {name} is above 0" if col.kind == "num" and not _flag(col) else f"where {name} is set"
    return Doubt(f"{text} Do you mean the {rows} {cond}?", [f"How many {rows} are there {cond}?"])


def _abbreviates(short: str, word: str) -> bool:
    """'ords' for 'orders', 'emps' for 'employees', 'cust' for 'customers': the short form's letters appear in the
    word in order, starting with its first letter (how warehouses shorten names)."""
    if len(short) < 2 or not word or short[0] != word[0] or len(short) > len(word):
        return False
    it = iter(word)
    return all(ch in it for ch in short)


def groups_by_own_key(plan: Plan, index: SchemaIndex) -> str | None:
    """'average satisfaction per ticket category' read as AVG(csat) GROUP BY ticket_id: grouping one table by its
    own primary key makes every group a single row, so each 'total' is just that row's value."""
    if plan.other is not None or not plan.group or len(plan.all_tables()) != 1 or not any(it.agg for it in plan.select):
        return None
    for it in plan.group:
        col = index.column(it.table or plan.root or "", it.column or "")
        if col is not None and col.is_pk and not it.bucket:
            return col.name
    return None


GROUP_CUES = frozenset("per each every by for".split())


def counts_rows_per_own_name(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'How many members cancelled their membership in 2025?' read as a count per member name: counting a table's
    rows per its own name columns, when no word of the question asks for groups, counts each row once (a list
    of ones), not the number asked for."""
    if plan.other is not None or not plan.group or len(plan.all_tables()) != 1 or {t.low for t in toks} & GROUP_CUES:
        return None
    if not any(it.agg == "count" for it in plan.select):
        return None
    t = index.table(plan.root or "")
    label = t.name_column() if t is not None else None
    if t is None or label is None:
        return None
    names = {label.name.lower()} | {c.name.lower() for c in t.columns if c.words and c.words[-1] == "name" and not c.is_key}
    if all(not it.bucket and (it.column or "").lower() in names for it in plan.group):
        return plan.group[0].column
    return None


def revenue_as_cost(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> str | None:
    """'total revenue by category' read as SUM(freight): the question asks for money coming in and the reading adds
    up a cost (freight, tax, fees, salaries) that no word of the question names."""
    said = {t.low for t in toks} | {t.lemma for t in toks}
    incoming = said & REVENUE_WORDS
    if said & FIRST_PERSON:
        incoming -= SPEND_WORDS  # 'how much did we spend': our spending is money going out
    if not incoming:
        return None
    for it in _items(plan):
        if it.agg not in ("sum", "avg", "median", "share") or it.column is None:
            continue
        col = index.column(it.table or plan.root or "", it.column)
        if col is None or col.expr:
            continue
        words = set(col.words)
        if words & COST_WORDS and not words & said:
            return col.name
    return None


def identifier_as_amount(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'more than 10 employees' read as employee_id > 10, 'signed up in 2024' as account_id = 2024: an identifier
    only names rows, so comparing it with a number the question gives (a count, a year) is a lost reading."""
    numbers = {t.number for t in toks if t.number is not None}
    for c in _conditions(plan):
        if c.column is None or c.agg or c.sub is not None or c.ref_column or not _is_number(str(c.value)):
            continue
        col = index.column(c.table or plan.root or "", c.column)
        if col is None or not col.is_key or float(c.value) not in numbers:
            continue
        if c.op in (">", "<", ">=", "<=") or (c.op == "=" and 1900 <= float(c.value) <= 2100):
            return col.name
    return None


def flag_against_number(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'accounts churned in 2024' read as is_churned = 2024: a yes/no column holds 0 and 1, so comparing it with
    another number from the question (a year, a count) matches no row, or every row, and the number meant
    something else (a period with no date column to carry it)."""
    numbers = {t.number for t in toks if t.number is not None and not t.quoted}
    for c in _conditions(plan):
        if c.column is None or c.agg or c.sub is not None or c.ref_column or not _is_number(str(c.value)):
            continue
        v = float(c.value)
        if v in (0.0, 1.0) or v not in numbers:
            continue
        col = index.column(c.table or plan.root or "", c.column)
        if col is not None and col.kind == "num" and _flag(col):
            return col.name
    return None


YEAR_COLUMN_WORDS = frozenset("year years yr yrs fy fiscal calendar number no num".split())
PERIOD_PREPOSITIONS = frozenset("in during since before after until till from between of".split())


def year_on_unnamed_column(toks: list[Token], plan: Plan, index: SchemaIndex) -> tuple[int, ColumnInfo] | None:
    """'payments that failed in 2024' read as amount = 2024, 'maintenance requests in 2025' as year_built = 2025:
    a year the question gives as a period ('in', 'before', 'since' 2024) compared with a column that holds no
    dates and whose own words the question never says (not a plain 'year' column) dates the rows by something
    the question does not ask about. Every own word must be said ('deals closed in 2025' is no closeprobability)."""
    years = {int(t.number) for i, t in enumerate(toks) if t.number is not None and not t.quoted
             and t.number == int(t.number) and 1900 <= t.number <= 2100
             and i > 0 and toks[i - 1].low in PERIOD_PREPOSITIONS}
    if not years:
        return None
    said = {stem(w) for t in toks for w in (t.low, t.lemma)}
    said |= {stem(s) for t in toks for w in (t.low, t.lemma) for s in SYNONYMS.get(w, ())}  # 'born' says birth
    for c in _conditions(plan):
        if c.column is None or c.agg or c.sub is not None or c.ref_column or not _is_number(str(c.value)):
            continue
        if float(c.value) not in years:
            continue
        col = index.column(c.table or plan.root or "", c.column)
        if col is None or holds_dates(col) or col.is_key or _flag(col):
            continue
        own = [w for w in col.words if w not in YEAR_COLUMN_WORDS and w not in STOPWORDS]
        if own and not all(stem(w) in said for w in own) and not any(stem(w) in said for w in col.synonyms) \
                and not _only_year_of_root(col, plan, index):
            return int(float(c.value)), col
    return None


def _only_year_of_root(col: ColumnInfo, plan: Plan, index: SchemaIndex) -> bool:
    """'How many handovers happened in 2022?' on handover.shift_year: a column called a year of the very rows
    the question is about, and their only year or date, dates those rows whatever its other words say."""
    root = index.table(plan.root or "")
    if root is None or col.table != root.name or "year" not in col.words:
        return False
    return not any(c is not col and not c.is_key and ("year" in c.words or holds_dates(c)) for c in root.columns)


ASKED_PAIR = re.compile(r"^(?:what are|what is|what were|show|list|give|display|find|get|return|tell)(?: me| us)?"
                        r"(?: the| all| each| every)? (\w+)(?: \w+)? and (?:the |their |its |his |her )?(\w+)")


def shows_less_than_asked(toks: list[Token], plan: Plan) -> str | None:
    """'What are the first and last names of instructors ...' answered with the last name only, 'Show the names of
    the clubs ... and their square footage' with the names only: the question asks to see two things (two words
    joined by 'and' right after the asking words, or 'and their ...'), but the reading shows one column and
    groups by nothing, so half of what was asked is missing."""
    if len(plan.select) != 1 or plan.group or plan.setop:
        return None
    words = [t.low for t in toks if t.low.isalnum()]
    text = " ".join(words)
    m = ASKED_PAIR.match(text)
    if m is not None and m.group(1) not in STOPWORDS and m.group(2) not in STOPWORDS:
        return text[m.start(1):m.end()]
    if words and words[0] in ("what", "show", "list", "give", "display", "find", "get", "return", "tell"):
        for i in range(len(words) - 2):
            if words[i] == "and" and words[i + 1] == "their" and words[i + 2] not in STOPWORDS:
                return f"and their {words[i + 2]}"
    return None


def pairs_through_parent(ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str, str] | None:
    """'Which instructors are no longer active?' read through instructors -> clubs <- members (a member's status),
    'quiz attempts that failed' through attempts -> users <- purchases: up to a parent the question never names
    and down to another of its children pairs two unrelated facts by their parent (the chasm trap), so a
    condition or count on the second child says nothing about the rows asked about. A link table is no second
    child (its rows are the parent's pairs), and a parent the question names or is about is meant."""
    from .sqlgen import join_plan

    if plan.roles:
        return None
    try:
        _order, edges = join_plan(plan, index)
    except Exception:  # noqa: BLE001 - a plan that does not join is judged when it runs
        return None
    named = {t.name.lower() for m in ments if m.kind == "table" for t, _ in m.tables[:1]}
    children: dict[str, list[str]] = {}
    for e in edges:
        one_l, one_r = _unique(index, e.left, e.left_col), _unique(index, e.right, e.right_col)
        if one_r and not one_l:
            children.setdefault(e.right, []).append(e.left)
        elif one_l and not one_r:
            children.setdefault(e.left, []).append(e.right)
    for parent, kids in children.items():
        if parent.lower() in named or parent == plan.root:
            continue
        kids = list(dict.fromkeys(k for k in kids if k != parent and not _bridge(index, k)))
        if len(kids) >= 2:
            return kids[0], parent, kids[1]
    return None


YES_NO_OPENERS = frozenset("is are was were does do did has have had can will".split())
YES_NO_VALUES = frozenset("y n yes no true false t f 0 1 -1".split())


def shows_only_flag(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'How many renewals did we have?' read as SELECT is_renewal, 'Which events sold out?' as SELECT DISTINCT
    is_sold_out: every column the reading shows is a yes/no column, so the answer is a list of yeses and noes
    where the question counts or names the rows that are marked. A question that asks yes or no ('Is the
    Boston venue accessible?') is answered by the flag itself."""
    if plan.other is not None or plan.group or not plan.select or any(it.agg or it.column is None for it in plan.select):
        return None
    if toks and toks[0].low in YES_NO_OPENERS:
        return None
    cols = [index.column(it.table or plan.root or "", it.column or "") for it in plan.select]
    if all(c is not None and _flag(c) and (c.kind != "text" or {v.lower() for v in c.samples} <= YES_NO_VALUES)
           for c in cols):
        return str(plan.select[0].column)
    return None


PERIOD_WORDS = frozenset("last past previous this next current".split())  # 'last year', 'this month'


def period_on_other_named_date(toks: list[Token], ments: list[Mention], plan: Plan,
                               index: SchemaIndex) -> tuple[ColumnInfo, ColumnInfo] | None:
    """'lines cancelled in 2025' bounded by lin_actv_dt while the table has lin_cncl_dt, 'claims reported per
    month' bucketed by loss_dt while it has rpt_dt: the question names another date of the same table (by a word,
    an event verb or a warehouse abbreviation of its own words) than the one the reading dates the rows by, which
    no word names. Returns the column used and the one named."""
    bounded = [index.column(c.table or plan.root or "", c.column) for c in _conditions(plan)
               if c.column and c.sub is None and not c.agg and not c.ref_column and c.value is not None
               and c.op in (">", ">=", "<", "<=", "between", "=")]
    bucketed = [index.column(it.table or plan.root or "", it.column or "") for it in _items(plan) if it.bucket]
    # words that name a table name no date of it ('customers' is no abbreviation of cust_since)
    tabled = {k for m in ments if m.kind == "table" for k in range(m.start, m.end)}
    # nor do the words of a period ('last year' names no LastModifiedDate)
    tabled |= {k for k, t in enumerate(toks[:-1]) if t.low in PERIOD_WORDS and toks[k + 1].lemma in GRAINS}
    free = [t for i, t in enumerate(toks) if not t.quoted and i not in tabled]
    said = [t.low for t in free if t.low.isalpha() and len(t.low) >= 4 and t.low not in STOPWORDS]
    stems = {stem(w) for t in free for w in (t.low, t.lemma)}

    def says(words: list[str]) -> bool:  # a word of the column, its stem, or its warehouse abbreviation
        return any(stem(w) in stems or any(_abbreviates(w, s) for s in said) for w in words)

    for col in {c.key: c for c in bounded + bucketed if c is not None}.values():
        if not holds_dates(col) or _names_date(col, toks, ments):
            continue
        own = [w for w in col.words if w not in _DATE_FILLER and len(w) >= 3]
        table = index.table(col.table)
        others = [o for o in (table.columns if table else ()) if o is not col and holds_dates(o)]
        if says([w for w in own if all(w not in o.words for o in others)]):
            continue  # the reading's own date is named by a word only it has
        for other in others:
            words = [w for w in other.words if w not in col.words and w not in _DATE_FILLER and len(w) >= 3]
            if words and says(words):
                return col, other
    return None


TOTAL_CUES = frozenset("total sum much".split())


def counted_for_total(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'total expenses by category', 'How much did each office invoice?' read as the number of rows: the question
    asks for a total or how much and no word asks for a count, the reading only counts rows, and the counted
    table holds an amount (a numeric column that is no key or flag) it could add up instead."""
    lows = [t.low for t in toks]
    cue = next((w for i, w in enumerate(lows) if w in TOTAL_CUES and (w != "much" or (i > 0 and lows[i - 1] == "how"))),
               None)
    if cue is None or any(w in COUNT_WORDS for w in lows):
        return None
    aggs = [it for it in plan.select if it.agg]
    if not aggs or any(it.agg != "count" for it in aggs) or plan.other is not None:
        return None
    table = index.table(aggs[0].table or plan.root or "")
    if table is None or not any(c.kind == "num" and not c.is_key and not c.fk and not _flag(c) for c in table.columns):
        return None
    return "how much" if cue == "much" else cue


def dropped_date_comparison(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> str | None:
    """'invoices paid after their due date' read with no comparison of two dates: 'after' or 'before' followed by
    a date column of the reading's tables ('their due date') asks to compare each row's dates, and a reading with
    no condition between two columns compares nothing."""
    if any(c.ref_column for c in _conditions(plan)):
        return None
    dated = {c.key for t in plan.all_tables() if index.table(t) is not None
             for c in index.table(t).columns  # type: ignore[union-attr]
             if holds_dates(c) or c.words[-1:] in (("date",), ("dt",), ("at",), ("on",))}  # epoch seconds too
    for i, t in enumerate(toks[:-1]):
        if t.low not in ("after", "before", "past", "beyond"):
            continue
        k = i + 1
        while k < len(toks) and toks[k].low in ("their", "its", "the", "his", "her"):
            k += 1
        if k == i + 1 and t.low in ("after", "before"):
            continue  # 'after 2020', 'before March': a period, not another column
        for m in ments:
            if m.start == k and m.kind == "column" and m.columns and m.columns[0][0].key in dated:
                return f"{t.low} {m.text}"
    return None


def aggregates_text(plan: Plan, index: SchemaIndex) -> str | None:
    """'average rental rate by rating' read as AVG(rating) over a text column: adding up or averaging words is
    not an answer (the amount the question meant was not placed)."""
    for it in _items(plan) + [c for c in _conditions(plan) if c.agg]:  # type: ignore[operator]
        if getattr(it, "agg", None) not in ("sum", "avg", "median") or it.column is None or getattr(it, "since", None):
            continue  # a duration (days between two dates) is an amount
        col = index.column(it.table or plan.root or "", it.column)
        if col is not None and col.kind == "text" and not _numeric_text(col):
            return col.name
    return None


def tied_measure(ments: list[Mention], plan: Plan) -> list[str]:
    """'What does a VIP ticket cost on average?' read as AVG(price_multiplier): the words matched several columns
    equally and only loosely ('ticket cost' ~ price_multiplier, service_fee_usd, amount_paid_usd), so the amount
    the reading adds up or averages was the first of a tie, a guess. The tied column names, or [] when clear."""
    summed = {(it.table or plan.root, it.column) for it in _items(plan) if it.agg in ("sum", "avg", "min", "max", "median")
              and it.column}
    for m in ments:
        if m.kind != "column" or len(m.columns) < 2 or m.columns[0][1] >= 0.7:
            continue
        top, score = m.columns[0]
        if (top.table, top.name) not in summed:
            continue
        tied = [c.name for c, sc in m.columns if sc >= score - 1e-9 and c.kind == "num" and not c.is_key]
        if len(tied) > 1:
            return tied
    return []


def tied_across_tables(ments: list[Mention], plan: Plan, toks: list[Token] | None = None,
                       index: SchemaIndex | None = None) -> list[str]:
    """'the most common reason card payments fail' grouped by disputes.reason: 'reason' names a column of disputes
    and of refunds equally well, the question names neither table, and the reading joined one of them in: which
    thing's reason is meant was a guess. The tied columns (table.column), or [] when the words decide."""
    grouped = {(it.table or plan.root, it.column) for it in list(plan.group) + _items(plan) if it.column and not it.agg}
    said = {x.tables[0][0].name for x in ments if x.kind == "table" and x.tables}
    # A table is named too when its word sits inside a column mention ("all makers" links the column Maker and the
    # table car_makers; "each owner's first name" links Owners.first_name alone through the word 'owner').
    said |= {x.tables[0][0].name for x in ments if x.kind == "column" and x.tables and x.tables[0][1] >= 0.8}
    said |= {x.columns[0][0].table for x in ments if x.kind == "column" and len(x.columns) >= 1
             and (len(x.columns) == 1 or x.columns[1][1] < x.columns[0][1] - 1e-9)
             and len(x.text.split()) > len(x.columns[0][0].words)}
    for m in ments:
        if m.kind != "column" or len(m.columns) < 2:
            continue
        top, score = m.columns[0]
        if (top.table, top.name) not in grouped or top.table in said or top.is_key or top.kind != "text":
            continue  # (a key names its rows' relation, not a thing's label: 'who manages the Sales department')
        tied = [c for c, sc in m.columns if sc >= score - 1e-9 and not c.is_key and c.kind == "text"]
        if toks is not None and index is not None:
            # 'who owns the youngest dog? ... last name': the verb says the owners (owns ~ owner), not the vets
            inside = {k for x in ments for k in range(x.start, x.end)}  # (a word of a mention says its own thing)
            stems = {stem(t.low) for k, t in enumerate(toks) if len(t.low) >= 4 and k not in inside}
            named = {c.table for c in tied if index.table(c.table) is not None
                     and stems & {stem(w) for w in index.table(c.table).key_words}}  # type: ignore[union-attr]
            if named == {top.table}:  # (only when the reading used that table's column)
                said = said | named
        # 'the towns that had both a house fire and a road accident': the question's values are placed in one
        # of the tied tables only (incident.incident_type), and the reading's conditions are on that table, so
        # the town is the incident's
        valued = {c.table for x in ments if x.kind == "value" for c in x.value_columns[:1]}
        kept = {c.table for c in _conditions(plan) if c.sub is None and isinstance(c.value, str)}
        if valued & {c.table for c in tied} == {top.table} and kept == {top.table}:
            said = said | {top.table}
        if len({c.table for c in tied}) > 1 and not {c.table for c in tied} & said:
            return [f"{c.table}.{c.name}" for c in tied]
    return []


CALENDAR_PARTS = frozenset("year yr quarter qtr".split())  # a month, day or hour count may be a duration


def sums_calendar_part(plan: Plan, index: SchemaIndex) -> str | None:
    """'how much did customers pay in 2025' read as HAVING SUM(year) = 2025: a year, month or quarter number
    added up is no amount (the year the question gave was a period, not a total)."""
    items: list[Item | Cond] = [*_items(plan), *(c for c in _conditions(plan) if c.agg)]
    return next((col.name for col in _summed(items, plan, index)
                 if col.words and (col.words[-1] in CALENDAR_PARTS or col.words == ("month",))), None)


def _summed(items: list[Item] | list[Item | Cond], plan: Plan, index: SchemaIndex) -> list[ColumnInfo]:
    """The stored columns (no documented expressions) the given items or conditions add up with SUM."""
    out = []
    for it in items:
        if it.agg != "sum" or it.column is None:
            continue
        col = index.column(it.table or plan.root or "", it.column)
        if col is not None and not col.expr:
            out.append(col)
    return out


def echoes_filter(plan: Plan) -> str | None:
    """'Which films are rated PG-13?' read as SELECT rating WHERE rating = 'PG-13': every column the reading shows
    is pinned to a value the question gave, so the answer only repeats the question (the things asked for, or the
    column asked about, were not placed)."""
    if plan.other is not None or plan.group or not plan.select or any(it.agg or it.column is None for it in plan.select):
        return None
    pinned = {(c.table or plan.root, c.column) for c in _ands(plan) if c.op in ("=", "like") and c.value is not None
              and not c.ref_column}
    for g in plan.where:  # 'houses or apartments': an OR of values of one column pins it too
        if len(g) > 1 and len({(c.table or plan.root, c.column) for c in g}) == 1 and all(c.op == "=" for c in g):
            pinned.add((g[0].table or plan.root, g[0].column))
    if all((it.table or plan.root, it.column) in pinned for it in plan.select):
        return str(plan.select[0].column)
    return None


def ungrouped_by(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'total revenue by store', 'accounts by country' where nothing placed 'store' or 'country': the question asks
    for a breakdown and the reading, with no grouping, ordering or limit, answers one total or a plain list."""
    from .business import SORT_VERBS, _participle

    if plan.group or plan.order or plan.limit is not None or plan.setop or plan.change is not None:
        return None
    placed = _placed(ments)
    for i, t in enumerate(toks[:-1]):
        if t.quoted or i in placed:
            continue
        k = i + 1
        if t.low == "for" and toks[k].low in ("each", "every"):
            k += 1
        elif t.low == "by" and i > 0 and (toks[i - 1].low in SORT_VERBS or _participle(toks[i - 1].low)):
            continue  # 'sorted by', 'owned by': an order or an agent, not a breakdown
        elif t.low not in ("by", "per"):
            continue
        while k < len(toks) and toks[k].low in ("the", "a", "each", "every"):
            k += 1
        if k >= len(toks) or k in placed or toks[k].quoted or not toks[k].low.isalpha() or toks[k].low in TIME_UNITS \
                or toks[k].low in STOPWORDS or toks[k].text[:1].isupper():
            continue
        return " ".join(x.text for x in toks[i:k + 1])
    return None


def grouped_by_modifier(toks: list[Token], ments: list[Mention], plan: Plan,
                        index: SchemaIndex | None = None) -> tuple[str, str, str] | None:
    """'average rating per product category' grouped by the product's name: the noun that heads the breakdown
    ('category') matched a table the reading never touches, so the reading breaks down by its modifier, something
    else. Returns the breakdown as said, its head noun and the table (or column's table) the head matched."""
    if not plan.group or plan.other is not None:
        return None
    used = {t.lower() for t in plan.all_tables()}
    for g in plan.group:  # grouping by a key that references a table groups by that table's rows ('per account')
        col = index.table(g.table).col(g.column) if index is not None and g.table and g.column and index.table(g.table) else None
        if col is not None and col.fk:
            used.add(col.fk[0].lower())
        elif col is not None and index is not None:  # a flat row's own copy of a lookup's key ('Job Log'.'Region')
            used |= {x.name.lower() for x in index.tables if (pk := x.pk()) is not None and pk.name.lower() == col.name.lower()
                     and x.name != col.table and set(x.key_words) <= set(col.words)}
    for i, t in enumerate(toks[:-1]):
        if t.quoted or t.low not in ("by", "per", "each", "every"):
            continue
        if t.low == "by" and i > 0 and toks[i - 1].low.endswith(("ed", "ted")):
            continue  # 'sorted by', 'owned by': an order or an agent
        run: list[int] = []
        k = i + 1
        while k < len(toks) and toks[k].low.isalpha() and not toks[k].quoted and not toks[k].sentence_break \
                and toks[k].low not in STOPWORDS | FILLER and toks[k].low not in TIME_UNITS and toks[k].low not in GRAINS \
                and toks[k].low not in MONTHS and not toks[k].text[:1].isupper():
            run.append(k)
            k += 1
            if toks[k - 1].clause_break:
                break
        if len(run) > 1 and any(toks[j].low in ("do", "does", "did") for j in range(i)) \
                and "VERB" in getAllLemmas(toks[run[-1]].low):
            run.pop()  # 'how many orders did each customer place': the question's verb ends it, not a noun
        if not run:
            continue
        head = toks[run[-1]]
        at = next((m for m in ments if m.start <= run[-1] < m.end), None)
        if at is None or at.kind not in ("table", "column"):
            continue  # matched nothing (ungrouped_by and the confidence score judge that) or a value
        if at.kind == "table":  # a table the reading never touches ('category' above)
            top = at.tables[0][1] if at.tables else 0.0
            if not at.tables or any(x.name.lower() in used for x, sc in at.tables if sc >= top - 0.05):
                continue
            return " ".join(toks[j].text for j in run), head.low, at.tables[0][0].name
        if at.kind == "column":
            top = at.columns[0][1] if at.columns else 0.0
            close = [c for c, sc in at.columns if sc >= top - 0.05]
            grouped = {(g.table.lower(), g.column.lower()) for g in plan.group if g.table and g.column}
            if any((c.table.lower(), c.name.lower()) in grouped for c, _ in at.columns):
                continue  # the reading groups by a column the word matched ('status' -> the policies' own status)
            if close and all(c.fk for c in close):  # 'category' matched prods.cat_id: a key naming the categories
                if any((c.table.lower(), c.name.lower()) in grouped or c.fk[0].lower() in used for c in close):
                    continue
                return " ".join(toks[j].text for j in run), head.low, close[0].fk[0]
            if not close:
                continue
            if any(c.table.lower() in used for c in close):
                if len(run) > 1 and at.start == run[-1] and plan.group and all(
                        g.column and (g.table or "").lower() in used and not g.bucket for g in plan.group):
                    # 'customers by billing currency' grouped by billing_reason: the head noun names a column of the
                    # tables read ('currency') and the reading groups by what its modifier matched instead
                    return " ".join(toks[j].text for j in run), head.low, next(
                        c.table for c in close if c.table.lower() in used)
                continue
            return " ".join(toks[j].text for j in run), head.low, close[0].table
    return None


def verb_as_column(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> str | None:
    """'the record company shared by most orchestras' read with the column share: a verb form ('shared', 'rated',
    'owning') that reaches a column only by its stem is an action the question describes, not the column's
    value, and a reading that shows or groups by that column answers another question."""
    shown = {(it.table or plan.root, it.column) for it in plan.select + plan.group if it.column and not it.agg}
    for m in ments:
        if m.kind != "column" or not m.columns or m.end - m.start != 1:
            continue
        w = toks[m.start]
        c, sc = m.columns[0]
        if sc >= 0.95 or not w.low.endswith(("ed", "ing")) or w.low in c.words or (c.table, c.name) not in shown:
            continue
        return f"{w.low}|{c.name}"
    return None


def _spelled_alike(noun: Token, table: object) -> bool:
    """'enrollments' and 'enrolments': one word in two spellings (one letter apart), not two different things."""
    from rapidfuzz.distance import Levenshtein

    n = singular(noun.low)
    return any(len(w) >= 5 and Levenshtein.distance(n, singular(w)) <= 1 for w in getattr(table, "words", ()))


def _synonym_names(noun: Token, table: object) -> bool:
    """'employees' for a staff table: a word the business lexicon gives as the noun's synonym names the table."""
    from .lexicon import SYNONYMS

    words = {singular(x) for x in getattr(table, "words", ())}
    return bool(words & {singular(x) for x in SYNONYMS.get(singular(noun.low), ())})


def loose_table(toks: list[Token], ments: list[Mention], plan: Plan) -> tuple[str, str] | None:
    """'the 10 heaviest shipments' read over shippers because both stem to 'ship': a noun of the question reaches
    the table the reading is about only by a shared stem, the table's own words do not say it, so the reading is
    probably about a neighbouring thing (the table the question means is spelled in a way nothing placed)."""
    tables = set(plan.all_tables())
    for m in ments:
        if m.kind != "table" or not m.tables or m.end - m.start != 1:
            continue
        t, sc = m.tables[0]
        w = toks[m.start]
        counted = m.start > 0 and toks[m.start - 1].low in ("per", "each", "every") and w.low.isalpha()
        if not (w.low.endswith("s") and w.lemma != w.low or counted) or not w.low[0].islower():
            continue  # only a plural noun, or one counted ('per shipment'), names things; 'who teach' / 'invoiced'
            # reaching a table is a verb's stem
        if sc >= 0.95 or t.name not in tables or _strictly_names(t, w) or _spelled_alike(w, t) or _synonym_names(w, t):
            continue
        return toks[m.start].low, t.name
    return None


def _unique(index: SchemaIndex, table: str, column: str) -> bool:
    """Whether a join column holds one row per value: the table's single key (a composite key's part repeats)."""
    t = index.table(table)
    if t is None:
        return False
    pks = [c for c in t.columns if c.is_pk]
    key = pks[0] if len(pks) == 1 else (t.pk() if not pks else None)
    return key is not None and key.name.lower() == column.lower()


def _bridge(index: SchemaIndex, table: str) -> bool:
    """A link table (film_category): its key is made of references to other tables only, one row per pair."""
    t = index.table(table)
    pks = [c for c in t.columns if c.is_pk] if t is not None else []
    return len(pks) >= 2 and all(c.fk is not None for c in pks)


def fanned_out_total(ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'revenue by ship mode' read as SUM(orders.total_price) joined to line items: a total of a column of one
    table, joined to a table holding many rows per row of it, counts each value once per matching row (the join
    fans out), so the total is inflated. MetricFlow's rule: measures are never summed across a one-to-many join."""
    from .sqlgen import join_plan

    if plan.other is not None or plan.roles or plan.distinct:
        return None
    try:
        order, edges = join_plan(plan, index)
    except Exception:  # noqa: BLE001 - a plan that does not join is judged when it runs
        return None
    if len(order) < 2:
        return None
    # a link table repeats a row once per pair (one per group when grouped by the other side), and a table the
    # question names is what it counts ('replacement cost of the inventory': each copy): neither inflates
    named = {t.name for m in ments if m.kind == "table" for t, _ in m.tables[:1]}
    # each way: (neighbour, whether stepping there repeats this table's rows, whether it is a one-to-many step,
    # whether it is a many-to-one step)
    adj: dict[str, list[tuple[str, bool, bool, bool]]] = {}
    for e in edges:
        one_l, one_r = _unique(index, e.left, e.left_col), _unique(index, e.right, e.right_col)
        down_r = one_l and not one_r and not _bridge(index, e.right)
        down_l = one_r and not one_l and not _bridge(index, e.left)
        adj.setdefault(e.left, []).append((e.right, down_r and e.right not in named, down_r, one_r and not one_l))
        adj.setdefault(e.right, []).append((e.left, down_l and e.left not in named, down_l, one_l and not one_r))

    def fans(table: str, to: str | None = None) -> str | None:
        """The first table past a repeating step from ``table`` (on the way to ``to``, or anywhere). Up to a
        shared parent and down to another of its children (reservations -> locations -> checks) repeats rows
        even when the question names that child: the chasm trap, two unrelated facts paired by their parent."""
        seen, todo = {table}, [(table, None, False)]
        while todo:
            here, hit, went_up = todo.pop()
            for there, repeats, down, up in adj.get(here, []):
                if there in seen:
                    continue
                got = hit or (there if repeats or (went_up and down) else None)
                if got and (to is None or there == to):
                    return got
                seen.add(there)
                todo.append((there, got, went_up or up))
        return None

    items = list(plan.select) + [o[0] for o in plan.order] + [c for c in plan.having if c.agg]  # type: ignore[list-item]
    for it in items:
        if getattr(it, "agg", None) not in ("sum", "avg", "share") or it.column is None or getattr(it, "per", None):
            continue
        table = it.table or plan.root or ""
        col = index.column(table, it.column)
        owner = index.table(table)
        if col is None or col.is_key or owner is None or not any(c.fk for c in owner.columns):
            continue  # a table that references none is a dimension: its price applies to each row that uses it
        many = fans(table)
        if many is not None:
            return col.name, many
    # 'the 3 most expensive plans' ranked by invoices.amount: listing rows of one table ordered by a column of a
    # table with many rows per row repeats them and ranks by one of many values
    if plan.group or plan.limit is None or any(it.agg for it in plan.select):
        return None
    shown = {it.table or plan.root for it in plan.select if it.column}
    for it, _ in plan.order:
        table = it.table or plan.root or ""
        if it.agg or it.column is None or table in shown:
            continue
        for s in shown:
            many = fans(s or "", table)
            if many is not None:
                return it.column, many
    return None


ID_WORDS = frozenset("id ids identifier identifiers key keys code codes number numbers no num".split())


def only_identifiers(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'employees hired in 2023' answered with employee ids alone: a list of identifiers names nothing a reader
    can act on, and when the question never asks for an id it usually means the table's name column went unseen
    (a name spelled in a way nothing placed, 'CoNm')."""
    if plan.other is not None or not plan.select or {t.low for t in toks} & ID_WORDS:
        return None
    shown = [it for it in plan.select if not it.agg and it.column is not None and not it.bucket]
    if not shown:
        return None
    for it in shown:
        col = index.column(it.table or plan.root or "", it.column or "")
        if col is None or not col.is_key or (col.kind != "num" and not _machine_ids(col)):
            return None
    t = index.table(shown[0].table or plan.root or "")
    if t is None or not any(c.kind == "text" and not c.is_key and (not c.complete or _a_name(c)) for c in t.columns):
        return None  # no free-text column (a name) to show instead: the id is how these rows are named
    ranked_own = plan.order and plan.limit is not None and not plan.group and len(shown) == 1 and all(
        c.is_pk for c in [index.column(shown[0].table or plan.root or "", shown[0].column or "")] if c is not None)
    if ranked_own and not any(c.kind == "text" and not c.is_key and not c.complete and not holds_dates(c) for c in t.columns):
        return None  # 'the 10 biggest claims': ranked rows of a table whose only free text is dates kept as text are
        # named by their own ids
    return str(shown[0].column)


def _a_name(col: ColumnInfo) -> bool:
    """A column named as the rows' name or title, spelled out or abbreviated ('CRS_TTL', 'PRD_NM'): it names the rows
    even when a small table lets every one of its values be known."""
    return any(w in ("name", "title") or (not is_word(w) and max(abbreviation_fit(w, "name"), abbreviation_fit(w, "title"))
                                          >= CLEAR_FIT) for w in words_of(col))


def code_beside_parent_name(ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str, str] | None:
    """'Which product earned the most?' answered with product_product.barcode: the reading names the rows by a code of
    digits the question never asked for, while each row points at a parent that has a name (a variant at its
    template, Odoo's product_product at product_template): the reader asked for the thing, and the code names only
    one of its variants. Returns the code column, its table and the parent table."""
    if plan.other is not None:
        return None
    asked = {(c.table, c.name) for m in ments if m.kind == "column" for c, _ in m.columns[:1]}
    for it in plan.select:
        col = index.column(it.table or plan.root or "", it.column or "") if not it.agg and it.column else None
        if col is None or col.kind != "text" or (col.table, col.name) in asked or not col.samples or not all(
                str(v).isdigit() and len(str(v)) >= 6 for v in col.samples):
            continue
        t = index.table(col.table)
        for fk in (c for c in (t.columns if t else []) if c.fk is not None and not c.is_pk):
            parent = index.table(fk.fk[0]) if fk.fk else None
            if parent is not None and parent.name != col.table and parent.name_column() is not None \
                    and parent.row_count != 1:  # not the one company every record points at
                return col.name, _noun(index, col.table), _noun(index, parent.name)
    return None


MODALS = frozenset("can cannot could may might must".split())


def unplaced_capability(toks: list[Token], ments: list[Mention]) -> str | None:
    """'products that can be sold', 'How many rooms can be booked?': what a row is allowed to do is a flag of its own
    (Odoo's sale_ok, a 'bookable' column); when nothing placed the verb, the reading keeps every row. Returns the
    phrase."""
    placed = _placed(ments)
    for i in range(2, len(toks)):
        t = toks[i]
        if i in placed or t.quoted or toks[i - 1].low != "be" or toks[i - 2].low not in MODALS:
            continue
        verbs = getAllLemmas(t.low).get("VERB", ())
        if verbs and t.low not in verbs:
            return f"{toks[i - 2].text} be {t.text}"
    return None


MACHINE_ID = re.compile(r"^(?:[a-z]{2,8}_[A-Za-z0-9]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


def _machine_ids(col: ColumnInfo) -> bool:
    """A text key of generated ids ('cus_8fK2LmQ1', UUIDs): as unreadable as a number, unlike a code ('ALFKI')."""
    return col.kind == "text" and bool(col.samples) and all(MACHINE_ID.match(s) for s in col.samples)


def value_cut_short(toks: list[Token], ments: list[Mention]) -> str | None:
    """'the car make amc hornet sportabout (sw)' read as maker = 'amc': a value the data holds, followed straight
    away by two more words nothing placed, is probably the start of a longer name the reading cut short."""
    placed = _placed(ments)
    skip = STOPWORDS | FILLER | _COMMON_QUESTION_WORDS
    for m in ments:
        if m.kind != "value" or m.quoted or m.end + 1 >= len(toks):
            continue
        nxt = toks[m.end:m.end + 2]
        if any(k in placed for k in (m.end, m.end + 1)) or any(t.sentence_break or t.clause_break for t in nxt):
            continue
        if [t.low for t in nxt] in (["right", "now"], ["at", "present"]):
            continue  # 'active right now': the present, not more of the value
        if nxt[0].low in ("last", "this", "next", "previous", "past", "current") and nxt[1].lemma in GRAINS:
            continue  # 'jobs completed last month': a period after the value, not more of it
        if all(t.low.isalpha() and not ({t.low, t.lemma} & skip) and t.low not in MONTHS for t in nxt):
            return " ".join(t.text for t in toks[m.start:m.end + 2])
    return None


def unlabelled_groups(plan: Plan) -> str | None:
    """'total salary cost per location' answered with seven bare totals: a grouped reading that shows only its
    aggregates, no column of the grouping, gives numbers nobody can tell apart (which total is which location?)."""
    if not plan.group or plan.other is not None or plan.setop or not plan.select or plan.limit == 1 or plan.having:
        return None  # with HAVING the rows are the groups that pass (a count of them is judged elsewhere)
    if all(it.agg for it in plan.select):
        g = plan.group[0]
        return str(g.column or g.table)
    return None


def ungrouped_column(plan: Plan, index: SchemaIndex) -> str | None:
    """'names, themes and number of singers for every concert' read as singer.name beside COUNT(*) GROUP BY concert:
    a shown column that the grouping does not determine (neither grouped, nor of a grouped row or a row it points
    to) takes an arbitrary value per group, so the answer pairs each group with a name that is not its own."""
    from .sqlgen import join_plan

    if not plan.group or plan.other is not None or plan.roles:
        return None
    try:
        _, edges = join_plan(plan, index)
    except Exception:  # noqa: BLE001 - a plan that does not join is judged when it runs
        return None
    grouped = {(g.table or plan.root, (g.column or "").lower()) for g in plan.group if not g.bucket}
    rows = {t for t, c in grouped if t and _unique(index, t, c)}  # tables one row per group
    adj: dict[str, list[str]] = {}
    for e in edges:  # a row determines the row its reference points to (many to one); so does a grouped reference
        if (e.left, e.left_col.lower()) in grouped and _unique(index, e.right, e.right_col):
            rows.add(e.right)
        if (e.right, e.right_col.lower()) in grouped and _unique(index, e.left, e.left_col):
            rows.add(e.left)
        if _unique(index, e.right, e.right_col):
            adj.setdefault(e.left, []).append(e.right)
        if _unique(index, e.left, e.left_col):
            adj.setdefault(e.right, []).append(e.left)
    todo = list(rows)
    while todo:
        for there in adj.get(todo.pop(), []):
            if there not in rows:
                rows.add(there)
                todo.append(there)
    for it in plan.select:
        if it.agg or it.column is None or it.bucket:
            continue
        table = it.table or plan.root
        if (table, it.column.lower()) in grouped or table in rows:
            continue
        return it.column
    return None


# Words that date the start of something and words that date its end: a question about one read on a column
# of the other ('employees who left in 2024' on hire_date) counts other rows with confidence.
START_WORDS = frozenset("""hire hired hiring start started starting join joined joining signup sign signed register
    registered registration create created creation open opened opening begin began enrol enroll enrolled enrolment
    enrollment birth born onboard onboarded activate activated activation""".split())
END_WORDS = frozenset("""left leave leaving quit resign resigned resignation terminate terminated termination fire fired
    end ended ending churn churned cancel cancelled canceled cancellation close closed closing depart departed
    departure exit exited retire retired retirement expire expired expiry stop stopped finish finished
    deactivate deactivated offboard offboarded""".split())


# End words that only ever mean an event ('left' may mean what remains: 'copies left in stock').
STRONG_END_WORDS = frozenset("""cancel cancelled canceled cancellation churn churned terminate terminated termination
    resign resigned resignation quit expire expired retire retired depart departed""".split())


def period_on_unnamed_table(ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str, str] | None:
    """'How many payments failed in 2024?' bounded by the due date of the disputes joined to the payments: the
    reading dates its rows by a date of a table no word of the question names, while the rows it counts carry a
    date of their own (on an unfamiliar schema the period went to the wrong table's date). Only a table holding
    many rows per row counted is doubted: its date is of another event. Returns the root table's own date, the
    column used and its table."""
    root = index.table(plan.root or "")
    if root is None:
        return None
    own = [c for c in root.columns if holds_dates(c)]
    named = {t.name for m in ments for t, _ in m.tables}  # a table's word names it, not the keys pointing at it
    named |= {m.columns[0][0].table for m in ments if m.kind == "column" and m.columns}  # its best reading
    named |= {c.table for m in ments for c in m.value_columns}
    for col in _dated_columns(plan, index):
        table = index.table(col.table)
        if col.table == plan.root or col.table in named or table is None:
            continue
        # only a table of many rows per row counted (a header's date, an order's for its lines, is fine)
        if any(c.fk is not None and c.fk[0] == plan.root for c in table.columns):
            return (own[0].name if own else "a date of their own"), col.name, col.table
    return None


def _said_by(col: ColumnInfo, toks: list[Token], ments: list[Mention]) -> set[int]:
    """The question's words a column's name says: as written, by stem, or as a warehouse abbreviation ('ttl' total),
    and the words linked to it ('units' to quantity, by the lexicon's synonyms)."""
    out = {k for m in ments if any(c is col for c, _ in m.columns[:3]) for k in range(m.start, m.end)}
    for i, t in enumerate(toks):
        if t.quoted or not t.low.isalpha() or len(t.low) < 3 or t.low in STOPWORDS:
            continue
        for w in words_of(col):
            if w in (t.low, t.lemma) or (len(w) >= 4 and stem(w) == stem(t.low)) or (
                    not is_word(w) and max(abbreviation_fit(w, t.low), abbreviation_fit(w, t.lemma)) >= CLEAR_FIT):
                out.add(i)
    return out


def better_said_measure(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'How much did we bill last year?' read as the sum of the payment amount while the bill table has its own
    amount: another amount column of a table the reading uses or the question names says more of the question's
    words than the one the reading adds up (on an unfamiliar schema the measure went to a neighbour). Returns the
    column used and the better said one."""
    tables = set(plan.all_tables()) | {t.name for m in ments if m.kind == "table" for t, _ in m.tables[:1]}
    used = {(c.table or plan.root, c.column) for c in _conditions(plan)}  # a column read elsewhere ('with 4
    used |= {(i.table or plan.root, i.column) for i in _items(plan)}  # cylinders', 'for each year') is said there
    for it in plan.select:
        col = index.column(it.table or plan.root or "", it.column or "")
        if it.agg not in ("sum", "avg") or col is None or col.expr or it.per is not None:
            continue
        mine = _said_by(col, toks, ments)
        for name in sorted(tables):
            table = index.table(name)
            for other in table.columns if table is not None else []:
                if other is col or other.kind != "num" or other.is_key or _flag(other) or other.fk is not None \
                        or (other.table, other.name) in used:
                    continue
                theirs = _said_by(other, toks, ments)
                if len(theirs - mine) > len(mine - theirs) and len(theirs) > len(mine):
                    return col.name, other.name
    return None


def dropped_event(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, ColumnInfo | None] | None:
    """'average salary of employees who left' read as every employee's salary, 'orders cancelled in 1996' read as
    every order of 1996: an end-of-something word ('left', 'churned', 'cancelled') that nothing placed, and a
    reading with no condition on anything that records an end. Returns the word and the column of the reading's
    tables that records that end (termination_date, is_churned), or None when none does (then the data cannot say
    which rows ended)."""
    placed = _placed(ments)
    word = next((t.low for i, t in enumerate(toks) if i not in placed and not t.quoted and i > 0
                 and {t.low, t.lemma} & END_WORDS), None)
    if word is None or plan.group:
        return None
    if any(set(words_of(col)) & END_WORDS for c in _conditions(plan)
           if (col := index.column(c.table or plan.root or "", c.column or "")) is not None):
        return None
    if any(it.since and (col := index.column(it.table or plan.root or "", it.column or "")) is not None
           and set(words_of(col)) & END_WORDS for it in _items(plan)):
        return None  # 'days to close a job': the days up to the end's own date use the end (rows without one drop out)
    ends = [col for name in plan.all_tables() for col in (index.table(name).columns if index.table(name) else [])  # type: ignore[union-attr]
            if not col.is_key and set(words_of(col)) & END_WORDS and (col.kind == "date" or _flag(col))]
    if ends and not _conditions(plan):
        return word, ends[0]
    lemma = next(t.lemma for t in toks if t.low == word)
    if not ends and {word, lemma} & STRONG_END_WORDS:
        return word, None
    return None


def _dated_columns(plan: Plan, index: SchemaIndex) -> list[ColumnInfo]:
    """The date columns a reading bounds by a period or buckets by a grain."""
    cols = [index.column(t, c) for t, c in period_columns(plan, index)]
    cols += [index.column(it.table or plan.root or "", it.column or "") for it in _items(plan) if it.bucket]
    return list({c.key: c for c in cols if c is not None}.values())


def opposite_date(toks: list[Token], plan: Plan, index: SchemaIndex) -> tuple[ColumnInfo, str, list[ColumnInfo]] | None:
    """'How many employees left in 2024?' read on hire_date: the question dates an end ('left', 'cancelled',
    'closed') and the reading's date column dates a start ('hire', 'signup', 'created'), or the other way round.
    Returns the column, the question's word and the table's date columns of the kind the question dates."""
    said = {t.low for t in toks if not t.quoted} | {t.lemma for t in toks if not t.quoted}
    ends, starts = said & END_WORDS, said & START_WORDS
    if bool(ends) == bool(starts):
        return None  # neither, or both ('hired before 2020 and left in 2024'): nothing contradicts
    want, other = (END_WORDS, START_WORDS) if ends else (START_WORDS, END_WORDS)
    word = next(t.low for t in toks if {t.low, t.lemma} & (ends or starts))
    for col in _dated_columns(plan, index):
        words = set(words_of(col))
        if not words & other or words & want:
            continue
        table = index.table(col.table)
        fits = [c for c in (table.columns if table else []) if c.kind == "date" and set(words_of(c)) & want]
        return col, word, fits
    return None


def _date_pairs(plan: Plan, index: SchemaIndex) -> list[tuple[ColumnInfo, ColumnInfo]]:
    """Pairs of date columns of one table of the reading (issued and paid, opened and resolved): the spans a
    duration question most likely means."""
    out = []
    for t in plan.all_tables():
        table = index.table(t)
        dates = [c for c in (table.columns if table else []) if c.kind == "date"]
        out += [(a, b) for i, a in enumerate(dates) for b in dates[i + 1:]]
    return out


def _noun(index: SchemaIndex, table: str | None) -> str:
    """The table's noun in the plural, as a question would say it ('invoices')."""
    from .narrate import plural

    t = index.table(table or "")
    return plural(" ".join(t.words)) if t is not None else "rows"


def _flag(col: ColumnInfo) -> bool:
    """A yes/no column stored as numbers (is_paid, 0/1): not an amount anybody adds up (the catalog's rule)."""
    return col.role == "flag" or derive_role(col.words, col.kind, is_key=col.is_key, samples=col.samples,
                                             complete=col.complete, distinct=col.distinct) == "flag"


def _measures(plan: Plan, index: SchemaIndex) -> list[str]:
    """Words of the numeric, non-key columns of the reading's tables, money-like names first."""
    cols = [c for t in plan.all_tables() for c in (index.table(t).columns if index.table(t) else [])  # type: ignore[union-attr]
            if c.kind == "num" and not c.is_key and not _flag(c)]
    cols.sort(key=lambda c: not set(c.words) & MONEY_WORDS)
    return list(dict.fromkeys(" ".join(c.words) for c in cols))


def _categories(plan: Plan, index: SchemaIndex) -> list[ColumnInfo]:
    """Low-cardinality text columns of the reading's tables: the groupings a question most likely means."""
    return [c for t in plan.all_tables() for c in (index.table(t).columns if index.table(t) else [])  # type: ignore[union-attr]
            if c.kind == "text" and c.complete and not c.is_key]


SIZE_SUPERLATIVES = frozenset("largest biggest smallest".split())


def size_ranked_by_count(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'Which shop received the largest single payout?' read as the shop with the most payouts: a size superlative
    right before a table's noun ('single'/'one' between) is the size of one row, and a ranking by COUNT(*)
    answers how many rows there are."""
    tables = {m.start for m in ments if m.kind == "table"}
    for i, t in enumerate(toks):
        if t.low not in SIZE_SUPERLATIVES:
            continue
        j = i + 1 + (i + 1 < len(toks) and toks[i + 1].low in ("single", "one", "individual"))
        if j in tables and any(it.agg == "count" for it, _ in plan.order):
            return t.low
    return None


STATE_COPULAS = frozenset("is are was were be been being currently now still".split())


def dropped_state(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> str | None:
    """'How many shops are suspended?', 'live listings in Ceramics' read without the state: a lifecycle adjective
    nothing placed (after 'is/are' or before a table's noun; 'users live in Berlin' is a verb), and no condition on
    the counted table's own columns to carry it. Why: the state is usually an undocumented status code, and
    dropping it answers for every row."""
    placed = _placed(ments)
    tables = {i for m in ments if m.kind == "table" for i in range(m.start, m.end)}
    word = next((t.low for i, t in enumerate(toks) if i not in placed and not t.quoted and t.low in STATE_WORDS
                 and (i > 0 and toks[i - 1].low in STATE_COPULAS or i + 1 in tables)), None)
    if word is None:
        return None
    own = [c for c in _conditions(plan) if (c.table or plan.root) == plan.root and c.column]
    return None if own else word


def question_text(toks: list[Token]) -> str:
    return " ".join(t.text for t in toks)


DISTINCT_WORDS = frozenset("distinct different unique various kinds kind types type values".split())


def counts_flag_values(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'how many vegetarian items' read as COUNT(DISTINCT is_vegetarian): a yes/no column has two values, so
    counting them never answers how many rows carry the flag."""
    if any(t.low in DISTINCT_WORDS for t in toks):
        return None
    for it in plan.select:
        if it.agg == "count" and it.distinct and it.column is not None:
            col = index.column(it.table or plan.root or "", it.column)
            if col is not None and _flag(col):
                return col.name
    return None


def counts_values_of_other_column(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'How many phone booths do we have?' read as COUNT(DISTINCT number) of invoices, 'how many high priority
    tickets' as COUNT(DISTINCT priority) WHERE priority = 'HIGH': counting the different values of a plain column
    (no key) answers how many values there are, which the question only asks with a word like 'different', or by
    naming that column as what it counts ('the number of makers'). A column the question never names, or one the
    reading already fixes to a single value (so the count is 1), counts something else than asked."""
    if any(t.low in DISTINCT_WORDS for t in toks):
        return None
    said = {stem(w) for t in toks for w in (t.low, t.lemma)}
    fixed = {(c.table or plan.root, c.column) for c in _conditions(plan)
             if c.op == "=" and c.column and not c.agg and c.sub is None and not c.ref_column}
    for it in plan.select:
        if it.agg != "count" or not it.distinct or it.column is None:
            continue
        col = index.column(it.table or plan.root or "", it.column)
        if col is None or col.is_pk or col.fk is not None:
            continue  # distinct references count the rows referred to ('customers who ordered')
        if (it.table or plan.root, it.column) in fixed:
            return col.name
        own = [w for w in col.words if w not in STOPWORDS]
        if own and not any(stem(w) in said for w in own) and not any(stem(w) in said for w in col.synonyms):
            return col.name
    return None


def idle_table_word(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> str | None:
    """'which suppliers are local' read as suppliers joined to locations ('local' ~ 'locations'): a word that only
    loosely names a table which the reading merely joins at the end of the path (nothing shown, filtered,
    grouped or ranked there; a link table between two used tables is needed and is not judged)."""
    from .sqlgen import join_plan

    try:
        _order, edges = join_plan(plan, index)
    except Exception:  # noqa: BLE001 - a plan that does not join is judged when it runs
        return None
    degree: dict[str, int] = {}
    for e in edges:
        degree[e.left] = degree.get(e.left, 0) + 1
        degree[e.right] = degree.get(e.right, 0) + 1
    used = {it.table for it in _items(plan) if it.table} | {c.table for c in _conditions(plan) if c.table}
    used.add(plan.root)
    tables = set(plan.all_tables())
    for m in ments:
        if m.kind != "table" or not m.tables or m.end - m.start != 1:
            continue
        t, sc = m.tables[0]
        if (sc >= 0.95 or t.name not in tables or t.name in used or degree.get(t.name, 0) != 1
                or _strictly_names(t, toks[m.start])):
            continue
        return toks[m.start].text
    return None


PERCENT_WORDS = ("%", "percent", "pct")


def percent_of_a_column(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'a food cost above 35% of their price' read as food_cost > 35: a percentage of another column is a ratio
    of two columns of each row, and a filter against the bare number answers another question."""
    starts = {m.start: m for m in ments if m.kind == "column"}
    for i, t in enumerate(toks):
        if t.number is None:
            continue
        j = i + 1
        if not t.low.endswith("%"):
            if j >= len(toks) or toks[j].low not in PERCENT_WORDS:
                continue
            j += 1
        if j >= len(toks) or toks[j].low != "of":
            continue
        k = j + 1
        while k < len(toks) and toks[k].low in ("the", "their", "its", "his", "her", "a", "an"):
            k += 1
        if k not in starts:
            continue  # '20% of customers' is a share of rows, judged elsewhere
        n = float(t.number)
        said = {f"{v:g}" for v in (n, n / 100)}
        if any(_is_number(v) and f"{float(v):g}" in said for v in _literals(plan)):
            return t.text
    return None


# Words a date column's name carries beside what it dates ('paid_at', 'created_on', 'dtm_opened').
_DATE_FILLER = frozenset("date at on time dt ts timestamp day stamp datetime dtm".split())
# money that came in ('fees collected per year', 'rent received in 2025') is dated by its payment
_PAY_VERBS = frozenset("paid pay collected collect received receive settled settle".split())
_PAY_DATE_WORDS = frozenset("paid payment pay settled settlement collected received".split())


def _names_date(col: ColumnInfo, toks: list[Token], ments: list[Mention]) -> bool:
    """Whether the question names this date column: a link to it, one of its words (or a word sharing its first four
    letters: 'received' for receipt_date), or a verb of the event it dates ('joined' for signup_date, 'left' for
    termination_date, 'collected' for paid_on)."""
    if any(c is col for m in ments for c, _ in m.columns[:3]) or any(c is col for m in ments for c in m.value_columns):
        return True
    said = {t.low for t in toks if not t.quoted} | {t.lemma for t in toks if not t.quoted}
    words = set(words_of(col)) | set(col.words)
    for w in words - _DATE_FILLER:
        if w in said or any(len(w) >= 4 and len(s) >= 4 and w[:4] == s[:4] for s in said):
            return True
    return any(said & verbs and words & dated for verbs, dated in
               ((JOIN_VERBS | OPEN_VERBS, CREATION_WORDS), (LEAVE_VERBS, ENDING_WORDS), (SEND_VERBS, SENDING_WORDS),
                (_PAY_VERBS, _PAY_DATE_WORDS)))


def unnamed_later_date(toks: list[Token], ments: list[Mention], plan: Plan,
                       index: SchemaIndex) -> tuple[ColumnInfo, ColumnInfo] | None:
    """'How many orders were placed in 2023?' bounded by paid_at (or deleted_at) on a table that also has the date
    of the row itself (created): the reading dates the rows by a later stage or a bookkeeping stamp that no word of
    the question names, so it counts only the rows that reached that stage in the period. Returns the column and
    the table's row date. (First-contact replay: the commonest class of wrong answers on new warehouses.)"""
    bounded = [index.column(c.table or plan.root or "", c.column) for c in _conditions(plan)
               if c.column and c.sub is None and not c.agg and not c.ref_column and c.value is not None
               and c.op in (">", ">=", "<", "<=", "between", "=")]
    bucketed = [index.column(it.table or plan.root or "", it.column or "") for it in _items(plan) if it.bucket]
    changed = [index.column(plan.change.table, plan.change.column)] if plan.change is not None else []
    for col in {c.key: c for c in bounded + bucketed + changed if c is not None}.values():
        if col.kind != "date":
            continue  # a column compared with another ('arrived on time': delivered_on <= promised_on) is no period
        table = index.table(col.table)
        dates = sorted((c for c in (table.columns if table else []) if c.kind == "date"), key=row_date_rank)
        if len(dates) < 2 or row_date_rank(col) <= row_date_rank(dates[0]) or _names_date(col, toks, ments):
            continue
        return col, dates[0]
    return None


COUNTING_WORDS = frozenset("many number count most fewest often frequent frequently frequency common popular busiest times"
                           .split())


def ranks_by_count_unasked(toks: list[Token], plan: Plan) -> bool:
    """'Which shop received the largest single payout?', 'top 5 vendors by total maintenance cost' read as the shop
    or vendors with the most rows: the reading ranks by a count of rows while the question never counts (no 'most',
    'how many', 'number of', 'often'), so it ranks by something the question does not ask for."""
    said = {t.low for t in toks} | {t.lemma for t in toks}
    return not said & COUNTING_WORDS and any(it.agg == "count" for it, _ in plan.order)


def counted_unasked(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'Show the title of each artwork and the name of its artist' read as the number of artists per artwork: the
    reading shows a count of rows while no word of the question counts ('how many', 'number of', 'most' ...), or
    only one inside a column's own name ('the average number of staff' names num_of_staff), so it answers a
    question nobody asked. Returns the table whose rows are counted."""
    in_columns = _placed(ments, ("column",))
    for m in ments:  # 'number of staff' naming num_of_staff: the cue is part of the column's name
        col = m.best_column() if m.kind == "column" else None
        if col is not None and m.start >= 2 and toks[m.start - 1].low == "of" and toks[m.start - 2].low == "number" \
                and re.search(r"(^|_)(num|number|count|no)(_|$)|^n_", col.name.lower()):
            in_columns |= {m.start - 2, m.start - 1}
    said = {w for i, t in enumerate(toks) if i not in in_columns for w in (t.low, t.lemma)}
    if said & ({"per", "by", "total", "counted", "tally"} | COUNTING_WORDS):
        return None  # 'orders per month', 'customers by state': a breakdown of rows counts them
    return next((it.table or plan.root or "" for it in plan.select if it.agg == "count"), None)


EXCLUDING_WORDS = frozenset("excluding exclude excludes except besides".split())


def intersect_for_exclusion(toks: list[Token], plan: Plan) -> str | None:
    """'schools with a soccer team, excluding those with a volleyball team' read as the schools with both: the
    question takes rows away ('excluding', 'except', 'not', 'but no') and the reading keeps only the rows in both
    sets, the opposite. Returns the excluding word."""
    if plan.setop != "intersect":
        return None
    return next((t.text for t in toks if not t.quoted and (t.low in EXCLUDING_WORDS or t.low in NEGATIONS)), None)


def count_against_year(plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'films released after 2015 ...' read as HAVING COUNT(*) > 2015: a count of rows compared with a number
    that is a year while a table of the reading keeps years, so the year was meant for that column. Returns the
    number and the year column."""
    for c in _conditions(plan):
        if c.agg != "count" or c.sub is not None:
            continue
        try:
            n = float(c.value)
        except (TypeError, ValueError):
            continue
        if not (n == int(n) and 1800 <= n <= 2100):
            continue
        for name in plan.all_tables():
            t = index.table(name)
            col = next((col for col in (t.columns if t is not None else []) if not col.is_key
                        and col.kind == "num" and {"year", "years"} & set(col.words)), None)
            if col is not None:
                return f"{int(n)}", col.name
    return None



def year_against_small_number(plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'musicians over 40 years old' read as Year > 40: a calendar-year column compared with a number that is
    no year (14 to 999: not a school year either) while the column's known values, if any, are years, so the
    number was meant for another column (an age, a count). Returns the number and the column."""
    for c in _conditions(plan):
        if c.agg is not None or c.sub is not None or c.ref_column or c.table is None or c.column is None:
            continue
        try:
            n = float(c.value)
        except (TypeError, ValueError):
            continue
        t = index.table(c.table)
        col = next((x for x in (t.columns if t is not None else []) if x.name == c.column), None)
        if col is None or col.is_key or col.kind != "num" or "year" not in col.words or "years" in col.name.lower() \
                or not 13 < n < 1000:  # years_experience counts years: a duration, not a calendar year
            continue
        try:
            known = [float(v) for v in col.samples]
        except (TypeError, ValueError):
            continue
        if all(v >= 1000 for v in known):
            return f"{n:g}", col.name
    return None


def row_level_never(plan: Plan) -> tuple[str, str] | None:
    """'musicians with a Rock album but never a Pop album' read as Genre = 'Rock' AND Genre <> 'Pop' on one
    row: the inequality removes nothing the equality kept, so the exclusion that should span all of a thing's
    rows (NOT IN / EXCEPT) is lost. Returns the excluded value and the column."""
    conds = _ands(plan)
    for c in conds:
        if c.op != "=" or c.value is None or c.ref_column:
            continue
        for d in conds:
            if (d.table, d.column) == (c.table, c.column) and d.op in ("!=", "<>") and d.value is not None \
                    and not d.ref_column and str(d.value).lower() != str(c.value).lower():
                return str(d.value), str(c.column)
    return None


def dropped_positive_half(toks: list[Token], plan: Plan) -> str | None:
    """'nurses who handed over a shift but never received one' read as the nurses outside one set only: the
    question names what the rows did and, after 'but', what they never did, and the reading keeps only the
    exclusion (one NOT IN, nothing joined or compared that could carry the first half), so it would also list
    rows that did neither. Returns the contrasting words."""
    words = [t.low for t in toks]
    at = next((i for i, w in enumerate(words) if w == "but" and set(words[i + 1:i + 3]) & NEGATIONS), None)
    if at is None or plan.setop is not None or plan.having or len(set(plan.all_tables())) != 1:
        return None
    conds = [c for g in plan.where for c in g]
    if len(conds) != 1 or conds[0].sub is None or conds[0].op != "not in":
        return None
    return " ".join(t.text for t in toks[at:at + 3])

ORDER_CUES = (("order", "of"), ("ordered", "by"), ("sorted", "by"), ("sort", "by"), ("order", "by"), ("ranked", "by"))
ORDER_SKIP = frozenset("the their its his her descending ascending decreasing increasing".split())


def orders_by_other_column(toks: list[Token], plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'... in descending order of value' read as ORDER BY title: the question names what to sort by, a word of a
    column of the reading's tables ('value' of value_million), and the reading sorts by a column without that word.
    Returns the question's word and the column it names."""
    if not plan.order or any(it.column is None or it.agg for it, _ in plan.order):
        return None
    words = [t.low for t in toks]
    for i in range(len(words) - 2):
        if (words[i], words[i + 1]) not in ORDER_CUES:
            continue
        k = i + 2
        while k < len(words) - 1 and words[k] in ORDER_SKIP:
            k += 1
        w = stem(words[k])
        if words[k] in STOPWORDS or words[k] in COUNTING_WORDS or not words[k].isalpha():
            return None
        ordered = [index.column(it.table or plan.root or "", it.column or "") for it, _ in plan.order]
        if any(c is not None and w in {stem(x) for x in c.words} for c in ordered):
            return None
        for name in plan.all_tables():
            t = index.table(name)
            for col in t.columns if t is not None else []:
                if not col.is_key and col.fk is None and w in {stem(x) for x in col.words}:
                    return words[k], col.name
        return None
    return None


def bridge_past_named_table(ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'Which directors had a film screened at Lumiere Days?' joined director -> film -> award -> festival: the join
    passes through a table no word names (award) while a table the question does name (screening, by 'film
    screened') is left out, so the reading links the two ends by another fact than the one asked about. Returns
    the named table and the bridge."""
    from .sqlgen import join_plan

    far = unnamed_bridges(ments, plan, index)
    if not far:
        return None
    try:
        tables = {t.lower() for t in join_plan(plan, index)[0]}
    except Exception:  # noqa: BLE001 - a plan that does not join is judged when it runs
        return None
    for m in ments:
        best = m.best_table() if m.kind == "table" else None
        name = best.name if best is not None else (m.best_column().table if m.kind == "column" and m.columns else None)
        t = index.table(name) if name is not None and name.lower() not in tables else None
        # only a table that could itself link two of the reading's tables is an alternative bridge
        if t is not None and len({c.fk[0].lower() for c in t.columns if c.fk and c.fk[0].lower() in tables}) >= 2:
            return t.name, far[0]
    return None


VAGUE_ADJECTIVES = frozenset("""other certain specific various given same whole entire individual particular such several own
unique separate respective corresponding overall typical average different distinct main whole possible""".split())


def dropped_adjective(toks: list[Token], ments: list[Mention], plan: Plan) -> tuple[str, str] | None:
    """'schools that have a team with a female coach' read with no condition on coaches: an adjective nothing in the
    data places, right before a table the reading joins, describes which of its rows are meant, and a reading with no
    condition on that table (and no ranking by it) keeps every row. Returns the adjective and the table's word."""
    inside = _placed(ments)
    for m in ments:
        t = m.best_table() if m.kind == "table" else None
        if t is None or m.start == 0 or (m.start - 1) in inside:
            continue
        w = toks[m.start - 1]
        if w.quoted or not w.low.isalpha() or len(w.low) < 4 or {w.low, w.lemma} & (
                STOPWORDS | FILLER | _COMMON_QUESTION_WORDS | DISTINCT_WORDS | VAGUE_ADJECTIVES):
            continue
        lemmas = getAllLemmas(w.low)
        if "ADJ" not in lemmas or "VERB" in lemmas:
            continue
        name = t.name.lower()
        if name not in {x.lower() for x in plan.all_tables()} or name == (plan.root or "").lower():
            continue  # the asked-for table's own describing words are left to the readers and other checks
        if any((c.table or plan.root or "").lower() == name for c in _conditions(plan)) or any(
                (it.table or plan.root or "").lower() == name for it, _ in plan.order):
            continue
        return w.text, m.text
    return None


def _all_plan_tables(plan: Plan) -> list[str]:
    """Every table a reading touches: its own SELECT's, its sub-plans' and its set operand's."""
    out = list(plan.all_tables())
    for c in _conditions(plan):
        if c.sub is not None:
            out += _all_plan_tables(c.sub)
    return out + (_all_plan_tables(plan.other) if plan.other is not None else [])


def verb_names_role_key(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'the museum that has borrowed the most artworks' read through the artworks a museum owns: a word nothing
    links says the role of a key of a table the reading leaves out (loan.borrower_museum_id -> museum), and the
    key refers to a table the reading uses, so the rows are related by another role than the one asked about.
    Returns the word and the key."""
    inside = _placed(ments)
    tables = {t.lower() for t in _all_plan_tables(plan)}
    for i, t in enumerate(toks):
        if i in inside or t.quoted or not t.low.isalpha() or len(t.low) < 5 or {t.low, t.lemma} & (
                STOPWORDS | FILLER | _COMMON_QUESTION_WORDS | GENERAL_NOUNS) or "VERB" not in getAllLemmas(t.low):
            continue
        w = stem(t.low)
        for table in index.tables:
            if table.name.lower() in tables:
                continue
            for c in table.columns:
                if c.fk is None or c.fk[0].lower() not in tables:
                    continue
                ref = index.table(c.fk[0])
                own = {stem(x) for x in c.words} - {"id"} - ({stem(x) for x in ref.words} if ref is not None else set())
                if w in own:
                    return t.text, f"{table.name}.{c.name}"
    return None


def counted_times_uncounted(toks: list[Token], plan: Plan) -> str | None:
    """'Which award category was given the most times?' read as the category of the longest film (Running_Time):
    'the most times', 'how many times' count occurrences, and a reading that counts nothing answers another
    question. Returns the phrase."""
    words = [t.low for t in toks]
    for i in range(len(words) - 1):
        if words[i] in ("most", "many", "fewest", "least") and words[i + 1] == "times":
            counts = any(it.agg == "count" for it in _items(plan)) or any(c.agg == "count" for c in _conditions(plan))
            return None if counts else f"{words[i]} times"
    return None


def breakdown_by_other_column(toks: list[Token], plan: Plan, index: SchemaIndex) -> tuple[str, ColumnInfo] | None:
    """'How many jobs did we have in each region?' grouped by the region table and shown as its manager, while a
    text column of a table the reading uses is exactly 'region': the breakdown the question names is a column the
    answer never shows. Returns the question's word and that column."""
    if not plan.group:
        return None
    for i, t in enumerate(toks[:-1]):
        if t.low not in ("by", "per", "each", "every"):
            continue
        k = i + 1  # the head of the noun phrase: 'by billing currency' -> currency
        while k + 1 < len(toks) and toks[k + 1].low.isalpha() and not toks[k + 1].clause_break \
                and toks[k + 1].low not in STOPWORDS and toks[k + 1].low not in FILLER:
            k += 1
        head = toks[k]
        exact = [c for name in plan.all_tables() for c in (index.table(name).columns if index.table(name) else [])
                 if c.kind == "text" and not c.is_key and tuple(words_of(c)) in ((head.low,), (head.lemma,))]
        if not exact:
            continue
        labels = [(it.table or plan.root, it.column) for it in plan.select if it.agg is None and it.column]
        shown = labels or [(it.table or plan.root, it.column) for it in plan.group]
        said = {t.low for t in toks} | {t.lemma for t in toks}
        asked = [col for col in (index.column(str(t), str(c)) for t, c in shown) if col is not None
                 and set(words_of(col)) - {"id"} <= said]
        if not asked and not any((c.table, c.name) in shown for c in exact):
            return head.low, exact[0]  # (a shown column the question names in full is what it asks to see)
    return None


def unused_role_key(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, ColumnInfo] | None:
    """'Which buyers have placed more than 5 orders?' read per shop: a plural noun of the question links only to a
    key naming a role (orders.buyer_id -> users), and the reading uses neither that key nor the table it refers to,
    while it shows or groups by the rows of another table. The rows the question asks about were lost."""
    used = {(c.table, c.column) for c in _conditions(plan)} | {(it.table, it.column) for it in _items(plan)}
    tables = set(plan.all_tables())
    shown = {it.table for it in list(plan.select) + list(plan.group) if it.table}
    for m in ments:
        if m.kind != "column" or m.end - m.start != 1 or not m.columns:
            continue
        t = toks[m.start]
        col = m.columns[0][0]
        if col.fk is None or t.low == t.lemma or t.quoted or any(c.fk is None for c, _ in m.columns[:2]):
            continue  # a plural noun linked to keys only ('buyers' -> buyer_id)
        target = col.fk[0]
        if (col.table, col.name) in used or any(x.lower() == target.lower() for x in tables):
            continue
        if shown - {col.table}:
            return t.text, col
    return None


def _ask_unused_number(rd: Reading, n: str) -> Doubt:
    return Doubt(f"My only reading does not use the number {n} from the question, so it would answer another "
                 "question. Is it a limit (the top N), a threshold, or a value to match?",
                 [f"top {n} {rd.noun}", f"{rd.noun} with more than {n}"])


def _ask_dropped_grain(rd: Reading, grain: str) -> Doubt:
    g = GRAINS.get(grain, grain)
    return Doubt(f"The question asks for something per {g}, but my only reading has no {g} in it (no date to "
                 f"bucket by), so it would answer another question. Which date should I group by?",
                 [f"number of {rd.noun} per {g}"] + [f"total {m} per {g}" for m in rd.measures()[:2]])


def _ask_dropped_measure(rd: Reading, word: str) -> Doubt:
    question = rd.question
    readings = [r for r in (question.replace(word, m, 1) for m in rd.measures()) if r != question][:3]
    return Doubt(f"The question names an amount ('{word}'), but my only reading uses no amount at all (it "
                 "counts or lists rows), so it would answer another question. Which column holds it?", readings)


def _ask_ranks_by_identifier(rd: Reading, col: str) -> Doubt:
    return Doubt(f"My only reading ranks by the identifier '{col}', which orders rows but measures nothing, so it "
                 "would answer another question. What should I rank by?",
                 [f"{rd.noun} with the most rows"] + [f"top 5 {rd.noun} by {m}" for m in rd.measures()[:2]])


def _ask_counts_another_table(rd: Reading, counted: str) -> Doubt:
    from .narrate import plural
    said, other = counted.split("|", 1)
    return Doubt(f"The question counts {said}, but my only reading counts {plural(other)}, which is another "
                 "question. Which table holds them?", [f"How many {plural(other)} are there?"])


def _ask_counts_unnamed_table(rd: Reading, unnamed: tuple[str, str]) -> Doubt:
    question = rd.question
    said, table = unnamed
    others = [t for t in rd.index.tables if any(c.fk and c.fk[0].lower() == table.lower() for c in t.columns)]
    return Doubt(f"The question counts {said}, but nothing in the data is called that, and my only reading counts "
                 f"{_noun(rd.index, table)}, which the question does not name, so it would answer another question. "
                 "Which table holds them?",
                 [r for r in (question.replace(said, _noun(rd.index, t.name), 1) for t in others[:3]) if r != question])


def _ask_groups_by_own_key(rd: Reading, col: str) -> Doubt:
    return Doubt(f"My only reading groups by '{col}', one row per group, so every total is a single row's value "
                 "and it would answer another question. What should I group by?",
                 [f"number of {rd.noun} per {' '.join(c.words)}" for c in rd.categories()[:3]])


def _ask_revenue_as_cost(rd: Reading, col: str) -> Doubt:
    question = rd.question
    return Doubt(f"The question asks about money coming in, but my only reading adds up '{col}', a cost, so it "
                 "would answer another question. Which column holds the revenue?",
                 [r for r in (question.replace(w, m, 1) for w in REVENUE_WORDS & {t.low for t in rd.toks}
                              for m in rd.measures() if m not in COST_WORDS) if r != question][:3])


def _ask_flag_against_number(rd: Reading, col: str) -> Doubt:
    return Doubt(f"My only reading compares the yes/no column '{col}' with a number from the question, but it only "
                 "holds yes or no, so it would answer another question. Which date or amount does the number "
                 "belong to?", [f"number of {rd.noun} per year", f"How many {rd.noun} are {' '.join(rd.index.column(rd.plan.root or '', col).words) if rd.index.column(rd.plan.root or '', col) else col}?"])


def _ask_year_on_unnamed_column(rd: Reading, found: tuple[int, ColumnInfo]) -> Doubt:
    year, col = found
    dates = [c for t in rd.plan.all_tables() if rd.index.table(t) is not None
             for c in rd.index.table(t).columns if holds_dates(c)]  # type: ignore[union-attr]
    question = rd.question.rstrip(" ?.")
    return Doubt(f"The question gives the year {year}, but my only reading compares it with '{col.name}', which holds "
                 "no dates and which the question does not name, so it would answer another question. Which date "
                 f"should {year} apply to?", [f"{question}, by {' '.join(words_of(c))}" for c in dates[:3]])


def _ask_shows_less_than_asked(rd: Reading, said: str) -> Doubt:
    question = rd.question.rstrip(" ?.")
    return Doubt(f"The question asks to see more than one thing ('{said}'), but my only reading shows a single column, "
                 "so part of what you asked would be missing. Which columns should I show?",
                 [f"{question} (one column each)", f"{rd.noun} with their details"])


def _ask_pairs_through_parent(rd: Reading, found: tuple[str, str, str]) -> Doubt:
    one, parent, other = found
    return Doubt(f"My only reading pairs {_noun(rd.index, one)} with {_noun(rd.index, other)} only because they share "
                 f"{_noun(rd.index, parent)}, which the question does not name, so a condition or count on one says "
                 "nothing about the other and it would answer another question. Which table holds what you ask about?",
                 [f"How many {_noun(rd.index, one)} are there?", f"How many {_noun(rd.index, other)} are there?"])


def _ask_shows_only_flag(rd: Reading, col: str) -> Doubt:
    return Doubt(f"My only reading shows just the yes/no column '{col}', a list of yeses and noes, so it would answer "
                 "another question. Did you mean the rows where it is set?",
                 [f"How many {rd.noun} have {col} set?", f"{rd.noun} with {col} set"])


def _ask_period_on_other_named_date(rd: Reading, found: tuple[ColumnInfo, ColumnInfo]) -> Doubt:
    used, named = found
    return Doubt(f"The question seems to name '{named.name}', but my only reading dates the rows by '{used.name}', "
                 "which no word of the question names, so it would count other rows. Which date should I use?",
                 [f"{rd.question.rstrip(' ?.')}, by {' '.join(words_of(c))}" for c in (named, used)])


def _ask_counted_for_total(rd: Reading, cue: str) -> Doubt:
    question = rd.question.rstrip(" ?.")
    return Doubt(f"The question asks for '{cue}', but my only reading counts rows instead of adding up an amount, so "
                 "it would answer another question. Which amount should I add up?",
                 [f"{question}, as total {m}" for m in rd.measures()[:2]] + [f"{question}, as a number of rows"])


def _ask_aggregates_text(rd: Reading, col: str) -> Doubt:
    return Doubt(f"My only reading adds up or averages the text column '{col}', which is not an amount, so it "
                 "would answer another question. Which amount did you mean?",
                 [f"average {m} by {' '.join(rd.index.column(rd.plan.root or '', col).words)}"  # type: ignore[union-attr]
                  for m in rd.measures()[:3]] if rd.index.column(rd.plan.root or "", col) else [])


def _ask_tied_measure(rd: Reading, tied: list[str]) -> Doubt:
    return Doubt(f"The question's words fit {', '.join(repr(c) for c in tied)} equally loosely, and my only reading "
                 "picked the first, so it would be a guess. Which one do you mean?",
                 [rd.question.replace(next(m.text for m in rd.ments if m.kind == "column" and m.columns
                                                   and m.columns[0][0].name == tied[0]), c.replace("_", " "), 1)
                  for c in tied[:3]])


def _ask_tied_across_tables(rd: Reading, tied: list[str]) -> Doubt:
    return Doubt(f"The question's words fit {', '.join(repr(c) for c in tied)} equally well, the question names none "
                 "of those tables, and my only reading picked the first, so it would be a guess. Which one do you "
                 "mean?")


def _ask_sums_calendar_part(rd: Reading, col: str) -> Doubt:
    return Doubt(f"My only reading adds up '{col}', a calendar number, which is no amount, so it would answer "
                 "another question. Which amount should I add up for the period?",
                 [f"total {m} in that year" for m in rd.measures()[:3]])


def _ask_text_equal_to_number(rd: Reading, col: str) -> Doubt:
    return Doubt(f"My only reading matches a number from the question against the text column '{col}', which "
                 "holds no numbers, so it would answer another question. Is the number a limit (the top N) or "
                 "a count to compare with?", [f"top 5 {rd.noun} by number of rows", f"number of {rd.noun} per {col}"])


def _ask_dropped_average_comparison(rd: Reading, said: str) -> Doubt:
    return Doubt(f"The question compares with an average ('{said}'), but my only reading has no such comparison, "
                 "so it would answer another question. Which amount should be compared with its average?",
                 [f"{rd.noun} with {m} above the average" for m in rd.measures()[:3]])


def _ask_aggregate_for_a_thing(rd: Reading, _found: str) -> Doubt:
    return Doubt("The question asks which one, but my only reading returns a single number and names nothing, "
                 "so it would answer another question. Did you mean the row ranked first?",
                 [f"{rd.noun} with the highest {m}" for m in rd.measures()[:3]])


def _ask_unused_flag(rd: Reading, unused: tuple[str, ColumnInfo]) -> Doubt:
    question = rd.question
    word, col = unused
    return Doubt(f"The question says '{word}', and '{col.name}' says whether a row is {word}, but my only reading "
                 f"does not use it, so it would count every row. Should I keep only the rows where {col.name} is "
                 "set?", [f"{question.replace(word, f'{word} ({col.name} = 1)', 1)}"])


def _ask_size_ranked_by_count(rd: Reading, sized: str) -> Doubt:
    return Doubt(f"The question asks for the {sized} one, but my only reading ranks by how many rows there are, "
                 "not by an amount of each row, so it would answer another question. Which amount should I rank by?",
                 [f"{rd.noun} with the highest {m}" for m in rd.measures()[:3]])


def _ask_unused_role_key(rd: Reading, role: tuple[str, ColumnInfo]) -> Doubt:
    word, key = role
    return Doubt(f"The question asks about '{word}', which I read as {key.table}.{key.name} (rows of "
                 f"{key.fk[0] if key.fk else 'another table'}), but my only reading does not use it, so it would "
                 "answer about other rows. Which table holds them?")


def sums_across_currencies(plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'How much did we bill in late fees?' summed over invoice lines priced in several currencies: the table keeps
    its amounts as billed and again in one base currency ('extendedamount' beside 'extendedamount_base') and
    refers to a currency, and the reading adds up an amount that is not the base one with no currency condition,
    so it mixes currencies. Returns (the amount summed, a base-currency amount of the table)."""
    for c in _conditions(plan):
        named = index.column(c.table or plan.root or "", c.column) if c.column else None
        if named is not None and "currency" in named.words:
            return None  # 'billed in Canadian dollars': one currency
    for it in _items(plan):
        if it.agg not in ("sum", "avg", "share") or not it.column:
            continue
        col = index.column(it.table or plan.root or "", it.column)
        t = index.table(col.table) if col is not None else None
        if col is None or t is None or _in_base_currency(col):
            continue
        base = sorted((c for c in t.columns if c.kind == "num" and not c.is_key and _in_base_currency(c)),
                      key=lambda c: not {"amount", "total"} & set(c.words))
        # an amount with a base-currency twin, or one computed from such amounts (price x quantity)
        names = {c.name.lower() for c in t.columns}
        parts = set(re.findall(r"[a-z0-9_]+", (col.expr or col.name).lower()))
        twinned = any(f"{p}_base" in names or f"{p}base" in names for p in parts)
        if base and twinned and any("currency" in c.words for c in t.columns):
            return " ".join(col.words), " ".join(base[0].words)
    return None


def _in_base_currency(c: ColumnInfo) -> bool:
    """'extendedamount_base', 'AmountBase': the amount kept in the one base currency beside the one as billed."""
    return c.name.lower().endswith(("_base", "base")) and c.name.lower() != "base"


def _ask_sums_across_currencies(rd: Reading, mixed: tuple[str, str]) -> Doubt:
    return Doubt(f"My only reading adds up '{mixed[0]}' as each row was billed, but those rows are in more than "
                 f"one currency (the data also keeps '{mixed[1]}' in one base currency), so the total would mix "
                 "currencies. Should I add up the base-currency amounts, or only one currency?",
                 [f"total {mixed[1]}"])


def _ask_dropped_describer(rd: Reading, describer: str) -> Doubt:
    return Doubt(f"The question says '{describer}', but my only reading has no condition for "
                 f"'{describer.split()[0]}' (it takes every row), so it would answer another question. Which "
                 "column or value says which rows those are?")


def _ask_counts_values_not_things(rd: Reading, noun: str) -> Doubt:
    t = rd.index.table(rd.plan.root or "")
    what = " ".join(t.words) if t is not None else noun
    return Doubt(f"The question counts {noun}, but my only reading counts different values of a column "
                 "instead, which is another question. Did you mean one of these?",
                 [f"How many {what} are there?"])


def _ask_list_for_how_much(rd: Reading, _found: bool) -> Doubt:
    return Doubt("The question asks how much, but my only reading lists rows instead of one amount, so it would "
                 "answer another question. Which amount should I add up?",
                 [f"total {m}" for m in rd.measures()[:2]])


def _ask_list_for_a_total(rd: Reading, _found: bool) -> Doubt:
    return Doubt("The question asks for a total, but my only reading lists rows instead of one amount, so it would "
                 "answer another question. Which amount should I add up?",
                 [f"total {m}" for m in rd.measures()[:2]])


def _ask_ranks_by_flag(rd: Reading, col: str) -> Doubt:
    return Doubt(f"My only reading ranks by the yes/no column '{col}', which only puts one of the flagged rows "
                 "first, so it would answer another question. Did you mean to count the flagged rows per group?",
                 [f"number of {rd.noun} with {' '.join(c.words)} per {' '.join(g.words)}"
                  for c in [rd.index.column(rd.plan.root or '', col)] if c is not None
                  for g in rd.categories()[:3]])


def _ask_duration_as_amount(rd: Reading, col: str) -> Doubt:
    return Doubt(f"The question asks how long something takes, but my only reading aggregates '{col}', which "
                 "counts no time, so it would answer another question. Between which two dates should I count?",
                 [f"average days from {' '.join(words_of(a))} to {' '.join(words_of(b))}"
                  for a, b in _date_pairs(rd.plan, rd.index)[:3]])


def _ask_unstored_state(rd: Reading, found: tuple[str, ColumnInfo]) -> Doubt:
    word, col = found
    states = ", ".join(f"'{v}'" for v in col.samples)
    return Doubt(f"The question says '{word}', but {_noun(rd.index, col.table)} keep their {' '.join(col.words)} as "
                 f"{states}, none of them that word, and my only reading keeps every row. Which of those do you mean?",
                 [f"{rd.noun} where {' '.join(col.words)} is '{v}'" for v in col.samples[:3]])


def _ask_dropped_event(rd: Reading, event: tuple[str, ColumnInfo | None]) -> Doubt:
    word, col = event
    if col is None:
        return Doubt(f"The question says '{word}', but nothing in the data I read records that, and my only reading "
                     "has no condition for it, so it would answer another question. Which column or value "
                     f"says which rows were {word}?", [f"How many {rd.noun} are there per status?"]
                     if any("status" in c.words for c in rd.categories()) else [])
    return Doubt(f"The question says '{word}', but my only reading has no condition for it (it takes every row), "
                 f"so it would answer another question. Should '{col.name}' say which rows did?",
                 [f"{rd.question.rstrip(' ?.')} ({col.name} is set)"])


def _ask_opposite_date(rd: Reading, wrong_date: tuple[ColumnInfo, str, list[ColumnInfo]]) -> Doubt:
    col, word, fits = wrong_date
    question = " ".join(t.text for t in rd.toks).rstrip(" ?.")
    return Doubt(f"The question says '{word}', but my only reading dates it by '{col.name}', which dates the other "
                 "end (a start where the question means an end, or the reverse), so it would count other rows. "
                 "Which date should I use?",
                 [f"{question}, by {' '.join(words_of(c))}" for c in fits[:3]]
                 or [f"number of {_noun(rd.index, col.table)} per year"])


def _ask_ungrouped_by(rd: Reading, by: str) -> Doubt:
    return Doubt(f"The question asks for something '{by}', but nothing in the data matched '{by.split()[-1]}' and "
                 "my only reading does not group by anything, so it would answer another question. Which column "
                 "should I group by?", [f"number of {rd.noun} per {' '.join(c.words)}"
                                        for c in rd.categories()[:3]])


def _ask_grouped_by_modifier(rd: Reading, modifier: tuple[str, str, str]) -> Doubt:
    said, head, table = modifier
    label = rd.index.table(table).name_column() if rd.index.table(table) else None  # type: ignore[union-attr]
    offer = [f"{_noun(rd.index, table)} {' '.join(label.words)}"] if label is not None else []
    where = "which the reading does not use" if table.lower() not in {t.lower() for t in rd.plan.all_tables()} \
        else "but the reading groups by another column"
    return Doubt(f"The question asks for a breakdown by {said}, but my only reading groups by something that is not "
                 f"the {head} ('{head}' matched {_noun(rd.index, table)}, {where}), so it would "
                 f"answer another question. Did you mean one of these?",
                 [rd.question.replace(said, o, 1) for o in offer] + [f"How many {_noun(rd.index, table)} are there?"])


def _ask_loose_table(rd: Reading, loose: tuple[str, str]) -> Doubt:
    said, table = loose
    return Doubt(f"The question is about {said}, but the closest table I found is {_noun(rd.index, table)}, which "
                 "only shares a word stem with it, so my reading would probably answer another question. Which "
                 "table holds them?", [f"How many {_noun(rd.index, table)} are there?"])


def _ask_fanned_out_total(rd: Reading, fan: tuple[str, str]) -> Doubt:
    col, many = fan
    return Doubt(f"My only reading uses '{col}' across a join to {_noun(rd.index, many)}, which holds several rows "
                 "for each row the question is about, so each would be added up or ranked several times (an "
                 "inflated total, repeated rows). Which amount did you mean?", [f"total {m} by {' '.join(c.words)}" for m in rd.measures()[:1]
                                                 for c in rd.categories()[:2]])


def total_of_rows_listed(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'Total invoices', 'unpaid invoices total' answered with a list of the invoices: 'total' said of a table's
    rows (no name holds the word) asks for one figure, their number or their amount, never the rows themselves."""
    if plan.other is not None or plan.setop or plan.group or any(it.agg for it in plan.select):
        return None
    inside = _placed(ments)
    tables = {k: m for m in ments if m.kind == "table" for k in range(m.start, m.end)}
    for i, t in enumerate(toks):
        if t.low != "total" or i in inside or t.quoted:
            continue
        near = [k for k in (i - 1, i + 1, i + 2) if k in tables]
        if near:
            return " ".join(x.text for x in toks[tables[near[0]].start : tables[near[0]].end])
    return None


def _ask_total_of_rows_listed(rd: Reading, noun: str) -> Doubt:
    return Doubt(f"The question asks for a total of {noun}, but my only reading lists them one by one, so it would "
                 f"answer another question. Do you mean how many {noun} there are, or their total amount?",
                 [f"number of {noun}", *[f"total {m} of {noun}" for m in rd.measures()[:2]]])


def _ask_only_identifiers(rd: Reading, col: str) -> Doubt:
    return Doubt(f"My only reading would show just the identifier '{col}', which names nothing you can act on, "
                 "and the question does not ask for ids. Which column names them?",
                 [f"{rd.noun} with their details"])


def _ask_unlabelled_groups(rd: Reading, col: str) -> Doubt:
    return Doubt(f"My only reading gives one total per '{col}' but does not show which is which, so the numbers "
                 "could not be told apart. Should I show each group's name beside its total?",
                 [f"{rd.question.rstrip(' ?.')}, with the names"])


def _ask_echoes_filter(rd: Reading, col: str) -> Doubt:
    return Doubt(f"My only reading shows just '{col}', which the question already fixes to a value, so the answer "
                 "would only repeat the question. Which column should I show for the rows that match?",
                 [f"{rd.noun} with their details"])


def _ask_verb_as_column(rd: Reading, verb: str) -> Doubt:
    said, col = verb.split("|", 1)
    return Doubt(f"I read '{said}' as the column '{col}', which only shares a word stem with it, so my reading "
                 "would probably answer another question. Which column did you mean?")


def _ask_unnamed_later_date(rd: Reading, later: tuple[ColumnInfo, ColumnInfo]) -> Doubt:
    col, row_date = later
    return Doubt(f"The question does not say which date to use, and my only reading dates the rows by '{col.name}', "
                 f"a later stage of each row, not '{row_date.name}', the date of the row itself, so it would "
                 "count other rows. Which date should I use?",
                 [f"{rd.question.rstrip(' ?.')}, by {' '.join(words_of(row_date))}"])


def _ask_ranks_by_count_unasked(rd: Reading, _found: bool) -> Doubt:
    return Doubt("My only reading ranks by how many rows each has, but the question does not ask to count anything, "
                 "so it would rank by something else than asked. What should I rank by?",
                 [f"{rd.question.rstrip(' ?.')}, by total {m}" for m in rd.measures()[:2]])


def _ask_breakdown_by_other_column(rd: Reading, other: tuple[str, ColumnInfo]) -> Doubt:
    said, col = other
    return Doubt(f"The question asks for a breakdown by {said}, and '{col.name}' of {_noun(rd.index, col.table)} says "
                 "exactly that, but my only reading shows another column, so it would answer another question. "
                 f"Should I group by '{col.name}'?",
                 [f"{rd.question.rstrip(' ?.')} (grouped by {col.name})"])


def _ask_unnamed_bridges(rd: Reading, far: list[str]) -> Doubt:
    said = ", ".join(" ".join(rd.index.table(t).words) for t in far if rd.index.table(t))  # type: ignore[union-attr]
    return Doubt(f"My only reading of this joins through {said}, which the question does not mention, so "
                 "it is probably not what you mean. Could you name the table or column you are asking about?")


def _ask_unnamed_code(rd: Reading, code: Unnamed) -> Doubt:
    return Doubt(code.problem(), [f"How many {_noun(rd.index, code.column.table)} are there per "
                                  f"{' '.join(code.column.words)}?"])


def _own_key_groups(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """A grouping with one row per group: by the table's own key, or counting rows per its own name."""
    return groups_by_own_key(plan, index) or counts_rows_per_own_name(toks, plan, index)


def _unsaid_flag(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> str | None:
    """A yes/no or state word of the question that the reading has no condition for."""
    return dropped_flag(toks, ments, plan) or dropped_state(toks, ments, plan, index)


def _text_as_number(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """A text column compared or ranked as if it held numbers."""
    return text_compared_as_number(plan, index) or most_by_text(toks, plan, index)


def _far_bridges(ments: list[Mention], plan: Plan, index: SchemaIndex) -> list[str] | None:
    """Two or more tables the join passes through that the question never names (one is a normal bridge)."""
    far = unnamed_bridges(ments, plan, index)
    return far if len(far) >= 2 else None



RATE_NOUNS = frozenset({"rate", "rates", "ratio"})
# what may follow the rate a question asks for ('win rate on deals ...'); another noun makes 'rate' a modifier
# ('rate plans')
RATE_FOLLOWERS = frozenset("on of for in among across by per over during this last each".split())


def rate_as_rows(toks: list[Token], ments: list[Mention], plan: Plan) -> str | None:
    """'What was our win rate on deals closed in 2024?' read as a list of the deals: a rate the data keeps in no
    column is a share of rows (won among closed), and a reading that computes nothing at all answers another
    question, so ask. Not when 'rate' is part of a column's name ('hourly rate'). Returns the words said."""
    if plan.setop or plan.change is not None or any(it.agg for it in plan.select) or plan.having:
        return None
    named = {k for m in ments if m.kind in ("column", "value", "table") for k in range(m.start, m.end)}
    for i, t in enumerate(toks):
        after = toks[i + 1].low if i + 1 < len(toks) else "?"
        if t.low in RATE_NOUNS and i not in named and i > 0 and toks[i - 1].low not in ("the", "a", "at") \
                and (after in RATE_FOLLOWERS or not after[:1].isalnum()):
            return f"{toks[i - 1].text} {t.text}"
    return None


def repeated_condition(plan: Plan) -> tuple[str, str] | None:
    """'How many lost deals were lost to a competitor?' read as is_won = false twice: two words of the question
    became the same condition, so one of them (with the words after it) meant something the reading never placed;
    ask rather than answer without it. Returns the column and the value (as Python shows it)."""
    seen: set[tuple[object, ...]] = set()
    for c in _ands(plan):
        if c.column is None or c.op != "=" or c.ref_column:
            continue
        key = (c.table, c.column, str(c.value).lower())
        if key in seen:
            return c.column, repr(c.value)
        seen.add(key)
    return None

def counts_a_count_column(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> ColumnInfo | None:
    """'the number of beds of ward c' read as COUNT(DISTINCT beds): a plain number column (no key, flag, year or
    date) named by the very noun the question counts already holds how many there are, so counting its different
    values answers how many different sizes exist, which only a word like 'different' asks for. Why: the reading
    that fits a schema it was never tuned on is the column's value or its total, not a count of its values."""
    if any(t.low in DISTINCT_WORDS for t in toks):
        return None
    counted = set()  # the columns a count cue names right after it ('number of beds', 'how many the seats')
    for m in ments:
        k = m.start
        while k > 0 and toks[k - 1].low in ("the", "of") and (toks[k - 2].low, toks[k - 1].low) not in COUNT_CUES:
            k -= 1
        if m.kind == "column" and m.columns and k >= 2 and (toks[k - 2].low, toks[k - 1].low) in COUNT_CUES:
            counted.add((m.columns[0][0].table, m.columns[0][0].name))
    for it in plan.select:
        if it.agg != "count" or not it.distinct or it.column is None:
            continue
        col = index.column(it.table or plan.root or "", it.column)
        if col is None or (col.table, col.name) not in counted or col.kind != "num" or col.is_key or col.fk is not None:
            continue
        if _flag(col) or holds_dates(col) or {"year", "years"} & set(col.words):
            continue
        return col
    return None


def _ask_counts_a_count_column(rd: Reading, col: ColumnInfo) -> Doubt:
    return Doubt(f"'{col.name}' of {_noun(rd.index, col.table)} already holds a number, but my only reading counts "
                 f"its different values, so it would answer another question. Should I show the {col.name}, add "
                 "them up, or count the different values?",
                 [f"{rd.question.rstrip(' ?.')}, shown as stored", f"total {col.name}"])


_COMPARISON_GLUE = frozenset("of is are was were more less than over above below under at least most greater fewer "
                             "higher lower larger smaller bigger exceeding".split())


def compares_other_column(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'exhibitions with an attendance of more than 2000' read as Year > 2000: the question names a number column
    right before the comparison ('<column> of more than N'), the reading never uses it and compares the number on a
    column the question does not name (a year looks like 2000). Why: the named column is what the number bounds on
    any schema; a number that only looks like a year is no reason to move it."""
    named = {(c.table, c.name) for m in ments if m.kind == "column" for c, _ in m.columns[:1]}
    used = {(c.table or plan.root, c.column) for c in _conditions(plan)} | {
        (it.table or plan.root, it.column) for it in _items(plan)}
    for c in _conditions(plan):
        if c.op not in (">", ">=", "<", "<=") or c.column is None or c.agg or c.sub is not None or (
                c.table or plan.root, c.column) in named:
            continue
        at = next((i for i, t in enumerate(toks) if t.number is not None and _is_number(str(c.value))
                   and abs(t.number - float(str(c.value))) < 1e-9), None)
        if at is None:
            continue
        k = at - 1
        while k >= 0 and toks[k].low in _COMPARISON_GLUE:
            k -= 1
        m = next((m for m in ments if m.kind == "column" and m.end == k + 1 and m.columns), None)
        if m is None or k == at - 1:
            continue
        col = m.columns[0][0]
        if col.kind == "num" and not col.is_key and col.fk is None and (col.table, col.name) not in used:
            return m.text, c.column
    return None


RANK_COLUMN_WORDS = frozenset("rank ranking".split())
_RANKING_SUPERLATIVES = frozenset("highest lowest top bottom best worst higher lower better worse".split())


def ranks_by_rank_column(toks: list[Token], plan: Plan, index: SchemaIndex) -> ColumnInfo | None:
    """'the store with the highest ranking' read as ORDER BY ranking DESC: in a rank column 1 is the top, so 'highest'
    may mean the smallest number or the largest, and either reading answers with confidence. Why: no schema says
    which way its ranks run, so the direction is asked, not guessed."""
    if not {t.low for t in toks} & _RANKING_SUPERLATIVES:
        return None
    items = [it for it, _ in plan.order] + [it for it in plan.select if it.agg in ("max", "min")]
    for it in items:
        if it.column is None or it.agg not in (None, "max", "min"):
            continue
        col = index.column(it.table or plan.root or "", it.column)
        if col is not None and col.kind == "num" and not col.is_key and RANK_COLUMN_WORDS & set(col.words):
            return col
    return None


def _ask_ranks_by_rank_column(rd: Reading, col: ColumnInfo) -> Doubt:
    q = rd.question.rstrip(" ?.")
    return Doubt(f"'{col.name}' is a ranking, where 1 is usually the top, so 'highest' or 'best' could mean the "
                 "smallest number or the largest. Which do you mean?",
                 [f"{q} (rank 1 first)", f"{q} (largest {col.name} first)"])


def value_names_table(plan: Plan, index: SchemaIndex) -> tuple[str, str, str] | None:
    """'How many staff users are there?' read with content_type.model = 'user': a text value that is the name of
    another table (a generic relation's model names, an audit log's entity column) is the question's word for that
    table's rows; as a value it answers for the rows that mention the table. Returns (value, column, table)."""
    for c in _conditions(plan):
        if c.op != "=" or not isinstance(c.value, str) or c.ref_column or c.sub is not None or c.agg:
            continue
        value = singular(c.value.strip().lower())
        if len(value) < 3:
            continue
        for t in index.tables:
            if t.name.lower() == (c.table or "").lower() or not t.words:
                continue
            if value in (singular(t.words[-1]), singular(" ".join(t.words))) or _spells_table(value, t.words):
                return c.value, str(c.column), t.name
    return None


def value_names_own_table(plan: Plan, index: SchemaIndex) -> tuple[str, str, str] | None:
    """'How many consultants do we have?' read over TBL_CNSLT with CNS_LVL = 'Consultant': the question's noun for
    the rows was taken for a value of one of their own columns (the table's name, cut to a skeleton, did not say it),
    so the reading keeps only some of the rows the question asks about. Returns (value, column, table)."""
    for c in _conditions(plan):
        if c.op != "=" or not isinstance(c.value, str) or c.ref_column or c.sub is not None or c.agg:
            continue
        value = singular(c.value.strip().lower())
        t = index.table(c.table or plan.root or "")
        if len(value) < 3 or t is None or not t.words:
            continue
        col = t.col(str(c.column))
        if col is not None and (col.distinct == 1 or col.complete and len({v.lower() for v in col.samples}) == 1):
            continue  # a column holding the one value ('object' = 'customer' on every row) keeps every row
        if value in (singular(t.words[-1]), singular(" ".join(t.words))) or _spells_table(value, t.words, CLEAR_FIT):
            return c.value, str(c.column), t.name  # a clear skeleton is enough: the rows are already this table's
    return None


def _ask_value_names_own_table(rd: Reading, found: tuple[str, str, str]) -> Doubt:
    value, column, table = found
    noun = _noun(rd.index, table)
    return Doubt(f"My only reading takes '{value}' as a value of '{column}' and keeps only the {noun} with that "
                 f"value, but '{value}' may be the question's word for all {noun}. Do you mean every one of the {noun}, "
                 f"or only those whose '{column}' is '{value}'?", [f"{rd.question.rstrip(' ?.')} (all {noun})"])


DATE_NAME_WORDS = frozenset("at on dt date time ts timestamp day".split())


def date_among_unread(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'How many orders were placed in 2023?' dated by OO_PD_AT beside OO_CRTD: no word names the date the period
    applies to, and another date of the table has a name the engine cannot read (a skeleton such as 'crtd', no
    word of it known), so which date the question means is a guess among dates it does not understand. Returns
    the date used and the unread one."""
    from .confidence import _named_by_question

    used = [(it.table, it.column) for it in _items(plan) if it.bucket] + [
        (c.table, c.column) for c in _conditions(plan) if c.sub is None and not c.ref_column and c.value is not None
        and c.op in (">=", "<", ">", "<=", "between")]  # a period, not 'no paid date' (is null)
    for table, column in used:
        t = index.table(table or plan.root or "")
        col = t.col(column or "") if t is not None else None
        if t is None or col is None or col.kind != "date" or _named_by_question(col, toks, ments):
            continue
        if any(_equiv(f, w) >= CLEAR_FIT or len(w) >= 3 and not is_word(w) and _abbreviates(w, f)
               for tok in toks for f in {tok.low, tok.lemma} for w in col.words if w not in DATE_NAME_WORDS):
            continue  # 'cancelled' of bbc_cncl_dt: the question names the date through its abbreviation
        for other in t.columns:
            said = [w for w in other.words if w not in DATE_NAME_WORDS]
            if other is not col and other.kind == "date" and said and not any(is_word(w) for w in said):
                return col.name, other.name
    return None


def _spells_table(value: str, words: tuple[str, ...], fit: float = 0.85) -> bool:
    """Whether a table's name abbreviates the value, a noun ('members' of T_MMBRS_MMBR, 'location' of TBL_LCTN): an
    unfamiliar schema spells its tables so, and the value is then the question's word for that table's rows."""
    said = tuple(value.split())
    if not all("NOUN" in (lemmas := getAllLemmas(w)) and "ADJ" not in lemmas for w in said):
        return False  # 'refunded', 'high', 'pending': a state of the rows, not the name of other rows
    return len(said) <= len(words) and any(
        not is_word(w) and len(w) >= 3 for w in words[-len(said):]) and max(
        match_words(said, words[-len(said):]), match_words(said, words)) >= fit


def summed_for_how_many(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str, str] | None:
    """'How many units are vacant?' ('the number of units') read as the sum of a lease's deposit: 'how many' asks
    for a count of things,
    and a sum answers it only when a word names the quantity added up ('how many hours', 'how many items were
    sold' over a quantity). A sum of a column nothing in the question names is a guess at the measure (on an
    unfamiliar schema, mostly the wrong one). Returns the counting phrase, the column summed and the counted word."""
    lows = [t.low for t in toks]
    at = next((i for i, (a, b) in enumerate(zip(lows, lows[1:])) if (a, b) in COUNT_CUES), None)
    if at is None or at + 2 >= len(toks):
        return None
    said = {t.lemma for t in toks} | set(lows)
    for it in plan.select:
        col = index.column(it.table or plan.root or "", it.column or "")
        if it.agg != "sum" or col is None or col.expr:
            continue
        if any(c is col for m in ments for c, _ in m.columns[:3]) or set(col.words) & said:
            continue
        return f"{toks[at].low} {toks[at + 1].low} {toks[at + 2].text}", col.name, toks[at + 2].text
    return None


def unplaced_breakdown(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'Total monthly payments of active leases by customer country' grouped by the lease owner's title: the head of
    the breakdown the question names ('country') is a word nothing placed, and no column the answer shows or groups
    by says it, so the answer breaks down by something else. Returns the word and the column shown instead."""
    if not plan.group or plan.other is not None:
        return None
    placed = _placed(ments)
    for i, t in enumerate(toks[:-1]):
        if t.quoted or t.low not in ("by", "per", "each", "every") or i in placed:
            continue
        if t.low == "by" and i > 0 and toks[i - 1].low.endswith("ed"):
            continue  # 'shared by', 'used by the most orchestras': an agent, not a breakdown
        k = i + 1  # the head of the noun phrase, as breakdown_by_other_column finds it
        while k + 1 < len(toks) and toks[k + 1].low.isalpha() and not toks[k + 1].clause_break \
                and toks[k + 1].low not in STOPWORDS and toks[k + 1].low not in FILLER:
            k += 1
        head = toks[k]
        if k in placed or head.quoted or not head.low.isalpha() or len(head.low) < 4 or head.low in GRAINS \
                or head.low in TIME_UNITS or {head.low, head.lemma} & (STOPWORDS | FILLER | GENERAL_NOUNS | _ASKING_WORDS):
            continue
        if "VERB" in getAllLemmas(head.low):
            continue  # 'each location host': the phrase ended in its verb, its head is 'location'
        if t.low == "by" and plan.limit is not None and any(it.agg in ("sum", "avg") and it.column for it, _ in plan.order) \
                and {head.low, head.lemma} & (MONEY_WORDS | TAKINGS_WORDS):
            continue  # 'top 3 customers by revenue': the money the rows are ranked by, not a breakdown
        cols = [index.column(it.table or plan.root or "", it.column) for it in list(plan.select) + list(plan.group)
                if it.agg is None and it.column]
        cols = [c for c in cols if c is not None]
        if not cols or any(stem(head.lemma) in {stem(w) for w in words_of(c) + tuple(c.synonyms)} for c in cols):
            continue
        return head.low, cols[0].name
    return None


def average_of_unnamed_rows(ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str, str] | None:
    """'customers with revenue above the average' read as the customers with one order line above the average line:
    a list of rows kept by a column of another table, many of whose rows belong to each listed row, compared with
    that table's own average. The question names only the listed rows, so it most likely means each one's total
    against the average total; the reading answers another question. (noun, column, other rows' noun) or None."""
    if plan.group or plan.setop or any(it.agg for it in plan.select) or not plan.root:
        return None
    root = index.table(plan.root)
    named = {t.name for m in ments if m.kind == "table" for t, _ in m.tables[:1]}
    for g in plan.where:
        for c in g:
            sub = c.sub
            if sub is None or len(sub.select) != 1 or sub.select[0].agg != "avg" or sub.where or c.table is None:
                continue
            other = sub.select[0].table
            if other != c.table or other == plan.root or other in named or root is None:
                continue
            if any(x.fk is not None and x.fk[0].lower() == other.lower() for x in root.columns):
                continue  # each listed row has one such row (its product, its category): one value each
            return _noun(index, plan.root), c.column or "", " ".join(index.table(other).words) if index.table(other) else other  # type: ignore[union-attr]
    return None


def _ask_value_names_table(rd: Reading, found: tuple[str, str, str]) -> Doubt:
    value, column, table = found
    noun = _noun(rd.index, table)
    return Doubt(f"My only reading takes '{value}' as a value of '{column}', but it is also the name of {noun}, "
                 f"so it would answer for the rows that mention {noun}, not for {noun} themselves. Which do you mean?",
                 [f"{rd.question.rstrip(' ?.')} (in {noun})"])


def _describes_other_rows(index: SchemaIndex, root: str, table: str) -> bool:
    """A condition on ``table`` says something about other rows than ``root``'s: ``table`` is not next to ``root``
    (reached through a third table: a case's account's opportunities), or ``root`` refers to it only through keys
    named by a role, not by the table (Case.OwnerId -> User: the person in that role). A table next to it by its own
    key (policies.product_id -> products) or referring to it (enrollments of a course) says what the row is."""
    t, target = index.table(root), index.table(table)
    if t is None or target is None:
        return False
    if any(c.fk is not None and c.fk[0].lower() == root.lower() for c in target.columns):
        return False
    keys = [c for c in t.columns if c.fk is not None and c.fk[0].lower() == table.lower()]
    said = {singular(w) for w in target.words}
    return all(not {singular(w) for w in c.words if w not in ("id", "key")} & said for c in keys)


def modifier_on_unnamed_table(ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, str, str] | None:
    """'How many support cases are open?' read as the cases whose owner works in Support: the word right before the
    counted table's noun describes those rows, and a reading that takes it from a table the question never names and
    that describes other rows (``_describes_other_rows``: the person in a role, a third table's rows) answers another
    question. A dimension reached by the row's own key ('auto policies': product_id -> products) says what the row
    is and is left alone, as is a name of the other table. Returns (word, noun, table)."""
    named = {tb.name for m in ments if m.kind == "table" for tb, _ in m.tables}
    starts = {m.start: m for m in ments}
    for m in ments:
        nxt = starts.get(m.end)
        if m.kind not in ("column", "value") or nxt is None or nxt.kind != "table" or not nxt.tables \
                or nxt.tables[0][0].name != plan.root:
            continue
        cols = [c for c, _ in m.columns[:1]] if m.kind == "column" else m.value_columns
        for c in _ands(plan):
            if c.table in (plan.root, None) or c.table in named or c.ref_column \
                    or not _describes_other_rows(index, plan.root or "", c.table or ""):
                continue
            table = index.table(c.table or "")
            namer = table.name_column() if table is not None else None
            if any(col.table == c.table and col.name.lower() == (c.column or "").lower() and col is not namer
                   for col in cols):
                return m.text, nxt.text, str(c.table)
    return None


def _ask_modifier_on_unnamed_table(rd: Reading, found: tuple[str, str, str]) -> Doubt:
    word, noun, table = found
    return Doubt(f"The question says '{word} {noun}', but my only reading takes '{word}' from {_noun(rd.index, table)}, "
                 f"which the question never names, so it would describe other rows than the {noun}. Which column of "
                 f"the {noun} says '{word}'?")


RELATIVE_PRONOUNS = frozenset("who that whose which".split())


def no_one_who(toks: list[Token], plan: Plan) -> str | None:
    """'Which villages have no grower who joined before 2000?' read as the villages of growers who joined before
    2000: 'no <thing> who ...' asks for what lacks every such row, and a reading with only positive conditions
    (no NOT IN, no EXCEPT, no count of zero) answers the opposite. Returns the phrase."""
    words = [t.low for t in toks]
    at = next((i for i in range(len(words) - 2) if words[i] == "no" and not toks[i].quoted
               and words[i + 1].isalpha() and words[i + 2] in RELATIVE_PRONOUNS), None)
    if at is None or plan.setop == "except":
        return None
    for c in _conditions(plan):
        if c.op in NEGATIVE_OPS or c.op.startswith("not"):
            return None
        if c.agg == "count" and c.op in ("=", "<", "<=") and c.value in (0, 1, "0", "1"):
            return None
    return f"no {words[at + 1]} {words[at + 2]}"


COMPARISON_CUES = frozenset({("more", "than"), ("less", "than"), ("fewer", "than"), ("greater", "than"),
                             ("at", "least"), ("at", "most")})


def row_level_total(toks: list[Token], plan: Plan, index: SchemaIndex) -> str | None:
    """'Which orchards delivered more than 50 tonnes in total?' read as deliveries of over 50 tonnes each: 'in
    total' puts the comparison on a sum over each thing's rows, and a reading that compares single rows (no
    aggregate condition) answers another question. Returns the compared column."""
    words = [t.low for t in toks]
    pairs = set(zip(words, words[1:]))
    if ("in", "total") not in pairs or not pairs & COMPARISON_CUES or plan.other is not None:
        return None
    if any(c.agg for c in plan.having) or any(c.agg for g in plan.where for c in g):
        return None
    for g in plan.where:
        for c in g:
            col = index.column(c.table or plan.root or "", c.column or "") if c.column else None
            if (col is not None and c.sub is None and c.op in (">", "<", ">=", "<=") and col.kind == "num"
                    and not col.is_key and isinstance(c.value, (int, float))):
                return col.name
    return None


def shows_key_for_named_column(toks: list[Token], ments: list[Mention], plan: Plan,
                               index: SchemaIndex) -> tuple[str, str] | None:
    """'the type of the incident that lasted longest' answered with incident_id, 'the names of the varieties'
    with Delivery.VarietyID: the question asks for '<word> of <thing>', the thing's table has a column of that
    word (incident_type, VarietyName), and the reading shows only the thing's key or a key pointing at it.
    Returns the word and the column."""
    if plan.other is not None or {t.low for t in toks} & ID_WORDS:
        return None  # (an id the question asks for is shown on purpose)
    shown = [index.column(it.table or plan.root or "", it.column or "") for it in plan.select
             if not it.agg and it.column]
    words = [t.low for t in toks]
    for m in ments:
        t = m.best_table() if m.kind == "table" else None
        key = m.best_column() if m.kind == "column" else None
        if key is not None and (key.fk is not None or key.is_pk):  # 'varieties delivered': Delivery.VarietyID
            t = index.table(key.fk[0] if key.fk is not None else key.table)
        said = of_word_column(words, m.start, t) if t is not None else None
        if said is None:
            continue
        word, named = said
        keyed = [c for c in shown if c is not None and (
            (c.table == t.name and c.is_pk) or (c.fk is not None and c.fk[0].lower() == t.name.lower()))]
        if keyed and not any(c is not None and c.table == t.name and c.name == named.name for c in shown):
            return word, named.name
    return None


RECENCY_WORDS = frozenset("recently recent latest newest earliest".split())
TIME_WORDS = frozenset("year date time day".split())


def ranks_by_other_time(toks: list[Token], plan: Plan, index: SchemaIndex) -> tuple[str, str] | None:
    """'the station that has the most recently built vehicle' ranked by the station's founded_year: the recency
    word is said of a verb ('built') that, with a time word, names another column (vehicle.year_built), and the
    reading orders by a column without it. Returns the verb and that column."""
    if not plan.order or plan.limit is None or any(it.column is None or it.agg for it, _ in plan.order):
        return None
    words = [t.low for t in toks]
    ordered = {(c.table, c.name) for c in (index.column(it.table or plan.root or "", it.column or "")
                                           for it, _ in plan.order) if c is not None}
    for i, w in enumerate(words):
        if w not in RECENCY_WORDS or i + 1 >= len(words) or not words[i + 1].isalpha():
            continue
        v = stem(words[i + 1])
        if words[i + 1] in STOPWORDS or v in TIME_WORDS:
            continue
        for t in index.tables:
            for col in t.columns:
                cw = {stem(x) for x in col.words}
                if not col.is_key and v in cw and cw & TIME_WORDS and (col.table, col.name) not in ordered:
                    return words[i + 1], f"{col.table}.{col.name}"
    return None


CHECKS = (
    Check("unnamed_code", unnamed_code, _ask_unnamed_code),
    Check("unstored_state", unstored_state, _ask_unstored_state),
    Check("unplaced_capability", unplaced_capability,
          "The question asks which rows '{0}', but nothing in the data I could place says that, and my only "
          "reading keeps every row. Which column says it?"),
    Check("code_beside_parent_name", code_beside_parent_name,
          "My only reading names the {1} by their {0}, a code the question does not ask for, while each of them "
          "belongs to one of the {2}, which have names. Should I show the {2} instead?"),
    Check("counts_rows_named_as_noun", counts_rows_named_as_noun, _ask_counts_rows_named_as_noun),
    Check("sums_across_currencies", sums_across_currencies, _ask_sums_across_currencies),
    Check("unused_role_key", unused_role_key, _ask_unused_role_key),
    Check("ignored_modifier", ignored_modifier,
          "My only reading takes '{1}' from a column that does not say '{0}', so '{0}' would be ignored and it would "
          "answer another question. Which column or value do you mean?"),
    Check("summed_rate", summed_rate,
          "My only reading adds up '{0}', which is a rate per period on each row (what was agreed), not the money "
          "that came in, so it would answer another question. Which payments or amounts should I add up?"),
    Check("dropped_describer", dropped_describer, _ask_dropped_describer),
    Check("unanswered_second_question", unanswered_second_question,
          "The question also asks '{0}', but my only reading computes a single figure, so half of it would go "
          "unanswered. Could you ask for each figure separately?"),
    Check("impossible_filter", impossible_filter,
          "My reading of this filters '{0}' in two ways no row can satisfy at once, so it would answer nothing "
          "useful. Could you say which value or period you mean?"),
    Check("dropped_period", dropped_period,
          "The question asks about '{0}', but my only reading does not limit any date to that period, so it would "
          "answer for all the data. Which date should the period apply to?"),
    Check("counts_flag_values", counts_flag_values,
          "My only reading counts the different values of the yes/no column '{0}' (there are two), not the rows that "
          "carry it, which is another question. Did you mean how many are marked yes?"),
    Check("idle_table_word", idle_table_word,
          "I read '{0}' as a table the answer only joins to, without using it, so the word is effectively ignored "
          "and the reading would answer another question. Which column or value do you mean?"),
    Check("percent_of_a_column", percent_of_a_column,
          "The question compares with {0} of another column, a ratio I cannot compute yet; my only reading compares "
          "with the bare number, which would answer another question. Could you give the threshold as an amount?"),
    Check("counts_values_not_things", counts_values_not_things, _ask_counts_values_not_things),
    Check("counts_values_of_other_column", counts_values_of_other_column,
          "My only reading counts the different values of '{0}', not the rows you ask about, so it would answer "
          "another question. What should I count?"),
    Check("list_for_how_much", list_for_how_much, _ask_list_for_how_much),
    Check("list_for_a_total", list_for_a_total, _ask_list_for_a_total),
    Check("negation_beside_stored_negative", negation_beside_stored_negative, _ask_negation_beside_stored_negative),
    Check("list_for_a_count", list_for_a_count,
          "The question asks how many {0}, but my only reading lists rows instead of counting them. Could you say "
          "what to count, and per what?"),
    Check("unknown_name", unknown_name,
          "I could not find '{0}' in the data, and my only reading would ignore it, so it would answer another "
          "question. Could you say which column or value you mean (as the data spells it)?"),
    Check("text_compared_as_number", _text_as_number,
          "My only reading compares or ranks the text column '{0}' as if it were a number, which is probably not "
          "what you mean. Did you mean to count something per row?"),
    Check("ranks_by_flag", ranks_by_flag, _ask_ranks_by_flag),
    Check("duration_as_amount", duration_as_amount, _ask_duration_as_amount),
    Check("aggregate_for_an_entity", aggregate_for_an_entity,
          "The question asks '{0}', but my only reading returns a single number, so it would answer another "
          "question. Could you name the column to show?"),
    Check("unused_number", unused_number, _ask_unused_number),
    Check("dropped_grain", dropped_grain, _ask_dropped_grain),
    Check("dropped_measure", dropped_measure, _ask_dropped_measure),
    Check("ranks_by_identifier", ranks_by_identifier, _ask_ranks_by_identifier),
    Check("counts_another_table", counts_another_table, _ask_counts_another_table),
    Check("counts_unnamed_table", counts_unnamed_table, _ask_counts_unnamed_table),
    Check("groups_by_own_key", _own_key_groups, _ask_groups_by_own_key),
    Check("revenue_as_cost", revenue_as_cost, _ask_revenue_as_cost),
    Check("flag_against_number", flag_against_number, _ask_flag_against_number),
    Check("identifier_as_amount", identifier_as_amount,
          "My only reading compares the identifier '{0}' with a number from the question, but an identifier only "
          "names rows, so it would answer another question. Is the number a count, an amount or a year?"),
    Check("year_on_unnamed_column", year_on_unnamed_column, _ask_year_on_unnamed_column),
    Check("aggregates_text", aggregates_text, _ask_aggregates_text),
    Check("tied_measure", tied_measure, _ask_tied_measure),
    Check("tied_across_tables", tied_across_tables, _ask_tied_across_tables),
    Check("sums_calendar_part", sums_calendar_part, _ask_sums_calendar_part),
    Check("text_equal_to_number", text_equal_to_number, _ask_text_equal_to_number),
    Check("dropped_average_comparison", dropped_average_comparison, _ask_dropped_average_comparison),
    Check("dropped_date_comparison", dropped_date_comparison,
          "The question says '{0}', comparing two dates of each row, but my only reading compares no two columns, so "
          "it would answer another question. Which two dates should I compare?"),
    Check("aggregate_for_a_thing", aggregate_for_a_thing, _ask_aggregate_for_a_thing),
    Check("unused_flag", unused_flag, _ask_unused_flag),
    Check("size_ranked_by_count", size_ranked_by_count, _ask_size_ranked_by_count),
    Check("dropped_flag", _unsaid_flag,
          "The question says '{0}', but no column or value in the data matched it and my only reading has no "
          "condition for it, so it would count every row. Which column says that?"),
    Check("dropped_event", dropped_event, _ask_dropped_event),
    Check("opposite_date", opposite_date, _ask_opposite_date),
    Check("dropped_superlative", dropped_superlative,
          "My only reading of this loses '{0}' (it neither ranks, limits nor groups the rows), so it would answer "
          "another question. Could you name what to rank by?"),
    Check("counted_instead_of_measure", counted_instead_of_measure,
          "The question names '{0}', but my only reading counts rows and never uses it, so it would answer another "
          "question. Should I add it up, average it, or count the rows?"),
    Check("counted_for_total", counted_for_total, _ask_counted_for_total),
    Check("negated_value_kept", negated_value_kept,
          "The question says '{0}', but my only reading keeps the rows that have it instead of leaving them out, so "
          "it would answer the opposite question. Could you ask for the ones that have it, or name the column to "
          "exclude?"),
    Check("dropped_negation", dropped_negation,
          "The question says '{0}', but my only reading has no condition to carry it, so it would answer another "
          "question. Could you name the column or value that should (not) hold?"),
    Check("ungrouped_by", ungrouped_by, _ask_ungrouped_by),
    Check("grouped_by_modifier", grouped_by_modifier, _ask_grouped_by_modifier),
    Check("loose_table", loose_table, _ask_loose_table),
    Check("fanned_out_total", fanned_out_total, _ask_fanned_out_total),
    Check("pairs_through_parent", pairs_through_parent, _ask_pairs_through_parent),
    Check("total_of_rows_listed", total_of_rows_listed, _ask_total_of_rows_listed),
    Check("only_identifiers", only_identifiers, _ask_only_identifiers),
    Check("value_cut_short", value_cut_short,
          "I matched only the start of '{0}' in the data, so my reading would answer for another value. Could you "
          "give the value as the data spells it, in quotes?"),
    Check("unlabelled_groups", unlabelled_groups, _ask_unlabelled_groups),
    Check("ungrouped_column", ungrouped_column,
          "My only reading shows '{0}' beside totals per group, but the grouping does not determine it (each group "
          "has several), so it would pair each group with an arbitrary one. What should I group by?"),
    Check("shows_less_than_asked", shows_less_than_asked, _ask_shows_less_than_asked),
    Check("echoes_filter", echoes_filter, _ask_echoes_filter),
    Check("shows_only_flag", shows_only_flag, _ask_shows_only_flag),
    Check("verb_as_column", verb_as_column, _ask_verb_as_column),
    Check("unknown_noun", unknown_noun,
          "I could not find '{0}' in the data (no table, column or value is called that), and my only reading would "
          "ignore it, so it would answer another question. Which column or value do you mean (as the data spells "
          "it)?"),
    Check("unnamed_later_date", unnamed_later_date, _ask_unnamed_later_date),
    Check("period_on_other_named_date", period_on_other_named_date, _ask_period_on_other_named_date),
    Check("ranks_by_count_unasked", ranks_by_count_unasked, _ask_ranks_by_count_unasked),
    Check("breakdown_by_other_column", breakdown_by_other_column, _ask_breakdown_by_other_column),
    Check("rate_as_rows", rate_as_rows,
          "The question asks for the {0}, but my only reading lists rows and computes no rate, so it would answer "
          "another question. Which rows count as the part, and which as the whole (for example, the percentage of "
          "closed deals that were won)?"),
    Check("repeated_condition", repeated_condition,
          "My only reading applies {0} = {1} twice, for two different words of the question, so one of them "
          "probably means something else that the reading leaves out. Which column or value do you mean?"),
    Check("counts_a_count_column", counts_a_count_column, _ask_counts_a_count_column),
    Check("compares_other_column", compares_other_column,
          "The question compares '{0}' with a number, but my only reading compares '{1}' instead, so it would "
          "answer another question. Should I compare '{0}'?"),
    Check("ranks_by_rank_column", ranks_by_rank_column, _ask_ranks_by_rank_column),
    Check("value_names_table", value_names_table, _ask_value_names_table),
    Check("modifier_on_unnamed_table", modifier_on_unnamed_table, _ask_modifier_on_unnamed_table),
    Check("unplaced_breakdown", unplaced_breakdown,
          "The question breaks the answer down by '{0}', but nothing in the data matched it and my only reading "
          "breaks it down by '{1}' instead, so it would answer another question. Which column holds the {0}?"),
    Check("value_names_own_table", value_names_own_table, _ask_value_names_own_table),
    Check("date_among_unread", date_among_unread,
          "No word of the question says which date it means, and my only reading uses {0} while the data also "
          "holds {1}, a date whose name I cannot read. Which date should the period apply to?"),
    Check("summed_for_how_many", summed_for_how_many,
          "'{0}' asks for a count, and this reading adds up {1}, which the question does not name. "
          "Should I count the {2} instead, or which amount should be added up?"),
    Check("counted_unasked", counted_unasked,
          "No word of the question counts anything, but my only reading shows a number of {0} rows, so it would "
          "answer another question. Which columns should I show?"),
    Check("intersect_for_exclusion", intersect_for_exclusion,
          "The question leaves some rows out ('{0}'), but my only reading keeps the rows found in both sets, the "
          "opposite. Which rows should be left out?"),
    Check("count_against_year", count_against_year,
          "My only reading compares a number of rows with {0}, which looks like a year ('{1}' holds years). Did you "
          "mean rows whose {1} is compared with {0}?"),
    Check("year_against_small_number", year_against_small_number,
          "My only reading compares '{1}', which holds years, with {0}, which is no year, so it would answer "
          "another question. Which column should be compared with {0}?"),
    Check("row_level_never", row_level_never,
          "My only reading keeps rows whose {1} is not {0} one row at a time, which leaves out nothing, so things "
          "that also have a {0} row would still be listed. Should I leave out everything that has any {0}?"),
    Check("dropped_positive_half", dropped_positive_half,
          "The question says what the rows did and then '{0}', but my only reading keeps only the exclusion, so "
          "it would also list rows that did neither. Could you ask for each half separately?"),
    Check("orders_by_other_column", orders_by_other_column,
          "The question sorts by '{0}' ('{1}'), but my only reading sorts by another column. Should I sort by {1}?"),
    Check("counted_times_uncounted", counted_times_uncounted,
          "'{0}' counts how often something happens, but my only reading counts nothing. What should be counted?"),
    Check("bridge_past_named_table", bridge_past_named_table,
          "My only reading links the question's things through {1}, which the question never names, and leaves out "
          "{0}, which it does. Should they be linked through {0}?"),
    Check("dropped_adjective", dropped_adjective,
          "The question describes the {1} as '{0}', but my only reading keeps every one of them: nothing in the data "
          "I can read says which are {0}. Which column or value says it?"),
    Check("verb_names_role_key", verb_names_role_key,
          "'{0}' names the role of {1}, but my only reading relates the rows another way. Should I follow {1}?"),
    Check("period_on_unnamed_table", period_on_unnamed_table,
          "Which date should say when: {0} of the rows themselves, or {1} of the {2} joined to them?"),
    Check("better_said_measure", better_said_measure,
          "My only reading adds up {0}, but {1} says more of the question's words. Which amount did you mean?"),
    Check("average_of_unnamed_rows", average_of_unnamed_rows,
          "My only reading keeps the {0} that have any single {2} row whose {1} is above the average {2} row, not "
          "the {0} whose total {1} is above the average total of the {0}. Which do you mean?"),
    Check("no_one_who", no_one_who,
          "The question asks for what has '{0}' ..., but my only reading keeps the rows that do have such "
          "rows. Should I leave out everything that has one?"),
    Check("row_level_total", row_level_total,
          "The question compares a total ('in total'), but my only reading compares {0} one row at a time. "
          "Should I compare the sum of {0} for each?"),
    Check("shows_key_for_named_column", shows_key_for_named_column,
          "The question asks for the '{0}', but my only reading shows an identifier instead of {1}. Should I show "
          "{1}?"),
    Check("ranks_by_other_time", ranks_by_other_time,
          "The question ranks by when something was '{0}' ({1}), but my only reading ranks by another column. "
          "Should I rank by {1}?"),
    Check("unnamed_bridges", _far_bridges, _ask_unnamed_bridges),
)
"""The doubt checks in the order they are tried: the first that finds a reason not to answer wins."""


def doubt(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex, *,
          bridges: bool = True) -> Doubt | None:
    """The first reason not to answer ``plan`` as the reading of the question, or None when it fits (``bridges``:
    whether a join through tables the question never names counts as a reason)."""
    rd = Reading(toks, ments, plan, index)
    for check in CHECKS:
        if check.name == "unnamed_bridges" and not bridges:
            continue
        found = check.run(rd)
        if found is not None:
            return found
    return None


def unsure(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex, reader: str) -> Doubt | None:
    """A reading that passed every check but still looks like a guess (confidence.py): ask, saying how it was
    read and offering the closest readings, instead of answering with confidence."""
    from .confidence import assess, reasons
    from .narrate import reading_line
    from .report import suggestions
    from .sqlgen import join_plan

    a = assess(toks, ments, plan, index, reader)
    if a.confident:
        return None
    try:
        joins = join_plan(plan, index)[1]
    except Exception:  # noqa: BLE001 - the reading line is best effort
        joins = []
    line = reading_line(plan, index, joins).rstrip(". ")
    why = "; ".join(reasons(a)) or "the reading is a guess"
    root = index.table(plan.root or "")
    noun = " ".join(root.words) if root is not None else ""
    # a clarifying answer carries no state, so only stand-alone questions are offered, those on the table
    # the reading is about first
    offers = sorted(suggestions(index), key=lambda q: not (noun and noun in q))[:3]
    return Doubt(f"I am not confident I understood this ({why}). {line}. Is that what you mean? Naming "
                 "the columns as the data spells them helps; or one of these may be closer:", offers)


ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?")


def period_columns(plan: Plan, index: SchemaIndex) -> list[tuple[str, str]]:
    """(table, column) of every date column the reading bounds by a period ('in 1997', 'last month')."""
    out: list[tuple[str, str]] = []
    if plan.change is not None:
        out.append((plan.change.table, plan.change.column))
    for c in _conditions(plan):
        if c.column is None or c.sub is not None or c.agg or c.op not in (">", ">=", "<", "<=", "between", "="):
            continue
        col = index.column(c.table or plan.root or "", c.column)
        if col is not None and (col.kind == "date" or ISO_DATE.match(str(c.value or ""))):
            out.append((col.table, col.name))
    return list(dict.fromkeys(out))


def period_overlaps(plan: Plan, table: str, column: str, span: tuple[object, object]) -> bool:
    """Whether the data's dates on ``column`` (its MIN and MAX) reach into the period the reading bounds it by: then
    an empty answer comes from the reading's other conditions, not from a period without data."""
    lo, hi = (str(v)[:10] if v is not None else None for v in span)
    if lo is None or hi is None or not ISO_DATE.match(lo) or not ISO_DATE.match(hi):
        return False
    start, end = "", "9999"
    for c in _conditions(plan):
        if (c.table or plan.root) != table or c.column != column or c.sub is not None or c.agg:
            continue
        v = str(c.value or "")[:10]
        if c.op in (">=", ">"):
            start = max(start, v)
        elif c.op in ("<", "<="):
            end = min(end, v)
        elif c.op == "=":
            start, end = max(start, v), min(end, v + "~")
    return start <= hi and lo < end


def empty_answer(rows: tuple[tuple[object, ...], ...] | list[tuple[object, ...]]) -> bool:
    """No rows, or only empty (NULL) cells: a total over nothing, not a number anybody can act on."""
    return not rows or all(v is None for r in rows for v in r)


def no_data_in_period(question: str, table: str, column: str, span: tuple[object, object] | None,
                      index: SchemaIndex, inside: bool = False) -> Doubt:
    """The reading bounds a date by a period in which the data has no rows: say so, and where the data lies,
    instead of answering with an empty total (often the question is about other data, or another connection).
    ``inside``: the period has rows, and the reading's other conditions kept none of them; an empty answer from a
    reading that may be narrower than meant is still no answer to act on, so ask, saying so truthfully."""
    noun = _noun(index, table)
    if inside:
        return Doubt(f"The period the question names has {noun}, but none of them meets every other condition of my "
                     "reading, so the answer would be empty. Is one of the conditions narrower than you meant?",
                     [f"number of {noun} per year"])
    lo, hi = span or (None, None)
    where = (f" ({noun} {column} runs from {str(lo)[:10]} to {str(hi)[:10]})" if lo is not None and hi is not None
             else "")
    readings = [f"number of {noun} per year"]
    if hi is not None and ISO_DATE.match(str(hi)):
        readings.append(f"number of {noun} in {str(hi)[:4]}")
    return Doubt(f"I found no {noun} in the period the question names{where}, so my reading would answer with an "
                 "empty total. Is the question about another period, or about other data?", readings)

