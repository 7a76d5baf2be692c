"""Trust checks from the second first-contact replay (the remaining studied databases as the engine met them):
a year the question gives as a period compared with a number column it never names. Each wrong reading is
doubted; the right reading of the same question is not. The schema is a dog-boarding kennel of this test's own."""

from __future__ import annotations

from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.offline.plan import Cond, Item, Plan
from services.conversation.engine.offline.trust import (CHECKS, counted_for_total, doubt, dropped_date_comparison, pairs_through_parent, period_on_other_named_date, shows_less_than_asked, shows_only_flag,
                                                         year_on_unnamed_column)
from services.conversation.engine.types import Column, ForeignKey, Schema, Table

SCHEMA = Schema(tables=(
    Table("kennels", (Column("id", "INTEGER", is_primary_key=True), Column("title", "TEXT"),
                      Column("built_year", "INTEGER"), Column("year", "INTEGER"),
                      Column("year_of_opening", "INTEGER"), Column("is_heated", "INTEGER", sample_values=("0", "1")))),
    Table("dogs", (Column("id", "INTEGER", is_primary_key=True), Column("kennel_id", "INTEGER"),
                   Column("breed", "TEXT", sample_values=("Beagle", "Collie"), values_complete=True)),
          foreign_keys=(ForeignKey("kennel_id", "kennels", "id"),)),
    Table("stays", (Column("id", "INTEGER", is_primary_key=True), Column("kennel_id", "INTEGER"),
                    Column("checked_in", "DATE"), Column("nights", "INTEGER"), Column("fee", "REAL"),
                    Column("sort_rank", "INTEGER"), Column("close_probability", "REAL"),
                    Column("booked_on", "DATE"), Column("cncl_dt", "DATE"), Column("stay_end", "DATE"),
                    Column("due_date", "DATE")),
          foreign_keys=(ForeignKey("kennel_id", "kennels", "id"),)),
))
INDEX = build_index(SCHEMA)


def _doubt(question: str, plan: Plan) -> str | None:
    toks = tokenize(question)
    found = doubt(toks, link(toks, INDEX), plan, INDEX)
    return found.problem if found else None


def _count(table: str, where: list[list[Cond]]) -> Plan:
    return Plan(root=table, select=[Item(table, None, "count")], where=where)


def test_a_year_compared_with_a_number_column_nobody_named_is_doubted() -> None:
    q = "How many stays were booked in 2024?"
    plan = _count("stays", [[Cond("stays", "fee", "=", 2024)]])
    toks = tokenize(q)
    found = year_on_unnamed_column(toks, plan, INDEX)
    assert found is not None and found[0] == 2024 and found[1].name == "fee"
    problem = _doubt(q, plan) or ""
    assert "2024" in problem and "'fee', which holds no dates" in problem
    assert "holds no dates" in (_doubt("Which kennel had the most stays in 2024?",
                             _count("kennels", [[Cond("kennels", "built_year", "=", 2024)]])) or "")
    # a column the question names only in part ('closed' of close_probability)
    assert "holds no dates" in (_doubt("How many stays closed in 2024?",
                                       _count("stays", [[Cond("stays", "close_probability", "=", 2024)]])) or "")


def test_the_right_readings_of_a_year_are_trusted() -> None:
    # the date of the row itself
    assert _doubt("How many stays were booked in 2024?", _count("stays", [
        [Cond("stays", "checked_in", ">=", "2024-01-01")], [Cond("stays", "checked_in", "<", "2025-01-01")]])) is None
    # a year column the question names by its own word ('built')
    assert _doubt("How many kennels were built in 2019?",
                  _count("kennels", [[Cond("kennels", "built_year", "=", 2019)]])) is None
    # a year column the question names by its own word, the rest being small words ('year of opening')
    assert year_on_unnamed_column(tokenize("How many kennels had their opening before 2019?"),
                                  _count("kennels", [[Cond("kennels", "year_of_opening", "<", 2019)]]), INDEX) is None
    # a plain year column
    assert _doubt("How many kennels are there in 2019?", _count("kennels", [[Cond("kennels", "year", "=", 2019)]])) is None
    # a number that is no period ('more than 2000')
    assert _doubt("Which stays cost more than 2000?", Plan(root="stays", select=[Item("stays", "id")],
                                                           where=[[Cond("stays", "fee", ">", 2000)]])) is None


def test_the_checks_run_in_order_and_the_first_reason_wins() -> None:
    names = [c.name for c in CHECKS]
    assert len(names) == len(set(names))
    assert names.index("year_on_unnamed_column") > names.index("identifier_as_amount")
    assert names[-1] == "unnamed_bridges"


def _names(column: str = "title", **kw: object) -> Plan:
    return Plan(root="kennels", select=[Item("kennels", column)], **kw)  # type: ignore[arg-type]


def test_two_things_asked_and_one_column_shown_is_doubted() -> None:
    q = "What are the titles and build years of the kennels?"
    toks = tokenize(q)
    assert shows_less_than_asked(toks, _names()) == "titles and build"
    assert "more than one thing" in (_doubt(q, _names()) or "")
    assert "more than one thing" in (_doubt("Show the titles of the kennels and their build year.", _names()) or "")
    # both shown: trusted
    both = Plan(root="kennels", select=[Item("kennels", "title"), Item("kennels", "built_year")])
    assert _doubt(q, both) is None


