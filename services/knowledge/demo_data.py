"""A seeded, realistic demo warehouse (SQLite) so a fresh install can answer questions.

A small retailer: regions, customers, product categories, products, orders and order
lines over the 24 full months before the current month, so "last month", "this quarter"
and "year over year" questions have data. Orders grow ~30% a year, peak in Q4, dip at
weekends; electronics sell in Q4 and sports gear in summer; discounts cluster around
Black Friday. SQLite has no COMMENT syntax, so the documentation the knowledge service
applies after sync lives in ``DEMO_DESCRIPTIONS``.
"""

from __future__ import annotations

import bisect
import itertools
import math
import os
import random
import sqlite3
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from services.common.config import private_file

MONTHS = 24
TARGET_ORDERS = 8000
CUSTOMERS = 500

REGIONS: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = (
    ("North America", (("United States", 30), ("Canada", 6), ("Mexico", 3))),
    (
        "Europe",
        (("Germany", 9), ("United Kingdom", 8), ("France", 7), ("Spain", 4), ("Italy", 4), ("Netherlands", 3), ("Sweden", 2)),
    ),
    ("Asia Pacific", (("Japan", 5), ("Australia", 4), ("India", 3), ("Singapore", 2), ("South Korea", 2))),
    ("Latin America", (("Brazil", 4), ("Argentina", 2), ("Chile", 1), ("Colombia", 1))),
)

SEGMENTS: tuple[tuple[str, float], ...] = (("Consumer", 60), ("Small Business", 30), ("Enterprise", 10))

CATEGORIES: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = (
    (
        "Electronics",
        (("Wireless Earbuds", 79), ("Bluetooth Speaker", 59), ("4K Monitor", 329), ("Mechanical Keyboard", 119),
         ("Wireless Mouse", 35), ("USB-C Hub", 45), ("Noise-Cancelling Headphones", 249), ("Smartwatch", 199),
         ("Portable SSD 1TB", 109), ("Webcam HD", 69)),
    ),
    (
        "Home & Kitchen",
        (("Espresso Machine", 289), ("Chef's Knife", 89), ("Cast Iron Skillet", 45), ("Electric Kettle", 39),
         ("Blender", 99), ("Air Fryer", 129), ("Coffee Grinder", 59), ("Cutting Board Set", 29),
         ("Stand Mixer", 349), ("Food Storage Set", 25)),
    ),
    (
        "Office Supplies",
        (("Ergonomic Chair", 399), ("Standing Desk", 549), ("Desk Lamp", 42), ("Notebook 5-Pack", 15),
         ("Gel Pens 12-Pack", 12), ("Paper Shredder", 129), ("Whiteboard", 79), ("Monitor Arm", 89),
         ("Label Printer", 99), ("Filing Cabinet", 189)),
    ),
    (
        "Sports & Outdoors",
        (("Yoga Mat", 35), ("Running Shoes", 119), ("Camping Tent", 229), ("Hiking Backpack", 139),
         ("Water Bottle", 22), ("Adjustable Dumbbells", 299), ("Bike Helmet", 65), ("Fitness Tracker", 99),
         ("Sleeping Bag", 89), ("Trekking Poles", 55)),
    ),
    (
        "Books",
        (("Data Analysis Handbook", 45), ("Modern Cooking", 32), ("Travel Guide Europe", 25), ("Sci-Fi Anthology", 18),
         ("Business Strategy", 29), ("Children's Atlas", 22), ("Photography Basics", 35), ("History of Science", 27),
         ("Mindful Living", 19), ("Gardening Year", 24)),
    ),
    (
        "Apparel",
        (("Rain Jacket", 129), ("Merino Sweater", 89), ("Cotton T-Shirt", 19), ("Denim Jeans", 69),
         ("Winter Gloves", 29), ("Wool Socks 3-Pack", 24), ("Baseball Cap", 22), ("Fleece Hoodie", 59),
         ("Down Vest", 99), ("Leather Belt", 39)),
    ),
)

