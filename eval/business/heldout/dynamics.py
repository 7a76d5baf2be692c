"""Held-out business database, written blind on the night of 2026-12-07: an IT services company's Microsoft
Dynamics 365 Sales and Customer Service org, exported through the Dataverse SQL (TDS) endpoint.

The export keeps Dataverse's shapes as a team would get them: lowercase logical names glued together
(``account.parentaccountid``, ``contact.parentcustomerid``, ``opportunity.estimatedvalue``, ``actualclosedate``),
GUID text keys, plain lookup columns (no ``_value`` suffix) and a polymorphic ``incident.customerid`` whose target
is named in ``customeridtype``, ``statecode``/``statuscode`` and other option sets stored as integers and labelled only
in a shared ``stringmap`` table (custom option values start at 858880000), custom columns under the ``cr5f3_``
publisher prefix, money in the record's currency beside a ``_base`` twin in US dollars and a
``transactioncurrencyid`` lookup, SQL Server style ``createdon``/``modifiedon`` text timestamps and 0/1 two-option
flags. Kept in its own module so that writing it needed no reading of the other held-out builders.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta

from datagen import _create, _day, _name

Builder = tuple[Callable[[sqlite3.Connection, random.Random], None], int]

EXPORT = date(2025, 12, 15)

INDUSTRIES = ((1, "Accounting"), (6, "Business Services"), (9, "Financial"), (13, "Health"), (16, "Manufacturing"),
              (19, "Retail"), (24, "Transportation"), (27, "Education"))
REGIONS = ((858880000, "North America"), (858880001, "Europe"), (858880002, "Asia Pacific"),
           (858880003, "Latin America"))
TIERS = ((858880000, "Standard"), (858880001, "Premium"), (858880002, "Enterprise"))
TERMS = ((1, "Net 30"), (2, "2% 10, Net 30"), (3, "Net 45"), (4, "Net 60"))
TERM_DAYS = {1: 30, 2: 30, 3: 45, 4: 60}
# iso, name, symbol, units per US dollar
CURRENCIES = (("USD", "US Dollar", "$", 1.0), ("EUR", "Euro", "€", 0.92), ("GBP", "Pound Sterling", "£", 0.79),
              ("CAD", "Canadian Dollar", "CA$", 1.36), ("AUD", "Australian Dollar", "A$", 1.52))
REGION_CURRENCIES = {858880000: ("USD", "USD", "USD", "CAD"), 858880001: ("EUR", "EUR", "GBP"),
                     858880002: ("USD", "AUD", "AUD"), 858880003: ("USD",)}
CITIES = {858880000: (("Chicago", "United States"), ("Austin", "United States"), ("Boston", "United States"),
                      ("Denver", "United States"), ("Toronto", "Canada"), ("Seattle", "United States")),
          858880001: (("Berlin", "Germany"), ("Paris", "France"), ("London", "United Kingdom"),
                      ("Manchester", "United Kingdom"), ("Amsterdam", "Netherlands"), ("Madrid", "Spain")),
          858880002: (("Sydney", "Australia"), ("Melbourne", "Australia"), ("Singapore", "Singapore"),
                      ("Tokyo", "Japan")),
          858880003: (("Sao Paulo", "Brazil"), ("Mexico City", "Mexico"), ("Bogota", "Colombia"))}
NAME_A = ("Apex", "Blue Harbor", "Cedar", "Delta", "Evergreen", "Falcon", "Granite", "Horizon", "Ironwood", "Juniper",
          "Keystone", "Lakeside", "Meridian", "Northgate", "Oakridge", "Pinnacle", "Quarry", "Redwood", "Summit",
          "Tidewater", "Union", "Vantage", "Westfield", "Yellowstone", "Zenith", "Silverline", "Crescent", "Beacon")
NAME_B = ("Logistics", "Health Partners", "Financial Group", "Manufacturing", "Retail Co", "Accounting LLP",
          "Transit", "Academy", "Holdings", "Medical Center", "Foods", "Industries", "Capital", "Outfitters")
INDUSTRY_OF_B = {"Logistics": 24, "Health Partners": 13, "Financial Group": 9, "Manufacturing": 16, "Retail Co": 19,
                 "Accounting LLP": 1, "Transit": 24, "Academy": 27, "Holdings": 6, "Medical Center": 13, "Foods": 19,
                 "Industries": 16, "Capital": 9, "Outfitters": 19}
# name, number, service category, unit price in US dollars, standard cost, retired?
PRODUCTS = (("Cloud Migration Assessment", "SVC-1001", 858880000, 18000.0, 9500.0, 0),
            ("Security Audit", "SVC-1002", 858880000, 12500.0, 6000.0, 0),
            ("Implementation Day Rate", "SVC-1003", 858880000, 1400.0, 700.0, 0),
            ("Data Platform Design", "SVC-1004", 858880000, 24000.0, 13000.0, 0),
            ("Managed Network Support (monthly)", "MS-2001", 858880001, 3200.0, 1900.0, 0),
            ("Managed Endpoint Support (per seat, monthly)", "MS-2002", 858880001, 45.0, 21.0, 0),
            ("24x7 Monitoring (monthly)", "MS-2003", 858880001, 2100.0, 1100.0, 0),
            ("Backup as a Service (per TB, monthly)", "MS-2004", 858880001, 180.0, 95.0, 0),
            ("Helpdesk Retainer (monthly)", "MS-2005", 858880001, 2600.0, 1500.0, 1),
            ("Admin Training Course", "TRN-3001", 858880002, 1900.0, 600.0, 0),
            ("End User Training Workshop", "TRN-3002", 858880002, 850.0, 300.0, 0),
            ("Security Awareness E-Learning (per seat)", "TRN-3003", 858880002, 35.0, 8.0, 0),
            ("Endpoint Protection License (per seat, yearly)", "LIC-4001", 858880003, 60.0, 42.0, 0),
            ("Collaboration Suite License (per seat, yearly)", "LIC-4002", 858880003, 140.0, 105.0, 0),
            ("Firewall Appliance Subscription (yearly)", "LIC-4003", 858880003, 4800.0, 3600.0, 0),
            ("Legacy Hosting Plan (monthly)", "MS-2006", 858880001, 950.0, 700.0, 1))
# quantity range per product kind: per-seat and per-TB items sell in volume, day rates in days, the rest by the unit
QTY = {"per seat": (25, 400), "per TB": (2, 40), "Day Rate": (5, 40), "monthly": (6, 36)}
CASE_TITLES = {1: ("How do I reset MFA for a user", "Question about invoice line", "License count clarification",
                   "How to add a new site to monitoring", "Backup retention policy question"),
               2: ("VPN tunnel down", "Email delivery delays", "Backup job failed", "Laptop cannot join domain",
                   "Firewall blocking payroll app", "Slow Wi-Fi in head office", "Server disk nearly full",
                   "Phishing email reported", "Printer queue stuck"),
               3: ("New starter laptop setup", "Add seats to endpoint licence", "Create shared mailbox",
                   "Open firewall port for vendor", "Decommission old server")}


def _guid(rng: random.Random) -> str:
    """A Dataverse record id: a lowercase version-4 GUID."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"


