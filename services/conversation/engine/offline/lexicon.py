"""General English knowledge the offline analyst uses: tokens, lemmas, number words, cue words.

Nothing here knows any database; it is linguistic knowledge only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from lemminflect import getInflection, getLemma

STOPWORDS = frozenset(
    """a an the of for in on at to by with from and or is are was were be been being do does did
    what which who whom whose how many much all any each every that this these those there their
    its it his her he she they them we us our you your me my i as than then also both either
    show list give find return tell display get please what's whats can could would will has have
    had per some only just name?""".split()
)

# Words that carry no meaning for schema linking but are not stopwords for parsing.
FILLER = frozenset(
    """different distinct unique various total number count amount names value values info information
    record records detail details data list table type types kind kinds""".split()
)

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "single": 1, "once": 1, "twice": 2, "thrice": 3, "dozen": 12,
}

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}

IRREGULAR_PLURALS = {
    "people": "person", "men": "man", "women": "woman", "children": "child", "feet": "foot",
    "teeth": "tooth", "mice": "mouse", "geese": "goose", "data": "data", "criteria": "criterion",
    "indices": "index", "matrices": "matrix", "analyses": "analysis", "series": "series",
    "species": "species", "statuses": "status", "ids": "id", "buses": "bus", "aliases": "alias",
}

NO_SINGULAR = frozenset(
    "is was has does this its his us bus status gas plus yes less class glass address business process "
    "access success boss loss pass mass news physics mathematics economics series species analysis "
    "basis thesis axis crisis campus census virus bonus focus status corpus genus sales".split()
)

# Synonyms: question word -> schema words it may stand for (general vocabulary).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "nation": ("country", "nationality"),
    "nationality": ("country", "nation"),
    "country": ("nation", "nationality"),
    "origin": ("country", "nationality"),
    "town": ("city", "hometown"),
    "city": ("town", "hometown"),
    "hometown": ("town", "city"),
    "phone": ("cell", "mobile", "telephone", "number"),
    "mobile": ("cell", "phone"),
    "cell": ("mobile", "phone"),
    "email": ("mail", "e-mail"),
    "mail": ("email",),
    "gender": ("sex",),
    "sex": ("gender",),
    "old": ("age",),
    "young": ("age",),
    "aged": ("age",),
    "heavy": ("weight",),
    "weigh": ("weight",),
    "weighing": ("weight",),
    "produce": ("make", "maker"),
    "version": ("make",),
    "light": ("weight",),
    "tall": ("height",),
    "high": ("height",),
    "cost": ("price", "amount", "charge", "fee"),
    "price": ("cost", "amount", "charge", "fee"),
    "money": ("cost", "price", "amount", "salary", "revenue"),
    "spend": ("cost", "amount"),
    "pay": ("cost", "amount", "salary", "payment"),
    "earn": ("salary", "income", "revenue"),
    "salary": ("pay", "wage", "earning"),
    "revenue": ("sale", "sales", "amount", "income"),
    "sale": ("revenue", "amount"),
    "income": ("revenue", "salary"),
    "maker": ("manufacturer", "make", "producer"),
    "manufacturer": ("maker", "make", "producer"),
    "producer": ("maker", "manufacturer"),
    "firm": ("company",),
    "company": ("firm", "business"),
    "employee": ("staff", "worker"),
    "staff": ("employee",),
    "worker": ("employee",),
    # CRM and service-desk words for the same records (Dynamics names a case 'incident', a deal 'opportunity')
    "case": ("incident", "ticket"),
    "incident": ("case", "ticket"),
    "deal": ("opportunity",),
    "opportunity": ("deal",),
    "equipment": ("asset", "machine"),
    "channel": ("origin", "source"),  # the channel a case or lead came in through
    "customer": ("client", "buyer"),
    "client": ("customer",),
    "buyer": ("customer",),
    "product": ("item", "good"),
    "item": ("product",),
    "student": ("pupil", "schooler"),
    "pupil": ("student",),
    "teacher": ("instructor", "professor", "faculty"),
    "instructor": ("teacher", "professor"),
    "professor": ("teacher", "instructor", "faculty"),
    "author": ("writer",),
    "writer": ("author",),
    "film": ("movie",),
    "movie": ("film",),
    "song": ("track",),
    "track": ("song",),
    "singer": ("artist", "musician"),
    "artist": ("singer", "musician"),
    "car": ("vehicle", "auto", "automobile"),
    "vehicle": ("car",),
    "kind": ("type", "category"),
    "category": ("type", "kind"),
    "type": ("kind", "category"),
    "job": ("role", "position", "title"),
    "role": ("job", "position"),
    "position": ("role", "job"),
    "address": ("street", "location"),
    "location": ("place", "address", "city"),
    "place": ("location",),
    "chargeback": ("dispute",),  # a card payment disputed by the cardholder
    "dispute": ("chargeback",),
    "begin": ("start",),
    "start": ("begin",),
    "finish": ("end",),
    "end": ("finish",),
    "size": ("capacity",),
    "capacity": ("size",),
    "capital": ("city",),
    "birthday": ("birth", "dob"),
    "born": ("birth", "dob"),
    "description": ("detail", "describe"),
    "describe": ("description",),
    "detail": ("description",),
    "id": ("identifier", "code", "number"),
    "code": ("id",),
    "title": ("name",),
    "called": ("name",),
    "named": ("name",),
    "surname": ("last",),
    "forename": ("first",),
    "mpg": ("mile", "gallon"),
    "record": ("recording",),
    "mark": ("grade", "score"),
    "score": ("grade", "mark", "point"),
    "grade": ("score", "mark", "level"),
    "population": ("people", "inhabitant"),
    "dept": ("department",),
    "department": ("dept",),
    "quantity": ("qty", "amount"),
    # general business vocabulary any analyst knows: the places a business trades from, the staff who work there
    "restaurant": ("location", "outlet", "venue", "branch", "store", "site"),
    "outlet": ("location", "store", "branch"),
    "venue": ("location",),
    "outdoor": ("patio", "terrace", "outside", "garden"),
    "patio": ("outdoor", "terrace"),
    "tip": ("gratuity",),
    "gratuity": ("tip",),
    "wage": ("salary", "pay"),
    "dish": ("item", "meal"),
    # what is used up of a metered service (power, water, data, minutes): its usage or consumption
    "consumption": ("usage", "use"),
    "usage": ("consumption", "use"),
}

# What people call a currency, by its ISO 4217 code: 'in US dollars', 'invoices in euros'. A bare 'dollars' means the
# US dollar only where no other dollar is stored (see linking._currency_values); 'pounds' alone may be a weight.
CURRENCY_NAMES: dict[str, str] = {
    "us dollar": "usd", "u.s. dollar": "usd", "american dollar": "usd", "dollar": "usd", "euro": "eur",
    "british pound": "gbp", "pound sterling": "gbp", "sterling": "gbp", "uk pound": "gbp", "japanese yen": "jpy",
    "yen": "jpy", "canadian dollar": "cad", "australian dollar": "aud", "swiss franc": "chf", "indian rupee": "inr",
    "rupee": "inr", "chinese yuan": "cny", "yuan": "cny", "renminbi": "cny", "swedish krona": "sek",
    "mexican peso": "mxn", "brazilian real": "brl", "new zealand dollar": "nzd", "singapore dollar": "sgd",
}

# A state said as an adjective or noun that the data stores as a participle ('successful charges' where status is
# 'succeeded'): word -> the stored forms to look for.
STATE_FORMS: dict[str, tuple[str, ...]] = {
    "successful": ("succeeded", "success"), "successfully": ("succeeded", "success"), "success": ("succeeded",),
    "unsuccessful": ("failed", "failure"),
}

# What people call the person a record belongs to ('deals by sales rep', 'cases each agent closed'): a CRM keeps them
# by an owner key (OwnerId, owner_user_id) into its users, so these words name that owner.
OWNER_WORDS = frozenset("rep representative salesperson salesman saleswoman seller agent".split())
OWNER_TRADES = frozenset("sales sale support service account field inside".split())  # 'sales rep', 'support agent'

# The role a person plays for a business ('students' of a learning platform, 'customers' of a shop) and the
# generic table names an application gives the people who sign up (users, people, profiles): when no table is
# named after the role, the role means the sign-up table.
PERSON_ROLES = frozenset(
    "student learner pupil customer client buyer shopper member subscriber patient guest player reader patron "
    "attendee participant trainee".split())
ACCOUNT_TABLE_WORDS = frozenset("user person people profile".split())

# Money taken in ('revenue', 'sales', 'rent collected', 'amount spent'), the states a payment's status takes when it
# went through, and those whose money never came in or went back out: a sum of takings over a payment status (one
# that has a settled state) leaves the unsettled rows out ('failed' and 'refunded' purchases).
TAKINGS_WORDS = frozenset("""revenue revenues sales turnover income takings earnings collect collects collected receive
    receives received paid earn earns earned spent spend spends spending""".split())
SETTLED_STATES = frozenset("completed complete paid succeeded success successful settled captured cleared posted".split())
UNSETTLED_STATES = frozenset("""failed failure refunded cancelled canceled declined voided void reversed rejected
    bounced chargeback charged-back""".split())

# Opposite states a yes/no flag can be asked by ('failed attempts' over a passed flag): word -> its opposite.
FLAG_ANTONYMS = {"fail": "pass", "failed": "passed", "pass": "fail", "passed": "failed", "closed": "open",
                 "open": "closed", "lost": "won", "won": "lost", "disabled": "enabled", "enabled": "disabled",
                 "offline": "online", "online": "offline", "private": "public", "public": "private",
                 "absent": "present", "present": "absent", "deactivated": "active", "deactivate": "active",
                 "archived": "active", "archive": "active"}  # archiving a record clears its active flag
# Lifecycle states a row is in that applications keep as status codes ('shops that are suspended', 'live listings'):
# adjectives, so a question that says one asks for a subset of the rows.
STATE_WORDS = frozenset("live suspended pending refunded expired draft dormant paused lapsed overdue unpaid frozen "
                        "deactivated unpublished published".split())
# The yes/no flag that says a row is finished ('IsClosed'): an outcome's opposite ('lost' over won) holds only for them.
FINISHED_WORDS = frozenset("closed completed complete finished done resolved decided settled".split())
FLAG_AFFIXES = frozenset("yn yes no is has flag ind indicator".split())  # abandoned_yn: (abandoned, yes, no)
NEGATING_PREFIXES = ("non-", "non", "un", "in")  # 'inactive', 'unverified', 'non-billable'


@lru_cache(maxsize=4096)
def _participle(verb: str) -> tuple[str, ...]:
    """The past participles of an irregular verb ('lose' -> 'lost', 'win' -> 'won'); regular ones are matched by
    their '-ed' ending already."""
    return tuple(p for p in getInflection(verb, tag="VBN") if not p.endswith("ed")) if verb.isalpha() else ()


def flag_truth(core: tuple[str, ...] | list[str], low: str, lemma: str) -> bool | None:
    """Whether a question word says a yes/no flag named ``core`` (its name without affixes such as 'is') holds:
    True for the flag's own word ('verified' ~ is_verified), False for its opposite ('unverified', 'inactive',
    'failed' ~ passed), None when the word names something else."""
    if len(core) != 1:
        return None
    name = core[0]
    if name in (low, lemma) or singular(name) == lemma or len(lemma) >= 4 and name.startswith(lemma) \
            and name[len(lemma):] in ("ed", "d", "ing"):
        return True
    said = (low, lemma) + _participle(lemma)  # 'did we lose': the flag's word is the verb's participle ('lost')
    if name in said[2:]:
        return True
    if any(FLAG_ANTONYMS.get(w) == name for w in said):
        return False
    for prefix in NEGATING_PREFIXES:
        if low.startswith(prefix) and low[len(prefix):] == name and len(name) >= 4:
            return False
    return None


# What a unit of measure measures: a column named only by its unit ('SQ_FT', 'intSquareFeet', 'kwh') holds that
# quantity, and people ask for the quantity ('floor area', 'session duration', 'energy'), not the unit.
UNIT_DIMENSIONS: dict[tuple[str, ...], str] = {
    **dict.fromkeys([("square", "foot"), ("sq", "ft"), ("sqft",), ("square", "metre"), ("square", "meter"), ("sqm",),
                     ("sq", "m"), ("acre",), ("hectare",)], "area"),
    **dict.fromkeys([("minute",), ("min",), ("mins",), ("hour",), ("hr",), ("hrs",), ("second",), ("sec",), ("secs",)],
                    "duration"),
    **dict.fromkeys([("km",), ("kilometre",), ("kilometer",), ("mile",), ("mi",)], "distance"),
    **dict.fromkeys([("kwh",), ("mwh",), ("kilowatt", "hour"), ("therm",)], "energy"),
    **dict.fromkeys([("litre",), ("liter",), ("gallon",)], "volume"),
    **dict.fromkeys([("tonne",), ("ton",), ("kg",), ("kilogram",)], "weight"),
}
# the words a question names each quantity by
DIMENSION_WORDS: dict[str, str] = {"area": "area", "footage": "area", "duration": "duration", "length": "duration",
                                   "distance": "distance", "mileage": "distance", "energy": "energy",
                                   "volume": "volume", "capacity": "volume", "weight": "weight", "tonnage": "weight"}

# Common abbreviations found in column names.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "fname": ("first", "name"),
    "lname": ("last", "name"),
    "mname": ("middle", "name"),
    "dob": ("date", "birth"),
    "qty": ("quantity",),
    "amt": ("amount",),
    "num": ("number",),
    "no": ("number",),
    "nbr": ("number",),
    "desc": ("description",),
    "descr": ("description",),
    "addr": ("address",),
    "dept": ("department",),
    "emp": ("employee",),
    "cust": ("customer",),
    "prod": ("product",),
    "ord": ("order",),  # ORD_ID, ord_dt: as conventional as cust and prod, yet only a weak truncation by spelling
    "org": ("organization",),
    "yr": ("year",),
    "dt": ("date",),
    "avg": ("average",),
    "pct": ("percent",),
    "tel": ("telephone",),
    "lat": ("latitude",),
    "lng": ("longitude",),
    "lon": ("longitude",),
    "yn": ("yes", "no"),
    "cnt": ("count",),
    "ssn": ("social", "security", "number"),
    "zip": ("zip", "postcode"),
    "postcode": ("zip",),
    "nm": ("name",),
    "ts": ("timestamp",),
    "tstamp": ("timestamp",),
    "mrr": ("monthly", "recurring", "revenue"),
    "arr": ("annual", "recurring", "revenue"),
    "wh": ("warehouse",),
    "whse": ("warehouse",),
    "dest": ("destination",),
    "orig": ("origin",),
    "csat": ("satisfaction", "score"),
    "nps": ("net", "promoter", "score"),
    "hazmat": ("hazardous", "material"),
    "mo": ("month",),
    "mth": ("month",),
    "acct": ("account",),
    "mgr": ("manager",),
    "pmt": ("payment",),
    "txn": ("transaction",),
    "trx": ("transaction",),
    "bal": ("balance",),
    "loc": ("location",),  # HomeLocId, loc_cd: a truncation one letter short of clear by spelling
    "co": ("company",),  # CoId, MembersCo: two letters that are not the word's first and last consonant
    "msisdn": ("mobile", "phone", "number"),  # the telecom name of a SIM's phone number
}

# Short forms that are English words too ('cat', 'stat'): read as the longer word only in a schema that shortens
# its names by convention elsewhere (linking.abbreviating_schema); in a pet shop a cat is a cat.
WORD_ABBREVIATIONS: dict[str, str] = {"cat": "category", "stat": "status", "tot": "total", "doc": "document",
                                      "ref": "reference", "sal": "salary"}  # 'sal': Oracle's EMP.SAL

# Adjectives (and their comparative/superlative forms) that imply a column and a direction.
# word -> (column words it implies, direction "asc"/"desc" for "more of the adjective").
ADJECTIVE_COLUMNS: dict[str, tuple[tuple[str, ...], str]] = {
    "young": (("age", "birth", "dob"), "asc"),
    "old": (("age", "birth", "dob"), "desc"),
    "heavy": (("weight",), "desc"),
    "light": (("weight",), "asc"),
    "tall": (("height",), "desc"),
    "short": (("height", "length", "duration", "page", "minute"), "asc"),
    "long": (("length", "duration", "page", "minute", "time"), "desc"),
    "expensive": (("price", "cost", "amount", "charge", "fee"), "desc"),
    "cheap": (("price", "cost", "amount", "charge", "fee"), "asc"),
    "rich": (("money", "wealth", "worth", "income", "salary"), "desc"),
    "poor": (("money", "wealth", "worth", "income"), "asc"),
    "populous": (("population",), "desc"),
    "valuable": (("value", "worth"), "desc"),  # 'the most valuable artwork': its value column
    "fast": (("speed", "horsepower", "accelerate"), "desc"),
    "slow": (("speed",), "asc"),
    "big": (("size", "capacity", "area", "population"), "desc"),
    "large": (("size", "capacity", "area", "population"), "desc"),
    "small": (("size", "capacity", "area", "population"), "asc"),
    "recent": (("date", "time", "year", "when"), "desc"),
    "late": (("date", "time", "year"), "desc"),
    "new": (("date", "time", "year"), "desc"),
    "early": (("date", "time", "year"), "asc"),
}

COMPARATIVE_FORMS = {
    "younger": "young", "youngest": "young", "older": "old", "oldest": "old", "elder": "old",
    "eldest": "old", "heavier": "heavy", "heaviest": "heavy", "lighter": "light",
    "lightest": "light", "taller": "tall", "tallest": "tall", "shorter": "short",
    "shortest": "short", "longer": "long", "longest": "long", "cheaper": "cheap",
    "cheapest": "cheap", "richer": "rich", "richest": "rich", "poorer": "poor", "poorest": "poor",
    "faster": "fast", "fastest": "fast", "slower": "slow", "slowest": "slow", "bigger": "big",
    "biggest": "big", "larger": "large", "largest": "large", "smaller": "small",
    "smallest": "small", "newer": "new", "newest": "new", "latest": "late", "later": "late",
    "earlier": "early", "earliest": "early", "most recent": "recent", "most recently": "recent", "least recent": "early", "more expensive": "expensive",
    "most expensive": "expensive", "less expensive": "cheap", "least expensive": "cheap",
    "most populous": "populous", "most valuable": "valuable", "more valuable": "valuable", "first": "early", "last": "late",
}

AGG_WORDS = {
    "average": "avg", "avg": "avg", "mean": "avg",
    "total": "sum", "sum": "sum", "combined": "sum", "overall": "sum",
    "maximum": "max", "max": "max", "highest": "max", "largest": "max", "greatest": "max",
    "biggest": "max", "most": "max", "top": "max",
    "minimum": "min", "min": "min", "lowest": "min", "smallest": "min", "least": "min",
    "fewest": "min",
}

SUPERLATIVE_DESC = frozenset("most highest largest greatest biggest maximum max top best".split())
SUPERLATIVE_ASC = frozenset("least lowest smallest fewest minimum min worst".split())

COMPARISON_PHRASES: tuple[tuple[str, str], ...] = (
    ("greater than or equal to", ">="), ("more than or equal to", ">="),
    ("less than or equal to", "<="), ("smaller than or equal to", "<="),
    ("at least", ">="), ("no less than", ">="), ("not less than", ">="), ("or more", ">="),
    ("and more", ">="), ("or above", ">="), ("or higher", ">="), ("or greater", ">="),
    ("at most", "<="), ("no more than", "<="), ("not more than", "<="), ("or less", "<="),
    ("or fewer", "<="), ("or below", "<="), ("or lower", "<="), ("up to", "<="),
    ("or after", ">="), ("or later", ">="), ("and after", ">="), ("and later", ">="),
    ("or before", "<="), ("or earlier", "<="), ("and before", "<="), ("and earlier", "<="),
    ("more than", ">"), ("greater than", ">"), ("higher than", ">"), ("larger than", ">"),
    ("bigger than", ">"), ("over", ">"), ("above", ">"), ("exceeding", ">"), ("exceeds", ">"),
    ("after", ">"), ("later than", ">"), ("since", ">="), ("beyond", ">"),
    ("less than", "<"), ("fewer than", "<"), ("lower than", "<"), ("smaller than", "<"),
    ("under", "<"), ("below", "<"), ("before", "<"), ("earlier than", "<"), ("prior to", "<"),
    ("equal to", "="), ("equals", "="), ("exactly", "="),
)

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}

# words of a table name that say how it is modelled, not what a row is (dbt marts: dim_venue, fct_ticket_sales, stg_orders)
GENERIC_TABLE_WORDS = frozenset("ref list data info tbl table lookup details detail dim fact fct stg mart rpt vw log sheet "
                                "register tracker".split())

# the second word of a phrasal verb ('sold out', 'checked in', 'signed up', 'opted out'): without it the verb means
# another thing ('tickets sold' is not 'sold out')
PARTICLES = frozenset("out in up off over down back away".split())

NAME_WORDS = ("name", "title", "label", "fullname", "description")

# a grain to bucket a date by, and the adverbs that say it ('monthly' -> month)
GRAINS = {"year": "year", "yearly": "year", "annual": "year", "annually": "year", "month": "month", "monthly": "month",
          "quarter": "quarter", "quarterly": "quarter", "week": "week", "weekly": "week", "day": "day", "daily": "day"}


@dataclass(frozen=True)
class Token:
    """One word of the question with its normalised forms."""

    text: str
    low: str
    lemma: str
    start: int
    end: int
    quoted: bool = False
    number: float | None = None
    pre: str = ""  # punctuation between the previous token and this one (",", "?", ...)
    possessive: bool = False  # written with 's ("owner's")

    @property
    def clause_break(self) -> bool:
        """A comma, semicolon or sentence end comes right before this token."""
        return any(ch in self.pre for ch in ",;.?!:")

    @property
    def sentence_break(self) -> bool:
        return any(ch in self.pre for ch in ".?!;")


def split_identifier(name: str) -> list[str]:
    """Words of an identifier: snake_case, camelCase, digits; lower case."""
    return list(_split_identifier(name))


@lru_cache(maxsize=65536)  # pure and hot: every index build and every fit splits the same column names
def _split_identifier(name: str) -> tuple[str, ...]:
    name = name.split(".")[-1]
    # Salesforce API names: '__c' marks a custom field or object ('Loss_Reason__c'), '__r' its relationship, '__x'
    # an external object, '__mdt' custom metadata; the suffix is a platform marker nobody says
    name = re.sub(r"(?<=[A-Za-z0-9])__(?:c|r|x|pc|mdt)$", "", name)
    # spreadsheet headers: a trailing '($)', '(1-5)', '(kg)' states the unit or scale, which people do not say; a
    # '#' is said 'number' ('Job #' is the job number)
    name = re.sub(r"(?<=\w)\s*\([^()]*\)\s*$", "", name).replace("#", " number ")
    parts = re.split(r"[_\W]+", name)
    words: list[str] = []
    for part in parts:
        if not part:
            continue
        for w in re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+", part):
            words.append(w.lower())
    if len(words) >= 3 and len(words[-3]) >= 3 and words[-3].isalpha() and words[-2] in ("0", "1") \
            and words[-1] in SCALE_TOPS:
        words = words[:-2]  # 'rating_1_5', 'score_0_10': the scale written out, as '(1-5)' is, said by nobody
    return tuple(words)


SCALE_TOPS = frozenset({"3", "4", "5", "7", "10", "100"})  # where a rating or score scale ends


def expand_abbreviations(words: list[str]) -> list[str]:
    """Replace known abbreviations (fname -> first name)."""
    out: list[str] = []
    for w in words:
        out.extend(ABBREVIATIONS.get(w, (w,)) if w not in ("no", "num") or len(words) > 1 else (w,))
    return out


def load_language_data() -> None:
    """Load lemminflect's tables now (about a second, more on a busy machine) instead of inside the first answer."""
    getLemma("warmups", upos="NOUN")
    getInflection("warmup", tag="NNS")
    from .abbrev import skeleton_of_other_word
    from .places import demonyms

    demonyms()  # the country adjectives, read from their package's data once
    skeleton_of_other_word("flm", "fullname")  # English words by consonant skeleton (~0.6 s), for short names


