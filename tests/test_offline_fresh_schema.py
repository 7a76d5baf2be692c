"""General rules found by studying a database the engine had never seen (eval/business insurance), each checked
here on a small gym-and-insurance schema the test writes itself (plain snake_case, dates stored as text).

Every test checks the rows of the engine's own SQL against SQL written by hand, or that the engine asks
instead of answering when the question does not say which reading it means.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


from services.conversation.engine.offline.linking import build_index
from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

GYM = """
CREATE TABLE clubs (club_id INTEGER PRIMARY KEY, club_name TEXT NOT NULL, state TEXT NOT NULL, opened_year INTEGER NOT NULL);
CREATE TABLE members (member_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, birth_date TEXT, state TEXT,
    is_student INTEGER NOT NULL, joined_on TEXT);
CREATE TABLE memberships (membership_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members(member_id),
    club_id INTEGER REFERENCES clubs(club_id), start_date TEXT, end_date TEXT, status TEXT, monthly_fee REAL,
    is_renewal INTEGER NOT NULL);
CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, membership_id INTEGER REFERENCES memberships(membership_id),
    due_date TEXT, paid_date TEXT, amount REAL);
CREATE TABLE policies (policy_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members(member_id),
    policy_status TEXT, annual_premium REAL);
CREATE TABLE premium_payments (payment_id INTEGER PRIMARY KEY, policy_id INTEGER REFERENCES policies(policy_id), amount REAL);
CREATE TABLE quotes (quote_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members(member_id), quoted_premium REAL,
    is_converted INTEGER NOT NULL);
CREATE TABLE claims (claim_id INTEGER PRIMARY KEY, policy_id INTEGER REFERENCES policies(policy_id), claim_status TEXT,
    claim_amount REAL, reported_on TEXT, closed_on TEXT);
INSERT INTO clubs VALUES (1,'North Club','WA',1965),(2,'South Club','TX',1990),(3,'East Club','NY',2024);
INSERT INTO members VALUES (1,'Ann','Ng','1960-04-02','WA',0,'2020-01-05'),(2,'Bo','Li','1985-07-19','TX',1,'2021-03-10'),
  (3,'Cy','Oz','1999-01-30','TX',1,'2022-06-01'),(4,'Di','Ek','1968-11-11','NY',0,'2023-02-14'),
  (5,'Ed','Ma','2001-05-05','WA',1,'2024-08-08'),(6,'Flo','Ru','1975-09-09','TX',0,'2024-09-09');
INSERT INTO memberships VALUES (1,1,1,'2023-01-01','2023-12-31','expired',40,0),(2,1,1,'2024-01-01','2024-12-31','active',42,1),
  (3,2,2,'2024-03-01','2025-02-28','active',35,0),(4,3,2,'2024-05-01','2025-04-30','frozen',35,0),
  (5,4,3,'2023-06-01','2024-05-31','expired',50,0),(6,4,3,'2024-06-01','2025-05-31','active',55,1),
  (7,5,1,'2024-09-01','2025-08-31','cancelled',30,0),(8,6,2,'2025-01-01','2025-12-31','active',38,1);
INSERT INTO invoices VALUES (1,1,'2023-01-01','2023-01-03',40),(2,2,'2024-01-01','2024-01-01',42),(3,2,'2024-02-01',NULL,42),
  (4,3,'2024-03-01','2024-03-20',35),(5,4,'2024-05-01',NULL,35),(6,5,'2023-06-01','2023-06-01',50),
  (7,6,'2024-06-01','2024-06-02',55),(8,7,'2024-09-01',NULL,30),(9,8,'2025-01-01','2025-01-01',38);