FIRST_NAMES = (
    "Emma", "Liam", "Olivia", "Noah", "Ava", "Elijah", "Sophia", "Lucas", "Mia", "Mateo", "Amelia", "Leon",
    "Hannah", "Felix", "Chloe", "Hugo", "Yuki", "Haruto", "Aarav", "Priya", "Ana", "Diego", "Sofia", "Lars",
    "Ingrid", "Marco", "Giulia", "Pierre", "Camille", "Jin", "Min-jun", "Isabela", "Tomas", "Ella", "Oscar",
)
LAST_NAMES = (
    "Smith", "Johnson", "Müller", "Schmidt", "Martin", "Bernard", "García", "Rossi", "Tanaka", "Sato", "Patel",
    "Sharma", "Silva", "Santos", "Andersson", "de Vries", "Kim", "Lee", "Brown", "Wilson", "Taylor", "Lopez",
    "Dubois", "Fischer", "Weber", "Nakamura", "Costa", "Novak", "Jensen", "Walker",
)
COMPANY_WORDS = ("Acme", "Northwind", "Globex", "Initech", "Umbrella", "Vandelay", "Stark", "Wayne", "Hooli", "Soylent")
COMPANY_SUFFIX = ("Ltd", "GmbH", "Inc", "LLC", "Group", "Partners", "Labs", "Co")

MONTH_SEASON = (0.85, 0.8, 0.9, 0.95, 1.0, 0.95, 0.9, 0.95, 1.0, 1.1, 1.45, 1.6)  # Jan..Dec
WEEKDAY_FACTOR = (1.05, 1.05, 1.0, 1.0, 1.1, 0.85, 0.75)  # Mon..Sun
LINES_PER_ORDER = ((1, 30), (2, 30), (3, 20), (4, 12), (5, 8))
DISCOUNTS = (0.05, 0.10, 0.15, 0.20)

DEMO_DESCRIPTIONS: dict[str, dict[str, object]] = {
    "regions": {
        "description": "Sales regions. Every customer belongs to exactly one region, derived from its country.",
        "columns": {
            "region_id": "Primary key of the region.",
            "name": "Region name: North America, Europe, Asia Pacific or Latin America.",
        },
    },
    "customers": {
        "description": "Customers (people and companies) who signed up; one row per customer account.",
        "columns": {
            "customer_id": "Primary key of the customer.",
            "name": "Customer name: a person for Consumer, a company for business segments.",
            "email": "Contact email address (synthetic).",
            "country": "Country of the customer's billing address, full English name (e.g. 'Germany').",
            "region_id": "Sales region of the customer; references regions.region_id.",
            "segment": "Customer segment: 'Consumer', 'Small Business' or 'Enterprise'.",
            "signup_date": "Date the customer account was created (YYYY-MM-DD).",
        },
    },
    "categories": {
        "description": "Product categories.",
        "columns": {
            "category_id": "Primary key of the category.",
            "name": "Category name, e.g. 'Electronics', 'Books'.",
        },
    },
    "products": {
        "description": "Products in the catalog, each in one category, with current list price and unit cost.",
        "columns": {
            "product_id": "Primary key of the product.",
            "name": "Product name.",
            "category_id": "Category of the product; references categories.category_id.",
            "unit_price": "Current list price per unit in USD.",
            "cost": "Unit cost to the company in USD; margin = unit_price - cost.",
        },
    },
    "orders": {
        "description": (
            "Customer orders, one row per order (header). Order value is the sum of its order_lines. "
            "Revenue normally excludes orders with status 'cancelled' or 'returned'."
        ),
        "columns": {
            "order_id": "Primary key of the order.",
            "customer_id": "Customer who placed the order; references customers.customer_id.",
            "order_date": "Date the order was placed (YYYY-MM-DD).",
            "status": "Order status: 'completed', 'shipped', 'processing', 'cancelled' or 'returned'.",
            "channel": "Sales channel: 'web', 'mobile app' or 'phone'.",
        },
    },
    "order_lines": {
        "description": (
            "Line items of orders: one row per product in an order. "
            "Line revenue = quantity * unit_price * (1 - discount)."
        ),
        "columns": {
            "line_id": "Primary key of the order line.",
            "order_id": "Order this line belongs to; references orders.order_id.",
            "product_id": "Product sold; references products.product_id.",
            "quantity": "Number of units sold.",
            "unit_price": "Price per unit in USD actually charged before discount (list price at order time).",
            "discount": "Discount rate applied to the line, between 0 and 1 (0.1 = 10% off).",
        },
    },
}