@lru_cache(maxsize=65536)  # pure and hot: linking compares every span with every schema word
def singular(word: str) -> str:
    """English singular of a question word or an identifier part: lemminflect's noun lemma (its dictionary, and its
    suffix rules for words it does not know, such as 'custs' or 'lineitems'), after the words this domain reads
    its own way ('people' -> person, 'sales' stays)."""
    w = word.lower()
    if w in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[w]
    head, dash, last = w.rpartition("-")
    if dash and head and last.isalpha():  # 'no-shows' -> 'no-show', 'check-ins' -> 'check-in': the last part inflects
        return f"{head}-{singular(last)}"
    if len(w) <= 3 or w in NO_SINGULAR or w.endswith(("ss", "us", "is")) or not w.endswith("s") or not w.isalpha():
        return w
    lemmas = getLemma(w, upos="NOUN")
    return lemmas[0] if lemmas else w


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Crude stem for fuzzy matching (enrolled ~ enrolment, produced ~ production)."""
    w = singular(word)
    for suf in ("ations", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ers", "er",
                "ed", "es", "ity", "al", "ly", "e", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= (4 if suf == "al" else 3):  # 'local' is not 'loc'(ation)
            w = w[: -len(suf)]
            break
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]
    return w


def number_of(text: str) -> float | None:
    """Numeric value of a token (digits or a number word)."""
    t = text.lower().replace(",", "")
    if re.fullmatch(r"0\d+", t):
        return None  # '0970...' is a code or phone number, not a quantity
    if re.fullmatch(r"-?\d+(\.\d+)?", t):
        return float(t)
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    return None


_QUOTE_RE = re.compile(r"``\s*(.+?)\s*''|\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|(?<![A-Za-z])'([^']+)'(?![A-Za-z])")
_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*%?|[A-Za-z][A-Za-z0-9\-]*(?:'s)?|[A-Za-z]+")


def tokenize(question: str) -> list[Token]:
    """Tokens of a question; quoted strings become one quoted token each."""
    tokens: list[Token] = []
    pos = 0
    for m in _QUOTE_RE.finditer(question):
        tokens.extend(_plain_tokens(question[pos : m.start()], pos))
        inner = next(g for g in m.groups() if g is not None)
        tokens.append(Token(inner, inner.lower(), inner.lower(), m.start(), m.end(), quoted=True))
        pos = m.end()
    tokens.extend(_plain_tokens(question[pos:], pos))
    out: list[Token] = []
    prev_end = 0
    for t in tokens:
        gap = question[prev_end : t.start]
        if t.quoted:
            gap = gap.rstrip("'\"`“‘ ")
        pre = re.sub(r"[\s'\"`“”‘’()]", "", gap) if out else ""
        out.append(replace(t, pre=pre) if pre else t)
        prev_end = t.end
    return out


_NOT_COUNTS = frozenset("single once twice thrice dozen zero".split())
_SET_PHRASES = frozenset("off time times way on stop size sided hundred".split())


def _plain_tokens(text: str, offset: int) -> list[Token]:
    out: list[Token] = []
    for m in _WORD_RE.finditer(text):
        raw = m.group(0)
        low = raw.lower()
        head, dash, rest = low.partition("-")
        if dash and head in NUMBER_WORDS and head not in _NOT_COUNTS and rest.isalpha() and rest not in _SET_PHRASES:
            # 'two-bedroom' says 'two bedroom' ('2-bedroom' already splits); 'one-off', 'single-family' stay words
            at = offset + m.start()
            out.append(Token(raw[: len(head)], head, head, at, at + len(head), number=float(NUMBER_WORDS[head])))
            out.append(Token(raw[len(head) + 1 :], rest, singular(rest), at + len(head) + 1, at + len(raw)))
            continue
        poss = low.endswith("'s")
        if poss:
            low = low[:-2]
            raw = raw[:-2]
        num = number_of(low.rstrip("%"))
        lemma = low if num is not None else singular(low)
        out.append(Token(raw, low, lemma, offset + m.start(), offset + m.start() + len(raw), number=num, possessive=poss))
    return out
