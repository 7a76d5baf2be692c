"""A payments API exported to tables (Stripe, Adyen and Square style): Unix epoch INTEGER seconds for every
timestamp, integer money in the currency's minor unit beside a lowercase ISO currency code, text ids, keys named
after the object they point to. Every answer is checked against SQL written by hand on a warehouse made here."""

from __future__ import annotations

import sqlite3

import pytest

from services.common.column_roles import epoch_scale, time_like_name
from tests.support.offline import answer, ask, gold, script_box, warehouse_fixtures

# 2023-01-15 = 1673740800, 2023-04-10 = 1681084800, 2023-06-30 12:00 = 1688126400, 2023-07-02 = 1688256000,
# 2024-02-01 = 1706745600
PAYOUTS = """
CREATE TABLE accounts (id TEXT PRIMARY KEY, business_name TEXT, country TEXT, currency TEXT,
    billing_cycle TEXT, delinquent INTEGER NOT NULL, created INTEGER NOT NULL);
CREATE TABLE transfers (id TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(id), amount INTEGER NOT NULL,
    currency TEXT NOT NULL, status TEXT NOT NULL, method TEXT NOT NULL, source_details_card_network TEXT,
    created INTEGER NOT NULL, arrived_at INTEGER);
CREATE TABLE payout_fees (id TEXT PRIMARY KEY, transfer TEXT NOT NULL REFERENCES transfers(id), fee INTEGER NOT NULL);
INSERT INTO accounts VALUES ('acct_1', 'Nova Labs', 'US', 'usd', 'monthly', 0, 1673740800),
  ('acct_2', 'Harbor GmbH', 'DE', 'eur', 'weekly', 1, 1681084800), ('acct_3', 'Cedar Ltd', 'GB', 'gbp', 'monthly', 0, 1706745600);
INSERT INTO transfers VALUES
  ('tr_1', 'acct_1', 125000, 'usd', 'succeeded', 'card', 'visa', 1673740800, 1673913600),
  ('tr_2', 'acct_1', 5050, 'usd', 'failed', 'card', 'amex', 1681084800, NULL),
  ('tr_3', 'acct_2', 99900, 'eur', 'succeeded', 'bank', NULL, 1688126400, 1688256000),
  ('tr_4', 'acct_2', 20000, 'eur', 'succeeded', 'card', 'visa', 1688256000, 1688342400),
  ('tr_5', 'acct_3', 70000, 'gbp', 'succeeded', 'bank', NULL, 1706745600, 1706832000),
  ('tr_6', 'acct_1', 30000, 'usd', 'succeeded', 'card', 'mastercard', 1706745600, 1706832000);
INSERT INTO payout_fees VALUES ('fee_1', 'tr_1', 250), ('fee_2', 'tr_3', 300);
"""

path, box, db = warehouse_fixtures("payouts", PAYOUTS)


def test_epoch_columns_are_told_apart_by_name_and_values() -> None:
    assert time_like_name("created") and time_like_name("canceled_at") and time_like_name("period_end")
    assert not time_like_name("year_built") and not time_like_name("days_late") and not time_like_name("amount")
    assert epoch_scale("created", "INTEGER", ("1673740800", "1706745600")) == 1
    assert epoch_scale("event_ts", "BIGINT", ("1673740800123",)) == 1000
    assert epoch_scale("created", "INTEGER", ("20230115",)) == 0  # a yyyymmdd date key, not epoch seconds
    assert epoch_scale("amount", "INTEGER", ("1673740800",)) == 0  # money, however large
    assert epoch_scale("created", "TEXT", ("2023-01-15",)) == 0


async def test_a_year_on_epoch_seconds(box, db: sqlite3.Connection) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "How many transfers were made in 2023?")
    assert got == gold(box, "SELECT COUNT(*) FROM transfers WHERE strftime('%Y', created, 'unixepoch') = '2023'") == [(4,)]


async def test_a_breakdown_by_year_on_epoch_seconds(box) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "number of transfers per year")
    want = gold(box, "SELECT strftime('%Y', created, 'unixepoch'), COUNT(*) FROM transfers GROUP BY 1")
    assert sorted(got) == sorted(want) == [("2023", 4), ("2024", 2)]


