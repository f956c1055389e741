"""The two hats talk (seeds 000, 002, 003): what passes between sales and marketing.

- insights.py: sales logs what customers say (objections, questions, needs,
  competitors, praise, why they were lost); marketing reads it grouped by kind and
  tag and links each to the campaign or touch that answers it.
- collateral.py: marketing's ammunition, suggested on a deal for its stage and its
  logged objections; sending it logs an email activity.
- hunting.py: segment (contact tag) priorities with a reason; the best leads to call.
- handoff.py: the lead hand-off protocol of the agreement.

How a lead carries VBANT before it is a deal: a `lead_qualifications` row per contact
(the same five criteria as a deal's checklist), ticked by marketing. When the ticks
first meet the agreement's `qualified_lead_requires`, the lead is handed over: a
`handoffs` row opens and the lead shows as "ready for sales". Sales accepts it (a deal
is created through sales.deals.create_deal_from_contact, which keeps the source
campaign, and the lead's ticks are copied onto the deal) or returns it with a reason
(not a fit -> lifecycle 'lost'; not now -> 'nurture', marketing's segment; bad data
-> stays a lead for marketing to fix and hand over again). A hand-off nobody answers
within the agreement's follow_up_hours becomes the boundary task 'handoff.overdue'
(tasks.py, run by core/tasks/rules.py).
"""
