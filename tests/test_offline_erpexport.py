"""Legacy files exported from an IBM i (AS/400) order entry system: upper-case file names of at most ten characters
that run short forms together ('CUSMST' customer master, 'ORDHDR' order header, 'ITMCLS' item class), fields that
begin with their file's two-letter code ('CUCUST', 'OHSHDT'), dates packed as NUMERIC(8,0) YYYYMMDD with 0 for none,
Y/N flags and short text codes looked up in code files. Every answer is checked against SQL written by hand on a
seed company's warehouse made here."""

from __future__ import annotations

from services.common.column_roles import date_key_type, stored_date_form
from services.conversation.engine.offline.linking import legacy_field_name, legacy_field_tag, legacy_file_name, \
    legacy_schema
from tests.support.offline import ask, gold, warehouse_fixtures

SEEDS = """
CREATE TABLE ITMCLS (ICCLAS CHAR(2) PRIMARY KEY, ICDESC CHAR(30));
CREATE TABLE ITMMST (IMITEM CHAR(12) PRIMARY KEY, IMDESC CHAR(40), IMCLAS CHAR(2) REFERENCES ITMCLS(ICCLAS),
    IMPRIC NUMERIC(9,2), IMACTV CHAR(1));
CREATE TABLE CUSMST (CUCUST NUMERIC(6,0) PRIMARY KEY, CUNAME CHAR(40), CUCITY CHAR(25), CUACTV CHAR(1),
    CUOPDT NUMERIC(8,0));
CREATE TABLE ORDHDR (OHORDN NUMERIC(7,0) PRIMARY KEY, OHCUST NUMERIC(6,0) REFERENCES CUSMST(CUCUST),
    OHORDT NUMERIC(8,0), OHSHDT NUMERIC(8,0), OHRUSH CHAR(1), OHTOTL NUMERIC(11,2));
CREATE TABLE ORDDTL (ODORDN NUMERIC(7,0) REFERENCES ORDHDR(OHORDN), ODLINE NUMERIC(3,0),
    ODITEM CHAR(12) REFERENCES ITMMST(IMITEM), ODQTY NUMERIC(7,0), PRIMARY KEY (ODORDN, ODLINE));
INSERT INTO ITMCLS VALUES ('VG', 'VEGETABLE SEED'), ('FL', 'FLOWER SEED'), ('CV', 'COVER CROP');
INSERT INTO ITMMST VALUES ('TOM-BRD', 'TOMATO BRANDYWINE 1OZ', 'VG', 12.5, 'Y'), ('CAR-NAN', 'CARROT NANTES 1LB', 'VG', 9.0, 'Y'),
  ('ZIN-MIX', 'ZINNIA MIX 1OZ', 'FL', 7.25, 'Y'), ('RYE-WNT', 'WINTER RYE 50LB', 'CV', 48.0, 'N');
INSERT INTO CUSMST VALUES (1001, 'GREEN ACRES FARM', 'AMES', 'Y', 20190312), (1002, 'HILLSIDE NURSERY', 'DES MOINES', 'Y', 20230704),
  (1003, 'PRAIRIE CO-OP', 'AMES', 'N', 20240115), (1004, 'RIVERBEND GARDENS', 'AMES', 'Y', 20240920);
INSERT INTO ORDHDR VALUES (5001, 1001, 20240105, 20240110, 'N', 420.0), (5002, 1002, 20240302, 20240305, 'Y', 95.5),
  (5003, 1001, 20240611, 20240620, 'N', 1210.0), (5004, 1004, 20241115, 20250103, 'N', 260.0),
  (5005, 1002, 20250201, 0, 'Y', 77.0), (5006, 1003, 20250214, 0, 'N', 310.0);
INSERT INTO ORDDTL VALUES (5001, 1, 'TOM-BRD', 10), (5001, 2, 'CAR-NAN', 20), (5002, 1, 'ZIN-MIX', 4),
  (5003, 1, 'RYE-WNT', 25), (5004, 1, 'CAR-NAN', 12), (5005, 1, 'ZIN-MIX', 6), (5006, 1, 'TOM-BRD', 8);
"""

