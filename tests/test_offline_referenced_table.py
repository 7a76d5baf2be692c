"""'the average yearly dues of our subscription tiers' where the best loose match of 'subscription tiers' is the key
tblSubscription.lngTierID: a plural head noun naming the table the key refers to means those rows (the tiers), not
the key column. Answers are checked against SQL written by hand on a warehouse made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from tests.support.offline import ask, gold, script_box

CLUB = """
CREATE TABLE tblTier(lngTierID INTEGER PRIMARY KEY, strTierName TEXT, curYearlyDues REAL);
CREATE TABLE tblSubscription(lngSubscriptionID INTEGER PRIMARY KEY, strHolder TEXT,
  lngTierID INTEGER REFERENCES tblTier(lngTierID), dtmStart DATE);
INSERT INTO tblTier VALUES (1, 'Bronze', 100.0), (2, 'Silver', 250.0), (3, 'Gold', 400.0);
INSERT INTO tblSubscription VALUES (1, 'Ann', 1, '2025-01-01'), (2, 'Bob', 3, '2025-02-01'), (3, 'Cy', 3, '2025-03-01');
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "club", CLUB) as b:
        yield b


async def test_a_plural_noun_naming_the_referenced_table_is_that_table(box: SqliteToolbox) -> None:
    got = await ask(box, "What is the average yearly dues of our subscription tiers?")
    assert got == gold(box, "SELECT AVG(curYearlyDues) FROM tblTier") == [(250.0,)]


async def test_a_key_asked_for_by_its_id_stays_the_key(box: SqliteToolbox) -> None:
    index = build_index(await box.schema())
    ments = link(tokenize("list the subscription tier ids"), index)
    assert not any(m.kind == "table" and m.best_table().name == "tblTier" and "id" in m.text for m in ments)  # type: ignore[union-attr]



KITCHEN = """
CREATE TABLE dish_list(ListId INTEGER PRIMARY KEY, Cooker TEXT, Dish TEXT UNIQUE);
CREATE TABLE meal_names(MealId INTEGER PRIMARY KEY, Dish TEXT REFERENCES dish_list(Dish), Cook TEXT);
CREATE TABLE dish_data(Id INTEGER PRIMARY KEY REFERENCES meal_names(MealId), Calories INTEGER);
INSERT INTO dish_list VALUES (1, 'oven', 'soup'), (2, 'stove', 'pasta'), (3, 'grill', 'salad');
INSERT INTO meal_names VALUES (1, 'soup', 'Ana'), (2, 'pasta', 'Ben'), (3, 'pasta', 'Cat'), (4, 'salad', 'Dan');
INSERT INTO dish_data VALUES (1, 300), (2, 500), (3, 300), (4, 150);
"""


async def test_a_key_repeating_the_referenced_name_stays_in_its_own_table(tmp_path: Path) -> None:
    """meal_names.Dish repeats dish_list.Dish (a name, not the list's key): 'the meal dishes' are the rows of
    meal_names, whose cook is asked for, not the dish list's cooker."""
    with script_box(tmp_path, "kitchen", KITCHEN) as b:
        got = await ask(b, "What is the cook of the meal dishes with 300 calories?")
        assert sorted(got) == sorted(gold(b, "SELECT n.Cook FROM meal_names n JOIN dish_data d ON d.Id = n.MealId "
                                              "WHERE d.Calories = 300")) == [("Ana",), ("Cat",)]