async def test_between_two_calendar_days_on_a_date_column(box) -> None:  # type: ignore[no-untyped-def]
    """The day and year of 'June 30, 2023' belong to the range; read alone, the year would widen it to all 2023."""
    got = await ask(box, "How many transfers were there between March 1 and June 30, 2023?")
    want = gold(box, "SELECT COUNT(*) FROM transfers WHERE date(created, 'unixepoch') BETWEEN '2023-03-01' AND '2023-06-30'")
    assert got == want == [(2,)]


async def test_currency_names_mean_the_stored_code(box) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "What is the total transfer amount in euros?")
    assert got == gold(box, "SELECT SUM(amount) / 100.0 FROM transfers WHERE currency = 'eur'") == [(1199.0,)]
    got = await ask(box, "average transfer amount in US dollars")  # 'US' is the currency here, not the country
    assert got == gold(box, "SELECT AVG(amount) / 100.0 FROM transfers WHERE currency = 'usd'")


async def test_integer_money_beside_a_currency_code_is_in_cents(box) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "total transfer amount by currency")
    want = gold(box, "SELECT currency, SUM(amount) / 100.0 FROM transfers GROUP BY currency")
    assert sorted(got) == sorted(want)
    got = await ask(box, "transfers whose amount exceeds 600")  # said in the currency: 60000 cents
    assert sorted(got) == sorted(gold(box, "SELECT id FROM transfers WHERE amount > 60000")) == [("tr_1",), ("tr_3",), ("tr_5",)]


async def test_integer_money_without_a_currency_column_is_left_as_stored(box) -> None:  # type: ignore[no-untyped-def]
    """payout_fees has no currency code beside it: nothing says its integers are cents."""
    got = await ask(box, "What is the total fee?")
    assert got == gold(box, "SELECT SUM(fee) FROM payout_fees") == [(550,)]


@pytest.mark.parametrize("question", ["Which transfers were paid in the first quarter of 2031?"])
async def test_no_rows_in_the_period_is_said_not_shown(box, question: str) -> None:  # type: ignore[no-untyped-def]
    ans = await answer(box, question)
    assert not any(p.kind == "query" and p.result is not None and p.result.rows for p in ans.parts)


async def test_a_listed_price_in_cents_is_shown_in_the_currency(box) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "list transfers with their amount")
    assert sorted(got) == sorted(gold(box, "SELECT id, amount / 100.0 FROM transfers"))


async def test_how_many_payments_counts_the_rows_not_the_distinct_amounts(box) -> None:  # type: ignore[no-untyped-def]
    """'payments' reaches the money column by its meaning; each payment is a row (two share no amount here, so
    COUNT(DISTINCT amount) would only look right by luck: tr_4 and a second 20000 would tell them apart)."""
    got = await ask(box, "How many payments failed in 2023?")
    assert got == gold(box, "SELECT COUNT(*) FROM transfers WHERE status = 'failed' "
                            "AND strftime('%Y', created, 'unixepoch') = '2023'") == [(1,)]


async def test_a_state_said_as_an_adjective_finds_the_stored_participle(box) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "How many successful transfers were there in 2024?")
    assert got == gold(box, "SELECT COUNT(*) FROM transfers WHERE status = 'succeeded' "
                            "AND strftime('%Y', created, 'unixepoch') = '2024'") == [(2,)]


async def test_the_last_field_of_a_flattened_path_and_a_value_word_inside_it(box) -> None:  # type: ignore[no-untyped-def]
    """'card network' is source_details_card_network; its 'card' is not the stored method 'card' a second time."""
    got = await ask(box, "How many card transfers were there for each card network?")
    want = gold(box, "SELECT source_details_card_network, COUNT(*) FROM transfers WHERE method = 'card' "
                     "GROUP BY source_details_card_network")
    assert sorted(got) == sorted(want) == [("amex", 1), ("mastercard", 1), ("visa", 2)]


async def test_a_one_word_adjective_column_is_a_flag(box) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "How many accounts are delinquent?")
    assert got == gold(box, "SELECT COUNT(*) FROM accounts WHERE delinquent = 1") == [(1,)]


