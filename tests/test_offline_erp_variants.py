"""An ERP's product variants (Odoo's product_product) have no name of their own: each points at its template, which
has one. A reading that names variants by a barcode the question never asked for answers for a code, not for the
product: asked about, unless the question names the barcode."""

from __future__ import annotations

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, answer_rows, warehouse_fixtures


VARIANTS = """
CREATE TABLE product_template (id INTEGER PRIMARY KEY, name TEXT, list_price NUMERIC);
INSERT INTO product_template VALUES (1, 'Desk', 300), (2, 'Chair', 120);
CREATE TABLE product_product (id INTEGER PRIMARY KEY, product_tmpl_id INTEGER REFERENCES product_template(id),
  barcode TEXT, standard_price NUMERIC);
INSERT INTO product_product VALUES (1, 1, '4006381333931', 150), (2, 1, '4006381333948', 170), (3, 2, '5012345678900', 60);
CREATE TABLE sale_order_line (id INTEGER PRIMARY KEY, product_id INTEGER REFERENCES product_product(id),
  product_uom_qty REAL, margin NUMERIC);
INSERT INTO sale_order_line VALUES (1, 1, 2, 300), (2, 2, 1, 130), (3, 3, 4, 240), (4, 3, 1, 60);
"""

path, box, db = warehouse_fixtures("variants", VARIANTS)


async def test_a_variant_named_by_its_barcode_is_asked_about(box: SqliteToolbox) -> None:
    ans = await ask(box, "Which product earned the highest total margin?")
    assert answer_rows(ans) is None
    ans = await ask(box, "Which barcode earned the highest total margin?")
    assert answer_rows(ans) is not None