path, box, db = warehouse_fixtures("seeds", SEEDS)


def test_legacy_names_read_as_words() -> None:
    names = ["CUSMST", "CUCUST", "CUNAME", "ORDHDR", "OHORDT", "OHSHDT", "ITMCLS", "ICDESC"]
    assert legacy_schema(names)
    assert not legacy_schema(["CUSTOMER", "NAME", "CITY", "ORDERS", "AMOUNT", "STATUS"])  # upper-case words
    assert not legacy_schema(["CUST_MST", "CU_CUST", "CU_NAME", "ORD_HDR", "OH_ORDT", "OH_SHDT"])  # separated
    assert legacy_file_name("CUSMST") == "customer"
    assert legacy_file_name("ORDDTL") == "order_line"
    assert legacy_file_name("ITMCLS") == "item_class"
    assert legacy_field_tag("CUSMST", ["CUCUST", "CUNAME", "CUCITY", "CUACTV"]) == "CU"
    assert legacy_field_tag("ORDHDR", ["OHORDN", "OHCUST", "OHORDT", "OHSHDT"]) == "OH"
    assert legacy_field_tag("CUSMST", ["CUCUST", "NAME", "CITY", "ZIP"]) == ""  # two fields of four: no code
    assert legacy_field_name("OHORDT", "OH") == "order_date"
    assert legacy_field_name("OHSHDT", "OH") == "shipped_date"
    assert legacy_field_name("CUCUST", "CU") == "cust"  # a conventional short form, expanded as any other
    assert legacy_field_name("CUNAME", "CU") == "name"


def test_packed_dates_with_zero_for_none() -> None:
    assert date_key_type("NUMERIC(8,0)") and date_key_type("decimal(8, 0)") and date_key_type("DEC(8)")
    assert not date_key_type("NUMERIC(9,2)") and not date_key_type("INTEGER")
    assert stored_date_form("OHSHDT", "NUMERIC(8,0)", "num", ("20240110", "0", "20250103")) == "ymd"
    assert stored_date_form("OHSHDT", "NUMERIC(8,0)", "num", ("0", "20250103")) == ""  # one date alone says little


async def test_a_master_file_counts_its_rows(box) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "How many customers do we have?")
    assert got == gold(box, "SELECT COUNT(*) FROM CUSMST") == [(4,)]


async def test_a_year_on_a_packed_date(box) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "How many orders did we take in 2024?")
    assert got == gold(box, "SELECT COUNT(*) FROM ORDHDR WHERE OHORDT BETWEEN 20240101 AND 20241231") == [(4,)]


async def test_the_event_a_date_field_names(box) -> None:  # type: ignore[no-untyped-def]
    """'shipped' dates by the ship date field, not the order date (order 5004 was ordered in 2024, shipped in 2025)."""
    got = await ask(box, "How many orders shipped in 2025?")
    assert got == gold(box, "SELECT COUNT(*) FROM ORDHDR WHERE OHSHDT BETWEEN 20250101 AND 20251231") == [(1,)]


async def test_a_code_file_shows_its_description(box) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "How many items are there in each item class?")
    want = gold(box, "SELECT c.ICDESC, COUNT(*) FROM ITMMST i JOIN ITMCLS c ON c.ICCLAS = i.IMCLAS GROUP BY c.ICCLAS")
    assert sorted(got) == sorted(want) == [("COVER CROP", 1), ("FLOWER SEED", 1), ("VEGETABLE SEED", 2)]


async def test_a_yes_no_flag(box) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "How many rush orders do we have?")
    assert got == gold(box, "SELECT COUNT(*) FROM ORDHDR WHERE OHRUSH = 'Y'") == [(2,)]
