"""One set of rules for a column's semantic role, shared by knowledge (shown on GET /api/tables/{id})
and the offline analyst (which words may reach the column).

Metabase-style name + type rules refined by what sync saw in the data: identifiers never become
measures, 0/1 state adjectives are flags, low-cardinality text is a category, dates (also dates
stored as text) are time dimensions. A modeler's correction (``set_column_role``) wins over all of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

ROLES = ("identifier", "label", "measure", "time", "flag", "category", "text")
MONEY_WORDS = frozenset(
    "price cost amount revenue sales sale salary income fee charge payment total spend spent paid pay value "
    "budget profit margin tax wage earning turnover gross net balance invoice freight rent fare".split()
)
QUANTITY_WORDS = frozenset("quantity qty unit units stock volume count number sold".split())
NOT_MEASURE_WORDS = frozenset("year month day week phone zip postal code number id no rank ranking order level".split())
FLAG_WORDS = frozenset(
    "active inactive discontinued deleted archived enabled disabled verified cancelled canceled subscribed blocked "
    "banned closed".split()
)
FLAG_VALUES = frozenset({"0", "1", "true", "false", "t", "f", "y", "n", "yes", "no"})
TRUE_VALUES = ("1", "-1", "true", "t", "y", "yes")  # -1: Microsoft Access / VB stores a yes as -1
FALSE_VALUES = ("0", "false", "f", "n", "no")
# Hungarian (Leszynski/Reddick) type tags of legacy Access and VB warehouses ('tblMember', 'lngMemberID',
# 'curMonthlyFee', 'ysnActive'): a lower-case tag glued before the capitalised name, saying the stored type.
# People never say the tag; what it says about the column: a yes/no flag, money, a date, a number or text.
# The same convention in snake_case ('tbl_member', 'lng_member_id', 'ysn_active') is read only where the whole
# schema is tagged (``snake``): alone, 'int_rate' is an interest rate and 'str_id' a store.
HUNGARIAN_TAGS = {"tbl": "table", "qry": "table", "ysn": "flag", "bln": "flag", "cur": "money", "dtm": "date",
                  "lng": "number", "int": "number", "dbl": "number", "sng": "number", "byt": "number",
                  "str": "text", "txt": "text", "mem": "text", "chr": "text"}
_TAGGED = re.compile(r"^([a-z]{3})[A-Z]")
_TAGGED_SNAKE = re.compile(r"^([a-z]{3})_[a-z]")
CATEGORY_MAX_DISTINCT = 30
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NUMERIC_TYPES = ("int", "real", "float", "double", "decimal", "numeric", "number", "money")


def split_words(name: str) -> tuple[str, ...]:
    """snake_case, CamelCase, spaces and digits -> lower-case words."""
    out: list[str] = []
    for part in re.split(r"[_\W]+", name):
        out.extend(w.lower() for w in re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+", part))
    return tuple(out)


def hungarian_tag(name: str, snake: bool = False) -> str:
    """The Hungarian type tag an identifier starts with ('ysn' of 'ysnActive'; with ``snake`` also of
    'ysn_active'), or '' when it has none."""
    m = _TAGGED.match(name) or (_TAGGED_SNAKE.match(name) if snake else None)
    return m.group(1) if m and m.group(1) in HUNGARIAN_TAGS else ""


def uses_hungarian(names: Sequence[str]) -> bool:
    """Whether a schema is written in Hungarian notation: most of its identifiers carry a type tag. Why a
    schema-wide test: in a plain camelCase schema 'curBalance' is the current balance, 'intRate' an interest rate."""
    tagged = sum(1 for n in names if hungarian_tag(n, snake=True))
    return tagged >= 3 and 2 * tagged >= len(names)


def is_flag_values(values: set[str] | frozenset[str]) -> bool:
    """Two stored values (or one) that read as yes/no: 1/0, -1/0 (Access), true/false, Y/N, yes/no."""
    return 0 < len(values) <= 2 and (values <= FLAG_VALUES or values <= {"-1", "0"})


def stored_truth(samples: Sequence[str], truth: bool) -> str | None:
    """The stored sample that means yes (or no) in a yes/no column, as stored ('-1', '1', 'Y'); None if absent."""
    wanted = TRUE_VALUES if truth else FALSE_VALUES
    return next((v for v in samples if v.strip().lower() in wanted), None)


def flag_like_name(name: str) -> bool:
    """A number column named like a yes/no state ('auto_renew', 'Discontinued', 'IsPreferred'): why: sync reads
    its values (numbers are otherwise not sampled), and only 0/1 there makes it a flag ('killed' holds counts)."""
    from lemminflect import getAllLemmas  # loaded on first use: the lemma tables are big

    if HUNGARIAN_TAGS.get(hungarian_tag(name, snake=True)) == "flag":
        return True  # 'ysnHasPool', 'ysn_has_pool': the tag itself says yes/no
    words = split_words(name)
    if not words or words[-1] in ("id", "code", "key", "no", "number"):
        return False
    lemmas = getAllLemmas(words[-1])
    if set(words) & (MONEY_WORDS | QUANTITY_WORDS):
        # 'paid' alone is a verb form that may hold 0/1 as well as amounts: its values decide (a money noun never)
        return len(words) == 1 and "VERB" in lemmas and "NOUN" not in lemmas
    if words[0] in ("is", "has", "can") or (len(words) == 1 and words[0] in FLAG_WORDS):
        return True
    if len(words) == 1 and ("ADJ" in lemmas or words[0].endswith("able")):
        return True  # a one-word adjective states something of the row: 'delinquent', 'overdue', 'billable'
    return "VERB" in lemmas and "NOUN" not in lemmas  # a verb form, not a noun: 'renew', 'churned', 'returned'


CODE_NAME_LAST = frozenset("status state stage phase kind type category".split())


def code_like_name(name: str) -> bool:
    """A number column named like an ORM choice field ('status', 'order_status', 'kind', 'room_type'): why: sync
    reads its values (numbers are otherwise not sampled), so the engine knows which codes it holds (0..5) and can ask
    which one a question's state means instead of guessing or dropping it."""
    words = split_words(name)
    return bool(words) and words[-1] in CODE_NAME_LAST


