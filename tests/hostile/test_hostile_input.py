"""Random and malicious input (hypothesis): importers and every service validator either
accept it whole or refuse it with a reason; nothing crashes, nothing is half-written."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sm_desk.core.contacts.service import ContactError, create_contact
from sm_desk.core.marketing.campaigns import CampaignError, create_campaign
from sm_desk.core.marketing.touches import TouchError, create_touch
from sm_desk.core.money import MAX_MINOR, MoneyError, parse_money
from sm_desk.core.sales.deals import SalesError, create_deal
from sm_desk.core.store import Store
from sm_desk.io.csv_import import import_contacts
from sm_desk.io.csv_sniff import NotCsvError
from sm_desk.io.ics_import import IcsError, import_ics

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

NASTY = st.sampled_from([
    "", " ", "=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1", "a\x00b",
    "<script>alert(1)</script>", "<b>bold</b>", "'; DROP TABLE contacts; --", "x" * 100_000,
    "\u202egnp.exe", "名前", "Zoë Ågren", "\ud7ff", "9999-99-99", "0000-00-00", "-1",
    "1e309", "NaN", "¤ 1.000.000.000.000.000,00", "FREQ=SECONDLY;COUNT=1000000000",
])
TEXT = st.one_of(NASTY, st.text(max_size=300))


def counts(store: Store) -> dict[str, int]:
    return store.counts()


@FAST
@given(st.binary(max_size=4000))
def test_csv_import_of_random_bytes_is_refused_or_accounted_for(data: bytes) -> None:
    store = Store.memory()
    before = counts(store)
    try:
        result = import_contacts(store, data)
    except (NotCsvError, ValueError):
        assert counts(store) == before  # refused: nothing written
        return
    stored = store.scalar("SELECT count(*) FROM contacts")
    assert stored == result.created
    assert result.created + result.updated + len(result.rejects) + len(result.notes) \
        == result.records
    assert all(r.reason and r.line >= 2 for r in result.rejects)
    assert store.integrity_problems() == []


@FAST
@given(st.lists(st.tuples(TEXT, TEXT, TEXT, TEXT), min_size=1, max_size=12),
       st.sampled_from(["utf-8", "utf-16", "cp1252"]), st.sampled_from([",", ";", "\t"]))
def test_csv_import_of_hostile_cells(rows: list[tuple[str, ...]], encoding: str,
                                     delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["First Name", "Last Name", "Email", "Company Name"])
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding, errors="replace")
    store = Store.memory()
    try:
        result = import_contacts(store, data)
    except (NotCsvError, ValueError):
        assert store.scalar("SELECT count(*) FROM contacts") == 0
        return
    assert store.scalar("SELECT count(*) FROM contacts") == result.created
    for reject in result.rejects:
        assert reject.reason
    # No NUL byte and no over-long field ever reaches the database.
    assert store.scalar("SELECT count(*) FROM contacts WHERE instr(first_name, char(0)) "
                        "OR instr(coalesce(email, ''), char(0)) OR length(first_name) > 1000") == 0


EVENT = st.builds(
    lambda summary, start, extra: (
        "BEGIN:VEVENT\r\n" + f"SUMMARY:{summary}\r\n" + f"DTSTART:{start}\r\n" + extra
        + "END:VEVENT\r\n"),
    TEXT.map(lambda t: t.replace("\r", " ").replace("\n", " ")[:200]),
    st.one_of(st.just("20261124T090000Z"), st.just("20261124"), st.just("99999999T999999"),
              st.text(max_size=20).map(lambda t: t.replace("\r", "").replace("\n", ""))),
    st.sampled_from(["", "RRULE:FREQ=SECONDLY;COUNT=1000000000\r\n", "RRULE:FREQ=DAILY\r\n",
                     "RRULE:garbage\r\n", "DURATION:P1000000D\r\n", "DTEND:19000101\r\n",
                     "EXDATE:20261124T090000Z,nonsense\r\n", "RECURRENCE-ID:20261124T090000Z\r\n",
                     "UID:\x00\r\n"]))


@FAST
@given(st.lists(EVENT, max_size=6), st.booleans())
def test_ics_import_of_hostile_events(events: list[str], latin1: bool) -> None:
    text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "".join(events) + "END:VCALENDAR\r\n"
    data = text.encode("latin-1", errors="replace") if latin1 else text.encode(
        "utf-8", errors="surrogatepass")
    store = Store.memory()
    try:
        report = import_ics(store, data)
    except IcsError:
        assert store.scalar("SELECT count(*) FROM touches") == 0
        return
    assert store.scalar("SELECT count(*) FROM touches") == report.created
    assert report.created + len(report.skipped) >= 0
    assert all(why for _what, why in report.skipped)
    assert store.integrity_problems() == []


@FAST
@given(st.binary(max_size=2000))
def test_ics_import_of_random_bytes(data: bytes) -> None:
    store = Store.memory()
    with contextlib.suppress(IcsError):  # refused is fine; crashing or half-writing is not
        import_ics(store, data)
    assert store.integrity_problems() == []


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_money_is_parsed_exactly_or_refused_with_a_reason(text: str) -> None:
    try:
        minor = parse_money(text)
    except MoneyError as exc:
        assert str(exc)
        return
    assert isinstance(minor, int) and 0 <= minor <= MAX_MINOR


def _refused_or_saved(action: Any, errors: tuple[type[Exception], ...], store: Store,
                      table: str) -> None:
    before = store.scalar(f"SELECT count(*) FROM {table}")
    try:
        action()
    except errors as exc:
        assert str(exc)
        assert store.scalar(f"SELECT count(*) FROM {table}") == before
        return
    assert store.scalar(f"SELECT count(*) FROM {table}") == before + 1


@FAST
@given(TEXT, st.integers(min_value=-10**18, max_value=10**18), TEXT, TEXT)
def test_campaign_form_values(name: str, budget: int, start: str, colour: str) -> None:
    store = Store.memory()
    _refused_or_saved(lambda: create_campaign(store, {
        "name": name, "budget_minor": budget, "start_date": start, "colour": colour}),
        (CampaignError,), store, "campaigns")


@FAST
@given(TEXT, st.integers(min_value=-10**18, max_value=10**18), TEXT, TEXT)
def test_deal_form_values(title: str, value: int, close: str, next_step: str) -> None:
    store = Store.memory()
    _refused_or_saved(lambda: create_deal(store, {
        "title": title, "value_minor": value, "expected_close": close,
        "next_step": next_step}, NOW), (SalesError,), store, "deals")


@FAST
@given(TEXT, TEXT, TEXT, st.integers(min_value=-10**12, max_value=10**12))
def test_touch_form_values(title: str, starts: str, rrule: str, cost: int) -> None:
    store = Store.memory()
    _refused_or_saved(lambda: create_touch(store, {
        "title": title, "kind": "newsletter", "starts_at": starts, "rrule": rrule,
        "cost_minor": cost}), (TouchError,), store, "touches")


@FAST
@given(TEXT, TEXT, TEXT, TEXT)
def test_contact_form_values(first: str, last: str, email: str, phone: str) -> None:
    store = Store.memory()
    _refused_or_saved(lambda: create_contact(store, {
        "first_name": first, "last_name": last, "email": email, "phone": phone}),
        (ContactError,), store, "contacts")
