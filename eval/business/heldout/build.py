"""Builders of the HELD-OUT business evaluation databases: never study, print or tune on them.

They judge the engine; their figures are reported only in aggregate. Kept apart from ``../build.py`` (which registers
them) so that whoever works on the studied databases never reads them. Styles: a retail bank (accounts, transactions,
loans, cards), hotel bookings, a public library's loans (spaced and CamelCase names), a healthcare clinic (plain
snake_case) and a bicycle factory's production and purchasing (AdventureWorks-like CamelCase with abbreviations);
written blind on 2026-12-07: a car rental company (SQL Server PascalCase with abbreviations), a nonprofit's
fundraising CRM export (Salesforce-style objects and ``__c`` fields), a wholesale food distributor (an older ERP
export, UPPER_CASE tables with module prefixes), a veterinary practice group's legacy dBASE/FoxPro export (names of
at most eight and ten characters, 'YYYYMMDD' text dates) and a grain elevator cooperative's IBM i / AS/400 extract
(six-letter file names, two-letter field prefixes, eight-digit YYYYMMDD numeric dates); and a food-delivery
platform's Ruby on Rails production database (plural snake_case tables, Rails integer enums with no lookup tables,
money in both DECIMAL dollars and integer cents, a polymorphic ``ratings`` table, soft-deleted customers).
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, timedelta
from typing import Callable

from datagen import FIRST, LAST, _create, _day, _name, _ts


# ---------------------------------------------------------------- bank (retail banking, abbreviations)


def build_bank(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE branch (branch_id INTEGER PRIMARY KEY, branch_name TEXT NOT NULL, city TEXT NOT NULL,
        region TEXT NOT NULL);
    CREATE TABLE client (client_id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, gender CHAR(1), birth_date DATE,
        city TEXT, branch_id INTEGER REFERENCES branch(branch_id), segment TEXT NOT NULL, joined_on TEXT NOT NULL);
    CREATE TABLE account (acct_id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES client(client_id),
        acct_type TEXT NOT NULL, currency CHAR(3) NOT NULL, opened_dt DATE NOT NULL, closed_dt DATE,
        is_closed BOOLEAN NOT NULL, curr_bal NUMERIC(12,2) NOT NULL);
    CREATE TABLE txn (txn_id INTEGER PRIMARY KEY, acct_id INTEGER NOT NULL REFERENCES account(acct_id),
        txn_ts TIMESTAMP NOT NULL, txn_type TEXT NOT NULL, amt NUMERIC(12,2) NOT NULL, channel TEXT NOT NULL,
        merchant_cat TEXT);
    CREATE TABLE loan (loan_id INTEGER PRIMARY KEY, acct_id INTEGER NOT NULL REFERENCES account(acct_id),
        loan_type TEXT NOT NULL, principal_amt NUMERIC(12,2) NOT NULL, int_rate NUMERIC(5,3) NOT NULL,
        term_months INTEGER NOT NULL, start_dt DATE NOT NULL, status TEXT NOT NULL, defaulted BOOLEAN NOT NULL);
    CREATE TABLE card (card_id INTEGER PRIMARY KEY, acct_id INTEGER NOT NULL REFERENCES account(acct_id),
        card_type TEXT NOT NULL, issued_dt DATE NOT NULL, credit_limit NUMERIC(10,2), is_active BOOLEAN NOT NULL);
    """)
    branches = [(1, "Downtown", "Chicago", "Midwest"), (2, "Lakeside", "Chicago", "Midwest"),
                (3, "Harbor Point", "Boston", "Northeast"), (4, "Back Bay", "Boston", "Northeast"),
                (5, "Midtown", "Atlanta", "South"), (6, "Riverwalk", "San Antonio", "South"),
                (7, "Pearl District", "Portland", "West"), (8, "Mission", "San Francisco", "West")]
    conn.executemany("INSERT INTO branch VALUES (?,?,?,?)", branches)
    clients = []
    for cid in range(1, 401):
        fn, ln = _name(rng)
        b = rng.choice(branches)
        seg = rng.choices(("retail", "premium", "private"), weights=(75, 20, 5))[0]
        clients.append((cid, f"{fn} {ln}", rng.choice("MF"), _day(rng, date(1945, 1, 1), date(2003, 12, 31)).isoformat(),
                        b[2], b[0], seg, _day(rng, date(2015, 1, 1), date(2023, 12, 31)).strftime("%d/%m/%Y")))
    conn.executemany("INSERT INTO client VALUES (?,?,?,?,?,?,?,?)", clients)
    accts = []
    for c in clients:
        for _ in range(rng.choices((1, 2, 3), weights=(50, 35, 15))[0]):
            aid = len(accts) + 1
            atype = rng.choices(("checking", "savings", "business"), weights=(55, 35, 10))[0]
            opened = _day(rng, date(2016, 1, 1), date(2023, 6, 30))
            closed = rng.random() < 0.07
            cdt = _day(rng, date(2024, 1, 1), date(2024, 12, 31)).isoformat() if closed else None
            bal = 0.0 if closed else round(rng.lognormvariate(8.2 if atype != "savings" else 9.0, 1.0), 2)
            accts.append((aid, c[0], atype, "USD" if rng.random() < 0.9 else "EUR", opened.isoformat(), cdt,
                          1 if closed else 0, bal))
    conn.executemany("INSERT INTO account VALUES (?,?,?,?,?,?,?,?)", accts)
    txns = []
    mcats = ("grocery", "fuel", "restaurants", "travel", "online retail", "utilities", "healthcare")
    for _ in range(9000):
        a = rng.choice(accts)
        d = _day(rng, date(2023, 1, 1), date(2024, 12, 31))
        tt = rng.choices(("deposit", "withdrawal", "card payment", "transfer", "fee", "interest"),
                         weights=(20, 15, 40, 15, 5, 5))[0]
        amt = {"deposit": rng.uniform(50, 5000), "withdrawal": rng.uniform(20, 800), "card payment": rng.uniform(3, 400),
               "transfer": rng.uniform(25, 3000), "fee": rng.choice((2.5, 5.0, 12.0, 25.0)),
               "interest": rng.uniform(0.5, 60)}[tt]
        ch = "branch" if tt == "deposit" and rng.random() < 0.3 else rng.choice(("mobile", "online", "atm", "pos")) \
            if tt != "card payment" else "pos"
        txns.append((len(txns) + 1, a[0], _ts(rng, d, 0, 24), tt, round(amt, 2), ch,
                     rng.choice(mcats) if tt == "card payment" else None))
    conn.executemany("INSERT INTO txn VALUES (?,?,?,?,?,?,?)", txns)
    loans = []
    for a in accts:
        if a[2] == "savings" or rng.random() > 0.22:
            continue
        lt = rng.choices(("mortgage", "auto", "personal", "student"), weights=(25, 30, 35, 10))[0]
        principal = {"mortgage": rng.uniform(120000, 650000), "auto": rng.uniform(8000, 45000),
                     "personal": rng.uniform(1000, 25000), "student": rng.uniform(5000, 60000)}[lt]
        term = {"mortgage": rng.choice((180, 240, 360)), "auto": rng.choice((36, 48, 60, 72)),
                "personal": rng.choice((12, 24, 36, 60)), "student": rng.choice((120, 180))}[lt]
        start = _day(rng, date(2019, 1, 1), date(2024, 9, 30))
        defaulted = rng.random() < 0.06
        status = "defaulted" if defaulted else ("paid off" if rng.random() < 0.2 else "active")
        loans.append((len(loans) + 1, a[0], lt, round(principal, 2), round(rng.uniform(2.5, 11.9), 3), term,
                      start.isoformat(), status, 1 if defaulted else 0))
    conn.executemany("INSERT INTO loan VALUES (?,?,?,?,?,?,?,?,?)", loans)
    cards = []
    for a in accts:
        if a[2] == "savings":
            continue
        for _ in range(rng.choice((0, 1, 1, 2))):
            ct_ = rng.choices(("debit", "credit", "credit gold"), weights=(60, 30, 10))[0]
            limit = None if ct_ == "debit" else rng.choice((1000, 2500, 5000, 10000, 20000))
            cards.append((len(cards) + 1, a[0], ct_, _day(rng, date(2018, 1, 1), date(2024, 6, 30)).isoformat(), limit,
                          0 if a[6] or rng.random() < 0.05 else 1))
    conn.executemany("INSERT INTO card VALUES (?,?,?,?,?,?)", cards)


# ---------------------------------------------------------------- hotel (bookings)


def build_hotel(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE hotels (hotel_id INTEGER PRIMARY KEY, hotel_name TEXT NOT NULL, city TEXT NOT NULL,
        country TEXT NOT NULL, star_rating INTEGER NOT NULL, opened_year INTEGER);
    CREATE TABLE room_types (room_type_id INTEGER PRIMARY KEY, hotel_id INTEGER NOT NULL REFERENCES hotels(hotel_id),
        room_type TEXT NOT NULL, max_occupancy INTEGER NOT NULL, base_rate NUMERIC(8,2) NOT NULL,
        rooms_available INTEGER NOT NULL);
    CREATE TABLE guests (guest_id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
        email TEXT, country TEXT NOT NULL, loyalty_tier TEXT, is_loyalty_member BOOLEAN NOT NULL,
        created_at TIMESTAMP NOT NULL);
    CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, guest_id INTEGER NOT NULL REFERENCES guests(guest_id),
        room_type_id INTEGER NOT NULL REFERENCES room_types(room_type_id), booked_at TIMESTAMP NOT NULL,
        check_in DATE NOT NULL, check_out DATE NOT NULL, nights INTEGER NOT NULL, adults INTEGER NOT NULL,
        children INTEGER NOT NULL, booking_channel TEXT NOT NULL, total_amount NUMERIC(10,2) NOT NULL,
        cancelled BOOLEAN NOT NULL, cancelled_at TIMESTAMP);
    CREATE TABLE guest_reviews (review_id INTEGER PRIMARY KEY, booking_id INTEGER NOT NULL REFERENCES bookings(booking_id),
        score NUMERIC(3,1) NOT NULL, review_text TEXT, submitted_on TEXT NOT NULL);
    """)
    hotels = [(1, "Harborview Grand", "Lisbon", "Portugal", 5, 1998), (2, "Alfama Boutique", "Lisbon", "Portugal", 4, 2015),
              (3, "Canal House", "Amsterdam", "Netherlands", 4, 2009), (4, "Dam Square Inn", "Amsterdam", "Netherlands", 3, 1987),
              (5, "Sagrada Suites", "Barcelona", "Spain", 4, 2012), (6, "Ramblas Budget", "Barcelona", "Spain", 2, 2001),
              (7, "Alpine Lodge", "Innsbruck", "Austria", 3, 1979), (8, "Danube Palace", "Vienna", "Austria", 5, 1905)]
    conn.executemany("INSERT INTO hotels VALUES (?,?,?,?,?,?)", hotels)
    rooms = []
    for h in hotels:
        for rtype, occ, mult in (("Standard", 2, 1.0), ("Deluxe", 2, 1.4), ("Family", 4, 1.6), ("Suite", 3, 2.5)):
            if rtype == "Suite" and h[4] < 4:
                continue
            rate = round((40 + 30 * h[4]) * mult + rng.randrange(0, 20), 2)
            rooms.append((len(rooms) + 1, h[0], rtype, occ, rate, rng.randrange(4, 40)))
    conn.executemany("INSERT INTO room_types VALUES (?,?,?,?,?,?)", rooms)
    countries = ("Portugal", "Spain", "Germany", "United Kingdom", "France", "United States", "Netherlands", "Brazil",
                 "Japan", "Austria")
    guests = []
    for gid in range(1, 501):
        fn, ln = _name(rng)
        member = rng.random() < 0.3
        tier = rng.choices(("silver", "gold", "platinum"), weights=(60, 30, 10))[0] if member else None
        guests.append((gid, fn, ln, f"{fn}.{ln}.{gid}@guest.test".lower(), rng.choice(countries), tier,
                       1 if member else 0, _ts(rng, _day(rng, date(2020, 1, 1), date(2023, 12, 31)))))
    conn.executemany("INSERT INTO guests VALUES (?,?,?,?,?,?,?,?)", guests)
    bookings = []
    season = (0.6, 0.6, 0.8, 1.0, 1.1, 1.3, 1.6, 1.7, 1.2, 1.0, 0.7, 0.9)
    for bid in range(1, 3001):
        g = rng.choice(guests)
        r = rng.choice(rooms)
        while True:
            ci = _day(rng, date(2022, 1, 1), date(2024, 12, 31))
            if rng.random() < season[ci.month - 1] / 1.7:
                break
        nights = rng.choices((1, 2, 3, 4, 5, 7, 10), weights=(15, 25, 22, 14, 10, 9, 5))[0]
        booked = ci - timedelta(days=rng.randrange(0, 180))
        adults = rng.randrange(1, min(3, r[3]) + 1)
        children = rng.randrange(0, r[3] - adults + 1) if r[2] == "Family" else 0
        channel = rng.choices(("Online Travel Agent", "Direct", "Corporate", "Walk-in"), weights=(50, 30, 15, 5))[0]
        amount = round(float(r[4]) * nights * season[ci.month - 1], 2)
        cancelled = rng.random() < (0.28 if channel == "Online Travel Agent" else 0.12)
        cat = _ts(rng, booked + timedelta(days=rng.randrange(0, max(1, (ci - booked).days) + 1))) if cancelled else None
        bookings.append((bid, g[0], r[0], _ts(rng, booked), ci.isoformat(), (ci + timedelta(days=nights)).isoformat(),
                         nights, adults, children, channel, amount, 1 if cancelled else 0, cat))
    conn.executemany("INSERT INTO bookings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", bookings)
    reviews = []
    for b in bookings:
        if b[11] or rng.random() > 0.35:
            continue
        stars = hotels[rooms[b[2] - 1][1] - 1][4]
        score = round(min(10.0, max(2.0, rng.gauss(5.5 + 0.7 * stars, 1.2))), 1)
        reviews.append((len(reviews) + 1, b[0], score, None, (date.fromisoformat(b[5]) + timedelta(days=rng.randrange(1, 15))).strftime("%Y-%m-%d")))
    conn.executemany("INSERT INTO guest_reviews VALUES (?,?,?,?,?)", reviews)


# ---------------------------------------------------------------- library (spaced and CamelCase names, text dates)

LIB_GENRES = ("Fiction", "Mystery", "Science Fiction", "Biography", "History", "Children", "Science", "Cooking",
              "Travel", "Poetry")
LIB_TITLE_A = ("The Silent", "A Distant", "The Last", "Beyond the", "The Hidden", "Under the", "The Broken", "Letters from the",
               "The Winter", "Secrets of the", "The Glass", "Songs of the", "The Forgotten", "Journey to the", "The Paper")
LIB_TITLE_B = ("River", "Garden", "Harbor", "Mountain", "Lighthouse", "Orchard", "Kingdom", "Island", "Library", "Forest",
               "Desert", "City", "Bridge", "Meadow")
LIB_BRANCHES = ((1, "Central Library", "Downtown", 1908), (2, "Riverside Branch", "Riverside", 1962),
                (3, "Oak Hill Branch", "Oak Hill", 1975), (4, "Eastgate Branch", "Eastgate", 1999),
                (5, "Harbor View Branch", "Harbor View", 2018))


def build_library(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE Branches (BranchID INTEGER PRIMARY KEY, "Branch Name" TEXT NOT NULL, Neighborhood TEXT NOT NULL,
        "Year Opened" INTEGER NOT NULL);
    CREATE TABLE Authors (AuthorID INTEGER PRIMARY KEY, "Author Name" TEXT NOT NULL, Nationality TEXT,
        "Birth Year" INTEGER);
    CREATE TABLE Books (BookID INTEGER PRIMARY KEY, Title TEXT NOT NULL, AuthorID INTEGER NOT NULL REFERENCES Authors(AuthorID),
        Genre TEXT NOT NULL, "Pub Year" INTEGER NOT NULL, Pages INTEGER NOT NULL, "Replacement Cost" REAL NOT NULL,
        IsReferenceOnly INTEGER NOT NULL);
    CREATE TABLE Copies (CopyID INTEGER PRIMARY KEY, BookID INTEGER NOT NULL REFERENCES Books(BookID),
        BranchID INTEGER NOT NULL REFERENCES Branches(BranchID), "Date Acquired" TEXT NOT NULL, Condition TEXT NOT NULL);
    CREATE TABLE Members (MemberID INTEGER PRIMARY KEY, "First Name" TEXT NOT NULL, "Last Name" TEXT NOT NULL,
        "Home Branch" INTEGER REFERENCES Branches(BranchID), "Member Since" TEXT NOT NULL, "Membership Type" TEXT NOT NULL,
        IsStudent INTEGER NOT NULL);
    CREATE TABLE Loans (LoanID INTEGER PRIMARY KEY, CopyID INTEGER NOT NULL REFERENCES Copies(CopyID),
        MemberID INTEGER NOT NULL REFERENCES Members(MemberID), "Loan Date" TEXT NOT NULL, "Due Date" TEXT NOT NULL,
        "Return Date" TEXT, Renewed INTEGER NOT NULL);
    CREATE TABLE Fines (FineID INTEGER PRIMARY KEY, LoanID INTEGER NOT NULL REFERENCES Loans(LoanID),
        "Fine Amount" REAL NOT NULL, "Fine Paid" INTEGER NOT NULL, "Assessed On" TEXT NOT NULL);
    """)
    conn.executemany("INSERT INTO Branches VALUES (?,?,?,?)", LIB_BRANCHES)
    nations = ("American", "British", "Irish", "Canadian", "Nigerian", "Japanese", "French", "Chilean", "Indian", "Swedish")
    authors = []
    for aid in range(1, 61):
        fn, ln = _name(rng)
        authors.append((aid, f"{fn} {ln}", rng.choice(nations), rng.randrange(1920, 1992)))
    # names must be unique to be a label
    seen: set[str] = set()
    for i, a in enumerate(authors):
        nm = a[1]
        while nm in seen:
            nm = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        seen.add(nm)
        authors[i] = (a[0], nm, a[2], a[3])
    conn.executemany("INSERT INTO Authors VALUES (?,?,?,?)", authors)
    titles = rng.sample([f"{a} {b}" for a in LIB_TITLE_A for b in LIB_TITLE_B], 180)
    books = []
    for bid, t in enumerate(titles, 1):
        g = rng.choice(LIB_GENRES)
        pages = rng.randrange(40, 140) if g in ("Children", "Poetry") else rng.randrange(160, 720)
        books.append((bid, t, rng.randrange(1, 56), g, rng.randrange(1965, 2025), pages,
                      round(rng.uniform(8, 45) + pages / 60, 2), 1 if rng.random() < 0.06 else 0))
    conn.executemany("INSERT INTO Books VALUES (?,?,?,?,?,?,?,?)", books)
    copies = []
    for b in books:
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            br = rng.choices(LIB_BRANCHES, weights=(40, 20, 18, 15, 7))[0]
            acq = _day(rng, date(max(b[4], 2005 if br[0] != 5 else 2018), 1, 1), date(2024, 12, 31))
            copies.append((len(copies) + 1, b[0], br[0], acq.strftime("%Y-%m-%d"),
                           rng.choices(("good", "fair", "worn", "damaged"), weights=(55, 28, 12, 5))[0]))
    conn.executemany("INSERT INTO Copies VALUES (?,?,?,?,?)", copies)
    members = []
    for mid in range(1, 401):
        fn, ln = _name(rng)
        student = 1 if rng.random() < 0.22 else 0
        members.append((mid, fn, ln, rng.choices(LIB_BRANCHES, weights=(35, 20, 20, 17, 8))[0][0],
                        _day(rng, date(2015, 1, 1), date(2025, 9, 30)).strftime("%Y-%m-%d"),
                        "Student" if student else rng.choices(("Adult", "Senior", "Family"), weights=(60, 20, 20))[0], student))
    conn.executemany("INSERT INTO Members VALUES (?,?,?,?,?,?,?)", members)
    loans, fines = [], []
    lendable = [c for c in copies if books[c[1] - 1][7] == 0]
    weights = [rng.paretovariate(1.5) for _ in members]
    for _ in range(2600):
        m = rng.choices(members, weights=weights)[0]
        c = rng.choice(lendable)
        lo = max(date.fromisoformat(m[4]), date.fromisoformat(c[3]), date(2023, 1, 1))
        if lo > date(2025, 12, 20):
            continue
        ld = _day(rng, lo, date(2025, 12, 20))
        renewed = 1 if rng.random() < 0.18 else 0
        due = ld + timedelta(days=21 * (1 + renewed))
        late = rng.random() < 0.16
        ret = ld + timedelta(days=rng.randrange(3, 21 * (1 + renewed)) if not late else 21 * (1 + renewed) + rng.randrange(1, 40))
        returned = ret.strftime("%Y-%m-%d") if ret <= date(2025, 12, 31) and rng.random() > 0.02 else None
        loans.append((len(loans) + 1, c[0], m[0], ld.strftime("%Y-%m-%d"), due.strftime("%Y-%m-%d"), returned, renewed))
        if late and returned:
            days_late = (ret - due).days
            fines.append((len(fines) + 1, len(loans), round(min(0.25 * days_late, 10.0), 2),
                          1 if rng.random() < 0.7 else 0, ret.strftime("%Y-%m-%d")))
    conn.executemany("INSERT INTO Loans VALUES (?,?,?,?,?,?,?)", loans)
    conn.executemany("INSERT INTO Fines VALUES (?,?,?,?,?)", fines)


# ---------------------------------------------------------------- clinic (plain snake_case, healthcare clinic)

CLINIC_DEPTS = ((1, "General Medicine", 1), (2, "Pediatrics", 2), (3, "Cardiology", 3), (4, "Dermatology", 2),
                (5, "Orthopedics", 3), (6, "Neurology", 4), (7, "Psychiatry", 4))
CLINIC_SPECIALTY = {1: "Family Medicine", 2: "Pediatrics", 3: "Cardiology", 4: "Dermatology", 5: "Orthopedic Surgery",
                    6: "Neurology", 7: "Psychiatry"}
CLINIC_REASONS = {1: ("annual checkup", "flu symptoms", "back pain", "blood pressure check", "vaccination"),
                  2: ("well child visit", "vaccination", "ear infection", "fever"),
                  3: ("chest pain", "blood pressure check", "arrhythmia follow-up", "stress test"),
                  4: ("rash", "acne", "skin screening", "eczema"),
                  5: ("knee pain", "back pain", "fracture follow-up", "sports injury"),
                  6: ("migraine", "dizziness", "numbness", "memory concerns"),
                  7: ("anxiety", "depression", "sleep problems", "medication review")}
CLINIC_MEDS = ((1, "Amoxicillin", "antibiotic", 0.45, 0), (2, "Azithromycin", "antibiotic", 1.20, 0),
               (3, "Lisinopril", "antihypertensive", 0.30, 0), (4, "Amlodipine", "antihypertensive", 0.35, 0),
               (5, "Metoprolol", "beta blocker", 0.40, 0), (6, "Atorvastatin", "statin", 0.55, 0),
               (7, "Ibuprofen", "analgesic", 0.10, 0), (8, "Oxycodone", "opioid analgesic", 2.80, 1),
               (9, "Sertraline", "antidepressant", 0.65, 0), (10, "Alprazolam", "benzodiazepine", 0.90, 1),
               (11, "Sumatriptan", "antimigraine", 3.40, 0), (12, "Hydrocortisone Cream", "corticosteroid", 4.10, 0),
               (13, "Isotretinoin", "retinoid", 6.50, 0), (14, "Albuterol Inhaler", "bronchodilator", 18.00, 0),
               (15, "Methylphenidate", "stimulant", 2.20, 1), (16, "Warfarin", "anticoagulant", 0.50, 0),
               (17, "Insulin Glargine", "insulin", 24.00, 0), (18, "Gabapentin", "anticonvulsant", 0.75, 0))
CLINIC_MEDS_BY_DEPT = {1: (1, 2, 3, 6, 7, 14, 17), 2: (1, 2, 7, 14), 3: (3, 4, 5, 6, 16), 4: (12, 13, 1),
                       5: (7, 8, 18), 6: (11, 18, 7), 7: (9, 10)}  # 15 (stimulant) is on the formulary, never prescribed
CLINIC_CITIES = ("Springfield", "Riverton", "Lakeside", "Fairview", "Oak Hill", "Maple Grove")
CLINIC_INSURERS = ("BlueShield", "Aetna", "UnitedHealth", "Cigna", "Medicare", "Medicaid")