# Words that end (or start) the name of a column holding a point in time ('created', 'canceled_at', 'period_end',
# 'paid_on'); a unit word ('days', 'year') makes it a count or a part of a date instead.
TIME_NAME_LAST = frozenset("at on ts time timestamp datetime date dt created updated modified start end due by".split())
TIME_NAME_NOT = frozenset("year years month months week weeks day days hour hours minute minutes second seconds "
                          "id key code count number no num seq".split())
# Unix epoch integers by how many make a second: seconds from 1973 to 2103, or milliseconds over the same years.
_EPOCH_RANGES = ((1, 10**8, 42 * 10**8), (1000, 10**11, 42 * 10**11))


def time_like_name(name: str) -> bool:
    """A column named like a point in time ('created', 'canceled_at', 'trial_end'). Why: sync reads the values of such
    a number column, so an integer holding Unix epoch seconds (API exports: Stripe, Segment) can be read as a date."""
    words = split_words(name)
    if not words or set(words) & TIME_NAME_NOT:
        return False
    return words[-1] in TIME_NAME_LAST or words[0] in ("created", "updated", "modified")


def epoch_scale(name: str, sql_type: str, samples: Sequence[str]) -> int:
    """How many stored units make a second when an integer column holds Unix epoch time (1 for seconds, 1000 for
    milliseconds), by its time-like name and its sampled values; 0 for any other column ('year_built', ids)."""
    if kind_of_type(sql_type) != "num" or not samples or not time_like_name(name):
        return 0
    try:
        nums = [float(s) for s in samples]
    except ValueError:
        return 0
    if any(not v.is_integer() for v in nums):
        return 0
    for scale, lo, hi in _EPOCH_RANGES:
        if all(lo <= v < hi for v in nums):
            return scale
    return 0


# Dates kept outside date columns: a spreadsheet's '03/14/2023' cell text (US order, or day first) and eight-digit
# keys 20230314, as a number or as text (a warehouse's date keys, a legacy system's date fields).
SLASH_DAY = re.compile(r"^(\d{2})/(\d{2})/\d{4}$")
KEY_NAME_LAST = frozenset("id key code no num number seq".split())


def _date_key(s: str) -> bool:
    """'20230314' (or the number 20230314): eight digits that spell a real day between 1900 and 2099."""
    if not (len(s) == 8 and s.isdigit() and s[:2] in ("19", "20")):
        return False
    try:
        date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        return False
    return True


DATE_FORMS = frozenset({"epoch", "epoch_ms", "ymd", "mdy", "dmy"})
# a packed decimal of eight digits and no scale: how legacy files (IBM i, COBOL) keep a date as YYYYMMDD
DATE_KEY_TYPE = re.compile(r"\s*(numeric|decimal|dec)\s*\(\s*8\s*(,\s*0\s*)?\)\s*", re.IGNORECASE)
# what such a date field holds when there is no date
NO_DATE_KEYS = frozenset({"0", "0.0", ""})


