"""Where the hand-off views live in the workspaces (each page calls one function here).

Marketing gets Insights, Collateral, Hunting grounds and Leads tabs beside its
calendar; Sales gets a Leads tab (the hand-off inbox) and Ctrl+I on the selected
deal; Contacts gets Ctrl+I on the selected contact.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget

from sm_desk.core.store import Changes
from sm_desk.ui.insights.collateral_view import CollateralView
from sm_desk.ui.insights.hunting_view import HuntingView
from sm_desk.ui.insights.insight_dialog import install_shortcut
from sm_desk.ui.insights.insights_view import InsightsView
from sm_desk.ui.insights.leads_view import LeadsView


def mount_marketing_tabs(page: Any, tabs: QTabWidget) -> None:
    ctx = page.ctx
    page.insights_view = InsightsView(ctx.store, ctx.say)
    page.collateral_view = CollateralView(ctx.store, ctx.say)
    page.hunting_view = HuntingView(ctx.store, ctx.say)
    page.marketing_leads = LeadsView(ctx.store, "marketing", ctx.say)
    tabs.addTab(page.insights_view, "Insights")
    tabs.addTab(page.collateral_view, "Collateral")
    tabs.addTab(page.hunting_view, "Hunting grounds")
    tabs.addTab(page.marketing_leads, "Leads")
    views = (page.insights_view, page.collateral_view, page.hunting_view, page.marketing_leads)

    def changed(changes: Changes) -> None:
        for view in views:
            view.on_changed(changes)
    ctx.changed.connect(changed)


def mount_sales_tab(page: Any) -> None:
    ctx = page.ctx
    page.leads = LeadsView(ctx.store, "sales", ctx.say, now=page.now, open_deal=page.edit_deal)
    page.leads_tab = page.tabs.addTab(page.leads, "Leads")
    ctx.changed.connect(page.leads.on_changed)
    ctx.changed.connect(lambda changes: _label_leads(page)
                        if changes.touches("handoffs") else None)
    _label_leads(page)

    def selected_deal() -> tuple[int | None, int | None, int | None] | None:
        deal_id = page.table.selected_deal()
        return None if deal_id is None else (deal_id, None, None)
    # on the table only: the deal dialog (a child of the page) has its own Ctrl+I
    page.insight_shortcut = install_shortcut(page.table, selected_deal, ctx.store, page.now,
                                             opened=lambda d: setattr(page, "dialog", d))


def _label_leads(page: Any) -> None:
    from sm_desk.core.handoffs.handoff import ready_count

    ready = ready_count(page.ctx.store)
    page.tabs.setTabText(page.leads_tab, f"Leads ({ready:,} ready)" if ready else "Leads")


def install_contact_shortcut(page: Any) -> None:
    def selected_contact() -> tuple[int | None, int | None, int | None] | None:
        contact_id = page.current_id()
        return None if contact_id is None else (None, contact_id, None)
    page.insight_shortcut = install_shortcut(page.view, selected_contact, page.ctx.store,
                                             opened=lambda d: setattr(page, "insight_dialog", d))
