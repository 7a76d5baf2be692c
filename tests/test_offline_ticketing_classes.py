"""General classes a fresh dbt-style star schema (the ticketing studied database) exposed, on a small ski-pass mart
the test writes: dim_/fct_ prefixes, a fact keyed by the thing it sells, verbs of selling with no quantity column,
phrasal-verb flags ('sold out') and negated 'a single' / 'any'.

Rules (services/conversation/engine/offline): 'fct' is a modelling word of a table name like 'dim' (lexicon); a
noun names the table whose own key is named after it (pass_key) before one that only uses it as a modifier
(dim_pass_type, keyed type_key) (linking); 'sold' with no quantity column counts the rows, and a past verb naming a
date column ('sold' -> sold_at) with no period asked describes the rows (business); a flag named by a phrasal verb
('is_sold_out') is not implied by the verb alone (trust); 'have not bought a single pass' is no passes at all.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

SKI = """
CREATE TABLE dim_resort (resort_key INTEGER PRIMARY KEY, resort_id TEXT, resort_name TEXT, state_code TEXT,
  is_sold_out INTEGER);
CREATE TABLE dim_pass_type (type_key INTEGER PRIMARY KEY, type_code TEXT, type_name TEXT, list_price_usd REAL,
  locker_fee_usd REAL);
CREATE TABLE dim_skier (skier_key INTEGER PRIMARY KEY, skier_id TEXT, first_name TEXT, last_name TEXT, home_city TEXT);
CREATE TABLE dim_date (date_key INTEGER PRIMARY KEY, full_date TEXT, year INTEGER, month INTEGER, day_of_week TEXT);
CREATE TABLE fct_pass_sales (pass_key INTEGER PRIMARY KEY, pass_id TEXT,
  resort_key INTEGER REFERENCES dim_resort(resort_key), skier_key INTEGER REFERENCES dim_skier(skier_key),
  type_key INTEGER REFERENCES dim_pass_type(type_key), sold_date_key INTEGER REFERENCES dim_date(date_key),
  sold_at TEXT, sales_channel TEXT, paid_usd REAL, pass_status TEXT,
  voucher_key INTEGER REFERENCES dim_voucher(voucher_key), discount_usd REAL);
CREATE TABLE dim_voucher (voucher_key INTEGER PRIMARY KEY, voucher_code TEXT, discount_pct REAL);
CREATE TABLE fct_pass_refunds (refund_key INTEGER PRIMARY KEY, pass_key INTEGER REFERENCES fct_pass_sales(pass_key),
  refund_reason TEXT, refund_usd REAL);
INSERT INTO dim_voucher VALUES (1,'SNOW10',10.0),(2,'KIDS20',20.0),(3,'LOCALS',15.0);
INSERT INTO dim_resort VALUES (1,'R1','Powder Peak','CO',1),(2,'R2','Birch Valley','VT',0),(3,'R3','Granite Bowl','UT',0);
INSERT INTO dim_pass_type VALUES (1,'DP','Day Pass',90.0,5.0),(2,'SEA','Season Pass',800.0,0.0),(3,'HALF','Half Day',55.0,5.0);
INSERT INTO dim_skier VALUES (1,'S1','Ana','Reyes','Denver'),(2,'S2','Tom','Becker','Boston'),(3,'S3','Yuki','Ito','Provo'),
  (4,'S4','Lena','Novak','Denver'),(5,'S5','Omar','Khan','Salt Lake City');
INSERT INTO dim_date VALUES (20240105,'2024-01-05',2024,1,'Friday'),(20240106,'2024-01-06',2024,1,'Saturday'),(20240211,'2024-02-11',2024,2,'Sunday'),
  (20240301,'2024-03-01',2024,3,'Friday'),(20250109,'2025-01-09',2025,1,'Thursday'),(20250202,'2025-02-02',2025,2,'Sunday'),
  (20250220,'2025-02-20',2025,2,'Thursday'),(20250303,'2025-03-03',2025,3,'Monday');