def date_key_type(sql_type: str) -> bool:
    """A column typed like a legacy packed date, NUMERIC(8,0). Why: sync reads its values (numbers are otherwise not
    sampled), so 20250314 there can be read as a date whatever the field is called ('OHORDT')."""
    return bool(DATE_KEY_TYPE.fullmatch(sql_type))


def stored_date_form(name: str, sql_type: str, kind: str, samples: Sequence[str], key: bool = False) -> str:
    """How a column not typed as a date holds one, when every sampled value says so: 'epoch' / 'epoch_ms' (Unix
    time in a number column named like a point in time, see ``epoch_scale``), 'mdy' ('03/14/2023' text, the US
    order, unless a first part above 12 shows the day comes first: 'dmy'), 'ymd' (20230314, text or a number, in a
    column that is no key and not named like one, with two different values at least), else ''. Why: such columns
    compare, sort and bucket by period only once converted, and people ask for them as dates. One vocabulary for
    the catalog's roles and the analyst's SQL."""
    if not samples:
        return ""
    scale = epoch_scale(name, sql_type, samples)
    if scale:
        return "epoch" if scale == 1 else "epoch_ms"
    # a legacy date field holds 0 where there is no date ('OHSHDT' of an order not shipped yet)
    keys = [s for s in samples if s not in NO_DATE_KEYS]
    if kind in ("text", "num") and not key and split_words(name)[-1:] not in [(w,) for w in KEY_NAME_LAST] \
            and len(set(keys)) >= 2 and all(_date_key(s) for s in keys):
        return "ymd"
    if kind != "text":
        return ""
    days = [SLASH_DAY.match(s) for s in samples]
    if not all(days):
        return ""
    firsts = [int(m.group(1)) for m in days if m]
    seconds = [int(m.group(2)) for m in days if m]
    return "dmy" if max(firsts) > 12 and max(seconds) <= 12 else "mdy"


def kind_of_type(sql_type: str) -> str:
    """num | text | date | bool, from the warehouse's type name."""
    t = sql_type.lower()
    if ("date" in t or "time" in t) and "int" not in t:
        return "date"
    if "bool" in t:
        return "bool"
    return "num" if any(k in t for k in _NUMERIC_TYPES) else "text"


def derive_role(
    words: Sequence[str],
    kind: str,
    *,
    is_key: bool,
    is_label: bool = False,
    samples: Sequence[str] = (),
    complete: bool = False,
    distinct: int | None = None,
) -> str:
    """The role of one column (one of ROLES)."""
    ws = set(words)
    if is_key:
        return "identifier"
    if kind == "bool" or (kind == "num" and len(words) > 1 and words[0] in ("is", "has", "can")):
        return "flag"
    if kind in ("num", "text") and len(words) == 1 and words[0] in FLAG_WORDS:
        return "flag"
    vals = {s.strip().lower() for s in samples}
    if samples and complete and is_flag_values(vals):
        return "flag"
    if kind == "date" or (kind == "text" and samples and all(_DATE_TEXT.match(s) for s in samples)):
        return "time"
    if is_label:
        return "label"
    if kind == "num":
        if ws & NOT_MEASURE_WORDS and not ws & (MONEY_WORDS | QUANTITY_WORDS):
            return "category" if complete else "text"
        return "measure"
    if kind == "text" and (complete or (distinct is not None and distinct <= CATEGORY_MAX_DISTINCT)):
        return "category"
    return "text"


def catalog_roles(columns: Sequence[dict], primary_key: Sequence[str], fk_columns: Sequence[str]) -> dict[str, str]:
    """Roles of a catalog table's columns (knowledge's snapshot dicts): name -> role."""
    keys = {c.lower() for c in primary_key} | {c.lower() for c in fk_columns}
    label = _label_column(columns, keys)
    out: dict[str, str] = {}
    for c in columns:
        words = split_words(c["name"])
        is_key = c["name"].lower() in keys or (bool(words) and words[-1] in ("id", "code", "key"))
        samples = [str(v) for v in c.get("sample_values") or ()]
        kind = kind_of_type(c.get("type", ""))
        if stored_date_form(c["name"], c.get("type", ""), kind, samples, key=is_key):
            kind = "date"
        out[c["name"]] = derive_role(words, kind, is_key=is_key, is_label=c["name"] == label,
                                     samples=samples, complete=bool(c.get("values_complete")), distinct=c.get("distinct_count"))
    return out


def _label_column(columns: Sequence[dict], keys: set[str]) -> str | None:
    for c in columns:
        words = split_words(c["name"])
        if words and words[-1] in ("name", "title") and c["name"].lower() not in keys:
            return c["name"]
    return None
