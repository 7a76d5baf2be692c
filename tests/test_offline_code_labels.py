"""Option-set codes whose words live in one shared code-label table (``codelabels``), on a small help desk the test
writes: an ERP-style ``code_descriptions`` (table_name, field_name, code_value, description, sort_order) labels the
integer ``status_cd`` and ``priority_cd`` of two tables; no key joins them. A question that says the label ('open
tickets', 'by priority') reads the coded column through its labels, the label table stays out of the readings, and
a 0/1 column labelled Yes/No stays a flag.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.codelabels import find_label_table, label_map
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

HELPDESK = """
CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, customer_name TEXT NOT NULL, tier_cd INTEGER NOT NULL,
  kind_cd INTEGER NOT NULL);
INSERT INTO customer VALUES (1,'Acme',10,1),(2,'Globex',20,2),(3,'Initech',10,1);
CREATE TABLE ticket (ticket_id INTEGER PRIMARY KEY, subject TEXT NOT NULL,
  customer_id INTEGER NOT NULL REFERENCES customer(customer_id), status_cd INTEGER NOT NULL,
  priority_cd INTEGER NOT NULL, billable INTEGER NOT NULL, opened_on DATE NOT NULL);
INSERT INTO ticket VALUES
  (1,'Printer jam',1,100,3,0,'2024-01-05'),(2,'VPN down',1,100,1,1,'2024-02-11'),
  (3,'Reset password',2,300,3,0,'2024-02-20'),(4,'Server crash',3,200,1,1,'2024-03-02'),
  (5,'New laptop',2,300,2,1,'2024-03-15'),(6,'Email bounce',3,100,2,0,'2024-04-01'),
  (7,'Disk full',1,200,1,1,'2024-04-09');
CREATE TABLE code_descriptions (table_name TEXT NOT NULL, field_name TEXT NOT NULL, code_value INTEGER NOT NULL,
  description TEXT NOT NULL, sort_order INTEGER NOT NULL, PRIMARY KEY (table_name, field_name, code_value));
INSERT INTO code_descriptions VALUES
  ('ticket','status_cd',100,'Open',1),('ticket','status_cd',200,'On Hold',2),('ticket','status_cd',300,'Closed',3),
  ('ticket','priority_cd',1,'Urgent',1),('ticket','priority_cd',2,'Normal',2),('ticket','priority_cd',3,'Low',3),
  ('ticket','billable',0,'No',1),('ticket','billable',1,'Yes',2),
  ('customer','tier_cd',10,'Gold',1),('customer','tier_cd',20,'Silver',2),
  ('customer','kind_cd',1,'Customer',1),('customer','kind_cd',2,'Partner',2);
"""

path, box, db = warehouse_fixtures("helpdesk", HELPDESK)


async def test_the_label_table_is_found_from_the_catalog(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    schema = await box.schema()
    lt = find_label_table(schema)
    assert lt is not None and (lt.table, lt.entity, lt.attribute, lt.code, lt.label) == (
        "code_descriptions", "table_name", "field_name", "code_value", "description")
    labels = label_map(schema, lt, db.execute("SELECT table_name, field_name, code_value, description "
                                               "FROM code_descriptions").fetchall())
    assert labels[("ticket", "status_cd")] == ((100, "Open"), (200, "On Hold"), (300, "Closed"))
    assert ("ticket", "billable") not in labels  # 0/1 labelled Yes/No: a flag, not words


async def test_a_label_filters_its_coded_column(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many open tickets are there?")
    assert same(ans, db, "SELECT COUNT(*) FROM ticket WHERE status_cd = 100")
    assert rows(ans) == [(3,)]


async def test_a_breakdown_by_a_coded_column_shows_its_labels(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many tickets are there per priority?")
    assert sorted(rows(ans) or []) == [("Low", 2), ("Normal", 2), ("Urgent", 3)]


async def test_labels_join_to_the_table_the_question_groups_by(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many urgent tickets does each customer have?")
    assert sorted(rows(ans) or []) == [("Acme", 2), ("Initech", 1)]


async def test_a_yes_no_coded_column_stays_a_flag(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many billable tickets are on hold?")
    assert same(ans, db, "SELECT COUNT(*) FROM ticket WHERE billable = 1 AND status_cd = 200")
    assert rows(ans) == [(2,)]


async def test_a_label_that_is_also_a_schema_noun_stays_the_noun(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # 'Customer' labels a kind code, but 'customer' names the customer table: no filter on the kind
    ans = await ask(box, "How many tickets does each customer have?")
    assert sorted(rows(ans) or []) == [("Acme", 3), ("Globex", 2), ("Initech", 2)]
    ans = await ask(box, "How many partners are there?")
    assert rows(ans) == [(1,)]  # a label no name uses still filters


async def test_labels_name_columns_in_any_case_style(box: SqliteToolbox) -> None:
    # one layer of an application writes 'TICKET'.'StatusCd' for the table ticket's status_cd
    schema = await box.schema()
    lt = find_label_table(schema)
    assert lt is not None
    assert label_map(schema, lt, [("TICKET", "StatusCd", 100, "Open"), ("Ticket", "Status_CD", 300, "Closed")]) == {
        ("ticket", "status_cd"): ((100, "Open"), (300, "Closed"))}


async def test_labels_read_by_one_asker_never_answer_another(box: SqliteToolbox) -> None:
    """Analyst workers serve every asker and keep indexes per schema: the labels are read with each asker's rights,
    so one who may not read the label table gets no labels from another's read (the index is kept per labels)."""
    from services.common.errors import PermissionDenied
    from services.conversation.engine.offline.analyst import OfflineAnalyst

    class NoLabels:
        """The same warehouse for an asker whose rights exclude the label table."""

        def __init__(self, inner: SqliteToolbox) -> None:
            self.inner = inner

        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            return getattr(self.inner, name)

        async def run_sql(self, sql: str, *args, **kwargs):  # type: ignore[no-untyped-def]
            if "code_descriptions" in sql:
                raise PermissionDenied("no access to code_descriptions")
            return await self.inner.run_sql(sql, *args, **kwargs)

    analyst = OfflineAnalyst()  # one engine, as in a worker, shared by both askers

    async def sql_of(toolbox) -> str:  # type: ignore[no-untyped-def]
        ans = await analyst.answer("How many open tickets are there?", toolbox=toolbox, history=[], state={},
                                   mode="economy", deep=False)
        return next((p.result.sql for p in ans.parts if p.kind == "query" and p.result is not None), "")

    assert "100" in await sql_of(box)  # 'open' read through the labels
    assert "100" not in await sql_of(NoLabels(box))  # the denied asker's reading has no label to use
    schema = await box.schema()
    assert await analyst._labelled_index(schema, box) is await analyst._labelled_index(schema, box)  # same rows: reused
