"""Short forms warehouses use by convention that the spelling alone cannot justify: 'loc' is one letter short of
a clear truncation of location, 'co' is not the first and last consonant of company. A schema of a field-service
firm written by the test ('DepotLoc', 'VendorCo', 'HomeLocId', 'CoId') reads them as the words. A scale written
into a name with separators ('rating_1_5', as 'Rating (1-5)' in a spreadsheet) is not said either. A three-letter
truncation ('Invs') links as clearly as the word when the question spells that word out, and a verb ('shipped')
reaches the abbreviated noun of its act ('Shpmt'). A through table in CamelCase is a bridge as in snake_case."""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.abbrev import abbreviates_act_of
from services.conversation.engine.offline.joins import is_pure_bridge
from services.conversation.engine.offline.lexicon import split_identifier, tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.types import Column, ForeignKey, Schema, Table
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

SCHEMA = Schema(tables=(
    Table("DepotLoc", (Column("Id", "INTEGER", is_primary_key=True), Column("Nm", "TEXT"))),
    Table("VendorCo", (Column("Id", "INTEGER", is_primary_key=True), Column("Nm", "TEXT"), Column("Sector", "TEXT"))),
    Table("Crew", (Column("Id", "INTEGER", is_primary_key=True), Column("HomeLocId", "INTEGER"),
                   Column("CoId", "INTEGER"), Column("rating_1_5", "INTEGER"), Column("grade_1_2", "INTEGER")),
          foreign_keys=(ForeignKey("HomeLocId", "DepotLoc", "Id"), ForeignKey("CoId", "VendorCo", "Id"))),
))


def test_loc_and_co_read_as_location_and_company() -> None:
    index = build_index(SCHEMA)
    assert index.table("DepotLoc").words == ("depot", "location")
    assert index.table("VendorCo").words == ("vendor", "company")
    assert index.table("Crew").col("HomeLocId").words[:2] == ("home", "location")


def test_question_words_reach_the_conventional_short_forms() -> None:
    index = build_index(SCHEMA)
    linked = [[t.name for t, _ in m.tables] for m in link(tokenize("companies per depot location"), index)]
    assert ["VendorCo"] in [names[:1] for names in linked]
    assert ["DepotLoc"] in [names[:1] for names in linked]


def test_a_scale_written_with_separators_is_dropped() -> None:
    assert split_identifier("rating_1_5") == ["rating"]
    assert split_identifier("SatisfactionScore_0_10") == ["satisfaction", "score"]
    assert split_identifier("addr_line_1_2") == ["addr", "line", "1", "2"]  # not where a scale ends
    assert split_identifier("sales_2023_2024") == ["sales", "2023", "2024"]
    assert split_identifier("q1_5") == ["q", "1", "5"]  # a letter and numbers: a code, not a scale
    index = build_index(SCHEMA)
    linked = [[c.key for c, _ in m.columns] for m in link(tokenize("average rating per crew"), index)]
    assert ["Crew.rating_1_5"] in [keys[:1] for keys in linked]


BILLING = """
CREATE TABLE "Accts" ("AcctId" INTEGER PRIMARY KEY, "AcctNm" TEXT NOT NULL);
INSERT INTO "Accts" VALUES (1,'Acme'),(2,'Globex');
CREATE TABLE "Invs" ("InvId" INTEGER PRIMARY KEY, "AcctId" INTEGER NOT NULL REFERENCES "Accts"("AcctId"),
  "IssuedDt" DATE NOT NULL, "DueDt" DATE NOT NULL, "AmtUsd" REAL NOT NULL, "IsPaid" INTEGER NOT NULL, "PaidDt" DATE);
INSERT INTO "Invs" VALUES (1,1,'2025-01-03','2025-02-01',10,1,'2025-01-20'),(2,2,'2025-03-05','2025-04-01',20,0,NULL),
  (3,1,'2025-04-01','2025-05-01',30,1,'2025-05-09'),(4,2,'2025-06-01','2025-07-01',40,0,NULL);
"""

path, box, db = warehouse_fixtures("short_billing", BILLING)


