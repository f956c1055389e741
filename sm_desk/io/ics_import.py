"""ICS import: events from another calendar come in as touches, with a report.

Times keep their zone (see `ics_zones`): DTSTART;TZID=Europe/Berlin:...T090000 becomes
a touch at 09:00 wall-clock in Europe/Berlin, so its rule keeps Tuesday and 09:00 as
the calendar that wrote it meant. All-day (VALUE=DATE) events are floating dates.
EXDATEs skip occurrences, RDATEs add extra ones, and RECURRENCE-ID events move,
cancel or (when the rule does not give that time) add one; each is keyed by its
wall-clock start in the touch's zone, whatever zone the file wrote it in.
To-dos become tasks (`ics_todos`). Real files are messy, so this reads them
leniently and says what it did: bytes that are not UTF-8 (read as Windows-1252),
DURATION instead of DTEND, events with no UID (a stable one is derived from the
summary and start, so a second import updates instead of duplicating), several
versions of one event (the highest SEQUENCE wins). One bad event is skipped with
its reason and never sinks the file. A UID already in the database updates that
touch. Everything is one undoable step.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sm_desk.core.clock import now_utc, to_iso
from sm_desk.core.domain import TOUCH_KIND_LABELS, TOUCH_KINDS, TOUCH_STATUSES
from sm_desk.core.imports import record_from_step
from sm_desk.core.marketing.reach import stamp_series_end
from sm_desk.core.marketing.recurrence import (
    RecurrenceError,
    expand,
    normalise_rule,
    occurrence_key,
    occurs_at,
)
from sm_desk.core.marketing.timing import (
    TimeError,
    check_year,
    parse_local,
    start_columns,
    to_local,
)
from sm_desk.core.marketing.touches import MAX_COST_MINOR, MAX_DURATION_MINUTES
from sm_desk.core.profile import business_zone
from sm_desk.core.store import Step, Store
from sm_desk.core.store import marketing as q
from sm_desk.core.tasks.rules import sync_touch
from sm_desk.core.words import counted
from sm_desk.io.ics_zones import Zones, iana_name

KIND_WORDS = (("newsletter", "newsletter"), ("webinar", "webinar"), ("blog", "blog_post"),
              ("post", "social_post"), ("linkedin", "social_post"), ("mailing", "mailing"),
              ("gift", "gift"), (" ad ", "ad"), ("advert", "ad"), ("press", "press"))
LABEL_TO_KIND = {label.lower(): kind for kind, label in TOUCH_KIND_LABELS.items()}
ONLY_FIRST = "FREQ=DAILY;COUNT=1"  # the rule of an event that has RDATEs but no RRULE
BAD_VALUE = (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError)
MAX_DATES = 20_000  # EXDATEs or RDATEs of one event: ten years of daily changes, twice
NOT_EVENTS = {"VJOURNAL": "journal entry", "VFREEBUSY": "free/busy block"}

REMOVED = "removed"  # in a change list: the occurrence is deleted (EXDATE)


@dataclass
class _Series:
    """A touch imported from this file: what its changed occurrences need to know."""

    touch_id: int
    sequence: int = 0
    excluded: set[str] = field(default_factory=set)  # keys its EXDATEs name


class IcsError(ValueError):
    """The file is not a calendar at all."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    occurrences: int = 0  # moved, skipped or extra occurrences recorded
    tasks: int = 0  # to-dos brought in as tasks
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (event, why)
    notes: list[str] = field(default_factory=list)
    import_id: int | None = None  # its entry in the import history

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def lines(self) -> list[str]:
        out = [f"{counted(self.created, 'touch')} created, {self.updated} updated, "
               f"{counted(self.occurrences, 'occurrence change')}, "
               f"{counted(len(self.skipped), 'event')} skipped"]
        if self.tasks:
            out.append(f"{counted(self.tasks, 'to-do')} brought in as tasks")
        out += [f"note: {n}" for n in self.notes]
        out += [f"skipped {what}: {why}" for what, why in self.skipped]
        return out


def decode(data: bytes, report: ImportReport) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        report.note("the file is not UTF-8; read it as Windows-1252 (Latin-1)")
        return data.decode("cp1252", errors="replace")


