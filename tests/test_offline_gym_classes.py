"""General classes a fresh legacy Access warehouse (Hungarian notation) exposed, on a small music school the test
writes: type tags are not words ('lngStudentID' is no longitude, 'tblSignUp' no table called 'tbl'), yes/no is
stored as -1/0, a hyphenated noun is the compound a table is named after ('sign-ups' ~ tblSignUp), and a word
stored as a value of the table the question names beats a column of another table spelled the same way
('active students' where teachers carry ysnActive)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scripts.localbox import SqliteToolbox
from services.common.column_roles import flag_like_name, hungarian_tag, stored_truth, uses_hungarian
from tests.support.offline import answer as ask, answer_rows as rows, same, script_box, warehouse_fixtures

SCHOOL = """
CREATE TABLE tblTeacher (lngTeacherID INTEGER PRIMARY KEY, strFirstName TEXT, strLastName TEXT,
  curHourlyRate REAL, ysnActive INTEGER);
CREATE TABLE tblCourse (lngCourseID INTEGER PRIMARY KEY, strCourseName TEXT, lngTeacherID INTEGER
  REFERENCES tblTeacher(lngTeacherID), intSeats INTEGER);
CREATE TABLE tblStudent (lngStudentID INTEGER PRIMARY KEY, strFirstName TEXT, strLastName TEXT, strStatus TEXT,
  dtmEnrolled TEXT);
CREATE TABLE tblSignUp (lngSignUpID INTEGER PRIMARY KEY, lngStudentID INTEGER REFERENCES tblStudent(lngStudentID),
  lngCourseID INTEGER REFERENCES tblCourse(lngCourseID), dtmSignedUp TEXT, curFee REAL);
INSERT INTO tblTeacher VALUES (1,'Ada','Moss',40.0,-1),(2,'Ben','Cole',55.0,0),(3,'Cy','Dunn',35.0,-1),
  (4,'Di','Fry',60.0,-1);
INSERT INTO tblCourse VALUES (1,'Piano',1,8),(2,'Violin',2,6),(3,'Drums',3,4),(4,'Guitar',4,10);
INSERT INTO tblStudent VALUES (1,'Eve','Hart','Active','2023-02-01'),(2,'Finn','Hale','Active','2023-05-11'),
  (3,'Gus','Ives','Left','2024-01-20'),(4,'Hana','Jool','Active','2024-03-03'),(5,'Ivo','Kent','Left','2024-07-07'),
  (6,'Jo','Lamb','Active','2024-09-09');
ALTER TABLE tblStudent ADD COLUMN ysnNewsletter INTEGER NOT NULL DEFAULT 0;
UPDATE tblStudent SET ysnNewsletter = -1 WHERE lngStudentID IN (1, 4, 6);
INSERT INTO tblSignUp VALUES (1,1,1,'2023-02-02',120.0),(2,1,3,'2023-06-01',90.0),(3,2,1,'2023-05-12',120.0),
  (4,3,2,'2024-01-21',150.0),(5,4,1,'2024-03-04',130.0),(6,4,4,'2024-04-01',110.0),(7,5,3,'2024-07-08',95.0);
CREATE TABLE tblRoom (lngRoomID INTEGER PRIMARY KEY, strRoomName TEXT, dtmOpened TEXT);
CREATE TABLE tblLesson (lngLessonID INTEGER PRIMARY KEY, lngCourseID INTEGER REFERENCES tblCourse(lngCourseID),
  lngTeacherID INTEGER REFERENCES tblTeacher(lngTeacherID), lngRoomID INTEGER REFERENCES tblRoom(lngRoomID),
  dtmStart TEXT);
INSERT INTO tblRoom VALUES (1,'Hall','2019-05-01'),(2,'Loft','2015-09-12'),(3,'Basement','2022-01-03');
CREATE TABLE tblEventType (lngEventTypeID INTEGER PRIMARY KEY, strEventName TEXT, strCategory TEXT);
CREATE TABLE tblEvent (lngEventID INTEGER PRIMARY KEY, lngEventTypeID INTEGER REFERENCES tblEventType(lngEventTypeID),
  dtmStartDate TEXT);
INSERT INTO tblEventType VALUES (1,'Recital','Performance'),(2,'Open Stage','Performance'),(3,'Workshop','Teaching'),
  (4,'Masterclass','Teaching'),(5,'Jam','Social');
INSERT INTO tblEvent VALUES (1,1,'2024-06-01'),(2,1,'2024-12-01'),(3,2,'2024-07-01'),(4,3,'2024-02-01'),
  (5,4,'2024-03-01'),(6,5,'2024-08-01'),(7,2,'2024-09-01');