def build_clinic(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE departments (department_id INTEGER PRIMARY KEY, department_name TEXT NOT NULL,
        floor_number INTEGER NOT NULL);
    CREATE TABLE doctors (doctor_id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
        specialty TEXT NOT NULL, department_id INTEGER NOT NULL REFERENCES departments(department_id),
        hire_date TEXT NOT NULL, consultation_fee REAL NOT NULL, is_accepting_new_patients INTEGER NOT NULL);
    CREATE TABLE patients (patient_id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
        gender TEXT NOT NULL, date_of_birth TEXT NOT NULL, city TEXT NOT NULL, insurance_provider TEXT,
        registration_date TEXT NOT NULL);
    CREATE TABLE appointments (appointment_id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients(patient_id),
        doctor_id INTEGER NOT NULL REFERENCES doctors(doctor_id), appointment_date TEXT NOT NULL,
        start_time TEXT NOT NULL, duration_minutes INTEGER NOT NULL, reason TEXT NOT NULL, status TEXT NOT NULL,
        is_telehealth INTEGER NOT NULL);
    CREATE TABLE medications (medication_id INTEGER PRIMARY KEY, medication_name TEXT NOT NULL,
        drug_class TEXT NOT NULL, unit_price REAL NOT NULL, is_controlled_substance INTEGER NOT NULL);
    CREATE TABLE prescriptions (prescription_id INTEGER PRIMARY KEY,
        appointment_id INTEGER NOT NULL REFERENCES appointments(appointment_id),
        medication_id INTEGER NOT NULL REFERENCES medications(medication_id), dosage TEXT NOT NULL,
        quantity INTEGER NOT NULL, refills INTEGER NOT NULL);
    CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY,
        appointment_id INTEGER NOT NULL REFERENCES appointments(appointment_id), invoice_date TEXT NOT NULL,
        total_amount REAL NOT NULL, insurance_paid REAL NOT NULL, patient_paid REAL NOT NULL,
        payment_status TEXT NOT NULL);
    """)
    conn.executemany("INSERT INTO departments VALUES (?,?,?)", CLINIC_DEPTS)
    doctors = []
    for did in range(1, 29):
        dept = CLINIC_DEPTS[(did - 1) % 7][0] if did <= 21 else rng.choice((1, 1, 2, 3, 5))
        fn, ln = _name(rng)
        base = {1: 120, 2: 130, 3: 260, 4: 180, 5: 240, 6: 250, 7: 200}[dept]
        # doctors 27 and 28 join in January 2026: on staff, no appointments yet
        hired = date(2026, 1, 5) if did >= 27 else _day(rng, date(2008, 1, 1), date(2024, 6, 30))
        doctors.append((did, fn, ln, CLINIC_SPECIALTY[dept], dept, hired.isoformat(),
                        float(base + rng.randrange(-3, 6) * 10), 1 if rng.random() < 0.7 else 0))
    conn.executemany("INSERT INTO doctors VALUES (?,?,?,?,?,?,?,?)", doctors)
    patients = []
    for pid in range(1, 901):
        fn, ln = _name(rng)
        age = rng.choice((rng.randrange(0, 18), rng.randrange(18, 65), rng.randrange(18, 65), rng.randrange(65, 92)))
        born = date(2025 - age, 1, 1) + timedelta(days=rng.randrange(365))
        ins = rng.choices(CLINIC_INSURERS + (None,), weights=(22, 18, 20, 12, 14 if age >= 65 else 2, 8, 6))[0]
        if age >= 65 and ins is not None and rng.random() < 0.7:
            ins = "Medicare"
        patients.append((pid, fn, ln, rng.choice(("F", "M")), born.isoformat(),
                         rng.choices(CLINIC_CITIES, weights=(30, 20, 15, 15, 10, 10))[0], ins,
                         _day(rng, date(2018, 1, 1), date(2025, 11, 30)).isoformat()))
    conn.executemany("INSERT INTO patients VALUES (?,?,?,?,?,?,?,?)", patients)
    appts, rx, invoices = [], [], []
    pool = patients[:860]  # the last 40 registered patients have not been seen yet
    pw = [rng.paretovariate(1.5) for _ in pool]
    staffed = doctors[:26]
    dw = [rng.uniform(0.5, 2.0) for _ in staffed]
    for _ in range(6400):
        p = rng.choices(pool, weights=pw)[0]
        age_years = 2025 - int(p[4][:4])
        cands = [(d, w) for d, w in zip(staffed, dw, strict=True) if (d[4] == 2) == (age_years < 18) or d[4] in (4, 5)]
        d = rng.choices([c[0] for c in cands], weights=[c[1] for c in cands])[0]
        day = _day(rng, max(date(2023, 1, 1), date.fromisoformat(p[7])), date(2026, 1, 31))
        if day.weekday() == 6:
            day += timedelta(days=1)
        if day > date(2025, 12, 31):
            status = "scheduled"
        else:
            status = rng.choices(("completed", "cancelled", "no-show"), weights=(82, 12, 6))[0]
        start = f"{rng.randrange(8, 17):02d}:{rng.choice(('00', '15', '30', '45'))}"
        dur = rng.choice((15, 20, 30, 30, 45, 60)) if d[4] != 7 else rng.choice((45, 60))
        tele = 1 if d[4] in (1, 7) and rng.random() < 0.3 else 0
        aid = len(appts) + 1
        appts.append((aid, p[0], d[0], day.isoformat(), start, dur, rng.choice(CLINIC_REASONS[d[4]]), status, tele))
        if status != "completed":
            continue
        if rng.random() < 0.55:
            for mid in rng.sample(CLINIC_MEDS_BY_DEPT[d[4]], rng.choice((1, 1, 1, 2))):
                qty = rng.choice((10, 14, 20, 28, 30, 60, 90)) if mid not in (12, 14, 17) else rng.choice((1, 2, 3))
                rx.append((len(rx) + 1, aid, mid, rng.choice(("once daily", "twice daily", "three times daily",
                                                               "as needed")), qty, rng.choice((0, 0, 1, 2, 3, 5))))
        total = round(d[6] * (1.0 if dur <= 30 else 1.5) * (0.8 if tele else 1.0), 2)
        if p[6] is None:
            ins_paid = 0.0
        else:
            ins_paid = round(total * rng.choice((0.6, 0.7, 0.8, 0.9)), 2)
        inv_day = day + timedelta(days=rng.randrange(0, 4))
        if inv_day > date(2025, 12, 31):
            inv_day = date(2025, 12, 31)
        unpaid = inv_day > date(2025, 11, 1) and rng.random() < 0.5 or rng.random() < 0.04
        status_pay = "unpaid" if unpaid else ("paid" if rng.random() < 0.93 else "partially paid")
        patient_paid = 0.0 if unpaid else round((total - ins_paid) * (1.0 if status_pay == "paid" else 0.5), 2)
        invoices.append((len(invoices) + 1, aid, inv_day.isoformat(), total, ins_paid if not unpaid else 0.0,
                         patient_paid, status_pay))
    conn.executemany("INSERT INTO appointments VALUES (?,?,?,?,?,?,?,?,?)", appts)
    conn.executemany("INSERT INTO medications VALUES (?,?,?,?,?)", CLINIC_MEDS)
    conn.executemany("INSERT INTO prescriptions VALUES (?,?,?,?,?,?)", rx)
    conn.executemany("INSERT INTO invoices VALUES (?,?,?,?,?,?,?)", invoices)


# ---------------------------------------------------------------- factory (CamelCase and abbreviations,
# AdventureWorks-like production and purchasing)

FAC_PLANTS = ((1, "Detroit Assembly", "Detroit", "USA", 1987), (2, "Monterrey Works", "Monterrey", "Mexico", 2004),
              (3, "Stuttgart Precision", "Stuttgart", "Germany", 1996), (4, "Pune Components", "Pune", "India", 2012),
              (5, "Shenzhen Electronics", "Shenzhen", "China", 2009))
FAC_CATEGORIES = ((1, "Bikes"), (2, "Frames"), (3, "Wheels"), (4, "Drivetrain"), (5, "Brakes"), (6, "Components"),
                  (7, "Accessories"), (8, "Raw Materials"))
FAC_PRODUCTS = {
    1: (("Road-150", 2200.0), ("Road-450", 1450.0), ("Mountain-200", 2300.0), ("Mountain-500", 540.0),
        ("Touring-1000", 2380.0), ("Touring-3000", 740.0), ("City Cruiser", 480.0), ("Gravel-600", 1290.0)),
    2: (("HL Road Frame", 1430.0), ("ML Road Frame", 590.0), ("LL Road Frame", 340.0), ("HL Mountain Frame", 1360.0),
        ("LL Mountain Frame", 265.0), ("Touring Frame", 1000.0)),
    3: (("HL Road Wheel", 330.0), ("LL Road Wheel", 110.0), ("HL Mountain Wheel", 300.0), ("LL Mountain Wheel", 60.0),
        ("Touring Rear Wheel", 245.0)),
    4: (("HL Crankset", 405.0), ("LL Crankset", 175.0), ("Rear Derailleur", 122.0), ("Front Derailleur", 91.0),
        ("Chain", 20.0), ("Cassette 11-speed", 68.0), ("Bottom Bracket", 54.0)),
    5: (("Front Brakes", 106.0), ("Rear Brakes", 106.0), ("Disc Rotor", 38.0), ("Brake Pads", 12.0)),
    6: (("Handlebars", 44.0), ("Headset", 35.0), ("Seat Post", 28.0), ("Saddle", 52.0), ("Pedal", 40.0),
        ("Fork", 175.0), ("Rear Shock", 310.0)),
    7: (("Water Bottle", 5.0), ("Bike Lock", 25.0), ("Helmet", 35.0), ("Tire Tube", 5.0), ("Pump", 20.0),
        ("Light Set", 45.0), ("Fender Set", 22.0)),
    8: (("Aluminum Tube 6061", 14.0), ("Steel Tube 4130", 11.0), ("Carbon Sheet", 48.0), ("Rubber Compound", 6.0),
        ("Paint Black", 9.0), ("Paint Red", 9.0)),
}
FAC_VENDOR_A = ("Allied", "Bay", "Capital", "Crown", "Eastern", "Global", "Integrity", "Jackson", "Lakeside",
                "Northern", "Pacific", "Premier", "Superior", "Trey", "Vista", "Western")
FAC_VENDOR_B = ("Bike Parts", "Metals", "Cycle Supply", "Components", "Rubber Co", "Sports", "Distribution")
FAC_SCRAP = ("Paint process failed", "Drill size too large", "Handling damage", "Trim length too short",
             "Wheel misaligned", "Thermoform temperature too high", "Seat assembly not as ordered")


def build_factory(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE Plant (PlantID INTEGER PRIMARY KEY, PlantName TEXT NOT NULL, City TEXT NOT NULL,
        Country TEXT NOT NULL, OpenedYr INTEGER NOT NULL);
    CREATE TABLE ProdCategory (CategoryID INTEGER PRIMARY KEY, CategoryName TEXT NOT NULL);
    CREATE TABLE Product (ProductID INTEGER PRIMARY KEY, ProdName TEXT NOT NULL, ProdNumber TEXT NOT NULL,
        CategoryID INTEGER NOT NULL REFERENCES ProdCategory(CategoryID), StdCost REAL NOT NULL,
        ListPrice REAL NOT NULL, SafetyStockLvl INTEGER NOT NULL, ReorderPt INTEGER NOT NULL,
        MakeFlag INTEGER NOT NULL, DiscontinuedFlag INTEGER NOT NULL, SellStartDt TEXT NOT NULL);
    CREATE TABLE Vendor (VendorID INTEGER PRIMARY KEY, VendorName TEXT NOT NULL, Country TEXT NOT NULL,
        CreditRating INTEGER NOT NULL, PreferredVendorFlag INTEGER NOT NULL, ActiveFlag INTEGER NOT NULL);
    CREATE TABLE PurchOrderHdr (PurchOrderID INTEGER PRIMARY KEY, VendorID INTEGER NOT NULL REFERENCES Vendor(VendorID),
        PlantID INTEGER NOT NULL REFERENCES Plant(PlantID), OrderDt TEXT NOT NULL, ShipDt TEXT,
        Status TEXT NOT NULL, SubTotal REAL NOT NULL, TaxAmt REAL NOT NULL, FreightAmt REAL NOT NULL);
    CREATE TABLE PurchOrderDtl (PurchOrderDtlID INTEGER PRIMARY KEY,
        PurchOrderID INTEGER NOT NULL REFERENCES PurchOrderHdr(PurchOrderID),
        ProductID INTEGER NOT NULL REFERENCES Product(ProductID), OrderQty INTEGER NOT NULL, UnitPrice REAL NOT NULL,
        ReceivedQty INTEGER NOT NULL, RejectedQty INTEGER NOT NULL);
    CREATE TABLE WorkOrder (WorkOrderID INTEGER PRIMARY KEY, ProductID INTEGER NOT NULL REFERENCES Product(ProductID),
        PlantID INTEGER NOT NULL REFERENCES Plant(PlantID), OrderQty INTEGER NOT NULL, ScrappedQty INTEGER NOT NULL,
        StartDt TEXT NOT NULL, DueDt TEXT NOT NULL, EndDt TEXT, ScrapReason TEXT);
    CREATE TABLE Inventory (ProductID INTEGER NOT NULL REFERENCES Product(ProductID),
        PlantID INTEGER NOT NULL REFERENCES Plant(PlantID), QtyOnHand INTEGER NOT NULL, BinLocation TEXT NOT NULL,
        PRIMARY KEY (ProductID, PlantID));
    """)
    conn.executemany("INSERT INTO Plant VALUES (?,?,?,?,?)", FAC_PLANTS)
    conn.executemany("INSERT INTO ProdCategory VALUES (?,?)", FAC_CATEGORIES)
    products = []
    for cat, items in FAC_PRODUCTS.items():
        for nm, price in items:
            pid = len(products) + 1
            make = 1 if cat in (1, 2, 3) or (cat == 4 and rng.random() < 0.4) else 0
            cost = round(price * rng.uniform(0.45, 0.7), 2)
            list_price = price if cat != 8 else 0.0  # raw materials are not sold
            safety = rng.choice((4, 100, 500, 800, 1000)) if cat != 1 else rng.choice((50, 100))
            products.append((pid, nm, f"{nm[:2].upper()}-{1000 + pid * 7}", cat, cost, list_price, safety,
                             int(safety * 0.75), make, 1 if rng.random() < 0.12 else 0,
                             _day(rng, date(2015, 1, 1), date(2024, 12, 31)).isoformat()))
    conn.executemany("INSERT INTO Product VALUES (?,?,?,?,?,?,?,?,?,?,?)", products)
    names = rng.sample([f"{a} {b}" for a in FAC_VENDOR_A for b in FAC_VENDOR_B], 34)
    vendors = [(i, n, rng.choices(("USA", "Mexico", "Germany", "India", "China", "Taiwan"), weights=(35, 12, 12, 10, 16, 15))[0],
                rng.choices((1, 2, 3, 4, 5), weights=(40, 30, 15, 10, 5))[0], 1 if rng.random() < 0.4 else 0,
                0 if i > 30 else (0 if rng.random() < 0.1 else 1)) for i, n in enumerate(names, 1)]
    conn.executemany("INSERT INTO Vendor VALUES (?,?,?,?,?,?)", vendors)
    bought = [p for p in products if p[8] == 0]
    made = [p for p in products if p[8] == 1]
    hdrs, dtls = [], []
    trading = vendors[:30]  # vendors 31-34 are registered but have never received an order
    vw = [rng.paretovariate(1.3) for _ in trading]
    for _ in range(1600):
        v = rng.choices(trading, weights=vw)[0]
        plant = rng.choices(FAC_PLANTS, weights=(30, 20, 20, 15, 15))[0]
        od = _day(rng, date(2023, 1, 1), date(2025, 12, 31))
        status = rng.choices(("Complete", "Approved", "Pending", "Rejected"), weights=(80, 8, 6, 6))[0]
        if od > date(2025, 12, 10) and status == "Complete":
            status = "Approved"
        sd = od + timedelta(days=rng.randrange(2, 21)) if status == "Complete" else None
        poid = len(hdrs) + 1
        sub = 0.0
        for p in rng.sample(bought, rng.choice((1, 1, 2, 3, 4))):
            qty = rng.choice((3, 50, 100, 250, 500, 550, 1000))
            price = round(p[4] * rng.uniform(0.95, 1.1), 2)
            rejected = int(qty * rng.uniform(0.01, 0.08)) if status == "Complete" and rng.random() < 0.2 else 0
            received = qty if status == "Complete" else 0
            dtls.append((len(dtls) + 1, poid, p[0], qty, price, received, rejected))
            sub += qty * price
        sub = round(sub, 2)
        hdrs.append((poid, v[0], plant[0], od.isoformat(), sd.isoformat() if sd else None, status, sub,
                     round(sub * 0.08, 2), round(sub * rng.uniform(0.01, 0.04) + 25, 2)))
    conn.executemany("INSERT INTO PurchOrderHdr VALUES (?,?,?,?,?,?,?,?,?)", hdrs)
    conn.executemany("INSERT INTO PurchOrderDtl VALUES (?,?,?,?,?,?,?)", dtls)
    wos = []
    mw = [3 if p[3] == 1 else 1 for p in made]
    for _ in range(3200):
        p = rng.choices(made, weights=mw)[0]
        plant = rng.choices(FAC_PLANTS[:3] + FAC_PLANTS[4:], weights=(40, 30, 20, 10))[0]  # Pune only stocks parts
        start = _day(rng, date(2023, 1, 1), date(2025, 12, 31))
        due = start + timedelta(days=rng.choice((7, 10, 14, 21)))
        end = start + timedelta(days=rng.randrange(3, 26))
        qty = rng.choice((4, 8, 10, 20, 40, 60, 100, 150, 200))
        scrapped = int(qty * rng.uniform(0.01, 0.15)) if rng.random() < 0.18 else 0
        wos.append((len(wos) + 1, p[0], plant[0], qty, scrapped, start.isoformat(), due.isoformat(),
                    end.isoformat() if end <= date(2025, 12, 31) else None, rng.choice(FAC_SCRAP) if scrapped else None))
    conn.executemany("INSERT INTO WorkOrder VALUES (?,?,?,?,?,?,?,?,?)", wos)
    inv = []
    for p in products:
        for plant in FAC_PLANTS:
            if rng.random() < 0.6:
                inv.append((p[0], plant[0], rng.randrange(0, p[6] * 2 + 5),
                            f"{rng.choice('ABCDEFG')}{rng.randrange(1, 40):02d}"))
    conn.executemany("INSERT INTO Inventory VALUES (?,?,?,?)", inv)


# ---------------------------------------------------------------- car rental (SQL Server PascalCase with abbreviations)

RENT_BRANCHES = ((1, "LAX01", "Los Angeles Intl Airport", "Los Angeles", "CA", "AIRPORT", "2015-04-01"),
                 (2, "SFO01", "San Francisco Intl Airport", "San Francisco", "CA", "AIRPORT", "2016-02-15"),
                 (3, "SFD02", "San Francisco Downtown", "San Francisco", "CA", "CITY", "2018-07-01"),
                 (4, "SEA01", "Seattle-Tacoma Airport", "Seattle", "WA", "AIRPORT", "2017-05-20"),
                 (5, "PDX01", "Portland Airport", "Portland", "OR", "AIRPORT", "2019-03-11"),
                 (6, "LAS01", "Las Vegas Harry Reid Airport", "Las Vegas", "NV", "AIRPORT", "2020-10-01"),
                 (7, "PHX01", "Phoenix Sky Harbor Airport", "Phoenix", "AZ", "AIRPORT", "2021-01-18"),
                 (8, "SDG02", "San Diego Gaslamp", "San Diego", "CA", "CITY", "2023-06-05"),
                 (9, "DEN01", "Denver Intl Airport", "Denver", "CO", "AIRPORT", "2025-12-15"))
# class code, description, seats, standard daily rate, weight in fleet, (make, model) choices
RENT_CLASSES = (("ECAR", "Economy", 4, 42.0, 14, (("Mitsubishi", "Mirage"), ("Kia", "Rio"), ("Chevrolet", "Spark"))),
                ("CCAR", "Compact", 5, 48.0, 18, (("Nissan", "Versa"), ("Toyota", "Corolla"), ("Hyundai", "Elantra"))),
                ("ICAR", "Intermediate", 5, 55.0, 20, (("Toyota", "Camry"), ("Honda", "Accord"), ("Nissan", "Altima"))),
                ("FCAR", "Full Size", 5, 63.0, 10, (("Dodge", "Charger"), ("Chrysler", "300"))),
                ("IFAR", "Intermediate SUV", 5, 72.0, 16, (("Toyota", "RAV4"), ("Ford", "Escape"), ("Honda", "CR-V"))),
                ("SFAR", "Standard SUV", 7, 89.0, 8, (("Jeep", "Grand Cherokee"), ("Ford", "Explorer"))),
                ("MVAR", "Minivan", 7, 95.0, 6, (("Chrysler", "Pacifica"), ("Toyota", "Sienna"))),
                ("LCAR", "Luxury", 5, 139.0, 8, (("BMW", "5 Series"), ("Mercedes-Benz", "E-Class"), ("Cadillac", "CT5"))))
RENT_COLORS = ("White", "Black", "Silver", "Gray", "Blue", "Red")
RENT_COMPANIES = ("Acme Logistics", "Blue Peak Software", "Cascade Health", "Delta Engineering", "Evergreen Foods",
                  "Summit Consulting", "Pacific Media", "Orion Energy")
RENT_STATES = ("CA", "CA", "CA", "WA", "OR", "NV", "AZ", "TX", "NY", "CO", "FL", "IL")
# damage type, severity weights (MINOR, MOD, MAJOR), cost range
RENT_DAMAGE = (("Scratch", (70, 25, 5), 120, 650), ("Dent", (50, 40, 10), 250, 1400), ("Windshield", (40, 50, 10), 180, 900),
               ("Tire", (60, 35, 5), 140, 480), ("Interior", (65, 30, 5), 90, 600), ("Collision", (5, 45, 50), 1500, 9000))


