"""General classes a fresh residential-property warehouse exposed, on a small co-working operator the test writes.

PostgreSQL web-app naming: singular snake_case tables, money kept as integer cents (``monthly_fee_cents``,
``amount_cents``), lowercase text statuses with underscores ('in_progress'), ``created_at`` beside business dates.
Classes: cents shown in the currency (and thresholds scaled to cents); snake_case values from spoken words; 'find'
and 'do we manage' phrasing; 'two-bedroom' numbers; US state names for stored codes; 'no X on file' absences; a
year dating the named table's rows; an own 'late' flag before a date comparison; and clarifications instead of
confident wrong answers (a lost 'most', 'no <value>' kept, 'how much' listing rows, 'total' or a named measure
replaced by a count). Tests that accept a clarification assert that any answer given is the right one.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

COWORK = """
CREATE TABLE site (site_id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL, state TEXT NOT NULL,
  site_manager TEXT, created_at TIMESTAMP NOT NULL);
CREATE TABLE member (member_id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL, email TEXT,
  created_at TIMESTAMP NOT NULL);
CREATE TABLE membership (membership_id INTEGER PRIMARY KEY, site_id INTEGER NOT NULL REFERENCES site(site_id),
  member_id INTEGER NOT NULL REFERENCES member(member_id), plan TEXT NOT NULL, desks INTEGER NOT NULL, monthly_fee_cents INTEGER NOT NULL,
  status TEXT NOT NULL, started_on DATE NOT NULL, created_at TIMESTAMP NOT NULL);
CREATE TABLE charge (charge_id INTEGER PRIMARY KEY, membership_id INTEGER NOT NULL REFERENCES membership(membership_id),
  billed_on DATE NOT NULL, amount_cents INTEGER NOT NULL, status TEXT NOT NULL, created_at TIMESTAMP NOT NULL);
CREATE TABLE repair_ticket (repair_ticket_id INTEGER PRIMARY KEY, site_id INTEGER NOT NULL REFERENCES site(site_id),
  trade TEXT NOT NULL, status TEXT NOT NULL, opened_on DATE NOT NULL, cost_cents INTEGER,
  created_at TIMESTAMP NOT NULL);
INSERT INTO site VALUES (1,'Dockside Hub','Seattle','WA','Ines Moreau','2021-01-04 09:00:00'),
  (2,'Foundry Works','Chicago','IL','Paul Grant','2021-05-10 09:00:00'),(3,'Lakeside Loft','Chicago','IL',NULL,'2022-02-01 09:00:00');
INSERT INTO member VALUES (1,'Ada','Kerr','ada@x.example','2023-01-02 10:00:00'),(2,'Ben','Ortiz',NULL,'2023-02-03 10:00:00'),
  (3,'Cleo','Ng','cleo@x.example','2023-03-04 10:00:00'),(4,'Dev','Rao',NULL,'2024-01-05 10:00:00');
INSERT INTO membership VALUES (1,1,1,'hot_desk',1,25000,'active','2023-01-01','2022-12-20 10:00:00'),
  (2,1,2,'dedicated_desk',2,45050,'active','2023-02-01','2023-01-20 10:00:00'),
  (3,2,3,'private_office',4,120000,'cancelled','2023-03-01','2023-02-20 10:00:00'),
  (4,3,4,'hot_desk',2,27500,'active','2024-01-01','2023-12-20 10:00:00');
INSERT INTO charge VALUES (1,1,'2024-01-01',25000,'paid','2024-01-01 08:00:00'),(2,2,'2024-01-01',45050,'paid','2024-01-01 08:00:00'),
  (3,3,'2024-01-01',60000,'partially_paid','2024-01-01 08:00:00'),(4,4,'2024-02-01',27500,'paid','2024-02-01 08:00:00'),
  (5,1,'2024-02-01',25000,'failed','2024-02-01 08:00:00');