INSERT INTO policies VALUES (1,1,'active',120),(2,2,'lapsed',80),(3,4,'active',150),(4,6,'cancelled',90);
INSERT INTO premium_payments VALUES (1,1,60),(2,1,60),(3,2,80),(4,3,150);
INSERT INTO quotes VALUES (1,1,110,1),(2,2,85,1),(3,3,70,0),(4,5,60,0),(5,6,95,1),(6,4,150,1),(7,3,65,0);
INSERT INTO claims VALUES (1,1,'paid',500,'2024-01-02','2024-01-12'),(2,1,'open',250,'2024-03-01',NULL),
  (3,3,'paid',900,'2024-02-01','2024-03-02'),(4,3,'denied',100,'2024-05-05','2024-05-08'),(5,3,'paid',50,'2024-06-01','2024-06-03');
"""


path, box, db = warehouse_fixtures("gym", GYM)


async def test_grouping_column_of_the_named_table_wins(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # members.state and clubs.state: the members' own state, not the state of a club two joins away
    ans = await ask(box, "members by state")
    assert same(ans, db, "SELECT state, COUNT(*) FROM members GROUP BY state")


async def test_grouping_column_two_tables_hold_as_near_is_asked(box: SqliteToolbox) -> None:
    # invoices reach members.state and clubs.state in two joins each: which state is meant is not said
    ans = await ask(box, "outstanding invoices by state")
    assert rows(ans) is None


async def test_status_prefixed_by_its_own_table(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # policy_status and claim_status both say 'status'; the policies' own one, not the claims' across a join
    ans = await ask(box, "number of policies by status")
    assert same(ans, db, "SELECT policy_status, COUNT(*) FROM policies GROUP BY policy_status")


async def test_a_status_column_is_not_a_rows_name(path: Path) -> None:
    schema = await SqliteToolbox(path).schema()
    name = build_index(schema).table("policies").name_column()  # type: ignore[union-attr]
    assert name is None or name.name != "policy_status"


async def test_year_compares_a_date_of_the_named_table(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # clubs.opened_year is a year column, but of a table the question never names; members' dates are text
    ans = await ask(box, "How many members were born before 1970?")
    assert same(ans, db, "SELECT COUNT(*) FROM members WHERE birth_date < '1970-01-01'")


async def test_plural_noun_of_a_flag_counts_the_flagged_rows(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many students do we have?")
    assert same(ans, db, "SELECT COUNT(*) FROM members WHERE is_student = 1")
    ans = await ask(box, "How many renewals were there in 2024?")
    assert same(ans, db, "SELECT COUNT(*) FROM memberships WHERE is_renewal = 1 AND start_date >= '2024-01-01' "
                         "AND start_date < '2025-01-01'")
    ans = await ask(box, "students by state")
    assert same(ans, db, "SELECT state, COUNT(*) FROM members WHERE is_student = 1 GROUP BY state")


async def test_right_now_is_the_present_not_part_of_a_value(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    for q in ("How many memberships are active right now?", "How many memberships are currently active?"):
        ans = await ask(box, q)
        assert same(ans, db, "SELECT COUNT(*) FROM memberships WHERE status = 'active'"), q


async def test_outstanding_rows_have_no_paid_date(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # the invoices' own paid date, not the end date of the membership they belong to
    ans = await ask(box, "How many invoices are still outstanding?")
    assert same(ans, db, "SELECT COUNT(*) FROM invoices WHERE paid_date IS NULL")


async def test_best_with_nothing_to_rank_by_is_asked(box: SqliteToolbox) -> None:
    # no measure named: ranking members by a count of their own rows would crown an arbitrary one
    for q in ("Who is our best member?", "Which club is the best?"):
        assert rows(await ask(box, q)) is None, q


async def test_flag_participle_into_a_table_is_the_flag(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # 'converted into policies': is_converted says what the quotes became, not which policies hold them
    ans = await ask(box, "How many quotes were converted into policies?")
    assert same(ans, db, "SELECT COUNT(*) FROM quotes WHERE is_converted = 1")


async def test_verb_naming_no_date_after_a_planned_date(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # 'came in' names no date; against the due date (a planned date) it is the row's one finishing date
    for q in ("How many invoices came in after their due date?", "How many invoices were paid after their due date?"):
        ans = await ask(box, q)
        assert same(ans, db, "SELECT COUNT(*) FROM invoices WHERE paid_date > due_date"), q


async def test_total_of_a_word_several_tables_measure_is_not_a_row_count(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # 'premium' names part of premium_payments and the premiums of policies and of quotes: a total of it is not a
    # count of premium payments (the premium amount, or a question back)
    ans = await ask(box, "total premium by policy status")
    assert rows(ans) is None or same(ans, db, "SELECT policy_status, SUM(annual_premium) FROM policies GROUP BY policy_status")
    ans = await ask(box, "share of premium by policy status")
    assert rows(ans) is None or same(ans, db, "SELECT policy_status, 100.0 * SUM(annual_premium) / (SELECT SUM(annual_premium) "
                                              "FROM policies) FROM policies GROUP BY policy_status")
    assert rows(ans) is None or not same(ans, db, "SELECT p.policy_status, 100.0 * COUNT(*) / 4 FROM premium_payments pp "
                                                  "JOIN policies p ON pp.policy_id = p.policy_id GROUP BY p.policy_status")


async def test_days_it_takes_to_reach_a_stage(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # a report starts a case, closing finishes it: 'how many days' is the duration, not a count of rows
    gold = "SELECT AVG(julianday(closed_on) - julianday(reported_on)) FROM claims WHERE closed_on IS NOT NULL"
    for q in ("average days to close a claim", "On average, how many days does it take to close a claim?",
              "How many days does it take to close a claim after it is reported?"):
        ans = await ask(box, q)
        assert same(ans, db, gold), q


async def test_after_a_year_is_used_from_the_next_year(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # 'after 1990' on a date reads as from 1991-01-01: the number is used (not asked about as a dropped number)
    ans = await ask(box, "How many members were born after 1990?")
    assert same(ans, db, "SELECT COUNT(*) FROM members WHERE birth_date >= '1991-01-01'")


async def test_status_prefixed_by_an_abbreviation_of_its_own_table(tmp_path: Path) -> None:
    # pol_status / clm_status: a leading short form of the column's own table ('pol' ~ policy) is a prefix too
    p = tmp_path / "abbr.sqlite"
    conn = sqlite3.connect(p)
    conn.executescript("""
    CREATE TABLE policies (pol_no TEXT PRIMARY KEY, pol_status TEXT, prem REAL);
    CREATE TABLE claims (clm_id INTEGER PRIMARY KEY, pol_no TEXT REFERENCES policies(pol_no), clm_status TEXT);
    INSERT INTO policies VALUES ('P1','active',10),('P2','active',20),('P3','lapsed',5);
    INSERT INTO claims VALUES (1,'P1','open'),(2,'P1','paid'),(3,'P2','paid'),(4,'P3','paid'),(5,'P3','denied');
    """)
    conn.commit()
    b = SqliteToolbox(p)
    try:
        ans = await ask(b, "number of policies by status")
        assert same(ans, conn, "SELECT pol_status, COUNT(*) FROM policies GROUP BY pol_status")
        ans = await ask(b, "number of claims by status")
        assert same(ans, conn, "SELECT clm_status, COUNT(*) FROM claims GROUP BY clm_status")
    finally:
        b.close()
        conn.close()


async def test_participle_before_a_grain_picks_the_date_or_asks(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # claims hold a report and a close date: 'closed per year' must not be counted by the report date
    ans = await ask(box, "claims closed per year")
    assert rows(ans) is None or same(ans, db, "SELECT strftime('%Y', closed_on) AS y, COUNT(*) FROM claims GROUP BY y")
    ans = await ask(box, "memberships ended per year")  # start and end dates: 'ended' names one, never the start
    assert rows(ans) is None or same(ans, db, "SELECT strftime('%Y', end_date) AS y, COUNT(*) FROM memberships GROUP BY y")
