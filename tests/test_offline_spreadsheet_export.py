"""A spreadsheet export loaded as-is, over a small window-cleaning company made by the test: headers with spaces,
'#' and a trailing unit ('Visit #', 'Visit Total ($)', 'Score (1-10)'), dates kept as US 'MM/DD/YYYY' text and money
kept as '$1,234.50' text. Such columns are read as the dates and amounts they show (a year, a month, a sum), and a
tax is never the money a customer was billed."""

from __future__ import annotations

from typing import Any

import sqlglot

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.lexicon import split_identifier
from services.conversation.engine.offline.linking import stored_form
from services.conversation.engine.offline.sqlgen import _from_stored
from tests.support.offline import ask, gold, warehouse_fixtures

CLEANING = """
CREATE TABLE "Areas" ("Area" TEXT PRIMARY KEY, "Area Manager" TEXT NOT NULL);
INSERT INTO "Areas" VALUES ('Harbor', 'Dee Lowe'), ('Uptown', 'Eli Novak');
CREATE TABLE "Crews" ("Crew ID" INTEGER PRIMARY KEY, "Crew Lead" TEXT NOT NULL, "Hourly Rate ($)" REAL,
  "Area" TEXT REFERENCES "Areas"("Area"), "Phone" TEXT, "Active?" TEXT NOT NULL);
INSERT INTO "Crews" VALUES (1, 'Ada Moss', 31.5, 'Harbor', '555-0101', 'Yes'),
  (2, 'Ben Ortiz', 28.0, 'Uptown', '555-0102', 'Yes'), (3, 'Cy Park', 35.0, 'Uptown', NULL, 'No');
CREATE TABLE "Complaint Log" ("Complaint #" INTEGER PRIMARY KEY, "Visit #" INTEGER REFERENCES "Visit Log"("Visit #"),
  "Date Opened" TEXT NOT NULL, "Date Closed" TEXT);
INSERT INTO "Complaint Log" VALUES (1, 502, '01/02/2023', '01/05/2023'), (2, 506, '07/12/2023', '07/13/2023'),
  (3, 508, '01/20/2024', NULL);
CREATE TABLE "Service Plans" ("Plan #" TEXT PRIMARY KEY, "Holder" TEXT NOT NULL, "Status" TEXT NOT NULL);
INSERT INTO "Service Plans" VALUES ('SP-1', 'Harbor Cafe', 'Active'), ('SP-2', 'Elm Dental', 'Expired'),
  ('SP-3', 'Pine Books', 'Active'), ('SP-4', 'Elm Dental', 'Active');
CREATE TABLE "Visit Log" ("Visit #" INTEGER PRIMARY KEY, "Visit Date" TEXT NOT NULL, "Client" TEXT NOT NULL,
  "Area" TEXT NOT NULL, "Crew ID" INTEGER REFERENCES "Crews"("Crew ID"), "Hours" REAL, "Score (1-10)" INTEGER,
  "Visit Total ($)" REAL);
INSERT INTO "Visit Log" VALUES
  (501, '11/28/2022', 'Harbor Cafe', 'Harbor', 1, 2.0, 9, 180.0),
  (502, '12/30/2022', 'Elm Dental', 'Harbor', 2, 1.5, 7, 120.0),
  (503, '01/03/2023', 'Harbor Cafe', 'Harbor', 1, 2.5, NULL, 210.0),
  (504, '02/14/2023', 'Pine Books', 'Uptown', 3, 3.0, 10, 300.0),
  (505, '02/21/2023', 'Elm Dental', 'Uptown', 2, 1.0, 8, 95.0),
  (506, '07/09/2023', 'Harbor Cafe', 'Harbor', 3, 4.0, 6, 1450.0),
  (507, '12/01/2023', 'Pine Books', 'Uptown', 1, 2.0, 9, 175.0),
  (508, '01/15/2024', 'Elm Dental', 'Uptown', 2, 1.5, NULL, 130.0);
CREATE TABLE "Bills" ("Bill #" TEXT PRIMARY KEY, "Visit #" INTEGER REFERENCES "Visit Log"("Visit #"),
  "Bill Date" TEXT NOT NULL, "Client Name" TEXT NOT NULL, "Sales Tax" TEXT NOT NULL, "Bill Total" TEXT NOT NULL,
  "Paid?" TEXT NOT NULL, "Date Paid" TEXT);
INSERT INTO "Bills" VALUES
  ('B-1', 501, '11/29/2022', 'Harbor Cafe', '$14.85', '$194.85', 'Yes', '12/02/2022'),
  ('B-2', 502, '12/31/2022', 'Elm Dental', '$9.90', '$129.90', 'Yes', '01/05/2023'),
  ('B-3', 503, '01/04/2023', 'Harbor Cafe', '$17.33', '$227.33', 'Yes', '01/04/2023'),
  ('B-4', 504, '02/15/2023', 'Pine Books', '$24.75', '$324.75', 'No', NULL),
  ('B-5', 505, '02/22/2023', 'Elm Dental', '$7.84', '$102.84', 'Yes', '03/01/2023'),
  ('B-6', 506, '07/10/2023', 'Harbor Cafe', '$119.63', '$1,569.63', 'No', NULL),
  ('B-7', 507, '12/02/2023', 'Pine Books', '$14.44', '$189.44', 'Yes', '12/20/2023'),
  ('B-8', 508, '01/16/2024', 'Elm Dental', '$10.73', '$140.73', 'No', NULL);
"""

