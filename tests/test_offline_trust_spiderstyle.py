"""Trust checks from the own Spider-style suite's first contact (eval/spiderstyle): a count nobody asked for, an
INTERSECT where the question excludes rows, and a count compared with a year. Each wrong reading is doubted; the
right readings of the same kind of question are not. The schema is a choir competition of this test's own."""

from __future__ import annotations

from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.offline.plan import Cond, Item, Plan
from services.conversation.engine.offline.trust import (CHECKS, bridge_past_named_table, count_against_year,
                                                        counted_times_uncounted,
                                                        counted_unasked, doubt, intersect_for_exclusion,
                                                        orders_by_other_column)
from services.conversation.engine.types import Column, ForeignKey, Schema, Table

SCHEMA = Schema(tables=(
    Table("conductor", (Column("Conductor_ID", "INTEGER", is_primary_key=True), Column("Name", "TEXT"),
                        Column("Age", "INTEGER"))),
    Table("choir", (Column("Choir_ID", "INTEGER", is_primary_key=True), Column("Name", "TEXT"),
                    Column("Town", "TEXT", sample_values=("Cardiff", "Bangor"), values_complete=True),
                    Column("Founded_Year", "INTEGER"), Column("Num_of_Singers", "INTEGER"),
                    Column("Conductor_ID", "INTEGER")),
          foreign_keys=(ForeignKey("Conductor_ID", "conductor", "Conductor_ID"),)),
    Table("entry", (Column("Entry_ID", "INTEGER", is_primary_key=True), Column("Choir_ID", "INTEGER"),
                    Column("Year", "INTEGER"), Column("Score", "REAL")),
          foreign_keys=(ForeignKey("Choir_ID", "choir", "Choir_ID"),)),
))
INDEX = build_index(SCHEMA)


def _ments(question: str):
    toks = tokenize(question)
    return toks, link(toks, INDEX)


def _doubt(question: str, plan: Plan) -> str | None:
    toks, ments = _ments(question)
    found = doubt(toks, ments, plan, INDEX)
    return found.problem if found else None


def _counted(question: str, plan: Plan) -> str | None:
    toks, ments = _ments(question)
    return counted_unasked(toks, ments, plan)


PER_CHOIR = Plan(root="choir", select=[Item("choir", "Name"), Item("conductor", None, "count")],
                 group=[Item("choir", "Choir_ID")], tables=["choir", "conductor"])


def test_a_count_nobody_asked_for_is_doubted() -> None:
    q = "Show the name of each choir and the name of its conductor."
    assert _counted(q, PER_CHOIR) == "conductor"
    assert "counts anything" in (_doubt(q, PER_CHOIR) or "")
    # 'number of' inside a column's own name (Num_of_Singers) does not ask for a count of rows
    q = "What is the average number of singers of choirs in Cardiff?"
    plan = Plan(root="choir", select=[Item("choir", "Num_of_Singers", "avg"), Item("choir", None, "count")],
                where=[[Cond("choir", "Town", "=", "Cardiff")]])
    assert _counted(q, plan) == "choir"


def test_counts_that_were_asked_for_are_trusted() -> None:
    assert not _counted("choirs per town", PER_CHOIR)  # a breakdown of rows counts them
    assert not _counted("Show the name of each choir and the number of its entries.", PER_CHOIR)
    assert not _counted("How many choirs does each conductor lead?", PER_CHOIR)
    assert not _counted("Which choir has the most entries?", PER_CHOIR)
    assert not _counted("Show the name of each choir and the name of its conductor.",
                        Plan(root="choir", select=[Item("choir", "Name"), Item("conductor", "Name")]))


