"""Everyday phrasings on a plain service-company schema: a time bucket asked for by 'which month' or 'top 3 months',
present-tense sign-up verbs, 'how many hours did each X work', a 0/1 column named by a verb form ('paid') read as a
flag from its values, 'never used' through the one table that records the thing, a period after a status value, and
'total <rows>' never answered with the rows themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.common.column_roles import flag_like_name
from tests.support.offline import answer, ask, gold, script_box

SERVICE = """
CREATE TABLE clients (client_id INTEGER PRIMARY KEY, name TEXT, town TEXT, created_at DATE);
CREATE TABLE engineers (engineer_id INTEGER PRIMARY KEY, full_name TEXT, active INTEGER);
CREATE TABLE spares (spare_id INTEGER PRIMARY KEY, spare_name TEXT, unit_cost REAL);
CREATE TABLE visits (visit_id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES clients(client_id),
                     engineer_id INTEGER REFERENCES engineers(engineer_id), visit_date DATE, status TEXT, hours REAL);
CREATE TABLE visit_spares (visit_id INTEGER REFERENCES visits(visit_id), spare_id INTEGER REFERENCES spares(spare_id),
                           quantity INTEGER);
CREATE TABLE bills (bill_id INTEGER PRIMARY KEY, visit_id INTEGER REFERENCES visits(visit_id), billed_on DATE,
                    amount REAL, paid INTEGER);
INSERT INTO clients VALUES (1, 'Ash Ltd', 'Leeds', '2023-02-10'), (2, 'Beech plc', 'York', '2024-05-01'),
  (3, 'Cedar Co', 'Leeds', '2024-05-20'), (4, 'Dogwood', 'Hull', '2024-11-02'), (5, 'Elder', 'York', '2025-01-15');
INSERT INTO engineers VALUES (1, 'Ann Lee', 1), (2, 'Bob Ray', 1), (3, 'Cat Fox', 0);
INSERT INTO spares VALUES (1, 'valve', 12.5), (2, 'filter', 4.0), (3, 'pump', 180.0), (4, 'gasket', 1.5);
INSERT INTO visits VALUES
  (1, 1, 1, '2025-01-05', 'completed', 2.5), (2, 2, 1, '2025-01-20', 'completed', 1.0),
  (3, 3, 2, '2025-02-11', 'cancelled', 0.0), (4, 1, 2, '2025-03-02', 'completed', 4.0),
  (5, 4, 1, '2025-03-15', 'completed', 3.5), (6, 5, 2, '2025-03-28', 'scheduled', 0.0),
  (7, 2, 1, '2026-11-04', 'completed', 2.0), (8, 3, 2, '2026-11-18', 'completed', 1.5);
INSERT INTO visit_spares VALUES (1, 1, 2), (1, 2, 1), (2, 2, 3), (4, 3, 1), (5, 1, 1), (7, 2, 2);
INSERT INTO bills VALUES (1, 1, '2025-01-06', 120.0, 1), (2, 2, '2025-01-21', 80.0, 1), (3, 4, '2025-03-03', 900.0, 0),
  (4, 5, '2025-03-16', 310.0, 1), (5, 7, '2026-11-05', 95.0, 0), (6, 8, '2026-11-19', 60.0, 1);
