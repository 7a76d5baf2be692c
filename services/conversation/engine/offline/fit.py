"""How well one connection's schema fits a question: the evidence used to choose the connection.

Table-name overlap alone sends "number of customers per market segment" to any warehouse with a
`customers` table. This scores a schema by the question words its semantic model can place: entities
(tables), columns (split identifiers, abbreviations, documented measures), stored values
('MACHINERY', 'GERMANY') and the business words a model answers through roles (a money word needs a
money measure, 'per month' needs a time column). Words no candidate places cost every candidate the
same, so only the difference between connections decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from services.common.column_roles import FLAG_WORDS, MONEY_WORDS, QUANTITY_WORDS

from .lexicon import FILLER, GRAINS, STOPWORDS, Token, stem, tokenize
from .linking import _COMMON_QUESTION_WORDS, Mention, SchemaIndex, _column_hits, link
from .semantic import SPEND_VERBS, SemanticModel, words_of

TIME_WORDS = frozenset("year years month months quarter quarters week weeks day days date dates yearly monthly "
                       "quarterly weekly daily annual annually when since ago recent recently latest".split())
# Words of how a question is asked, not of what it is about: they never tell two schemas apart.
QUESTION_WORDS = frozenset("top bottom best worst share percent percentage growth compared compare median mean ratio "
                           "rank ranked ranking overall combined breakdown split last next previous current "
                           "this year's time times show".split())
VALUE_WEIGHT = 1.5  # a stored value ('GERMANY') is the most specific evidence a schema can give
ROLE_WEIGHT = 0.5  # a word answered through a role (money -> a money measure) is weaker than a name
ENTITY_BONUS = 0.25
NAME_PART_WEIGHT = 0.75  # a word of a split column name ('segment' of c_mktsegment) the linker left alone
PHRASE_BONUS = 0.5  # two adjacent question words naming one column together ('total price' -> o_totalprice)
VALUE_PART_WEIGHT = 0.75  # a word inside a stored value ('urgent' of '1-URGENT', 'european' of 'EUROPE')
NAMED_WEIGHT = 0.75  # a word a table, column or stored value (or a clear part of one) names (``Fit.outweighs``)
# how much worse another schema must place a word for this one's better placing to be evidence (``Fit.outweighs``):
# one quantisation step between plain names (a column 'country' against a part of 'ship_country', 1.0 against 0.75)
# is spelling noise, and with many look-alike warehouses connected it picked the wrong one more often than the right
# one; the step from a plain name to more than one (a table named exactly, a value written as a name) still counts
CLEAR_STEP = 0.5
PLAIN_NAME_WEIGHT = 1.0
MAX_VALUE_WORDS = 50  # values of columns with at most this many stored values are searched word by word
# 'european' is 'EUROPE' + ean, 'asian' 'ASIA' + n, 'chinese' 'CHINA' + ese: how a place name becomes its adjective
DEMONYM_ENDINGS = ("an", "ean", "ian", "ese", "ish", "n", "i")


@dataclass(frozen=True)
class Fit:
    """Evidence that a schema answers a question: ``score`` adds up the placed words (weighted),
    ``placed`` and ``content`` count them, ``missing`` lists the content words it cannot place."""

    score: float
    placed: int
    content: int
    missing: tuple[str, ...]
    found: tuple[str, ...] = ()  # the content words it places, as written
    subject: str = ""  # the noun a counting question counts ('how many urgent orders' -> 'orders'), if any
    subject_placed: bool = True  # ... and whether this schema places it
    # (question token index, weight) of every content word: the same indices for every schema, so routing can
    # tell words every candidate places ('customers') from words only one places ('hires')
    weights: tuple[tuple[int, float], ...] = ()

    @property
    def coverage(self) -> float:
        return self.placed / self.content if self.content else 0.0

    def outweighs(self, other: Fit) -> bool:
        """Some word this schema places by a name (a table, column or value, not only a role) that ``other``
        places clearly worse (by ``CLEAR_STEP``, or as no more than a plain name where this schema has the table
        itself) or not at all. A lead resting on such a word is evidence; a lead made only of role words
        ('revenue' -> some money measure) or of words ``other`` names about as well is not."""
        theirs = dict(other.weights)
        return any(w >= NAMED_WEIGHT and (theirs.get(i, 0.0) <= w - CLEAR_STEP
                                          or theirs.get(i, 0.0) <= PLAIN_NAME_WEIGHT < w)
                   for i, w in self.weights)


def candidate_tokens(toks: list[Token]) -> list[int]:
    """Indices of the words that may say what the question is about (common question words such as
    'order' count only where a schema names them)."""
    out = []
    for i, t in enumerate(toks):
        if t.quoted:
            out.append(i)
        elif t.number is None and t.low.isalpha() and len(t.low) >= 3 and not {t.low, t.lemma} & STOPWORDS:
            out.append(i)
    return out


def _common(t: Token) -> bool:
    """'total', 'most', 'order by': words of any question, evidence only where a schema names them."""
    return bool({t.low, t.lemma} & (_COMMON_QUESTION_WORDS | FILLER))


def _quantized(score: float) -> float:
    """Link scores differ by spelling noise ('IsActive' vs 'active'); only clear steps should decide."""
    return 1.0 if score >= 0.8 else 0.75 if score >= 0.6 else ROLE_WEIGHT


def _mention_weight(m: Mention) -> float:
    if m.kind == "value":
        return 1.0 if m.value_columns else 0.0
    if m.kind == "table":
        return _quantized(m.tables[0][1]) if m.tables else 0.0
    if m.kind == "column" and m.columns:
        c, sc = m.columns[0]
        if c.expr and c.description.endswith("(derived)"):
            return NAME_PART_WEIGHT  # a measure the engine derived (price x quantity), not one anybody documented
        return _quantized(sc)
    return 0.0


def _table_parts(index: SchemaIndex) -> set[str]:
    """Stems of every table word (identifiers split and expanded)."""
    return {stem(w) for t in index.tables for w in t.words if len(w) >= 3}


def _name_parts(index: SchemaIndex) -> set[str]:
    """Stems of every table word and every column word once identifiers are split and expanded."""
    out = {stem(w) for t in index.tables for w in t.words}
    out |= {stem(w) for c in index.all_columns() for w in words_of(c) + tuple(c.words)}
    return {w for w in out if len(w) >= 3}


def _phrases(index: SchemaIndex) -> list[frozenset[str]]:
    """Per column and table: the stems of its words (a phrase of the question naming it must lie in one)."""
    out = [frozenset(stem(w) for w in words_of(c) + tuple(c.words)) for c in index.all_columns()]
    out += [frozenset(stem(w) for w in t.words) for t in index.tables]
    return [p for p in out if len(p) >= 2]


def _value_words(index: SchemaIndex) -> dict[str, float]:
    """Words of the stored values of small categorical columns ('1-URGENT' -> urgent, 'EUROPE' -> europe),
    weighted: a word that is only part of a value is weaker evidence than the whole value."""
    out: dict[str, float] = {}
    for key, cols in index.values.items():
        if not any(len(c.samples) <= MAX_VALUE_WORDS for c in cols):
            continue
        words = [w for w in re.split(r"[^a-z]+", key) if len(w) >= 4]
        for w in words:
            out[w] = max(out.get(w, 0.0), 1.0 if len(words) == 1 else VALUE_PART_WEIGHT)
    return out


def _value_word_weight(t: Token, words: dict[str, float]) -> float:
    """A question word that is a stored value's word, or the adjective of a stored place name ('European')."""
    for w in (t.low, t.lemma):
        if w in words:
            return VALUE_PART_WEIGHT
    low = t.low
    for end in DEMONYM_ENDINGS:
        if len(low) >= 5 and low.endswith(end):
            root = low[: -len(end)]
            for cand in (root, root + "e", root + "a", root + "y", root + "o"):
                if len(cand) >= 4 and words.get(cand, 0.0) >= 1.0:
                    return VALUE_PART_WEIGHT
    return 0.0