ZONE_BLOCK = re.compile(r"BEGIN:VTIMEZONE.*?END:VTIMEZONE", re.DOTALL | re.IGNORECASE)
FAST_ZONE_RULE = re.compile(r"^RRULE:(?![^\r\n]*FREQ=(?:YEARLY|MONTHLY)\b)[^\r\n]*\r?\n",
                            re.MULTILINE | re.IGNORECASE)


def _tame_time_zones(text: str, report: ImportReport) -> str:
    """Drop VTIMEZONE rules that change the offset more often than monthly: a zone
    rule of FREQ=SECONDLY from 1601 would make every look-up of its offset walk
    for hours (the calendar's "billion laughs", hidden in a time zone)."""
    if "VTIMEZONE" not in text.upper():
        return text
    unfolded = re.sub(r"\r?\n[ \t]", "", text)

    def tame(block: re.Match[str]) -> str:
        tamed = FAST_ZONE_RULE.sub("", block.group(0))
        if tamed != block.group(0):
            report.note("a time zone in the file changes more often than monthly; that "
                        "rule was left out")
        return tamed

    return ZONE_BLOCK.sub(tame, unfolded)


def import_ics(store: Store, data: bytes, file_name: str = "") -> ImportReport:
    from icalendar import Calendar

    from sm_desk.io.ics_todos import import_todos

    report = ImportReport()
    text = _tame_time_zones(decode(data, report), report)
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        raise IcsError(f"not a calendar file: {exc}") from exc
    if not calendars:
        raise IcsError("not a calendar file: no VCALENDAR in it")
    zones = Zones.of(calendars, business_zone(store))
    masters, exceptions, todos = _collect(calendars, report)
    with store.step("Import calendar") as step:
        series: dict[str, _Series] = {}
        touched: set[int] = set()
        refused: set[str] = set()
        for event in masters:
            try:
                uid, found = _import_event(store, step, event, zones, report)
            except BAD_VALUE as exc:
                report.skipped.append((_name(event), _why(exc)))
                refused.add(str(event.get("uid", "")).strip())
                continue
            series[uid] = found
            touched.add(found.touch_id)
        for event in exceptions:
            if str(event.get("uid", "")).strip() in refused:
                report.skipped.append((_name(event), "it changes one occurrence of a series "
                                                     "that was refused"))
                continue
            try:
                touched.add(_import_exception(store, step, event, series, zones, report))
            except BAD_VALUE as exc:
                report.skipped.append((_name(event), _why(exc)))
        import_todos(store, step, todos, zones, report)
        for touch_id in sorted(touched):
            sync_touch(step, touch_id)
        report.import_id = record_from_step(
            step, kind="ics", file_name=file_name, stamp=to_iso(now_utc()),
            created=report.created, updated=report.updated, rejected=len(report.skipped))
    for note in zones.notes:
        report.note(note)
    return report


def _why(exc: Exception) -> str:
    if isinstance(exc, ValueError) and str(exc):
        return str(exc)
    return f"it has a value that is not readable ({type(exc).__name__})"


def _sequence(component: Any) -> int:
    try:
        return int(str(component.get("sequence", 0)))
    except ValueError:
        return 0


def _collect(calendars: list[Any], report: ImportReport) -> tuple[list[Any], list[Any], list[Any]]:
    """Masters, RECURRENCE-ID events and to-dos; of several versions of one event (same
    UID, same RECURRENCE-ID) the highest SEQUENCE, the later one on a tie."""
    masters: dict[str, Any] = {}
    exceptions: dict[tuple[str, str], Any] = {}
    todos: list[Any] = []
    others: dict[str, int] = {}
    unnamed = 0
    for cal in calendars:
        for component in cal.walk():
            if component.name == "VTODO":
                todos.append(component)
            elif component.name in NOT_EVENTS:
                others[component.name] = others.get(component.name, 0) + 1
            elif component.name == "VEVENT":
                uid = str(component.get("uid", "")).strip()
                rid = component.get("recurrence-id")
                if rid is not None and uid:
                    key = (uid, str(getattr(rid, "dt", rid)))
                    if key not in exceptions or \
                            _sequence(component) >= _sequence(exceptions[key]):
                        exceptions[key] = component
                    continue
                if not uid:
                    unnamed += 1
                    uid = f"\0{unnamed}"  # derived later from title and start
                if uid not in masters or _sequence(component) >= _sequence(masters[uid]):
                    masters[uid] = component
    for name, count in others.items():
        report.note(f"{counted(count, NOT_EVENTS[name])} "
                    f"({name}) not brought in: SM Desk keeps events and to-dos")
    return list(masters.values()), list(exceptions.values()), todos


