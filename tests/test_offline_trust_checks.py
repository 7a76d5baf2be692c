"""The table of trust checks: each Check row is run by one generic runner, which gives the detector the parts of
the reading it names, skips a check that found nothing, and words the question from a builder or a template.
The schema is a small ferry timetable of this test's own."""

from __future__ import annotations

import pytest

from services.conversation.engine.offline.lexicon import Token, tokenize
from services.conversation.engine.offline.linking import SchemaIndex, build_index, link
from services.conversation.engine.offline.plan import Item, Plan
from services.conversation.engine.offline.trust import CHECKS, Check, Doubt, Reading, doubt
from services.conversation.engine.types import Column, Schema, Table

SCHEMA = Schema(tables=(
    Table("crossings", (Column("id", "INTEGER", is_primary_key=True), Column("port", "TEXT"),
                        Column("fare", "REAL"), Column("sailed_on", "DATE"))),
))
INDEX = build_index(SCHEMA)


def _reading(question: str, plan: Plan) -> Reading:
    toks = tokenize(question)
    return Reading(toks, link(toks, INDEX), plan, INDEX)


LIST_FARES = Plan(root="crossings", select=[Item("crossings", "fare")])


def test_the_detector_gets_only_the_parts_it_names() -> None:
    seen: list[tuple[str, ...]] = []

    def looks_at_plan_and_index(plan: Plan, index: SchemaIndex) -> str:
        seen.append((plan.root or "", type(index).__name__))
        return "fare"

    check = Check("plan_only", looks_at_plan_and_index, "My only reading shows '{0}'.")
    assert check.parts == ("plan", "index")
    found = check.run(_reading("Which fares were paid?", LIST_FARES))
    assert found == Doubt("My only reading shows 'fare'.")
    assert seen == [("crossings", "SchemaIndex")]


@pytest.mark.parametrize("nothing", [None, False, []])
def test_a_detector_that_finds_nothing_asks_nothing(nothing: object) -> None:
    check = Check("quiet", lambda toks: nothing, "never {0}")
    assert check.run(_reading("Which fares were paid?", LIST_FARES)) is None


def test_a_template_takes_the_parts_of_a_tuple_and_a_builder_the_reading() -> None:
    rd = _reading("Which fares were paid?", LIST_FARES)
    pair = Check("pair", lambda ments: ("paid", "fare"), "'{0}' is not said by '{1}'; '{0}' would be ignored.")
    assert pair.run(rd) == Doubt("'paid' is not said by 'fare'; 'paid' would be ignored.")

    def offer(reading: Reading, word: str) -> Doubt:
        return Doubt(f"'{word}'?", [f"total {m} of the {reading.noun}" for m in reading.measures()])

    built = Check("built", lambda toks, plan: "paid", offer)
    assert built.run(rd) == Doubt("'paid'?", ["total fare of the crossings"])
    assert rd.question == "Which fares were paid" and rd.noun == "crossings"


def test_a_detector_must_name_parts_of_the_reading() -> None:
    def odd(toks: list[Token], schema: object) -> None:
        return None

    with pytest.raises(TypeError, match="not parts of a Reading"):
        Check("odd", odd, "{0}")


def test_every_row_is_named_once_and_every_template_formats() -> None:
    names = [c.name for c in CHECKS]
    assert len(names) == len(set(names))
    for c in CHECKS:
        if isinstance(c.ask, str):
            assert "{0" in c.ask and c.ask.format("A", "B", "C") != c.ask


def test_doubt_runs_the_rows_in_order_and_the_first_found_wins() -> None:
    rd = _reading("How many crossings sailed in 2021 from Dover?", Plan(root="crossings", select=[Item("crossings", "id")]))
    found = [c.name for c in CHECKS if c.run(rd) is not None]
    assert found[:2] == ["unknown_name", "unused_number"]  # 'Dover' matched nothing; 2021 is used nowhere
    assert doubt(*rd) == Doubt("I could not find 'Dover' in the data, and my only reading would ignore it, so it "
                               "would answer another question. Could you say which column or value you mean (as the "
                               "data spells it)?")
