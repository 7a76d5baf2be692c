"""Build the own Spider-style databases (SQLite) deterministically.

Eight small schemas written in Spider's manner (a handful of tables, ``Name``/``Age``/``Country`` columns, integer ids,
foreign keys, a link table, integer years) on domains unlike Spider's: a film festival circuit, a railway, a school
sports league, museums lending artworks, a music label, a hospital's wards and staff, a volunteer fire brigade and an
orchard cooperative. The rows are fixed
literals, chosen so that every superlative in questions.json has a single winner (no ties at LIMIT 1) and every
NOT IN / EXCEPT question has an answer. Kept free
of engine imports: scripts/calibrate.py and tests/test_spiderstyle_suite.py load it by path.

Usage: python eval/spiderstyle/build.py [--out eval/spiderstyle/db] [--check]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "db"

Rows = list[tuple[object, ...]]
Schema = list[tuple[str, str, Rows]]  # (table, DDL, rows)


def film_festival() -> Schema:
    """Directors, their films, festivals, screenings (the link table) and awards; Pascal_Snake columns."""
    return [
        ("director", """CREATE TABLE director (Director_ID INTEGER PRIMARY KEY, Name TEXT, Age INTEGER,
            Country TEXT)""", [
            (1, "Ana Lima", 45, "Brazil"), (2, "Kenji Mori", 62, "Japan"), (3, "Lucas Moreau", 38, "France"),
            (4, "Sofia Petrova", 51, "Russia"), (5, "Omar Haddad", 29, "Egypt"), (6, "Claire Dubois", 57, "France"),
            (7, "Ravi Nair", 41, "India"), (8, "Ingrid Berg", 66, "Norway")]),
        ("film", """CREATE TABLE film (Film_ID INTEGER PRIMARY KEY, Title TEXT, Director_ID INTEGER,
            Release_Year INTEGER, Running_Time INTEGER, Budget REAL,
            FOREIGN KEY (Director_ID) REFERENCES director(Director_ID))""", [
            (1, "Silent River", 1, 2015, 112, 4.5), (2, "Paper Moon Road", 2, 2012, 98, 2.0),
            (3, "The Last Harbor", 3, 2018, 125, 8.2), (4, "Winter Orchard", 4, 2016, 140, 6.0),
            (5, "Desert Lines", 5, 2020, 87, 1.2), (6, "Glass Garden", 6, 2014, 103, 3.8),
            (7, "Monsoon Letters", 7, 2019, 131, 5.5), (8, "Blue Lantern", 2, 2017, 119, 3.1),
            (9, "Quiet Storm", 3, 2021, 95, 7.4), (10, "Salt and Ash", 1, 2019, 108, 2.6),
            (11, "Northern Choir", 6, 2013, 121, 4.9), (12, "Echo Valley", 7, 2022, 100, 9.0)]),
        ("festival", """CREATE TABLE festival (Festival_ID INTEGER PRIMARY KEY, Name TEXT, City TEXT, Country TEXT,
            Year_Started INTEGER)""", [
            (1, "Lumiere Days", "Lyon", "France", 1995), (2, "Harbor Film Week", "Bergen", "Norway", 2003),
            (3, "Sakura Screen", "Kyoto", "Japan", 1988), (4, "Sunset Reel", "Cairo", "Egypt", 2010),
            (5, "Amazon Lights", "Manaus", "Brazil", 2001), (6, "Riviera Shorts", "Nice", "France", 2015)]),
        ("screening", """CREATE TABLE screening (Screening_ID INTEGER PRIMARY KEY, Film_ID INTEGER,
            Festival_ID INTEGER, Year INTEGER, Attendance INTEGER,
            FOREIGN KEY (Film_ID) REFERENCES film(Film_ID),
            FOREIGN KEY (Festival_ID) REFERENCES festival(Festival_ID))""", [
            (1, 1, 1, 2015, 1200), (2, 1, 5, 2016, 900), (3, 2, 3, 2012, 1500), (4, 3, 1, 2018, 2100),
            (5, 3, 2, 2018, 800), (6, 4, 2, 2016, 650), (7, 5, 4, 2020, 400), (8, 6, 1, 2014, 1800),
            (9, 7, 3, 2019, 1300), (10, 8, 3, 2017, 1700), (11, 9, 1, 2021, 2500), (12, 9, 2, 2022, 700),
            (13, 10, 5, 2019, 1100), (14, 11, 2, 2013, 600), (15, 12, 4, 2022, 950), (16, 12, 3, 2022, 1400),
            (17, 7, 5, 2020, 1000), (18, 2, 1, 2013, 1600)]),
        ("award", """CREATE TABLE award (Award_ID INTEGER PRIMARY KEY, Film_ID INTEGER, Festival_ID INTEGER,
            Category TEXT, Year INTEGER, FOREIGN KEY (Film_ID) REFERENCES film(Film_ID),
            FOREIGN KEY (Festival_ID) REFERENCES festival(Festival_ID))""", [
            (1, 1, 1, "Best Film", 2015), (2, 3, 1, "Best Director", 2018), (3, 3, 2, "Best Film", 2018),
            (4, 6, 1, "Best Screenplay", 2014), (5, 7, 3, "Best Film", 2019), (6, 9, 1, "Best Director", 2021),
            (7, 9, 2, "Best Screenplay", 2022), (8, 12, 4, "Best Film", 2022), (9, 2, 3, "Audience Award", 2012),
            (10, 10, 5, "Audience Award", 2019), (11, 9, 1, "Audience Award", 2021)]),
    ]


def railway() -> Schema:
    """Operators, trains, stations, stops (the link table), drivers and their assignments; lower snake_case."""
    return [
        ("operator", """CREATE TABLE operator (operator_id INTEGER PRIMARY KEY, name TEXT, country TEXT,
            founded_year INTEGER)""", [
            (1, "Northline", "Sweden", 1998), (2, "Alpen Rail", "Austria", 2004),
            (3, "Coastal Express", "Portugal", 1987), (4, "Meridian Trains", "Spain", 2011),
            (5, "Baltic Link", "Sweden", 2015)]),
        ("station", """CREATE TABLE station (station_id INTEGER PRIMARY KEY, name TEXT, city TEXT,
            platforms INTEGER, opened_year INTEGER)""", [
            (1, "Central", "Malmo", 12, 1856), (2, "Harbour Gate", "Lisbon", 6, 1890),
            (3, "Old Town", "Innsbruck", 4, 1901), (4, "Riverside", "Porto", 8, 1877),
            (5, "North Park", "Uppsala", 5, 1923), (6, "Summit", "Innsbruck", 3, 1950),
            (7, "Plaza Mayor", "Madrid", 14, 1941), (8, "Dockyard", "Malmo", 2, 1999)]),
        ("train", """CREATE TABLE train (train_id INTEGER PRIMARY KEY, name TEXT, operator_id INTEGER,
            top_speed INTEGER, capacity INTEGER, built_year INTEGER,
            FOREIGN KEY (operator_id) REFERENCES operator(operator_id))""", [
            (1, "Aurora", 1, 200, 420, 2010), (2, "Polar Star", 1, 180, 380, 2005), (3, "Edelweiss", 2, 230, 500, 2014),
            (4, "Gipfel", 2, 160, 300, 1999), (5, "Atlantico", 3, 220, 450, 2012), (6, "Mare", 3, 140, 260, 1995),
            (7, "Sol", 4, 300, 520, 2018), (8, "Luna", 4, 250, 480, 2016), (9, "Tejo", 3, 175, 340, 2008)]),
        ("stop", """CREATE TABLE stop (train_id INTEGER, station_id INTEGER, stop_order INTEGER,
            PRIMARY KEY (train_id, station_id), FOREIGN KEY (train_id) REFERENCES train(train_id),
            FOREIGN KEY (station_id) REFERENCES station(station_id))""", [
            (1, 1, 1), (1, 5, 2), (2, 1, 1), (2, 5, 2), (2, 3, 3), (3, 3, 1), (3, 6, 2), (4, 3, 1), (4, 6, 2),
            (5, 2, 1), (5, 4, 2), (5, 7, 3), (6, 2, 1), (6, 4, 2), (7, 7, 1), (7, 4, 2), (8, 7, 1), (9, 4, 1),
            (9, 2, 2)]),
        ("driver", """CREATE TABLE driver (driver_id INTEGER PRIMARY KEY, name TEXT, age INTEGER,
            hometown TEXT)""", [
            (1, "Erik Lund", 34, "Malmo"), (2, "Maria Costa", 45, "Porto"), (3, "Hans Gruber", 52, "Innsbruck"),
            (4, "Lucia Ortega", 29, "Madrid"), (5, "Joao Pereira", 38, "Lisbon"), (6, "Anna Holm", 61, "Uppsala"),
            (7, "Pablo Ruiz", 55, "Madrid")]),
        ("assignment", """CREATE TABLE assignment (driver_id INTEGER, train_id INTEGER, year_assigned INTEGER,
            PRIMARY KEY (driver_id, train_id), FOREIGN KEY (driver_id) REFERENCES driver(driver_id),
            FOREIGN KEY (train_id) REFERENCES train(train_id))""", [
            (1, 1, 2019), (1, 2, 2021), (2, 5, 2018), (2, 9, 2020), (2, 6, 2022), (3, 3, 2017), (3, 4, 2019),
            (4, 7, 2021), (5, 6, 2016), (6, 2, 2015)]),
    ]


def school_league() -> Schema:
    """Schools, coaches, teams, players and games (two foreign keys to Team); PascalCase tables."""
    return [
        ("School", """CREATE TABLE School (School_ID INTEGER PRIMARY KEY, Name TEXT, Town TEXT,
            Enrollment INTEGER, Founded INTEGER)""", [
            (1, "Maple High", "Springfield", 1200, 1965), (2, "Riverbend Academy", "Shelby", 850, 1982),
            (3, "Oak Ridge School", "Springfield", 1430, 1958), (4, "Lakeside High", "Ogden", 990, 1974),
            (5, "Pine Valley School", "Ogden", 610, 2001), (6, "Hillcrest Prep", "Shelby", 540, 2010)]),
        ("Coach", """CREATE TABLE Coach (Coach_ID INTEGER PRIMARY KEY, Name TEXT, Age INTEGER, Gender TEXT)""", [
            (1, "Tom Baker", 48, "M"), (2, "Sara Quinn", 35, "F"), (3, "Mike Ross", 57, "M"),
            (4, "Nina Patel", 42, "F"), (5, "Greg Olsen", 31, "M"), (6, "Julia Kent", 39, "F"),
            (7, "Dan Moore", 63, "M")]),
        ("Team", """CREATE TABLE Team (Team_ID INTEGER PRIMARY KEY, School_ID INTEGER, Sport TEXT,
            Coach_ID INTEGER, Division TEXT, FOREIGN KEY (School_ID) REFERENCES School(School_ID),
            FOREIGN KEY (Coach_ID) REFERENCES Coach(Coach_ID))""", [
            (1, 1, "Basketball", 1, "A"), (2, 1, "Soccer", 2, "A"), (3, 2, "Basketball", 3, "B"),
            (4, 3, "Basketball", 4, "A"), (5, 3, "Soccer", 1, "A"), (6, 3, "Volleyball", 4, "B"),
            (7, 4, "Soccer", 6, "B"), (8, 5, "Volleyball", 2, "B"), (9, 4, "Basketball", 4, "A")]),
        ("Player", """CREATE TABLE Player (Player_ID INTEGER PRIMARY KEY, Name TEXT, Age INTEGER, Height INTEGER,
            Team_ID INTEGER, FOREIGN KEY (Team_ID) REFERENCES Team(Team_ID))""", [
            (1, "Jake Mills", 17, 188, 1), (2, "Ethan Cole", 16, 192, 1), (3, "Liam Ford", 18, 201, 3),
            (4, "Noah Price", 15, 175, 2), (5, "Emma Stone", 16, 168, 8), (6, "Olivia Hart", 17, 172, 6),
            (7, "Ava Reed", 18, 181, 6), (8, "Mason Gray", 16, 185, 4), (9, "Lucas Webb", 17, 190, 4),
            (10, "Mia Long", 15, 165, 7), (11, "Ben Hale", 18, 179, 5), (12, "Zoe King", 16, 170, 8),
            (13, "Ryan Shaw", 17, 196, 9), (14, "Owen Park", 18, 183, 5)]),
        ("Game", """CREATE TABLE Game (Game_ID INTEGER PRIMARY KEY, Home_Team_ID INTEGER, Away_Team_ID INTEGER,
            Season INTEGER, Home_Score INTEGER, Away_Score INTEGER,
            FOREIGN KEY (Home_Team_ID) REFERENCES Team(Team_ID),
            FOREIGN KEY (Away_Team_ID) REFERENCES Team(Team_ID))""", [
            (1, 1, 3, 2022, 67, 60), (2, 4, 1, 2022, 72, 70), (3, 9, 3, 2023, 55, 58), (4, 2, 5, 2022, 2, 1),
            (5, 7, 2, 2023, 0, 3), (6, 5, 7, 2023, 4, 4), (7, 6, 8, 2022, 3, 1), (8, 8, 6, 2023, 2, 3),
            (9, 4, 9, 2023, 81, 64), (10, 3, 4, 2023, 59, 61)]),
    ]


def museum_loans() -> Schema:
    """Museums, artists, artworks and loans (two foreign keys to museum: owner and borrower); snake_case."""
    return [
        ("museum", """CREATE TABLE museum (museum_id INTEGER PRIMARY KEY, museum_name TEXT, city TEXT,
            country TEXT, open_year INTEGER, num_of_staff INTEGER)""", [
            (1, "City Art Gallery", "Manchester", "UK", 1882, 120), (2, "Museo del Sur", "Seville", "Spain", 1904, 85),
            (3, "Kunsthalle Nord", "Hamburg", "Germany", 1869, 150), (4, "Harbor Museum", "Boston", "USA", 1921, 210),
            (5, "Modern Arts Center", "Austin", "USA", 1985, 60), (6, "Galleria Alta", "Turin", "Italy", 1950, 45),
            (7, "Nordic Design House", "Oslo", "Norway", 2008, 30)]),
        ("artist", """CREATE TABLE artist (artist_id INTEGER PRIMARY KEY, name TEXT, nationality TEXT,
            birth_year INTEGER)""", [
            (1, "Elena Ruiz", "Spain", 1890), (2, "Thomas Grey", "UK", 1845), (3, "Marta Klein", "Germany", 1902),
            (4, "John Avery", "USA", 1931), (5, "Paolo Conti", "Italy", 1878), (6, "Ines Duarte", "Spain", 1955),
            (7, "Henrik Vale", "Norway", 1940), (8, "Grace Wu", "USA", 1968)]),
        ("artwork", """CREATE TABLE artwork (artwork_id INTEGER PRIMARY KEY, title TEXT, artist_id INTEGER,
            museum_id INTEGER, year_created INTEGER, value_million REAL, medium TEXT,
            FOREIGN KEY (artist_id) REFERENCES artist(artist_id),
            FOREIGN KEY (museum_id) REFERENCES museum(museum_id))""", [
            (1, "Morning Tide", 2, 1, 1880, 3.2, "Oil"), (2, "Red Courtyard", 1, 2, 1921, 5.8, "Oil"),
            (3, "Factory Dawn", 3, 3, 1930, 2.4, "Oil"), (4, "Quiet Street", 2, 1, 1878, 1.9, "Watercolor"),
            (5, "Harbor Lights", 4, 4, 1960, 7.5, "Acrylic"), (6, "Olive Grove", 5, 6, 1910, 4.1, "Oil"),
            (7, "Blue Figure", 6, 2, 1988, 2.7, "Acrylic"), (8, "Iron Bridge", 3, 1, 1935, 3.6, "Print"),
            (9, "Night Market", 8, 5, 2001, 1.3, "Acrylic"), (10, "Summer Field", 5, 6, 1905, 6.2, "Oil"),
            (11, "Glass Tower", 8, 5, 1972, 2.2, "Print"), (12, "Old Mill", 2, 1, 1876, 2.9, "Oil"),
            (13, "Sea Wall", 4, 4, 1965, 9.4, "Acrylic"), (14, "Paper Birds", 6, 4, 2010, 0.8, "Watercolor")]),
        ("loan", """CREATE TABLE loan (loan_id INTEGER PRIMARY KEY, artwork_id INTEGER, borrower_museum_id INTEGER,
            start_year INTEGER, duration_months INTEGER, fee INTEGER,
            FOREIGN KEY (artwork_id) REFERENCES artwork(artwork_id),
            FOREIGN KEY (borrower_museum_id) REFERENCES museum(museum_id))""", [
            (1, 1, 4, 2018, 6, 20000), (2, 2, 1, 2019, 12, 45000), (3, 5, 2, 2020, 3, 15000),
            (4, 6, 3, 2019, 6, 22000), (5, 13, 1, 2021, 9, 60000), (6, 3, 5, 2022, 4, 12000),
            (7, 10, 4, 2020, 6, 38000), (8, 1, 3, 2022, 12, 25000), (9, 7, 7, 2023, 3, 9000),
            (10, 12, 4, 2023, 6, 18000)]),
    ]


def music_label() -> Schema:
    """Labels, musicians, albums, venues, concerts (the link table) and collaborations (two foreign keys to
    Musician: lead and guest); PascalCase tables."""
    return [
        ("Label", """CREATE TABLE Label (Label_ID INTEGER PRIMARY KEY, Name TEXT, Country TEXT, Founded INTEGER)""", [
            (1, "Blue Harbor Records", "USA", 1978), (2, "Nordlicht Music", "Germany", 1992),
            (3, "Sol Naciente", "Mexico", 2005), (4, "Maple Sound", "Canada", 1988), (5, "Kite Records", "UK", 2012)]),
        ("Musician", """CREATE TABLE Musician (Musician_ID INTEGER PRIMARY KEY, Name TEXT, Age INTEGER, Country TEXT,
            Label_ID INTEGER, FOREIGN KEY (Label_ID) REFERENCES Label(Label_ID))""", [
            (1, "Lena Vogt", 29, "Germany", 2), (2, "Marco Silva", 41, "Mexico", 3), (3, "Jade Turner", 35, "USA", 1),
            (4, "Owen Blake", 52, "UK", 1), (5, "Sara Lind", 24, "Canada", 4), (6, "Diego Paz", 33, "Mexico", 3),
            (7, "Ruth Adler", 47, "Germany", 2), (8, "Kai Moreno", 38, "USA", 1), (9, "Tessa Quill", 27, "Canada", 4)]),
        ("Album", """CREATE TABLE Album (Album_ID INTEGER PRIMARY KEY, Title TEXT, Musician_ID INTEGER,
            Release_Year INTEGER, Sales INTEGER, Genre TEXT,
            FOREIGN KEY (Musician_ID) REFERENCES Musician(Musician_ID))""", [
            (1, "Northern Echoes", 1, 2018, 120, "Electronic"), (2, "Cactus Heart", 2, 2015, 340, "Latin"),
            (3, "Highway Lights", 3, 2016, 510, "Rock"), (4, "Old Bridges", 4, 2009, 280, "Folk"),
            (5, "Paper Skies", 5, 2021, 95, "Pop"), (6, "Luz de Mar", 6, 2019, 430, "Latin"),
            (7, "Iron Garden", 7, 2012, 150, "Rock"), (8, "Desert Radio", 3, 2020, 610, "Rock"),
            (9, "Glass Rivers", 1, 2022, 205, "Electronic"), (10, "Second Winter", 4, 2014, 175, "Folk"),
            (11, "Neon Tide", 8, 2017, 390, "Pop"), (12, "Little Engines", 3, 2023, 260, "Pop")]),
        ("Venue", """CREATE TABLE Venue (Venue_ID INTEGER PRIMARY KEY, Name TEXT, City TEXT, Capacity INTEGER)""", [
            (1, "Riverside Hall", "Chicago", 2500), (2, "Kesselhaus", "Berlin", 1800),
            (3, "Teatro Luna", "Guadalajara", 3200), (4, "Granite Arena", "Toronto", 12000),
            (5, "The Lantern", "London", 900), (6, "Palm Court", "Chicago", 1500)]),
        ("Concert", """CREATE TABLE Concert (Concert_ID INTEGER PRIMARY KEY, Musician_ID INTEGER, Venue_ID INTEGER,
            Year INTEGER, Attendance INTEGER, FOREIGN KEY (Musician_ID) REFERENCES Musician(Musician_ID),
            FOREIGN KEY (Venue_ID) REFERENCES Venue(Venue_ID))""", [
            (1, 1, 2, 2019, 1600), (2, 2, 3, 2018, 3000), (3, 3, 1, 2017, 2300), (4, 3, 4, 2021, 11000),
            (5, 4, 5, 2015, 850), (6, 5, 4, 2022, 9000), (7, 6, 3, 2020, 2900), (8, 7, 2, 2013, 1400),
            (9, 8, 1, 2019, 2100), (10, 1, 4, 2023, 10500), (11, 6, 1, 2022, 1900), (12, 3, 4, 2023, 11500)]),
        ("Collaboration", """CREATE TABLE Collaboration (Collab_ID INTEGER PRIMARY KEY, Lead_Musician_ID INTEGER,
            Guest_Musician_ID INTEGER, Song TEXT, Year INTEGER,
            FOREIGN KEY (Lead_Musician_ID) REFERENCES Musician(Musician_ID),
            FOREIGN KEY (Guest_Musician_ID) REFERENCES Musician(Musician_ID))""", [
            (1, 3, 8, "Long Way Home", 2018), (2, 2, 6, "Dos Caminos", 2019), (3, 1, 7, "Cold Signal", 2020),
            (4, 3, 4, "Rust and Gold", 2016), (5, 5, 9, "Open Window", 2022), (6, 8, 3, "Night Drive", 2021),
            (7, 6, 2, "Marea", 2021)]),
    ]


def hospital_staff() -> Schema:
    """Wards, nurses, doctors, ward rounds (the link table) and shift handovers (two foreign keys to nurse:
    from and to); lower snake_case."""
    return [
        ("ward", """CREATE TABLE ward (ward_id INTEGER PRIMARY KEY, ward_name TEXT, floor INTEGER, num_beds INTEGER,
            opened_year INTEGER)""", [
            (1, "Cardiology", 2, 24, 1998), (2, "Pediatrics", 3, 30, 2005), (3, "Oncology", 4, 18, 2010),
            (4, "Orthopedics", 2, 14, 1995), (5, "Maternity", 1, 16, 2015), (6, "Neurology", 5, 12, 2021)]),
        ("nurse", """CREATE TABLE nurse (nurse_id INTEGER PRIMARY KEY, name TEXT, age INTEGER, gender TEXT,
            years_experience INTEGER, ward_id INTEGER, FOREIGN KEY (ward_id) REFERENCES ward(ward_id))""", [
            (1, "Alice Grant", 34, "F", 10, 1), (2, "Brian Cho", 45, "M", 20, 1), (3, "Carla Mendes", 28, "F", 4, 2),
            (4, "David Osei", 39, "M", 15, 3), (5, "Elena Rossi", 52, "F", 28, 4), (6, "Farah Khan", 31, "F", 7, 2),
            (7, "George Hill", 26, "M", 2, 5), (8, "Hana Sato", 47, "F", 22, 2), (9, "Ivan Petrov", 36, "M", 12, 4)]),
        ("doctor", """CREATE TABLE doctor (doctor_id INTEGER PRIMARY KEY, name TEXT, specialty TEXT, age INTEGER,
            salary INTEGER)""", [
            (1, "Amir Rahimi", "Cardiology", 55, 210000), (2, "Beth Olsen", "Pediatrics", 42, 165000),
            (3, "Chen Wei", "Oncology", 48, 230000), (4, "Dana Fox", "Surgery", 39, 190000),
            (5, "Emil Novak", "Neurology", 61, 245000), (6, "Fiona Brady", "Pediatrics", 36, 150000),
            (7, "Goran Ilic", "Surgery", 50, 205000)]),
        ("ward_round", """CREATE TABLE ward_round (doctor_id INTEGER, ward_id INTEGER, hours_per_week INTEGER,
            PRIMARY KEY (doctor_id, ward_id), FOREIGN KEY (doctor_id) REFERENCES doctor(doctor_id),
            FOREIGN KEY (ward_id) REFERENCES ward(ward_id))""", [
            (1, 1, 20), (2, 2, 25), (3, 3, 30), (4, 4, 15), (4, 1, 10), (6, 2, 18), (6, 5, 12), (7, 4, 22),
            (1, 5, 6), (3, 1, 8)]),
        ("handover", """CREATE TABLE handover (handover_id INTEGER PRIMARY KEY, from_nurse_id INTEGER,
            to_nurse_id INTEGER, shift_year INTEGER, patients INTEGER,
            FOREIGN KEY (from_nurse_id) REFERENCES nurse(nurse_id),
            FOREIGN KEY (to_nurse_id) REFERENCES nurse(nurse_id))""", [
            (1, 1, 2, 2021, 6), (2, 3, 6, 2022, 9), (3, 6, 8, 2022, 7), (4, 5, 9, 2021, 5), (5, 2, 1, 2023, 8),
            (6, 8, 3, 2023, 10), (7, 7, 3, 2022, 4), (8, 9, 5, 2023, 3)]),
    ]


def fire_brigade() -> Schema:
    """A volunteer fire brigade: stations, firefighters, vehicles, incidents and responses (the link table);
    lower snake_case."""
    return [
        ("station", """CREATE TABLE station (station_id INTEGER PRIMARY KEY, name TEXT, town TEXT,
            founded_year INTEGER, num_bays INTEGER)""", [
            (1, "Millbrook Station", "Millbrook", 1952, 3), (2, "Ashford Central", "Ashford", 1938, 5),
            (3, "Hollow Creek", "Hollow Creek", 1975, 2), (4, "Ridgeway", "Ashford", 1990, 4),
            (5, "Pine Hill", "Pine Hill", 2008, 2), (6, "Stonebridge", "Stonebridge", 2016, 1)]),
        ("firefighter", """CREATE TABLE firefighter (firefighter_id INTEGER PRIMARY KEY, name TEXT, age INTEGER,
            rank TEXT, years_service INTEGER, station_id INTEGER,
            FOREIGN KEY (station_id) REFERENCES station(station_id))""", [
            (1, "Tom Haller", 44, "Captain", 20, 2), (2, "Mia Jensen", 29, "Firefighter", 6, 2),
            (3, "Raj Patel", 36, "Lieutenant", 12, 1), (4, "Grace Okafor", 52, "Chief", 30, 2),
            (5, "Leo Brandt", 23, "Recruit", 1, 3), (6, "Nina Kowalski", 31, "Firefighter", 8, 4),
            (7, "Sam Whitaker", 47, "Captain", 25, 1), (8, "Ella Moreau", 27, "Firefighter", 4, 5),
            (9, "Victor Lund", 39, "Lieutenant", 15, 4), (10, "Hugo Brenner", 34, "Firefighter", 9, 3)]),
        ("vehicle", """CREATE TABLE vehicle (vehicle_id INTEGER PRIMARY KEY, call_sign TEXT, vehicle_type TEXT,
            tank_litres INTEGER, year_built INTEGER, station_id INTEGER,
            FOREIGN KEY (station_id) REFERENCES station(station_id))""", [
            (1, "Engine 1", "Pumper", 3000, 2005, 2), (2, "Ladder 1", "Ladder", 500, 2012, 2),
            (3, "Engine 2", "Pumper", 2800, 1998, 1), (4, "Tanker 1", "Tanker", 9000, 2010, 3),
            (5, "Rescue 1", "Rescue", 200, 2018, 4), (6, "Engine 3", "Pumper", 3200, 2015, 4),
            (7, "Brush 1", "Brush Truck", 1200, 2020, 5), (8, "Tanker 2", "Tanker", 7500, 2001, 6)]),
        ("incident", """CREATE TABLE incident (incident_id INTEGER PRIMARY KEY, incident_type TEXT, town TEXT,
            year INTEGER, duration_minutes INTEGER, injuries INTEGER)""", [
            (1, "House Fire", "Millbrook", 2021, 95, 2), (2, "Road Accident", "Ashford", 2021, 60, 3),
            (3, "Wildfire", "Pine Hill", 2022, 480, 0), (4, "Chimney Fire", "Hollow Creek", 2022, 40, 0),
            (5, "House Fire", "Ashford", 2022, 150, 1), (6, "Flooding", "Stonebridge", 2023, 210, 0),
            (7, "Road Accident", "Millbrook", 2023, 75, 4), (8, "Barn Fire", "Hollow Creek", 2023, 130, 0),
            (9, "Wildfire", "Pine Hill", 2023, 360, 1), (10, "Gas Leak", "Elmwood", 2024, 55, 0)]),
        ("response", """CREATE TABLE response (incident_id INTEGER, station_id INTEGER, firefighters_sent INTEGER,
            PRIMARY KEY (incident_id, station_id), FOREIGN KEY (incident_id) REFERENCES incident(incident_id),
            FOREIGN KEY (station_id) REFERENCES station(station_id))""", [
            (1, 1, 6), (1, 2, 4), (2, 2, 5), (3, 5, 3), (3, 3, 4), (3, 4, 6), (4, 3, 3), (5, 2, 8), (5, 4, 5),
            (6, 2, 4), (7, 1, 5), (8, 3, 4), (8, 1, 3), (9, 5, 5), (9, 4, 7), (10, 2, 4)]),
    ]


def orchard_coop() -> Schema:
    """An orchard cooperative: growers, their orchards, fruit varieties, markets and deliveries (orchard, variety
    and market); CamelCase tables and columns."""
    return [
        ("Grower", """CREATE TABLE Grower (GrowerID INTEGER PRIMARY KEY, Name TEXT, Age INTEGER, Village TEXT,
            JoinYear INTEGER)""", [
            (1, "Hanna Keller", 58, "Obstdorf", 1995), (2, "Pietro Russo", 43, "Valbella", 2004),
            (3, "Marta Nowak", 36, "Obstdorf", 2012), (4, "Jonas Weber", 67, "Linden", 1988),
            (5, "Ines Costa", 29, "Valbella", 2019), (6, "Felix Braun", 51, "Linden", 2001),
            (7, "Clara Haas", 40, "Obstdorf", 2015)]),
        ("Orchard", """CREATE TABLE Orchard (OrchardID INTEGER PRIMARY KEY, OrchardName TEXT, GrowerID INTEGER,
            Hectares REAL, Elevation INTEGER, FOREIGN KEY (GrowerID) REFERENCES Grower(GrowerID))""", [
            (1, "Sunny Slope", 1, 12.5, 420), (2, "Old Mill", 1, 6.0, 380), (3, "Hillcrest", 2, 9.2, 610),
            (4, "Brook Meadow", 3, 4.8, 350), (5, "Stone Terrace", 4, 15.3, 540), (6, "Cedar Row", 5, 3.1, 700),
            (7, "Long Acre", 6, 11.0, 300), (8, "Willow Bend", 4, 7.4, 460), (9, "Fox Hollow", 4, 5.6, 510)]),
        ("Variety", """CREATE TABLE Variety (VarietyID INTEGER PRIMARY KEY, VarietyName TEXT, Fruit TEXT,
            HarvestMonth INTEGER)""", [
            (1, "Gala", "Apple", 9), (2, "Braeburn", "Apple", 10), (3, "Conference", "Pear", 9),
            (4, "Williams", "Pear", 8), (5, "Kordia", "Cherry", 7), (6, "Stanley", "Plum", 9),
            (7, "Elstar", "Apple", 9), (8, "Regina", "Cherry", 7)]),
        ("Market", """CREATE TABLE Market (MarketID INTEGER PRIMARY KEY, MarketName TEXT, City TEXT,
            MarketType TEXT)""", [
            (1, "Central Fruit Hall", "Bergstadt", "Wholesale"), (2, "Saturday Market", "Obstdorf", "Farmers Market"),
            (3, "Clearwater Press", "Linden", "Juice Press"), (4, "Northgate Wholesale", "Kronburg", "Wholesale"),
            (5, "Harbor Market", "Seehafen", "Farmers Market")]),
        ("Delivery", """CREATE TABLE Delivery (DeliveryID INTEGER PRIMARY KEY, OrchardID INTEGER, VarietyID INTEGER,
            MarketID INTEGER, Season INTEGER, Tonnes INTEGER, PricePerTonne INTEGER,
            FOREIGN KEY (OrchardID) REFERENCES Orchard(OrchardID),
            FOREIGN KEY (VarietyID) REFERENCES Variety(VarietyID),
            FOREIGN KEY (MarketID) REFERENCES Market(MarketID))""", [
            (1, 1, 1, 1, 2022, 40, 620), (2, 1, 2, 1, 2023, 35, 650), (3, 2, 3, 2, 2022, 12, 800),
            (4, 3, 5, 2, 2023, 8, 2400), (5, 3, 1, 4, 2022, 28, 600), (6, 4, 6, 2, 2023, 10, 900),
            (7, 5, 2, 1, 2022, 55, 640), (8, 5, 7, 4, 2023, 48, 610), (9, 6, 5, 2, 2022, 4, 2600),
            (10, 7, 4, 3, 2023, 22, 500), (11, 7, 3, 1, 2023, 18, 780), (12, 8, 7, 3, 2022, 30, 450),
            (13, 8, 1, 4, 2023, 26, 630), (14, 2, 6, 2, 2023, 9, 700)]),
    ]


BUILDERS = {"film_festival": film_festival, "railway": railway, "school_league": school_league,
            "museum_loans": museum_loans, "music_label": music_label, "hospital_staff": hospital_staff,
            "fire_brigade": fire_brigade, "orchard_coop": orchard_coop}


def build(name: str, out: Path = DEFAULT_OUT) -> Path:
    """Write one database afresh (same bytes of content every time)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.sqlite"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    for table, ddl, rows in BUILDERS[name]():
        conn.execute(ddl)
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
    conn.commit()
    conn.close()
    return path


def build_all(out: Path = DEFAULT_OUT) -> dict[str, Path]:
    return {name: build(name, out) for name in BUILDERS}


def load_questions() -> list[dict[str, str]]:
    return json.loads((HERE / "questions.json").read_text())


def check(out: Path = DEFAULT_OUT) -> list[str]:
    """Every gold query runs and returns at least one non-null row; returns the problems."""
    problems = []
    for i, q in enumerate(load_questions()):
        try:
            conn = sqlite3.connect(f"file:{out / (q['db_id'] + '.sqlite')}?mode=ro", uri=True)
            rows = conn.execute(q["query"]).fetchall()
            conn.close()
        except Exception as exc:  # noqa: BLE001 - reported
            problems.append(f"#{i} {q['db_id']}: {exc}: {q['query']}")
            continue
        if not rows or all(v is None for r in rows for v in r):
            problems.append(f"#{i} {q['db_id']}: no rows: {q['question']}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    build_all(args.out)
    if args.check:
        problems = check(args.out)
        print("\n".join(problems) or "every gold query runs and returns rows")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
