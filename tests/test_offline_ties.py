"""A ranking cut inside a tie ('which rep closed the most deals?' when two closed as many) keeps its rows and says
the place is shared, naming the tied rows; a clear winner gets no note; the probe never changes the answer's rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.offline.ties import Probe, tie_probe, tie_sentence
from tests.support.offline import script_box

SALES = """
CREATE TABLE reps (rep_id INTEGER PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL);
CREATE TABLE deals (deal_id INTEGER PRIMARY KEY, rep_id INTEGER REFERENCES reps(rep_id), amount REAL NOT NULL,
                    closed_on TEXT NOT NULL);
INSERT INTO reps VALUES (1, 'Ana Ruiz', 'North'), (2, 'Ben Okafor', 'South'), (3, 'Chloe Brandt', 'North'),
                        (4, 'Dev Mehta', 'East');
INSERT INTO deals VALUES (1, 1, 500, '2024-01-04'), (2, 1, 700, '2024-02-11'), (3, 1, 300, '2024-03-02'),
                         (4, 2, 900, '2024-01-20'), (5, 2, 100, '2024-02-14'), (6, 2, 250, '2024-03-30'),
                         (7, 3, 400, '2024-02-02'), (8, 4, 4000, '2024-03-15');
"""


async def _answer(tmp_path: Path, question: str) -> tuple[str, list[tuple]]:
    with script_box(tmp_path, "sales", SALES) as box:
        ans = await OfflineAnalyst().answer(question, toolbox=box, history=[], state={}, mode="economy", deep=False)
    text = " ".join(p.text or "" for p in ans.parts if p.kind == "text")
    rows = next(([tuple(r) for r in p.result.rows] for p in ans.parts if p.kind == "query" and p.result), [])
    return text, rows


@pytest.mark.asyncio
async def test_a_tie_for_first_is_said_and_the_rows_are_kept(tmp_path: Path) -> None:
    text, rows = await _answer(tmp_path, "Which rep closed the most deals?")
    assert len(rows) == 1 and rows[0][0] in ("Ana Ruiz", "Ben Okafor"), rows
    other = "Ben Okafor" if rows[0][0] == "Ana Ruiz" else "Ana Ruiz"
    assert f"{other} ties for first place" in text, text


@pytest.mark.asyncio
async def test_a_clear_winner_gets_no_note(tmp_path: Path) -> None:
    text, rows = await _answer(tmp_path, "Which rep has the highest total deal amount?")
    assert rows and rows[0][0] == "Dev Mehta", rows
    assert "shared" not in text, text


def test_the_probe_adds_the_ranking_keys_and_reads_past_the_cut() -> None:
    probe = tie_probe("SELECT r.name, COUNT(*) AS n FROM reps r JOIN deals d ON d.rep_id = r.rep_id "
                      "GROUP BY r.name ORDER BY n DESC LIMIT 2", "sqlite")
    assert probe is not None
    assert (probe.cut, probe.nkeys, probe.labels) == (2, 1, (0,)), probe
    assert "COUNT(*) AS tie_key_0" in probe.sql and "LIMIT 12" in probe.sql, probe.sql
    assert tie_probe("SELECT name FROM reps ORDER BY name LIMIT 2 OFFSET 1", "sqlite") is None
    assert tie_probe("SELECT DISTINCT region FROM reps ORDER BY region LIMIT 1", "sqlite") is None
    assert tie_probe("SELECT name FROM reps UNION SELECT region FROM reps", "sqlite") is None


def test_the_note_names_tied_rows_that_read_differently_and_ignores_null_rankings() -> None:
    one = Probe("", 1, 1, (0,))
    rows = [("a", 3), ("b", 3), ("c", 3), ("d", 1)]
    note = tie_sentence(rows, one)
    assert note is not None and "b, c tie for first place" in note and "top 3" in note, note
    assert tie_sentence(rows, one._replace(cut=3)) is None  # the row after the cut ranks lower
    assert tie_sentence([("a", None), ("b", None)], one) is None
    assert tie_sentence([("a", 3)], one) is None
    assert tie_sentence([("a", 3), ("a", 3)], one) is None  # the same answer whichever row is shown
    assert tie_sentence([(9, 9), (9, 9)], one._replace(labels=())) is None  # only the ranked value is shown
