"""Small warehouses generated for tests, so no test depends on data outside the repository."""

from __future__ import annotations

import sqlite3
from pathlib import Path

_DDL = """
CREATE TABLE venue (venue_id INTEGER PRIMARY KEY, name TEXT, city TEXT, capacity INTEGER);
CREATE TABLE singer (singer_id INTEGER PRIMARY KEY, name TEXT, country TEXT, age INTEGER, is_male BOOLEAN);
CREATE TABLE concert (concert_id INTEGER PRIMARY KEY, name TEXT, year INTEGER,
                      venue_id INTEGER REFERENCES venue(venue_id));
CREATE TABLE singer_in_concert (concert_id INTEGER REFERENCES concert(concert_id),
                                singer_id INTEGER REFERENCES singer(singer_id),
                                PRIMARY KEY (concert_id, singer_id));
"""
_VENUES = [(1, "Harbour Arena", "Oslo", 12000), (2, "Old Mill Hall", "Leeds", 2500), (3, "Riverside Dome", "Lyon", 8000)]
_SINGERS = [(1, "Ada Brook", "Norway", 31, 0), (2, "Ben Carter", "United Kingdom", 45, 1),
            (3, "Chloe Dumas", "France", 27, 0), (4, "Dev Patel", "United Kingdom", 38, 1),
            (5, "Eva Lind", "Norway", 52, 0), (6, "Felix Roy", "France", 24, 1)]
_CONCERTS = [(1, "Spring Lights", 2022, 1), (2, "Northern Nights", 2023, 1), (3, "Mill Sessions", 2023, 2),
             (4, "River Songs", 2024, 3)]
_LINEUPS = [(1, 1), (1, 5), (2, 2), (2, 4), (3, 3), (3, 6), (4, 1), (4, 3), (4, 6)]


def make_concert_db(path: Path) -> Path:
    """Write a four-table concert warehouse (6 singers, 3 venues, 4 concerts) to ``path``."""
    con = sqlite3.connect(path)
    try:
        con.executescript(_DDL)
        with con:
            con.executemany("INSERT INTO venue VALUES (?, ?, ?, ?)", _VENUES)
            con.executemany("INSERT INTO singer VALUES (?, ?, ?, ?, ?)", _SINGERS)
            con.executemany("INSERT INTO concert VALUES (?, ?, ?, ?)", _CONCERTS)
            con.executemany("INSERT INTO singer_in_concert VALUES (?, ?)", _LINEUPS)
    finally:
        con.close()
    return path