def _name(component: Any) -> str:
    summary = str(component.get("summary", "")).strip() or "(no title)"
    start = component.get("dtstart")
    return f"'{summary}'" + (f" on {getattr(start, 'dt', start)}" if start is not None else "")


def _uid(event: Any, start: str, report: ImportReport) -> str:
    uid = str(event.get("uid", "")).strip()
    if uid:
        return uid
    digest = hashlib.sha1(f"{event.get('summary', '')}|{start}".encode()).hexdigest()
    report.note(f"{_name(event)} had no UID; gave it one derived from its title and "
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


def _tzid(prop: Any) -> str | None:
    params = getattr(prop, "params", None)
    value = params.get("TZID") if params is not None else None
    return str(value) if value else None


def _duration(event: Any, zones: Zones, start: Any, all_day: bool) -> int:
    """Minutes from DTSTART to DTEND (as instants; whole days when both are dates), or
    DURATION; refused when longer than a year."""
    end = event.get("dtend")
    if end is not None:
        begin, finish = start.dt, end.dt
        if not isinstance(begin, datetime) and not isinstance(finish, datetime):
            span = finish - begin
        else:
            span = _instant(zones, finish, _tzid(end)) - _instant(zones, begin, _tzid(start))
    elif event.get("duration") is not None:
        span = event["duration"].dt
    else:
        span = timedelta(days=1) if all_day else timedelta(0)
    if not isinstance(span, timedelta):
        raise ValueError("its end or duration is not a length of time")
    if span > timedelta(minutes=MAX_DURATION_MINUTES):
        raise ValueError(f"it lasts {span.days} days; a touch lasts a year or less")
    return max(0, int(span.total_seconds() // 60))


def _instant(zones: Zones, value: date | datetime, tzid: str | None) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0))
        tzid = None
    return zones.instant(value, tzid)


def _rrule(event: Any, report: ImportReport) -> str | None:
    found = event.get("rrule")
    rules = found if isinstance(found, list) else [found] if found is not None else []
    texts = {r.to_ical().decode().strip() for r in rules} - {""}
    if len(rules) > len(texts) and not texts:
        report.note(f"{_name(event)} has an empty RRULE; it was read as a single event")
    if not texts:
        return None
    if len(texts) > 1:
        raise ValueError("it has several different RRULEs; SM Desk keeps one per touch")
    text = texts.pop()
    count = re.search(r"(^|;)COUNT=([^;]*)", text)
    if count and "UNTIL=" in text and not count.group(2).isdigit():
        text = text.replace(count.group(0), "", 1).strip(";")  # Outlook's COUNT=-1
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


def _dates(event: Any, prop: str) -> list[tuple[Any, str | None]]:
    """The values of every EXDATE or RDATE line, each with its TZID (a PERIOD: its start)."""
    found = event.get(prop)
    out: list[tuple[Any, str | None]] = []
    for item in found if isinstance(found, list) else [found] if found is not None else []:
        tzid = _tzid(item)
        for value in item.dts:
            moment = value.dt[0] if isinstance(value.dt, tuple) else value.dt
            out.append((moment, tzid))
    if len(out) > MAX_DATES:
        raise ValueError(f"it has {len(out)} {prop.upper()} dates; a touch takes at most "
                         f"{MAX_DATES}")
    return out


def _key(moment: date | datetime, all_day: bool) -> str:
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(0))
    return occurrence_key(moment, all_day)


Changes = dict[str, tuple[str | None, str]]  # occurrence key -> (new start, status)


