"""A consonant skeleton that spells a common English word exactly ('flm' film, 'dscnt' discount, 'drtn' duration) is
not expanded to a looser fit among the words a schema happens to spell out (fullname, discontinued, description),
is not singularised when its 's' is the word's own ('stts' status), and does not name a long question word it keeps
under half the consonants of ('stts' is no shipment). Schemas written by the test in a lowercase export style."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.abbrev import CLEAR_FIT, abbreviation_fit, expansion, keeps_own_s, skeleton_of_other_word
from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.offline.linking import _equiv, build_index


def test_a_skeleton_of_another_word_is_not_expanded_by_a_looser_fit() -> None:
    assert expansion("flm", frozenset({"fullname", "title"})) is None
    assert expansion("dscnt", frozenset({"discontinued", "price"})) is None
    assert expansion("scr", frozenset({"subscribed"})) is None
    assert skeleton_of_other_word("drtn", "description")
    # the word the skeleton spells best is still chosen, and so is an exact skeleton other words share
    assert expansion("dscnt", frozenset({"discount", "price"})) == "discount"
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


def test_a_skeleton_ending_in_its_own_s_is_no_plural() -> None:
    assert keeps_own_s("stts") and keeps_own_s("prchs") and keeps_own_s("wrhs")  # status, purchase, warehouse
    assert not keeps_own_s("custs") and not keeps_own_s("hrs") and not keeps_own_s("units")


def test_a_short_skeleton_of_another_word_does_not_name_a_long_question_word() -> None:
    assert _equiv("shipments", "stts") == 0.0  # status, not shipments
    assert _equiv("subscription", "scr") == 0.0  # score
    assert _equiv("status", "stts") > 0.8
    assert _equiv("consultant", "cnslt") > 0.7  # most of the word's consonants: still the word



async def test_a_lone_keys_tag_is_not_read_as_a_phrase_of_the_values(tmp_path: Path) -> None:
    """'PP_ID' of PRJ_PHASE is the phase's key, though a column stores 'Paper Prototype' (initials pp)."""
    path = tmp_path / "as400.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE PRJ_PHASE (PP_ID INTEGER PRIMARY KEY, PP_NAME TEXT, PP_KIND TEXT);
        INSERT INTO PRJ_PHASE VALUES (1, 'Alpha', 'Paper Prototype'), (2, 'Beta', 'Field Test'),
                                     (3, 'Gamma', 'Paper Prototype');
    """)
    con.commit()
    con.close()
    index = build_index(await SqliteToolbox(path).schema())
    phase = index.table("PRJ_PHASE")
    assert phase is not None
    assert {c.name: c.words for c in phase.columns}["PP_ID"] == ("pp", "id")


def test_five_letters_of_a_skeleton_cut_short_fit_clearly() -> None:
    """Fixed-width names cut a skeleton at five letters ('rstrn' restaurant); keeping that much names the word."""
    assert abbreviation_fit("rstrn", "restaurant") >= CLEAR_FIT
    assert abbreviation_fit("rstr", "restaurant") < CLEAR_FIT  # four letters of six: still a loose fit