_DDL = """
CREATE TABLE regions (
  region_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE customers (
  customer_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  country TEXT NOT NULL,
  region_id INTEGER NOT NULL REFERENCES regions(region_id),
  segment TEXT NOT NULL,
  signup_date DATE NOT NULL
);
CREATE TABLE categories (
  category_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE products (
  product_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  category_id INTEGER NOT NULL REFERENCES categories(category_id),
  unit_price NUMERIC(10, 2) NOT NULL,
  cost NUMERIC(10, 2) NOT NULL
);
CREATE TABLE orders (
  order_id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(customer_id),
  order_date DATE NOT NULL,
  status TEXT NOT NULL,
  channel TEXT NOT NULL
);
CREATE TABLE order_lines (
  line_id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(order_id),
  product_id INTEGER NOT NULL REFERENCES products(product_id),
  quantity INTEGER NOT NULL,
  unit_price NUMERIC(10, 2) NOT NULL,
  discount NUMERIC(4, 2) NOT NULL DEFAULT 0
);
CREATE INDEX idx_customers_region ON customers(region_id);
CREATE INDEX idx_products_category ON products(category_id);
CREATE INDEX idx_orders_customer ON orders(customer_id);
CREATE INDEX idx_orders_date ON orders(order_date);
CREATE INDEX idx_order_lines_order ON order_lines(order_id);
CREATE INDEX idx_order_lines_product ON order_lines(product_id);
"""


