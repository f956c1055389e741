"""The tables of the hand-offs between the hats (migrations 0014-0017 run these).

- insights: what a customer said (sales -> marketing), with free topic tags in
  insight_tags, and the campaign or touch that answers it.
- collateral: marketing's ammunition, the stages it suits, the insight tags it
  answers, and every time sales sent it (collateral_sends).
- segment_priorities: where to hunt first: a rank per contact tag and a reason.
- lead_qualifications / handoffs: a lead's VBANT while marketing still owns it, and
  each hand-over to sales with its answer (accepted, or returned with a reason).
"""

from __future__ import annotations

INSIGHTS = """
CREATE TABLE insights (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('objection', 'question', 'need', 'competitor',
        'praise', 'lost_because')),
    quote TEXT NOT NULL,
    heard_at TEXT NOT NULL,
    deal_id INTEGER REFERENCES deals(id) ON DELETE SET NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,
    answered_by_campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
    answered_by_touch_id INTEGER REFERENCES touches(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE insight_tags (
    id INTEGER PRIMARY KEY,
    insight_id INTEGER NOT NULL REFERENCES insights(id) ON DELETE CASCADE,
    tag TEXT NOT NULL COLLATE NOCASE,
    UNIQUE (insight_id, tag)
);
CREATE INDEX insights_by_time ON insights (heard_at, kind);
CREATE INDEX insights_by_deal ON insights (deal_id);
CREATE INDEX insights_by_contact ON insights (contact_id);
CREATE INDEX insight_tags_by_tag ON insight_tags (tag, insight_id)
"""

COLLATERAL = """
CREATE TABLE collateral (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('case_study', 'brochure', 'price_sheet', 'faq',
        'demo_video', 'testimonial')),
    location TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE collateral_stages (
    id INTEGER PRIMARY KEY,
    collateral_id INTEGER NOT NULL REFERENCES collateral(id) ON DELETE CASCADE,
    stage_id INTEGER NOT NULL REFERENCES stages(id) ON DELETE CASCADE,
    UNIQUE (collateral_id, stage_id)
);
CREATE TABLE collateral_tags (
    id INTEGER PRIMARY KEY,
    collateral_id INTEGER NOT NULL REFERENCES collateral(id) ON DELETE CASCADE,
    tag TEXT NOT NULL COLLATE NOCASE,
    UNIQUE (collateral_id, tag)
);
CREATE TABLE collateral_sends (
    id INTEGER PRIMARY KEY,
    collateral_id INTEGER NOT NULL REFERENCES collateral(id) ON DELETE CASCADE,
    deal_id INTEGER REFERENCES deals(id) ON DELETE SET NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,
    sent_at TEXT NOT NULL
);
CREATE INDEX collateral_stages_by_stage ON collateral_stages (stage_id, collateral_id);
CREATE INDEX collateral_tags_by_tag ON collateral_tags (tag, collateral_id);
CREATE INDEX collateral_sends_by_collateral ON collateral_sends (collateral_id, sent_at)
"""

SEGMENT_PRIORITIES = """
CREATE TABLE segment_priorities (
    id INTEGER PRIMARY KEY,
    tag_id INTEGER NOT NULL UNIQUE REFERENCES tags(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL CHECK (rank >= 1),
    reason TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
)
"""

LEAD_HANDOFFS = """
CREATE TABLE lead_qualifications (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL UNIQUE REFERENCES contacts(id) ON DELETE CASCADE,
    vision INTEGER NOT NULL DEFAULT 0,
    budget INTEGER NOT NULL DEFAULT 0,
    need INTEGER NOT NULL DEFAULT 0,
    authority INTEGER NOT NULL DEFAULT 0,
    timeframe INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
CREATE TABLE handoffs (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    handed_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'returned')),
    answered_at TEXT,
    return_reason TEXT CHECK (return_reason IS NULL OR return_reason IN
        ('not_fit', 'not_now', 'bad_data')),
    note TEXT NOT NULL DEFAULT '',
    deal_id INTEGER REFERENCES deals(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX handoffs_by_contact ON handoffs (contact_id, handed_at);
CREATE INDEX handoffs_by_status ON handoffs (status, handed_at);
CREATE INDEX handoffs_by_answer ON handoffs (answered_at)
"""