INSERT INTO repair_ticket VALUES (1,1,'plumbing','done','2024-01-10',18050,'2024-01-10 11:00:00'),
  (2,1,'electrical','in_progress','2024-02-11',NULL,'2024-02-11 11:00:00'),
  (3,2,'plumbing','done','2024-03-12',40000,'2024-03-12 11:00:00'),
  (4,3,'hvac','in_progress','2024-04-13',NULL,'2024-04-13 11:00:00'),
  (5,3,'electrical','done','2024-05-14',9925,'2024-05-14 11:00:00');
"""

path, box, db = warehouse_fixtures("cowork", COWORK)


async def test_average_of_cents_is_in_dollars(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the average monthly fee of active memberships?")
    assert ans.understood
    assert same(ans, db, "SELECT AVG(monthly_fee_cents) / 100.0 FROM membership WHERE status = 'active'")


async def test_total_of_cents_per_group_is_in_dollars(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "total repair cost by trade")
    assert ans.understood
    assert same(ans, db, "SELECT trade, SUM(cost_cents) / 100.0 FROM repair_ticket GROUP BY trade")
    assert "cents" not in ans.parts[0].text


async def test_threshold_on_cents_is_given_in_dollars(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "memberships with a monthly fee over 400")
    assert ans.understood
    got = rows(ans)
    assert got is not None and sorted(r[0] for r in got) == [2, 3]


async def test_counting_cents_rows_still_counts(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "number of charges by status")
    assert ans.understood
    assert same(ans, db, "SELECT status, COUNT(*) FROM charge GROUP BY status")


async def test_snake_case_status_is_read_from_plain_words(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many repair tickets are still in progress?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM repair_ticket WHERE status = 'in_progress'")


async def test_snake_case_value_with_a_plural_noun(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many hot desk memberships are there?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM membership WHERE plan = 'hot_desk'")


async def test_cents_compared_with_their_average_stay_in_cents(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many memberships have a monthly fee above the average?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM membership WHERE monthly_fee_cents > "
                         "(SELECT AVG(monthly_fee_cents) FROM membership)")


async def test_we_manage_is_the_business_holding_the_rows(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many sites do we manage?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM site")


async def test_find_the_entity_with_the_highest_average(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Find the site with the highest average monthly fee.")
    assert ans.understood
    assert rows(ans) == [("Foundry Works",)]
    assert "cents" not in ans.parts[0].text


async def test_spelled_number_hyphen_noun_is_a_count_column(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the average monthly fee of two-desk memberships?")
    assert ans.understood
    assert same(ans, db, "SELECT AVG(monthly_fee_cents) / 100.0 FROM membership WHERE desks = 2")


async def test_lost_most_with_a_filter_asks_instead(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which site completed the most plumbing jobs?")
    assert rows(ans) is None or same(ans, db, "SELECT s.name FROM repair_ticket r JOIN site s ON r.site_id = s.site_id "
                                              "WHERE r.trade = 'plumbing' GROUP BY s.name ORDER BY COUNT(*) DESC LIMIT 1")


async def test_no_before_a_value_is_not_kept_as_that_value(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which sites have no cancelled memberships?")
    got = rows(ans)
    assert got is None or sorted(got) == [("Dockside Hub",), ("Lakeside Loft",)]


async def test_spelled_out_us_state_is_its_stored_code(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "List the names of sites located in Illinois.")
    assert ans.understood
    assert same(ans, db, "SELECT name FROM site WHERE state = 'IL'")


async def test_no_column_followed_by_words_saying_it_is_missing(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many members have no email address on file?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM member WHERE email IS NULL")
    ans = await ask(box, "Which site has no site manager assigned?")
    assert ans.understood
    assert same(ans, db, "SELECT name FROM site WHERE site_manager IS NULL")


async def test_how_much_over_many_rows_never_lists_them(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How much monthly fee did we collect in 2023?")  # three memberships started in 2023
    got = rows(ans)
    assert got is None or same(ans, db, "SELECT SUM(monthly_fee_cents) / 100.0 FROM membership "
                                        "WHERE started_on >= '2023-01-01' AND started_on < '2024-01-01'")


async def test_total_before_an_unknown_modifier_is_not_a_count(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Top 2 sites by total upkeep cost")
    got = rows(ans)
    assert got is None or same(ans, db, "SELECT s.name, SUM(r.cost_cents) / 100.0 FROM repair_ticket r JOIN site s "
                                        "ON r.site_id = s.site_id GROUP BY s.name ORDER BY 2 DESC LIMIT 2")


YEARS = """
CREATE TABLE building (building_id INTEGER PRIMARY KEY, name TEXT NOT NULL, year_built INTEGER);
CREATE TABLE booking (booking_id INTEGER PRIMARY KEY, building_id INTEGER REFERENCES building(building_id),
  booked_on DATE NOT NULL, guests INTEGER NOT NULL);
