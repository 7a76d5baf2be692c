"""Integer code columns whose meaning lives only in the application's code.

ORMs store a choice field as a small integer (Django's ``status = models.SmallIntegerField(choices=...)``, Rails'
``enum status: {...}``): ``status`` 0..5, ``kind`` 1..3, with no lookup table and no label table. The data alone
cannot say which number means 'cancelled' or 'meeting room'. A question that names such a state ('bookings
cancelled last year', 'members on pause', 'how many meeting rooms') and a reading that has no condition on the code
column would answer for every row; a reading that guesses a number would answer for a state nobody named. Either is
a confident wrong answer, so the engine asks which code is meant ("Which 'status' value means cancelled? It holds
0-5"). A modeler can then teach the meaning (the semantic model's synonyms on the column), and the next question
uses it.

Teaching goes through the semantic model's existing correction of a column's synonyms: a synonym that is words then
one of the column's codes ('cancelled 4', 'meeting room 1', added with ``{"status": {"add_synonyms": ["cancelled
4"]}}``) says what that code means; the index then reads the column as those words (a ``CASE`` over the code, as for
a code-label table's labels), so 'cancelled bookings' filters on 4.

This module finds the code columns of a table and the question's state word a reading leaves unplaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from services.common.column_roles import code_like_name

from ..types import Column
from .lexicon import FILLER, GRAINS, MONTHS, PARTICLES, STATE_WORDS, STOPWORDS, Token
from .plan import Cond, Plan

if TYPE_CHECKING:  # linking reads taught codes from here
    from .linking import ColumnInfo, Mention, SchemaIndex

# column-name words of a choice field: the row's lifecycle state or its kind
STATE_NAMES = frozenset("status state stage phase".split())
KIND_NAMES = frozenset("kind type category class".split())
MAX_CODES = 12  # a choice field has a handful of values; more is a measure or a key

# lifecycle words that say a row's state ('cancelled bookings', 'members on pause'); beside the lexicon's
# STATE_WORDS, the states applications keep as choice codes
LIFECYCLE = STATE_WORDS | frozenset("""cancelled canceled voided void paused pause hold confirmed completed requested
    rejected approved declined refunded unpaid failed archived blocked banned suspended inactive disabled
    expired churned lapsed withdrawn abandoned onboarding trial trialing rescinded revoked noshow no-show
    no-shows""".split())
# words that come before a state ('are cancelled', 'been voided', 'still pending', 'on pause')
STATE_LEADS = frozenset("is are was were be been being currently now still marked got get gets on".split())
# modifiers before a noun that never name a kind ('new members', 'top 5 rooms', 'our locations')
NOT_KINDS = frozenset("""new old all any each every other our their its my your his her this that these those
    top bottom first last most least more fewer less many much few several single individual distinct different
    unique total average overall biggest largest smallest highest lowest busiest best worst same current recent
    previous next per both either neither own registered existing""".split())


DEGREE_WORDS = frozenset("most least more less very too so".split())
RANK_FILLERS = frozenset("the most least fewest more fewer".split())


@dataclass(frozen=True)
class Unnamed:
    """A state or kind word the reading leaves unplaced, and the code column that would hold it."""

    word: str
    column: ColumnInfo
    codes: tuple[int, ...]
    via: ColumnInfo | None = None  # the other table's yes/no flag the reading used instead

    def question(self) -> str:
        held = (f"{self.codes[0]}-{self.codes[-1]}" if self.codes == tuple(range(self.codes[0], self.codes[-1] + 1))
                else ", ".join(str(c) for c in self.codes))
        return f"Which '{self.column.name}' value means {self.word}? It holds {held}"

    def problem(self) -> str:
        """The clarifying question the engine asks instead of answering."""
        if self.via is not None:
            said = (f"my only reading takes it from {self.via.table}.{self.via.name}, while "
                    f"{self.column.table} keeps its own '{self.column.name}' code")
        else:
            said = "which nothing in the data spells out, and my only reading has no condition for it"
        return f"The question says '{self.word}', {said}, so it could answer for other rows. {self.question()}."


def _integers(col: ColumnInfo) -> tuple[int, ...] | None:
    """The column's sampled values when every one is a whole number, sorted; None otherwise."""
    out = set()
    for v in col.samples:
        s = str(v).strip()
        if not re.fullmatch(r"-?\d+(\.0+)?", s):
            return None
        out.add(int(float(s)))
    return tuple(sorted(out)) if out else None