def test_an_intersect_for_an_excluding_question_is_doubted() -> None:
    plan = Plan(root="choir", select=[Item("choir", "Town")], where=[[Cond("choir", "Founded_Year", "<", 1950)]],
                setop="intersect",
                other=Plan(root="choir", select=[Item("choir", "Town")],
                           where=[[Cond("choir", "Founded_Year", ">", 2000)]]))
    q = "Which towns have a choir founded before 1950, excluding towns with a choir founded after 2000?"
    assert intersect_for_exclusion(tokenize(q), plan) == "excluding"
    assert "leaves some rows out" in (_doubt(q, plan) or "")
    q = "Which towns have both a choir founded before 1950 and a choir founded after 2000?"
    assert intersect_for_exclusion(tokenize(q), plan) is None


def test_a_count_compared_with_a_year_is_doubted() -> None:
    q = "Which choirs entered after 2015?"
    plan = Plan(root="choir", select=[Item("choir", "Name")], group=[Item("choir", "Choir_ID")],
                having=[Cond("entry", None, ">", 2015, agg="count")], tables=["choir", "entry"])
    assert count_against_year(plan, INDEX) == ("2015", "Founded_Year")
    assert "looks like a year" in (_doubt(q, plan) or "")
    plan.having = [Cond("entry", None, ">", 3, agg="count")]
    assert count_against_year(plan, INDEX) is None


def test_sorting_by_another_column_than_named_is_doubted() -> None:
    q = "Show the names and towns of choirs in descending order of singers."
    plan = Plan(root="choir", select=[Item("choir", "Name"), Item("choir", "Town")],
                order=[(Item("choir", "Name"), True)])
    assert orders_by_other_column(tokenize(q), plan, INDEX) == ("singers", "Num_of_Singers")
    assert "sorts by 'singers'" in (_doubt(q, plan) or "")
    plan.order = [(Item("choir", "Num_of_Singers"), True)]
    assert orders_by_other_column(tokenize(q), plan, INDEX) is None
    # a word no column of the reading holds is left to the reading ('sorted by their frequency')
    plan.order = [(Item("choir", "Name"), False)]
    assert orders_by_other_column(tokenize("List the choirs sorted by popularity."), plan, INDEX) is None


def test_most_times_without_a_count_is_doubted() -> None:
    q = "Which town was visited the most times?"
    plan = Plan(root="choir", select=[Item("choir", "Town")], order=[(Item("choir", "Founded_Year"), True)], limit=1)
    assert counted_times_uncounted(tokenize(q), plan) == "most times"
    counted = Plan(root="choir", select=[Item("choir", "Town")], group=[Item("choir", "Town")],
                   order=[(Item("choir", None, "count"), True)], limit=1)
    assert counted_times_uncounted(tokenize(q), counted) is None
    assert counted_times_uncounted(tokenize("Which town has the oldest choir?"), plan) is None


def test_the_checks_are_named_checks_before_the_last() -> None:
    names = [c.name for c in CHECKS]
    for name in ("counted_unasked", "intersect_for_exclusion", "count_against_year", "orders_by_other_column",
                 "counted_times_uncounted", "bridge_past_named_table", "dropped_adjective", "verb_names_role_key"):
        assert names.index(name) < names.index("unnamed_bridges") == len(names) - 1


LINKED = Schema(tables=(
    Table("choir", (Column("Choir_ID", "INTEGER", is_primary_key=True), Column("Name", "TEXT"))),
    Table("festival", (Column("Festival_ID", "INTEGER", is_primary_key=True),
                       Column("Title", "TEXT", sample_values=("Eisteddfod", "Proms"), values_complete=True))),
    Table("performance", (Column("Performance_ID", "INTEGER", is_primary_key=True), Column("Choir_ID", "INTEGER"),
                          Column("Festival_ID", "INTEGER"), Column("Year", "INTEGER")),
          foreign_keys=(ForeignKey("Choir_ID", "choir", "Choir_ID"), ForeignKey("Festival_ID", "festival", "Festival_ID"))),
    Table("prize", (Column("Prize_ID", "INTEGER", is_primary_key=True), Column("Choir_ID", "INTEGER"),
                    Column("Festival_ID", "INTEGER"), Column("Category", "TEXT")),
          foreign_keys=(ForeignKey("Choir_ID", "choir", "Choir_ID"), ForeignKey("Festival_ID", "festival", "Festival_ID"))),
))


