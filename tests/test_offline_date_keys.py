"""Dates kept as eight-digit keys (20230314, as a number or as text: a warehouse's date keys, a legacy system's date
fields), over a small parcel depot made by the test. They are read as the days they spell (a year, a month, the
latest), while a key column made of such numbers (a surrogate key, an order number) stays a number."""

from __future__ import annotations

import sqlglot

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.linking import stored_form
from services.conversation.engine.offline.sqlgen import _from_stored
from tests.support.offline import ask, gold, warehouse_fixtures

DEPOT = """
CREATE TABLE depots (depot_id INTEGER PRIMARY KEY, depot_name TEXT NOT NULL, city TEXT NOT NULL);
INSERT INTO depots VALUES (1, 'North Yard', 'Leeds'), (2, 'South Yard', 'Bristol');
CREATE TABLE parcels (parcel_no INTEGER PRIMARY KEY, depot_id INTEGER NOT NULL REFERENCES depots(depot_id),
  received INTEGER NOT NULL, delivered TEXT, weight_kg REAL NOT NULL, service TEXT NOT NULL);
INSERT INTO parcels VALUES
  (20221101, 1, 20221130, '20221202', 2.5, 'Standard'),
  (20221102, 2, 20221215, '20221219', 1.0, 'Express'),
  (20221103, 1, 20230104, '20230106', 4.0, 'Standard'),
  (20221104, 2, 20230210, '20230211', 0.5, 'Express'),
  (20221105, 1, 20230228, NULL, 3.0, 'Standard'),
  (20221106, 2, 20230705, '20230709', 6.5, 'Standard'),
  (20221107, 1, 20231201, '20231204', 1.5, 'Express'),
  (20221108, 2, 20240112, '20240115', 2.0, 'Standard');
"""

path, box, db = warehouse_fixtures("depot", DEPOT)


def test_the_stored_form_of_a_date_key() -> None:
    assert stored_form("received", "num", ("20221130", "20230104")) == "ymd"
    assert stored_form("received", "text", ("20221202", "20230106")) == "ymd"
    assert stored_form("received", "num", ("20221130", "20231345")) == ""  # month 13: not a day
    assert stored_form("received", "num", ("20221130", "20221130")) == ""  # one value alone says too little
    assert stored_form("received", "num", ("20221130", "20230104"), key=True) == ""  # a key made of such numbers stays a key
    assert stored_form("received", "num", ("12345678", "20230104")) == ""
    assert stored_form("received", "num", ("2022113", "20230104")) == ""


def test_other_dialects_convert_a_date_key_with_their_own_functions() -> None:
    col = sqlglot.exp.column("d")
    assert _from_stored("ymd", "postgres", col).sql("postgres") == "(TO_DATE(NULLIF(CAST(d AS TEXT), '0'), 'YYYYMMDD'))"
    assert "STR_TO_DATE" in _from_stored("ymd", "mysql", col).sql("mysql")


def test_a_zero_date_key_is_no_date() -> None:
    # a packed legacy date (NUMERIC(8,0)) stores 0 for 'none': no '0--' month, and IS NULL finds it
    import sqlite3

    expr = _from_stored("ymd", "sqlite", sqlglot.exp.column("d")).sql("sqlite")
    rows = sqlite3.connect(":memory:").execute(f"SELECT {expr} FROM (SELECT 0 AS d UNION ALL SELECT 20230314)").fetchall()
    assert sorted(rows, key=str) == [("2023-03-14",), (None,)]


async def test_a_year_of_a_numeric_date_key(box: SqliteToolbox) -> None:
    got = await ask(box, "How many parcels were received in 2023?")
    assert got == gold(box, "SELECT COUNT(*) FROM parcels WHERE received BETWEEN 20230101 AND 20231231") == [(5,)]


async def test_a_month_of_a_date_key_is_a_month_label(box: SqliteToolbox) -> None:
    got = await ask(box, "number of parcels received per month in 2023")
    want = gold(box, "SELECT substr(received, 1, 4) || '-' || substr(received, 5, 2), COUNT(*) FROM parcels "
                     "WHERE received BETWEEN 20230101 AND 20231231 GROUP BY 1 ORDER BY 1")
    assert got == want, got


async def test_the_parcel_number_stays_a_number(box: SqliteToolbox) -> None:
    got = await ask(box, "What is the total weight of parcels per depot?")
    want = gold(box, "SELECT d.depot_name, SUM(p.weight_kg) FROM parcels p JOIN depots d ON d.depot_id = p.depot_id "
                     "GROUP BY d.depot_name")
    assert sorted(got) == sorted(want), got


def test_the_catalog_shows_date_keys_and_slash_dates_as_time() -> None:
    """GET /api/tables/{id} shows the role the analyst reads: a date kept as 20230314 or '03/14/2023' is a time
    dimension, a key column of such numbers is not."""
    from services.common.column_roles import catalog_roles

    cols = [{"name": "received", "type": "INTEGER", "sample_values": ["20221130", "20230104"]},
            {"name": "opened", "type": "TEXT", "sample_values": ["03/14/2023", "12/01/2024"]},
            {"name": "batch_no", "type": "INTEGER", "sample_values": ["20221130", "20230104"]},
            {"name": "parcel_no", "type": "INTEGER", "sample_values": ["20221101", "20221102"]}]
    roles = catalog_roles(cols, ["parcel_no"], [])
    assert roles["received"] == "time" and roles["opened"] == "time"
    assert roles["batch_no"] != "time" and roles["parcel_no"] != "time"