def code_column(col: ColumnInfo, names: frozenset[str] = STATE_NAMES | KIND_NAMES) -> tuple[int, ...] | None:
    """The codes of an undocumented integer choice column ('status' 0..5, 'kind' 1..3), or None: named as a state or
    a kind, every sampled value a small whole number, more than two of them (two are a yes/no flag), none labelled
    (a code-label table or a modeler's synonyms say what the numbers mean)."""
    if col.is_pk or col.fk is not None or col.decoded or col.synonyms or col.role in ("flag", "measure"):
        return None
    if not set(col.words) & names or not col.samples or not col.complete:
        return None
    codes = _integers(col)
    if codes is None or not 3 <= len(codes) <= MAX_CODES or max(abs(c) for c in codes) > 99:
        return None
    return codes


TAUGHT = re.compile(r"([a-z][a-z -]*?)\s+(-?\d{1,2})", re.IGNORECASE)


def taught_codes(col: Column) -> tuple[tuple[int, str], ...]:
    """(code, words) a modeler taught a choice column through synonyms of the form '<words> <code>' ('cancelled
    4'), each sampled code not taught kept as its number; () when nothing was taught."""
    if not col.synonyms or not code_like_name(col.name):
        return ()
    taught = {int(m.group(2)): m.group(1).strip().lower() for x in col.synonyms if (m := TAUGHT.fullmatch(x.strip()))}
    if not taught:
        return ()
    codes = {int(float(v)) for v in col.sample_values if re.fullmatch(r"-?\d+(\.0+)?", str(v).strip())}
    return tuple(sorted({**{c: str(c) for c in codes}, **taught}.items()))


def taught_column(col: Column) -> tuple[Column, tuple[tuple[int, str], ...]]:
    """``col`` as the index should see it when a modeler taught its codes: holding the taught words (the codes not
    taught as their numbers), the teaching synonyms taken out of its synonyms; and the (code, words) pairs."""
    pairs = taught_codes(col)
    if not pairs:
        return col, ()
    words = tuple(label for _, label in pairs)
    rest = tuple(x for x in col.synonyms if not TAUGHT.fullmatch(x.strip()))
    return replace(col, sample_values=words, values_complete=True, distinct_count=len(set(words)), synonyms=rest), pairs


def _participle(word: str) -> bool:
    """A past participle used as an adjective ('escalated tickets', 'archived listings'): the row's state."""
    from lemminflect import getAllLemmas  # loaded on first use: the lemma tables are big

    if not word.endswith("ed") or len(word) < 5:
        return False
    lemmas = getAllLemmas(word)
    return "VERB" in lemmas and "NOUN" not in lemmas


def _conditioned(plan: Plan) -> set[tuple[str, str]]:
    """(table, column) of every condition of the reading, sub-plans included."""
    out: set[tuple[str, str]] = set()

    def walk(p: Plan) -> None:
        for group in p.where + p.part + [[h] for h in p.having]:
            for c in group:
                _cond(c, p)
        if p.other is not None:
            walk(p.other)

    def _cond(c: Cond, p: Plan) -> None:
        if c.column:
            out.add(((c.table or p.root or "").lower(), c.column.lower()))
        if c.sub is not None:
            walk(c.sub)

    walk(plan)
    return out


def _states_otherwise(index: SchemaIndex, table: str, conditioned: set[tuple[str, str]]) -> bool:
    """The reading already has a condition on another of the table's own columns that is no date ('deactivated'
    read as is_active = 0 beside a status code): the word was placed by the parser, not left out."""
    return any(t == table.lower() and (col := index.column(table, c)) is not None and col.kind != "date"
               and code_column(col) is None for t, c in conditioned)


def _codes_of(index: SchemaIndex, table: str, names: frozenset[str]) -> list[tuple[ColumnInfo, tuple[int, ...]]]:
    t = index.table(table)
    return [(c, codes) for c in (t.columns if t else []) if (codes := code_column(c, names)) is not None]


def _state_on_another_table(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex,
                            conditioned: set[tuple[str, str]]) -> Unnamed | None:
    """'How many active members are there?' read as members joined to their user account's is_active: the state
    word found a yes/no flag of another table, while the counted table keeps its own undocumented state code and the
    reading leaves that code alone. The table's own state is what the question most likely means, so ask."""
    if not plan.root:
        return None
    own = [(c, codes) for c, codes in _codes_of(index, plan.root, STATE_NAMES)
           if (c.table.lower(), c.name.lower()) not in conditioned]
    if not own:
        return None
    for m in ments:
        if m.kind != "column" or m.end - m.start != 1:
            continue
        col = m.best_column()
        t = toks[m.start]
        if (col is not None and col.table != plan.root and col.kind in ("bool", "num") and not col.samples[2:]
                and {t.low, t.lemma} & (LIFECYCLE | {"active"})
                and (col.table.lower(), col.name.lower()) in conditioned):
            return Unnamed(t.low, own[0][0], own[0][1], col)
    return None