path, box, db = warehouse_fixtures("cleaning", CLEANING)

MONEY = "CAST(REPLACE(REPLACE(\"Bill Total\", '$', ''), ',', '') AS REAL)"


def close(a: list[tuple[Any, ...]], b: list[tuple[Any, ...]]) -> bool:
    return len(a) == len(b) and all(abs(float(x[-1]) - float(y[-1])) < 1e-6 and x[:-1] == y[:-1]
                                    for x, y in zip(sorted(a), sorted(b), strict=True))


def test_the_stored_form_is_read_from_every_sample() -> None:
    assert stored_form("Visit Date", "text", ("03/14/2023", "12/01/2024")) == "mdy"
    assert stored_form("Visit Date", "text", ("25/03/2023", "01/12/2024")) == "dmy"  # a first part above 12 is a day
    assert stored_form("Visit Date", "text", ("$1,234.50", "$9.99", "$0.00")) == "money"
    assert stored_form("Visit Date", "text", ("03/14/2023", "soon")) == ""  # one sample that is no date: plain text
    assert stored_form("Visit Date", "text", ("2023-03-14",)) == ""  # ISO text compares as it is
    assert stored_form("Visit Date", "num", ("03/14/2023",)) == ""
    assert stored_form("Visit Date", "text", ("1,234", "$5")) == ""


def test_header_punctuation_is_said_as_words() -> None:
    assert split_identifier("Visit #") == ["visit", "number"]
    assert split_identifier("Visit Total ($)") == ["visit", "total"]
    assert split_identifier("Score (1-10)") == ["score"]
    assert split_identifier("Labor Rate ($/hr)") == ["labor", "rate"]
    assert split_identifier("(Blank)") == ["blank"]  # nothing before the brackets: they are the name


def test_other_dialects_convert_with_their_own_functions() -> None:
    col = sqlglot.exp.column("d")
    assert _from_stored("mdy", "postgres", col).sql("postgres") == "(TO_DATE(d, 'MM/DD/YYYY'))"
    assert "STRPTIME" in _from_stored("dmy", "duckdb", col).sql("duckdb")
    assert _from_stored("money", "postgres", col).sql("postgres").startswith("(CAST(REPLACE(REPLACE(d")