COUNT_CUES = (("how", "many"), ("number", "of"), ("count", "of"))


GRAIN_WORDS = frozenset(g for grain in set(GRAINS.values()) for g in (grain, grain + "s"))
GRAIN_ADVERBS = frozenset(w for w, grain in GRAINS.items() if w != grain)


def _time_grain(toks: list[Token], i: int) -> bool:
    """'per year', 'by month', 'each quarter', 'monthly': a grain to bucket a date by (a role), not a name."""
    low = toks[i].low
    if low in GRAIN_ADVERBS:
        return True
    return low in GRAIN_WORDS and i > 0 and toks[i - 1].low in ("per", "by", "each", "every", "a")


def _count_cue(toks: list[Token], i: int) -> bool:
    """'number' of 'number of hires', 'count' of 'count of orders': a way of asking to count, not a column
    ('policy_number') that tells one schema from another."""
    return i + 1 < len(toks) and (toks[i].low, toks[i + 1].low) in COUNT_CUES


def _plural_noun(word: str) -> bool:
    """'orders', 'people', 'children': a noun whose singular differs (lemminflect's dictionary, shipped with it)."""
    from lemminflect import getAllLemmas

    nouns = getAllLemmas(word, upos="NOUN").get("NOUN", ())
    return bool(nouns) and word not in nouns


