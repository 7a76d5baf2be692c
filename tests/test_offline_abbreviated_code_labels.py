"""A code-label table written by one layer of an application names tables and columns that the warehouse copy
spells shorter, in the other case style: ``code_descriptions`` says ('ticket_category', 'priority_code') while
the tables are ``TktCat`` and ``Tkt`` with ``PriorityCd`` (a small help desk the test writes). The labels still
reach the coded columns, word for word with abbreviations; a label name that two tables could abbreviate, or
none, labels nothing.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.abbrev import abbreviates_name
from services.conversation.engine.offline.codelabels import find_label_table, label_map
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

HELPDESK = """
CREATE TABLE "TktCat" ("TktCatId" INTEGER PRIMARY KEY, "CatNm" TEXT NOT NULL);
INSERT INTO "TktCat" VALUES (1,'Hardware'),(2,'Network');
CREATE TABLE "Tkt" ("TktId" INTEGER PRIMARY KEY, "Subject" TEXT NOT NULL,
  "TktCatId" INTEGER NOT NULL REFERENCES "TktCat"("TktCatId"), "PriorityCd" INTEGER NOT NULL,
  "StatCd" INTEGER NOT NULL, "OpenedDt" DATE NOT NULL);
INSERT INTO "Tkt" VALUES
  (1,'Printer jam',1,3,10,'2024-01-05'),(2,'VPN down',2,1,20,'2024-02-11'),(3,'Reset password',2,3,20,'2024-02-20'),
  (4,'Server crash',1,1,10,'2024-03-02'),(5,'New laptop',1,2,10,'2024-03-15'),(6,'Disk full',1,1,20,'2024-04-09');
CREATE TABLE code_descriptions (table_name TEXT NOT NULL, field_name TEXT NOT NULL, code_value INTEGER NOT NULL,
  description TEXT NOT NULL, sort_order INTEGER NOT NULL, PRIMARY KEY (table_name, field_name, code_value));
INSERT INTO code_descriptions VALUES
  ('ticket','priority_code',1,'Urgent',1),('ticket','priority_code',2,'Normal',2),('ticket','priority_code',3,'Low',3),
  ('ticket','status_code',10,'Open',1),('ticket','status_code',20,'Closed',2),
  ('ticket_category','colour_code',9,'Unused',1),('tariff','priority_code',1,'Gold',1);
"""

path, box, db = warehouse_fixtures("abbrev_helpdesk", HELPDESK)


def test_a_name_with_words_abbreviated_is_the_same_name() -> None:
    assert abbreviates_name("Tkt", "ticket")
    assert abbreviates_name("PriorityCd", "priority_code")
    assert abbreviates_name("AcctNm", "account_name")  # a convention ('acct') and a two-letter skeleton ('nm')
    assert abbreviates_name("InvDt", "InvoiceDate")
    assert not abbreviates_name("Tkt", "ticket_category")  # word for word: a word left out is another name
    assert not abbreviates_name("PriorityCd", "priority_count")
    assert not abbreviates_name("priority_code", "priority_code")  # the same spelling is not an abbreviation


async def test_labels_reach_columns_the_warehouse_spells_shorter(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    schema = await box.schema()
    lt = find_label_table(schema)
    assert lt is not None and lt.table == "code_descriptions"
    labels = label_map(schema, lt, db.execute("SELECT table_name, field_name, code_value, description "
                                               "FROM code_descriptions").fetchall())
    assert labels == {("Tkt", "PriorityCd"): ((1, "Urgent"), (2, "Normal"), (3, "Low")),  # not 'tariff' Gold
                      ("Tkt", "StatCd"): ((10, "Open"), (20, "Closed"))}


async def test_a_label_filters_the_abbreviated_coded_column(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many urgent tickets are there?")
    assert same(ans, db, 'SELECT COUNT(*) FROM "Tkt" WHERE "PriorityCd" = 1')
    assert rows(ans) == [(3,)]
    ans = await ask(box, "How many open tickets are urgent?")
    assert rows(ans) == [(1,)]