def test_a_three_letter_truncation_the_question_spells_out_links_clearly() -> None:
    """'Invs' could be invoices or inventory; a question that says invoices settles it (the index keeps 'inv')."""
    schema = Schema(tables=(Table("Invs", (Column("InvId", "INTEGER", is_primary_key=True),
                                           Column("IsPaid", "INTEGER"))),))
    index = build_index(schema)
    assert index.table("Invs").words == ("inv",)
    tables = [m.tables for m in link(tokenize("all invoices"), index) if m.kind == "table"]
    assert tables and tables[0][0][0].name == "Invs" and tables[0][0][1] >= 0.9


async def test_a_flag_of_the_truncated_table_filters(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many invoices are unpaid?")
    assert same(ans, db, 'SELECT COUNT(*) FROM "Invs" WHERE "IsPaid" = 0')
    assert rows(ans) == [(2,)]


def test_a_verb_reaches_the_abbreviated_noun_of_its_act() -> None:
    """'shipped' names the Shpmt rows (shipment is the act of shipping), not the shippers (the agent)."""
    assert abbreviates_act_of("shpmt", "ship") and abbreviates_act_of("rntl", "rent")
    assert not abbreviates_act_of("shpr", "ship")  # shipper: who ships, not the act
    schema = Schema(tables=(
        Table("Shpr", (Column("ShprId", "INTEGER", is_primary_key=True), Column("ShprNm", "TEXT"))),
        Table("Shpmt", (Column("ShpmtId", "INTEGER", is_primary_key=True), Column("ShprId", "INTEGER"),
                        Column("CrateCnt", "INTEGER"))),
    ))
    index = build_index(schema)
    tables = [m.tables for m in link(tokenize("how many crates were shipped"), index) if m.kind == "table"]
    assert tables and tables[-1][0][0].name == "Shpmt"


def test_a_nested_path_reads_by_its_leaf_in_either_case_style() -> None:
    """'ShipmentDetailsCarrierCode' is the path shipment.details.carrier_code in CamelCase: people name the leaf,
    as they do for 'shipment_details_carrier_code'."""
    for name in ("shipment_details_carrier_code", "ShipmentDetailsCarrierCode"):
        schema = Schema(tables=(Table("parcel", (Column("parcel_id", "INTEGER", is_primary_key=True),
                                                  Column(name, "TEXT"))),))
        assert build_index(schema).table("parcel").col(name).leaf == ("carrier", "code")
    schema = Schema(tables=(Table("parcel", (Column("parcel_id", "INTEGER", is_primary_key=True),
                                              Column("Shipment_DetailsCarrierCode", "TEXT"))),))
    assert build_index(schema).table("parcel").col("Shipment_DetailsCarrierCode").leaf == ()  # mixed styles


def test_a_through_table_is_a_bridge_in_either_case_style() -> None:
    """'ClubsClubMembers' (id, ClubId, PersonId) is Django's through table 'clubs_club_members' in CamelCase."""
    for club, link_t, person in (("clubs_club", "clubs_club_members", "people_person"),
                                 ("ClubsClub", "ClubsClubMembers", "PeoplePerson")):
        schema = Schema(tables=(
            Table(club, (Column("Id", "INTEGER", is_primary_key=True), Column("Nm", "TEXT"))),
            Table(person, (Column("Id", "INTEGER", is_primary_key=True), Column("Nm", "TEXT"))),
            Table(link_t, (Column("Id", "INTEGER", is_primary_key=True), Column("ClubId", "INTEGER"),
                           Column("PersonId", "INTEGER")),
                  foreign_keys=(ForeignKey("ClubId", club, "Id"), ForeignKey("PersonId", person, "Id"))),
        ))
        index = build_index(schema)
        assert is_pure_bridge(index.table(link_t))
        assert not is_pure_bridge(index.table(club))
    schema = Schema(tables=(
        Table("Club", (Column("Id", "INTEGER", is_primary_key=True),)),
        Table("Person", (Column("Id", "INTEGER", is_primary_key=True),)),
        Table("Clubhouse", (Column("Id", "INTEGER", is_primary_key=True), Column("ClubId", "INTEGER"),
                            Column("PersonId", "INTEGER")),
              foreign_keys=(ForeignKey("ClubId", "Club", "Id"), ForeignKey("PersonId", "Person", "Id"))),
    ))
    assert not is_pure_bridge(build_index(schema).table("Clubhouse"))  # one word, not named after 'Club'