def _dictionary_word(word: str) -> bool:
    """An ordinary English word ('new', 'accounts'; lemminflect's dictionary, shipped with it), not a name."""
    from lemminflect import getAllLemmas

    return bool(getAllLemmas(word.lower()))


def counted_subject(toks: list[Token]) -> int | None:
    """Index of the noun a counting question counts: the first plural noun of the phrase after 'how many' /
    'number of' ('how many urgent orders are open' -> orders, 'how many employees left' -> employees). A schema
    that cannot place it cannot answer the question, whatever else it places."""
    for i in range(len(toks) - 1):
        if (toks[i].low, toks[i + 1].low) not in COUNT_CUES:
            continue
        for k in range(i + 2, min(len(toks), i + 6)):
            t = toks[k]
            if t.number is not None or t.low in ("different", "distinct", "the", "unique"):
                continue
            if t.quoted or not t.low.isalpha() or t.low in STOPWORDS:
                return None
            if _plural_noun(t.low):
                return k
        return None
    return None


def _phrase_bonus(toks: list[Token], weight_at: dict[int, float], facts: SchemaFacts) -> float:
    """Adjacent placed words that together name one column or table ('account balance' -> c_acctbal, 'receipt
    date' -> l_receiptdate): a schema naming the phrase fits better than one placing its words apart."""
    placed = sorted(i for i, w in weight_at.items() if w > 0.0)
    pairs = [(i, j) for i, j in zip(placed, placed[1:]) if j == i + 1]
    if not pairs:
        return 0.0
    names = facts.phrases
    bonus = 0.0
    for i, j in pairs:
        a = {stem(toks[i].low), stem(toks[i].lemma)}
        b = {stem(toks[j].low), stem(toks[j].lemma)}
        if a & b:
            continue
        if any(a & p and b & p for p in names):
            bonus += PHRASE_BONUS
    return bonus


class SchemaFacts:
    """What a fit reads of one schema whatever the question (roles present, name parts, value words):
    worked out once per schema and kept beside its model, so fitting many questions does not redo it."""

    def __init__(self, index: SchemaIndex, model: SemanticModel) -> None:
        self.index = index
        self.model = model

    @cached_property
    def roles(self) -> set[str]:
        return {self.model.role(c).role for c in self.index.all_columns()}

    @cached_property
    def kinds(self) -> set[str]:
        return {self.model.role(c).measure_kind for c in self.model.measures()}

    @cached_property
    def entities(self) -> set[str]:
        return {w for t in self.index.tables for w in t.key_words if len(t.key_words) == 1}

    @cached_property
    def parts(self) -> set[str]:
        return _name_parts(self.index)

    @cached_property
    def tables(self) -> set[str]:
        return _table_parts(self.index)

    @cached_property
    def value_words(self) -> dict[str, float]:
        return _value_words(self.index)

    @cached_property
    def phrases(self) -> list[frozenset[str]]:
        return _phrases(self.index)


def question_words(question: str) -> tuple[tuple[str, ...], ...]:
    """Per content word of the question: its spelling, lemma and their stems (what ``touches`` looks up)."""
    toks = tokenize(question)
    out = []
    for i in candidate_tokens(toks):
        t = toks[i]
        if not _common(t) and not {t.low, t.lemma} & QUESTION_WORDS:
            out.append((t.low, t.lemma, stem(t.low), stem(t.lemma)))
    return tuple(out)


def touches(words: tuple[tuple[str, ...], ...], facts: SchemaFacts) -> int:
    """How many question words (``question_words``) a schema's names or stored-value words can place: lookups
    the linker keeps per word on the index, no linking, so a router can order many connections cheaply and fit
    the likeliest first."""
    hits = 0
    for forms in words:
        if set(forms) & facts.parts or any(f in facts.value_words for f in forms) or \
                _column_hits([forms[0]], facts.index)[1] or _column_hits([forms[1]], facts.index)[1]:
            hits += 1
    return hits