def test_a_bridge_past_the_table_the_question_names_is_doubted() -> None:
    index = build_index(LINKED)
    plan = Plan(root="choir", select=[Item("choir", "Name")], where=[[Cond("festival", "Title", "=", "Eisteddfod")]])
    # the join planner links choir and festival through performance; the question names prize, which links them too
    toks = tokenize("Which choir names won a prize at the Eisteddfod?")
    assert bridge_past_named_table(link(toks, index), plan, index) == ("prize", "performance")
    found = doubt(toks, link(toks, index), plan, index)
    assert found is not None and "leaves out" in found.problem
    toks = tokenize("List the names that performed at the Eisteddfod.")
    assert bridge_past_named_table(link(toks, index), plan, index) is None


def test_born_names_a_birth_year_column() -> None:
    from services.conversation.engine.offline.trust import year_on_unnamed_column

    index = build_index(Schema(tables=(
        Table("composer", (Column("Composer_ID", "INTEGER", is_primary_key=True), Column("Name", "TEXT"),
                           Column("Birth_Year", "INTEGER"), Column("Opus_Count", "INTEGER"))),)))
    plan = Plan(root="composer", select=[Item("composer", "Name")], where=[[Cond("composer", "Birth_Year", "<", 1900)]])
    assert year_on_unnamed_column(tokenize("Which composers were born before 1900?"), plan, index) is None
    plan.where = [[Cond("composer", "Opus_Count", "<", 1900)]]
    found = year_on_unnamed_column(tokenize("Which composers were born before 1900?"), plan, index)
    assert found is not None and found[1].name == "Opus_Count"


def test_an_adjective_on_a_joined_table_without_a_condition_is_doubted() -> None:
    from services.conversation.engine.offline.trust import dropped_adjective

    q = "Which towns have a choir with a famous conductor?"
    plan = Plan(root="choir", select=[Item("choir", "Town")], tables=["choir", "conductor"], distinct=True)
    toks, ments = _ments(q)
    assert dropped_adjective(toks, ments, plan) == ("famous", "conductor")
    assert "'famous'" in (_doubt(q, plan) or "")
    plan.where = [[Cond("conductor", "Age", ">", 60)]]
    assert dropped_adjective(toks, ments, plan) is None  # the reading says something about the conductors
    toks, ments = _ments("Which towns have a choir with a different conductor?")
    assert dropped_adjective(toks, ments, Plan(root="choir", select=[Item("choir", "Town")],
                                               tables=["choir", "conductor"])) is None


def test_a_word_naming_the_role_of_a_key_the_reading_leaves_out_is_doubted() -> None:
    from services.conversation.engine.offline.trust import verb_names_role_key

    index = build_index(Schema(tables=(
        Table("library", (Column("Library_ID", "INTEGER", is_primary_key=True), Column("Name", "TEXT"))),
        Table("book", (Column("Book_ID", "INTEGER", is_primary_key=True), Column("Title", "TEXT"),
                       Column("Library_ID", "INTEGER")), foreign_keys=(ForeignKey("Library_ID", "library", "Library_ID"),)),
        Table("transfer", (Column("Transfer_ID", "INTEGER", is_primary_key=True), Column("Book_ID", "INTEGER"),
                           Column("Receiver_Library_ID", "INTEGER")),
              foreign_keys=(ForeignKey("Book_ID", "book", "Book_ID"),
                            ForeignKey("Receiver_Library_ID", "library", "Library_ID"))),
    )))
    owned = Plan(root="library", select=[Item("library", "Name")], group=[Item("library", "Library_ID")],
                 order=[(Item("book", None, "count"), True)], limit=1, tables=["library", "book"])
    toks = tokenize("Which library has received the most books?")
    assert verb_names_role_key(toks, link(toks, index), owned, index) == ("received", "transfer.Receiver_Library_ID")
    toks = tokenize("Which library holds the most books?")
    assert verb_names_role_key(toks, link(toks, index), owned, index) is None
