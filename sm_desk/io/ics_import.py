"""ICS import: events from another calendar come in as touches, with a report.

Real files are messy, so this reads them leniently and says what it did:
bytes that are not UTF-8 (read as Windows-1252/Latin-1), Windows time-zone
names with no VTIMEZONE (mapped by icalendar), DURATION instead of DTEND,
all-day DATE values, EXDATE lists (skipped occurrences), RECURRENCE-ID
(moved or cancelled occurrences), events with no UID (a stable one is derived
from the summary and start, so a second import updates instead of duplicating).
A UID already in the database updates that touch. Everything is one undoable step.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.domain import TOUCH_KIND_LABELS, TOUCH_KINDS, TOUCH_STATUSES
from sm_desk.core.imports import record_from_step
from sm_desk.core.marketing.recurrence import RecurrenceError, key_of, normalise_rule
from sm_desk.core.marketing.timing import start_columns
from sm_desk.core.profile import business_zone
from sm_desk.core.store import Step, Store
from sm_desk.core.store import marketing as q
from sm_desk.core.tasks.rules import sync_touch

KIND_WORDS = (("newsletter", "newsletter"), ("webinar", "webinar"), ("blog", "blog_post"),
              ("post", "social_post"), ("linkedin", "social_post"), ("mailing", "mailing"),
              ("gift", "gift"), (" ad ", "ad"), ("advert", "ad"), ("press", "press"))
LABEL_TO_KIND = {label.lower(): kind for kind, label in TOUCH_KIND_LABELS.items()}


class IcsError(ValueError):
    """The file is not a calendar at all."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    occurrences: int = 0  # moved or skipped occurrences recorded
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (event, why)
    notes: list[str] = field(default_factory=list)
    import_id: int | None = None  # its entry in the import history

    def lines(self) -> list[str]:
        out = [f"{self.created} touches created, {self.updated} updated, "
               f"{self.occurrences} occurrence changes, {len(self.skipped)} events skipped"]
        out += [f"note: {n}" for n in self.notes]
        out += [f"skipped {what}: {why}" for what, why in self.skipped]
        return out


def decode(data: bytes, report: ImportReport) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        report.notes.append("the file is not UTF-8; read it as Windows-1252 (Latin-1)")
        return data.decode("cp1252", errors="replace")


def import_ics(store: Store, data: bytes, file_name: str = "") -> ImportReport:
    from icalendar import Calendar

    report = ImportReport()
    text = decode(data, report)
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        raise IcsError(f"not a calendar file: {exc}") from exc
    if not calendars:
        raise IcsError("not a calendar file: no VCALENDAR in it")
    masters: list[Any] = []
    exceptions: list[Any] = []
    for cal in calendars:
        for component in cal.walk():
            if component.name in ("VTODO", "VJOURNAL"):
                report.skipped.append((_name(component), f"a {component.name}, not an event"))
            elif component.name == "VEVENT":
                (exceptions if component.get("recurrence-id") else masters).append(component)
    with store.step("Import calendar") as step:
        series: dict[str, int] = {}
        for event in masters:
            try:
                uid, touch_id = _import_event(store, step, event, report)
            except ValueError as exc:
                report.skipped.append((_name(event), str(exc)))
                continue
            series[uid] = touch_id
        for event in exceptions:
            try:
                _import_exception(store, step, event, series, report)
            except ValueError as exc:
                report.skipped.append((_name(event), str(exc)))
        for touch_id in series.values():
            sync_touch(step, touch_id)
        report.import_id = record_from_step(
            step, kind="ics", file_name=file_name, stamp=to_iso(now_utc()),
            created=report.created, updated=report.updated, rejected=len(report.skipped))
    return report


def _name(component: Any) -> str:
    summary = str(component.get("summary", "")).strip() or "(no title)"
    start = component.get("dtstart")
    return f"'{summary}'" + (f" on {start.dt}" if start is not None else "")


def _instant(value: date | datetime, report: ImportReport) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            note = "times with no or an unknown time zone were read as your local time"
            if note not in report.notes:
                report.notes.append(note)
            return value.astimezone().astimezone(UTC)
        return value.astimezone(UTC)
    return datetime.combine(value, time(0), tzinfo=UTC)


def _uid(event: Any, start: datetime, report: ImportReport) -> str:
    uid = str(event.get("uid", "")).strip()
    if uid:
        return uid
    digest = hashlib.sha1(f"{event.get('summary', '')}|{to_iso(start)}".encode()).hexdigest()
    report.notes.append(f"{_name(event)} had no UID; gave it one derived from its title and "
                        "start, so importing the file again updates it")
    return f"import-{digest[:20]}@sm-desk"


def _kind(event: Any) -> str:
    own = str(event.get("x-sm-desk-kind", ""))
    if own in TOUCH_KINDS:
        return own
    categories = event.get("categories")
    for cats in categories if isinstance(categories, list) else [categories] if categories else []:
        for cat in getattr(cats, "cats", []):
            if str(cat).lower() in LABEL_TO_KIND:
                return LABEL_TO_KIND[str(cat).lower()]
    title = f" {str(event.get('summary', '')).lower()} "
    return next((kind for word, kind in KIND_WORDS if word in title), "event")


