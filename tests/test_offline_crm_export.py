"""General classes a Salesforce-style CRM export exposed, on a small org the test writes.

A Data Loader export keeps Salesforce's API names (``Account``, ``Opportunity``, ``...Id`` references, custom
fields ending ``__c``), stores checkboxes as 'true'/'false' text and includes the recycle bin: rows whose
``IsDeleted`` is 'true'. Classes: a soft-delete flag stored as yes/no text is left out of what the business has now,
as a 0/1 one is, with the stored 'no' it holds; it is not applied when the question asks about deleted rows;
'still open' reads a table's own ``IsClosed`` flag, not an empty ``CloseDate`` (an expected close date, always
filled); and the most common value of a column leaves out the rows where it is empty.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, same, warehouse_fixtures

ORG = """
CREATE TABLE Account (Id TEXT PRIMARY KEY, IsDeleted TEXT, Name TEXT, Industry TEXT, Region__c TEXT,
  CreatedDate TEXT);
INSERT INTO Account VALUES
  ('0015g00000AbCdEAAV', 'false', 'Acme Corp', 'Retail', 'EMEA', '2024-01-05T10:00:00.000Z'),
  ('0015g00000AbCdFAAV', 'false', 'Globex Systems', 'Energy', 'APAC', '2024-02-11T09:30:00.000Z'),
  ('0015g00000AbCdGAAV', 'true', 'Initech Labs', 'Retail', 'EMEA', '2024-03-01T12:00:00.000Z'),
  ('0015g00000AbCdHAAV', 'false', 'Hooli Group', 'Retail', 'North America', '2025-06-10T16:00:00.000Z'),
  ('0015g00000AbCdIAAV', 'true', 'Stark Holdings', 'Energy', 'EMEA', '2025-07-02T08:00:00.000Z');
CREATE TABLE Opportunity (Id TEXT PRIMARY KEY, IsDeleted TEXT, AccountId TEXT REFERENCES Account(Id), Name TEXT,
  StageName TEXT, Amount REAL, CloseDate TEXT, IsClosed TEXT, IsWon TEXT, Loss_Reason__c TEXT);
INSERT INTO Opportunity VALUES
  ('0065g00000XyZaAAAV', 'false', '0015g00000AbCdEAAV', 'Acme renewal', 'Closed Won', 1200, '2025-01-20', 'true',
   'true', NULL),
  ('0065g00000XyZbAAAV', 'true', '0015g00000AbCdEAAV', 'Acme duplicate', 'Closed Won', 1200, '2025-01-20', 'true',
   'true', NULL),
  ('0065g00000XyZcAAAV', 'false', '0015g00000AbCdFAAV', 'Globex upgrade', 'Prospecting', 800, '2025-09-01', 'false',
   'false', NULL),
  ('0065g00000XyZdAAAV', 'false', '0015g00000AbCdHAAV', 'Hooli new', 'Closed Lost', 500, '2025-04-02', 'true',
   'false', 'Price'),
  ('0065g00000XyZeAAAV', 'false', '0015g00000AbCdHAAV', 'Hooli add-on', 'Closed Lost', 300, '2025-05-02', 'true',
   'false', 'Price'),
  ('0065g00000XyZfAAAV', 'false', '0015g00000AbCdFAAV', 'Globex pilot', 'Closed Lost', 200, '2025-06-12', 'true',
   'false', 'Timing'),
  ('0065g00000XyZgAAAV', 'false', '0015g00000AbCdFAAV', 'Globex expansion', 'Qualification', 900, '2026-02-01',
   'false', 'false', NULL);
CREATE TABLE Note (Id TEXT PRIMARY KEY, IsDeleted TEXT, Body TEXT);
INSERT INTO Note VALUES ('0025g0000000001AAA', 'archived', 'a'), ('0025g0000000002AAA', 'no idea', 'b'),
  ('0025g0000000003AAA', 'kept', 'c');
"""

path, box, db = warehouse_fixtures("org", ORG)


async def test_text_soft_delete_flag_leaves_the_recycle_bin_out(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many accounts do we have?")
    assert same(ans, db, "SELECT COUNT(*) FROM Account WHERE IsDeleted = 'false'")
    ans = await ask(box, "How many accounts are there in each industry?")
    assert same(ans, db, "SELECT Industry, COUNT(*) FROM Account WHERE IsDeleted = 'false' GROUP BY Industry")
    ans = await ask(box, "How many opportunities are in each stage?")
    assert same(ans, db, "SELECT StageName, COUNT(*) FROM Opportunity WHERE IsDeleted = 'false' GROUP BY StageName")


async def test_text_soft_delete_flag_is_counted_when_asked_for(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many accounts were deleted?")
    assert same(ans, db, "SELECT COUNT(*) FROM Account WHERE IsDeleted = 'true'")


async def test_text_column_named_deleted_without_yes_no_values_is_no_flag(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many notes are there?")
    assert same(ans, db, "SELECT COUNT(*) FROM Note")


async def test_still_open_reads_the_closed_flag_not_an_empty_close_date(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many opportunities are still open?")
    assert same(ans, db, "SELECT COUNT(*) FROM Opportunity WHERE IsClosed = 'false' AND IsDeleted = 'false'")


async def test_most_common_value_leaves_empty_rows_out(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the most common loss reason?")
    assert same(ans, db, "SELECT 'Price'")