def _values(event: Any, zones: Zones, report: ImportReport) -> tuple[dict[str, Any], Changes]:
    """The touch's columns and its overrides, all checked before anything is written."""
    start = event.get("dtstart")
    if start is None:
        raise ValueError("it has no start (DTSTART)")
    raw = start.dt
    if not isinstance(raw, date):
        raise ValueError("its start (DTSTART) is not a date")
    all_day = not isinstance(raw, datetime)
    local, tz = zones.start(raw, _tzid(start))
    own_tz = iana_name(str(event.get("x-sm-desk-tz", ""))) if event.get("x-sm-desk-tz") else None
    if own_tz and own_tz != tz:  # our own export: the zone the touch had
        if isinstance(raw, datetime):
            local = to_local(zones.instant(raw, _tzid(start)), own_tz)
        tz = own_tz
    try:
        columns = start_columns(local, tz, all_day)
    except TimeError as exc:
        raise ValueError(f"its start was refused ({exc})") from exc
    status = _status(event)
    values: dict[str, Any] = {
        **columns, "all_day": int(all_day),
        "title": str(event.get("summary", "")).strip() or "(no title)",
        "kind": _kind(event), "duration_minutes": _duration(event, zones, start, all_day),
        "rrule": _rrule(event, report), "status": status,
        "notes": str(event.get("description", "")),
    }
    for prop, column in (("x-sm-desk-audience", "audience_size"),
                         ("x-sm-desk-cost-minor", "cost_minor"),
                         ("x-sm-desk-duration", "duration_minutes")):
        if str(event.get(prop, "")).isdigit():
            values[column] = int(str(event[prop]))
    if (values.get("cost_minor") or 0) > MAX_COST_MINOR:
        raise ValueError("its cost is too large to be real")
    if values["duration_minutes"] > MAX_DURATION_MINUTES:
        raise ValueError("it lasts more than a year; a touch lasts a year or less")
    changes: Changes = {}
    extra = _extras(event, zones, values, status)
    if extra and not values["rrule"]:
        values["rrule"] = ONLY_FIRST
    changes.update(extra)
    first = values["start_local"]
    unsynced = bool(values["rrule"]) and not occurs_at(
        values["rrule"], parse_local(first), tz, all_day, parse_local(first))
    if unsynced:  # RFC 5545: DTSTART is always an occurrence, even one the rule skips
        changes[first] = (None, status)
    if values["rrule"]:
        for moment, tzid in _dates(event, "exdate"):
            key = _key(zones.local(moment, tzid, tz, all_day), all_day)
            if key == first and unsynced:
                changes.pop(key, None)  # our own export: a start the rule does not give
            else:
                changes[key] = (None, REMOVED)
    return values, changes


def _extras(event: Any, zones: Zones, values: dict[str, Any], status: str) -> Changes:
    """RDATEs the rule does not already give, as extra occurrences."""
    tz, all_day = values["tz"], bool(values["all_day"])
    keys: list[str] = []
    for moment, tzid in _dates(event, "rdate"):
        local = zones.local(moment, tzid, tz, all_day)
        try:
            check_year(local)
        except TimeError as exc:
            raise ValueError(f"one of its extra dates (RDATE) was refused ({exc})") from exc
        keys.append(_key(local, all_day))
    if not keys:
        return {}
    given: set[str] = set()
    if values["rrule"]:
        first = parse_local(values["start_local"])
        lo, hi = parse_local(min(keys)), parse_local(max(keys)) + timedelta(seconds=1)
        given = {occurrence_key(m, all_day)
                 for m in expand(values["rrule"], first, tz, all_day, lo, hi)}
    else:
        given = {values["start_local"]}
    return {k: (None, status) for k in keys if k not in given}


def _write(store: Store, step: Step, uid: str, values: dict[str, Any],
           report: ImportReport) -> int:
    existing = q.touch_by_uid(store, uid)
    stamp = to_iso(now_utc())
    if existing is None:
        report.created += 1
        touch_id = step.insert("touches", {**values, "uid": uid, "created_at": stamp,
                                           "updated_at": stamp})
    else:
        touch_id = int(existing["id"])
        step.update("touches", touch_id, values)
        report.updated += 1
    if values.get("rrule"):  # the calendar reads a series only where its bound reaches
        stamp_series_end(step, touch_id)
    return touch_id


