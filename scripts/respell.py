"""Studied databases with their identifiers respelled: schemas the engine's rules were never tuned on.

The studied business databases are what the readers were built against, so their answers overstate how a
reading does on a new warehouse (held-out wrong rates run four to five times the studied ones). Respelling
every table and column name (common warehouse abbreviations such as cust, amt, qty, dt, and the other case
style: snake_case <-> CamelCase) keeps the data and the questions and takes away the familiar names; the gold
SQL is respelled with sqlglot and kept only where it returns the same rows. `scripts/calibrate.py --respelled`
adds these to the studied calibration data, as the closest stand-in for a warehouse nobody has seen.

A second, harder style (``style="legacy"``, `calibrate.py --respelled legacy`) is modelled on mainframe-era
warehouses, where no list of familiar abbreviations holds: UPPER_SNAKE names; every word longer than three letters
abbreviated by a rule (its consonant skeleton, doubles once, cut to five letters: method -> MTHD, amount -> AMNT,
shipment -> SHPMN, customer -> CSTMR); tables singular, behind a prefix the whole database shares (``T_``, ``TBL_``
or a module prefix made from the database's name); every column behind its table's initials (work_order.type ->
WO_TYPE; a one-word table gives its first three letters: customer.name -> CST_NM). The gold SQL is respelled
table by table (sqlglot resolves which table each column is read from) and kept only where it returns the same rows.
"""

from __future__ import annotations

import shutil
import sqlite3
import zlib
from pathlib import Path

import evalcore
from sqlglot import exp, parse_one
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import traverse_scope

from services.common.column_roles import split_words

# Abbreviations warehouses use for common business words (a respelled name must still mean the same).
ABBR = {
    "customer": "cust", "customers": "custs", "amount": "amt", "quantity": "qty", "number": "num",
    "description": "descr", "address": "addr", "department": "dept", "departments": "depts", "employee": "emp",
    "employees": "emps", "category": "cat", "product": "prod", "products": "prods", "payment": "pmt",
    "payments": "pmts", "order": "ord", "orders": "ords", "date": "dt", "price": "prc", "total": "tot",
    "name": "nm", "country": "cntry", "company": "co", "account": "acct", "accounts": "accts", "invoice": "inv",
    "invoices": "invs", "transaction": "txn", "shipment": "shpmt", "shipments": "shpmts", "warehouse": "whse",
    "supplier": "supp", "suppliers": "supps", "manager": "mgr", "status": "stat", "region": "rgn",
    "location": "loc", "salary": "sal", "rental": "rntl", "rentals": "rntls", "inventory": "inv", "film": "flm",
    "films": "flms", "store": "str",
}


def respell(name: str) -> str:
    """'customer_id' -> 'CustId', 'OrderDate' -> 'ord_dt': abbreviated words in the other case style."""
    words = [ABBR.get(w, w) for w in split_words(name)] or [name]
    snake = "_" in name or name.islower()
    return "".join(w.capitalize() for w in words) if snake else "_".join(words)


VOWELS = frozenset("aeiou")
STYLES = ("plain", "legacy")


def legacy_word(word: str) -> str:
    """A word as a legacy warehouse shortens it, by rule: short words kept ('id', 'cd' stays), longer ones their
    consonant skeleton (first letter kept, a doubled letter once) cut to five letters: method -> mthd, total -> ttl."""
    if len(word) <= 3 or word.isdigit():
        return word
    out = word[0]
    for prev, ch in zip(word, word[1:], strict=False):
        if ch not in VOWELS and ch != prev:  # a letter written twice in a row, once: account -> acnt
            out += ch
    return out[:5] if len(out) >= 2 else word[:4]


def _singular(word: str) -> str:
    from lemminflect import getLemma

    lemma = getLemma(word, upos="NOUN")
    return lemma[0] if lemma and lemma[0] else word


def legacy_table(name: str, prefix: str) -> str:
    """'order_items' -> 'T_ORDR_ITEM': singular, abbreviated, upper-case, behind the database's prefix."""
    words = list(split_words(name)) or [name.lower()]
    words[-1] = _singular(words[-1])
    return prefix + "_".join(legacy_word(w) for w in words).upper()


def table_initials(name: str) -> str:
    """The prefix a legacy table gives its columns: the initials of a several-word name (work_order -> WO), the
    first three letters of a one-word name's abbreviation (customer -> CST)."""
    words = list(split_words(name)) or [name.lower()]
    if len(words) > 1:
        return "".join(w[0] for w in words).upper()
    return legacy_word(_singular(words[0]))[:3].upper()


def legacy_column(name: str, initials: str) -> str:
    """'payment_method' of table payment -> 'PMT_PYMNT_MTHD'."""
    return initials + "_" + "_".join(legacy_word(w) for w in (split_words(name) or (name.lower(),))).upper()


def database_prefix(db: str) -> str:
    """One table prefix per database, chosen deterministically from its name: T_, TBL_ or a module prefix."""
    kind = zlib.crc32(db.encode()) % 3
    return ("T_", "TBL_", legacy_word(split_words(db)[0] if split_words(db) else db)[:3].upper() + "_")[kind]


