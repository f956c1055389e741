"""Boundary-task rules: called by the services inside the same step as the write
that triggers them, so a touch and its booth tasks commit (or roll back) together.

Every service that creates, edits or deletes a touch, deal or contact calls the
matching sync function afterwards, with the same step. Each sync is idempotent:
it creates what is missing, updates what moved, cancels what no longer applies.
"""

from __future__ import annotations

from sm_desk.core.store import Step


def sync_touch(step: Step, touch_id: int) -> None:
    """After a touch was created, edited, moved or deleted."""


def sync_deal(step: Step, deal_id: int) -> None:
    """After a deal was created, edited, moved to another stage or deleted."""


def sync_contact(step: Step, contact_id: int) -> None:
    """After a contact was created, edited (lifecycle, source campaign) or deleted."""
