"""General classes a Salesforce-style CRM export exposed, on a small org the test writes.

A Data Loader export keeps Salesforce's API names (``Account``, ``Opportunity``, ``...Id`` references, custom
fields ending ``__c``), stores checkboxes as 'true'/'false' text and includes the recycle bin: rows whose
``IsDeleted`` is 'true'. Classes: a soft-delete flag stored as yes/no text is left out of what the business has now,
as a 0/1 one is, with the stored 'no' it holds; it is not applied when the question asks about deleted rows; a flag
with no deletion date of its own is a recycle bin, left out of dated questions too ('leads we got in 2025'), which
date a row by its creation, not by a later stage such as its conversion; 'still open' reads a table's own
``IsClosed`` flag, not an empty ``CloseDate`` (an expected close date, always filled); the most common value of a
column, and an average or total per value, leave out the rows where it is empty; the '__c' marker of a custom field
or object is not a word ('MRR__c' is the monthly recurring revenue, so 'monthly' is no per-month grouping) and the
version glued to 'Product2' is not said; and a rate the reading computes nothing for ('win rate' read as a list of
deals), or one condition two words became, is asked about.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.lexicon import split_identifier
from tests.support.offline import answer as ask, answer_rows, same, warehouse_fixtures

ORG = """
CREATE TABLE Account (Id TEXT PRIMARY KEY, IsDeleted TEXT, Name TEXT, Industry TEXT, Region__c TEXT,
  Customer_Tier__c TEXT, Health_Score__c REAL, CreatedDate TEXT);
INSERT INTO Account VALUES
  ('0015g00000AbCdEAAV', 'false', 'Acme Corp', 'Retail', 'EMEA', 'Gold', 80, '2024-01-05T10:00:00.000Z'),
  ('0015g00000AbCdFAAV', 'false', 'Globex Systems', 'Energy', 'APAC', 'Silver', 60, '2024-02-11T09:30:00.000Z'),
  ('0015g00000AbCdGAAV', 'true', 'Initech Labs', 'Retail', 'EMEA', NULL, NULL, '2024-03-01T12:00:00.000Z'),
  ('0015g00000AbCdHAAV', 'false', 'Hooli Group', 'Retail', 'North America', 'Gold', 70, '2025-06-10T16:00:00.000Z'),
  ('0015g00000AbCdIAAV', 'true', 'Stark Holdings', 'Energy', 'EMEA', 'Silver', 50, '2025-07-02T08:00:00.000Z'),
  ('0015g00000AbCdJAAV', 'false', 'Wonka Retail', 'Retail', 'EMEA', NULL, NULL, '2025-08-02T08:00:00.000Z');
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
CREATE TABLE Product2 (Id TEXT PRIMARY KEY, Name TEXT, Family TEXT, IsActive TEXT);
INSERT INTO Product2 VALUES ('01t5g000000AaaaAAA', 'Analytics Cloud', 'Software', 'true'),
  ('01t5g000000AaabAAA', 'Premier Support', 'Support', 'true'), ('01t5g000000AaacAAA', 'Legacy Add-on', 'Software', 'false');
CREATE TABLE Subscription__c (Id TEXT PRIMARY KEY, IsDeleted TEXT, Account__c TEXT REFERENCES Account(Id),
  Product__c TEXT REFERENCES Product2(Id), Status__c TEXT, Start_Date__c TEXT, MRR__c REAL);
INSERT INTO Subscription__c VALUES
  ('a0B5g000001AaaaAAA', 'false', '0015g00000AbCdEAAV', '01t5g000000AaaaAAA', 'Active', '2025-01-01', 1000),
  ('a0B5g000001AaabAAA', 'false', '0015g00000AbCdFAAV', '01t5g000000AaaaAAA', 'Active', '2025-02-01', 400),
  ('a0B5g000001AaacAAA', 'false', '0015g00000AbCdHAAV', '01t5g000000AaacAAA', 'Cancelled', '2025-02-01', 250),
  ('a0B5g000001AaadAAA', 'true', '0015g00000AbCdHAAV', '01t5g000000AaaaAAA', 'Active', '2025-03-01', 900);
CREATE TABLE Lead (Id TEXT PRIMARY KEY, IsDeleted TEXT, Company TEXT, Status TEXT, ConvertedDate TEXT,
  CreatedDate TEXT);
INSERT INTO Lead VALUES
  ('00Q5g000001AaaaAAA', 'false', 'Kite Labs', 'Closed - Converted', '2025-01-10', '2024-12-01T10:00:00.000Z'),
  ('00Q5g000001AaabAAA', 'false', 'Orbit Co', 'Working - Contacted', NULL, '2025-02-03T10:00:00.000Z'),
  ('00Q5g000001AaacAAA', 'true', 'Spam Inc', 'Open - Not Contacted', NULL, '2025-03-03T10:00:00.000Z'),
  ('00Q5g000001AaadAAA', 'false', 'Nimbus Studio', 'Closed - Converted', '2025-05-20', '2025-04-11T10:00:00.000Z'),
  ('00Q5g000001AaaeAAA', 'false', 'Fable Works', 'Closed - Converted', '2024-06-20', '2024-05-11T10:00:00.000Z');
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


def test_salesforce_custom_suffix_and_glued_version_are_not_words() -> None:
    assert split_identifier("Loss_Reason__c") == ["loss", "reason"]
    assert split_identifier("MRR__c") == ["mrr"]
    assert split_identifier("Subscription__c") == ["subscription"]
    assert split_identifier("snake__case_name") == ["snake", "case", "name"]


async def test_custom_field_named_by_its_words(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is our total monthly recurring revenue from active subscriptions?")
    assert same(ans, db, "SELECT SUM(MRR__c) FROM Subscription__c WHERE Status__c = 'Active' AND IsDeleted = 'false'")
    ans = await ask(box, "How many products are there?")
    assert same(ans, db, "SELECT COUNT(*) FROM Product2")


async def test_average_per_value_leaves_empty_group_out(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the average health score by customer tier?")
    assert same(ans, db, "SELECT Customer_Tier__c, AVG(Health_Score__c) FROM Account WHERE IsDeleted = 'false' "
                         "AND Customer_Tier__c IS NOT NULL GROUP BY Customer_Tier__c")


async def test_rate_read_as_a_list_is_asked_about(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What was the win rate on opportunities with a close date in 2025?")
    assert answer_rows(ans) is None and any("win rate" in p.text for p in ans.parts if p.kind == "text")



async def test_recycle_bin_rows_stay_out_of_a_period(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many leads did we get in 2025?")
    assert same(ans, db, "SELECT COUNT(*) FROM Lead WHERE IsDeleted = 'false' AND substr(CreatedDate, 1, 4) = '2025'")
    ans = await ask(box, "How many accounts were created in 2024?")
    assert same(ans, db, "SELECT COUNT(*) FROM Account WHERE IsDeleted = 'false' AND substr(CreatedDate, 1, 4) = '2024'")


async def test_one_condition_from_two_words_is_asked_about(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many lost opportunities were lost on price?")
    assert answer_rows(ans) is None and any("twice" in p.text for p in ans.parts if p.kind == "text")