async def test_a_year_of_us_text_dates(box: SqliteToolbox) -> None:
    got = await ask(box, "How many visits did we make in 2023?")
    assert got == gold(box, "SELECT COUNT(*) FROM \"Visit Log\" WHERE substr(\"Visit Date\", 7, 4) = '2023'") == [(5,)]


async def test_a_month_of_us_text_dates_sorts_by_the_date_not_the_text(box: SqliteToolbox) -> None:
    got = await ask(box, "visits per month in 2023")
    want = gold(box, "SELECT substr(\"Visit Date\", 7, 4) || '-' || substr(\"Visit Date\", 1, 2), COUNT(*) "
                     "FROM \"Visit Log\" WHERE substr(\"Visit Date\", 7, 4) = '2023' GROUP BY 1 ORDER BY 1")
    assert got == want, got
    got = await ask(box, "When was the latest visit?")
    assert [str(v) for r in got for v in r][-1].startswith("2024-01-15"), got  # as text, '12/30/2022' sorts last


async def test_money_kept_as_text_adds_up(box: SqliteToolbox) -> None:
    got = await ask(box, "What is the average bill total?")
    assert close(got, gold(box, f'SELECT AVG({MONEY}) FROM "Bills"')), got
    got = await ask(box, "How much did we bill in 2023?")
    assert close(got, gold(box, f"SELECT SUM({MONEY}) FROM \"Bills\" WHERE substr(\"Bill Date\", 7, 4) = '2023'")), got


async def test_a_tax_is_not_what_was_billed(box: SqliteToolbox) -> None:
    """'Sales Tax' says 'sales', but it is money collected for someone else."""
    got = await ask(box, "Which client did we bill the most?")
    want = gold(box, f'SELECT v."Client" FROM "Bills" b JOIN "Visit Log" v ON b."Visit #" = v."Visit #" '
                     f'GROUP BY v."Client" ORDER BY SUM({MONEY.replace(chr(34) + "Bill", "b." + chr(34) + "Bill")}) DESC LIMIT 1')
    assert [r[0] for r in got][:1] == [r[0] for r in want] == ["Harbor Cafe"], got


async def test_a_score_with_its_scale_in_the_header(box: SqliteToolbox) -> None:
    got = await ask(box, "What is the average score of a visit?")
    assert close(got, gold(box, 'SELECT AVG("Score (1-10)") FROM "Visit Log"')), got


async def test_a_flat_row_groups_by_its_own_copy_of_a_lookup_key(box: SqliteToolbox) -> None:
    """'Visit Log' repeats the area of each visit; through the crew it would be the crew's area (other numbers)."""
    got = await ask(box, "How many visits did we have in each area?")
    assert sorted(got) == gold(box, 'SELECT "Area", COUNT(*) FROM "Visit Log" GROUP BY "Area" ORDER BY 1') \
        == [("Harbor", 4), ("Uptown", 4)], got


async def test_a_text_key_named_after_its_table_labels_its_rows(box: SqliteToolbox) -> None:
    """'Area' in Areas names the area; the manager beside it is another thing."""
    got = await ask(box, "How many crews work in each area?")
    assert sorted(got) == [("Harbor", 1), ("Uptown", 2)], got


async def test_no_before_a_noun_is_absence_not_a_stored_no(box: SqliteToolbox) -> None:
    """'Paid?' stores 'Yes'/'No'; 'no score' is a visit without a score, not a bill that is unpaid."""
    got = await ask(box, "List the visits that have no score yet.")
    assert sorted(got) == gold(box, 'SELECT "Visit #" FROM "Visit Log" WHERE "Score (1-10)" IS NULL ORDER BY 1'), got
    got = await ask(box, "Which bills have paid set to no?")
    assert sorted(got) == gold(box, 'SELECT "Bill #" FROM "Bills" WHERE "Paid?" = \'No\' ORDER BY 1'), got


async def test_how_many_hours_on_average_is_the_average_not_a_count(box: SqliteToolbox) -> None:
    got = await ask(box, "On average, how many hours does a visit take?")
    assert close(got, gold(box, 'SELECT AVG("Hours") FROM "Visit Log"')), got


