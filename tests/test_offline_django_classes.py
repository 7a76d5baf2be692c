"""General classes a fresh Django marketplace warehouse exposed, on a small booking app the test writes.

Django naming: app-label table prefixes (``studio_client``, ``bookings_booking``), bare ``created``/``modified``
stamps (django-model-utils) beside later-stage stamps such as ``paid_at``, timestamps stored as ISO text with the
local time zone offset, soft deletes (``is_deleted``/``deleted_at``) and integer status codes documented only in
the models. Classes: the row's own creation stamp dates it ('bookings made in 2024'), not a later stage's or the soft
delete's; month and quarter buckets keep the wall-clock date an offset-carrying timestamp was written with; a
soft-deleted row is left out of what the business has now, but not out of what happened in a period or when the
question speaks of deleted rows; 'deactivated' is the opposite of an is_active flag; and a lifecycle state the data
cannot place ('suspended', 'live') is asked about instead of being dropped. Beside them, phrasing the same warehouse
showed: of columns a word fits equally loosely ('fees': session_fee, fee_amount), the one of the table the question
names; tables known by their model, not their app label ('studio_client' is a client); an undated line table dated
by the table it is named after (a booking line by its booking, not its add-on); rows grouped by a role-named key
('payers' -> invoices.payer_id) shown by the names of the table it refers to; 'which 2 bookings have the largest ...' ranks two; and clarifications instead of a wrong answer for 'the
largest single invoice' read as the most invoices, 'on average' read without an average and 'the total value of
bookings' read as a list of bookings.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.linking import app_labels, build_index
from tests.support.offline import answer as ask, answer_rows, same, warehouse_fixtures

STUDIO = """
CREATE TABLE "studio_client" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL,
  "city" varchar(60) NOT NULL, "is_deleted" bool NOT NULL, "deleted_at" datetime NULL, "created" datetime NOT NULL,
  "modified" datetime NOT NULL);
CREATE TABLE "studio_photographer" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL,
  "status" smallint unsigned NOT NULL, "is_active" bool NOT NULL);
INSERT INTO studio_photographer VALUES (1, 'Ines', 1, 1), (2, 'Jon', 2, 0), (3, 'Kai', 3, 1), (4, 'Lea', 1, 0);
CREATE TABLE "bookings_addon" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(60) NOT NULL,
  "created" datetime NOT NULL);
INSERT INTO bookings_addon VALUES (1, 'Prints', '2022-05-01T10:00:00+02:00'), (2, 'Album', '2023-09-01T10:00:00+02:00');
CREATE TABLE "bookings_booking" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "client_id" integer NOT NULL REFERENCES "studio_client" ("id"), "session_fee" decimal NOT NULL,
  "travel_fee" decimal NOT NULL, "paid_at" datetime NULL, "created" datetime NOT NULL, "modified" datetime NOT NULL);
CREATE TABLE "invoices_invoice" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "payer_id" integer NOT NULL REFERENCES "studio_client" ("id"), "fee_amount" decimal NOT NULL,
  "net_amount" decimal NOT NULL, "period_start" date NOT NULL);
CREATE TABLE "bookings_bookingline" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "booking_id" integer NOT NULL REFERENCES "bookings_booking" ("id"),
  "addon_id" integer NOT NULL REFERENCES "bookings_addon" ("id"), "quantity" integer NOT NULL, "unit_price" decimal NOT NULL);
INSERT INTO studio_client VALUES
  (1, 'Aster Weddings', 'Lyon', 0, NULL, '2023-02-01T10:00:00+01:00', '2024-05-01T10:00:00+02:00'),
  (2, 'Blue Fern Events', 'Paris', 0, NULL, '2023-11-20T09:00:00+01:00', '2024-01-03T10:00:00+01:00'),
  (3, 'Cobalt Media', 'Lyon', 1, '2024-03-01T12:00:00+01:00', '2024-01-15T11:00:00+01:00', '2024-03-01T12:00:00+01:00'),
  (4, 'Dune Portraits', 'Nice', 0, NULL, '2024-06-10T16:00:00+02:00', '2024-06-10T16:00:00+02:00');
INSERT INTO bookings_booking VALUES
  (1, 1, 300, 10, '2024-01-05T10:00:00+01:00', '2023-12-31T20:30:00-05:00', '2024-01-05T10:00:00+01:00'),
  (2, 1, 450, 20, '2024-02-01T10:00:00+01:00', '2024-01-20T10:00:00+01:00', '2024-02-01T10:00:00+01:00'),
  (3, 2, 500, 30, NULL, '2024-03-31T23:30:00+02:00', '2024-03-31T23:30:00+02:00'),
  (4, 3, 250, 40, '2023-12-30T10:00:00+01:00', '2023-12-28T10:00:00+01:00', '2023-12-30T10:00:00+01:00'),
  (5, 4, 800, 50, NULL, '2024-07-02T09:00:00+02:00', '2024-07-02T09:00:00+02:00'),
  (6, 2, 120, 60, '2024-04-02T09:00:00+02:00', '2024-04-01T00:30:00+02:00', '2024-04-02T09:00:00+02:00');
INSERT INTO invoices_invoice VALUES (1, 1, 30, 720, '2024-01-01'), (2, 2, 12, 488, '2024-03-01'), (3, 1, 8, 92, '2024-03-01'),
  (4, 4, 40, 760, '2025-01-01');