def unnamed_code(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> Unnamed | None:
    """A state ('cancelled', 'on pause') or kind ('meeting rooms') the question names, that nothing in the data
    placed (no stored value, no column), while a table the reading counts or lists keeps an undocumented integer
    code for it and the reading has no condition on that code. Kinds are read only right before the table's own
    noun ('meeting rooms' of a rooms table with a 'kind' code); states after 'is/are/been/on' or before a table's
    noun."""
    placed = {k for m in ments if m.kind in ("table", "column", "value", "number") for k in range(m.start, m.end)}
    noun_of = {m.start: [t.name for t, _ in m.tables] for m in ments if m.kind == "table"}
    conditioned = _conditioned(plan)
    tables = [plan.root] if plan.root else []
    tables += [t for t in plan.all_tables() if t not in tables]
    elsewhere = _state_on_another_table(toks, ments, plan, index, conditioned)
    if elsewhere is not None:
        return elsewhere
    for i, t in enumerate(toks):
        if i in placed or t.quoted or t.number is not None or not re.fullmatch(r"[a-z][a-z-]+", t.low):
            continue
        nxt = noun_of.get(i + 1, [])
        state = bool({t.low, t.lemma} & LIFECYCLE and (i > 0 and toks[i - 1].low in STATE_LEADS or nxt)
                     or nxt and _participle(t.low))
        kind = (not state and nxt and t.low not in NOT_KINDS and t.low not in STOPWORDS and t.low not in FILLER
                and t.low not in PARTICLES and t.low not in GRAINS and t.low not in MONTHS and not t.possessive
                and (i == 0 or toks[i - 1].low not in ("of", "per", "by", "each", "every")))
        if not state and not kind:
            continue
        if kind and i > 0 and toks[i - 1].low in DEGREE_WORDS:
            continue  # 'the most expensive plan' grades a measure, it names no kind
        names = STATE_NAMES if state else KIND_NAMES
        where = [n for n in tables if n in nxt] if kind else ([n for n in tables if n in nxt] or tables[:1])
        for name in where:
            if _states_otherwise(index, name, conditioned):
                continue
            for col, codes in _codes_of(index, name, names):
                if (col.table.lower(), col.name.lower()) in conditioned:
                    continue
                return Unnamed(t.low, col, codes)
    return None


def unstored_state(toks: list[Token], ments: list[Mention], plan: Plan, index: SchemaIndex) -> tuple[str, ColumnInfo] | None:
    """'How many orders were confirmed?' where the orders' text ``state`` stores draft, sent, sale, done and cancel:
    the question names a state ('confirmed', after is/are/were or before the table's noun) that nothing placed and
    no stored value spells, while the table keeps its states as text the reading puts no condition on. Which stored
    state the word means ('sale'? 'done'? both?) is the application's convention, not something the words say, so
    the reading that counts every row answers another question. Returns the word and the state column."""
    placed = {k for m in ments if m.kind in ("table", "column", "value", "number") for k in range(m.start, m.end)}
    noun_of = {m.start: [t.name for t, _ in m.tables] for m in ments if m.kind == "table"}
    conditioned = _conditioned(plan)
    for i, t in enumerate(toks):
        if i in placed or t.quoted or t.number is not None or not re.fullmatch(r"[a-z][a-z-]+", t.low):
            continue
        k = i + 1
        while k < len(toks) and toks[k].low in RANK_FILLERS:
            k += 1  # 'who confirmed the most orders': a lifecycle word still qualifies the noun
        said = {t.low, t.lemma} & LIFECYCLE
        nxt = noun_of.get(k if said else i + 1, [])
        if not (said and (i > 0 and toks[i - 1].low in STATE_LEADS or nxt) or nxt and _participle(t.low)):
            continue
        for name in [n for n in nxt if n in plan.all_tables()] or ([plan.root] if plan.root else []):
            if _states_otherwise(index, name, conditioned):
                continue
            table = index.table(name)
            for col in table.columns if table else []:
                if (col.kind == "text" and col.complete and set(col.words) & STATE_NAMES and not col.is_key
                        and 2 < len(col.samples) <= MAX_CODES and (name.lower(), col.name.lower()) not in conditioned):
                    return t.text, col
    return None
