"""Name lists and row helpers shared by the studied (``build.py``) and held-out (``heldout/build.py``) builders."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, timedelta


FIRST = ("James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
         "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Ana",
         "Hiroshi", "Yuki", "Priya", "Arjun", "Fatima", "Omar", "Lena", "Jonas", "Sofia", "Mateo", "Chloe",
         "Lucas", "Ingrid", "Erik", "Mei", "Wei", "Olga", "Ivan", "Amara", "Kwame")
LAST = ("Anderson", "Baker", "Clark", "Diaz", "Evans", "Foster", "Garcia", "Hughes", "Ito", "Jensen", "Khan",
        "Lopez", "Moreno", "Nguyen", "Owens", "Park", "Quinn", "Reyes", "Schneider", "Turner", "Ueda", "Vargas",
        "Walsh", "Xu", "Young", "Zimmerman", "Becker", "Rossi", "Silva", "Kowalski", "Novak", "Haddad")


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _ts(rng: random.Random, d: date, lo: int = 8, hi: int = 22) -> str:
    return datetime(d.year, d.month, d.day, rng.randrange(lo, hi), rng.randrange(60), rng.randrange(60)).isoformat(" ")


def _create(conn: sqlite3.Connection, ddl: str) -> None:
    conn.executescript(ddl)