def demo_window(today: date | None = None) -> tuple[date, date]:
    """[start, end) of the data: the 24 full months before the first day of this month."""
    today = today or date.today()
    end = today.replace(day=1)
    months = end.year * 12 + end.month - 1 - MONTHS
    return date(months // 12, months % 12 + 1, 1), end


def create_demo_warehouse(path: Path, *, seed: int = 7, today: date | None = None) -> None:
    """Write the demo database to ``path`` (replacing it). Same seed + month = same data."""
    start, end = demo_window(today)
    rng = random.Random(seed)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    private_file(tmp)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript(_DDL)
        with conn:
            dims = _insert_dimensions(conn, rng, start, end)
            _insert_orders(conn, rng, start, end, dims)
    finally:
        conn.close()
    os.replace(tmp, path)


# --------------------------------------------------------------------------- dimensions


class _Customer(NamedTuple):
    customer_id: int
    signup: date
    weight: float  # how often this customer orders, relative to others
    segment: str


class _Product(NamedTuple):
    product_id: int
    category: str
    price: float
    popularity: float


def _pick(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _insert_dimensions(
    conn: sqlite3.Connection, rng: random.Random, start: date, end: date
) -> tuple[list[_Customer], list[_Product]]:
    conn.executemany("INSERT INTO regions VALUES (?, ?)", [(i + 1, r[0]) for i, r in enumerate(REGIONS)])
    countries = [(c, i + 1, w) for i, (_, cs) in enumerate(REGIONS) for c, w in cs]
    customers = [_customer(rng, i, countries, start, end) for i in range(1, CUSTOMERS + 1)]
    conn.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?)", [c[0] for c in customers])
    conn.executemany("INSERT INTO categories VALUES (?, ?)", [(i + 1, c[0]) for i, c in enumerate(CATEGORIES)])
    products: list[_Product] = []
    rows = []
    for ci, (category, items) in enumerate(CATEGORIES):
        for name, price in items:
            pid = len(products) + 1
            cost = round(price * rng.uniform(0.45, 0.7), 2)
            rows.append((pid, name, ci + 1, float(price), cost))
            # Cheaper items sell more often; a random factor gives each product its own pull.
            popularity = rng.uniform(0.5, 1.5) * (60 / (price + 20)) ** 0.6
            products.append(_Product(pid, category, float(price), popularity))
    conn.executemany("INSERT INTO products VALUES (?, ?, ?, ?, ?)", rows)
    return [c[1] for c in customers], products


def _customer(
    rng: random.Random, cid: int, countries: list[tuple[str, int, float]], start: date, end: date
) -> tuple[tuple[object, ...], _Customer]:
    segment = _pick(rng, SEGMENTS)
    country, region_id, _ = rng.choices(countries, weights=[c[2] for c in countries])[0]
    if segment == "Consumer":
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        email = f"{_ascii(first)}.{_ascii(last)}{cid}@example.com"
    else:
        word = rng.choice(COMPANY_WORDS)
        name = f"{word} {rng.choice(LAST_NAMES)} {rng.choice(COMPANY_SUFFIX)}"
        email = f"purchasing{cid}@{_ascii(word)}.example.com"
    span = (end - start).days
    if rng.random() < 0.25:  # customers from before the window
        signup = start - timedelta(days=rng.randint(1, 540))
    else:  # signups accelerate with growth: later days are likelier
        signup = start + timedelta(days=int(span * rng.random() ** 0.8))
    factor = {"Consumer": 1.0, "Small Business": 1.6, "Enterprise": 2.5}[segment]
    weight = min(rng.paretovariate(2.0), 8.0) * factor
    row = (cid, name, email, country, region_id, segment, signup.isoformat())
    return row, _Customer(cid, signup, weight, segment)


# --------------------------------------------------------------------------- facts


def _day_weights(rng: random.Random, start: date, end: date) -> list[tuple[date, float]]:
    out = []
    day = start
    while day < end:
        years = (day - start).days / 365.25
        w = 1.3**years * MONTH_SEASON[day.month - 1] * WEEKDAY_FACTOR[day.weekday()] * rng.uniform(0.9, 1.1)
        out.append((day, w))
        day += timedelta(days=1)
    return out


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method; fine for the ~10-30 orders a day drawn here."""
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _category_factor(category: str, month: int) -> float:
    if category == "Electronics" and month in (11, 12):
        return 1.8
    if category == "Sports & Outdoors" and month in (5, 6, 7, 8):
        return 1.5
    if category == "Apparel" and month in (10, 11, 12, 1):
        return 1.3
    return 1.0


def _insert_orders(
    conn: sqlite3.Connection,
    rng: random.Random,
    start: date,
    end: date,
    dims: tuple[list[_Customer], list[_Product]],
) -> None:
    customers = sorted(dims[0], key=lambda c: (c.signup, c.customer_id))
    products = dims[1]
    signups = [c.signup for c in customers]
    cum = list(itertools.accumulate(c.weight for c in customers))
    product_cum = {
        m: list(itertools.accumulate(p.popularity * _category_factor(p.category, m) for p in products))
        for m in range(1, 13)
    }
    days = _day_weights(rng, start, end)
    total = sum(w for _, w in days)
    price_rise = date(start.year + 1, start.month, 1)
    orders: list[tuple[object, ...]] = []
    lines: list[tuple[object, ...]] = []
    for day, w in days:
        eligible = bisect.bisect_right(signups, day)
        if eligible == 0:
            continue
        for _ in range(_poisson(rng, TARGET_ORDERS * w / total)):
            cust = customers[bisect.bisect_right(cum, rng.random() * cum[eligible - 1], hi=eligible - 1)]
            oid = len(orders) + 1
            orders.append((oid, cust.customer_id, day.isoformat(), _status(rng, day, end), _channel(rng, day, start, end)))
            picked = _order_products(rng, products, product_cum[day.month], cust)
            for prod in picked:
                price = round(prod.price * (1.05 if day >= price_rise else 1.0), 2)
                lines.append(
                    (len(lines) + 1, oid, prod.product_id, _quantity(rng, prod, cust), price, _discount(rng, day, cust))
                )
    conn.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?)", orders)
    conn.executemany("INSERT INTO order_lines VALUES (?, ?, ?, ?, ?, ?)", lines)


def _order_products(
    rng: random.Random, products: list[_Product], cum: list[float], cust: _Customer
) -> list[_Product]:
    n = int(_pick(rng, [(str(k), w) for k, w in LINES_PER_ORDER]))
    if cust.segment == "Enterprise":
        n += 1
    chosen: dict[int, _Product] = {}
    for _ in range(n * 3):  # re-draw duplicates a bounded number of times
        p = products[bisect.bisect_right(cum, rng.random() * cum[-1], hi=len(cum) - 1)]
        chosen.setdefault(p.product_id, p)
        if len(chosen) == n:
            break
    return list(chosen.values())


def _status(rng: random.Random, day: date, end: date) -> str:
    age = (end - day).days
    if age <= 3:
        return "processing"
    if age <= 10:
        return _pick(rng, (("shipped", 70), ("completed", 30)))
    return _pick(rng, (("completed", 92), ("cancelled", 4), ("returned", 4)))


def _channel(rng: random.Random, day: date, start: date, end: date) -> str:
    share = (day - start).days / max(1, (end - start).days)  # mobile grows over the window
    return _pick(rng, (("web", 66 - 14 * share), ("mobile app", 22 + 16 * share), ("phone", 12 - 2 * share)))


def _quantity(rng: random.Random, prod: _Product, cust: _Customer) -> int:
    q = int(_pick(rng, (("1", 60), ("2", 25), ("3", 10), ("4", 5))))
    if cust.segment == "Enterprise" or prod.category == "Office Supplies":
        q *= rng.randint(1, 4)
    return q


def _discount(rng: random.Random, day: date, cust: _Customer) -> float:
    black_friday = (day.month == 11 and day.day >= 20) or (day.month == 12 and day.day <= 2)
    p = 0.5 if black_friday else 0.12
    if cust.segment == "Enterprise":
        p += 0.2
    return rng.choice(DISCOUNTS) if rng.random() < p else 0.0
