"""A SQLite warehouse with many tables, for measuring how catalog-wide work scales."""

from __future__ import annotations

import sqlite3
from pathlib import Path

TOPICS = ("invoice", "shipment", "ticket", "campaign", "payment", "refund", "visit", "lead", "contract", "device")


def make_wide_catalog(path: Path, tables: int, columns: int = 12, start: int = 0) -> Path:
    """``tables`` tables named ``<topic>_<i>`` with text columns holding a few distinct values each,
    so every table carries sample values (the search index and the old scan both see them)."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN")  # one transaction: per-statement commits make 20,000 tables take minutes
    for i in range(start, start + tables):
        topic = TOPICS[i % len(TOPICS)]
        cols = ", ".join(f"{topic}_attr_{j} TEXT" for j in range(columns))
        con.execute(f"CREATE TABLE {topic}_{i} (id INTEGER PRIMARY KEY, {cols})")
        rows = [(k, *[f"value{k}x{j}t{i}" for j in range(columns)]) for k in range(1, 6)]
        con.executemany(f"INSERT INTO {topic}_{i} VALUES ({', '.join('?' * (columns + 1))})", rows)
    con.execute("COMMIT")
    con.close()
    return path
