"""Schema linking: index the catalog's words and find table/column/value mentions in a question."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lemminflect import getAllLemmas
from rapidfuzz import fuzz, process

from services.common.column_roles import DATE_FORMS, FLAG_WORDS, HUNGARIAN_TAGS, MONEY_WORDS, QUANTITY_WORDS, \
    hungarian_tag, is_flag_values, stored_date_form, \
    uses_hungarian

from ..types import Column, Schema, Table
from .codelabels import Labels
from .abbrev import CLEAR_FIT, abbreviates_act_of, keeps_own_s, skeleton_of_other_word, abbreviation_fit, expansion, is_word, names_act_of, plural_abbreviation_fit, says, \
    skeleton, verb_base
from .places import REGION_CODES, countries_of, country_codes
from .ormschema import framework_labels, type_registries
from .codecols import taught_column
from .lexicon import (
    FLAG_AFFIXES,
    ORDINALS,
    ABBREVIATIONS,
    AGG_WORDS,
    FILLER,
    ACCOUNT_TABLE_WORDS,
    CURRENCY_NAMES,
    DIMENSION_WORDS,
    GENERIC_TABLE_WORDS,
    NAME_WORDS,
    PERSON_ROLES,
    PARTICLES,
    STATE_FORMS,
    STOPWORDS,
    SYNONYMS,
    OWNER_TRADES,
    OWNER_WORDS,
    UNIT_DIMENSIONS,
    WORD_ABBREVIATIONS,
    Token,
    singular,
    split_identifier,
    stem,
)

NUMERIC_TYPES = ("int", "real", "float", "double", "decimal", "numeric", "number", "money", "bigint", "smallint")
DATE_TYPES = ("date", "time")
MAX_SPAN_SCORES = 4096  # spans kept per schema index (a question has a few dozen)


@dataclass
class ColumnInfo:
    """A column with the words it can be called by."""

    table: str
    name: str
    words: tuple[str, ...]
    kind: str  # num | text | date | bool
    is_pk: bool
    samples: tuple[str, ...]
    complete: bool
    distinct: int | None
    description: str = ""
    fk: tuple[str, str] | None = None  # (ref_table, ref_column)
    expr: str | None = None  # a measure defined in the docs ('revenue = quantity * unit_price'), SQL over this table
    role: str = ""  # a modeler's correction of the semantic role ('' = derive it)
    synonyms: tuple[str, ...] = ()  # words a modeler added for this column
    type_tag: str = ""  # what a Hungarian type tag says the column holds ('money' for 'curFee'), '' without one
    leaf: tuple[str, ...] = ()  # a flattened document path's last field ('pricing_listPrice' -> list price), or ()
    minor: int = 0  # money kept in the currency's minor unit without saying so in its name (100 = cents); 0 = no
    stored: str = ""  # how a text column holds a date or an amount a spreadsheet formatted (see ``stored_form``)
    decoded: tuple[tuple[Any, str], ...] = ()  # (code, label) of a coded column a code-label table labels

    @property
    def key(self) -> str:
        return f"{self.table}.{self.name}"

    @property
    def is_key(self) -> bool:
        """Identifier-like columns (ids, codes) are poor answers for 'name' questions."""
        w = self.words
        return self.is_pk or self.fk is not None or (bool(w) and w[-1] in ("id", "code"))


@dataclass
class TableInfo:
    """A table with the words it can be called by."""

    name: str
    words: tuple[str, ...]
    columns: list[ColumnInfo]
    row_count: int | None
    description: str = ""

    @property
    def key_words(self) -> tuple[str, ...]:
        core = tuple(w for w in self.words if w not in GENERIC_TABLE_WORDS)
        return core or self.words

    # lower-cased name -> first column of that name, rebuilt when columns were added (a derived measure)
    _by_name: tuple[int, dict[str, ColumnInfo]] = field(default=(-1, {}), init=False, compare=False, repr=False)

    def col(self, name: str) -> ColumnInfo | None:
        """The first column of this name, any case. A map, not a scan: planning looks columns up
        tens of thousands of times per question."""
        n, by_name = self._by_name
        if n != len(self.columns):
            by_name = {}
            for c in self.columns:
                by_name.setdefault(c.name.lower(), c)
            self._by_name = (len(self.columns), by_name)
        return by_name.get(name.lower())

    def pk(self) -> ColumnInfo | None:
        pks = [c for c in self.columns if c.is_pk]
        if len(pks) == 1:
            return pks[0]
        ids = [c for c in self.columns if c.words and c.words[-1] == "id" and c.fk is None]
        return ids[0] if ids else (pks[0] if pks else None)

    def _coded(self) -> bool:
        """Whether the table is keyed by a short text code ('BC-STD', 'AGY'): one text key whose sampled values are
        all one short token, as legacy files and code tables key their rows."""
        keys = [c for c in self.columns if c.is_pk]
        return len(keys) == 1 and keys[0].kind == "text" and bool(keys[0].samples) and all(
            len(v) <= 12 and " " not in v.strip() for v in keys[0].samples)

    def name_column(self) -> ColumnInfo | None:
        """The column that best names a row ('name', '<table> name', 'title', ...)."""
        best: tuple[float, ColumnInfo] | None = None
        # rows known by their own number ('Job #', 'Invoice #' in a flat export): the customer or technician name
        # beside it names another thing, so only a name of the row itself ('Job Name') labels it, else the number
        numbered = any(c.is_pk and len(c.words) > 1 and c.words[-1] == "number" and set(c.words[:-1]) <= set(self.key_words)
                       for c in self.columns)
        # a person's row ('FirstName' beside 'JobTitle') is named by the person, never by the job's title
        person = any(c.kind == "text" and c.words[:2] in (("first", "name"), ("given", "name")) for c in self.columns)
        for c in self.columns:
            score = 0.0
            words = name_order(c.words)
            if words and words[-1] == "title" and (person or words[0] in ("job", "position", "role")) \
                    and not set(words[:-1]) <= set(self.key_words):
                continue  # ('job_title' of a jobs table is the job's own name)
            if numbered and not (words and words[-1] in ("name", "title") and set(words[:-1]) <= set(self.key_words)):
                continue
            if words and words[-1] in ("name", "title"):
                score = 3.0 + (1.0 if set(words[:-1]) <= set(self.key_words) else 0.0)
                if words[0] in ("first", "last", "middle", "nick", "user"):
                    score -= 1.5 if c.words[0] != "first" else 1.0
            elif c.is_pk and c.fk is None and c.kind == "text" and c.words and set(c.words) <= set(self.key_words):
                score = 2.5  # a text key that is the table's own word names its row ('Region' in Regions), not its manager
            elif set(c.words) & set(self.key_words) and c.kind == "text" and not c.is_key and not set(c.words) & NOT_NAME_WORDS:
                score = 2.0  # 'product' in products names a row; 'policy_status' in policies is a status, not a name
            elif c.kind == "text" and not c.is_key and c.words and c.words[-1] in ("description", "label"):
                # a description in words beside a code key ('BC-STD', 'AGY') names the row better than the code
                score = 2.75 if self._coded() and _in_words(c.samples) else 1.0
            if score and (best is None or score > best[0]):
                best = (score, c)
        return best[1] if best else None


NAME_PARTS = frozenset("first last middle full display given family nick".split())


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def holds_dates(c: ColumnInfo) -> bool:
    """A date column, or a text column whose sampled values are ISO dates (SQLite stores dates as text)."""
    return c.kind == "date" or c.kind == "text" and bool(c.samples) and all(ISO_DAY.match(s) for s in c.samples)


# Stamps of a row that date something other than the row itself: bookkeeping ('modified', 'updated_at', Django's
# soft-delete 'deleted_at', 'last_login') and a later stage of the row ('paid_at', 'shipped_at', 'refunded_at').
BOOKKEEPING_DATE_WORDS = frozenset("modified updated changed deleted removed archived synced loaded login last".split())
LATER_STAGE_DATE_WORDS = frozenset("paid shipped delivered cancelled canceled refunded closed completed resolved converted "
                                   "returned settled expired".split())


def row_date_rank(c: ColumnInfo) -> int:
    """0 for a date that dates the row (a business date, or a bare creation stamp such as Django's 'created'),
    1 for a later stage of the row, 2 for a bookkeeping stamp. Why: 'orders placed in 2023' on a table whose first
    date column is 'paid_at' or 'deleted_at' would count only the paid (or deleted) orders of that year."""
    ws = set(c.words)
    if ws & BOOKKEEPING_DATE_WORDS:
        return 2
    return 1 if ws & LATER_STAGE_DATE_WORDS else 0


def of_word_column(words: list[str], start: int, t: TableInfo) -> tuple[str, ColumnInfo] | None:
    """'the type of the incident': the word said before 'of (the)' ahead of a mention of ``t`` starting at ``start``,
    and the one column of ``t`` (no key) that word names (incident_type); None when there is none or several."""
    if start < 2:
        return None
    k = start - 1
    while k > 0 and words[k] in ("the", "all", "each", "every"):
        k -= 1
    if words[k] != "of" or k == 0 or not words[k - 1].isalpha():
        return None
    w = stem(singular(words[k - 1]))
    named = [c for c in t.columns if not c.is_key and c.fk is None and w in {stem(x) for x in c.words}]
    return (words[k - 1], named[0]) if len(named) == 1 else None


def row_dates(t: TableInfo) -> list[ColumnInfo]:
    """The date columns of ``t``, the one that dates a row first (schema order otherwise kept)."""
    return sorted((c for c in t.columns if c.kind == "date"), key=row_date_rank)


LOCAL_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?[+-]\d{2}:?\d{2}$")


def may_hold_local_times(c: ColumnInfo) -> bool:
    """Text timestamps that carry (or, unsampled dates, may carry) their own time zone offset
    ('2023-04-01T10:00:00+02:00', as a Django app or an API export writes them): the wall-clock date is the
    business date, and SQLite's date functions would move it to UTC first."""
    if c.samples:
        return c.kind in ("text", "date") and all(LOCAL_STAMP.match(s) for s in c.samples)
    return c.kind == "date"


def line_owner(index: "SchemaIndex", line: str) -> str | None:
    """The one table a line table references and is named after ('orders_orderitem' -> the order, 'invoice_line'
    -> the invoice): what it belongs to when a surrogate key hides the composite key a line table of TPC-H shape has."""
    t = index.table(line)
    if t is None:
        return None
    own = "".join(t.key_words)
    refs = {c.fk[0] for c in t.columns if c.fk is not None and c.fk[0] != line}
    owners = [x for x in refs if (o := index.table(x)) is not None and len(own) > len("".join(o.key_words)) > 0
              and own.startswith("".join(o.key_words))]
    return owners[0] if len(owners) == 1 else None


# Spreadsheet exports keep the cell format: money as '$1,234.50' text (dates: column_roles.stored_date_form).
MONEY_TEXT = re.compile(r"^-?\$ ?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^-?\$ ?\d+(?:\.\d+)?$")


def stored_form(name: str, kind: str, samples: tuple[str, ...], key: bool = False, sql_type: str = "") -> str:
    """How a column holds a date or an amount its type does not say, when every sampled value says so: a date form
    of ``column_roles.stored_date_form`` ('epoch', 'epoch_ms', 'ymd', 'mdy', 'dmy'), or 'money' for '$1,234.50'
    text; else ''. Why: such columns compare, sort and add up only once converted, and people ask for them as dates
    and amounts."""
    form = stored_date_form(name, sql_type, kind, samples, key)
    if form or kind != "text" or not samples:
        return form
    return "money" if all(MONEY_TEXT.match(s.strip()) for s in samples) else ""


def name_order(words: tuple[str, ...]) -> tuple[str, ...]:
    """A name column's words in spoken order: a document export nests the parts under 'name' ('name_first',
    'name_last'), which people call the first and last name."""
    if len(words) == 2 and words[0] == "name" and words[1] in NAME_PARTS:
        return (words[1], "name")
    return words


# words of a column that states something about a row rather than naming it ('policy status', 'order type')
NOT_NAME_WORDS = frozenset("status state type kind category class level tier stage mode method channel frequency freq "
                           "flag date time currency unit".split())


def column_kind(col: Column) -> str:
    t = col.type.lower()
    if any(k in t for k in DATE_TYPES) and "int" not in t:
        return "date"
    if "bool" in t:
        return "bool"
    if any(k in t for k in NUMERIC_TYPES):
        return "num"
    return "text"


def _in_words(samples: tuple[str, ...]) -> bool:
    """Values written in words ('Advertising Agency', 'School'): most of them more than one word or long."""
    return bool(samples) and 2 * sum(" " in v.strip() or len(v) > 8 for v in samples) > len(samples)


@dataclass
class SchemaIndex:
    """Words of every table and column, plus value lookups for complete low-cardinality columns."""

    schema: Schema
    tables: list[TableInfo]
    values: dict[str, list[ColumnInfo]] = field(default_factory=dict)
    described: dict[str, list[ColumnInfo]] = field(default_factory=dict)  # stem of a description word -> columns
    # a span's words -> the tables and columns they name (depends on the index only): kept across questions,
    # so the candidates a router fits and the answer that follows score each span of a schema once
    span_scores: dict[tuple[str, ...], Any] = field(default_factory=dict, compare=False, repr=False)
    # the columns a single question word can match at all (see ``_column_hits``), kept like span_scores
    word_hits: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    _flat: tuple[int, list[tuple[TableInfo, ColumnInfo]], dict[str, tuple[int, ...]]] = field(
        default=(-1, [], {}), init=False, compare=False, repr=False)

    # lower-cased name -> first table of that name (the tables of an index are fixed once it is built)
    _by_name: tuple[int, dict[str, TableInfo]] = field(default=(-1, {}), init=False, compare=False, repr=False)

    def table(self, name: str) -> TableInfo | None:
        """The first table of this name, any case. A map, not a scan (see ``TableInfo.col``)."""
        n, by_name = self._by_name
        if n != len(self.tables):
            by_name = {}
            for t in self.tables:
                by_name.setdefault(t.name.lower(), t)
            self._by_name = (len(self.tables), by_name)
        return by_name.get(name.lower())

    def column(self, table: str, name: str) -> ColumnInfo | None:
        t = self.table(table)
        return t.col(name) if t else None

    def all_columns(self) -> list[ColumnInfo]:
        return [c for t in self.tables for c in t.columns]

    def flat_columns(self) -> tuple[list[tuple[TableInfo, ColumnInfo]], dict[str, tuple[int, ...]]]:
        """Every column with its table, in table order, and the positions of the columns by their words run together
        ('username' for user_name). Rebuilt, and the word hits forgotten, when a column was added."""
        n = sum(len(t.columns) for t in self.tables)
        if self._flat[0] != n:
            flat = [(t, c) for t in self.tables for c in t.columns]
            joined: dict[str, list[int]] = {}
            for pos, (_, c) in enumerate(flat):
                if c.words:
                    joined.setdefault("".join(c.words), []).append(pos)
            self._flat = (n, flat, {k: tuple(v) for k, v in joined.items()})
            self.word_hits.clear()
        return self._flat[1], self._flat[2]


# Unit suffixes people do not say ('amt_usd' is the amount, 'weight_kg' the weight); sqlgen and the semantic
# model still see the column's name (a currency suffix makes it money).
CONNECTORS = frozenset(("of", "the"))
# the head word of a measure column that says only that it holds an amount or a quantity, which people leave unsaid
UNSAID_MEASURE_HEADS = frozenset(("amount", "quantity"))
MEASURE_UNITS = frozenset("year month week day hour minute second".split())
# a trailing unit says how the column is stored, not what it is ("monthly_rent_cents" is the monthly rent)
UNIT_SUFFIXES = frozenset("usd eur gbp jpy chf cad aud inr cny cents pence kg kgs lb lbs km cm mm".split())


# Words the semantic model reads roles from (money, quantity, flags, labels): an abbreviated column token that
# clearly abbreviates one of them, or one of the schema's own table words, is read as that word.
ROLE_WORDS = frozenset(MONEY_WORDS | QUANTITY_WORDS | FLAG_WORDS) | frozenset(NAME_WORDS)


SAID_WITH_NUMBER = frozenset("phone telephone fax mobile cell".split())
# words the columns of any business schema are made of, for a short form no table of the schema spells out
# ('frst_nm' first name, 'eml' email, 'cty' city): a short form still expands only to the one that fits it best
COLUMN_WORDS = frozenset("first last middle email city street country address phone birth signup hire".split())


# short words a glued lowercase name joins like any other ('numberofemployees', 'createdon', 'donotemail')
GLUE_WORDS = frozenset("of or on is to by no do id in at per not and".split())
GLUE_CONNECTIVES = frozenset("of or on to by in at and".split())


@lru_cache(maxsize=65536)
def segment_glued(token: str) -> tuple[str, ...] | None:
    """A lowercase token that runs English words together ('monthlypayment' -> monthly payment, 'createdon' ->
    created on, 'numberofemployees' -> number of employees), in the fewest words (``_glue_rank``);
    None when the token is a word itself or is not such a run. Why: platforms that write logical names in lowercase
    without separators (Dataverse, many CRMs) leave every column one unreadable token."""
    n = len(token)
    if n < 6 or not token.isalpha() or is_word(token):
        return None
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        done = best[i]
        if done is None:
            continue
        for j in range(i + 2, n + 1):
            part = token[i:j]
            if part in GLUE_WORDS or (len(part) >= 3 and _glue_word(part)):
                cand = done + (part,)
                old = best[j]
                if old is None or _glue_rank(cand) < _glue_rank(old):
                    best[j] = cand
    out = best[n]
    return out if out and 2 <= len(out) <= 5 and sum(len(p) >= 4 for p in out) >= 1 else None


def _glue_word(part: str) -> bool:
    """A word of a glued name: an English word, or a word with '-able' the dictionary lacks ('billable')."""
    return is_word(part) or (len(part) >= 7 and part.endswith("able") and is_word(part[:-4]))


def _glue_rank(parts: tuple[str, ...]) -> tuple[int, int, int]:
    """Fewest words, then fewest three-letter words that are no connective ('created on', not 'create don'), then
    the longest last word (the head noun: 'line number', not 'linen umber')."""
    return len(parts), sum(len(p) <= 3 and p not in GLUE_WORDS for p in parts), -len(parts[-1])


def glued_schema(names: list[str]) -> bool:
    """Whether a schema writes its names as glued lowercase words: at least five long tokens (eight letters or more)
    that are no word but split into words, and at least a third of its long non-word tokens, among names without a
    one- or two-letter table tag (TPC-H's 'l_extendedprice' glues a few words under its own convention). Why
    schema-wide: a one-off token ('acctbal') is an abbreviation to expand, not a run of words to split."""
    splits = [split_identifier(n) for n in names]
    longs = {w for ws in splits if not any(len(x) <= 2 and x.isalpha() for x in ws)
             for w in ws if len(w) >= 8 and w.isalpha() and not is_word(w)}
    glued = [w for w in longs if segment_glued(w)]
    return len(glued) >= 5 and 3 * len(glued) >= len(longs)


def name_prefixes(tables: list[tuple[str, list[str]]]) -> frozenset[str]:
    """Publisher or solution prefixes a platform puts before custom names ('cr5f3_lease', 'cr5f3_monthlypayment',
    'msdyn_workorder'): a first segment that is no English word, shared by the names of two tables, or by the
    columns of two tables (and mixing letters and digits), or one beginning a table and two of its own columns
    (mixing letters and digits, or five letters or more). People never say it; kept, it makes every custom name a loose match."""
    def first(name: str) -> str | None:
        segs = _prefix_split(name)
        seg = segs[0].lower()
        if len(segs) < 2 or len(seg) < 3 or not seg.isalnum() or is_word(seg) or seg in ABBREVIATIONS:
            return None
        return seg

    holders: dict[str, set[str]] = {}
    counts: dict[tuple[str, str], int] = {}
    for table, columns in tables:
        tp = first(table)
        if tp:
            holders.setdefault(tp, set()).add(table)
        for c in columns:
            cp = first(c)
            if cp:
                holders.setdefault(cp, set()).add(table)
                counts[(table, cp)] = counts.get((table, cp), 0) + 1
    # a publisher's prefix mixes letters and digits ('cr5f3'); a solution's is a longer non-word that begins a table
    # and its own columns ('msdyn_workorder'.'msdyn_name'); short letter runs ('clm', 'pol') abbreviate words instead
    out = {p for p, ts in holders.items() if len(ts) >= 2 and re.search(r"\d", p) and re.search(r"[a-z]", p)}
    out |= {tp for table, _ in tables if (tp := first(table)) and counts.get((table, tp), 0) >= 2
            and (len(tp) >= 5 or re.search(r"\d", tp) and re.search(r"[a-z]", tp))}
    return frozenset(out)


def _first_segment(name: str) -> str | None:
    """The first underscore segment of a name with more after it, lower-cased ('T_CSTMR' -> 't'), else None."""
    segs = name.lstrip("_").split("_")
    return segs[0].lower() if len(segs) >= 2 and segs[0].isalpha() and all(segs[1:]) else None


KEY_WORDS = frozenset("id no num nbr cd code key".split())


def _lone_key(name: str) -> bool:
    """A tag and one key word ('reg_id', 'CST_CD'): without the tag nothing says whose key it is."""
    segs = name.lstrip("_").split("_")
    return len(segs) == 2 and segs[1].lower() in KEY_WORDS


def table_prefixes(tables: list[str]) -> frozenset[str]:
    """The prefix a legacy warehouse puts before every table name ('T_CSTMR', 'TBL_ORDR', a module's 'SLS_INVC'):
    a first segment of at most four letters, no English word, that begins nearly all (and at least three) of the
    tables. People never say it; kept, it is a word of every table."""
    firsts = [f for t in tables if (f := _first_segment(t))]
    if len(tables) < 3 or not firsts:
        return frozenset()
    seg = max(set(firsts), key=firsts.count)
    if len(seg) > 4 or is_word(seg) or 5 * firsts.count(seg) < 4 * len(tables):
        return frozenset()
    return frozenset({seg})


def column_tag(table: str, columns: list[str]) -> frozenset[str]:
    """The tag a legacy table puts before its columns ('CST_NM', 'CST_EML' of T_CSTMR; 'WO_TYP' of WORK_ORDER;
    'reg_nm' of region): a first segment of two to four letters, no English word, shared by most of the table's
    columns and spelling the table's name in order from its first letter (its initials or its start). People say
    'customer name', never the tag, so it is dropped as a platform prefix is; but not before a lone key word
    ('reg_id' is the region's id: the tag is all that names it). TPC-H's one-letter tags ('c_name') stay words."""
    firsts = [f for c in columns if (f := _first_segment(c))]
    if len(columns) < 2 or not firsts:
        return frozenset()
    seg = max(set(firsts), key=firsts.count)
    letters = "".join(split_identifier(table)).lower()
    if not 2 <= len(seg) <= 4 or is_word(seg) or 3 * firsts.count(seg) < 2 * len(columns) or firsts.count(seg) < 2:
        return frozenset()
    rest = iter(letters[1:])
    if not letters.startswith(seg[0]) or not all(ch in rest for ch in seg[1:]):
        return frozenset()
    return frozenset({seg})


# Legacy files (IBM i / AS/400, COBOL copybooks) run short forms together in upper case, ten characters at most:
# a file 'CUSMAS' (customer master) or 'ORDDTL' (order detail), whose fields each begin with the file's two-letter
# code ('CMCUST', 'OHORDT'). The last short form of a file name says what kind of file it is: a master or header
# file holds the thing itself, a detail file its lines.
LEGACY_NAME = re.compile(r"[A-Z][A-Z0-9]{3,9}")
LEGACY_FILE_SUFFIXES = {"mas": "", "mst": "", "hdr": "", "dtl": "line", "typ": "type", "cls": "class"}
# the last short form of a legacy field after its subject ('ORDT' order date, 'PONO' PO number, 'ORDN' order number)
LEGACY_FIELD_SUFFIXES = (("dt", "date"), ("no", "number"), ("n", "number"))
# the subjects such short forms stand for, when lexicon.ABBREVIATIONS has none ('itm' item, 'sls' sales); a date
# field's head is the event it dates, as people say it ('SHDT' shipped date: 'orders shipped in May')
LEGACY_SUBJECTS = frozenset("""customer item order invoice vendor supplier salesman sales cash receipt payment purchase
    press term class product employee warehouse account location carrier branch region type line active credit total
    freight phone address description price cost commission territory opened shipped requested due method amount tax
    paid unit measure hire""".split())


def legacy_schema(names: list[str]) -> bool:
    """Whether a schema names everything in legacy upper-case runs: every table and column name such a run, and
    most of them no English word (an upper-case schema of plain words, 'CUSTOMER.NAME', reads as it is)."""
    runs = [n for n in names if LEGACY_NAME.fullmatch(n)]
    return len(names) >= 6 and len(runs) == len(names) and 2 * sum(not is_word(n.lower()) for n in names) > len(names)


def _legacy_short(short: str) -> str:
    """A legacy short form as the word it stands for: a conventional one (lexicon.ABBREVIATIONS), else the one
    subject it clearly abbreviates, or whose spelling alone begins with its two letters ('sh' ship); else as is."""
    if len(ABBREVIATIONS.get(short, ())) == 1:
        return ABBREVIATIONS[short][0]
    if len(short) == 2:
        starts = [w for w in LEGACY_SUBJECTS if skeleton(w).startswith(short) or w.startswith(short)]
        return starts[0] if len(starts) == 1 else short
    if is_word(short):
        return short
    found = expansion(short, LEGACY_SUBJECTS)
    if found:
        return found
    # a consonant skeleton cut short that begins one subject's skeleton only ('vnd' vendor, 'prs' press)
    starts = [w for w in LEGACY_SUBJECTS if skeleton(w).startswith(short)]
    return starts[0] if len(starts) == 1 else short


def legacy_file_name(name: str) -> str:
    """A legacy file name respelled in words for ``_words`` ('CUSMAS' -> 'customer', 'ORDDTL' -> 'order_line');
    a name with no file suffix stays as it is."""
    low = name.lower()
    head, tail = low[:-3], low[-3:]
    if tail not in LEGACY_FILE_SUFFIXES and len(low) == 6 and low.isalpha():  # two short forms ('CSHRCP' cash receipt)
        words = [_legacy_short(low[:3]), _legacy_short(low[3:])]
        return "_".join(words) if all(w in LEGACY_SUBJECTS for w in words) else name
    if tail not in LEGACY_FILE_SUFFIXES or len(head) < 2 or not head.isalpha():
        return name
    return "_".join(w for w in (_legacy_short(head), LEGACY_FILE_SUFFIXES[tail]) if w)


def legacy_field_tag(file: str, fields: list[str]) -> str:
    """The two-letter code most of a legacy file's fields begin with ('CM' of CUSMAS: 'CMCUST', 'CMNAME'): two
    letters of the file's name in order from its first, shared by at least two thirds of its fields; '' if none."""
    firsts = [f[:2] for f in fields if len(f) >= 4]
    if len(fields) < 2 or not firsts:
        return ""
    tag = max(sorted(set(firsts)), key=firsts.count)
    rest = iter(file[1:].upper())
    if 3 * firsts.count(tag) < 2 * len(fields) or firsts.count(tag) < 2 or not file.upper().startswith(tag[0]) \
            or tag[1] not in rest:
        return ""
    return tag


def legacy_field_name(name: str, tag: str) -> str:
    """A legacy field without its file's code, respelled in words for ``_words`` ('CMCUST' -> 'customer',
    'OHORDT' -> 'order_date', 'PHPONO' -> 'po_number'); other names stay as they are."""
    if not tag or not name.startswith(tag) or len(name) <= len(tag) + 1:
        return name
    low = name[len(tag):].lower()
    if is_word(low) or low in ABBREVIATIONS or not low.isalpha():
        return low
    for suffix, word in LEGACY_FIELD_SUFFIXES:
        head = low[: -len(suffix)]
        if low.endswith(suffix) and len(head) >= 2 and (suffix != "n" or _legacy_short(head) != head):
            return f"{_legacy_short(head)}_{word}"
    return _legacy_short(low)


# a letters-and-digits prefix run into a PascalCase name ('Cr5F3Lease', 'Cr5F3MonthlyPayment')
_GLUED_PREFIX = re.compile(r"^([A-Za-z]+\d[A-Za-z0-9]*?)(?=[A-Z][a-z])")


def _prefix_split(name: str) -> list[str]:
    """The first segment of a name and the rest: by underscore ('cr5f3_lease'), else a letters-and-digits run
    before a capitalised word ('Cr5F3Lease')."""
    segs = name.lstrip("_").split("_")
    if len(segs) >= 2:
        return segs
    m = _GLUED_PREFIX.match(segs[0])
    return [m.group(1), segs[0][m.end():]] if m else segs


def _unprefixed(name: str, prefixes: frozenset[str]) -> str:
    """``name`` without a platform prefix ('_cr5f3_accountid_value' -> 'accountid_value', 'Cr5F3Lease' -> 'Lease')."""
    if not prefixes:
        return name
    segs = _prefix_split(name)
    if len(segs) >= 2 and segs[0].lower() in prefixes:
        return "_".join(segs[1:])
    return name


def _words(name: str, vocab: set[str], tagged: bool = False, abbreviating: bool = False,
           acronyms: dict[str, tuple[str, ...]] | None = None, glued: bool = False,
           prefixes: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The words people call an identifier by; ``tagged``: the schema writes Hungarian type tags, which are dropped
    ('lngMemberID' -> member id, not a longitude); ``abbreviating``: the schema shortens words by convention, so a
    word-like short form is the longer word ('PolStat' -> policy status); ``acronyms``: initials the schema's own
    values spell out (``value_acronyms``: 'tblPTSession' -> personal training session); ``glued``: the schema runs
    words together in lowercase ('monthlypayment'); ``prefixes``: platform prefixes to drop ('cr5f3_')."""
    raw: list[str] = []
    # what a short form may expand to: not another short form ('cty' is no 'ctgry'; both shorten other words)
    full = frozenset(v for v in vocab if v != skeleton(v) or is_word(v)) | ROLE_WORDS | COLUMN_WORDS
    name = _unprefixed(name, prefixes)
    parts = split_identifier(name)
    if glued:  # connectives join the words ('numberofemployees', 'createdon'); people say the words around them
        parts = [p for w in parts for p in (segment_glued(w) or (w,)) if p not in GLUE_CONNECTIVES]
        if len(parts) >= 3 and parts[-2:] == ["id", "value"]:
            parts = parts[:-1]  # a lookup's '_<name>id_value' column is that record's id
    if tagged and hungarian_tag(name, snake=True) and len(parts) > 1:
        parts = parts[1:]
    if len(parts) > 1 and parts[-1] in UNIT_SUFFIXES:
        parts = parts[:-1]
    for w in parts:
        if acronyms and len(parts) > 1 and w in acronyms and w not in vocab and w not in ABBREVIATIONS \
                and w not in WORD_ABBREVIATIONS and not is_word(w):
            raw.extend(acronyms[w])
            continue
        if abbreviating and w in WORD_ABBREVIATIONS:
            w = WORD_ABBREVIATIONS[w]  # as written, not a plural: 'StatsCount' counts statistics
        raw.extend(ABBREVIATIONS.get(w, (w,)) if len(split_identifier(name)) > 1 or w not in ("no", "num") else (w,))
    out: list[str] = []
    for raw_w in raw:
        w = raw_w if keeps_own_s(raw_w) else singular(raw_w)
        if w == raw_w and len(w) == 3 and w.endswith("s") and len(ABBREVIATIONS.get(w[:-1], ())) == 1:
            w = w[:-1]  # the plural of a two-letter abbreviation ('yrs', 'mos'), which singular() leaves alone
        if w != raw_w and len(ABBREVIATIONS.get(w, ())) == 1:
            w = ABBREVIATIONS[w][0]  # the plural of a known abbreviation ('custs', 'accts', 'emps')
        if 2 <= len(w) <= 4 and w not in vocab and w not in ("id", "yn", "code", "name", "year", "date", "type") \
                and w not in STOPWORDS \
                and not (len(w) >= 3 and "NOUN" in getAllLemmas(w)):  # 'age' is a word, not short for 'agent'
            longer = sorted(v for v in vocab if v.startswith(w) and len(v) > len(w) + 1)
            if len(longer) == 1:
                w = longer[0]
            elif not longer and len(w) >= 3 and not is_word(w):
                w = expansion(w, full) or w  # 'prc' -> price, only when one word fits best
        elif len(w) == 5 and w not in vocab and not is_word(w):
            w = expansion(w, full) or w  # 'cntry', 'shpmt'
        out.append(w)
    if out and out[-1] in SAID_WITH_NUMBER and len(out) <= 2:
        out.append("number")  # a 'Phone' or 'Cell Phone' column is what people call the phone number
    return tuple(out)


def _unversioned(name: str) -> str:
    """A table name without the version number glued to its end ('Product2' -> 'product')."""
    return re.sub(r"(?<=[A-Za-z])\d+$", "", name).lower()


_DOC_PATH = re.compile(r"[a-z][a-zA-Z0-9]*(?:_[a-z][a-zA-Z0-9]*)+")


# The group an API export nests fields under and then flattens with underscores ('payment_method_details_card_brand',
# 'status_transitions_paid_at'): what follows the last one is the field people name ('card brand', 'paid at').
NESTING_WORDS = frozenset("details transitions attributes properties settings".split())
# a last field too generic to stand for the path alone ('payment_method_details_type' is not every 'type')
GENERIC_LEAVES = frozenset("type kind id code status name value object".split())


def _path_leaf(name: str, vocab: set[str], tagged: bool, abbreviating: bool) -> tuple[str, ...]:
    """The words of the last field of a document path flattened into a column ('pricing_listPrice',
    'stats_totalMinutes': lowerCamelCase fields joined by underscores): people name the field, not the group it
    was nested in, so 'price' should find pricing_listPrice as surely as a column called listPrice. () for other
    names (snake_case 'order_date' keeps its words whole)."""
    parts = split_identifier(name)
    groups = [k for k, w in enumerate(parts) if w in NESTING_WORDS]
    one_style = name.islower() and bool(_DOC_PATH.fullmatch(name)) or "_" not in name and name[:1].isupper()
    if one_style and groups and 0 < groups[-1] < len(parts) - 1 and not (
            len(parts) - groups[-1] == 2 and parts[-1] in GENERIC_LEAVES):
        # 'payment_method_details_card_brand', or the same path in CamelCase ('PmtMethodDetailsCardBrand')
        return _words("_".join(parts[groups[-1] + 1 :]), vocab, tagged, abbreviating)
    if not _DOC_PATH.fullmatch(name):
        return ()
    last = name.rsplit("_", 1)[1]
    if not re.search(r"[a-z][A-Z]", last):
        return ()
    return _words(last, vocab, tagged, abbreviating)


# conventional short forms common in plain schemas too, which say nothing about a naming habit
PLAIN_SHORT_FORMS = frozenset({"id", "no", "zip", "postcode", "avg", "lat", "lng", "lon"})


def abbreviating_schema(names: list[str]) -> bool:
    """Whether a schema shortens words by convention: three or more different conventional short forms
    ('CustNm', 'ord_dt', 'AmtPaid') among its identifiers. Why schema-wide: a word-like token ('cat', 'stat') is
    only read as a short form where its authors shorten names anyway."""
    return len({w for n in names for w in split_identifier(n) if w in ABBREVIATIONS} - PLAIN_SHORT_FORMS) >= 3


ISO_CODE = re.compile(r"[A-Za-z]{3}")


def _mark_minor_units(table: Table, cols: list[ColumnInfo]) -> None:
    """Integer money beside a currency code column ('amount' and 'currency' = 'usd') is kept in the currency's minor
    unit: the convention of payment APIs (Stripe, Adyen, Square) and their exports. Why: a sum of 'amount_paid' read
    as dollars would be a hundred times too large and still look plausible."""
    if not any("currency" in c.words and c.kind == "text" and c.samples and all(ISO_CODE.fullmatch(v) for v in c.samples)
               for c in cols):
        return
    types = {c.name: c.type.lower() for c in table.columns}
    for c in cols:
        raw = split_identifier(c.name)
        if (c.kind == "num" and "int" in types.get(c.name, "") and not c.is_key and set(c.words) & MONEY_WORDS
                and raw and raw[-1] not in UNIT_SUFFIXES):
            c.minor = 100


def _own_synonym_columns(table_words: tuple[str, ...], cols: list[ColumnInfo]) -> None:
    """A column that starts with another word for its own table ('casetypecode', 'caseorigincode' in Dynamics'
    'incident' table) names the table's thing, as a table's own word before a column does ('order_status'): that
    word is dropped, so 'how many cases' counts the table's rows instead of the column's distinct values."""
    if len(table_words) != 1:
        return
    own = table_words[0]
    others = set(SYNONYMS.get(own, ()))
    for c in cols:
        if len(c.words) >= 2 and c.words[0] in others and c.words[0] not in table_words and not (c.is_pk or c.fk):
            c.words = c.words[1:]


BASE_SUFFIX = re.compile(r"^(?P<own>.+?)(?:_base|Base)$")


def _base_twins(cols: list[ColumnInfo]) -> None:
    """Money kept twice, in each row's own currency and in the company's base currency ('totalamount' beside
    'totalamount_base', as Dynamics 365 and other multi-currency ERPs store it): the base twin is what the amount's
    words mean, since only it adds up across rows of different currencies; the row's own amount is then the amount
    'in transaction currency'."""
    if not any("currency" in c.name.lower() or "exchange" in c.name.lower() for c in cols):
        return  # without a currency or exchange rate beside it, 'x_base' is some base figure, not a currency twin
    by_name = {c.name: c for c in cols}
    for c in cols:
        m = BASE_SUFFIX.match(c.name)
        own = by_name.get(m.group("own")) if m else None
        if own is None or own.kind != "num" or c.kind != "num" or own.is_key or not own.words:
            continue
        c.words, own.words = own.words, own.words + ("transaction", "currency")


def app_labels(names: list[str]) -> frozenset[str]:
    """The app-label prefixes of a Django schema, which names each model's table '<app label>_<model>'
    ('orders_order', 'catalog_listing', 'accounts_user'). Why: people say 'orders' and 'users', never the app; kept,
    the label makes every table a loose two-word match. Recognised by at least two tables that repeat their label
    ('shops_shop', 'reviews_review'); the labels are then those and every first word two tables share."""
    splits = [split_identifier(n) for n in names]
    doubled = {p[0] for p in splits if len(p) == 2 and singular(p[0]) == singular(p[1])}
    if len(doubled) < 2:
        return frozenset()
    firsts = [p[0] for p in splits if len(p) >= 2]
    return frozenset(doubled | {w for w in firsts if firsts.count(w) >= 2})


def value_acronyms(schema: Schema) -> dict[str, tuple[str, ...]]:
    """Initials of the two- and three-word phrases a schema stores as category values ('Personal Training' ->
    'pt'), each kept only when exactly one phrase has them: legacy names shorten a business term to its initials
    ('tblPTSession', 'WO_HDR') that the rows spell out in full, and people ask in the full words."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for t in schema.tables:
        for c in t.columns:
            if c.distinct_count is None or c.distinct_count > 60:  # categories, not names or free text
                continue
            for v in c.sample_values:
                words = re.findall(r"[A-Za-z]+", str(v))
                if 2 <= len(words) <= 3 and all(len(w) >= 3 for w in words) and len(str(v)) <= 40:
                    found.setdefault("".join(w[0] for w in words).lower(), set()).add(
                        tuple(singular(w.lower()) for w in words))
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def build_index(schema: Schema, code_labels: Labels | None = None) -> SchemaIndex:
    """Index a schema once; reused for every question on it. ``code_labels``: what a code-label table says of coded
    columns (``codelabels``): each labelled column is read as its labels, each yes/no one as a flag, and the
    label table itself is left out."""
    vocab = {singular(w) for t in schema.tables for w in split_identifier(t.name) if len(w) > 4}
    # a short table name is a word of its own, not an abbreviation of a longer one ('part' is not 'partsupp')
    vocab |= {singular(ws[0]) for t in schema.tables if len(ws := split_identifier(t.name)) == 1}
    names = [t.name for t in schema.tables] + [c.name for t in schema.tables for c in t.columns]
    tagged = uses_hungarian(names)
    short = abbreviating_schema(names)
    prefixes = name_prefixes([(t.name, [c.name for c in t.columns]) for t in schema.tables])
    prefixes |= table_prefixes([t.name for t in schema.tables])
    glued = glued_schema([_unprefixed(n, prefixes) for n in names])
    labels = app_labels([t.name for t in schema.tables])
    if labels:
        labels |= framework_labels([t.name for t in schema.tables])
    registries = type_registries(schema)
    acronyms = value_acronyms(schema)
    legacy = legacy_schema(names)
    tables: list[TableInfo] = []
    values: dict[str, list[ColumnInfo]] = {}
    for t in schema.tables:
        if code_labels is not None and t.name == code_labels.table:
            continue
        fks = {fk.column.lower(): (fk.ref_table, fk.ref_column) for fk in t.foreign_keys}
        tag = column_tag(_unprefixed(t.name, prefixes), [c.name for c in t.columns])
        field_tag = legacy_field_tag(t.name, [c.name for c in t.columns]) if legacy else ""
        tagged_by = prefixes | tag
        # the tag a lone key keeps ('PP_ID') is the table's initials, not a phrase of some column's values
        own_acronyms = {k: v for k, v in acronyms.items() if k not in tag}
        cols: list[ColumnInfo] = []
        for c in t.columns:
            if code_labels is not None:
                c = code_labels.column(t.name, c)
            c, taught = taught_column(c)
            samples = tuple(str(v) for v in c.sample_values)
            stored = stored_form(c.name, column_kind(c), samples, key=c.is_primary_key or c.name.lower() in fks,
                                 sql_type=c.type)
            info = ColumnInfo(
                table=t.name,
                name=c.name,
                words=_words(legacy_field_name(c.name, field_tag), vocab, tagged, short, own_acronyms, glued,
                             prefixes if _lone_key(c.name) else tagged_by),
                kind="date" if stored in DATE_FORMS else "num" if stored == "money" else column_kind(c),
                is_pk=c.is_primary_key,
                samples=samples,
                complete=c.values_complete,
                distinct=c.distinct_count,
                description=c.description,
                fk=fks.get(c.name.lower()),
                role=c.role,
                synonyms=c.synonyms,
                type_tag=HUNGARIAN_TAGS.get(hungarian_tag(c.name, snake=True), "") if tagged else "",
                leaf=_path_leaf(c.name, vocab, tagged, short),
                stored=stored,
                decoded=taught or (code_labels.codes.get((t.name, c.name), ()) if code_labels is not None else ()),
            )
            if info.decoded:
                info.kind = "text"
            if info.kind == "date" and len(info.words) == 2 and info.words[1] in ("on", "at") \
                    and verb_base(info.words[0]) is not None:
                info.words = (info.words[0], "date")  # 'hired_on', 'shipped_at': people say 'hire date', 'ship date'
            cols.append(info)
            if (c.values_complete or c.sample_values) and t.name not in registries:
                for v in info.samples:
                    key = _value_key(v)
                    if key and not re.fullmatch(r"-?\d+(\.\d+)?", key):
                        values.setdefault(key, []).append(info)
                        spoken = spoken_value(key)
                        if spoken != key and info not in values.get(spoken, []):
                            values.setdefault(spoken, []).append(info)
        cols.extend(derived_measures(t, vocab, {c.name.lower() for c in cols}))
        _mark_minor_units(t, cols)
        _base_twins(cols)
        # a table's own name never grows into another table's name ('part' is not 'partsupp')
        words = _words(legacy_file_name(t.name) if legacy else t.name, vocab, tagged, short, acronyms, glued, prefixes)
        if len(words) > 1 and split_identifier(t.name)[0] in labels:
            words = words[1:]  # 'orders_order' -> order, 'catalog_listing' -> listing
        if len(words) > 1 and words[-1].isdigit() and re.search(r"[A-Za-z]\d+$", t.name) \
                and not any(o.name != t.name and _unversioned(o.name) == _unversioned(t.name) for o in schema.tables):
            words = words[:-1]  # Salesforce's 'Product2', 'Pricebook2': a version glued on, not said ('products')
        if legacy and t.name.lower()[-3:] in ("mas", "mst"):
            keys = [c for c in cols if c.is_pk]
            if len(keys) == 1 and len(keys[0].words) == 1 and keys[0].words[0] in LEGACY_SUBJECTS:
                words = keys[0].words  # a master file holds what its key names ('SLSMAS' by 'SMSLSM': salesmen)
        _own_synonym_columns(words, cols)
        tables.append(TableInfo(t.name, words, cols, t.row_count, t.description))
    _nouns_over_labels(tables, values)
    return SchemaIndex(schema, tables, values, _description_index(tables))


def _nouns_over_labels(tables: list[TableInfo], values: dict[str, list[ColumnInfo]]) -> None:
    """A one-word code label that is also a word of the schema's names ('Customer' of an account's customer type,
    beside '_customerid_value' columns) is read as that noun, not as the label: the catalog never sampled the label
    (a code-label table gave it), and 'the customer' in a question names the customer far more often than a type."""
    nouns = {w for t in tables for w in t.words} | {w for t in tables for c in t.columns if not c.decoded for w in c.words}
    for key in list(values):
        if " " in key or singular(key) not in nouns:
            continue
        kept = [c for c in values[key] if not c.decoded]
        if kept:
            values[key] = kept
        else:
            del values[key]


def _description_index(tables: list[TableInfo]) -> dict[str, list[ColumnInfo]]:
    """Words of column documentation, so a word no column is named after can still find its column."""
    out: dict[str, list[ColumnInfo]] = {}
    for t in tables:
        for c in t.columns:
            for syn in c.synonyms:
                for w in re.findall(r"[a-z]{3,}", syn.lower()):
                    out.setdefault(stem(w), []).append(c)  # a modeler's synonym ('turnover' -> revenue)
            if not c.description or c.is_key:
                continue
            for w in set(re.findall(r"[a-z]{4,}", c.description.lower())):
                if w not in STOPWORDS and w not in FILLER:
                    out.setdefault(stem(w), []).append(c)
    return out


FILLER_COLUMN_WORDS = frozenset("amount detail value type info information".split())
POSSESSIVE_DETERMINERS = frozenset("its their his her whose".split())


RANKING_WORDS = frozenset("highest lowest largest smallest greatest biggest total average maximum minimum".split())
SCALE_WORDS = frozenset("million millions thousand thousands billion usd eur gbp k m bn".split())  # a unit after the name


def _filler_columns(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'each charge type and its amount', 'the date and details': a vague word owned by the entity
    (after its/their, or as a list member) names that entity's column ending in the word."""
    out: list[Mention] = []
    for i, tok in enumerate(tokens):
        if taken[i] or tok.lemma not in FILLER_COLUMN_WORDS or i == 0:
            continue
        prev = tokens[i - 1].low
        listed = (prev == "and" or tok.clause_break) and i >= 2 and taken[i - 2 if prev == "and" else i - 1]
        asked = prev in ("what", "which") and i >= 2 and tokens[i - 2].low == "and"  # '..., and what details'
        ranked = tok.lemma == "value" and (prev in RANKING_WORDS or (  # 'the artwork with the highest value'
            prev in ("of", "by") and i >= 2 and tokens[i - 2].low in ("order", "ordered", "sorted", "sort")))
        if prev not in POSSESSIVE_DETERMINERS and not listed and not asked and not ranked:
            continue
        if i + 1 < len(tokens) and not tokens[i + 1].clause_break and tokens[i + 1].low in ("of", "for") and not ranked:
            continue
        cols = [c for t in index.tables for c in t.columns if c.words and not c.is_pk and (c.words[-1] == tok.lemma or (
            ranked and len(c.words) == 2 and c.words[0] == tok.lemma and c.words[1] in SCALE_WORDS))]
        if ranked and len(cols) != 1:
            continue  # only the one column of that name ('value_million') is meant
        if not cols:
            continue
        out.append(Mention("column", i, i + 1, tok.text, columns=[(c, 0.75) for c in cols]))
        taken[i] = True
    return out


def _described_columns(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'sales', 'amount': a word no table or column is named after, matched through column descriptions."""
    out: list[Mention] = []
    if not index.described:
        return out
    for i, tok in enumerate(tokens):
        w = tok.lemma
        if taken[i] or tok.quoted or tok.number is not None or len(w) < 4 or not w.isalpha():
            continue
        if w in STOPWORDS or w in FILLER or w in AGG_WORDS or w in _COMMON_QUESTION_WORDS:
            continue
        cols = list({id(c): c for c in index.described.get(stem(w), [])}.values())
        if not cols or len(cols) > 3:
            continue
        out.append(Mention("column", i, i + 1, tok.text, columns=[(c, 0.6) for c in cols]))
        taken[i] = True
    return out


_DEFINITION = re.compile(r"(?:^|[.;:]\s+)(?:[A-Z][a-z]+\s+)?(?P<lhs>[A-Za-z][A-Za-z ]{1,40}?)\s*=\s*(?P<rhs>[^;=]+?)(?=\.\s|\.$|;|$)")


def derived_measures(t: Table, vocab: set[str], existing: set[str]) -> list[ColumnInfo]:
    """Measures the documentation defines as arithmetic over the table's own columns
    ('Line revenue = quantity * unit_price * (1 - discount)', 'margin = unit_price - cost')."""
    import sqlglot
    from sqlglot import exp

    own = {c.name.lower(): c.name for c in t.columns}
    out: list[ColumnInfo] = []
    texts = [t.description] + [c.description for c in t.columns]
    for text in texts:
        for m in _DEFINITION.finditer(text or ""):
            lhs = m.group("lhs").strip().lower()
            name = re.sub(r"[^a-z0-9]+", "_", lhs).strip("_")
            if not name or name in existing or len(lhs.split()) > 3:
                continue
            try:
                tree = sqlglot.parse_one(m.group("rhs").strip())
            except Exception:  # prose after '=' is no formula
                continue
            refs = [c.name.lower() for c in tree.find_all(exp.Column)]
            arithmetic = any(isinstance(n, (exp.Mul, exp.Add, exp.Sub, exp.Div)) for n in tree.walk())
            if not refs or not arithmetic or any(r not in own for r in refs) or tree.find(exp.Select):
                continue
            existing.add(name)
            out.append(ColumnInfo(table=t.name, name=name, words=_words(name, vocab), kind="num", is_pk=False,
                                  samples=(), complete=False, distinct=None, description=m.group(0).strip(" .;:"),
                                  expr=tree.sql()))
    return out


def spoken_value(key: str) -> str:
    """A code-style stored value as it is said: 'in_progress' is 'in progress', 'pest-control' is 'pest control'.
    Why: web apps store enum values in snake_case, and askers never type the underscore."""
    if not re.fullmatch(r"[a-z]+(?:[_-][a-z]+)+", key):
        return key
    return re.sub(r"[_-]", " ", key)


@lru_cache(maxsize=65536)  # pure and hot: an index build keys every sample value of every table it is given
def _value_key(v: str) -> str:
    return re.sub(r"\s+", " ", v.strip().lower())


# ------------------------------------------------------------------ mentions


@dataclass
class Mention:
    """A span of the question linked to schema elements or data values."""

    kind: str  # table | column | value | number
    start: int
    end: int  # token indices, end exclusive
    text: str
    tables: list[tuple[TableInfo, float]] = field(default_factory=list)
    columns: list[tuple[ColumnInfo, float]] = field(default_factory=list)
    value: object = None
    value_columns: list[ColumnInfo] = field(default_factory=list)
    quoted: bool = False
    exact_value: bool = True

    def best_column(self) -> ColumnInfo | None:
        return self.columns[0][0] if self.columns else None

    def best_table(self) -> TableInfo | None:
        return self.tables[0][0] if self.tables else None


@lru_cache(maxsize=65536)  # pure and hot: a fit compares every question word with every schema word of each candidate
def _equiv(qw: str, sw: str) -> float:
    """How well question word ``qw`` matches schema word ``sw`` (1 exact, <1 fuzzy, 0 none)."""
    if qw == sw:
        return 1.0
    if len(qw) >= 4 and len(sw) >= 4 and stem(qw) == stem(sw):
        return 0.9
    if sw in SYNONYMS.get(qw, ()) or qw in SYNONYMS.get(sw, ()):
        return 0.75
    if sw == "owner" and qw in OWNER_WORDS:
        return 0.95  # 'sales rep' ~ OwnerId: the person the record belongs to, as sure as a stem
    sq = stem(qw)
    if sw in SYNONYMS.get(sq, ()) or sq in SYNONYMS.get(sw, ()):
        return 0.7
    if len(qw) >= 5 and len(sw) >= 5 and (qw.startswith(sw) or sw.startswith(qw)):
        return 0.7
    if len(qw) >= 4 and len(sw) > len(qw) and sw.endswith(qw):
        return 0.7
    common = 0
    for a, b in zip(qw, sw):
        if a != b:
            break
        common += 1
    if common >= 6 and common >= 0.7 * min(len(qw), len(sw)):
        return 0.7
    if _says_act(qw, sw) or _says_act(sw, qw):
        return 0.85  # 'amount paid' ~ payment_amount, 'data used' ~ usage: a verb's form and the noun of its act
    verb = verb_base(qw)
    if verb is not None and abbreviates_act_of(sw, verb):
        return 0.85  # 'shipped' ~ Shpmts, 'rented' ~ rntl: the act's noun abbreviated
    fit = max(abbreviation_fit(sw, qw), plural_abbreviation_fit(sw, qw))  # 'hrs' of hours, as the column counts them  # 'rntl' ~ rental, 'vndr' ~ vendor: a schema token that abbreviates the word
    if 0 < fit < 0.85 and 2 * len(set(sw)) < len(set(skeleton(qw))) and skeleton_of_other_word(sw, qw):
        return 0.0  # 'stts' (status) is no shipment or subscription: a token with under half the letters of the word's
        # skeleton that spells another word exactly is that word
    if fit >= CLEAR_FIT and len(sw) == 3 and qw.startswith(sw) and not is_word(sw):
        return 0.9  # a three-letter truncation of the very word the question says ('inv' of invoices): the token
        # alone could be several words (invoice, inventory), which the question settles; a skeleton ('prt') stays weak
    if fit >= 0.8 and (len(sw) >= 5 or len(sw) == 4 and sw == skeleton(qw)):
        return 0.95  # five letters or more keeping the word's whole skeleton ('prdct', 'cntry'), or four that are
        # exactly the skeleton of a shorter word ('tchr' teacher, 'rntl' rental); three ('prt') fit part and port
    return fit


def _says_act(form: str, noun: str) -> bool:
    """A verb's inflected form ('paid', 'used') and the noun its suffix makes of the same verb ('payment', 'usage')."""
    verb = verb_base(form)
    return verb is not None and len(noun) > len(verb) and names_act_of(noun, verb)


@lru_cache(maxsize=4096)
def _measured_noun(word: str) -> bool:
    """A word a leading unit can measure: a noun or an abbreviation ('seniority', 'exp'), not a verb's form
    ('hours_worked' counts hours, 'year_founded' dates an event: 'works' and 'founded' do not name them)."""
    if word in MEASURE_UNITS:
        return False
    lemmas = getAllLemmas(word)
    return not lemmas or "NOUN" in lemmas


def match_words(span: list[str] | tuple[str, ...], element: tuple[str, ...]) -> float:
    """Score of a question span against an element's words: every span word must match."""
    if not span or not element:
        return 0.0
    return _match_words(tuple(span), element)


@lru_cache(maxsize=65536)  # pure and hot: every span of a question against every name of each candidate schema
def _match_words(span: tuple[str, ...], element: tuple[str, ...]) -> float:
    joined = "".join(span)
    if joined == "".join(element):
        return 1.0
    dims = {DIMENSION_WORDS[w] for w in span if w in DIMENSION_WORDS}
    if dims:  # 'floor area' ~ intSquareFeet, 'session duration' ~ SESSION_MINS: the unit says what is measured
        for k in (2, 1):
            dim = UNIT_DIMENSIONS.get(element[-k:]) if len(element) >= k else None
            if dim in dims and dim not in element:
                said = tuple(w for w in span if DIMENSION_WORDS.get(w) != dim) + (dim,)
                return 0.95 * _match_words(said, element[:-k] + (dim,))
    if "-" in joined and len(element) > 1 and singular(joined.replace("-", "")) == "".join(element):
        return 1.0  # 'check-ins' ~ CheckIn, 'sign-ups' ~ sign_up: a hyphenated compound is the two words run together
    used: set[int] = set()
    total = 0.0
    weak: list[tuple[float, str, str]] = []
    for qw in span:
        best, best_i = 0.0, -1
        for i, sw in enumerate(element):
            if i in used:
                continue
            s = _equiv(qw, sw)
            if s > best:
                best, best_i = s, i
        if best == 0.0:
            joined = "".join(element)
            if len(qw) >= 5 and qw in joined and len(element) > 1:
                best, best_i = 0.6, 0
            else:
                return 0.0
        used.add(best_i)
        total += best
        if best < 0.95:
            weak.append((best, qw, element[best_i]))
    # 'line of business' ~ line_of_bus: an 'of' between two words the span names links them and names nothing
    linking = [i for i, w in enumerate(element) if w in CONNECTORS and i not in used and i - 1 in used and i + 1 in used]
    if len(weak) == 1 and len(span) > 1 and len(used) + len(linking) == len(element) and abbreviation_fit(weak[0][2], weak[0][1]) == weak[0][0]:
        total += 0.95 - weak[0][0]  # 'line of business' ~ line_of_bus: the words spelled out around it confirm the short one
    size = len(element)
    if size == 2 and 0 not in used and element[0] in MEASURE_UNITS and _measured_noun(element[1]):
        size -= 1  # 'yrs_exp', 'days_overdue': a leading unit says how the rest is measured; 'experience' names it
    if size >= 2 and size - 1 not in used and element[-1] in UNSAID_MEASURE_HEADS and all(b >= 0.9 for b, _, _ in weak):
        size -= 1  # 'premium' ~ prem_amt, 'usage' ~ USAGE_QTY: people name an amount by what it is an amount of
        # (said as such: a synonym, 'cost' ~ charge_amount, is no name of it)
    # 'PricingListPrice': a word the name repeats in another form ('pricing' beside 'price') is said once either is
    echoed = [i for i, w in enumerate(element) if i not in used and len(w) >= 4 and any(
        len(element[k]) >= 4 and stem(element[k]) == stem(w) for k in used)]
    coverage = (len(used) + len(echoed)) / (size - len(linking))
    return (total / len(span)) * (0.5 + 0.5 * coverage)


def content_words(tokens: list[Token]) -> list[str]:
    return [t.lemma for t in tokens if t.lemma not in STOPWORDS and not t.quoted and t.number is None]


def link(
    question_tokens: list[Token], index: SchemaIndex, extra_values: dict[str, list[ColumnInfo]] | None = None,
    fuzzy: bool = False,
) -> list[Mention]:
    """Greedy longest-span linking of tokens to values, tables and columns.

    ``extra_values`` maps lower-cased phrases to columns where a probe query found them. ``fuzzy`` (once the data
    was probed for exact literals) also links a misspelt proper name to the one stored value it is close to.
    """
    extra = extra_values or {}
    n = len(question_tokens)
    taken = [False] * n
    mentions: list[Mention] = []
    # quoted strings and numbers first
    for i, tok in enumerate(question_tokens):
        if tok.quoted:
            cols = index.values.get(_value_key(tok.text), []) or extra.get(_value_key(tok.text), [])
            mentions.append(Mention("value", i, i + 1, tok.text, value=tok.text, value_columns=list(cols), quoted=True))
            taken[i] = True
    mentions.extend(_currency_values(question_tokens, index, taken))
    mentions.extend(_directed_values(question_tokens, index, taken))
    # values of complete low-cardinality columns (longest first)
    for size in range(6, 0, -1):
        for i in range(0, n - size + 1):
            if any(taken[i : i + size]):
                continue
            span = question_tokens[i : i + size]
            if any(t.quoted for t in span) or any(ch in t.pre for t in span[1:] for ch in "?!;"):
                continue
            text = " ".join(t.low for t in span)
            cols = index.values.get(text) or extra.get(text)
            if not cols and span[-1].lemma != span[-1].low and len(span[-1].lemma) > 2:
                text = " ".join([t.low for t in span[:-1]] + [span[-1].lemma])  # 'cats' -> value 'cat'
                cols = index.values.get(text) or extra.get(text)
            if not cols:
                raw = _raw_text(question_tokens, i, i + size)
                cols = index.values.get(_value_key(raw)) or extra.get(_value_key(raw))
            form = None
            if not cols and size == 1:  # 'successful' for the stored 'succeeded'
                form = next((f for f in STATE_FORMS.get(span[0].low, ()) if f in index.values), None)
                form = form or _stored_verb_state(span[0].low, index) or _stored_awaited(question_tokens, i, index)
                cols = index.values[form] if form else None
            if not cols and size > 1 and all(t.low.isalpha() for t in span):
                cols = index.values.get("".join(t.low for t in span))  # 'North Carolina' stored as 'NorthCarolina'
            if not cols and size == 3 and [t.low for t in span[:2]] == ["to", "be"]:
                form = _stored_to_do(span[2].low, index)  # 'waiting to be invoiced' for the stored 'to invoice'
                cols = index.values[form] if form else None
            if not cols and size > 2 and span[0].low not in ARTICLES and span[-1].low not in ARTICLES:
                # 'lost to a competitor' for the stored 'Lost to Competitor': a label drops the article said inside it
                bare = " ".join(t.low for t in span if t.low not in ARTICLES)
                cols = index.values.get(bare) if any(t.low in ARTICLES for t in span) else None
                form = _value_key(bare) if cols else None
            if not cols and size == 1 and span[0].low.isalpha() and len(span[0].low) >= 6:
                cols = _stemmed_values(index).get(stem(span[0].low))  # 'engineering' for the stored 'engineer'
                if cols and span[0].low.endswith("ed") and not any(_value_key(v).endswith("ed") for c in cols for v in c.samples
                                                                   if stem(_value_key(v)) == stem(span[0].low)):
                    cols = None  # 'has been billed': a verb's past form is the predicate, not the stored 'billing'
                elif cols and span[0].low.endswith("ing") and _only_participles(cols, span[0].low):
                    cols = None  # 'outdoor seating': a gerund names an activity or a thing, not the state 'seated' records
            if not cols:
                continue
            if i + size < n and _names_a_leaf(question_tokens[i : i + size + 1], index):
                continue  # 'card brand' names payment_method_details_card_brand; 'card' is not the stored 'card' here
            if i + size < n and _names_a_table(question_tokens[i : i + size + 1], index):
                continue  # 'personal training session' names tblPTSession; 'Personal Training' is also a payment type;
                # 'sales orders' names sale_order though 'Sales' is also a job title
            if size == 1 and (span[0].low in STOPWORDS or len(span[0].low) < 2 or span[0].number is not None) and not (
                    _capitals_stored(span[0], cols) or _designates_row(question_tokens, i, cols, index)):
                continue  # 'it', 'or' are words; 'IT' written in capitals as a stored value is that value
            if size == 1 and _determiner_no(question_tokens, i):
                continue  # 'jobs with no technician': absence of a thing, not a Yes/No column's stored 'No'
            schema_score = _best_schema_score([t.lemma for t in span], index)
            capital = span[0].text[:1].isupper() and span[0].start > 0
            if schema_score >= 0.99 and not capital and text not in extra and not _value_of_named_table(
                    question_tokens, i, i + size, cols, index):
                continue
            if size == 1 and not capital and text not in extra and _names_column_with_neighbour(question_tokens, i, index):
                continue
            stored = next((v for c in cols for v in c.samples if _value_key(v) == form), None) if form else None
            mentions.append(Mention("value", i, i + size, _raw_text(question_tokens, i, i + size), value=stored,
                                    value_columns=list(cols), exact_value=stored is None))
            for k in range(i, i + size):
                taken[k] = True
    mentions.extend(_demonym_values(question_tokens, index, taken))
    mentions.extend(_code_values(question_tokens, index, taken))
    mentions.extend(_word_of_coded_values(question_tokens, index, taken))
    mentions.extend(_named_values(question_tokens, taken))
    mentions.extend(_ordinal_columns(question_tokens, index, taken))
    mentions.extend(_coordinated_columns(question_tokens, index, taken))
    mentions.extend(_digit_columns(question_tokens, index, taken))
    mentions.extend(_per_names(question_tokens, index, taken))
    mentions.extend(_rate_columns(question_tokens, index, taken))
    for i, tok in enumerate(question_tokens):
        if not taken[i] and tok.number is not None and not _pronoun_one(question_tokens, i):
            mentions.append(Mention("number", i, i + 1, tok.text, value=tok.number))
            taken[i] = True
        elif not taken[i] and tok.number is None and tok.text[:1].isdigit() and tok.text.isalnum():
            cols = extra.get(_value_key(tok.text), [])
            mentions.append(Mention("value", i, i + 1, tok.text, value=tok.text, value_columns=list(cols), quoted=True))
            taken[i] = True
    mentions.extend(_noun_verb_columns(question_tokens, index, taken))
    mentions.extend(_scattered_flags(question_tokens, index, taken))
    # schema elements (a span's scores depend on its words and the index only: score each distinct span once)
    scored = index.span_scores
    if len(scored) > MAX_SPAN_SCORES:
        scored.clear()
    for size in range(5, 0, -1):
        for i in range(0, n - size + 1):
            if any(taken[i : i + size]):
                continue
            span_toks = question_tokens[i : i + size]
            if any(t.clause_break for t in span_toks[1:]):
                continue
            if span_toks[0].lemma in STOPWORDS or span_toks[-1].lemma in STOPWORDS:
                continue
            if size > 1 and (span_toks[0].low in ("number", "count", "total", "amount") or span_toks[0].low in AGG_WORDS):
                continue
            if _is_order_word(question_tokens, i, size):
                continue
            if size == 1 and i > 0 and question_tokens[i - 1].low in SUBJECT_PRONOUNS and not question_tokens[i].clause_break:
                continue  # 'how many models it produces': after a subject pronoun comes a verb
            words = [t.lemma for k, t in enumerate(span_toks) if t.lemma not in ("of", "'s")
                     and not (k == 2 and size == 4 and t.low == "the" and span_toks[1].low == "of"
                              and span_toks[0].lemma in CALENDAR_UNITS and span_toks[3].lemma in CALENDAR_UNITS)]
            # ('day of the week', 'month of the year': one calendar unit within another)
            if any(w in STOPWORDS for w in words) and size > 1:
                continue
            if size > 1 and span_toks[0].low in ("first", "last") and i > 0 and question_tokens[i - 1].low == "the" and any(
                    t.words == tuple(words[1:]) for t in index.tables):
                continue  # 'the first student to register': an ordinal over students, not first_name

            m = _schema_mention(words, i, i + size, index, question_tokens, scored)
            if m is None:
                continue
            mentions.append(m)
            for k in range(i, i + size):
                taken[k] = True
    codes = _letter_codes(question_tokens, index, taken, mentions)
    if codes:  # 'refunded' named the column refundflag; it is one of its codes
        at = {m.start for m in codes}
        mentions = [m for m in mentions if not (m.kind == "column" and m.start in at)] + codes
    mentions.extend(_truncated_code_values(question_tokens, index, taken, mentions))
    mentions.extend(_filler_columns(question_tokens, index, taken))
    mentions.extend(_described_columns(question_tokens, index, taken))
    mentions.extend(_verb_tables(question_tokens, index, taken))
    if fuzzy:
        mentions.extend(_fuzzy_values(question_tokens, index, taken))
    mentions.sort(key=lambda m: m.start)
    mentions = _owner_compounds(mentions, question_tokens)
    mentions = _size_of_rows(mentions, question_tokens, index)
    _number_of_column(mentions, question_tokens)
    mentions = _letter_values(mentions, question_tokens)
    _dates_named_by_verb(mentions, question_tokens, index)
    _price_named_by_cost_verb(mentions, question_tokens, index)
    mentions = _referenced_tables(mentions, question_tokens, index)
    mentions = _drop_passive_verbs(mentions, question_tokens, index)
    mentions = _drop_echoing_verbs(mentions, question_tokens)
    _ties_to_named_tables(mentions)
    mentions = _year_of_year_column(mentions, question_tokens)
    mentions = _years_old(mentions, question_tokens, index)
    return _merge_same_column(_drop_agg_word_columns(mentions, question_tokens), question_tokens)


AGE_COMPARISONS = frozenset("over under above below than least most".split())  # 'over 40 years old'


def _years_old(mentions: list[Mention], toks: list[Token], index: SchemaIndex) -> list[Mention]:
    """'musicians over 40 years old': 'years old' after a compared number is an age, never a column of calendar
    years (Year); it names the schema's age columns when there are any. ('who are 33 years old' is left alone: it
    would be read as the top 33.)"""
    ages = [c for t in index.tables for c in t.columns if c.kind == "num" and not c.is_key and "age" in c.words]
    if not ages:
        return mentions
    out: list[Mention] = []
    for m in mentions:
        k = m.start
        if (m.kind == "column" and m.end == k + 1 and toks[k].low in ("year", "years") and k + 1 < len(toks)
                and toks[k + 1].low == "old" and k > 1 and toks[k - 1].number is not None
                and toks[k - 2].low in AGE_COMPARISONS):
            out.append(Mention("column", k, k + 2, f"{toks[k].text} {toks[k + 1].text}", columns=[(c, 0.95) for c in ages]))
            continue
        out.append(m)
    return out


def _holds_years(c: ColumnInfo, said: str) -> bool:
    """A number column the question calls '<word> year' can hold years: named by an event's participle
    (Founded, Opened: when it happened) and said as one ('founding', 'opened'), its known values (if any) years."""
    if c.kind != "num" or c.is_key or not c.words or not c.words[-1].endswith("ed") or not said.endswith(("ing", "ed")):
        return False
    try:
        return all(1000 <= float(v) <= 2200 for v in c.samples)
    except (TypeError, ValueError):
        return False


def _year_of_year_column(mentions: list[Mention], toks: list[Token]) -> list[Mention]:
    """'whose founding year is later than 1990' where 'founding' names Founded, a column of years: the 'year'
    right after it is that column's unit, not another table's year column (an album's Release_Year)."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        col = prev.best_column() if prev is not None and prev.kind == "column" else None
        if (prev is not None and col is not None and m.kind == "column" and m.start == prev.end
                and m.end - m.start == 1 and toks[m.start].low in ("year", "years") and "year" not in col.words
                and _holds_years(col, toks[prev.end - 1].low)):
            out[-1] = Mention("column", prev.start, m.end, prev.text + " " + m.text, tables=prev.tables,
                              columns=prev.columns)
            continue
        out.append(m)
    return out


def _letter_values(mentions: list[Mention], toks: list[Token]) -> list[Mention]:
    """'teams in division A': a capital letter right after a column's name is that column's stored value when the
    column holds exactly that letter (an article 'a' or a pronoun 'I' is never linked as a value on its own)."""
    taken = {k for m in mentions for k in range(m.start, m.end)}
    out = list(mentions)
    for m in mentions:
        col = m.best_column() if m.kind == "column" else None
        k = m.end
        if col is None or k >= len(toks) or k in taken or toks[k].quoted or not col.complete:
            continue
        t = toks[k].text
        if len(t) == 1 and t.isupper() and t in col.samples:
            out.append(Mention("value", k, k + 1, t, value=t, value_columns=[col]))
            taken.add(k)
    return sorted(out, key=lambda m: m.start)


def _number_of_column(mentions: list[Mention], toks: list[Token]) -> None:
    """'the average number of staff of museums' where num_of_staff was linked from 'staff of museums': the column's
    own name begins with 'number of', so the words right before the mention are part of it, not a count of rows."""
    taken = {k for m in mentions for k in range(m.start, m.end)}
    for m in mentions:
        col = m.best_column() if m.kind == "column" else None
        if col is None or m.start < 2 or col.words[:2] != ("number", "of") or {m.start - 2, m.start - 1} & taken:
            continue
        if (toks[m.start - 2].low, toks[m.start - 1].low) == ("number", "of"):
            m.start -= 2
            m.text = " ".join(t.text for t in toks[m.start:m.end])


def _size_of_rows(mentions: list[Mention], toks: list[Token], index: SchemaIndex) -> list[Mention]:
    """'the average deal size', 'the size of won deals', 'average order size': the size of a transaction-like row is
    its own amount (``parse.columns._own_amount``), so 'size' said of a table's rows names that column (when the table
    has exactly one)."""
    from .parse.columns import _own_amount

    taken = {k for m in mentions for k in range(m.start, m.end)}
    out = list(mentions)
    for i, t in enumerate(toks):
        if t.lemma != "size" or i in taken or t.quoted:
            continue
        before = next((m for m in mentions if m.end == i and m.kind == "table"), None)
        rows = before.best_table() if before is not None else None
        if rows is None and toks[i + 1 : i + 2] and toks[i + 1].low == "of":  # 'the size of (the) won deals'
            k = next((k for k in range(i + 2, len(toks)) if toks[k].low not in ("the", "a", "an", "our", "all")), -1)
            nxt = next((m for m in mentions if m.start == k), None)
            if nxt is not None and nxt.kind == "table":
                rows = nxt.best_table()
            elif nxt is not None and nxt.kind == "column" and nxt.columns:  # a flag said with its rows' noun ('won deals')
                said = index.table(nxt.columns[0][0].table)
                if nxt.end - nxt.start > 1 or any(m.kind == "table" and m.start == nxt.end and m.best_table() is said
                                                  for m in mentions):
                    rows = said
        own = _own_amount(rows) if rows is not None else None
        if own is None:
            continue
        out.append(Mention("column", i, i + 1, t.text, columns=[(own, 0.95)]))
    return sorted(out, key=lambda m: m.start)


ARTICLES = frozenset(("a", "an", "the"))


def _owner_compounds(mentions: list[Mention], toks: list[Token]) -> list[Mention]:
    """'each sales rep', 'by support agent': the word before the owner's word says what the person sells or handles,
    not a value to match (a 'Sales' department), so its value link is dropped and the owner's word names the key."""
    owner_at = {m.start for m in mentions if m.kind == "column" and m.end == m.start + 1 and toks[m.start].lemma in OWNER_WORDS
                and m.columns and "owner" in m.columns[0][0].words}
    return [m for m in mentions if not (m.kind == "value" and not m.quoted and m.end == m.start + 1 and m.end in owner_at
                                        and toks[m.start].low in OWNER_TRADES)]


def _drop_echoing_verbs(mentions: list[Mention], toks: list[Token]) -> list[Mention]:
    """'players play as a forward', 'teachers teach': a word right after a table's noun that reaches the same table
    only by its stem is the verb of the sentence, not the table named twice (a second copy of the table would be
    grouped or joined for nothing)."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        t = m.best_table() if m.kind == "table" and m.end == m.start + 1 else None
        if (t is not None and prev is not None and prev.kind == "table" and prev.end == m.start
                and prev.best_table() is t and not {toks[m.start].low, toks[m.start].lemma} & set(t.words)):
            continue
        out.append(m)
    return out


def _drop_passive_verbs(mentions: list[Mention], toks: list[Token], index: SchemaIndex) -> list[Mention]:
    """'the record company shared by the most orchestras', 'the hotels rated by guests': a participle right before
    'by' is the action the question describes, and a column it reaches only by its stem ('share', 'rating') is not
    what is asked for; the word is left unlinked (a key or a column that says the word itself is kept)."""
    out = []
    for m in mentions:
        w = toks[m.start] if m.kind == "column" and m.end == m.start + 1 and m.columns else None
        nxt = toks[m.end].low if m.end < len(toks) else ""
        if w is not None and nxt == "by" and w.low.endswith("ed") and len(w.low) > 4:
            c, sc = m.columns[0]
            if sc < 0.95 and w.low not in c.words and not c.is_key and c.kind != "date":
                continue
        c = m.best_column() if m.kind == "column" and m.end == m.start + 2 and nxt == "by" else None
        if c is not None and toks[m.end - 1].low.endswith("ed") and (holds_dates(c) or "year" in c.words) \
                and singular(toks[m.start].low) == singular(c.table.lower()):
            # 'the artworks created by Spanish artists': the rows and who made them, not the year they were made
            t = index.table(c.table)
            if t is not None:
                out.append(Mention("table", m.start, m.start + 1, toks[m.start].text, tables=[(t, 1.0)]))
                continue
        out.append(m)
    return out


DATE_NOUNS = frozenset("date day time".split())
CLAUSE_GLUE = frozenset("they it he she was were when that which on the it's".split())


def _ties_to_named_tables(mentions: list[Mention]) -> None:
    """'cases created each month' where every table has a 'createdon': of date columns that match a word equally
    well, the one of a table the question names comes first, not the first such table of the schema (why: platforms give
    every table the same audit columns, and the question means the rows it is about)."""
    named = {m.tables[0][0].name for m in mentions if m.kind == "table" and m.tables}
    if not named:
        return
    for m in mentions:
        if m.kind != "column" or len(m.columns) < 2 or m.columns[0][0].table in named:
            continue
        top = m.columns[0][1]
        tied = [(c, sc) for c, sc in m.columns if sc == top and c.table in named and holds_dates(c)]
        if tied:
            m.columns = tied + [(c, sc) for c, sc in m.columns if (c, sc) not in tied]


def _dates_named_by_verb(mentions: list[Mention], toks: list[Token], index: SchemaIndex) -> None:
    """'ordered by the date they opened': a bare date noun followed by a clause whose verb is the word of one dated
    column ('dtmOpened', 'opened_on') means that column, not whichever column has 'date' in its name."""
    starts = {m.start for m in mentions}
    for m in mentions:
        if m.kind != "column" or m.end - m.start != 1 or toks[m.start].lemma not in DATE_NOUNS:
            continue
        k = m.end
        while k < len(toks) and toks[k].low in CLAUSE_GLUE and k not in starts:
            k += 1
        if k == m.end or k >= len(toks) or k in starts or toks[k].clause_break:
            continue
        verb = toks[k]
        dated = [c for t in index.tables for c in t.columns if not c.is_key and (verb.low in c.words or verb.lemma in c.words)
                 and holds_dates(c)]
        if len(dated) == 1:
            m.columns = [(dated[0], 1.0)] + [(c, s) for c, s in m.columns if c is not dated[0]]


PRICE_COMPARISONS = frozenset("more less over under above below between at exactly than".split())


def _price_named_by_cost_verb(mentions: list[Mention], toks: list[Token], index: SchemaIndex) -> None:
    """'Which products cost more than 200 dollars?', 'how much does a ticket cost': 'cost' as the verb is what a
    buyer pays, the row's price, not a column the company records as its own cost beside it ('cost' with
    'unit_price' in one table). A noun 'the cost', 'unit cost' keeps the cost column."""
    for m in mentions:
        k = m.end - 1  # 'cost' alone, or 'products cost' linked as one span
        if m.kind != "column" or not m.columns or toks[k].low not in ("cost", "costs") or k == 0:
            continue
        tables = {m.columns[0][0].table}
        before, after = toks[k - 1], toks[m.end] if m.end < len(toks) else None
        subject = any(before.lemma in t.words or singular(before.low) in t.words for t in index.tables if t.name in tables)
        verb = (after is None or after.sentence_break or after.low in PRICE_COMPARISONS or after.number is not None) and (
            any(t.low in ("do", "does", "did") for t in toks[:k]) or subject
            or any(x.kind == "table" and x.end == m.start for x in mentions))
        if not verb or before.low in ("the", "a", "an", "unit", "average", "total", "of"):
            continue
        prices = [c for t in index.tables if t.name in tables for c in t.columns
                  if "price" in c.words and not c.is_key and c.kind == "num"]
        if len(prices) == 1 and prices[0] is not (m.columns[0][0] if m.columns else None):
            m.columns = [(prices[0], 1.0)] + [(c, sc) for c, sc in m.columns if c is not prices[0]]


RELATIVE_FILLER = frozenset("they he she it have has had were was been in which that when is are did do does".split())


def _noun_verb_columns(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'the years they have worked', 'years in which they were founded': a noun and a later verb of a
    relative clause name one column together (year_of_work, year_of_founded)."""
    out: list[Mention] = []
    for i, tok in enumerate(tokens):
        if taken[i] or not tok.low.isalpha():
            continue
        noun = singular(tok.low)
        k = i + 1
        while k < len(tokens) and tokens[k].low in RELATIVE_FILLER and not tokens[k].clause_break:
            k += 1
        if k == i + 1 or k >= len(tokens) or taken[k] or tokens[k].clause_break or not tokens[k].low.isalpha():
            continue
        if not any(tokens[x].low in ("they", "he", "she", "it") for x in range(i + 1, k)):
            continue
        verb = stem(tokens[k].low)
        cols = [c for t in index.tables for c in t.columns
                if noun in c.words and any(stem(w) == verb for w in c.words if w != noun) and len(c.words) <= 3]
        if not cols:
            continue
        out.append(Mention("column", i, k + 1, " ".join(t.text for t in tokens[i : k + 1]), columns=[(c, 0.95) for c in cols]))
        for x in range(i, k + 1):
            taken[x] = True
    return out


def _scattered_flags(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'plans that give access to all clubs' -> ysnAllClubAccess: the words of a yes/no column's name (two or more
    besides affixes such as 'has') said close together in any order, only small words between them, name that
    column. Why: a flag named for a phrase is asked as a sentence, and its words one by one would link elsewhere
    ('clubs' a table to join) and drop the condition."""
    out: list[Mention] = []
    for t in index.tables:
        for c in t.columns:
            core = [w for w in c.words if w not in FLAG_AFFIXES and HUNGARIAN_TAGS.get(w) != "flag"]  # 'ysn', 'bln'
            if len(core) < 2 or not c.complete or not is_flag_values({str(v).strip().lower() for v in c.samples}):
                continue
            at: list[int] = []
            for w in core:
                k = next((i for i, tok in enumerate(tokens) if not taken[i] and i not in at
                          and w in (tok.low, tok.lemma, singular(tok.low))), None)
                if k is None:
                    break
                at.append(k)
            else:
                lo, hi = min(at), max(at) + 1
                if hi - lo > len(core) + 2 or any(k not in at and tokens[k].lemma not in STOPWORDS for k in range(lo, hi)):
                    continue
                out.append(Mention("column", lo, hi, " ".join(x.text for x in tokens[lo:hi]), columns=[(c, 0.95)]))
                for k in range(lo, hi):
                    taken[k] = True
    return out


FUZZY_CUTOFF = 85  # rapidfuzz ratio (0-100): one or two letters off in a name of five or more


def fuzzy_candidates(tokens: list[Token], mentions: list[Mention]) -> bool:
    """Whether a fuzzy pass could link anything: a capitalised word, not first, that nothing linked."""
    linked = {k for m in mentions for k in range(m.start, m.end)}
    return any(_fuzzy_candidate(tokens, i) and i not in linked for i in range(len(tokens)))


def _fuzzy_candidate(tokens: list[Token], i: int) -> bool:
    t = tokens[i]
    return (i > 0 and t.text[:1].isupper() and t.low.isalpha() and len(t.low) >= 5 and t.lemma not in STOPWORDS
            and not t.quoted)


def _fuzzy_values(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'customers in Grmany' -> the stored 'Germany': rapidfuzz's ratio against the one-word stored values, taken
    only when one value is clearly closest (a tie between two names is left unlinked)."""
    keys = [k for k in index.values if k.isalpha() and len(k) >= 5]
    out: list[Mention] = []
    for i, tok in enumerate(tokens):
        if taken[i] or not _fuzzy_candidate(tokens, i):
            continue
        best = process.extract(tok.low, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=2)
        if not best or len(best) > 1 and best[1][1] >= best[0][1]:
            continue
        key = best[0][0]
        cols = index.values[key]
        stored = next((s for c in cols for s in c.samples if _value_key(s) == key), key)
        out.append(Mention("value", i, i + 1, stored, value=stored, value_columns=list(cols), exact_value=False))
        taken[i] = True
    return out


def _determiner_no(tokens: list[Token], i: int) -> bool:
    """'no' before the noun it negates ('no technician', 'no orders yet'), not the answer 'No' a flag stores ('paid is
    no', 'marked No and ...')."""
    if tokens[i].low != "no" or tokens[i].quoted or tokens[i].clause_break or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    return nxt.low.isalpha() and nxt.low not in ("and", "or", "but", "longer") and not nxt.quoted


def _capitals_stored(tok: Token, cols: list[ColumnInfo]) -> bool:
    """A word written in capitals ('IT', 'HR') exactly as one of these columns stores it."""
    return len(tok.text) >= 2 and tok.text.isalpha() and tok.text.isupper() and any(
        v == tok.text for c in cols for v in c.samples)


COUNTRY_WORDS = frozenset("country nation nationality citizenship origin".split())


def _demonym_values(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'German customers', 'French authors': the stored value a country adjective stands for, linked only when
    the stored values name exactly one country of that adjective (a two-letter code such as 'FR' only in a column named
    for countries); among several columns storing it, one of a table the question names comes first."""
    said = {t.lemma for t in tokens} | {t.low for t in tokens}
    out: list[Mention] = []
    for i, tok in enumerate(tokens):
        if taken[i] or tok.quoted or not tok.low.isalpha() or len(tok.low) < 4:
            continue
        found = []
        for names in countries_of(tok.low):
            hits = {n: cols for n in names
                    if (cols := [c for c in index.values.get(n, []) if len(n) > 2 or _named_for(c, COUNTRY_WORDS)])}
            if hits:
                found.append(hits)
        if len(found) != 1:
            continue
        key, cols = max(found[0].items(), key=lambda kv: (
            any(set(t.words) & said for c in kv[1] if (t := index.table(c.table)) is not None), len(kv[0])))
        stored = next((v for c in cols for v in c.samples if _value_key(v) == key), key)
        out.append(Mention("value", i, i + 1, tok.text, value=stored, value_columns=cols, exact_value=False))
        taken[i] = True
    return out


def _currency_values(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'paid in US dollars', 'invoices in euros' where a currency column stores ISO codes ('usd', 'EUR'): the
    currency's name stands for its code. Linked before other values, so the 'US' of 'US dollars' is not read as a
    country; a bare 'dollars' only where the column stores one dollar currency."""
    out: list[Mention] = []
    for size in (3, 2, 1):
        for i in range(len(tokens) - size + 1):
            span = tokens[i : i + size]
            if any(taken[i : i + size]) or any(t.quoted for t in span):
                continue
            code = CURRENCY_NAMES.get(" ".join([t.low for t in span[:-1]] + [singular(span[-1].low)]))
            if code is None:
                continue
            cols = [c for c in index.values.get(code, []) if "currency" in c.words]
            if not cols:
                continue
            if size == 1 and span[0].low.startswith("dollar") and any(
                    v.lower().endswith("d") and v.lower() != "usd" and len(v) == 3 for c in cols for v in c.samples):
                continue  # 'dollars' among usd, cad and aud: which one is not said
            stored = next((v for c in cols for v in c.samples if v.strip().lower() == code), code)
            out.append(Mention("value", i, i + size, " ".join(t.text for t in span), value=stored, value_columns=cols,
                               exact_value=False))
            for k in range(i, i + size):
                taken[k] = True
    return out


# Which way a document goes, by the party it is said for: a document for a customer goes out (we send the invoice),
# one from a vendor comes in; ERPs store the direction as the first word of a kind key ('out_invoice', 'in_refund').
DIRECTION_WORDS = ((frozenset(("customer", "client")), frozenset(("out", "outgoing", "outbound"))),
                   (frozenset(("vendor", "supplier")), frozenset(("in", "incoming", "inbound"))))
DOCUMENT_SYNONYMS = (frozenset(("invoice", "bill")),)


def _directed_values(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'customer invoices' over a kind column storing 'out_invoice' and 'in_invoice': the party says the direction
    word of the key and the noun its document word, so the span is that one stored key. Only where exactly one key
    of one column fits; a key that does not start with a direction word is never read this way."""
    out: list[Mention] = []
    for i in range(len(tokens) - 1):
        party, doc = tokens[i], tokens[i + 1]
        if taken[i] or taken[i + 1] or party.quoted or doc.quoted:
            continue
        ways = next((w for p, w in DIRECTION_WORDS if singular(party.low) in p), None)
        if ways is None:
            continue
        noun = singular(doc.low)
        docs = next((d for d in DOCUMENT_SYNONYMS if noun in d), frozenset((noun,)))
        hits = [(v, c) for c in index.all_columns() if c.kind == "text" and c.complete and not c.is_key
                for v in c.samples if _directed_key(v, ways, docs)]
        if len(hits) != 1:
            continue
        v, c = hits[0]
        out.append(Mention("value", i, i + 2, f"{party.text} {doc.text}", value=v, value_columns=[c],
                           exact_value=False))
        taken[i] = taken[i + 1] = True
    return out


def _directed_key(v: str, ways: frozenset[str], docs: frozenset[str]) -> bool:
    """'out_invoice' for the ways {'out', ...} and the documents {'invoice', 'bill'}: direction, then document."""
    words = re.split(r"[_\s-]+", v.strip().lower())
    return len(words) == 2 and words[0] in ways and singular(words[1]) in docs


CALENDAR_UNITS = frozenset("day week month quarter year hour time".split())
REGION_CODE_WORDS = frozenset("state province region st prov".split())
COUNTRY_WORDS = frozenset("country nation nationality".split())


def _named_for(c: ColumnInfo, words: frozenset[str]) -> bool:
    """The column's words say one of ``words``, spelled out or as a clear abbreviation ('ProfileCntry' is named
    for countries, 'ship_rgn' for regions): only such columns read a code as a place's name."""
    return bool(words & set(c.words)) or any(says(c.words, w) for w in words)


def _region_codes(name: str) -> tuple[str, ...]:
    code = REGION_CODES.get(name)
    return (code,) if code else ()


def _code_values(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'venues in Texas' where the data stores 'TX', 'students from Brazil' where it stores 'BR': a US state's,
    Canadian province's or country's name stands for its postal or ISO code, linked only to columns named for
    states/provinces (or countries) that store that code; the name itself was not found in the data."""
    out: list[Mention] = []
    for codes_of, words in ((_region_codes, REGION_CODE_WORDS), (country_codes, COUNTRY_WORDS)):
        for size in (3, 2, 1):
            for i in range(len(tokens) - size + 1):
                span = tokens[i : i + size]
                if any(taken[i : i + size]) or any(t.quoted for t in span) or not span[0].text[:1].isupper():
                    continue
                for code in codes_of(" ".join(t.low for t in span)):
                    cols = [c for c in index.values.get(code.lower(), []) if _named_for(c, words)]
                    if not cols:
                        continue
                    stored = next((v for c in cols for v in c.samples if v.strip().lower() == code.lower()), code)
                    out.append(Mention("value", i, i + size, " ".join(t.text for t in span), value=stored,
                                       value_columns=cols, exact_value=False))
                    for k in range(i, i + size):
                        taken[k] = True
                    break
    return out


STATE_WORDS = frozenset("status state flag stage".split())


def _letter_coded(c: ColumnInfo) -> bool:
    """A column that stores a state as one capital letter ('F', 'O', 'P'), every value known."""
    return c.kind == "text" and c.complete and len(c.samples) >= 2 and all(len(v) == 1 and v.isupper() for v in c.samples)


def _letter_codes(tokens: list[Token], index: SchemaIndex, taken: list[bool], linked: list[Mention]) -> list[Mention]:
    """'How many line items were returned?' over l_returnflag in ('R', 'A', 'N'), 'orders still open' over
    o_orderstatus in ('F', 'O', 'P'): a state word whose initial is one of a letter-coded column's codes, when
    the column is named after the word ('returned' -> returnflag) or is a status column of a table the question
    names (or whose value it names) (an adjective such as 'open' or 'pending', not a participle such as 'placed' that names an event);
    taken only when exactly one column fits (a sampled code is read, never a listed one)."""
    said = {t.name for m in linked if m.kind == "table" for t, _ in m.tables[:1]}
    said |= {c.table for m in linked if m.kind == "value" and len(m.value_columns) == 1 for c in m.value_columns}
    coded = [c for t in index.tables for c in t.columns if _letter_coded(c)]
    if not coded:
        return []
    as_column = {m.start: m.best_column() for m in linked if m.kind == "column" and m.end == m.start + 1}
    out: list[Mention] = []
    for i, tok in enumerate(tokens):
        w = tok.low
        if tok.quoted or not w.isalpha() or len(w) < 4 or w in STOPWORDS or w in _COMMON_QUESTION_WORDS:
            continue
        col = as_column.get(i)
        if taken[i] and (col is None or not _letter_coded(col)):
            continue  # a word linked to a table or another column keeps that link
        code = w[0].upper()
        fits = [c for c in coded if code in c.samples]
        if not fits:
            continue  # (runs after schema linking: 'orders' is the table by now, not the code 'O')
        # names may run words together ('returnflag', 'orderstatus'): look for the word inside the name
        named = [c for c in fits if any(len(x) >= 4 and x in "".join(c.words) for x in (stem(w), stem(tok.lemma)))]
        lemmas = getAllLemmas(w)
        state_word = "ADJ" in lemmas and w in lemmas.get("VERB", (w,))  # 'open', 'pending'; not 'placed' (place)
        states = [c for c in fits if state_word and c.table in said and any(x in "".join(c.words) for x in STATE_WORDS)]
        pick = named if named else states
        if len(pick) != 1 or (taken[i] and pick[0] is not col):
            continue
        out.append(Mention("value", i, i + 1, tok.text, value=code, value_columns=pick, exact_value=False))
        taken[i] = True
    return out


def _code_column(c: ColumnInfo) -> bool:
    """A column of short capital codes ('RES', 'COM', 'IND'; 'POST', 'PRE'), every value known."""
    return c.kind == "text" and c.complete and len(c.samples) >= 2 and all(
        2 <= len(v) <= 6 and v.replace("_", "").isalpha() and v.isupper() for v in c.samples)


def _truncated_code_values(tokens: list[Token], index: SchemaIndex, taken: list[bool],
                           linked: list[Mention]) -> list[Mention]:
    """'commercial customers' over a type code in ('RES', 'COM', 'IND'), 'postpaid plans' over ('PRE', 'POST'):
    a word nothing else placed whose start is one stored code of a column of short capital codes (at least three
    letters of it), when exactly one code of the whole schema fits (stored in one column or several); legacy warehouses store a category as the
    first letters of its name. Only a word that modifies a named table or column ('commercial customers'), not a
    noun of its own ('the mechanics' is not the code 'MECH'). Runs after schema linking, so a word that names a
    table or column keeps that."""
    coded = [c for t in index.tables for c in t.columns if _code_column(c)]
    named = {m.start for m in linked if m.kind in ("table", "column")}
    out: list[Mention] = []
    for i, tok in enumerate(tokens):
        w = tok.low
        if not coded or taken[i] or tok.quoted or not w.isalpha() or len(w) < 5 or w in STOPWORDS \
                or w in _COMMON_QUESTION_WORDS or i + 1 not in named or tokens[i + 1].clause_break:
            continue
        fits = {v: [c for c in coded if v in c.samples] for c in coded for v in c.samples
                if len(v) >= 3 and "_" not in v and len(w) > len(v) and w.startswith(v.lower())}
        if len(fits) != 1:
            continue
        (v, cols), = fits.items()  # one code; the columns that store it (the parser picks by the question's tables)
        out.append(Mention("value", i, i + 1, tok.text, value=v, value_columns=cols, exact_value=False))
        taken[i] = True
    return out


def _word_of_coded_values(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'urgent orders' over o_orderpriority in ('1-URGENT', '2-HIGH', ...): a word that is the only letters of
    exactly one stored value (a rank or code number glued to a label), every value of its column known."""
    out: list[Mention] = []
    for i, tok in enumerate(tokens):
        w = tok.low
        if taken[i] or tok.quoted or not w.isalpha() or len(w) < 4 or w in STOPWORDS or w in _COMMON_QUESTION_WORDS:
            continue
        hits = _labelled_codes(index).get(w, [])
        if len({(c.key, v) for v, c in hits}) != 1 or _best_schema_score([tok.lemma], index) >= 0.99:
            continue
        v, c = hits[0]
        out.append(Mention("value", i, i + 1, tok.text, value=v, value_columns=[c], exact_value=False))
        taken[i] = True
    return out


def _labelled_codes(index: SchemaIndex) -> dict[str, list[tuple[str, ColumnInfo]]]:
    """Stored values that are one word glued to digits ('1-URGENT', 'P2_HIGH'), by that word (built once per index)."""
    cached = getattr(index, "_labelled", None)
    if cached is None:
        cached = {}
        for c in index.all_columns():
            if c.kind != "text" or not c.complete:
                continue
            for v in c.samples:
                m = re.fullmatch(r"[A-Za-z]?\d+[\s_.:-]*([A-Za-z]+)|([A-Za-z]+)[\s_.:-]*\d+", v.strip())
                if m:
                    cached.setdefault((m.group(1) or m.group(2)).lower(), []).append((v, c))
        object.__setattr__(index, "_labelled", cached)
    return cached


def _only_participles(cols: list[ColumnInfo], word: str) -> bool:
    """Whether every stored value sharing ``word``'s stem is a past participle ('seated' for 'seating')."""
    forms = [_value_key(v) for c in cols for v in c.samples if stem(_value_key(v)) == stem(word)]
    return bool(forms) and all(f.endswith("ed") for f in forms)


def _stemmed_values(index: SchemaIndex) -> dict[str, list[ColumnInfo]]:
    """One-word stored values by their stem and by themselves (built once per index and kept on it)."""
    cached = getattr(index, "_stemmed", None)
    if cached is None:
        cached = {}
        for key, cols in index.values.items():
            if key.isalpha() and len(key) >= 4:
                for form in {key, stem(key)}:
                    cached.setdefault(form, [])
                    cached[form].extend(c for c in cols if c not in cached[form])
        object.__setattr__(index, "_stemmed", cached)
    return cached


def _referenced_tables(mentions: list[Mention], toks: list[Token], index: SchemaIndex) -> list[Mention]:
    """'our membership plans' matched best by tblMember.lngPlanID: a loose match on a foreign key whose last word
    names the table it refers to (and no id asked for) is that table, the plans themselves, not the member's key.
    Not a foreign key that repeats a text value of the other table rather than its primary key
    (sale.strProduct -> product.strName): it already holds what the noun names, in the row the rest of the
    question is read in ('the price of the sold products with ...' reads sale.curPrice, not product's)."""
    out: list[Mention] = []
    for m in mentions:
        c = m.best_column() if m.kind == "column" else None
        ref = index.table(c.fk[0]) if c is not None and c.fk is not None else None
        target = ref.col(c.fk[1]) if ref is not None and c is not None and c.fk is not None else None
        if target is not None and not target.is_pk and target.kind == "text":
            ref = None
        last = toks[m.end - 1]
        if (ref is not None and m.columns[0][1] < 0.9 and m.end - m.start >= 2 and ref.words
                and last.low != last.lemma and says(ref.words, last.lemma)
                and not any(toks[k].low in ("id", "ids", "key", "code", "number", "no") for k in range(m.start, m.end))):
            out.append(Mention("table", m.start, m.end, m.text, tables=[(ref, m.columns[0][1])]))
            continue
        out.append(m)
    return out


def _merge_same_column(mentions: list[Mention], toks: list[Token]) -> list[Mention]:
    """'miles per gallon (mpg)': neighbouring words that all name the same column are one mention."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and m.kind == "column"
            and prev.kind == "column"
            and prev.columns
            and m.columns
            and prev.columns[0][0] is m.columns[0][0]
            and not any(t.clause_break for t in toks[prev.end : m.end])
            and all(t.low in ("per", "a", "an", "the", "of", "in") for t in toks[prev.end : m.start])
        ):
            best = max(prev.columns[0][1], m.columns[0][1])
            merged = [(c, s) for c, s in (m.columns if m.columns[0][1] >= prev.columns[0][1] else prev.columns)]
            merged[0] = (merged[0][0], best)
            out[-1] = Mention("column", prev.start, m.end, prev.text + " " + m.text, tables=prev.tables or m.tables, columns=merged)
            continue
        out.append(m)
    return out


def _drop_agg_word_columns(mentions: list[Mention], toks: list[Token]) -> list[Mention]:
    """'average age': 'average' is an aggregate, not a column called Average, when a column follows."""
    out: list[Mention] = []
    for k, m in enumerate(mentions):
        if m.kind == "column" and m.end - m.start == 1 and toks[m.start].low in AGG_WORDS:
            nxt_tok = toks[m.end].low if m.end < len(toks) else ""
            nxt = mentions[k + 1] if k + 1 < len(mentions) else None
            if nxt_tok in AGG_WORDS or nxt_tok in ("and", "number", "count") or (
                nxt is not None and nxt.start == m.end and nxt.kind in ("column", "table")
            ):
                continue
        out.append(m)
    return out


def _raw_text(tokens: list[Token], i: int, j: int) -> str:
    return " ".join(t.text for t in tokens[i:j])


def _designates_row(toks: list[Token], i: int, cols: list[ColumnInfo], index: SchemaIndex) -> bool:
    """'Describe the section h.': a one-letter word that ends the question right after the noun of the table whose
    column stores it names that row (a letter anywhere else is more likely a word or an initial)."""
    if i == 0 or i + 1 < len(toks) or toks[i].number is not None or not toks[i].low.isalnum():
        return False
    prev = toks[i - 1].lemma
    return any(match_words([prev], t.key_words) >= 0.9 for t in index.tables if t.name in {c.table for c in cols})


def _value_of_named_table(toks: list[Token], i: int, j: int, cols: list[ColumnInfo], index: SchemaIndex) -> bool:
    """'active members', 'bookings were cancelled': the word is stored as a value of a table the question names,
    while the column spelled like it belongs only to other tables (another table's ysnActive, a member's
    dtmCancelled). Why: the value describes the rows asked about; the other table's column would need a join the
    user never asked for."""
    holders = {c.table for c in cols}
    named: set[str] = set()
    for k, tok in enumerate(toks):
        if i <= k < j or tok.lemma in STOPWORDS:
            continue
        named.update(t.name for t in index.tables if match_words([tok.lemma], t.key_words) >= 0.9)
        if k + 1 < len(toks) and not i <= k + 1 < j:  # a table of two words ('service agreements')
            pair = [tok.lemma, toks[k + 1].lemma]
            named.update(t.name for t in index.tables if len(t.key_words) == 2 and match_words(pair, t.key_words) >= 0.9)
    if not holders & named:
        return False
    if j < len(toks) and any(t.name in holders and match_words([toks[j].lemma], t.key_words) >= 0.9
                             for t in index.tables):
        return True  # 'active subscriptions per product': the word modifies the noun right after it, whose rows hold it
    words = [t.lemma for t in toks[i:j]]
    exact = {t.name for t in index.tables if match_words(words, t.words) >= 0.99}
    flat, positions = _column_hits(words, index)
    exact |= {flat[p][1].table for p in positions if match_words(words, flat[p][1].words) >= 0.99}
    return not exact & named


def _stored_verb_state(word: str, index: SchemaIndex) -> str | None:
    """'cancelled orders' where a state column stores the verb itself ('cancel', as Odoo's selection keys do): the
    participle's verb, when a complete state or status column holds it; None otherwise."""
    if not word.endswith("ed") or len(word) < 5:
        return None
    for verb in getAllLemmas(word).get("VERB", ()):
        if "ADJ" in getAllLemmas(verb):
            continue  # 'opened' (an event: the row was created) is not the stored state 'open'
        if any(c.complete and set(c.words) & {"state", "status", "stage"} for c in index.values.get(verb, [])):
            return verb
    return None


def _stored_to_do(word: str, index: SchemaIndex) -> str | None:
    """'orders to be invoiced' where a complete state column stores the work left as 'to invoice' (Odoo's
    invoice_status, a to-do 'to approve'): the stored 'to <verb>' of the participle, or None."""
    for verb in getAllLemmas(word).get("VERB", ()) if word.endswith("ed") else ():
        key = f"to {verb}"
        if any(c.complete for c in index.values.get(key, [])):
            return key
    return None


AWAITING = frozenset("awaiting await for pending".split())


def _stored_awaited(toks: list[Token], i: int, index: SchemaIndex) -> str | None:
    """'orders waiting for approval', 'awaiting shipment' where a complete state column stores the work left as
    'to approve', 'to ship': the noun of the awaited act names the stored 'to <verb>' of the same stem."""
    word = toks[i].low
    if i == 0 or toks[i - 1].low not in AWAITING or not word.isalpha() or len(word) < 4:
        return None
    keys = [k for k in index.values if k.startswith("to ") and k.count(" ") == 1 and stem(k[3:]) == stem(word)]
    return next((k for k in keys if any(c.complete for c in index.values[k])), None)


def _names_a_table(span: list[Token], index: SchemaIndex) -> bool:
    """The words (a stored phrase and the noun after it) are exactly a table's name: the table is meant."""
    words = tuple(t.lemma for t in span)
    # 'sales orders' names sale_order: the lemma keeps the money noun 'sales' plural
    return any(len(t.words) == len(words) and all(w == o or w == o + "s" for w, o in zip(words, t.words))
               for t in index.tables)


def _names_a_leaf(span: list[Token], index: SchemaIndex) -> bool:
    """The words are exactly the last field of a flattened path ('card brand')."""
    words = tuple(t.lemma for t in span)
    return any(c.leaf == words for t in index.tables for c in t.columns if len(c.leaf) == len(words))


def _names_column_with_neighbour(toks: list[Token], i: int, index: SchemaIndex) -> bool:
    """'each subscription plan' where users.subscription_plan exists and another table stores the value
    'subscription': the word and the word beside it spell a column's whole name, so the pair is that column, not a
    stored value plus a stray word (a lower-case single word only; a capitalised name stays a value)."""
    for k in (i - 1, i):
        pair = toks[k : k + 2] if k >= 0 else []
        if len(pair) < 2 or any(t.lemma in STOPWORDS or t.number is not None or t.quoted for t in pair):
            continue
        words = [t.lemma for t in pair]
        flat, positions = _column_hits(words, index)
        if any(match_words(words, flat[pos][1].words) >= 0.99 for pos in positions):
            return True
    return False


def _best_schema_score(words: list[str], index: SchemaIndex) -> float:
    best = 0.0
    for t in index.tables:  # 'refunds' names fct_refunds as fully as it would name refunds
        best = max(best, match_words(words, t.words), match_words(words, t.key_words))
    flat, positions = _column_hits(words, index)
    for pos in positions:  # every other column scores 0 for these words
        best = max(best, match_words(words, flat[pos][1].words))
    return best


def _column_hits(words: list[str], index: SchemaIndex) -> tuple[list[tuple[TableInfo, ColumnInfo]], list[int]]:
    """The columns (positions in table order) that can score above 0 for the span ``words``; all others
    score 0. A span matches a column only when its words run together are the column's words run
    together, or some word of it alone matches the column (``match_words`` needs its first word
    matched, and a qualified match asks for any word). Kept per word on the index, so each question
    scores the few columns its words can reach instead of every column for every span."""
    flat, joined = index.flat_columns()
    hits = index.word_hits
    if len(hits) > MAX_SPAN_SCORES:
        hits.clear()
    found: set[int] = set(joined.get("".join(words), ()))
    if any("-" in w for w in words):  # 'check-ins' ~ CheckIn
        found.update(joined.get(singular("".join(words).replace("-", "")), ()))
    for w in words:
        mine = hits.get(w)
        if mine is None:
            mine = hits[w] = tuple(pos for pos, (_, c) in enumerate(flat) if match_words([w], c.words) > 0)
        found.update(mine)
    return flat, sorted(found)


def _is_order_word(toks: list[Token], i: int, size: int) -> bool:
    """'ordered by', 'sorted', 'in descending order' are instructions, not the orders table."""
    if size != 1:
        return False
    w = toks[i].low
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    prv = toks[i - 1].low if i > 0 else ""
    if w in ("ordered", "sorted", "ranked"):
        return True
    return w == "order" and (nxt in ("by", "of") or prv in ORDER_ADJ)


SUBJECT_PRONOUNS = frozenset("it they he she we i you".split())
ORDER_ADJ = frozenset("descending ascending alphabetical reverse reversed lexicographical increasing decreasing".split())

MODIFIERS = frozenset(
    "first last middle other current permanent full home cell main primary secondary previous next total official".split()
)


def _pronoun_one(tokens: list[Token], i: int) -> bool:
    """'the one whose name ...', 'each one': 'one' standing for a thing, not the number 1."""
    if tokens[i].low != "one":
        return False
    prv = tokens[i - 1].low if i > 0 else ""
    nxt = tokens[i + 1].low if i + 1 < len(tokens) else ""
    return prv in ("the", "each", "this", "that", "which", "every", "any", "current", "other") or nxt in (
        "whose", "who", "that", "which", "with", "of", "where")


NAMING_VERBS = frozenset("named called titled".split())
SUBSTRING_CUES = frozenset("word substring string phrase letter letters prefix suffix".split())


def _named_values(tokens: list[Token], taken: list[bool]) -> list[Mention]:
    """'the section named h': whatever follows 'named'/'called' is a literal, even if the data probe missed it."""
    out: list[Mention] = []
    for i in range(len(tokens) - 1):
        cue = tokens[i].low in NAMING_VERBS or (tokens[i].low in SUBSTRING_CUES and not tokens[i + 1].quoted)
        if cue and tokens[i].low in SUBSTRING_CUES and tokens[i + 1].low in ("the", "a") and i + 2 < len(tokens):
            i += 1  # 'has the substring the computer': the determiner is not part of the text
        if not cue or taken[i + 1] or tokens[i + 1].number is not None:
            continue
        if tokens[i + 1].low in STOPWORDS or tokens[i + 1].clause_break:
            continue
        j = i + 2
        if tokens[i + 1].text[:1].isupper():
            while j < len(tokens) and not taken[j] and tokens[j].text[:1].isupper() and not tokens[j].clause_break:
                j += 1
        text = " ".join(t.text for t in tokens[i + 1 : j])
        out.append(Mention("value", i + 1, j, text, value=text))
        for k in range(i + 1, j):
            taken[k] = True
    return out


def _ordinal_columns(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'the first and second line' -> columns line_1 and line_2 (ordinals before a numbered column's word)."""
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        if taken[i] or tokens[i].low not in ORDINALS:
            i += 1
            continue
        ords = [i]
        j = i + 1
        while j + 1 < len(tokens) and tokens[j].low in ("and", "or") and tokens[j + 1].low in ORDINALS:
            ords.append(j + 1)
            j += 2
        if j >= len(tokens) or taken[j]:
            i = j
            continue
        noun = tokens[j].lemma
        found: list[tuple[int, list[ColumnInfo]]] = []
        for k in ords:
            n = str(ORDINALS[tokens[k].low])
            cols = [c for c in index.all_columns() if len(c.words) >= 2 and c.words[-1] == n and c.words[-2] == noun]
            if cols:
                found.append((k, cols))
        if len(found) == len(ords):
            for k, cols in found:
                end = j + 1 if k == ords[-1] else k + 1
                out.append(Mention("column", k, end, " ".join(t.text for t in tokens[k:end]), columns=[(c, 1.0) for c in cols]))
                for x in range(k, end):
                    taken[x] = True
        i = j + 1
    return out


MAX_COORDINATED = 8


def _coordinated_columns(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'the first, middle, and last name' -> first_name, middle_name, last_name: modifiers joined by commas
    and/or share the head noun that follows them, when every 'modifier noun' is a column."""
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        mods = [i]
        j = i + 1
        while j < len(tokens) and len(mods) < MAX_COORDINATED:  # bounded: a long comma list stays linear
            if tokens[j].low in ("and", "or") and j + 1 < len(tokens):
                j += 1
            elif not tokens[j].clause_break:
                break
            if not tokens[j].low.isalpha() or tokens[j].low in STOPWORDS:
                break
            mods.append(j)
            j += 1
        if len(mods) < 2 or j >= len(tokens) or any(taken[k] for k in mods + [j]) or tokens[j].clause_break:
            i += 1
            continue
        noun = tokens[j].lemma
        found = []
        for k in mods:
            cols = [c for c in index.all_columns() if c.words == (tokens[k].lemma, noun) or c.words == (tokens[k].low, noun)]
            found.append(cols)
        if not all(found):
            i += 1
            continue
        for n, (k, cols) in enumerate(zip(mods, found)):
            end = j + 1 if n == len(mods) - 1 else k + 1
            out.append(Mention("column", k, end, " ".join(t.text for t in tokens[k:end]), columns=[(c, 1.0) for c in cols]))
            for x in range(k, end):
                taken[x] = True
        i = j + 1
    return out


def _verb_tables(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'courses taught by Einstein' -> the table teaches: a table named by a verb alone (teaches, likes, plays) is
    what an irregular form of that verb ('taught', 'took') says, which the word's own lemma does not reach."""
    out: list[Mention] = []
    for i, t in enumerate(tokens):
        if taken[i] or t.quoted or not t.low.isalpha() or t.low in STOPWORDS:
            continue
        verbs = set(getAllLemmas(t.low).get("VERB", ())) - {t.lemma}
        hits = [tb for tb in index.tables if len(tb.key_words) == 1 and tb.key_words[0] in verbs]
        if len(hits) == 1:
            out.append(Mention("table", i, i + 1, t.text, tables=[(hits[0], 0.9)]))
            taken[i] = True
    return out


def _per_names(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'pages per minute color' -> pages_per_minute_color: a column whose name says 'per' and which the question
    spells out word for word is that column, not a breakdown 'per minute color' (the whole name is the link)."""
    out: list[Mention] = []
    for c in index.all_columns():
        n = len(c.words)
        if n < 3 or "per" not in c.words[1:-1]:
            continue
        for i in range(len(tokens) - n + 1):
            span = tokens[i : i + n]
            if any(taken[i : i + n]) or not all(w in (t.low, t.lemma) for w, t in zip(c.words, span, strict=True)):
                continue
            out.append(Mention("column", i, i + n, " ".join(t.text for t in span), columns=[(c, 1.0)]))
            taken[i : i + n] = [True] * n
    return out


def _rate_columns(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'price per unit' -> UNIT_PRICE_AMT, 'fee per month' -> trf_mthly_fee: 'X per Y' where a number column's name
    says both X and Y names that column (a rate stored as such), not a breakdown by Y."""
    out: list[Mention] = []
    for i in range(1, len(tokens) - 1):
        a, per, b = tokens[i - 1], tokens[i], tokens[i + 1]
        if per.low != "per" or taken[i - 1] or taken[i + 1] or not a.low.isalpha() or not b.low.isalpha() \
                or a.lemma in STOPWORDS or b.lemma in STOPWORDS:
            continue
        if a.lemma in _RATE_GENERIC:
            continue  # 'amount per month' is a breakdown of an amount, not a column 'monthly amount'
        cols = [c for c in index.all_columns() if c.kind == "num" and not c.is_key and _says_only(c, index, a.lemma, b.lemma)]
        if cols:
            out.append(Mention("column", i - 1, i + 2, f"{a.text} per {b.text}", columns=[(c, 1.0) for c in cols]))
            taken[i - 1] = taken[i] = taken[i + 1] = True
    return out


_RATE_GENERIC = frozenset("amount total sum value number count quantity average revenue sale sales".split())


def _says_only(c: ColumnInfo, index: SchemaIndex, x: str, y: str) -> bool:
    """Whether column ``c``'s name says ``x`` and ``y`` and nothing else but its table's words and a generic tail
    ('UNIT_PRICE_AMT' says price and unit; 'MO_FIXED_CHG_AMT' says more than charge and month)."""
    t = index.table(c.table)
    own = set(t.words) if t is not None else set()
    hit_x = [w for w in c.words if _equiv(x, w) >= 0.9]
    hit_y = [w for w in c.words if _equiv(y, w) >= 0.9]
    rest = [w for w in c.words if w not in hit_x and w not in hit_y and w not in own and w not in ("amount", "rate", "value")]
    return bool(hit_x) and bool(hit_y) and not rest


def _digit_columns(tokens: list[Token], index: SchemaIndex, taken: list[bool]) -> list[Mention]:
    """'line 1' -> column line_1 (a word followed by a number that is part of a column name)."""
    out: list[Mention] = []
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if taken[i] or taken[i + 1] or b.number is None or not b.low.isdigit():
            continue
        cols = [c for c in index.all_columns() if len(c.words) >= 2 and c.words[-1] == b.low and c.words[-2] == a.lemma]
        if cols:
            out.append(Mention("column", i, i + 2, f"{a.text} {b.text}", columns=[(c, 1.0) for c in cols]))
            taken[i] = taken[i + 1] = True
    return out


def _score_elements(words: list[str], index: SchemaIndex) -> tuple[list[tuple[TableInfo, float]], list[tuple[ColumnInfo, float]]]:
    """Tables and columns whose names match the span's words, with scores (unsorted)."""
    tables: list[tuple[TableInfo, float]] = []
    columns: list[tuple[ColumnInfo, float]] = []
    for t in index.tables:
        s = max(match_words(words, t.words), match_words(words, t.key_words))
        if len(words) == 1 and t.key_words and _equiv(words[0], t.key_words[-1]) >= 0.9:
            s = max(s, 0.8)  # 'enrollments' names Student_Enrolment by its head noun
        if len(words) == 1 and s >= 0.6 and _rows_named_by(t, words[0]):
            s = max(s, 1.0)  # 'tickets' is fct_ticket_sales (keyed ticket_key), not dim_ticket_tier (keyed tier_key)
        if s >= 0.6:
            tables.append((t, s))
    flat, positions = _column_hits(words, index)
    for pos in positions:  # the others score 0 (``_column_hits``); same order as a scan of every table
        t, c = flat[pos]
        if _drops_particle(words, c.words):
            continue
        own = match_words(words, c.words)
        if c.leaf:
            own = max(own, 0.97 * match_words(words, c.leaf))  # the field itself, below its whole path
        qual = 0.0
        if own == 0.0 and any(match_words([w], c.words) > 0 for w in words) and not (
                len(words) > 1 and words[0].endswith("ed")):
            qual = match_words(words, tuple(t.key_words) + tuple(w for w in c.words if w not in t.key_words))
            if c.leaf:  # 'course price': the table's words and the path's last field
                qual = max(qual, 0.97 * match_words(words, tuple(t.key_words) + tuple(w for w in c.leaf if w not in t.key_words)))
        s = max(own, qual * 0.98)
        if len(words) == 1 and words[0] in MODIFIERS and c.words and c.words[-1] != words[0]:
            s *= 0.8
        if s >= 0.45:
            columns.append((c, s))
    if len(words) == 1:
        tables = _abbreviation_over_stem(words[0], tables)
        if not tables:
            tables = _account_tables(words[0], index)
        if not tables:
            tables = _typed_rows_tables(words[0], index)
    return tables, columns


ROW_KIND_WORDS = frozenset("type kind category".split())


def _typed_rows_tables(word: str, index: SchemaIndex) -> list[tuple[TableInfo, float]]:
    """'total charges' where no table is named for charges but bill_line has a charge_type: each row of that table
    is a charge of some type, so the word names its rows (and 'total charges' adds up their money). Only one such
    table, else it is not ours to pick."""
    found = [t for t in index.tables if not set(t.words) & {word} and any(
        len(c.words) == 2 and c.words[1] in ROW_KIND_WORDS and c.kind == "text" and not c.is_key
        and _equiv(word, c.words[0]) >= 0.9 for c in t.columns)]
    return [(found[0], 0.95)] if len(found) == 1 else []  # as sure as a name: the rows say what they are


def _account_tables(word: str, index: SchemaIndex) -> list[tuple[TableInfo, float]]:
    """'students' with no students table but a users table: an application calls everyone who signs up a user, so a
    person's role (student, customer, member) names that table; only one such table, else it is not ours to pick."""
    if singular(word) not in PERSON_ROLES:
        return []
    found = [t for t in index.tables if t.key_words and len(t.key_words) <= 2
             and singular(t.key_words[-1]) in ACCOUNT_TABLE_WORDS]
    return [(found[0], 0.95)] if len(found) == 1 else []  # as sure as a name: the role is what the table holds


def _drops_particle(span: list[str], element: tuple[str, ...]) -> bool:
    """'resort sold' against is_sold_out: the column is a phrasal verb ('sold out') and the span says the verb
    without its particle, which means another thing."""
    return any(w in PARTICLES and k > 0 and element[k - 1] in span and w not in span and _past_verb(element[k - 1])
               for k, w in enumerate(element))


@lru_cache(maxsize=4096)
def _past_verb(word: str) -> bool:
    """'sold', 'checked', 'signed': a verb's inflected form (not 'units' of units_in_stock)."""
    verbs = getAllLemmas(word).get("VERB", ())
    return bool(verbs) and word not in verbs


def _rows_named_by(t: TableInfo, word: str) -> bool:
    """The table's own key is named after the word (ticket_key, ticket_id): one row per that thing, so the word
    names this table rather than another whose name only uses it as a modifier (ticket tier, ticket type)."""
    pk = t.pk()
    return pk is not None and pk.fk is None and len(pk.words) == 2 and pk.words[1] in ("key", "id") \
        and _equiv(word, pk.words[0]) >= 0.95  # the word itself, not one sharing its stem (shipments, shipper_id)


def _abbreviation_over_stem(word: str, tables: list[tuple[TableInfo, float]]) -> list[tuple[TableInfo, float]]:
    """'shipments' with tables shippers and Shpmts: a table spelling the word itself in short beats one named by
    another English word that only shares its stem (shipper ~ shipment), which the question did not say."""
    stem_only = [s for t, s in tables if s < 0.95 and any(
        w != word and is_word(w) and _equiv(word, w) >= 0.9 for w in t.key_words)]
    if not stem_only:
        return tables
    above = max(stem_only) + 0.01
    return [(t, max(s, above) if any(abbreviation_fit(w, word) >= CLEAR_FIT for w in t.key_words) else s)
            for t, s in tables]


def _schema_mention(words: list[str], i: int, j: int, index: SchemaIndex, toks: list[Token],
                    scored: dict[tuple[str, ...], Any] | None = None) -> Mention | None:
    if not words or all(w in FILLER for w in words):
        if words == ["type"] and toks[i].low == "type":
            return _generic_type_mention(i, j, index, toks)
        return None
    key = tuple(words)
    if scored is not None and key in scored:
        tables, columns = (list(x) for x in scored[key])
    else:
        tables, columns = _score_elements(words, index)
        if scored is not None:
            scored[key] = (list(tables), list(columns))
    if len(words) >= 2 and words[-1] in ("name", "id"):
        for t in index.tables:
            if match_words(words[:-1], t.key_words) >= 0.9:
                c = t.name_column() if words[-1] == "name" else t.pk()
                if c is not None:
                    columns = [(c, 1.0)] + [(x, s) for x, s in columns if x is not c]
    if not tables and not columns:
        return None
    tables.sort(key=lambda x: -x[1])
    columns.sort(key=lambda x: (-x[1], x[0].is_key))
    bt = tables[0][1] if tables else 0.0
    bc = columns[0][1] if columns else 0.0
    if len(words) == 1 and max(bt, bc) < 0.7:
        return None
    if len(words) == 1 and words[0] in GENERIC_COLUMN_WORDS and columns:
        tables = []  # a bare 'name' or 'id' is a column of whatever entity is talked about
        bt = 0.0
    text = " ".join(t.text for t in toks[i:j])
    if tables and bt < 0.9 and not any(set(words) & set(t.words) for t, _ in tables) and any(all(w in c.words for w in words) for c, _ in columns[:3]):
        return Mention("column", i, j, text, tables=tables, columns=columns)  # 'cost' of cost_of_treatment, not a synonym table
    if tables and bt < 0.9 and len(words) > 1 and words[-1] not in tables[0][0].words and any(
            words[-1] in c.words and c.table == tables[0][0].name for c, _ in columns[:3]):
        # 'class category' over ClassType.Category: the head noun is the column's own word, the table matched it
        # only through a synonym (category ~ type); only columns saying the head noun remain candidates
        return Mention("column", i, j, text, tables=tables, columns=[(c, s) for c, s in columns if words[-1] in c.words])
    if bt >= bc:
        return Mention("table", i, j, text, tables=tables, columns=columns)
    return Mention("column", i, j, text, tables=tables, columns=columns)


GENERIC_COLUMN_WORDS = frozenset("name id".split())


def _generic_type_mention(i: int, j: int, index: SchemaIndex, toks: list[Token]) -> Mention | None:
    """'the type and weight of ...': a bare 'type' names a column whose name ends in type."""
    if i > 0 and toks[i - 1].low in ("what", "which") or toks[j : j + 1] and toks[j].low == "of":
        return None
    cols = [(c, 0.75) for t in index.tables for c in t.columns if c.words and c.words[-1] == "type"]
    if not cols:
        return None
    return Mention("column", i, j, toks[i].text, columns=cols)


def probe_candidates(tokens: list[Token], mentions: list[Mention], index: SchemaIndex, limit: int = 5) -> list[str]:
    """Phrases worth looking up in the data: unmatched quoted strings, Capitalised runs, unknown words."""
    taken = [False] * len(tokens)
    for m in mentions:
        if m.kind == "value" and m.value_columns:
            for k in range(m.start, m.end):
                taken[k] = True
        if m.kind in ("table", "column") and (max([s for _, s in m.tables] + [s for _, s in m.columns] + [0]) >= 0.9):
            for k in range(m.start, m.end):
                taken[k] = True
    out: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if taken[i] or t.number is not None:
            i += 1
            continue
        if t.quoted:
            out.append(t.text)
            i += 1
            continue
        if t.text[:1].isupper() and (i > 0) and t.low not in STOPWORDS:
            j = i
            while j < n and not taken[j] and tokens[j].text[:1].isupper() and not tokens[j].quoted:
                j += 1
            run = " ".join(x.text for x in tokens[i:j])
            out.append(run)
            if j - i > 1:
                out.extend(x.text for x in tokens[i:j] if x.low not in STOPWORDS)
            i = j
            continue
        i += 1
    if len(out) < limit:
        vocab = {w for tb in index.tables for w in tb.words} | {w for c in index.all_columns() for w in c.words}
        for k, t in enumerate(tokens):
            if taken[k] or t.quoted or t.number is not None or t.low in STOPWORDS or len(t.low) < 3:
                continue
            if t.lemma in vocab or t.low in _COMMON_QUESTION_WORDS or t.text[:1].isupper():
                continue
            out.append(t.text)
    return list(dict.fromkeys(out))[:limit]


_COMMON_QUESTION_WORDS = frozenset(
    """average maximum minimum total number count different distinct many much most least highest lowest
    largest smallest greater less more fewer than order ordered sorted descending ascending alphabetical
    each every per list show find give return tell display name names also both either not without
    what which who whose where when how are is was were does did have has had whom that this those these
    older younger oldest youngest above below between after before over under equal least exactly
    there their they them its his her ids id along together corresponding respectively""".split()
)


def prefer_column_named_elsewhere(toks: list[Token], ments: list[Mention]) -> None:
    """'Which country do we ship the most orders to?': 'country' names profile.country and shop.country fully and
    orders.ship_to_country in part; the question's other word 'ship', which no mention placed, is a word of that
    one candidate only, so it is the country meant. The candidate moves to the top (tied with the full matches'
    score); nothing changes when no unplaced word, or when it names more than one candidate."""
    placed = {k for m in ments for k in range(m.start, m.end)}
    free = {t.low for k, t in enumerate(toks) if k not in placed and not t.quoted and len(t.low) >= 3 and t.low.isalpha()
            and t.low not in STOPWORDS and t.low not in _COMMON_QUESTION_WORDS}
    free |= {t.lemma for k, t in enumerate(toks) if k not in placed and t.low in free}
    for m in ments:
        if m.kind != "column" or len(m.columns) < 2:
            continue
        top = m.columns[0][1]
        if sum(1 for _, sc in m.columns if sc >= top - 1e-9) < 2:
            continue  # one clear best column already
        said = {w for k in range(m.start, m.end) for w in (toks[k].low, toks[k].lemma)}
        hits = [i for i, (c, _) in enumerate(m.columns) if (set(c.words) - said) & free]
        if len(hits) != 1 or hits[0] == 0:
            continue
        c, _ = m.columns.pop(hits[0])
        m.columns.insert(0, (c, top))

