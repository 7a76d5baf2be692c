"""Legacy warehouse naming (UPPER_SNAKE, a T_/TBL_ prefix on every table, the table's initials on every column,
words shortened to their consonants): the index reads the words people say. Schemas written by the test."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.offline.linking import build_index, column_tag, table_prefixes


def _box(tmp_path: Path) -> SqliteToolbox:
    path = tmp_path / "legacy.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE T_CSTMR (CST_ID INTEGER PRIMARY KEY, CST_NM TEXT, CST_CNTRY TEXT);
        CREATE TABLE T_ORDR (ORD_ID INTEGER PRIMARY KEY, ORD_CSTMR_ID INTEGER REFERENCES T_CSTMR(CST_ID),
                             ORD_DT TEXT, ORD_AMNT REAL);
        CREATE TABLE T_PRDCT (PRD_ID INTEGER PRIMARY KEY, PRD_NM TEXT, PRD_PRC REAL);
        INSERT INTO T_CSTMR VALUES (1, 'Ann', 'France'), (2, 'Bo', 'Spain'), (3, 'Cy', 'France');
        INSERT INTO T_ORDR VALUES (10, 1, '2024-01-03', 5.0), (11, 1, '2024-02-03', 7.5), (12, 2, '2024-02-09', 1.0),
                                  (13, 3, '2024-03-01', 2.0);
        INSERT INTO T_PRDCT VALUES (1, 'Pen', 1.5), (2, 'Ink', 4.0);
    """)
    con.commit()
    con.close()
    return SqliteToolbox(path)


def test_a_prefix_on_every_table_is_dropped_but_not_a_shared_word() -> None:
    assert table_prefixes(["T_CSTMR", "T_ORDR", "T_PRDCT"]) == {"t"}
    assert table_prefixes(["TBL_CSTMR", "TBL_ORDR", "TBL_PRDCT", "TBL_RVW", "SHIPPERS"]) == {"tbl"}
    assert table_prefixes(["order_items", "order_lines", "order_notes"]) == frozenset()  # 'order' is a word
    assert table_prefixes(["T_CSTMR", "ORDR"]) == frozenset()  # two tables say nothing of a convention


def test_a_columns_tag_is_dropped_where_it_spells_the_table_name() -> None:
    assert column_tag("CSTMR", ["CST_ID", "CST_NM", "CST_EML"]) == {"cst"}
    assert column_tag("WORK_ORDER", ["WO_ID", "WO_TYP", "WO_DT"]) == {"wo"}
    assert column_tag("ORDR", ["CST_ID", "CST_NM", "CST_EML"]) == frozenset()  # not the table's own name
    assert column_tag("customer", ["c_name", "c_phone"]) == frozenset()  # one letter: TPC-H's tags stay
    assert column_tag("CSTMR", ["CST_ID", "NAME", "EMAIL"]) == frozenset()  # most columns must carry it


async def test_legacy_names_read_as_the_words_people_say(tmp_path: Path) -> None:
    index = build_index(await _box(tmp_path).schema())
    order = index.table("T_ORDR")
    assert order is not None and order.words == ("ordr",)
    words = {c.name: c.words for c in order.columns}
    assert words["ORD_DT"] == ("date",) and words["ORD_AMNT"] == ("amount",)
    assert words["ORD_CSTMR_ID"] == ("cstmr", "id")
    assert words["ORD_ID"] == ("order", "id")  # a lone key keeps its tag: it says whose key it is


@pytest.mark.parametrize(("question", "rows"), [
    ("total order amount per customer country", [("France", 14.5), ("Spain", 1.0)]),
    ("average product price", [(2.75,)]),
])
async def test_questions_over_legacy_names_are_answered(tmp_path: Path, question: str, rows: list[Any]) -> None:
    ans = await OfflineAnalyst().answer(question, toolbox=_box(tmp_path), history=[], state={}, mode="economy",
                                        deep=False)
    part = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
    assert ans.understood and part is not None and part.result is not None
    assert sorted(tuple(r) for r in part.result.rows) == rows


async def test_a_short_form_expands_to_a_common_column_word_not_another_short_form(tmp_path: Path) -> None:
    path = tmp_path / "people.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE T_EMPLY (EMP_ID INTEGER PRIMARY KEY, EMP_FRST_NM TEXT, EMP_LST_NM TEXT, EMP_EML TEXT,
                              EMP_CTY TEXT);
        CREATE TABLE T_CTGRY (CTG_ID INTEGER PRIMARY KEY, CTG_NM TEXT);
        CREATE TABLE T_DPRTM (DPR_ID INTEGER PRIMARY KEY, DPR_NM TEXT);
    """)
    con.close()
    index = build_index(await SqliteToolbox(path).schema())
    emp = index.table("T_EMPLY")
    assert emp is not None
    words = {c.name: c.words for c in emp.columns}
    assert words["EMP_FRST_NM"] == ("first", "name") and words["EMP_LST_NM"] == ("last", "name")
    assert words["EMP_EML"] == ("email",)
    assert words["EMP_CTY"] == ("cty",)  # city or country: neither is chosen, and never the table's 'ctgry'


async def test_the_average_number_of_a_stored_number_is_its_average(tmp_path: Path) -> None:
    """'the average number of voice minutes': the minutes stored per row, averaged; not also a count of distinct ones."""
    path = tmp_path / "usage.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE plan (pln_id INTEGER PRIMARY KEY, pln_nm TEXT);
        CREATE TABLE usage (usg_id INTEGER PRIMARY KEY, usg_pln_id INTEGER REFERENCES plan(pln_id), usg_voice_min INTEGER);
        INSERT INTO plan VALUES (1, 'Basic'), (2, 'Max');
        INSERT INTO usage VALUES (1, 1, 10), (2, 1, 20), (3, 2, 40), (4, 2, 40), (5, 2, 100);
    """)
    con.commit()
    con.close()
    ans = await OfflineAnalyst().answer("average number of voice minutes for each plan", toolbox=SqliteToolbox(path),
                                        history=[], state={}, mode="economy", deep=False)
    part = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
    assert ans.understood and part is not None and part.result is not None
    assert sorted(tuple(r) for r in part.result.rows) == [("Basic", 15.0), ("Max", 60.0)]
