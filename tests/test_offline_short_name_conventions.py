"""Short forms warehouses use by convention that the spelling alone cannot justify: 'loc' is one letter short of
a clear truncation of location, 'co' is not the first and last consonant of company. A schema of a field-service
firm written by the test ('DepotLoc', 'VendorCo', 'HomeLocId', 'CoId') reads them as the words."""

from __future__ import annotations

from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.types import Column, ForeignKey, Schema, Table

SCHEMA = Schema(tables=(
    Table("DepotLoc", (Column("Id", "INTEGER", is_primary_key=True), Column("Nm", "TEXT"))),
    Table("VendorCo", (Column("Id", "INTEGER", is_primary_key=True), Column("Nm", "TEXT"), Column("Sector", "TEXT"))),
    Table("Crew", (Column("Id", "INTEGER", is_primary_key=True), Column("HomeLocId", "INTEGER"),
                   Column("CoId", "INTEGER")),
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