def schema_fit(question: str, index: SchemaIndex, model: SemanticModel, facts: SchemaFacts | None = None) -> Fit:
    """Score ``index`` (with its semantic ``model``) for ``question``; cheap: no query runs. ``facts``:
    this schema's ``SchemaFacts`` when the caller keeps them (else worked out here)."""
    facts = facts if facts is not None and facts.index is index and facts.model is model else SchemaFacts(index, model)
    toks = tokenize(question)
    ments = link(toks, index)
    at: dict[int, float] = {}
    weak: set[int] = set()  # words placed only as an ordinary word a stored value also is
    for m in ments:
        w = _mention_weight(m)
        if m.kind == "value" and w and (m.quoted or m.text[:1].isupper()):
            w = VALUE_WEIGHT  # written as a name: 'GERMANY', 'Action'
        elif m.kind == "value" and w and m.end - m.start == 1 and _dictionary_word(m.text):
            weak.add(m.start)  # 'new', 'ship' in lower case: an ordinary word that a stored value also is
            continue
        for k in range(m.start, m.end):
            at[k] = max(at.get(k, 0.0), w)
    roles, kinds, entities = facts.roles, facts.kinds, facts.entities
    score, placed, content, missing, found = 0.0, 0, 0, [], []
    weight_at: dict[int, float] = {}
    named_at: set[int] = set()  # words a table, column or value names (not only a role or a part of a name)
    for i in candidate_tokens(toks):
        t = toks[i]
        if {t.low, t.lemma} & QUESTION_WORDS or _count_cue(toks, i):
            continue  # how the answer is shaped, not what it is about
        w = at.get(i, 0.0)
        if _time_grain(toks, i):  # 'per year' buckets a date: a column 'model_year' is no better evidence of it
            w = ROLE_WEIGHT if w > 0.0 or "time" in roles else 0.0
            content, weight_at[i] = content + 1, w
            if w > 0.0:
                score, placed = score + w, placed + 1
                found.append(t.low)
            else:
                missing.append(t.low)
            continue
        if t.lemma in entities:  # a table named exactly this ('employees'), not reached through a synonym
            w = max(w, 1.0) + ENTITY_BONUS
        if w > 0.0:
            named_at.add(i)
        if w <= 0.0 and not t.quoted:
            word = {t.low, t.lemma}
            if word & TIME_WORDS:
                w = ROLE_WEIGHT if "time" in roles else 0.0
            elif word & (MONEY_WORDS | SPEND_VERBS | {"revenue", "sales", "spending"}):
                w = ROLE_WEIGHT if "money" in kinds else 0.0
            elif word & QUANTITY_WORDS:
                w = ROLE_WEIGHT if "quantity" in kinds else 0.0
            elif word & FLAG_WORDS:
                w = ROLE_WEIGHT if "flag" in roles else 0.0
            # 'active' of isActive beats 'active' as any flag ('total' of o_totalprice is just a way of asking)
            if (w <= 0.0 or (w < NAME_PART_WEIGHT and not _common(t))) and len(t.low) >= 4:
                if stem(t.low) in facts.parts or stem(t.lemma) in facts.parts:
                    w = NAME_PART_WEIGHT
                    if stem(t.low) in facts.tables or stem(t.lemma) in facts.tables:
                        named_at.add(i)  # 'orders' of a table 'ords': the entity is there, however spelt
            if w <= 0.0 and len(t.low) >= 6 and t.low.startswith(("un", "non")):
                rest = t.low[3:] if t.low.startswith("non") else t.low[2:]
                if stem(rest) in facts.parts:
                    w = NAME_PART_WEIGHT  # 'unpaid' says the 'Paid?' flag is off, 'nonrefundable' an 'is_refundable'
            if w <= 0.0 and len(t.low) >= 4 and t.low.isalpha():
                w = _value_word_weight(t, facts.value_words)
            if w <= 0.0 and i in weak:
                w = ROLE_WEIGHT
            if w <= 0.0 and _common(t):
                continue  # 'most', 'order by': not about any schema unless one names it
        content += 1
        weight_at[i] = w
        if w > 0.0:
            score += w
            placed += 1
            found.append(t.low)
        else:
            missing.append(t.low)
    score += _phrase_bonus(toks, weight_at, facts)
    head = counted_subject(toks)
    subject = toks[head].low if head is not None else ""
    # subject_placed: 'reports' is not placed by a column 'reported_on'
    return Fit(round(score, 4), placed, content, tuple(missing), tuple(dict.fromkeys(found)), subject,
               head is None or head in named_at, tuple(sorted(weight_at.items())))