INSERT INTO building VALUES (1,'North',2024),(2,'South',1990);
INSERT INTO booking VALUES (1,1,'2023-05-01',2),(2,2,'2024-03-02',4),(3,2,'2024-07-09',1),(4,1,'2025-01-05',3);
"""


async def test_a_year_dates_the_named_tables_rows_not_another_tables_year_column(tmp_path) -> None:
    from tests.support.offline import script_box

    with script_box(tmp_path, "years", YEARS) as b:
        ans = await ask(b, "How many bookings were there in 2024?")
        assert ans.understood
        assert rows(ans) == [(2,)]


async def test_a_named_measure_is_not_silently_replaced_by_a_count(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "monthly fee collected by month in 2023")
    got = rows(ans)
    assert got is None or same(ans, db, "SELECT strftime('%Y-%m', started_on), SUM(monthly_fee_cents) / 100.0 "
                                        "FROM membership WHERE started_on >= '2023-01-01' AND started_on < '2024-01-01' GROUP BY 1")
    ans = await ask(box, "memberships by month in 2023")
    assert ans.understood  # no measure named: counting the rows is the reading
    assert same(ans, db, "SELECT strftime('%Y-%m', started_on), COUNT(*) FROM membership "
                         "WHERE started_on >= '2023-01-01' AND started_on < '2024-01-01' GROUP BY 1")


DUES = """
CREATE TABLE dues_payment (dues_payment_id INTEGER PRIMARY KEY, member_name TEXT NOT NULL, due_on DATE NOT NULL,
  paid_on DATE NOT NULL, amount_cents INTEGER NOT NULL, is_late BOOLEAN NOT NULL, late_fee_cents INTEGER NOT NULL);
INSERT INTO dues_payment VALUES (1,'Ada','2024-01-01','2024-01-03',5000,0,0),(2,'Ben','2024-01-01','2024-01-20',5000,1,500),
  (3,'Ada','2024-02-01','2024-02-06',5000,0,0),(4,'Cleo','2024-02-01','2024-02-25',5000,1,500),
  (5,'Ben','2023-12-01','2023-12-30',5000,1,0);
"""


async def test_late_is_the_rows_own_flag_before_comparing_two_dates(tmp_path) -> None:
    from tests.support.offline import script_box

    with script_box(tmp_path, "dues", DUES) as b:
        ans = await ask(b, "How many dues payments were late in 2024?")
        assert ans.understood
        assert rows(ans) == [(2,)]  # the flag; the grace period is the business's rule, not paid_on > due_on (4)


async def test_the_measured_rows_named_after_the_measure_are_not_a_second_group(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which 2 sites have the lowest average monthly fee on active memberships?")
    assert ans.understood
    assert same(ans, db, "SELECT s.name, AVG(m.monthly_fee_cents) / 100.0 AS a FROM membership m JOIN site s "
                         "ON m.site_id = s.site_id WHERE m.status = 'active' GROUP BY s.name ORDER BY a LIMIT 2")