def _import_event(store: Store, step: Step, event: Any, zones: Zones,
                  report: ImportReport) -> tuple[str, _Series]:
    values, changes = _values(event, zones, report)
    uid = _uid(event, values["starts_at"], report)
    values["campaign_id"] = _campaign(store, step, event)
    touch_id = _write(store, step, uid, values, report)
    for key, (new, status) in changes.items():
        _override(store, step, touch_id, key, new, status, report)
    excluded = {k for k, (new, status) in changes.items() if new is None and status == REMOVED}
    return uid, _Series(touch_id, _sequence(event), excluded)


def _import_exception(store: Store, step: Step, event: Any, series: dict[str, _Series],
                      zones: Zones, report: ImportReport) -> int:
    """A RECURRENCE-ID event: one occurrence moved, cancelled or changed (or an extra
    one, when the rule does not give that time). Its series may be in the database
    from an earlier import; when it is nowhere, the occurrence comes in on its own
    (a client shares just the occurrence someone was invited to)."""
    uid = str(event.get("uid", "")).strip()
    known = series.get(uid)
    if known is None:
        row = q.touch_by_uid(store, uid)
        if row is None or not row["rrule"]:
            return _lone_occurrence(store, step, event, zones, report)
        known = _Series(int(row["id"]))
    touch = store.get("touches", known.touch_id)
    assert touch is not None
    tz, all_day = touch["tz"], bool(touch["all_day"])
    rid = event["recurrence-id"]
    key = _key(zones.local(rid.dt, _tzid(rid), tz, all_day), all_day)
    if key in known.excluded:
        report.note(f"{_name(event)} changes an occurrence its series deletes (EXDATE); "
                    "it stays deleted")
        return known.touch_id
    if event.get("rrule") is not None and _sequence(event) < known.sequence and \
            not occurs_at(touch["rrule"], parse_local(touch["start_local"]), tz, all_day,
                          parse_local(key)):
        report.note(f"{_name(event)} is an older version of an occurrence the series no "
                    "longer has (a lower SEQUENCE); it was left out")
        return known.touch_id
    if str(rid.params.get("RANGE", "")).upper() == "THISANDFUTURE":
        report.note(f"{_name(event)} changes this and later occurrences (RANGE=THISANDFUTURE); "
                    "only this one was changed")
    start = event.get("dtstart")
    new = key if start is None else _key(zones.local(start.dt, _tzid(start), tz, all_day),
                                         all_day)
    try:
        check_year(parse_local(new))
        check_year(parse_local(key))
    except TimeError as exc:
        raise ValueError(f"its start was refused ({exc})") from exc
    _override(store, step, known.touch_id, key, None if new == key else new, _status(event),
              report)
    return known.touch_id


def _lone_occurrence(store: Store, step: Step, event: Any, zones: Zones,
                     report: ImportReport) -> int:
    """An occurrence whose series is in neither the file nor the database: a single
    touch, with a UID of its own (the series' UID and the occurrence's start)."""
    values, _changes = _values(event, zones, report)
    values["rrule"] = None
    rid = event["recurrence-id"]
    uid = f"{str(event.get('uid', '')).strip()}#{getattr(rid, 'dt', rid)}"
    values["campaign_id"] = _campaign(store, step, event)
    report.note("occurrences of series that are not in the file came in as single touches")
    return _write(store, step, uid, values, report)


def _override(store: Store, step: Step, touch_id: int, key: str, new: str | None,
              status: str, report: ImportReport) -> None:
    # An EXDATE deletes the occurrence (SM Desk's "removed"), unlike a cancelled one,
    # which stays on the calendar as skipped.
    values: dict[str, Any] = ({"new_start": None, "removed": 1} if status == REMOVED
                              else {"new_start": new, "status": status, "removed": 0})
    existing = q.override(store, touch_id, key)
    if existing is None:
        step.insert("touch_occurrences", {"touch_id": touch_id, "original_start": key,
                                          **values})
    else:
        step.update("touch_occurrences", existing["id"], values)
    report.occurrences += 1
