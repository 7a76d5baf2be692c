"""A consonant skeleton that spells a common English word exactly ('flm' film, 'dscnt' discount, 'drtn' duration) is
not expanded to a looser fit among the words a schema happens to spell out (fullname, discontinued, description).
Schemas written by the test in a lowercase export style, not the respeller's."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.abbrev import expansion, skeleton_of_other_word
from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.offline.linking import build_index


def test_a_skeleton_of_another_word_is_not_expanded_by_a_looser_fit() -> None:
    assert expansion("flm", frozenset({"fullname", "title"})) is None
    assert expansion("dscnt", frozenset({"discontinued", "price"})) is None
    assert expansion("scr", frozenset({"subscribed"})) is None
    assert skeleton_of_other_word("drtn", "description")
    # the word the skeleton spells best is still chosen, and so is an exact skeleton other words share
    assert expansion("dscnt", frozenset({"discount", "discontinued"})) == "discount"
    assert expansion("cntry", frozenset({"country", "city"})) == "country"
    assert expansion("prc", frozenset({"price"})) == "price"


def _box(tmp_path: Path) -> SqliteToolbox:
    path = tmp_path / "export.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE flm (flm_no INTEGER PRIMARY KEY, fullname TEXT, drtn INTEGER);
        CREATE TABLE tckt_sale (sale_no INTEGER PRIMARY KEY, flm_no INTEGER REFERENCES flm(flm_no), dscnt REAL,
                                discontinued INTEGER);
        INSERT INTO flm VALUES (1, 'Alpha', 90), (2, 'Beta', 120), (3, 'Gamma', 100);
        INSERT INTO tckt_sale VALUES (1, 1, 2.0, 0), (2, 1, 4.0, 0), (3, 2, 0.0, 1);
    """)
    con.commit()
    con.close()
    return SqliteToolbox(path)


async def test_skeleton_names_keep_their_own_word(tmp_path: Path) -> None:
    index = build_index(await _box(tmp_path).schema())
    film = index.table("flm")
    assert film is not None and film.words == ("flm",)
    words = {c.name: c.words for c in film.columns}
    assert words["drtn"] == ("drtn",)


@pytest.mark.parametrize(("question", "rows"), [
    ("How many films are there?", [(3,)]),
    ("average discount", [(2.0,)]),
])
async def test_questions_over_skeleton_names_are_answered(tmp_path: Path, question: str, rows: list[Any]) -> None:
    ans = await OfflineAnalyst().answer(question, toolbox=_box(tmp_path), history=[], state={}, mode="economy",
                                        deep=False)
    part = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
    assert ans.understood and part is not None and part.result is not None
    assert sorted(tuple(r) for r in part.result.rows) == rows
