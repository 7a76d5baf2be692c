"""Names a low-code platform writes (Dataverse-style), on a small subscription CRM the test writes: logical names
in lowercase with the words run together ('monthlyfee', 'numberofemployees', 'startdate'), a publisher prefix
mixing letters and digits on custom tables and columns ('xy9q_subscription', 'xy9q_seatcount'), lookups named
'_<name>id_value', and money kept twice, in the row's currency and in the base currency ('_base'). Words are
split, the prefix dropped, and a sum over rows of several currencies adds the base twin.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.linking import build_index, glued_schema, name_prefixes, segment_glued
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

CRM = """
CREATE TABLE account (accountid TEXT PRIMARY KEY, name TEXT NOT NULL, numberofemployees INTEGER,
  address1_city TEXT, createdon TEXT NOT NULL);
INSERT INTO account VALUES ('a1','Borealis Freight',120,'Oslo','2023-04-01T10:00:00Z'),
  ('a2','Cobalt Mills',45,'Leeds','2023-06-11T09:30:00Z'),('a3','Delta Farms',300,'Lyon','2024-01-20T14:00:00Z');
CREATE TABLE xy9q_subscription (xy9q_subscriptionid TEXT PRIMARY KEY, xy9q_name TEXT NOT NULL,
  _xy9q_accountid_value TEXT NOT NULL REFERENCES account(accountid), xy9q_seatcount INTEGER NOT NULL,
  xy9q_monthlyfee REAL NOT NULL, xy9q_monthlyfee_base REAL NOT NULL, exchangerate REAL NOT NULL,
  xy9q_startdate TEXT NOT NULL, xy9q_autorenew INTEGER NOT NULL, createdon TEXT NOT NULL);
INSERT INTO xy9q_subscription VALUES
  ('s1','SUB-001','a1',10,1000.0,1000.0,1.0,'2024-02-01',1,'2024-01-28T08:00:00Z'),
  ('s2','SUB-002','a1',5,400.0,400.0,1.0,'2024-07-01',0,'2024-06-25T08:00:00Z'),
  ('s3','SUB-003','a2',8,1360.0,1000.0,1.36,'2025-01-15',1,'2025-01-10T08:00:00Z'),
  ('s4','SUB-004','a3',20,920.0,1000.0,0.92,'2024-03-01',1,'2024-02-20T08:00:00Z');
CREATE TABLE incident (incidentid TEXT PRIMARY KEY, title TEXT NOT NULL,
  _customerid_value TEXT NOT NULL REFERENCES account(accountid), casetypecode INTEGER NOT NULL,
  createdon TEXT NOT NULL);
INSERT INTO incident VALUES ('i1','Login fails','a1',2,'2024-03-01T10:00:00Z'),('i2','Invoice question','a1',1,'2024-05-02T11:00:00Z'),
  ('i3','Outage','a3',2,'2024-05-20T08:00:00Z');
"""

path, box, db = warehouse_fixtures("crm", CRM)


def test_glued_words_split_into_words() -> None:
    assert segment_glued("numberofemployees") == ("number", "of", "employees")
    assert segment_glued("linenumber") == ("line", "number")  # the head noun decides, not 'linen umber'
    assert segment_glued("manufacturer") is None  # a word stays a word
    assert segment_glued("createdon") == ("created", "on")  # not 'create don'
    assert segment_glued("isbillable") == ("is", "billable")  # an '-able' word the dictionary lacks
    assert not glued_schema(["l_extendedprice", "o_orderpriority", "o_totalprice", "l_shipdate", "p_retailprice",
                             "ps_supplycost"])  # a TPC-style table tag glues a few words under its own convention


async def test_the_publisher_prefix_is_dropped(box: SqliteToolbox) -> None:
    schema = await box.schema()
    assert name_prefixes([(t.name, [c.name for c in t.columns]) for t in schema.tables]) == {"xy9q"}
    index = build_index(schema)
    sub = index.table("xy9q_subscription")
    assert sub is not None and sub.words == ("subscription",)
    assert [c.words for c in sub.columns if c.name in ("xy9q_seatcount", "_xy9q_accountid_value")] == [
        ("account", "id"), ("seat", "count")]


async def test_a_sum_over_currencies_adds_the_base_twin(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the total monthly fee of all subscriptions?")
    assert same(ans, db, "SELECT SUM(xy9q_monthlyfee_base) FROM xy9q_subscription")
    assert rows(ans) == [(3400.0,)]


async def test_glued_names_answer_plain_questions(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many subscriptions started in 2024?")
    assert rows(ans) == [(3,)]
    ans = await ask(box, "Which account has the most employees?")
    assert (rows(ans) or [()])[0][0] == "Delta Farms"  # the name, beside its head count


async def test_a_column_named_for_its_table_by_another_word_counts_the_rows(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # Dynamics calls its cases 'incident' but their columns 'casetypecode': 'cases' are the incident rows
    ans = await ask(box, "How many cases does each account have?")
    assert same(ans, db, "SELECT a.name, COUNT(*) FROM incident i JOIN account a ON a.accountid = i._customerid_value "
                         "GROUP BY a.accountid")


async def test_an_audit_date_every_table_has_is_the_named_tables(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # account and incident both carry 'createdon': the cases' own creation date, no join to the account's
    ans = await ask(box, "How many cases were created in 2024?")
    assert rows(ans) == [(3,)]  # through the account's createdon it would be 1