INSERT INTO tblLesson VALUES (1,1,1,1,'2023-03-01 17:00:00'),(2,1,1,1,'2024-03-08 17:00:00'),
  (3,2,2,2,'2024-03-09 10:00:00'),(4,3,3,3,'2024-04-01 18:00:00'),(5,3,3,3,'2024-04-08 18:00:00'),
  (6,3,3,2,'2024-04-15 18:00:00'),(7,4,4,1,'2024-05-02 16:00:00'),(8,1,1,2,'2023-09-01 17:00:00');
"""

path, box, db = warehouse_fixtures("school", SCHOOL)


def test_hungarian_tags_are_read_schema_wide_and_say_flags() -> None:
    assert hungarian_tag("ysnActive") == "ysn" and hungarian_tag("curFee") == "cur"
    assert hungarian_tag("isActive") == "" and hungarian_tag("strength") == ""
    # one tagged-looking name in a camelCase schema is a word ('curBalance' is the current balance)
    assert not uses_hungarian(["customers", "customerId", "curBalance", "createdAt", "orders", "orderId"])
    assert uses_hungarian(["tblTeacher", "lngTeacherID", "strFirstName", "ysnActive"])
    assert flag_like_name("ysnHasParking")  # sampled by sync, so its -1/0 values are seen
    assert stored_truth(["0", "-1"], True) == "-1" and stored_truth(["0", "-1"], False) == "0"


async def test_hyphenated_noun_names_the_compound_table(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many sign-ups did each course have?")
    assert ans.understood
    assert same(ans, db, "SELECT c.strCourseName, COUNT(*) FROM tblSignUp s JOIN tblCourse c "
                         "ON s.lngCourseID = c.lngCourseID GROUP BY c.strCourseName")


async def test_access_yes_is_minus_one(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many teachers are active?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM tblTeacher WHERE ysnActive = -1")
    assert next(p.text for p in ans.parts if p.kind == "text") == "There are 3 teachers marked active."


async def test_value_of_the_named_table_beats_another_tables_flag(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many active students are there?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM tblStudent WHERE strStatus = 'Active'")


async def test_tagged_columns_link_by_their_words(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the average hourly rate of the teachers?")
    assert ans.understood
    assert same(ans, db, "SELECT AVG(curHourlyRate) FROM tblTeacher")


async def test_events_held_at_each_place_in_a_year(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many lessons were held at each room in 2024?")
    assert ans.understood
    assert same(ans, db, "SELECT r.strRoomName, COUNT(*) FROM tblLesson l JOIN tblRoom r ON l.lngRoomID = r.lngRoomID "
                         "WHERE l.dtmStart >= '2024-01-01' AND l.dtmStart < '2025-01-01' GROUP BY r.strRoomName")


async def test_who_taught_the_most(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which teacher taught the most lessons in 2024?")
    assert ans.understood
    assert same(ans, db, "SELECT t.strFirstName, t.strLastName FROM tblLesson l JOIN tblTeacher t "
                         "ON l.lngTeacherID = t.lngTeacherID WHERE l.dtmStart >= '2024-01-01' AND l.dtmStart < '2025-01-01' "
                         "GROUP BY t.lngTeacherID ORDER BY COUNT(*) DESC LIMIT 1")


async def test_collected_is_money_taken_in(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How much did we collect in 2024?")
    assert ans.understood
    assert same(ans, db, "SELECT SUM(curFee) FROM tblSignUp WHERE dtmSignedUp >= '2024-01-01' AND dtmSignedUp < '2025-01-01'")


async def test_narration_does_not_say_type_tags(box: SqliteToolbox) -> None:
    ans = await ask(box, "How many students are there?")
    said = next(p.text or "" for p in ans.parts if p.kind == "text")  # the answer sentence, not 'How I read it'
    assert said == "There are 6 students."


async def test_the_date_they_verb_is_the_column_of_that_verb(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "List the names of the rooms ordered by the date they opened.")
    assert ans.understood
    assert rows(ans) == db.execute("SELECT strRoomName FROM tblRoom ORDER BY dtmOpened").fetchall()


async def test_head_noun_said_by_a_column_beats_a_synonym_table(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Show each event category and the number of events in it.")
    assert ans.understood
    assert same(ans, db, "SELECT t.strCategory, COUNT(*) FROM tblEvent e JOIN tblEventType t "
                         "ON e.lngEventTypeID = t.lngEventTypeID GROUP BY t.strCategory")


async def test_sorted_from_fewest_to_most_orders_by_the_count(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Show each room name and the number of lessons, sorted from fewest to most.")
    assert ans.understood
    got = rows(ans)
    assert got is not None and sorted(got) == sorted(db.execute(
        "SELECT r.strRoomName, COUNT(*) FROM tblLesson l JOIN tblRoom r ON l.lngRoomID = r.lngRoomID GROUP BY 1").fetchall())
    assert [r[-1] for r in got] == sorted(r[-1] for r in got)


async def test_a_share_is_computed_or_asked_never_listed(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What share of our students has left?")
    assert ans.understood
    assert same(ans, db, "SELECT 100.0 * SUM(strStatus = 'Left') / COUNT(*) FROM tblStudent")
    ans = await ask(box, "What share of our sign-ups is for the Piano course?")  # was a list of the Piano sign-ups
    assert not ans.understood and rows(ans) is None


async def test_never_verb_an_object_the_verbs_table_records(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many active students have never signed up for a course?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM tblStudent WHERE strStatus = 'Active' "
                         "AND lngStudentID NOT IN (SELECT lngStudentID FROM tblSignUp)")


async def test_a_negation_read_as_its_opposite_is_asked(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many students have never signed up for a lesson?")  # was: 5, the students who did
    got = rows(ans)
    assert got is None or got == db.execute(
        "SELECT COUNT(*) FROM tblStudent WHERE lngStudentID NOT IN (SELECT lngStudentID FROM tblSignUp)").fetchall()


async def test_a_second_question_the_reading_drops_is_asked(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many sign-ups were there in 2024 and what was their total fee?")  # was: the count only
    got = rows(ans)
    assert got is None or got == db.execute(
        "SELECT COUNT(*), SUM(curFee) FROM tblSignUp WHERE dtmSignedUp >= '2024-01-01' AND dtmSignedUp < '2025-01-01'").fetchall()
    ans = await ask(box, "How many sign-ups were there in 2024?")  # one question, one figure: still answered
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM tblSignUp WHERE dtmSignedUp >= '2024-01-01' AND dtmSignedUp < '2025-01-01'")


async def test_a_count_per_the_counted_rows_own_names_is_asked(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many students enrolled their studentship in 2024?")  # was: a 1 for each student's name
    got = rows(ans)
    assert got is None or got == db.execute(
        "SELECT COUNT(*) FROM tblStudent WHERE dtmEnrolled >= '2024-01-01' AND dtmEnrolled < '2025-01-01'").fetchall()
    ans = await ask(box, "How many students are there per first name?")  # asked for: still answered
    assert ans.understood
    assert same(ans, db, "SELECT strFirstName, COUNT(*) FROM tblStudent GROUP BY strFirstName")


async def test_a_noun_narrowing_a_column_it_does_not_name_is_asked(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the attendance rate of the teachers?")  # was: every teacher's hourly rate
    got = rows(ans)
    assert got is None and not ans.understood
    ans = await ask(box, "What is the hourly rate of each teacher?")  # the column's own words: still answered
    assert ans.understood
    assert same(ans, db, "SELECT strFirstName, strLastName, curHourlyRate FROM tblTeacher")


async def test_registered_for_a_flag_is_the_flag_not_a_date(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many students are registered for the newsletter?")  # was: declined (read as a join date)
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM tblStudent WHERE ysnNewsletter = -1")
    ans = await ask(box, "How many students enrolled in 2024?")  # the verb still dates the rows before a year
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM tblStudent WHERE dtmEnrolled >= '2024-01-01' AND dtmEnrolled < '2025-01-01'")


CLUB = """
CREATE TABLE tblBranch (lngBranchID INTEGER PRIMARY KEY, strBranchName TEXT);
CREATE TABLE tblMember (lngMemberID INTEGER PRIMARY KEY, strFirstName TEXT, strStatus TEXT,
  lngBranchID INTEGER REFERENCES tblBranch(lngBranchID));
INSERT INTO tblBranch VALUES (1,'North'),(2,'South');
INSERT INTO tblMember VALUES (1,'Al','Paused',1),(2,'Bo','Active',1),(3,'Cy','Paused',2),(4,'Di','Paused',1);
"""


async def test_ships_of_a_table_are_its_rows(tmp_path: Path) -> None:
    with script_box(tmp_path, "club", CLUB) as club:
        ans = await ask(club, "How many paused memberships are there at each branch?")  # was: asked 'members?'
        assert ans.understood
        assert sorted(rows(ans) or []) == [("North", 2), ("South", 1)]