"""


@pytest.mark.asyncio
@pytest.mark.parametrize(("question", "sql"), [
    ("Which month had the highest amount billed?",
     "SELECT STRFTIME('%Y-%m', billed_on) FROM bills GROUP BY 1 ORDER BY SUM(amount) DESC LIMIT 1"),
    ("What month had the most visits?",
     "SELECT STRFTIME('%Y-%m', visit_date) FROM visits GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1"),
    ("Top 2 months by number of visits",
     "SELECT STRFTIME('%Y-%m', visit_date), COUNT(*) FROM visits GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 2"),
    ("Which year did the most clients sign up?",
     "SELECT STRFTIME('%Y', created_at) FROM clients GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1"),
    ("What was our best month for the amount billed?",
     "SELECT STRFTIME('%Y-%m', billed_on) FROM bills GROUP BY 1 ORDER BY SUM(amount) DESC LIMIT 1"),
    ("Amount billed trend by month",
     "SELECT STRFTIME('%Y-%m', billed_on), SUM(amount) FROM bills GROUP BY 1 ORDER BY 1"),
])
async def test_a_time_bucket_asked_for_is_ranked(tmp_path: Path, question: str, sql: str) -> None:
    with script_box(tmp_path, "service", SERVICE) as box:
        assert await ask(box, question) == gold(box, sql)


@pytest.mark.asyncio
@pytest.mark.parametrize(("question", "sql"), [
    ("How many hours did each engineer work?",
     "SELECT e.full_name, SUM(v.hours) FROM visits v JOIN engineers e ON e.engineer_id = v.engineer_id "
     "GROUP BY e.engineer_id"),
    ("How many bills are paid?", "SELECT COUNT(*) FROM bills WHERE paid = 1"),
    ("How many bills were paid?", "SELECT COUNT(*) FROM bills WHERE paid = 1"),
    ("What is the total amount of unpaid bills?", "SELECT SUM(amount) FROM bills WHERE paid = 0"),
    ("Which spares were never used?",
     "SELECT spare_name FROM spares WHERE spare_id NOT IN (SELECT spare_id FROM visit_spares)"),
    ("How many visits were completed last month?",
     "SELECT COUNT(*) FROM visits WHERE status = 'completed' AND visit_date >= '2026-11-01' "
     "AND visit_date < '2026-12-01'"),
])
async def test_everyday_verbs_and_flags(tmp_path: Path, question: str, sql: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from services.conversation.engine.offline import business

    class Today(dt.date):
        @classmethod
        def today(cls) -> Today:  # 'last month' is November 2026 whatever day the test runs
            return cls(2026, 12, 8)

    monkeypatch.setattr(business.dt, "date", Today)
    with script_box(tmp_path, "service", SERVICE) as box:
        assert await ask(box, question) == gold(box, sql)


@pytest.mark.asyncio
@pytest.mark.parametrize("question", ["Total bills", "Unpaid bills total"])
async def test_a_total_of_rows_is_never_a_list_of_them(tmp_path: Path, question: str) -> None:
    with script_box(tmp_path, "service", SERVICE) as box:
        got = await answer(box, question)
    shown = [p for p in got.parts if p.kind == "query" and p.result is not None]
    if shown:  # an answer must be one figure, not the bills one by one
        assert len(shown[0].result.rows) == 1 and len(shown[0].result.rows[0]) == 1
    else:
        assert "how many" in " ".join(p.text for p in got.parts if p.kind == "text").lower()


def test_a_verb_form_money_word_is_sampled_but_a_money_noun_is_not() -> None:
    assert flag_like_name("paid") and flag_like_name("refunded")
    assert not flag_like_name("revenue") and not flag_like_name("amount_paid") and not flag_like_name("cost")


@pytest.mark.asyncio
@pytest.mark.parametrize(("question", "sql"), [
    ("Total amount billed between January 2025 and February 2025",
     "SELECT SUM(amount) FROM bills WHERE billed_on >= '2025-01-01' AND billed_on < '2025-03-01'"),
    ("How many visits from February to March 2025?",
     "SELECT COUNT(*) FROM visits WHERE visit_date >= '2025-02-01' AND visit_date < '2025-04-01'"),
])
async def test_a_range_of_whole_months(tmp_path: Path, question: str, sql: str) -> None:
    with script_box(tmp_path, "service", SERVICE) as box:
        assert await ask(box, question) == gold(box, sql)


@pytest.mark.asyncio
@pytest.mark.parametrize(("question", "sql"), [
    ("Which client signed up first?",
     "SELECT name FROM clients WHERE created_at = (SELECT MIN(created_at) FROM clients)"),
    ("Which client joined most recently?",
     "SELECT name FROM clients WHERE created_at = (SELECT MAX(created_at) FROM clients)"),
    ("Number of clients by town sorted descending",
     "SELECT town, COUNT(*) FROM clients GROUP BY town ORDER BY COUNT(*) DESC"),
])
async def test_first_last_and_a_sort_without_a_column(tmp_path: Path, question: str, sql: str) -> None:
    with script_box(tmp_path, "service", SERVICE) as box:
        got = await ask(box, question)
    with script_box(tmp_path, "service2", SERVICE) as box:
        want = gold(box, sql)
    assert got == want if "sorted" in question else sorted(got) == sorted(want)


@pytest.mark.asyncio
async def test_an_empty_answer_inside_a_period_with_data_says_so(tmp_path: Path) -> None:
    # visits exist in 2025; no engineer has more than 10 of them: the clarification must not claim the period is empty
    with script_box(tmp_path, "service", SERVICE) as box:
        got = await answer(box, "Engineers with more than 10 visits in 2025")
    text = " ".join(p.text for p in got.parts if p.kind == "text")
    assert "none of them meets every other condition" in text and "I found no" not in text, text


@pytest.mark.asyncio
async def test_share_of_money_from_rows_named_after_comes_from(tmp_path: Path) -> None:
    with script_box(tmp_path, "service", SERVICE) as box:
        got = await ask(box, "What percentage of the amount billed comes from clients in Leeds?")
        want = gold(box, "SELECT 100.0 * SUM(CASE WHEN c.town = 'Leeds' THEN b.amount ELSE 0 END) / SUM(b.amount) "
                         "FROM bills b JOIN visits v ON v.visit_id = b.visit_id JOIN clients c ON c.client_id = v.client_id")
    assert [tuple(round(x, 6) for x in r) for r in got] == [tuple(round(x, 6) for x in r) for r in want]


STAFF = """
CREATE TABLE Teams (TeamID INTEGER PRIMARY KEY, TeamName TEXT);
CREATE TABLE Staff (StaffID INTEGER PRIMARY KEY, FirstName TEXT, LastName TEXT, JobTitle TEXT, Salary REAL,
                    TeamID INTEGER REFERENCES Teams(TeamID), StartedOn DATE);