CLUB = """
CREATE TABLE plans (id TEXT PRIMARY KEY, name TEXT NOT NULL, active INTEGER NOT NULL);
CREATE TABLE memberships (id TEXT PRIMARY KEY, plan TEXT NOT NULL REFERENCES plans(id), status TEXT NOT NULL,
    amount_paid INTEGER NOT NULL, currency TEXT NOT NULL, created INTEGER NOT NULL, canceled_at INTEGER);
CREATE TABLE reversals (id TEXT PRIMARY KEY, membership TEXT NOT NULL REFERENCES memberships(id), status TEXT NOT NULL,
    reason TEXT);
CREATE TABLE freezes (id TEXT PRIMARY KEY, membership TEXT NOT NULL REFERENCES memberships(id), reason TEXT);
INSERT INTO plans VALUES ('pl_1', 'Basic', 1), ('pl_2', 'Plus', 1), ('pl_3', 'Old', 0);
INSERT INTO memberships VALUES ('m_1', 'pl_1', 'active', 1000, 'usd', 1673740800, NULL),
  ('m_2', 'pl_1', 'canceled', 1000, 'usd', 1673740800, 1681084800), ('m_3', 'pl_2', 'active', 2500, 'eur', 1673740800, NULL),
  ('m_4', 'pl_2', 'paid', 2500, 'eur', 1681084800, NULL), ('m_5', 'pl_3', 'failed', 0, 'usd', 1681084800, NULL),
  ('m_6', 'pl_3', 'canceled', 0, 'usd', 1681084800, 1706745600),
  ('m_7', 'pl_1', 'canceled', 1000, 'usd', 1688126400, 1706832000),
  ('m_8', 'pl_2', 'active', 2500, 'eur', 1688126400, 1706832000);
INSERT INTO reversals VALUES ('rv_1', 'm_2', 'failed', 'duplicate'), ('rv_2', 'm_1', 'succeeded', 'fraud');
INSERT INTO freezes VALUES ('fz_1', 'm_1', 'travel'), ('fz_2', 'm_3', 'injury'), ('fz_3', 'm_4', 'travel');
"""


