"""Numbered, forward-only schema migrations, recorded in the file itself.

Each migration is a function registered in order; sqlite-utils records the
applied names in `_sqlite_migrations`. Never edit a migration that has shipped:
add a new one. A file that records a migration this version does not know was
written by a newer SM Desk and is refused.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sm_desk.core.store.contact_indexes import add_contact_list_indexes
from sm_desk.core.store.deal_indexes import add_deal_table_indexes
from sm_desk.core.store.task_indexes import add_task_view_indexes
from sm_desk.core.store.touch_zones import add_touch_range_index

if TYPE_CHECKING:
    from sqlite_utils import Database

# Seed 001's buying stages; "purchasing" is where a deal is Won. Editable later.
DEFAULT_STAGES = (
    ("Interested", 10, "open"), ("Engaged", 25, "open"), ("Evaluating", 50, "open"),
    ("Negotiating", 75, "open"), ("Won", 100, "won"), ("Lost", 0, "lost"),
)
APPLICATION_ID = 0x534D444B  # "SMDK" in the SQLite header marks our files
MIGRATION_SET = "sm_desk"

BASE_SCHEMA = """
CREATE TABLE settings (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL
);
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'helper' CHECK (kind IN ('me', 'helper', 'agency')),
    strengths TEXT NOT NULL DEFAULT '[]',
    email TEXT,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE companies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    website TEXT,
    industry TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    objective TEXT NOT NULL DEFAULT '',
    audience_tag_id INTEGER REFERENCES tags(id) ON DELETE SET NULL,
    channels TEXT NOT NULL DEFAULT '[]',
    budget_minor INTEGER NOT NULL DEFAULT 0 CHECK (budget_minor >= 0),
    currency TEXT NOT NULL DEFAULT 'USD',
    start_date TEXT,
    end_date TEXT,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('idea', 'planned', 'active', 'done')),
    colour TEXT NOT NULL DEFAULT '#4e79a7',
    archived INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    email TEXT,
    phone TEXT,
    company_id INTEGER REFERENCES companies(id) ON DELETE SET NULL,
    job_title TEXT,
    lifecycle TEXT NOT NULL DEFAULT 'lead' CHECK (lifecycle IN
        ('subscriber', 'lead', 'prospect', 'customer', 'nurture', 'lost')),
    source_campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_touched_at TEXT
);
CREATE TABLE contact_tags (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    UNIQUE (contact_id, tag_id)
);
CREATE TABLE touches (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER REFERENCES campaigns(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('blog_post', 'newsletter', 'social_post', 'event',
        'mailing', 'gift', 'ad', 'webinar', 'press')),
    title TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    all_day INTEGER NOT NULL DEFAULT 0,
    duration_minutes INTEGER NOT NULL DEFAULT 60 CHECK (duration_minutes >= 0),
    rrule TEXT,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'skipped')),
    audience_size INTEGER,
    cost_minor INTEGER NOT NULL DEFAULT 0 CHECK (cost_minor >= 0),
    notes TEXT NOT NULL DEFAULT '',
    uid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE touch_occurrences (
    id INTEGER PRIMARY KEY,
    touch_id INTEGER NOT NULL REFERENCES touches(id) ON DELETE CASCADE,
    original_start TEXT NOT NULL,
    new_start TEXT,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'skipped')),
    UNIQUE (touch_id, original_start)
);
CREATE TABLE stages (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
    outcome TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'won', 'lost'))
);
CREATE TABLE deals (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    company_id INTEGER REFERENCES companies(id) ON DELETE SET NULL,
    value_minor INTEGER NOT NULL DEFAULT 0 CHECK (value_minor >= 0),
    currency TEXT NOT NULL DEFAULT 'USD',
    stage_id INTEGER NOT NULL REFERENCES stages(id) ON DELETE RESTRICT,
    probability INTEGER CHECK (probability IS NULL OR probability BETWEEN 0 AND 100),
    expected_close TEXT,
    next_step TEXT NOT NULL DEFAULT '',
    next_step_due TEXT,
    source_campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
    owner_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    notes TEXT NOT NULL DEFAULT '',
    vision INTEGER NOT NULL DEFAULT 0,
    budget INTEGER NOT NULL DEFAULT 0,
    need INTEGER NOT NULL DEFAULT 0,
    authority INTEGER NOT NULL DEFAULT 0,
    timeframe INTEGER NOT NULL DEFAULT 0,
    lost_reason TEXT,
    nurture INTEGER NOT NULL DEFAULT 0,
    closed_at TEXT,
    invoiced_at TEXT,
    invoice_due TEXT,
    paid_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_activity_at TEXT
);
CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'note')),
    at TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    deal_id INTEGER REFERENCES deals(id) ON DELETE CASCADE,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    function TEXT CHECK (function IS NULL OR function IN ('sales', 'marketing')),
    assignee_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    due TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    origin_type TEXT CHECK (origin_type IS NULL OR origin_type IN ('touch', 'deal', 'contact')),
    origin_id INTEGER,
    origin_key TEXT NOT NULL DEFAULT '',
    rule TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    done_at TEXT
);
CREATE UNIQUE INDEX tasks_one_per_rule_and_origin
    ON tasks (rule, origin_type, origin_id, origin_key) WHERE rule IS NOT NULL;
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    taken_at TEXT NOT NULL,
    answers TEXT NOT NULL DEFAULT '{}',
    sales_score REAL NOT NULL DEFAULT 0,
    marketing_score REAL NOT NULL DEFAULT 0,
    needs_score REAL NOT NULL DEFAULT 0,
    verdict TEXT NOT NULL DEFAULT '',
    needs_level TEXT NOT NULL DEFAULT ''
);
"""

# Indexes for the views' hot queries (each named after the query it serves).
VIEW_INDEXES = """
CREATE INDEX contacts_by_email ON contacts (email COLLATE NOCASE);
CREATE INDEX contacts_by_name ON contacts (last_name COLLATE NOCASE, first_name COLLATE NOCASE);
CREATE INDEX contacts_by_company ON contacts (company_id);
CREATE INDEX contact_tags_by_tag ON contact_tags (tag_id, contact_id);
CREATE INDEX touches_by_start ON touches (starts_at);
CREATE INDEX touches_by_campaign ON touches (campaign_id, starts_at);
CREATE INDEX touches_recurring ON touches (rrule) WHERE rrule IS NOT NULL;
CREATE INDEX deals_by_stage ON deals (stage_id, expected_close);
CREATE INDEX deals_by_contact ON deals (contact_id);
CREATE INDEX deals_by_campaign ON deals (source_campaign_id);
CREATE INDEX activities_by_deal ON activities (deal_id, at);
CREATE INDEX activities_by_contact ON activities (contact_id, at);
CREATE INDEX activities_by_time ON activities (at);
CREATE INDEX tasks_by_status ON tasks (status, function, assignee_id, due);
CREATE INDEX tasks_by_origin ON tasks (origin_type, origin_id);
"""

DEFAULT_AGREEMENT: dict[str, Any] = {
    "qualified_lead_requires": ["need", "budget"],
    "follow_up_hours": 48,
    "stalled_after_days": 14,
    "targets": {"touches_sent": 3, "leads_created": 5, "deals_advanced": 3, "revenue_won_minor": 0},
    "hat_target_sales_share": 0.5,
    "default_assignees": {},
}


def _executescript(db: Database, script: str) -> None:
    # sqlite3.executescript would COMMIT the surrounding transaction: run one statement at a time.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _m0001_base(db: Database) -> None:
    _executescript(db, BASE_SCHEMA)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for position, (name, probability, outcome) in enumerate(DEFAULT_STAGES):
        db.execute(
            "INSERT INTO stages (name, position, probability, outcome) VALUES (?, ?, ?, ?)",
            [name, position, probability, outcome],
        )
    db.execute("INSERT INTO people (name, kind, strengths) VALUES ('Me', 'me', '[]')")
    db.execute(
        "INSERT INTO settings (key, value) VALUES ('agreement', ?), ('currency', '\"USD\"')",
        [json.dumps(DEFAULT_AGREEMENT)],
    )


def _m0002_view_indexes(db: Database) -> None:
    _executescript(db, VIEW_INDEXES)


# The weekly report: a log of stage moves (a trigger, so every writer is covered; `at` is
# the deal's updated_at, which every step stamps; undo puts back an older one, hence max)
# and indexes for its week-bounded queries.
REPORT_STAGE_LOG = """
CREATE TABLE deal_stage_changes (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    from_stage_id INTEGER,
    to_stage_id INTEGER,
    at TEXT NOT NULL
);
CREATE INDEX deal_stage_changes_by_time ON deal_stage_changes (at, deal_id);
CREATE INDEX deal_stage_changes_by_deal ON deal_stage_changes (deal_id, at);
CREATE TRIGGER deal_stage_logged AFTER UPDATE OF stage_id ON deals
    WHEN OLD.stage_id IS NOT NEW.stage_id
    BEGIN INSERT INTO deal_stage_changes (deal_id, from_stage_id, to_stage_id, at)
        VALUES (NEW.id, OLD.stage_id, NEW.stage_id, max(NEW.updated_at, OLD.updated_at)); END;