def _stamp(rng: random.Random, d: date, lo: int = 7, hi: int = 21) -> str:
    """A datetime as the TDS endpoint hands it over: SQL Server style text with milliseconds, in UTC."""
    moment = datetime(d.year, d.month, d.day, rng.randrange(lo, hi), rng.randrange(60), rng.randrange(60))
    return moment.strftime("%Y-%m-%d %H:%M:%S") + ".000"


def _later(rng: random.Random, d: date, lo: int, hi: int) -> date:
    """A day ``lo``..``hi`` days after ``d``, never after the export."""
    return min(d + timedelta(days=rng.randint(lo, hi)), EXPORT)


def build_dynamics(conn: sqlite3.Connection, rng: random.Random) -> None:
    _create(conn, """
    CREATE TABLE businessunit (businessunitid TEXT PRIMARY KEY, name TEXT NOT NULL,
        parentbusinessunitid TEXT REFERENCES businessunit(businessunitid), divisionname TEXT, isdisabled INTEGER NOT NULL,
        createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE systemuser (systemuserid TEXT PRIMARY KEY, fullname TEXT NOT NULL, firstname TEXT, lastname TEXT,
        domainname TEXT NOT NULL, title TEXT, internalemailaddress TEXT,
        businessunitid TEXT NOT NULL REFERENCES businessunit(businessunitid),
        parentsystemuserid TEXT REFERENCES systemuser(systemuserid), isdisabled INTEGER NOT NULL,
        createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE transactioncurrency (transactioncurrencyid TEXT PRIMARY KEY, isocurrencycode TEXT NOT NULL,
        currencyname TEXT NOT NULL, currencysymbol TEXT NOT NULL, exchangerate REAL NOT NULL,
        currencyprecision INTEGER NOT NULL, statecode INTEGER NOT NULL, createdon TEXT NOT NULL);
    CREATE TABLE stringmap (stringmapid TEXT PRIMARY KEY, objecttypecode TEXT NOT NULL, attributename TEXT NOT NULL,
        attributevalue INTEGER NOT NULL, value TEXT NOT NULL, displayorder INTEGER NOT NULL, langid INTEGER NOT NULL);
    CREATE TABLE account (accountid TEXT PRIMARY KEY, name TEXT NOT NULL, accountnumber TEXT,
        parentaccountid TEXT REFERENCES account(accountid), primarycontactid TEXT REFERENCES contact(contactid),
        industrycode INTEGER, customertypecode INTEGER, paymenttermscode INTEGER, cr5f3_region INTEGER,
        cr5f3_supporttier INTEGER, address1_city TEXT, address1_country TEXT, numberofemployees INTEGER,
        transactioncurrencyid TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        revenue REAL, revenue_base REAL, creditonhold INTEGER NOT NULL,
        ownerid TEXT NOT NULL REFERENCES systemuser(systemuserid),
        owningbusinessunit TEXT REFERENCES businessunit(businessunitid), statecode INTEGER NOT NULL,
        statuscode INTEGER NOT NULL, createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE contact (contactid TEXT PRIMARY KEY, firstname TEXT, lastname TEXT NOT NULL, fullname TEXT NOT NULL,
        jobtitle TEXT, emailaddress1 TEXT, telephone1 TEXT, parentcustomerid TEXT REFERENCES account(accountid),
        preferredcontactmethodcode INTEGER, donotemail INTEGER NOT NULL, cr5f3_isdecisionmaker INTEGER NOT NULL,
        ownerid TEXT REFERENCES systemuser(systemuserid), statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL,
        createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE product (productid TEXT PRIMARY KEY, name TEXT NOT NULL, productnumber TEXT NOT NULL,
        producttypecode INTEGER, cr5f3_servicecategory INTEGER NOT NULL,
        transactioncurrencyid TEXT REFERENCES transactioncurrency(transactioncurrencyid), price REAL, price_base REAL,
        standardcost REAL, standardcost_base REAL, statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL,
        createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE opportunity (opportunityid TEXT PRIMARY KEY, name TEXT NOT NULL,
        customerid TEXT NOT NULL REFERENCES account(accountid), parentcontactid TEXT REFERENCES contact(contactid),
        ownerid TEXT NOT NULL REFERENCES systemuser(systemuserid),
        owningbusinessunit TEXT REFERENCES businessunit(businessunitid),
        transactioncurrencyid TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        estimatedvalue REAL, estimatedvalue_base REAL, actualvalue REAL, actualvalue_base REAL,
        closeprobability INTEGER, estimatedclosedate TEXT, actualclosedate TEXT, salesstagecode INTEGER,
        opportunityratingcode INTEGER, cr5f3_dealtype INTEGER, statecode INTEGER NOT NULL,
        statuscode INTEGER NOT NULL, createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE opportunityproduct (opportunityproductid TEXT PRIMARY KEY,
        opportunityid TEXT NOT NULL REFERENCES opportunity(opportunityid),
        productid TEXT REFERENCES product(productid), lineitemnumber INTEGER, quantity REAL NOT NULL,
        transactioncurrencyid TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        priceperunit REAL, priceperunit_base REAL, manualdiscountamount REAL, manualdiscountamount_base REAL,
        extendedamount REAL, extendedamount_base REAL, createdon TEXT NOT NULL);
    CREATE TABLE quote (quoteid TEXT PRIMARY KEY, quotenumber TEXT NOT NULL, name TEXT NOT NULL,
        revisionnumber INTEGER NOT NULL, opportunityid TEXT REFERENCES opportunity(opportunityid),
        customerid TEXT NOT NULL REFERENCES account(accountid), ownerid TEXT REFERENCES systemuser(systemuserid),
        transactioncurrencyid TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        totalamount REAL, totalamount_base REAL, effectivefrom TEXT, effectiveto TEXT, statecode INTEGER NOT NULL,
        statuscode INTEGER NOT NULL, createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE salesorder (salesorderid TEXT PRIMARY KEY, ordernumber TEXT NOT NULL, name TEXT NOT NULL,
        opportunityid TEXT REFERENCES opportunity(opportunityid), quoteid TEXT REFERENCES quote(quoteid),
        customerid TEXT NOT NULL REFERENCES account(accountid), ownerid TEXT REFERENCES systemuser(systemuserid),
        transactioncurrencyid TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        totallineitemamount REAL, totallineitemamount_base REAL, discountpercentage REAL,
        totaldiscountamount REAL, totaldiscountamount_base REAL, totalamount REAL, totalamount_base REAL,
        submitdate TEXT, datefulfilled TEXT, statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL,
        createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE salesorderdetail (salesorderdetailid TEXT PRIMARY KEY,
        salesorderid TEXT NOT NULL REFERENCES salesorder(salesorderid), productid TEXT REFERENCES product(productid),
        lineitemnumber INTEGER, quantity REAL NOT NULL,
        transactioncurrencyid TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        priceperunit REAL, priceperunit_base REAL, manualdiscountamount REAL, manualdiscountamount_base REAL,
        extendedamount REAL, extendedamount_base REAL, createdon TEXT NOT NULL);
    CREATE TABLE invoice (invoiceid TEXT PRIMARY KEY, invoicenumber TEXT NOT NULL, name TEXT NOT NULL,
        salesorderid TEXT REFERENCES salesorder(salesorderid), customerid TEXT NOT NULL REFERENCES account(accountid),
        ownerid TEXT REFERENCES systemuser(systemuserid),
        transactioncurrencyid TEXT REFERENCES transactioncurrency(transactioncurrencyid), exchangerate REAL,
        totallineitemamount REAL, totallineitemamount_base REAL, totaltax REAL, totaltax_base REAL,
        totalamount REAL, totalamount_base REAL, duedate TEXT, cr5f3_paymentdate TEXT, statecode INTEGER NOT NULL,
        statuscode INTEGER NOT NULL, createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    CREATE TABLE incident (incidentid TEXT PRIMARY KEY, ticketnumber TEXT NOT NULL, title TEXT NOT NULL,
        customerid TEXT NOT NULL, customeridtype TEXT NOT NULL, primarycontactid TEXT REFERENCES contact(contactid),
        productid TEXT REFERENCES product(productid), ownerid TEXT NOT NULL REFERENCES systemuser(systemuserid),
        casetypecode INTEGER, prioritycode INTEGER, caseorigincode INTEGER, isescalated INTEGER NOT NULL,
        escalatedon TEXT, resolveby TEXT, cr5f3_resolvedon TEXT, cr5f3_satisfactionscore INTEGER,
        statecode INTEGER NOT NULL, statuscode INTEGER NOT NULL, createdon TEXT NOT NULL, modifiedon TEXT NOT NULL);
    """)
    smap: list[tuple] = []

    def options(entity: str, attr: str, pairs: tuple) -> None:
        for k, (v, label) in enumerate(pairs):
            smap.append((_guid(rng), entity, attr, v, label, k + 1, 1033))

    for ent in ("account", "contact"):
        options(ent, "statecode", ((0, "Active"), (1, "Inactive")))
        options(ent, "statuscode", ((1, "Active"), (2, "Inactive")))
    options("account", "industrycode", INDUSTRIES)
    options("account", "customertypecode", ((3, "Customer"), (5, "Partner"), (8, "Prospect")))
    options("account", "paymenttermscode", TERMS)
    options("account", "cr5f3_region", REGIONS)
    options("account", "cr5f3_supporttier", TIERS)
    options("account", "creditonhold", ((0, "No"), (1, "Yes")))
    options("contact", "preferredcontactmethodcode", ((1, "Any"), (2, "Email"), (3, "Phone")))
    options("contact", "donotemail", ((0, "Allow"), (1, "Do Not Allow")))
    options("contact", "cr5f3_isdecisionmaker", ((0, "No"), (1, "Yes")))
    options("product", "producttypecode", ((1, "Sales Inventory"), (3, "Services"), (4, "Flat Fees")))
    options("product", "cr5f3_servicecategory", ((858880000, "Consulting"), (858880001, "Managed Services"),
                                                 (858880002, "Training"), (858880003, "Software License")))
    options("product", "statecode", ((0, "Active"), (1, "Retired"), (2, "Draft")))
    options("product", "statuscode", ((1, "Active"), (2, "Retired"), (0, "Draft")))
    options("opportunity", "statecode", ((0, "Open"), (1, "Won"), (2, "Lost")))
    options("opportunity", "statuscode", ((1, "In Progress"), (2, "On Hold"), (3, "Won"), (4, "Canceled"),
                                          (5, "Out-Sold")))
    options("opportunity", "salesstagecode", ((0, "Qualify"), (1, "Develop"), (2, "Propose"), (3, "Close")))
    options("opportunity", "opportunityratingcode", ((1, "Hot"), (2, "Warm"), (3, "Cold")))
    options("opportunity", "cr5f3_dealtype", ((858880000, "New Business"), (858880001, "Renewal"),
                                              (858880002, "Expansion")))
    options("quote", "statecode", ((0, "Draft"), (1, "Active"), (2, "Won"), (3, "Closed")))
    options("quote", "statuscode", ((1, "In Progress"), (3, "Open"), (4, "Won"), (5, "Lost"), (6, "Canceled"),
                                    (7, "Revised")))
    options("salesorder", "statecode", ((0, "Active"), (1, "Submitted"), (2, "Canceled"), (3, "Fulfilled"),
                                        (4, "Invoiced")))
    options("salesorder", "statuscode", ((1, "New"), (2, "Pending"), (3, "In Progress"), (4, "No Money"),
                                         (100001, "Complete"), (100002, "Partial"), (100003, "Invoiced")))
    options("invoice", "statecode", ((0, "Active"), (2, "Paid"), (3, "Canceled")))
    options("invoice", "statuscode", ((1, "New"), (4, "Billed"), (100001, "Complete"), (100002, "Partial"),
                                      (100003, "Canceled")))
    options("incident", "statecode", ((0, "Active"), (1, "Resolved"), (2, "Cancelled")))
    options("incident", "statuscode", ((1, "In Progress"), (2, "On Hold"), (3, "Waiting for Details"),
                                       (4, "Researching"), (5, "Problem Solved"), (1000, "Information Provided"),
                                       (6, "Cancelled")))
    options("incident", "casetypecode", ((1, "Question"), (2, "Problem"), (3, "Request")))
    options("incident", "prioritycode", ((1, "High"), (2, "Normal"), (3, "Low")))
    options("incident", "caseorigincode", ((1, "Phone"), (2, "Email"), (3, "Web"), (858880000, "Teams Chat")))
    options("incident", "isescalated", ((0, "No"), (1, "Yes")))
    conn.executemany("INSERT INTO stringmap VALUES (?,?,?,?,?,?,?)", smap)

    cur: dict[str, tuple[str, float]] = {}
    for iso, cname, sym, rate in CURRENCIES:
        cur[iso] = (_guid(rng), rate)
        conn.execute("INSERT INTO transactioncurrency VALUES (?,?,?,?,?,?,?,?)",
                     (cur[iso][0], iso, cname, sym, rate, 2, 0, _stamp(rng, date(2021, 4, 6))))

    def money(base_amount: float, rate: float) -> tuple[float, float]:
        """An amount in the record's currency and its ``_base`` twin (Dataverse divides by the rate)."""
        amount = round(base_amount * rate, 2)
        return amount, round(amount / rate, 2)

    # business units and users
    start = date(2021, 4, 6)
    bu_rows: list[tuple] = []
    root = _guid(rng)
    bu_rows.append((root, "Brightwave IT Services", None, None, 0))
    units = {}
    for key, bname, div in (("na", "Sales - Americas", "Sales"), ("emea", "Sales - EMEA & APAC", "Sales"),
                            ("support", "Customer Support", "Service"), ("ps", "Professional Services", "Service"),
                            ("legacy", "Sales - Partner Channel", "Sales")):
        units[key] = _guid(rng)
        bu_rows.append((units[key], bname, root, div, 1 if key == "legacy" else 0))
    conn.executemany("INSERT INTO businessunit VALUES (?,?,?,?,?,?,?)",
                     [(*r, _stamp(rng, start), _stamp(rng, _day(rng, date(2024, 1, 1), EXPORT))) for r in bu_rows])

    used_names: set[str] = set()
    users: list[tuple] = []

    def user(title: str, unit: str, manager: str | None, disabled: int = 0) -> str:
        while True:
            first, last = _name(rng)
            if f"{first} {last}" not in used_names:
                break
        used_names.add(f"{first} {last}")
        uid = _guid(rng)
        login = f"{first[0].lower()}{last.lower()}@brightwave.example"
        users.append((uid, f"{first} {last}", first, last, login, title, login, unit, manager, disabled,
                      _stamp(rng, _day(rng, start, date(2023, 6, 30))),
                      _stamp(rng, _day(rng, date(2025, 1, 1), EXPORT))))
        return uid

    ceo = user("Managing Director", root, None)
    sales_head = user("VP Sales", units["na"], ceo)
    emea_head = user("Sales Director EMEA & APAC", units["emea"], sales_head)
    support_head = user("Head of Customer Support", units["support"], ceo)
    ps_head = user("Practice Lead", units["ps"], ceo)
    reps_na = [user("Account Executive", units["na"], sales_head) for _ in range(5)]
    reps_emea = [user("Account Executive", units["emea"], emea_head) for _ in range(4)]
    gone = [user("Partner Manager", units["legacy"], sales_head, disabled=1) for _ in range(2)]
    agents = [user("Support Engineer", units["support"], support_head) for _ in range(7)]
    agents.append(user("Support Engineer", units["support"], support_head, disabled=1))
    for _ in range(4):
        user("Senior Consultant", units["ps"], ps_head)
    conn.executemany("INSERT INTO systemuser VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", users)
    unit_of = {u[0]: u[7] for u in users}

    # products
    prod_rows = []
    products = []
    for pname, number, cat, price, cost, retired in PRODUCTS:
        pid = _guid(rng)
        products.append((pid, pname, cat, price, retired))
        ptype = 3 if cat in (858880000, 858880002) else (4 if cat == 858880001 else 1)
        prod_rows.append((pid, pname, number, ptype, cat, cur["USD"][0], price, price, cost, cost,
                          1 if retired else 0, 2 if retired else 1, _stamp(rng, date(2021, 5, 3)),
                          _stamp(rng, date(2024, 9, 30) if retired else _day(rng, date(2024, 1, 1), EXPORT))))
    conn.executemany("INSERT INTO product VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", prod_rows)

    # accounts and contacts
    accounts = []
    acc_rows = []
    names: set[str] = set()
    for i in range(130):
        while True:
            b = rng.choice(NAME_B)
            nm = f"{rng.choice(NAME_A)} {b}"
            if nm not in names:
                break
        names.add(nm)
        region = rng.choices([r for r, _ in REGIONS], weights=[50, 30, 14, 6])[0]
        city, country = rng.choice(CITIES[region])
        iso = rng.choice(REGION_CURRENCIES[region])
        if country == "Canada":
            iso = "CAD"
        if country == "United Kingdom":
            iso = "GBP"
        owner = rng.choice(reps_na + gone if region in (858880000, 858880003) else reps_emea + gone[:1])
        created = _day(rng, date(2021, 6, 1), date(2025, 9, 30))
        ctype = rng.choices([3, 5, 8], weights=[70, 6, 24])[0]
        employees = rng.choice([25, 40, 60, 120, 250, 400, 800, 1500, 3000, 6000])
        rev, rev_base = money(employees * rng.uniform(90_000, 220_000), cur[iso][1])
        tier = rng.choices([t for t, _ in TIERS], weights=[50, 35, 15])[0] if ctype != 8 else None
        inactive = rng.random() < 0.08
        aid = _guid(rng)
        accounts.append({"id": aid, "region": region, "iso": iso, "owner": owner, "created": created,
                         "type": ctype, "terms": rng.choices([1, 2, 3, 4], weights=[55, 10, 20, 15])[0],
                         "inactive": inactive, "parent": None, "contacts": []})
        acc_rows.append([aid, nm, f"AC-{10000 + i * 7}", None, None, INDUSTRY_OF_B[b], ctype,
                         accounts[-1]["terms"], region, tier, city, country, employees, cur[iso][0], cur[iso][1],
                         rev, rev_base, 1 if rng.random() < 0.06 else 0, owner, unit_of[owner],
                         1 if inactive else 0, 2 if inactive else 1, _stamp(rng, created),
                         _stamp(rng, _later(rng, created, 10, 900))])
    # a few subsidiaries roll up to a parent in the same region
    for k in range(0, 24, 3):
        child, parent = accounts[k + 1], accounts[k]
        if child["region"] == parent["region"]:
            acc_rows[k + 1][3] = parent["id"]
            child["parent"] = parent["id"]

    contact_rows: list[tuple] = []
    titles = ("IT Manager", "CIO", "CFO", "Office Manager", "Head of Operations", "Systems Administrator",
              "Procurement Lead", "CTO", "Finance Director", "Service Desk Lead")
    contacts = []
    for a in accounts:
        for _ in range(rng.randint(1, 4)):
            first, last = _name(rng)
            cid = _guid(rng)
            jt = rng.choice(titles)
            created = _later(rng, a["created"], 0, 400)
            inactive = rng.random() < 0.1
            a["contacts"].append(cid)
            contacts.append(cid)
            contact_rows.append((cid, first, last, f"{first} {last}", jt,
                                 f"{first.lower()}.{last.lower()}@example.com", f"+1 555 {rng.randrange(10**7):07d}",
                                 a["id"], rng.choice([1, 2, 2, 3]), 1 if rng.random() < 0.12 else 0,
                                 1 if jt in ("CIO", "CFO", "CTO", "Finance Director") else 0, a["owner"],
                                 1 if inactive else 0, 2 if inactive else 1, _stamp(rng, created),
                                 _stamp(rng, _later(rng, created, 5, 600))))
        acc_rows[accounts.index(a)][4] = a["contacts"][0]
    # a few consumers log cases with no company
    loose = []
    for _ in range(12):
        first, last = _name(rng)
        cid = _guid(rng)
        loose.append(cid)
        created = _day(rng, date(2023, 1, 1), date(2025, 6, 30))
        contact_rows.append((cid, first, last, f"{first} {last}", None, f"{first.lower()}{rng.randrange(99)}@mail.example",
                             None, None, 2, 0, 0, rng.choice(agents[:7]), 0, 1, _stamp(rng, created),
                             _stamp(rng, _later(rng, created, 5, 300))))
    conn.executemany("INSERT INTO account VALUES (" + ",".join("?" * 24) + ")", [tuple(r) for r in acc_rows])
    conn.executemany("INSERT INTO contact VALUES (" + ",".join("?" * 16) + ")", contact_rows)

    # opportunities, their products, quotes, orders and invoices
    opp_rows, line_rows, quote_rows, order_rows, detail_rows, inv_rows = [], [], [], [], [], []
    buyers = [a for a in accounts if a["type"] in (3, 5, 8)]
    qn, on, inn = 1000, 2000, 3000
    for _ in range(420):
        a = rng.choice(buyers)
        created = _day(rng, max(a["created"], date(2024, 1, 2)), date(2025, 11, 28))
        owner = a["owner"]
        if owner in gone and created > date(2024, 9, 30):
            owner = rng.choice(reps_na if a["region"] in (858880000, 858880003) else reps_emea)
        iso = a["iso"]
        cid_, rate = cur[iso]
        oid = _guid(rng)
        deal = rng.choices([858880000, 858880001, 858880002], weights=[55, 25, 20])[0]
        lines = []
        chosen = rng.sample([p for p in products if not p[4] or created < date(2024, 9, 30)], rng.randint(1, 4))
        for li, (pid, pname, _cat, price, _ret) in enumerate(chosen, 1):
            lo, hi = next((v for k, v in QTY.items() if k in pname), (1, 3))
            qty = float(rng.randint(lo, hi))
            ppu, ppu_base = money(price, rate)
            gross = round(ppu * qty, 2)
            disc = round(gross * rng.choice([0, 0, 0, 0.05, 0.1]), 2)
            ext = round(gross - disc, 2)
            lines.append((pid, qty, ppu, ppu_base, disc, ext))
            line_rows.append((_guid(rng), oid, pid, li, qty, cid_, rate, ppu, ppu_base, disc, round(disc / rate, 2),
                              ext, round(ext / rate, 2), _stamp(rng, created)))
        est = round(sum(x[5] for x in lines), 2)
        est_close = created + timedelta(days=rng.randint(30, 120))
        mature = est_close < date(2025, 10, 15) or rng.random() < 0.15
        won_p = 0.55 if deal == 858880001 else 0.38
        if mature and rng.random() < 0.93:
            r = rng.random()
            state, status = (1, 3) if r < won_p else ((2, 5) if r < won_p + 0.42 else (2, 4))
            closed = _later(rng, created, 14, 160)
            stage = 3 if state == 1 else rng.choice([1, 2, 2, 3])
        else:
            state, status, closed = 0, (2 if rng.random() < 0.12 else 1), None
            stage = rng.choice([0, 0, 1, 1, 2, 3])
        prob = {0: 10, 1: 30, 2: 60, 3: 80}[stage] if state == 0 else (100 if state == 1 else 0)
        rating = 1 if prob >= 60 else rng.choice([2, 2, 3])
        actual = est if state == 1 else None
        contact = rng.choice(a["contacts"])
        opp_rows.append([oid, f"{rng.choice(chosen)[1].split(' (')[0]} - {acc_rows[accounts.index(a)][1]}", a["id"],
                         contact, owner, unit_of[owner], cid_, rate, est, round(est / rate, 2), actual,
                         None if actual is None else round(actual / rate, 2), prob, est_close.isoformat(),
                         closed.isoformat() if closed else None, stage, rating, deal, state, status,
                         _stamp(rng, created), _stamp(rng, closed or _later(rng, created, 1, 60))])
        # quotes
        quote_id = None
        if stage >= 2 or state == 1:
            revisions = rng.choice([1, 1, 2])
            for rev in range(1, revisions + 1):
                qn += 1
                qid = _guid(rng)
                qday = _later(rng, created, 7 * rev, 14 * rev + 10)
                final = rev == revisions
                total = round(est * (1.0 if final else rng.uniform(1.02, 1.12)), 2)
                if not final:
                    qs = (3, 7)
                elif state == 1:
                    qs = (2, 4)
                elif state == 2:
                    qs = (3, 5) if status == 5 else (3, 6)
                else:
                    qs = rng.choice([(0, 1), (1, 3), (1, 3)])
                quote_rows.append((qid, f"QUO-{qn:05d}-{rng.choice('BCDFGHJK')}{rng.randrange(10)}R{rev}",
                                   f"Proposal {acc_rows[accounts.index(a)][1]}", rev, oid, a["id"], owner, cid_, rate,
                                   total, round(total / rate, 2), qday.isoformat(),
                                   (qday + timedelta(days=30)).isoformat(), qs[0], qs[1], _stamp(rng, qday),
                                   _stamp(rng, _later(rng, qday, 0, 20))))
                quote_id = qid
        if state != 1 or closed is None:
            continue
        # won: an order and, once delivered, an invoice
        on += 1
        soid = _guid(rng)
        pct = rng.choice([0.0, 0.0, 0.0, 5.0, 10.0])
        disc = round(est * pct / 100, 2)
        total = round(est - disc, 2)
        submit = _later(rng, closed, 0, 6)
        fulfilled: date | None = _later(rng, submit, 5, 75) if submit < date(2025, 11, 20) else None
        if fulfilled is not None and fulfilled >= EXPORT:
            fulfilled = None
        canceled = rng.random() < 0.05
        if canceled:
            ss, fulfilled = (2, 4), None
        elif fulfilled is None:
            ss = rng.choice([(0, 1), (1, 2), (0, 3)])
        else:
            ss = (4, 100003)
        order_rows.append((soid, f"ORD-{on:05d}-{rng.choice('LMNPQRST')}{rng.randrange(10)}",
                           f"Order {acc_rows[accounts.index(a)][1]}", oid, quote_id, a["id"], owner, cid_, rate,
                           est, round(est / rate, 2), pct, disc, round(disc / rate, 2), total, round(total / rate, 2),
                           submit.isoformat(), fulfilled.isoformat() if fulfilled else None, ss[0], ss[1],
                           _stamp(rng, submit), _stamp(rng, fulfilled or submit)))
        for li, (pid, qty, ppu, ppu_base, ldisc, ext) in enumerate(lines, 1):
            detail_rows.append((_guid(rng), soid, pid, li, qty, cid_, rate, ppu, ppu_base, ldisc,
                                round(ldisc / rate, 2), ext, round(ext / rate, 2), _stamp(rng, submit)))
        if fulfilled is None:
            continue
        inn += 1
        issued = fulfilled
        tax_rate = {858880000: 0.0, 858880001: 0.2, 858880002: 0.1, 858880003: 0.0}[a["region"]]
        tax = round(total * tax_rate, 2)
        gross_total = round(total + tax, 2)
        due = issued + timedelta(days=TERM_DAYS[a["terms"]])
        pays = issued + timedelta(days=rng.choice([5, 12, 20, 28, 35, 44, 58, 75, 95]))
        paid_on: date | None = pays
        if rng.random() < 0.04:
            ist, paid_on = (3, 100003), None
        elif pays < EXPORT and rng.random() < 0.9:
            ist = (2, 100002) if rng.random() < 0.06 else (2, 100001)
        else:
            ist, paid_on = rng.choice([(0, 1), (0, 4), (0, 4)]), None
        inv_rows.append((_guid(rng), f"INV-{inn:05d}-{rng.choice('VWXYZ')}{rng.randrange(10)}{rng.choice('ABC')}",
                         f"Invoice {acc_rows[accounts.index(a)][1]}", soid, a["id"], owner, cid_, rate,
                         total, round(total / rate, 2), tax, round(tax / rate, 2), gross_total,
                         round(gross_total / rate, 2), due.isoformat(), paid_on.isoformat() if paid_on else None,
                         ist[0], ist[1], _stamp(rng, issued), _stamp(rng, paid_on or issued)))
    conn.executemany("INSERT INTO opportunity VALUES (" + ",".join("?" * 22) + ")", [tuple(r) for r in opp_rows])
    conn.executemany("INSERT INTO opportunityproduct VALUES (" + ",".join("?" * 14) + ")", line_rows)
    conn.executemany("INSERT INTO quote VALUES (" + ",".join("?" * 17) + ")", quote_rows)
    conn.executemany("INSERT INTO salesorder VALUES (" + ",".join("?" * 22) + ")", order_rows)
    conn.executemany("INSERT INTO salesorderdetail VALUES (" + ",".join("?" * 14) + ")", detail_rows)
    conn.executemany("INSERT INTO invoice VALUES (" + ",".join("?" * 20) + ")", inv_rows)

    # cases
    case_rows = []
    customers = [a for a in accounts if a["type"] in (3, 5)]
    service_products = [p for p in products if p[2] in (858880001, 858880003)]
    for n in range(640):
        created = _day(rng, date(2024, 1, 1), date(2025, 12, 12))
        if rng.random() < 0.06:
            cust = rng.choice(loose)
            kind, contact = "contact", cust
        else:
            a = rng.choice(customers)
            cust, kind, contact = a["id"], "account", rng.choice(a["contacts"])
        ctype_code = rng.choices([1, 2, 3], weights=[25, 50, 25])[0]
        prio = rng.choices([1, 2, 3], weights=[18, 57, 25])[0]
        origin = rng.choices([1, 2, 3, 858880000], weights=[22, 40, 26, 12])[0]
        owner = rng.choice(agents if created < date(2025, 3, 1) else agents[:7])
        hours = {1: 8, 2: 48, 3: 120}[prio]
        opened = datetime(created.year, created.month, created.day, rng.randrange(7, 19), rng.randrange(60),
                          rng.randrange(60))
        resolve_by = opened + timedelta(hours=hours)
        took = timedelta(hours=hours * rng.uniform(0.1, 1.6))
        resolved = opened + took
        escalated = 1 if (prio == 1 and rng.random() < 0.3) or rng.random() < 0.05 else 0
        resolved_txt: str | None
        score: int | None
        if resolved.date() < EXPORT and rng.random() < 0.95:
            if rng.random() < 0.05:
                st, resolved_txt, score = (2, 6), None, None
            else:
                st = (1, 5) if ctype_code != 1 else (1, rng.choice([5, 1000]))
                resolved_txt = resolved.strftime("%Y-%m-%d %H:%M:%S") + ".000"
                score = rng.choices([1, 2, 3, 4, 5], weights=[4, 6, 15, 35, 40])[0] if rng.random() < 0.6 else None
        else:
            st, resolved_txt, score = (0, rng.choice([1, 1, 2, 3, 4])), None, None
        title = rng.choice(CASE_TITLES[ctype_code])
        case_product = rng.choice(service_products)[0] if rng.random() < 0.7 else None
        case_rows.append((_guid(rng), f"CAS-{10500 + n:05d}-{rng.choice('DFGHJ')}{rng.randrange(10)}{rng.choice('KLM')}",
                          title, cust, kind, contact, case_product, owner, ctype_code, prio, origin, escalated,
                          (opened + took / 3).strftime("%Y-%m-%d %H:%M:%S") + ".000" if escalated else None,
                          resolve_by.strftime("%Y-%m-%d %H:%M:%S") + ".000", resolved_txt, score, st[0], st[1],
                          opened.strftime("%Y-%m-%d %H:%M:%S") + ".000",
                          resolved_txt or _stamp(rng, _later(rng, created, 0, 10))))
    conn.executemany("INSERT INTO incident VALUES (" + ",".join("?" * 20) + ")", case_rows)


BUILDERS: dict[str, Builder] = {"dynamics": (build_dynamics, 523)}
