"""Studied databases with their identifiers respelled: schemas the engine's rules were never tuned on.

The studied business databases are what the readers were built against, so their answers overstate how a
reading does on a new warehouse (held-out wrong rates run four to five times the studied ones). Respelling
every table and column name (common warehouse abbreviations such as cust, amt, qty, dt, and the other case
style: snake_case <-> CamelCase) keeps the data and the questions and takes away the familiar names; the gold
SQL is respelled with sqlglot and kept only where it returns the same rows. `scripts/calibrate.py --respelled`
adds these to the studied calibration data, as the closest stand-in for a warehouse nobody has seen.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import evalcore
from sqlglot import exp, parse_one

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


def build(src: Path, dst: Path) -> dict[str, str]:
    """A copy of ``src`` with every table and column respelled; the map of old (lower-cased) to new names."""
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


def regold(sql: str, renamed: dict[str, str]) -> str:
    """The gold SQL over the respelled names."""

    def rename(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and node.name.lower() in renamed:
            node.set("this", exp.to_identifier(renamed[node.name.lower()], quoted=True))
        elif isinstance(node, exp.Table) and "table:" + node.name.lower() in renamed:
            node.set("this", exp.to_identifier(renamed["table:" + node.name.lower()], quoted=True))
        return node

    return parse_one(sql, read="sqlite").transform(rename).sql(dialect="sqlite")


def respelled(studied: list[str], db_dir: Path, questions: Path, out: Path) -> list[evalcore.Question]:
    """Build the respelled copies of ``studied`` under ``out``; their questions with respelled gold SQL."""
    out.mkdir(parents=True, exist_ok=True)
    maps = {d: build(db_dir / f"{d}.sqlite", out / f"{d}.sqlite") for d in studied}
    kept: list[evalcore.Question] = []
    for q in evalcore.load_questions(questions):
        if q.db_id not in maps:
            continue
        try:
            gold = regold(q.gold, maps[q.db_id])
            same = sorted(map(repr, evalcore.run_sqlite(db_dir / f"{q.db_id}.sqlite", q.gold))) == sorted(
                map(repr, evalcore.run_sqlite(out / f"{q.db_id}.sqlite", gold)))
        except Exception:  # noqa: BLE001 - gold SQL sqlglot cannot respell is left out
            continue
        if same:
            kept.append(evalcore.Question(q.db_id, q.question, gold, q.index))
    return kept
