"""Build the business evaluation databases (SQLite) deterministically.

Studied databases, here: models of well-known public business sample schemas, written from their published shapes
(not copied data): a DVD rental store (Sakila-like), TPC-H (the spec's tables, column prefixes and value domains),
an e-commerce shop (CamelCase and a spaced "Order Details"), an HR sample (Oracle-HR-like), SaaS subscriptions and
billing (abbreviated snake_case), freight shipments (mixed snake_case and CamelCase), an insurance company (policies,
claims, premium and claim payments, quotes; snake_case with abbreviations such as ``pol_no``, ``clm_amt``, ``eff_dt``),
a restaurant chain's point of sale (PascalCase, a spaced "Menu Items", Y/N and 0/1 flags), an electricity and gas
utility (Oracle-like UPPER_SNAKE_CASE with warehouse abbreviations such as ``CUST_ACCT``, ``MTR_RDG``, ``BILL_AMT`` and
short ``_CD`` codes) and a consulting firm's time and billing (app-style lowerCamelCase such as
``timeEntries.hoursWorked``, ``isBillable``, ``createdAt`` timestamps). Written blind on 2026-12-07: an event ticketing
company (a dbt star-schema mart: ``dim_venue``, ``dim_event``, ``fct_ticket_sales`` with ``_key`` surrogate keys,
``_id`` natural ids, ``_usd`` money, ``_at`` timestamps, ``is_`` flags and a ``dim_date``), a fitness club chain's
members, check-ins, class bookings, personal training and dues (legacy Microsoft Access Hungarian notation such as
``tblMember.lngMemberID``, ``curMonthlyFee``, ``dtmJoined`` and yes/no ``ysn`` flags stored as -1/0), a residential
property manager (PostgreSQL web-app style: singular snake_case tables, money in integer cents such as
``monthly_rent_cents``, lowercase text statuses, ``created_at`` beside business dates), a mobile telecom operator
(legacy snake_case where every column carries its table's three-letter prefix such as ``sub_actv_dt``,
``trf_mthly_fee``, ``usg_data_mb`` and ``_cd`` codes with lookup tables), an online learning platform (a document-store
export flattened into tables: ``users``, ``courses``, ``quizAttempts`` with nested paths such as
``profile_signupDate``, ``pricing_listPrice``, text 'true'/'false' flags and ISO-8601 text timestamps), a SaaS
company's payments export from a Stripe-like API (plural object tables ``customers``, ``subscriptions``,
``invoice_line_items``, ``charges``, ``disputes`` with text ids such as ``cus_8fK2...``, foreign keys named after the
object without ``_id`` (``charges.customer``, ``refunds.charge``), unix-epoch INTEGER timestamps such as ``created``
and ``canceled_at``, money in cents beside a lowercase ``currency``, snake_case status enums such as ``past_due``,
flattened nested fields such as ``status_transitions_paid_at`` and JSON ``metadata``), an online handmade-goods
marketplace (a Django app's tables: app-label prefixes such as ``accounts_user``, ``shops_shop``, ``catalog_listing``,
``orders_orderitem``, a ``catalog_listing_tags`` many-to-many table, integer choice codes for statuses documented only
in the models, soft deletes with ``is_deleted``/``deleted_at``, two-letter country codes and ``created``/``modified``
ISO text timestamps carrying the local time zone offset), and a plumbing and HVAC field-service company's spreadsheet
export loaded as-is (wide denormalised sheets such as "Job Log" with 30 columns, headers with spaces, units and
punctuation such as ``Job #``, ``Parts Cost ($)``, ``Paid?`` with Yes/No text, dates as US ``MM/DD/YYYY`` text and
invoice money as text such as '$1,234.50').
Studied, written blind the same afternoon: a B2B equipment leasing and field-service company's Microsoft Dynamics 365 /
Dataverse export (lowercase logical names such as ``account``, ``incident``, ``msdyn_workorder``, custom tables and
columns under a publisher prefix such as ``cr5f3_lease.cr5f3_monthlypayment``, GUID text keys, lookups named
``_parentcustomerid_value``, integer ``statecode``/``statuscode`` option sets labelled only in a ``stringmap`` table,
money beside a ``_base`` twin and a ``transactioncurrencyid`` lookup, ``createdon`` UTC 'Z' timestamps and 0/1
two-option flags).
Studied, written blind on the evening of 2026-12-07: a coworking operator's Django app (``auth_user``,
``django_content_type``, ``spaces_room``, a ``spaces_room_amenities`` and an ``events_event_attendees`` many-to-many
table, integer choice codes such as ``members_member.status`` 0..3, ``bookings_booking.status`` 0..5 and
``spaces_room.kind`` 1..3 documented only in the models, ``created_at``/``updated_at`` microsecond timestamps, ``is_``
flags, ``decimal`` money and a generic relation ``core_note.content_type_id`` + ``object_id``).
Studied, written blind late on the evening of 2026-12-07: a B2B software vendor's Salesforce org exported with
Data Loader (PascalCase API names ``Account``, ``Opportunity``, ``OpportunityLineItem``, ``Case``, ``Lead``,
``Product2``, a quoted ``"User"``, 18-character text ids such as ``0015g00...``, ``...Id`` reference columns, custom
fields and a custom object ending ``__c`` (``Region__c``, ``Subscription__c.Account__c``, ``MRR__c``), picklist text
such as ``StageName`` 'Closed Won', 'true'/'false' text booleans (``IsWon``, ``IsClosed``), ``CreatedDate`` as
``2025-03-14T09:22:31.000Z`` beside date-only ``CloseDate``, and soft-deleted rows (``IsDeleted = 'true'``)).
Studied, written blind at night on 2026-12-07: an office furniture company's Odoo ERP (the ORM's PostgreSQL tables
``res_partner`` for customers, vendors and their contact persons (``is_company``, ``parent_id``, ``customer_rank``,
``supplier_rank``), ``res_users`` whose names live on their partner, ``product_template``/``product_product`` variants,
``product_category.complete_name`` paths, ``sale_order``/``sale_order_line``, ``account_move`` invoices, credit notes,
vendor bills and journal entries told apart by ``move_type``, ``purchase_order``, ``stock_warehouse``/``stock_location``/
``stock_quant``; Odoo's lowercase selection keys such as ``state`` 'sale' or ``payment_state`` 'not_paid', names such as
'S00042' and 'INV/2025/00017', ``_id`` many2ones, ``active`` archived flags, ``create_date``/``write_date`` everywhere).
Studied, written blind after midnight on 2026-12-08: a commercial print shop's order entry on an IBM i (AS/400),
exported file by file (upper-case file names of at most ten characters such as ``CUSMAS`` customer master,
``ORDHDR``/``ORDDTL`` order header and detail, ``ITMMAS`` item master, ``INVHDR`` invoices, ``CSHRCP`` cash receipts,
``POHDR``/``PODTL`` purchase orders; every field prefixed with its file's two-letter code such as ``CMCUST``,
``OHORDT``, ``ODQTY``, ``IHAMT``; dates as 8,0 numbers YYYYMMDD with 0 for none, invoice dates as CHAR(8) text;
``Y``/``N`` flags such as ``OHRUSH``, ``CMTAXX``, ``IHPAID``; one-letter status codes and short code files
``CUSTYP``, ``TRMMAS``, ``ITMCLS``).

Held-out databases live apart, in ``heldout/build.py`` and further ``heldout/*.py`` modules (builders, each exposing
``BUILDERS``) and ``heldout/questions.json`` (questions), so that
whoever studies or adds a studied database here never reads them; this module only registers their builders.
The shared name lists and row helpers are in ``datagen.py``.

Every database uses a fixed seed and fixed calendar years, so the gold answers never move. Files are generated on
demand (``make eval``), not committed.

Usage: python eval/business/build.py [--out DIR] [--check]
    --check runs every gold query (studied and held out) and fails if one errors or returns no rows.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sqlite3
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "db"
HELDOUT = HERE / "heldout"
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from datagen import _create, _day, _name, _ts  # noqa: E402

Builder = tuple[Callable[[sqlite3.Connection, random.Random], None], int]


def _load_heldout() -> dict[str, Builder]:
    """The held-out builders, loaded from their own files (kept apart so that nobody studying this one reads them):
    ``heldout/build.py`` first, then every other module there, so a new held-out database can be added in a file of
    its own without opening the others."""
    builders: dict[str, Builder] = {}
    paths = [HELDOUT / "build.py"] + sorted(p for p in HELDOUT.glob("*.py") if p.name != "build.py")
    for path in paths:
        spec = importlib.util.spec_from_file_location(f"business_heldout_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        clash = set(module.BUILDERS) & set(builders)
        if clash:
            raise RuntimeError(f"held-out database defined twice: {sorted(clash)}")
        builders.update(module.BUILDERS)
    return builders


HELDOUT_BUILDERS = _load_heldout()


def load_questions() -> list[dict]:
    """Every question, studied (questions.json here) then held out (heldout/questions.json)."""
    return [q for path in (HERE / "questions.json", HELDOUT / "questions.json")
            for q in json.loads(path.read_text())]


# ---------------------------------------------------------------- dvd_rental (Sakila-like)


def build_dvd_rental(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE language (language_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE category (category_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE actor (actor_id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL);
    CREATE TABLE film (film_id INTEGER PRIMARY KEY, title TEXT NOT NULL, release_year INTEGER,
        language_id INTEGER NOT NULL REFERENCES language(language_id), rental_duration INTEGER NOT NULL,
        rental_rate NUMERIC(4,2) NOT NULL, length INTEGER, replacement_cost NUMERIC(5,2) NOT NULL, rating TEXT);
    CREATE TABLE film_actor (actor_id INTEGER NOT NULL REFERENCES actor(actor_id),
        film_id INTEGER NOT NULL REFERENCES film(film_id), PRIMARY KEY (actor_id, film_id));
    CREATE TABLE film_category (film_id INTEGER NOT NULL REFERENCES film(film_id),
        category_id INTEGER NOT NULL REFERENCES category(category_id), PRIMARY KEY (film_id, category_id));
    CREATE TABLE store (store_id INTEGER PRIMARY KEY, city TEXT NOT NULL, country TEXT NOT NULL);
    CREATE TABLE staff (staff_id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
        store_id INTEGER NOT NULL REFERENCES store(store_id), active BOOLEAN NOT NULL);
    CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL REFERENCES store(store_id),
        first_name TEXT NOT NULL, last_name TEXT NOT NULL, email TEXT, city TEXT, active INTEGER NOT NULL,
        create_date DATE NOT NULL);
    CREATE TABLE inventory (inventory_id INTEGER PRIMARY KEY, film_id INTEGER NOT NULL REFERENCES film(film_id),
        store_id INTEGER NOT NULL REFERENCES store(store_id));
    CREATE TABLE rental (rental_id INTEGER PRIMARY KEY, rental_date TIMESTAMP NOT NULL,
        inventory_id INTEGER NOT NULL REFERENCES inventory(inventory_id),
        customer_id INTEGER NOT NULL REFERENCES customer(customer_id), return_date TIMESTAMP,
        staff_id INTEGER NOT NULL REFERENCES staff(staff_id));
    CREATE TABLE payment (payment_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer(customer_id),
        staff_id INTEGER NOT NULL REFERENCES staff(staff_id), rental_id INTEGER REFERENCES rental(rental_id),
        amount NUMERIC(5,2) NOT NULL, payment_date TIMESTAMP NOT NULL);
    """)
    langs = ["English", "Italian", "Japanese", "Mandarin", "French", "German"]
    conn.executemany("INSERT INTO language VALUES (?,?)", list(enumerate(langs, 1)))
    cats = ["Action", "Animation", "Children", "Classics", "Comedy", "Documentary", "Drama", "Family", "Foreign",
            "Games", "Horror", "Music", "New", "Sci-Fi", "Sports", "Travel"]
    conn.executemany("INSERT INTO category VALUES (?,?)", list(enumerate(cats, 1)))
    actors = []
    seen: set[tuple[str, str]] = set()
    while len(actors) < 60:
        n = _name(rng)
        if n not in seen:
            seen.add(n)
            actors.append((len(actors) + 1, n[0].upper(), n[1].upper()))
    conn.executemany("INSERT INTO actor VALUES (?,?,?)", actors)
    adj = ("Academy", "Blazing", "Crimson", "Desert", "Electric", "Frozen", "Golden", "Hidden", "Iron", "Jade",
           "Kinetic", "Lunar", "Midnight", "Northern", "Oceanic", "Phantom", "Quiet", "Rebel", "Silent", "Twisted")
    noun = ("Dinosaur", "Harbor", "Express", "Orchard", "Fortress", "Garden", "Pilot", "Voyage", "Circus", "Empire")
    films = []
    for i in range(200):
        title = f"{adj[i % 20]} {noun[i // 20]}".upper()
        lang = 1 if rng.random() < 0.8 else rng.randrange(2, 7)
        duration = rng.choice((3, 4, 5, 6, 7))
        rate = rng.choice((0.99, 2.99, 4.99))
        length = rng.randrange(46, 186)
        cost = rng.choice((9.99, 12.99, 14.99, 17.99, 19.99, 22.99, 24.99, 29.99))
        rating = rng.choice(("G", "PG", "PG-13", "R", "NC-17"))
        films.append((i + 1, title, rng.choice((2006, 2012, 2018, 2021)), lang, duration, rate, length, cost, rating))
    conn.executemany("INSERT INTO film VALUES (?,?,?,?,?,?,?,?,?)", films)
    fa = set()
    for f in range(1, 201):
        for a in rng.sample(range(1, 61), rng.randrange(2, 7)):
            fa.add((a, f))
    conn.executemany("INSERT INTO film_actor VALUES (?,?)", sorted(fa))
    conn.executemany("INSERT INTO film_category VALUES (?,?)", [(f, rng.randrange(1, 17)) for f in range(1, 201)])
    conn.executemany("INSERT INTO store VALUES (?,?,?)", [(1, "Lethbridge", "Canada"), (2, "Woodridge", "Australia")])
    conn.executemany("INSERT INTO staff VALUES (?,?,?,?,?)", [(1, "Mike", "Hillyer", 1, 1), (2, "Jon", "Stephens", 2, 1),
                                                               (3, "Dana", "Ortiz", 1, 0), (4, "Ravi", "Mehta", 2, 1)])
    cities = ("Lethbridge", "Calgary", "Edmonton", "Woodridge", "Brisbane", "Sydney", "Toronto", "Perth")
    customers = []
    for cid in range(1, 301):
        fn, ln = _name(rng)
        store = 1 if rng.random() < 0.55 else 2
        created = _day(rng, date(2021, 1, 1), date(2022, 6, 30))
        customers.append((cid, store, fn, ln, f"{fn}.{ln}{cid}@example.org".lower(), rng.choice(cities),
                          0 if rng.random() < 0.08 else 1, created.isoformat()))
    conn.executemany("INSERT INTO customer VALUES (?,?,?,?,?,?,?,?)", customers)
    inventory = []
    for f in range(1, 201):
        if f % 37 == 0:
            continue  # a few films are never stocked
        for _ in range(rng.randrange(2, 7)):
            inventory.append((len(inventory) + 1, f, rng.choice((1, 2))))
    conn.executemany("INSERT INTO inventory VALUES (?,?,?)", inventory)
    popularity = [rng.paretovariate(1.6) for _ in inventory]
    rentals, payments = [], []
    active_staff = {1: (1, 3), 2: (2, 4)}
    for rid in range(1, 6001):
        inv = rng.choices(inventory, weights=popularity)[0]
        cust = rng.randrange(1, 301)
        d = _day(rng, date(2022, 1, 1), date(2023, 12, 31))
        rdate = _ts(rng, d)
        film = films[inv[1] - 1]
        back = d + timedelta(days=rng.randrange(1, film[4] + 4))
        ret = None if (d >= date(2023, 12, 20) and rng.random() < 0.5) or rng.random() < 0.01 else _ts(rng, back)
        staff = rng.choice(active_staff[inv[2]])
        rentals.append((rid, rdate, inv[0], cust, ret, staff))
        late = max(0, (back - d).days - film[4]) if ret else 0
        amount = round(film[5] + late * 1.0, 2)
        payments.append((rid, cust, staff, rid, amount, rdate))
    conn.executemany("INSERT INTO rental VALUES (?,?,?,?,?,?)", rentals)
    conn.executemany("INSERT INTO payment VALUES (?,?,?,?,?,?)", payments)


# ---------------------------------------------------------------- tpch (TPC-H spec, tiny scale)

TPCH_REGIONS = ("AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST")
TPCH_NATIONS = (("ALGERIA", 0), ("ARGENTINA", 1), ("BRAZIL", 1), ("CANADA", 1), ("EGYPT", 4), ("ETHIOPIA", 0),
                ("FRANCE", 3), ("GERMANY", 3), ("INDIA", 2), ("INDONESIA", 2), ("IRAN", 4), ("IRAQ", 4),
                ("JAPAN", 2), ("JORDAN", 4), ("KENYA", 0), ("MOROCCO", 0), ("MOZAMBIQUE", 0), ("PERU", 1),
                ("CHINA", 2), ("ROMANIA", 3), ("SAUDI ARABIA", 4), ("VIETNAM", 2), ("RUSSIA", 3),
                ("UNITED KINGDOM", 3), ("UNITED STATES", 1))
TPCH_SEGMENTS = ("AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD")
TPCH_PRIORITIES = ("1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW")
TPCH_SHIPMODES = ("REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB")
TPCH_CONTAINERS = ("SM CASE", "SM BOX", "MED BAG", "MED BOX", "LG CASE", "LG BOX", "JUMBO PACK", "WRAP CASE")
TPCH_TYPES = ("STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO")
TPCH_TYPES2 = ("ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED")
TPCH_TYPES3 = ("TIN", "NICKEL", "BRASS", "STEEL", "COPPER")
TPCH_COLORS = ("almond", "antique", "azure", "blue", "chocolate", "coral", "forest", "green", "ivory", "lavender",
               "lemon", "linen", "navy", "olive", "orchid", "peach", "red", "rose", "salmon", "tan")


def build_tpch(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE region (r_regionkey INTEGER PRIMARY KEY, r_name CHAR(25) NOT NULL, r_comment VARCHAR(152));
    CREATE TABLE nation (n_nationkey INTEGER PRIMARY KEY, n_name CHAR(25) NOT NULL,
        n_regionkey INTEGER NOT NULL REFERENCES region(r_regionkey), n_comment VARCHAR(152));
    CREATE TABLE supplier (s_suppkey INTEGER PRIMARY KEY, s_name CHAR(25) NOT NULL, s_address VARCHAR(40),
        s_nationkey INTEGER NOT NULL REFERENCES nation(n_nationkey), s_phone CHAR(15), s_acctbal DECIMAL(15,2),
        s_comment VARCHAR(101));
    CREATE TABLE customer (c_custkey INTEGER PRIMARY KEY, c_name VARCHAR(25) NOT NULL, c_address VARCHAR(40),
        c_nationkey INTEGER NOT NULL REFERENCES nation(n_nationkey), c_phone CHAR(15), c_acctbal DECIMAL(15,2),
        c_mktsegment CHAR(10), c_comment VARCHAR(117));
    CREATE TABLE part (p_partkey INTEGER PRIMARY KEY, p_name VARCHAR(55) NOT NULL, p_mfgr CHAR(25), p_brand CHAR(10),
        p_type VARCHAR(25), p_size INTEGER, p_container CHAR(10), p_retailprice DECIMAL(15,2), p_comment VARCHAR(23));
    CREATE TABLE partsupp (ps_partkey INTEGER NOT NULL REFERENCES part(p_partkey),
        ps_suppkey INTEGER NOT NULL REFERENCES supplier(s_suppkey), ps_availqty INTEGER, ps_supplycost DECIMAL(15,2),
        ps_comment VARCHAR(199), PRIMARY KEY (ps_partkey, ps_suppkey));
    CREATE TABLE orders (o_orderkey INTEGER PRIMARY KEY, o_custkey INTEGER NOT NULL REFERENCES customer(c_custkey),
        o_orderstatus CHAR(1), o_totalprice DECIMAL(15,2), o_orderdate DATE, o_orderpriority CHAR(15),
        o_clerk CHAR(15), o_shippriority INTEGER, o_comment VARCHAR(79));
    CREATE TABLE lineitem (l_orderkey INTEGER NOT NULL REFERENCES orders(o_orderkey),
        l_partkey INTEGER NOT NULL REFERENCES part(p_partkey), l_suppkey INTEGER NOT NULL REFERENCES supplier(s_suppkey),
        l_linenumber INTEGER NOT NULL, l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2),
        l_discount DECIMAL(15,2), l_tax DECIMAL(15,2), l_returnflag CHAR(1), l_linestatus CHAR(1), l_shipdate DATE,
        l_commitdate DATE, l_receiptdate DATE, l_shipinstruct CHAR(25), l_shipmode CHAR(10), l_comment VARCHAR(44),
        PRIMARY KEY (l_orderkey, l_linenumber));
    """)
    conn.executemany("INSERT INTO region VALUES (?,?,?)", [(i, n, "") for i, n in enumerate(TPCH_REGIONS)])
    conn.executemany("INSERT INTO nation VALUES (?,?,?,?)", [(i, n, r, "") for i, (n, r) in enumerate(TPCH_NATIONS)])

    def phone(nk: int) -> str:
        return f"{nk + 10}-{rng.randrange(100, 1000)}-{rng.randrange(100, 1000)}-{rng.randrange(1000, 10000)}"

    sups = []
    for s in range(1, 21):
        nk = rng.randrange(25)
        sups.append((s, f"Supplier#{s:09d}", f"addr {s}", nk, phone(nk), round(rng.uniform(-999.99, 9999.99), 2), ""))
    conn.executemany("INSERT INTO supplier VALUES (?,?,?,?,?,?,?)", sups)
    custs = []
    for c in range(1, 151):
        nk = rng.randrange(25)
        custs.append((c, f"Customer#{c:09d}", f"addr {c}", nk, phone(nk), round(rng.uniform(-999.99, 9999.99), 2),
                      rng.choice(TPCH_SEGMENTS), ""))
    conn.executemany("INSERT INTO customer VALUES (?,?,?,?,?,?,?,?)", custs)
    parts = []
    for p in range(1, 201):
        name = " ".join(rng.sample(TPCH_COLORS, 5))
        m = rng.randrange(1, 6)
        ptype = f"{rng.choice(TPCH_TYPES)} {rng.choice(TPCH_TYPES2)} {rng.choice(TPCH_TYPES3)}"
        price = round((90000 + ((p // 10) % 20001) + 100 * (p % 1000)) / 100, 2)  # the spec's formula
        parts.append((p, name, f"Manufacturer#{m}", f"Brand#{m}{rng.randrange(1, 6)}", ptype, rng.randrange(1, 51),
                      rng.choice(TPCH_CONTAINERS), price, ""))
    conn.executemany("INSERT INTO part VALUES (?,?,?,?,?,?,?,?,?)", parts)
    ps = []
    for p in range(1, 201):
        for i in range(4):
            s = (p + i * 5) % 20 + 1  # the spec's supplier spread, scaled to 20 suppliers
            ps.append((p, s, rng.randrange(1, 10000), round(rng.uniform(1.0, 1000.0), 2), ""))
    conn.executemany("INSERT INTO partsupp VALUES (?,?,?,?,?)", ps)
    orders, lines = [], []
    start, end = date(1992, 1, 1), date(1998, 8, 2)
    cutoff = date(1995, 6, 17)
    for ok in range(1, 1501):
        cust = rng.randrange(1, 151)
        while cust % 3 == 0:  # the spec: a third of customers never order
            cust = rng.randrange(1, 151)
        od = _day(rng, start, end - timedelta(days=151))
        n = rng.randrange(1, 8)
        total = 0.0
        statuses = []
        for ln in range(1, n + 1):
            p = rng.randrange(1, 201)
            s = (p + rng.randrange(4) * 5) % 20 + 1
            qty = rng.randrange(1, 51)
            ext = round(qty * parts[p - 1][7], 2)
            disc = rng.randrange(0, 11) / 100
            tax = rng.randrange(0, 9) / 100
            ship = od + timedelta(days=rng.randrange(1, 122))
            commit = od + timedelta(days=rng.randrange(30, 91))
            receipt = ship + timedelta(days=rng.randrange(1, 31))
            rflag = rng.choice("RA") if receipt <= cutoff else "N"
            lstatus = "O" if ship > cutoff else "F"
            statuses.append(lstatus)
            total += ext * (1 + tax) * (1 - disc)
            lines.append((ok, p, s, ln, qty, ext, disc, tax, rflag, lstatus, ship.isoformat(), commit.isoformat(),
                          receipt.isoformat(), rng.choice(("DELIVER IN PERSON", "COLLECT COD", "NONE",
                                                           "TAKE BACK RETURN")), rng.choice(TPCH_SHIPMODES), ""))
        status = "F" if all(x == "F" for x in statuses) else "O" if all(x == "O" for x in statuses) else "P"
        orders.append((ok, cust, status, round(total, 2), od.isoformat(), rng.choice(TPCH_PRIORITIES),
                       f"Clerk#{rng.randrange(1, 21):09d}", 0, ""))
    conn.executemany("INSERT INTO orders VALUES (?,?,?,?,?,?,?,?,?)", orders)
    conn.executemany("INSERT INTO lineitem VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", lines)


# ---------------------------------------------------------------- shop (e-commerce, CamelCase)

SHOP_CATEGORIES = {
    "Beverages": (("Cold Brew Coffee", 4.5), ("Green Tea", 3.2), ("Sparkling Water", 1.8), ("Orange Juice", 3.9),
                  ("Energy Drink", 2.7)),
    "Snacks": (("Sea Salt Chips", 2.9), ("Trail Mix", 5.5), ("Dark Chocolate Bar", 3.4), ("Granola Bars", 4.8),
               ("Pretzels", 2.4)),
    "Household": (("Dish Soap", 3.6), ("Paper Towels", 7.9), ("Laundry Pods", 14.5), ("Trash Bags", 9.2),
                  ("Sponges", 2.9)),
    "Personal Care": (("Toothpaste", 3.1), ("Shampoo", 6.8), ("Hand Cream", 5.9), ("Sunscreen", 11.5),
                      ("Razor Blades", 15.9)),
    "Pet Supplies": (("Dog Food 5kg", 24.9), ("Cat Litter", 12.5), ("Chew Toy", 6.4), ("Fish Flakes", 4.3),
                     ("Cat Treats", 3.8)),
    "Baby": (("Diapers Size 3", 19.9), ("Baby Wipes", 4.6), ("Baby Lotion", 6.2), ("Teething Ring", 7.5),
             ("Sippy Cup", 8.9)),
}
SHOP_COUNTRIES = (("USA", ("Seattle", "Austin", "Boston", "Denver")), ("Canada", ("Toronto", "Vancouver")),
                  ("UK", ("London", "Leeds")), ("Germany", ("Berlin", "Hamburg")), ("France", ("Lyon", "Paris")),
                  ("Mexico", ("Monterrey",)))


def build_shop(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE Categories (CategoryID INTEGER PRIMARY KEY, CategoryName TEXT NOT NULL, Description TEXT);
    CREATE TABLE Suppliers (SupplierID INTEGER PRIMARY KEY, CompanyName TEXT NOT NULL, Country TEXT);
    CREATE TABLE Products (ProductID INTEGER PRIMARY KEY, ProductName TEXT NOT NULL,
        SupplierID INTEGER REFERENCES Suppliers(SupplierID), CategoryID INTEGER REFERENCES Categories(CategoryID),
        UnitPrice REAL NOT NULL, UnitsInStock INTEGER NOT NULL, ReorderLevel INTEGER NOT NULL,
        Discontinued INTEGER NOT NULL);
    CREATE TABLE Customers (CustomerID INTEGER PRIMARY KEY, FirstName TEXT NOT NULL, LastName TEXT NOT NULL,
        Email TEXT, City TEXT, Country TEXT, SignupDate TEXT NOT NULL, IsActive INTEGER NOT NULL);
    CREATE TABLE Orders (OrderID INTEGER PRIMARY KEY, CustomerID INTEGER NOT NULL REFERENCES Customers(CustomerID),
        OrderDate TEXT NOT NULL, ShippedDate TEXT, Status TEXT NOT NULL, ShipCountry TEXT, Freight REAL NOT NULL);
    CREATE TABLE "Order Details" (OrderID INTEGER NOT NULL REFERENCES Orders(OrderID),
        ProductID INTEGER NOT NULL REFERENCES Products(ProductID), UnitPrice REAL NOT NULL, Quantity INTEGER NOT NULL,
        Discount REAL NOT NULL, PRIMARY KEY (OrderID, ProductID));
    CREATE TABLE Reviews (ReviewID INTEGER PRIMARY KEY, ProductID INTEGER NOT NULL REFERENCES Products(ProductID),
        CustomerID INTEGER NOT NULL REFERENCES Customers(CustomerID), Rating INTEGER NOT NULL, ReviewDate TEXT NOT NULL);
    """)
    cats, prods = [], []
    for ci, (cname, items) in enumerate(SHOP_CATEGORIES.items(), 1):
        cats.append((ci, cname, f"{cname} products"))
        for pname, price in items:
            pid = len(prods) + 1
            prods.append([pid, pname, rng.randrange(1, 7), ci, price, rng.randrange(0, 120), rng.choice((5, 10, 20)),
                          1 if rng.random() < 0.15 else 0])
    conn.executemany("INSERT INTO Categories VALUES (?,?,?)", cats)
    conn.executemany("INSERT INTO Suppliers VALUES (?,?,?)", [
        (1, "Fresh Farms Co", "USA"), (2, "Nordic Goods AB", "Sweden"), (3, "Maple Supply", "Canada"),
        (4, "Rhein Handel GmbH", "Germany"), (5, "Pacific Traders", "USA"), (6, "Lumiere SARL", "France")])
    conn.executemany("INSERT INTO Products VALUES (?,?,?,?,?,?,?,?)", prods)
    custs = []
    for cid in range(1, 251):
        fn, ln = _name(rng)
        country, cities = rng.choices(SHOP_COUNTRIES, weights=(40, 12, 14, 14, 12, 8))[0]
        custs.append((cid, fn, ln, f"{fn[0]}{ln}{cid}@mail.test".lower(), rng.choice(cities), country,
                      _day(rng, date(2021, 1, 1), date(2023, 12, 31)).isoformat(), 0 if rng.random() < 0.1 else 1))
    conn.executemany("INSERT INTO Customers VALUES (?,?,?,?,?,?,?,?)", custs)
    orders, details = [], []
    weights = [rng.paretovariate(1.3) for _ in custs]
    for oid in range(1, 2201):
        c = rng.choices(custs, weights=weights)[0]
        signup = date.fromisoformat(c[6])
        od = _day(rng, max(signup, date(2022, 1, 1)), date(2024, 12, 31)) if signup <= date(2024, 12, 1) else None
        if od is None:
            continue
        status = rng.choices(("shipped", "cancelled", "pending"), weights=(85, 8, 7))[0]
        if od >= date(2024, 12, 20) and status == "shipped":
            status = "pending"
        shipped = (od + timedelta(days=rng.randrange(1, 8))).isoformat() if status == "shipped" else None
        orders.append((len(orders) + 1, c[0], od.isoformat(), shipped, status, c[5], round(rng.uniform(2, 40), 2)))
        oid2 = len(orders)
        for p in rng.sample(prods, rng.randrange(1, 5)):
            price = p[4] if od.year < 2024 else round(p[4] * 1.05, 2)  # a 5% price rise in 2024
            details.append((oid2, p[0], price, rng.randrange(1, 11), rng.choice((0, 0, 0, 0.05, 0.1))))
    # a handful of customers sign up and never order
    conn.executemany("INSERT INTO Orders VALUES (?,?,?,?,?,?,?)", orders)
    conn.executemany('INSERT INTO "Order Details" VALUES (?,?,?,?,?)', details)
    reviews = []
    for _ in range(900):
        d = rng.choice(details)
        o = orders[d[0] - 1]
        if o[4] != "shipped":
            continue
        rating = max(1, min(5, round(rng.gauss(4.0 - (0.8 if d[1] % 7 == 0 else 0), 1.0))))
        reviews.append((len(reviews) + 1, d[1], o[1], rating, (date.fromisoformat(o[3]) + timedelta(days=rng.randrange(2, 30))).isoformat()))
    conn.executemany("INSERT INTO Reviews VALUES (?,?,?,?,?)", reviews)


# ---------------------------------------------------------------- hr (Oracle-HR-like)

HR_DEPTS = (("Administration", "Seattle"), ("Marketing", "Toronto"), ("Purchasing", "Seattle"),
            ("Human Resources", "London"), ("Shipping", "South San Francisco"), ("IT", "Southlake"),
            ("Public Relations", "Munich"), ("Sales", "Oxford"), ("Executive", "Seattle"), ("Finance", "Seattle"),
            ("Accounting", "Seattle"), ("Research", "Munich"))
HR_JOBS = (("AD_PRES", "President", 20000, 40000, "Executive"), ("AD_VP", "Administration Vice President", 15000, 30000, "Executive"),
           ("AD_ASST", "Administration Assistant", 3000, 6000, "Administration"),
           ("FI_MGR", "Finance Manager", 8200, 16000, "Finance"), ("FI_ACCOUNT", "Accountant", 4200, 9000, "Finance"),
           ("AC_MGR", "Accounting Manager", 8200, 16000, "Accounting"), ("AC_ACCOUNT", "Public Accountant", 4200, 9000, "Accounting"),
           ("SA_MAN", "Sales Manager", 10000, 20000, "Sales"), ("SA_REP", "Sales Representative", 6000, 12000, "Sales"),
           ("PU_MAN", "Purchasing Manager", 8000, 15000, "Purchasing"), ("PU_CLERK", "Purchasing Clerk", 2500, 5500, "Purchasing"),
           ("ST_MAN", "Stock Manager", 5500, 8500, "Shipping"), ("ST_CLERK", "Stock Clerk", 2000, 5000, "Shipping"),
           ("IT_PROG", "Programmer", 4000, 10000, "IT"), ("MK_MAN", "Marketing Manager", 9000, 15000, "Marketing"),
           ("MK_REP", "Marketing Representative", 4000, 9000, "Marketing"), ("HR_REP", "Human Resources Representative", 4000, 9000, "Human Resources"),
           ("PR_REP", "Public Relations Representative", 4500, 10500, "Public Relations"))


def build_hr(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE locations (location_id INTEGER PRIMARY KEY, city TEXT NOT NULL, country_code CHAR(2) NOT NULL);
    CREATE TABLE departments (department_id INTEGER PRIMARY KEY, department_name TEXT NOT NULL,
        location_id INTEGER REFERENCES locations(location_id), manager_id INTEGER);
    CREATE TABLE jobs (job_id TEXT PRIMARY KEY, job_title TEXT NOT NULL, min_salary INTEGER, max_salary INTEGER);
    CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT NOT NULL,
        email TEXT NOT NULL, phone_number TEXT, hire_date DATE NOT NULL, job_id TEXT NOT NULL REFERENCES jobs(job_id),
        salary NUMERIC(8,2), commission_pct NUMERIC(2,2), manager_id INTEGER REFERENCES employees(employee_id),
        department_id INTEGER REFERENCES departments(department_id), is_active BOOLEAN NOT NULL,
        termination_date DATE);
    CREATE TABLE job_history (employee_id INTEGER NOT NULL REFERENCES employees(employee_id), start_date DATE NOT NULL,
        end_date DATE NOT NULL, job_id TEXT NOT NULL REFERENCES jobs(job_id),
        department_id INTEGER REFERENCES departments(department_id), PRIMARY KEY (employee_id, start_date));
    """)
    cities = sorted({c for _, c in HR_DEPTS})
    codes = {"Seattle": "US", "Toronto": "CA", "London": "UK", "South San Francisco": "US", "Southlake": "US",
             "Munich": "DE", "Oxford": "UK"}
    conn.executemany("INSERT INTO locations VALUES (?,?,?)", [(1000 + 100 * i, c, codes[c]) for i, c in enumerate(cities)])
    loc = {c: 1000 + 100 * i for i, c in enumerate(cities)}
    depts = [(10 * (i + 1), n, loc[c], None) for i, (n, c) in enumerate(HR_DEPTS)]
    dept_id = {n: 10 * (i + 1) for i, (n, _) in enumerate(HR_DEPTS)}
    conn.executemany("INSERT INTO jobs VALUES (?,?,?,?)", [j[:4] for j in HR_JOBS])
    emps: list[list[object]] = []
    jobs_by_dept: dict[str, list[tuple]] = {}
    for j in HR_JOBS:
        jobs_by_dept.setdefault(j[4], []).append(j)
    sizes = {"Administration": 2, "Marketing": 6, "Purchasing": 7, "Human Resources": 4, "Shipping": 40, "IT": 14,
             "Public Relations": 3, "Sales": 30, "Executive": 3, "Finance": 7, "Accounting": 4, "Research": 0}
    managers: dict[str, int] = {}
    for dname, _city in HR_DEPTS:
        for k in range(sizes[dname]):
            eid = 100 + len(emps)
            js = jobs_by_dept[dname]
            job = js[0] if k == 0 else (js[1] if len(js) > 1 and (dname != "Executive" or k < 3) else js[0])
            if dname == "Executive" and k == 0:
                job = HR_JOBS[0]
            fn, ln = _name(rng)
            hire = _day(rng, date(2012, 1, 1), date(2024, 6, 30))
            sal = round(rng.uniform(job[2], (job[2] + job[3]) / 2) / 100) * 100
            comm = round(rng.choice((0.1, 0.15, 0.2, 0.25, 0.3)), 2) if job[0] in ("SA_MAN", "SA_REP") else None
            active = 0 if rng.random() < 0.12 and k > 0 else 1
            term = _day(rng, max(hire, date(2021, 1, 1)), date(2024, 12, 31)).isoformat() if not active else None
            emps.append([eid, fn, ln, (fn[0] + ln).upper(), f"515.{rng.randrange(100, 1000)}.{rng.randrange(1000, 10000)}",
                         hire.isoformat(), job[0], sal, comm, None, dept_id[dname], active, term])
            if k == 0:
                managers[dname] = eid
    president = managers["Executive"]
    for e in emps:
        dname = next(n for n, i in dept_id.items() if i == e[10])
        e[9] = None if e[0] == president else (president if e[0] == managers[dname] else managers[dname])
    # one contractor without a department
    emps.append([100 + len(emps), "Kimberly", "Grant", "KGRANT", "011.44.1644.429263", "2019-05-24", "SA_REP", 7000,
                 0.15, managers["Sales"], None, 1, None])
    conn.executemany("INSERT INTO employees VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", emps)
    conn.executemany("INSERT INTO departments VALUES (?,?,?,?)",
                     [(d[0], d[1], d[2], managers.get(d[1])) for d in depts])
    hist = []
    for e in emps:
        if rng.random() < 0.25 and e[10] is not None:
            hire = date.fromisoformat(str(e[5]))
            end = hire + timedelta(days=rng.randrange(200, 900))
            old = rng.choice(HR_JOBS[2:])
            hist.append((e[0], (hire - timedelta(days=rng.randrange(400, 1500))).isoformat(), end.isoformat(), old[0],
                         dept_id[old[4]]))
    conn.executemany("INSERT INTO job_history VALUES (?,?,?,?,?)", hist)


# ---------------------------------------------------------------- saas (subscriptions and billing, abbreviations)

SAAS_PLANS = ((1, "Starter", "self-serve", 29.0, 0), (2, "Team", "self-serve", 79.0, 0), (3, "Business", "sales-led", 249.0, 0),
              (4, "Enterprise", "sales-led", 899.0, 0), (5, "Team Classic", "self-serve", 59.0, 1),
              (6, "Nonprofit", "self-serve", 19.0, 0))
SAAS_INDUSTRIES = ("Software", "Retail", "Healthcare", "Education", "Finance", "Manufacturing", "Media")
SAAS_COUNTRIES = ("United States", "United Kingdom", "Germany", "Canada", "Australia", "Netherlands", "Brazil", "India")
SAAS_COMPANY_A = ("Blue", "Bright", "North", "Silver", "Quantum", "Green", "Apex", "Red", "Urban", "Swift", "Clear",
                  "Iron", "Summit", "Coastal", "Pioneer", "Lunar", "Golden", "Prime", "Vertex", "Harbor")
SAAS_COMPANY_B = ("Labs", "Analytics", "Health", "Logistics", "Media", "Foods", "Systems", "Studios", "Capital",
                  "Learning", "Works", "Partners", "Robotics", "Goods", "Networks")


def build_saas(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE sales_reps (rep_id INTEGER PRIMARY KEY, rep_first_nm TEXT NOT NULL, rep_last_nm TEXT NOT NULL,
        sales_region TEXT NOT NULL, hire_dt TEXT NOT NULL);
    CREATE TABLE plans (plan_id INTEGER PRIMARY KEY, plan_name TEXT NOT NULL, sales_motion TEXT NOT NULL,
        list_price_mo REAL NOT NULL, is_legacy INTEGER NOT NULL);
    CREATE TABLE accounts (acct_id INTEGER PRIMARY KEY, company_nm TEXT NOT NULL, industry TEXT NOT NULL,
        hq_country TEXT NOT NULL, signup_dt TEXT NOT NULL, rep_id INTEGER REFERENCES sales_reps(rep_id),
        is_churned INTEGER NOT NULL, employee_cnt INTEGER NOT NULL);
    CREATE TABLE subscriptions (sub_id INTEGER PRIMARY KEY, acct_id INTEGER NOT NULL REFERENCES accounts(acct_id),
        plan_id INTEGER NOT NULL REFERENCES plans(plan_id), start_dt TEXT NOT NULL, end_dt TEXT,
        seat_qty INTEGER NOT NULL, mrr_usd REAL NOT NULL, sub_status TEXT NOT NULL, auto_renew INTEGER NOT NULL);
    CREATE TABLE invoices (inv_id INTEGER PRIMARY KEY, sub_id INTEGER NOT NULL REFERENCES subscriptions(sub_id),
        issued_dt TEXT NOT NULL, due_dt TEXT NOT NULL, amt_usd REAL NOT NULL, tax_usd REAL NOT NULL,
        is_paid INTEGER NOT NULL, paid_dt TEXT);
    CREATE TABLE support_tickets (ticket_id INTEGER PRIMARY KEY, acct_id INTEGER NOT NULL REFERENCES accounts(acct_id),
        opened_ts TEXT NOT NULL, priority TEXT NOT NULL, category TEXT NOT NULL, resolved_ts TEXT, csat INTEGER);
    """)
    regions = ("North America", "EMEA", "APAC", "LATAM")
    reps = []
    for rid in range(1, 13):
        fn, ln = _name(rng)
        reps.append((rid, fn, ln, regions[(rid - 1) % 4] if rid <= 10 else rng.choice(regions[:2]),
                     _day(rng, date(2019, 1, 1), date(2024, 6, 30)).isoformat()))
    conn.executemany("INSERT INTO sales_reps VALUES (?,?,?,?,?)", reps)
    conn.executemany("INSERT INTO plans VALUES (?,?,?,?,?)", SAAS_PLANS)
    names = rng.sample([f"{a} {b}" for a in SAAS_COMPANY_A for b in SAAS_COMPANY_B], 260)
    accts = []
    for aid, nm in enumerate(names, 1):
        # reps 11 and 12 were hired late and own no accounts yet
        accts.append((aid, nm, rng.choice(SAAS_INDUSTRIES), rng.choices(SAAS_COUNTRIES, weights=(40, 12, 10, 10, 7, 6, 8, 7))[0],
                      _day(rng, date(2021, 1, 1), date(2025, 10, 31)).isoformat(), rng.randrange(1, 11),
                      0, int(rng.paretovariate(1.1) * 12)))
    subs, invoices, tickets = [], [], []
    for a in accts:
        signup = date.fromisoformat(a[4])
        plan = rng.choices(SAAS_PLANS, weights=(30, 30, 18, 7, 8, 7))[0]
        seats = 1 if plan[0] == 1 else rng.randrange(3, 12 if plan[0] in (2, 5, 6) else 80)
        start = signup + timedelta(days=rng.randrange(0, 20))
        status = "trial" if start > date(2025, 11, 10) else rng.choices(("active", "cancelled"), weights=(78, 22))[0]
        end = _day(rng, start + timedelta(days=60), date(2025, 12, 31)) if status == "cancelled" and start < date(2025, 10, 1) else None
        if status == "cancelled" and end is None:
            status = "active"
        disc = rng.choice((1.0, 1.0, 1.0, 0.9, 0.8)) if plan[1] == "sales-led" else 1.0
        mrr = round(plan[3] * seats * disc, 2) if status != "trial" else 0.0
        subs.append([len(subs) + 1, a[0], plan[0], start.isoformat(), end.isoformat() if end else None, seats, mrr,
                     status, 0 if status == "cancelled" else (1 if rng.random() < 0.8 else 0)])
        if status == "cancelled":
            a_list = list(a)
            a_list[6] = 1
            accts[a[0] - 1] = tuple(a_list)
        if status != "trial":
            d = max(date(start.year, start.month, 1), date(2024, 1, 1))  # billing history kept since 2024
            last = end or date(2025, 12, 31)
            while d <= last:
                issued = max(d, start)
                due = issued + timedelta(days=30)
                paid = rng.random() < (0.97 if due < date(2025, 11, 15) else 0.55)
                paid_dt = (issued + timedelta(days=rng.randrange(0, 45))).isoformat() if paid else None
                invoices.append((len(invoices) + 1, len(subs), issued.isoformat(), due.isoformat(), mrr,
                                 round(mrr * (0.2 if a[3] in ("United Kingdom", "Germany", "Netherlands") else 0.0), 2),
                                 1 if paid else 0, paid_dt))
                d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        # a second, upgraded subscription for some growing accounts
        if status == "active" and plan[0] in (1, 2) and rng.random() < 0.25:
            p2 = SAAS_PLANS[plan[0]]
            s2 = _day(rng, start + timedelta(days=90), date(2025, 12, 1)) if start + timedelta(days=90) < date(2025, 12, 1) else None
            if s2:
                seats2 = rng.randrange(3, 30)
                subs.append([len(subs) + 1, a[0], p2[0], s2.isoformat(), None, seats2, round(p2[3] * seats2, 2), "active", 1])
                d = max(date(s2.year, s2.month, 1), date(2024, 1, 1))
                while d <= date(2025, 12, 31):
                    issued = max(d, s2)
                    paid = rng.random() < 0.95
                    invoices.append((len(invoices) + 1, len(subs), issued.isoformat(), (issued + timedelta(days=30)).isoformat(),
                                     subs[-1][6], round(subs[-1][6] * (0.2 if a[3] in ("United Kingdom", "Germany", "Netherlands") else 0.0), 2),
                                     1 if paid else 0, (issued + timedelta(days=rng.randrange(0, 40))).isoformat() if paid else None))
                    d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    for _ in range(900):
        a = rng.choice(accts)
        day = _day(rng, max(date.fromisoformat(a[4]), date(2023, 1, 1)), date(2025, 12, 31))
        opened = _ts(rng, day)
        pri = rng.choices(("low", "normal", "high", "urgent"), weights=(30, 45, 18, 7))[0]
        resolved = None
        if rng.random() < 0.93 or day < date(2025, 12, 1):
            hours = rng.uniform(0.5, {"urgent": 12, "high": 36, "normal": 96, "low": 200}[pri])
            resolved = (datetime.fromisoformat(opened) + timedelta(hours=hours)).isoformat(" ", "seconds")
        csat = max(1, min(5, round(rng.gauss(4.1, 0.9)))) if resolved and rng.random() < 0.6 else None
        tickets.append((len(tickets) + 1, a[0], opened, pri, rng.choice(("billing", "bug", "how-to", "feature request",
                                                                          "outage")), resolved, csat))
    conn.executemany("INSERT INTO accounts VALUES (?,?,?,?,?,?,?,?)", accts)
    conn.executemany("INSERT INTO subscriptions VALUES (?,?,?,?,?,?,?,?,?)", subs)
    conn.executemany("INSERT INTO invoices VALUES (?,?,?,?,?,?,?,?)", invoices)
    conn.executemany("INSERT INTO support_tickets VALUES (?,?,?,?,?,?,?)", tickets)


# ---------------------------------------------------------------- logistics (shipments, mixed snake_case and CamelCase)

LOG_WAREHOUSES = ((1, "Rotterdam DC", "Rotterdam", "Netherlands", 42000), (2, "Memphis Hub", "Memphis", "USA", 65000),
                  (3, "Singapore Gateway", "Singapore", "Singapore", 38000), (4, "Chicago Crossdock", "Chicago", "USA", 21000),
                  (5, "Leipzig Air Hub", "Leipzig", "Germany", 30000), (6, "Santos Port Yard", "Santos", "Brazil", 18000))
LOG_CARRIERS = ((1, "Maersk Line", "ocean", 1), (2, "DHL Express", "air", 1), (3, "FedEx Freight", "road", 0),
                (4, "UPS Supply Chain", "road", 1), (5, "Kuehne Nagel", "ocean", 0), (6, "Cargolux", "air", 0),
                (7, "Schenker Rail", "rail", 0))
LOG_DEST = (("Hamburg", "Germany"), ("Lyon", "France"), ("Madrid", "Spain"), ("Milan", "Italy"), ("Dallas", "USA"),
            ("Atlanta", "USA"), ("Toronto", "Canada"), ("Tokyo", "Japan"), ("Sydney", "Australia"), ("Mumbai", "India"),
            ("Mexico City", "Mexico"), ("Warsaw", "Poland"))


def build_logistics(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE warehouses (warehouse_id INTEGER PRIMARY KEY, WarehouseName TEXT NOT NULL, city TEXT NOT NULL,
        country TEXT NOT NULL, capacity_pallets INTEGER NOT NULL);
    CREATE TABLE carriers (carrier_id INTEGER PRIMARY KEY, CarrierName TEXT NOT NULL, transport_mode TEXT NOT NULL,
        IsPreferred INTEGER NOT NULL);
    CREATE TABLE shippers (shipper_id INTEGER PRIMARY KEY, ShipperName TEXT NOT NULL, industry TEXT NOT NULL,
        country TEXT NOT NULL, contract_start TEXT NOT NULL);
    CREATE TABLE shipments (shipment_id INTEGER PRIMARY KEY, shipper_id INTEGER NOT NULL REFERENCES shippers(shipper_id),
        origin_wh INTEGER NOT NULL REFERENCES warehouses(warehouse_id), carrier_id INTEGER NOT NULL REFERENCES carriers(carrier_id),
        dest_city TEXT NOT NULL, dest_country TEXT NOT NULL, ShipDate TEXT NOT NULL, PromisedDate TEXT NOT NULL,
        DeliveredDate TEXT, weight_kg REAL NOT NULL, pallet_cnt INTEGER NOT NULL, freight_cost REAL NOT NULL,
        is_express INTEGER NOT NULL, is_hazmat INTEGER NOT NULL, status TEXT NOT NULL);
    CREATE TABLE delivery_exceptions (exception_id INTEGER PRIMARY KEY,
        shipment_id INTEGER NOT NULL REFERENCES shipments(shipment_id), reason TEXT NOT NULL, reported_on TEXT NOT NULL,
        claim_amount REAL);
    """)
    conn.executemany("INSERT INTO warehouses VALUES (?,?,?,?,?)", LOG_WAREHOUSES)
    conn.executemany("INSERT INTO carriers VALUES (?,?,?,?)", LOG_CARRIERS)
    industries = ("Electronics", "Apparel", "Automotive", "Pharma", "Food & Beverage", "Chemicals", "Furniture")
    prefix = ("Acme", "Nova", "Helix", "Orion", "Zenith", "Atlas", "Polar", "Crest", "Delta", "Evergreen", "Falcon",
              "Granite", "Horizon", "Indigo", "Juniper", "Keystone", "Lotus", "Meridian", "Nimbus", "Oakridge")
    suffix = ("Industries", "Trading", "Manufacturing", "Retail Group", "Components", "Brands")
    names = rng.sample([f"{p} {s}" for p in prefix for s in suffix], 60)
    shippers = [(i, n, rng.choice(industries), rng.choice(("USA", "Germany", "Netherlands", "China", "Brazil", "Japan")),
                 _day(rng, date(2018, 1, 1), date(2024, 6, 30)).isoformat()) for i, n in enumerate(names, 1)]
    conn.executemany("INSERT INTO shippers VALUES (?,?,?,?,?)", shippers)
    # carrier 7 (rail) signed but has carried nothing yet; shipper weights leave a few shippers idle
    mode_days = {"ocean": (18, 40), "air": (1, 5), "road": (2, 9)}
    cost_per_kg = {"ocean": 0.35, "air": 4.2, "road": 0.9}
    ships, excs = [], []
    active = shippers[:54]
    weights = [rng.paretovariate(1.2) for _ in active]
    for _ in range(2400):
        s = rng.choices(active, weights=weights)[0]
        wh = rng.choices(LOG_WAREHOUSES, weights=(22, 30, 16, 14, 12, 6))[0]
        car = rng.choices(LOG_CARRIERS[:6], weights=(15, 22, 20, 24, 9, 10))[0]
        mode = car[2]
        dcity, dcountry = rng.choice(LOG_DEST)
        sd = _day(rng, max(date(2023, 1, 1), date.fromisoformat(s[4])), date(2025, 12, 28))
        lo, hi = mode_days[mode]
        promised = sd + timedelta(days=hi)
        express = 1 if (mode == "air" and rng.random() < 0.6) or rng.random() < 0.05 else 0
        weight = round(rng.lognormvariate(6.0 if mode != "air" else 4.5, 0.8), 1)
        pallets = max(1, int(weight // 400) + 1)
        cost = round(weight * cost_per_kg[mode] * (1.5 if express else 1.0) + 45, 2)
        status = rng.choices(("delivered", "lost", "returned"), weights=(94, 1, 5))[0]
        transit = rng.randrange(lo, hi + 1) + (rng.randrange(1, 10) if rng.random() < 0.15 else 0)
        delivered = sd + timedelta(days=transit)
        if status == "delivered" and delivered > date(2025, 12, 31):
            status = "in transit"
        dd = delivered.isoformat() if status == "delivered" else None
        ships.append((len(ships) + 1, s[0], wh[0], car[0], dcity, dcountry, sd.isoformat(), promised.isoformat(), dd,
                      weight, pallets, cost, express, 1 if s[2] == "Chemicals" and rng.random() < 0.5 else 0, status))
        if status in ("lost", "returned") or (dd and delivered > promised and rng.random() < 0.4) or rng.random() < 0.02:
            reason = {"lost": "lost in transit", "returned": "refused by consignee"}.get(
                status, rng.choice(("damaged goods", "customs hold", "weather delay", "wrong address")))
            claim = round(rng.uniform(50, 2500), 2) if reason in ("lost in transit", "damaged goods") else None
            excs.append((len(excs) + 1, len(ships), reason, (sd + timedelta(days=rng.randrange(1, max(2, transit)))).isoformat(),
                         claim))
    conn.executemany("INSERT INTO shipments VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", ships)
    conn.executemany("INSERT INTO delivery_exceptions VALUES (?,?,?,?,?)", excs)


# ---------------------------------------------------------------- insurance (snake_case with abbreviations: pol_no, clm_amt)

INS_BRANCHES = ((1, "Downtown Chicago", "Chicago", "IL", "Midwest", 1998), (2, "Milwaukee North", "Milwaukee", "WI", "Midwest", 2004),
                (3, "Dallas Central", "Dallas", "TX", "South", 2001), (4, "Houston West", "Houston", "TX", "South", 2010),
                (5, "Atlanta Midtown", "Atlanta", "GA", "Southeast", 2007), (6, "Denver Tech Center", "Denver", "CO", "West", 2013),
                (7, "Phoenix East", "Phoenix", "AZ", "West", 2016), (8, "Boston Harbor", "Boston", "MA", "Northeast", 1995))
# (prod_id, prod_cd, prod_nm, line_of_bus, base_prem_amt, is_discontinued, term_years)
INS_PRODUCTS = ((1, "AUTO-STD", "Auto Standard", "Auto", 980.0, 0, 1), (2, "AUTO-PLUS", "Auto Plus", "Auto", 1450.0, 0, 1),
                (3, "AUTO-CLS", "Classic Car", "Auto", 620.0, 1, 1), (4, "HOME-BAS", "Homeowners Basic", "Home", 1100.0, 0, 1),
                (5, "HOME-PRM", "Homeowners Premier", "Home", 1890.0, 0, 1), (6, "RENT-01", "Renters Cover", "Home", 240.0, 0, 1),
                (7, "LIFE-T20", "Term Life 20", "Life", 560.0, 0, 20), (8, "LIFE-WHL", "Whole Life", "Life", 2400.0, 0, 99),
                (9, "HLTH-IND", "Individual Health", "Health", 5200.0, 0, 1), (10, "HLTH-DEN", "Dental Care", "Health", 420.0, 0, 1),
                (11, "TRVL-SGL", "Single Trip Travel", "Travel", 85.0, 0, 0), (12, "TRVL-ANN", "Annual Travel", "Travel", 310.0, 1, 1))
INS_CLAIM_TYPES = {"Auto": ("collision", "theft", "glass", "liability"), "Home": ("fire", "water damage", "theft", "storm"),
                   "Life": ("death benefit",), "Health": ("hospitalization", "outpatient"),
                   "Travel": ("trip cancellation", "lost baggage", "medical abroad")}
INS_CITIES = (("Chicago", "IL"), ("Evanston", "IL"), ("Milwaukee", "WI"), ("Madison", "WI"), ("Dallas", "TX"), ("Plano", "TX"),
              ("Houston", "TX"), ("Austin", "TX"), ("Atlanta", "GA"), ("Savannah", "GA"), ("Denver", "CO"), ("Boulder", "CO"),
              ("Phoenix", "AZ"), ("Tucson", "AZ"), ("Boston", "MA"), ("Cambridge", "MA"))


def build_insurance(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE branches (branch_id INTEGER PRIMARY KEY, branch_nm TEXT NOT NULL, city TEXT NOT NULL, state_cd TEXT NOT NULL,
        region TEXT NOT NULL, opened_yr INTEGER NOT NULL);
    CREATE TABLE agents (agent_id INTEGER PRIMARY KEY, agt_first_nm TEXT NOT NULL, agt_last_nm TEXT NOT NULL,
        branch_id INTEGER NOT NULL REFERENCES branches(branch_id), hire_dt TEXT NOT NULL, comm_rate REAL NOT NULL,
        is_active INTEGER NOT NULL);
    CREATE TABLE adjusters (adj_id INTEGER PRIMARY KEY, adj_name TEXT NOT NULL, branch_id INTEGER NOT NULL REFERENCES branches(branch_id),
        yrs_exp INTEGER NOT NULL);
    CREATE TABLE products (prod_id INTEGER PRIMARY KEY, prod_cd TEXT NOT NULL, prod_nm TEXT NOT NULL, line_of_bus TEXT NOT NULL,
        base_prem_amt REAL NOT NULL, is_discontinued INTEGER NOT NULL);
    CREATE TABLE customers (cust_id INTEGER PRIMARY KEY, first_nm TEXT NOT NULL, last_nm TEXT NOT NULL, birth_dt TEXT NOT NULL,
        gender TEXT, city TEXT NOT NULL, state_cd TEXT NOT NULL, email TEXT, cust_since_dt TEXT NOT NULL, is_smoker INTEGER NOT NULL,
        credit_score INTEGER);
    CREATE TABLE policies (pol_no TEXT PRIMARY KEY, cust_id INTEGER NOT NULL REFERENCES customers(cust_id),
        agent_id INTEGER NOT NULL REFERENCES agents(agent_id), prod_id INTEGER NOT NULL REFERENCES products(prod_id),
        eff_dt TEXT NOT NULL, exp_dt TEXT NOT NULL, annual_prem_amt REAL NOT NULL, deductible_amt REAL NOT NULL,
        cov_limit_amt REAL NOT NULL, pay_freq TEXT NOT NULL, pol_status TEXT NOT NULL, cancel_dt TEXT, is_renewal INTEGER NOT NULL);
    CREATE TABLE claims (clm_id INTEGER PRIMARY KEY, pol_no TEXT NOT NULL REFERENCES policies(pol_no), loss_dt TEXT NOT NULL,
        rpt_dt TEXT NOT NULL, clm_type TEXT NOT NULL, clm_amt REAL NOT NULL, clm_status TEXT NOT NULL,
        adj_id INTEGER REFERENCES adjusters(adj_id), closed_dt TEXT, is_susp_fraud INTEGER NOT NULL);
    CREATE TABLE claim_payments (pmt_id INTEGER PRIMARY KEY, clm_id INTEGER NOT NULL REFERENCES claims(clm_id),
        pmt_dt TEXT NOT NULL, pmt_amt REAL NOT NULL, pmt_method TEXT NOT NULL);
    CREATE TABLE premium_payments (prem_pmt_id INTEGER PRIMARY KEY, pol_no TEXT NOT NULL REFERENCES policies(pol_no),
        due_dt TEXT NOT NULL, paid_dt TEXT, amt_due REAL NOT NULL, amt_paid REAL, pmt_channel TEXT);
    CREATE TABLE quotes (quote_id INTEGER PRIMARY KEY, cust_id INTEGER NOT NULL REFERENCES customers(cust_id),
        prod_id INTEGER NOT NULL REFERENCES products(prod_id), agent_id INTEGER NOT NULL REFERENCES agents(agent_id),
        quote_dt TEXT NOT NULL, quoted_prem_amt REAL NOT NULL, is_converted INTEGER NOT NULL);
    """)
    end = date(2025, 12, 31)
    conn.executemany("INSERT INTO branches VALUES (?,?,?,?,?,?)", INS_BRANCHES)
    agents = []
    for i in range(1, 37):
        f, l = _name(rng)
        br = INS_BRANCHES[(i - 1) % len(INS_BRANCHES)][0]
        # the last two agents joined in December 2025 and have not sold anything yet
        hired = _day(rng, date(2025, 12, 1), date(2025, 12, 20)) if i > 34 else _day(rng, date(2008, 1, 1), date(2021, 12, 31))
        agents.append((i, f, l, br, hired.isoformat(), round(rng.choice((0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.12)), 2),
                       0 if i in (4, 13, 22, 29) else 1))
    conn.executemany("INSERT INTO agents VALUES (?,?,?,?,?,?,?)", agents)
    adj_exp = rng.sample(range(1, 31), 12)
    adjusters = [(i, " ".join(_name(rng)), INS_BRANCHES[(i - 1) % len(INS_BRANCHES)][0], adj_exp[i - 1]) for i in range(1, 13)]
    conn.executemany("INSERT INTO adjusters VALUES (?,?,?,?)", adjusters)
    conn.executemany("INSERT INTO products VALUES (?,?,?,?,?,?)", [p[:6] for p in INS_PRODUCTS])
    custs = []
    for i in range(1, 751):
        f, l = _name(rng)
        city, st = rng.choice(INS_CITIES)
        born = _day(rng, date(1945, 1, 1), date(2004, 12, 31))
        email = None if rng.random() < 0.12 else f"{f.lower()}.{l.lower()}{i}@example.com"
        score = None if rng.random() < 0.08 else int(min(850, max(420, rng.gauss(690, 70))))
        custs.append((i, f, l, born.isoformat(), None if rng.random() < 0.04 else rng.choice(("F", "M")), city, st, email,
                      _day(rng, date(2012, 1, 1), date(2025, 11, 30)).isoformat(), 1 if rng.random() < 0.16 else 0, score))
    conn.executemany("INSERT INTO customers VALUES (?,?,?,?,?,?,?,?,?,?,?)", custs)
    sellers = [a for a in agents[:34]]
    seller_w = [rng.uniform(0.4, 2.5) for _ in sellers]
    line_w = {"Auto": 34, "Home": 26, "Life": 10, "Health": 18, "Travel": 12}
    sold = [p for p in INS_PRODUCTS if p[0] != 12]  # the annual travel product was withdrawn before it sold
    pols, claims, cpays, ppays, quotes = [], [], [], [], []
    freq_n = {"annual": 1, "semiannual": 2, "quarterly": 4, "monthly": 12}
    for c in custs:
        if c[0] % 19 == 0:
            continue  # prospects: quoted, never bought
        since = date.fromisoformat(c[8])
        for _ in range(rng.choices((1, 2, 3), weights=(55, 33, 12))[0]):
            prod = rng.choices(sold, weights=[line_w[p[3]] / (3 if p[5] else 1) for p in sold])[0]
            ag = rng.choices(sellers, weights=seller_w)[0]
            start = _day(rng, max(since, date(2021, 1, 1)), date(2025, 12, 15))
            if prod[5] and start > date(2023, 6, 30):
                start = _day(rng, date(2021, 1, 1), date(2023, 6, 30))
            age = start.year - int(c[3][:4])
            renewal = 0
            prem = round(prod[4] * rng.uniform(0.75, 1.45) * (1.6 if c[9] and prod[3] in ("Life", "Health") else 1.0)
                         * (1 + max(0, age - 50) / 60 if prod[3] in ("Life", "Health") else 1.0), 2)
            while start <= end:
                if prod[6] == 0:
                    stop = start + timedelta(days=rng.randrange(5, 30))
                elif prod[6] == 99:
                    stop = date(2099, 12, 31)
                else:
                    stop = date(start.year + prod[6], start.month, min(start.day, 28)) - timedelta(days=1)
                freq = "annual" if prod[6] != 1 else rng.choices(("annual", "semiannual", "quarterly", "monthly"),
                                                                  weights=(40, 20, 25, 15))[0]
                r = rng.random()
                cancel = None
                if r < 0.05 and prod[6] != 0:
                    status = "cancelled"
                    cancel = start + timedelta(days=rng.randrange(20, 300))
                    if cancel > end:
                        status, cancel = "active", None
                elif r < 0.09 and prod[6] == 1:
                    status = "lapsed"
                else:
                    status = "expired" if stop < end else "active"
                pol_no = f"PL-{100000 + len(pols) + 1}"
                ded = 0.0 if prod[3] in ("Life", "Travel") else float(rng.choice((250, 500, 500, 1000, 1000, 2500)))
                limit = {"Auto": (50000, 100000, 300000), "Home": (150000, 250000, 400000, 600000), "Life": (100000, 250000, 500000, 1000000),
                         "Health": (1000000, 2000000), "Travel": (10000, 25000, 50000)}[prod[3]]
                pols.append((pol_no, c[0], ag[0], prod[0], start.isoformat(), stop.isoformat(), prem, ded, float(rng.choice(limit)),
                             freq, status, cancel.isoformat() if cancel else None, renewal))
                # premium installments up to the cancellation, the end of the term or the end of 2025
                n = freq_n[freq]
                last_cover = min(stop, cancel or stop, end)
                k = 0
                while True:
                    due = date(start.year + (start.month - 1 + k * 12 // n) // 12, (start.month - 1 + k * 12 // n) % 12 + 1,
                               min(start.day, 28))
                    if due > last_cover or (prod[6] == 99 and k >= 12):
                        break
                    amt = round(prem / n if prod[6] != 0 else prem, 2)
                    unpaid = status == "lapsed" and due >= start + timedelta(days=120) or (due > date(2025, 12, 1) and rng.random() < 0.3)
                    paid = None if unpaid else due + timedelta(days=rng.choice((0, 0, 0, -3, -1, 2, 5, 12, 35) if rng.random() < 0.3 else (0, -2, -5)))
                    ppays.append((len(ppays) + 1, pol_no, due.isoformat(), paid.isoformat() if paid else None, amt,
                                  None if paid is None else amt, None if paid is None and rng.random() < 0.5 else
                                  rng.choice(("online", "agent", "auto-debit", "auto-debit"))))
                    if status == "lapsed" and unpaid:
                        break
                    k += 1
                # claims on this term
                lam = {"Auto": 0.28, "Home": 0.18, "Life": 0.01, "Health": 0.45, "Travel": 0.12}[prod[3]]
                for _c in range(3):
                    if rng.random() >= lam:
                        continue
                    loss = _day(rng, start, min(stop, cancel or stop, end))
                    rpt = loss + timedelta(days=rng.choice((0, 1, 1, 2, 3, 5, 9, 20)))
                    if rpt > end:
                        continue
                    ctype = rng.choice(INS_CLAIM_TYPES[prod[3]])
                    base = {"collision": 4200, "theft": 5200, "glass": 450, "liability": 9000, "fire": 38000, "water damage": 9500,
                            "storm": 7000, "death benefit": 200000, "hospitalization": 14000, "outpatient": 900,
                            "trip cancellation": 1800, "lost baggage": 700, "medical abroad": 6000}[ctype]
                    amt = round(base * rng.lognormvariate(0, 0.55), 2) if ctype != "death benefit" else float(rng.choice(limit))
                    amt = min(amt, limit[-1])
                    fraud = 1 if rng.random() < 0.04 else 0
                    age_days = (end - rpt).days
                    if age_days < 45 and rng.random() < 0.7 or rng.random() < 0.06:
                        cstatus = "open"
                    elif fraud and rng.random() < 0.7 or rng.random() < 0.12:
                        cstatus = "denied"
                    elif rng.random() < 0.04:
                        cstatus = "withdrawn"
                    else:
                        cstatus = "settled"
                    closed = None
                    if cstatus != "open":
                        closed = rpt + timedelta(days=rng.randrange(5, 120))
                        if closed > end:
                            cstatus, closed = "open", None
                    adj = None if cstatus == "open" and rng.random() < 0.3 else rng.choice(adjusters)[0]
                    claims.append((len(claims) + 1, pol_no, loss.isoformat(), rpt.isoformat(), ctype, amt, cstatus, adj,
                                   closed.isoformat() if closed else None, fraud))
                    if cstatus == "settled" or (cstatus == "open" and adj and rng.random() < 0.3):
                        payout = round(max(0.0, amt - ded) * rng.uniform(0.7, 1.0), 2)
                        parts = 1 if payout < 3000 else rng.choice((1, 2, 3))
                        last = closed or end
                        for j in range(parts):
                            pd_ = rpt + timedelta(days=max(1, (last - rpt).days * (j + 1) // parts))
                            cpays.append((len(cpays) + 1, len(claims), min(pd_, end).isoformat(), round(payout / parts, 2),
                                          rng.choice(("check", "ACH", "ACH", "wire"))))
                if status != "expired" or prod[6] != 1 or rng.random() > 0.72:
                    break
                start, renewal = stop + timedelta(days=1), 1
                prem = round(prem * rng.uniform(1.0, 1.09), 2)
    conn.executemany("INSERT INTO policies VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", pols)
    conn.executemany("INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?,?)", claims)
    conn.executemany("INSERT INTO claim_payments VALUES (?,?,?,?,?)", cpays)
    conn.executemany("INSERT INTO premium_payments VALUES (?,?,?,?,?,?,?)", ppays)
    bought = {(p[1], p[3]) for p in pols}
    for i in range(1, 1401):
        c = rng.choice(custs)
        prod = rng.choice(INS_PRODUCTS)
        qd = _day(rng, date(2022, 1, 1), date(2025, 12, 31))
        conv = 1 if (c[0], prod[0]) in bought and rng.random() < 0.8 else 0
        quotes.append((i, c[0], prod[0], rng.choice(agents)[0], qd.isoformat(), round(prod[4] * rng.uniform(0.7, 1.5), 2), conv))
    conn.executemany("INSERT INTO quotes VALUES (?,?,?,?,?,?,?)", quotes)


# ---------------------------------------------------------------- restaurants (PascalCase, a spaced "Menu Items")

RESTO_LOCATIONS = ((1, "Harbor Point", "Boston", "MA", "2012-05-14", 140, "Y"),
                   (2, "Midtown", "New York", "NY", "2015-09-01", 180, "N"),
                   (3, "Lakeside Mall", "Chicago", "IL", "2017-03-20", 110, "N"),
                   (4, "Old Town", "Alexandria", "VA", "2019-06-08", 90, "Y"),
                   (5, "Airport Terminal B", "Chicago", "IL", "2021-02-15", 60, "N"),
                   (6, "University Avenue", "Berkeley", "CA", "2022-08-29", 120, "Y"),
                   (7, "Riverside", "Austin", "TX", "2023-04-17", 150, "Y"),
                   (8, "Westfield Plaza", "San Diego", "CA", "2025-11-10", 100, "N"))
RESTO_MENU = {  # category -> (item, price, food cost, vegetarian, seasonal)
    "Starters": (("Crispy Calamari", 13.5, 4.1, "N", 0), ("Tomato Bruschetta", 9.0, 2.2, "Y", 0),
                 ("Chicken Wings", 12.0, 3.9, "N", 0), ("Loaded Nachos", 11.5, 3.0, "Y", 0),
                 ("French Onion Soup", 8.5, 2.0, "Y", 0), ("Pumpkin Soup", 8.0, 1.9, "Y", 1)),
    "Salads": (("Caesar Salad", 11.0, 2.8, "N", 0), ("Greek Salad", 10.5, 3.1, "Y", 0),
               ("Cobb Salad", 14.0, 4.9, "N", 0), ("Quinoa Bowl", 13.0, 3.6, "Y", 0)),
    "Burgers": (("Classic Cheeseburger", 15.0, 5.2, "N", 0), ("Bacon BBQ Burger", 17.0, 6.4, "N", 0),
                ("Black Bean Burger", 14.5, 4.0, "Y", 0), ("Mushroom Swiss Burger", 16.0, 5.8, "N", 0)),
    "Mains": (("Grilled Salmon", 26.0, 10.4, "N", 0), ("Ribeye Steak", 34.0, 14.9, "N", 0),
              ("Chicken Parmesan", 21.0, 6.5, "N", 0), ("Fish and Chips", 19.0, 6.0, "N", 0),
              ("Mushroom Risotto", 19.5, 4.6, "Y", 0), ("Eggplant Lasagna", 18.0, 4.4, "Y", 0),
              ("Shrimp Linguine", 23.0, 8.7, "N", 0), ("Lobster Roll", 29.0, 13.1, "N", 1)),
    "Desserts": (("Chocolate Lava Cake", 9.0, 2.1, "Y", 0), ("New York Cheesecake", 8.5, 2.4, "Y", 0),
                 ("Apple Pie", 7.5, 1.8, "Y", 1), ("Tiramisu", 9.5, 2.6, "Y", 0), ("Ice Cream Sundae", 6.5, 1.5, "Y", 0)),
    "Kids": (("Kids Chicken Tenders", 8.0, 2.3, "N", 0), ("Kids Mac and Cheese", 7.0, 1.6, "Y", 0),
             ("Kids Mini Burger", 8.5, 2.7, "N", 0)),
    "Drinks": (("Draft Beer", 7.0, 1.6, "Y", 0), ("House Red Wine", 10.0, 2.9, "Y", 0),
               ("House White Wine", 10.0, 2.8, "Y", 0), ("Margarita", 12.0, 2.7, "Y", 0),
               ("Fresh Lemonade", 4.5, 0.8, "Y", 0), ("Iced Tea", 3.5, 0.4, "Y", 0), ("Espresso", 3.5, 0.5, "Y", 0),
               ("Soda", 3.0, 0.3, "Y", 0), ("Hot Cider", 5.0, 1.1, "Y", 1)),
    "Sides": (("French Fries", 5.0, 1.0, "Y", 0), ("Sweet Potato Fries", 6.0, 1.4, "Y", 0),
              ("Garlic Bread", 4.5, 0.9, "Y", 0), ("Truffle Mac Bites", 8.0, 2.9, "Y", 0)),
}
RESTO_NEW_ITEMS = ("Pumpkin Soup", "Hot Cider", "Truffle Mac Bites")  # added in December 2025, not sold yet
RESTO_ROLES = (("server", 40, 7.5, 11.0), ("cook", 24, 17.0, 24.0), ("bartender", 10, 9.0, 14.0),
               ("host", 10, 14.0, 17.0), ("dishwasher", 8, 15.0, 17.5))
RESTO_SUPPLIERS = ((1, "Atlantic Seafood Co", "Boston", 0), (2, "Green Valley Produce", "Fresno", 0),
                   (3, "Prairie Meats", "Omaha", 0), (4, "Dairyland Cooperative", "Madison", 0),
                   (5, "City Bakery Supply", "Chicago", 1), (6, "Coastal Beverage Distributors", "San Diego", 0),
                   (7, "Sysco Foodservice", "Houston", 0), (8, "Hillside Organic Farm", "Berkeley", 1),
                   (9, "Bluewater Fish Market", "Austin", 1), (10, "Metro Paper Goods", "Newark", 0))
RESTO_INGREDIENTS = {  # supplier -> (ingredient, type, unit, cost per unit)
    1: (("Salmon fillet", "seafood", "kg", 21.0), ("Shrimp", "seafood", "kg", 17.5), ("Lobster meat", "seafood", "kg", 48.0)),
    2: (("Romaine lettuce", "produce", "case", 32.0), ("Tomatoes", "produce", "case", 28.0), ("Potatoes", "produce", "sack", 19.0)),
    3: (("Ground beef", "meat", "kg", 9.5), ("Ribeye", "meat", "kg", 27.0), ("Chicken breast", "meat", "kg", 8.2)),
    4: (("Mozzarella", "dairy", "kg", 11.0), ("Cream", "dairy", "liter", 4.2), ("Butter", "dairy", "kg", 9.8)),
    5: (("Burger buns", "bakery", "case", 24.0), ("Sourdough loaves", "bakery", "case", 31.0)),
    6: (("Draft beer keg", "beverages", "keg", 145.0), ("House wine", "beverages", "case", 96.0),
        ("Soda syrup", "beverages", "box", 62.0)),
    7: (("Frying oil", "dry goods", "jug", 38.0), ("Pasta", "dry goods", "case", 27.0), ("Rice", "dry goods", "sack", 22.0)),
    8: (("Mixed herbs", "produce", "case", 18.0), ("Mushrooms", "produce", "kg", 7.5)),
}


def build_restaurants(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE Locations (LocationID INTEGER PRIMARY KEY, LocationName TEXT NOT NULL, City TEXT NOT NULL,
        State TEXT NOT NULL, OpenedOn TEXT NOT NULL, SeatCount INTEGER NOT NULL, HasPatio TEXT NOT NULL);
    CREATE TABLE Staff (StaffID INTEGER PRIMARY KEY, FirstName TEXT NOT NULL, LastName TEXT NOT NULL,
        Role TEXT NOT NULL, LocationID INTEGER NOT NULL REFERENCES Locations(LocationID), HireDate TEXT NOT NULL,
        HourlyRate REAL NOT NULL, IsActive INTEGER NOT NULL);
    CREATE TABLE Shifts (ShiftID INTEGER PRIMARY KEY, StaffID INTEGER NOT NULL REFERENCES Staff(StaffID),
        ShiftDate TEXT NOT NULL, StartTime TEXT NOT NULL, HoursWorked REAL NOT NULL);
    CREATE TABLE MenuCategories (CategoryID INTEGER PRIMARY KEY, CategoryName TEXT NOT NULL);
    CREATE TABLE "Menu Items" (ItemID INTEGER PRIMARY KEY, ItemName TEXT NOT NULL,
        CategoryID INTEGER NOT NULL REFERENCES MenuCategories(CategoryID), Price REAL NOT NULL, FoodCost REAL,
        IsVegetarian TEXT NOT NULL, IsSeasonal INTEGER NOT NULL);
    CREATE TABLE GuestChecks (CheckID INTEGER PRIMARY KEY, LocationID INTEGER NOT NULL REFERENCES Locations(LocationID),
        ServerID INTEGER NOT NULL REFERENCES Staff(StaffID), OpenedAt TEXT NOT NULL, OrderType TEXT NOT NULL,
        TableNo INTEGER, GuestCount INTEGER NOT NULL, Subtotal REAL NOT NULL, Status TEXT NOT NULL);
    CREATE TABLE OrderLines (LineID INTEGER PRIMARY KEY, CheckID INTEGER NOT NULL REFERENCES GuestChecks(CheckID),
        ItemID INTEGER NOT NULL REFERENCES "Menu Items"(ItemID), Quantity INTEGER NOT NULL, UnitPrice REAL NOT NULL);
    CREATE TABLE Payments (PaymentID INTEGER PRIMARY KEY, CheckID INTEGER NOT NULL REFERENCES GuestChecks(CheckID),
        PaidAt TEXT NOT NULL, Method TEXT NOT NULL, Amount REAL NOT NULL, TipAmount REAL);
    CREATE TABLE Reservations (ReservationID INTEGER PRIMARY KEY,
        LocationID INTEGER NOT NULL REFERENCES Locations(LocationID), GuestName TEXT NOT NULL, Phone TEXT,
        PartySize INTEGER NOT NULL, ReservedFor TEXT NOT NULL, BookedVia TEXT NOT NULL, Status TEXT NOT NULL);
    CREATE TABLE Suppliers (SupplierID INTEGER PRIMARY KEY, SupplierName TEXT NOT NULL, City TEXT NOT NULL,
        IsLocal INTEGER NOT NULL);
    CREATE TABLE IngredientPurchases (PurchaseID INTEGER PRIMARY KEY,
        SupplierID INTEGER NOT NULL REFERENCES Suppliers(SupplierID),
        LocationID INTEGER NOT NULL REFERENCES Locations(LocationID), PurchaseDate TEXT NOT NULL,
        Ingredient TEXT NOT NULL, IngredientType TEXT NOT NULL, Quantity REAL NOT NULL, Unit TEXT NOT NULL,
        TotalCost REAL NOT NULL);
    """)
    conn.executemany("INSERT INTO Locations VALUES (?,?,?,?,?,?,?)", RESTO_LOCATIONS)
    cats, items = [], []
    for ci, (cname, rows) in enumerate(RESTO_MENU.items(), 1):
        cats.append((ci, cname))
        for name, price, cost, veg, seasonal in rows:
            # a few recipes were never costed
            items.append((len(items) + 1, name, ci, price, None if rng.random() < 0.06 else cost, veg, seasonal))
    conn.executemany("INSERT INTO MenuCategories VALUES (?,?)", cats)
    conn.executemany('INSERT INTO "Menu Items" VALUES (?,?,?,?,?,?,?)', items)
    sellable = [it for it in items if it[1] not in RESTO_NEW_ITEMS]
    drinks = [it for it in sellable if it[2] == list(RESTO_MENU).index("Drinks") + 1]
    food = [it for it in sellable if it not in drinks]

    staff = []
    for loc in RESTO_LOCATIONS:
        opened = max(date.fromisoformat(loc[4]), date(2020, 1, 1))
        team = [("manager", 24.0, 32.0)] + [
            (r[0], r[2], r[3]) for r in rng.choices(RESTO_ROLES, weights=[r[1] for r in RESTO_ROLES], k=rng.randrange(11, 18))]
        for role, lo, hi in team:
            fn, ln = _name(rng)
            hired = _day(rng, opened - timedelta(days=60), max(opened, date(2025, 10, 31)))
            staff.append((len(staff) + 1, fn, ln, role, loc[0], hired.isoformat(), round(rng.uniform(lo, hi), 2),
                          0 if role != "manager" and rng.random() < 0.12 else 1))
    conn.executemany("INSERT INTO Staff VALUES (?,?,?,?,?,?,?,?)", staff)

    shifts = []
    for s in staff:
        if not s[7] and rng.random() < 0.5:
            continue  # some former staff left before the shift system went live
        start = max(date.fromisoformat(s[5]), date(2024, 1, 1))
        end = date(2025, 12, 31) if s[7] else min(date(2025, 12, 31), start + timedelta(days=rng.randrange(30, 300)))
        if start > end:
            continue
        for _ in range(rng.randrange(8, 40)):
            d = _day(rng, start, end)
            hour = rng.choice((7, 10, 11, 15, 16, 17))
            shifts.append((len(shifts) + 1, s[0], d.isoformat(), f"{hour:02d}:00", rng.choice((4.0, 5.5, 6.0, 7.5, 8.0, 8.5))))
    shifts.sort(key=lambda r: (r[2], r[3], r[1]))
    shifts = [(i,) + r[1:] for i, r in enumerate(shifts, 1)]
    conn.executemany("INSERT INTO Shifts VALUES (?,?,?,?,?)", shifts)

    servers = {loc[0]: [s for s in staff if s[4] == loc[0] and s[3] in ("server", "bartender")] for loc in RESTO_LOCATIONS}
    checks, lines, pays = [], [], []
    loc_w = (18, 24, 14, 10, 12, 9, 12, 4)
    for _ in range(3400):
        loc = rng.choices(RESTO_LOCATIONS, weights=loc_w)[0]
        d = _day(rng, max(date(2024, 1, 1), date.fromisoformat(loc[4])), date(2025, 12, 31))
        if d.month in (6, 7, 8) and rng.random() < 0.25:
            d = _day(rng, max(date(2024, 1, 1), date.fromisoformat(loc[4])), date(2025, 12, 31))
        pool = [s for s in servers[loc[0]] if s[5] <= d.isoformat()] or servers[loc[0]]
        server = rng.choice(pool)
        otype = "dine-in" if loc[0] == 5 else rng.choices(("dine-in", "takeout", "delivery"), weights=(70, 18, 12))[0]
        guests = min(12, max(1, round(rng.lognormvariate(0.8, 0.5)))) if otype == "dine-in" else rng.randrange(1, 4)
        table = rng.randrange(1, loc[5] // 4 + 1) if otype == "dine-in" else None
        opened_at = _ts(rng, d, 11, 23)
        status = "voided" if rng.random() < 0.04 else "closed"
        cid = len(checks) + 1
        subtotal = 0.0
        picks = rng.sample(food, min(len(food), rng.randrange(1, guests + 2)))
        if otype == "dine-in":
            picks += rng.sample(drinks, min(len(drinks), rng.randrange(0, guests + 1)))
        for it in picks:
            qty = rng.randrange(1, 3) if it in food else rng.randrange(1, guests + 2)
            price = it[3] if d.year < 2025 else round(it[3] * 1.04, 2)  # a 4% menu price rise in 2025
            lines.append((len(lines) + 1, cid, it[0], qty, price))
            subtotal += qty * price
        subtotal = round(subtotal, 2)
        checks.append((cid, loc[0], server[0], opened_at, otype, table, guests, subtotal, status))
        if status == "voided":
            continue
        total = round(subtotal * 1.08, 2)
        parts = [total] if rng.random() < 0.85 or guests == 1 else [round(total / 2, 2), round(total - round(total / 2, 2), 2)]
        paid_at = datetime.fromisoformat(opened_at) + timedelta(minutes=rng.randrange(25, 100))
        for amt in parts:
            method = rng.choices(("credit card", "debit card", "cash", "mobile wallet", "gift card"),
                                 weights=(48, 18, 16, 14, 4))[0]
            if otype == "delivery":
                method = rng.choice(("credit card", "mobile wallet"))
            rate = {"dine-in": rng.uniform(0.12, 0.24), "takeout": rng.choice((0, 0, 0.05, 0.1)),
                    "delivery": rng.uniform(0.08, 0.18)}[otype]
            tip = None if method == "cash" and rng.random() < 0.6 else round(amt * rate, 2)
            pays.append((len(pays) + 1, cid, paid_at.isoformat(" "), method, amt, tip))
    conn.executemany("INSERT INTO GuestChecks VALUES (?,?,?,?,?,?,?,?,?)", checks)
    conn.executemany("INSERT INTO OrderLines VALUES (?,?,?,?,?)", lines)
    conn.executemany("INSERT INTO Payments VALUES (?,?,?,?,?,?)", pays)

    res = []
    for _ in range(1500):
        loc = rng.choices([l for l in RESTO_LOCATIONS if l[0] != 5], weights=(20, 26, 12, 12, 9, 14, 3))[0]
        d = _day(rng, max(date(2024, 1, 1), date.fromisoformat(loc[4])), date(2026, 1, 31))
        fn, ln = _name(rng)
        size = min(14, max(1, round(rng.lognormvariate(1.1, 0.45))))
        status = rng.choices(("seated", "no-show", "cancelled"), weights=(80, 8, 12))[0]
        if d > date(2025, 12, 31):
            status = "booked"
        phone = None if rng.random() < 0.15 else f"555-{rng.randrange(100, 1000)}-{rng.randrange(1000, 10000)}"
        res.append((len(res) + 1, loc[0], f"{fn} {ln}", phone, size,
                    f"{d.isoformat()} {rng.choice(('12', '13', '18', '19', '20'))}:{rng.choice(('00', '15', '30', '45'))}",
                    rng.choices(("phone", "website", "app", "walk-in list"), weights=(30, 40, 25, 5))[0], status))
    conn.executemany("INSERT INTO Reservations VALUES (?,?,?,?,?,?,?,?)", res)

    conn.executemany("INSERT INTO Suppliers VALUES (?,?,?,?)", RESTO_SUPPLIERS)
    buys = []
    for _ in range(950):
        sup = rng.choices(list(RESTO_INGREDIENTS), weights=(12, 20, 18, 12, 10, 14, 10, 4))[0]
        ing, kind, unit, cost = rng.choice(RESTO_INGREDIENTS[sup])
        loc = rng.choices(RESTO_LOCATIONS, weights=loc_w)[0]
        d = _day(rng, max(date(2024, 1, 1), date.fromisoformat(loc[4]) - timedelta(days=7)), date(2025, 12, 31))
        qty = float(rng.randrange(1, 6)) if unit in ("keg", "case", "box", "sack", "jug") else round(rng.uniform(5, 40), 1)
        price = cost * (1.06 if d.year == 2025 else 1.0) * rng.uniform(0.95, 1.05)
        buys.append((len(buys) + 1, sup, loc[0], d.isoformat(), ing, kind, qty, unit, round(qty * price, 2)))
    buys.sort(key=lambda r: (r[3], r[1]))
    buys = [(i,) + r[1:] for i, r in enumerate(buys, 1)]
    conn.executemany("INSERT INTO IngredientPurchases VALUES (?,?,?,?,?,?,?,?,?)", buys)


# ---------------------------------------------------------------- utility (Oracle-like UPPER_SNAKE_CASE, _CD codes)

UTIL_CITIES = (("Springfield", "62701"), ("Riverton", "62810"), ("Maple Grove", "62920"), ("Lakeview", "63015"),
               ("Fairview", "63120"), ("Cedar Falls", "63230"))
UTIL_RATES = (("R1", "Residential Standard", "ELEC", 0.142, 9.5, "N"), ("R2", "Residential Time of Use", "ELEC", 0.128, 11.0, "N"),
              ("RG", "Residential Green Power", "ELEC", 0.165, 9.5, "Y"), ("C1", "Small Commercial", "ELEC", 0.121, 24.0, "N"),
              ("C2", "Large Commercial", "ELEC", 0.104, 85.0, "N"), ("G1", "Residential Gas", "GAS", 1.18, 12.0, "N"),
              ("G2", "Commercial Gas", "GAS", 0.97, 35.0, "N"), ("RX", "Legacy Flat Rate", "ELEC", 0.150, 5.0, "N"))
UTIL_WO_TYPES = ("Meter install", "Meter repair", "Disconnect", "Reconnect", "Inspection", "Gas leak check")
UTIL_CAUSES = ("Storm", "Equipment failure", "Tree contact", "Animal", "Planned maintenance", "Vehicle accident")


def build_utility(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE ACCT_STATUS_LKP (STATUS_CD TEXT PRIMARY KEY, STATUS_DESC TEXT NOT NULL);
    CREATE TABLE RATE_PLAN (RATE_CD TEXT PRIMARY KEY, RATE_NM TEXT NOT NULL, SVC_TYPE_CD TEXT NOT NULL,
        UNIT_PRICE_AMT REAL NOT NULL, MO_FIXED_CHG_AMT REAL NOT NULL, GREEN_FLG TEXT NOT NULL);
    CREATE TABLE CUST_ACCT (ACCT_ID INTEGER PRIMARY KEY, CUST_FIRST_NM TEXT NOT NULL, CUST_LAST_NM TEXT NOT NULL,
        ACCT_TYPE_CD TEXT NOT NULL, STATUS_CD TEXT NOT NULL REFERENCES ACCT_STATUS_LKP(STATUS_CD), OPEN_DT TEXT NOT NULL,
        CLOSE_DT TEXT, EMAIL_ADDR TEXT, PAPERLESS_FLG TEXT NOT NULL);
    CREATE TABLE SVC_ADDR (PREM_ID INTEGER PRIMARY KEY, ACCT_ID INTEGER NOT NULL REFERENCES CUST_ACCT(ACCT_ID),
        STREET_ADDR TEXT NOT NULL, CITY_NM TEXT NOT NULL, ZIP_CD TEXT NOT NULL, PREM_TYPE TEXT NOT NULL, SQ_FT INTEGER);
    CREATE TABLE MTR (MTR_ID INTEGER PRIMARY KEY, PREM_ID INTEGER NOT NULL REFERENCES SVC_ADDR(PREM_ID), MTR_SERIAL_NO TEXT NOT NULL,
        SVC_TYPE_CD TEXT NOT NULL, RATE_CD TEXT NOT NULL REFERENCES RATE_PLAN(RATE_CD), INSTALL_DT TEXT NOT NULL,
        SMART_MTR_FLG TEXT NOT NULL);
    CREATE TABLE MTR_RDG (RDG_ID INTEGER PRIMARY KEY, MTR_ID INTEGER NOT NULL REFERENCES MTR(MTR_ID), RDG_DT TEXT NOT NULL,
        USAGE_QTY REAL NOT NULL, RDG_TYPE_CD TEXT NOT NULL);
    CREATE TABLE BILL (BILL_ID INTEGER PRIMARY KEY, ACCT_ID INTEGER NOT NULL REFERENCES CUST_ACCT(ACCT_ID), BILL_PRD TEXT NOT NULL,
        BILL_DT TEXT NOT NULL, DUE_DT TEXT NOT NULL, BILL_AMT REAL NOT NULL, BILL_STATUS_CD TEXT NOT NULL);
    CREATE TABLE BILL_LINE (BILL_LINE_ID INTEGER PRIMARY KEY, BILL_ID INTEGER NOT NULL REFERENCES BILL(BILL_ID),
        CHG_TYPE TEXT NOT NULL, LINE_AMT REAL NOT NULL);
    CREATE TABLE PYMT (PYMT_ID INTEGER PRIMARY KEY, BILL_ID INTEGER NOT NULL REFERENCES BILL(BILL_ID),
        ACCT_ID INTEGER NOT NULL REFERENCES CUST_ACCT(ACCT_ID), PYMT_DT TEXT NOT NULL, PYMT_AMT REAL NOT NULL, PYMT_METHOD_CD TEXT);
    CREATE TABLE OUTAGE (OUTAGE_ID INTEGER PRIMARY KEY, CITY_NM TEXT NOT NULL, SVC_TYPE_CD TEXT NOT NULL, CAUSE_DESC TEXT NOT NULL,
        START_TS TEXT NOT NULL, END_TS TEXT, CUST_AFFECTED_CNT INTEGER NOT NULL);
    CREATE TABLE TECH (TECH_ID INTEGER PRIMARY KEY, TECH_FIRST_NM TEXT NOT NULL, TECH_LAST_NM TEXT NOT NULL, CREW_NM TEXT NOT NULL,
        HIRE_DT TEXT NOT NULL, HRLY_RATE_AMT REAL NOT NULL, ACTIVE_FLG TEXT NOT NULL);
    CREATE TABLE WORK_ORD (WO_ID INTEGER PRIMARY KEY, PREM_ID INTEGER NOT NULL REFERENCES SVC_ADDR(PREM_ID),
        TECH_ID INTEGER REFERENCES TECH(TECH_ID), WO_TYPE TEXT NOT NULL, PRIORITY_CD TEXT NOT NULL, OPEN_DT TEXT NOT NULL,
        CMPL_DT TEXT, WO_STATUS_CD TEXT NOT NULL, LABOR_HRS REAL);
    """)
    end = date(2025, 12, 31)
    conn.executemany("INSERT INTO ACCT_STATUS_LKP VALUES (?,?)", (("A", "Active"), ("I", "Inactive"), ("S", "Suspended")))
    conn.executemany("INSERT INTO RATE_PLAN VALUES (?,?,?,?,?,?)", UTIL_RATES)
    accts, prems, mtrs = [], [], []
    for i in range(1, 161):
        f, l = _name(rng)
        kind = "COM" if rng.random() < 0.2 else "RES"
        opened = _day(rng, date(2010, 1, 1), date(2025, 10, 31))
        r = rng.random()
        status, closed = ("I", _day(rng, date(2024, 3, 1), date(2025, 12, 15))) if r < 0.1 else (("S", None) if r < 0.15 else ("A", None))
        email = None if rng.random() < 0.15 else f"{f.lower()}.{l.lower()}{i}@example.net"
        accts.append((i, f, l, kind, status, opened.isoformat(), closed.isoformat() if closed else None, email,
                      "Y" if rng.random() < 0.45 else "N"))
        for _p in range(1 if kind == "RES" or rng.random() < 0.6 else 2):
            city, zc = rng.choice(UTIL_CITIES)
            ptype = rng.choice(("House", "House", "Apartment", "Townhouse")) if kind == "RES" else rng.choice(("Shop", "Office", "Warehouse"))
            sqft = None if rng.random() < 0.1 else (rng.randrange(600, 3500) if kind == "RES" else rng.randrange(1500, 40000))
            pid = len(prems) + 1
            prems.append((pid, i, f"{rng.randrange(10, 9999)} {rng.choice(('Oak', 'Elm', 'Main', 'River', 'Hill', 'Park', 'Lake'))} "
                          f"{rng.choice(('St', 'Ave', 'Rd', 'Blvd'))}", city, zc, ptype, sqft))
            services = ["ELEC"] + (["GAS"] if rng.random() < 0.55 else [])
            for svc in services:
                if svc == "ELEC":
                    rate = rng.choice(("R1", "R1", "R1", "R2", "RG")) if kind == "RES" else rng.choice(("C1", "C1", "C2"))
                else:
                    rate = "G1" if kind == "RES" else "G2"
                inst = max(opened, _day(rng, date(2008, 1, 1), date(2025, 6, 30)))
                mtrs.append((len(mtrs) + 1, pid, f"{svc[0]}{rng.randrange(10**7, 10**8)}", svc, rate, inst.isoformat(),
                             "Y" if rng.random() < 0.65 else "N"))
    conn.executemany("INSERT INTO CUST_ACCT VALUES (?,?,?,?,?,?,?,?,?)", accts)
    conn.executemany("INSERT INTO SVC_ADDR VALUES (?,?,?,?,?,?,?)", prems)
    conn.executemany("INSERT INTO MTR VALUES (?,?,?,?,?,?,?)", mtrs)
    acct_of = {p[0]: p[1] for p in prems}
    rate_of = {r[0]: r for r in UTIL_RATES}
    kind_of = {a[0]: a[3] for a in accts}
    closed_of = {a[0]: (date.fromisoformat(a[6]) if a[6] else None) for a in accts}
    rdgs = []
    usage: dict[tuple[int, str], list[tuple[str, float, str]]] = {}
    months = [(y, m) for y in (2024, 2025) for m in range(1, 13)]
    for mt in mtrs:
        acct = acct_of[mt[1]]
        base = (rng.uniform(450, 1100) if mt[3] == "ELEC" else rng.uniform(25, 80)) * (6 if kind_of[acct] == "COM" else 1)
        inst = date.fromisoformat(mt[5])
        for y, m in months:
            rd = date(y, m, min(28, 10 + mt[0] % 15))
            if rd < inst or (closed_of[acct] and rd > closed_of[acct]):
                continue
            season = 1 + (0.35 if m in (6, 7, 8) else 0) if mt[3] == "ELEC" else (1.9 if m in (12, 1, 2) else 0.5 if m in (6, 7, 8) else 1.0)
            qty = round(base * season * rng.uniform(0.85, 1.15) * (1.04 if y == 2025 else 1.0), 1)
            rtype = "E" if rng.random() < 0.07 else "A"
            rdgs.append((len(rdgs) + 1, mt[0], rd.isoformat(), qty, rtype))
            usage.setdefault((acct, f"{y}-{m:02d}"), []).append((mt[4], qty, mt[3]))
    conn.executemany("INSERT INTO MTR_RDG VALUES (?,?,?,?,?)", rdgs)
    bills, lines, pays = [], [], []
    for (acct, prd), items in sorted(usage.items()):
        y, m = int(prd[:4]), int(prd[5:])
        bdt = date(y + m // 12, m % 12 + 1, 1 + acct % 5)  # billed early in the following month
        if bdt > end:
            continue
        energy = round(sum(q * rate_of[rc][3] for rc, q, _s in items), 2)
        fixed = round(sum(rate_of[rc][4] for rc, _q, _s in items), 2)
        tax = round((energy + fixed) * 0.06, 2)
        bid = len(bills) + 1
        chg = [("ENERGY", energy), ("FIXED", fixed), ("TAX", tax)]
        late = rng.random() < 0.06
        if late:
            chg.append(("LATE_FEE", 15.0))
        total = round(sum(a for _t, a in chg), 2)
        due = bdt + timedelta(days=21)
        r = rng.random()
        if due > end and r < 0.6:
            status = "OPEN"
        elif r < 0.05:
            status = "OVERDUE"
        else:
            status = "PAID"
        bills.append((bid, acct, prd, bdt.isoformat(), due.isoformat(), total, status))
        for t, a in chg:
            lines.append((len(lines) + 1, bid, t, a))
        if status == "PAID":
            pdt = min(end, due + timedelta(days=rng.choice((-15, -10, -5, -2, 0, 0, 3, 9, 20) if late else (-18, -12, -7, -3, -1, 0))))
            parts = 2 if rng.random() < 0.05 else 1
            for j in range(parts):
                pays.append((len(pays) + 1, bid, acct, (pdt - timedelta(days=5 * (parts - 1 - j))).isoformat(), round(total / parts, 2),
                             None if rng.random() < 0.03 else rng.choice(("ACH", "ACH", "CC", "CC", "CHK", "CASH"))))
    conn.executemany("INSERT INTO BILL VALUES (?,?,?,?,?,?,?)", bills)
    conn.executemany("INSERT INTO BILL_LINE VALUES (?,?,?,?)", lines)
    conn.executemany("INSERT INTO PYMT VALUES (?,?,?,?,?,?)", pays)
    outs = []
    for i in range(1, 231):
        d = _day(rng, date(2023, 1, 1), end)
        cause = rng.choices(UTIL_CAUSES, weights=(22, 25, 18, 12, 15, 8))[0]
        if cause == "Storm" and d.month not in (3, 4, 5, 6, 7, 8, 11, 12):
            d = d.replace(month=rng.choice((4, 6, 7, 11)))
        start = datetime.fromisoformat(_ts(rng, d, 0, 24))
        mins = int(rng.lognormvariate(4.6, 0.8)) + 10
        stop = start + timedelta(minutes=mins)
        ongoing = stop.date() > end or (i % 97 == 0)
        outs.append((i, rng.choice(UTIL_CITIES)[0], "GAS" if rng.random() < 0.12 else "ELEC", cause, start.isoformat(" "),
                     None if ongoing else stop.isoformat(" "), rng.randrange(3, 2500) if cause != "Planned maintenance" else rng.randrange(20, 400)))
    conn.executemany("INSERT INTO OUTAGE VALUES (?,?,?,?,?,?,?)", outs)
    techs = []
    for i in range(1, 19):
        f, l = _name(rng)
        techs.append((i, f, l, ("North Crew", "South Crew", "Gas Crew", "Meter Crew")[(i - 1) % 4],
                      _day(rng, date(2005, 1, 1), date(2025, 11, 1)).isoformat(), round(rng.uniform(32, 58), 2),
                      "N" if i in (5, 11) else "Y"))
    conn.executemany("INSERT INTO TECH VALUES (?,?,?,?,?,?,?)", techs)
    wos = []
    workers = [t for t in techs if t[6] == "Y" and t[0] != 17]  # tech 17 is new and has no work orders yet
    for i in range(1, 901):
        p = rng.choice(prems)
        wt = rng.choices(UTIL_WO_TYPES, weights=(12, 22, 10, 10, 30, 16))[0]
        od = _day(rng, date(2024, 1, 1), end)
        pri = rng.choices(("H", "M", "L"), weights=(2, 5, 3) if wt != "Gas leak check" else (8, 2, 0))[0]
        r = rng.random()
        tech = None if r < 0.05 else rng.choice(workers)[0]
        if tech is None or (end - od).days < 10 and r < 0.5:
            status, cd, hrs = "OPEN", None, None
        elif r < 0.1:
            status, cd, hrs = "CXL", None, None
        else:
            cdt = od + timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 5, 8, 14)) if pri != "H" else rng.choice((0, 0, 0, 1)))
            status, cd, hrs = "DONE", min(cdt, end).isoformat(), round(rng.uniform(0.5, 6.0), 1)
        wos.append((i, p[0], tech, wt, pri, od.isoformat(), cd, status, hrs))
    conn.executemany("INSERT INTO WORK_ORD VALUES (?,?,?,?,?,?,?,?,?)", wos)


# ---------------------------------------------------------------- consulting (app-style lowerCamelCase)

CONSULT_OFFICES = ((1, "London", "London", "United Kingdom", "2012-03-01"), (2, "New York", "New York", "United States", "2010-06-15"),
                   (3, "Chicago", "Chicago", "United States", "2016-09-01"), (4, "Berlin", "Berlin", "Germany", "2019-01-14"),
                   (5, "Singapore", "Singapore", "Singapore", "2021-04-06"))
CONSULT_PRACTICES = ((1, "Strategy"), (2, "Technology"), (3, "Finance Advisory"), (4, "Operations"), (5, "People and Change"))
# level, weight, hourly cost range, bill rate range
CONSULT_LEVELS = (("Analyst", 30, 45, 65, 120, 170), ("Consultant", 26, 65, 90, 170, 240),
                  ("Senior Consultant", 18, 90, 120, 230, 310), ("Manager", 14, 120, 160, 290, 380),
                  ("Partner", 6, 190, 260, 420, 600))
CONSULT_INDUSTRIES = ("Banking", "Insurance", "Retail", "Healthcare", "Energy", "Manufacturing", "Public Sector",
                      "Telecommunications", "Logistics", "Software")
CONSULT_CLIENT_WORDS = (("Northwind", "Apex", "Bluewater", "Crestline", "Evergreen", "Granite", "Harbor", "Ironwood",
                         "Juniper", "Keystone", "Lakeside", "Meridian", "Oakridge", "Pinnacle", "Redwood", "Silverline",
                         "Summit", "Tidewater", "Vantage", "Westbrook"),
                        ("Holdings", "Group", "Partners", "Industries", "Systems", "Health", "Bank", "Energy", "Retail",
                         "Logistics"))
CONSULT_PROJECT_KINDS = {1: ("Growth Strategy", "Market Entry Study", "Portfolio Review", "Pricing Strategy"),
                         2: ("ERP Rollout", "Cloud Migration", "Data Platform Build", "Cybersecurity Assessment"),
                         3: ("Cost Reduction Program", "Due Diligence", "Budget Planning Redesign", "Audit Readiness"),
                         4: ("Supply Chain Review", "Lean Operations", "Procurement Optimisation", "Warehouse Redesign"),
                         5: ("Change Management", "Leadership Training", "Org Design", "HR Process Redesign")}


def build_consulting(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE offices (officeId INTEGER PRIMARY KEY, officeName TEXT NOT NULL, city TEXT NOT NULL,
        country TEXT NOT NULL, openedOn TEXT NOT NULL);
    CREATE TABLE practices (practiceId INTEGER PRIMARY KEY, practiceName TEXT NOT NULL);
    CREATE TABLE consultants (consultantId INTEGER PRIMARY KEY, firstName TEXT NOT NULL, lastName TEXT NOT NULL,
        email TEXT, level TEXT NOT NULL, officeId INTEGER NOT NULL REFERENCES offices(officeId),
        practiceId INTEGER NOT NULL REFERENCES practices(practiceId), hourlyCost REAL NOT NULL,
        hiredOn TEXT NOT NULL, isActive INTEGER NOT NULL);
    CREATE TABLE clients (clientId INTEGER PRIMARY KEY, clientName TEXT NOT NULL, industry TEXT NOT NULL,
        country TEXT NOT NULL, createdAt TEXT NOT NULL, isActive INTEGER NOT NULL);
    CREATE TABLE projects (projectId INTEGER PRIMARY KEY, projectName TEXT NOT NULL,
        clientId INTEGER NOT NULL REFERENCES clients(clientId),
        practiceId INTEGER NOT NULL REFERENCES practices(practiceId),
        officeId INTEGER NOT NULL REFERENCES offices(officeId),
        leadConsultantId INTEGER REFERENCES consultants(consultantId), billingType TEXT NOT NULL,
        budget REAL NOT NULL, startDate TEXT NOT NULL, endDate TEXT, status TEXT NOT NULL, createdAt TEXT NOT NULL);
    CREATE TABLE projectAssignments (assignmentId INTEGER PRIMARY KEY,
        projectId INTEGER NOT NULL REFERENCES projects(projectId),
        consultantId INTEGER NOT NULL REFERENCES consultants(consultantId), projectRole TEXT NOT NULL,
        billRate REAL NOT NULL, assignedAt TEXT NOT NULL);
    CREATE TABLE timeEntries (entryId INTEGER PRIMARY KEY, consultantId INTEGER NOT NULL REFERENCES consultants(consultantId),
        projectId INTEGER NOT NULL REFERENCES projects(projectId), workDate TEXT NOT NULL, hoursWorked REAL NOT NULL,
        isBillable INTEGER NOT NULL, note TEXT, createdAt TEXT NOT NULL);
    CREATE TABLE expenses (expenseId INTEGER PRIMARY KEY, consultantId INTEGER NOT NULL REFERENCES consultants(consultantId),
        projectId INTEGER NOT NULL REFERENCES projects(projectId), expenseDate TEXT NOT NULL, category TEXT NOT NULL,
        amount REAL NOT NULL, isReimbursable INTEGER NOT NULL, createdAt TEXT NOT NULL);
    CREATE TABLE invoices (invoiceId INTEGER PRIMARY KEY, invoiceNumber TEXT NOT NULL,
        clientId INTEGER NOT NULL REFERENCES clients(clientId), projectId INTEGER NOT NULL REFERENCES projects(projectId),
        issueDate TEXT NOT NULL, dueDate TEXT NOT NULL, paidDate TEXT, amount REAL NOT NULL, status TEXT NOT NULL);
    CREATE TABLE payments (paymentId INTEGER PRIMARY KEY, invoiceId INTEGER NOT NULL REFERENCES invoices(invoiceId),
        paidAt TEXT NOT NULL, amount REAL NOT NULL, method TEXT NOT NULL);
    """)
    conn.executemany("INSERT INTO offices VALUES (?,?,?,?,?)", CONSULT_OFFICES)
    conn.executemany("INSERT INTO practices VALUES (?,?)", CONSULT_PRACTICES)

    consultants = []
    for _ in range(84):
        lvl = rng.choices(CONSULT_LEVELS, weights=[l[1] for l in CONSULT_LEVELS])[0]
        fn, ln = _name(rng)
        office = rng.choices(CONSULT_OFFICES, weights=(30, 28, 18, 14, 10))[0][0]
        hired = _day(rng, date(2014, 1, 1), date(2025, 9, 30))
        email = None if rng.random() < 0.05 else f"{fn.lower()}.{ln.lower()}{len(consultants) + 1}@firm.example"
        active = 0 if hired.year < 2024 and rng.random() < 0.12 else 1
        consultants.append((len(consultants) + 1, fn, ln, email, lvl[0], office, rng.randrange(1, 6),
                            round(rng.uniform(lvl[2], lvl[3]), 2), hired.isoformat(), active))
    conn.executemany("INSERT INTO consultants VALUES (?,?,?,?,?,?,?,?,?,?)", consultants)
    levels = {l[0]: l for l in CONSULT_LEVELS}

    clients, used = [], set()
    while len(clients) < 58:
        name = f"{rng.choice(CONSULT_CLIENT_WORDS[0])} {rng.choice(CONSULT_CLIENT_WORDS[1])}"
        if name in used:
            continue
        used.add(name)
        created = _day(rng, date(2019, 1, 1), date(2025, 10, 31))
        country = rng.choices(("United States", "United Kingdom", "Germany", "Singapore", "Canada", "France"),
                              weights=(40, 22, 14, 8, 9, 7))[0]
        clients.append((len(clients) + 1, name, rng.choice(CONSULT_INDUSTRIES), country, _ts(rng, created),
                        0 if rng.random() < 0.15 else 1))
    conn.executemany("INSERT INTO clients VALUES (?,?,?,?,?,?)", clients)

    projects = []
    client_w = [rng.uniform(0.3, 3.0) for _ in clients]
    for _ in range(150):
        cl = rng.choices(clients, weights=client_w)[0]
        pr = rng.randrange(1, 6)
        start = _day(rng, max(date(2023, 9, 1), date.fromisoformat(cl[4][:10])), date(2025, 11, 30))
        weeks = rng.randrange(4, 40)
        end = start + timedelta(weeks=weeks)
        status = "completed" if end <= date(2025, 12, 31) else "active"
        if rng.random() < 0.07:
            status = "cancelled"
            end = start + timedelta(weeks=rng.randrange(1, max(2, weeks // 2)))
        elif status == "active" and rng.random() < 0.2:
            status = "on hold"
        leads = [c for c in consultants if c[4] in ("Manager", "Partner") and c[6] == pr] or \
            [c for c in consultants if c[4] in ("Manager", "Partner")]
        lead = None if rng.random() < 0.04 else rng.choice(leads)[0]
        office = rng.choice(CONSULT_OFFICES)[0] if lead is None else consultants[lead - 1][5]
        budget = round(rng.uniform(40, 900)) * 1000.0
        projects.append((len(projects) + 1, f"{cl[1].split()[0]} {rng.choice(CONSULT_PROJECT_KINDS[pr])}", cl[0], pr,
                         office, lead, rng.choices(("time and materials", "fixed fee"), weights=(70, 30))[0], budget,
                         start.isoformat(), None if status in ("active", "on hold") else end.isoformat(), status,
                         _ts(rng, start - timedelta(days=rng.randrange(3, 40)))))
    conn.executemany("INSERT INTO projects VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", projects)

    assigns = []
    for p in projects:
        team = set() if p[5] is None else {p[5]}
        pool = [c for c in consultants if c[6] == p[3] and c[9]] or consultants
        for c in rng.sample(pool, min(len(pool), rng.randrange(1, 6))):
            team.add(c[0])
        for cid in sorted(team):
            c = consultants[cid - 1]
            lv = levels[c[4]]
            role = "lead" if cid == p[5] else rng.choice(("advisor", "team member", "team member", "analyst"))
            assigns.append((len(assigns) + 1, p[0], cid, role, round(rng.uniform(lv[4], lv[5]) / 5) * 5.0,
                            _ts(rng, date.fromisoformat(p[8]))))
    conn.executemany("INSERT INTO projectAssignments VALUES (?,?,?,?,?,?)", assigns)

    entries, exps = [], []
    limit = date(2025, 12, 31)
    for a in assigns:
        p = projects[a[1] - 1]
        start = date.fromisoformat(p[8])
        end = min(limit, date.fromisoformat(p[9]) if p[9] else limit)
        if end < start:
            continue
        for _ in range(rng.randrange(3, 14)):
            d = _day(rng, start, end)
            if d.weekday() >= 5:
                d -= timedelta(days=d.weekday() - 4)
            if d < start:
                continue
            billable = 0 if p[10] == "cancelled" and rng.random() < 0.5 or rng.random() < 0.15 else 1
            note = None if rng.random() < 0.3 else rng.choice(("workshop", "analysis", "client meeting", "reporting",
                                                                "travel", "internal review", "interviews"))
            entries.append((0, a[2], p[0], d.isoformat(), rng.choice((1.0, 2.0, 2.5, 3.0, 4.0, 6.0, 7.5, 8.0)),
                            billable, note, _ts(rng, d + timedelta(days=rng.randrange(0, 4)), 9, 20)))
        for _ in range(rng.randrange(0, 4)):
            d = _day(rng, start, end)
            cat = rng.choices(("travel", "accommodation", "meals", "software", "training", "other"),
                              weights=(30, 22, 26, 8, 6, 8))[0]
            lo, hi = {"travel": (80, 1400), "accommodation": (120, 900), "meals": (15, 160), "software": (20, 500),
                      "training": (200, 1500), "other": (10, 300)}[cat]
            exps.append((0, a[2], p[0], d.isoformat(), cat, round(rng.uniform(lo, hi), 2),
                         0 if cat in ("software", "training") else 1, _ts(rng, d + timedelta(days=rng.randrange(0, 10)))))
    entries.sort(key=lambda r: (r[3], r[1], r[2]))
    entries = [(i,) + r[1:] for i, r in enumerate(entries, 1)]
    conn.executemany("INSERT INTO timeEntries VALUES (?,?,?,?,?,?,?,?)", entries)
    exps.sort(key=lambda r: (r[3], r[1]))
    exps = [(i,) + r[1:] for i, r in enumerate(exps, 1)]
    conn.executemany("INSERT INTO expenses VALUES (?,?,?,?,?,?,?,?)", exps)

    invoices, pays = [], []
    for p in projects:
        if p[10] == "cancelled" and rng.random() < 0.5:
            continue
        start = date.fromisoformat(p[8])
        end = min(limit, date.fromisoformat(p[9]) if p[9] else limit)
        d = start + timedelta(days=rng.randrange(20, 40))
        while d <= end:
            iid = len(invoices) + 1
            due = d + timedelta(days=rng.choice((30, 30, 45, 60)))
            amt = round(p[7] * rng.uniform(0.08, 0.3), 2)
            late = rng.random()
            paid = None if late < 0.1 else due + timedelta(days=rng.randrange(-25, 5 if late < 0.8 else 50))
            if paid is not None and paid > date(2025, 12, 31):
                paid = None
            status = "paid" if paid else ("overdue" if due < date(2025, 12, 31) else "sent")
            if rng.random() < 0.03:
                status, paid = "void", None
            invoices.append((iid, f"INV-{d.year}-{iid:04d}", p[2], p[0], d.isoformat(), due.isoformat(),
                             paid.isoformat() if paid else None, amt, status))
            if paid:
                method = rng.choices(("bank transfer", "credit card", "check"), weights=(80, 12, 8))[0]
                if rng.random() < 0.12:
                    half = round(amt / 2, 2)
                    pays.append((len(pays) + 1, iid, _ts(rng, paid - timedelta(days=10)), half, method))
                    pays.append((len(pays) + 1, iid, _ts(rng, paid), round(amt - half, 2), method))
                else:
                    pays.append((len(pays) + 1, iid, _ts(rng, paid), amt, method))
            d += timedelta(days=rng.randrange(28, 75))
    conn.executemany("INSERT INTO invoices VALUES (?,?,?,?,?,?,?,?,?)", invoices)
    conn.executemany("INSERT INTO payments VALUES (?,?,?,?,?)", pays)


# ---------------------------------------------------------------- ticketing (dbt star-schema mart)


TIX_VENUES = (  # id, name, city, state, country, capacity, type, opened, active
    ("VEN-001", "Harborview Arena", "Seattle", "WA", "United States", 18000, "arena", 1995, 1),
    ("VEN-002", "The Orpheum Theatre", "Seattle", "WA", "United States", 2600, "theatre", 1928, 1),
    ("VEN-003", "Lone Star Stadium", "Austin", "TX", "United States", 42000, "stadium", 2006, 1),
    ("VEN-004", "Red Door Club", "Austin", "TX", "United States", 650, "club", 2012, 1),
    ("VEN-005", "Lakeshore Amphitheater", "Chicago", "IL", "United States", 9000, "amphitheater", 2001, 1),
    ("VEN-006", "Grand Lyric Theatre", "Chicago", "IL", "United States", 3400, "theatre", 1921, 1),
    ("VEN-007", "Windy City Center", "Chicago", "IL", "United States", 21000, "arena", 1994, 1),
    ("VEN-008", "Bayside Ballroom", "San Francisco", "CA", "United States", 1800, "club", 1968, 1),
    ("VEN-009", "Golden Gate Pavilion", "San Francisco", "CA", "United States", 12000, "arena", 2019, 1),
    ("VEN-010", "Maple Leaf Gardens Hall", "Toronto", "ON", "Canada", 8500, "arena", 1999, 1),
    ("VEN-011", "Queen Street Playhouse", "Toronto", "ON", "Canada", 900, "theatre", 1987, 1),
    ("VEN-012", "Mile High Field", "Denver", "CO", "United States", 38000, "stadium", 2001, 1),
    ("VEN-013", "Old Mill Music Hall", "Denver", "CO", "United States", 1200, "club", 1979, 0),
    ("VEN-014", "Riverside Bowl", "Portland", "OR", "United States", 5000, "amphitheater", 2024, 1),
)
TIX_PROMOTERS = (  # id, name, country, commission pct, active
    ("PRM-01", "Live Nation Partners", "United States", 12.5, 1), ("PRM-02", "Northern Lights Presents", "Canada", 10.0, 1),
    ("PRM-03", "Stagecraft Productions", "United States", 9.0, 1), ("PRM-04", "Big Game Events", "United States", 8.0, 1),
    ("PRM-05", "Indie Sound Collective", "United States", 15.0, 1), ("PRM-06", "Curtain Call Group", "United States", 11.0, 1),
    ("PRM-07", "Pacific Touring Co", "United States", 13.0, 0), ("PRM-08", "Laugh Track Booking", "Canada", 14.0, 1),
)
TIX_PERFORMERS = {  # category -> (performer, genre)
    "concert": (("The Midnight Owls", "rock"), ("Sierra Vale", "pop"), ("Blue Canyon Band", "country"),
                ("DJ Nova", "electronic"), ("Marcus Reed Trio", "jazz"), ("Echo Harbor", "indie"),
                ("Lila Moreno", "pop"), ("Iron Anthem", "metal"), ("The Velvet Lines", "soul"),
                ("Northbound", "rock"), ("Kaia Sun", "r&b"), ("Copper Fields", "country"),
                ("Static Bloom", "electronic"), ("Ruby Lane", "pop")),
    "theatre": (("Hamlet Revisited Company", "drama"), ("Broadway Nights Ensemble", "musical"),
                ("The Phantom Players", "musical"), ("City Ballet", "ballet"), ("Lakeside Opera", "opera"),
                ("Second Act Troupe", "drama")),
    "sports": (("Seattle Sounders Reserve", "soccer"), ("Austin Outlaws", "football"), ("Chicago Blaze", "basketball"),
               ("Denver Peaks", "football"), ("Toronto Lynx", "hockey"), ("Bay City Waves", "basketball")),
    "comedy": (("Jenny Park", "stand-up"), ("The Improv Kings", "improv"), ("Omar Haddad", "stand-up"),
               ("Late Night Laughs Tour", "stand-up")),
}
TIX_VENUE_KINDS = {"concert": ("arena", "club", "amphitheater", "stadium"), "theatre": ("theatre",),
                   "sports": ("stadium", "arena"), "comedy": ("club", "theatre")}
TIX_TIERS = (  # key, code, name, price multiplier, includes parking, is_seated
    (1, "GA", "General Admission", 1.0, 0, 0), (2, "RES", "Reserved Seating", 1.4, 0, 1),
    (3, "PRE", "Premium", 2.2, 1, 1), (4, "VIP", "VIP Package", 4.0, 1, 1),
)
TIX_PROMOS = (  # code, discount pct, valid from, valid to, active
    ("EARLYBIRD", 15.0, "2023-01-01", "2025-12-31", 1), ("SUMMER23", 10.0, "2023-06-01", "2023-08-31", 0),
    ("SUMMER24", 10.0, "2024-06-01", "2024-08-31", 0), ("STUDENT", 20.0, "2023-01-01", "2025-12-31", 1),
    ("HOLIDAY24", 25.0, "2024-11-15", "2024-12-31", 0), ("FANCLUB", 12.0, "2024-01-01", "2025-12-31", 1),
    ("SPRING25", 10.0, "2025-03-01", "2025-05-31", 0), ("FIRSTSHOW", 30.0, "2025-01-01", "2025-12-31", 1),
)
TIX_CITIES = (("Seattle", "United States"), ("Austin", "United States"), ("Chicago", "United States"),
              ("San Francisco", "United States"), ("Denver", "United States"), ("Portland", "United States"),
              ("Toronto", "Canada"), ("Vancouver", "Canada"), ("London", "United Kingdom"), ("New York", "United States"))


def build_ticketing(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE dim_date (date_key INTEGER PRIMARY KEY, full_date TEXT NOT NULL, year INTEGER NOT NULL,
        quarter INTEGER NOT NULL, month INTEGER NOT NULL, month_name TEXT NOT NULL, day_of_week TEXT NOT NULL,
        is_weekend INTEGER NOT NULL);
    CREATE TABLE dim_venue (venue_key INTEGER PRIMARY KEY, venue_id TEXT NOT NULL, venue_name TEXT NOT NULL,
        city TEXT NOT NULL, state_code TEXT, country TEXT NOT NULL, seating_capacity INTEGER NOT NULL,
        venue_type TEXT NOT NULL, opened_year INTEGER, is_active INTEGER NOT NULL);
    CREATE TABLE dim_promoter (promoter_key INTEGER PRIMARY KEY, promoter_id TEXT NOT NULL, promoter_name TEXT NOT NULL,
        country TEXT NOT NULL, commission_pct REAL NOT NULL, is_active INTEGER NOT NULL);
    CREATE TABLE dim_performer (performer_key INTEGER PRIMARY KEY, performer_id TEXT NOT NULL,
        performer_name TEXT NOT NULL, genre TEXT NOT NULL);
    CREATE TABLE dim_event (event_key INTEGER PRIMARY KEY, event_id TEXT NOT NULL, event_name TEXT NOT NULL,
        event_category TEXT NOT NULL, venue_key INTEGER NOT NULL REFERENCES dim_venue(venue_key),
        performer_key INTEGER REFERENCES dim_performer(performer_key),
        promoter_key INTEGER NOT NULL REFERENCES dim_promoter(promoter_key),
        event_date_key INTEGER NOT NULL REFERENCES dim_date(date_key), event_starts_at TEXT NOT NULL,
        on_sale_at TEXT NOT NULL, base_price_usd REAL NOT NULL, event_status TEXT NOT NULL,
        is_sold_out INTEGER NOT NULL);
    CREATE TABLE dim_ticket_tier (tier_key INTEGER PRIMARY KEY, tier_code TEXT NOT NULL, tier_name TEXT NOT NULL,
        price_multiplier REAL NOT NULL, is_parking_included INTEGER NOT NULL, is_seated INTEGER NOT NULL);
    CREATE TABLE dim_promo_code (promo_key INTEGER PRIMARY KEY, promo_code TEXT NOT NULL, discount_pct REAL NOT NULL,
        valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, is_active INTEGER NOT NULL);
    CREATE TABLE dim_customer (customer_key INTEGER PRIMARY KEY, customer_id TEXT NOT NULL, first_name TEXT NOT NULL,
        last_name TEXT NOT NULL, email TEXT, city TEXT, country TEXT NOT NULL, loyalty_tier TEXT NOT NULL,
        signed_up_at TEXT NOT NULL, is_marketing_opt_in INTEGER NOT NULL);
    CREATE TABLE fct_ticket_sales (ticket_key INTEGER PRIMARY KEY, ticket_id TEXT NOT NULL, order_id TEXT NOT NULL,
        event_key INTEGER NOT NULL REFERENCES dim_event(event_key),
        customer_key INTEGER NOT NULL REFERENCES dim_customer(customer_key),
        tier_key INTEGER NOT NULL REFERENCES dim_ticket_tier(tier_key),
        promo_key INTEGER REFERENCES dim_promo_code(promo_key),
        sold_date_key INTEGER NOT NULL REFERENCES dim_date(date_key), sold_at TEXT NOT NULL,
        sales_channel TEXT NOT NULL, seat_section TEXT, face_value_usd REAL NOT NULL, discount_usd REAL NOT NULL,
        service_fee_usd REAL NOT NULL, amount_paid_usd REAL NOT NULL, ticket_status TEXT NOT NULL,
        is_scanned INTEGER NOT NULL, scanned_at TEXT);
    CREATE TABLE fct_refunds (refund_key INTEGER PRIMARY KEY, refund_id TEXT NOT NULL,
        ticket_key INTEGER NOT NULL REFERENCES fct_ticket_sales(ticket_key),
        customer_key INTEGER NOT NULL REFERENCES dim_customer(customer_key),
        event_key INTEGER NOT NULL REFERENCES dim_event(event_key), requested_at TEXT NOT NULL,
        processed_at TEXT, refund_amount_usd REAL NOT NULL, refund_reason TEXT NOT NULL, refund_status TEXT NOT NULL);
    """)
    start, end = date(2022, 7, 1), date(2026, 3, 31)
    dates, d = [], start
    while d <= end:
        dates.append((int(d.strftime("%Y%m%d")), d.isoformat(), d.year, (d.month - 1) // 3 + 1, d.month,
                      d.strftime("%B"), d.strftime("%A"), 1 if d.weekday() >= 5 else 0))
        d += timedelta(days=1)
    conn.executemany("INSERT INTO dim_date VALUES (?,?,?,?,?,?,?,?)", dates)
    conn.executemany("INSERT INTO dim_venue VALUES (?,?,?,?,?,?,?,?,?,?)",
                     [(i,) + v for i, v in enumerate(TIX_VENUES, 1)])
    conn.executemany("INSERT INTO dim_promoter VALUES (?,?,?,?,?,?)", [(i,) + p for i, p in enumerate(TIX_PROMOTERS, 1)])
    performers, perf_by_cat = [], {}
    for cat, names in TIX_PERFORMERS.items():
        for name, genre in names:
            performers.append((len(performers) + 1, f"PRF-{len(performers) + 1:03d}", name, genre))
            perf_by_cat.setdefault(cat, []).append(len(performers))
    conn.executemany("INSERT INTO dim_performer VALUES (?,?,?,?)", performers)
    conn.executemany("INSERT INTO dim_ticket_tier VALUES (?,?,?,?,?,?)", TIX_TIERS)
    conn.executemany("INSERT INTO dim_promo_code VALUES (?,?,?,?,?,?)", [(i,) + p for i, p in enumerate(TIX_PROMOS, 1)])

    customers = []
    for _ in range(620):
        fn, ln = _name(rng)
        city, country = rng.choices(TIX_CITIES, weights=(20, 14, 18, 12, 10, 6, 9, 4, 3, 4))[0]
        signed = _day(rng, date(2019, 1, 1), date(2025, 10, 31))
        k = len(customers) + 1
        customers.append((k, f"CUS-{k:05d}", fn, ln,
                          None if rng.random() < 0.06 else f"{fn.lower()}.{ln.lower()}{k}@mail.example",
                          None if rng.random() < 0.03 else city, country,
                          rng.choices(("none", "silver", "gold", "platinum"), weights=(60, 22, 13, 5))[0],
                          _ts(rng, signed), 1 if rng.random() < 0.45 else 0))
    conn.executemany("INSERT INTO dim_customer VALUES (?,?,?,?,?,?,?,?,?,?)", customers)

    events, venue_ids = [], {}
    for i, v in enumerate(TIX_VENUES, 1):
        venue_ids.setdefault(v[6], []).append(i)
    cats = ("concert", "theatre", "sports", "comedy")
    for _ in range(190):
        cat = rng.choices(cats, weights=(45, 22, 20, 13))[0]
        pool = [vk for kind in TIX_VENUE_KINDS[cat] for vk in venue_ids.get(kind, [])
                if TIX_VENUES[vk - 1][8] or rng.random() < 0.5]
        vk = rng.choice(pool)
        ev_day = _day(rng, date(2023, 1, 15), date(2026, 3, 31))
        if TIX_VENUES[vk - 1][7] == 2024 and ev_day < date(2024, 6, 1):
            ev_day = _day(rng, date(2024, 6, 1), date(2026, 3, 31))
        if not TIX_VENUES[vk - 1][8] and ev_day > date(2024, 6, 30):
            ev_day = _day(rng, date(2023, 1, 15), date(2024, 6, 30))
        if ev_day > end:
            ev_day = _day(rng, date(2025, 10, 1), end)
        perf = rng.choice(perf_by_cat[cat])
        if cat == "concert" and rng.random() < 0.06:
            perf = None  # multi-artist festival day
        promoter = {"sports": rng.choice((4, 4, 1)), "theatre": rng.choice((3, 6, 6, 2)),
                    "comedy": rng.choice((8, 8, 5)), "concert": rng.choice((1, 1, 2, 5, 5, 7))}[cat]
        hour = {"sports": rng.choice((13, 16, 19)), "theatre": rng.choice((14, 19, 20)),
                "comedy": rng.choice((20, 21)), "concert": rng.choice((19, 20, 21))}[cat]
        starts = datetime(ev_day.year, ev_day.month, ev_day.day, hour, rng.choice((0, 30)))
        on_sale = ev_day - timedelta(days=rng.randrange(45, 180))
        base = {"concert": (35, 140), "theatre": (45, 120), "sports": (25, 95), "comedy": (25, 60)}[cat]
        price = float(round(rng.uniform(*base)) - 0.01) if rng.random() < 0.5 else float(round(rng.uniform(*base)))
        if ev_day < date(2025, 12, 1):
            status = rng.choices(("completed", "cancelled", "postponed"), weights=(90, 6, 4))[0]
        else:
            status = "scheduled"
        name = (f"{performers[perf - 1][2]} Live" if cat == "concert" else
                f"{performers[perf - 1][2]} Home Game" if cat == "sports" else
                f"An Evening with {performers[perf - 1][2]}" if cat == "comedy" else
                f"{performers[perf - 1][2]} Season Show") if perf else "Summer Sounds Festival"
        events.append([len(events) + 1, f"EVT-{ev_day.year}-{len(events) + 1:04d}", name, cat, vk, perf, promoter,
                       int(ev_day.strftime("%Y%m%d")), starts.isoformat(" "), _ts(rng, on_sale, 9, 11), price,
                       status, 0])
    events.sort(key=lambda e: (e[8], e[0]))
    for i, e in enumerate(events, 1):
        e[0] = i
        e[1] = f"EVT-{e[1][4:8]}-{i:04d}"

    tickets, refunds = [], []
    cust_w = [rng.uniform(0.2, 3.0) for _ in customers]
    promo_windows = [(i, date.fromisoformat(p[2]), date.fromisoformat(p[3]), p[1]) for i, p in enumerate(TIX_PROMOS, 1)]
    order_no = 0
    for e in events:
        ev_day = datetime.fromisoformat(e[8]).date()
        sale_from = date.fromisoformat(e[9][:10])
        sale_to = min(ev_day - timedelta(days=1), date(2025, 12, 20))
        if sale_to < sale_from:
            continue
        cap = TIX_VENUES[e[4] - 1][5]
        n_orders = rng.randrange(4, 16) + (6 if cap > 15000 else 0)
        if rng.random() < 0.04:
            n_orders = 0  # nobody bought yet
        sold = 0
        for _ in range(n_orders):
            order_no += 1
            cust = rng.choices(customers, weights=cust_w)[0]
            day = _day(rng, sale_from, sale_to)
            sold_at = _ts(rng, day, 7, 24)
            channel = rng.choices(("web", "mobile app", "box office", "partner reseller"), weights=(46, 34, 12, 8))[0]
            tier = rng.choices(TIX_TIERS, weights=(40, 32, 18, 10))[0]
            if cap < 1000 and tier[0] == 2:
                tier = TIX_TIERS[0]
            promo = None
            if rng.random() < 0.18:
                valid = [p for p in promo_windows if p[1] <= day <= p[2]]
                if valid:
                    promo = rng.choice(valid)
            qty = rng.choices((1, 2, 3, 4, 6), weights=(25, 45, 12, 14, 4))[0]
            section = None if not tier[5] else rng.choice(("Floor", "Lower Bowl", "Upper Bowl", "Balcony", "Mezzanine",
                                                            "Orchestra", "Box"))
            for _ in range(qty):
                face = round(e[10] * tier[3], 2)
                disc = round(face * promo[3] / 100, 2) if promo else 0.0
                fee = round(max(2.5, face * 0.12), 2)
                k = len(tickets) + 1
                if e[11] == "cancelled":
                    status = "refunded"
                elif e[11] == "scheduled":
                    status = "valid"
                else:
                    r = rng.random()
                    status = ("refunded" if r < (0.35 if e[11] == "postponed" else 0.035) else
                              "transferred" if r < 0.08 else "scanned" if r < 0.93 else "no show")
                scanned = 1 if status == "scanned" else 0
                scanned_at = _ts(rng, ev_day, int(e[8][11:13]) - 2, int(e[8][11:13]) + 1) if scanned else None
                tickets.append((k, f"TKT-{k:06d}", f"ORD-{order_no:06d}", e[0], cust[0], tier[0],
                                promo[0] if promo else None, int(day.strftime("%Y%m%d")), sold_at, channel, section,
                                face, disc, fee, round(face - disc + fee, 2), status, scanned, scanned_at))
                sold += 1
                if status == "refunded" or (status != "scanned" and e[11] != "scheduled" and rng.random() < 0.03):
                    reason = ("event cancelled" if e[11] == "cancelled" else "event postponed" if e[11] == "postponed"
                              else rng.choice(("customer request", "duplicate purchase", "illness", "customer request")))
                    req = max(day, ev_day - timedelta(days=rng.randrange(1, 30))) if e[11] != "completed" else \
                        _day(rng, day, max(day, ev_day - timedelta(days=1)))
                    rstatus = "approved" if status == "refunded" else rng.choice(("denied", "pending", "denied"))
                    if req > date(2025, 12, 20):
                        req = date(2025, 12, 20)
                    processed = None if rstatus == "pending" else _ts(rng, req + timedelta(days=rng.randrange(1, 12)))
                    amount = round(face - disc + (fee if e[11] == "cancelled" else 0.0), 2) if rstatus == "approved" \
                        else round(face - disc, 2)
                    refunds.append((len(refunds) + 1, k, cust[0], e[0], _ts(rng, req), processed, amount, reason,
                                    rstatus))
        if sold >= 40 and cap < 1000:
            e[12] = 1
    for e in events:
        if e[12] == 0 and e[11] == "completed" and TIX_VENUES[e[4] - 1][5] < 3000 and rng.random() < 0.3:
            e[12] = 1
    conn.executemany("INSERT INTO dim_event VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", [tuple(e) for e in events])
    conn.executemany("INSERT INTO fct_ticket_sales VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", tickets)
    refunds.sort(key=lambda r: (r[4], r[1]))
    conn.executemany("INSERT INTO fct_refunds VALUES (?,?,?,?,?,?,?,?,?,?)",
                     [(i, f"RFD-{i:05d}") + r[1:] for i, r in enumerate(refunds, 1)])
# ---------------------------------------------------------------- gym (fitness club chain; Access-style Hungarian names)


GYM_CLUBS = ((1, "Downtown Central", "Denver", "CO", "2015-03-02", 32000, -1),
             (2, "Riverside", "Denver", "CO", "2017-06-19", 24000, 0),
             (3, "Cherry Creek", "Denver", "CO", "2019-01-14", 28000, -1),
             (4, "Boulder Flatirons", "Boulder", "CO", "2016-09-05", 21000, 0),
             (5, "Old Town", "Fort Collins", "CO", "2018-04-23", 19500, 0),
             (6, "Lakeside", "Salt Lake City", "UT", "2021-02-01", 30500, -1),
             (7, "Sugar House", "Salt Lake City", "UT", "2023-08-07", 17000, 0),
             (8, "Tech Center", "Englewood", "CO", "2024-05-13", 26000, -1))
# (id, name, monthly fee, joining fee, minimum term months, all-club access, still sold)
GYM_PLANS = ((1, "Basic", 24.99, 0.0, 0, 0, -1), (2, "Standard", 39.99, 49.0, 12, 0, -1),
             (3, "Premium", 59.99, 49.0, 12, -1, -1), (4, "Elite", 89.99, 99.0, 12, -1, -1),
             (5, "Student", 19.99, 0.0, 6, 0, -1), (6, "Off-Peak", 17.50, 25.0, 0, 0, 0))
# (id, class name, category, minutes, default capacity)
GYM_CLASS_TYPES = ((1, "Vinyasa Yoga", "Mind & Body", 60, 25), (2, "Spin", "Cardio", 45, 20),
                   (3, "HIIT", "Cardio", 30, 18), (4, "Pilates", "Mind & Body", 50, 15),
                   (5, "Zumba", "Dance", 55, 30), (6, "Boxing Fit", "Strength", 45, 16),
                   (7, "Body Pump", "Strength", 60, 24), (8, "Aqua Aerobics", "Cardio", 45, 20),
                   (9, "Stretch & Mobility", "Mind & Body", 30, 20), (10, "Kettlebell", "Strength", 40, 12))
GYM_SPECIALTIES = ("Yoga", "Cycling", "Strength & Conditioning", "Pilates", "Dance", "Boxing", "Aquatics")


def build_gym(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE tblClub (lngClubID INTEGER PRIMARY KEY, strClubName TEXT NOT NULL, strCity TEXT NOT NULL,
        strState TEXT NOT NULL, dtmOpened TEXT NOT NULL, intSquareFeet INTEGER NOT NULL, ysnHasPool INTEGER NOT NULL);
    CREATE TABLE tblPlan (lngPlanID INTEGER PRIMARY KEY, strPlanName TEXT NOT NULL, curMonthlyFee REAL NOT NULL,
        curJoiningFee REAL NOT NULL, intMinTermMonths INTEGER NOT NULL, ysnAllClubAccess INTEGER NOT NULL,
        ysnActive INTEGER NOT NULL);
    CREATE TABLE tblMember (lngMemberID INTEGER PRIMARY KEY, strFirstName TEXT NOT NULL, strLastName TEXT NOT NULL,
        strEmail TEXT, strGender TEXT, dtmBirthDate TEXT, lngHomeClubID INTEGER NOT NULL REFERENCES tblClub(lngClubID),
        lngPlanID INTEGER NOT NULL REFERENCES tblPlan(lngPlanID), dtmJoined TEXT NOT NULL, dtmCancelled TEXT,
        strStatus TEXT NOT NULL, ysnAutoPay INTEGER NOT NULL);
    CREATE TABLE tblInstructor (lngInstructorID INTEGER PRIMARY KEY, strFirstName TEXT NOT NULL,
        strLastName TEXT NOT NULL, lngClubID INTEGER NOT NULL REFERENCES tblClub(lngClubID), strSpecialty TEXT NOT NULL,
        curHourlyRate REAL NOT NULL, dtmHired TEXT NOT NULL, ysnActive INTEGER NOT NULL);
    CREATE TABLE tblClassType (lngClassTypeID INTEGER PRIMARY KEY, strClassName TEXT NOT NULL,
        strCategory TEXT NOT NULL, intDurationMin INTEGER NOT NULL);
    CREATE TABLE tblClass (lngClassID INTEGER PRIMARY KEY,
        lngClassTypeID INTEGER NOT NULL REFERENCES tblClassType(lngClassTypeID),
        lngClubID INTEGER NOT NULL REFERENCES tblClub(lngClubID),
        lngInstructorID INTEGER NOT NULL REFERENCES tblInstructor(lngInstructorID), dtmStart TEXT NOT NULL,
        intCapacity INTEGER NOT NULL, strRoom TEXT);
    CREATE TABLE tblBooking (lngBookingID INTEGER PRIMARY KEY, lngClassID INTEGER NOT NULL REFERENCES tblClass(lngClassID),
        lngMemberID INTEGER NOT NULL REFERENCES tblMember(lngMemberID), dtmBooked TEXT NOT NULL,
        strStatus TEXT NOT NULL);
    CREATE TABLE tblCheckIn (lngCheckInID INTEGER PRIMARY KEY, lngMemberID INTEGER NOT NULL REFERENCES tblMember(lngMemberID),
        lngClubID INTEGER NOT NULL REFERENCES tblClub(lngClubID), dtmCheckIn TEXT NOT NULL, dtmCheckOut TEXT);
    CREATE TABLE tblPTSession (lngSessionID INTEGER PRIMARY KEY,
        lngMemberID INTEGER NOT NULL REFERENCES tblMember(lngMemberID),
        lngInstructorID INTEGER NOT NULL REFERENCES tblInstructor(lngInstructorID), dtmSession TEXT NOT NULL,
        intMinutes INTEGER NOT NULL, curPrice REAL NOT NULL, ysnCompleted INTEGER NOT NULL);
    CREATE TABLE tblPayment (lngPaymentID INTEGER PRIMARY KEY,
        lngMemberID INTEGER NOT NULL REFERENCES tblMember(lngMemberID), dtmPaid TEXT NOT NULL, curAmount REAL NOT NULL,
        strPaymentType TEXT NOT NULL, strMethod TEXT NOT NULL, ysnRefunded INTEGER NOT NULL);
    """)
    conn.executemany("INSERT INTO tblClub VALUES (?,?,?,?,?,?,?)", GYM_CLUBS)
    conn.executemany("INSERT INTO tblPlan VALUES (?,?,?,?,?,?,?)", GYM_PLANS)
    conn.executemany("INSERT INTO tblClassType VALUES (?,?,?,?)", [t[:4] for t in GYM_CLASS_TYPES])
    opened = {c[0]: date.fromisoformat(c[4]) for c in GYM_CLUBS}
    first, last = date(2023, 1, 1), date(2025, 12, 31)

    instructors = []
    for cid, *_ in GYM_CLUBS:
        for _ in range(rng.randrange(2, 6)):
            fn, ln = _name(rng)
            hired = _day(rng, max(opened[cid], date(2016, 1, 1)), date(2025, 6, 30))
            active = 0 if hired.year < 2024 and rng.random() < 0.15 else -1
            instructors.append((len(instructors) + 1, fn, ln, cid, rng.choice(GYM_SPECIALTIES),
                                round(rng.uniform(28, 75), 2), hired.isoformat(), active))
    conn.executemany("INSERT INTO tblInstructor VALUES (?,?,?,?,?,?,?,?)", instructors)

    members = []
    club_w = (22, 12, 16, 11, 8, 15, 6, 10)
    for mid in range(1, 321):
        fn, ln = _name(rng)
        club = rng.choices(GYM_CLUBS, weights=club_w)[0][0]
        joined = _day(rng, max(opened[club], date(2021, 1, 1)), date(2025, 11, 30))
        plan = rng.choices(GYM_PLANS, weights=(18, 30, 22, 8, 12, 10 if joined.year < 2024 else 0))[0][0]
        status, cancelled = "Active", None
        r = rng.random()
        if r < 0.22:
            cancelled = _day(rng, joined + timedelta(days=30), max(joined + timedelta(days=30), date(2025, 12, 20)))
            if cancelled > last:
                cancelled = None
            else:
                status = "Cancelled"
        elif r < 0.29:
            status = "Frozen"
        gender = None if rng.random() < 0.06 else rng.choice(("F", "M"))
        birth = None if rng.random() < 0.04 else _day(rng, date(1955, 1, 1), date(2006, 12, 31)).isoformat()
        email = None if rng.random() < 0.07 else f"{fn.lower()}.{ln.lower()}{mid}@mail.example"
        members.append((mid, fn, ln, email, gender, birth, club, plan, joined.isoformat(),
                        cancelled.isoformat() if cancelled else None, status, -1 if rng.random() < 0.7 else 0))
    conn.executemany("INSERT INTO tblMember VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", members)
    fee = {p[0]: p[2] for p in GYM_PLANS}
    joining = {p[0]: p[3] for p in GYM_PLANS}

    def span(m: tuple) -> tuple[date, date]:
        return max(date.fromisoformat(m[8]), first), date.fromisoformat(m[9]) if m[9] else last

    payments = []
    for m in members:
        joined = date.fromisoformat(m[8])
        start, end = span(m)
        method = "Direct Debit" if m[11] else rng.choice(("Card", "Card", "Cash"))
        if joined >= first and joining[m[7]] > 0:
            payments.append((m[0], joined, joining[m[7]], "Joining Fee", rng.choice(("Card", "Cash"))))
        d = date(start.year, start.month, 1)
        while d <= end:
            if m[10] != "Frozen" or d < date(2025, 7, 1):
                payments.append((m[0], d + timedelta(days=rng.randrange(0, 5)), fee[m[7]], "Monthly Dues", method))
            d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        if end < start:
            continue
        if rng.random() < 0.12:
            payments.append((m[0], _day(rng, start, end), 15.0, "Late Fee", "Card"))
        for _ in range(rng.choice((0, 0, 0, 1, 2))):
            payments.append((m[0], _day(rng, start, end), round(rng.choice((12, 18, 25, 35, 45, 60)) + 0.99, 2),
                             "Merchandise", rng.choice(("Card", "Cash"))))

    pts = []
    pt_pool = [i for i in instructors if i[4] in ("Strength & Conditioning", "Boxing", "Yoga", "Pilates")] or instructors
    for m in rng.sample(members, 80):
        start, end = span(m)
        if end <= start:
            continue
        trainers = [i for i in pt_pool if i[3] == m[6]] or pt_pool
        trainer = rng.choice(trainers)
        for _ in range(rng.randrange(1, 12)):
            d = _day(rng, start, end)
            minutes = rng.choice((30, 60, 60, 60, 90))
            price = {30: 45.0, 60: 80.0, 90: 110.0}[minutes]
            done = 0 if rng.random() < 0.1 else -1
            pts.append((m[0], trainer[0], _ts(rng, d, 6, 21), minutes, price, done))
    pts.sort(key=lambda r: r[2])
    conn.executemany("INSERT INTO tblPTSession VALUES (?,?,?,?,?,?,?)", [(i,) + r for i, r in enumerate(pts, 1)])
    for p in pts:
        if p[5]:
            payments.append((p[0], date.fromisoformat(p[2][:10]), p[4], "Personal Training", "Card"))
    payments.sort(key=lambda r: (r[1], r[0]))
    conn.executemany("INSERT INTO tblPayment VALUES (?,?,?,?,?,?,?)",
                     [(i, p[0], p[1].isoformat(), p[2], p[3], p[4], -1 if p[3] != "Monthly Dues" and rng.random() < 0.03
                       else 0) for i, p in enumerate(payments, 1)])

    visits = []
    active_w = [rng.uniform(0.2, 4.0) for _ in members]
    for _ in range(4200):
        m = rng.choices(members, weights=active_w)[0]
        start, end = span(m)
        if end < start:
            continue
        club = m[6] if m[7] not in (3, 4) or rng.random() < 0.75 else rng.choice(GYM_CLUBS)[0]
        d = _day(rng, max(start, opened[club]), end) if max(start, opened[club]) <= end else start
        if d < opened[club]:
            club = m[6]
        t_in = datetime.fromisoformat(_ts(rng, d, 5, 22))
        t_out = None if rng.random() < 0.05 else (t_in + timedelta(minutes=rng.randrange(25, 150))).isoformat(" ")
        visits.append((m[0], club, t_in.isoformat(" "), t_out))
    visits.sort(key=lambda r: r[2])
    conn.executemany("INSERT INTO tblCheckIn VALUES (?,?,?,?,?)", [(i,) + v for i, v in enumerate(visits, 1)])

    classes = []
    type_by_spec = {"Yoga": (1, 9), "Cycling": (2, 3), "Strength & Conditioning": (7, 10, 3), "Pilates": (4, 9),
                    "Dance": (5,), "Boxing": (6, 3), "Aquatics": (8,)}
    pools = {c[0] for c in GYM_CLUBS if c[6]}
    for _ in range(700):
        ins = rng.choice(instructors)
        types = [t for t in type_by_spec[ins[4]] if t != 8 or ins[3] in pools] or [3]
        ct = GYM_CLASS_TYPES[rng.choice(types) - 1]
        lo = max(opened[ins[3]], date(2024, 1, 1), date.fromisoformat(ins[6]))
        if lo > date(2025, 12, 31):
            continue
        d = _day(rng, lo, date(2025, 12, 31))
        hour = rng.choice((6, 7, 9, 12, 17, 18, 19))
        room = None if rng.random() < 0.05 else ("Pool" if ct[0] == 8 else rng.choice(("Studio A", "Studio B",
                                                                                          "Cycle Room", "Main Floor")))
        classes.append((ins[3], ct[0], ins[0], datetime(d.year, d.month, d.day, hour, rng.choice((0, 15, 30)))
                        .isoformat(" "), ct[4], room))
    classes.sort(key=lambda r: r[3])
    classes = [(i, c[1], c[0], c[2], c[3], c[4], c[5]) for i, c in enumerate(classes, 1)]
    conn.executemany("INSERT INTO tblClass VALUES (?,?,?,?,?,?,?)", classes)

    bookings = []
    by_club: dict[int, list[tuple]] = {}
    for m in members:
        by_club.setdefault(m[6], []).append(m)
    for c in classes:
        when = datetime.fromisoformat(c[4])
        pool = [m for m in by_club.get(c[2], []) if span(m)[0] <= when.date() <= span(m)[1]]
        if not pool:
            continue
        n = min(len(pool), rng.randrange(0, c[5] * 2 // 3 + 1))
        for m in rng.sample(pool, n):
            booked = when - timedelta(hours=rng.randrange(2, 240))
            status = rng.choices(("Attended", "No-show", "Cancelled"), weights=(74, 11, 15))[0]
            bookings.append((c[0], m[0], booked.isoformat(" "), status))
    bookings.sort(key=lambda r: (r[2], r[1]))
    conn.executemany("INSERT INTO tblBooking VALUES (?,?,?,?,?)", [(i,) + b for i, b in enumerate(bookings, 1)])
# ---------------------------------------------------------------- property (residential property management)

PROP_BUILDINGS = (  # name, city, state, type, year built, acquired, manager, floors, unit count, rent base (dollars)
    ("Maple Court", "Austin", "TX", "apartment", 1998, "2016-04-12", "Dana Whitfield", 3, 36, 1350),
    ("Riverside Lofts", "Austin", "TX", "apartment", 2012, "2019-08-01", "Dana Whitfield", 5, 48, 1750),
    ("Oak Hollow Townhomes", "Round Rock", "TX", "townhouse", 2005, "2018-02-20", "Marcus Bell", 2, 18, 1900),
    ("Harbor View", "Portland", "OR", "apartment", 1987, "2015-11-03", "Grace Liu", 4, 40, 1500),
    ("Pearl Street Flats", "Portland", "OR", "mixed_use", 2016, "2021-06-15", "Grace Liu", 6, 30, 1850),
    ("Cedar Ridge", "Denver", "CO", "apartment", 2001, "2017-09-28", "Marcus Bell", 3, 32, 1450),
    ("Union Station Residences", "Denver", "CO", "mixed_use", 2019, "2022-03-10", "Tomas Reyes", 8, 44, 2100),
    ("Willow Park", "Boise", "ID", "townhouse", 2009, "2020-05-05", "Tomas Reyes", 2, 16, 1600),
    ("Elm Terrace", "Boise", "ID", "apartment", 1979, "2014-07-22", "Tomas Reyes", 3, 24, 1100),
    ("Sunset Gardens", "Phoenix", "AZ", "apartment", 1994, "2023-01-17", "Nadia Osei", 2, 28, 1250),
    ("Canyon Vista", "Phoenix", "AZ", "apartment", 2021, "2025-07-01", "Nadia Osei", 4, 20, 1700),
)
PROP_UNIT_MIX = ((0, 1.0, 450, 600, 0.62), (1, 1.0, 600, 820, 1.0), (2, 1.0, 850, 1100, 1.32),
                 (2, 2.0, 950, 1200, 1.42), (3, 2.0, 1150, 1500, 1.75))  # beds, baths, sqft lo/hi, rent factor
PROP_VENDORS = (  # name, trade, preferred
    ("Rapid Rooter Plumbing", "plumbing", 1), ("BlueLine Plumbing Co", "plumbing", 0),
    ("Volt Masters Electric", "electrical", 1), ("Bright Spark Electrical", "electrical", 0),
    ("Comfort Air HVAC", "hvac", 1), ("Polar Heating & Cooling", "hvac", 0),
    ("Handy Crew Services", "general", 1), ("FixIt Pros", "general", 0),
    ("GreenScape Landscaping", "landscaping", 1), ("Bug Busters Pest Control", "pest_control", 1),
    ("ApplianceCare Repair", "appliance", 1), ("KeyStone Locksmiths", "locksmith", 0),
    ("ClearView Window Cleaning", "cleaning", 0), ("Summit Roofing", "roofing", 0),
)
PROP_ISSUES = {  # category: (descriptions, cost range dollars, weight)
    "plumbing": (("Leaking kitchen faucet", "Clogged bathroom drain", "Running toilet", "Water heater not heating",
                  "Burst pipe under sink"), (90, 1800), 24),
    "electrical": (("Outlet not working", "Breaker keeps tripping", "Light fixture flickering",
                    "Replace smoke detector"), (80, 1200), 12),
    "hvac": (("AC not cooling", "Furnace not turning on", "Thermostat replacement", "Noisy air handler"),
             (120, 3200), 16),
    "general": (("Door does not latch", "Drywall repair", "Broken window blind", "Cabinet hinge broken",
                 "Repaint after move-out"), (60, 900), 20),
    "appliance": (("Dishwasher not draining", "Refrigerator too warm", "Dryer not heating", "Oven igniter failed"),
                  (100, 1400), 14),
    "pest_control": (("Ants in kitchen", "Cockroach treatment", "Mice in storage room"), (75, 450), 7),
    "landscaping": (("Tree trimming", "Irrigation leak", "Snow removal"), (150, 2200), 4),
    "locksmith": (("Lockout", "Rekey after move-out"), (65, 250), 3),
}
PROP_TRADE_FOR = {"plumbing": "plumbing", "electrical": "electrical", "hvac": "hvac", "general": "general",
                  "appliance": "appliance", "pest_control": "pest_control", "landscaping": "landscaping",
                  "locksmith": "locksmith"}


def build_property(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE property (property_id INTEGER PRIMARY KEY, name TEXT NOT NULL, address_line TEXT NOT NULL,
        city TEXT NOT NULL, state TEXT NOT NULL, property_type TEXT NOT NULL, year_built INTEGER,
        acquired_on DATE NOT NULL, manager_name TEXT, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
    CREATE TABLE unit (unit_id INTEGER PRIMARY KEY, property_id INTEGER NOT NULL REFERENCES property(property_id),
        unit_number TEXT NOT NULL, floor INTEGER NOT NULL, bedrooms INTEGER NOT NULL, bathrooms REAL NOT NULL,
        square_feet INTEGER, market_rent_cents INTEGER NOT NULL, status TEXT NOT NULL,
        created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
    CREATE TABLE tenant (tenant_id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
        email TEXT, phone TEXT, has_pet BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL);
    CREATE TABLE lease (lease_id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES unit(unit_id),
        tenant_id INTEGER NOT NULL REFERENCES tenant(tenant_id), start_date DATE NOT NULL, end_date DATE NOT NULL,
        monthly_rent_cents INTEGER NOT NULL, deposit_cents INTEGER NOT NULL, status TEXT NOT NULL,
        terminated_on DATE, signed_at TIMESTAMP NOT NULL, created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL);
    CREATE TABLE payment (payment_id INTEGER PRIMARY KEY, lease_id INTEGER NOT NULL REFERENCES lease(lease_id),
        due_date DATE NOT NULL, paid_on DATE NOT NULL, amount_cents INTEGER NOT NULL, method TEXT NOT NULL,
        status TEXT NOT NULL, is_late BOOLEAN NOT NULL, late_fee_cents INTEGER NOT NULL DEFAULT 0,
        created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
    CREATE TABLE vendor (vendor_id INTEGER PRIMARY KEY, name TEXT NOT NULL, trade TEXT NOT NULL, phone TEXT,
        email TEXT, is_preferred BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
    CREATE TABLE work_order (work_order_id INTEGER PRIMARY KEY,
        property_id INTEGER NOT NULL REFERENCES property(property_id), unit_id INTEGER REFERENCES unit(unit_id),
        vendor_id INTEGER REFERENCES vendor(vendor_id), reported_by_tenant_id INTEGER REFERENCES tenant(tenant_id),
        category TEXT NOT NULL, priority TEXT NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL,
        opened_on DATE NOT NULL, completed_on DATE, cost_cents INTEGER, created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL);
    """)
    today = date(2025, 12, 31)
    streets = ("Main St", "Oak Ave", "River Rd", "Pine St", "Lake Blvd", "Hill Dr", "Park Ave", "Elm St",
               "Cedar Ln", "Sunset Blvd", "Mesa Rd")
    props = []
    for i, b in enumerate(PROP_BUILDINGS, 1):
        acq = date.fromisoformat(b[5])
        props.append((i, b[0], f"{rng.randrange(100, 9900)} {streets[i - 1]}", b[1], b[2], b[3], b[4], b[5],
                      None if i == 9 else b[6], _ts(rng, acq), _ts(rng, _day(rng, date(2025, 1, 1), today))))
    conn.executemany("INSERT INTO property VALUES (?,?,?,?,?,?,?,?,?,?,?)", props)

    units = []  # (unit_id, property_id, number, floor, beds, baths, sqft, market cents, status, created, updated)
    for p, b in zip(props, PROP_BUILDINGS, strict=True):
        floors, count, base = b[7], b[8], b[9]
        per_floor = max(1, -(-count // floors))
        for k in range(count):
            fl = k // per_floor + 1
            mix = rng.choices(PROP_UNIT_MIX, weights=(8, 34, 30, 18, 10) if b[3] != "townhouse" else (0, 0, 30, 40, 30))[0]
            sqft = None if rng.random() < 0.04 else rng.randrange(mix[2], mix[3]) // 5 * 5
            market = round(base * mix[4] * rng.uniform(0.94, 1.08) / 5) * 5 * 100
            number = f"{fl}{k % per_floor + 1:02d}" if b[3] != "townhouse" else f"{chr(65 + k // 8)}{k % 8 + 1}"
            created = max(date.fromisoformat(b[5]), date(2014, 1, 1))
            units.append([len(units) + 1, p[0], number, fl, mix[0], mix[1], sqft, market, "vacant",
                          _ts(rng, created), None])
    first_names_seen: set[tuple[str, str]] = set()
    tenants = []

    def new_tenant(since: date) -> int:
        while True:
            fn, ln = _name(rng)
            if (fn, ln) not in first_names_seen or rng.random() < 0.05:
                break
        first_names_seen.add((fn, ln))
        tid = len(tenants) + 1
        email = None if rng.random() < 0.06 else f"{fn.lower()}.{ln.lower()}{tid}@mail.example"
        phone = None if rng.random() < 0.12 else f"({rng.randrange(200, 990)}) 555-{rng.randrange(1000, 9999)}"
        tenants.append((tid, fn, ln, email, phone, 1 if rng.random() < 0.3 else 0,
                        _ts(rng, since - timedelta(days=rng.randrange(10, 45))),
                        _ts(rng, _day(rng, since, max(since, today)))))
        return tid

    leases = []  # lease_id, unit, tenant, start, end, rent, deposit, status, terminated_on, signed, created, updated
    growth = {2022: 1.0, 2023: 1.04, 2024: 1.07, 2025: 1.09, 2026: 1.11}
    for u in units:
        b = PROP_BUILDINGS[u[1] - 1]
        acq = date.fromisoformat(b[5])
        if acq.year >= 2023:
            start = acq + timedelta(days=rng.randrange(20, 240))
        else:
            start = _day(rng, date(2022, 1, 1), date(2022, 12, 28))
        start = start.replace(day=1)
        if start > today:
            continue
        tenant = new_tenant(start)
        while start <= today:
            months = rng.choices((12, 12, 12, 6, 18, 24), weights=(50, 10, 10, 12, 8, 10))[0]
            y, m = divmod(start.month - 1 + months, 12)
            end = date(start.year + y, m + 1, 1) - timedelta(days=1)
            rent = round(u[7] / 100 * growth[start.year] * rng.uniform(0.96, 1.03) / 5) * 5 * 100
            deposit = rng.choice((rent, rent, rent, rent * 3 // 2, 50000, 0))
            status, term = ("ended" if end < today else "active"), None
            if rng.random() < 0.06 and end > start + timedelta(days=90):
                t = _day(rng, start + timedelta(days=60), end - timedelta(days=20))
                if t <= today:
                    status, term, end_eff = "terminated", t.isoformat(), t
                else:
                    end_eff = end
            else:
                end_eff = end
            signed = start - timedelta(days=rng.randrange(5, 50))
            leases.append((len(leases) + 1, u[0], tenant, start.isoformat(), end.isoformat(), rent, deposit, status,
                           term, _ts(rng, signed), _ts(rng, signed - timedelta(days=rng.randrange(1, 5))),
                           _ts(rng, min(today, end_eff))))
            nxt = end_eff + timedelta(days=1)
            gap = 0 if rng.random() < 0.5 else rng.randrange(0, 3) + (rng.randrange(2, 6) if rng.random() < 0.1 else 0)
            nxt = date(nxt.year + (nxt.month - 1 + gap) // 12, (nxt.month - 1 + gap) % 12 + 1, 1)
            if nxt <= end_eff:
                nxt = date(nxt.year + nxt.month // 12, nxt.month % 12 + 1, 1)
            renew = status == "ended" and rng.random() < 0.55
            if nxt > today:
                if status != "active" and rng.random() < 0.35 and nxt <= date(2026, 2, 1):
                    signed = _day(rng, date(2025, 11, 15), today)
                    rent2 = round(u[7] / 100 * growth[2026] / 5) * 5 * 100
                    e2 = date(nxt.year + 1, nxt.month, 1) - timedelta(days=1)
                    leases.append((len(leases) + 1, u[0], new_tenant(signed), nxt.isoformat(), e2.isoformat(),
                                   rent2, rent2, "pending", None, _ts(rng, signed), _ts(rng, signed), _ts(rng, signed)))
                break
            tenant = tenant if renew and gap == 0 else new_tenant(nxt)
            start = nxt
    # unit status at the end of 2025
    active_units = {ls[1] for ls in leases if ls[7] == "active"}
    for u in units:
        if u[0] in active_units:
            u[8] = "occupied"
        elif rng.random() < 0.2:
            u[8] = "under_renovation"
        u[10] = _ts(rng, _day(rng, date(2025, 6, 1), today))
    conn.executemany("INSERT INTO unit VALUES (?,?,?,?,?,?,?,?,?,?,?)", [tuple(u) for u in units])
    conn.executemany("INSERT INTO tenant VALUES (?,?,?,?,?,?,?,?)", tenants)
    conn.executemany("INSERT INTO lease VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", leases)

    pays = []
    payer_style = {}
    for ls in leases:
        if ls[7] == "pending":
            continue
        style = payer_style.setdefault(ls[2], rng.choices(("good", "ok", "poor"), weights=(60, 30, 10))[0])
        late_p = {"good": 0.03, "ok": 0.14, "poor": 0.4}[style]
        method = rng.choices(("ach", "card", "check", "cash"), weights=(55, 25, 15, 5))[0]
        d = date.fromisoformat(ls[3])
        last = date.fromisoformat(ls[8]) if ls[8] else date.fromisoformat(ls[4])
        while d <= min(last, today):
            if d >= date(2023, 1, 1):
                rent = ls[5]
                r = rng.random()
                if r < late_p:
                    paid = d + timedelta(days=rng.randrange(6, 28))
                    fee = 5000 if rent < 150000 else 7500
                    if rng.random() < 0.35:  # partial, maybe topped up later
                        part = round(rent * rng.uniform(0.3, 0.8) / 100) * 100
                        pays.append((0, ls[0], d.isoformat(), (d + timedelta(days=rng.randrange(0, 5))).isoformat(),
                                     part, method, "partial", 0, 0))
                        if rng.random() < 0.7 and paid <= today:
                            pays.append((0, ls[0], d.isoformat(), paid.isoformat(), rent - part, method, "completed",
                                         1, fee))
                    elif paid <= today:
                        if rng.random() < 0.15:
                            pays.append((0, ls[0], d.isoformat(), (d + timedelta(days=2)).isoformat(), rent, method,
                                         "failed", 0, 0))
                        pays.append((0, ls[0], d.isoformat(), paid.isoformat(), rent, method, "completed", 1,
                                     fee if rng.random() < 0.85 else 0))
                else:
                    paid = d + timedelta(days=rng.randrange(-4, 5))
                    pays.append((0, ls[0], d.isoformat(), paid.isoformat(), rent, method, "completed", 0, 0))
            d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    pays.sort(key=lambda r: (r[3], r[1], r[2]))
    pays = [(i, *r[1:], _ts(rng, date.fromisoformat(r[3])), _ts(rng, date.fromisoformat(r[3])))
            for i, r in enumerate(pays, 1)]
    conn.executemany("INSERT INTO payment VALUES (?,?,?,?,?,?,?,?,?,?,?)", pays)

    vendors = []
    for i, (name, trade, pref) in enumerate(PROP_VENDORS, 1):
        c = _day(rng, date(2016, 1, 1), date(2023, 6, 30))
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:14]
        vendors.append((i, name, trade, None if i in (8, 13) else f"({rng.randrange(200, 990)}) 555-{rng.randrange(1000, 9999)}",
                        None if i in (12, 14) else f"office@{slug}.example", pref, _ts(rng, c),
                        _ts(rng, _day(rng, c, today))))
    conn.executemany("INSERT INTO vendor VALUES (?,?,?,?,?,?,?,?)", vendors)

    by_trade: dict[str, list[tuple]] = {}
    for v in vendors:
        by_trade.setdefault(v[2], []).append(v)
    cats = list(PROP_ISSUES)
    occupancy = {}
    for ls in leases:
        occupancy.setdefault(ls[1], []).append(ls)
    orders = []
    for _ in range(1150):
        cat = rng.choices(cats, weights=[PROP_ISSUES[c][2] for c in cats])[0]
        desc_pool, (lo, hi), _w = PROP_ISSUES[cat]
        opened = _day(rng, date(2023, 1, 1), today)
        common = cat in ("landscaping",) or rng.random() < 0.08
        u = rng.choice(units)
        if not date.fromisoformat(PROP_BUILDINGS[u[1] - 1][5]) <= opened:
            continue
        reporter = None
        if not common:
            for ls in occupancy.get(u[0], []):
                if ls[3] <= opened.isoformat() <= (ls[8] or ls[4]) and rng.random() < 0.8:
                    reporter = ls[2]
        priority = rng.choices(("low", "medium", "high", "emergency"), weights=(30, 42, 20, 8))[0]
        if cat in ("hvac", "plumbing") and rng.random() < 0.15:
            priority = "emergency"
        days = {"emergency": (0, 2), "high": (1, 6), "medium": (2, 15), "low": (4, 40)}[priority]
        done = opened + timedelta(days=rng.randrange(*days))
        pool = by_trade.get(PROP_TRADE_FOR[cat], [])
        vendor = None if not pool or rng.random() < 0.22 else rng.choices(pool, weights=[3 if v[5] else 1 for v in pool])[0][0]
        if rng.random() < 0.04:
            status, done_s, cost = "cancelled", None, None
        elif done > today or (opened > date(2025, 12, 1) and rng.random() < 0.6):
            status, done_s, cost = rng.choice(("open", "in_progress")), None, None
        else:
            factor = {"emergency": 1.6, "high": 1.2, "medium": 1.0, "low": 0.8}[priority]
            cost = round(rng.uniform(lo, hi) * factor * (1.0 if vendor else 0.45), 2)
            status, done_s, cost = "completed", done.isoformat(), int(round(cost * 100))
        orders.append((0, u[1], None if common else u[0], vendor, reporter, cat, priority, rng.choice(desc_pool),
                       status, opened.isoformat(), done_s, cost, _ts(rng, opened),
                       _ts(rng, done if done_s else min(today, opened + timedelta(days=rng.randrange(0, 5))))))
    orders.sort(key=lambda r: (r[9], r[1]))
    orders = [(i, *r[1:]) for i, r in enumerate(orders, 1)]
    conn.executemany("INSERT INTO work_order VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", orders)


# ---------------------------------------------------------------- telecom (legacy snake_case, three-letter column prefixes)

TEL_REGIONS = ((1, "North", "Leeds"), (2, "South", "Brighton"), (3, "East", "Norwich"), (4, "West", "Bristol"),
               (5, "Central", "Birmingham"), (6, "Capital", "London"),
               (7, "Islands", "Douglas"))  # newly opened: no subscribers yet
TEL_CITIES = {1: ("Leeds", "York", "Sheffield"), 2: ("Brighton", "Southampton", "Portsmouth"),
              3: ("Norwich", "Ipswich", "Cambridge"), 4: ("Bristol", "Exeter", "Plymouth"),
              5: ("Birmingham", "Coventry", "Leicester"), 6: ("London", "Croydon")}
# id, name, type (PRE paid / POST paid), monthly fee, data MB, minutes, sms included, launch date, still sold
TEL_TARIFFS = ((1, "Pay As You Go Basic", "PRE", 0.0, 0, 0, 0, "2016-01-01", "Y"),
               (2, "Prepaid Smart 10", "PRE", 10.0, 5120, 300, 300, "2019-03-01", "Y"),
               (3, "Prepaid Smart 20", "PRE", 20.0, 20480, 1000, 1000, "2021-06-01", "Y"),
               (4, "Essential 15", "POST", 15.0, 10240, 500, 500, "2018-02-01", "N"),
               (5, "Unlimited Talk 25", "POST", 25.0, 30720, 99999, 99999, "2019-09-01", "Y"),
               (6, "Unlimited Max 45", "POST", 45.0, 999999, 99999, 99999, "2022-04-01", "Y"),
               (7, "Business Pro 35", "POST", 35.0, 51200, 99999, 99999, "2020-01-15", "Y"),
               (8, "Family Share 60", "POST", 60.0, 102400, 99999, 99999, "2023-05-01", "Y"),
               (9, "Student Saver 12", "POST", 12.0, 15360, 300, 99999, "2024-08-15", "Y"),
               (10, "Legacy Classic 30", "POST", 30.0, 2048, 1200, 500, "2012-01-01", "N"),
               (11, "5G Home Connect 30", "POST", 30.0, 999999, 0, 0, "2025-12-01", "Y"))
TEL_CHANNELS = (("RET", "Retail store"), ("ONL", "Online"), ("TEL", "Telesales"), ("DLR", "Dealer"))
TEL_DEVICES = ("iPhone 13", "iPhone 14", "iPhone 15", "Galaxy S22", "Galaxy S23", "Galaxy A54", "Pixel 7", "Pixel 8",
               "Moto G84", "Xiaomi 13T")


def build_telecom(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE region (reg_id INTEGER PRIMARY KEY, reg_nm TEXT NOT NULL, reg_hq_city_nm TEXT NOT NULL);
    CREATE TABLE sales_channel (chn_cd TEXT PRIMARY KEY, chn_desc TEXT NOT NULL);
    CREATE TABLE subscriber_status (sst_cd TEXT PRIMARY KEY, sst_desc TEXT NOT NULL);
    CREATE TABLE line_status (lst_cd TEXT PRIMARY KEY, lst_desc TEXT NOT NULL);
    CREATE TABLE cancel_reason (crs_cd TEXT PRIMARY KEY, crs_desc TEXT NOT NULL);
    CREATE TABLE invoice_status (ist_cd TEXT PRIMARY KEY, ist_desc TEXT NOT NULL);
    CREATE TABLE ticket_category (tcg_cd TEXT PRIMARY KEY, tcg_desc TEXT NOT NULL);
    CREATE TABLE tariff_plan (trf_id INTEGER PRIMARY KEY, trf_nm TEXT NOT NULL, trf_type_cd TEXT NOT NULL,
        trf_mthly_fee NUMERIC(7,2) NOT NULL, trf_data_mb_incl INTEGER NOT NULL, trf_min_incl INTEGER NOT NULL,
        trf_sms_incl INTEGER NOT NULL, trf_launch_dt DATE NOT NULL, trf_actv_flg CHAR(1) NOT NULL);
    CREATE TABLE subscriber (sub_id INTEGER PRIMARY KEY, sub_acct_no TEXT NOT NULL UNIQUE, sub_first_nm TEXT NOT NULL,
        sub_last_nm TEXT NOT NULL, sub_email_addr TEXT, sub_birth_dt DATE, sub_city_nm TEXT NOT NULL,
        sub_reg_id INTEGER NOT NULL REFERENCES region(reg_id), sub_seg_cd TEXT NOT NULL,
        sub_chn_cd TEXT NOT NULL REFERENCES sales_channel(chn_cd), sub_actv_dt DATE NOT NULL,
        sub_status_cd TEXT NOT NULL REFERENCES subscriber_status(sst_cd), sub_crdt_lmt_amt NUMERIC(9,2));
    CREATE TABLE sim_line (lin_id INTEGER PRIMARY KEY, lin_sub_id INTEGER NOT NULL REFERENCES subscriber(sub_id),
        lin_msisdn TEXT NOT NULL UNIQUE, lin_iccid TEXT NOT NULL UNIQUE, lin_trf_id INTEGER NOT NULL REFERENCES tariff_plan(trf_id),
        lin_actv_dt DATE NOT NULL, lin_cntrct_end_dt DATE, lin_cncl_dt DATE,
        lin_cncl_rsn_cd TEXT REFERENCES cancel_reason(crs_cd), lin_status_cd TEXT NOT NULL REFERENCES line_status(lst_cd),
        lin_port_in_flg CHAR(1) NOT NULL, lin_esim_flg CHAR(1) NOT NULL, lin_device_nm TEXT);
    CREATE TABLE usage_record (usg_id INTEGER PRIMARY KEY, usg_lin_id INTEGER NOT NULL REFERENCES sim_line(lin_id),
        usg_mth_dt DATE NOT NULL, usg_voice_min INTEGER NOT NULL, usg_sms_cnt INTEGER NOT NULL,
        usg_data_mb NUMERIC(10,1) NOT NULL, usg_roam_data_mb NUMERIC(10,1) NOT NULL, usg_ovg_chrg_amt NUMERIC(7,2) NOT NULL);
    CREATE TABLE invoice (inv_id INTEGER PRIMARY KEY, inv_no TEXT NOT NULL UNIQUE,
        inv_sub_id INTEGER NOT NULL REFERENCES subscriber(sub_id), inv_bill_mth_dt DATE NOT NULL, inv_issue_dt DATE NOT NULL,
        inv_due_dt DATE NOT NULL, inv_net_amt NUMERIC(9,2) NOT NULL, inv_tax_amt NUMERIC(9,2) NOT NULL,
        inv_total_amt NUMERIC(9,2) NOT NULL, inv_status_cd TEXT NOT NULL REFERENCES invoice_status(ist_cd));
    CREATE TABLE payment (pmt_id INTEGER PRIMARY KEY, pmt_inv_id INTEGER NOT NULL REFERENCES invoice(inv_id),
        pmt_ts TIMESTAMP NOT NULL, pmt_amt NUMERIC(9,2) NOT NULL, pmt_mthd_cd TEXT NOT NULL);
    CREATE TABLE support_ticket (tkt_id INTEGER PRIMARY KEY, tkt_sub_id INTEGER NOT NULL REFERENCES subscriber(sub_id),
        tkt_lin_id INTEGER REFERENCES sim_line(lin_id), tkt_cat_cd TEXT NOT NULL REFERENCES ticket_category(tcg_cd),
        tkt_prio_cd TEXT NOT NULL, tkt_opened_ts TIMESTAMP NOT NULL, tkt_closed_ts TIMESTAMP, tkt_status_cd TEXT NOT NULL,
        tkt_csat_score INTEGER);
    """)
    conn.executemany("INSERT INTO region VALUES (?,?,?)", TEL_REGIONS)
    conn.executemany("INSERT INTO sales_channel VALUES (?,?)", TEL_CHANNELS)
    conn.executemany("INSERT INTO subscriber_status VALUES (?,?)",
                     [("A", "Active"), ("S", "Suspended"), ("C", "Cancelled")])
    conn.executemany("INSERT INTO line_status VALUES (?,?)",
                     [("ACT", "Active"), ("SUS", "Suspended"), ("CAN", "Cancelled"), ("PRT", "Ported out")])
    conn.executemany("INSERT INTO cancel_reason VALUES (?,?)",
                     [("PRC", "Price too high"), ("CVG", "Poor coverage"), ("CMP", "Moved to competitor"),
                      ("MOV", "Moved abroad"), ("SVC", "Bad customer service"), ("NPY", "Non-payment"),
                      ("OTH", "Other")])
    conn.executemany("INSERT INTO invoice_status VALUES (?,?)",
                     [("PD", "Paid"), ("OP", "Open"), ("OD", "Overdue"), ("WO", "Written off")])
    conn.executemany("INSERT INTO ticket_category VALUES (?,?)",
                     [("BIL", "Billing"), ("NET", "Network coverage"), ("DEV", "Device"), ("POR", "Number porting"),
                      ("ROA", "Roaming"), ("SIM", "SIM card"), ("OTH", "Other")])
    conn.executemany("INSERT INTO tariff_plan VALUES (?,?,?,?,?,?,?,?,?)", TEL_TARIFFS)
    end = date(2025, 12, 31)

    subs = []
    for sid in range(1, 321):
        fn, ln = _name(rng)
        reg = rng.choices(TEL_REGIONS[:6], weights=(14, 16, 9, 12, 18, 31))[0][0]
        seg = "BUS" if rng.random() < 0.18 else "CONS"
        actv = _day(rng, date(2017, 1, 1), date(2025, 11, 30))
        chn = rng.choices(TEL_CHANNELS, weights=(40, 35, 15, 10))[0][0]
        email = None if rng.random() < 0.12 else f"{fn.lower()}.{ln.lower()}{sid}@example.com"
        birth = None if seg == "BUS" and rng.random() < 0.5 else _day(rng, date(1950, 1, 1), date(2006, 12, 31))
        limit = None if rng.random() < 0.2 else float(rng.choice((100, 150, 250, 500, 1000 if seg == "BUS" else 300)))
        subs.append([sid, f"AC{100000 + sid * 37}", fn, ln, email, birth.isoformat() if birth else None,
                     rng.choice(TEL_CITIES[reg]), reg, seg, chn, actv.isoformat(), "A", limit])

    lines, msisdns = [], set()
    for s in subs:
        n = 1 if s[8] == "CONS" and rng.random() < 0.75 else rng.randrange(2, 4 if s[8] == "CONS" else 6)
        base = date.fromisoformat(s[10])
        for k in range(n):
            actv = base if k == 0 else _day(rng, base, min(end, base + timedelta(days=900)))
            if s[8] == "BUS":
                trf = rng.choices(TEL_TARIFFS, weights=(0, 0, 0, 2, 2, 3, 12, 2, 0, 1, 0))[0]
            else:
                trf = rng.choices(TEL_TARIFFS, weights=(8, 10, 8, 6, 14, 9, 1, 5, 4, 3, 0))[0]
            while date.fromisoformat(trf[7]) > actv:
                trf = TEL_TARIFFS[rng.choice((0, 3, 4, 9))]
            while True:
                msisdn = f"447{rng.randrange(100000000, 999999999)}"
                if msisdn not in msisdns:
                    msisdns.add(msisdn)
                    break
            iccid = f"894411{len(lines) + 1:012d}{rng.randrange(10)}"
            cend = None if trf[2] == "PRE" else actv + timedelta(days=rng.choice((365, 730, 730, 1095)))
            status, cncl, rsn = "ACT", None, None
            r = rng.random()
            if r < 0.24:
                lo = max(actv + timedelta(days=60), date(2023, 1, 1))
                if lo < end:
                    cncl = _day(rng, lo, end)
                    status = "PRT" if rng.random() < 0.3 else "CAN"
                    rsn = rng.choices(("PRC", "CVG", "CMP", "MOV", "SVC", "NPY", "OTH"), weights=(28, 14, 22, 8, 10, 8, 10))[0]
                    if status == "PRT":
                        rsn = "CMP"
                    if rng.random() < 0.06:
                        rsn = None
            elif r < 0.29:
                status = "SUS"
            device = None if trf[2] == "PRE" and rng.random() < 0.5 or rng.random() < 0.1 else rng.choice(TEL_DEVICES)
            lines.append([len(lines) + 1, s[0], msisdn, iccid, trf[0], actv.isoformat(),
                          cend.isoformat() if cend else None, cncl.isoformat() if cncl else None, rsn, status,
                          "Y" if rng.random() < 0.22 else "N", "Y" if rng.random() < (0.35 if actv.year >= 2022 else 0.05) else "N",
                          device])
    # subscriber status follows the lines: all closed -> cancelled, any suspended -> suspended
    for s in subs:
        own = [ln for ln in lines if ln[1] == s[0]]
        if all(ln[9] in ("CAN", "PRT") for ln in own):
            s[11] = "C"
        elif any(ln[9] == "SUS" for ln in own):
            s[11] = "S"
    conn.executemany("INSERT INTO subscriber VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", subs)
    conn.executemany("INSERT INTO sim_line VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", lines)

    months = [date(y, m, 1) for y in (2024, 2025) for m in range(1, 13)]
    usage = []
    bill: dict[tuple[int, date], float] = {}
    for ln in lines:
        trf = TEL_TARIFFS[ln[4] - 1]
        actv = date.fromisoformat(ln[5])
        stop = date.fromisoformat(ln[7]) if ln[7] else end
        heavy = rng.uniform(0.4, 2.2)
        for m in months:
            if m < date(actv.year, actv.month, 1) or m > stop:
                continue
            if ln[9] == "SUS" and m >= date(2025, 9, 1):
                continue
            growth = 1.0 + (0.18 if m.year == 2025 else 0.0)
            voice = int(rng.uniform(20, 420) * heavy)
            sms = int(rng.uniform(0, 120) * heavy * (0.8 if m.year == 2025 else 1.0))
            data = round(rng.uniform(300, 9000) * heavy * growth, 1)
            roam = round(rng.uniform(50, 2500), 1) if m.month in (7, 8) and rng.random() < 0.3 or rng.random() < 0.04 else 0.0
            over = 0.0
            if trf[5] and voice > trf[5]:
                over += (voice - trf[5]) * 0.05
            if trf[4] and data > trf[4]:
                over += (data - trf[4]) / 1024 * 2.5
            if trf[0] == 1:
                over = voice * 0.08 + sms * 0.05 + data / 1024 * 3.0
            usage.append((0, ln[0], m.isoformat(), voice, sms, data, roam, round(over, 2)))
            if trf[2] == "POST":
                bill[(ln[1], m)] = bill.get((ln[1], m), 0.0) + trf[3] + round(over, 2)
    usage.sort(key=lambda u: (u[2], u[1]))
    conn.executemany("INSERT INTO usage_record VALUES (?,?,?,?,?,?,?,?)",
                     [(i,) + u[1:] for i, u in enumerate(usage, 1)])

    invoices, pays = [], []
    for (sid, m), net in sorted(bill.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        iid = len(invoices) + 1
        issue = date(m.year + (m.month == 12), m.month % 12 + 1, 3)
        due = issue + timedelta(days=21)
        net = round(net, 2)
        tax = round(net * 0.2, 2)
        total = round(net + tax, 2)
        r = rng.random()
        if issue >= end or due > end and r < 0.7:
            status, paid = "OP", None
        elif r < 0.86:
            status, paid = "PD", _day(rng, issue + timedelta(days=1), min(end, due + timedelta(days=12)))
        elif r < 0.97:
            status, paid = "OD", None
        else:
            status, paid = "WO", None
        if status == "OD" and due > end:
            status = "OP"
        invoices.append((iid, f"INV{m.year}{m.month:02d}-{sid:04d}", sid, m.isoformat(), issue.isoformat(),
                         due.isoformat(), net, tax, total, status))
        if paid:
            mthd = rng.choices(("DD", "CARD", "BANK", "CASH"), weights=(55, 30, 10, 5))[0]
            if total > 40 and rng.random() < 0.08:
                half = round(total / 2, 2)
                pays.append((len(pays) + 1, iid, _ts(rng, paid - timedelta(days=5)), half, mthd))
                pays.append((len(pays) + 1, iid, _ts(rng, paid), round(total - half, 2), mthd))
            else:
                pays.append((len(pays) + 1, iid, _ts(rng, paid), total, mthd))
        elif status == "OD" and rng.random() < 0.3:
            pays.append((len(pays) + 1, iid, _ts(rng, due + timedelta(days=rng.randrange(1, 20))),
                         round(total * rng.choice((0.25, 0.5)), 2), "CARD"))
    conn.executemany("INSERT INTO invoice VALUES (?,?,?,?,?,?,?,?,?,?)", invoices)
    conn.executemany("INSERT INTO payment VALUES (?,?,?,?,?)", pays)

    tickets = []
    for _ in range(1400):
        s = rng.choice(subs)
        own = [ln for ln in lines if ln[1] == s[0]]
        ln = rng.choice(own)
        lo = max(date(2023, 1, 1), date.fromisoformat(s[10]))
        hi = date.fromisoformat(ln[7]) if ln[7] else end
        if hi < lo:
            continue
        opened = _day(rng, lo, hi)
        cat = rng.choices(("BIL", "NET", "DEV", "POR", "ROA", "SIM", "OTH"), weights=(30, 22, 14, 6, 8, 10, 10))[0]
        prio = rng.choices(("LOW", "MED", "HIGH"), weights=(40, 42, 18))[0]
        hours = rng.randrange(1, 24 * (12 if prio == "LOW" else 6 if prio == "MED" else 3))
        o_ts = datetime.fromisoformat(_ts(rng, opened))
        closed = o_ts + timedelta(hours=hours)
        status = "CLOSED"
        if closed > datetime(2025, 12, 31, 23, 59):
            status, closed = "OPEN", None
        elif rng.random() < 0.05:
            status = "ESCALATED"
            closed = None
        csat = None if status != "CLOSED" or rng.random() < 0.45 else rng.choices((1, 2, 3, 4, 5), weights=(8, 10, 20, 32, 30))[0]
        tickets.append((0, s[0], None if cat in ("BIL", "OTH") and rng.random() < 0.6 else ln[0], cat, prio,
                        o_ts.isoformat(" "), closed.isoformat(" ") if closed else None, status, csat))
    tickets.sort(key=lambda t: t[5])
    conn.executemany("INSERT INTO support_ticket VALUES (?,?,?,?,?,?,?,?,?)",
                     [(i,) + t[1:] for i, t in enumerate(tickets, 1)])


# ---------------------------------------------------------------- online learning (document-store export, lowerCamelCase paths)

LEARN_CATEGORIES = {
    "Programming": ("Python for Beginners", "Modern JavaScript", "Rust in Practice", "Go Web Services",
                    "SQL Fundamentals", "Java Masterclass", "TypeScript Deep Dive", "Algorithms Bootcamp"),
    "Data Science": ("Intro to Machine Learning", "Statistics with R", "Deep Learning Basics", "Pandas Cookbook",
                     "Data Visualization", "Time Series Forecasting"),
    "Design": ("UI Design Essentials", "Figma from Zero", "Typography Basics", "Logo Design Workshop",
               "UX Research Methods"),
    "Business": ("Project Management Pro", "Financial Modeling", "Startup Strategy", "Negotiation Skills",
                 "Excel for Analysts"),
    "Marketing": ("SEO Masterclass", "Social Media Marketing", "Email Marketing", "Content Strategy"),
    "Photography": ("Portrait Photography", "Lightroom Editing", "Smartphone Photography"),
    "Music": ("Guitar for Beginners", "Music Theory", "Home Recording"),
    "Languages": ("Spanish A1", "Business English", "Japanese for Travelers", "German Grammar"),
}
LEARN_LEVELS = ("beginner", "intermediate", "advanced")
LEARN_COUNTRIES = ("US", "IN", "GB", "DE", "BR", "CA", "FR", "ES", "NG", "AU")
LEARN_REFUND_REASONS = ("not as described", "too basic", "technical issues", "accidental purchase", "other")


def build_learning(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE instructors (_id INTEGER PRIMARY KEY, displayName TEXT NOT NULL, email TEXT,
        profile_country TEXT NOT NULL, profile_joinedAt TEXT NOT NULL, rating_avg REAL, rating_count INTEGER NOT NULL,
        isVerified TEXT NOT NULL, payout_sharePercent REAL NOT NULL);
    CREATE TABLE courses (_id INTEGER PRIMARY KEY, title TEXT NOT NULL, category TEXT NOT NULL, level TEXT NOT NULL,
        instructorId INTEGER NOT NULL REFERENCES instructors(_id), pricing_listPrice REAL NOT NULL,
        pricing_currency TEXT NOT NULL, status TEXT NOT NULL, publishedAt TEXT, stats_lessonCount INTEGER NOT NULL,
        stats_totalMinutes INTEGER NOT NULL, isFeatured TEXT NOT NULL, createdAt TEXT NOT NULL);
    CREATE TABLE lessons (_id INTEGER PRIMARY KEY, courseId INTEGER NOT NULL REFERENCES courses(_id),
        title TEXT NOT NULL, position INTEGER NOT NULL, durationMinutes INTEGER NOT NULL, isPreview TEXT NOT NULL,
        hasQuiz TEXT NOT NULL);
    CREATE TABLE users (_id INTEGER PRIMARY KEY, name_first TEXT NOT NULL, name_last TEXT NOT NULL, email TEXT NOT NULL,
        profile_country TEXT NOT NULL, profile_signupDate TEXT NOT NULL, profile_birthYear INTEGER,
        subscription_plan TEXT NOT NULL, stats_totalMinutes INTEGER NOT NULL, isActive TEXT NOT NULL,
        referral_source TEXT);
    CREATE TABLE enrollments (_id INTEGER PRIMARY KEY, userId INTEGER NOT NULL REFERENCES users(_id),
        courseId INTEGER NOT NULL REFERENCES courses(_id), enrolledAt TEXT NOT NULL, progress_percent REAL NOT NULL,
        progress_completed TEXT NOT NULL, progress_completedAt TEXT, lastAccessedAt TEXT, source TEXT NOT NULL);
    CREATE TABLE quizAttempts (_id INTEGER PRIMARY KEY, userId INTEGER NOT NULL REFERENCES users(_id),
        lessonId INTEGER NOT NULL REFERENCES lessons(_id), attemptedAt TEXT NOT NULL, score REAL NOT NULL,
        maxScore REAL NOT NULL, passed TEXT NOT NULL, durationSeconds INTEGER);
    CREATE TABLE certificates (_id INTEGER PRIMARY KEY, enrollmentId INTEGER NOT NULL REFERENCES enrollments(_id),
        certificateCode TEXT NOT NULL, issuedAt TEXT NOT NULL, grade TEXT);
    CREATE TABLE purchases (_id INTEGER PRIMARY KEY, userId INTEGER NOT NULL REFERENCES users(_id),
        courseId INTEGER NOT NULL REFERENCES courses(_id), purchasedAt TEXT NOT NULL, amount_paid REAL NOT NULL,
        amount_currency TEXT NOT NULL, payment_method TEXT NOT NULL, couponCode TEXT, status TEXT NOT NULL);
    CREATE TABLE refunds (_id INTEGER PRIMARY KEY, purchaseId INTEGER NOT NULL REFERENCES purchases(_id),
        requestedAt TEXT NOT NULL, refundedAt TEXT, refund_amount REAL NOT NULL, reason TEXT NOT NULL,
        status TEXT NOT NULL);
    """)
    bool_txt = {True: "true", False: "false"}

    instructors = []
    for i in range(1, 41):
        fn, ln = _name(rng)
        joined = _day(rng, date(2019, 1, 1), date(2024, 6, 30))
        count = rng.randrange(0, 900)
        rating = None if count == 0 else round(rng.uniform(3.2, 4.95), 2)
        instructors.append((i, f"{fn} {ln}", None if rng.random() < 0.08 else f"{fn.lower()}.{ln.lower()}{i}@teach.example",
                            rng.choice(LEARN_COUNTRIES), _ts(rng, joined).replace(" ", "T") + "Z", rating, count,
                            bool_txt[rng.random() < 0.7], rng.choice((50.0, 60.0, 70.0))))
    conn.executemany("INSERT INTO instructors VALUES (?,?,?,?,?,?,?,?,?)", instructors)

    courses, lessons = [], []
    for cat, titles in LEARN_CATEGORIES.items():
        for title in titles:
            for edition in range(rng.choice((1, 1, 2))):
                cid = len(courses) + 1
                level = rng.choices(LEARN_LEVELS, weights=(45, 35, 20))[0]
                name = title if edition == 0 else f"{title} ({level.title()})"
                price = rng.choice((0.0, 19.99, 29.99, 49.99, 49.99, 79.99, 99.99, 129.99, 199.99))
                created = _day(rng, date(2022, 6, 1), date(2025, 8, 31))
                status = rng.choices(("published", "draft", "archived"), weights=(82, 8, 10))[0]
                published = None if status == "draft" else (_ts(rng, created + timedelta(days=rng.randrange(5, 60)))
                                                            .replace(" ", "T") + "Z")
                n_less = rng.randrange(6, 18)
                total = 0
                for pos in range(1, n_less + 1):
                    dur = rng.randrange(4, 35)
                    total += dur
                    lessons.append((len(lessons) + 1, cid, f"{name} - Part {pos}", pos, dur,
                                    bool_txt[pos <= 2 and rng.random() < 0.6], bool_txt[pos % 3 == 0]))
                courses.append((cid, name, cat, level, rng.randrange(1, 41), price,
                                "EUR" if rng.random() < 0.12 else "USD", status, published, n_less, total,
                                bool_txt[rng.random() < 0.15], _ts(rng, created).replace(" ", "T") + "Z"))
    conn.executemany("INSERT INTO courses VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", courses)
    conn.executemany("INSERT INTO lessons VALUES (?,?,?,?,?,?,?)", lessons)

    users = []
    for u in range(1, 1401):
        fn, ln = _name(rng)
        signup = _day(rng, date(2023, 1, 1), date(2025, 11, 30))
        users.append([u, fn, ln, f"{fn.lower()}.{ln.lower()}{u}@mail.example",
                      rng.choices(LEARN_COUNTRIES, weights=(30, 18, 10, 8, 8, 6, 5, 5, 5, 5))[0],
                      signup.isoformat(), None if rng.random() < 0.25 else rng.randrange(1960, 2007),
                      rng.choices(("free", "plus", "pro"), weights=(60, 28, 12))[0], 0,
                      bool_txt[rng.random() > 0.12],
                      None if rng.random() < 0.3 else rng.choice(("search", "friend", "youtube", "newsletter", "ads"))])

    live = [c for c in courses if c[7] != "draft"]
    weights = [rng.uniform(0.2, 3.0) for _ in live]
    enrolls, purchases, certs, refunds, attempts = [], [], [], [], []
    lessons_by_course: dict[int, list[tuple]] = {}
    for l in lessons:
        lessons_by_course.setdefault(l[1], []).append(l)
    end_all = date(2025, 12, 31)
    for u in users:
        signup = date.fromisoformat(u[5])
        taken: set[int] = set()
        for _ in range(rng.choices((0, 1, 2, 3, 4, 6), weights=(8, 30, 25, 17, 12, 8))[0]):
            c = rng.choices(live, weights=weights)[0]
            pub = date.fromisoformat(c[8][:10])
            if c[0] in taken or pub > end_all:
                continue
            taken.add(c[0])
            start = max(signup, pub)
            if start > end_all:
                continue
            d = _day(rng, start, min(end_all, start + timedelta(days=300)))
            eid = len(enrolls) + 1
            paid = c[5] > 0
            if paid:
                status = rng.choices(("completed", "refunded", "failed"), weights=(88, 7, 5))[0]
                coupon = None if rng.random() < 0.75 else rng.choice(("WELCOME10", "SUMMER25", "BLACKFRIDAY", "EDU50"))
                off = {None: 0.0, "WELCOME10": 0.10, "SUMMER25": 0.25, "BLACKFRIDAY": 0.40, "EDU50": 0.5}[coupon]
                pid = len(purchases) + 1
                purchased = _ts(rng, d).replace(" ", "T") + "Z"
                purchases.append((pid, u[0], c[0], purchased, round(c[5] * (1 - off), 2), c[6],
                                  rng.choices(("card", "paypal", "apple_pay", "gift_card"), weights=(60, 25, 10, 5))[0],
                                  coupon, status))
                if status == "failed":
                    continue
                if status == "refunded":
                    req = d + timedelta(days=rng.randrange(0, 30))
                    done = req + timedelta(days=rng.randrange(1, 10))
                    rstat = "pending" if done > end_all else "approved"
                    refunds.append((len(refunds) + 1, pid, _ts(rng, req).replace(" ", "T") + "Z",
                                    None if rstat == "pending" else _ts(rng, done).replace(" ", "T") + "Z",
                                    purchases[-1][4], rng.choice(LEARN_REFUND_REASONS), rstat))
            progress = rng.choices((0.0, rng.uniform(1, 99), 100.0), weights=(15, 50, 35))[0]
            progress = round(progress, 1)
            done = progress >= 100.0
            done_at = d + timedelta(days=rng.randrange(7, 120))
            if done and done_at > end_all:
                done, progress = False, 90.0
            last = None if progress == 0 else _ts(rng, min(end_all, d + timedelta(days=rng.randrange(0, 120)))) \
                .replace(" ", "T") + "Z"
            enrolls.append((eid, u[0], c[0], _ts(rng, d).replace(" ", "T") + "Z", progress, bool_txt[done],
                            _ts(rng, done_at).replace(" ", "T") + "Z" if done else None, last,
                            "purchase" if paid else rng.choice(("free", "free", "subscription"))))
            u[8] += int(c[10] * progress / 100)
            if done and rng.random() < 0.9:
                certs.append((len(certs) + 1, eid, f"CERT-{done_at.year}-{eid:05d}",
                              _ts(rng, done_at + timedelta(days=rng.randrange(0, 3))).replace(" ", "T") + "Z",
                              None if rng.random() < 0.2 else rng.choice(("pass", "merit", "distinction"))))
            seen = int(len(lessons_by_course[c[0]]) * progress / 100)
            for les in lessons_by_course[c[0]][:seen]:
                if les[6] != "true":
                    continue
                for k in range(rng.choice((1, 1, 1, 2, 3))):
                    score = round(min(100.0, max(0.0, rng.gauss(72 + 6 * k, 15))), 1)
                    at = _day(rng, d, min(end_all, d + timedelta(days=150)))
                    attempts.append((0, u[0], les[0], _ts(rng, at).replace(" ", "T") + "Z", score, 100.0,
                                     bool_txt[score >= 60], None if rng.random() < 0.05 else rng.randrange(60, 1800)))
    conn.executemany("INSERT INTO users VALUES (?,?,?,?,?,?,?,?,?,?,?)", [tuple(u) for u in users])
    conn.executemany("INSERT INTO enrollments VALUES (?,?,?,?,?,?,?,?,?)", enrolls)
    attempts.sort(key=lambda r: (r[3], r[1]))
    attempts = [(i,) + r[1:] for i, r in enumerate(attempts, 1)]
    conn.executemany("INSERT INTO quizAttempts VALUES (?,?,?,?,?,?,?,?)", attempts)
    conn.executemany("INSERT INTO certificates VALUES (?,?,?,?,?)", certs)
    conn.executemany("INSERT INTO purchases VALUES (?,?,?,?,?,?,?,?,?)", purchases)
    conn.executemany("INSERT INTO refunds VALUES (?,?,?,?,?,?,?)", refunds)


# ---------------------------------------------------------------- billing (Stripe-style API export: object-named keys, epoch seconds, cents)

BIL_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
# product key: (name, description, active, created, metadata)
BIL_PRODUCTS = (
    ("starter", "Starter", "For small teams getting started", 1, "2021-03-01", '{"tier": "1"}'),
    ("pro", "Pro", "Advanced reporting and integrations", 1, "2021-03-01", '{"tier": "2"}'),
    ("business", "Business", "SSO, audit log and priority routing", 1, "2021-09-15", '{"tier": "3"}'),
    ("enterprise", "Enterprise", "Dedicated support and custom contracts", 1, "2022-02-01", '{"tier": "4"}'),
    ("seats", "Extra Seats", "Additional user seats", 1, "2021-03-01", '{"addon": "true"}'),
    ("support", "Priority Support", "24/7 support with a 1-hour response target", 1, "2022-06-01",
     '{"addon": "true"}'),
    ("onboarding", "Onboarding Package", "Guided setup and data migration", 1, "2021-03-01", "{}"),
    ("basic", "Legacy Basic", "Retired entry plan", 0, "2020-01-10", '{"tier": "0"}'),
    ("api", "API Access", "Programmatic access add-on", 1, "2024-10-01", '{"addon": "true"}'),
)
# (product key, currency, unit_amount cents, interval or None, nickname, active, created, retired)
BIL_PRICES = (
    ("starter", "usd", 1900, "month", "Starter monthly", 1, "2021-03-01"),
    ("starter", "usd", 19000, "year", "Starter annual", 1, "2021-03-01"),
    ("starter", "eur", 1900, "month", "Starter monthly EUR", 1, "2021-05-01"),
    ("starter", "gbp", 1600, "month", "Starter monthly GBP", 1, "2021-05-01"),
    ("pro", "usd", 3900, "month", "Pro monthly (2021)", 0, "2021-03-01"),
    ("pro", "usd", 4900, "month", "Pro monthly", 1, "2023-01-01"),
    ("pro", "usd", 49000, "year", "Pro annual", 1, "2021-03-01"),
    ("pro", "eur", 4500, "month", "Pro monthly EUR", 1, "2021-05-01"),
    ("pro", "gbp", 3900, "month", "Pro monthly GBP", 1, "2021-05-01"),
    ("business", "usd", 9900, "month", "Business monthly", 1, "2021-09-15"),
    ("business", "usd", 99000, "year", "Business annual", 1, "2021-09-15"),
    ("business", "eur", 8900, "month", "Business monthly EUR", 1, "2021-09-15"),
    ("enterprise", "usd", 49900, "month", "Enterprise monthly", 1, "2022-02-01"),
    ("enterprise", "eur", 45900, "month", "Enterprise monthly EUR", 1, "2022-02-01"),
    ("seats", "usd", 1000, "month", "Seat monthly", 1, "2021-03-01"),
    ("support", "usd", 2900, "month", "Priority support monthly", 1, "2022-06-01"),
    ("onboarding", "usd", 150000, None, "Onboarding USD", 1, "2021-03-01"),
    ("onboarding", "eur", 140000, None, "Onboarding EUR", 1, "2021-03-01"),
    ("basic", "usd", 900, "month", "Basic monthly", 0, "2020-01-10"),
    ("api", "usd", 1500, "month", "API access monthly", 1, "2024-10-01"),
)
BIL_COUNTRIES = {"usd": (("US", 84), ("CA", 10), ("AU", 6)), "eur": (("DE", 35), ("FR", 25), ("NL", 18), ("ES", 12),
                                                                       ("IE", 10)), "gbp": (("GB", 100),)}
BIL_VAT = {"GB": 0.20, "DE": 0.19, "FR": 0.20, "NL": 0.21, "ES": 0.21, "IE": 0.23}
BIL_WORDS = (("Blue", "Bright", "North", "Silver", "Rapid", "Clear", "Summit", "Urban", "Green", "Iron", "Nova",
              "Atlas", "Cedar", "Harbor", "Pioneer", "Quantum", "Red", "Lumen", "Orbit", "Vector"),
             ("Labs", "Works", "Analytics", "Studio", "Logistics", "Health", "Foods", "Media", "Systems", "Capital",
              "Dental", "Robotics", "Travel", "Legal", "Energy", "Retail", "Partners", "Cloud"),
             ("Inc", "LLC", "Ltd", "GmbH", "Co", "SAS", "BV", "SL"))
BIL_FAILURES = (("card_declined", "Your card was declined.", 50), ("insufficient_funds", "Your card has insufficient funds.", 30),
                ("expired_card", "Your card has expired.", 14), ("processing_error", "An error occurred while processing your card.", 6))
BIL_REPS = ("Dana Whitfield", "Marco Ruiz", "Aisha Bello", "Tom Becker", "Priya Nair")


def _sid(rng: random.Random, prefix: str, n: int = 14) -> str:
    """A Stripe-style object id: type prefix, underscore, random base62."""
    return prefix + "_" + "".join(rng.choice(BIL_ALNUM) for _ in range(n))


def _epoch(d: date, secs: int = 0) -> int:
    return (d - date(1970, 1, 1)).days * 86400 + secs


def _add_months(d: date, n: int, anchor: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y, m = d.year + y, m + 1
    last = (date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)).day
    return date(y, m, min(anchor, last))


def build_billing(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE customers (id TEXT PRIMARY KEY, object TEXT NOT NULL DEFAULT 'customer', email TEXT, name TEXT,
        description TEXT, address_country TEXT, currency TEXT, balance INTEGER NOT NULL DEFAULT 0,
        delinquent INTEGER NOT NULL, tax_exempt TEXT NOT NULL, invoice_prefix TEXT NOT NULL, livemode INTEGER NOT NULL,
        created INTEGER NOT NULL, metadata TEXT NOT NULL);
    CREATE TABLE products (id TEXT PRIMARY KEY, object TEXT NOT NULL DEFAULT 'product', name TEXT NOT NULL,
        description TEXT, active INTEGER NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL,
        metadata TEXT NOT NULL);
    CREATE TABLE prices (id TEXT PRIMARY KEY, object TEXT NOT NULL DEFAULT 'price',
        product TEXT NOT NULL REFERENCES products(id), active INTEGER NOT NULL, currency TEXT NOT NULL,
        unit_amount INTEGER NOT NULL, type TEXT NOT NULL, recurring_interval TEXT, recurring_interval_count INTEGER,
        nickname TEXT, created INTEGER NOT NULL);
    CREATE TABLE subscriptions (id TEXT PRIMARY KEY, object TEXT NOT NULL DEFAULT 'subscription',
        customer TEXT NOT NULL REFERENCES customers(id), price TEXT NOT NULL REFERENCES prices(id),
        quantity INTEGER NOT NULL, status TEXT NOT NULL, collection_method TEXT NOT NULL, created INTEGER NOT NULL,
        start_date INTEGER NOT NULL, trial_start INTEGER, trial_end INTEGER, current_period_start INTEGER NOT NULL,
        current_period_end INTEGER NOT NULL, cancel_at_period_end INTEGER NOT NULL, canceled_at INTEGER,
        ended_at INTEGER, cancellation_details_reason TEXT, metadata TEXT NOT NULL);
    CREATE TABLE invoices (id TEXT PRIMARY KEY, object TEXT NOT NULL DEFAULT 'invoice',
        customer TEXT NOT NULL REFERENCES customers(id), subscription TEXT REFERENCES subscriptions(id), number TEXT,
        status TEXT NOT NULL, billing_reason TEXT NOT NULL, collection_method TEXT NOT NULL, currency TEXT NOT NULL,
        subtotal INTEGER NOT NULL, tax INTEGER, total INTEGER NOT NULL, amount_due INTEGER NOT NULL,
        amount_paid INTEGER NOT NULL, amount_remaining INTEGER NOT NULL, attempt_count INTEGER NOT NULL,
        created INTEGER NOT NULL, period_start INTEGER NOT NULL, period_end INTEGER NOT NULL, due_date INTEGER,
        status_transitions_paid_at INTEGER);
    CREATE TABLE invoice_line_items (id TEXT PRIMARY KEY, object TEXT NOT NULL DEFAULT 'line_item',
        invoice TEXT NOT NULL REFERENCES invoices(id), price TEXT REFERENCES prices(id), type TEXT NOT NULL,
        description TEXT, quantity INTEGER, amount INTEGER NOT NULL, currency TEXT NOT NULL, proration INTEGER NOT NULL,
        period_start INTEGER NOT NULL, period_end INTEGER NOT NULL);
    CREATE TABLE charges (id TEXT PRIMARY KEY, object TEXT NOT NULL DEFAULT 'charge',
        customer TEXT NOT NULL REFERENCES customers(id), invoice TEXT REFERENCES invoices(id), amount INTEGER NOT NULL,
        amount_captured INTEGER NOT NULL, amount_refunded INTEGER NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL,
        paid INTEGER NOT NULL, refunded INTEGER NOT NULL, disputed INTEGER NOT NULL, failure_code TEXT,
        failure_message TEXT, payment_method_details_type TEXT NOT NULL, payment_method_details_card_brand TEXT,
        outcome_risk_level TEXT, receipt_email TEXT, created INTEGER NOT NULL, metadata TEXT NOT NULL);
    CREATE TABLE refunds (id TEXT PRIMARY KEY, object TEXT NOT NULL DEFAULT 'refund',
        charge TEXT NOT NULL REFERENCES charges(id), amount INTEGER NOT NULL, currency TEXT NOT NULL, reason TEXT,
        status TEXT NOT NULL, created INTEGER NOT NULL);
    CREATE TABLE disputes (id TEXT PRIMARY KEY, object TEXT NOT NULL DEFAULT 'dispute',
        charge TEXT NOT NULL REFERENCES charges(id), amount INTEGER NOT NULL, currency TEXT NOT NULL,
        reason TEXT NOT NULL, status TEXT NOT NULL, is_charge_refundable INTEGER NOT NULL, created INTEGER NOT NULL,
        evidence_details_due_by INTEGER NOT NULL);
    """)
    today = date(2024, 12, 31)
    end_of_export = _epoch(today, 86399)

    prod_id: dict[str, str] = {}
    products = []
    for key, name, desc, active, created, meta in BIL_PRODUCTS:
        pid = _sid(rng, "prod")
        prod_id[key] = pid
        c = date.fromisoformat(created)
        products.append((pid, "product", name, desc, active, _epoch(c, rng.randrange(86400)),
                         _epoch(_day(rng, c, today), rng.randrange(86400)), meta))
    conn.executemany("INSERT INTO products VALUES (?,?,?,?,?,?,?,?)", products)

    prices = []
    price_of: dict[tuple[str, str, str | None], tuple] = {}  # (product, currency, interval) -> current price row
    for key, cur, amount, interval, nick, active, created in BIL_PRICES:
        row = (_sid(rng, "price", 24), "price", prod_id[key], active, cur, amount,
               "recurring" if interval else "one_time", interval, 1 if interval else None, nick,
               _epoch(date.fromisoformat(created), rng.randrange(86400)))
        prices.append(row)
        if active or (key, cur, interval) not in price_of:
            price_of[(key, cur, interval)] = row
    conn.executemany("INSERT INTO prices VALUES (?,?,?,?,?,?,?,?,?,?,?)", prices)
    old_pro = next(p for p in prices if p[9] == "Pro monthly (2021)")

    def pick_price(keys: tuple[str, ...], cur: str, interval: str | None, on: date) -> tuple | None:
        for k in keys:
            p = price_of.get((k, cur, interval))
            if p is not None:
                if p[9] == "Pro monthly" and on < date(2023, 1, 1):
                    return old_pro
                return p
        return None

    customers = []
    cust_info = []  # (row index, created date, currency, segment, country, tax_exempt, risk, method, brand, email)
    years = (2022, 2023, 2024)
    names_seen: set[str] = set()
    for i in range(340):
        y = rng.choices(years, weights=(25, 33, 42))[0]
        created = _day(rng, date(y, 1, 1), date(y, 12, 31))
        cur = rng.choices(("usd", "eur", "gbp"), weights=(74, 16, 10))[0]
        countries = BIL_COUNTRIES[cur]
        country = rng.choices([c for c, _ in countries], weights=[w for _, w in countries])[0]
        segment = rng.choices(("smb", "mid_market", "enterprise"), weights=(60, 30, 10))[0]
        source = rng.choices(("organic", "paid_ads", "partner", "sales"), weights=(40, 25, 15, 20))[0]
        if segment == "enterprise" and rng.random() < 0.7:
            source = "sales"
        while True:
            suffix = {"usd": ("Inc", "LLC", "Co"), "eur": ("GmbH", "SAS", "BV", "SL"), "gbp": ("Ltd",)}[cur]
            name = f"{rng.choice(BIL_WORDS[0])} {rng.choice(BIL_WORDS[1])} {rng.choice(suffix)}"
            if name not in names_seen:
                names_seen.add(name)
                break
        slug = name.split()[0].lower() + name.split()[1].lower()
        email = None if rng.random() < 0.04 else f"billing@{slug}{i}.example"
        if country in BIL_VAT and rng.random() < 0.45:
            tax_exempt = "reverse"
        elif country == "US" and rng.random() < 0.05:
            tax_exempt = "exempt"
        else:
            tax_exempt = "none"
        meta: dict[str, str] = {"segment": segment, "signup_source": source}
        if segment != "smb" and rng.random() < 0.8:
            meta["account_owner"] = rng.choice(BIL_REPS)
        if rng.random() < 0.05:
            meta = {}
        balance = -rng.randrange(5, 60) * 100 if rng.random() < 0.06 else 0
        risk = 0.28 if rng.random() < 0.14 else 0.03
        method = "card"
        if cur == "eur" and rng.random() < 0.3:
            method = "sepa_debit"
        elif cur == "usd" and rng.random() < 0.08:
            method = "us_bank_account"
        brand = rng.choices(("visa", "mastercard", "amex", "discover"),
                            weights=(50, 30, 15, 5 if cur == "usd" else 0))[0] if method == "card" else None
        prefix = "".join(rng.choice(BIL_ALNUM[:26]) for _ in range(8))
        customers.append([_sid(rng, "cus"), "customer", email, None if rng.random() < 0.02 else name,
                          rng.choice((None, None, None, None, "Migrated from legacy billing", "Reseller account"))
                          if y == 2022 else None, country if rng.random() > 0.03 else None, cur, balance, 0,
                          tax_exempt, prefix, 1, _epoch(created, rng.randrange(86400)),
                          json.dumps(meta)])
        cust_info.append((i, created, cur, segment, country, tax_exempt, risk, method, brand, email))

    subs: list[tuple] = []
    invoices: list[list] = []
    lines: list[tuple] = []
    charges: list[list] = []
    inv_seq: dict[int, int] = {}

    def charge(ci: int, inv_id: str | None, amount: int, cur: str, when: int, ok: bool) -> None:
        info = cust_info[ci]
        fail = None if ok else rng.choices(BIL_FAILURES, weights=[f[2] for f in BIL_FAILURES])[0]
        risk_level = "normal" if ok and rng.random() < 0.96 else rng.choice(("normal", "elevated", "highest"))
        charges.append([_sid(rng, "ch", 24), "charge", customers[ci][0], inv_id, amount, amount if ok else 0, 0, cur,
                        "succeeded" if ok else "failed", 1 if ok else 0, 0, 0, fail[0] if fail else None,
                        fail[1] if fail else None, info[7], info[8],
                        risk_level if info[7] == "card" else None, info[9], when,
                        "{}" if rng.random() < 0.9 else '{"source": "dunning_retry"}'])

    def invoice(ci: int, sub_id: str | None, reason: str, method: str, created: int, p_start: int, p_end: int,
                items: list[tuple[tuple | None, str, int | None, int]]) -> str:
        info = cust_info[ci]
        cur = info[2]
        inv_id = _sid(rng, "in", 24)
        subtotal = sum(it[3] for it in items)
        rate = BIL_VAT.get(info[4] or "", 0.0) if info[5] == "none" else 0.0
        tax = round(subtotal * rate) if info[4] in BIL_VAT else None
        total = subtotal + (tax or 0)
        credit = 0
        bal = customers[ci][7]
        if bal < 0 and reason != "manual":
            credit = min(-bal, total)
            customers[ci][7] = bal + credit
        due = total - credit
        for price, desc, qty, amount in items:
            lines.append((_sid(rng, "il", 24), "line_item", inv_id, price[0] if price else None,
                          "subscription" if price and price[6] == "recurring" else "invoiceitem", desc, qty, amount,
                          cur, 0, p_start, p_end))
        created_day = date(1970, 1, 1) + timedelta(days=created // 86400)
        due_date = created + 30 * 86400 if method == "send_invoice" else None
        attempts, paid_at, status = 0, None, "open"
        if created_day == today and method == "charge_automatically" and rng.random() < 0.5:
            status = "draft"
        elif due == 0:
            status, paid_at = "paid", created + 3600
        elif method == "charge_automatically":
            for k, off in enumerate((0, 3, 5, 7)):
                t = created + off * 86400 + 3600 + rng.randrange(600)
                if t > end_of_export:
                    break
                attempts += 1
                ok = rng.random() > (info[6] if k == 0 else 0.45)
                charge(ci, inv_id, due, cur, t, ok)
                if ok:
                    paid_at, status = t, "paid"
                    break
            else:
                status = rng.choices(("uncollectible", "void"), weights=(75, 25))[0]
        else:
            t = created + rng.randrange(3, 50) * 86400 + rng.randrange(86400)
            if rng.random() < 0.07:
                status = "uncollectible" if created + 90 * 86400 < end_of_export else "open"
            elif t <= end_of_export:
                attempts = 1
                charge(ci, inv_id, due, cur, t, True)
                paid_at, status = t, "paid"
        inv_seq[ci] = inv_seq.get(ci, 0) + (status != "draft")
        number = None if status == "draft" else f"{customers[ci][10]}-{inv_seq[ci]:04d}"
        paid = due if status == "paid" else 0
        remaining = 0 if status in ("paid", "void") else due
        invoices.append([inv_id, "invoice", customers[ci][0], sub_id, number, status, reason, method, cur, subtotal, tax,
                         total, due, paid, remaining, attempts, created, p_start, p_end, due_date, paid_at])
        return status

    churn = {"smb": 0.035, "mid_market": 0.02, "enterprise": 0.01}
    for ci, created, cur, segment, _country, _tx, _risk, _m, _b, _e in cust_info:
        if rng.random() < 0.06:
            continue  # signed up, never subscribed
        plans = {"smb": ("starter", "pro"), "mid_market": ("pro", "business"), "enterprise": ("enterprise", "business")}
        choice = plans[segment][0] if rng.random() < (0.6 if segment != "enterprise" else 0.65) else plans[segment][1]
        keys = (choice, "business", "pro") if choice == "enterprise" else (choice, "pro", "starter")
        if segment == "smb" and cur == "usd" and created < date(2022, 7, 1) and rng.random() < 0.25:
            keys = ("basic",)
        interval = "year" if rng.random() < 0.22 else "month"
        price = pick_price(keys, cur, interval, created) or pick_price(keys, cur, "month", created)
        assert price is not None
        wanted = [(price, 1, created, segment == "enterprise" and rng.random() < 0.7)]
        if cur == "usd" and segment != "smb" and rng.random() < 0.2:
            start2 = created + timedelta(days=rng.randrange(20, 300))
            if start2 < today:
                wanted.append((pick_price(("support",), cur, "month", start2), 1, start2, False))
        if cur == "usd" and rng.random() < 0.12:
            start3 = created + timedelta(days=rng.randrange(0, 200))
            if start3 < today:
                wanted.append((pick_price(("seats",), cur, "month", start3), rng.randrange(2, 16), start3, False))
        if (segment == "enterprise" or (segment == "mid_market" and rng.random() < 0.3)) and cur in ("usd", "eur"):
            ob = pick_price(("onboarding",), cur, None, created)
            t = _epoch(created + timedelta(days=rng.randrange(1, 10)), rng.randrange(86400))
            if t < end_of_export:
                invoice(ci, None, "manual", "send_invoice", t, t, t, [(ob, "Onboarding Package", 1, ob[5])])
        for price, qty, start, invoiced in wanted:
            sid = _sid(rng, "sub", 24)
            secs = rng.randrange(86400)
            if start == created:  # the first subscription starts just after sign-up
                secs = min(86399, customers[ci][12] % 86400 + rng.randrange(60, 1800))
            method = "send_invoice" if invoiced else "charge_automatically"
            trial = price[9] not in ("Seat monthly", "Priority support monthly") and not invoiced and rng.random() < 0.45
            trial_end = start + timedelta(days=14) if trial else None
            status, canceled_at, ended_at, cape, reason = "active", None, None, 0, None
            p_start = trial_end or start
            cps, cpe = _epoch(start, secs), _epoch(trial_end or start, secs)
            months = 12 if price[7] == "year" else 1
            n = 0
            if trial and trial_end is not None and rng.random() < 0.18:  # trial never converted
                t = _epoch(start + timedelta(days=rng.randrange(1, 14)), rng.randrange(86400))
                if trial_end > today:
                    status = "trialing"
                    if t <= end_of_export:
                        cape, canceled_at = 1, t
                else:
                    status, canceled_at, ended_at, reason = "canceled", t, _epoch(trial_end, secs), \
                        "cancellation_requested"
                p_start = date(9999, 1, 1)
            elif trial_end is not None and trial_end > today:
                status = "trialing"
            while p_start <= today:
                p_end = _add_months(p_start, months, (trial_end or start).day)
                cps, cpe = _epoch(p_start, secs), _epoch(p_end, secs)
                desc = f"{qty} × {products[[p[0] for p in products].index(price[2])][2]} " \
                       f"(at {price[5] / 100:.2f} {price[4].upper()} / {price[7]})"
                items = [(price, desc, qty, price[5] * qty)]
                if price[9].startswith(("Business", "Enterprise")) and rng.random() < 0.15:
                    items.append((None, "API usage overage", None, rng.randrange(5, 200) * 100))
                st = invoice(ci, sid, "subscription_create" if n == 0 else "subscription_cycle", method, cps, cps, cpe,
                             items)
                n += 1
                if st in ("void", "uncollectible"):
                    if n == 1 and not trial:
                        status = "incomplete_expired"
                        invoices[-1][5] = "void"
                        invoices[-1][14] = 0
                        ended_at = cps + 86400 * 1
                    elif rng.random() < 0.15:
                        status = "unpaid"
                    else:
                        status, canceled_at = "canceled", cps + 8 * 86400
                        ended_at, reason = canceled_at, "payment_failed"
                    break
                if st == "open" and method == "charge_automatically":
                    status = "past_due"
                    break
                if rng.random() < churn[segment] * (months if months == 1 else 5):
                    canceled_at = cps + rng.randrange(1, max(2, (cpe - cps) // 86400)) * 86400 + rng.randrange(86400)
                    reason = "cancellation_requested"
                    if canceled_at > end_of_export:
                        canceled_at, reason = None, None
                    elif rng.random() < 0.6:
                        cape = 1
                        if cpe > end_of_export:
                            break
                        status, ended_at = "canceled", cpe
                        break
                    else:
                        status, ended_at = "canceled", canceled_at
                        break
                p_start = p_end
            subs.append((sid, "subscription", customers[ci][0], price[0], qty, status, method, _epoch(start, secs),
                         _epoch(start, secs), _epoch(start, secs) if trial else None,
                         _epoch(trial_end, secs) if trial_end else None, cps, cpe, cape, canceled_at, ended_at, reason,
                         json.dumps({"sales_rep": rng.choice(BIL_REPS)}) if segment != "smb" and rng.random() < 0.5
                         else "{}"))
    # the customer is delinquent when their latest finalized invoice is unpaid
    latest: dict[str, list] = {}
    for inv in invoices:
        if inv[5] != "draft" and (inv[2] not in latest or inv[16] > latest[inv[2]][16]):
            latest[inv[2]] = inv
    for c in customers:
        inv = latest.get(c[0])
        c[8] = 1 if inv is not None and inv[5] in ("open", "uncollectible") and inv[15] > 0 else 0

    refunds, disputes = [], []
    for ch in charges:
        if ch[8] != "succeeded":
            continue
        r = rng.random()
        if r < 0.028:
            when = ch[18] + rng.randrange(1, 30) * 86400 + rng.randrange(86400)
            if when > end_of_export:
                continue
            full = rng.random() < 0.6
            amount = ch[4] if full else round(ch[4] * rng.uniform(0.1, 0.6) / 100) * 100
            reason = rng.choices(("requested_by_customer", "duplicate", "fraudulent", None), weights=(70, 15, 8, 7))[0]
            status = "pending" if when > end_of_export - 3 * 86400 else rng.choices(("succeeded", "failed"),
                                                                                      weights=(96, 4))[0]
            refunds.append((_sid(rng, "re", 24), "refund", ch[0], amount, ch[7], reason, status, when))
            if status == "succeeded":
                ch[6] = amount
                ch[10] = 1 if full else 0
        elif r < 0.036 and ch[14] == "card":
            when = ch[18] + rng.randrange(5, 60) * 86400 + rng.randrange(86400)
            if when > end_of_export:
                continue
            reason = rng.choices(("fraudulent", "subscription_canceled", "product_not_received", "duplicate",
                                  "general"), weights=(40, 20, 15, 10, 15))[0]
            status = rng.choices(("won", "lost", "warning_closed"), weights=(42, 50, 8))[0]
            if when > end_of_export - 21 * 86400:
                status = rng.choice(("needs_response", "under_review"))
            disputes.append((_sid(rng, "dp", 24), "dispute", ch[0], ch[4], ch[7], reason, status, 0, when,
                             when + 7 * 86400))
            ch[11] = 1
    customers.sort(key=lambda c: c[12])
    conn.executemany("INSERT INTO customers VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [tuple(c) for c in customers])
    subs.sort(key=lambda s: s[7])
    conn.executemany("INSERT INTO subscriptions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", subs)
    invoices.sort(key=lambda v: v[16])
    conn.executemany("INSERT INTO invoices VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     [tuple(v) for v in invoices])
    conn.executemany("INSERT INTO invoice_line_items VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", lines)
    charges.sort(key=lambda c: c[18])
    conn.executemany("INSERT INTO charges VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [tuple(c) for c in charges])
    refunds.sort(key=lambda r: r[7])
    conn.executemany("INSERT INTO refunds VALUES (?,?,?,?,?,?,?,?)", refunds)
    disputes.sort(key=lambda d: d[8])
    conn.executemany("INSERT INTO disputes VALUES (?,?,?,?,?,?,?,?,?,?)", disputes)
# ---------------------------------------------------------------- marketplace (Django app: app-label table prefixes)

MKT_COUNTRIES = {  # ISO code (django-countries), cities, (winter offset, summer offset), buyer weight
    "US": (("Portland", "Austin", "Brooklyn", "Asheville", "Denver"), ("-05:00", "-04:00"), 34),
    "GB": (("London", "Bristol", "Manchester", "Edinburgh"), ("+00:00", "+01:00"), 16),
    "DE": (("Berlin", "Hamburg", "Leipzig", "Munich"), ("+01:00", "+02:00"), 14),
    "FR": (("Paris", "Lyon", "Nantes"), ("+01:00", "+02:00"), 9),
    "NL": (("Amsterdam", "Utrecht", "Rotterdam"), ("+01:00", "+02:00"), 6),
    "CA": (("Toronto", "Montreal", "Vancouver"), ("-05:00", "-04:00"), 9),
    "AU": (("Melbourne", "Sydney", "Hobart"), ("+10:00", "+10:00"), 6),
    "JP": (("Tokyo", "Kyoto"), ("+09:00", "+09:00"), 3),
    "IT": (("Florence", "Milan", "Bologna"), ("+01:00", "+02:00"), 3),
}
MKT_CATEGORIES = {  # top-level category -> subcategories with (price low, price high)
    "Jewelry": (("Necklaces", 18, 140), ("Earrings", 12, 90), ("Rings", 20, 260), ("Bracelets", 10, 80)),
    "Home & Living": (("Candles", 9, 38), ("Ceramics", 16, 120), ("Wall Decor", 20, 180), ("Textiles", 22, 150)),
    "Clothing": (("Knitwear", 35, 190), ("T-Shirts", 18, 40), ("Scarves", 20, 95)),
    "Art & Collectibles": (("Prints", 12, 85), ("Paintings", 60, 900), ("Sculpture", 45, 600)),
    "Paper & Party": (("Greeting Cards", 4, 12), ("Stationery", 8, 45), ("Party Decor", 10, 60)),
    "Bath & Beauty": (("Soap", 5, 14), ("Skincare", 12, 55)),
    "Toys & Games": (("Plush Toys", 15, 70), ("Wooden Toys", 18, 110)),
    "Pet Supplies": (("Pet Collars", 12, 45), ("Pet Beds", 35, 160)),
}
MKT_TAGS = ("gift", "personalized", "eco-friendly", "vintage-style", "wedding", "christmas", "minimalist", "boho",
            "organic", "vegan", "hand-painted", "for-her", "for-him", "for-kids", "birthday", "upcycled",
            "rustic", "modern", "sterling-silver", "gold-filled", "linen", "merino", "soy-wax", "stoneware",
            "mothers-day", "valentines", "halloween", "baby-shower", "digital-download", "best-seller")
MKT_SHOP_A = ("Willow", "Copper", "Moss", "Little", "Salt", "Birch", "Golden", "Indigo", "Wild", "Honey", "Fern",
              "Amber", "Saffron", "Juniper", "Clay", "Velvet", "Oak", "Silver", "Paper", "Maple")
MKT_SHOP_B = ("Studio", "Workshop", "Atelier", "Goods", "Co", "Makers", "Craft House", "Collective", "Loom",
              "Kiln", "Press", "Trading", "Corner", "Garden", "Lab")
MKT_ADJ = ("Handmade", "Rustic", "Minimalist", "Hand-painted", "Personalized", "Vintage-style", "Organic",
           "Hand-knit", "Boho", "Modern", "Tiny", "Custom")


def _tz_stamp(rng: random.Random, d: date, country: str, lo: int = 7, hi: int = 24) -> str:
    """ISO text with the local offset of a country, as a Django form echoing the browser's zone would store it."""
    winter, summer = MKT_COUNTRIES[country][1]
    off = summer if 4 <= d.month <= 10 else winter
    return datetime(d.year, d.month, d.day, rng.randrange(lo, hi), rng.randrange(60),
                    rng.randrange(60)).isoformat() + off


def build_marketplace(conn: sqlite3.Connection, rng: random.Random) -> None:
    # Django's SQLite DDL: quoted names, "bool", "decimal", "smallint unsigned" choice codes, "<field>_id" keys.
    # Choice codes live only in the models: shop status 1 pending review, 2 active, 3 on vacation, 4 suspended,
    # 5 closed; listing status 0 draft, 1 active, 2 sold out, 3 expired; order status 1 pending payment, 2 paid,
    # 3 shipped, 4 delivered, 5 cancelled, 6 refunded; payout status 1 pending, 2 paid, 3 failed.
    _create(conn, """
    CREATE TABLE "accounts_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL,
        "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE,
        "first_name" varchar(150) NOT NULL, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL,
        "is_staff" bool NOT NULL, "is_active" bool NOT NULL, "date_joined" datetime NOT NULL);
    CREATE TABLE "accounts_profile" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "user_id" integer NOT NULL UNIQUE REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED,
        "country" varchar(2) NOT NULL, "city" varchar(100) NOT NULL, "birth_date" date NULL,
        "marketing_opt_in" bool NOT NULL, "avatar" varchar(100) NOT NULL, "created" datetime NOT NULL,
        "modified" datetime NOT NULL);
    CREATE TABLE "shops_shop" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "owner_id" integer NOT NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED,
        "name" varchar(120) NOT NULL, "slug" varchar(50) NOT NULL UNIQUE, "country" varchar(2) NOT NULL,
        "status" smallint unsigned NOT NULL CHECK ("status" >= 0), "is_star_seller" bool NOT NULL,
        "commission_rate" decimal NOT NULL, "is_deleted" bool NOT NULL, "deleted_at" datetime NULL,
        "created" datetime NOT NULL, "modified" datetime NOT NULL);
    CREATE TABLE "catalog_category" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL,
        "slug" varchar(50) NOT NULL UNIQUE,
        "parent_id" integer NULL REFERENCES "catalog_category" ("id") DEFERRABLE INITIALLY DEFERRED);
    CREATE TABLE "catalog_tag" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(50) NOT NULL UNIQUE,
        "slug" varchar(50) NOT NULL UNIQUE);
    CREATE TABLE "catalog_listing" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "shop_id" integer NOT NULL REFERENCES "shops_shop" ("id") DEFERRABLE INITIALLY DEFERRED,
        "category_id" integer NOT NULL REFERENCES "catalog_category" ("id") DEFERRABLE INITIALLY DEFERRED,
        "title" varchar(140) NOT NULL, "slug" varchar(160) NOT NULL, "price" decimal NOT NULL,
        "quantity" integer unsigned NOT NULL CHECK ("quantity" >= 0),
        "status" smallint unsigned NOT NULL CHECK ("status" >= 0), "is_digital" bool NOT NULL,
        "is_customizable" bool NOT NULL, "views" integer unsigned NOT NULL CHECK ("views" >= 0),
        "is_deleted" bool NOT NULL, "deleted_at" datetime NULL, "created" datetime NOT NULL,
        "modified" datetime NOT NULL);
    CREATE TABLE "catalog_listing_tags" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "listing_id" integer NOT NULL REFERENCES "catalog_listing" ("id") DEFERRABLE INITIALLY DEFERRED,
        "tag_id" integer NOT NULL REFERENCES "catalog_tag" ("id") DEFERRABLE INITIALLY DEFERRED);
    CREATE UNIQUE INDEX "catalog_listing_tags_listing_id_tag_id_uniq" ON "catalog_listing_tags" ("listing_id", "tag_id");
    CREATE TABLE "orders_order" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "buyer_id" integer NOT NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED,
        "shop_id" integer NOT NULL REFERENCES "shops_shop" ("id") DEFERRABLE INITIALLY DEFERRED,
        "status" smallint unsigned NOT NULL CHECK ("status" >= 0), "subtotal" decimal NOT NULL,
        "shipping_fee" decimal NOT NULL, "discount" decimal NOT NULL, "total" decimal NOT NULL,
        "coupon_code" varchar(30) NULL, "is_gift" bool NOT NULL, "ship_to_country" varchar(2) NOT NULL,
        "paid_at" datetime NULL, "shipped_at" datetime NULL, "created" datetime NOT NULL,
        "modified" datetime NOT NULL);
    CREATE TABLE "orders_orderitem" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "order_id" integer NOT NULL REFERENCES "orders_order" ("id") DEFERRABLE INITIALLY DEFERRED,
        "listing_id" integer NOT NULL REFERENCES "catalog_listing" ("id") DEFERRABLE INITIALLY DEFERRED,
        "quantity" integer unsigned NOT NULL CHECK ("quantity" >= 0), "unit_price" decimal NOT NULL,
        "personalization" text NULL);
    CREATE TABLE "reviews_review" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "order_id" integer NOT NULL REFERENCES "orders_order" ("id") DEFERRABLE INITIALLY DEFERRED,
        "listing_id" integer NOT NULL REFERENCES "catalog_listing" ("id") DEFERRABLE INITIALLY DEFERRED,
        "author_id" integer NOT NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED,
        "rating" smallint unsigned NOT NULL CHECK ("rating" >= 0), "body" text NULL, "seller_reply" text NULL,
        "created" datetime NOT NULL, "modified" datetime NOT NULL);
    CREATE TABLE "payouts_payout" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "shop_id" integer NOT NULL REFERENCES "shops_shop" ("id") DEFERRABLE INITIALLY DEFERRED,
        "period_start" date NOT NULL, "period_end" date NOT NULL, "gross_amount" decimal NOT NULL,
        "fee_amount" decimal NOT NULL, "net_amount" decimal NOT NULL,
        "status" smallint unsigned NOT NULL CHECK ("status" >= 0), "paid_at" datetime NULL,
        "created" datetime NOT NULL, "modified" datetime NOT NULL);
    """)
    start, today = date(2022, 1, 1), date(2024, 12, 31)
    codes = list(MKT_COUNTRIES)
    weights = [MKT_COUNTRIES[c][2] for c in codes]

    # users and profiles: staff first, then sellers and buyers who joined over three years
    users, profiles, home = [], [], {}
    seen: set[str] = set()
    for uid in range(1, 1201):
        fn, ln = _name(rng)
        base = f"{fn.lower()}{ln.lower()[:4]}"
        username = base if base not in seen else f"{base}{uid}"
        seen.add(username)
        country = rng.choices(codes, weights=weights)[0]
        home[uid] = country
        staff = uid <= 6
        joined = _day(rng, date(2021, 6, 1) if staff else start, today)
        active = 0 if rng.random() < 0.07 else 1
        last = None if rng.random() < 0.05 else _tz_stamp(rng, _day(rng, joined, today), country)
        users.append((uid, "pbkdf2_sha256$390000$" + "".join(rng.choice("abcdef0123456789") for _ in range(12)),
                      last, 1 if uid == 1 else 0, username, fn, ln,
                      "" if rng.random() < 0.02 else f"{username}@mail.example", 1 if staff else 0, active,
                      _tz_stamp(rng, joined, country)))
        birth = None if rng.random() < 0.45 else date(rng.randrange(1950, 2005), rng.randrange(1, 13),
                                                       rng.randrange(1, 29)).isoformat()
        profiles.append((uid, uid, country, rng.choice(MKT_COUNTRIES[country][0]), birth,
                         1 if rng.random() < 0.38 else 0, "" if rng.random() < 0.6 else f"avatars/{username}.jpg",
                         users[-1][10], _tz_stamp(rng, _day(rng, joined, today), country)))
    conn.executemany('INSERT INTO "accounts_user" VALUES (?,?,?,?,?,?,?,?,?,?,?)', users)
    conn.executemany('INSERT INTO "accounts_profile" VALUES (?,?,?,?,?,?,?,?,?)', profiles)
    joined_on = {u[0]: date.fromisoformat(u[10][:10]) for u in users}

    cats, leaves = [], []  # leaves: (id, low, high)
    for top, subs in MKT_CATEGORIES.items():
        tid = len(cats) + 1
        cats.append((tid, top, top.lower().replace(" & ", "-").replace(" ", "-"), None))
        for name, lo, hi in subs:
            cats.append((len(cats) + 1, name, name.lower().replace(" ", "-"), tid))
            leaves.append((len(cats), lo, hi))
    conn.executemany('INSERT INTO "catalog_category" VALUES (?,?,?,?)', cats)
    conn.executemany('INSERT INTO "catalog_tag" VALUES (?,?,?)',
                     [(i, t.replace("-", " "), t) for i, t in enumerate(MKT_TAGS, 1)])
    cat_name = {c[0]: c[1] for c in cats}

    # shops: owned by non-staff users; a few closed and soft-deleted, one in each early status
    shops = []
    early = [u for u in range(7, 1201) if joined_on[u] <= date(2022, 6, 30)]
    owners = rng.sample(early, 60)
    owners += rng.sample([u for u in range(7, 1201) if joined_on[u] <= date(2024, 9, 30) and u not in owners], 70)
    names_seen: set[str] = set()
    for sid, owner in enumerate(owners, 1):
        while True:
            name = f"{rng.choice(MKT_SHOP_A)} {rng.choice(MKT_SHOP_B)}"
            if name not in names_seen:
                break
        names_seen.add(name)
        country = home[owner]
        opened = _day(rng, max(joined_on[owner], start), date(2024, 9, 30))
        status = rng.choices((1, 2, 3, 4, 5), weights=(4, 78, 6, 4, 8))[0]
        deleted = status == 5 and rng.random() < 0.7 or (status == 4 and rng.random() < 0.3)
        deleted_at = _tz_stamp(rng, _day(rng, opened + timedelta(days=90), today), country) if deleted else None
        shops.append((sid, owner, name, name.lower().replace(" ", "-"), country, status,
                      1 if status == 2 and rng.random() < 0.18 else 0, rng.choice((0.065, 0.065, 0.065, 0.05, 0.08)),
                      1 if deleted else 0, deleted_at, _tz_stamp(rng, opened, country),
                      deleted_at or _tz_stamp(rng, _day(rng, opened, today), country)))
    conn.executemany('INSERT INTO "shops_shop" VALUES (?,?,?,?,?,?,?,?,?,?,?,?)', shops)

    # listings: each shop keeps to two or three subcategories
    listings, listing_tags = [], []
    for s in shops:
        opened = date.fromisoformat(s[10][:10])
        own = rng.sample(leaves, rng.choice((1, 2, 2, 3)))
        n = 0 if s[5] == 1 else rng.choice((2, 4, 6, 8, 10, 12, 14, 18, 24, 30))
        for _ in range(n):
            leaf = rng.choice(own)
            made = _day(rng, opened, min(today, opened + timedelta(days=rng.choice((30, 120, 400, 900)))))
            adj = rng.choice(MKT_ADJ)
            noun = cat_name[leaf[0]].rstrip("s") if not cat_name[leaf[0]].endswith("ss") else cat_name[leaf[0]]
            title = f"{adj} {noun} - {rng.choice(('Blue', 'Sage', 'Ivory', 'Rose', 'Charcoal', 'Ochre', 'Teal'))}"
            price = round(rng.uniform(leaf[1], leaf[2]) * rng.choice((1, 1, 1, 1.2)), 0) - 0.01
            digital = 1 if cat_name[leaf[0]] in ("Prints", "Stationery") and rng.random() < 0.3 else 0
            status = rng.choices((0, 1, 2, 3), weights=(6, 70, 10, 14))[0]
            if s[5] in (4, 5):
                status = 3 if status == 1 else status
            qty = 0 if status == 2 else (999 if digital else rng.choice((1, 1, 2, 3, 5, 8, 10, 20, 50)))
            ldel = s[8] == 1 or rng.random() < 0.06
            del_at = (s[9] if s[8] else _tz_stamp(rng, _day(rng, made, today), s[4])) if ldel else None
            lid = len(listings) + 1
            listings.append((lid, s[0], leaf[0], title, f"{title.lower().replace(' ', '-')}-{lid}", price, qty,
                             status, digital, 1 if adj in ("Personalized", "Custom") or rng.random() < 0.1 else 0,
                             int(rng.paretovariate(1.3) * 40), 1 if ldel else 0, del_at, _tz_stamp(rng, made, s[4]),
                             del_at or _tz_stamp(rng, _day(rng, made, today), s[4])))
            tags = set(rng.sample(range(1, len(MKT_TAGS) + 1), rng.choice((0, 1, 2, 3, 3, 4, 5))))
            if digital:
                tags.add(MKT_TAGS.index("digital-download") + 1)
            listing_tags.extend((lid, t) for t in sorted(tags))
    conn.executemany('INSERT INTO "catalog_listing" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)', listings)
    conn.executemany('INSERT INTO "catalog_listing_tags" VALUES (?,?,?)',
                     [(i, lid, t) for i, (lid, t) in enumerate(listing_tags, 1)])

    # orders: one shop per order (the cart is split by shop at checkout), busier towards December
    by_shop: dict[int, list[tuple]] = {}
    for li in listings:
        if li[7] != 0:
            by_shop.setdefault(li[1], []).append(li)
    sellers = [s for s in shops if s[0] in by_shop]
    pull = [3 if s[6] else 1 for s in sellers]
    buyers = list(range(7, 1201))
    orders, items = [], []
    month_w = (6, 5, 6, 6, 7, 6, 6, 6, 7, 8, 11, 16)
    for year, n_orders in ((2022, 780), (2023, 1050), (2024, 1290)):
        for _ in range(n_orders):
            month = rng.choices(range(1, 13), weights=month_w)[0]
            day = _day(rng, date(year, month, 1), date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
            for _try in range(12):  # a shop that already had something listed that day
                s = rng.choices(sellers, weights=pull)[0]
                cands = [li for li in by_shop[s[0]] if li[13][:10] <= day.isoformat()]
                if cands:
                    break
            if not cands:
                continue
            buyer = rng.choice(buyers)
            while joined_on[buyer] > day:  # buyers have an account before they order
                buyer = rng.choice(buyers)
            country = home[buyer]
            picks = rng.sample(cands, min(len(cands), rng.choices((1, 2, 3), weights=(68, 24, 8))[0]))
            oid = len(orders) + 1
            sub = 0.0
            for li in picks:
                q = rng.choices((1, 2, 3, 4), weights=(80, 13, 5, 2))[0]
                unit = round(li[5] * rng.choice((1, 1, 1, 0.9, 1.05)), 2)
                sub += q * unit
                pers = (f"Initials: {rng.choice('ABCDEFGHJKLMNPRST')}.{rng.choice('ABCDEFGHJKLMNPRST')}."
                        if li[9] and rng.random() < 0.7 else None)
                items.append((len(items) + 1, oid, li[0], q, unit, pers))
            sub = round(sub, 2)
            digital_only = all(li[8] for li in picks)
            ship = 0.0 if digital_only else (0.0 if sub >= 50 and rng.random() < 0.6 else
                                             rng.choice((3.5, 4.95, 5.99, 7.5, 12.0)))
            coupon = rng.choice(("WELCOME10", "HOLIDAY15", "SPRING5", "FREESHIP")) if rng.random() < 0.12 else None
            disc = {None: 0.0, "WELCOME10": round(sub * 0.10, 2), "HOLIDAY15": round(sub * 0.15, 2),
                    "SPRING5": 5.0 if sub > 25 else 0.0, "FREESHIP": ship}[coupon]
            age = (today - day).days
            r = rng.random()
            if age < 3 and r < 0.5:
                status = 1
            elif r < 0.05:
                status = 5
            elif r < 0.085:
                status = 6
            elif age < 6:
                status = 2 if r < 0.5 else 3
            elif age < 14:
                status = 3 if r < 0.6 else 4
            else:
                status = 4 if r < 0.985 else 3
            created = _tz_stamp(rng, day, country)
            paid = None if status in (1, 5) and rng.random() < 0.8 else (created if status != 1 else None)
            shipped = (_tz_stamp(rng, day + timedelta(days=rng.randrange(1, 6)), s[4])
                       if status in (3, 4, 6) and not digital_only else None)
            modified = _tz_stamp(rng, min(today, day + timedelta(days=rng.randrange(0, 20))), country)
            orders.append((oid, buyer, s[0], status, sub, ship, disc, round(sub + ship - disc, 2), coupon,
                           1 if rng.random() < 0.14 else 0, country, paid, shipped, created, modified))
    conn.executemany('INSERT INTO "orders_order" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)', orders)
    conn.executemany('INSERT INTO "orders_orderitem" VALUES (?,?,?,?,?,?)', items)

    # reviews: about a third of delivered items, mostly five stars, slower shops rated lower
    mood = {s[0]: rng.choice((0.0, 0.0, 0.3, 0.8)) for s in shops}
    order_of = {o[0]: o for o in orders}
    reviews = []
    for it in items:
        o = order_of[it[1]]
        if o[3] != 4 or rng.random() > 0.34:
            continue
        d = date.fromisoformat(o[13][:10]) + timedelta(days=rng.randrange(5, 40))
        if d > today:
            continue
        rating = max(1, min(5, round(rng.choices((5, 4, 3, 2, 1), weights=(62, 22, 8, 4, 4))[0] - mood[o[2]] *
                                     rng.random() * 1.2)))
        body = None if rng.random() < 0.3 else rng.choice(
            ("Beautiful work, arrived quickly.", "Exactly as pictured.", "Lovely gift, my sister adored it.",
             "Smaller than I expected.", "Took a long time to ship.", "Great quality, will buy again.",
             "Colour was a bit different from the photo.", "Perfect!", "Packaging was damaged."))
        reply = "Thank you so much!" if body and rng.random() < 0.25 else None
        stamp = _tz_stamp(rng, d, o[10])
        reviews.append((len(reviews) + 1, o[0], it[2], o[1], rating, body, reply, stamp, stamp))
    conn.executemany('INSERT INTO "reviews_review" VALUES (?,?,?,?,?,?,?,?,?)', reviews)

    # payouts: monthly per shop, on paid-through orders; the commission rate of the shop is the fee
    gross: dict[tuple[int, str], float] = {}
    for o in orders:
        if o[3] in (2, 3, 4):
            k = (o[2], o[13][:7])
            gross[k] = gross.get(k, 0.0) + o[7]
    rate = {s[0]: s[7] for s in shops}
    country_of = {s[0]: s[4] for s in shops}
    payouts = []
    for (sid, ym) in sorted(gross, key=lambda k: (k[1], k[0])):
        y, m = int(ym[:4]), int(ym[5:])
        p_start = date(y, m, 1)
        p_end = date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
        g = round(gross[(sid, ym)], 2)
        fee = round(g * rate[sid] + 0.25, 2)
        pay_day = p_end + timedelta(days=rng.randrange(3, 9))
        if pay_day > today:
            status, paid_at = 1, None
        elif rng.random() < 0.02:
            status, paid_at = 3, None
        else:
            status, paid_at = 2, _tz_stamp(rng, pay_day, country_of[sid], 9, 17)
        made = _tz_stamp(rng, p_end + timedelta(days=1), country_of[sid], 1, 5)
        payouts.append((len(payouts) + 1, sid, p_start.isoformat(), p_end.isoformat(), g, fee, round(g - fee, 2),
                        status, paid_at, made, paid_at or made))
    conn.executemany('INSERT INTO "payouts_payout" VALUES (?,?,?,?,?,?,?,?,?,?,?)', payouts)
# ---------------------------------------------------------------- dispatch (field-service spreadsheet export, spaced headers)

DSP_REGIONS = (  # region, manager, office city, monthly target (dollars)
    ("North", "Karen Holt", "Plano", 60000.0), ("South", "Luis Ortega", "Waxahachie", 45000.0),
    ("East", "Denise Carter", "Mesquite", 50000.0), ("West", "Brian Novak", "Fort Worth", 65000.0),
    ("Central", "Anita Shah", "Dallas", 70000.0),
)
DSP_CITIES = {"North": (("Plano", "75074"), ("Frisco", "75034"), ("Allen", "75002")),
              "South": (("Waxahachie", "75165"), ("Lancaster", "75146"), ("DeSoto", "75115")),
              "East": (("Mesquite", "75149"), ("Garland", "75040"), ("Rowlett", "75088")),
              "West": (("Fort Worth", "76102"), ("Arlington", "76010"), ("Grand Prairie", "75050")),
              "Central": (("Dallas", "75201"), ("Irving", "75061"), ("Richardson", "75080"))}
DSP_STREETS = ("Oak St", "Maple Ave", "Cedar Ln", "Elm Dr", "Pecan Blvd", "Main St", "Lakeview Dr", "Ridge Rd",
               "Willow Way", "Bluebonnet Ct", "Mockingbird Ln", "Sunset Blvd", "Live Oak Dr", "Prairie Trl")
DSP_BUSINESSES = ("Lone Star Diner", "Parkside Dental", "Bluebonnet Apartments", "Trinity Office Park",
                  "Cedar Creek Church", "Metro Fitness", "Golden Wok", "Sunrise Senior Living", "Oak Lawn Salon",
                  "Frisco Auto Spa", "Hilltop Elementary", "Prairie Vet Clinic", "Mesquite Grill", "Redbird Motel",
                  "Northgate Plaza", "Westside Laundromat", "Riverside Bakery", "Summit Storage",
                  "Pioneer Hardware", "Brookhaven Condos", "Legacy Medical Center", "Garland Gymnastics",
                  "Rowlett Marina Cafe", "Irving Print Shop", "Arlington Dance Studio", "Uptown Coffee Co",
                  "Deep Ellum Brewing", "Main Street Pharmacy", "Allen Pet Resort", "Richardson Day Care")
DSP_PROBLEMS = {  # job type: service type: problem descriptions
    "Plumbing": {"Repair": ("Leaking faucet", "Clogged drain", "Running toilet", "Burst pipe", "Low water pressure",
                            "Garbage disposal jammed", "Sewer line backup", "Slab leak"),
                 "Installation": ("Water heater replacement", "New toilet install", "Tankless water heater install",
                                  "Water softener install", "Sump pump install"),
                 "Maintenance": ("Water heater flush", "Drain cleaning", "Backflow test"),
                 "Inspection": ("Camera inspection", "Pre-purchase plumbing inspection")},
    "HVAC": {"Repair": ("AC not cooling", "Furnace not igniting", "Thermostat not responding", "Refrigerant leak",
                        "Blower motor noisy", "Frozen evaporator coil", "Condensate line clogged"),
             "Installation": ("New AC condenser install", "Furnace replacement", "Smart thermostat install",
                              "Ductless mini-split install"),
             "Maintenance": ("Spring AC tune-up", "Fall furnace tune-up", "Filter change"),
             "Inspection": ("Duct inspection", "Carbon monoxide check")},
}
DSP_PARTS = (  # part number, description, category, trade, unit cost, list price, supplier
    ("PL-1001", "1/2 in. Ball Valve", "Valves & Fittings", "Plumbing", 8.40, 18.00, "Ferguson"),
    ("PL-1002", "3/4 in. Copper Elbow", "Valves & Fittings", "Plumbing", 2.10, 6.50, "Ferguson"),
    ("PL-1003", "Wax Ring Kit", "Fixtures", "Plumbing", 4.25, 12.00, "Hajoca"),
    ("PL-1004", "Toilet Fill Valve", "Fixtures", "Plumbing", 9.80, 24.00, "Hajoca"),
    ("PL-1005", "Kitchen Faucet Cartridge", "Fixtures", "Plumbing", 14.50, 38.00, "Ferguson"),
    ("PL-1006", "1/2 in. PEX Pipe (10 ft)", "Pipe", "Plumbing", 6.75, 16.00, "Ferguson"),
    ("PL-1007", "2 in. PVC Pipe (10 ft)", "Pipe", "Plumbing", 11.20, 26.00, "Hajoca"),
    ("PL-1008", "40 Gal Gas Water Heater", "Water Heaters", "Plumbing", 585.00, 1150.00, "Ferguson"),
    ("PL-1009", "50 Gal Electric Water Heater", "Water Heaters", "Plumbing", 640.00, 1250.00, "Ferguson"),
    ("PL-1010", "Tankless Water Heater", "Water Heaters", "Plumbing", 1180.00, 2300.00, "Hajoca"),
    ("PL-1011", "Garbage Disposal 3/4 HP", "Fixtures", "Plumbing", 135.00, 289.00, "Hajoca"),
    ("PL-1012", "Sump Pump 1/3 HP", "Pumps", "Plumbing", 118.00, 259.00, "Ferguson"),
    ("PL-1013", "Anode Rod", "Water Heaters", "Plumbing", 22.00, 55.00, "Ferguson"),
    ("PL-1014", "Pressure Reducing Valve", "Valves & Fittings", "Plumbing", 64.00, 145.00, "Hajoca"),
    ("PL-1015", "Toilet (Elongated)", "Fixtures", "Plumbing", 165.00, 349.00, "Hajoca"),
    ("HV-2001", "Pleated Air Filter 16x25", "Filters", "HVAC", 5.50, 15.00, "Johnstone Supply"),
    ("HV-2002", "Run Capacitor 45/5 MFD", "Electrical", "HVAC", 12.00, 85.00, "Johnstone Supply"),
    ("HV-2003", "Contactor 2-Pole 30A", "Electrical", "HVAC", 14.50, 95.00, "Johnstone Supply"),
    ("HV-2004", "R-410A Refrigerant (lb)", "Refrigerant", "HVAC", 18.00, 75.00, "Carrier Enterprise"),
    ("HV-2005", "Programmable Thermostat", "Thermostats", "HVAC", 48.00, 129.00, "Carrier Enterprise"),
    ("HV-2006", "Smart Thermostat", "Thermostats", "HVAC", 145.00, 299.00, "Carrier Enterprise"),
    ("HV-2007", "Blower Motor 1/2 HP", "Motors", "HVAC", 210.00, 465.00, "Johnstone Supply"),
    ("HV-2008", "Condenser Fan Motor", "Motors", "HVAC", 155.00, 380.00, "Johnstone Supply"),
    ("HV-2009", "Flame Sensor", "Electrical", "HVAC", 9.00, 65.00, "Carrier Enterprise"),
    ("HV-2010", "Hot Surface Igniter", "Electrical", "HVAC", 24.00, 120.00, "Carrier Enterprise"),
    ("HV-2011", "3 Ton AC Condenser", "Equipment", "HVAC", 2150.00, 4200.00, "Carrier Enterprise"),
    ("HV-2012", "80K BTU Gas Furnace", "Equipment", "HVAC", 1650.00, 3400.00, "Carrier Enterprise"),
    ("HV-2013", "Mini-Split Head Unit", "Equipment", "HVAC", 890.00, 1900.00, "Johnstone Supply"),
    ("HV-2014", "Condensate Pump", "Pumps", "HVAC", 58.00, 140.00, "Johnstone Supply"),
    ("HV-2015", "Evaporator Coil Cleaner", "Chemicals", "HVAC", 9.50, 28.00, "Johnstone Supply"),
    ("HV-2016", "Duct Tape Foil (roll)", "Supplies", "HVAC", 7.00, 14.00, "Johnstone Supply"),
)
DSP_PARTS_FOR = {  # problem keyword -> part numbers that fit it
    "faucet": ("PL-1005", "PL-1001"), "drain": ("PL-1007",), "toilet": ("PL-1003", "PL-1004", "PL-1015"),
    "pipe": ("PL-1006", "PL-1002", "PL-1001"), "pressure": ("PL-1014",), "disposal": ("PL-1011",),
    "sewer": ("PL-1007",), "slab": ("PL-1006", "PL-1002"), "water heater": ("PL-1008", "PL-1009", "PL-1013"),
    "tankless": ("PL-1010",), "softener": ("PL-1001", "PL-1006"), "sump": ("PL-1012",), "flush": ("PL-1013",),
    "backflow": ("PL-1001",), "ac not": ("HV-2002", "HV-2003", "HV-2004"), "furnace not": ("HV-2009", "HV-2010"),
    "thermostat": ("HV-2005", "HV-2006"), "refrigerant": ("HV-2004",), "blower": ("HV-2007",),
    "coil": ("HV-2015", "HV-2004"), "condensate": ("HV-2014",), "condenser": ("HV-2011", "HV-2016"),
    "furnace replacement": ("HV-2012", "HV-2016"), "mini-split": ("HV-2013",), "tune-up": ("HV-2001", "HV-2015"),
    "filter": ("HV-2001",), "duct": ("HV-2016",),
}
DSP_DISPATCHERS = ("Tammy Reed", "Jorge Salinas", "Megan Cho", "Phil Dawson")


def _us(d: date | None) -> str | None:
    """A spreadsheet date exported as text, US style MM/DD/YYYY."""
    return d.strftime("%m/%d/%Y") if d else None


def _dollars(x: float) -> str:
    """Money exported with the currency format kept: '$1,234.50'."""
    return f"${x:,.2f}"


def build_dispatch(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE "Regions" ("Region" TEXT PRIMARY KEY, "Region Manager" TEXT NOT NULL, "Office City" TEXT NOT NULL,
        "Monthly Target ($)" REAL NOT NULL);
    CREATE TABLE "Technicians" ("Tech ID" INTEGER PRIMARY KEY, "Tech Name" TEXT NOT NULL,
        "Region" TEXT NOT NULL REFERENCES "Regions"("Region"), "Trade" TEXT NOT NULL, "Cert Level" TEXT NOT NULL,
        "Hire Date" TEXT NOT NULL, "Hourly Rate ($)" REAL NOT NULL, "Van #" TEXT, "Cell Phone" TEXT,
        "Active?" TEXT NOT NULL, "Term Date" TEXT);
    CREATE TABLE "Customers" ("Cust ID" INTEGER PRIMARY KEY, "Customer Name" TEXT NOT NULL,
        "Customer Type" TEXT NOT NULL, "Street Address" TEXT NOT NULL, "City" TEXT NOT NULL, "State" TEXT NOT NULL,
        "Zip" TEXT NOT NULL, "Region" TEXT NOT NULL REFERENCES "Regions"("Region"), "Phone" TEXT, "Email" TEXT,
        "Customer Since" TEXT NOT NULL, "Referral Source" TEXT);
    CREATE TABLE "Job Log" ("Job #" INTEGER PRIMARY KEY, "Date Opened" TEXT NOT NULL, "Date Scheduled" TEXT,
        "Date Closed" TEXT, "Cust ID" INTEGER NOT NULL REFERENCES "Customers"("Cust ID"), "Customer Name" TEXT NOT NULL,
        "Customer Type" TEXT NOT NULL, "Service Address" TEXT NOT NULL, "City" TEXT NOT NULL, "Zip" TEXT NOT NULL,
        "Region" TEXT NOT NULL, "Tech ID" INTEGER REFERENCES "Technicians"("Tech ID"), "Tech Name" TEXT,
        "Tech Region" TEXT, "Job Type" TEXT NOT NULL, "Service Type" TEXT NOT NULL, "Problem Description" TEXT NOT NULL,
        "Priority" TEXT NOT NULL, "Status" TEXT NOT NULL, "Labor Hours" REAL, "Labor Rate ($/hr)" REAL,
        "Labor Cost ($)" REAL, "Parts Cost ($)" REAL, "Trip Charge ($)" REAL, "Job Total ($)" REAL,
        "After Hours?" TEXT NOT NULL, "Warranty?" TEXT NOT NULL, "Callback?" TEXT NOT NULL, "Rating (1-5)" INTEGER,
        "Dispatcher" TEXT NOT NULL);
    CREATE TABLE "Parts List" ("Part #" TEXT PRIMARY KEY, "Part Description" TEXT NOT NULL, "Category" TEXT NOT NULL,
        "Trade" TEXT NOT NULL, "Unit Cost ($)" REAL NOT NULL, "List Price ($)" REAL NOT NULL, "Supplier" TEXT NOT NULL);
    CREATE TABLE "Parts Used" ("Line ID" INTEGER PRIMARY KEY, "Job #" INTEGER NOT NULL REFERENCES "Job Log"("Job #"),
        "Part #" TEXT NOT NULL REFERENCES "Parts List"("Part #"), "Part Description" TEXT NOT NULL, "Qty" INTEGER NOT NULL,
        "Unit Price ($)" REAL NOT NULL, "Line Total ($)" REAL NOT NULL);
    CREATE TABLE "Invoices" ("Invoice #" TEXT PRIMARY KEY, "Job #" INTEGER NOT NULL REFERENCES "Job Log"("Job #"),
        "Invoice Date" TEXT NOT NULL, "Customer Name" TEXT NOT NULL, "Subtotal" TEXT NOT NULL, "Sales Tax" TEXT NOT NULL,
        "Invoice Total" TEXT NOT NULL, "Terms" TEXT NOT NULL, "Paid?" TEXT NOT NULL, "Date Paid" TEXT,
        "Payment Method" TEXT);
    CREATE TABLE "Service Agreements" ("Agreement #" TEXT PRIMARY KEY,
        "Cust ID" INTEGER NOT NULL REFERENCES "Customers"("Cust ID"), "Plan" TEXT NOT NULL, "Start Date" TEXT NOT NULL,
        "End Date" TEXT NOT NULL, "Annual Fee ($)" REAL NOT NULL, "Visits Included" INTEGER NOT NULL,
        "Auto Renew?" TEXT NOT NULL, "Status" TEXT NOT NULL);
    """)
    conn.executemany('INSERT INTO "Regions" VALUES (?,?,?,?)', DSP_REGIONS)
    conn.executemany('INSERT INTO "Parts List" VALUES (?,?,?,?,?,?,?)', DSP_PARTS)
    regions = [r[0] for r in DSP_REGIONS]
    start, end = date(2022, 1, 1), date(2024, 12, 31)

    techs = []
    seen: set[str] = set()
    trades = ["Plumbing"] * 10 + ["HVAC"] * 10 + ["Both"] * 4
    rng.shuffle(trades)
    for tid, trade in enumerate(trades, 1):
        fn, ln = _name(rng)
        while f"{fn} {ln}" in seen:
            fn, ln = _name(rng)
        seen.add(f"{fn} {ln}")
        hired = _day(rng, date(2012, 1, 1), date(2024, 6, 30))
        level = rng.choices(("Apprentice", "Journeyman", "Master"), weights=(25, 50, 25))[0]
        wage = round(rng.uniform(*{"Apprentice": (22, 29), "Journeyman": (31, 42), "Master": (44, 58)}[level]), 2)
        term = None
        if rng.random() < 0.17 and hired < date(2023, 6, 1):
            term = _day(rng, max(hired + timedelta(days=200), date(2022, 6, 1)), date(2024, 10, 31))
        techs.append([tid, f"{fn} {ln}", regions[(tid - 1) % 5], trade, level, hired, wage,
                      None if rng.random() < 0.1 else f"V-{100 + tid}",
                      None if rng.random() < 0.08 else f"(214) 555-{rng.randrange(1000, 10000)}",
                      "No" if term else "Yes", term])
    conn.executemany('INSERT INTO "Technicians" VALUES (?,?,?,?,?,?,?,?,?,?,?)',
                     [t[:5] + [_us(t[5])] + t[6:10] + [_us(t[10])] for t in techs])

    customers = []
    names: set[str] = set()
    for cid in range(1, 341):
        commercial = rng.random() < 0.22
        if commercial:
            base = rng.choice(DSP_BUSINESSES)
            name = base if base not in names else f"{base} #{sum(n.startswith(base) for n in names) + 1}"
        else:
            fn, ln = _name(rng)
            name = f"{fn} {ln}"
            while name in names:
                fn, ln = _name(rng)
                name = f"{fn} {ln}"
        names.add(name)
        region = rng.choices(regions, weights=(24, 14, 18, 20, 24))[0]
        city, zipc = rng.choice(DSP_CITIES[region])
        since = _day(rng, date(2015, 1, 1), date(2024, 11, 30))
        first = name.split()[0].lower()
        customers.append((cid, name, "Commercial" if commercial else "Residential",
                          f"{rng.randrange(100, 9900)} {rng.choice(DSP_STREETS)}", city, "TX", zipc, region,
                          None if rng.random() < 0.07 else f"(972) 555-{rng.randrange(1000, 10000)}",
                          None if rng.random() < 0.3 else f"{first}{cid}@mail.example",
                          _us(since), None if rng.random() < 0.35 else
                          rng.choice(("Google", "Yelp", "Referral", "Nextdoor", "Yard Sign", "Repeat"))))
    conn.executemany('INSERT INTO "Customers" VALUES (?,?,?,?,?,?,?,?,?,?,?,?)', customers)
    since_of = {c[0]: datetime.strptime(c[10], "%m/%d/%Y").date() for c in customers}

    jobs, parts_used, invoices = [], [], []
    cust_w = [rng.uniform(0.2, 3.0) if c[2] == "Residential" else rng.uniform(1.0, 6.0) for c in customers]
    # ~12 customers never called us (signed up from a mailer, never booked)
    for i in rng.sample(range(len(customers)), 12):
        cust_w[i] = 0.0
    job_no = 24000
    part = {p[0]: p for p in DSP_PARTS}
    calls = []
    for year, n in ((2022, 430), (2023, 520), (2024, 610)):
        for _ in range(n):
            opened = _day(rng, date(year, 1, 1), date(year, 12, 31))
            cust = rng.choices(customers, weights=cust_w)[0]
            if since_of[cust[0]] > opened:
                opened = min(since_of[cust[0]] + timedelta(days=rng.randrange(0, 20)), end)
            calls.append((opened, cust))
    calls.sort(key=lambda c: (c[0], c[1][0]))
    for opened, cust in calls:
        hvac_w = 0.65 if opened.month in (6, 7, 8, 12, 1) else 0.45
        jtype = "HVAC" if rng.random() < hvac_w else "Plumbing"
        stype = rng.choices(("Repair", "Installation", "Maintenance", "Inspection"), weights=(58, 14, 21, 7))[0]
        problem = rng.choice(DSP_PROBLEMS[jtype][stype])
        priority = rng.choices(("Low", "Normal", "High", "Emergency"), weights=(12, 55, 22, 11))[0]
        if stype in ("Maintenance", "Inspection") and priority == "Emergency":
            priority = "Normal"
        pool = [t for t in techs if t[3] in (jtype, "Both") and t[5] <= opened and (t[10] is None or t[10] > opened)]
        local = [t for t in pool if t[2] == cust[7]]
        tech = rng.choice(local if local and rng.random() < 0.8 else pool) if pool else None
        status = "Completed"
        r = rng.random()
        if opened > date(2024, 12, 10) and r < 0.6:
            status = rng.choice(("Open", "Open", "On Hold"))
        elif r < 0.07:
            status = "Cancelled"
        if status == "Open" and rng.random() < 0.3:
            tech = None
        sched = None if status == "Open" and tech is None else opened + timedelta(
            days=0 if priority == "Emergency" else rng.randrange(0, 6))
        after = "Yes" if priority == "Emergency" and rng.random() < 0.6 or rng.random() < 0.04 else "No"
        warranty = "Yes" if stype == "Repair" and rng.random() < 0.08 else "No"
        callback = "Yes" if stype == "Repair" and rng.random() < 0.06 else "No"
        job_no += 1
        hours = rate = labor = parts_cost = trip = total = rating = closed = None
        if status == "Completed":
            assert sched is not None and tech is not None
            closed = sched + timedelta(days=rng.choices((0, 1, 2, 3, 5, 8), weights=(50, 22, 12, 8, 5, 3))[0])
            if closed > end:
                closed = end
            hours = {"Repair": rng.choice((1.0, 1.5, 2.0, 2.5, 3.0, 4.0)),
                     "Installation": rng.choice((3.0, 4.0, 5.0, 6.0, 8.0)),
                     "Maintenance": rng.choice((1.0, 1.0, 1.5)), "Inspection": rng.choice((1.0, 1.5, 2.0))}[stype]
            rate = {"Apprentice": 95.0, "Journeyman": 125.0, "Master": 155.0}[tech[4]] * (
                1.5 if after == "Yes" else 1.0)
            labor = 0.0 if warranty == "Yes" else round(hours * rate, 2)
            trip = 0.0 if warranty == "Yes" or cust[0] % 7 == 0 else (89.0 if after == "Yes" else 59.0)
            fits = [pn for key, pns in DSP_PARTS_FOR.items() if key in problem.lower() for pn in pns]
            lines = []
            if fits and (stype != "Inspection") and rng.random() < 0.85:
                for pn in rng.sample(fits, rng.randint(1, min(3, len(fits)))):
                    qty = rng.choice((1, 1, 1, 2)) if part[pn][4] < 100 else 1
                    if pn == "HV-2004":
                        qty = rng.randint(1, 6)
                    price = part[pn][5]
                    lines.append((job_no, pn, part[pn][1], qty, price, round(qty * price, 2)))
            parts_cost = 0.0 if warranty == "Yes" else round(sum(li[5] for li in lines), 2)
            parts_used.extend(lines)
            total = round(labor + parts_cost + trip, 2)
            rating = None if rng.random() < 0.55 else rng.choices((1, 2, 3, 4, 5), weights=(3, 4, 10, 30, 53))[0]
            if total > 0:
                inv_day = closed + timedelta(days=rng.choice((0, 0, 1, 2)))
                if inv_day > end:
                    inv_day = end
                tax = round(parts_cost * 0.0825, 2)
                terms = "Net 30" if cust[2] == "Commercial" else "Due on Receipt"
                paid = "Yes"
                if inv_day > date(2024, 11, 15) and rng.random() < 0.55 or rng.random() < 0.05:
                    paid = "No"
                lag = rng.randrange(10, 45) if terms == "Net 30" else rng.randrange(0, 8)
                paid_on = inv_day + timedelta(days=lag) if paid == "Yes" else None
                if paid_on and paid_on > date(2025, 1, 20):
                    paid_on = date(2025, 1, 20)
                method = None if paid == "No" else rng.choices(("Credit Card", "Check", "ACH", "Cash"),
                                                               weights=(55, 20, 15, 10))[0]
                if cust[2] == "Commercial" and method == "Cash":
                    method = "Check"
                invoices.append((f"INV-{job_no}", job_no, _us(inv_day), cust[1], _dollars(total),
                                 _dollars(tax), _dollars(total + tax), terms, paid, _us(paid_on), method))
        elif status == "Cancelled":
            hours, labor, parts_cost = 0.0, 0.0, 0.0
            trip = 59.0 if rng.random() < 0.3 else 0.0
            total = trip
        jobs.append((job_no, _us(opened), _us(sched), _us(closed), cust[0], cust[1], cust[2], cust[3], cust[4],
                     cust[6], cust[7], tech[0] if tech else None, tech[1] if tech else None,
                     tech[2] if tech else None, jtype, stype, problem, priority, status, hours, rate, labor,
                     parts_cost, trip, total, after, warranty, callback, rating, rng.choice(DSP_DISPATCHERS)))
    conn.executemany('INSERT INTO "Job Log" VALUES (' + ",".join("?" * 30) + ")", jobs)
    conn.executemany('INSERT INTO "Parts Used" VALUES (?,?,?,?,?,?,?)', [(i,) + li for i, li in enumerate(parts_used, 1)])
    conn.executemany('INSERT INTO "Invoices" VALUES (?,?,?,?,?,?,?,?,?,?,?)', invoices)

    agreements = []
    fees = {"Silver": (149.0, 1), "Gold": (249.0, 2), "Platinum": (399.0, 4)}
    for cust in rng.sample(customers, 95):
        s = _day(rng, max(start, since_of[cust[0]]), date(2024, 10, 31))
        while s <= end:
            plan = rng.choices(tuple(fees), weights=(45, 40, 15))[0]
            e = date(s.year + 1, s.month, min(s.day, 28)) - timedelta(days=1)
            auto = "Yes" if rng.random() < 0.6 else "No"
            status = "Active" if e >= end else "Expired"
            cancel = rng.random() < 0.08
            if cancel:
                status = "Cancelled"
            fee = fees[plan][0] * (1.6 if cust[2] == "Commercial" else 1.0)
            agreements.append((f"SA-{3000 + len(agreements) + 1}", cust[0], plan, _us(s), _us(e), round(fee, 2),
                               fees[plan][1], auto, status))
            if cancel or auto == "No" and rng.random() < 0.5:
                break
            s = e + timedelta(days=1)
    conn.executemany('INSERT INTO "Service Agreements" VALUES (?,?,?,?,?,?,?,?,?)', agreements)


# ---------------------------------------------------------------- leasing (Dynamics 365 / Dataverse export)

LSE_CURRENCIES = (("USD", "US Dollar", "$", 1.0, 78), ("CAD", "Canadian Dollar", "CA$", 1.36, 15),
                  ("EUR", "Euro", "€", 0.92, 7))
LSE_INDUSTRIES = ((1, "Construction", 34), (2, "Agriculture", 12), (3, "Manufacturing", 18),
                  (4, "Logistics and Warehousing", 20), (5, "Mining", 6), (6, "Utilities", 5),
                  (7, "Events and Entertainment", 5))
LSE_CATEGORIES = ((858880000, "Forklift", 28000, 62000, 30), (858880001, "Excavator", 95000, 240000, 14),
                  (858880002, "Generator", 18000, 75000, 16), (858880003, "Aerial Work Platform", 35000, 90000, 16),
                  (858880004, "Air Compressor", 9000, 30000, 10), (858880005, "Telehandler", 70000, 150000, 14))
LSE_MAKERS = {858880000: ("Toyota", "Hyster", "Crown"), 858880001: ("Caterpillar", "Komatsu", "Volvo"),
              858880002: ("Generac", "Cummins", "Atlas Copco"), 858880003: ("JLG", "Genie", "Skyjack"),
              858880004: ("Atlas Copco", "Sullair", "Doosan"), 858880005: ("JCB", "Manitou", "Caterpillar")}
LSE_CITIES = (("Houston", "TX", "United States"), ("Dallas", "TX", "United States"), ("Phoenix", "AZ", "United States"),
              ("Denver", "CO", "United States"), ("Chicago", "IL", "United States"), ("Atlanta", "GA", "United States"),
              ("Columbus", "OH", "United States"), ("Sacramento", "CA", "United States"))
LSE_CITIES_CAD = (("Calgary", "AB", "Canada"), ("Toronto", "ON", "Canada"), ("Vancouver", "BC", "Canada"))
LSE_CITIES_EUR = (("Rotterdam", "ZH", "Netherlands"), ("Hamburg", "HH", "Germany"), ("Lyon", "ARA", "France"))
LSE_WORDS = (("Summit", "Ironwood", "Redrock", "Bluewater", "Granite", "Prairie", "Lakeshore", "Northstar", "Cedar",
              "Pioneer", "Keystone", "Harbor", "Silverline", "Evergreen", "Titan", "Copper", "Falcon", "Meridian"),
             ("Construction", "Builders", "Farms", "Logistics", "Warehousing", "Mining", "Energy", "Events",
              "Fabrication", "Contractors", "Distribution", "Industries", "Materials", "Earthworks"),
             ("Inc", "LLC", "Corp", "Ltd", "Group", "Co"))
LSE_CASE_TITLES = {1: ("Question about invoice", "How do I extend my lease?", "Request for lease statement",
                       "Question about security deposit"),
                   2: ("Hydraulic leak", "Engine will not start", "Battery not charging", "Warning light on dashboard",
                       "Excessive vibration", "Flat tyre on delivery"),
                   3: ("Request additional unit", "Request early return", "Request operator training",
                       "Request relocation to new site")}


def _guid(rng: random.Random) -> str:
    """A Dataverse record id: a lowercase version-4 GUID."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"


def _utc(rng: random.Random, d: date, lo: int = 13, hi: int = 23) -> str:
    """A Dataverse UTC timestamp as exported: ISO 8601 with a trailing Z."""
    return datetime(d.year, d.month, d.day, rng.randrange(lo, hi), rng.randrange(60), rng.randrange(60)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def build_leasing(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE transactioncurrency (transactioncurrencyid TEXT PRIMARY KEY, isocurrencycode TEXT NOT NULL,
        currencyname TEXT NOT NULL, currencysymbol TEXT NOT NULL, exchangerate REAL NOT NULL,
        currencyprecision INTEGER NOT NULL, statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL,
        createdon TEXT NOT NULL);
    CREATE TABLE stringmap (stringmapid TEXT PRIMARY KEY, objecttypecode TEXT NOT NULL, attributename TEXT NOT NULL,
        attributevalue INTEGER NOT NULL, value TEXT NOT NULL, displayorder INTEGER NOT NULL, langid INTEGER NOT NULL);
    CREATE TABLE systemuser (systemuserid TEXT PRIMARY KEY, fullname TEXT NOT NULL, firstname TEXT, lastname TEXT,
        domainname TEXT NOT NULL, title TEXT, internalemailaddress TEXT, isdisabled INTEGER NOT NULL,
        createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE account (accountid TEXT PRIMARY KEY, name TEXT NOT NULL, accountnumber TEXT,
        _parentaccountid_value TEXT REFERENCES account(accountid), _primarycontactid_value TEXT,
        industrycode INTEGER, customertypecode INTEGER, address1_city TEXT, address1_stateorprovince TEXT,
        address1_country TEXT, numberofemployees INTEGER, telephone1 TEXT,
        _transactioncurrencyid_value TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        creditlimit REAL, creditlimit_base REAL, cr5f3_creditonhold INTEGER NOT NULL,
        cr5f3_preferredcustomer INTEGER NOT NULL, _ownerid_value TEXT REFERENCES systemuser(systemuserid),
        statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL, createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE contact (contactid TEXT PRIMARY KEY, firstname TEXT, lastname TEXT NOT NULL, fullname TEXT NOT NULL,
        jobtitle TEXT, emailaddress1 TEXT, telephone1 TEXT,
        _parentcustomerid_value TEXT REFERENCES account(accountid), donotemail INTEGER NOT NULL,
        statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL, createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE opportunity (opportunityid TEXT PRIMARY KEY, name TEXT NOT NULL,
        _customerid_value TEXT NOT NULL REFERENCES account(accountid),
        _parentcontactid_value TEXT REFERENCES contact(contactid),
        _ownerid_value TEXT REFERENCES systemuser(systemuserid),
        _transactioncurrencyid_value TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        estimatedvalue REAL, estimatedvalue_base REAL, actualvalue REAL, actualvalue_base REAL,
        closeprobability INTEGER, estimatedclosedate TEXT, actualclosedate TEXT, stepname TEXT,
        statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL, createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE quote (quoteid TEXT PRIMARY KEY, quotenumber TEXT NOT NULL, name TEXT NOT NULL,
        revisionnumber INTEGER NOT NULL, _opportunityid_value TEXT REFERENCES opportunity(opportunityid),
        _customerid_value TEXT NOT NULL REFERENCES account(accountid),
        _transactioncurrencyid_value TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        totalamount REAL, totalamount_base REAL, effectivefrom TEXT, effectiveto TEXT,
        statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL, createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE cr5f3_lease (cr5f3_leaseid TEXT PRIMARY KEY, cr5f3_name TEXT NOT NULL,
        _cr5f3_accountid_value TEXT NOT NULL REFERENCES account(accountid),
        _cr5f3_opportunityid_value TEXT REFERENCES opportunity(opportunityid),
        _ownerid_value TEXT REFERENCES systemuser(systemuserid), cr5f3_leasetype INTEGER NOT NULL,
        cr5f3_startdate TEXT NOT NULL, cr5f3_enddate TEXT NOT NULL, cr5f3_termmonths INTEGER NOT NULL,
        _transactioncurrencyid_value TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        cr5f3_monthlypayment REAL NOT NULL, cr5f3_monthlypayment_base REAL NOT NULL,
        cr5f3_securitydeposit REAL, cr5f3_securitydeposit_base REAL, cr5f3_autorenew INTEGER NOT NULL,
        cr5f3_terminatedon TEXT, statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL, createdon TEXT NOT NULL,
        modifiedon TEXT NOT NULL);
    CREATE TABLE cr5f3_asset (cr5f3_assetid TEXT PRIMARY KEY, cr5f3_name TEXT NOT NULL, cr5f3_serialnumber TEXT,
        cr5f3_category INTEGER NOT NULL, cr5f3_manufacturer TEXT, cr5f3_model TEXT, cr5f3_acquisitiondate TEXT,
        _transactioncurrencyid_value TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        cr5f3_purchasecost REAL, cr5f3_purchasecost_base REAL, cr5f3_meterhours INTEGER,
        _cr5f3_currentleaseid_value TEXT REFERENCES cr5f3_lease(cr5f3_leaseid), cr5f3_gpsenabled INTEGER NOT NULL,
        statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL, createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE invoice (invoiceid TEXT PRIMARY KEY, invoicenumber TEXT NOT NULL, name TEXT NOT NULL,
        _customerid_value TEXT NOT NULL REFERENCES account(accountid),
        _cr5f3_leaseid_value TEXT REFERENCES cr5f3_lease(cr5f3_leaseid),
        _transactioncurrencyid_value TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        totallineitemamount REAL, totallineitemamount_base REAL, totaltax REAL, totaltax_base REAL,
        totalamount REAL, totalamount_base REAL, cr5f3_amountpaid REAL, cr5f3_amountpaid_base REAL,
        cr5f3_balancedue REAL, cr5f3_balancedue_base REAL, cr5f3_invoicedate TEXT NOT NULL, duedate TEXT,
        cr5f3_paidon TEXT, ispricelocked INTEGER NOT NULL, statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL,
        createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE invoicedetail (invoicedetailid TEXT PRIMARY KEY,
        _invoiceid_value TEXT NOT NULL REFERENCES invoice(invoiceid), lineitemnumber INTEGER NOT NULL,
        productdescription TEXT, cr5f3_chargetype INTEGER NOT NULL, quantity REAL NOT NULL,
        _transactioncurrencyid_value TEXT REFERENCES transactioncurrency(transactioncurrencyid),
        priceperunit REAL, priceperunit_base REAL, extendedamount REAL, extendedamount_base REAL,
        createdon TEXT NOT NULL);
    CREATE TABLE incident (incidentid TEXT PRIMARY KEY, ticketnumber TEXT NOT NULL, title TEXT NOT NULL,
        _customerid_value TEXT NOT NULL REFERENCES account(accountid),
        _primarycontactid_value TEXT REFERENCES contact(contactid),
        _cr5f3_assetid_value TEXT REFERENCES cr5f3_asset(cr5f3_assetid),
        _ownerid_value TEXT REFERENCES systemuser(systemuserid), casetypecode INTEGER, prioritycode INTEGER,
        caseorigincode INTEGER, isescalated INTEGER NOT NULL, cr5f3_resolvedon TEXT, statecode INTEGER NOT NULL,
        statuscode INTEGER NOT NULL, createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE msdyn_workorder (msdyn_workorderid TEXT PRIMARY KEY, msdyn_name TEXT NOT NULL,
        _msdyn_serviceaccount_value TEXT NOT NULL REFERENCES account(accountid),
        _cr5f3_assetid_value TEXT REFERENCES cr5f3_asset(cr5f3_assetid),
        _msdyn_servicerequest_value TEXT REFERENCES incident(incidentid),
        _ownerid_value TEXT REFERENCES systemuser(systemuserid), cr5f3_workordertype INTEGER NOT NULL,
        msdyn_systemstatus INTEGER NOT NULL, msdyn_datewindowstart TEXT, msdyn_timeclosed TEXT,
        cr5f3_laborhours REAL, _transactioncurrencyid_value TEXT REFERENCES transactioncurrency(transactioncurrencyid),
        exchangerate REAL, msdyn_totalamount REAL, msdyn_totalamount_base REAL, cr5f3_isbillable INTEGER NOT NULL,
        statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL, createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    """)
    export = date(2025, 12, 31)
    smap: list[tuple] = []

    def options(entity: str, attr: str, pairs: tuple) -> dict[int, str]:
        for k, (v, label) in enumerate(pairs):
            smap.append((_guid(rng), entity, attr, v, label, k + 1, 1033))
        return dict(pairs)

    for ent in ("account", "contact"):
        options(ent, "statecode", ((0, "Active"), (1, "Inactive")))
        options(ent, "statuscode", ((1, "Active"), (2, "Inactive")))
    options("account", "industrycode", tuple((c, n) for c, n, _ in LSE_INDUSTRIES))
    options("account", "customertypecode", ((3, "Customer"), (8, "Prospect"), (9, "Reseller")))
    options("account", "cr5f3_creditonhold", ((0, "No"), (1, "Yes")))
    options("account", "cr5f3_preferredcustomer", ((0, "No"), (1, "Yes")))
    options("contact", "donotemail", ((0, "Allow"), (1, "Do Not Allow")))
    options("opportunity", "statecode", ((0, "Open"), (1, "Won"), (2, "Lost")))
    options("opportunity", "statuscode", ((1, "In Progress"), (2, "On Hold"), (3, "Won"), (4, "Canceled"),
                                          (5, "Out-Sold")))
    options("quote", "statecode", ((0, "Draft"), (1, "Active"), (2, "Won"), (3, "Closed")))
    options("quote", "statuscode", ((1, "In Progress"), (2, "In Progress"), (3, "Open"), (4, "Won"), (5, "Lost"),
                                    (6, "Canceled"), (7, "Revised")))
    options("cr5f3_lease", "statecode", ((0, "Active"), (1, "Inactive")))
    options("cr5f3_lease", "statuscode", ((1, "Active"), (858880000, "Pending Activation"), (2, "Expired"),
                                          (858880001, "Terminated Early")))
    options("cr5f3_lease", "cr5f3_leasetype", ((858880000, "Operating Lease"), (858880001, "Finance Lease"),
                                               (858880002, "Short-Term Rental")))
    options("cr5f3_lease", "cr5f3_autorenew", ((0, "No"), (1, "Yes")))
    options("cr5f3_asset", "statecode", ((0, "Active"), (1, "Inactive")))
    options("cr5f3_asset", "statuscode", ((1, "Available"), (858880000, "On Lease"), (858880001, "In Repair"),
                                          (2, "Retired")))
    options("cr5f3_asset", "cr5f3_category", tuple((c[0], c[1]) for c in LSE_CATEGORIES))
    options("cr5f3_asset", "cr5f3_gpsenabled", ((0, "No"), (1, "Yes")))
    options("invoice", "statecode", ((0, "Active"), (2, "Paid"), (3, "Canceled")))
    options("invoice", "statuscode", ((1, "New"), (4, "Billed"), (100001, "Complete"), (100002, "Partial"),
                                      (100003, "Canceled")))
    options("invoice", "ispricelocked", ((0, "No"), (1, "Yes")))
    options("invoicedetail", "cr5f3_chargetype", ((858880000, "Lease Payment"), (858880001, "Late Fee"),
                                                  (858880002, "Service Charge"), (858880003, "Damage Charge")))
    options("incident", "statecode", ((0, "Active"), (1, "Resolved"), (2, "Cancelled")))
    options("incident", "statuscode", ((1, "In Progress"), (2, "On Hold"), (3, "Waiting for Details"),
                                       (4, "Researching"), (5, "Problem Solved"), (1000, "Information Provided"),
                                       (6, "Cancelled"), (2000, "Merged")))
    options("incident", "casetypecode", ((1, "Question"), (2, "Problem"), (3, "Request")))
    options("incident", "prioritycode", ((1, "High"), (2, "Normal"), (3, "Low")))
    options("incident", "caseorigincode", ((1, "Phone"), (2, "Email"), (3, "Web"), (858880000, "Technician")))
    options("incident", "isescalated", ((0, "No"), (1, "Yes")))
    options("msdyn_workorder", "statecode", ((0, "Active"), (1, "Inactive")))
    options("msdyn_workorder", "statuscode", ((1, "Active"), (2, "Inactive")))
    options("msdyn_workorder", "msdyn_systemstatus", ((690970000, "Unscheduled"), (690970001, "Scheduled"),
                                                      (690970002, "In Progress"), (690970003, "Completed"),
                                                      (690970004, "Posted"), (690970005, "Canceled")))
    options("msdyn_workorder", "cr5f3_workordertype", ((858880000, "Preventive Maintenance"), (858880001, "Repair"),
                                                       (858880002, "Inspection"), (858880003, "Delivery and Setup")))
    options("msdyn_workorder", "cr5f3_isbillable", ((0, "No"), (1, "Yes")))

    cur_rows = []
    cur: dict[str, tuple[str, float]] = {}
    for iso, name, sym, rate, _ in LSE_CURRENCIES:
        cid = _guid(rng)
        cur[iso] = (cid, rate)
        cur_rows.append((cid, iso, name, sym, rate, 2, 0, 1, _utc(rng, date(2019, 3, 1))))
    conn.executemany("INSERT INTO transactioncurrency VALUES (?,?,?,?,?,?,?,?,?)", cur_rows)

    def base(amount: float | None, rate: float) -> float | None:
        return None if amount is None else round(amount / rate, 2)

    users = []
    reps, techs = [], []
    titles = ["Account Executive"] * 6 + ["Sales Manager"] + ["Field Technician"] * 8 + ["Service Manager"] + \
        ["Billing Specialist"] * 2
    seen_users: set[str] = set()
    for t in titles:
        while True:
            fn, ln = _name(rng)
            if f"{fn} {ln}" not in seen_users:
                seen_users.add(f"{fn} {ln}")
                break
        uid = _guid(rng)
        c = _day(rng, date(2019, 1, 1), date(2023, 12, 31))
        disabled = 1 if rng.random() < 0.12 else 0
        users.append((uid, f"{fn} {ln}", fn, ln, f"{fn[0].lower()}{ln.lower()}@contosolease.com", t,
                      f"{fn.lower()}.{ln.lower()}@contosolease.com", disabled, _utc(rng, c),
                      _utc(rng, _day(rng, c, export))))
        if t == "Account Executive":
            reps.append(uid)
        elif t == "Field Technician":
            techs.append(uid)
    conn.executemany("INSERT INTO systemuser VALUES (?,?,?,?,?,?,?,?,?,?)", users)

    accounts: list[list] = []
    acct_info: list[tuple[str, str, float, int]] = []  # (accountid, iso, rate, customertype)
    names: set[str] = set()
    for i in range(190):
        iso = rng.choices([c[0] for c in LSE_CURRENCIES], weights=[c[4] for c in LSE_CURRENCIES])[0]
        city = rng.choice(LSE_CITIES if iso == "USD" else LSE_CITIES_CAD if iso == "CAD" else LSE_CITIES_EUR)
        while True:
            nm = f"{rng.choice(LSE_WORDS[0])} {rng.choice(LSE_WORDS[1])} {rng.choice(LSE_WORDS[2])}"
            if nm not in names:
                names.add(nm)
                break
        ind = rng.choices([c for c, _, _ in LSE_INDUSTRIES], weights=[w for _, _, w in LSE_INDUSTRIES])[0]
        ctype = rng.choices((3, 8, 9), weights=(72, 20, 8))[0]
        cid, rate = cur[iso]
        limit = rng.choice((50000, 100000, 150000, 250000, 500000, 1000000)) if ctype != 8 else None
        c = _day(rng, date(2020, 1, 1), date(2025, 9, 30))
        inactive = rng.random() < 0.07
        accounts.append([_guid(rng), nm, f"ACC-{10000 + i * 7}", None, None, ind if rng.random() > 0.05 else None,
                         ctype, city[0], city[1], city[2], rng.choice((12, 25, 40, 80, 150, 300, 750, 2200)),
                         f"+1-555-{rng.randrange(1000, 9999)}" if iso != "EUR" else f"+31-10-{rng.randrange(100000, 999999)}",
                         cid, rate, limit, base(limit, rate), 1 if rng.random() < 0.06 else 0,
                         1 if rng.random() < 0.18 else 0, rng.choice(reps),
                         1 if inactive else 0, 2 if inactive else 1, _utc(rng, c), _utc(rng, _day(rng, c, export))])
        acct_info.append((accounts[-1][0], iso, rate, ctype))
    # a few subsidiaries roll up to a parent account
    for i in range(12):
        child, parent = rng.sample(range(len(accounts)), 2)
        if accounts[parent][3] is None and accounts[child][3] is None:
            accounts[child][3] = accounts[parent][0]

    contacts = []
    contacts_of: dict[str, list[str]] = {}
    jobs = ("Operations Manager", "Site Supervisor", "Fleet Manager", "Accounts Payable Clerk", "Controller",
            "Project Manager", "Purchasing Manager", "Owner")
    for a in accounts:
        for k in range(rng.choice((1, 2, 2, 3, 3, 4))):
            fn, ln = _name(rng)
            kid = _guid(rng)
            c = _day(rng, date.fromisoformat(a[21][:10]), export)
            inactive = rng.random() < 0.08
            contacts.append((kid, fn, ln, f"{fn} {ln}", rng.choice(jobs),
                             None if rng.random() < 0.07 else f"{fn.lower()}.{ln.lower()}@{a[1].split()[0].lower()}.example",
                             f"+1-555-{rng.randrange(1000, 9999)}", a[0], 1 if rng.random() < 0.1 else 0,
                             1 if inactive else 0, 2 if inactive else 1, _utc(rng, c), _utc(rng, _day(rng, c, export))))
            contacts_of.setdefault(a[0], []).append(kid)
            if k == 0:
                a[4] = kid
    conn.executemany("INSERT INTO account VALUES (" + ",".join("?" * 23) + ")", accounts)
    conn.executemany("INSERT INTO contact VALUES (" + ",".join("?" * 13) + ")", contacts)

    opps, quotes = [], []
    won: list[tuple] = []  # (opportunity id, account index, close date, value)
    qseq = 0
    for i in range(430):
        ai = rng.randrange(len(accounts))
        aid, iso, rate, ctype = acct_info[ai]
        created = _day(rng, date(2024, 1, 1), date(2025, 11, 30))
        est_close = created + timedelta(days=rng.randrange(20, 120))
        value = float(rng.randrange(20, 600) * 500)
        units = rng.choice((1, 2, 2, 3, 4, 6, 10))
        cat = rng.choice(LSE_CATEGORIES)[1]
        name = f"{accounts[ai][1]} - {units} x {cat}"
        roll = rng.random()
        if ctype == 8:
            roll = min(1.0, roll + 0.25)
        close = min(export, created + timedelta(days=rng.randrange(14, 150)))
        if close >= date(2025, 12, 1) or roll > 0.86:
            state, status, actual, act_close = 0, rng.choices((1, 2), weights=(85, 15))[0], None, None
            step = rng.choice(("1-Qualify", "2-Develop", "3-Propose"))
            prob = {"1-Qualify": 20, "2-Develop": 40, "3-Propose": 70}[step]
        elif roll < 0.45:
            state, status, actual, act_close, step, prob = 1, 3, round(value * rng.uniform(0.85, 1.05), -1), close, \
                "4-Close", 100
        else:
            state, status, actual, act_close, step, prob = 2, rng.choices((4, 5), weights=(35, 65))[0], None, close, \
                rng.choice(("2-Develop", "3-Propose", "4-Close")), 0
        oid = _guid(rng)
        kid = rng.choice(contacts_of[aid]) if rng.random() < 0.9 else None
        opps.append((oid, name, aid, kid, accounts[ai][18], cur[iso][0], rate, value, base(value, rate), actual,
                     base(actual, rate), prob, est_close.isoformat(), act_close.isoformat() if act_close else None,
                     step, state, status, _utc(rng, created),
                     _utc(rng, act_close or _day(rng, created, min(export, created + timedelta(days=60))))))
        if state == 1:
            won.append((oid, ai, act_close, actual, units, cat))
        if step in ("3-Propose", "4-Close"):
            revisions = rng.choice((1, 1, 1, 2, 3))
            for r in range(revisions):
                qseq += 1
                last = r == revisions - 1
                qd = created + timedelta(days=rng.randrange(3, 14) + 7 * r)
                amount = round(value * rng.uniform(0.9, 1.1), -1)
                if not last:
                    qs, qst = 3, 7
                elif state == 1:
                    qs, qst = 2, 4
                elif state == 2:
                    qs, qst = 3, rng.choice((5, 6))
                else:
                    qs, qst = rng.choice(((0, 1), (1, 2), (1, 3)))
                quotes.append((_guid(rng), f"QUO-{1000 + qseq:05d}-{rng.randrange(16 ** 6):06X}",
                               f"Quote for {name}", r, oid, aid, cur[iso][0], rate, amount, base(amount, rate),
                               qd.isoformat(), (qd + timedelta(days=30)).isoformat(), qs, qst, _utc(rng, qd),
                               _utc(rng, qd + timedelta(days=rng.randrange(0, 20)))))
    conn.executemany("INSERT INTO opportunity VALUES (" + ",".join("?" * 19) + ")", opps)
    conn.executemany("INSERT INTO quote VALUES (" + ",".join("?" * 16) + ")", quotes)

    def add_months(d: date, n: int) -> date:
        y, m = divmod(d.month - 1 + n, 12)
        return date(d.year + y, m + 1, min(d.day, 28))

    # leases: older leases already running when the export window opens, plus one per won opportunity
    lease_specs = []
    for _ in range(110):
        ai = rng.randrange(len(accounts))
        if acct_info[ai][3] == 8:
            continue
        start = _day(rng, date(2021, 6, 1), date(2023, 12, 31))
        lease_specs.append((ai, None, start, rng.choice((12, 24, 36, 36, 48, 60)), None,
                            rng.choice((1, 1, 2, 3)), rng.choice(LSE_CATEGORIES)))
    for oid, ai, close, actual, units, catname in won:
        start = close + timedelta(days=rng.randrange(5, 30))
        cat = next(c for c in LSE_CATEGORIES if c[1] == catname)
        lease_specs.append((ai, oid, start, rng.choice((3, 6, 12, 24, 36, 36, 48)), actual, units, cat))
    lease_specs.sort(key=lambda s: s[2])

    leases: list[tuple] = []
    assets: list[list] = []
    lease_assets: dict[str, list[int]] = {}
    asset_seq = 0

    def new_asset(cat: tuple, acquired: date) -> int:
        nonlocal asset_seq
        asset_seq += 1
        iso_cost = float(rng.randrange(cat[2], cat[3], 250))
        maker = rng.choice(LSE_MAKERS[cat[0]])
        assets.append([_guid(rng), f"EQ-{20000 + asset_seq}", f"{maker[:3].upper()}{rng.randrange(10 ** 7):07d}",
                       cat[0], maker, f"{maker[:2].upper()}-{rng.randrange(100, 990)}", acquired.isoformat(),
                       cur["USD"][0], 1.0, iso_cost, iso_cost, rng.randrange(50, 9000), None,
                       1 if rng.random() < 0.7 else 0, 0, 1, _utc(rng, acquired),
                       _utc(rng, _day(rng, acquired, export))])
        return len(assets) - 1

    for n, (ai, oid, start, term, actual, units, cat) in enumerate(lease_specs):
        aid, iso, rate, _ = acct_info[ai]
        ltype = 858880002 if term <= 6 else rng.choices((858880000, 858880001), weights=(70, 30))[0]
        end = add_months(start, term) - timedelta(days=1)
        per_unit = cat[2] / 48 * rng.uniform(0.9, 1.3) * (1.5 if ltype == 858880002 else 1.0)
        monthly = round(per_unit * units * rate, 0) if actual is None else round(actual / max(term, 12) * 1.1, 0)
        autorenew = 1 if ltype != 858880002 and rng.random() < 0.35 else 0
        terminated = None
        if start > export:
            state, status = 0, 858880000
        elif rng.random() < 0.08 and end > date(2024, 3, 1):
            lo, hi = max(start + timedelta(days=60), date(2024, 1, 1)), min(end, export)
            terminated = _day(rng, lo, hi) if lo <= hi else None
        if start > export:
            pass
        elif terminated:
            state, status = 1, 858880001
        elif end < export and not autorenew:
            state, status = 1, 2
        elif end < export and autorenew:
            end = add_months(start, term * 2) - timedelta(days=1)
            state, status = (0, 1) if end >= export else (1, 2)
        else:
            state, status = (0, 858880000) if start > date(2025, 12, 15) and rng.random() < 0.5 else (0, 1)
        lid = _guid(rng)
        deposit = round(monthly * rng.choice((1, 2)), 0) if ltype != 858880002 else None
        created = max(date(2021, 5, 1), start - timedelta(days=rng.randrange(1, 10)))
        leases.append((lid, f"LSE-{10001 + n}", aid, oid, accounts[ai][18], ltype, start.isoformat(), end.isoformat(),
                       term, cur[iso][0], rate, monthly, base(monthly, rate), deposit, base(deposit, rate), autorenew,
                       terminated.isoformat() if terminated else None, state, status, _utc(rng, created),
                       _utc(rng, min(export, terminated or end if state == 1 else export))))
        idx = []
        for _ in range(units):
            ai_ = new_asset(cat, start - timedelta(days=rng.randrange(30, 700)))
            idx.append(ai_)
            if state == 0:
                assets[ai_][12] = lid
                assets[ai_][15] = 858880000
        lease_assets[lid] = idx
    # spare and retired fleet
    for _ in range(70):
        cat = rng.choices(LSE_CATEGORIES, weights=[c[4] for c in LSE_CATEGORIES])[0]
        new_asset(cat, _day(rng, date(2018, 1, 1), date(2025, 10, 31)))
    for a in assets:
        if a[12] is None:
            r = rng.random()
            if date.fromisoformat(a[6]) < date(2021, 1, 1) and r < 0.5 or r < 0.12:
                a[14], a[15] = 1, 2
            elif r < 0.22:
                a[15] = 858880001
    conn.executemany("INSERT INTO cr5f3_lease VALUES (" + ",".join("?" * 21) + ")", leases)
    conn.executemany("INSERT INTO cr5f3_asset VALUES (" + ",".join("?" * 18) + ")", assets)

    invoices, details = [], []
    inv_seq = 0
    for lease in leases:
        lid, aid, start, end = lease[0], lease[2], date.fromisoformat(lease[6]), date.fromisoformat(lease[7])
        stop = min(end, date.fromisoformat(lease[16]) if lease[16] else end, export)
        cid, rate, monthly = lease[9], lease[10], lease[11]
        k = 0
        while True:
            d = add_months(start, k)
            k += 1
            if d > stop:
                break
            if d < date(2024, 1, 1):
                continue
            inv_seq += 1
            iid = _guid(rng)
            lines = [(858880000, f"Monthly lease payment {lease[1]} ({d:%b %Y})", 1.0, monthly)]
            if rng.random() < 0.07:
                lines.append((858880002, "Field service call-out", rng.choice((1.0, 2.0)),
                              round(rng.choice((185.0, 240.0, 320.0)) * rate, 0)))
            if rng.random() < 0.02:
                lines.append((858880003, "Damage repair charge", 1.0, round(rng.randrange(400, 6000) * rate, -1)))
            sub = round(sum(q * p for _, _, q, p in lines), 2)
            tax = round(sub * 0.07, 2) if rate != 0.92 else round(sub * 0.2, 2)
            due = d + timedelta(days=30)
            roll = rng.random()
            paid_on = None
            if d > date(2025, 12, 20):
                state, status, paid = 0, 1, 0.0
            elif roll < 0.015:
                state, status, paid = 3, 100003, 0.0
            elif due > export and roll < 0.6 or roll < 0.05:
                state, status, paid = 0, 4, 0.0
            elif roll < 0.09:
                state, status, paid = 2, 100002, round((sub + tax) * rng.choice((0.25, 0.5, 0.75)), 2)
                paid_on = min(export, d + timedelta(days=rng.randrange(10, 60)))
            else:
                state, status, paid = 2, 100001, round(sub + tax, 2)
                paid_on = min(export, d + timedelta(days=rng.randrange(3, 55)))
            if paid_on and paid_on > due and status == 100001 and rng.random() < 0.5 and d < date(2025, 11, 1):
                pass
            total = round(sub + tax, 2)
            balance = 0.0 if state == 3 else round(total - paid, 2)
            invoices.append((iid, f"INV-{inv_seq:05d}-{rng.randrange(16 ** 6):06X}", f"{lease[1]} {d:%Y-%m}", aid, lid,
                             cid, rate, sub, base(sub, rate), tax, base(tax, rate), total, base(total, rate), paid,
                             base(paid, rate), balance, base(balance, rate), d.isoformat(), due.isoformat(),
                             paid_on.isoformat() if paid_on else None, 1 if state != 0 or status == 4 else 0,
                             state, status, _utc(rng, d), _utc(rng, paid_on or d)))
            for n_, (ctype, desc, q, p) in enumerate(lines):
                details.append((_guid(rng), iid, n_ + 1, desc, ctype, q, cid, p, base(p, rate), round(q * p, 2),
                                base(q * p, rate), _utc(rng, d)))
    # late fees on invoices paid after their due date are billed as a separate one-line invoice
    late = [inv for inv in invoices if inv[19] and inv[19] > inv[18] and inv[21] == 2]
    for inv in late[:: 3]:
        inv_seq += 1
        iid = _guid(rng)
        fee = round(max(50.0, inv[11] * 0.015), 2)
        d = date.fromisoformat(inv[19]) + timedelta(days=1)
        if d > export:
            continue
        paid = fee if rng.random() < 0.7 else 0.0
        invoices.append((iid, f"INV-{inv_seq:05d}-{rng.randrange(16 ** 6):06X}", f"Late fee {inv[1]}", inv[3], inv[4],
                         inv[5], inv[6], fee, base(fee, inv[6]), 0.0, 0.0, fee, base(fee, inv[6]), paid,
                         base(paid, inv[6]), round(fee - paid, 2), base(fee - paid, inv[6]), d.isoformat(),
                         (d + timedelta(days=15)).isoformat(), d.isoformat() if paid else None, 1,
                         2 if paid else 0, 100001 if paid else 4, _utc(rng, d), _utc(rng, d)))
        details.append((_guid(rng), iid, 1, f"Late payment fee {inv[1]}", 858880001, 1.0, inv[5], fee,
                        base(fee, inv[6]), fee, base(fee, inv[6]), _utc(rng, d)))
    conn.executemany("INSERT INTO invoice VALUES (" + ",".join("?" * 25) + ")", invoices)
    conn.executemany("INSERT INTO invoicedetail VALUES (" + ",".join("?" * 12) + ")", details)

    # cases and work orders on leased equipment
    cases, orders = [], []
    active_leases = [lease for lease in leases if date.fromisoformat(lease[6]) <= export]
    for i in range(720):
        lease = rng.choice(active_leases)
        start = max(date(2024, 1, 1), date.fromisoformat(lease[6]))
        stop = min(export, date.fromisoformat(lease[7]))
        if stop < start:
            continue
        d = _day(rng, start, stop)
        aset = assets[rng.choice(lease_assets[lease[0]])]
        ctype = rng.choices((1, 2, 3), weights=(30, 50, 20))[0]
        prio = rng.choices((1, 2, 3), weights=(25, 55, 20))[0]
        origin = rng.choices((1, 2, 3, 858880000), weights=(40, 30, 20, 10))[0]
        age = (export - d).days
        r = rng.random()
        if age < 20 and r < 0.7 or r < 0.08:
            state, status = 0, rng.choices((1, 2, 3, 4), weights=(50, 15, 20, 15))[0]
            resolved = None
        elif r < 0.12:
            state, status, resolved = 2, rng.choice((6, 2000)), None
        else:
            state = 1
            status = 5 if ctype != 1 else rng.choice((5, 1000))
            hours = rng.randrange(1, 24 * (3 if prio == 1 else 10))
            rt = datetime(d.year, d.month, d.day, rng.randrange(13, 22)) + timedelta(hours=hours)
            resolved = min(rt, datetime(2025, 12, 31, 23, 0)).strftime("%Y-%m-%dT%H:%M:%SZ")
        kid = rng.choice(contacts_of[lease[2]]) if rng.random() < 0.85 else None
        created = _utc(rng, d)
        inc = (_guid(rng), f"CAS-{1000 + i:05d}-{''.join(rng.choice('BCDFGHJKLMNPQRSTVWXZ') for _ in range(4))}",
               rng.choice(LSE_CASE_TITLES[ctype]), lease[2], kid, aset[0], rng.choice(users[13:15])[0], ctype, prio,
               origin, 1 if prio == 1 and rng.random() < 0.35 or rng.random() < 0.05 else 0, resolved, state, status,
               created, resolved or created)
        cases.append(inc)
        if ctype == 2 and state != 2 and rng.random() < 0.75:
            orders.append((lease, aset, inc[0], 858880001, d))
    for lease in leases:
        s = date.fromisoformat(lease[6])
        if date(2024, 1, 1) <= s <= export:
            orders.append((lease, assets[lease_assets[lease[0]][0]], None, 858880003, s))
        k = 1
        stop = min(export, date.fromisoformat(lease[7]))
        while True:
            d = add_months(s, 6 * k)
            k += 1
            if d > stop:
                break
            if d >= date(2024, 1, 1):
                orders.append((lease, assets[rng.choice(lease_assets[lease[0]])], None,
                               rng.choices((858880000, 858880002), weights=(75, 25))[0], d))
    orders.sort(key=lambda o: o[4])
    wos = []
    for n, (lease, aset, inc, wtype, d) in enumerate(orders):
        rate = lease[10]
        age = (export - d).days
        r = rng.random()
        if age < 3:
            sysst = rng.choice((690970000, 690970001))
        elif age < 15 and r < 0.5:
            sysst = rng.choice((690970001, 690970002))
        elif r < 0.05:
            sysst = 690970005
        else:
            sysst = rng.choices((690970003, 690970004), weights=(30, 70))[0]
        done = sysst in (690970003, 690970004)
        hours = round(rng.uniform(0.5, 3.0) if wtype != 858880001 else rng.uniform(1.0, 12.0), 1) if done else None
        billable = 1 if wtype == 858880001 and rng.random() < 0.4 else 0
        amount = round(hours * 95 * rate + (rng.randrange(0, 2500) * rate if wtype == 858880001 else 0), 2) \
            if done else None
        closed = _utc(rng, d + timedelta(days=rng.randrange(0, 4))) if done else None
        if closed and closed > "2025-12-31T23":
            closed = "2025-12-31T22:00:00Z"
        inactive = sysst in (690970004, 690970005)
        wos.append((_guid(rng), f"{n + 1:05d}", lease[2], aset[0], inc, rng.choice(techs), wtype, sysst,
                    d.isoformat(), closed, hours, lease[9], rate, amount, base(amount, rate), billable,
                    1 if inactive else 0, 2 if inactive else 1, _utc(rng, d - timedelta(days=rng.randrange(0, 5))),
                    closed or _utc(rng, d)))
    conn.executemany("INSERT INTO incident VALUES (" + ",".join("?" * 16) + ")", cases)
    conn.executemany("INSERT INTO msdyn_workorder VALUES (" + ",".join("?" * 20) + ")", wos)
    conn.executemany("INSERT INTO stringmap VALUES (?,?,?,?,?,?,?)", smap)


# ---------------------------------------------------------------- coworking (a Django app's tables)

COWORK_LOCATIONS = (  # id, name, city, country, opened, desks, active
    (1, "Canal Works", "Amsterdam", "NL", "2018-04-01", 120, 1), (2, "Old Mill", "Manchester", "GB", "2019-09-15", 90, 1),
    (3, "Harbour Loft", "Hamburg", "DE", "2020-02-01", 80, 1), (4, "Südpark", "Munich", "DE", "2021-06-01", 70, 1),
    (5, "Quayside", "Dublin", "IE", "2022-03-01", 60, 1), (6, "Station Hall", "Utrecht", "NL", "2019-01-10", 40, 0))
COWORK_PLANS = (  # id, name, kind (1 hot desk, 2 dedicated desk, 3 private office), monthly price, active
    (1, "Flex 5", 1, "99.00", 1), (2, "Flex Unlimited", 1, "199.00", 1), (3, "Fixed Desk", 2, "329.00", 1),
    (4, "Fixed Desk Plus", 2, "389.00", 1), (5, "Studio Office", 3, "890.00", 1), (6, "Team Office", 3, "1650.00", 1),
    (7, "Night Owl", 1, "79.00", 0))
COWORK_ROOM_NAMES = {1: ("Boardroom", "Atelier", "Lab", "Studio A", "Studio B", "Think Tank"),
                     2: ("Booth 1", "Booth 2", "Booth 3", "Booth 4"), 3: ("Main Hall", "Rooftop")}
COWORK_AMENITIES = ("Projector", "Whiteboard", "Video conferencing", "Standing desk", "Natural light",
                    "Soundproofing", "Kitchenette", "Wheelchair access")
COWORK_INDUSTRIES = ("Software", "Design", "Marketing", "Consulting", "Finance", "Media", "Non-profit", "Architecture")
COWORK_CO_A = ("Pixel", "North", "Bright", "Tandem", "Orbit", "Fable", "Cobalt", "Meadow", "Lumen", "Kite", "Atlas",
               "Juniper", "Vector", "Harbor", "Nimbus", "Copper")
COWORK_CO_B = ("Labs", "Studio", "Works", "Partners", "Collective", "Digital", "Ventures", "& Co")


def build_coworking(conn: sqlite3.Connection, rng: random.Random) -> None:
    # Django's SQLite DDL. Choice codes live only in the models:
    # members_member.status 0 lead, 1 active, 2 paused, 3 cancelled; billing_plan.kind 1 hot desk, 2 dedicated desk,
    # 3 private office; spaces_room.kind 1 meeting room, 2 phone booth, 3 event space;
    # bookings_booking.status 0 requested, 1 confirmed, 2 checked in, 3 completed, 4 cancelled, 5 no-show;
    # billing_invoice.status 0 draft, 1 open, 2 paid, 3 overdue, 4 void; core_note points at any row through
    # django_content_type (content_type_id + object_id).
    _create(conn, """
    CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL);
    CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq" ON "django_content_type" ("app_label", "model");
    CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL,
        "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE,
        "first_name" varchar(150) NOT NULL, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL,
        "is_staff" bool NOT NULL, "is_active" bool NOT NULL, "date_joined" datetime NOT NULL);
    CREATE TABLE "spaces_location" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL,
        "city" varchar(100) NOT NULL, "country" varchar(2) NOT NULL, "opened_on" date NOT NULL,
        "desk_count" integer unsigned NOT NULL CHECK ("desk_count" >= 0), "is_active" bool NOT NULL,
        "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL);
    CREATE TABLE "spaces_amenity" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(60) NOT NULL UNIQUE);
    CREATE TABLE "spaces_room" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "location_id" bigint NOT NULL REFERENCES "spaces_location" ("id") DEFERRABLE INITIALLY DEFERRED,
        "name" varchar(80) NOT NULL, "kind" smallint unsigned NOT NULL CHECK ("kind" >= 0),
        "seats" integer unsigned NOT NULL CHECK ("seats" >= 0), "hourly_rate" decimal NOT NULL,
        "is_active" bool NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL);
    CREATE TABLE "spaces_room_amenities" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "room_id" bigint NOT NULL REFERENCES "spaces_room" ("id") DEFERRABLE INITIALLY DEFERRED,
        "amenity_id" bigint NOT NULL REFERENCES "spaces_amenity" ("id") DEFERRABLE INITIALLY DEFERRED);
    CREATE UNIQUE INDEX "spaces_room_amenities_room_id_amenity_id_uniq" ON "spaces_room_amenities" ("room_id", "amenity_id");
    CREATE TABLE "billing_plan" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(80) NOT NULL,
        "kind" smallint unsigned NOT NULL CHECK ("kind" >= 0), "monthly_price" decimal NOT NULL,
        "is_active" bool NOT NULL);
    CREATE TABLE "members_company" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(120) NOT NULL,
        "industry" varchar(60) NOT NULL, "vat_number" varchar(20) NULL, "created_at" datetime NOT NULL,
        "updated_at" datetime NOT NULL);
    CREATE TABLE "members_member" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "user_id" integer NOT NULL UNIQUE REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
        "company_id" bigint NULL REFERENCES "members_company" ("id") DEFERRABLE INITIALLY DEFERRED,
        "home_location_id" bigint NOT NULL REFERENCES "spaces_location" ("id") DEFERRABLE INITIALLY DEFERRED,
        "plan_id" bigint NOT NULL REFERENCES "billing_plan" ("id") DEFERRABLE INITIALLY DEFERRED,
        "status" smallint unsigned NOT NULL CHECK ("status" >= 0), "joined_on" date NOT NULL,
        "left_on" date NULL, "is_key_holder" bool NOT NULL, "created_at" datetime NOT NULL,
        "updated_at" datetime NOT NULL);
    CREATE TABLE "bookings_booking" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "room_id" bigint NOT NULL REFERENCES "spaces_room" ("id") DEFERRABLE INITIALLY DEFERRED,
        "member_id" bigint NOT NULL REFERENCES "members_member" ("id") DEFERRABLE INITIALLY DEFERRED,
        "starts_at" datetime NOT NULL, "ends_at" datetime NOT NULL,
        "status" smallint unsigned NOT NULL CHECK ("status" >= 0), "price" decimal NOT NULL,
        "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL);
    CREATE TABLE "billing_invoice" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "member_id" bigint NOT NULL REFERENCES "members_member" ("id") DEFERRABLE INITIALLY DEFERRED,
        "number" varchar(20) NOT NULL UNIQUE, "issued_on" date NOT NULL, "due_on" date NOT NULL,
        "amount" decimal NOT NULL, "status" smallint unsigned NOT NULL CHECK ("status" >= 0),
        "paid_at" datetime NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL);
    CREATE TABLE "events_event" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "location_id" bigint NOT NULL REFERENCES "spaces_location" ("id") DEFERRABLE INITIALLY DEFERRED,
        "title" varchar(140) NOT NULL, "starts_at" datetime NOT NULL, "is_public" bool NOT NULL,
        "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL);
    CREATE TABLE "events_event_attendees" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "event_id" bigint NOT NULL REFERENCES "events_event" ("id") DEFERRABLE INITIALLY DEFERRED,
        "member_id" bigint NOT NULL REFERENCES "members_member" ("id") DEFERRABLE INITIALLY DEFERRED);
    CREATE UNIQUE INDEX "events_event_attendees_event_id_member_id_uniq" ON "events_event_attendees" ("event_id", "member_id");
    CREATE TABLE "core_note" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
        "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED,
        "object_id" integer unsigned NOT NULL CHECK ("object_id" >= 0),
        "author_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
        "body" text NOT NULL, "created_at" datetime NOT NULL);
    """)
    start, today = date(2023, 1, 1), date(2025, 12, 31)
    cts = [("admin", "logentry"), ("auth", "permission"), ("auth", "group"), ("auth", "user"),
           ("contenttypes", "contenttype"), ("sessions", "session"), ("spaces", "location"), ("spaces", "amenity"),
           ("spaces", "room"), ("billing", "plan"), ("members", "company"), ("members", "member"),
           ("bookings", "booking"), ("billing", "invoice"), ("events", "event"), ("core", "note")]
    conn.executemany('INSERT INTO "django_content_type" VALUES (?, ?, ?)', [(i + 1, a, m) for i, (a, m) in enumerate(cts)])
    ct = {m: i + 1 for i, (_, m) in enumerate(cts)}

    def stamp(d: date) -> str:
        return _ts(rng, d) + "." + f"{rng.randrange(1000000):06d}"

    # locations, amenities, rooms
    conn.executemany('INSERT INTO "spaces_location" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
                     [(i, n, c, co, op, desks, act, stamp(date.fromisoformat(op)), stamp(_day(rng, start, today)))
                      for i, n, c, co, op, desks, act in COWORK_LOCATIONS])
    conn.executemany('INSERT INTO "spaces_amenity" VALUES (?, ?)', list(enumerate(COWORK_AMENITIES, 1)))
    rooms, room_amen, rid = [], [], 0
    for loc in COWORK_LOCATIONS:
        opened = date.fromisoformat(loc[4])
        for kind, names in COWORK_ROOM_NAMES.items():
            picked = names if loc[0] in (1, 2) else names[: max(1, len(names) - rng.randrange(1, 3))]
            for nm in picked:
                rid += 1
                seats = {1: rng.choice((4, 6, 8, 10, 12)), 2: 1, 3: rng.choice((40, 60, 80))}[kind]
                rate = {1: 12 + 2.5 * seats, 2: 6, 3: 95 + seats}[kind]
                active = 0 if loc[6] == 0 or rng.random() < 0.06 else 1
                rooms.append((rid, loc[0], nm, kind, seats, f"{rate:.2f}", active, stamp(opened),
                              stamp(_day(rng, max(opened, start), today))))
                for a in rng.sample(range(1, len(COWORK_AMENITIES) + 1), rng.randrange(0, 5)):
                    room_amen.append((len(room_amen) + 1, rid, a))
    # one meeting room nobody has booked yet: added in December 2025
    rid += 1
    rooms.append((rid, 5, "Garden Room", 1, 6, "27.00", 1, stamp(date(2025, 12, 18)), stamp(date(2025, 12, 18))))
    conn.executemany('INSERT INTO "spaces_room" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', rooms)
    conn.executemany('INSERT INTO "spaces_room_amenities" VALUES (?, ?, ?)', room_amen)
    conn.executemany('INSERT INTO "billing_plan" VALUES (?, ?, ?, ?, ?)', COWORK_PLANS)

    # companies
    companies, seen = [], set()
    while len(companies) < 90:
        nm = f"{rng.choice(COWORK_CO_A)} {rng.choice(COWORK_CO_B)}"
        if nm in seen:
            continue
        seen.add(nm)
        created = _day(rng, date(2022, 1, 1), today)
        companies.append((len(companies) + 1, nm, rng.choice(COWORK_INDUSTRIES),
                          None if rng.random() < 0.3 else f"NL{rng.randrange(10**8, 10**9)}B01",
                          stamp(created), stamp(_day(rng, created, today))))
    conn.executemany('INSERT INTO "members_company" VALUES (?, ?, ?, ?, ?, ?)', companies)

    # users: a few staff, then members
    users, members, usernames = [], [], set()
    n_staff, n_members = 12, 700
    for uid in range(1, n_staff + n_members + 1):
        fn, ln = _name(rng)
        un = f"{fn.lower()}.{ln.lower()}"
        un = un if un not in usernames else f"{un}{uid}"
        usernames.add(un)
        staff = uid <= n_staff
        joined = _day(rng, date(2022, 6, 1) if staff else start, today)
        users.append((uid, "pbkdf2_sha256$600000$" + "".join(rng.choice("abcdef0123456789") for _ in range(16)),
                      None if rng.random() < 0.04 else stamp(_day(rng, joined, today)), 1 if uid <= 2 else 0, un,
                      fn, ln, f"{un}@example.com", 1 if staff else 0, 0 if rng.random() < 0.05 else 1, stamp(joined)))
        if staff:
            continue
        mid = uid - n_staff
        plan = rng.choices(range(1, 8), weights=(22, 18, 14, 8, 6, 4, 3))[0]
        loc = rng.choices([loc[0] for loc in COWORK_LOCATIONS], weights=(28, 20, 16, 12, 10, 6))[0]
        status = rng.choices((0, 1, 2, 3), weights=(8, 62, 7, 23))[0]
        if loc == 6 and status == 1:
            status = 3
        left = _day(rng, joined, today) if status == 3 else None
        company = rng.randrange(1, 91) if plan in (5, 6) or rng.random() < 0.35 else None
        members.append((mid, uid, company, loc, plan, status, joined.isoformat(), left and left.isoformat(),
                        1 if plan >= 3 and rng.random() < 0.5 else 0, stamp(joined), stamp(_day(rng, joined, today))))
    conn.executemany('INSERT INTO "auth_user" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', users)
    conn.executemany('INSERT INTO "members_member" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', members)

    # bookings: meeting rooms, phone booths and event space, by members at or near their home location
    rooms_at: dict[int, list[tuple]] = {}
    for r in rooms:
        if r[6] and r[0] != rid:
            rooms_at.setdefault(r[1], []).append(r)
    bookable = [m for m in members if m[5] in (1, 2, 3)]
    bookings = []
    for bid in range(1, 6201):
        m = rng.choice(bookable)
        end_day = date.fromisoformat(m[7]) if m[7] else today
        first = date.fromisoformat(m[6])
        if end_day < first:
            end_day = first
        d = _day(rng, first, end_day)
        loc = m[3] if rng.random() < 0.85 or m[3] == 6 else rng.choice((1, 2, 3, 4, 5))
        if loc not in rooms_at:
            loc = 1
        room = rng.choices(rooms_at[loc], weights=[{1: 6, 2: 5, 3: 1}[r[3]] for r in rooms_at[loc]])[0]
        hours = {1: rng.choice((1, 1, 2, 2, 3, 4)), 2: 1, 3: rng.choice((3, 4, 6, 8))}[room[3]]
        h0 = rng.randrange(8, 19 - min(hours, 10))
        s = datetime(d.year, d.month, d.day, h0, rng.choice((0, 30)))
        e = s + timedelta(hours=hours)
        if d > date(2025, 12, 20):
            status = rng.choice((0, 1))
        else:
            status = rng.choices((1, 2, 3, 4, 5), weights=(1, 2, 78, 13, 6))[0]
        price = float(room[5]) * hours * (0.9 if m[4] in (5, 6) else 1.0)
        created = s - timedelta(days=rng.randrange(0, 21), hours=rng.randrange(0, 12))
        bookings.append((bid, room[0], m[0], s.isoformat(" "), e.isoformat(" "), status, f"{price:.2f}",
                         created.isoformat(" ") + ".000000", stamp(d)))
    bookings.sort(key=lambda b: b[7])
    bookings = [(i + 1,) + b[1:] for i, b in enumerate(bookings)]
    conn.executemany('INSERT INTO "bookings_booking" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', bookings)

    # monthly invoices while a member is active or paused
    price_of = {p[0]: float(p[3]) for p in COWORK_PLANS}
    invoices = []
    for m in members:
        if m[5] == 0:
            continue
        first = date.fromisoformat(m[6])
        last = date.fromisoformat(m[7]) if m[7] else today
        y, mo = first.year, first.month
        while date(y, mo, 1) <= last:
            issued = date(y, mo, 1)
            amount = price_of[m[4]] * (0.5 if m[5] == 2 and issued > date(2025, 9, 1) else 1.0)
            due = issued + timedelta(days=14)
            if issued >= date(2025, 12, 1):
                status = rng.choice((0, 1, 1))
            elif rng.random() < 0.03:
                status = 4
            elif rng.random() < 0.05:
                status = 3
            else:
                status = 2
            paid = stamp(_day(rng, issued, min(due + timedelta(days=10), today))) if status == 2 else None
            invoices.append((len(invoices) + 1, m[0], f"INV-{y}{mo:02d}-{len(invoices) + 1:05d}", issued.isoformat(),
                             due.isoformat(), f"{amount:.2f}", status, paid, stamp(issued), stamp(issued)))
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    conn.executemany('INSERT INTO "billing_invoice" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', invoices)

    # community events and who came
    titles = ("Founders Breakfast", "Friday Drinks", "Design Critique", "Pitch Night", "Yoga at the Desk",
              "Tax Clinic", "Demo Day", "Book Club", "Hack Night")
    events, attendees = [], []
    for eid in range(1, 181):
        loc = rng.choice((1, 1, 2, 2, 3, 4, 5))
        d = _day(rng, start, today)
        events.append((eid, loc, rng.choice(titles), datetime(d.year, d.month, d.day, rng.choice((8, 12, 17, 18)), 0)
                       .isoformat(" "), 1 if rng.random() < 0.4 else 0, stamp(d - timedelta(days=20)), stamp(d)))
        pool = [m[0] for m in members if m[3] == loc and m[5] in (1, 2)]
        for who in rng.sample(pool, min(len(pool), rng.randrange(4, 30))):
            attendees.append((len(attendees) + 1, eid, who))
    conn.executemany('INSERT INTO "events_event" VALUES (?, ?, ?, ?, ?, ?, ?)', events)
    conn.executemany('INSERT INTO "events_event_attendees" VALUES (?, ?, ?)', attendees)

    # staff notes on members, bookings and invoices (a generic relation)
    notes = []
    bodies = {"member": ("Asked about upgrading plan", "Key card replaced", "Prefers window desks"),
              "booking": ("Needed extra chairs", "Projector faulty", "Ran over time"),
              "invoice": ("Payment plan agreed", "Disputed the amount", "Reminder sent")}
    for _ in range(900):
        model = rng.choices(("member", "booking", "invoice"), weights=(4, 3, 3))[0]
        obj = rng.randrange(1, {"member": len(members), "booking": len(bookings), "invoice": len(invoices)}[model] + 1)
        notes.append((len(notes) + 1, ct[model], obj, rng.randrange(1, n_staff + 1), rng.choice(bodies[model]),
                      stamp(_day(rng, start, today))))
    conn.executemany('INSERT INTO "core_note" VALUES (?, ?, ?, ?, ?, ?)', notes)


# ---------------------------------------------------------------- crm (a Salesforce org's Data Loader export)

SF_INDUSTRIES = ("Technology", "Manufacturing", "Healthcare", "Retail", "Financial Services", "Education",
                 "Energy", "Media")
SF_REGIONS = {"US": "North America", "CA": "North America", "GB": "EMEA", "DE": "EMEA", "FR": "EMEA",
              "JP": "APAC", "AU": "APAC", "BR": "LATAM"}
SF_CO_A = ("Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent", "Cyberdyne",
           "Tyrell", "Wonka", "Gringotts", "Oscorp", "Monarch", "Dunder", "Pied Piper", "Aperture", "Massive",
           "Blue Sun", "Nakatomi", "Sirius", "Virtucon", "Zorin")
SF_CO_B = ("Corp", "Industries", "Systems", "Holdings", "Group", "Labs", "Logistics", "Health", "Retail", "Energy")
SF_STAGES = ("Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Proposal/Price Quote",
             "Negotiation/Review", "Closed Won", "Closed Lost")
SF_PROB = {"Prospecting": 10, "Qualification": 20, "Needs Analysis": 25, "Value Proposition": 50,
           "Proposal/Price Quote": 75, "Negotiation/Review": 90, "Closed Won": 100, "Closed Lost": 0}
SF_PRODUCTS = (  # name, code, family, list price, active
    ("Analytics Cloud - Standard", "AC-STD", "Software", 12000.0, "true"),
    ("Analytics Cloud - Enterprise", "AC-ENT", "Software", 36000.0, "true"),
    ("Data Connector Pack", "DC-PACK", "Software", 4800.0, "true"),
    ("Premier Support", "SUP-PREM", "Support", 6000.0, "true"),
    ("Standard Support", "SUP-STD", "Support", 2400.0, "true"),
    ("Implementation Services", "PS-IMPL", "Services", 15000.0, "true"),
    ("Training Day", "PS-TRN", "Services", 1800.0, "true"),
    ("Legacy Reporting Add-on", "AC-LEG", "Software", 3000.0, "false"))
SF_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _sfid(rng: random.Random, prefix: str) -> str:
    """An 18-character Salesforce id: 3-character key prefix, pod, 10 random characters, 3-character case suffix."""
    return prefix + "5g00" + "".join(rng.choice(SF_ALNUM) for _ in range(8)) + "".join(
        rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345") for _ in range(3))


def _sfts(rng: random.Random, d: date, lo: int = 7, hi: int = 22) -> str:
    """Data Loader's timestamp text: ISO 8601 in UTC with milliseconds and a 'Z'."""
    return f"{d.isoformat()}T{rng.randrange(lo, hi):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}.000Z"


def build_crm(conn: sqlite3.Connection, rng: random.Random) -> None:
    # Standard objects keep Salesforce's PascalCase API names (Account, Opportunity, Case, Lead, Product2,
    # OpportunityLineItem); custom fields and the custom object end in __c (Subscription__c, whose lookup to
    # Account is Account__c). Ids are 18-character text; booleans are Data Loader's 'true'/'false' text; the export
    # includes soft-deleted rows (IsDeleted = 'true', the recycle bin) that every everyday question leaves out.
    _create(conn, """
    CREATE TABLE "User" (Id TEXT PRIMARY KEY, Username TEXT, FirstName TEXT, LastName TEXT, Name TEXT, Email TEXT,
        Title TEXT, Department TEXT, IsActive TEXT, CreatedDate TEXT);
    CREATE TABLE Account (Id TEXT PRIMARY KEY, IsDeleted TEXT, Name TEXT, Type TEXT, Industry TEXT,
        BillingCity TEXT, BillingCountry TEXT, AnnualRevenue REAL, NumberOfEmployees INTEGER,
        OwnerId TEXT REFERENCES "User"(Id), CreatedDate TEXT, LastModifiedDate TEXT, Region__c TEXT,
        Customer_Tier__c TEXT, Health_Score__c REAL);
    CREATE TABLE Contact (Id TEXT PRIMARY KEY, IsDeleted TEXT, AccountId TEXT REFERENCES Account(Id),
        FirstName TEXT, LastName TEXT, Name TEXT, Title TEXT, Email TEXT, LeadSource TEXT, HasOptedOutOfEmail TEXT,
        OwnerId TEXT REFERENCES "User"(Id), CreatedDate TEXT, Is_Decision_Maker__c TEXT);
    CREATE TABLE Product2 (Id TEXT PRIMARY KEY, Name TEXT, ProductCode TEXT, Family TEXT, IsActive TEXT,
        List_Price__c REAL, CreatedDate TEXT);
    CREATE TABLE Opportunity (Id TEXT PRIMARY KEY, IsDeleted TEXT, AccountId TEXT REFERENCES Account(Id),
        Name TEXT, StageName TEXT, Amount REAL, Probability REAL, CloseDate TEXT, Type TEXT, LeadSource TEXT,
        IsClosed TEXT, IsWon TEXT, ForecastCategoryName TEXT, OwnerId TEXT REFERENCES "User"(Id), CreatedDate TEXT,
        LastModifiedDate TEXT, Loss_Reason__c TEXT, Discount_Percent__c REAL);
    CREATE TABLE OpportunityLineItem (Id TEXT PRIMARY KEY, OpportunityId TEXT REFERENCES Opportunity(Id),
        Product2Id TEXT REFERENCES Product2(Id), Quantity REAL, UnitPrice REAL, TotalPrice REAL, CreatedDate TEXT);
    CREATE TABLE "Case" (Id TEXT PRIMARY KEY, IsDeleted TEXT, CaseNumber TEXT, AccountId TEXT REFERENCES Account(Id),
        ContactId TEXT REFERENCES Contact(Id), Subject TEXT, Status TEXT, Priority TEXT, Origin TEXT, Type TEXT,
        IsClosed TEXT, IsEscalated TEXT, OwnerId TEXT REFERENCES "User"(Id), CreatedDate TEXT, ClosedDate TEXT,
        SLA_Breached__c TEXT);
    CREATE TABLE Lead (Id TEXT PRIMARY KEY, IsDeleted TEXT, FirstName TEXT, LastName TEXT, Company TEXT, Title TEXT,
        Status TEXT, LeadSource TEXT, Industry TEXT, Country TEXT, IsConverted TEXT, ConvertedDate TEXT,
        ConvertedAccountId TEXT REFERENCES Account(Id), OwnerId TEXT REFERENCES "User"(Id), CreatedDate TEXT);
    CREATE TABLE Subscription__c (Id TEXT PRIMARY KEY, IsDeleted TEXT, Name TEXT,
        Account__c TEXT REFERENCES Account(Id), Product__c TEXT REFERENCES Product2(Id), Status__c TEXT,
        Start_Date__c TEXT, End_Date__c TEXT, Seats__c INTEGER, MRR__c REAL, Auto_Renew__c TEXT, CreatedDate TEXT);
    """)
    start, today = date(2023, 1, 1), date(2025, 12, 31)
    cities = {"US": ("New York", "Chicago", "Austin", "Seattle", "Boston"), "CA": ("Toronto", "Vancouver"),
              "GB": ("London", "Manchester"), "DE": ("Berlin", "Munich"), "FR": ("Paris", "Lyon"),
              "JP": ("Tokyo", "Osaka"), "AU": ("Sydney", "Melbourne"), "BR": ("Sao Paulo",)}

    # users: sales reps, support agents, a few others
    users, used = [], set()
    depts = ["Sales"] * 12 + ["Support"] * 8 + ["Marketing"] * 3 + ["Operations"] * 2
    for i, dept in enumerate(depts):
        fn, ln = _name(rng)
        while (fn, ln) in used:
            fn, ln = _name(rng)
        used.add((fn, ln))
        title = {"Sales": "Account Executive", "Support": "Support Engineer", "Marketing": "Marketing Manager",
                 "Operations": "Sales Operations Analyst"}[dept]
        users.append((_sfid(rng, "005"), f"{fn.lower()}.{ln.lower()}@acmecrm.example", fn, ln, f"{fn} {ln}",
                      f"{fn.lower()}.{ln.lower()}@acmecrm.example", title, dept,
                      "false" if i in (3, 15) else "true", _sfts(rng, _day(rng, date(2021, 1, 1), date(2023, 6, 1)))))
    conn.executemany('INSERT INTO "User" VALUES (?,?,?,?,?,?,?,?,?,?)', users)
    reps = [u[0] for u in users if u[7] == "Sales"]
    agents = [u[0] for u in users if u[7] == "Support"]

    # accounts
    accounts, names = [], set()
    while len(accounts) < 240:
        nm = f"{rng.choice(SF_CO_A)} {rng.choice(SF_CO_B)}"
        if nm in names:
            continue
        names.add(nm)
        country = rng.choices(list(cities), weights=(40, 8, 12, 10, 7, 8, 8, 7))[0]
        created = _day(rng, start, date(2025, 10, 1))
        kind = rng.choices(("Customer - Direct", "Customer - Channel", "Prospect", "Partner"),
                           weights=(45, 15, 32, 8))[0]
        emp = rng.choice((25, 60, 150, 400, 1200, 5000, 20000)) + rng.randrange(0, 20)
        tier = (rng.choices(("Gold", "Silver", "Bronze"), weights=(2, 4, 5))[0]
                if kind.startswith("Customer") else None)
        accounts.append((_sfid(rng, "001"), "true" if rng.random() < 0.04 else "false", nm, kind,
                         rng.choice(SF_INDUSTRIES), rng.choice(cities[country]), country,
                         round(emp * rng.uniform(90_000, 260_000), -3), emp, rng.choice(reps),
                         _sfts(rng, created), _sfts(rng, _day(rng, created, today)), SF_REGIONS[country], tier,
                         round(rng.uniform(20, 99), 1) if tier else None))
    conn.executemany("INSERT INTO Account VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", accounts)
    live = [a for a in accounts if a[1] == "false"]

    # contacts: two to five per account
    contacts = []
    titles = ("CFO", "CTO", "VP Sales", "Head of Data", "IT Manager", "Analyst", "Procurement Lead", "COO")
    for a in accounts:
        for _ in range(rng.randrange(2, 6)):
            fn, ln = _name(rng)
            t = rng.choice(titles)
            contacts.append((_sfid(rng, "003"), "true" if a[1] == "true" or rng.random() < 0.02 else "false", a[0],
                             fn, ln, f"{fn} {ln}", t, f"{fn.lower()}.{ln.lower()}@{a[2].split()[0].lower()}.example",
                             rng.choice(("Web", "Trade Show", "Partner Referral", "Phone Inquiry", "Webinar")),
                             "true" if rng.random() < 0.12 else "false", a[9],
                             _sfts(rng, _day(rng, date.fromisoformat(a[10][:10]), today)),
                             "true" if t in ("CFO", "CTO", "COO", "VP Sales") else "false"))
    conn.executemany("INSERT INTO Contact VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", contacts)

    products = [(_sfid(rng, "01t"), n, c, f, act, lp, _sfts(rng, date(2022, 11, 15)))
                for n, c, f, lp, act in SF_PRODUCTS]
    conn.executemany("INSERT INTO Product2 VALUES (?,?,?,?,?,?,?)", products)
    active_products = [p for p in products if p[4] == "true"]

    # opportunities and their line items
    opps, items = [], []
    for _ in range(900):
        a = rng.choice(accounts)
        created = _day(rng, max(start, date.fromisoformat(a[10][:10])), date(2025, 12, 15))
        close = created + timedelta(days=rng.randrange(14, 160))
        if close <= today - timedelta(days=20) or rng.random() < 0.1:
            stage = rng.choices(("Closed Won", "Closed Lost"), weights=(38, 62))[0]
            if close > today:
                close = _day(rng, created, today)
        else:
            stage = rng.choice(SF_STAGES[:6])
        closed = stage.startswith("Closed")
        kind = "New Business" if a[3] == "Prospect" else rng.choices(
            ("New Business", "Existing Business - Upgrade", "Existing Business - Renewal"), weights=(3, 3, 4))[0]
        disc = rng.choice((0.0, 0.0, 5.0, 10.0, 15.0))
        oid = _sfid(rng, "006")
        lines, amount = [], 0.0
        for p in rng.sample(active_products, rng.randrange(1, 4)):
            qty = float(rng.choice((1, 1, 2, 3, 5, 10)) if p[3] != "Software" else rng.choice((1, 1, 1, 2)))
            unit = round(p[5] * (1 - disc / 100), 2)
            lines.append((_sfid(rng, "00k"), oid, p[0], qty, unit, round(qty * unit, 2), _sfts(rng, created)))
            amount += round(qty * unit, 2)
        loss = rng.choice(("Price", "Lost to Competitor", "No Budget", "No Decision", "Timing")) \
            if stage == "Closed Lost" else None
        forecast = ("Closed" if stage == "Closed Won" else "Omitted" if stage == "Closed Lost" else
                    "Commit" if SF_PROB[stage] >= 75 else "Best Case" if SF_PROB[stage] >= 50 else "Pipeline")
        opps.append((oid, "true" if rng.random() < 0.035 else "false", a[0],
                     f"{a[2]} - {kind.split(' - ')[-1]} {close.year}", stage, round(amount, 2), float(SF_PROB[stage]),
                     close.isoformat(), kind,
                     rng.choice(("Web", "Trade Show", "Partner Referral", "Phone Inquiry", "Webinar", "Outbound")),
                     "true" if closed else "false", "true" if stage == "Closed Won" else "false", forecast, a[9],
                     _sfts(rng, created), _sfts(rng, min(close, today)), loss, disc))
        items.extend(lines)
    conn.executemany("INSERT INTO Opportunity VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", opps)
    conn.executemany("INSERT INTO OpportunityLineItem VALUES (?,?,?,?,?,?,?)", items)

    # cases
    cases = []
    by_acct: dict[str, list[tuple]] = {}
    for c in contacts:
        by_acct.setdefault(c[2], []).append(c)
    customers = [a for a in live if a[3].startswith("Customer")]
    subjects = {"Problem": ("Dashboard not loading", "Sync job failing", "Login error", "Report totals wrong"),
                "Question": ("How to export data", "API rate limits", "Adding users"),
                "Feature Request": ("Dark mode", "More chart types", "SSO for contractors")}
    for n in range(1, 1401):
        a = rng.choice(customers)
        c = rng.choice(by_acct[a[0]])
        opened = _day(rng, max(start, date.fromisoformat(a[10][:10])), today)
        kind = rng.choices(list(subjects), weights=(6, 3, 1))[0]
        prio = rng.choices(("High", "Medium", "Low"), weights=(2, 5, 3))[0]
        age = (today - opened).days
        status = rng.choices(("New", "Working", "Escalated"), weights=(3, 5, 1))[0] if age < 25 and \
            rng.random() < 0.8 else ("Closed" if rng.random() < 0.97 else rng.choice(("Working", "Escalated")))
        created = _sfts(rng, opened)
        closed_at = None
        if status == "Closed":
            hours = rng.uniform(1, {"High": 30, "Medium": 90, "Low": 200}[prio])
            ct = datetime.fromisoformat(created[:19]) + timedelta(hours=hours)
            closed_at = ct.strftime("%Y-%m-%dT%H:%M:%S") + ".000Z"
        escalated = "true" if status == "Escalated" or (status == "Closed" and rng.random() < 0.06) else "false"
        cases.append((_sfid(rng, "500"), "true" if rng.random() < 0.03 else "false", f"{n:08d}", a[0], c[0],
                      rng.choice(subjects[kind]), status, prio, rng.choices(("Email", "Phone", "Web"),
                                                                            weights=(5, 2, 3))[0],
                      kind, "true" if status == "Closed" else "false", escalated, rng.choice(agents), created,
                      closed_at, "true" if rng.random() < 0.1 else "false"))
    conn.executemany('INSERT INTO "Case" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)', cases)

    # leads; converted ones point at the account they became
    leads = []
    for _ in range(650):
        fn, ln = _name(rng)
        created = _day(rng, start, today)
        status = rng.choices(("Open - Not Contacted", "Working - Contacted", "Closed - Converted",
                              "Closed - Not Converted"), weights=(2, 3, 2, 4))[0]
        if created > date(2025, 11, 15) and status.startswith("Closed"):
            status = "Open - Not Contacted"
        conv = status == "Closed - Converted"
        acct = rng.choice(live) if conv else None
        company = acct[2] if acct else f"{rng.choice(SF_CO_A)} {rng.choice(('Partners', 'Ventures', 'Studio', 'Co'))}"
        cd = _day(rng, created, min(today, created + timedelta(days=60))).isoformat() if conv else None
        leads.append((_sfid(rng, "00Q"), "true" if rng.random() < 0.03 else "false", fn, ln, company,
                      rng.choice(titles), status,
                      rng.choice(("Web", "Trade Show", "Partner Referral", "Phone Inquiry", "Webinar", "Purchased List")),
                      rng.choice(SF_INDUSTRIES), rng.choice(list(cities)), "true" if conv else "false", cd,
                      acct[0] if acct else None, rng.choice(reps), _sfts(rng, created)))
    conn.executemany("INSERT INTO Lead VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", leads)

    # subscriptions (custom object): what each customer runs, with seats and monthly recurring revenue
    subs = []
    software = [p for p in products if p[3] == "Software"]
    for a in accounts:
        if not a[3].startswith("Customer"):
            continue
        for p in rng.sample(software, rng.randrange(1, 3)):
            s0 = _day(rng, max(start, date.fromisoformat(a[10][:10])), date(2025, 11, 30))
            end = date(s0.year + 1, s0.month, min(s0.day, 28))
            status = "Active" if end > today else rng.choices(("Expired", "Cancelled"), weights=(1, 2))[0]
            if status == "Active" and rng.random() < 0.12:
                status = "Cancelled"
            seats = rng.choice((5, 10, 20, 25, 50, 100, 250))
            mrr = round(p[5] / 12 * max(1, seats / 10) * rng.uniform(0.8, 1.0), 2)
            subs.append((_sfid(rng, "a0B"), "true" if a[1] == "true" else "false", f"SUB-{len(subs) + 1:05d}",
                         a[0], p[0], status, s0.isoformat(), end.isoformat(), seats, mrr,
                         "true" if rng.random() < 0.6 else "false", _sfts(rng, s0)))
    conn.executemany("INSERT INTO Subscription__c VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", subs)


# ---------------------------------------------------------------- odoo (an Odoo ERP's PostgreSQL tables)

ODOO_COUNTRIES = ((1, "United States", "US"), (2, "Canada", "CA"), (3, "Germany", "DE"), (4, "France", "FR"),
                  (5, "Belgium", "BE"), (6, "United Kingdom", "GB"), (7, "Netherlands", "NL"), (8, "Spain", "ES"))
ODOO_CITIES = {1: ("Chicago", "Denver", "Atlanta", "Portland"), 2: ("Toronto", "Montreal"), 3: ("Berlin", "Hamburg"),
               4: ("Paris", "Lille"), 5: ("Brussels", "Ghent", "Namur"), 6: ("London", "Leeds"),
               7: ("Amsterdam", "Utrecht"), 8: ("Madrid", "Valencia")}
ODOO_CO_A = ("Azure", "Bright", "Cedar", "Delta", "Ember", "Falcon", "Gemini", "Harbor", "Indigo", "Juniper", "Kestrel",
             "Lumen", "Meridian", "Nova", "Orchid", "Pioneer", "Quartz", "Ridge", "Summit", "Tandem")
ODOO_CO_B = ("Interiors", "Office Supply", "Workspace", "Design Studio", "Architects", "Consulting", "Logistics",
             "Hospitality", "Coworking", "Properties")
ODOO_CATEGORIES = (  # id, name, parent
    (1, "All", None), (2, "Saleable", 1), (3, "Office Furniture", 2), (4, "Chairs", 3), (5, "Desks", 3),
    (6, "Storage", 3), (7, "Accessories", 2), (8, "Services", 2), (9, "Expenses", 1))
ODOO_PRODUCTS = (  # name, category, type, list price, cost, variants, active, sale_ok, purchase_ok
    ("Ergonomic Office Chair", 4, "product", 289.0, 150.0, ("Black", "Grey", "Blue"), 1, 1, 1),
    ("Conference Chair", 4, "product", 129.0, 62.0, ("Black", "White"), 1, 1, 1),
    ("Drafting Stool", 4, "product", 99.0, 48.0, (), 1, 1, 1),
    ("Executive Leather Chair", 4, "product", 549.0, 310.0, (), 0, 1, 1),
    ("Standing Desk", 5, "product", 699.0, 380.0, ("120 cm", "140 cm", "160 cm"), 1, 1, 1),
    ("Corner Desk", 5, "product", 459.0, 230.0, (), 1, 1, 1),
    ("Large Meeting Table", 5, "product", 1290.0, 720.0, (), 1, 1, 1),
    ("Compact Desk", 5, "product", 219.0, 120.0, (), 0, 1, 1),
    ("Filing Cabinet", 6, "product", 189.0, 95.0, ("2 drawers", "4 drawers"), 1, 1, 1),
    ("Bookshelf", 6, "product", 149.0, 70.0, (), 1, 1, 1),
    ("Mobile Pedestal", 6, "product", 169.0, 82.0, (), 1, 1, 1),
    ("Monitor Arm", 7, "product", 89.0, 38.0, ("Single", "Dual"), 1, 1, 1),
    ("Desk Lamp", 7, "product", 59.0, 22.0, (), 1, 1, 1),
    ("Cable Tray", 7, "consu", 25.0, 9.0, (), 1, 1, 1),
    ("Acoustic Panel", 7, "product", 119.0, 55.0, (), 1, 1, 1),
    ("Footrest", 7, "consu", 39.0, 14.0, (), 0, 1, 1),
    ("Office Design Consultation", 8, "service", 150.0, 60.0, (), 1, 1, 0),
    ("Furniture Assembly", 8, "service", 85.0, 40.0, (), 1, 1, 0),
    ("Delivery Fee", 8, "service", 45.0, 30.0, (), 1, 1, 0),
    ("Packing Material", 9, "consu", 0.0, 4.0, (), 1, 0, 1),
)


def _odoo_ts(rng: random.Random, d: date) -> str:
    """Odoo stores datetimes as naive UTC 'YYYY-MM-DD HH:MM:SS' (microseconds dropped)."""
    return _ts(rng, d, 6, 19)


def build_odoo(conn: sqlite3.Connection, rng: random.Random) -> None:
    # Odoo's ORM tables (model name with dots as underscores), one company, booleans loaded as 1/0. Every table
    # has create_date/write_date; many2one columns end in _id; names of people live on res_partner (a user is a
    # partner with a login); product_product (variants) has no name of its own, its template has; archived
    # records have active = 0; states are Odoo's lowercase selection keys.
    _create(conn, """
    CREATE TABLE res_currency (id INTEGER PRIMARY KEY, name TEXT, symbol TEXT, rounding REAL, active BOOLEAN,
        create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE res_country (id INTEGER PRIMARY KEY, name TEXT, code TEXT, currency_id INTEGER REFERENCES res_currency(id),
        create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE res_company (id INTEGER PRIMARY KEY, name TEXT, currency_id INTEGER REFERENCES res_currency(id),
        country_id INTEGER REFERENCES res_country(id), create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE res_partner (id INTEGER PRIMARY KEY, name TEXT, complete_name TEXT, is_company BOOLEAN,
        parent_id INTEGER REFERENCES res_partner(id), type TEXT, function TEXT, email TEXT, phone TEXT, street TEXT,
        city TEXT, zip TEXT, country_id INTEGER REFERENCES res_country(id), vat TEXT, customer_rank INTEGER,
        supplier_rank INTEGER, user_id INTEGER REFERENCES res_users(id), company_id INTEGER REFERENCES res_company(id),
        active BOOLEAN, create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE res_users (id INTEGER PRIMARY KEY, login TEXT, partner_id INTEGER REFERENCES res_partner(id),
        company_id INTEGER REFERENCES res_company(id), share BOOLEAN, active BOOLEAN, create_date TIMESTAMP,
        write_date TIMESTAMP);
    CREATE TABLE crm_team (id INTEGER PRIMARY KEY, name TEXT, user_id INTEGER REFERENCES res_users(id),
        company_id INTEGER REFERENCES res_company(id), sequence INTEGER, active BOOLEAN, create_date TIMESTAMP,
        write_date TIMESTAMP);
    CREATE TABLE product_category (id INTEGER PRIMARY KEY, name TEXT, complete_name TEXT,
        parent_id INTEGER REFERENCES product_category(id), parent_path TEXT, create_date TIMESTAMP,
        write_date TIMESTAMP);
    CREATE TABLE product_template (id INTEGER PRIMARY KEY, name TEXT, default_code TEXT,
        categ_id INTEGER REFERENCES product_category(id), type TEXT, list_price NUMERIC, sale_ok BOOLEAN,
        purchase_ok BOOLEAN, uom_name TEXT, company_id INTEGER REFERENCES res_company(id), active BOOLEAN,
        create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE product_product (id INTEGER PRIMARY KEY, product_tmpl_id INTEGER REFERENCES product_template(id),
        default_code TEXT, barcode TEXT, combination_indices TEXT, standard_price NUMERIC, active BOOLEAN,
        create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE stock_warehouse (id INTEGER PRIMARY KEY, name TEXT, code TEXT,
        lot_stock_id INTEGER REFERENCES stock_location(id), company_id INTEGER REFERENCES res_company(id),
        active BOOLEAN, create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE stock_location (id INTEGER PRIMARY KEY, name TEXT, complete_name TEXT,
        location_id INTEGER REFERENCES stock_location(id), usage TEXT,
        warehouse_id INTEGER REFERENCES stock_warehouse(id), company_id INTEGER REFERENCES res_company(id),
        active BOOLEAN, create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE stock_quant (id INTEGER PRIMARY KEY, product_id INTEGER REFERENCES product_product(id),
        location_id INTEGER REFERENCES stock_location(id), quantity REAL, reserved_quantity REAL,
        in_date TIMESTAMP, company_id INTEGER REFERENCES res_company(id), create_date TIMESTAMP,
        write_date TIMESTAMP);
    CREATE TABLE sale_order (id INTEGER PRIMARY KEY, name TEXT, partner_id INTEGER REFERENCES res_partner(id),
        partner_invoice_id INTEGER REFERENCES res_partner(id), user_id INTEGER REFERENCES res_users(id),
        team_id INTEGER REFERENCES crm_team(id), state TEXT, date_order TIMESTAMP, validity_date DATE,
        client_order_ref TEXT, invoice_status TEXT, amount_untaxed NUMERIC, amount_tax NUMERIC,
        amount_total NUMERIC, currency_id INTEGER REFERENCES res_currency(id),
        company_id INTEGER REFERENCES res_company(id), create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE sale_order_line (id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES sale_order(id),
        sequence INTEGER, product_id INTEGER REFERENCES product_product(id), name TEXT, product_uom_qty REAL,
        qty_delivered REAL, qty_invoiced REAL, price_unit NUMERIC, discount NUMERIC, price_subtotal NUMERIC,
        price_tax NUMERIC, price_total NUMERIC, purchase_price NUMERIC, margin NUMERIC, state TEXT,
        create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE account_move (id INTEGER PRIMARY KEY, name TEXT, move_type TEXT, state TEXT,
        partner_id INTEGER REFERENCES res_partner(id), invoice_date DATE, invoice_date_due DATE, date DATE,
        invoice_origin TEXT, ref TEXT, payment_state TEXT, amount_untaxed NUMERIC, amount_tax NUMERIC,
        amount_total NUMERIC, amount_residual NUMERIC, invoice_user_id INTEGER REFERENCES res_users(id),
        team_id INTEGER REFERENCES crm_team(id), currency_id INTEGER REFERENCES res_currency(id),
        company_id INTEGER REFERENCES res_company(id), create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE account_move_line (id INTEGER PRIMARY KEY, move_id INTEGER REFERENCES account_move(id),
        display_type TEXT, product_id INTEGER REFERENCES product_product(id), name TEXT, quantity REAL,
        price_unit NUMERIC, discount NUMERIC, price_subtotal NUMERIC, price_total NUMERIC, debit NUMERIC,
        credit NUMERIC, create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE purchase_order (id INTEGER PRIMARY KEY, name TEXT, partner_id INTEGER REFERENCES res_partner(id),
        partner_ref TEXT, user_id INTEGER REFERENCES res_users(id), state TEXT, date_order TIMESTAMP,
        date_approve TIMESTAMP, date_planned TIMESTAMP, receipt_status TEXT, invoice_status TEXT,
        amount_untaxed NUMERIC, amount_tax NUMERIC, amount_total NUMERIC,
        currency_id INTEGER REFERENCES res_currency(id), company_id INTEGER REFERENCES res_company(id),
        create_date TIMESTAMP, write_date TIMESTAMP);
    CREATE TABLE purchase_order_line (id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES purchase_order(id),
        product_id INTEGER REFERENCES product_product(id), name TEXT, product_qty REAL, qty_received REAL,
        qty_invoiced REAL, price_unit NUMERIC, price_subtotal NUMERIC, price_tax NUMERIC, price_total NUMERIC,
        date_planned TIMESTAMP, create_date TIMESTAMP, write_date TIMESTAMP);
    """)
    setup = date(2022, 9, 1)
    start, today = date(2023, 1, 1), date(2025, 12, 31)
    stamp = _odoo_ts(rng, setup)

    conn.executemany("INSERT INTO res_currency VALUES (?,?,?,?,?,?,?)",
                     [(1, "USD", "$", 0.01, 1, stamp, stamp), (2, "EUR", "€", 0.01, 1, stamp, stamp),
                      (3, "CAD", "$", 0.01, 0, stamp, stamp), (4, "GBP", "£", 0.01, 0, stamp, stamp)])
    cur_of = {1: 1, 2: 3, 3: 2, 4: 2, 5: 2, 6: 4, 7: 2, 8: 2}
    conn.executemany("INSERT INTO res_country VALUES (?,?,?,?,?,?)",
                     [(i, n, c, cur_of[i], stamp, stamp) for i, n, c in ODOO_COUNTRIES])
    conn.execute("INSERT INTO res_company VALUES (1, 'Workline Furnishings Inc.', 1, 1, ?, ?)", (stamp, stamp))

    partners: list[list] = []

    def partner(name: str, is_company: int, parent: int | None, ptype: str, country: int, city: str,
                created: date, *, function: str | None = None, cust: int = 0, supp: int = 0,
                user: int | None = None, active: int = 1) -> int:
        pid = len(partners) + 1
        parent_name = partners[parent - 1][1] if parent else None
        slug = (parent_name or name).split()[0].lower()
        created_ts = _odoo_ts(rng, created)
        partners.append([pid, name, f"{parent_name}, {name}" if parent_name else name, is_company, parent, ptype,
                         function, f"{name.split()[0].lower()}@{slug}.example" if not is_company else f"info@{slug}.example",
                         f"+{rng.randrange(1, 99)} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
                         f"{rng.randrange(1, 400)} {rng.choice(('Main', 'Oak', 'Park', 'Mill', 'Station'))} Street",
                         city, f"{rng.randrange(10000, 99999)}", country,
                         f"{ODOO_COUNTRIES[country - 1][2]}{rng.randrange(10**8, 10**9)}" if is_company else None,
                         cust, supp, user, 1, active, created_ts, created_ts])
        return pid

    # the company's own partner, then the internal users' partners (a user's name lives on its partner)
    partner("Workline Furnishings Inc.", 1, None, "contact", 1, "Chicago", setup)
    staff = (("Sales", 5), ("Sales", 4), ("Purchase", 2), ("Accounting", 2), ("Warehouse", 2), ("Admin", 1))
    users, used = [], set()
    for dept, n in staff:
        for _ in range(n):
            fn, ln = _name(rng)
            while (fn, ln) in used:
                fn, ln = _name(rng)
            used.add((fn, ln))
            joined = _day(rng, setup, date(2023, 3, 1))
            pid = partner(f"{fn} {ln}", 0, None, "contact", 1, "Chicago", joined, function=dept)
            uid = len(users) + 2  # id 1 is the superuser (OdooBot)
            users.append([uid, f"{fn.lower()}.{ln.lower()}@workline.example", pid, 1, 0, 1, _odoo_ts(rng, joined),
                          _odoo_ts(rng, joined), dept])
    users[4][5] = 0  # a salesperson who left: archived user, keeps her orders
    bot = partner("OdooBot", 0, None, "contact", 1, "Chicago", setup, active=0)
    conn.execute("INSERT INTO res_users VALUES (1, '__system__', ?, 1, 0, 0, ?, ?)", (bot, stamp, stamp))
    sellers = [u[0] for u in users if u[8] == "Sales"]
    buyers = [u[0] for u in users if u[8] == "Purchase"]
    accountants = [u[0] for u in users if u[8] == "Accounting"]

    teams = [(1, "Direct Sales", sellers[0], 1, 10, 1, stamp, stamp), (2, "Key Accounts", sellers[5], 1, 20, 1, stamp, stamp),
             (3, "Website", sellers[2], 1, 30, 1, stamp, stamp), (4, "Trade Shows", sellers[1], 1, 40, 0, stamp, stamp)]
    team_of = {s: (1 if i < 5 else 2) for i, s in enumerate(sellers)}

    # customers: companies (with contact persons) and a few private individuals; vendors; prospects never ordered
    customers, names = [], set()
    while len(customers) < 70:
        nm = f"{rng.choice(ODOO_CO_A)} {rng.choice(ODOO_CO_B)}"
        if nm in names:
            continue
        names.add(nm)
        country = rng.choices([c[0] for c in ODOO_COUNTRIES], weights=(40, 10, 12, 10, 10, 8, 6, 4))[0]
        created = _day(rng, date(2022, 10, 1), date(2025, 6, 30))
        pid = partner(nm, 1, None, "contact", country, rng.choice(ODOO_CITIES[country]), created,
                      cust=rng.randrange(1, 40), user=rng.choice(sellers), active=0 if rng.random() < 0.05 else 1)
        for _ in range(rng.randrange(1, 5)):
            fn, ln = _name(rng)
            partner(f"{fn} {ln}", 0, pid, "contact", country, partners[pid - 1][10], created,
                    function=rng.choice(("Office Manager", "Purchasing Manager", "CEO", "Facility Manager", "Assistant")))
        if rng.random() < 0.3:
            partner("Accounts Payable", 0, pid, "invoice", country, partners[pid - 1][10], created)
        customers.append(pid)
    for _ in range(14):
        fn, ln = _name(rng)
        country = rng.choice((1, 1, 2, 5))
        customers.append(partner(f"{fn} {ln}", 0, None, "contact", country, rng.choice(ODOO_CITIES[country]),
                                 _day(rng, start, date(2025, 6, 30)), cust=rng.randrange(1, 6)))
    prospects = []
    for _ in range(9):
        nm = f"{rng.choice(ODOO_CO_A)} {rng.choice(ODOO_CO_B)}"
        while nm in names:
            nm = f"{rng.choice(ODOO_CO_A)} {rng.choice(ODOO_CO_B)}"
        names.add(nm)
        country = rng.choice((1, 3, 4, 5))
        prospects.append(partner(nm, 1, None, "contact", country, rng.choice(ODOO_CITIES[country]),
                                 _day(rng, date(2024, 1, 1), date(2025, 11, 30)), user=rng.choice(sellers)))
    vendors = []
    for nm, country in (("Steelcase Components Ltd", 1), ("Nordic Timber AB Supplies", 3), ("Ergoform GmbH", 3),
                        ("Lumina Lighting BV", 7), ("Cablecraft Inc.", 1), ("Pack & Ship Co.", 1),
                        ("Atelier Bois SARL", 4), ("Old Mill Hardware", 2)):
        vid = partner(nm, 1, None, "contact", country, rng.choice(ODOO_CITIES[country]), setup,
                      supp=rng.randrange(3, 30), active=0 if nm == "Old Mill Hardware" else 1)
        fn, ln = _name(rng)
        partner(f"{fn} {ln}", 0, vid, "contact", country, partners[vid - 1][10], setup, function="Account Manager")
        vendors.append(vid)
    vendors_live = vendors[:-1]
    conn.executemany("INSERT INTO res_partner VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", partners)
    conn.executemany("INSERT INTO res_users VALUES (?,?,?,?,?,?,?,?)", [u[:8] for u in users])
    # a few portal users (share = 1): customers' contacts with a login to see their orders
    portal = [p for p in partners if p[4] and p[5] == "contact" and p[6] == "Purchasing Manager"][:6]
    conn.executemany("INSERT INTO res_users VALUES (?,?,?,1,1,1,?,?)",
                     [(len(users) + 2 + i, p[7], p[0], p[19], p[19]) for i, p in enumerate(portal)])
    conn.executemany("INSERT INTO crm_team VALUES (?,?,?,?,?,?,?,?)", teams)

    cats = []
    for cid, nm, parent in ODOO_CATEGORIES:
        path = [nm]
        p = parent
        while p:
            path.insert(0, ODOO_CATEGORIES[p - 1][1])
            p = ODOO_CATEGORIES[p - 1][2]
        ids = [cid]
        p = parent
        while p:
            ids.insert(0, p)
            p = ODOO_CATEGORIES[p - 1][2]
        cats.append((cid, nm, " / ".join(path), parent, "/".join(map(str, ids)) + "/", stamp, stamp))
    conn.executemany("INSERT INTO product_category VALUES (?,?,?,?,?,?,?)", cats)

    templates, variants = [], []  # variants: (id, tmpl, code, barcode, combo, cost, active, ...)
    for t, (nm, categ, ptype, price, cost, opts, active, sale_ok, purchase_ok) in enumerate(ODOO_PRODUCTS, 1):
        code = f"{nm[:3].upper()}-{100 + t}"
        templates.append((t, nm, code, categ, ptype, price, sale_ok, purchase_ok,
                          "Hours" if nm == "Office Design Consultation" else "Units", 1, active, stamp, stamp))
        for k, opt in enumerate(opts or (None,)):
            vid = len(variants) + 1
            variants.append((vid, t, f"{code}-{k + 1}" if opt else code, f"{rng.randrange(10**12, 10**13)}",
                             f"{t * 10 + k}" if opt else "", round(cost * (1 + 0.08 * k), 2), active, stamp, stamp))
    conn.executemany("INSERT INTO product_template VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", templates)
    conn.executemany("INSERT INTO product_product VALUES (?,?,?,?,?,?,?,?,?)", variants)
    tmpl = {t[0]: t for t in templates}
    price_of = {v[0]: round(tmpl[v[1]][5] * (1 + 0.1 * (int(v[4][-1]) if v[4] else 0)), 2) for v in variants}
    live_variants = [v for v in variants if v[6] and tmpl[v[1]][6]]
    goods = [v for v in live_variants if tmpl[v[1]][4] != "service"]
    services = [v for v in live_variants if tmpl[v[1]][4] == "service"]
    name_of = {v[0]: tmpl[v[1]][1] + (f" ({v[4]})" if v[4] else "") for v in variants}

    # warehouses and their locations (view location, WH/Stock and shelves) plus the virtual partner locations
    locs: list[tuple] = [(1, "Physical Locations", "Physical Locations", None, "view", None, None, 1, stamp, stamp),
                         (2, "Partners", "Partners", None, "view", None, None, 1, stamp, stamp),
                         (3, "Customers", "Partners/Customers", 2, "customer", None, None, 1, stamp, stamp),
                         (4, "Vendors", "Partners/Vendors", 2, "supplier", None, None, 1, stamp, stamp),
                         (5, "Virtual Locations", "Virtual Locations", None, "view", None, None, 1, stamp, stamp),
                         (6, "Inventory adjustment", "Virtual Locations/Inventory adjustment", 5, "inventory", None,
                          1, 1, stamp, stamp)]
    warehouses, internal = [], []
    for wid, (wname, code, shelves, active) in enumerate((("Chicago Main Warehouse", "CHI", 3, 1),
                                                           ("Denver Depot", "DEN", 2, 1),
                                                           ("Toronto Warehouse", "TOR", 2, 1),
                                                           ("Atlanta Overflow", "ATL", 1, 0)), 1):
        view = len(locs) + 1
        locs.append((view, code, code, 1, "view", wid, 1, active, stamp, stamp))
        stock = view + 1
        locs.append((stock, "Stock", f"{code}/Stock", view, "internal", wid, 1, active, stamp, stamp))
        internal.append((stock, wid, active))
        for s in range(1, shelves + 1):
            lid = len(locs) + 1
            locs.append((lid, f"Shelf {s}", f"{code}/Stock/Shelf {s}", stock, "internal", wid, 1, active, stamp, stamp))
            internal.append((lid, wid, active))
        lid = len(locs) + 1
        locs.append((lid, "Output", f"{code}/Output", view, "internal", wid, 1, 0, stamp, stamp))
        warehouses.append((wid, wname, code, stock, 1, active, stamp, stamp))
    conn.executemany("INSERT INTO stock_location VALUES (?,?,?,?,?,?,?,?,?,?)", locs)
    conn.executemany("INSERT INTO stock_warehouse VALUES (?,?,?,?,?,?,?,?)", warehouses)

    quants = []
    storable = [v for v in variants if tmpl[v[1]][4] == "product"]
    for v in storable:
        for lid, _wid, wactive in internal:
            if not wactive or rng.random() < 0.45 or (not v[6] and rng.random() < 0.7):
                continue
            if v[0] == storable[-1][0]:
                continue  # the last storable variant is sold out everywhere
            qty = float(rng.randrange(0, 60) if rng.random() > 0.1 else 0)
            d = _day(rng, date(2025, 1, 1), today)
            quants.append((len(quants) + 1, v[0], lid, qty, float(min(qty, rng.randrange(0, 6))), _odoo_ts(rng, d), 1,
                           _odoo_ts(rng, d), _odoo_ts(rng, d)))
    conn.executemany("INSERT INTO stock_quant VALUES (?,?,?,?,?,?,?,?,?)", quants)

    # sales orders (quotations until confirmed) with lines; confirmed orders get customer invoices
    orders, lines, moves, mlines = [], [], [], []
    inv_seq: dict[tuple[str, int], int] = {}
    active_customers = [c for c in customers if partners[c - 1][18] == 1]
    weights = [rng.uniform(0.3, 3.0) for _ in active_customers]

    def move(prefix: str, mtype: str, partner_id: int, inv_date: date, origin: str | None, items: list[tuple],
             user: int | None, team: int | None, state: str, pay: str, residual_share: float) -> int:
        year = inv_date.year
        if state == "draft":
            name = "/"
        else:
            inv_seq[(prefix, year)] = inv_seq.get((prefix, year), 0) + 1
            name = f"{prefix}/{year}/{inv_seq[(prefix, year)]:05d}"
        mid = len(moves) + 1
        untaxed = round(sum(i[4] for i in items), 2)
        tax = round(untaxed * 0.08, 2)
        total = round(untaxed + tax, 2)
        residual = round(total * residual_share, 2) if state == "posted" else total if state == "draft" else 0.0
        due = inv_date + timedelta(days=rng.choice((15, 30, 30, 45, 60)))
        created = _odoo_ts(rng, inv_date)
        moves.append((mid, name, mtype, state, partner_id, inv_date.isoformat(), due.isoformat(), inv_date.isoformat(),
                      origin, None if mtype.startswith("out") else f"BILL-{rng.randrange(1000, 99999)}", pay,
                      untaxed, tax, total, residual, user, team, 1, 1, created, created))
        sign = 1 if mtype in ("out_invoice", "in_refund") else -1
        for pid, label, qty, unit, sub in items:
            mlines.append((len(mlines) + 1, mid, "product", pid, label, qty, unit, 0.0, sub, round(sub * 1.08, 2),
                           0.0 if sign > 0 else sub, sub if sign > 0 else 0.0, created, created))
        mlines.append((len(mlines) + 1, mid, "tax", None, "Sales Tax 8%", 0.0, 0.0, 0.0, 0.0, 0.0,
                       0.0 if sign > 0 else tax, tax if sign > 0 else 0.0, created, created))
        return mid

    for n in range(1, 821):
        d = _day(rng, start, today)
        cust = rng.choices(active_customers, weights=weights)[0]
        seller = partners[cust - 1][16] or rng.choice(sellers[:4])
        if seller == users[4][0] and d > date(2025, 3, 31):
            seller = sellers[0]  # the archived salesperson left at the end of March 2025
        team = 3 if rng.random() < 0.12 else team_of[seller]
        if d < date(2023, 9, 1) and rng.random() < 0.08:
            team = 4
        age = (today - d).days
        state = rng.choices(("draft", "sent", "sale", "done", "cancel"),
                            weights=(2, 3, 60, 25, 8) if age > 45 else (20, 25, 45, 0, 6))[0]
        oid = n
        name = f"S{n:05d}"
        items, untaxed, margin_total = [], 0.0, 0.0
        picks = rng.sample(goods, rng.randrange(1, 4))
        if rng.random() < 0.35:
            picks.append(rng.choice(services))
        for seq, v in enumerate(picks, 1):
            qty = float(rng.randrange(1, 25) if tmpl[v[1]][4] != "service" else rng.randrange(1, 6))
            unit = price_of[v[0]] if d.year >= 2025 else round(price_of[v[0]] * 0.95, 2)
            disc = rng.choice((0.0, 0.0, 0.0, 5.0, 10.0))
            sub = round(qty * unit * (1 - disc / 100), 2)
            cost = v[5]
            margin = round(sub - qty * cost, 2)
            delivered = qty if state in ("sale", "done") and age > 20 else 0.0
            invoiced = qty if state == "done" or (state == "sale" and age > 30) else 0.0
            created = _odoo_ts(rng, d)
            lines.append([len(lines) + 1, oid, seq * 10, v[0], name_of[v[0]], qty, delivered, invoiced, unit, disc,
                          sub, round(sub * 0.08, 2), round(sub * 1.08, 2), cost, margin,
                          state, created, created])
            items.append((v[0], name_of[v[0]], qty, unit, sub))
            untaxed += sub
            margin_total += margin
        untaxed = round(untaxed, 2)
        tax = round(untaxed * 0.08, 2)
        invoiced_all = all(li[7] == li[5] for li in lines if li[1] == oid)
        inv_status = ("invoiced" if invoiced_all else "to invoice") if state in ("sale", "done") else "no"
        created = _odoo_ts(rng, d - timedelta(days=rng.randrange(0, 10)))
        orders.append((oid, name, cust, cust, seller, team, state, _odoo_ts(rng, d),
                       (d + timedelta(days=30)).isoformat(), f"PO-{rng.randrange(1000, 9999)}" if rng.random() < 0.4 else None,
                       inv_status, untaxed, tax, round(untaxed + tax, 2), 1, 1, created, _odoo_ts(rng, min(d + timedelta(days=rng.randrange(0, 40)), today))))
        if inv_status == "invoiced":
            inv_date = min(d + timedelta(days=rng.randrange(1, 25)), today)
            due_age = (today - inv_date).days
            r = rng.random()
            if due_age > 90:
                pay, share = ("paid", 0.0) if r < 0.93 else ("partial", 0.4) if r < 0.96 else ("not_paid", 1.0)
            else:
                pay, share = ("paid", 0.0) if r < 0.5 else ("partial", 0.5) if r < 0.6 else ("not_paid", 1.0)
            mid = move("INV", "out_invoice", cust, inv_date, name, items, seller, team, "posted", pay, share)
            if rng.random() < 0.06 and inv_date < date(2025, 11, 1):
                # a credit note for part of the goods (damaged or returned)
                ref_items = [(i[0], i[1], max(1.0, i[2] // 3), i[3], round(max(1.0, i[2] // 3) * i[3], 2))
                             for i in items[:1]]
                move("RINV", "out_refund", cust, inv_date + timedelta(days=rng.randrange(5, 40)), name, ref_items,
                     seller, team, "posted", "paid", 0.0)
            elif rng.random() < 0.01:
                moves[mid - 1] = moves[mid - 1][:10] + ("reversed",) + moves[mid - 1][11:14] + (0.0,) + moves[mid - 1][15:]
                move("RINV", "out_refund", cust, inv_date + timedelta(days=3), name, items, seller, team,
                     "posted", "paid", 0.0)
    # a few draft and cancelled customer invoices without an order
    for _ in range(8):
        d = _day(rng, date(2025, 10, 1), today)
        v = rng.choice(services)
        q = float(rng.randrange(1, 4))
        move("INV", "out_invoice", rng.choice(active_customers), d, None,
             [(v[0], name_of[v[0]], q, price_of[v[0]], round(q * price_of[v[0]], 2))], rng.choice(accountants), None,
             rng.choice(("draft", "draft", "cancel")), "not_paid", 1.0)
    conn.executemany("INSERT INTO sale_order VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", orders)
    conn.executemany("INSERT INTO sale_order_line VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", lines)

    # purchase orders to vendors and their vendor bills
    porders, plines = [], []
    vendor_weights = [rng.uniform(0.5, 3.0) for _ in vendors_live]
    for n in range(1, 241):
        d = _day(rng, start, today)
        vendor = rng.choices(vendors_live, weights=vendor_weights)[0]
        if d < date(2024, 6, 1) and rng.random() < 0.08:
            vendor = vendors[-1]
        age = (today - d).days
        state = rng.choices(("draft", "sent", "to approve", "purchase", "done", "cancel"),
                            weights=(2, 2, 1, 55, 35, 5) if age > 45 else (20, 20, 15, 40, 0, 5))[0]
        name = f"P{n:05d}"
        buyables = [v for v in variants if tmpl[v[1]][7] and tmpl[v[1]][4] != "service" and tmpl[v[1]][10]]
        items, untaxed = [], 0.0
        for v in rng.sample(buyables, rng.randrange(1, 5)):
            qty = float(rng.randrange(5, 80))
            unit = round(v[5] * rng.uniform(0.95, 1.05), 2)
            sub = round(qty * unit, 2)
            received = qty if state in ("purchase", "done") and age > 14 else 0.0
            billed = received if state == "done" or age > 30 else 0.0
            planned = _odoo_ts(rng, d + timedelta(days=14))
            created = _odoo_ts(rng, d)
            plines.append((len(plines) + 1, n, v[0], name_of[v[0]], qty, received, billed, unit, sub,
                           round(sub * 0.08, 2), round(sub * 1.08, 2), planned, created, created))
            items.append((v[0], name_of[v[0]], qty, unit, sub))
            untaxed += sub
        untaxed = round(untaxed, 2)
        confirmed = state in ("purchase", "done")
        received_all = confirmed and age > 14
        billed = confirmed and (state == "done" or age > 30)
        porders.append((n, name, vendor, f"SO-{rng.randrange(10000, 99999)}" if rng.random() < 0.6 else None,
                        rng.choice(buyers), state, _odoo_ts(rng, d),
                        _odoo_ts(rng, d + timedelta(days=1)) if confirmed else None,
                        _odoo_ts(rng, d + timedelta(days=14)),
                        ("full" if received_all else "pending") if confirmed else None,
                        ("invoiced" if billed else "to invoice") if confirmed else "no",
                        untaxed, round(untaxed * 0.08, 2), round(untaxed * 1.08, 2), 1, 1, _odoo_ts(rng, d),
                        _odoo_ts(rng, min(d + timedelta(days=20), today))))
        if billed:
            bill_date = min(d + timedelta(days=rng.randrange(10, 30)), today)
            r = rng.random()
            pay, share = (("paid", 0.0) if r < 0.8 else ("not_paid", 1.0)) if (today - bill_date).days < 60 else ("paid", 0.0)
            move("BILL", "in_invoice", vendor, bill_date, name, items, rng.choice(accountants), None, "posted", pay, share)
    # a handful of miscellaneous journal entries that are not invoices
    for _ in range(12):
        d = _day(rng, start, today)
        amt = round(rng.uniform(200, 5000), 2)
        mid = len(moves) + 1
        inv_seq[("MISC", d.year)] = inv_seq.get(("MISC", d.year), 0) + 1
        created = _odoo_ts(rng, d)
        moves.append((mid, f"MISC/{d.year}/{inv_seq[('MISC', d.year)]:05d}", "entry", "posted", None, None, None,
                      d.isoformat(), None, rng.choice(("Depreciation", "Payroll accrual", "Bank fees")), "not_paid",
                      0.0, 0.0, amt, 0.0, None, None, 1, 1, created, created))
        mlines.append((len(mlines) + 1, mid, None, None, moves[-1][9], 0.0, 0.0, 0.0, 0.0, 0.0, amt, 0.0, created, created))
    conn.executemany("INSERT INTO purchase_order VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", porders)
    conn.executemany("INSERT INTO purchase_order_line VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", plines)
    conn.executemany("INSERT INTO account_move VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", moves)
    conn.executemany("INSERT INTO account_move_line VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", mlines)


# ---------------------------------------------------------------- printshop (an AS/400 order-entry export)

PRT_TYPES = (("AGY", "Advertising Agency"), ("SCH", "School"), ("RTL", "Retail Store"), ("NPO", "Nonprofit"),
             ("CRP", "Corporate"), ("RST", "Restaurant"))
PRT_TERMS = (("N30", "NET 30 DAYS", 30), ("N15", "NET 15 DAYS", 15), ("COD", "CASH ON DELIVERY", 0),
             ("N45", "NET 45 DAYS", 45))
PRT_STATES = (("OH", ("COLUMBUS", "DAYTON", "TOLEDO", "AKRON")), ("IN", ("INDIANAPOLIS", "FORT WAYNE")),
              ("KY", ("LOUISVILLE", "LEXINGTON")), ("MI", ("DETROIT", "GRAND RAPIDS")), ("PA", ("PITTSBURGH", "ERIE")))
PRT_CO_A = ("ACME", "BLUE RIVER", "CARDINAL", "DOVETAIL", "EAGLE", "FAIRVIEW", "GATEWAY", "HILLTOP", "IRONWOOD",
            "JUBILEE", "KEYSTONE", "LAKESIDE", "MAPLE", "NORTHSTAR", "OAKRIDGE", "PINNACLE", "QUAIL RUN", "RIVERSIDE",
            "SUMMIT", "TRILLIUM", "UNION", "VALLEY", "WESTGATE", "YORKTOWN")
PRT_CO_B = {"AGY": ("CREATIVE", "MEDIA GROUP", "MARKETING"), "SCH": ("ELEMENTARY", "HIGH SCHOOL", "ACADEMY"),
            "RTL": ("HARDWARE", "BOUTIQUE", "OUTFITTERS"), "NPO": ("FOUNDATION", "FOOD BANK", "ARTS COUNCIL"),
            "CRP": ("INDUSTRIES", "HOLDINGS", "MANUFACTURING"), "RST": ("GRILL", "BISTRO", "PIZZERIA")}
PRT_CLASSES = (("BC", "BUSINESS CARDS"), ("BR", "BROCHURES"), ("PS", "POSTERS"), ("BN", "BANNERS"),
               ("EN", "ENVELOPES"), ("LH", "LETTERHEAD"), ("PP", "PAPER STOCK"), ("IN", "INK AND TONER"))
PRT_ITEMS = (  # item, description, class, unit of measure, price, cost, sold, active
    ("BC-STD", "BUSINESS CARDS STANDARD 500", "BC", "BX", 39.0, 11.0, "Y", "Y"),
    ("BC-PRM", "BUSINESS CARDS PREMIUM 500", "BC", "BX", 69.0, 19.0, "Y", "Y"),
    ("BC-FOIL", "BUSINESS CARDS GOLD FOIL 250", "BC", "BX", 119.0, 38.0, "Y", "N"),
    ("BR-TRI", "TRIFOLD BROCHURE 8.5X11", "BR", "C", 89.0, 31.0, "Y", "Y"),
    ("BR-BI", "BIFOLD BROCHURE 11X17", "BR", "C", 129.0, 47.0, "Y", "Y"),
    ("PS-1824", "POSTER 18X24 GLOSS", "PS", "EA", 24.0, 6.5, "Y", "Y"),
    ("PS-2436", "POSTER 24X36 GLOSS", "PS", "EA", 36.0, 9.0, "Y", "Y"),
    ("BN-VINYL", "VINYL BANNER 3X8", "BN", "EA", 95.0, 28.0, "Y", "Y"),
    ("BN-MESH", "MESH BANNER 4X10", "BN", "EA", 165.0, 52.0, "Y", "Y"),
    ("EN-10", "NO 10 ENVELOPE PRINTED", "EN", "M", 79.0, 26.0, "Y", "Y"),
    ("EN-WIN", "WINDOW ENVELOPE PRINTED", "EN", "M", 92.0, 31.0, "Y", "N"),
    ("LH-24", "LETTERHEAD 24LB", "LH", "C", 49.0, 14.0, "Y", "Y"),
    ("PP-80G", "80LB GLOSS TEXT SHEETS", "PP", "RM", 0.0, 42.0, "N", "Y"),
    ("PP-100C", "100LB COVER SHEETS", "PP", "RM", 0.0, 58.0, "N", "Y"),
    ("PP-VNL", "13OZ VINYL ROLL", "PP", "RL", 0.0, 135.0, "N", "Y"),
    ("IN-CMYK", "CMYK OFFSET INK SET", "IN", "ST", 0.0, 210.0, "N", "Y"),
    ("IN-TNR", "DIGITAL PRESS TONER", "IN", "EA", 0.0, 320.0, "N", "Y"),
)
PRT_PRESSES = ((1, "HEIDELBERG SM52", "OFFSET", "Y"), (2, "KOMORI LITHRONE", "OFFSET", "Y"),
               (3, "XEROX IRIDESSE", "DIGITAL", "Y"), (4, "HP LATEX 800", "WIDE", "Y"), (5, "AB DICK 9985", "OFFSET", "N"))
PRT_PRESS_FOR = {"BC": (1, 3), "BR": (1, 2, 3), "PS": (3, 4), "BN": (4,), "EN": (2, 5), "LH": (1, 2)}
PRT_VENDORS = ((1, "MIDWEST PAPER SUPPLY", "CINCINNATI", "OH"), (2, "GREAT LAKES INK CO", "CLEVELAND", "OH"),
               (3, "CENTRAL VINYL DIST", "INDIANAPOLIS", "IN"), (4, "TRISTATE TONER", "LOUISVILLE", "KY"),
               (5, "ALLIED SUBSTRATES", "PITTSBURGH", "PA"))
PRT_VENDOR_FOR = {"PP-80G": 1, "PP-100C": 1, "PP-VNL": 3, "IN-CMYK": 2, "IN-TNR": 4}


def _ymd(d: date | None) -> int:
    """AS/400 8,0 packed dates: YYYYMMDD as a number, zero when there is none."""
    return d.year * 10000 + d.month * 100 + d.day if d else 0


def build_printshop(conn: sqlite3.Connection, rng: random.Random) -> None:
    # A commercial print shop's order entry on an IBM i (AS/400), exported file by file: upper-case file names of
    # at most ten characters (CUSMAS customer master, ORDHDR/ORDDTL order header and detail, ITMMAS item master),
    # every field prefixed with its file's two-letter code (CMCUST, OHORDT, ODQTY), dates as 8,0 numbers YYYYMMDD
    # with 0 for none (invoice dates as CHAR(8) text), Y/N flags, short codes looked up in small code files.
    _create(conn, """
    CREATE TABLE CUSTYP (CTTYPE CHAR(3) PRIMARY KEY, CTDESC CHAR(30));
    CREATE TABLE TRMMAS (TMTERM CHAR(3) PRIMARY KEY, TMDESC CHAR(30), TMDAYS NUMERIC(3,0));
    CREATE TABLE SLSMAS (SMSLSM NUMERIC(3,0) PRIMARY KEY, SMNAME CHAR(30), SMTERR CHAR(10), SMCOMM NUMERIC(5,2),
        SMHIRE NUMERIC(8,0), SMACTV CHAR(1));
    CREATE TABLE CUSMAS (CMCUST NUMERIC(6,0) PRIMARY KEY, CMNAME CHAR(40), CMADR1 CHAR(40), CMCITY CHAR(25),
        CMSTAT CHAR(2), CMZIP CHAR(10), CMPHON CHAR(14), CMTYPE CHAR(3) REFERENCES CUSTYP(CTTYPE),
        CMSLSM NUMERIC(3,0) REFERENCES SLSMAS(SMSLSM), CMTERM CHAR(3) REFERENCES TRMMAS(TMTERM),
        CMCRLM NUMERIC(9,2), CMTAXX CHAR(1), CMOPDT NUMERIC(8,0), CMACTV CHAR(1));
    CREATE TABLE ITMCLS (ICCLAS CHAR(2) PRIMARY KEY, ICDESC CHAR(30));
    CREATE TABLE ITMMAS (IMITEM CHAR(15) PRIMARY KEY, IMDESC CHAR(40), IMCLAS CHAR(2) REFERENCES ITMCLS(ICCLAS),
        IMUOM CHAR(2), IMPRIC NUMERIC(9,2), IMCOST NUMERIC(9,2), IMOHQT NUMERIC(9,0), IMSOLD CHAR(1), IMACTV CHAR(1));
    CREATE TABLE PRSMAS (PMPRES NUMERIC(3,0) PRIMARY KEY, PMDESC CHAR(30), PMTYPE CHAR(10), PMACTV CHAR(1));
    CREATE TABLE ORDHDR (OHORDN NUMERIC(7,0) PRIMARY KEY, OHCUST NUMERIC(6,0) REFERENCES CUSMAS(CMCUST),
        OHSLSM NUMERIC(3,0) REFERENCES SLSMAS(SMSLSM), OHORDT NUMERIC(8,0), OHRQDT NUMERIC(8,0), OHSHDT NUMERIC(8,0),
        OHSTAT CHAR(1), OHRUSH CHAR(1), OHPONO CHAR(15), OHFRGT NUMERIC(9,2), OHTOTL NUMERIC(11,2));
    CREATE TABLE ORDDTL (ODORDN NUMERIC(7,0) REFERENCES ORDHDR(OHORDN), ODLINE NUMERIC(3,0),
        ODITEM CHAR(15) REFERENCES ITMMAS(IMITEM), ODQTY NUMERIC(7,0), ODUPRC NUMERIC(9,2), ODEXTN NUMERIC(11,2),
        ODPRES NUMERIC(3,0) REFERENCES PRSMAS(PMPRES), PRIMARY KEY (ODORDN, ODLINE));
    CREATE TABLE INVHDR (IHINVN NUMERIC(7,0) PRIMARY KEY, IHORDN NUMERIC(7,0) REFERENCES ORDHDR(OHORDN),
        IHCUST NUMERIC(6,0) REFERENCES CUSMAS(CMCUST), IHINDT CHAR(8), IHDUDT CHAR(8), IHAMT NUMERIC(11,2),
        IHTAX NUMERIC(9,2), IHPAID CHAR(1));
    CREATE TABLE CSHRCP (CRRCPN NUMERIC(7,0) PRIMARY KEY, CRINVN NUMERIC(7,0) REFERENCES INVHDR(IHINVN),
        CRCUST NUMERIC(6,0) REFERENCES CUSMAS(CMCUST), CRRCDT NUMERIC(8,0), CRAMT NUMERIC(11,2), CRMTHD CHAR(3));
    CREATE TABLE VNDMAS (VMVEND NUMERIC(5,0) PRIMARY KEY, VMNAME CHAR(40), VMCITY CHAR(25), VMSTAT CHAR(2),
        VMACTV CHAR(1));
    CREATE TABLE POHDR (PHPONO NUMERIC(7,0) PRIMARY KEY, PHVEND NUMERIC(5,0) REFERENCES VNDMAS(VMVEND),
        PHORDT NUMERIC(8,0), PHRCDT NUMERIC(8,0), PHSTAT CHAR(1), PHTOTL NUMERIC(11,2));
    CREATE TABLE PODTL (PDPONO NUMERIC(7,0) REFERENCES POHDR(PHPONO), PDLINE NUMERIC(3,0),
        PDITEM CHAR(15) REFERENCES ITMMAS(IMITEM), PDQTY NUMERIC(7,0), PDUCST NUMERIC(9,2),
        PRIMARY KEY (PDPONO, PDLINE));
    """)
    start, today = date(2023, 1, 1), date(2025, 12, 31)
    conn.executemany("INSERT INTO CUSTYP VALUES (?,?)", PRT_TYPES)
    conn.executemany("INSERT INTO TRMMAS VALUES (?,?,?)", PRT_TERMS)
    reps: list[tuple] = []
    for i, terr in enumerate(("NORTH", "SOUTH", "EAST", "WEST", "NORTH", "SOUTH", "EAST"), start=1):
        first, last = _name(rng)
        while any(r[1].startswith(f"{last.upper()},") for r in reps):
            first, last = _name(rng)
        active = "N" if i in (5, 7) else "Y"
        reps.append((i, f"{last.upper()}, {first.upper()}", terr, rng.choice((3.0, 4.0, 5.0, 6.0)),
                     _ymd(_day(rng, date(2012, 1, 1), date(2022, 6, 30))), active))
    conn.executemany("INSERT INTO SLSMAS VALUES (?,?,?,?,?,?)", reps)
    live_reps = [r[0] for r in reps if r[5] == "Y"]
    customers, used = [], set()
    for c in range(1, 131):
        ctype = rng.choices([t[0] for t in PRT_TYPES], weights=(18, 20, 22, 14, 18, 8))[0]
        while True:
            name = f"{rng.choice(PRT_CO_A)} {rng.choice(PRT_CO_B[ctype])}"
            if name not in used:
                used.add(name)
                break
        state, cities = rng.choices(PRT_STATES, weights=(50, 15, 15, 10, 10))[0]
        terms = "COD" if ctype == "RST" and rng.random() < 0.6 else rng.choices(("N30", "N15", "N45"), (70, 20, 10))[0]
        limit = 0.0 if terms == "COD" else float(rng.choice((2500, 5000, 7500, 10000, 15000, 25000)))
        opened = _day(rng, date(2015, 1, 1), date(2025, 9, 30))
        customers.append((100000 + c * 7, name, f"{rng.randrange(100, 9999)} {rng.choice(('MAIN', 'HIGH', 'ELM', 'OAK', 'MARKET'))} ST",
                          rng.choice(cities), state, f"{rng.randrange(40000, 49999)}",
                          f"({rng.randrange(200, 999)}) {rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}", ctype,
                          rng.choice(reps)[0], terms, limit, "Y" if ctype in ("SCH", "NPO") else "N", _ymd(opened),
                          "N" if rng.random() < 0.1 else "Y"))
    conn.executemany("INSERT INTO CUSMAS VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", customers)
    conn.executemany("INSERT INTO ITMCLS VALUES (?,?)", PRT_CLASSES)
    conn.executemany("INSERT INTO ITMMAS VALUES (?,?,?,?,?,?,?,?,?)",
                     [(i[0], i[1], i[2], i[3], i[4], i[5], rng.randrange(0, 400) if i[6] == "N" else 0, i[6], i[7])
                      for i in PRT_ITEMS])
    conn.executemany("INSERT INTO PRSMAS VALUES (?,?,?,?)", PRT_PRESSES)
    conn.executemany("INSERT INTO VNDMAS VALUES (?,?,?,?,?)",
                     [v + ("N" if v[0] == 5 else "Y",) for v in PRT_VENDORS])
    sold = [i for i in PRT_ITEMS if i[6] == "Y"]
    buyers = [c for c in customers if rng.random() < 0.92]  # a few customers never ordered
    weight = {c[0]: rng.uniform(0.3, 3.0) for c in buyers}
    orders, lines, invoices, receipts = [], [], [], []
    n_inv = 500000
    for n in range(1, 1701):
        cust = rng.choices(buyers, weights=[weight[c[0]] for c in buyers])[0]
        d = _day(rng, max(start, _ymd_date(cust[12])), today)
        age = (today - d).days
        rush = "Y" if rng.random() < 0.15 else "N"
        req = d + timedelta(days=rng.randrange(2, 5) if rush == "Y" else rng.randrange(5, 21)) if rng.random() < 0.8 else None
        r = rng.random()
        if r < 0.05:
            status = "C"
        elif age < 6:
            status = "O"
        elif age < 12 and r < 0.5:
            status = "S"
        else:
            status = "I"
        shipped = d + timedelta(days=rng.randrange(1, 4) if rush == "Y" else rng.randrange(3, 15)) \
            if status in ("S", "I") else None
        if shipped and shipped > today:
            shipped = today
        total = 0.0
        ordn = 2300000 + n
        for ln, item in enumerate(rng.sample(sold, rng.choices((1, 2, 3, 4), (45, 30, 15, 10))[0]), start=1):
            qty = rng.choice((1, 2, 5, 10, 25, 50, 100)) if item[3] == "EA" else rng.randrange(1, 11)
            unit = round(item[4] * rng.choice((1.0, 1.0, 1.0, 0.9, 0.85)), 2)
            ext = round(qty * unit, 2)
            total += ext
            lines.append((ordn, ln, item[0], qty, unit, ext, rng.choice(PRT_PRESS_FOR[item[2]])))
        freight = round(rng.choice((0.0, 0.0, 12.5, 18.0, 25.0)) + (15.0 if rush == "Y" else 0.0), 2)
        total = round(total + freight, 2)
        orders.append((ordn, cust[0], cust[8] if cust[8] in live_reps or d.year < 2025 else rng.choice(live_reps),
                       _ymd(d), _ymd(req), _ymd(shipped), status, rush,
                       f"PO{rng.randrange(10000, 99999)}" if cust[7] in ("CRP", "SCH") else "", freight, total))
        if status == "I":
            n_inv += 1
            inv_day = min(shipped + timedelta(days=rng.randrange(0, 3)), today)
            days = next(t[2] for t in PRT_TERMS if t[0] == cust[9])
            tax = 0.0 if cust[11] == "Y" else round(total * 0.0725, 2)
            amount = round(total + tax, 2)
            due = inv_day + timedelta(days=days)
            lag = rng.choices((rng.randrange(0, days + 1), rng.randrange(days, days + 60), None), (70, 20, 10))[0] \
                if days else 0
            paid_on = inv_day + timedelta(days=lag) if lag is not None else None
            if paid_on and paid_on > today:
                paid_on = None
            invoices.append((n_inv, ordn, cust[0], inv_day.strftime("%Y%m%d"), due.strftime("%Y%m%d"), amount, tax,
                             "Y" if paid_on else "N"))
            if paid_on:
                method = "CHK" if cust[7] in ("SCH", "NPO") and rng.random() < 0.7 else \
                    rng.choices(("CHK", "ACH", "CC"), (30, 40, 30))[0]
                if days and rng.random() < 0.12:  # paid in two parts
                    part = round(amount * 0.5, 2)
                    mid = inv_day + timedelta(days=max(0, lag // 2))
                    receipts.append((len(receipts) + 1, n_inv, cust[0], _ymd(mid), part, method))
                    receipts.append((len(receipts) + 1, n_inv, cust[0], _ymd(paid_on), round(amount - part, 2), method))
                else:
                    receipts.append((len(receipts) + 1, n_inv, cust[0], _ymd(paid_on), amount, method))
    conn.executemany("INSERT INTO ORDHDR VALUES (?,?,?,?,?,?,?,?,?,?,?)", orders)
    conn.executemany("INSERT INTO ORDDTL VALUES (?,?,?,?,?,?,?)", lines)
    conn.executemany("INSERT INTO INVHDR VALUES (?,?,?,?,?,?,?,?)", invoices)
    conn.executemany("INSERT INTO CSHRCP VALUES (?,?,?,?,?,?)", receipts)
    pos, plines = [], []
    stock = [i for i in PRT_ITEMS if i[6] == "N"]
    for n in range(1, 161):
        d = _day(rng, start, today)
        vend = rng.choice((1, 1, 2, 3, 4, 5)) if d.year < 2025 else rng.choice((1, 1, 2, 3, 4))
        items = [i for i in stock if PRT_VENDOR_FOR[i[0]] == vend] or stock[:1]
        if vend == 5:
            items = [stock[0], stock[1]]
        age = (today - d).days
        received = d + timedelta(days=rng.randrange(3, 12)) if age > 12 else None
        status = "R" if received else ("X" if rng.random() < 0.1 else "O")
        if status == "X":
            received = None
        pono = 700000 + n
        total = 0.0
        for ln, item in enumerate(rng.sample(items, min(len(items), rng.randrange(1, 3))), start=1):
            qty = rng.randrange(5, 60)
            cost = round(item[5] * rng.uniform(0.95, 1.08), 2)
            total += qty * cost
            plines.append((pono, ln, item[0], qty, cost))
        pos.append((pono, vend, _ymd(d), _ymd(received), status, round(total, 2)))
    conn.executemany("INSERT INTO POHDR VALUES (?,?,?,?,?,?)", pos)
    conn.executemany("INSERT INTO PODTL VALUES (?,?,?,?,?)", plines)


def _ymd_date(n: int) -> date:
    return date(n // 10000, n // 100 % 100, n % 100)


BUILDERS: dict[str, Builder] = {
    "dvd_rental": (build_dvd_rental, 101),
    "tpch": (build_tpch, 102),
    "shop": (build_shop, 103),
    "hr": (build_hr, 104),
    "saas": (build_saas, 107),
    "logistics": (build_logistics, 109),
    "insurance": (build_insurance, 121),
    "restaurants": (build_restaurants, 131),
    "utility": (build_utility, 141),
    "consulting": (build_consulting, 151),
    "ticketing": (build_ticketing, 171),
    "gym": (build_gym, 161),
    "property": (build_property, 191),
    "telecom": (build_telecom, 211),
    "learning": (build_learning, 221),
    "billing": (build_billing, 241),
    "marketplace": (build_marketplace, 261),
    "dispatch": (build_dispatch, 251),
    "leasing": (build_leasing, 291),
    "coworking": (build_coworking, 301),
    "crm": (build_crm, 311),
    "odoo": (build_odoo, 331),
    "printshop": (build_printshop, 341),
    **HELDOUT_BUILDERS,
}


def build(name: str, out: Path) -> Path:
    """Write ``out/<name>.sqlite`` from scratch (same seed, same bytes of data)."""
    fn, seed = BUILDERS[name]
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.sqlite"
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        # keys are declared; checked once after loading (self-references load in any order)
        fn(conn, random.Random(seed))
        conn.commit()
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"{name}: foreign key violations {problems[:3]}")
    finally:
        conn.close()
    tmp.replace(path)
    return path


def build_all(out: Path = DEFAULT_OUT) -> dict[str, Path]:
    return {name: build(name, out) for name in BUILDERS}


def check(out: Path = DEFAULT_OUT) -> list[str]:
    """Every gold query runs and returns at least one row; returns the problems."""
    problems = []
    for i, q in enumerate(load_questions()):
        path = out / f"{q['db_id']}.sqlite"
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
    for name, path in build_all(args.out).items():
        print(f"{name}: {path} ({path.stat().st_size // 1024} KiB)")
    if args.check:
        problems = check(args.out)
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