INSERT INTO bookings_bookingline VALUES (1, 1, 1, 2, 100), (2, 1, 2, 1, 100), (3, 2, 1, 3, 150), (4, 3, 2, 5, 100),
  (5, 4, 1, 1, 250), (6, 5, 2, 4, 200), (7, 6, 1, 1, 120);
"""

path, box, db = warehouse_fixtures("studio", STUDIO)


async def test_year_dates_the_row_by_its_creation_stamp(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many bookings were made in 2024?")
    assert same(ans, db, "SELECT COUNT(*) FROM bookings_booking WHERE substr(created, 1, 4) = '2024'")


async def test_year_on_a_table_with_a_soft_delete_stamp(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many clients were added in 2024?")
    assert same(ans, db, "SELECT COUNT(*) FROM studio_client WHERE substr(created, 1, 4) = '2024'")


async def test_month_bucket_keeps_the_wall_clock_date(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "number of bookings per month")
    assert same(ans, db, "SELECT substr(created, 1, 7), COUNT(*) FROM bookings_booking GROUP BY substr(created, 1, 7)")


async def test_quarter_bucket_keeps_the_wall_clock_date(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "total booking fees per quarter")
    assert same(ans, db, "SELECT substr(created, 1, 4) || '-Q' || ((CAST(substr(created, 6, 2) AS INTEGER) + 2) / 3),"
                         " SUM(session_fee) FROM bookings_booking GROUP BY 1")


async def test_soft_deleted_rows_are_left_out_of_what_we_have(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many clients do we have?")
    assert same(ans, db, "SELECT COUNT(*) FROM studio_client WHERE is_deleted = 0")
    ans = await ask(box, "number of clients per city")
    assert same(ans, db, "SELECT city, COUNT(*) FROM studio_client WHERE is_deleted = 0 GROUP BY city")


async def test_soft_deleted_rows_still_count_in_their_period(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many clients were added in 2024?")
    assert same(ans, db, "SELECT COUNT(*) FROM studio_client WHERE substr(created, 1, 4) = '2024'")


async def test_deleted_rows_are_counted_when_asked_for(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many clients were deleted?")
    assert same(ans, db, "SELECT COUNT(*) FROM studio_client WHERE is_deleted = 1")


async def test_deactivated_is_the_opposite_of_active(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many photographers are deactivated?")
    assert same(ans, db, "SELECT COUNT(*) FROM studio_photographer WHERE is_active = 0")


async def test_an_unplaced_lifecycle_state_is_asked_about(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    for q in ("How many photographers are suspended?", "How many live photographers are there?"):
        ans = await ask(box, q)
        assert not ans.understood, q  # the status code of 'suspended' is written nowhere
    ans = await ask(box, "How many clients live in Lyon?")  # 'live' is a verb here
    assert same(ans, db, "SELECT COUNT(*) FROM studio_client WHERE city = 'Lyon' AND is_deleted = 0")


async def test_a_loose_word_takes_the_column_of_the_named_table(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What were the total fees on invoices for each year?")
    assert same(ans, db, "SELECT substr(period_start, 1, 4), SUM(fee_amount) FROM invoices_invoice GROUP BY 1")


async def test_largest_single_row_is_not_the_most_rows(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which client received the largest single invoice?")
    assert not ans.understood or same(
        ans, db, "SELECT c.name FROM invoices_invoice i JOIN studio_client c ON c.id = i.payer_id ORDER BY i.net_amount DESC LIMIT 1")


async def test_on_average_is_not_dropped(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "On average, how many units are in a booking?")
    assert not ans.understood or same(
        ans, db, "SELECT AVG(u) FROM (SELECT booking_id, SUM(quantity) AS u FROM bookings_bookingline GROUP BY booking_id)")


async def test_which_n_things_ranks_n(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which 2 invoices have the most net amount?")
    got = answer_rows(ans)
    assert got is not None and [r[0] for r in got] == [4, 1]


async def test_total_value_is_not_a_list_of_rows(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What was the total value of bookings in 2024?")
    assert not ans.understood or same(
        ans, db, "SELECT SUM(session_fee) FROM bookings_booking WHERE substr(created, 1, 4) = '2024'")


async def test_app_label_prefixes_are_not_part_of_the_table_noun(box: SqliteToolbox) -> None:
    index = build_index(await box.schema())
    assert {t.name: t.words for t in index.tables}["studio_client"] == ("client",)
    assert {t.name: t.words for t in index.tables}["bookings_bookingline"] == ("bookingline",)
    assert app_labels(["sales_order", "sales_customer", "stock_item"]) == frozenset()  # no table repeats its label


async def test_a_line_table_is_dated_by_the_table_it_is_named_after(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "sales per month")
    assert same(ans, db, "SELECT substr(b.created, 1, 7), SUM(l.unit_price * l.quantity) FROM bookings_bookingline l"
                         " JOIN bookings_booking b ON b.id = l.booking_id GROUP BY 1")


async def test_rows_grouped_by_a_role_key_are_shown_by_name(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which payers have more than 1 invoice?")
    assert same(ans, db, "SELECT c.name FROM invoices_invoice i JOIN studio_client c ON c.id = i.payer_id"
                         " GROUP BY c.id HAVING COUNT(*) > 1")
