"""Undocumented integer choice codes and ORM framework tables, on a small bike-sharing Django app the test writes.

Classes: a state ('cancelled rides', 'riders on pause') or a kind ('electric bikes') that no stored value spells out,
while the table keeps an integer ``status``/``kind`` choice code, is asked about ("Which 'status' value means
cancelled? It holds 0-4"), never answered for every row; a state word a reading takes from another table's yes/no
flag is asked about too when the counted table keeps its own state code; Django's own ``auth_user`` is read as users;
and a generic relation's type registry (``django_content_type``, whose rows name the schema's tables) never turns a
question's noun into a filter on its values.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from scripts.localbox import SqliteToolbox, introspect_sqlite
from services.common.column_roles import code_like_name
from services.conversation.engine.offline.codecols import code_column
from services.conversation.engine.offline.linking import build_index
from services.conversation.engine.offline.ormschema import type_registries
from services.conversation.engine.types import Column, Schema, Table
from tests.support.offline import answer as ask, same, warehouse_fixtures

PEDAL = """
CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY, "app_label" varchar(100) NOT NULL,
  "model" varchar(100) NOT NULL);
INSERT INTO django_content_type VALUES (1, 'auth', 'user'), (2, 'fleet', 'station'), (3, 'fleet', 'bike'),
  (4, 'rides', 'ride'), (5, 'riders', 'rider'), (6, 'sessions', 'session');
CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY, "username" varchar(150) NOT NULL,
  "is_staff" bool NOT NULL, "is_active" bool NOT NULL, "date_joined" datetime NOT NULL);
INSERT INTO auth_user VALUES (1, 'ops1', 1, 1, '2023-01-01'), (2, 'ana', 0, 1, '2023-02-01'),
  (3, 'ben', 0, 0, '2023-03-01'), (4, 'cy', 0, 1, '2023-04-01'), (5, 'dee', 0, 1, '2023-05-01');
CREATE TABLE "fleet_station" ("id" integer NOT NULL PRIMARY KEY, "name" varchar(80) NOT NULL,
  "docks" integer NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL);
INSERT INTO fleet_station VALUES (1, 'Riverside', 20, '2022-01-01', '2024-01-01'),
  (2, 'Old Town', 12, '2022-01-01', '2024-01-01');
CREATE TABLE "fleet_bike" ("id" integer NOT NULL PRIMARY KEY, "station_id" integer NOT NULL REFERENCES
  "fleet_station" ("id"), "serial" varchar(20) NOT NULL, "kind" smallint unsigned NOT NULL,
  "price" decimal NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL);
INSERT INTO fleet_bike VALUES (1, 1, 'B-001', 1, 900, '2022-02-01', '2024-01-01'),
  (2, 1, 'B-002', 2, 2400, '2022-02-01', '2024-01-01'), (3, 2, 'B-003', 3, 3100, '2022-02-01', '2024-01-01'),
  (4, 2, 'B-004', 1, 950, '2022-02-01', '2024-01-01');
CREATE TABLE "riders_rider" ("id" integer NOT NULL PRIMARY KEY, "user_id" integer NOT NULL REFERENCES
  "auth_user" ("id"), "status" smallint unsigned NOT NULL, "created_at" datetime NOT NULL,
  "updated_at" datetime NOT NULL);
INSERT INTO riders_rider VALUES (1, 2, 1, '2023-02-01', '2024-01-01'), (2, 3, 3, '2023-03-01', '2024-01-01'),
  (3, 4, 2, '2023-04-01', '2024-01-01'), (4, 5, 0, '2023-05-01', '2024-01-01');