CREATE TABLE Claims (ClaimID INTEGER PRIMARY KEY, StaffID INTEGER REFERENCES Staff(StaffID), Amount REAL, ClaimDate DATE);
INSERT INTO Teams VALUES (1, 'North'), (2, 'South');
INSERT INTO Staff VALUES (1, 'Ada', 'King', 'Engineer', 91000, 1, '2021-03-01'), (2, 'Ben', 'Hale', 'Manager', 120000, 1, '2019-06-10'),
  (3, 'Cy', 'Moss', 'Engineer', 70000, 2, '2023-09-04'), (4, 'Di', 'Rowe', 'Analyst', 65000, 2, '2022-01-17');
INSERT INTO Claims VALUES (1, 3, 900, '2025-01-05'), (2, 3, 700, '2025-02-05'), (3, 4, 50, '2025-02-07'), (4, 1, 20, '2025-03-01');
"""


@pytest.mark.asyncio
@pytest.mark.parametrize(("question", "sql"), [
    ("Staff who started in 2023", "SELECT FirstName, LastName FROM Staff WHERE StartedOn LIKE '2023%'"),
    ("Top 2 highest paid staff", "SELECT FirstName, LastName, Salary FROM Staff ORDER BY Salary DESC LIMIT 2"),
    ("Which staff member is the lowest paid?",
     "SELECT FirstName, LastName FROM Staff ORDER BY Salary ASC LIMIT 1"),
])
async def test_people_are_named_by_their_names_and_paid_by_their_salary(tmp_path: Path, question: str, sql: str) -> None:
    with script_box(tmp_path, "staff", STAFF) as box:
        assert await ask(box, question) == gold(box, sql)


@pytest.mark.asyncio
@pytest.mark.parametrize(("question", "sql"), [
    ("Staff with claims above 2000",
     "SELECT DISTINCT s.FirstName, s.LastName FROM Staff s JOIN Claims c ON c.StaffID = s.StaffID WHERE c.Amount > 2000"),
    ("Staff with claims over 600",
     "SELECT DISTINCT s.FirstName, s.LastName FROM Staff s JOIN Claims c ON c.StaffID = s.StaffID WHERE c.Amount > 600"),
])
async def test_a_number_after_a_magnitude_word_is_an_amount_not_a_year(tmp_path: Path, question: str, sql: str) -> None:
    with script_box(tmp_path, "staff", STAFF) as box:
        assert sorted(await ask(box, question)) == sorted(gold(box, sql))


TEAM = """
CREATE TABLE crews (crew_id INTEGER PRIMARY KEY, crew_name TEXT, joined_on DATE);
CREATE TABLE shifts (shift_id INTEGER PRIMARY KEY, crew_id INTEGER REFERENCES crews(crew_id), shift_date DATE);
INSERT INTO crews VALUES (1, 'Alder', '2021-04-01'), (2, 'Birch', '2023-09-15');
INSERT INTO shifts VALUES (1, 1, '2025-01-02'), (2, 2, '2025-01-03'), (3, 1, '2025-01-04');
"""


@pytest.mark.asyncio
async def test_a_participle_on_date_column_is_called_its_verbs_date(tmp_path: Path) -> None:
    # 'joined_on' is what people call the join date; 'date' alone must not reach the shifts' date instead
    with script_box(tmp_path, "team", TEAM) as box:
        got = await ask(box, "What is the join date of each crew?")
        assert sorted(got) == sorted(gold(box, "SELECT joined_on FROM crews"))