async def test_a_phone_column_is_the_phone_number(box: SqliteToolbox) -> None:
    """'Visit #' is the visit number, but 'phone numbers' are the 'Phone' column."""
    got = await ask(box, "Give me the crew leads and their phone numbers.")
    assert sorted(got) == gold(box, 'SELECT "Crew Lead", "Phone" FROM "Crews" ORDER BY 1'), got


async def test_each_quarter_of_a_year_buckets_by_quarter(box: SqliteToolbox) -> None:
    got = await ask(box, "How many visits came in each quarter of 2023?")
    assert got == [("2023-Q1", 3), ("2023-Q3", 1), ("2023-Q4", 1)], got


async def test_a_value_of_a_two_word_table_beats_another_tables_flag(box: SqliteToolbox) -> None:
    """'active' is a Status of the service plans asked about, not the crews' 'Active?' flag."""
    got = await ask(box, "How many service plans are active right now?")
    assert got == gold(box, 'SELECT COUNT(*) FROM "Service Plans" WHERE "Status" = \'Active\'') == [(3,)], got


async def test_a_value_repeated_in_several_sheets_is_read_in_the_named_ones(box: SqliteToolbox) -> None:
    """'Uptown' is an area of the lookup, of each crew and of each visit: the question's own table decides."""
    got = await ask(box, "How many crews are in Uptown?")
    assert got == gold(box, 'SELECT COUNT(*) FROM "Crews" WHERE "Area" = \'Uptown\'') == [(2,)], got
    got = await ask(box, "What percentage of visits were in Uptown?")
    assert close(got, gold(box, 'SELECT 100.0 * SUM(CASE WHEN "Area" = \'Uptown\' THEN 1 ELSE 0 END) / COUNT(*) '
                                'FROM "Visit Log"')), got


def test_a_negated_flag_word_places_the_flag_when_routing(path: Any) -> None:
    """'unpaid' is evidence for a warehouse with a 'Paid?' column, as 'paid' would be."""
    import asyncio

    from services.conversation.engine.offline.fit import schema_fit
    from services.conversation.engine.offline.linking import build_index
    from services.conversation.engine.offline.semantic import build_model

    b = SqliteToolbox(path)
    try:
        idx = build_index(asyncio.run(b.schema()))
    finally:
        b.close()
    assert "unpaid" in schema_fit("How many bills are still unpaid?", idx, build_model(idx)).found


async def test_how_much_money_is_one_amount_not_a_listing(box: SqliteToolbox) -> None:
    got = await ask(box, "How much money is outstanding on unpaid bills?")
    assert close(got, gold(box, f"SELECT SUM({MONEY}) FROM \"Bills\" WHERE \"Paid?\" = 'No'")), got


async def test_days_to_close_use_the_closing_date(box: SqliteToolbox) -> None:
    """'days to close a complaint' runs to 'Date Closed': the end is in the reading, not a dropped condition."""
    got = await ask(box, "On average, how many days does it take to close a complaint?")
    assert close(got, [(2.0,)]), got


def test_a_currency_in_the_header_brackets_makes_money() -> None:
    from services.conversation.engine.offline.linking import ColumnInfo
    from services.conversation.engine.offline.semantic import measure_kind

    def kind(name: str) -> str:
        return measure_kind(ColumnInfo("t", name, tuple(split_identifier(name)), "num", False, (), False, None))

    assert kind("Rebate (EUR)") == kind("Rebate ($)") == "money"
    assert kind("Weight (kg)") == "number"


async def test_rows_known_by_their_number_are_listed_by_it(box: SqliteToolbox) -> None:
    """'Bill #' names a bill; the client name beside it names the client."""
    got = await ask(box, "List the unpaid bills.")
    assert sorted(got) == [("B-4",), ("B-6",), ("B-8",)], got