CREATE TABLE "rides_ride" ("id" integer NOT NULL PRIMARY KEY, "bike_id" integer NOT NULL REFERENCES
  "fleet_bike" ("id"), "rider_id" integer NOT NULL REFERENCES "riders_rider" ("id"),
  "status" smallint unsigned NOT NULL, "fare" decimal NOT NULL, "started_at" datetime NOT NULL,
  "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL);
INSERT INTO rides_ride VALUES (1, 1, 1, 2, 3.5, '2024-01-03 08:00:00', '2024-01-03', '2024-01-03'),
  (2, 2, 1, 4, 0, '2024-02-03 09:00:00', '2024-02-03', '2024-02-03'),
  (3, 3, 3, 2, 6.0, '2024-03-03 10:00:00', '2024-03-03', '2024-03-03'),
  (4, 4, 3, 3, 2.5, '2025-01-03 11:00:00', '2025-01-03', '2025-01-03'),
  (5, 1, 1, 0, 0, '2025-02-03 12:00:00', '2025-02-03', '2025-02-03'),
  (6, 2, 3, 1, 0, '2025-03-03 12:00:00', '2025-03-03', '2025-03-03');
CREATE TABLE "support_note" ("id" integer NOT NULL PRIMARY KEY, "content_type_id" integer NOT NULL REFERENCES
  "django_content_type" ("id"), "object_id" integer NOT NULL, "author_id" integer NOT NULL REFERENCES
  "auth_user" ("id"), "body" text NOT NULL, "created_at" datetime NOT NULL);
INSERT INTO support_note VALUES (1, 1, 2, 1, 'Password reset', '2024-01-05'), (2, 4, 2, 1, 'Refund asked', '2024-02-05'),
  (3, 3, 3, 1, 'Flat tyre', '2024-03-05');
"""

path, box, db = warehouse_fixtures("pedal", PEDAL)


async def test_an_unplaced_state_with_an_integer_status_code_is_asked(box: SqliteToolbox) -> None:
    for q, held in (("How many rides were cancelled in 2024?", "0-4"), ("How many riders are on pause?", "0-3"),
                    ("How many rides were refunded?", "0-4")):
        ans = await ask(box, q)
        assert not ans.understood, q
        text = " ".join(p.text or "" for p in ans.parts)
        assert "'status'" in text and held in text, (q, text)


async def test_a_kind_word_before_the_noun_is_asked(box: SqliteToolbox) -> None:
    ans = await ask(box, "How many electric bikes do we have?")
    assert not ans.understood
    assert "'kind'" in " ".join(p.text or "" for p in ans.parts)


async def test_questions_without_a_state_still_answer(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many rides were there in 2024?")
    assert same(ans, db, "SELECT COUNT(*) FROM rides_ride WHERE substr(started_at, 1, 4) = '2024'")
    ans = await ask(box, "What is the most expensive bike?")  # a graded measure names no kind
    assert ans.understood
    ans = await ask(box, "How many bikes does each station have?")
    assert same(ans, db, "SELECT s.name, COUNT(*) FROM fleet_bike b JOIN fleet_station s ON s.id = b.station_id "
                         "GROUP BY s.id, s.name")


async def test_a_flag_of_another_table_does_not_stand_for_the_own_state(box: SqliteToolbox) -> None:
    ans = await ask(box, "How many active riders are there?")
    assert not ans.understood
    text = " ".join(p.text or "" for p in ans.parts)
    assert "is_active" in text and "'status'" in text


async def test_framework_tables_read_as_their_model(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many staff users are there?")
    assert same(ans, db, "SELECT COUNT(*) FROM auth_user WHERE is_staff = 1")
    ans = await ask(box, "How many users are deactivated?")
    assert same(ans, db, "SELECT COUNT(*) FROM auth_user WHERE is_active = 0")


def test_a_type_registry_gives_no_values(path: object) -> None:
    conn = sqlite3.connect(str(path))
    schema = introspect_sqlite(conn)
    conn.close()
    assert type_registries(schema) == frozenset({"django_content_type"})
    index = build_index(schema)
    assert not [c for cols in index.values.values() for c in cols if c.table == "django_content_type"]


def test_a_polymorphic_type_column_is_a_registry_but_a_category_is_not() -> None:
    def table(name: str, *cols: Column) -> Table:
        return Table(name=name, columns=(Column("id", "INTEGER", is_primary_key=True), *cols))

    schema = Schema(tables=(
        table("posts", Column("title", "TEXT")), table("photos", Column("url", "TEXT")),
        table("videos", Column("url", "TEXT")),
        table("comments", Column("commentable_type", "TEXT", sample_values=("Post", "Photo", "Video"),
                                 values_complete=True, distinct_count=3)),
        table("books", Column("genre", "TEXT", sample_values=("Poetry", "Photo", "Crime", "Fantasy"),
                              values_complete=True, distinct_count=4))))
    assert type_registries(schema) == frozenset({"comments"})


def test_choice_codes_are_sampled_and_recognised(path: object) -> None:
    assert code_like_name("status") and code_like_name("room_type") and code_like_name("kind")
    assert not code_like_name("status_id") and not code_like_name("fare")
    conn = sqlite3.connect(str(path))
    index = build_index(introspect_sqlite(conn))
    conn.close()
    assert code_column(index.column("rides_ride", "status")) == (0, 1, 2, 3, 4)  # type: ignore[arg-type]
    assert code_column(index.column("fleet_bike", "kind")) == (1, 2, 3)  # type: ignore[arg-type]
    assert code_column(index.column("fleet_bike", "price")) is None  # type: ignore[arg-type]
    assert code_column(index.column("auth_user", "is_active")) is None  # type: ignore[arg-type]


async def test_a_modeler_teaches_what_a_code_means(path: object) -> None:
    """The semantic model's synonym correction ('cancelled 4' on rides_ride.status) says what a code means; the next
    question filters on it, the codes not taught stay numbers, and other synonyms keep working."""
    conn = sqlite3.connect(str(path))
    schema = introspect_sqlite(conn)
    gold_cancelled = conn.execute("SELECT COUNT(*) FROM rides_ride WHERE status = 4").fetchall()
    conn.close()
    taught = replace(schema, tables=tuple(
        replace(t, columns=tuple(replace(c, synonyms=("cancelled 4", "completed 2", "ride state"))
                                 if (t.name, c.name) == ("rides_ride", "status") else c for c in t.columns))
        for t in schema.tables))
    index = build_index(taught)
    status = index.column("rides_ride", "status")
    assert status is not None and dict(status.decoded)[4] == "cancelled" and dict(status.decoded)[0] == "0"
    assert status.synonyms == ("ride state",) and code_column(status) is None
    box = SqliteToolbox(str(path))
    box._schema = taught  # the catalog as the knowledge service gives it after the correction
    try:
        ans = await ask(box, "How many cancelled rides are there?")
        assert ans.understood
        part = next(p for p in ans.parts if p.kind == "query" and p.result is not None)
        assert [tuple(r) for r in part.result.rows] == gold_cancelled  # type: ignore[union-attr]
    finally:
        box.close()


CLUB = """
CREATE TABLE "venues_venue" ("id" integer NOT NULL PRIMARY KEY, "name" varchar(80) NOT NULL);
CREATE TABLE "players_player" ("id" integer NOT NULL PRIMARY KEY, "name" varchar(80) NOT NULL,
  "venue_id" integer NOT NULL REFERENCES "venues_venue" ("id"));
CREATE TABLE "matches_match" ("id" integer NOT NULL PRIMARY KEY, "title" varchar(80) NOT NULL,
  "venue_id" integer NOT NULL REFERENCES "venues_venue" ("id"));
CREATE TABLE "matches_match_players" ("id" integer NOT NULL PRIMARY KEY,
  "match_id" integer NOT NULL REFERENCES "matches_match" ("id"),
  "player_id" integer NOT NULL REFERENCES "players_player" ("id"));
INSERT INTO venues_venue VALUES (1, 'North Hall'), (2, 'South Park');
INSERT INTO players_player VALUES (1, 'Ada', 1), (2, 'Bo', 1), (3, 'Cy', 2), (4, 'Di', 2), (5, 'Ed', 1);
INSERT INTO matches_match VALUES (1, 'Opener', 1), (2, 'Derby', 2);
INSERT INTO matches_match_players VALUES (1, 1, 1), (2, 1, 3), (3, 2, 3);
"""


async def test_a_many_to_many_table_is_the_path_between_its_two_tables(tmp_path: object) -> None:
    """'players who never played a match' go through the match's players (the through table), not through the
    venue both a player and a match belong to (a path of the same length)."""
    from pathlib import Path

    from tests.support.offline import script_box

    with script_box(Path(str(tmp_path)), "club", CLUB) as b:
        ans = await ask(b, "How many players never came to a match?")
        part = next(p for p in ans.parts if p.kind == "query" and p.result is not None)
        conn = sqlite3.connect(b.path)
        want = conn.execute("SELECT COUNT(*) FROM players_player WHERE id NOT IN "
                            "(SELECT player_id FROM matches_match_players)").fetchall()
        conn.close()
        assert [tuple(r) for r in part.result.rows] == want == [(3,)]  # type: ignore[union-attr]


def test_a_bridge_is_named_after_a_table_it_links() -> None:
    from services.conversation.engine.offline.joins import is_pure_bridge
    from services.conversation.engine.types import ForeignKey

    def table(name: str, *fks: str) -> Table:
        return Table(name=name, columns=(Column("id", "INTEGER", is_primary_key=True),
                                         *(Column(f"{f}_id", "INTEGER") for f in fks)),
                     foreign_keys=tuple(ForeignKey(f"{f}_id", f, "id") for f in fks))

    schema = Schema(tables=(table("film"), table("actor"), table("film_actor", "film", "actor"),
                            table("customer"), table("clerk"), table("orders", "customer", "clerk")))
    index = build_index(schema)
    assert is_pure_bridge(index.table("film_actor"))  # type: ignore[arg-type]
    assert not is_pure_bridge(index.table("orders"))  # type: ignore[arg-type]