async def test_a_state_word_before_its_noun_is_that_table_s_value(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'active memberships per plan': the memberships' status 'active', not the plans' own active flag."""
    with script_box(tmp_path, "club", CLUB) as club:
        got = await ask(club, "active memberships per plan")
        want = gold(club, "SELECT p.name, COUNT(*) FROM memberships m JOIN plans p ON m.plan = p.id "
                          "WHERE m.status = 'active' GROUP BY p.name")
        assert sorted(got) == sorted(want) == [("Basic", 1), ("Plus", 2)]


async def test_a_percentage_over_a_value_two_tables_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'failed' is a status of memberships and of reversals: the table the question names decides."""
    with script_box(tmp_path, "club", CLUB) as club:
        got = await ask(club, "What percentage of memberships failed?")
        assert got == gold(club, "SELECT SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) * 100.0 / COUNT(*) "
                                 "FROM memberships") == [(12.5,)]


async def test_a_total_of_cents_beside_a_currency_by_currency(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'amount paid' is amount_paid (in cents beside a currency), also where 'paid' is a stored status."""
    with script_box(tmp_path, "club", CLUB) as club:
        got = await ask(club, "total amount paid by currency")
        want = gold(club, "SELECT currency, SUM(amount_paid) / 100.0 FROM memberships GROUP BY currency")
        assert sorted(got) == sorted(want) == [("eur", 75.0), ("usd", 30.0)]


async def test_how_much_answered_with_a_list_of_rows_is_asked_about(box) -> None:  # type: ignore[no-untyped-def]
    """'How much did ... bring in' wants an amount; a reading that lists transfer ids is another question."""
    ans = await answer(box, "How much did successful transfers bring in during 2023 in US dollars?")
    assert not any(p.kind == "query" and p.result is not None for p in ans.parts)
    assert any("how much" in (p.text or "") for p in ans.parts)


def test_generated_text_ids_are_identifiers_nobody_reads() -> None:
    from services.conversation.engine.offline.linking import ColumnInfo
    from services.conversation.engine.offline.trust import _machine_ids

    def key(*samples: str) -> ColumnInfo:
        return ColumnInfo("t", "id", ("id",), "text", True, samples, False, None)

    assert _machine_ids(key("cus_8fK2LmQ1aZ", "in_1NvQe2LkdIwHu7ix"))
    assert _machine_ids(key("0b9e4c1e-2f4d-4a8e-9d5e-3c2a1b0f9e8d"))
    assert not _machine_ids(key("ALFKI", "BONAP"))  # readable customer codes
    assert not _machine_ids(key("INV-1001"))


async def test_a_breakdown_whose_head_noun_went_unused_is_asked_about(box) -> None:  # type: ignore[no-untyped-def]
    """'accounts by billing currency' grouped by billing_cycle (what 'billing' matched): the head noun 'currency'
    names default_currency of the same table, so the reading groups by another thing than asked."""
    ans = await answer(box, "number of accounts by billing currency")
    assert not any(p.kind == "query" and p.result is not None for p in ans.parts)


async def test_a_column_two_unnamed_tables_share_is_asked_about(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'reason' is a column of freezes and of reversals: a question naming neither does not say whose reason."""
    with script_box(tmp_path, "club", CLUB) as club:
        ans = await answer(club, "most common reason among active memberships")
        assert not any(p.kind == "query" and p.result is not None for p in ans.parts)
        got = await ask(club, "number of freezes by reason")  # the table said: no doubt
        assert sorted(got) == sorted(gold(club, "SELECT reason, COUNT(*) FROM freezes GROUP BY reason"))


async def test_a_state_broken_down_by_year_is_dated_by_its_own_event(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'memberships canceled per year': grouped by the year of canceled_at (the event the word names), counting
    the memberships canceled that year (m_8 is canceled and still runs to the end of its period), with no bucket for
    the ones never canceled."""
    with script_box(tmp_path, "club", CLUB) as club:
        got = await ask(club, "number of memberships canceled per year")
        want = gold(club, "SELECT strftime('%Y', canceled_at, 'unixepoch'), COUNT(*) FROM memberships "
                          "WHERE canceled_at IS NOT NULL GROUP BY 1")
        assert sorted(got) == sorted(want) == [("2023", 1), ("2024", 3)]


def test_the_catalog_shows_epoch_integers_as_time_and_adjectives_as_flags() -> None:
    from services.common.column_roles import catalog_roles, flag_like_name

    cols = [{"name": "created", "type": "INTEGER", "sample_values": ["1673740800", "1706745600"]},
            {"name": "year_built", "type": "INTEGER", "sample_values": ["1998"]},
            {"name": "delinquent", "type": "INTEGER", "sample_values": ["0", "1"], "values_complete": True}]
    roles = catalog_roles(cols, [], [])
    assert roles["created"] == "time" and roles["year_built"] != "time" and roles["delinquent"] == "flag"
    assert flag_like_name("delinquent") and flag_like_name("billable") and not flag_like_name("amount")


async def test_how_much_answered_with_many_amounts_is_asked_about(box) -> None:  # type: ignore[no-untyped-def]
    """'How much did Nova Labs transfers bring in' read as the list of Nova Labs' transfers with their amounts: the
    condition names the account, not one transfer, so the answer is many amounts where one was asked."""
    ans = await answer(box, "How much did Nova Labs transfers bring in during 2023?")
    assert not any(p.kind == "query" and p.result is not None for p in ans.parts)


async def test_the_reading_says_when_unnamed_cents_are_shown_in_the_currency(box) -> None:  # type: ignore[no-untyped-def]
    """'amount' does not say cents; the catalog found integer money beside a currency code, sqlgen divides it by
    100, and the 'How I read it' line must say so, or 1,199 could not be checked against rows holding 119900."""
    ans = await answer(box, "total transfer amount by currency")
    reading = next(p.text for p in ans.parts if p.kind == "text" and p.text.startswith("How I read it"))
    assert "transfers.amount (cents shown in the currency: divided by 100)" in reading
    ans = await answer(box, "What is the total fee?")  # no currency beside it: left as stored, and nothing said
    reading = next(p.text for p in ans.parts if p.kind == "text" and p.text.startswith("How I read it"))
    assert "cents" not in reading