def _status(event: Any) -> str:
    own = str(event.get("x-sm-desk-status", ""))
    if own in TOUCH_STATUSES:
        return own
    return "skipped" if str(event.get("status", "")).upper() == "CANCELLED" else "planned"


MAX_DURATION_MINUTES = 366 * 24 * 60  # a touch longer than a year is a broken file


def _duration(event: Any, begin: date | datetime, all_day: bool) -> int:
    if event.get("dtend") is not None:
        # Real files mix a DATE end with a DATE-TIME start: compare both as UTC instants.
        scratch = ImportReport()
        span = _instant(event["dtend"].dt, scratch) - _instant(begin, scratch)
    elif event.get("duration") is not None:
        span = event["duration"].dt
    else:
        span = timedelta(days=1) if all_day else timedelta(0)
    if not isinstance(span, timedelta) or span > timedelta(minutes=MAX_DURATION_MINUTES):
        raise ValueError("its end or duration is not a usable length of time")
    return max(0, int(span.total_seconds() // 60))


def _rrule(event: Any) -> str | None:
    rules = event.get("rrule")
    if rules is None:
        return None
    if isinstance(rules, list):
        if len(rules) > 1:
            raise ValueError("it has several RRULEs; SM Desk keeps one per touch")
        rules = rules[0]
    text = rules.to_ical().decode()
    try:
        return normalise_rule(text)
    except RecurrenceError as exc:
        raise ValueError(f"its repeat rule was refused ({exc})") from exc


def _campaign(store: Store, step: Step, event: Any) -> int | None:
    name = str(event.get("x-sm-desk-campaign", "")).strip()
    if not name:
        return None
    row = q.campaign_by_name(store, name)
    if row is not None:
        return int(row["id"])
    colour = str(event.get("x-sm-desk-colour", "#4e79a7"))
    stamp = to_iso(now_utc())
    return step.insert("campaigns", {"name": name, "colour": colour if len(colour) == 7 else
                                     "#4e79a7", "created_at": stamp, "updated_at": stamp})


def _import_event(store: Store, step: Step, event: Any, report: ImportReport) -> tuple[str, int]:
    if event.get("dtstart") is None:
        raise ValueError("it has no start (DTSTART)")
    raw = event["dtstart"].dt
    all_day = not isinstance(raw, datetime)
    start = _instant(raw, report)
    uid = _uid(event, start, report)
    values: dict[str, Any] = {
        "title": str(event.get("summary", "")).strip() or "(no title)",
        "kind": _kind(event), "starts_at": to_iso(start), "all_day": int(all_day),
        "duration_minutes": _duration(event, raw, all_day), "rrule": _rrule(event),
        "status": _status(event), "notes": str(event.get("description", "")),
        "campaign_id": _campaign(store, step, event),
    }
    for prop, column in (("x-sm-desk-audience", "audience_size"),
                         ("x-sm-desk-cost-minor", "cost_minor"),
                         ("x-sm-desk-duration", "duration_minutes")):
        if str(event.get(prop, "")).isdigit():
            values[column] = int(str(event[prop]))
    own_start = str(event.get("x-sm-desk-start", ""))
    if all_day and own_start[:10] == values["starts_at"][:10] and len(own_start) == 20:
        values["starts_at"] = own_start  # our own export: the exact stored instant
    values.update(start_columns(values["starts_at"], business_zone(store), all_day))
    existing = q.touch_by_uid(store, uid)
    stamp = to_iso(now_utc())
    if existing is None:
        touch_id = step.insert("touches", {**values, "uid": uid, "created_at": stamp,
                                           "updated_at": stamp})
        report.created += 1
    else:
        touch_id = int(existing["id"])
        step.update("touches", touch_id, values)
        report.updated += 1
    if values["rrule"]:
        for exdate in _exdates(event):
            _override(store, step, touch_id, _instant(exdate, report), None, "skipped", report)
    return uid, touch_id


def _exdates(event: Any) -> list[date | datetime]:
    found = event.get("exdate")
    if found is None:
        return []
    lists = found if isinstance(found, list) else [found]
    return [d.dt for item in lists for d in item.dts]


def _import_exception(store: Store, step: Step, event: Any, series: dict[str, int],
                      report: ImportReport) -> None:
    uid = str(event.get("uid", "")).strip()
    touch_id = series.get(uid)
    if touch_id is None:
        raise ValueError("it changes one occurrence of a series that is not in this file")
    original = _instant(event["recurrence-id"].dt, report)
    new = _instant(event["dtstart"].dt, report) if event.get("dtstart") is not None else original
    _override(store, step, touch_id, original, None if new == original else new,
              _status(event), report)


def _override(store: Store, step: Step, touch_id: int, original: datetime,
              new: datetime | None, status: str, report: ImportReport) -> None:
    touch = store.get("touches", touch_id)
    assert touch is not None
    all_day = bool(touch["all_day"])
    key = key_of(to_iso(original), touch["tz"], all_day)
    values = {"new_start": None if new is None else key_of(to_iso(new), touch["tz"], all_day),
              "status": status}
    existing = q.override(store, touch_id, key)
    if existing is None:
        step.insert("touch_occurrences", {"touch_id": touch_id,
                                          "original_start": key, **values})
    else:
        step.update("touch_occurrences", existing["id"], values)
    report.occurrences += 1