CREATE INDEX contacts_by_created ON contacts (created_at, source_campaign_id, lifecycle);
CREATE INDEX deals_by_created ON deals (created_at);
CREATE INDEX deals_by_closed ON deals (closed_at, stage_id, value_minor);
CREATE INDEX tasks_by_done ON tasks (done_at, function)
"""


def _m0003_report_stage_log(db: Database) -> None:
    # The trigger body holds ";": run its statement whole, the rest one at a time.
    head, trigger, tail = REPORT_STAGE_LOG.partition("CREATE TRIGGER")
    _executescript(db, head)
    body, end, rest = tail.partition("END;")
    db.execute(trigger + body + end.rstrip(";"))
    _executescript(db, rest)


# Marketing: a campaign can target the built-in nurture segment ('nurture') instead of a tag;
# the nurture count reads contacts by lifecycle.
def _m0004_marketing_audience_segment(db: Database) -> None:
    db.execute("ALTER TABLE campaigns ADD COLUMN audience_segment TEXT")
    db.execute("CREATE INDEX contacts_by_lifecycle ON contacts (lifecycle, last_touched_at)")


def _m0005_tasks_dismissed(db: Database) -> None:
    # A rule-made task the user deleted: kept as cancelled and dismissed, so the rule
    # neither makes it again (its unique slot stays taken) nor reopens it.
    db.execute("ALTER TABLE tasks ADD COLUMN dismissed INTEGER NOT NULL DEFAULT 0")


def _m0006_trash_table(db: Database) -> None:
    # What a delete took with it: every row (JSON, in the order removed) and the links it
    # unset, kept 30 days so it can be put back. Written in the delete's own step.
    _executescript(db, """
    CREATE TABLE trash (
        id INTEGER PRIMARY KEY,
        deleted_at TEXT NOT NULL,
        kind TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        payload TEXT NOT NULL
    );
    CREATE INDEX trash_by_time ON trash (deleted_at)""")


def _m0007_saved_views_table(db: Database) -> None:
    db.execute("CREATE TABLE saved_views (id INTEGER PRIMARY KEY, page TEXT NOT NULL, "
               "name TEXT NOT NULL COLLATE NOCASE, state TEXT NOT NULL DEFAULT '{}', "
               "UNIQUE (page, name))")


def _m0008_custom_fields_tables(db: Database) -> None:
    # Custom fields: definitions, and one value row per (field, record). A value points at
    # its record by a real foreign key, so deleting the record takes (and trashes) it.
    _executescript(db, """
    CREATE TABLE custom_fields (
        id INTEGER PRIMARY KEY,
        entity TEXT NOT NULL CHECK (entity IN ('contacts', 'companies', 'deals')),
        name TEXT NOT NULL COLLATE NOCASE,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'money', 'date', 'choice',
            'yesno')),
        choices TEXT NOT NULL DEFAULT '[]',
        position INTEGER NOT NULL DEFAULT 0,
        UNIQUE (entity, name)
    );
    CREATE TABLE custom_values (
        id INTEGER PRIMARY KEY,
        field_id INTEGER NOT NULL REFERENCES custom_fields(id) ON DELETE CASCADE,
        contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
        company_id INTEGER REFERENCES companies(id) ON DELETE CASCADE,
        deal_id INTEGER REFERENCES deals(id) ON DELETE CASCADE,
        value TEXT NOT NULL,
        CHECK ((contact_id IS NOT NULL) + (company_id IS NOT NULL) + (deal_id IS NOT NULL) = 1)
    );
    CREATE UNIQUE INDEX custom_values_contact ON custom_values (contact_id, field_id)
        WHERE contact_id IS NOT NULL;
    CREATE UNIQUE INDEX custom_values_company ON custom_values (company_id, field_id)
        WHERE company_id IS NOT NULL;
    CREATE UNIQUE INDEX custom_values_deal ON custom_values (deal_id, field_id)
        WHERE deal_id IS NOT NULL;
    CREATE INDEX custom_values_by_field ON custom_values (field_id)""")



def _m0009_imports_history(db: Database) -> None:
    # Every import: counts, the ids it created (as [first, last] ranges per table) and, per
    # updated row, the fields it changed as {column: [before, after]}, so it can be undone.
    _executescript(db, """
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        file_name TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        created INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0,
        created_ids TEXT NOT NULL DEFAULT '{}',
        undone_at TEXT,
        undo_report TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE import_changes (
        id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        table_name TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        fields TEXT NOT NULL
    );
    CREATE INDEX import_changes_by_import ON import_changes (import_id)""")


def _m0010_reminders_snoozes(db: Database) -> None:
    # A snoozed reminder: the item, the due value it was snoozed at (a new due date
    # reminds afresh) and until when.
    db.execute("CREATE TABLE reminder_snoozes (id INTEGER PRIMARY KEY, "
               "kind TEXT NOT NULL CHECK (kind IN ('task', 'deal', 'touch')), "
               "item_id INTEGER NOT NULL, due TEXT NOT NULL, until TEXT NOT NULL, "
               "UNIQUE (kind, item_id, due))")


def _m0011_mail_templates(db: Database) -> None:
    db.execute("""CREATE TABLE mail_templates (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        stage_id INTEGER REFERENCES stages(id) ON DELETE SET NULL,
        campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
        subject TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""")

def _m0012_handoffs_insights(db: Database) -> None:
    from sm_desk.core.store.handoffs_schema import INSIGHTS

    _executescript(db, INSIGHTS)


def _m0013_handoffs_collateral(db: Database) -> None:
    from sm_desk.core.store.handoffs_schema import COLLATERAL

    _executescript(db, COLLATERAL)


def _m0014_handoffs_segment_priorities(db: Database) -> None:
    from sm_desk.core.store.handoffs_schema import SEGMENT_PRIORITIES

    _executescript(db, SEGMENT_PRIORITIES)


def _m0015_handoffs_lead_handoffs(db: Database) -> None:
    from sm_desk.core.store.handoffs_schema import LEAD_HANDOFFS

    _executescript(db, LEAD_HANDOFFS)


# Every foreign key gets an index: deleting a parent (or undoing an import) makes
# SQLite look up its children, a full scan per row without one.
FOREIGN_KEY_INDEXES = """
CREATE INDEX campaigns_by_audience_tag ON campaigns (audience_tag_id);
CREATE INDEX collateral_sends_by_activity ON collateral_sends (activity_id);
CREATE INDEX collateral_sends_by_contact ON collateral_sends (contact_id);
CREATE INDEX collateral_sends_by_deal ON collateral_sends (deal_id);
CREATE INDEX contacts_by_source_campaign ON contacts (source_campaign_id);
CREATE INDEX deals_by_owner ON deals (owner_id);
CREATE INDEX deals_by_company ON deals (company_id);
CREATE INDEX handoffs_by_deal ON handoffs (deal_id);
CREATE INDEX insights_by_touch ON insights (answered_by_touch_id);
CREATE INDEX insights_by_campaign ON insights (answered_by_campaign_id);
CREATE INDEX insights_by_activity ON insights (activity_id);
CREATE INDEX mail_templates_by_campaign ON mail_templates (campaign_id);
CREATE INDEX mail_templates_by_stage ON mail_templates (stage_id);
CREATE INDEX tasks_by_assignee ON tasks (assignee_id)
"""


def _m0016_foreign_key_indexes(db: Database) -> None:
    _executescript(db, FOREIGN_KEY_INDEXES)


def _m0017_narrow_contacts_by_created(db: Database) -> None:
    # The report's weekly count reads a few hundred rows either way; the three-column key
    # made rebuilding the index after a 100k-row import take 59 ms instead of 24.
    db.execute("DROP INDEX contacts_by_created")
    db.execute("CREATE INDEX contacts_by_created ON contacts (created_at)")


def _m0018_in_checks_as_equalities(db: Database) -> None:
    from sm_desk.core.store.schema_checks import rewrite_in_checks

    rewrite_in_checks(db.conn)


def _m0019_touch_wall_clock(db: Database) -> None:
    # Calendar time becomes wall-clock plus a zone. One-off touches keep their instant;
    # a series keeps the wall-clock time its first start had in this computer's zone.
    from sm_desk.core.store.touch_zones import convert_touches_to_wall_clock

    db.execute("ALTER TABLE touches ADD COLUMN start_local TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE touches ADD COLUMN tz TEXT NOT NULL DEFAULT 'UTC'")
    convert_touches_to_wall_clock(db.conn)


def _m0020_exchange_rates(db: Database) -> None:
    from sm_desk.core.store.rates import create_table

    create_table(db.conn)


def _m0059_touch_occurrence_removed(db: Database) -> None:
    # One occurrence deleted from a series (RFC 5545's EXDATE), as against skipped
    # (planned, then not done), which the calendar still shows.
    db.execute("ALTER TABLE touch_occurrences ADD COLUMN removed INTEGER NOT NULL DEFAULT 0")


def _m0060_search_index(db: Database) -> None:
    # One full-text index over every kind of record, kept in step by triggers.
    from sm_desk.core.store.search_index import create

    create(db.conn)


def _m0070_crm_source_ids(db: Database) -> None:
    # The record ID a company, deal or activity had in the CRM it was imported from
    # ('pipedrive:123'), so importing the same export again updates instead of duplicating.
    from sm_desk.core.store.crm_import import add_source_ids

    add_source_ids(db.conn)


def _m0080_classify_hand_made_tasks(db: Database) -> None:
    # A hand-made task that hangs on something classifies itself from it (tasks/service.py):
    # a deal or one contact is sales, a touch marketing. Tasks made before that get the same.
    db.execute("UPDATE tasks SET function = CASE origin_type WHEN 'touch' THEN 'marketing' "
               "ELSE 'sales' END WHERE function IS NULL AND rule IS NULL "
               "AND origin_type IN ('touch', 'deal', 'contact')")


def _m0094_report_pipeline_index(db: Database) -> None:
    # The report's pipeline at a week's end: deals open then (closed_at NULL, or closed
    # later) created before it, summed without visiting the rows (store/report.py).
    db.execute("CREATE INDEX IF NOT EXISTS deals_in_pipeline ON deals (closed_at, created_at, "
               "stage_id, currency, value_minor, probability, expected_close)")


# In order. Names are stored in each file: never rename or reorder them.
MIGRATIONS = (
    ("0001_base", _m0001_base),
    ("0002_view_indexes", _m0002_view_indexes),
    ("0003_report_stage_log", _m0003_report_stage_log),
    ("0004_marketing_audience_segment", _m0004_marketing_audience_segment),
    ("0005_tasks_dismissed", _m0005_tasks_dismissed),
    ("0006_trash_table", _m0006_trash_table),
    ("0007_saved_views_table", _m0007_saved_views_table),
    ("0008_custom_fields_tables", _m0008_custom_fields_tables),
    ("0009_imports_history", _m0009_imports_history),
    ("0010_reminders_snoozes", _m0010_reminders_snoozes),
    ("0011_mail_templates", _m0011_mail_templates),
    ("0012_handoffs_insights", _m0012_handoffs_insights),
    ("0013_handoffs_collateral", _m0013_handoffs_collateral),
    ("0014_handoffs_segment_priorities", _m0014_handoffs_segment_priorities),
    ("0015_handoffs_lead_handoffs", _m0015_handoffs_lead_handoffs),
    ("0016_foreign_key_indexes", _m0016_foreign_key_indexes),
    ("0017_narrow_contacts_by_created", _m0017_narrow_contacts_by_created),
    ("0018_in_checks_as_equalities", _m0018_in_checks_as_equalities),
    ("0019_touch_wall_clock", _m0019_touch_wall_clock),
    ("0020_exchange_rates", _m0020_exchange_rates),
    ("0059_touch_occurrence_removed", _m0059_touch_occurrence_removed),
    ("0060_search_index", _m0060_search_index),
    ("0070_crm_source_ids", _m0070_crm_source_ids),
    ("0080_classify_hand_made_tasks", _m0080_classify_hand_made_tasks),
    # 0090-0094 (the views at ten times the large demo) came in one release: in number order.
    ("0090_contact_list_indexes", add_contact_list_indexes),
    ("0091_deal_table_indexes", add_deal_table_indexes),
    ("0092_task_view_indexes", add_task_view_indexes),
    ("0093_touch_range_index", add_touch_range_index),
    ("0094_report_pipeline_index", _m0094_report_pipeline_index),
)
KNOWN_NAMES = frozenset(name for name, _ in MIGRATIONS)


def migrations() -> object:
    """The sqlite-utils Migrations set (imported lazily: sqlite-utils costs ~0.1 s)."""
    from sqlite_utils.migrations import Migrations

    migration_set = Migrations(MIGRATION_SET)
    for name, function in MIGRATIONS:
        migration_set(name=name)(function)
    return migration_set