def build(src: Path, dst: Path, style: str = "plain") -> dict[str, str]:
    """A copy of ``src`` with every table and column respelled; the map of old (lower-cased) to new names
    ('table:t' for a table; for the legacy style 't.c' for a column, since a column's new name depends on its table)."""
    if style == "legacy":
        return _build_legacy(src, dst)
    shutil.copy(src, dst)
    con = sqlite3.connect(dst)
    con.execute("PRAGMA legacy_alter_table=OFF")  # foreign keys follow the renames
    renamed: dict[str, str] = {}
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    for t in tables:
        for row in con.execute(f'PRAGMA table_info("{t}")').fetchall():
            old, new = row[1], respell(row[1])
            if new != old:
                con.execute(f'ALTER TABLE "{t}" RENAME COLUMN "{old}" TO "{new}"')
                renamed[old.lower()] = new
    for t in tables:
        new = respell(t)
        if new.lower() != t.lower():
            con.execute(f'ALTER TABLE "{t}" RENAME TO "{new}"')
            renamed["table:" + t.lower()] = new
    con.commit()
    con.close()
    return renamed


def _build_legacy(src: Path, dst: Path) -> dict[str, str]:
    shutil.copy(src, dst)
    con = sqlite3.connect(dst)
    con.execute("PRAGMA legacy_alter_table=OFF")
    prefix = database_prefix(src.stem)
    renamed: dict[str, str] = {}
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    used_tables: set[str] = set()
    for t in tables:
        initials = table_initials(t)
        used: set[str] = set()
        for row in con.execute(f'PRAGMA table_info("{t}")').fetchall():
            old = row[1]
            new = base = legacy_column(old, initials)
            n = 2
            while new.lower() in used:  # two names abbreviated alike: numbered, as such warehouses do
                new, n = f"{base}{n}", n + 1
            used.add(new.lower())
            con.execute(f'ALTER TABLE "{t}" RENAME COLUMN "{old}" TO "{new}"')
            renamed[f"{t.lower()}.{old.lower()}"] = new
    for t in tables:
        new = base = legacy_table(t, prefix)
        n = 2
        while new.lower() in used_tables:
            new, n = f"{base}{n}", n + 1
        used_tables.add(new.lower())
        con.execute(f'ALTER TABLE "{t}" RENAME TO "{new}"')
        renamed["table:" + t.lower()] = new
    con.commit()
    con.close()
    return renamed


def regold_legacy(sql: str, renamed: dict[str, str], schema: dict[str, dict[str, str]]) -> str:
    """The gold SQL over legacy names: each column renamed by the table it is read from (``schema``: the original
    tables' columns, for sqlglot to resolve unqualified ones)."""
    tree = qualify(parse_one(sql, read="sqlite"), schema=schema, dialect="sqlite", quote_identifiers=False,
                   identify=False, validate_qualify_columns=False)
    for scope in traverse_scope(tree):
        for col in scope.columns:
            source = scope.sources.get(col.table)
            if isinstance(source, exp.Table):
                key = f"{source.name.lower()}.{col.name.lower()}"
                if key in renamed:
                    col.set("this", exp.to_identifier(renamed[key], quoted=True))
    for table in tree.find_all(exp.Table):
        if "table:" + table.name.lower() in renamed:
            table.set("this", exp.to_identifier(renamed["table:" + table.name.lower()], quoted=True))
    return tree.sql(dialect="sqlite")


def _schema(path: Path) -> dict[str, dict[str, str]]:
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    out = {t: {r[1]: (r[2] or "TEXT") for r in con.execute(f'PRAGMA table_info("{t}")')} for t in tables}
    con.close()
    return out


def regold(sql: str, renamed: dict[str, str]) -> str:
    """The gold SQL over the respelled names."""

    def rename(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and node.name.lower() in renamed:
            node.set("this", exp.to_identifier(renamed[node.name.lower()], quoted=True))
        elif isinstance(node, exp.Table) and "table:" + node.name.lower() in renamed:
            node.set("this", exp.to_identifier(renamed["table:" + node.name.lower()], quoted=True))
        return node

    return parse_one(sql, read="sqlite").transform(rename).sql(dialect="sqlite")


def respelled(studied: list[str], db_dir: Path, questions: Path, out: Path,
              style: str = "plain") -> list[evalcore.Question]:
    """Build the respelled copies of ``studied`` under ``out``; their questions with respelled gold SQL."""
    out.mkdir(parents=True, exist_ok=True)
    maps = {d: build(db_dir / f"{d}.sqlite", out / f"{d}.sqlite", style) for d in studied}
    schemas = {d: _schema(db_dir / f"{d}.sqlite") for d in studied} if style == "legacy" else {}
    kept: list[evalcore.Question] = []
    for q in evalcore.load_questions(questions):
        if q.db_id not in maps:
            continue
        try:
            gold = (regold_legacy(q.gold, maps[q.db_id], schemas[q.db_id]) if style == "legacy"
                    else regold(q.gold, maps[q.db_id]))
            same = sorted(map(repr, evalcore.run_sqlite(db_dir / f"{q.db_id}.sqlite", q.gold))) == sorted(
                map(repr, evalcore.run_sqlite(out / f"{q.db_id}.sqlite", gold)))
        except Exception:  # noqa: BLE001 - gold SQL sqlglot cannot respell is left out
            continue
        if same:
            kept.append(evalcore.Question(q.db_id, q.question, gold, q.index))
    return kept
