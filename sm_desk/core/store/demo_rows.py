"""What the demo generator reads back from the store after writing its rows."""

from __future__ import annotations

from sm_desk.core.store.database import Step, Store


def origin_ids(store: Store) -> tuple[list[int], list[int], list[int]]:
    """Every deal, touch and contact id: what the task rules look at."""
    def ids(table: str) -> list[int]:
        return [int(r["id"]) for r in store.query(f"SELECT id FROM {table} ORDER BY id")]
    return ids("deals"), ids("touches"), ids("contacts")


def close_old_rule_tasks(step: Step, before: str) -> int:
    """Rule-made tasks due before `before` (ISO day) marked done on their due day: the
    sample business kept up with its old chores; only the recent ones are still open."""
    return step.execute(
        "UPDATE tasks SET status = 'done', done_at = due || 'T16:00:00Z', "
        "updated_at = due || 'T16:00:00Z' "
        "WHERE status = 'open' AND rule IS NOT NULL AND due < ?", [before])


def end_history_on(step: Step, day_start: str) -> int:
    """The rule sync stamps the tasks it makes and closes with the clock's time; the demo's
    history ends where its own day begins (a demo made for another day, or twice, is the
    same)."""
    return step.execute(
        "UPDATE tasks SET created_at = min(created_at, ?1), updated_at = min(updated_at, ?1), "
        "done_at = min(done_at, ?1) WHERE created_at > ?1 OR updated_at > ?1 OR done_at > ?1",
        [day_start])


def align_lifecycles(step: Step) -> int:
    """Lifecycles as the sales services would have left them: a contact with an open deal
    is at least a prospect (never a subscriber, lead or lost), one with a won deal a
    customer."""
    open_deal = ("SELECT d.contact_id FROM deals d JOIN stages s ON s.id = d.stage_id "
                 "WHERE s.outcome = '{}' AND d.contact_id IS NOT NULL")
    moved = step.execute(
        "UPDATE contacts SET lifecycle = 'prospect' WHERE lifecycle IN "
        f"('subscriber', 'lead', 'nurture', 'lost') AND id IN ({open_deal.format('open')})")
    return moved + step.execute(
        "UPDATE contacts SET lifecycle = 'customer' WHERE lifecycle != 'customer' "
        f"AND id IN ({open_deal.format('won')})")


def drop_repeated_chores(step: Step) -> int:
    """One open hand-made task per title and origin ("Order new business cards" once, not
    four times): the repeats the generator drew are deleted."""
    return step.execute(
        "DELETE FROM tasks WHERE rule IS NULL AND status = 'open' AND id NOT IN ("
        "SELECT min(id) FROM tasks WHERE rule IS NULL AND status = 'open' "
        "GROUP BY title, coalesce(origin_type, ''), coalesce(origin_id, 0))")
