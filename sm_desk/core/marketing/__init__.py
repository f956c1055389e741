"""Marketing: campaigns, touches on the calendar, recurrence, the nurture segment.

Plain Python (no Qt). Every write goes through `store.step` and, for touches,
calls the Tasks rules (`sync_touch`) inside the same step.
"""
