"""Short forms warehouses use by convention that the spelling alone cannot justify: 'loc' is one letter short of
a clear truncation of location, 'co' is not the first and last consonant of company. A schema of a field-service
firm written by the test ('DepotLoc', 'VendorCo', 'HomeLocId', 'CoId') reads them as the words. A scale written
into a name with separators ('rating_1_5', as 'Rating (1-5)' in a spreadsheet) is not said either."""

from __future__ import annotations

from services.conversation.engine.offline.lexicon import split_identifier, tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.types import Column, ForeignKey, Schema, Table

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