def build_car_rental(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE Branch (BranchID INTEGER PRIMARY KEY, BranchCd TEXT NOT NULL UNIQUE, BranchNm TEXT NOT NULL,
        City TEXT NOT NULL, StateCd TEXT NOT NULL, BranchType TEXT NOT NULL, OpenDt TEXT NOT NULL);
    CREATE TABLE VehClass (VehClassCd TEXT PRIMARY KEY, ClassDesc TEXT NOT NULL, SeatCnt INTEGER NOT NULL,
        StdDailyRate REAL NOT NULL);
    CREATE TABLE Vehicle (VehicleID INTEGER PRIMARY KEY, VIN TEXT NOT NULL UNIQUE, PlateNo TEXT NOT NULL,
        Make TEXT NOT NULL, Model TEXT NOT NULL, ModelYr INTEGER NOT NULL, Color TEXT,
        VehClassCd TEXT NOT NULL REFERENCES VehClass(VehClassCd), HomeBranchID INTEGER NOT NULL REFERENCES Branch(BranchID),
        DailyRate REAL NOT NULL, InSvcDt TEXT NOT NULL, OdoAtInSvc INTEGER NOT NULL, VehStatus TEXT NOT NULL,
        OutOfSvcDt TEXT);
    CREATE TABLE Customer (CustomerID INTEGER PRIMARY KEY, CustType TEXT NOT NULL, FirstNm TEXT NOT NULL,
        LastNm TEXT NOT NULL, CompanyNm TEXT, EmailAddr TEXT, BirthDt TEXT, DLStateCd TEXT NOT NULL,
        LoyaltyTier TEXT, CreatedDtTm TEXT NOT NULL);
    CREATE TABLE RentalAgreement (RentalAgreementID INTEGER PRIMARY KEY, AgreementNo TEXT NOT NULL UNIQUE,
        CustomerID INTEGER NOT NULL REFERENCES Customer(CustomerID), VehicleID INTEGER NOT NULL REFERENCES Vehicle(VehicleID),
        PickupBranchID INTEGER NOT NULL REFERENCES Branch(BranchID), ReturnBranchID INTEGER REFERENCES Branch(BranchID),
        PickupDtTm TEXT NOT NULL, DueDtTm TEXT NOT NULL, ReturnDtTm TEXT, OdoOut INTEGER NOT NULL, OdoIn INTEGER,
        RateAmt REAL NOT NULL, LDWFlg TEXT NOT NULL, OneWayFee REAL NOT NULL, FuelChrg REAL, LateFee REAL,
        TotalAmt REAL, AgrmtStatus TEXT NOT NULL);
    CREATE TABLE DamageRpt (DamageRptID INTEGER PRIMARY KEY,
        RentalAgreementID INTEGER NOT NULL REFERENCES RentalAgreement(RentalAgreementID),
        VehicleID INTEGER NOT NULL REFERENCES Vehicle(VehicleID), RptDt TEXT NOT NULL, DamageType TEXT NOT NULL,
        SeverityCd TEXT NOT NULL, EstRepairCost REAL NOT NULL, ActRepairCost REAL, RepairDt TEXT,
        CustChargeFlg TEXT NOT NULL);
    CREATE TABLE Payment (PaymentID INTEGER PRIMARY KEY,
        RentalAgreementID INTEGER NOT NULL REFERENCES RentalAgreement(RentalAgreementID),
        PmtDtTm TEXT NOT NULL, PmtAmt REAL NOT NULL, PmtMethod TEXT NOT NULL, PmtType TEXT NOT NULL);
    """)
    conn.executemany("INSERT INTO Branch VALUES (?,?,?,?,?,?,?)", RENT_BRANCHES)
    conn.executemany("INSERT INTO VehClass VALUES (?,?,?,?)", [c[:4] for c in RENT_CLASSES])
    first, last = date(2023, 1, 1), date(2025, 12, 31)

    vehicles = []
    branch_w = (22, 18, 7, 14, 8, 12, 10, 9)  # the newest branch (Denver) has no fleet yet
    for vid in range(1, 101):
        cls = rng.choices(RENT_CLASSES, weights=[c[4] for c in RENT_CLASSES])[0]
        make, model = rng.choice(cls[5])
        insvc = _day(rng, date(2022, 3, 1), date(2025, 8, 31))
        home = rng.choices(RENT_BRANCHES[:8], weights=branch_w)[0]
        if home[0] == 8 and insvc < date(2023, 6, 5):
            insvc = _day(rng, date(2023, 6, 5), date(2025, 8, 31))
        my = insvc.year + (1 if insvc.month >= 9 else 0) - (1 if rng.random() < 0.2 else 0)
        rate = round(cls[3] * rng.uniform(0.92, 1.12) + (3 if my >= 2025 else 0), 2)
        status, out = "ACTIVE", None
        if insvc < date(2023, 9, 1) and rng.random() < 0.3:
            status, out = "SOLD", _day(rng, insvc + timedelta(days=540), min(last, insvc + timedelta(days=1000)))
        elif rng.random() < 0.06:
            status = "IN SHOP"
        vin = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))
        plate = f"{rng.randrange(1, 10)}{''.join(rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}{rng.randrange(100, 1000)}"
        vehicles.append([vid, vin, plate, make, model, my, None if rng.random() < 0.04 else rng.choice(RENT_COLORS),
                         cls[0], home[0], rate, insvc.isoformat(), rng.randrange(5, 60), status,
                         out.isoformat() if out else None])
    conn.executemany("INSERT INTO Vehicle VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", vehicles)

    # each vehicle's life: idle gap, rental, idle gap ... ; the car is picked up where it was last returned
    rentals = []  # (pickup dt, vehicle, pickup branch, return branch, due dt, return dt or None, odo out, odo in, status)
    year_gap = {2023: 1.35, 2024: 1.15, 2025: 1.0}
    for v in vehicles:
        odo = v[11]
        at = v[8]
        d = max(date.fromisoformat(v[10]), first)
        if d == first:  # in service before 2023: miles already driven
            odo += rng.randrange(2000, 15000)
        end = date.fromisoformat(v[13]) - timedelta(days=1) if v[13] else last
        while True:
            summer = 0.7 if d.month in (6, 7, 8, 12) else 1.0
            d += timedelta(days=max(1, int(rng.uniform(2, 40) * year_gap[d.year] * summer)))
            if d > end:
                break
            days = rng.choices((1, 2, 3, 4, 5, 7, 10, 14, 21), weights=(12, 16, 18, 14, 12, 14, 6, 5, 3))[0]
            pick = datetime(d.year, d.month, d.day, rng.randrange(7, 21), rng.choice((0, 10, 15, 25, 30, 40, 45, 55)))
            due = pick + timedelta(days=days)
            void = rng.random() < 0.02
            back = pick + timedelta(days=days, hours=rng.choice((-3, -2, -1, 0, 0, 0, 1, 1, 2)))
            if rng.random() < 0.06:
                back += timedelta(days=rng.choice((1, 1, 2, 3)))
            elif rng.random() < 0.05 and days > 3:
                back -= timedelta(days=rng.randrange(1, days - 1))
            ret_br = at if rng.random() < 0.86 or void else rng.choice([b[0] for b in RENT_BRANCHES[:8] if b[0] != at])
            if void:
                rentals.append((pick, v[0], at, None, due, None, odo, None, "VOID"))
                d = pick.date()
                continue
            if back.date() > last:
                rentals.append((pick, v[0], at, None, due, None, odo, None, "OPEN"))
                break
            miles = int(max(0.3, (back - pick).total_seconds() / 86400) * rng.uniform(25, 260))
            rentals.append((pick, v[0], at, ret_br, due, back, odo, odo + miles, "CLOSED"))
            odo += miles + rng.randrange(0, 40)
            at = ret_br
            d = back.date()
    rentals.sort(key=lambda r: (r[0], r[1]))

    # customers: a few loyal, corporate accounts rent most
    customers = []
    for cid in range(1, 651):
        corp = rng.random() < 0.12
        fn, ln = _name(rng)
        tier = rng.choices((None, "Silver", "Gold", "Platinum"), weights=(55, 25, 14, 6))[0]
        email = None if rng.random() < 0.07 else f"{fn.lower()}.{ln.lower()}{cid}@" + (
            f"{rng.choice(RENT_COMPANIES).split()[0].lower()}.example" if corp else "mail.example")
        birth = None if rng.random() < 0.03 else _day(rng, date(1948, 1, 1), date(2003, 12, 31)).isoformat()
        customers.append([cid, "CORP" if corp else "IND", fn, ln, rng.choice(RENT_COMPANIES) if corp else None, email,
                          birth, rng.choice(RENT_STATES), tier, None])
    cust_w = [rng.paretovariate(1.6) * (3 if c[1] == "CORP" else 1) for c in customers]
    renters = rng.sample(customers, 590)  # the other 60 signed up and never rented
    renter_w = [cust_w[c[0] - 1] for c in renters]

    agreements, pays, damages, firsts = [], [], [], {}
    vrate = {v[0]: v for v in vehicles}
    for i, r in enumerate(rentals, 1):
        pick, vid, pb, rb, due, back, oo, oi, status = r
        c = rng.choices(renters, weights=renter_w)[0]
        firsts[c[0]] = min(firsts.get(c[0], pick), pick)
        disc = {"Gold": 0.9, "Platinum": 0.85}.get(c[8], 1.0) * (0.92 if c[1] == "CORP" else 1.0)
        rate = round(vrate[vid][9] * disc * (1.12 if pick.month in (6, 7, 8, 12) else 1.0), 2)
        ldw = "Y" if rng.random() < (0.55 if c[1] == "CORP" else 0.35) else "N"
        oneway = 75.0 if rb is not None and rb != pb else 0.0
        fuel = late = total = None
        if status == "CLOSED":
            billed = max(1, -(-int((min(back, due) - pick).total_seconds() - 3600) // 86400))
            fuel = None if rng.random() < 0.8 else round(rng.uniform(18, 85), 2)
            late_days = -(-int((back - due).total_seconds() - 7200) // 86400) if back > due else 0
            late = round(late_days * rate * 1.5, 2) if late_days > 0 else None
            total = round(billed * rate + (billed * 24.99 if ldw == "Y" else 0) + oneway + (fuel or 0) + (late or 0), 2)
        agreements.append((i, f"RA{pick.year}-{i:06d}", c[0], vid, pb, rb, pick.isoformat(" "), due.isoformat(" "),
                           back.isoformat(" ") if back else None, oo, oi, rate, ldw, oneway, fuel, late, total, status))
        if status != "CLOSED":
            continue
        method = "DIRECT BILL" if c[1] == "CORP" and rng.random() < 0.7 else \
            rng.choices(("VISA", "MASTERCARD", "AMEX", "DEBIT"), weights=(45, 30, 15, 10))[0]
        if rng.random() < 0.05 and method != "DIRECT BILL":
            part = round(total * rng.uniform(0.3, 0.7), 2)
            pays.append((back, i, part, method, "RENTAL"))
            pays.append((back + timedelta(minutes=2), i, round(total - part, 2), rng.choice(("VISA", "DEBIT")), "RENTAL"))
        else:
            paid = back + timedelta(days=rng.randrange(20, 45)) if method == "DIRECT BILL" else back
            if paid.date() <= last:  # direct-bill invoices still open at year end have no payment yet
                pays.append((paid, i, total, method, "RENTAL"))
        if rng.random() < 0.03:
            pays.append((back + timedelta(days=rng.randrange(2, 20)), i, -round(total * rng.uniform(0.1, 0.5), 2),
                         method if method != "DIRECT BILL" else "VISA", "REFUND"))
        if rng.random() < 0.075:
            dt, sev_w, lo, hi = rng.choices(RENT_DAMAGE, weights=(34, 22, 14, 12, 10, 8))[0]
            sev = rng.choices(("MINOR", "MOD", "MAJOR"), weights=sev_w)[0]
            est = round(rng.uniform(lo, hi) * {"MINOR": 0.6, "MOD": 1.0, "MAJOR": 1.6}[sev], 2)
            rpt = back.date()
            repaired = rpt + timedelta(days=rng.randrange(2, 30))
            done = repaired <= last and rng.random() < 0.92
            charge = "N" if ldw == "Y" or rng.random() < 0.15 else "Y"
            damages.append((len(damages) + 1, i, vid, rpt.isoformat(), dt, sev, est,
                            round(est * rng.uniform(0.8, 1.25), 2) if done else None,
                            repaired.isoformat() if done else None, charge))
            if charge == "Y" and rng.random() < 0.85:
                pdt = datetime(rpt.year, rpt.month, rpt.day, 10) + timedelta(days=rng.randrange(3, 40), minutes=rng.randrange(480))
                if pdt.date() <= last:
                    pays.append((pdt, i, round(min(est, 2500.0), 2), method if method != "DIRECT BILL" else "AMEX",
                                 "DAMAGE"))
    for c in customers:
        f = firsts.get(c[0])
        c[9] = _ts(rng, f.date() - timedelta(days=rng.randrange(1, 400)) if f else
                   _day(rng, date(2022, 1, 1), date(2025, 12, 20)))
    conn.executemany("INSERT INTO Customer VALUES (?,?,?,?,?,?,?,?,?,?)", customers)
    conn.executemany("INSERT INTO RentalAgreement VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", agreements)
    conn.executemany("INSERT INTO DamageRpt VALUES (?,?,?,?,?,?,?,?,?,?)", damages)
    pays.sort(key=lambda p: (p[0], p[1]))
    conn.executemany("INSERT INTO Payment VALUES (?,?,?,?,?,?)",
                     [(n, p[1], p[0].isoformat(" "), p[2], p[3], p[4]) for n, p in enumerate(pays, 1)])
# ---------------------------------------------------------------- fundraising (Salesforce-style CRM export)

FR_USERS = (("Development Integration", "System Integration", 1), ("Margaret Holloway", "Director of Development", 1),
            ("Daniel Okafor", "Major Gifts Officer", 1), ("Rachel Stein", "Major Gifts Officer", 1),
            ("Tomás Alvarez", "Corporate Relations Manager", 1), ("Keisha Brown", "Annual Giving Manager", 1),
            ("Peter Lindqvist", "Major Gifts Officer", 0), ("Nadia Rahman", "Volunteer Coordinator", 1))
FR_CITIES = (("Portland", "OR"), ("Seattle", "WA"), ("Tacoma", "WA"), ("Eugene", "OR"), ("Salem", "OR"),
             ("Vancouver", "WA"), ("Bend", "OR"), ("Spokane", "WA"), ("Boise", "ID"))
FR_ORG_WORDS = (("Cascade", "Pacific", "Evergreen", "Columbia", "Rainier", "Willamette", "Summit", "Riverside",
                 "Timberline", "Harborview", "Northstar", "Cedar", "Blue Heron", "Mount Hood", "Puget"),
                ("Bank", "Health Partners", "Credit Union", "Foundation", "Family Foundation", "Brewing Co.",
                 "Software", "Energy", "Law Group", "Community Church", "Realty", "Outfitters"))
FR_INDUSTRIES = {"Bank": "Banking", "Credit Union": "Banking", "Health Partners": "Healthcare",
                 "Brewing Co.": "Food & Beverage", "Software": "Technology", "Energy": "Utilities",
                 "Law Group": "Legal", "Realty": "Real Estate", "Outfitters": "Retail"}
FR_GOVERNMENT = {"City of Portland Office of Community Engagement": ("Portland", "OR"),
                 "Oregon Arts Commission": ("Salem", "OR"), "Washington State Library": ("Tumwater", "WA"),
                 "Multnomah County Library District": ("Portland", "OR")}
FR_DESIGNATIONS = ("General Operating", "Youth Literacy Program", "Scholarship Fund", "Capital Campaign",
                   "Food Security Program")
# name, type, start, end, budgeted cost, parent key
FR_CAMPAIGNS = (
    ("Annual Fund 2023", "Annual Fund", "2023-01-01", "2023-12-31", 0, None),
    ("Annual Fund 2024", "Annual Fund", "2024-01-01", "2024-12-31", 0, None),
    ("Annual Fund 2025", "Annual Fund", "2025-01-01", "2025-12-31", 0, None),
    ("Spring Appeal 2023", "Direct Mail", "2023-03-01", "2023-05-31", 14000, "Annual Fund 2023"),
    ("Year-End Appeal 2023", "Direct Mail", "2023-11-01", "2023-12-31", 22000, "Annual Fund 2023"),
    ("Giving Tuesday 2023", "Email", "2023-11-21", "2023-12-05", 2500, "Annual Fund 2023"),
    ("Spring Appeal 2024", "Direct Mail", "2024-03-01", "2024-05-31", 15000, "Annual Fund 2024"),
    ("Year-End Appeal 2024", "Direct Mail", "2024-11-01", "2024-12-31", 24000, "Annual Fund 2024"),
    ("Giving Tuesday 2024", "Email", "2024-11-26", "2024-12-10", 3000, "Annual Fund 2024"),
    ("Summer Matching Challenge 2024", "Email", "2024-06-01", "2024-07-31", 4000, "Annual Fund 2024"),
    ("Spring Appeal 2025", "Direct Mail", "2025-03-01", "2025-05-31", 16000, "Annual Fund 2025"),
    ("Year-End Appeal 2025", "Direct Mail", "2025-11-01", "2025-12-31", 25000, "Annual Fund 2025"),
    ("Giving Tuesday 2025", "Email", "2025-11-25", "2025-12-09", 3200, "Annual Fund 2025"),
    ("Reading Room Capital Campaign", "Major Gifts", "2023-06-01", "2026-06-30", 60000, None),
    ("Corporate Partners Program", "Corporate", "2023-01-01", "2025-12-31", 8000, None),
    ("Spring Gala 2023", "Event", "2023-04-15", "2023-04-15", 42000, None),
    ("Charity Golf Classic 2023", "Event", "2023-08-19", "2023-08-19", 30000, None),
    ("Spring Gala 2024", "Event", "2024-04-20", "2024-04-20", 45000, None),
    ("Literacy 5K Fun Run 2024", "Event", "2024-06-08", "2024-06-08", 9000, None),
    ("Charity Golf Classic 2024", "Event", "2024-08-17", "2024-08-17", 31000, None),
    ("Authors Breakfast 2024", "Event", "2024-10-12", "2024-10-12", 7000, None),
    ("Spring Gala 2025", "Event", "2025-04-26", "2025-04-26", 47000, None),
    ("Literacy 5K Fun Run 2025", "Event", "2025-06-14", "2025-06-14", 9500, None),
    ("Charity Golf Classic 2025", "Event", "2025-08-16", "2025-08-16", 32000, None),
    ("Holiday Auction 2025", "Event", "2025-12-06", "2025-12-06", 12000, None),
    ("Spring Gala 2026", "Event", "2026-04-25", "2026-04-25", 48000, None),
    ("Volunteer Program 2023-2025", "Volunteers", "2023-01-01", "2025-12-31", 5000, None),
)
# campaign name, event type, venue, city, capacity, ticket price, status
FR_EVENTS = (
    ("Spring Gala 2023", "Gala", "Grand Ballroom at The Benson", "Portland", 320, 175.0, "Completed"),
    ("Charity Golf Classic 2023", "Golf Tournament", "Pumpkin Ridge Golf Club", "North Plains", 144, 250.0, "Completed"),
    ("Spring Gala 2024", "Gala", "Grand Ballroom at The Benson", "Portland", 340, 185.0, "Completed"),
    ("Literacy 5K Fun Run 2024", "Fun Run", "Waterfront Park", "Portland", 600, 35.0, "Completed"),
    ("Charity Golf Classic 2024", "Golf Tournament", "Pumpkin Ridge Golf Club", "North Plains", 144, 260.0, "Completed"),
    ("Authors Breakfast 2024", "Breakfast", "Central Library Hall", "Seattle", 180, 60.0, "Cancelled"),
    ("Spring Gala 2025", "Gala", "Sentinel Hotel Ballroom", "Portland", 360, 195.0, "Completed"),
    ("Literacy 5K Fun Run 2025", "Fun Run", "Waterfront Park", "Portland", 600, 40.0, "Completed"),
    ("Charity Golf Classic 2025", "Golf Tournament", "Chambers Bay", "Tacoma", 144, 275.0, "Completed"),
    ("Holiday Auction 2025", "Auction", "Pioneer Courthouse Hall", "Portland", 220, 95.0, "Completed"),
    ("Spring Gala 2026", "Gala", "Sentinel Hotel Ballroom", "Portland", 360, 200.0, "Scheduled"),
)
# job name, city, skills, inactive
FR_JOBS = (("Book Sorting", "Portland", "None", 0), ("Reading Buddy (Grades 1-3)", "Portland", "Background check", 0),
           ("Reading Buddy (Grades 1-3)", "Seattle", "Background check", 0), ("Homework Help", "Tacoma", "Tutoring", 0),
           ("Food Pantry Shift", "Portland", "Food handler card", 0), ("Event Setup Crew", "Portland", "Lifting", 0),
           ("Gala Registration Desk", "Portland", "Customer service", 0), ("Fun Run Water Station", "Portland", "None", 0),
           ("Office Data Entry", "Portland", "Computer skills", 0), ("Mobile Library Driver", "Eugene", "Commercial license", 1),
           ("ESL Conversation Circle", "Seattle", "Second language", 0), ("Board Mailing Party", "Portland", "None", 1))


def _sfid(prefix: str, n: int) -> str:
    """An 18-character Salesforce-style record id (the key prefix names the object)."""
    return f"{prefix}8W0000{n:06d}AAM"


def build_fundraising(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE User (Id TEXT PRIMARY KEY, Name TEXT NOT NULL, Title TEXT, IsActive INTEGER NOT NULL);
    CREATE TABLE Account (Id TEXT PRIMARY KEY, Name TEXT NOT NULL, Type TEXT NOT NULL, Industry TEXT,
        BillingCity TEXT, BillingState TEXT, OwnerId TEXT NOT NULL REFERENCES User(Id), CreatedDate TEXT NOT NULL);
    CREATE TABLE Contact (Id TEXT PRIMARY KEY, AccountId TEXT NOT NULL REFERENCES Account(Id), FirstName TEXT,
        LastName TEXT NOT NULL, Email TEXT, MailingCity TEXT, MailingState TEXT, Birthdate TEXT,
        HasOptedOutOfEmail INTEGER NOT NULL, GW_Volunteers__Volunteer_Status__c TEXT, CreatedDate TEXT NOT NULL);
    CREATE TABLE Campaign (Id TEXT PRIMARY KEY, Name TEXT NOT NULL, Type TEXT NOT NULL, Status TEXT NOT NULL,
        StartDate TEXT NOT NULL, EndDate TEXT NOT NULL, BudgetedCost REAL, ActualCost REAL,
        ParentId TEXT REFERENCES Campaign(Id), IsActive INTEGER NOT NULL, OwnerId TEXT NOT NULL REFERENCES User(Id));
    CREATE TABLE CampaignMember (Id TEXT PRIMARY KEY, CampaignId TEXT NOT NULL REFERENCES Campaign(Id),
        ContactId TEXT NOT NULL REFERENCES Contact(Id), Status TEXT NOT NULL, HasResponded INTEGER NOT NULL,
        CreatedDate TEXT NOT NULL);
    CREATE TABLE Recurring_Donation__c (Id TEXT PRIMARY KEY, Name TEXT NOT NULL,
        Contact__c TEXT NOT NULL REFERENCES Contact(Id), Amount__c REAL NOT NULL, Installment_Period__c TEXT NOT NULL,
        Date_Established__c TEXT NOT NULL, Status__c TEXT NOT NULL, Closed_Date__c TEXT, Payment_Method__c TEXT NOT NULL,
        Campaign__c TEXT REFERENCES Campaign(Id), CreatedDate TEXT NOT NULL);
    CREATE TABLE Gift__c (Id TEXT PRIMARY KEY, Name TEXT NOT NULL, Account__c TEXT NOT NULL REFERENCES Account(Id),
        Contact__c TEXT REFERENCES Contact(Id), Campaign__c TEXT REFERENCES Campaign(Id), Amount__c REAL NOT NULL,
        CloseDate TEXT NOT NULL, StageName TEXT NOT NULL, Gift_Type__c TEXT NOT NULL, Payment_Method__c TEXT,
        Designation__c TEXT NOT NULL, IsRecurring__c INTEGER NOT NULL,
        Recurring_Donation__c TEXT REFERENCES Recurring_Donation__c(Id), IsAnonymous__c INTEGER NOT NULL,
        Acknowledgment_Status__c TEXT NOT NULL, Acknowledgment_Date__c TEXT, CreatedDate TEXT NOT NULL);
    CREATE TABLE Fundraising_Event__c (Id TEXT PRIMARY KEY, Name TEXT NOT NULL,
        Campaign__c TEXT NOT NULL REFERENCES Campaign(Id), Event_Type__c TEXT NOT NULL, Event_Date__c TEXT NOT NULL,
        Venue__c TEXT NOT NULL, City__c TEXT NOT NULL, Capacity__c INTEGER NOT NULL, Ticket_Price__c REAL NOT NULL,
        Status__c TEXT NOT NULL);
    CREATE TABLE Event_Registration__c (Id TEXT PRIMARY KEY, Fundraising_Event__c TEXT NOT NULL
        REFERENCES Fundraising_Event__c(Id), Contact__c TEXT NOT NULL REFERENCES Contact(Id),
        Registration_Date__c TEXT NOT NULL, Ticket_Quantity__c INTEGER NOT NULL, Amount_Paid__c REAL NOT NULL,
        Registration_Status__c TEXT NOT NULL, Attended__c INTEGER NOT NULL);
    CREATE TABLE GW_Volunteers__Volunteer_Job__c (Id TEXT PRIMARY KEY, Name TEXT NOT NULL,
        GW_Volunteers__Campaign__c TEXT NOT NULL REFERENCES Campaign(Id), GW_Volunteers__Location_City__c TEXT,
        GW_Volunteers__Skills_Needed__c TEXT, GW_Volunteers__Inactive__c INTEGER NOT NULL);
    CREATE TABLE GW_Volunteers__Volunteer_Hours__c (Id TEXT PRIMARY KEY, Name TEXT NOT NULL,
        GW_Volunteers__Contact__c TEXT NOT NULL REFERENCES Contact(Id),
        GW_Volunteers__Volunteer_Job__c TEXT NOT NULL REFERENCES GW_Volunteers__Volunteer_Job__c(Id),
        GW_Volunteers__Start_Date__c TEXT NOT NULL, GW_Volunteers__Hours_Worked__c REAL,
        GW_Volunteers__Status__c TEXT NOT NULL);
    """)
    end = date(2025, 12, 31)
    users = [(_sfid("005", i), n, t, a) for i, (n, t, a) in enumerate(FR_USERS, 1)]
    conn.executemany("INSERT INTO User VALUES (?,?,?,?)", users)
    integration, director, officers = users[0][0], users[1][0], [users[2][0], users[3][0], users[6][0]]
    corporate, annual, volunteer_user = users[4][0], users[5][0], users[7][0]

    accounts, contacts = [], []
    for _ in range(620):
        fn, ln = _name(rng)
        city, state = rng.choices(FR_CITIES, weights=(34, 20, 8, 8, 6, 7, 5, 6, 6))[0]
        created = _day(rng, date(2018, 1, 1), date(2025, 11, 30))
        owner = rng.choice(officers) if rng.random() < 0.08 else integration
        aid = _sfid("001", len(accounts) + 1)
        accounts.append((aid, f"{ln} Household", "Household", None, city, state, owner, _ts(rng, created)))
        members = [(fn, ln)] + ([(rng.choice(FIRST), ln)] if rng.random() < 0.45 else [])
        for mfn, mln in members:
            cid = _sfid("003", len(contacts) + 1)
            email = None if rng.random() < 0.12 else f"{mfn.lower()}.{mln.lower()}{len(contacts) + 1}@mail.example"
            birth = None if rng.random() < 0.55 else _day(rng, date(1940, 1, 1), date(2002, 12, 31)).isoformat()
            vol = rng.choices(("Active", "Inactive", None), weights=(14, 6, 80))[0]
            contacts.append((cid, aid, mfn, mln, email, city, state, birth, 1 if rng.random() < 0.09 else 0, vol,
                             _ts(rng, created)))
    org_names: list[str] = []
    while len(org_names) < 85:
        n = f"{rng.choice(FR_ORG_WORDS[0])} {rng.choice(FR_ORG_WORDS[1])}"
        if n not in org_names:
            org_names.append(n)
    for n in org_names + list(FR_GOVERNMENT):
        kind = ("Government" if n in FR_GOVERNMENT else "Foundation" if "Foundation" in n else
                "Church" if "Church" in n else "Corporation")
        industry = "Philanthropy" if kind == "Foundation" else None
        if kind == "Corporation" and rng.random() > 0.06:  # a few records never got an industry
            industry = next(v for k, v in FR_INDUSTRIES.items() if n.endswith(" " + k))
        city, state = FR_GOVERNMENT.get(n) or rng.choices(FR_CITIES, weights=(34, 20, 8, 8, 6, 7, 5, 6, 6))[0]
        created = _day(rng, date(2016, 1, 1), date(2025, 9, 30))
        owner = corporate if kind == "Corporation" else rng.choice((director,) + tuple(officers))
        aid = _sfid("001", len(accounts) + 1)
        accounts.append((aid, n, kind, industry, city, state, owner, _ts(rng, created)))
        fn, ln = _name(rng)
        contacts.append((_sfid("003", len(contacts) + 1), aid, fn, ln,
                         f"{fn[0].lower()}{ln.lower()}@{n.split()[0].lower()}.example", city, state, None, 0,
                         None, _ts(rng, created)))
    conn.executemany("INSERT INTO Account VALUES (?,?,?,?,?,?,?,?)", accounts)
    conn.executemany("INSERT INTO Contact VALUES (?,?,?,?,?,?,?,?,?,?,?)", contacts)
    household_ids = {a[0] for a in accounts if a[2] == "Household"}
    households = [c for c in contacts if c[1] in household_ids]
    org_accounts = [a for a in accounts if a[2] != "Household"]
    org_contact = {c[1]: c[0] for c in contacts if c[1] not in household_ids}

    camps, cid_of = [], {}
    for i, (n, typ, s, e, cost, parent) in enumerate(FR_CAMPAIGNS, 1):
        cid = _sfid("701", i)
        cid_of[n] = cid
        sd, ed = date.fromisoformat(s), date.fromisoformat(e)
        status = "Completed" if ed <= end else ("In Progress" if sd <= end else "Planned")
        if n == "Authors Breakfast 2024":
            status = "Aborted"
        actual = None if status in ("Planned",) or cost == 0 else round(cost * rng.uniform(0.8, 1.25), 2)
        if status == "Aborted":
            actual = round(cost * 0.35, 2)
        owner = {"Event": director, "Direct Mail": annual, "Email": annual, "Major Gifts": officers[0],
                 "Corporate": corporate, "Volunteers": volunteer_user}.get(typ, director)
        camps.append((cid, n, typ, status, s, e, float(cost) if cost else None, actual,
                      cid_of[parent] if parent else None, 1 if status in ("In Progress", "Planned") else 0, owner))
    conn.executemany("INSERT INTO Campaign VALUES (?,?,?,?,?,?,?,?,?,?,?)", camps)
    camp = {c[1]: c for c in camps}

    # recurring donations and their installments
    recurring, gifts = [], []
    sustainers = rng.sample(households, 190)
    for c in sustainers:
        period = rng.choices(("Monthly", "Quarterly", "Yearly"), weights=(78, 12, 10))[0]
        amt = float(rng.choice((10, 15, 20, 25, 25, 30, 50, 50, 75, 100)) * {"Monthly": 1, "Quarterly": 3, "Yearly": 10}[period])
        est = _day(rng, date(2021, 6, 1), date(2025, 10, 31))
        r = rng.random()
        if r < 0.55:
            status, closed = "Active", None
        elif r < 0.62:
            status, closed = "Paused", None
        else:
            status = "Lapsed" if r < 0.8 else "Closed"
            closed = _day(rng, max(est + timedelta(days=60), date(2023, 1, 1)), end)
            if closed > end:
                status, closed = "Active", None
        method = rng.choices(("Credit Card", "ACH"), weights=(75, 25))[0]
        gc = None
        if est.year >= 2023 and rng.random() < 0.3:
            gc = cid_of[rng.choice([n for n, t, *_ in FR_CAMPAIGNS if t == "Email" and n[-4:] == str(est.year)])]
        rid = _sfid("a0R", len(recurring) + 1)
        recurring.append((rid, f"RD-{len(recurring) + 1:05d}", c[0], amt, period, est.isoformat(), status,
                          closed.isoformat() if closed else None, method, gc, _ts(rng, est)))
        step = {"Monthly": 1, "Quarterly": 3, "Yearly": 12}[period]
        stop = closed or end
        y, m = est.year, est.month
        k = 0
        while True:
            d = date(y, m, min(est.day, 28))
            if d > stop:
                break
            if d >= date(2023, 1, 1) and not (status == "Paused" and d > end - timedelta(days=120)):
                failed = rng.random() < 0.04
                gifts.append([c[1], c[0], None, amt, d, "Closed Lost" if failed else "Closed Won", "Recurring Installment",
                              method, "General Operating", 1, rid, 0])
            k += step
            y, m = est.year + (est.month - 1 + k) // 12, (est.month - 1 + k) % 12 + 1
    conn.executemany("INSERT INTO Recurring_Donation__c VALUES (?,?,?,?,?,?,?,?,?,?,?)", recurring)

    # one-off individual gifts: a donor base with a skewed giving capacity
    capacity = {c[0]: rng.lognormvariate(4.3, 1.1) for c in households}
    active_donors = [c for c in households if rng.random() < 0.78]
    appeals = [c for c in camps if c[2] in ("Direct Mail", "Email")]
    for c in active_donors:
        for _ in range(rng.choices((1, 2, 3, 4, 6), weights=(40, 25, 15, 12, 8))[0]):
            cap = capacity[c[0]]
            amt = max(5.0, round(cap * rng.uniform(0.4, 1.8) / 5) * 5.0)
            r = rng.random()
            if r < 0.62:
                ap = rng.choice(appeals)
                d = _day(rng, date.fromisoformat(ap[4]), date.fromisoformat(ap[5]))
                campaign = ap[0]
            elif r < 0.7 and cap > 150:
                campaign = camp["Reading Room Capital Campaign"][0]
                d = _day(rng, date(2023, 6, 1), end)
                amt = round(amt * rng.uniform(3, 12), -2) or 500.0
            else:
                campaign = None
                d = _day(rng, date(2023, 1, 1), end)
            if d > end:
                continue
            design = ("Capital Campaign" if campaign == camp["Reading Room Capital Campaign"][0] else
                      rng.choices(FR_DESIGNATIONS, weights=(60, 15, 10, 0, 15))[0])
            method = rng.choices(("Credit Card", "Check", "PayPal", "ACH", "Stock", "Cash"),
                                 weights=(46, 28, 12, 6, 2 if amt > 1000 else 0, 6))[0]
            stage = rng.choices(("Closed Won", "Closed Lost", "Refunded"), weights=(95, 3, 2))[0]
            gifts.append([c[1], c[0], campaign, amt, d, stage, "Individual", method, design, 0, None,
                          1 if rng.random() < 0.04 else 0])

    # organisations: corporate gifts, foundation grants, sponsorships, matching gifts, some open pledges
    for a in org_accounts:
        n = rng.choices((0, 1, 2, 3, 5), weights=(12, 30, 28, 18, 12))[0]
        for _ in range(n):
            d = _day(rng, date(2023, 1, 1), end)
            if a[2] == "Foundation":
                gtype, amt = "Grant", round(rng.uniform(5, 120)) * 1000.0
                method = rng.choice(("Check", "Wire"))
                campaign = rng.choice((None, camp["Reading Room Capital Campaign"][0]))
                design = rng.choice(FR_DESIGNATIONS) if campaign is None else "Capital Campaign"
            elif a[2] in ("Church", "Government"):
                gtype = "Grant" if a[2] == "Government" else "Organization Gift"
                amt, method, campaign = round(rng.uniform(5, 60)) * 100.0, "Check", None
                design = rng.choice(FR_DESIGNATIONS[:3])
            else:
                gtype = rng.choices(("Sponsorship", "Organization Gift", "Matching Gift", "In-Kind"),
                                    weights=(30, 35, 25, 10))[0]
                amt = {"Sponsorship": round(rng.uniform(2, 25)) * 1000.0,
                       "Organization Gift": round(rng.uniform(5, 200)) * 50.0,
                       "Matching Gift": round(rng.uniform(2, 100)) * 25.0,
                       "In-Kind": round(rng.uniform(200, 8000), 2)}[gtype]
                method = None if gtype == "In-Kind" else rng.choice(("Check", "ACH", "Wire", "Credit Card"))
                if gtype == "Sponsorship":
                    evs = [e for e in FR_EVENTS if e[6] == "Completed"]
                    ev = rng.choice(evs)
                    campaign = camp[ev[0]][0]
                    d = date.fromisoformat(camp[ev[0]][4]) - timedelta(days=rng.randrange(15, 120))
                else:
                    campaign = camp["Corporate Partners Program"][0] if rng.random() < 0.6 else None
                design = "General Operating" if gtype != "In-Kind" else "Food Security Program"
            stage = "Closed Won"
            if rng.random() < 0.08:
                stage = "Pledged"
                d = _day(rng, date(2025, 9, 1), date(2026, 6, 30))
            elif rng.random() < 0.05:
                stage = "Closed Lost"
            if d < date(2023, 1, 1):
                d = date(2023, 1, 1) + timedelta(days=rng.randrange(30))
            gifts.append([a[0], org_contact[a[0]], campaign, amt, d, stage, gtype, method, design, 0, None, 0])

    # events: registrations, attendance and paddle-raise gifts at the event
    events, regs = [], []
    for i, (cname, etype, venue, city, capacity_n, price, status) in enumerate(FR_EVENTS, 1):
        eid = _sfid("a0E", i)
        edate = date.fromisoformat(camp[cname][4])
        events.append((eid, cname.rsplit(" ", 1)[0] + f" ({edate.year})", camp[cname][0], etype,
                       edate.isoformat(), venue, city, capacity_n, price, status))
        size = int(capacity_n * rng.uniform(0.35, 0.55))
        for c in rng.sample(households, size):
            qty = rng.choices((1, 2, 3, 4), weights=(35, 45, 8, 12))[0] if etype != "Fun Run" else \
                rng.choices((1, 2, 3), weights=(70, 22, 8))[0]
            rd = edate - timedelta(days=rng.randrange(1, 90))
            if status == "Scheduled" and rd > end:
                rd = end - timedelta(days=rng.randrange(0, 40))
            rstat = rng.choices(("Registered", "Cancelled", "Waitlisted"), weights=(90, 8, 2))[0]
            if status == "Cancelled":
                rstat = "Cancelled"
            # comped tickets, waitlists and refunded cancellations carry no payment
            paid = 0.0 if rstat != "Registered" or rng.random() < 0.05 else qty * price
            attended = 1 if status == "Completed" and rstat == "Registered" and rng.random() < 0.88 else 0
            regs.append((_sfid("a0G", len(regs) + 1), eid, c[0], rd.isoformat(), qty, paid, rstat, attended))
            if attended and etype in ("Gala", "Auction") and rng.random() < 0.3:
                gifts.append([c[1], c[0], camp[cname][0], round(rng.uniform(2, 100)) * 50.0, edate, "Closed Won",
                              "Individual", rng.choice(("Credit Card", "Check")), rng.choice(FR_DESIGNATIONS[:3]),
                              0, None, 0])
    conn.executemany("INSERT INTO Fundraising_Event__c VALUES (?,?,?,?,?,?,?,?,?,?)", events)
    conn.executemany("INSERT INTO Event_Registration__c VALUES (?,?,?,?,?,?,?,?)", regs)

    gifts.sort(key=lambda g: (g[4], g[1] or "", g[3]))
    rows = []
    for i, g in enumerate(gifts, 1):
        acct, contact, campaign, amt, d, stage, gtype, method, design, is_rec, rid, anon = g
        if stage == "Closed Won" and d <= end:
            ack_d = d + timedelta(days=rng.randrange(1, 21))
            if ack_d > end or rng.random() < 0.06:
                ack, ack_date = "To Be Acknowledged", None
            elif is_rec and rng.random() < 0.7:
                ack, ack_date = "Do Not Acknowledge", None
            else:
                ack, ack_date = "Acknowledged", ack_d.isoformat()
        else:
            ack, ack_date = "Do Not Acknowledge", None
        created = d - timedelta(days=0 if is_rec else rng.randrange(0, 4))
        if stage == "Pledged":
            created = min(end, d) - timedelta(days=rng.randrange(30, 200))
        rows.append((_sfid("a0X", i), f"GFT-{i:06d}", acct, contact, campaign, amt, d.isoformat(), stage, gtype,
                     method, design, is_rec, rid, anon, ack, ack_date, _ts(rng, created)))
    conn.executemany("INSERT INTO Gift__c VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    # appeal mailing lists: everyone who gave to an appeal responded; plus non-responders who were sent it
    members = []
    gave = {(r[4], r[3]) for r in rows if r[4] and r[3]}
    for ap in appeals:
        pool = [c for c in households if (ap[0], c[0]) not in gave]
        responders = sorted(c for (cp, c) in gave if cp == ap[0])
        sent = rng.sample(pool, min(len(pool), int(len(responders) * rng.uniform(4, 7))))
        sd = date.fromisoformat(ap[4])
        for cid in responders:
            members.append((ap[0], cid, "Responded", 1, _ts(rng, sd - timedelta(days=rng.randrange(3, 15)))))
        for c in sent:
            members.append((ap[0], c[0], "Sent", 0, _ts(rng, sd - timedelta(days=rng.randrange(3, 15)))))
    members.sort(key=lambda m: (m[4], m[1]))
    conn.executemany("INSERT INTO CampaignMember VALUES (?,?,?,?,?,?)",
                     [(_sfid("00v", i),) + m for i, m in enumerate(members, 1)])

    # volunteers: jobs under the volunteer campaign (event jobs under their events), hours by volunteer contacts
    jobs = []
    for i, (n, city, skills, inactive) in enumerate(FR_JOBS, 1):
        campaign = camp["Volunteer Program 2023-2025"][0]
        jobs.append((_sfid("a0J", i), n, campaign, city, None if skills == "None" else skills, inactive))
    conn.executemany("INSERT INTO GW_Volunteers__Volunteer_Job__c VALUES (?,?,?,?,?,?)", jobs)
    vols = [c for c in contacts if c[9] is not None]
    vol_rate = {c[0]: (rng.uniform(0.5, 3) if c[9] == "Active" else rng.uniform(0.05, 0.6)) for c in vols}
    hours = []
    job_w = (14, 18, 9, 8, 16, 6, 4, 5, 7, 2, 6, 1)
    for _ in range(1650):
        c = rng.choices(vols, weights=[vol_rate[v[0]] for v in vols])[0]
        j = rng.choices(jobs, weights=job_w)[0]
        last = date(2024, 6, 30) if j[5] else date(2026, 1, 31)
        d = _day(rng, date(2023, 1, 1), last)
        if d > end:
            status, hrs = "Confirmed", None
        else:
            status = rng.choices(("Completed", "Canceled", "No-Show"), weights=(88, 8, 4))[0]
            hrs = rng.choice((1.5, 2.0, 2.0, 2.5, 3.0, 3.0, 4.0, 4.0, 6.0)) if status == "Completed" else None
        hours.append((c[0], j[0], d, hrs, status))
    hours.sort(key=lambda h: (h[2], h[0]))
    conn.executemany("INSERT INTO GW_Volunteers__Volunteer_Hours__c VALUES (?,?,?,?,?,?,?)",
                     [(_sfid("a0H", i), f"VH-{i:06d}", h[0], h[1], _ts(rng, h[2], 8, 18), h[3], h[4])
                      for i, h in enumerate(hours, 1)])


# ---------------------------------------------------------------- wholesale (older ERP export, UPPER_CASE with module prefixes)

WHS_TERRITORIES = ((1, "Metro North", "NE"), (2, "Metro South", "NE"), (3, "Lakeshore", "MW"),
                   (4, "River Valley", "MW"), (5, "Gulf Coast", "SO"), (6, "Desert Plains", "SW"))
WHS_CUST_TYPES = ((10, "Restaurant", 55), (20, "Grocer", 30), (30, "Cafeteria", 15))
WHS_CITIES = {1: (("Boston", "MA"), ("Cambridge", "MA")), 2: (("Hartford", "CT"), ("Providence", "RI")),
              3: (("Chicago", "IL"), ("Milwaukee", "WI")), 4: (("St. Louis", "MO"), ("Kansas City", "MO")),
              5: (("Houston", "TX"), ("New Orleans", "LA")), 6: (("Phoenix", "AZ"), ("Albuquerque", "NM"))}
WHS_WAREHOUSES = (("WH01", "Boston Central DC", "Boston", "MA", "Y"), ("WH02", "Chicago Cross-Dock", "Chicago", "IL", "Y"),
                  ("WH03", "Houston South DC", "Houston", "TX", "Y"), ("WH04", "Phoenix Dry Goods", "Phoenix", "AZ", "N"))
WHS_TERR_WH = {1: "WH01", 2: "WH01", 3: "WH02", 4: "WH02", 5: "WH03", 6: "WH04"}
WHS_SUPPLIERS = ((101, "Green Acres Produce Co", "US", 2), (102, "Northern Dairy Coop", "US", 3),
                 (103, "Prairie Meats Inc", "US", 4), (104, "Atlantic Seafood Traders", "CA", 5),
                 (105, "Bella Italia Imports", "IT", 21), (106, "Golden Mill Bakery Supply", "US", 6),
                 (107, "Sunrise Beverage Distributors", "US", 7), (108, "CleanPro Janitorial", "US", 10),
                 (109, "Pacific Rim Foods", "JP", 28))
# category code -> (description, perishable, ((product, supplier, uom, unit cost), ...))
WHS_CATALOG = {
    "PRD": ("Fresh Produce", "Y", (("Romaine Hearts 24ct", 101, "CS", 28.5), ("Roma Tomatoes 25lb", 101, "CS", 24.0),
                                   ("Yellow Onions 50lb", 101, "BG", 19.5), ("Russet Potatoes 50lb", 101, "BG", 21.0),
                                   ("Lemons 115ct", 101, "CS", 36.0), ("Baby Spinach 4x2.5lb", 101, "CS", 22.5))),
    "DRY": ("Dairy & Eggs", "Y", (("Whole Milk 4x1gal", 102, "CS", 15.8), ("Large Eggs 15dz", 102, "CS", 34.0),
                                  ("Unsalted Butter 36x1lb", 102, "CS", 118.0), ("Shredded Mozzarella 4x5lb", 102, "CS", 52.0),
                                  ("Heavy Cream 12qt", 102, "CS", 41.0))),
    "MEA": ("Meat & Poultry", "Y", (("Chicken Breast 40lb", 103, "CS", 96.0), ("Ground Beef 80/20 10lb", 103, "CS", 44.0),
                                    ("Bacon Sliced 15lb", 103, "CS", 68.0), ("Pork Shoulder 2x9lb", 103, "CS", 47.0),
                                    ("Beef Ribeye 12lb", 103, "CS", 178.0))),
    "SEA": ("Seafood", "Y", (("Atlantic Salmon Fillet 10lb", 104, "CS", 112.0), ("Shrimp 16/20 5lb", 104, "BX", 58.0),
                             ("Cod Loins 10lb", 104, "CS", 89.0), ("Calamari Rings 2x2.5lb", 104, "CS", 31.0))),
    "GRO": ("Dry Grocery", "N", (("Spaghetti 20lb", 105, "CS", 18.5), ("San Marzano Tomatoes 6x#10", 105, "CS", 39.0),
                                 ("Extra Virgin Olive Oil 4x3L", 105, "CS", 72.0), ("Jasmine Rice 50lb", 109, "BG", 38.0),
                                 ("Soy Sauce 4x1gal", 109, "CS", 26.0), ("All-Purpose Flour 50lb", 106, "BG", 17.5),
                                 ("Granulated Sugar 50lb", 106, "BG", 29.0))),
    "BAK": ("Bakery", "Y", (("Brioche Buns 72ct", 106, "CS", 27.0), ("Sourdough Loaves 12ct", 106, "CS", 30.0),
                            ("Flour Tortillas 12in 144ct", 106, "CS", 23.0))),
    "BEV": ("Beverages", "N", (("Cola Syrup 5gal", 107, "BX", 84.0), ("Bottled Water 24x500ml", 107, "CS", 5.9),
                               ("Orange Juice 8x64oz", 107, "CS", 24.0), ("Coffee Beans 5lb", 107, "BG", 42.0))),
    "FRZ": ("Frozen", "Y", (("French Fries 6x5lb", 109, "CS", 33.0), ("Frozen Dumplings 4x50ct", 109, "CS", 48.0),
                            ("Vanilla Ice Cream 3gal", 102, "EA", 21.0))),
    "JAN": ("Janitorial & Disposables", "N", (("Nitrile Gloves 10x100", 108, "CS", 45.0), ("Takeout Containers 200ct", 108, "CS", 36.0),
                                             ("Degreaser 4x1gal", 108, "CS", 29.0), ("Paper Napkins 6000ct", 108, "CS", 31.0))),
}
WHS_CUST_WORDS = {10: (("Bistro", "Grill", "Trattoria", "Kitchen", "Diner", "Taqueria", "Steakhouse", "Noodle Bar"),
                       ("Oak", "Harbor", "Lucky", "Blue Door", "Corner", "Golden", "Olive", "Maple", "Red Pepper", "Sunset",
                        "Copper", "Saffron", "Bayou", "Mesa", "Lantern", "Cedar")),
                  20: (("Market", "Grocers", "Food Mart", "Fresh Market"),
                       ("Main Street", "Hillside", "Family", "Greenway", "Village", "Riverside", "Eastside", "Parkview")),
                  30: (("Cafeteria", "Dining Services", "Food Hall"),
                       ("Lincoln High", "St. Mary Hospital", "State University", "City Hall", "Tech Park", "Regional Medical"))}


def build_wholesale(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE SD_TERRITORY (TERR_ID INTEGER PRIMARY KEY, TERR_NAME TEXT NOT NULL, REGION_CD TEXT NOT NULL);
    CREATE TABLE SD_SALES_REP (REP_ID INTEGER PRIMARY KEY, REP_FIRST_NM TEXT NOT NULL, REP_LAST_NM TEXT NOT NULL,
        TERR_ID INTEGER NOT NULL REFERENCES SD_TERRITORY(TERR_ID), HIRE_DT TEXT NOT NULL, COMM_PCT REAL NOT NULL,
        ACTIVE_FLG TEXT NOT NULL);
    CREATE TABLE SD_CUST_TYPE (CUST_TYPE_CD INTEGER PRIMARY KEY, CUST_TYPE_DESC TEXT NOT NULL);
    CREATE TABLE SD_CUSTOMER (CUST_NO INTEGER PRIMARY KEY, CUST_NAME TEXT NOT NULL,
        CUST_TYPE_CD INTEGER NOT NULL REFERENCES SD_CUST_TYPE(CUST_TYPE_CD), CITY_NM TEXT NOT NULL, STATE_CD TEXT NOT NULL,
        TERR_ID INTEGER NOT NULL REFERENCES SD_TERRITORY(TERR_ID), REP_ID INTEGER REFERENCES SD_SALES_REP(REP_ID),
        CREDIT_LIMIT_AMT REAL NOT NULL, PAY_TERMS_CD TEXT NOT NULL, OPEN_DT TEXT NOT NULL, CUST_STATUS_CD INTEGER NOT NULL);
    CREATE TABLE MM_SUPPLIER (SUPP_NO INTEGER PRIMARY KEY, SUPP_NAME TEXT NOT NULL, COUNTRY_CD TEXT NOT NULL,
        LEAD_TIME_DAYS INTEGER NOT NULL);
    CREATE TABLE MM_PROD_CAT (CAT_CD TEXT PRIMARY KEY, CAT_DESC TEXT NOT NULL, PERISH_FLG TEXT NOT NULL);
    CREATE TABLE MM_PRODUCT (PROD_NO TEXT PRIMARY KEY, PROD_DESC TEXT NOT NULL,
        CAT_CD TEXT NOT NULL REFERENCES MM_PROD_CAT(CAT_CD), SUPP_NO INTEGER NOT NULL REFERENCES MM_SUPPLIER(SUPP_NO),
        UOM_CD TEXT NOT NULL, STD_COST_AMT REAL NOT NULL, LIST_PRICE_AMT REAL NOT NULL, DISCONT_FLG TEXT NOT NULL);
    CREATE TABLE WM_WAREHOUSE (WH_CD TEXT PRIMARY KEY, WH_NAME TEXT NOT NULL, CITY_NM TEXT NOT NULL,
        STATE_CD TEXT NOT NULL, COLD_STOR_FLG TEXT NOT NULL);
    CREATE TABLE SD_ORDER_HDR (ORDER_NO INTEGER PRIMARY KEY, CUST_NO INTEGER NOT NULL REFERENCES SD_CUSTOMER(CUST_NO),
        REP_ID INTEGER REFERENCES SD_SALES_REP(REP_ID), WH_CD TEXT NOT NULL REFERENCES WM_WAREHOUSE(WH_CD),
        ORDER_DT TEXT NOT NULL, REQ_DELIV_DT TEXT NOT NULL, ORDER_STAT_CD INTEGER NOT NULL, ORDER_CHANNEL_CD TEXT NOT NULL,
        ORDER_TOT_AMT REAL NOT NULL, CRT_TS TEXT NOT NULL);
    CREATE TABLE SD_ORDER_LINE (ORDER_NO INTEGER NOT NULL REFERENCES SD_ORDER_HDR(ORDER_NO), LINE_NO INTEGER NOT NULL,
        PROD_NO TEXT NOT NULL REFERENCES MM_PRODUCT(PROD_NO), QTY_ORD INTEGER NOT NULL, QTY_SHIP INTEGER,
        UNIT_PRICE_AMT REAL NOT NULL, DISC_PCT REAL NOT NULL, LINE_AMT REAL NOT NULL, PRIMARY KEY (ORDER_NO, LINE_NO));
    CREATE TABLE LE_DELIVERY (DELIV_NO INTEGER PRIMARY KEY, ORDER_NO INTEGER NOT NULL REFERENCES SD_ORDER_HDR(ORDER_NO),
        WH_CD TEXT NOT NULL REFERENCES WM_WAREHOUSE(WH_CD), SHIP_DT TEXT NOT NULL, DELIV_DT TEXT, TRUCK_ID TEXT NOT NULL,
        ON_TIME_FLG TEXT, DELIV_STAT_CD INTEGER NOT NULL);
    CREATE TABLE FI_CREDIT_MEMO (CM_NO INTEGER PRIMARY KEY, ORDER_NO INTEGER NOT NULL REFERENCES SD_ORDER_HDR(ORDER_NO),
        CUST_NO INTEGER NOT NULL REFERENCES SD_CUSTOMER(CUST_NO), CM_DT TEXT NOT NULL, REASON_CD TEXT NOT NULL,
        CM_AMT REAL NOT NULL, APPR_FLG TEXT NOT NULL, REMARK_TXT TEXT);
    """)
    conn.executemany("INSERT INTO SD_TERRITORY VALUES (?,?,?)", WHS_TERRITORIES)
    conn.executemany("INSERT INTO SD_CUST_TYPE VALUES (?,?)", [(c, d) for c, d, _ in WHS_CUST_TYPES])
    conn.executemany("INSERT INTO MM_SUPPLIER VALUES (?,?,?,?)", WHS_SUPPLIERS)
    conn.executemany("INSERT INTO WM_WAREHOUSE VALUES (?,?,?,?,?)", WHS_WAREHOUSES)

    reps = []
    for terr in (1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 6, 2):
        fn, ln = _name(rng)
        hired = _day(rng, date(2012, 1, 1), date(2024, 6, 30))
        active = "N" if len(reps) in (5, 13) else "Y"
        reps.append((len(reps) + 1, fn, ln, terr, hired.isoformat(), rng.choice((2.0, 2.5, 3.0, 3.5)), active))
    conn.executemany("INSERT INTO SD_SALES_REP VALUES (?,?,?,?,?,?,?)", reps)
    reps_by_terr = {t: [r[0] for r in reps if r[3] == t] for t, _, _ in WHS_TERRITORIES}

    products, prod_info = [], {}
    for cat, (desc, perish, items) in WHS_CATALOG.items():
        conn.execute("INSERT INTO MM_PROD_CAT VALUES (?,?,?)", (cat, desc, perish))
        for i, (pname, supp, uom, cost) in enumerate(items, start=1):
            pno = f"{cat}-{1000 + i * 7}"
            price = round(cost * rng.uniform(1.22, 1.45), 2)
            discont = "Y" if rng.random() < 0.08 else "N"
            products.append((pno, pname, cat, supp, uom, cost, price, discont))
            prod_info[pno] = (price, cat)
    conn.executemany("INSERT INTO MM_PRODUCT VALUES (?,?,?,?,?,?,?,?)", products)
    prod_nos = [p[0] for p in products]

    customers, used = [], set()
    for _ in range(160):
        ctype = rng.choices(WHS_CUST_TYPES, weights=[c[2] for c in WHS_CUST_TYPES])[0][0]
        kinds, words = WHS_CUST_WORDS[ctype]
        terr = rng.choices((1, 2, 3, 4, 5, 6), weights=(22, 16, 20, 14, 16, 12))[0]
        city, state = rng.choice(WHS_CITIES[terr])
        name = f"{rng.choice(words)} {rng.choice(kinds)}"
        if name in used:
            name = f"{name} {city}"
        if name in used:
            name = f"{name} #{len(customers) + 1}"
        used.add(name)
        rep = None if rng.random() < 0.06 else rng.choice(reps_by_terr[terr])
        limit = {10: (5000, 25000), 20: (15000, 60000), 30: (10000, 40000)}[ctype]
        opened = _day(rng, date(2015, 1, 1), date(2024, 12, 31))
        status = rng.choices((1, 2, 9), weights=(86, 8, 6))[0]  # 1 active, 2 credit hold, 9 closed
        customers.append((len(customers) + 1, name, ctype, city, state, terr, rep,
                          float(rng.randrange(limit[0], limit[1], 2500)), rng.choice(("N15", "N30", "N30", "COD")),
                          opened.isoformat(), status))
    conn.executemany("INSERT INTO SD_CUSTOMER VALUES (?,?,?,?,?,?,?,?,?,?,?)", customers)

    orders, lines, delivs, memos = [], [], [], []
    start, end = date(2023, 1, 1), date(2025, 12, 31)
    growth = {2023: 1.0, 2024: 1.18, 2025: 1.31}
    for cust in customers:
        cno, ctype, terr, rep, opened, status = cust[0], cust[2], cust[5], cust[6], cust[9], cust[10]
        if cno % 23 == 0:
            continue  # a few accounts never ordered in the period
        size = {10: 1.0, 20: 2.2, 30: 1.5}[ctype]
        n = int(rng.randint(3, 18) * (1.4 if ctype == 20 else 1.0))
        first = max(start, date.fromisoformat(opened))
        last = date(2024, 9, 30) if status == 9 else end
        for _ in range(n):
            od = _day(rng, first, last)
            if rng.random() > growth[od.year] / 1.31:
                od = _day(rng, max(first, date(2024, 1, 1)), last) if last >= date(2024, 1, 1) else od
            ono = 500000 + len(orders) + 1
            req = od + timedelta(days=rng.choice((1, 2, 2, 3)))
            stat = rng.choices((40, 90), weights=(95, 5))[0] if od < date(2025, 12, 20) else \
                rng.choices((10, 20, 40), weights=(40, 40, 20))[0]
            wh = WHS_TERR_WH[terr] if rng.random() < 0.9 else rng.choice([w[0] for w in WHS_WAREHOUSES])
            total = 0.0
            for ln_no, pno in enumerate(rng.sample(prod_nos, rng.randint(2, 7)), start=1):
                price, cat = prod_info[pno]
                qty = max(1, int(rng.randint(1, 12) * size))
                disc = rng.choices((0.0, 2.0, 5.0, 10.0), weights=(70, 15, 10, 5))[0]
                shipped = None if stat in (10, 90) else (qty if rng.random() < 0.93 else qty - rng.randint(1, qty) if qty > 1 else qty)
                amt = round(qty * price * (1 - disc / 100), 2)
                lines.append((ono, ln_no, pno, qty, shipped, price, disc, amt))
                total += amt
            total = round(total, 2) if stat != 90 else 0.0
            orders.append((ono, cno, rep, wh, od.isoformat(), req.isoformat(), stat,
                           rng.choices(("EDI", "WEB", "PHN", "REP"), weights=(20, 35, 25, 20))[0], total,
                           _ts(rng, od - timedelta(days=rng.randint(0, 1)), 5, 20)))
            if stat in (20, 40):
                ship = od + timedelta(days=rng.choice((0, 1, 1, 2)))
                late_p = {"WH01": 0.08, "WH02": 0.12, "WH03": 0.18, "WH04": 0.10}[wh]
                if stat == 20:
                    dd, flag, dstat = None, None, 20  # in transit
                else:
                    dd = max(ship, req + timedelta(days=rng.randint(1, 3))) if rng.random() < late_p else \
                        max(ship, req - timedelta(days=rng.randint(0, 1)))
                    flag, dstat = ("Y" if dd <= req else "N"), 30
                delivs.append((len(delivs) + 1, ono, wh, ship.isoformat(), dd.isoformat() if dd else None,
                               f"TRK-{rng.randint(11, 38)}", flag, dstat))
                if stat == 40 and rng.random() < 0.07:
                    reason = rng.choices(("DMG", "EXP", "WRG", "SHT", "PRC"), weights=(30, 20, 20, 20, 10))[0]
                    cd = od + timedelta(days=rng.randint(2, 20))
                    remark = None if rng.random() < 0.4 else {"DMG": "Damaged on arrival", "EXP": "Past use-by date",
                                                            "WRG": "Wrong item picked", "SHT": "Short shipped",
                                                            "PRC": "Price correction"}[reason]
                    memos.append((900000 + len(memos) + 1, ono, cno, cd.isoformat(), reason,
                                  round(total * rng.uniform(0.03, 0.25), 2), "Y" if rng.random() < 0.85 else "N", remark))
    orders.sort(key=lambda o: (o[4], o[0]))
    conn.executemany("INSERT INTO SD_ORDER_HDR VALUES (?,?,?,?,?,?,?,?,?,?)", orders)
    conn.executemany("INSERT INTO SD_ORDER_LINE VALUES (?,?,?,?,?,?,?,?)", lines)
    conn.executemany("INSERT INTO LE_DELIVERY VALUES (?,?,?,?,?,?,?,?)", delivs)
    conn.executemany("INSERT INTO FI_CREDIT_MEMO VALUES (?,?,?,?,?,?,?,?)", memos)


# ---------------------------------------------------------------- veterinary (legacy DBF practice-management export)

VET_CLINICS = ((1, "Maple Grove Animal Hospital", "Maple Grove", "20080315", "T"),
               (2, "Riverside Pet Clinic", "Riverside", "20150601", "F"),
               (3, "Cedar Hills Veterinary Center", "Cedar Hills", "20220912", "T"))
VET_ZIPS = {1: ("55311", "55369"), 2: ("92501", "92503"), 3: ("97225", "97229")}
# clinic -> staffing: (title, count, hired from, hired to)
VET_STAFFING = {1: (("DVM", 4), ("LVT", 4), ("VA", 2), ("CSR", 2), ("PM", 1)),
                2: (("DVM", 3), ("LVT", 3), ("VA", 1), ("CSR", 2), ("PM", 1)),
                3: (("DVM", 2), ("LVT", 2), ("CSR", 1))}
# code -> (description, category, 2024 fee)
VET_SERVICES = (
    ("EXWELL", "Wellness Examination", "EXAM", 68.0), ("EXSICK", "Problem Examination", "EXAM", 78.0),
    ("EXRECHK", "Recheck Examination", "EXAM", 45.0), ("EXEMERG", "Emergency Examination", "EXAM", 145.0),
    ("VDA2PP", "DA2PP Vaccine (Distemper/Parvo)", "VACCINE", 32.0), ("VRAB1", "Rabies Vaccine 1 Year", "VACCINE", 28.0),
    ("VLEPTO", "Leptospirosis Vaccine", "VACCINE", 30.0), ("VBORD", "Bordetella Vaccine", "VACCINE", 27.0),
    ("VFVRCP", "FVRCP Vaccine", "VACCINE", 31.0), ("VFELV", "Feline Leukemia Vaccine", "VACCINE", 34.0),
    ("VRHDV", "Rabbit RHDV2 Vaccine", "VACCINE", 42.0),
    ("LHWT", "Heartworm Antigen Test", "LAB", 48.0), ("LFECAL", "Fecal Flotation", "LAB", 36.0),
    ("LCBC", "Complete Blood Count", "LAB", 62.0), ("LCHEM", "Chemistry Panel", "LAB", 118.0),
    ("LUA", "Urinalysis", "LAB", 55.0), ("LPREA", "Pre-anesthetic Bloodwork", "LAB", 95.0),
    ("IRAD2", "Radiographs 2 Views", "IMAGING", 210.0), ("IULTRA", "Abdominal Ultrasound", "IMAGING", 385.0),
    ("SSPAYK", "Canine Spay", "SURGERY", 520.0), ("SNEUK", "Canine Neuter", "SURGERY", 410.0),
    ("SSPAYF", "Feline Spay", "SURGERY", 330.0), ("SNEUF", "Feline Neuter", "SURGERY", 210.0),
    ("SMASS", "Mass Removal", "SURGERY", 640.0), ("SANES", "General Anesthesia", "ANESTHESIA", 185.0),
    ("DCLEAN", "Dental Cleaning and Polish", "DENTAL", 325.0), ("DEXTR", "Tooth Extraction", "DENTAL", 95.0),
    ("PHWPREV", "Heartworm Preventive (monthly dose)", "PHARMACY", 14.5),
    ("PFLEA", "Flea and Tick Preventive (monthly dose)", "PHARMACY", 21.0),
    ("PANTIB", "Antibiotic Course", "PHARMACY", 38.0), ("PNSAID", "Pain Relief (NSAID) Course", "PHARMACY", 42.0),
    ("PFLUID", "Subcutaneous Fluids", "PHARMACY", 35.0),
    ("HHOSP", "Hospitalization per Day", "HOSPITAL", 160.0),
    ("MCHIP", "Microchip Implant", "OTHER", 55.0), ("NNAILS", "Nail Trim", "OTHER", 18.0),
    ("EUTH", "Euthanasia", "END OF LIFE", 120.0), ("ECREM", "Private Cremation", "END OF LIFE", 245.0),
    ("XACUP", "Acupuncture Session", "OTHER", 95.0), ("XLASER", "Therapeutic Laser Session", "OTHER", 65.0),
    ("XBOARD", "Boarding per Night", "OTHER", 48.0),
)
VET_SPECIES = (("CANINE", 55), ("FELINE", 36), ("RABBIT", 4), ("AVIAN", 3), ("REPTILE", 2))
VET_BREEDS = {
    "CANINE": (("Labrador Retriever", 18, 55, 80), ("Mixed Breed", 22, 20, 70), ("Golden Retriever", 10, 55, 75),
               ("German Shepherd", 8, 55, 85), ("French Bulldog", 7, 18, 28), ("Beagle", 6, 20, 30),
               ("Dachshund", 6, 11, 28), ("Poodle", 5, 10, 60), ("Boxer", 4, 50, 70), ("Chihuahua", 5, 4, 8),
               ("Shih Tzu", 5, 9, 16), ("Australian Shepherd", 4, 40, 60)),
    "FELINE": (("Domestic Shorthair", 55, 8, 14), ("Domestic Longhair", 18, 8, 15), ("Maine Coon", 7, 11, 20),
               ("Siamese", 8, 7, 11), ("Ragdoll", 7, 10, 18), ("Bengal", 5, 8, 13)),
    "RABBIT": (("Holland Lop", 50, 3, 4.5), ("Netherland Dwarf", 30, 1.5, 2.5), ("Rex", 20, 7, 10)),
    "AVIAN": (("Cockatiel", 45, 0.2, 0.3), ("Budgerigar", 35, 0.06, 0.09), ("African Grey", 20, 0.9, 1.2)),
    "REPTILE": (("Bearded Dragon", 60, 0.6, 1.1), ("Leopard Gecko", 40, 0.1, 0.2)),
}
VET_PET_NAMES = ("Bella", "Max", "Luna", "Charlie", "Lucy", "Cooper", "Daisy", "Milo", "Bailey", "Sadie", "Oliver",
                 "Rocky", "Molly", "Bear", "Lola", "Tucker", "Zoe", "Duke", "Stella", "Leo", "Penny", "Jack",
                 "Chloe", "Oscar", "Nala", "Winston", "Ruby", "Gus", "Rosie", "Simba", "Pepper", "Mochi", "Ziggy",
                 "Biscuit", "Hazel", "Kiwi", "Thor", "Willow", "Pickles", "Shadow", "Ginger", "Murphy", "Olive",
                 "Bruno", "Cleo", "Finn", "Maple", "Tigger", "Peanut", "Sunny")
VET_FEE_YEAR = {2022: 0.90, 2023: 0.95, 2024: 1.0}
VET_MONTH_WT = (7, 7, 9, 10, 10, 10, 9, 9, 8, 8, 7, 6)


def _dbf(d: date | None) -> str | None:
    return d.strftime("%Y%m%d") if d else None


def build_veterinary(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE CLINIC (CLINICID INTEGER PRIMARY KEY, CLINICNAME TEXT NOT NULL, CITY TEXT NOT NULL,
        OPENDATE TEXT NOT NULL, EMERGENCY TEXT NOT NULL);
    CREATE TABLE STAFF (STAFFCD TEXT PRIMARY KEY, LASTNAME TEXT NOT NULL, FIRSTNAME TEXT NOT NULL, TITLE TEXT NOT NULL,
        CLINICID INTEGER NOT NULL REFERENCES CLINIC(CLINICID), HIREDATE TEXT NOT NULL, TERMDATE TEXT,
        ACTIVE TEXT NOT NULL);
    CREATE TABLE CLIENT (CLIENTNO INTEGER PRIMARY KEY, LASTNAME TEXT NOT NULL, FIRSTNAME TEXT NOT NULL,
        CITY TEXT NOT NULL, ZIP TEXT NOT NULL, PHONE TEXT NOT NULL, EMAIL TEXT,
        CLINICID INTEGER NOT NULL REFERENCES CLINIC(CLINICID), OPENDATE TEXT NOT NULL, REMINDOK TEXT NOT NULL);
    CREATE TABLE PATIENT (PATIENTNO INTEGER PRIMARY KEY, CLIENTNO INTEGER NOT NULL REFERENCES CLIENT(CLIENTNO),
        PATNAME TEXT NOT NULL, SPECIES TEXT NOT NULL, BREED TEXT, SEX TEXT NOT NULL, BIRTHDATE TEXT, WEIGHTLBS REAL,
        MICROCHIP TEXT, DECEASED TEXT NOT NULL, DECEASEDT TEXT);
    CREATE TABLE SERVICE (SVCCODE TEXT PRIMARY KEY, SVCDESC TEXT NOT NULL, CATEGORY TEXT NOT NULL, PRICE REAL NOT NULL);
    CREATE TABLE VISIT (VISITNO INTEGER PRIMARY KEY, PATIENTNO INTEGER NOT NULL REFERENCES PATIENT(PATIENTNO),
        CLIENTNO INTEGER NOT NULL REFERENCES CLIENT(CLIENTNO), CLINICID INTEGER NOT NULL REFERENCES CLINIC(CLINICID),
        STAFFCD TEXT NOT NULL REFERENCES STAFF(STAFFCD), VISITDATE TEXT NOT NULL, VISITTYPE TEXT NOT NULL,
        STATUS TEXT NOT NULL, INVTOTAL REAL);
    CREATE TABLE VISITDTL (VISITNO INTEGER NOT NULL REFERENCES VISIT(VISITNO), LINENO INTEGER NOT NULL,
        SVCCODE TEXT NOT NULL REFERENCES SERVICE(SVCCODE), QTY REAL NOT NULL, UNITPRICE REAL NOT NULL,
        LINETOTAL REAL NOT NULL, PRIMARY KEY (VISITNO, LINENO));
    CREATE TABLE PAYMENT (PAYNO INTEGER PRIMARY KEY, CLIENTNO INTEGER NOT NULL REFERENCES CLIENT(CLIENTNO),
        VISITNO INTEGER NOT NULL REFERENCES VISIT(VISITNO), PAYDATE TEXT NOT NULL, AMOUNT REAL NOT NULL,
        PAYMETHOD TEXT NOT NULL);
    CREATE TABLE REMINDER (REMINDNO INTEGER PRIMARY KEY, PATIENTNO INTEGER NOT NULL REFERENCES PATIENT(PATIENTNO),
        SVCCODE TEXT NOT NULL REFERENCES SERVICE(SVCCODE), DUEDATE TEXT NOT NULL, SENTDATE TEXT,
        COMPLIED TEXT);
    """)
    conn.executemany("INSERT INTO CLINIC VALUES (?,?,?,?,?)", VET_CLINICS)
    clinic_open = {c[0]: datetime.strptime(c[3], "%Y%m%d").date() for c in VET_CLINICS}
    conn.executemany("INSERT INTO SERVICE VALUES (?,?,?,?)", VET_SERVICES)
    fee = {s[0]: s[3] for s in VET_SERVICES}
    start, end = date(2022, 1, 1), date(2024, 12, 31)

    # staff: initials-based codes as the DBF package assigns them; a few departures and replacements
    staff, codes = [], set()
    leavers = {(1, "DVM", 1): date(2023, 5, 19), (2, "DVM", 2): date(2024, 3, 8), (1, "LVT", 3): date(2022, 11, 30),
               (2, "CSR", 0): date(2024, 8, 16), (1, "VA", 1): date(2024, 10, 4)}

    def add_staff(clinic: int, title: str, hired: date, term: date | None) -> None:
        while True:
            fn, ln = _name(rng)
            code = (fn[0] + ln[:2]).upper()
            if code not in codes:
                break
        codes.add(code)
        staff.append((code, ln, fn, title, clinic, _dbf(hired), _dbf(term), "F" if term else "T"))

    for clinic, roles in VET_STAFFING.items():
        for title, n in roles:
            for i in range(n):
                lo = max(clinic_open[clinic] - timedelta(days=60), date(2005, 1, 1))
                hired = _day(rng, lo, date(2021, 12, 31)) if clinic != 3 else \
                    _day(rng, date(2022, 7, 1), date(2022, 9, 1))
                term = leavers.get((clinic, title, i))
                add_staff(clinic, title, hired, term)
                if term and title == "DVM":
                    add_staff(clinic, title, term + timedelta(days=rng.randint(20, 70)), None)
    add_staff(3, "DVM", date(2024, 2, 5), None)  # third vet once Cedar Hills grew
    conn.executemany("INSERT INTO STAFF VALUES (?,?,?,?,?,?,?,?)", staff)

    def vets_on(clinic: int, d: date) -> list[str]:
        out = []
        for s in staff:
            if s[4] == clinic and s[3] == "DVM":
                hired = datetime.strptime(s[5], "%Y%m%d").date()
                term = datetime.strptime(s[6], "%Y%m%d").date() if s[6] else None
                if hired <= d and (term is None or d < term):
                    out.append(s[0])
        return out

    # clients
    clients, lapsed, names = [], {}, set()
    for i in range(330):
        clinic = rng.choices((1, 2, 3), weights=(48, 34, 18))[0]
        lo = {1: date(2010, 1, 1), 2: date(2015, 6, 1), 3: date(2022, 9, 12)}[clinic]
        opened = _day(rng, lo, date(2024, 11, 30))
        if clinic != 3 and rng.random() < 0.12:
            opened = _day(rng, date(2022, 1, 1), date(2024, 11, 30))
        fn, ln = _name(rng)
        while (fn, ln) in names:
            fn, ln = _name(rng)
        names.add((fn, ln))
        if rng.random() < 0.16:  # moved away or went elsewhere; the file keeps them
            lapsed[10001 + i] = _day(rng, max(start, opened), end)
        email = None if rng.random() < 0.22 else f"{fn.lower()}.{ln.lower()}{rng.randint(1, 99)}@{rng.choice(('gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com'))}"
        city = {1: "Maple Grove", 2: "Riverside", 3: "Cedar Hills"}[clinic]
        if rng.random() < 0.2:
            city = {1: "Plymouth", 2: "Moreno Valley", 3: "Beaverton"}[clinic]
        phone = f"({('763', '951', '503')[clinic - 1]}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}"
        clients.append((10001 + i, ln, fn, city, rng.choice(VET_ZIPS[clinic]), phone, email, clinic, _dbf(opened),
                        "T" if rng.random() < 0.82 else "F"))
    conn.executemany("INSERT INTO CLIENT VALUES (?,?,?,?,?,?,?,?,?,?)", clients)

    # patients
    patients = []
    for c in clients:
        for _ in range(rng.choices((1, 2, 3, 4, 5), weights=(58, 27, 10, 4, 1))[0]):
            sp = rng.choices([s for s, _ in VET_SPECIES], weights=[w for _, w in VET_SPECIES])[0]
            breeds = VET_BREEDS[sp]
            br = rng.choices(breeds, weights=[b[1] for b in breeds])[0]
            born = _day(rng, date(2008, 1, 1) if sp in ("CANINE", "FELINE", "AVIAN") else date(2014, 1, 1),
                        date(2024, 6, 30))
            sex = rng.choice(("M", "F"))
            if sp in ("CANINE", "FELINE") and born < date(2021, 6, 1) and rng.random() < 0.78:
                sex = {"M": "MN", "F": "FS"}[sex]
            weight = round(rng.uniform(br[2], br[3]), 1 if sp != "AVIAN" else 2)
            if (date(2024, 12, 31) - born).days < 365 and sp in ("CANINE", "FELINE"):
                weight = round(weight * rng.uniform(0.35, 0.8), 1)
            chip = f"9850{rng.randint(10**10, 10**11 - 1)}" if sp in ("CANINE", "FELINE") and rng.random() < 0.52 else None
            age_years = (date(2024, 12, 31) - born).days / 365.25
            dead = None
            if rng.random() < (0.04 + 0.035 * max(0.0, age_years - 9)):
                dead = _day(rng, max(start, born + timedelta(days=200)), end)
            patients.append([len(patients) + 5001, c[0], rng.choice(VET_PET_NAMES), sp,
                             None if rng.random() < 0.04 else br[0], sex,
                             None if rng.random() < 0.07 else _dbf(born), None if rng.random() < 0.03 else weight,
                             chip, "T" if dead else "F", _dbf(dead), born, dead, c])
    conn.executemany("INSERT INTO PATIENT VALUES (?,?,?,?,?,?,?,?,?,?,?)", [p[:11] for p in patients])

    visits, lines, pays, reminders = [], [], [], []
    year_rate = {2022: 0.85, 2023: 1.0, 2024: 1.12}

    def add_visit(p: list, d: date, vtype: str, final: bool = False) -> None:
        c = p[13]
        clinic = c[7] if rng.random() < 0.92 else rng.choice((1, 2, 3))
        if d < clinic_open[clinic]:
            clinic = c[7] if d >= clinic_open[c[7]] else 1
        if vtype == "EMERGENCY" and clinic == 2:
            clinic = 1
        vets = vets_on(clinic, d)
        if not vets:
            clinic = 1
            vets = vets_on(1, d)
        vno = 700001 + len(visits)
        status = "C" if final else rng.choices(("C", "N", "X"), weights=(88, 7, 5))[0]
        if vtype in ("EMERGENCY", "SURGERY", "DENTAL") and status == "N":
            status = "C"
        yr_f = VET_FEE_YEAR[d.year]
        items: list[tuple[str, float]] = []
        sp, sex = p[3], p[5]
        if vtype == "WELLNESS":
            items.append(("EXWELL", 1))
            if sp == "CANINE":
                items += [(v, 1) for v in ("VDA2PP", "VRAB1") if rng.random() < 0.8]
                items += [(v, 1) for v in ("VLEPTO", "VBORD") if rng.random() < 0.45]
                if rng.random() < 0.75:
                    items.append(("LHWT", 1))
                if rng.random() < 0.6:
                    items.append(("PHWPREV", rng.choice((6, 12, 12))))
            elif sp == "FELINE":
                items += [(v, 1) for v in ("VFVRCP", "VRAB1") if rng.random() < 0.75]
                if rng.random() < 0.3:
                    items.append(("VFELV", 1))
            elif sp == "RABBIT" and rng.random() < 0.7:
                items.append(("VRHDV", 1))
            if sp in ("CANINE", "FELINE") and rng.random() < 0.5:
                items.append(("PFLEA", rng.choice((3, 6, 6, 12))))
            if rng.random() < 0.35:
                items.append(("LFECAL", 1))
            if sp in ("RABBIT", "AVIAN", "REPTILE") or rng.random() < 0.08:
                items.append(("NNAILS", 1))
            if sp in ("CANINE", "FELINE") and p[8] is None and rng.random() < 0.05:
                items.append(("MCHIP", 1))
        elif vtype in ("SICK", "EMERGENCY"):
            items.append(("EXSICK" if vtype == "SICK" else "EXEMERG", 1))
            for code, prob in (("LCBC", 0.35), ("LCHEM", 0.3), ("LUA", 0.15), ("IRAD2", 0.25), ("IULTRA", 0.05),
                               ("PANTIB", 0.4), ("PNSAID", 0.3), ("PFLUID", 0.15)):
                if rng.random() < prob * (1.6 if vtype == "EMERGENCY" else 1.0):
                    items.append((code, 1))
            if vtype == "EMERGENCY" and rng.random() < 0.4:
                items.append(("HHOSP", rng.randint(1, 3)))
            if final:
                items = [("EXSICK" if vtype == "SICK" else "EXEMERG", 1), ("EUTH", 1)]
                if rng.random() < 0.55:
                    items.append(("ECREM", 1))
        elif vtype == "RECHECK":
            items.append(("EXRECHK", 1))
            if rng.random() < 0.3:
                items.append(("LCHEM", 1))
            if rng.random() < 0.25:
                items.append(("PANTIB", 1))
        elif vtype == "DENTAL":
            items += [("LPREA", 1), ("SANES", 1), ("DCLEAN", 1)]
            if rng.random() < 0.45:
                items.append(("DEXTR", rng.randint(1, 4)))
            items.append(("PNSAID", 1))
        elif vtype == "SURGERY":
            if sex in ("M", "F") and sp in ("CANINE", "FELINE") and (d - p[11]).days < 800:
                code = {("CANINE", "F"): "SSPAYK", ("CANINE", "M"): "SNEUK", ("FELINE", "F"): "SSPAYF",
                        ("FELINE", "M"): "SNEUF"}[(sp, sex)]
                p[5] = {"M": "MN", "F": "FS"}[sex]
            else:
                code = "SMASS"
            items += [("LPREA", 1), ("SANES", 1), (code, 1), ("PNSAID", 1)]
            if rng.random() < 0.3:
                items.append(("HHOSP", 1))
        total = None
        if status == "C":
            total = 0.0
            for ln_no, (code, qty) in enumerate(items, start=1):
                unit = round(fee[code] * yr_f, 2)
                amt = round(unit * qty, 2)
                lines.append((vno, ln_no, code, float(qty), unit, amt))
                total += amt
            total = round(total, 2)
        vet = rng.choice(vets)
        visits.append((vno, p[0], c[0], clinic, vet, d, vtype, status, total))

    for p in patients:
        c, born, dead = p[13], p[11], p[12]
        lo = max(start, datetime.strptime(c[8], "%Y%m%d").date(), born + timedelta(days=56))
        hi = min(end, dead - timedelta(days=1)) if dead else end
        hi = min(hi, lapsed.get(c[0], end))
        if lo > hi:
            continue
        sp = p[3]
        base = {"CANINE": 1.0, "FELINE": 0.7, "RABBIT": 0.5, "AVIAN": 0.4, "REPTILE": 0.35}[sp]
        # one wellness visit a year around the same month, plus ailments
        anchor = rng.randrange(1, 13)
        for yr in (2022, 2023, 2024):
            if rng.random() < 0.78 * (year_rate[yr] / 1.12) + 0.1:
                try:
                    d = date(yr, anchor, rng.randint(1, 28)) + timedelta(days=rng.randint(-20, 20))
                except ValueError:
                    continue
                if lo <= d <= hi:
                    add_visit(p, d, "WELLNESS")
            expected = base * 3 * year_rate[yr]
            for _ in range(int(expected) + (rng.random() < expected % 1)):
                if rng.random() < 0.38:
                    m = rng.choices(range(1, 13), weights=VET_MONTH_WT)[0]
                    d = date(yr, m, rng.randint(1, 28))
                    if not lo <= d <= hi:
                        continue
                    vtype = rng.choices(("SICK", "EMERGENCY", "DENTAL", "SURGERY"), weights=(66, 14, 14, 6))[0]
                    if vtype == "DENTAL" and sp not in ("CANINE", "FELINE"):
                        vtype = "SICK"
                    add_visit(p, d, vtype)
                    if vtype in ("SICK", "EMERGENCY", "SURGERY") and rng.random() < 0.4:
                        rd = d + timedelta(days=rng.randint(7, 21))
                        if rd <= hi:
                            add_visit(p, rd, "RECHECK")
        if sp in ("CANINE", "FELINE") and p[5] in ("M", "F") and rng.random() < 0.7:
            d = born + timedelta(days=rng.randint(150, 420))
            if lo <= d <= hi:
                add_visit(p, d, "SURGERY")
        if dead and rng.random() < 0.7 and lo <= dead <= lapsed.get(c[0], end):
            add_visit(p, dead, rng.choice(("SICK", "EMERGENCY")), final=True)

    # order the visit file by date as the application numbers it
    visits.sort(key=lambda v: (v[5], v[0]))
    renum = {v[0]: 700001 + i for i, v in enumerate(visits)}
    visits = [(renum[v[0]],) + v[1:] for v in visits]
    lines = sorted(((renum[ln[0]],) + ln[1:] for ln in lines), key=lambda ln: (ln[0], ln[1]))
    conn.executemany("INSERT INTO VISIT VALUES (?,?,?,?,?,?,?,?,?)",
                     [v[:5] + (_dbf(v[5]),) + v[6:] for v in visits])
    conn.executemany("INSERT INTO VISITDTL VALUES (?,?,?,?,?,?)", lines)
    conn.executemany("UPDATE PATIENT SET SEX = ? WHERE PATIENTNO = ?", [(p[5], p[0]) for p in patients])

    # payments: most paid at checkout; some split, some partly or never paid
    for v in visits:
        if v[7] != "C":
            continue
        total, d = v[8], v[5]

        def method(amount: float) -> str:
            if amount > 450 and rng.random() < 0.35:
                return "CARECREDIT"
            return rng.choices(("CREDIT", "DEBIT", "CASH", "CHECK"), weights=(60, 20, 12, 8))[0]

        r = rng.random()
        if r < 0.88:
            pays.append((v[2], v[0], d, total, method(total)))
        elif r < 0.94:
            first = round(total * rng.uniform(0.3, 0.7), 2)
            later = d + timedelta(days=rng.randint(10, 60))
            pays.append((v[2], v[0], d, first, method(first)))
            if later <= end:
                pays.append((v[2], v[0], later, round(total - first, 2), method(total - first)))
        elif r < 0.97:
            part = round(total * rng.uniform(0.2, 0.6), 2)
            pays.append((v[2], v[0], d, part, method(part)))
    pays.sort(key=lambda x: (x[2], x[1]))
    conn.executemany("INSERT INTO PAYMENT VALUES (?,?,?,?,?,?)",
                     [(300001 + i, c, vno, _dbf(d), amt, m) for i, (c, vno, d, amt, m) in enumerate(pays)])

    # annual wellness reminders, due a year after each completed wellness visit
    wellness: dict[int, list[date]] = {}
    for v in visits:
        if v[6] == "WELLNESS" and v[7] == "C":
            wellness.setdefault(v[1], []).append(v[5])
    pat = {p[0]: p for p in patients}
    for pno, days in wellness.items():
        p = pat[pno]
        for d in days:
            due = d + timedelta(days=365)
            if p[12] and due > p[12]:
                continue
            sent = due - timedelta(days=14) if p[13][9] == "T" and due - timedelta(days=14) <= end else None
            done = any(due - timedelta(days=45) <= x <= due + timedelta(days=60) for x in days if x > d)
            status = None if due + timedelta(days=60) > end else ("T" if done else "F")  # blank until decidable
            reminders.append((due, pno, "EXWELL", sent, status))
    reminders.sort(key=lambda x: (x[0], x[1]))
    conn.executemany("INSERT INTO REMINDER VALUES (?,?,?,?,?,?)",
                     [(i + 1, pno, code, _dbf(due), _dbf(sent), done)
                      for i, (due, pno, code, sent, done) in enumerate(reminders)])


# ---------------------------------------------------------------- grain_coop (IBM i / AS/400 extract)

COOP_LOCS = (("ALB", "ALBION TERMINAL", "ALBION", 4200000, "Y"), ("FUL", "FULLERTON", "FULLERTON", 1850000, "Y"),
             ("GEN", "GENOA", "GENOA", 1100000, "N"), ("SPL", "SPALDING", "SPALDING", 850000, "N"),
             ("PTN", "PETERSBURG", "PETERSBURG", 600000, "N"), ("ELG", "ELGIN", "ELGIN", 950000, "N"))
COOP_LOC_WEIGHT = {"ALB": 30, "FUL": 20, "GEN": 16, "SPL": 13, "PTN": 9, "ELG": 12}
COOP_LOC_BASIS = {"ALB": 0.0, "FUL": -0.03, "GEN": -0.05, "SPL": -0.08, "PTN": -0.10, "ELG": -0.07}
COOP_TOWNS = {"ALB": ("ALBION", "CEDAR RAPIDS", "ST EDWARD"), "FUL": ("FULLERTON", "BELGRADE", "CENTRAL CITY"),
              "GEN": ("GENOA", "MONROE", "COLUMBUS"), "SPL": ("SPALDING", "GREELEY", "PRIMROSE"),
              "PTN": ("PETERSBURG", "NEWMAN GROVE"), "ELG": ("ELGIN", "NELIGH", "OAKDALE")}
# code, description, standard test weight (lb/bu), base moisture %, shrink % per moisture point
COOP_CMDS = (("CRN", "YELLOW CORN", 56.0, 15.0, 1.4), ("SOY", "SOYBEANS", 60.0, 13.0, 1.3),
             ("HRW", "HARD RED WINTER WHEAT", 60.0, 13.5, 1.3), ("SOR", "GRAIN SORGHUM", 56.0, 14.0, 1.4),
             ("OAT", "OATS", 32.0, 14.0, 1.3), ("WCN", "WHITE CORN", 56.0, 15.0, 1.4))
# cash price anchors at the terminal ((year, month), $/bu)
COOP_PRICE_ANCHORS = {
    "CRN": (((2021, 12), 5.70), ((2022, 5), 7.35), ((2022, 8), 6.70), ((2022, 11), 6.55), ((2023, 2), 6.50),
            ((2023, 6), 6.10), ((2023, 9), 4.90), ((2023, 12), 4.55), ((2024, 3), 4.15), ((2024, 6), 4.20),
            ((2024, 8), 3.70), ((2024, 11), 3.95), ((2025, 1), 4.20)),
    "SOY": (((2021, 12), 12.90), ((2022, 6), 16.40), ((2022, 10), 13.60), ((2023, 1), 14.60), ((2023, 6), 13.40),
            ((2023, 10), 12.55), ((2024, 1), 11.95), ((2024, 6), 11.30), ((2024, 9), 9.70), ((2025, 1), 9.65)),
    "HRW": (((2021, 12), 7.60), ((2022, 5), 11.20), ((2022, 8), 8.50), ((2022, 12), 8.70), ((2023, 5), 7.90),
            ((2023, 8), 7.25), ((2023, 12), 5.95), ((2024, 5), 6.10), ((2024, 8), 5.05), ((2025, 1), 5.05)),
    "OAT": (((2021, 12), 5.60), ((2022, 7), 4.70), ((2023, 7), 3.45), ((2024, 7), 3.20), ((2025, 1), 3.30)),
}
COOP_HARVEST = {"CRN": ((9, 15), (11, 30)), "SOR": ((9, 25), (11, 20)), "SOY": ((9, 15), (10, 31)),
                "HRW": ((7, 1), (8, 15)), "OAT": ((7, 5), (7, 31))}
COOP_BASIS = {"CRN": (-0.45, -0.15), "SOR": (-0.70, -0.35), "SOY": (-0.95, -0.50), "HRW": (-0.85, -0.40),
              "OAT": (-0.60, -0.30)}
COOP_CHECKOFF = {"CRN": ("BU", 0.005), "SOR": ("PCT", 0.006), "SOY": ("PCT", 0.005), "HRW": ("PCT", 0.004),
                 "OAT": ("BU", 0.0)}
COOP_LIENS = ("FARM CREDIT SERVICES OF AMERICA", "FIRST NATIONAL BANK OF OMAHA", "PINNACLE BANK",
              "CORNERSTONE BANK")
# item, description, class, unit, list price by year (2022, 2023, 2024), active flag
COOP_ITEMS = (
    ("SC-P1185", "PIONEER P1185AM SEED CORN", "SEED", "UNIT", (298.0, 318.0, 322.0), "Y"),
    ("SC-DKC6294", "DEKALB DKC62-94 SEED CORN", "SEED", "UNIT", (289.0, 306.0, 312.0), "Y"),
    ("SC-G10T", "GOLDEN HARVEST G10T SEED CORN", "SEED", "UNIT", (276.0, 292.0, 296.0), "Y"),
    ("SB-P28A42", "PIONEER P28A42X SOYBEAN SEED", "SEED", "UNIT", (58.0, 62.0, 63.5), "Y"),
    ("SB-AG27XF", "ASGROW AG27XF3 SOYBEAN SEED", "SEED", "UNIT", (56.5, 60.0, 61.0), "Y"),
    ("SW-FREEMN", "FREEMAN WINTER WHEAT SEED", "SEED", "BU", (17.5, 18.5, 18.5), "N"),
    ("F-NH3", "ANHYDROUS AMMONIA 82-0-0", "FERT", "TON", (1450.0, 1080.0, 790.0), "Y"),
    ("F-UAN32", "UAN 32% SOLUTION", "FERT", "TON", (690.0, 480.0, 360.0), "Y"),
    ("F-UREA", "UREA 46-0-0", "FERT", "TON", (880.0, 640.0, 520.0), "Y"),
    ("F-MAP", "MAP 11-52-0", "FERT", "TON", (1050.0, 860.0, 760.0), "Y"),
    ("F-POTASH", "POTASH 0-0-60", "FERT", "TON", (880.0, 620.0, 470.0), "Y"),
    ("F-ATS", "AMMONIUM THIOSULFATE 12-0-0-26S", "FERT", "TON", (520.0, 450.0, 410.0), "Y"),
    ("C-RUPMAX3", "ROUNDUP POWERMAX 3", "CHEM", "GAL", (48.0, 38.0, 30.0), "Y"),
    ("C-ATRAZ4L", "ATRAZINE 4L", "CHEM", "GAL", (16.0, 14.0, 12.5), "Y"),
    ("C-ACURON", "ACURON HERBICIDE", "CHEM", "GAL", (128.0, 132.0, 135.0), "Y"),
    ("C-LIB280", "LIBERTY 280 SL", "CHEM", "GAL", (55.0, 47.0, 38.0), "Y"),
    ("C-ENGENIA", "ENGENIA DICAMBA HERBICIDE", "CHEM", "GAL", (150.0, 150.0, 145.0), "Y"),
    ("C-HEADAMP", "HEADLINE AMP FUNGICIDE", "CHEM", "GAL", (230.0, 235.0, 225.0), "Y"),
    ("C-24DAMN", "2,4-D AMINE 4", "CHEM", "GAL", (22.0, 20.0, 18.0), "Y"),
    ("C-PARAQ", "PARAQUAT 3SL", "CHEM", "GAL", (41.0, 41.0, 41.0), "N"),
    ("S-APPNH3", "ANHYDROUS APPLICATION", "SERV", "ACRE", (14.0, 15.0, 15.5), "Y"),
    ("S-SPRAY", "CUSTOM SPRAYING", "SERV", "ACRE", (8.5, 9.0, 9.5), "Y"),
    ("S-SPREAD", "DRY FERTILIZER SPREADING", "SERV", "ACRE", (7.0, 7.5, 8.0), "Y"),
    ("S-GRIDSMP", "GRID SOIL SAMPLING", "SERV", "ACRE", (6.5, 7.0, 7.0), "Y"),
    ("S-DRONE", "DRONE CROP SCOUTING", "SERV", "ACRE", (4.0, 4.0, 4.0), "Y"),
)


def _ymd(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def build_grain_coop(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE LOCMST (LCLOC CHAR(3) PRIMARY KEY, LCNAME CHAR(30) NOT NULL, LCCITY CHAR(20) NOT NULL,
        LCCAPBU NUMERIC(9,0) NOT NULL, LCRAIL CHAR(1) NOT NULL);
    CREATE TABLE CMDMST (CMCODE CHAR(3) PRIMARY KEY, CMDESC CHAR(30) NOT NULL, CMSTDWT DECIMAL(5,2) NOT NULL,
        CMBASMST DECIMAL(4,1) NOT NULL, CMSHRK DECIMAL(4,2) NOT NULL);
    CREATE TABLE GRWMST (GRNO NUMERIC(7,0) PRIMARY KEY, GRNAME CHAR(40) NOT NULL, GRCITY CHAR(20) NOT NULL,
        GRPHON CHAR(12), GRTYPE CHAR(1) NOT NULL, GRJNDT NUMERIC(8,0), GRHLOC CHAR(3) NOT NULL REFERENCES LOCMST(LCLOC),
        GRSTS CHAR(1) NOT NULL);
    CREATE TABLE CNTHDR (CTNO NUMERIC(7,0) PRIMARY KEY, CTGRNO NUMERIC(7,0) NOT NULL REFERENCES GRWMST(GRNO),
        CTCMD CHAR(3) NOT NULL REFERENCES CMDMST(CMCODE), CTLOC CHAR(3) NOT NULL REFERENCES LOCMST(LCLOC),
        CTTYPE CHAR(2) NOT NULL, CTDATE NUMERIC(8,0) NOT NULL, CTDLVBG NUMERIC(8,0) NOT NULL,
        CTDLVEN NUMERIC(8,0) NOT NULL, CTBU NUMERIC(9,0) NOT NULL, CTFUTR DECIMAL(7,4), CTBASIS DECIMAL(7,4),
        CTPRICE DECIMAL(7,4), CTDLVBU DECIMAL(11,2) NOT NULL, CTSTS CHAR(1) NOT NULL);
    CREATE TABLE STLHDR (STNO NUMERIC(7,0) PRIMARY KEY, STDATE NUMERIC(8,0) NOT NULL,
        STGRNO NUMERIC(7,0) NOT NULL REFERENCES GRWMST(GRNO), STLOC CHAR(3) NOT NULL REFERENCES LOCMST(LCLOC),
        STCMD CHAR(3) NOT NULL REFERENCES CMDMST(CMCODE), STCTNO NUMERIC(7,0) REFERENCES CNTHDR(CTNO),
        STBU DECIMAL(11,2) NOT NULL, STPRICE DECIMAL(7,4) NOT NULL, STGRSAMT DECIMAL(11,2) NOT NULL,
        STDRYAMT DECIMAL(9,2) NOT NULL, STSTGAMT DECIMAL(9,2) NOT NULL, STCKOAMT DECIMAL(9,2) NOT NULL,
        STNETAMT DECIMAL(11,2) NOT NULL);
    CREATE TABLE SCLTKT (TKNO NUMERIC(7,0) PRIMARY KEY, TKDATE NUMERIC(8,0) NOT NULL,
        TKLOC CHAR(3) NOT NULL REFERENCES LOCMST(LCLOC), TKGRNO NUMERIC(7,0) NOT NULL REFERENCES GRWMST(GRNO),
        TKCMD CHAR(3) NOT NULL REFERENCES CMDMST(CMCODE), TKGROSS NUMERIC(7,0) NOT NULL, TKTARE NUMERIC(7,0) NOT NULL,
        TKNETLB NUMERIC(7,0) NOT NULL, TKMOIST DECIMAL(4,1) NOT NULL, TKTSTWT DECIMAL(4,1) NOT NULL,
        TKDOCK DECIMAL(4,1), TKNETBU DECIMAL(9,2) NOT NULL, TKDISP CHAR(1) NOT NULL,
        TKCTNO NUMERIC(7,0) REFERENCES CNTHDR(CTNO), TKSTNO NUMERIC(7,0) REFERENCES STLHDR(STNO));
    CREATE TABLE PAYHST (PYNO NUMERIC(9,0) PRIMARY KEY, PYSTNO NUMERIC(7,0) NOT NULL REFERENCES STLHDR(STNO),
        PYGRNO NUMERIC(7,0) NOT NULL REFERENCES GRWMST(GRNO), PYDATE NUMERIC(8,0) NOT NULL, PYMTHD CHAR(2) NOT NULL,
        PYCHKNO NUMERIC(7,0), PYAMT DECIMAL(11,2) NOT NULL, PYLIEN CHAR(40), PYSTS CHAR(1) NOT NULL,
        PYCLRDT NUMERIC(8,0));
    CREATE TABLE ITMMST (IMITEM CHAR(10) PRIMARY KEY, IMDESC CHAR(40) NOT NULL, IMCLS CHAR(4) NOT NULL,
        IMUOM CHAR(4) NOT NULL, IMPRICE DECIMAL(9,2) NOT NULL, IMACTV CHAR(1) NOT NULL);
    CREATE TABLE AGIHDR (AHINV NUMERIC(7,0) PRIMARY KEY, AHDATE NUMERIC(8,0) NOT NULL,
        AHGRNO NUMERIC(7,0) NOT NULL REFERENCES GRWMST(GRNO), AHLOC CHAR(3) NOT NULL REFERENCES LOCMST(LCLOC),
        AHTERMS CHAR(3) NOT NULL, AHTOTAL DECIMAL(11,2) NOT NULL);
    CREATE TABLE AGIDTL (ADINV NUMERIC(7,0) NOT NULL REFERENCES AGIHDR(AHINV), ADLINE NUMERIC(3,0) NOT NULL,
        ADITEM CHAR(10) NOT NULL REFERENCES ITMMST(IMITEM), ADQTY DECIMAL(9,1) NOT NULL, ADPRICE DECIMAL(9,2) NOT NULL,
        ADEXT DECIMAL(11,2) NOT NULL, PRIMARY KEY (ADINV, ADLINE));
    """)
    conn.executemany("INSERT INTO LOCMST VALUES (?,?,?,?,?)", COOP_LOCS)
    conn.executemany("INSERT INTO CMDMST VALUES (?,?,?,?,?)", COOP_CMDS)
    cmd = {c[0]: c for c in COOP_CMDS}
    locs = [lc[0] for lc in COOP_LOCS]
    end_of_data = date(2024, 12, 31)

    def anchor_price(c: str, d: date) -> float:
        pts = COOP_PRICE_ANCHORS["CRN" if c == "SOR" else c]
        x = d.toordinal()
        prev = None
        for (y, m), p in pts:
            cur = (date(y, m, 15).toordinal(), p)
            if prev is not None and prev[0] <= x <= cur[0]:
                p0 = prev[1] + (cur[1] - prev[1]) * (x - prev[0]) / (cur[0] - prev[0])
                return p0 * 0.93 if c == "SOR" else p0
            prev = cur
        raise ValueError(d)

    def cash(c: str, loc: str, d: date) -> float:
        return round(anchor_price(c, d) + COOP_LOC_BASIS[loc] + rng.uniform(-0.06, 0.06), 4)

    # ---- growers
    growers, used = [], set()
    gattr = {}
    for gno in range(1001, 1151):
        while True:
            fn, ln = (s.upper() for s in _name(rng))
            style = rng.random()
            if style < 0.5:
                name = f"{ln}, {fn}"
            elif style < 0.64:
                name = f"{ln} FARMS"
            elif style < 0.74:
                name = f"{ln} FAMILY FARMS LLC"
            elif style < 0.84:
                name = f"{ln} & SONS"
            elif style < 0.92:
                name = f"{ln} LAND & CATTLE CO"
            else:
                name = f"{ln} AG INC"
            if name not in used:
                used.add(name)
                break
        home = rng.choices(locs, weights=[COOP_LOC_WEIGHT[lc] for lc in locs])[0]
        city = rng.choice(COOP_TOWNS[home])
        phone = None if rng.random() < 0.12 else f"402-{rng.randint(200, 989)}-{rng.randint(0, 9999):04d}"
        member = rng.random() < 0.78
        if member:
            jd = _day(rng, date(1974, 1, 1), date(2021, 12, 31)) if rng.random() < 0.86 else \
                _day(rng, date(2022, 1, 1), date(2024, 11, 30))
        else:
            jd = None
        status = "I" if rng.random() < 0.09 and (jd is None or jd.year < 2022) else "A"
        size = rng.choices((0.5, 1.0, 2.0, 3.5), weights=(30, 40, 22, 8))[0] * rng.uniform(0.8, 1.2)
        first_year = 2022 if jd is None or jd.year < 2022 else jd.year
        if jd is None and rng.random() < 0.15:
            first_year = 2023
        last_year = 2024 if status == "A" else rng.choice((2021, 2021, 2022, 2023))
        if jd is not None and jd >= date(2024, 10, 1):
            first_year = 2025  # joined after harvest: nothing delivered yet
        if jd is None and rng.random() < 0.06:
            last_year = 2021  # agronomy-only patron
        crops = [c for c, p in (("CRN", 0.92), ("SOY", 0.82), ("HRW", 0.22), ("SOR", 0.12), ("OAT", 0.04))
                 if rng.random() < p] or ["CRN"]
        dd_from = rng.choices((None, 2022, 2023, 2024), weights=(45, 30, 15, 10))[0]
        lien = rng.choice(COOP_LIENS) if rng.random() < 0.08 else None
        gattr[gno] = dict(home=home, size=size, first=first_year, last=last_year, crops=crops, dd=dd_from,
                          lien=lien, semi=min(0.95, 0.45 + 0.15 * size), agro=rng.random() < 0.7)
        growers.append((gno, name, city, phone, "M" if member else "P", _ymd(jd) if jd else None, home, status))
    conn.executemany("INSERT INTO GRWMST VALUES (?,?,?,?,?,?,?,?)", growers)

    # ---- scale tickets, contracts, settlements
    year_factor = {2022: 0.82, 2023: 0.95, 2024: 1.08}
    base_loads = {"CRN": 5.0, "SOY": 3.0, "HRW": 2.5, "SOR": 2.5, "OAT": 1.2}
    tickets: list[dict] = []
    contracts: list[dict] = []

    def make_ticket(gno: int, c: str, d: date, harvest: bool) -> dict:
        a = gattr[gno]
        loc = a["home"] if rng.random() < 0.85 else rng.choices(locs, weights=[COOP_LOC_WEIGHT[lc] for lc in locs])[0]
        _, _, stdwt, basm, shrk = cmd[c]
        semi = rng.random() < a["semi"]
        tare = rng.randint(27800, 33400) if semi else rng.randint(13800, 18200)
        net = rng.randint(49000, 58500) if semi else rng.randint(17500, 26500)
        if c == "OAT":
            net = int(net * 0.6)
        if c in ("CRN", "SOR"):
            moist = rng.gauss(17.6, 2.4) if harvest else rng.gauss(basm - 0.2, 0.6)
            moist = min(26.5, max(12.5, moist))
        elif c == "SOY":
            moist = min(16.5, max(8.8, rng.gauss(11.9, 1.2)))
        else:
            moist = min(16.0, max(10.5, rng.gauss(12.4, 0.8)))
        moist = round(moist, 1)
        tw = {"CRN": rng.gauss(56.6, 1.3), "SOR": rng.gauss(57.2, 1.0), "SOY": rng.gauss(56.9, 0.9),
              "HRW": rng.gauss(60.4, 1.4) - (1.5 if d.year == 2022 else 0.0), "OAT": rng.gauss(33.0, 1.2)}[c]
        dock = None if rng.random() < 0.025 else round(min(5.0, max(0.0, rng.gauss(
            {"CRN": 1.2, "SOR": 1.6, "SOY": 0.8, "HRW": 0.6, "OAT": 1.8}[c], 0.5))), 1)
        wet = net / stdwt
        shrink = max(0.0, moist - basm) * shrk
        netbu = round(wet * (1 - shrink / 100 - (dock or 0.0) / 100), 2)
        return dict(date=d, loc=loc, gno=gno, cmd=c, gross=tare + net, tare=tare, net=net, moist=moist,
                    tw=round(tw, 1), dock=dock, netbu=netbu, wet=wet, disp=None, ct=None, st=None,
                    harvest=harvest)

    for gno in range(1001, 1151):
        a = gattr[gno]
        for y in (2022, 2023, 2024):
            if not (a["first"] <= y <= a["last"]):
                continue
            for c in a["crops"]:
                n = max(1, round(a["size"] * base_loads[c] * year_factor[y] * rng.uniform(0.6, 1.4)))
                (m0, d0), (m1, d1) = COOP_HARVEST[c]
                hstart, hend = date(y, m0, d0), date(y, m1, d1)
                offseason = {"CRN": 0.35, "SOR": 0.2, "SOY": 0.22, "HRW": 0.12, "OAT": 0.0}[c]
                harvest_t, other_t = [], []
                for _ in range(n):
                    if rng.random() < offseason and y > a["first"] - 1:
                        if c in ("CRN", "SOR", "SOY"):
                            d = _day(rng, date(y, 1, 4), date(y, 7 if c != "SOY" else 4, 28))
                        else:
                            d = _day(rng, date(y, 9, 1), date(y, 12, 20))
                        other_t.append(make_ticket(gno, c, d, False))
                    else:
                        harvest_t.append(make_ticket(gno, c, _day(rng, hstart, hend), True))
                harvest_t.sort(key=lambda t: t["date"])
                tickets.extend(harvest_t + other_t)
                # forward contracts against the harvest loads
                total = sum(t["netbu"] for t in harvest_t)
                if not harvest_t or total < 700 or rng.random() > min(0.85, 0.35 + 0.12 * a["size"]):
                    continue
                k = 2 if len(harvest_t) >= 6 and rng.random() < 0.4 else 1
                pos = 0
                for _ in range(k):
                    target = total * rng.uniform(0.25, 0.9) / k
                    applied, cum = [], 0.0
                    while pos < len(harvest_t) and cum < target:
                        applied.append(harvest_t[pos])
                        cum += harvest_t[pos]["netbu"]
                        pos += 1
                    if cum < 500:
                        break
                    ctype = rng.choices(("FP", "BS", "HT", "DP"), weights=(52, 14, 16, 18))[0]
                    bu = int(cum // 500) * 500
                    dlv_end = hend
                    if y == 2024 and ctype != "DP" and rng.random() < 0.18:
                        bu = int(cum // 500) * 500 + rng.choice((1000, 1500, 2000, 3000, 5000))
                        dlv_end = date(2024, 12, 31)
                    loc = applied[0]["loc"]
                    if ctype == "DP":
                        cdate = applied[0]["date"]
                    else:
                        cdate = _day(rng, date(y, 1, 5), harvest_t[0]["date"] - timedelta(days=5))
                    cancelled = ctype != "DP" and rng.random() < 0.035
                    lo, hi = COOP_BASIS[c]
                    basis = round(rng.uniform(lo, hi), 4)
                    fut = bas = price = None
                    price_dt = None
                    if ctype == "FP":
                        price = cash(c, loc, cdate)
                        bas, fut, price_dt = basis, round(price - basis, 4), cdate
                    elif ctype == "HT":
                        spot = cash(c, loc, cdate)
                        fut = round(spot - basis, 4)
                        price_dt = hend + timedelta(days=rng.randint(-20, 60))
                        if price_dt <= end_of_data and not (y == 2024 and rng.random() < 0.4):
                            bas = round(rng.uniform(lo, hi), 4)
                            price = round(fut + bas, 4)
                        else:
                            price_dt = None
                    elif ctype == "BS":
                        bas = basis
                        price_dt = hend + timedelta(days=rng.randint(-30, 200))
                        if price_dt <= end_of_data and not (y == 2024 and rng.random() < 0.5):
                            price = cash(c, loc, price_dt)
                            fut = round(price - bas, 4)
                        else:
                            price_dt = None
                    else:  # delayed price
                        price_dt = cdate + timedelta(days=rng.randint(30, 260))
                        if price_dt <= end_of_data:
                            price = cash(c, loc, price_dt)
                            bas = basis
                            fut = round(price - bas, 4)
                        else:
                            price_dt = None
                    ct = dict(gno=gno, cmd=c, loc=loc, type=ctype, date=cdate, beg=hstart, end=dlv_end, bu=bu,
                              fut=fut, bas=bas, price=price, price_dt=price_dt, dlv=0.0, cancelled=cancelled,
                              tickets=[])
                    contracts.append(ct)
                    if not cancelled:
                        for t in applied:
                            ct["dlv"] += t["netbu"]
                            ct["tickets"].append(t)
                            t["disp"], t["ct"] = "C", ct

    # the remaining loads: sold on the spot or put in open storage
    for t in tickets:
        if t["disp"] is None:
            t["disp"] = "S" if rng.random() < (0.6 if t["harvest"] else 0.8) else "W"

    contracts.sort(key=lambda ct: (ct["date"], ct["gno"], ct["cmd"]))
    ct_rows = []
    for i, ct in enumerate(contracts, start=1):
        ct["no"] = 30000 + i
        if ct["cancelled"]:
            sts = "X"
        elif ct["dlv"] < ct["bu"] or ct["price"] is None:
            sts = "O"
        else:
            sts = "C"
        ct_rows.append((ct["no"], ct["gno"], ct["cmd"], ct["loc"], ct["type"], _ymd(ct["date"]), _ymd(ct["beg"]),
                        _ymd(ct["end"]), ct["bu"], ct["fut"], ct["bas"], ct["price"], round(ct["dlv"], 2), sts))
    conn.executemany("INSERT INTO CNTHDR VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", ct_rows)

    settlements = []  # (date, gno, loc, cmd, contract, price, tickets, storage charge per bu)

    def settle(d: date, ts: list[dict], price: float, ct: dict | None, stg_per_bu: float = 0.0) -> None:
        if d > end_of_data:
            return
        by_loc: dict[str, list[dict]] = {}
        for t in ts:
            by_loc.setdefault(t["loc"], []).append(t)
        for loc, group in sorted(by_loc.items()):
            settlements.append((d, group[0]["gno"], loc, group[0]["cmd"], ct, price, group, stg_per_bu))

    for ct in contracts:
        if ct["cancelled"] or ct["price"] is None or not ct["tickets"]:
            continue
        by_month: dict[tuple[int, int], list[dict]] = {}
        for t in ct["tickets"]:
            by_month.setdefault((t["date"].year, t["date"].month), []).append(t)
        for _, group in sorted(by_month.items()):
            d = max(group[-1]["date"] + timedelta(days=rng.randint(0, 4)), ct["price_dt"] + timedelta(days=rng.randint(0, 3)))
            settle(d, group, ct["price"], ct)
    spot: dict[tuple, list[dict]] = {}
    store: dict[tuple, list[dict]] = {}
    for t in tickets:
        if t["disp"] == "S":
            spot.setdefault((t["gno"], t["cmd"], t["loc"], t["date"]), []).append(t)
        elif t["disp"] == "W":
            store.setdefault((t["gno"], t["cmd"], t["date"].year, t["harvest"]), []).append(t)
    for (_g, c, loc, d), group in sorted(spot.items()):
        sd = d + timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        if sd > end_of_data:
            continue
        settle(sd, group, cash(c, loc, sd), None)
    for (_g, c, _y, _h), group in sorted(store.items()):
        group.sort(key=lambda t: t["date"])
        if rng.random() < 0.08:
            continue  # still held in storage, unpriced
        sd = group[-1]["date"] + timedelta(days=rng.randint(20, 240))
        if sd > end_of_data:
            continue
        months = (sd - group[0]["date"]).days / 30.0
        settle(sd, group, cash(c, group[0]["loc"], sd), None, round(0.02 * max(0.0, months - 1.0), 4))

    settlements.sort(key=lambda s: (s[0], s[1], s[3], s[2]))
    st_rows = []
    for i, (d, gno, loc, c, ct, price, group, stg) in enumerate(settlements, start=1):
        stno = 240000 + i
        bu = round(sum(t["netbu"] for t in group), 2)
        gross = round(bu * price, 2)
        dry = 0.0
        if c in ("CRN", "SOR"):
            dry = round(sum(max(0.0, t["moist"] - cmd[c][3]) * 0.045 * t["wet"] for t in group), 2)
        kind, rate = COOP_CHECKOFF[c]
        cko = round(bu * rate if kind == "BU" else gross * rate, 2)
        stg_amt = round(bu * stg, 2)
        net = round(gross - dry - stg_amt - cko, 2)
        for t in group:
            t["st"] = stno
        st_rows.append((stno, _ymd(d), gno, loc, c, ct["no"] if ct else None, bu, price, gross, dry, stg_amt, cko, net))

    tickets.sort(key=lambda t: (t["date"], t["loc"], t["gno"]))
    tk_rows = []
    for i, t in enumerate(tickets, start=1):
        tk_rows.append((10000 + i, _ymd(t["date"]), t["loc"], t["gno"], t["cmd"], t["gross"], t["tare"], t["net"],
                        t["moist"], t["tw"], t["dock"], t["netbu"], t["disp"], t["ct"]["no"] if t["ct"] else None,
                        t["st"]))
    conn.executemany("INSERT INTO STLHDR VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", st_rows)
    conn.executemany("INSERT INTO SCLTKT VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", tk_rows)

    # ---- payments
    pays = []
    chk = 48210
    for stno, sd, gno, *_rest in st_rows:
        net = _rest[-1]
        d = min(end_of_data, date(sd // 10000, sd // 100 % 100, sd % 100) + timedelta(days=rng.choice((0, 0, 1))))
        a = gattr[gno]
        if a["dd"] is not None and d.year >= a["dd"]:
            pays.append([d, stno, gno, "DD", None, net, None, "C", min(end_of_data, d + timedelta(days=1))])
            continue
        chk += 1
        if rng.random() < 0.015:
            pays.append([d, stno, gno, "CK", chk, net, a["lien"], "V", None])
            chk += 1
            d = min(end_of_data, d + timedelta(days=rng.randint(3, 10)))
        clr = d + timedelta(days=rng.randint(2, 35))
        if clr > end_of_data or rng.random() < 0.01:
            pays.append([d, stno, gno, "CK", chk, net, a["lien"], "O", None])
        else:
            pays.append([d, stno, gno, "CK", chk, net, a["lien"], "C", clr])
    pays.sort(key=lambda p: (p[0], p[1], p[4] or 0))
    conn.executemany("INSERT INTO PAYHST VALUES (?,?,?,?,?,?,?,?,?,?)",
                     [(900000 + i, p[1], p[2], _ymd(p[0]), p[3], p[4], p[5], p[6], p[7],
                       _ymd(p[8]) if p[8] else None) for i, p in enumerate(pays, start=1)])

    # ---- agronomy sales
    conn.executemany("INSERT INTO ITMMST VALUES (?,?,?,?,?,?)",
                     [(i, d, c, u, p[2], act) for i, d, c, u, p, act in COOP_ITEMS])
    items = {i[0]: i for i in COOP_ITEMS}
    by_cls: dict[str, list[str]] = {}
    for i in COOP_ITEMS:
        if i[0] not in ("C-PARAQ", "S-DRONE"):
            by_cls.setdefault(i[2], []).append(i[0])
    invoices = []
    for gno in range(1001, 1151):
        a = gattr[gno]
        if not a["agro"]:
            continue
        home = a["home"] if a["home"] != "PTN" else "ALB"
        for y in (2022, 2023, 2024):
            if y > max(a["last"], 2022) + 1 or (a["first"] == 2025 and y < 2024):
                continue
            for _ in range(max(0, round(a["size"] * rng.uniform(0.8, 4.5)))):
                kind = rng.choices(("seed", "nspring", "nfall", "chem", "wheat"), weights=(30, 22, 14, 30, 4))[0]
                if kind == "wheat" and ("HRW" not in a["crops"] or y == 2024):
                    kind = "chem"
                win = {"seed": ((1, 8), (4, 30)), "nspring": ((3, 10), (5, 10)), "nfall": ((10, 25), (11, 30)),
                       "chem": ((5, 1), (7, 20)), "wheat": ((9, 1), (9, 30))}[kind]
                d = _day(rng, date(y, *win[0]), date(y, *win[1]))
                loc = home if rng.random() < 0.9 else rng.choice(("ALB", "FUL", "GEN", "SPL", "ELG"))
                lines = []
                if kind == "seed":
                    if "CRN" in a["crops"]:
                        lines.append((rng.choice(by_cls["SEED"][:3]), float(round(a["size"] * rng.uniform(3, 14)))))
                    if "SOY" in a["crops"] or not lines:
                        lines.append((rng.choice(by_cls["SEED"][3:5]), float(round(a["size"] * rng.uniform(7, 40)))))
                    terms = "PPD" if d.month <= 2 and rng.random() < 0.5 else None
                elif kind in ("nspring", "nfall"):
                    fert = ["F-NH3"] if kind == "nfall" else rng.sample(by_cls["FERT"], rng.randint(1, 2))
                    for f in fert:
                        lines.append((f, round(a["size"] * rng.uniform(1.5, 10), 1)))
                    if "F-NH3" in fert and rng.random() < 0.6:
                        lines.append(("S-APPNH3", float(round(lines[0][1] * rng.uniform(9.0, 11.0)))))
                    elif rng.random() < 0.4:
                        lines.append(("S-SPREAD", float(round(a["size"] * rng.uniform(30, 140)))))
                    if rng.random() < 0.1:
                        lines.append(("S-GRIDSMP", float(round(a["size"] * rng.uniform(15, 60)))))
                    terms = None
                elif kind == "chem":
                    for ch in rng.sample([x for x in by_cls["CHEM"]], rng.randint(1, 3)):
                        lines.append((ch, float(round(a["size"] * rng.uniform(2, 20)))))
                    if rng.random() < 0.5:
                        lines.append(("S-SPRAY", float(round(a["size"] * rng.uniform(20, 110)))))
                    terms = None
                else:
                    lines.append(("SW-FREEMN", float(round(a["size"] * rng.uniform(15, 60)))))
                    terms = None
                if terms is None:
                    terms = rng.choices(("ACT", "CSH"), weights=(70, 30))[0]
                disc = rng.choices((0.0, 0.02, 0.04), weights=(70, 20, 10))[0]
                priced = []
                for it, qty in lines:
                    price = round(items[it][4][y - 2022] * (1 - disc), 2)
                    priced.append((it, qty, price, round(qty * price, 2)))
                invoices.append((d, gno, loc, terms, priced))
    invoices.sort(key=lambda v: (v[0], v[1]))
    hdrs, dtls = [], []
    for i, (d, gno, loc, terms, priced) in enumerate(invoices, start=1):
        inv = 700000 + i
        hdrs.append((inv, _ymd(d), gno, loc, terms, round(sum(p[3] for p in priced), 2)))
        for ln_no, (it, qty, price, ext) in enumerate(priced, start=1):
            dtls.append((inv, ln_no, it, qty, price, ext))
    conn.executemany("INSERT INTO AGIHDR VALUES (?,?,?,?,?,?)", hdrs)
    conn.executemany("INSERT INTO AGIDTL VALUES (?,?,?,?,?,?)", dtls)


# ---------------------------------------------------------------- food delivery (Ruby on Rails production database)
#
# A food-delivery / restaurant-ordering platform's Rails app database: plural snake_case tables, ``id`` keys,
# ``<singular>_id`` foreign keys, ``created_at``/``updated_at`` text timestamps, soft-deleted customers
# (``deleted_at``), 0/1 booleans, a polymorphic ``ratings`` table, and money that drifted between DECIMAL dollars
# (orders, menu_items, promotions, refunds) and integer cents (order_items, payments, deliveries).
# Rails integer enums (the meaning lives only in the app's models, there is no lookup table):
#   orders.status            0=pending 1=confirmed 2=delivered 3=cancelled
#   orders.fulfillment_type  0=delivery 1=pickup
#   deliveries.status        0=assigned 1=picked_up 2=delivered 3=failed
#   payments.status          0=pending 1=succeeded 2=failed 3=voided
#   payments.payment_method  0=card 1=apple_pay 2=google_pay 3=paypal 4=gift_card
#   refunds.reason           0=missing_items 1=late_delivery 2=wrong_order 3=food_quality 4=other
#   couriers.vehicle_type    0=bicycle 1=scooter 2=car
#   promotions.discount_type 0=percentage 1=fixed_amount
# An order's time is its ``created_at`` (there is no separate order date).

FD_CITIES = ((1, "Austin", "TX", date(2021, 3, 1)), (2, "Denver", "CO", date(2021, 9, 15)),
             (3, "Nashville", "TN", date(2022, 4, 1)), (4, "Portland", "OR", date(2022, 10, 1)),
             (5, "Raleigh", "NC", date(2023, 6, 1)))

FD_MENUS = {
    "Pizza": (("Margherita Pizza", "Mains", 14.0), ("Pepperoni Pizza", "Mains", 16.0), ("Veggie Supreme Pizza", "Mains", 17.0),
              ("Garlic Knots", "Sides", 6.0), ("Caesar Salad", "Sides", 8.5), ("Tiramisu", "Desserts", 7.0),
              ("Sparkling Water", "Drinks", 2.5), ("Cola", "Drinks", 2.25)),
    "Burgers": (("Classic Cheeseburger", "Mains", 11.5), ("Bacon Double Burger", "Mains", 14.0), ("Veggie Burger", "Mains", 12.0),
                ("Crispy Chicken Sandwich", "Mains", 12.5), ("Fries", "Sides", 4.0), ("Onion Rings", "Sides", 5.0),
                ("Chocolate Shake", "Drinks", 6.0), ("Lemonade", "Drinks", 3.5)),
    "Mexican": (("Carnitas Burrito", "Mains", 12.0), ("Chicken Tacos (3)", "Mains", 11.0), ("Steak Quesadilla", "Mains", 13.0),
                ("Veggie Bowl", "Mains", 11.5), ("Chips & Guacamole", "Sides", 6.5), ("Elote", "Sides", 5.0),
                ("Churros", "Desserts", 5.5), ("Horchata", "Drinks", 3.5)),
    "Thai": (("Pad Thai", "Mains", 14.0), ("Green Curry", "Mains", 15.0), ("Drunken Noodles", "Mains", 14.5),
             ("Tom Yum Soup", "Sides", 7.0), ("Spring Rolls", "Sides", 6.0), ("Mango Sticky Rice", "Desserts", 7.5),
             ("Thai Iced Tea", "Drinks", 4.5)),
    "Japanese": (("Salmon Roll", "Mains", 9.0), ("Spicy Tuna Roll", "Mains", 9.5), ("Chicken Teriyaki Bowl", "Mains", 14.0),
                 ("Tonkotsu Ramen", "Mains", 16.0), ("Edamame", "Sides", 5.0), ("Miso Soup", "Sides", 3.5),
                 ("Mochi Ice Cream", "Desserts", 6.0), ("Green Tea", "Drinks", 3.0)),
    "Indian": (("Chicken Tikka Masala", "Mains", 16.5), ("Saag Paneer", "Mains", 15.0), ("Lamb Vindaloo", "Mains", 18.0),
               ("Chana Masala", "Mains", 13.5), ("Garlic Naan", "Sides", 4.0), ("Samosas (2)", "Sides", 6.0),
               ("Gulab Jamun", "Desserts", 5.0), ("Mango Lassi", "Drinks", 4.5)),
    "Chinese": (("General Tso's Chicken", "Mains", 13.5), ("Beef & Broccoli", "Mains", 14.5), ("Kung Pao Shrimp", "Mains", 16.0),
                ("Vegetable Lo Mein", "Mains", 12.0), ("Pork Dumplings", "Sides", 7.5), ("Egg Rolls (2)", "Sides", 5.0),
                ("Hot & Sour Soup", "Sides", 5.5), ("Bubble Tea", "Drinks", 5.0)),
    "Mediterranean": (("Chicken Shawarma Plate", "Mains", 15.0), ("Falafel Wrap", "Mains", 11.0), ("Lamb Gyro", "Mains", 12.5),
                      ("Hummus & Pita", "Sides", 6.5), ("Greek Salad", "Sides", 9.0), ("Baklava", "Desserts", 4.5),
                      ("Mint Lemonade", "Drinks", 4.0)),
    "Salads": (("Cobb Salad", "Mains", 13.5), ("Harvest Bowl", "Mains", 13.0), ("Kale Caesar", "Mains", 12.0),
               ("Quinoa Power Bowl", "Mains", 13.5), ("Tomato Soup", "Sides", 5.5), ("Cold Brew", "Drinks", 4.5),
               ("Oat Cookie", "Desserts", 3.0)),
    "Breakfast": (("Breakfast Burrito", "Mains", 10.5), ("Avocado Toast", "Mains", 11.0), ("Buttermilk Pancakes", "Mains", 10.0),
                  ("Eggs Benedict", "Mains", 13.5), ("Hash Browns", "Sides", 4.0), ("Fruit Cup", "Sides", 4.5),
                  ("Orange Juice", "Drinks", 4.0), ("Latte", "Drinks", 4.75)),
}

# (name, cuisine, city id, price level 1-4, onboarded, popularity, deactivated on or None)
FD_RESTAURANTS = (
    ("Tony's Pizzeria", "Pizza", 1, 2, date(2022, 2, 10), 1.6, None),
    ("Smoke & Bun", "Burgers", 1, 2, date(2022, 5, 3), 1.3, None),
    ("La Paloma Taqueria", "Mexican", 1, 1, date(2021, 11, 20), 2.0, None),
    ("Bangkok Garden", "Thai", 1, 2, date(2022, 8, 1), 1.0, None),
    ("Sakura Sushi Bar", "Japanese", 1, 3, date(2023, 3, 14), 1.1, None),
    ("Spice Route", "Indian", 1, 2, date(2023, 9, 5), 0.9, None),
    ("Green Fork", "Salads", 1, 2, date(2024, 2, 1), 0.8, None),
    ("Sunny Side Cafe", "Breakfast", 1, 1, date(2022, 1, 15), 0.7, date(2024, 8, 31)),
    ("Mile High Pies", "Pizza", 2, 2, date(2022, 3, 1), 1.4, None),
    ("Rocky Burger Co.", "Burgers", 2, 1, date(2021, 12, 1), 1.5, None),
    ("El Charro", "Mexican", 2, 2, date(2022, 6, 12), 1.2, None),
    ("Golden Dragon", "Chinese", 2, 1, date(2022, 9, 9), 1.1, None),
    ("Olive & Thyme", "Mediterranean", 2, 3, date(2023, 5, 20), 0.8, None),
    ("Ramen Yokocho", "Japanese", 2, 2, date(2024, 4, 2), 1.0, None),
    ("Peak Bowls", "Salads", 2, 2, date(2023, 1, 10), 0.6, date(2025, 3, 31)),
    ("Music City Slice", "Pizza", 3, 1, date(2022, 5, 1), 1.3, None),
    ("Hot Chicken Shack", "Burgers", 3, 2, date(2022, 4, 20), 1.9, None),
    ("Taj Palace", "Indian", 3, 3, date(2022, 11, 1), 0.9, None),
    ("Pho Saigon Kitchen", "Thai", 3, 1, date(2023, 7, 15), 0.8, None),
    ("Biscuit Barn", "Breakfast", 3, 1, date(2023, 2, 1), 1.0, None),
    ("Cedar Grill", "Mediterranean", 3, 2, date(2024, 6, 10), 0.7, None),
    ("Rose City Pizza", "Pizza", 4, 2, date(2022, 10, 15), 1.2, None),
    ("Cart Pod Tacos", "Mexican", 4, 1, date(2022, 11, 1), 1.4, None),
    ("Lotus Thai", "Thai", 4, 2, date(2022, 12, 5), 1.1, None),
    ("Umami Izakaya", "Japanese", 4, 4, date(2023, 4, 1), 0.6, None),
    ("Wok This Way", "Chinese", 4, 1, date(2023, 8, 20), 0.9, date(2024, 12, 15)),
    ("Kale Yeah", "Salads", 4, 2, date(2024, 1, 8), 0.7, None),
    ("Oak City Pizza", "Pizza", 5, 2, date(2023, 6, 1), 1.1, None),
    ("Triangle Burger Bar", "Burgers", 5, 2, date(2023, 6, 15), 1.2, None),
    ("Curry Leaf", "Indian", 5, 2, date(2023, 10, 1), 0.8, None),
    ("Dim Sum House", "Chinese", 5, 3, date(2024, 3, 1), 0.7, None),
    ("Morning Glory Diner", "Breakfast", 5, 1, date(2024, 9, 1), 0.6, None),
    ("Aegean Kitchen", "Mediterranean", 1, 3, date(2025, 2, 1), 0.7, None),
    ("Taqueria Del Sol", "Mexican", 3, 1, date(2025, 4, 15), 0.9, None),
    ("Noodle Theory", "Chinese", 1, 2, date(2025, 11, 20), 0.5, None),
    ("Waffle Window", "Breakfast", 4, 1, date(2025, 12, 30), 0.0, None),  # signed up, no orders yet
)

FD_PROMOS = (  # code, description, discount type, value, min subtotal, starts, ends
    ("WELCOME10", "10% off for new customers", 0, 10, 0, date(2022, 1, 1), date(2025, 12, 31)),
    ("FREEDINNER5", "$5 off dinner", 1, 5, 20, date(2023, 2, 1), date(2023, 4, 30)),
    ("SUMMER15", "15% off summer orders", 0, 15, 25, date(2023, 6, 1), date(2023, 8, 31)),
    ("GAMEDAY8", "$8 off game day orders", 1, 8, 35, date(2023, 9, 1), date(2024, 1, 31)),
    ("HOLIDAY20", "20% off holiday orders", 0, 20, 30, date(2023, 12, 1), date(2023, 12, 31)),
    ("SPRING5", "$5 off spring orders", 1, 5, 20, date(2024, 3, 1), date(2024, 5, 31)),
    ("SUMMER24", "15% off summer orders", 0, 15, 25, date(2024, 6, 1), date(2024, 8, 31)),
    ("BACK2SCHOOL", "$7 off", 1, 7, 30, date(2024, 8, 15), date(2024, 9, 30)),
    ("HOLIDAY24", "20% off holiday orders", 0, 20, 30, date(2024, 12, 1), date(2024, 12, 31)),
    ("NEWYEAR25", "$10 off your first order of the year", 1, 10, 40, date(2025, 1, 1), date(2025, 1, 31)),
    ("SUMMER25", "15% off summer orders", 0, 15, 25, date(2025, 6, 1), date(2025, 8, 31)),
    ("FALLFEAST", "$6 off fall orders", 1, 6, 25, date(2025, 9, 15), date(2025, 11, 15)),
    ("HOLIDAY25", "20% off holiday orders", 0, 20, 30, date(2025, 12, 1), date(2025, 12, 31)),
)


def build_food_delivery(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE cities (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, state VARCHAR(2) NOT NULL,
        launched_on DATE NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE customers (id INTEGER PRIMARY KEY, first_name VARCHAR NOT NULL, last_name VARCHAR NOT NULL,
        email VARCHAR NOT NULL, phone VARCHAR, city_id INTEGER NOT NULL REFERENCES cities(id),
        is_vip BOOLEAN NOT NULL DEFAULT 0, marketing_opt_in BOOLEAN NOT NULL DEFAULT 0, deleted_at TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE restaurants (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, cuisine VARCHAR NOT NULL,
        city_id INTEGER NOT NULL REFERENCES cities(id), price_level INTEGER NOT NULL,
        commission_rate DECIMAL(4,3) NOT NULL, active BOOLEAN NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE menu_items (id INTEGER PRIMARY KEY, restaurant_id INTEGER NOT NULL REFERENCES restaurants(id),
        name VARCHAR NOT NULL, category VARCHAR NOT NULL, price DECIMAL(8,2) NOT NULL,
        vegetarian BOOLEAN NOT NULL DEFAULT 0, archived BOOLEAN NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE couriers (id INTEGER PRIMARY KEY, first_name VARCHAR NOT NULL, last_name VARCHAR NOT NULL,
        city_id INTEGER NOT NULL REFERENCES cities(id), vehicle_type INTEGER NOT NULL, active BOOLEAN NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE promotions (id INTEGER PRIMARY KEY, code VARCHAR NOT NULL UNIQUE, description VARCHAR,
        discount_type INTEGER NOT NULL, discount_value DECIMAL(8,2) NOT NULL, min_subtotal DECIMAL(8,2) NOT NULL,
        starts_on DATE NOT NULL, ends_on DATE NOT NULL, active BOOLEAN NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
        restaurant_id INTEGER NOT NULL REFERENCES restaurants(id), promotion_id INTEGER REFERENCES promotions(id),
        status INTEGER NOT NULL DEFAULT 0, fulfillment_type INTEGER NOT NULL DEFAULT 0,
        subtotal DECIMAL(10,2) NOT NULL, delivery_fee DECIMAL(8,2) NOT NULL DEFAULT 0,
        discount_amount DECIMAL(8,2) NOT NULL DEFAULT 0, tip_amount DECIMAL(8,2) NOT NULL DEFAULT 0,
        total DECIMAL(10,2) NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id),
        menu_item_id INTEGER NOT NULL REFERENCES menu_items(id), quantity INTEGER NOT NULL DEFAULT 1,
        unit_price_cents INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE deliveries (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id),
        courier_id INTEGER NOT NULL REFERENCES couriers(id), status INTEGER NOT NULL DEFAULT 0,
        distance_km DECIMAL(5,2), picked_up_at TEXT, delivered_at TEXT, courier_payout_cents INTEGER,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE payments (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id),
        amount_cents INTEGER NOT NULL, payment_method INTEGER NOT NULL, status INTEGER NOT NULL DEFAULT 0,
        processor_ref VARCHAR, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE refunds (id INTEGER PRIMARY KEY, payment_id INTEGER NOT NULL REFERENCES payments(id),
        amount DECIMAL(10,2) NOT NULL, reason INTEGER NOT NULL, note TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE ratings (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
        order_id INTEGER REFERENCES orders(id), rateable_type VARCHAR NOT NULL, rateable_id INTEGER NOT NULL,
        score INTEGER NOT NULL, comment TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE INDEX index_orders_on_customer_id ON orders(customer_id);
    CREATE INDEX index_orders_on_restaurant_id ON orders(restaurant_id);
    CREATE INDEX index_ratings_on_rateable ON ratings(rateable_type, rateable_id);
    """)

    def fmt(dt: datetime) -> str:
        return dt.strftime("%Y-%m-%d %H:%M:%S")

    def at(d: date, lo: int = 8, hi: int = 20) -> datetime:
        return datetime.strptime(_ts(rng, d, lo, hi), "%Y-%m-%d %H:%M:%S")

    end = date(2025, 12, 31)
    conn.executemany("INSERT INTO cities VALUES (?,?,?,?,?,?)",
                     [(cid, n, st, lo.isoformat(), fmt(at(lo - timedelta(days=60))), fmt(at(lo - timedelta(days=30))))
                      for cid, n, st, lo in FD_CITIES])
    city_launch = {c[0]: c[3] for c in FD_CITIES}
    city_weight = {1: 1.4, 2: 1.1, 3: 1.0, 4: 0.9, 5: 0.6}

    # customers: sign-ups grow over time; some soft-deleted their accounts
    customers = []  # (id, city, signup date, deleted date or None, activity, is_vip)
    cust_rows = []
    used_emails: set[str] = set()
    for cid in range(1, 721):
        city = rng.choices([c[0] for c in FD_CITIES], weights=[city_weight[c[0]] for c in FD_CITIES])[0]
        lo = max(city_launch[city], date(2022, 1, 1))
        # skew sign-ups later
        span = (end - lo).days
        signup = lo + timedelta(days=int(span * rng.random() ** 0.8))
        fn, ln = _name(rng)
        email = f"{fn.lower()}.{ln.lower()}@{rng.choice(('gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'hey.com'))}"
        k = 2
        while email in used_emails:
            email = f"{fn.lower()}.{ln.lower()}{k}@{email.split('@')[1]}"
            k += 1
        used_emails.add(email)
        activity = rng.lognormvariate(0, 0.9)
        is_vip = 1 if activity > 2.6 and rng.random() < 0.7 else 0
        deleted = None
        if rng.random() < 0.06 and (end - signup).days > 60:
            deleted = _day(rng, signup + timedelta(days=30), end - timedelta(days=5))
        created = at(signup, 7, 23)
        deleted_ts = at(deleted) if deleted else None
        updated = deleted_ts if deleted_ts else at(_day(rng, signup, end), 7, 23)
        if updated < created:
            updated = created
        phone = f"+1{rng.randrange(200, 999)}{rng.randrange(200, 999)}{rng.randrange(1000, 9999)}" if rng.random() < 0.9 else None
        cust_rows.append((cid, fn, ln, email, phone, city, is_vip, 1 if rng.random() < 0.55 else 0,
                          fmt(deleted_ts) if deleted_ts else None, fmt(created), fmt(updated)))
        customers.append((cid, city, signup, deleted, activity, is_vip))
    conn.executemany("INSERT INTO customers VALUES (?,?,?,?,?,?,?,?,?,?,?)", cust_rows)

    # restaurants and their menus
    rest_rows, menu_rows, rest_menu = [], [], {}
    mid = 0
    for rid, (name, cuisine, city, lvl, onb, _pop, off) in enumerate(FD_RESTAURANTS, start=1):
        rate = rng.choice((0.15, 0.18, 0.20, 0.22, 0.25, 0.28, 0.30))
        rest_rows.append((rid, name, cuisine, city, lvl, rate, 0 if off else 1, fmt(at(onb)),
                          fmt(at(off)) if off else fmt(at(_day(rng, onb, end)))))
        items = []
        mult = {1: 0.9, 2: 1.0, 3: 1.2, 4: 1.45}[lvl]
        for iname, cat, base in FD_MENUS[cuisine]:
            mid += 1
            price = round(base * mult * rng.uniform(0.93, 1.08) * 4) / 4 - 0.01
            veg = 1 if any(w in iname for w in ("Veg", "Margherita", "Falafel", "Saag", "Chana", "Salad", "Edamame",
                                                 "Fries", "Naan", "Hummus", "Pancakes", "Toast", "Kale", "Quinoa",
                                                 "Harvest", "Soup", "Guacamole", "Elote", "Onion")) or cat in ("Drinks", "Desserts") else 0
            archived = 1 if rng.random() < 0.08 else 0
            c_at = at(onb)
            menu_rows.append((mid, rid, iname, cat, round(price, 2), veg, archived, fmt(c_at),
                              fmt(at(_day(rng, onb, end)))))
            items.append((mid, cat, round(price, 2), archived))
        rest_menu[rid] = items
    conn.executemany("INSERT INTO restaurants VALUES (?,?,?,?,?,?,?,?,?)", rest_rows)
    conn.executemany("INSERT INTO menu_items VALUES (?,?,?,?,?,?,?,?,?)", menu_rows)

    # couriers
    cour_rows, couriers = [], []
    for kid in range(1, 71):
        city = rng.choices([c[0] for c in FD_CITIES], weights=[city_weight[c[0]] for c in FD_CITIES])[0]
        start = _day(rng, max(city_launch[city], date(2022, 6, 1)), date(2025, 9, 30))
        if kid <= 10:  # the founding crew, two in each city
            city = (kid - 1) % 5 + 1
            start = max(city_launch[city], date(2022, 6, 1))
        vehicle = rng.choices((0, 1, 2), weights=(25, 30, 45))[0]
        quit_on = _day(rng, start + timedelta(days=90), end) if rng.random() < 0.25 and start < date(2025, 6, 1) else None
        fn, ln = _name(rng)
        cour_rows.append((kid, fn, ln, city, vehicle, 0 if quit_on else 1, fmt(at(start)),
                          fmt(at(quit_on)) if quit_on else fmt(at(_day(rng, start, end)))))
        couriers.append((kid, city, start, quit_on, vehicle, rng.uniform(0.6, 1.6)))
    for kid in range(71, 75):  # signed up in late December 2025, still waiting on their background check
        city = rng.choice((1, 2, 3, 4, 5))
        fn, ln = _name(rng)
        signed = _day(rng, date(2025, 12, 12), date(2025, 12, 28))
        cour_rows.append((kid, fn, ln, city, rng.choice((0, 1, 2)), 1, fmt(at(signed)), fmt(at(signed))))
    conn.executemany("INSERT INTO couriers VALUES (?,?,?,?,?,?,?,?)", cour_rows)

    promo_rows = []
    for pid, (code, desc, dt, val, mins, s, e) in enumerate(FD_PROMOS, start=1):
        promo_rows.append((pid, code, desc, dt, float(val), float(mins), s.isoformat(), e.isoformat(),
                           1 if e >= date(2025, 12, 31) else 0, fmt(at(s - timedelta(days=14))),
                           fmt(at(min(e + timedelta(days=1), end)))))
    conn.executemany("INSERT INTO promotions VALUES (?,?,?,?,?,?,?,?,?,?,?)", promo_rows)

    # orders
    orders, items_rows, deliv_rows, pay_rows, refund_rows, rating_rows = [], [], [], [], [], []
    oid = oiid = did = pyid = rfid = rtid = 0
    hours = list(range(7, 23))
    hour_w = [1, 2, 2, 3, 6, 8, 5, 3, 3, 4, 8, 10, 9, 6, 3, 2]
    customer_orders: dict[int, int] = {}
    d = date(2023, 1, 1)
    while d <= end:
        yi = d.year - 2023
        rate = (2.6, 3.8, 5.0)[yi] * (1 + 0.08 * ((d - date(d.year, 1, 1)).days / 365))
        rate *= 1.35 if d.weekday() in (4, 5, 6) else 1.0
        rate *= {1: 1.15, 2: 0.9, 7: 0.9, 12: 1.2}.get(d.month, 1.0)
        n = int(rate) + (1 if rng.random() < rate - int(rate) else 0)
        for _ in range(n):
            city = rng.choices([c[0] for c in FD_CITIES],
                               weights=[city_weight[c[0]] if city_launch[c[0]] <= d else 0 for c in FD_CITIES])[0]
            cands = [c for c in customers if c[1] == city and c[2] <= d and (c[3] is None or c[3] > d)]
            rests = [(rid, r) for rid, r in enumerate(FD_RESTAURANTS, start=1)
                     if r[2] == city and r[4] <= d and (r[6] is None or r[6] > d)]
            if not cands or not rests:
                continue
            cust = rng.choices(cands, weights=[c[4] for c in cands])[0]
            rid, rest = rng.choices(rests, weights=[r[5] for _, r in rests])[0]
            hour = rng.choices(hours, weights=hour_w)[0]
            if rest[1] == "Breakfast":
                hour = rng.randrange(7, 13)
            placed = datetime(d.year, d.month, d.day, hour, rng.randrange(60), rng.randrange(60))
            oid += 1
            # basket
            menu = [m for m in rest_menu[rid] if not m[3] or d < date(2025, 1, 1)]
            mains = [m for m in menu if m[1] == "Mains"] or menu
            others = [m for m in menu if m[1] != "Mains"]
            basket = {rng.choice(mains)[0]: rng.choices((1, 2, 3), weights=(70, 22, 8))[0]}
            for _ in range(rng.choices((0, 1, 2, 3), weights=(25, 40, 25, 10))[0]):
                m = rng.choice(others if others and rng.random() < 0.7 else mains)
                basket[m[0]] = basket.get(m[0], 0) + 1
            price_of = {m[0]: m[2] for m in rest_menu[rid]}
            factor = (0.92, 0.96, 1.0)[yi]
            subtotal_c = 0
            for mi, q in basket.items():
                upc = int(round(price_of[mi] * factor * 100))
                oiid += 1
                items_rows.append((oiid, oid, mi, q, upc, fmt(placed), fmt(placed)))
                subtotal_c += upc * q
            subtotal = subtotal_c / 100
            pickup = rng.random() < 0.14
            fee = 0.0 if pickup or cust[5] else rng.choice((1.99, 2.99, 2.99, 3.99))
            promo = None
            disc = 0.0
            live = [p for p in range(1, len(FD_PROMOS) + 1)
                    if FD_PROMOS[p - 1][5] <= d <= FD_PROMOS[p - 1][6] and subtotal >= FD_PROMOS[p - 1][4]]
            first = cust[0] not in customer_orders
            if live and rng.random() < (0.5 if first else 0.16):
                choices = [p for p in live if p != 1] if not first else [1]
                if choices:
                    promo = rng.choice(choices)
                    _, _, dt, val, _, _, _ = FD_PROMOS[promo - 1]
                    disc = round(subtotal * val / 100, 2) if dt == 0 else float(min(val, subtotal))
            customer_orders[cust[0]] = customer_orders.get(cust[0], 0) + 1
            tip = 0.0
            if not pickup and rng.random() < 0.82:
                tip = round(subtotal * rng.choice((0.10, 0.15, 0.15, 0.18, 0.20, 0.25)), 2)
            elif pickup and rng.random() < 0.2:
                tip = round(subtotal * 0.1, 2)
            total = round(subtotal + fee - disc + tip, 2)
            # status
            days_left = (end - d).days
            if days_left == 0 and hour >= 19:
                status = rng.choice((0, 1))
            else:
                status = 3 if rng.random() < (0.075 if yi == 0 else 0.06 if yi == 1 else 0.05) else 2
            finished = placed + timedelta(minutes=rng.randrange(25, 70))
            orders.append((oid, cust[0], rid, promo, status, 1 if pickup else 0, round(subtotal, 2), fee, disc, tip,
                           total, fmt(placed), fmt(finished if status in (2, 3) else placed + timedelta(minutes=2))))
            # payment
            method = rng.choices((0, 1, 2, 3, 4), weights=(52, 22, 10, 12, 4))[0]
            if rng.random() < 0.03 and status != 0:  # declined card, then a second attempt
                pyid += 1
                pay_rows.append((pyid, oid, int(round(total * 100)), 0, 2, f"ch_{rng.getrandbits(48):012x}",
                                 fmt(placed), fmt(placed + timedelta(seconds=20))))
            pay_status = {0: 0, 1: 1, 2: 1, 3: 3}[status]
            pyid += 1
            pay_id = pyid
            pay_rows.append((pyid, oid, int(round(total * 100)), method, pay_status, f"ch_{rng.getrandbits(48):012x}",
                             fmt(placed + timedelta(seconds=40)), fmt(finished if status == 3 else placed + timedelta(minutes=1))))
            # delivery
            delivered_at = None
            kid = None
            if not pickup and status != 0:
                pool = [k for k in couriers if k[1] == city and k[2] <= d and (k[3] is None or k[3] > d)]
                if pool and not (status == 3 and rng.random() < 0.7):
                    k = rng.choices(pool, weights=[k[5] for k in pool])[0]
                    kid = k[0]
                    did += 1
                    dist = round(rng.uniform(0.8, 9.5) if k[4] != 0 else rng.uniform(0.5, 4.5), 2)
                    pick = placed + timedelta(minutes=rng.randrange(10, 28))
                    speed = {0: 3.2, 1: 2.4, 2: 2.0}[k[4]]
                    drop = pick + timedelta(minutes=int(dist * speed + rng.randrange(4, 14) +
                                                        (rng.randrange(10, 35) if rng.random() < 0.08 else 0)))
                    if status == 2:
                        dstat, pu, dv = 2, fmt(pick), fmt(drop)
                        payout = int(300 + dist * 70 + tip * 100)
                        delivered_at = drop
                        orders[-1] = orders[-1][:12] + (fmt(drop + timedelta(minutes=1)),)
                    elif status == 3:
                        dstat, pu, dv, payout = 3, fmt(pick) if rng.random() < 0.5 else None, None, 300
                    else:
                        dstat, pu, dv, payout = 0, None, None, None
                    deliv_rows.append((did, oid, kid, dstat, dist, pu, dv, payout, fmt(placed + timedelta(minutes=3)),
                                       fmt(drop if dstat == 2 else placed + timedelta(minutes=20))))
            # refunds on some delivered orders
            if status == 2:
                late = delivered_at is not None and (delivered_at - placed).total_seconds() > 60 * 60
                if rng.random() < (0.35 if late else 0.035):
                    reason = 1 if late else rng.choices((0, 2, 3, 4), weights=(45, 20, 25, 10))[0]
                    amt = round(total, 2) if reason == 2 else round(min(total, rng.uniform(0.15, 0.5) * subtotal), 2)
                    rfid += 1
                    r_at = placed + timedelta(hours=rng.randrange(1, 30))
                    refund_rows.append((rfid, pay_id, amt, reason, None if rng.random() < 0.6 else
                                        rng.choice(("Customer contacted support", "Auto-approved", "Goodwill credit")),
                                        fmt(r_at), fmt(r_at)))
                # ratings
                if rng.random() < 0.45:
                    base = 4.3 + (rest[5] - 1.0) * 0.4 - (0.8 if late else 0)
                    score = max(1, min(5, round(rng.gauss(base, 0.9))))
                    rtid += 1
                    r_at = placed + timedelta(hours=rng.randrange(1, 48))
                    rating_rows.append((rtid, cust[0], oid, "Restaurant", rid, score,
                                        rng.choice((None, None, None, "Great food!", "Arrived cold", "Would order again",
                                                    "Portions were small", "Delicious")),
                                        fmt(r_at), fmt(r_at)))
                    if kid is not None and rng.random() < 0.6:
                        cbase = 4.6 - (1.5 if late else 0) - (couriers[kid - 1][5] < 0.8) * 0.3
                        cscore = max(1, min(5, round(rng.gauss(cbase, 0.7))))
                        rtid += 1
                        rating_rows.append((rtid, cust[0], oid, "Courier", kid, cscore, None, fmt(r_at), fmt(r_at)))
        d += timedelta(days=1)
    conn.executemany("INSERT INTO orders VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", orders)
    conn.executemany("INSERT INTO order_items VALUES (?,?,?,?,?,?,?)", items_rows)
    conn.executemany("INSERT INTO deliveries VALUES (?,?,?,?,?,?,?,?,?,?)", deliv_rows)
    conn.executemany("INSERT INTO payments VALUES (?,?,?,?,?,?,?,?)", pay_rows)
    conn.executemany("INSERT INTO refunds VALUES (?,?,?,?,?,?,?)", refund_rows)
    conn.executemany("INSERT INTO ratings VALUES (?,?,?,?,?,?,?,?,?)", rating_rows)


BUILDERS: dict[str, tuple[Callable[[sqlite3.Connection, random.Random], None], int]] = {
    "bank": (build_bank, 105),
    "hotel": (build_hotel, 106),
    "library": (build_library, 108),
    "clinic": (build_clinic, 110),
    "factory": (build_factory, 111),
    "car_rental": (build_car_rental, 181),
    "fundraising": (build_fundraising, 201),
    "wholesale": (build_wholesale, 231),
    "veterinary": (build_veterinary, 281),
    "grain_coop": (build_grain_coop, 271),
    "food_delivery": (build_food_delivery, 301),
}