def test_one_thing_asked_is_trusted() -> None:
    assert _doubt("List the titles of the kennels.", _names()) is None
    # 'and' between two values of a condition is no second thing to show
    assert shows_less_than_asked(tokenize("List the kennels built in 2019 and 2020."), _names()) is None
    assert shows_less_than_asked(tokenize("Which kennels have stays and fees?"), _names()) is None


def _chasm() -> Plan:
    # stays -> kennels <- dogs: a stay paired with every dog of its kennel
    return Plan(root="stays", select=[Item("stays", None, "count")], where=[[Cond("dogs", "breed", "=", "Beagle")]])


def test_two_children_paired_by_a_parent_nobody_named_are_doubted() -> None:
    q = "How many stays were for a Beagle?"
    toks = tokenize(q)
    found = pairs_through_parent(link(toks, INDEX), _chasm(), INDEX)
    assert found is not None and found[1] == "kennels" and {found[0], found[2]} == {"stays", "dogs"}
    assert "only because they share" in (_doubt(q, _chasm()) or "")


def test_a_parent_the_question_names_or_a_chain_is_trusted() -> None:
    # the question names the kennel: stays and dogs of the same kennel is what it asks
    q = "How many stays were in kennels that house a Beagle?"
    assert pairs_through_parent(link(tokenize(q), INDEX), _chasm(), INDEX) is None
    # a chain up (stays -> kennels) pairs nothing
    up = Plan(root="stays", select=[Item("stays", None, "count")], where=[[Cond("kennels", "title", "=", "North")]])
    assert pairs_through_parent(link(tokenize("How many stays at North?"), INDEX), up, INDEX) is None


def test_only_a_yes_no_column_shown_is_doubted() -> None:
    plan = _names("is_heated")
    assert shows_only_flag(tokenize("Which kennels are heated?"), plan, INDEX) == "is_heated"
    assert "yes/no column 'is_heated'" in (_doubt("How many heated kennels do we have?", plan) or "")


def test_a_yes_no_question_or_a_named_row_is_trusted() -> None:
    plan = _names("is_heated", where=[[Cond("kennels", "title", "=", "North")]])
    assert shows_only_flag(tokenize("Is the North kennel heated?"), plan, INDEX) is None
    assert shows_only_flag(tokenize("Which kennels are heated?"), _names(), INDEX) is None


def _in_2024(column: str) -> Plan:
    return _count("stays", [[Cond("stays", column, ">=", "2024-01-01")], [Cond("stays", column, "<", "2025-01-01")]])


def test_a_period_on_a_date_nobody_named_beside_one_the_question_names_is_doubted() -> None:
    q = "How many stays were cancelled in 2024?"
    toks = tokenize(q)
    found = period_on_other_named_date(toks, link(toks, INDEX), _in_2024("booked_on"), INDEX)
    assert found is not None and (found[0].name, found[1].name) == ("booked_on", "cncl_dt")
    assert _doubt(q, _in_2024("booked_on")) is not None


def test_a_period_on_the_named_date_or_with_no_date_named_is_trusted() -> None:
    for q, col in (("How many stays were booked in 2024?", "booked_on"), ("How many stays were cancelled in 2024?", "cncl_dt"),
                   ("How many stays were there in 2024?", "checked_in"),
                   # 'stays' names the table, not its stay_end date
                   ("How many stays were there in 2024?", "booked_on")):
        toks = tokenize(q)
        assert period_on_other_named_date(toks, link(toks, INDEX), _in_2024(col), INDEX) is None, q


def _per_kennel(agg: str, column: str | None) -> Plan:
    return Plan(root="stays", select=[Item("kennels", "title"), Item("stays", column, agg)], group=[Item("kennels", "title")])


def test_rows_counted_for_a_total_are_doubted() -> None:
    for q in ("total fees by kennel", "How much did each kennel take in fees?"):
        assert counted_for_total(tokenize(q), _per_kennel("count", None), INDEX) is not None, q
    assert "counts rows instead of adding up" in (_doubt("How much did each kennel take?", _per_kennel("count", None)) or "")


def test_a_count_asked_for_or_a_total_given_is_trusted() -> None:
    assert counted_for_total(tokenize("total number of stays by kennel"), _per_kennel("count", None), INDEX) is None
    assert counted_for_total(tokenize("How many stays per kennel?"), _per_kennel("count", None), INDEX) is None
    assert counted_for_total(tokenize("total fees by kennel"), _per_kennel("sum", "fee"), INDEX) is None


def test_two_dates_compared_in_words_but_not_in_the_reading_are_doubted() -> None:
    q = "How many stays were checked in after their due date?"
    toks = tokenize(q)
    plan = _count("stays", [])
    assert dropped_date_comparison(toks, link(toks, INDEX), plan, INDEX) == "after due date"
    assert "comparing two dates" in (_doubt(q, plan) or "")


def test_a_period_or_a_date_comparison_in_the_reading_is_trusted() -> None:
    q = "How many stays were checked in after their due date?"
    toks = tokenize(q)
    compared = _count("stays", [[Cond("stays", "checked_in", ">", None, ref_column="due_date")]])
    assert dropped_date_comparison(toks, link(toks, INDEX), compared, INDEX) is None
    toks = tokenize("How many stays were booked after 2020?")
    assert dropped_date_comparison(toks, link(toks, INDEX), _count("stays", []), INDEX) is None
