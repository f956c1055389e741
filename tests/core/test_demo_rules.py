"""The demo obeys its own task rules (issue 21): a rule sync right after making it
changes nothing, and no lost deal carries an open "Send invoice"."""

from __future__ import annotations

from sm_desk.core.store import Store
from sm_desk.core.store.demo_rows import origin_ids
from sm_desk.core.tasks import rules
from tests.conftest import FIXED_TODAY


def test_a_rule_sync_right_after_the_demo_changes_nothing(demo_store: Store) -> None:
    deals, touches, contacts = origin_ids(demo_store)
    with demo_store.step("Sync every rule", undoable=False) as step:
        for deal_id in deals:
            rules.sync_deal(step, deal_id, FIXED_TODAY)
        for touch_id in touches:
            rules.sync_touch(step, touch_id, FIXED_TODAY)
        for contact_id in contacts:
            rules.sync_contact(step, contact_id, FIXED_TODAY)
    assert not step.summary.rows, step.summary.rows
    assert not rules.sync_all(demo_store, FIXED_TODAY)


def test_no_lost_deal_waits_for_an_invoice(demo_store: Store) -> None:
    assert demo_store.scalar(
        "SELECT count(*) FROM tasks t JOIN deals d ON d.id = t.origin_id "
        "JOIN stages s ON s.id = d.stage_id WHERE t.origin_type = 'deal' "
        "AND t.rule = 'deal.invoice' AND t.status = 'open' AND s.outcome = 'lost'") == 0


def test_lifecycles_follow_the_deals(demo_store: Store) -> None:
    def contacts_with(outcome: str, lifecycles: tuple[str, ...]) -> int:
        marks = ", ".join("?" for _ in lifecycles)
        return int(demo_store.scalar(
            "SELECT count(DISTINCT c.id) FROM contacts c JOIN deals d ON d.contact_id = c.id "
            f"JOIN stages s ON s.id = d.stage_id WHERE s.outcome = ? AND c.lifecycle IN ({marks})",
            [outcome, *lifecycles]))

    assert contacts_with("open", ("subscriber", "lead", "nurture", "lost")) == 0
    assert contacts_with("won", ("subscriber", "lead", "prospect", "nurture", "lost")) == 0


def test_no_two_companies_share_a_name_and_no_chore_repeats(demo_store: Store) -> None:
    assert demo_store.scalar(
        "SELECT count(*) - count(DISTINCT name) FROM companies") == 0
    assert demo_store.scalar(
        "SELECT count(*) FROM (SELECT title FROM tasks WHERE rule IS NULL "
        "AND status = 'open' AND origin_type IS NULL GROUP BY title HAVING count(*) > 1)") == 0