INSERT INTO fct_pass_sales VALUES
  (1,'P1',1,1,1,20240105,'2024-01-05 10:00:00','web',90.0,'used',NULL,0.0),(2,'P2',1,1,1,20240106,'2024-01-06 09:10:00','web',90.0,'used',NULL,0.0),
  (3,'P3',1,2,2,20240211,'2024-02-11 12:00:00','mobile app',800.0,'refunded',1,80.0),(4,'P4',2,2,1,20240301,'2024-03-01 08:30:00','box office',85.0,'used',2,17.0),
  (5,'P5',2,3,3,20250109,'2025-01-09 14:00:00','web',55.0,'refunded',NULL,0.0),(6,'P6',1,3,1,20250202,'2025-02-02 07:45:00','mobile app',90.0,'active',1,9.0),
  (7,'P7',3,3,2,20250220,'2025-02-20 16:00:00','web',760.0,'active',1,76.0),(8,'P8',1,1,3,20250303,'2025-03-03 11:00:00','box office',55.0,'refunded',NULL,0.0);
INSERT INTO fct_pass_refunds VALUES (1,3,'injury',800.0),(2,5,'weather',55.0),(3,8,'weather',55.0);
"""

path, box, db = warehouse_fixtures("ski", SKI)


async def test_passes_sold_per_resort_counts_the_fact_rows(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many passes were sold at each resort?")
    assert ans.understood
    assert same(ans, db, "SELECT r.resort_name, COUNT(*) FROM fct_pass_sales s JOIN dim_resort r "
                         "ON s.resort_key = r.resort_key GROUP BY r.resort_key")


async def test_which_one_sold_the_most_ranks_by_counted_rows(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which resort sold the most passes?")
    assert ans.understood
    assert rows(ans) is not None and [r[0] for r in rows(ans)] == ["Powder Peak"]  # type: ignore[union-attr]


async def test_passes_sold_in_a_year_counts_the_passes_not_their_types(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many passes were sold in 2025?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM fct_pass_sales WHERE sold_at >= '2025-01-01' AND sold_at < '2026-01-01'")


async def test_not_a_single_is_none_at_all(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    for q in ("Which skiers have not bought a single pass?", "Which skiers did not buy any passes?"):
        ans = await ask(box, q)
        assert ans.understood, q
        assert same(ans, db, "SELECT first_name, last_name FROM dim_skier WHERE skier_key NOT IN "
                             "(SELECT skier_key FROM fct_pass_sales)"), q


async def test_phrasal_verb_flag_is_a_condition(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    for q in ("Which resorts are sold out?", "Which resorts sold out?"):
        ans = await ask(box, q)
        assert ans.understood, q
        assert same(ans, db, "SELECT resort_name FROM dim_resort WHERE is_sold_out = 1"), q


async def test_money_word_inside_a_text_columns_name_and_noun_then_verb(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # 'sales' only qualifies the channel; 'passes sold' is the passes that were sold, not their sold_at date
    ans = await ask(box, "Number of passes sold per sales channel")
    assert ans.understood
    assert same(ans, db, "SELECT sales_channel, COUNT(*) FROM fct_pass_sales GROUP BY sales_channel")
    # with a period the verb's date is the one the period bounds
    ans = await ask(box, "Number of passes sold in 2025 per sales channel")
    assert ans.understood
    assert same(ans, db, "SELECT sales_channel, COUNT(*) FROM fct_pass_sales WHERE sold_at >= '2025-01-01' "
                         "AND sold_at < '2026-01-01' GROUP BY sales_channel")


async def test_a_summed_year_is_a_question_not_an_answer(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # the only reading it had was HAVING SUM(dim_date.year) = 2025: it asks instead of answering that
    ans = await ask(box, "How much did skiers pay for passes in total in 2025?")
    assert not ans.understood and rows(ans) is None
    ans = await ask(box, "Total paid for passes in 2025")
    assert ans.understood
    assert same(ans, db, "SELECT SUM(paid_usd) FROM fct_pass_sales WHERE sold_at >= '2025-01-01' AND sold_at < '2026-01-01'")


async def test_plural_noun_names_the_prefixed_table_not_a_stemmed_status(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # 'refunds' is fct_pass_refunds (keyed refund_key), not pass_status 'refunded' nor the refund_usd amount
    ans = await ask(box, "Number of refunds per reason")
    assert ans.understood
    assert same(ans, db, "SELECT refund_reason, COUNT(*) FROM fct_pass_refunds GROUP BY refund_reason")


async def test_framing_phrasal_verbs_are_not_left_unread(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What share of passes ended up refunded?")
    assert ans.understood
    assert same(ans, db, "SELECT 100.0 * SUM(pass_status = 'refunded') / COUNT(*) FROM fct_pass_sales")
    ans = await ask(box, "Total discount given away by voucher code")
    assert ans.understood  # and each voucher shown by its own code, not its surrogate key
    assert same(ans, db, "SELECT v.voucher_code, SUM(s.discount_usd) FROM fct_pass_sales s JOIN dim_voucher v "
                         "ON s.voucher_key = v.voucher_key GROUP BY v.voucher_key")


async def test_an_amount_picked_from_a_loose_tie_is_asked(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # 'pass cost' fits list_price_usd and locker_fee_usd equally loosely: averaging the first is a guess
    ans = await ask(box, "What does a pass cost on average?")
    assert not ans.understood and rows(ans) is None
    ans = await ask(box, "What is the average list price of a pass?")
    assert ans.understood
    assert same(ans, db, "SELECT AVG(list_price_usd) FROM dim_pass_type")


async def test_in_order_of_a_date_dimension_sorts_by_its_date(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "List the passes bought through the web in order of their date.")
    assert ans.understood
    want = db.execute("SELECT s.pass_key FROM fct_pass_sales s JOIN dim_date d ON s.sold_date_key = d.date_key "
                      "WHERE s.sales_channel = 'web' ORDER BY d.full_date").fetchall()
    assert rows(ans) == want


async def test_a_state_name_is_its_stored_postal_code(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many passes were sold at resorts in Colorado?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM fct_pass_sales s JOIN dim_resort r ON s.resort_key = r.resort_key "
                         "WHERE r.state_code = 'CO'")
    ans = await ask(box, "Which resorts are in Vermont?")
    assert ans.understood
    assert same(ans, db, "SELECT resort_name FROM dim_resort WHERE state_code = 'VT'")


async def test_day_of_the_week_names_the_calendar_column(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # 'of the' inside a column's spoken name; 'day' there asks for no date, so 'sold' still describes the rows
    ans = await ask(box, "Passes sold by day of the week")
    assert ans.understood
    assert same(ans, db, "SELECT d.day_of_week, COUNT(*) FROM fct_pass_sales s JOIN dim_date d "
                         "ON s.sold_date_key = d.date_key GROUP BY d.day_of_week")


async def test_with_a_referenced_thing_keeps_rows_whose_key_is_filled(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What percentage of passes were bought with a voucher?")
    assert ans.understood
    assert same(ans, db, "SELECT 100.0 * SUM(voucher_key IS NOT NULL) / COUNT(*) FROM fct_pass_sales")
    ans = await ask(box, "How many passes were sold with a voucher in 2025?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM fct_pass_sales WHERE voucher_key IS NOT NULL AND sold_at >= '2025-01-01' "
                         "AND sold_at < '2026-01-01'")


async def test_used_the_most_counts_the_rows_that_refer_to_it(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which voucher was redeemed the most?")
    assert ans.understood
    assert rows(ans) == [("SNOW10",)]  # three passes carry voucher 1, one voucher 2
    # where a status value is spelled like the verb ('used'), a reading that filters on it and ranks nothing asks
    ans = await ask(box, "Which voucher was used the most?")
    assert not ans.understood and rows(ans) is None


async def test_noun_before_revenue_names_the_table_whose_money_is_meant(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # 'pass revenue' linked to fct_pass_sales as a whole ('revenue' ~ 'sales'); 'revenue' is the money word
    ans = await ask(box, "What was pass revenue per month in 2024?")
    assert ans.understood
    assert same(ans, db, "SELECT strftime('%Y-%m', sold_at), SUM(paid_usd) FROM fct_pass_sales "
                         "WHERE sold_at >= '2024-01-01' AND sold_at < '2025-01-01' GROUP BY 1")
